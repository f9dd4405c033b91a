// Typeset formulas with the vendored KaTeX, loaded only on pages that have formulas.
//
// pymdownx.arithmatex (generic mode) wraps each formula in \( \) or \[ \] inside an element of
// class "arithmatex"; dollar signs in prose are left alone. Material emits document$ on the first
// load and after every instant navigation, so formulas are typeset on every page view. KaTeX's
// script, auto-render extension and stylesheet (with its fonts) are fetched on the first page that
// needs them and reused afterwards.
(function () {
  var script = document.currentScript;
  var base = new URL("../vendor/katex/", script ? script.src : location.href).href;
  var ready = null;

  function add(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement(tag);
      Object.keys(attributes).forEach(function (key) {
        element[key] = attributes[key];
      });
      element.onload = resolve;
      element.onerror = function () {
        reject(new Error("Could not load " + (attributes.src || attributes.href)));
      };
      document.head.appendChild(element);
    });
  }

  function load() {
    if (!ready) {
      ready = Promise.all([
        add("link", { rel: "stylesheet", href: base + "katex.min.css" }),
        add("script", { src: base + "katex.min.js" }).then(function () {
          return add("script", { src: base + "contrib/auto-render.min.js" });
        }),
      ]);
    }
    return ready;
  }

  // Diagrams are the heavier work on a page; let them finish first (or give up waiting after 3 s).
  function afterDiagrams() {
    return new Promise(function (resolve) {
      var start = Date.now();
      (function poll() {
        if (!document.querySelector("pre.mermaid") || Date.now() - start > 3000) resolve();
        else setTimeout(poll, 50);
      })();
    });
  }

  function typeset(root) {
    if (!root.querySelector(".arithmatex")) return;
    Promise.all([load(), afterDiagrams()]).then(function () {
      root.querySelectorAll(".arithmatex").forEach(function (element) {
        window.renderMathInElement(element, {
          delimiters: [
            { left: "\\(", right: "\\)", display: false },
            { left: "\\[", right: "\\]", display: true },
          ],
          throwOnError: false,
        });
      });
      document.documentElement.dataset.mathTypeset = "true";
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(function (doc) {
      typeset(doc.body || document.body);
    });
  } else {
    document.addEventListener("DOMContentLoaded", function () {
      typeset(document.body);
    });
  }
})();
