"""The generated case-study index: groups follow from front matter, and a group without pages is left out."""
from __future__ import annotations

import hooks
import schema
import validate

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
