"""Render the handbook, or one chapter, to an A4 PDF in headless Chromium.

Usage:
    python scripts/pdf.py                                   # the whole handbook -> handbook.pdf
    python scripts/pdf.py --page case-studies/visual-search # one chapter -> visual-search.pdf
    python scripts/pdf.py --output out.pdf --site site/     # reuse a build made for this port

The whole handbook comes from the print page (print_page/, made by mkdocs-print-site-plugin): a
cover, a table of contents and numbered chapters. The script builds the site, serves it on
127.0.0.1, waits until every diagram is rendered and every formula typeset, switches to print media
(which expands every collapsible answer) and writes a PDF with page numbers in the footer and
bookmarks that follow the headings. Diagrams stay vector graphics.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import site_tools  # noqa: E402

FOOTER = ('<div style="font-size:8px;width:100%;text-align:center;color:#555;">'
          '<span class="title"></span> &middot; page <span class="pageNumber"></span> of '
          '<span class="totalPages"></span></div>')
TIMEOUT_MS = 180_000


def progress(step: int, total: int, message: str) -> None:
    print(f"[{step}/{total}] {message}", flush=True)


def render(url: str, output: Path, executable: str | None = None, browser=None) -> dict:
    """Open `url`, wait for diagrams and formulas, and print it to `output`. Return figures.

    Uses `browser` (a Playwright browser) when given, else launches the system Chromium.
    """
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            own = site_tools.launch(playwright, executable)
            try:
                return render(url, output, browser=own)
            finally:
                own.close()
    figures: dict = {}
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url, wait_until="load")
        total = page.eval_on_selector_all("pre.mermaid, div.mermaid", "elements => elements.length")
        start = time.monotonic()
        while True:
            left = page.eval_on_selector_all("pre.mermaid", "elements => elements.length")
            print(f"      diagrams rendered: {total - left}/{total}", end="\r", flush=True)
            if left == 0:
                break
            if time.monotonic() - start > TIMEOUT_MS / 1000:
                raise TimeoutError(f"{left} of {total} diagrams did not render in time")
            time.sleep(0.25)
        print()
        page.wait_for_function(site_tools.MATH_TYPESET, timeout=TIMEOUT_MS)
        page.emulate_media(media="print")
        page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")  # as a browser does
        figures["diagrams"] = total
        figures["formulas"] = page.eval_on_selector_all(".arithmatex", "elements => elements.length")
        figures["answers"] = page.eval_on_selector_all("details", "elements => elements.length")
        page.pdf(
            path=str(output), format="A4", print_background=True, outline=True, tagged=True,
            display_header_footer=True, header_template="<span></span>", footer_template=FOOTER,
            margin={"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"},
        )
        figures["errors"] = errors
    finally:
        context.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render the handbook or one chapter to PDF.")
    parser.add_argument("--page", help="a page path such as case-studies/visual-search (default: the whole handbook)")
    parser.add_argument("--output", help="the PDF to write (default: handbook.pdf or <page>.pdf)")
    parser.add_argument("--site", help="an existing build to serve instead of building (advanced)")
    parser.add_argument("--port", type=int, default=0, help="port to serve on (default: a free one)")
    args = parser.parse_args(argv)
    executable = site_tools.require_chromium("pdf.py")
    if not executable:
        return 2
    target = (args.page or "print_page").strip("/")
    if target.endswith(".md"):
        target = target[:-3]
    if target.endswith("index"):
        target = target[: -len("index")].rstrip("/")
    output = Path(args.output or ("handbook.pdf" if not args.page else f"{Path(target).name or 'home'}.pdf"))
    port = args.port or site_tools.free_port()
    steps = 4
    with tempfile.TemporaryDirectory(prefix="handbook-pdf-") as tmp:
        site = Path(args.site) if args.site else Path(tmp) / "site"
        if not args.site:
            progress(1, steps, "building the site")
            result = site_tools.build(site, f"http://127.0.0.1:{port}/")
            if result.returncode != 0:
                print(result.stdout + result.stderr, file=sys.stderr)
                print("pdf.py: error: the build failed", file=sys.stderr)
                return 1
        page_dir = site / target if target else site
        if not (page_dir / "index.html").is_file():
            print(f"pdf.py: error: no page at {target or '/'} in the built site", file=sys.stderr)
            return 2
        with site_tools.serve(site, port) as origin:
            progress(2, steps, f"rendering {origin}{target + '/' if target else ''}")
            figures = render(f"{origin}{target + '/' if target else ''}", output, executable)
        progress(3, steps, f"{figures['diagrams']} diagrams, {figures['formulas']} formulas, "
                           f"{figures['answers']} answers expanded")
        if figures["errors"]:
            print("pdf.py: error: the page reported errors:\n  " + "\n  ".join(figures["errors"]), file=sys.stderr)
            return 1
    pages = ""
    try:
        import pypdf

        pages = f", {len(pypdf.PdfReader(str(output)).pages)} pages"
    except ImportError:
        pass
    progress(4, steps, f"wrote {output} ({output.stat().st_size / 1e6:.1f} MB{pages})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
