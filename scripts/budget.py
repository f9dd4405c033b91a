"""Measure what a first, uncached visit costs on every page, and how fast search answers, and print
the figures next to their targets.

Usage:
    python scripts/budget.py [--runs 3] [--words 300000] [--skip-generated]

It builds the real site and visits every page in its sitemap in a fresh browser profile (nothing
cached), summing the bytes a static host would transfer: text responses (HTML, CSS, JavaScript, JSON,
SVG) gzip-compressed as GitHub Pages serves them, binary ones (fonts, images) as they are. For each
page it also reports the Mermaid code and search-index bytes downloaded, and the milliseconds from
navigation start until every diagram is rendered.

Then it times search the way a reader meets it, on the real site and on a generated handbook of
--words words (the validator benchmark's generator): open the home page fresh, click the search box,
type a query at TYPING_MS per key, and measure from the last keystroke to the first result; then type
a second query and measure again. Timings vary with the machine's load, so it reports the median of
--runs and is meant for comparisons within one run, not for a test suite.
"""
from __future__ import annotations

import argparse
import gzip
import re
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import site_tools  # noqa: E402

PAGE_BYTES = 350_000
RENDER_MS = 1_500
FIRST_SEARCH_MS = 300
SECOND_SEARCH_MS = 100
TYPING_MS = 80  # a fast typist: about 150 words a minute
COMPRESSIBLE = ("text/", "javascript", "json", "xml", "svg")
SEARCHES = {"real": ("nDCG", "latency budget"), "generated": ("shard", "canary rollout")}
NOT_A_FIRST_VISIT = ("print_page/",)  # the whole handbook on one page, made to be printed

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
RESULTS_SHOWN = "() => document.querySelectorAll('.md-search-result__item').length > 0"


def transferred(body: bytes, content_type: str) -> int:
    if any(kind in content_type for kind in COMPRESSIBLE):
        return len(gzip.compress(body, compresslevel=6))
    return len(body)


def sitemap_paths(site: Path) -> list[str]:
    """Every page of a built site, as paths relative to its root, in sitemap order."""
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    urls = re.findall(r"<loc>([^<]+)</loc>", text)
    base = urls[0] if urls else ""
    paths = [u[len(base):] if u.startswith(base) else u for u in urls]
    return [p for p in paths if not p.startswith(NOT_A_FIRST_VISIT)]


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
    formulas = page.locator(".arithmatex").count()
    total = mermaid = index = katex = 0
    for response in responses:
        try:
            body = response.body()
        except Exception:  # redirects and aborted requests have no body
            continue
        size = transferred(body, response.headers.get("content-type", ""))
        total += size
        if "mermaid" in response.url and response.url.endswith(".js") and "loader" not in response.url:
            mermaid += size
        if "/search/search_index" in response.url or "/workers/search." in response.url:
            index += size
        if "/vendor/katex/" in response.url:
            katex += size
    context.close()
    return {"bytes": total, "requests": len(responses), "mermaid": mermaid, "index": index,
            "katex": katex, "formulas": formulas,
            "diagrams": diagrams["rendered"], "render_ms": diagrams["at"] if diagrams["rendered"] else 0.0}


