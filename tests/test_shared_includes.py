"""One source for shared formulas and reference numbers (spec section 6): pages include them from
includes/, the validator catches a hand-written copy, and the built pages show the same text."""
from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from conftest import ROOT, validate
from test_built_site import article, html_for

import hooks

CONFIG = validate.load_config(ROOT / "mkdocs.yml")
SHARED = validate.load_shared(CONFIG)
PAGES = {p.relative_to(CONFIG.docs).as_posix(): validate.read_page(CONFIG, p) for p in sorted(CONFIG.docs.rglob("*.md"))}
CHEAT_SHEET = "practice/cheat-sheet.md"


def included_by(rel: str) -> set[str]:
    return {target for _, _, target in PAGES[rel].includes}


def findings(root: Path, rel: str) -> list[validate.Finding]:
    config = validate.load_config(root / "mkdocs.yml")
    return validate.validate(config, [config.docs / rel]).findings


def replace_include(root: Path, rel: str, target: str, text: str) -> int:
    """Replace the line including `target` on a page with `text`; return that line's number."""
    path = root / "docs" / rel
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.strip() == f'--8<-- "{target}"')
    lines[number:number + 1] = text.split("\n")
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


def test_a_mismatched_formula_in_a_copy_of_the_tree_fails(repo_copy):
    rel = "framework/05-evaluation.md"
    line = replace_include(repo_copy, rel, "formulas.md:normalized-entropy",
                           "$$\n\\text{NE} = \\frac{\\text{LL}}{-\\log_2 \\bar{p}}\n$$")
    hits = [f for f in findings(repo_copy, rel) if f.code == "I801"]
    assert [(f.path, f.line) for f in hits] == [(f"docs/{rel}", line)]
    assert 'formulas.md:normalized-entropy' in hits[0].message


def test_the_same_formula_under_another_name_fails(repo_copy):
    rel = "framework/04-model-development.md"
    line = replace_include(repo_copy, rel, "formulas.md:log-loss",
                           "$$\nL = -\\frac{1}{N} \\sum_{i=1}^{N} \\big[ y_i \\log p_i + (1 - y_i) \\log (1 - p_i) \\big]\n$$")
    assert [(f.code, f.line) for f in findings(repo_copy, rel)] == [("I801", line)]


def test_worked_arithmetic_with_a_shared_formula_is_allowed(repo_copy):
    rel = "framework/01-clarifying-requirements.md"
    path = repo_copy / "docs" / rel
    path.write_text(path.read_text(encoding="utf-8")
                    + "\nWorked: $\\text{QPS}_{\\text{avg}} = 10^9 / 86{,}400 \\approx 11{,}574$.\n", encoding="utf-8")
    assert not findings(repo_copy, rel)


def test_a_retyped_running_example_table_with_other_numbers_fails(repo_copy):
    rel = "framework/06-deployment-and-serving.md"
    section = (ROOT / "includes" / "running-example.md").read_text(encoding="utf-8")
    table = "\n".join(l for l in section.split("[start:latency-budget]")[1].split("\n")[1:] if l.startswith("|"))
    retyped = table.replace("| 60 ms |", "| 80 ms |").replace("| 50 ms |", "| 30 ms |")
    assert retyped != table
    line = replace_include(repo_copy, rel, "running-example.md:latency-budget", retyped)
    assert [(f.code, f.line) for f in findings(repo_copy, rel)] == [("I802", line)]


def test_an_include_of_a_missing_section_fails(repo_copy):
    rel = CHEAT_SHEET
    line = replace_include(repo_copy, rel, "formulas.md:ndcg", '--8<-- "formulas.md:ndgc"')
    found = [f for f in findings(repo_copy, rel) if f.code == "I803"]
    assert [f.line for f in found] == [line] and "ndcg" in found[0].message


def test_every_shared_section_is_used_by_some_page():
    used = set().union(*(included_by(rel) for rel in PAGES))
    defined = {f"{name}:{section}" for name, sections in SHARED.sections.items() for section in sections}
    assert defined, "includes/ defines no sections"
    assert not defined - used, f"shared sections no page includes: {sorted(defined - used)}"


def test_the_cheat_sheet_writes_no_formula_and_teaches_nothing_the_chapters_do_not():
    page = PAGES[CHEAT_SHEET]
    assert not [line for line, _, display in page.math if display], "the cheat sheet must include its formulas"
    chapters = set().union(*(included_by(rel) for rel in PAGES if rel != CHEAT_SHEET
                             and validate.page_kind(rel) in ("framework", "case-study")))
    missing = sorted(t for t in included_by(CHEAT_SHEET) if t.startswith("formulas.md:") and t not in chapters)
    assert not missing, f"cheat-sheet formulas that no chapter includes: {missing}"


def test_a_shared_formula_renders_identically_on_the_cheat_sheet_and_in_its_chapter(built_site):
    def formula(rel: str) -> str:
        blocks = [b.get_text() for b in article(html_for(built_site, rel)).select("div.arithmatex")]
        match = [b for b in blocks if "\\text{NE} =" in b]
        assert len(match) == 1, f"{rel}: expected one NE formula, found {len(match)}"
        return match[0]

    assert formula(CHEAT_SHEET) == formula("framework/05-evaluation.md")


def test_every_page_shows_its_review_date_under_the_title(built_site):
    for rel, page in PAGES.items():
        day = str(page.meta["last_reviewed"])
        h1 = article(html_for(built_site, rel)).find("h1")
        note = h1.find_next_sibling()
        assert note is not None and "last-reviewed" in (note.get("class") or []), rel
        assert note.find("time")["datetime"] == day, rel


@pytest.mark.parametrize("value, shown", [
    (datetime.date(2026, 11, 28), "28 November 2026"),
    ("2026-02-01", "1 February 2026"),
])
def test_review_note_follows_the_first_h1(value, shown):
    html = hooks.reviewed_note("<h1>Title</h1><p>Body</p><h1>Other</h1>", {"last_reviewed": value})
    assert re.fullmatch(r'<h1>Title</h1><p class="last-reviewed"[^>]*>Last reviewed <time datetime="[\d-]+">'
                        + shown + r"</time></p><p>Body</p><h1>Other</h1>", html)


def test_review_note_leaves_a_bad_date_to_the_validator():
    assert hooks.reviewed_note("<h1>T</h1>", {"last_reviewed": "soon"}) == "<h1>T</h1>"


@pytest.mark.parametrize("value, message", [
    ("2026-13-01", "write a date as YYYY-MM-DD"),
    ("next week", "write a date as YYYY-MM-DD"),
    ((datetime.date.today() + datetime.timedelta(days=2)).isoformat(), "in the future"),
])
def test_validator_rejects_a_bad_review_date(repo_copy, value, message):
    rel = "glossary.md"
    path = repo_copy / "docs" / rel
    text = re.sub(r"(?m)^last_reviewed: .*$", f"last_reviewed: {value}", path.read_text(encoding="utf-8"), count=1)
    path.write_text(text, encoding="utf-8")
    found = [f for f in findings(repo_copy, rel) if f.code == "M204"]
    assert len(found) == 1 and message in found[0].message and found[0].line == 4
