"""One test per finding code: each fixture breaks one rule and must produce that code on the right line."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import validate

import new_case_study

FIXTURES = Path(__file__).parent / "fixtures" / "findings"
CASES = yaml.safe_load((FIXTURES / "cases.yml").read_text(encoding="utf-8"))


def write_fixture(root: Path, case: dict, monkeypatch) -> Path:
    docs = root / "docs"
    target = docs / case["at"]
    if case.get("setup") == "nav-group":  # move an existing case study into the other nav group
        config = root / "mkdocs.yml"
        entry = f"- {case['at']}"
        lines = [l for l in config.read_text(encoding="utf-8").split("\n") if l.strip() != entry]
        at = next(i for i, l in enumerate(lines) if l.strip() == "- case-studies/index.md")
        lines[at + 1:at + 1] = ["      - Beyond the book:", f"          {entry}"]
        config.write_text("\n".join(lines), encoding="utf-8")
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    if case.get("template"):
        text = new_case_study.strip_template_notes(
            (docs / "contributing" / "case-study-template.md").read_text(encoding="utf-8"))
    elif case.get("file"):
        text = (FIXTURES / case["file"]).read_text(encoding="utf-8")
    else:
        text = ""
    for pattern, replacement in case.get("replace", []):
        new = re.sub(pattern, replacement, text, count=1, flags=re.S | re.M)
        assert new != text, f"fixture replacement {pattern!r} matched nothing: update cases.yml"
        text = new
    setup = case.get("setup")
    if setup == "symlink":
        real = root / "outside.md"
        real.write_text(text, encoding="utf-8")
        target.symlink_to(real)
    elif setup == "bytes":
        lines = text.split("\n")
        lines[case["line"] - 1] = "Bad byte here: \udcff"
        target.write_bytes("\n".join(lines).encode("utf-8", "surrogateescape"))
    elif setup == "crlf":
        target.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    elif setup == "large":
        target.write_text(text + ("filler words " * 100_000), encoding="utf-8")
    elif setup == "unreadable":
        target.write_text(text, encoding="utf-8")
        original = Path.read_bytes

        def deny(self):
            if self == target:
                raise PermissionError(13, "Permission denied")
            return original(self)

        monkeypatch.setattr(Path, "read_bytes", deny)
    else:
        target.write_text(text, encoding="utf-8")
    config = root / "mkdocs.yml"
    if setup == "nav-missing":
        text = config.read_text(encoding="utf-8").replace("  - Glossary: glossary.md", "  - Glossary: glossary.md\n  - Ghost: notes/ghost.md")
        config.write_text(text + "\nnot_in_nav: |\n  /notes/\n", encoding="utf-8")
    elif setup != "nav":
        config.write_text(config.read_text(encoding="utf-8") + f"\nnot_in_nav: |\n  /{case['at']}\n", encoding="utf-8")
    return target


def expected_line(root: Path, case: dict) -> int:
    if "line" in case:
        return case["line"]
    if "line_in_config" in case:
        lines = (root / "mkdocs.yml").read_text(encoding="utf-8").split("\n")
        return next(i + 1 for i, l in enumerate(lines) if case["line_in_config"] in l)
    lines = (root / "docs" / case["at"]).read_text(encoding="utf-8").split("\n")
    return next(i + 1 for i, l in enumerate(lines) if re.search(case["line_of"], l))


@pytest.mark.parametrize("code", sorted(CASES))
def test_finding_code_is_reported_on_the_right_file_and_line(code, repo_copy, monkeypatch):
    case = CASES[code]
    write_fixture(repo_copy, case, monkeypatch)
    config = validate.load_config(repo_copy / "mkdocs.yml")
    whole_tree = case.get("setup") in ("nav", "nav-missing", "nav-group")
    result = validate.validate(config, None if whole_tree else [config.docs / case["at"]])
    line = expected_line(repo_copy, case) if case.get("setup") != "unreadable" else 1
    path = "mkdocs.yml" if "line_in_config" in case else f"docs/{case['at']}"
    hits = [f for f in result.findings if f.code == code]
    assert any(f.path == path and f.line == line for f in hits), \
        f"expected {code} at {path}:{line}, got:\n" + "\n".join(f.text() for f in result.findings)
    allowed = {code, *case.get("also", [])}
    unexpected = [f.text() for f in result.findings if f.code not in allowed]
    assert not unexpected, "unexpected findings:\n" + "\n".join(unexpected)


def test_the_prompt_fixture_passes_every_check(repo_copy):
    target = repo_copy / "docs" / "practice" / "prompts" / "fixture.md"
    target.write_text((FIXTURES / "prompt.md").read_text(encoding="utf-8"), encoding="utf-8")
    config = validate.load_config(repo_copy / "mkdocs.yml")
    result = validate.validate(config, [target])
    assert not result.findings, "\n".join(f.text() for f in result.findings)


def test_every_code_has_a_fixture_case():
    testable_elsewhere = {"L307"}  # needs the network; tested with a fake fetcher in test_validator_cli
    assert set(validate.CODES) - testable_elsewhere == set(CASES)


def test_every_finding_names_a_fix(repo_copy):
    (repo_copy / "docs" / "notes").mkdir()
    (repo_copy / "docs" / "notes" / "links.md").write_text((FIXTURES / "links.md").read_text())
    config = validate.load_config(repo_copy / "mkdocs.yml")
    result = validate.validate(config, [config.docs / "notes" / "links.md"])
    assert result.findings
    for f in result.findings:
        assert "(fix: " in f.message, f.text()
        assert re.match(r"^docs/notes/links\.md:\d+:\d+: [A-Z]\d{3} ", f.text())


def nav_group_findings(root: Path, move: str, group: str) -> list[str]:
    """Move the nav entry `move` into a new nav group `group` right under 'Building blocks' and validate."""
    config = root / "mkdocs.yml"
    entry = f"- {move}"
    lines = [l for l in config.read_text(encoding="utf-8").split("\n") if l.strip() != entry]
    at = next(i for i, l in enumerate(lines) if l.strip() == "- building-blocks/index.md")
    lines[at + 1:at + 1] = [f"      - {group}:", f"          {entry}"]
    config.write_text("\n".join(lines), encoding="utf-8")
    result = validate.validate(validate.load_config(config), None)
    return [f.text() for f in result.findings]


def test_a_building_block_outside_its_groups_nav_group_is_reported(repo_copy):
    found = nav_group_findings(repo_copy, "building-blocks/embeddings.md", "Generative AI")
    assert any("N603" in f and "`building-blocks/embeddings.md` is under 'Generative AI'" in f
               and "directly under its section" in f for f in found), found


def test_a_generative_ai_block_listed_directly_under_building_blocks_is_reported(repo_copy):
    genai = [p for p in sorted((repo_copy / "docs" / "building-blocks").glob("*.md"))
             if "group: generative-ai" in p.read_text(encoding="utf-8")]
    assert genai, "no building block has group: generative-ai"
    rel = genai[0].relative_to(repo_copy / "docs").as_posix()
    found = nav_group_findings(repo_copy, rel, "Extra")  # out of 'Generative AI', into an unrelated group
    assert any("N603" in f and f"`{rel}` is outside the nav groups of its section" in f
               and "belongs under 'Generative AI'" in f for f in found), found
