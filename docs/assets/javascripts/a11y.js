// Make horizontally scrollable tables reachable from the keyboard: the theme wraps each table in a
// scrolling container, which needs to be focusable for keyboard users to scroll it.
(function () {
  function label(root) {
    root.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (!wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "Table");
      }
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(function () {
      label(document);
    });
  }
})();