def time_search(browser, url: str, queries: tuple[str, str]) -> dict:
    """Milliseconds from the last keystroke to the first result, for a first and a second query."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="load")
    box = page.locator("input.md-search__input")
    box.click()
    out = {}
    for label, query in zip(("first", "second"), queries):
        box.fill("")
        page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length === 0")
        box.press_sequentially(query, delay=TYPING_MS)
        start = page.evaluate("performance.now()")
        page.wait_for_function(RESULTS_SHOWN, timeout=30_000, polling=5)
        out[label] = page.evaluate("performance.now()") - start
    context.close()
    return out


def index_bytes(site: Path) -> int:
    return len(gzip.compress((site / "search" / "search_index.json").read_bytes(), compresslevel=6))


def search_row(browser, origin: str, site: Path, queries: tuple[str, str], runs: int) -> dict:
    timings = [time_search(browser, origin, queries) for _ in range(runs)]
    return {"index": index_bytes(site), "first": statistics.median(t["first"] for t in timings),
            "second": statistics.median(t["second"] for t in timings), "queries": queries}


def build_generated(work: Path, words: int, port: int) -> tuple[Path | None, str]:
    import benchmark

    benchmark.make_handbook(work, pages=60, words=words)
    site = work / "site"
    result = site_tools.build(site, f"http://127.0.0.1:{port}/", root=work)
    return (site if result.returncode == 0 else None), result.stdout + result.stderr


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Page weight, render time and search latency budget.")
    parser.add_argument("--runs", type=int, default=3, help="search timings per site; the median is reported")
    parser.add_argument("--words", type=int, default=300_000, help="size of the generated handbook")
    parser.add_argument("--skip-generated", action="store_true", help="measure the real site only")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    if not site_tools.require_chromium("budget.py"):
        return 2
    failures: list[str] = []
    searches: list[tuple[str, dict]] = []
    with tempfile.TemporaryDirectory(prefix="handbook-budget-") as tmp, sync_playwright() as playwright:
        browser = site_tools.launch(playwright)
        port = site_tools.free_port()
        site = Path(tmp) / "site"
        result = site_tools.build(site, f"http://127.0.0.1:{port}/")
        if result.returncode != 0:
            print(result.stdout + result.stderr, file=sys.stderr)
            return 1
        rows = []
        with site_tools.serve(site, port) as origin:
            for path in sitemap_paths(site):
                rows.append((path or "/", visit(browser, origin + path)))
            searches.append(("this handbook", search_row(browser, origin, site, SEARCHES["real"], args.runs)))
        if not args.skip_generated:
            gen_port = site_tools.free_port()
            gen_site, log = build_generated(Path(tmp) / "generated", args.words, gen_port)
            if gen_site is None:
                print(log, file=sys.stderr)
                return 1
            with site_tools.serve(gen_site, gen_port) as gen_origin:
                label = f"generated, {args.words:,} words"
                searches.append((label, search_row(browser, gen_origin, gen_site, SEARCHES["generated"], args.runs)))
        browser.close()

    print(f"Every page, first uncached visit (targets: at most {PAGE_BYTES // 1000} KB compressed, no search index, "
          f"no Mermaid without diagrams, no KaTeX without formulas, diagrams within {RENDER_MS:,} ms)\n")
    print("| Page | Transferred (gzip) | Requests | Search index | Mermaid code | KaTeX | Diagrams | Rendered after |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for path, row in rows:
        render = f"{row['render_ms']:.0f} ms" if row["diagrams"] else "no diagrams"
        print(f"| {path or '/'} | {row['bytes'] / 1e3:.0f} KB | {row['requests']} | {row['index'] / 1e3:.0f} KB | "
              f"{row['mermaid'] / 1e3:.0f} KB | {row['katex'] / 1e3:.0f} KB | {row['diagrams']} | {render} |")
        if row["bytes"] > PAGE_BYTES:
            failures.append(f"{path} transfers {row['bytes'] / 1e3:.0f} KB (budget {PAGE_BYTES // 1000} KB)")
        if row["index"]:
            failures.append(f"{path} downloads {row['index'] / 1e3:.0f} KB of search index and worker on load")
        if row["diagrams"] == 0 and row["mermaid"]:
            failures.append(f"{path} has no diagrams but downloaded {row['mermaid']} bytes of Mermaid")
        if row["formulas"] == 0 and row["katex"]:
            failures.append(f"{path} has no formulas but downloaded {row['katex']} bytes of KaTeX")
        if row["render_ms"] > RENDER_MS:
            failures.append(f"{path} diagrams rendered after {row['render_ms']:.0f} ms (budget {RENDER_MS:,} ms)")
    sizes = sorted(row["bytes"] for _, row in rows)
    print(f"\n{len(rows)} pages; heaviest {sizes[-1] / 1e3:.0f} KB, median {statistics.median(sizes) / 1e3:.0f} KB.")

    print(f"\nSearch on a freshly opened page, typed at {TYPING_MS} ms per key "
          f"(targets: first results within {FIRST_SEARCH_MS} ms of the last keystroke, second within {SECOND_SEARCH_MS} ms)\n")
    print("| Site | Index (gzip, loaded on intent) | First query | First results | Second query | Second results |")
    print("| --- | ---: | --- | ---: | --- | ---: |")
    for label, row in searches:
        first, second = row["queries"]
        print(f"| {label} | {row['index'] / 1e3:.0f} KB | {first} | {row['first']:.0f} ms | {second} | {row['second']:.0f} ms |")
        if row["first"] > FIRST_SEARCH_MS:
            failures.append(f"{label}: first results after {row['first']:.0f} ms (budget {FIRST_SEARCH_MS} ms)")
        if row["second"] > SECOND_SEARCH_MS:
            failures.append(f"{label}: second results after {row['second']:.0f} ms (budget {SECOND_SEARCH_MS} ms)")
    print()
    print("\n".join(f"over budget: {f}" for f in failures) or "all targets met")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
