// Load Mermaid only on pages that have diagrams, from this site, never from a CDN.
//
// Material for MkDocs renders every diagram itself: it calls mermaid.initialize() once and
// mermaid.render() per diagram, and fetches Mermaid from a CDN when no global `mermaid` exists.
// This stub defines that global on every page for about a kilobyte, loads the vendored build
// (docs/assets/vendor/mermaid/) when a page has diagrams, hands it Material's configuration and
// forwards every call to it. Pages without diagrams download no Mermaid code; pages with diagrams
// start the download as soon as this script runs; instant navigation to a page with diagrams finds
// the global and loads the library on demand. Render failures are kept in mermaid.errors.
(function () {
  if (typeof window.mermaid !== "undefined") return;
  var script = document.currentScript;
  var source = new URL("../vendor/mermaid/mermaid.tiny.js", script ? script.src : location.href).href;
  var settings = null;
  var loading = null;
  var real = null;

  // Hand the theme's settings (colours as CSS variables, so light and dark both work) to Mermaid.
  function configure(mermaid) {
    mermaid.initialize(settings);
    stub.themed = Boolean(settings && settings.themeCSS);
  }

  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = source;
        tag.onload = function () {
          var mermaid = real || window.mermaid;
          if (!mermaid || mermaid === stub) {
            reject(new Error("Mermaid did not load from " + source));
            return;
          }
          real = mermaid;
          if (settings) configure(real);
          window.mermaid = stub; // keep every call going through the stub, which records failures
          resolve(mermaid);
        };
        tag.onerror = function () {
          loading = null;
          reject(new Error("Could not load " + source));
        };
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  var stub = {
    initialize: function (options) {
      settings = options;
      if (real) configure(real); // the library may have loaded before the theme started
    },
    render: function () {
      var args = arguments;
      return load()
        .then(function (mermaid) {
          return mermaid.render.apply(mermaid, args);
        })
        .catch(function (error) {
          stub.errors.push(String((error && error.message) || error));
          throw error;
        });
    },
    // Render failures (syntax errors) of this page view, for the browser tests and for debugging.
    errors: [],
    // True once Mermaid has received the theme's settings.
    themed: false,
    run: function () {
      var args = arguments;
      return load().then(function (mermaid) {
        return mermaid.run.apply(mermaid, args);
      });
    },
    parse: function () {
      var args = arguments;
      return load().then(function (mermaid) {
        return mermaid.parse.apply(mermaid, args);
      });
    },
  };
  window.mermaid = stub;

  // Pages with diagrams start loading at once, so that the library is parsed while the theme is
  // still starting up; after instant navigation, the same check runs for the new page.
  function loadIfNeeded() {
    stub.errors = [];
    if (document.querySelector("pre.mermaid")) load();
  }
  loadIfNeeded();
  if (typeof document$ !== "undefined") document$.subscribe(loadIfNeeded);
})();
