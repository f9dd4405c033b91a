"""Measure page weight and diagram render time on a first, uncached visit, and print a table.

Usage:
    python scripts/budget.py [--runs 3]

For the home page, a framework chapter and a case study, each in a fresh browser profile (nothing
cached), it records every request and sums the bytes a static host would transfer: text responses
(HTML, CSS, JavaScript, JSON, SVG) gzip-compressed as GitHub Pages serves them, binary ones (fonts,
images) as they are. It also times, from navigation start, the moment the last diagram is rendered.
Diagrams with a stored SVG (scripts/diagrams.py) need no Mermaid at all, which is what keeps the
case study within budget. The targets (see the contributing guide):
  - a page without diagrams downloads no Mermaid code;
  - a case-study page transfers at most 1.2 MB compressed and renders every diagram within 1.5 s.
Timings vary with the machine's load, so the script reports the median of --runs visits.
"""
from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import site_tools  # noqa: E402

PAGES = (
    ("Home", ""),
    ("Framework chapter", "framework/05-evaluation/"),
    ("Case study", "case-studies/video-recommendations/"),
)
CASE_STUDY_BYTES = 1_200_000
CASE_STUDY_RENDER_MS = 1_500
COMPRESSIBLE = ("text/", "javascript", "json", "xml", "svg")

# Runs before the page's own scripts: note when the last diagram has been rendered.
WATCH_DIAGRAMS = """
(() => {
  const check = () => {
    const waiting = document.querySelectorAll("pre.mermaid").length;
    const rendered = document.querySelectorAll("div.mermaid").length;
    if (document.readyState !== "loading" && waiting === 0) {
      window.__diagrams = { rendered, at: performance.now() };
      return;
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();
"""


def transferred(body: bytes, content_type: str) -> int:
    if any(kind in content_type for kind in COMPRESSIBLE):
        return len(gzip.compress(body, compresslevel=6))
    return len(body)


def visit(browser, url: str) -> dict:
    context = browser.new_context()  # a fresh profile: nothing cached
    context.add_init_script(WATCH_DIAGRAMS)
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="load")
    page.wait_for_function("() => window.__diagrams !== undefined", timeout=30_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_function(site_tools.MATH_TYPESET, timeout=30_000)
    diagrams = page.evaluate("window.__diagrams")
    total = mermaid = 0
    for response in responses:
        try:
            body = response.body()
        except Exception:  # redirects and aborted requests have no body
            continue
        size = transferred(body, response.headers.get("content-type", ""))
        total += size
        if "mermaid" in response.url and response.url.endswith(".js") and "loader" not in response.url:
            mermaid += size
    context.close()
    return {"bytes": total, "requests": len(responses), "mermaid": mermaid,
            "diagrams": diagrams["rendered"], "render_ms": diagrams["at"] if diagrams["rendered"] else 0.0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Page weight and render budget.")
    parser.add_argument("--runs", type=int, default=3, help="visits per page; the median is reported")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    if not site_tools.require_chromium("budget.py"):
        return 2
    port = site_tools.free_port()
    with tempfile.TemporaryDirectory(prefix="handbook-budget-") as tmp:
        site = Path(tmp) / "site"
        result = site_tools.build(site, f"http://127.0.0.1:{port}/")
        if result.returncode != 0:
            print(result.stdout + result.stderr, file=sys.stderr)
            return 1
        rows = []
        with site_tools.serve(site, port) as origin, sync_playwright() as playwright:
            browser = site_tools.launch(playwright)
            for name, path in PAGES:
                runs = [visit(browser, origin + path) for _ in range(args.runs)]
                row = dict(runs[-1])
                row["render_ms"] = statistics.median(r["render_ms"] for r in runs)
                row["bytes"] = statistics.median(r["bytes"] for r in runs)
                rows.append((name, path or "/", row))
            browser.close()
    print("| Page | Path | Transferred (gzip) | Requests | Mermaid code | Diagrams | Rendered after |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for name, path, row in rows:
        render = f"{row['render_ms']:.0f} ms" if row["diagrams"] else "no diagrams"
        print(f"| {name} | {path} | {row['bytes'] / 1e6:.2f} MB | {row['requests']} | "
              f"{row['mermaid'] / 1e3:.0f} kB | {row['diagrams']} | {render} |")
    failures = []
    for name, path, row in rows:
        if row["diagrams"] == 0 and row["mermaid"]:
            failures.append(f"{name} has no diagrams but downloaded {row['mermaid']} bytes of Mermaid")
        if name == "Case study":
            if row["bytes"] > CASE_STUDY_BYTES:
                failures.append(f"case study transfers {row['bytes'] / 1e6:.2f} MB (budget 1.2 MB)")
            if row["render_ms"] > CASE_STUDY_RENDER_MS:
                failures.append(f"case study diagrams rendered after {row['render_ms']:.0f} ms (budget 1,500 ms)")
    print("\n".join(f"over budget: {f}" for f in failures) or "all targets met")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
