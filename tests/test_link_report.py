"""The weekly dead-link report: the validator's JSON turned into one GitHub issue body."""
from __future__ import annotations

import json
from pathlib import Path

import link_report

REPORT = json.loads((Path(__file__).parent / "fixtures" / "links-report.json").read_text(encoding="utf-8"))


def test_only_external_link_findings_are_reported_in_file_order():
    found = link_report.dead_links(REPORT)
    assert [(f["path"], f["line"]) for f in found] == [
        ("docs/case-studies/visual-search.md", 7), ("docs/glossary.md", 40)]


def test_issue_body_lists_each_dead_link_with_its_place_and_reason():
    body = link_report.issue_body(link_report.dead_links(REPORT), "https://ci.example/runs/1")
    rows = [line for line in body.splitlines() if line.startswith("| `")]
    assert rows == [
        "| `docs/case-studies/visual-search.md:7` | external link does not answer: `https://example.org/a\\|b`: URLError |",
        "| `docs/glossary.md:40` | external link does not answer: `https://example.org/gone`: HTTP 404 |",
    ]
    assert body.startswith("The weekly check found 2 external link(s)") and body.endswith("Run: https://ci.example/runs/1")


def test_no_dead_links_gives_a_closing_body():
    assert link_report.issue_body([]) == "No dead external links."


def test_unreadable_report_is_an_error_not_a_traceback(tmp_path, capsys):
    bad = tmp_path / "links.json"
    bad.write_text("{not json", encoding="utf-8")
    assert link_report.main([str(bad)]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_publish_needs_a_token(tmp_path, monkeypatch, capsys):
    report = tmp_path / "links.json"
    report.write_text(json.dumps(REPORT), encoding="utf-8")
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    assert link_report.main([str(report), "--publish"]) == 2
    assert "GITHUB_TOKEN" in capsys.readouterr().err
