"""Pre-rendered diagrams: one SVG per Mermaid fence, keyed by the fence's text and Mermaid's version.

Rendering Mermaid in the reader's browser costs a 2.5 MB script and about a second of main-thread
work per page. So `scripts/render_diagrams.py` renders every diagram once, in Chromium, with the
vendored Mermaid and the theme's own settings (colours are CSS variables, so one SVG serves light
and dark mode), and stores it in docs/assets/diagrams/<key>.svg. At build time, scripts/hooks.py
inlines the stored SVG in place of the fence. A fence without a current SVG (a diagram edited since
the last render) still works: it is rendered in the browser as before, and the tests report it.
"""
from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG_DIR = ROOT / "docs" / "assets" / "diagrams"
PRE_RE = re.compile(r'<pre\s+class="mermaid"\s*><code>(.*?)</code></pre>', re.S)
# A diagram shrinks with the column, but never below this share of its natural size: below it, its
# 16 px labels would drop under 12 px. A wider diagram scrolls sideways in its box instead (print
# styles still shrink it to the page).
MIN_SCALE = 0.75
# The text column is about 690 px wide, so a diagram up to 690 / 0.75 = 920 px fits it without
# scrolling. Wider ones are reported by ./dev render-diagrams and fail the tests.
COLUMN_PX = 690
MAX_WIDTH_PX = round(COLUMN_PX / MIN_SCALE)
VIEWBOX_RE = re.compile(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"')
MAX_WIDTH_RE = re.compile(r'(<svg\b[^>]*?style="[^"]*?max-width:\s*)([\d.]+)px;')


def mermaid_version() -> str:
    pins = json.loads((ROOT / "scripts" / "vendor.json").read_text(encoding="utf-8"))["packages"]
    return pins["@mermaid-js/tiny"]["version"]


def key(text: str, version: str | None = None) -> str:
    """The cache key of a diagram: its source (trimmed) and the Mermaid version that renders it."""
    version = version or mermaid_version()
    return hashlib.sha256(f"{version}\n{text.strip()}".encode("utf-8")).hexdigest()[:20]


def svg_path(diagram_key: str, folder: Path = SVG_DIR) -> Path:
    return folder / f"{diagram_key}.svg"


def fence_text_from_html(code: str) -> str:
    """The diagram source from the <pre class="mermaid"> the build wrote. The Markdown side escapes
    everything but line-break tags, which it leaves as written (`<br/>` in a label), so those are kept,
    every other tag is dropped, and text that only looks like one (`A <--> B`) stays."""
    return html.unescape(re.sub(r"</?(?!br\b)[A-Za-z][^>]*>", "", code))


def natural_width(svg: str) -> float:
    """The width Mermaid laid the diagram out at (its viewBox), in CSS pixels; 0 if unknown."""
    match = VIEWBOX_RE.search(svg)
    return float(match.group(1)) if match else 0.0


def too_wide(fences: list[tuple[str, int, str]], folder: Path = SVG_DIR) -> list[str]:
    """`where:line (N px)` of every diagram whose stored SVG is wider than MAX_WIDTH_PX."""
    out = []
    for where, line, text in fences:
        path = svg_path(key(text), folder)
        if path.is_file():
            width = natural_width(path.read_text(encoding="utf-8"))
            if width > MAX_WIDTH_PX:
                out.append(f"{where}:{line} ({width:.0f} px)")
    return out


def legible(svg: str) -> str:
    """The SVG with a minimum width, so that a narrow column scrolls it rather than shrinking its text."""
    def add(match: re.Match) -> str:
        return f"{match.group(0)} min-width: {float(match.group(2)) * MIN_SCALE:.0f}px;"

    return MAX_WIDTH_RE.sub(add, svg, count=1)


def inline_static(page_html: str, folder: Path = SVG_DIR, version: str | None = None) -> tuple[str, int, int]:
    """Replace each Mermaid <pre> with its stored SVG; return (html, replaced, left for the browser)."""
    version = version or mermaid_version()
    counts = [0, 0]

    def replace(match: re.Match) -> str:
        path = svg_path(key(fence_text_from_html(match.group(1)), version), folder)
        if not path.is_file():
            counts[1] += 1
            return match.group(0)
        counts[0] += 1
        svg = legible(path.read_text(encoding="utf-8"))
        # Focusable, so that a diagram wider than the column can be scrolled from the keyboard.
        return f'<div class="mermaid mermaid--static" tabindex="0" data-search-exclude>{svg}</div>'

    out = PRE_RE.sub(replace, page_html)
    return out, counts[0], counts[1]
