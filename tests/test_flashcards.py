"""Flashcards: every card comes from a source, keeps its id when its text changes, and reads correctly
in Anki (MathJax delimiters, absolute links)."""
from __future__ import annotations

import re
import sqlite3
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT
from test_generated_pages import fixture_book

import flashcards
import handbook

SITE = "https://example.org/handbook/"
PACKAGE = "ml-system-design-handbook.apkg"


def notes(package: Path) -> dict[str, tuple[str, str]]:
    """guid -> (fields, tags) of every note in an Anki package."""
    with zipfile.ZipFile(package) as archive:
        data = archive.read("collection.anki2")
    db_path = package.with_suffix(".anki2")
    db_path.write_bytes(data)
    with sqlite3.connect(db_path) as db:
        return {guid: (flds, tags.strip()) for guid, flds, tags in db.execute("select guid, flds, tags from notes")}


def test_question_cards_carry_the_answer_with_anki_maths_and_absolute_links():
    deck = flashcards.question_cards(fixture_book(), SITE)
    assert [c.key for c in deck] == [
        "question:building-blocks/learning-to-rank.md:What does LambdaMART weight each pair by?",
        "question:case-studies/fraud-detection.md:Why not train on immature negatives?",
        "question:framework/05-evaluation.md:Why is AUC blind to calibration?",
    ]
    auc = deck[2]
    assert auc.source == SITE + "framework/05-evaluation/#self-check-questions"
    assert 'href="https://example.org/handbook/building-blocks/metrics-reference/#auc"' in auc.back
    assert 'href="https://example.org/handbook/framework/05-evaluation/#why"' in auc.back
    assert "<p>A second paragraph.</p>" in auc.back


def test_maths_uses_ankis_delimiters_and_survives_markdown():
    out = flashcards.to_html(r"Use $w = 0.1$ here: $$p_{\text{cal}} = \frac{p}{p + (1 - p)/w}$$ and $a < b$.")
    assert r"\(w = 0.1\)" in out and r"\[p_{\text{cal}} = \frac{p}{p + (1 - p)/w}\]" in out
    assert r"\(a &lt; b\)" in out  # escaped for HTML; MathJax reads the text, which is a < b


def test_every_shared_formula_has_a_title_for_its_card():
    text = (ROOT / "includes" / "formulas.md").read_text(encoding="utf-8")
    for section, body in flashcards.SECTION_RE.findall(text):
        assert flashcards.TITLE_RE.search(body), f"formulas.md section {section} has no <!-- title: ... --> line"


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> tuple[Path, list[flashcards.Card]]:
    out = tmp_path_factory.mktemp("flashcards")
    assert flashcards.main(["--out", str(out)]) == 0
    config = handbook.load_config(ROOT / "mkdocs.yml")
    deck = flashcards.cards(handbook.Handbook.load(config), ROOT / "includes", str(config.data["site_url"]))
    return out, deck


def test_the_package_holds_every_card_once_with_its_stable_id(written):
    out, deck = written
    stored = notes(out / PACKAGE)
    assert set(stored) == {flashcards.guid(c) for c in deck}
    assert len(stored) == len(deck)
    kinds = Counter(tags for _, tags in stored.values())
    assert kinds == Counter(c.kind for c in deck)
    book = handbook.Handbook.load(handbook.load_config(ROOT / "mkdocs.yml"))
    assert kinds["question"] == flashcards.practice.count(book) > 250
    assert kinds["abbreviation"] == len(re.findall(r"^\*\[", (ROOT / "includes" / "abbreviations.md").read_text(), re.M))
    assert kinds["formula"] == (ROOT / "includes" / "formulas.md").read_text().count("<!-- title: ")
    assert kinds["term"] >= 20 and kinds["number"] >= 20


def test_the_csv_lists_the_same_cards(written):
    out, deck = written
    rows = (out / "ml-system-design-handbook.csv").read_text(encoding="utf-8")
    assert rows.startswith("guid,kind,front,back,source\n")
    assert rows == flashcards.to_csv(deck)


def test_editing_one_answer_changes_exactly_that_card(repo_copy, tmp_path):
    before, after = tmp_path / "before", tmp_path / "after"
    assert flashcards.main(["--out", str(before), "--config", str(repo_copy / "mkdocs.yml")]) == 0
    page = repo_copy / "docs" / "building-blocks" / "embeddings.md"
    text = page.read_text(encoding="utf-8")
    first = re.search(r'^\?\?\? question "[^"]+"\n    (.+)$', text, re.M)
    page.write_text(text.replace(first.group(1), first.group(1) + " Edited.", 1), encoding="utf-8")
    assert flashcards.main(["--out", str(after), "--config", str(repo_copy / "mkdocs.yml")]) == 0
    old, new = notes(before / PACKAGE), notes(after / PACKAGE)
    assert set(old) == set(new), "an edited answer must keep its card id"
    changed = [g for g in old if old[g] != new[g]]
    assert len(changed) == 1 and "Edited." in new[changed[0]][0]
