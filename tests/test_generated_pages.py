"""Generated pages: the case-study index, the prompt list and the question bank, each a pure function of
front matter or of the parsed handbook, checked against small fixtures."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from conftest import ROOT

import handbook
import hooks
import practice
import schema
import validate

PRACTICE = Path(__file__).parent / "fixtures" / "practice"

BOOK = ("case-studies/ads.md", {"title": "Ads", "book_chapter": 8, "difficulty": "hard",
                                "ml_task": "binary-classification", "techniques": ["calibration"]})
ORIGINAL = ("case-studies/eta.md", {"title": "ETA", "book_chapter": "original", "difficulty": "medium",
                                    "ml_task": "regression", "techniques": ["feature-store"]})


def test_a_chapter_number_puts_a_page_in_the_book_part_and_original_outside_it():
    assert schema.case_study_part(BOOK[1]) == "from-the-book"
    assert schema.case_study_part(ORIGINAL[1]) == "beyond-the-book"
    assert schema.case_study_part({"book_chapter": True}) == "beyond-the-book"


def test_each_part_gets_its_heading_and_only_the_book_part_a_chapter_column():
    text = hooks.case_study_list([BOOK, ORIGINAL], "case-studies")
    book, beyond = text.split("### Beyond the book")
    assert book.startswith("### From the book { #from-the-book }")
    assert "| Case study | Book chapter | Difficulty |" in book
    assert "| [Ads](ads.md) | 8 | Hard | Binary classification | Calibration |" in book
    assert "ETA" not in book
    assert "Book chapter" not in beyond
    assert "| [ETA](eta.md) | Medium | Regression | Feature store |" in beyond


def test_an_empty_part_keeps_its_heading_for_links():
    text = hooks.case_study_list([BOOK], "case-studies")
    beyond = text.split("### Beyond the book { #beyond-the-book }")[1]
    assert "No case study in this group yet." in beyond and "|" not in beyond


def test_the_validator_knows_the_generated_group_anchors():
    page = validate.Page(rel="case-studies/index.md", display="docs/case-studies/index.md")
    validate.scan(page, "# Case studies\n\n<!-- generated:case-study-list -->\n", validate.default_slugify)
    assert {"from-the-book", "beyond-the-book"} <= page.anchors


def test_links_are_relative_to_the_page_that_shows_the_list():
    assert "[ETA](case-studies/eta.md)" in hooks.case_study_list([ORIGINAL], "")
    assert "[ETA](../case-studies/eta.md)" in hooks.case_study_list([ORIGINAL], "practice")


PROMPTS = [("practice/prompts/b.md", {"title": "Bravo", "difficulty": "hard", "ml_task": "ranking",
                                      "tags": ["search"], "case_study": "case-studies/ads.md"}),
           ("practice/prompts/a.md", {"title": "Alpha", "difficulty": "easy", "ml_task": "regression",
                                      "tags": ["logistics"]})]


def test_prompts_are_listed_by_difficulty_with_the_case_study_that_works_them_through():
    text = hooks.prompt_list(PROMPTS, dict([BOOK]), "practice/prompts")
    easy, hard = text.split("### Hard (1) { #hard }")
    assert easy.startswith("### Easy (1) { #easy }") and "Medium" not in text
    assert "| [Alpha](a.md) | Regression | Logistics | prompt and outline only |" in easy
    assert "| [Bravo](b.md) | Ranking | Search | [Ads](../../case-studies/ads.md) |" in hard


def test_the_build_lists_every_prompt_beside_the_prompts_index():
    nav = [{"Home": "index.md"}, {"Practice": ["practice/cheat-sheet.md",
                                               {"Design prompts": ["practice/prompts/index.md"]}]}]
    assert hooks.folder_nav(nav, "practice/prompts/index.md", PROMPTS)
    assert nav[1]["Practice"][1]["Design prompts"] == [
        "practice/prompts/index.md", {"Bravo": "practice/prompts/b.md"}, {"Alpha": "practice/prompts/a.md"}]
    assert not hooks.folder_nav([{"Home": "index.md"}], "practice/prompts/index.md", PROMPTS)


def fixture_book() -> handbook.Handbook:
    """A three-page handbook built from tests/fixtures/practice."""
    pages = {}
    for name, rel in (("framework.md", "framework/05-evaluation.md"),
                      ("block.md", "building-blocks/learning-to-rank.md"),
                      ("study.md", "case-studies/fraud-detection.md")):
        page = handbook.Page(rel=rel, display=rel)
        handbook.scan(page, (PRACTICE / name).read_text(encoding="utf-8"), handbook.default_slugify)
        pages[rel] = page
    return handbook.Handbook(config=None, pages=pages)


def test_the_question_bank_collects_each_section_once_with_answers_relinked():
    text = practice.question_bank(fixture_book(), "practice")
    assert "The bank holds **3 questions** from 3 pages." in text
    assert "### 5. Evaluation (1) { #step-5 }" in text
    assert "### Retrieval and ranking (1) { #blocks-retrieval-and-ranking }" in text
    assert "### Beyond the book (1) { #beyond-the-book }" in text and "From the book" not in text
    assert "Not collected" not in text
    # answers keep their paragraphs and their links still reach the same targets from practice/
    assert '??? question "Why is AUC blind to calibration?"' in text
    assert "[the metrics](../building-blocks/metrics-reference.md#auc)" in text
    assert "[above](../framework/05-evaluation.md#why)" in text
    assert "\n\n    A second paragraph." in text
    assert "Answered in [Evaluation](../framework/05-evaluation.md#self-check-questions)." in text
    assert "| Ranking | 1 | [Learning to rank (1)](../building-blocks/learning-to-rank.md#self-check-questions) |" in text
    assert "| Fraud and risk | 1 |" in text


def test_the_question_bank_counts_every_collected_question_of_the_real_handbook():
    book = handbook.Handbook.load(handbook.load_config(ROOT / "mkdocs.yml"))
    text = practice.question_bank(book, "practice")
    total = practice.count(book)
    assert total > 250 and f"The bank holds **{total} questions**" in text
    assert text.count("??? question") == total


def test_prompts_rank_below_chapters_and_transcripts_stay_out_of_search():
    assert hooks.search_settings("practice/prompts/query-autocomplete.md") == {"boost": 0.5}
    assert hooks.search_settings("practice/mock-interviews/staff-personalized-news-feed.md") == {"exclude": True}
    assert hooks.search_settings("practice/prompts/index.md") == {}
    assert hooks.search_settings("case-studies/visual-search.md") == {}


GENAI = ("case-studies/chat.md", {"title": "Chat", "book_chapter": "original", "difficulty": "hard",
                                  "ml_task": "generation", "techniques": ["kv-cache"]})


def test_a_generation_case_study_is_in_the_generative_ai_part_whatever_its_chapter():
    assert schema.case_study_part(GENAI[1]) == "generative-ai"
    assert schema.case_study_part({**GENAI[1], "book_chapter": 4}) == "generative-ai"
    text = hooks.case_study_list([BOOK, ORIGINAL, GENAI], "case-studies")
    genai = text.split("### Generative AI { #generative-ai }")[1]
    assert "| [Chat](chat.md) | Hard | Generation | KV cache |" in genai
    assert "Chat" not in text.split("### Generative AI")[0]


def write_block(docs, name: str, title: str, group: str, techniques: list[str]) -> None:
    path = docs / "building-blocks" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title}\ndescription: Solves {title.lower()}.\ngroup: {group}\n"
                    f"techniques: [{', '.join(techniques)}]\ntags: [llm]\nlast_reviewed: 2026-11-28\n---\n\n# {title}\n",
                    encoding="utf-8")


def test_the_building_block_index_has_one_table_per_group_in_schema_order(tmp_path):
    docs = tmp_path / "docs"
    write_block(docs, "serving.md", "LLM serving", "generative-ai", ["kv-cache"])
    write_block(docs, "ann.md", "ANN", "retrieval-and-ranking", ["approximate-nearest-neighbor"])
    study = docs / "case-studies" / "chat.md"
    study.parent.mkdir(parents=True)
    study.write_text("---\n" + yaml.safe_dump(GENAI[1]) + "---\n\n# Chat\n", encoding="utf-8")
    text = hooks.building_block_index(docs, "building-blocks")
    headings = re.findall(r"^### (.+)$", text, re.M)
    assert headings == [f"{title} {{ #{ident} }}" for ident, title in schema.BUILDING_BLOCK_GROUPS.items()]
    genai = text.split("### Generative AI { #generative-ai }")[1]
    assert "| [LLM serving](serving.md) | Solves llm serving. | [Chat](../case-studies/chat.md) |" in genai
    ranking = text.split("### Retrieval and ranking { #retrieval-and-ranking }")[1].split("###")[0]
    assert "| [ANN](ann.md) | Solves ann. | none yet |" in ranking
    assert "No building block in this group yet." in text.split("### Operations")[1].split("###")[0]


def test_the_validator_knows_the_building_block_group_anchors():
    page = validate.Page(rel="building-blocks/index.md", display="docs/building-blocks/index.md")
    validate.scan(page, "# Blocks\n\n<!-- generated:building-block-index -->\n", validate.default_slugify)
    assert set(schema.BUILDING_BLOCK_GROUPS) <= page.anchors


def test_reference_lists_leave_the_search_index_but_their_heading_stays():
    html = ('<h2 id="model">Model</h2><p>Body text.</p>'
            '<h2 id="references">References<a class="headerlink" href="#references">¶</a></h2>'
            '<ul>\n<li>Kwon, W. (2023). <em>vLLM</em>.</li>\n</ul>\n<p>One more.</p>'
            '<div class="footnote">\n<hr/>\n<ol><li id="fn:a"><p>A. Author.</p></li></ol></div>')
    out = hooks.without_references_in_search(html)
    assert '<h2 id="references">References' in out and "data-search-exclude" not in out.split("</h2>")[1]
    refs = out.split('id="references">')[1]
    assert '<ul data-search-exclude>' in refs and '<p data-search-exclude>One more.' in refs
    assert '<div class="footnote" data-search-exclude>' in out
    assert '<p>Body text.</p>' in out


def test_the_search_index_loses_its_tags_field_and_nothing_else():
    data = {"config": {"lang": ["en"], "fields": {"title": {"boost": 1000}, "text": {"boost": 1}, "tags": {"boost": 1e6}}},
            "docs": [{"location": "p/", "title": "P", "text": "x", "tags": ["generative-ai"]},
                     {"location": "p/#a", "title": "A", "text": "y"}]}
    out = hooks.search_index_without_tags(data)
    assert out["config"] == {"lang": ["en"], "fields": {"title": {"boost": 1000}, "text": {"boost": 1}}}
    assert out["docs"] == [{"location": "p/", "title": "P", "text": "x"}, {"location": "p/#a", "title": "A", "text": "y"}]
    assert data["docs"][0]["tags"] == ["generative-ai"], "the input is left unchanged"


def test_generated_link_lists_are_wrapped_to_stay_out_of_search_with_their_headings_outside():
    markdown = "### Easy { #easy }\n\nIntro line.\n\n| A | B |\n| --- | --- |\n| [x](x.md) | y |\n\n- [a](a.md): one\n- [b](b.md): two"
    out = hooks.unsearched(markdown)
    assert out.startswith("### Easy { #easy }\n\nIntro line.\n\n")
    assert out.count(hooks.UNSEARCHED) == 2 and out.count("</div>") == 2
    table = out.split(hooks.UNSEARCHED)[1]
    assert "| [x](x.md) | y |" in table and "### Easy" not in table
    assert "- [a](a.md): one\n- [b](b.md): two" in out.split(hooks.UNSEARCHED)[2]
    assert hooks.unsearched("No list here.") == "No list here."
