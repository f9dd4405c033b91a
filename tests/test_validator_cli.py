"""The validator's command line: exit codes, output formats, usage errors and external links."""
from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, validate


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = validate.main(list(argv))
    return code, out.getvalue(), err.getvalue()


def break_a_link(root: Path) -> Path:
    page = root / "docs" / "glossary.md"
    page.write_text(page.read_text(encoding="utf-8").replace("(framework/05-evaluation.md)", "(framework/05-evalution.md)"))
    return page


def test_repository_sources_are_clean():
    code, out, _ = run("--config", str(ROOT / "mkdocs.yml"))
    assert code == 0, out
    assert out.strip().startswith("No findings")


def test_findings_exit_1_with_sorted_lines_and_a_summary(repo_copy):
    break_a_link(repo_copy)
    code, out, _ = run("--config", str(repo_copy / "mkdocs.yml"))
    assert code == 1
    lines = out.strip().split("\n")
    assert lines[-1].startswith("1 finding(s) in 1 file(s)")
    assert lines[0].startswith("docs/glossary.md:") and " L301 " in lines[0]


def test_github_format_prints_annotations(repo_copy):
    break_a_link(repo_copy)
    code, out, _ = run("--config", str(repo_copy / "mkdocs.yml"), "--format", "github")
    assert code == 1
    assert out.startswith("::error file=docs/glossary.md,line=")
    assert ",title=L301::" in out


def test_json_format_is_machine_readable(repo_copy):
    break_a_link(repo_copy)
    code, out, _ = run("--config", str(repo_copy / "mkdocs.yml"), "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert data["summary"]["findings"] == 1
    assert data["findings"][0]["code"] == "L301" and data["findings"][0]["path"] == "docs/glossary.md"


def test_paths_limit_the_check_to_those_files(repo_copy):
    break_a_link(repo_copy)
    code, out, _ = run("--config", str(repo_copy / "mkdocs.yml"), str(repo_copy / "docs" / "index.md"))
    assert code == 0, out


def test_unknown_option_is_a_usage_error():
    code, _, err = run("--no-such-option")
    assert code == 2 and "usage" in err


def test_missing_path_is_a_usage_error():
    code, _, err = run("--config", str(ROOT / "mkdocs.yml"), "docs/no-such-page.md")
    assert code == 2 and "no such file" in err


def test_path_outside_docs_is_a_usage_error():
    code, _, err = run("--config", str(ROOT / "mkdocs.yml"), str(ROOT / "mkdocs.yml"))
    assert code == 2 and "not inside the docs folder" in err


def test_unusable_config_is_a_configuration_error(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("nav: [unclosed\n")
    code, _, err = run("--config", str(tmp_path / "mkdocs.yml"))
    assert code == 2 and "not valid YAML" in err
    code, _, err = run("--config", str(tmp_path / "missing.yml"))
    assert code == 2 and "cannot read" in err


def test_a_key_given_twice_in_the_config_is_named_with_its_line(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: X\nplugins:\n  - print-site:\n      exclude: [a.md]\n"
                                         "      exclude: [b.md]\n")
    code, _, err = run("--config", str(tmp_path / "mkdocs.yml"))
    assert code == 2 and "mkdocs.yml:5: `exclude` is given twice" in err


def test_command_line_runs_as_a_script():
    result = subprocess.run([sys.executable, "scripts/validate.py", "--format", "json"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["summary"]["findings"] == 0


def test_external_links_are_checked_with_a_cache(repo_copy):
    page = repo_copy / "docs" / "notes.md"
    page.write_text("---\ntitle: N\ndescription: D.\n---\n\n# N\n\n[dead](https://dead.example.org/x) "
                    "[alive](https://alive.example.org/y)\n")
    calls = []

    def fake_fetch(url, timeout):
        calls.append(url)
        return "HTTP 404" if "dead" in url else None

    config = validate.load_config(repo_copy / "mkdocs.yml")
    pages = [validate.read_page(config, page)]
    findings = validate.check_external(pages, repo_copy, fetch=fake_fetch)
    assert [(f.code, f.line) for f in findings] == [("L307", 8)]
    assert "HTTP 404" in findings[0].message
    assert sorted(calls) == ["https://alive.example.org/y", "https://dead.example.org/x"]
    assert (repo_copy / ".cache" / "external-links.json").is_file()
    calls.clear()
    again = validate.check_external(pages, repo_copy, fetch=fake_fetch)
    assert calls == [] and again == findings  # answered from the cache, no network
