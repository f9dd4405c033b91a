"""Vendored assets match their pins; the template and the scaffolding produce valid case studies."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, validate

import new_case_study
import schema
import vendor_assets


def test_vendored_assets_are_present_and_pinned():
    assert vendor_assets.check(vendor_assets.load_pins()) == []


def test_every_vendored_package_ships_its_licence():
    for name, pin in vendor_assets.load_pins().items():
        assert (ROOT / pin["dest"] / "LICENSE").is_file(), f"{name} has no LICENSE next to its files"


def test_vendored_assets_are_the_ones_the_site_loads():
    config = validate.load_config(ROOT / "mkdocs.yml")
    for script in config.data["extra_javascript"]:
        assert (config.docs / str(script)).is_file(), f"{script} is listed in mkdocs.yml but missing"


@pytest.fixture
def vendored_copy(tmp_path):
    pins = vendor_assets.load_pins()
    for pin in pins.values():
        shutil.copytree(ROOT / pin["dest"], tmp_path / pin["dest"])
    manifest = tmp_path / "docs" / "assets" / "vendor" / "manifest.json"
    shutil.copy(vendor_assets.MANIFEST, manifest)
    return tmp_path, pins, manifest


def test_a_missing_vendored_file_is_detected(vendored_copy):
    root, pins, manifest = vendored_copy
    (root / pins["@mermaid-js/tiny"]["dest"] / "mermaid.tiny.js").unlink()
    problems = vendor_assets.check(pins, manifest, root)
    assert any("mermaid.tiny.js is missing" in p for p in problems)


def test_a_modified_vendored_file_is_detected(vendored_copy):
    root, pins, manifest = vendored_copy
    path = root / pins["katex"]["dest"] / "katex.min.css"
    path.write_text(path.read_text() + "/* edited */")
    assert any("differs" in p for p in vendor_assets.check(pins, manifest, root))


def test_a_version_other_than_the_pin_is_detected(vendored_copy):
    root, pins, manifest = vendored_copy
    pins = json.loads(json.dumps(pins))
    pins["@mermaid-js/tiny"]["version"] = "99.0.1"
    pins["@mermaid-js/tiny"]["version_marker"] = "99.0.1"
    problems = vendor_assets.check(pins, manifest, root)
    assert any("vendored 11.17.2, pinned 99.0.1" in p for p in problems)
    assert any("no script contains the pinned version 99.0.1" in p for p in problems)


def test_the_template_passes_every_check():
    config = validate.load_config(ROOT / "mkdocs.yml")
    result = validate.validate(config, [config.docs / schema.CASE_STUDY_TEMPLATE])
    assert result.findings == []


def test_template_headings_come_from_the_schema():
    text = (ROOT / "docs" / schema.CASE_STUDY_TEMPLATE).read_text(encoding="utf-8")
    for step in schema.STEPS:
        assert schema.step_heading(step) in text.split("\n")


def test_new_case_study_passes_every_structure_check(repo_copy):
    target = new_case_study.create(repo_copy, "Email spam filtering", "email-spam-filtering")
    assert target == repo_copy / "docs" / "case-studies" / "email-spam-filtering.md"
    config = validate.load_config(repo_copy / "mkdocs.yml")
    assert ("case-studies/email-spam-filtering.md", ) in {(p,) for p, _ in config.nav_paths}
    result = validate.validate(config)
    codes = {f.code for f in result.findings}
    assert codes == {"S404", "S409"}, "\n".join(f.text() for f in result.findings)
    assert all(f.path == "docs/case-studies/email-spam-filtering.md" for f in result.findings)
    text = target.read_text(encoding="utf-8")
    assert text.count("# Email spam filtering") == 1 and "status: template" not in text
    assert "template-only" not in text
    assert re.search(r"(?m)^last_reviewed: \d{4}-\d{2}-\d{2}$", text)


def test_new_case_study_refuses_bad_slugs_and_duplicates(repo_copy, capsys):
    assert new_case_study.main(["--title", "X", "--slug", "Not Kebab", "--root", str(repo_copy)]) == 2
    assert "kebab-case" in capsys.readouterr().err
    assert new_case_study.main(["--title", "Visual search", "--slug", "visual-search", "--root", str(repo_copy)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert new_case_study.main(["--slug", "x"]) == 2


def mutate(root: Path, rel: str, old: str, new: str) -> int:
    """Replace the first `old` in a copied page; return the line it was on."""
    page = root / "docs" / rel
    text = page.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}: update this test"
    line = text[: text.index(old)].count("\n") + 1
    page.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


BREAKAGES = {
    "link": ("case-studies/visual-search.md", "](../framework/", "](../framwork/", "L301"),
    "anchor": ("case-studies/index.md", "](../framework/index.md)", "](../framework/index.md#no-such-step)", "L302"),
    "step-heading": ("case-studies/video-search.md", "## 5. Evaluation { #evaluation }", "## 5. Evaluation { #evalution }", "S403"),
    "diagram-accessibility": ("case-studies/street-view-blurring.md", "accTitle:", "title:", "D501"),
    "front-matter": ("case-studies/harmful-content-detection.md", "difficulty: ", "difficulty: impossible-", "M204"),
}


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_breaking_a_copy_of_docs_fails_on_the_right_file_and_line(repo_copy, name):
    rel, old, new, code = BREAKAGES[name]
    line = mutate(repo_copy, rel, old, new)
    if code.startswith("D"):  # diagram findings point at the fence that opens the diagram
        lines = (repo_copy / "docs" / rel).read_text(encoding="utf-8").split("\n")
        line = max(i + 1 for i in range(line) if lines[i].lstrip().startswith("```mermaid"))
    exit_code = validate.main(["--config", str(repo_copy / "mkdocs.yml")])
    assert exit_code == 1
    result = validate.validate(validate.load_config(repo_copy / "mkdocs.yml"))
    assert any(f.code == code and f.path == f"docs/{rel}" and f.line == line for f in result.findings), \
        "\n".join(f.text() for f in result.findings)


NAV_GROUPED = """nav:
  - Case studies:
      - case-studies/index.md
      - From the book:
          - case-studies/a.md
      - Beyond the book:
          - case-studies/b.md
  - Practice:
      - practice/x.md"""


def test_a_new_case_study_joins_the_end_of_the_beyond_the_book_group():
    lines = new_case_study.add_to_nav(NAV_GROUPED, "case-studies/new.md").split("\n")
    assert lines[lines.index("          - case-studies/b.md") + 1] == "          - case-studies/new.md"
    assert lines[-2:] == ["  - Practice:", "      - practice/x.md"]


def test_a_new_case_study_creates_the_group_when_the_nav_has_none():
    only_book = NAV_GROUPED.replace("      - Beyond the book:\n          - case-studies/b.md\n", "")
    lines = new_case_study.add_to_nav(only_book, "case-studies/new.md").split("\n")
    at = lines.index("          - case-studies/a.md")
    assert lines[at + 1:at + 3] == ["      - Beyond the book:", "          - case-studies/new.md"]
