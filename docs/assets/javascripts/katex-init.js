// Typeset formulas with the vendored KaTeX. pymdownx.arithmatex (generic mode) wraps each formula
// in \( \) or \[ \]; dollar signs in prose are left alone. Material emits document$ on the first
// load and after every instant navigation, so formulas are typeset on every page view.
document$.subscribe(({ body }) => {
  renderMathInElement(body, {
    delimiters: [
      { left: "\\(", right: "\\)", display: false },
      { left: "\\[", right: "\\]", display: true },
    ],
    throwOnError: false,
  });
});
