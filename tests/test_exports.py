"""The PDF and the offline edition, checked as readers get them."""
from __future__ import annotations

import re
import zipfile

import pypdf
import pytest

from conftest import ROOT, site_tools, validate

import offline
import pdf

CONFIG = validate.load_config(ROOT / "mkdocs.yml")


def print_excluded() -> list[str]:
    plugins = CONFIG.data.get("plugins") or []
    options = next((p["print-site"] for p in plugins if isinstance(p, dict) and "print-site" in p), {})
    return list(options.get("exclude") or [])


def nav_titles() -> list[str]:
    titles = []
    for rel, _ in CONFIG.nav_paths:
        if rel in print_excluded():
            continue
        page = validate.read_page(CONFIG, CONFIG.docs / rel)
        h1 = next((h for h in page.headings if h.level == 1), None)
        titles.append(validate.heading_plain_text(h1.text) if h1 else page.meta["title"])
    return titles


@pytest.fixture(scope="module")
def handbook_pdf(browser, origin, tmp_path_factory) -> pypdf.PdfReader:
    output = tmp_path_factory.mktemp("pdf") / "handbook.pdf"
    figures = pdf.render(origin + "print_page/", output, browser=browser)
    assert figures["errors"] == []
    return pypdf.PdfReader(str(output))


def test_pdf_has_a_plausible_page_count(handbook_pdf):
    # About 25 pages of A4 per 10,000 words; with the practice pages the handbook has roughly 300,000
    # words today. The question bank, which repeats answers, is left out of the print page.
    assert 300 <= len(handbook_pdf.pages) <= 1_000


def test_the_question_bank_stays_out_of_the_pdf(handbook_pdf):
    assert "practice/question-bank.md" in print_excluded()
    text = " ".join(page.extract_text() for page in handbook_pdf.pages[:40])
    assert "Question bank" not in text


def test_pdf_contains_every_chapter_title_and_no_diagram_error(handbook_pdf):
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in handbook_pdf.pages))
    missing = [t for t in nav_titles() if re.sub(r"\s+", " ", t) not in text]
    assert not missing, f"chapter titles missing from the PDF: {missing}"
    assert "Syntax error" not in text
    source = re.search(r"(flowchart|graph|sequenceDiagram)( (LR|TD|TB|RL|BT))? accTitle:", text)
    assert source is None, f"a diagram was printed as source text: {source.group(0) if source else ''}"


def test_pdf_has_an_outline_that_follows_the_chapters(handbook_pdf):
    def flatten(items):
        for item in items:
            if isinstance(item, list):
                yield from flatten(item)
            else:
                yield item.title

    outline = list(flatten(handbook_pdf.outline))
    assert len(outline) >= 20
    for title in ("Visual search", "Video recommendations", "7. Monitoring and infrastructure"):
        assert any(title in entry for entry in outline), f"{title!r} is not in the PDF outline"


def test_pdf_numbers_its_pages_in_the_footer(handbook_pdf):
    last = len(handbook_pdf.pages)
    assert f"page 3 of {last}" in handbook_pdf.pages[2].extract_text()


def test_single_chapter_prints_on_its_own(browser, origin, tmp_path):
    output = tmp_path / "chapter.pdf"
    figures = pdf.render(origin + "practice/cheat-sheet/", output, browser=browser)
    reader = pypdf.PdfReader(str(output))
    assert figures["errors"] == []
    # Every shared formula with its symbols, the numbers tables and the latency budget: four sheets
    # printed on both sides. A cheat sheet that grows past that has stopped being one.
    assert len(reader.pages) <= 8, "the cheat sheet must fit on eight A4 pages"
    assert "Cheat sheet" in reader.pages[0].extract_text()


def test_offline_zip_searches_and_renders_from_file_urls(browser, tmp_path):
    archive = tmp_path / "offline.zip"
    assert offline.main(["--output", str(archive)]) == 0
    with zipfile.ZipFile(archive) as z:
        z.extractall(tmp_path / "unzipped")
    index = tmp_path / "unzipped" / offline.FOLDER / "index.html"
    assert index.is_file()
    context = browser.new_context()
    outside = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                  else (outside.append(route.request.url), route.abort()))
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(index.as_uri())
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("two-tower", delay=30)
    page.wait_for_selector(".md-search-result__item", timeout=20_000)
    assert "video-recommendations.html" in " ".join(
        page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href)"))
    page.goto((index.parent / "case-studies" / "visual-search.html").as_uri())
    page.wait_for_function(site_tools.DIAGRAMS_RENDERED, timeout=30_000)
    page.wait_for_function(site_tools.MATH_TYPESET, timeout=30_000)
    assert page.locator("div.mermaid").count() >= 2
    assert errors == [] and outside == []
    context.close()
