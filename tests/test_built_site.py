"""Assertions on the HTML of one strict build: what the validator promises is what readers get."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, validate

import diagrams
import render_diagrams
import schema

CONFIG = validate.load_config(ROOT / "mkdocs.yml")
PAGES = sorted(p.relative_to(CONFIG.docs).as_posix() for p in CONFIG.docs.rglob("*.md"))
SHARED = validate.load_shared(CONFIG)
CASE_STUDIES = [p for p in PAGES if validate.page_kind(p) == "case-study" and p != schema.CASE_STUDY_TEMPLATE]


def html_for(site: Path, rel: str) -> BeautifulSoup:
    out = "index.html" if rel == "index.md" else (
        rel[: -len("index.md")] + "index.html" if rel.endswith("/index.md") else rel[:-3] + "/index.html")
    return BeautifulSoup((site / out).read_text(encoding="utf-8"), "html.parser")


def source(rel: str) -> validate.Page:
    return validate.read_page(CONFIG, CONFIG.docs / rel)


def article(soup: BeautifulSoup):
    return soup.select_one("article.md-content__inner")


@pytest.mark.parametrize("rel", CASE_STUDIES)
def test_case_study_has_the_seven_step_ids_in_order(built_site, rel):
    ids = [h.get("id") for h in article(html_for(built_site, rel)).find_all("h2")]
    steps = [s.id for s in schema.STEPS]
    assert [i for i in ids if i in steps] == steps


@pytest.mark.parametrize("rel", PAGES)
def test_every_mermaid_fence_becomes_a_prerendered_diagram(built_site, rel):
    fences = validate.mermaid_fences(source(rel))
    content = article(html_for(built_site, rel))
    static = content.select("div.mermaid.mermaid--static")
    assert len(static) == len(fences), "a diagram was left for the browser: run ./dev render-diagrams"
    assert not content.select("pre.mermaid")
    for element, fence in zip(static, fences):
        svg = element.find("svg")
        title = re.search(r"accTitle\s*:\s*(.+)", "\n".join(fence.body)).group(1).strip()
        assert svg is not None and svg.get("aria-roledescription")
        assert svg.find("title").get_text(strip=True) == title, "the SVG is not the one for this fence"


def test_a_line_break_in_a_label_keeps_the_diagram_prerendered():
    # The build escapes a fence's text but leaves <br/> as written, so the lookup must keep it.
    written = 'flowchart TD\n    A[Feature<br/>store] --&gt; B[&quot;x&quot;]'
    assert diagrams.fence_text_from_html(written) == 'flowchart TD\n    A[Feature<br/>store] --> B["x"]'
    assert diagrams.fence_text_from_html("<span>flowchart</span> TD") == "flowchart TD"
    assert diagrams.fence_text_from_html("A <--> B<br>") == "A <--> B<br>"  # arrows are not tags


def test_a_diagram_never_shrinks_below_three_quarters_of_its_size():
    wide = '<svg id="d" width="100%" style="max-width: 1200px;" viewBox="0 0 1200 400"><g/></svg>'
    assert 'style="max-width: 1200px; min-width: 900px;"' in diagrams.legible(wide)
    assert diagrams.legible("<svg><g/></svg>") == "<svg><g/></svg>"  # nothing to scale from


def test_every_diagram_fits_the_text_column():
    wide = diagrams.too_wide(render_diagrams.all_fences(CONFIG))
    assert not wide, (f"diagrams wider than {diagrams.MAX_WIDTH_PX} px scroll sideways; narrow them "
                      "(see the style guide) and run ./dev render-diagrams: " + ", ".join(wide))


def test_too_wide_names_the_diagram_and_its_width(tmp_path):
    text = "flowchart LR\n    A --> B"
    wide = '<svg style="max-width: 1200px;" viewBox="0 0 1200.5 300"></svg>'
    diagrams.svg_path(diagrams.key(text), tmp_path).write_text(wide, encoding="utf-8")
    assert diagrams.too_wide([("docs/x.md", 7, text)], tmp_path) == ["docs/x.md:7 (1200 px)"]
    diagrams.svg_path(diagrams.key(text), tmp_path).write_text(wide.replace("1200.5", "900"), encoding="utf-8")
    assert diagrams.too_wide([("docs/x.md", 7, text)], tmp_path) == []


def test_every_diagram_has_a_current_svg_and_no_svg_is_orphaned():
    fences = render_diagrams.all_fences(CONFIG)
    keys = {diagrams.key(text): f"{where}:{line}" for where, line, text in fences}
    missing = [where for key, where in keys.items() if not diagrams.svg_path(key).is_file()]
    assert not missing, "diagrams without a current SVG (run ./dev render-diagrams): " + ", ".join(missing)
    orphans = sorted(p.name for p in diagrams.SVG_DIR.glob("*.svg") if p.stem not in keys)
    assert not orphans, f"unused SVGs in docs/assets/diagrams (run ./dev render-diagrams): {orphans}"


def generated(rel: str) -> bool:
    """Pages whose tables or headings are added at build time (hooks, tags plugin)."""
    text = (CONFIG.docs / rel).read_text(encoding="utf-8")
    return "generated:" in text or "material/tags" in text


@pytest.mark.parametrize("rel", [p for p in PAGES if not generated(p)])
def test_table_count_matches_the_source(built_site, rel):
    page = source(rel)
    included = sum(SHARED.table_counts.get(target, 0) for _, _, target in page.includes)
    assert len(article(html_for(built_site, rel)).find_all("table")) == len(page.tables) + included


@pytest.mark.parametrize("rel", [p for p in PAGES if "material/tags" not in (CONFIG.docs / p).read_text("utf-8")])
def test_validator_anchors_equal_the_built_heading_ids(built_site, rel):
    built = {h.get("id") for h in article(html_for(built_site, rel)).find_all(re.compile("^h[1-6]$")) if h.get("id")}
    if generated(rel):  # the build adds headings (question bank, prompt list); the source ones must survive
        assert {h.id for h in source(rel).headings} <= built
    else:
        assert {h.id for h in source(rel).headings} == built


@pytest.mark.parametrize("rel", PAGES)
def test_edit_link_points_to_the_source_on_main(built_site, rel):
    edit = html_for(built_site, rel).select_one("a.md-content__button[href*='/edit/']")
    assert edit is not None
    assert edit["href"] == f"{CONFIG.data['repo_url']}/edit/main/docs/{rel}"


@pytest.mark.parametrize("rel", PAGES)
def test_no_resource_is_loaded_from_another_origin(built_site, rel):
    soup = html_for(built_site, rel)
    offsite = []
    for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src")):
        for element in soup.find_all(tag):
            url = element.get(attr)
            if not url or (tag == "link" and element.get("rel") in (["canonical"], ["alternate"])):
                continue
            if urlsplit(url).netloc:
                offsite.append(f"<{tag} {attr}={url}>")
    assert not offsite


def test_formulas_are_left_for_katex(built_site):
    soup = html_for(built_site, "framework/05-evaluation.md")
    assert soup.select(".arithmatex")
    scripts = [s.get("src", "") for s in soup.find_all("script")]
    assert any(s.endswith("assets/javascripts/katex-init.js") for s in scripts)
    assert any(s.endswith("assets/javascripts/mermaid-loader.js") for s in scripts)
    assert not any("vendor" in s for s in scripts), "vendored libraries are loaded on demand, not up front"


def test_every_case_study_appears_in_the_generated_index_and_matrix(built_site):
    soup = html_for(built_site, "case-studies/index.md")
    matrices = soup.select(".technique-matrix table")
    assert matrices
    header_links = [a["href"] for matrix in matrices for a in matrix.select("thead a")]
    list_links = {a["href"] for a in article(soup).select(".case-study-list tbody a")}
    for rel in CASE_STUDIES:
        href = rel.split("/", 1)[1][:-3] + "/"
        assert header_links.count(href) == 1, f"{rel} should head one column of the technique matrices"
        assert href in list_links, f"{rel} is missing from the case-study lists"
    for row in (row for matrix in matrices for row in matrix.select("tbody tr")):
        assert "●" in row.get_text(), "a technique row with no case study should not be listed"


def test_glossary_lists_every_abbreviation_and_pages_get_tooltips(built_site):
    abbreviations = re.findall(r"^\*\[([^\]]+)\]:", (ROOT / "includes" / "abbreviations.md").read_text(), re.M)
    glossary = article(html_for(built_site, "glossary.md")).get_text()
    for abbr in abbreviations:
        assert abbr in glossary
    page = html_for(built_site, "case-studies/video-recommendations.md")
    assert page.select("abbr[title]"), "abbreviations should render as tooltips"


def test_contributing_page_documents_every_finding_code(built_site):
    text = article(html_for(built_site, "contributing/index.md")).get_text()
    for code in validate.CODES:
        assert code in text
    readme = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for code, (summary, _) in validate.CODES.items():
        assert f"`{code}`" in readme and summary in readme.replace("\\|", "|"), f"{code} is not in CONTRIBUTING.md"


def test_site_needs_no_network_for_fonts(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html


def test_a_prompts_hints_and_outline_stay_out_of_search_but_its_words_do_not(built_site):
    soup = html_for(built_site, "practice/prompts/query-autocomplete.md")
    blocks = soup.select("article details")
    assert len(blocks) == 4 and all(b.has_attr("data-search-exclude") for b in blocks)
    index = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "practice/prompts/query-autocomplete/" in index
    assert "practice/mock-interviews/senior-ad-click-prediction/" not in index


@pytest.mark.parametrize("rel", PAGES)
def test_every_formula_reaches_katex_as_math(built_site, rel):
    """A `$$` left in a paragraph is a formula Markdown failed to recognise (for example after an
    unescaped `<t` earlier on the page): readers would see raw TeX."""
    article_ = article(html_for(built_site, rel))
    if article_ is None:
        return
    for math in article_.select(".arithmatex"):
        math.decompose()
    for code in article_.select("code, pre"):
        code.decompose()
    text = article_.get_text(" ")
    assert "$$" not in text, f"raw display formula in {rel}: ...{text[max(0, text.find('$$') - 80):text.find('$$') + 80]}..."


def test_search_index_has_no_tags_and_no_generated_link_lists(built_site):
    """Tags are left out of the search index, and so are the generated lists of other pages (the
    case-study index tables, the technique matrices), while the prose around them stays searchable."""
    import json
    data = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "tags" not in data["config"]["fields"] and not any("tags" in d for d in data["docs"])
    index = " ".join(d["text"] for d in data["docs"] if d["location"].startswith("case-studies/#")
                     or d["location"] == "case-studies/")
    assert "Each case study takes one system through the seven steps" in index
    assert "Enterprise document assistant" not in index, "the generated case-study tables are not searched"
    assert not [d for d in data["docs"] if d["location"].startswith("tags/")], "the tags page is not searched"
