"""Render every Mermaid diagram of the handbook to a stored SVG (see scripts/diagrams.py).

Usage:
    python scripts/render_diagrams.py          # render what is missing, delete what is unused
    python scripts/render_diagrams.py --all    # re-render everything

Run it after adding or editing a diagram, and after updating the vendored Mermaid; commit the SVGs
in docs/assets/diagrams/. It needs Chromium, like the browser tests. A syntax error in a diagram
stops it with the file, the diagram's line and Mermaid's message.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import diagrams  # noqa: E402
import site_tools  # noqa: E402
import handbook  # noqa: E402


def all_fences(config: handbook.Config) -> list[tuple[str, int, str]]:
    """(display path, line, source) of every Mermaid fence under docs/."""
    out = []
    for path in sorted(config.docs.rglob("*.md")):
        page = handbook.read_page(config, path)
        for fence in handbook.mermaid_fences(page):
            out.append((page.display, fence.line, "\n".join(fence.body)))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render the Mermaid diagrams to stored SVGs.")
    parser.add_argument("--all", action="store_true", help="re-render every diagram, not only missing ones")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    config = handbook.load_config(site_tools.ROOT / "mkdocs.yml")
    fences = all_fences(config)
    version = diagrams.mermaid_version()
    wanted = {diagrams.key(text, version): (where, line, text) for where, line, text in fences}
    diagrams.SVG_DIR.mkdir(parents=True, exist_ok=True)
    todo = {k: v for k, v in wanted.items() if args.all or not diagrams.svg_path(k).is_file()}
    removed = 0
    for path in diagrams.SVG_DIR.glob("*.svg"):
        if path.stem not in wanted:
            path.unlink()
            removed += 1
    if not todo:
        print(f"render_diagrams: {len(wanted)} diagrams, all current; removed {removed} unused SVG(s)")
        return report_width(fences)
    if not site_tools.require_chromium("render_diagrams.py"):
        return 2
    port = site_tools.free_port()
    with tempfile.TemporaryDirectory(prefix="handbook-diagrams-") as tmp:
        site = Path(tmp) / "site"
        print("[1/2] building the site with client-side diagrams", flush=True)
        result = site_tools.build(site, f"http://127.0.0.1:{port}/", static_diagrams=False)
        if result.returncode != 0:
            print(result.stdout + result.stderr, file=sys.stderr)
            return 1
        with site_tools.serve(site, port) as origin, sync_playwright() as playwright:
            browser = site_tools.launch(playwright)
            page = browser.new_page()
            # Any page with a diagram makes the theme configure Mermaid; reuse that configuration.
            page.goto(origin + "contributing/style-guide/")
            page.wait_for_function(site_tools.DIAGRAMS_RENDERED, timeout=60_000)
            page.wait_for_function("() => window.mermaid.themed === true", timeout=60_000)
            failures = 0
            for number, (diagram_key, (where, line, text)) in enumerate(sorted(todo.items()), start=1):
                print(f"[2/2] rendering {number}/{len(todo)}: {where}:{line}", end="\r", flush=True)
                result = page.evaluate(
                    """async ([id, text]) => {
                        try { return { svg: (await window.mermaid.render(id, text)).svg }; }
                        catch (error) { return { error: String(error && error.message || error) }; }
                    }""",
                    [f"mmd-{diagram_key}", text],
                )
                if "error" in result:
                    failures += 1
                    print(f"\n{where}:{line}: error: Mermaid cannot render this diagram: {result['error']}", file=sys.stderr)
                    continue
                diagrams.svg_path(diagram_key).write_text(result["svg"], encoding="utf-8")
            browser.close()
    print(f"\nrender_diagrams: rendered {len(todo) - failures} of {len(todo)}, {len(wanted)} in use, "
          f"removed {removed} unused SVG(s)")
    return 1 if failures else report_width(fences)


def report_width(fences: list[tuple[str, int, str]]) -> int:
    """Name every diagram too wide for the text column; 1 if there is one."""
    wide = diagrams.too_wide(fences)
    for where in wide:
        print(f"{where}: error: wider than {diagrams.MAX_WIDTH_PX} px, so it would scroll sideways in the "
              "text column; stack its subgraphs top-down and shorten labels (style guide, Diagrams)",
              file=sys.stderr)
    return 1 if wide else 0


if __name__ == "__main__":
    sys.exit(main())
