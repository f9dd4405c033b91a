"""Releases: the workflow runs the same command as a contributor, every file it attaches is listed on
the downloads page, and a local run writes the files with checksums that verify."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zipfile

import yaml

from conftest import ROOT

import handbook
import release

WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"


def test_the_release_workflow_runs_the_local_command_on_version_tags():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert flow[True]["push"]["tags"] == ["v*"]  # YAML reads the key `on` as True
    steps = flow["jobs"]["release"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert any(r.strip() == "./dev release --out dist/release" for r in runs)
    attach = next(s for s in steps if str(s.get("uses", "")).startswith("softprops/action-gh-release@"))
    assert attach["with"]["files"] == "dist/release/*"
    assert flow["permissions"]["contents"] == "write"


def test_every_chapter_and_case_study_gets_a_pdf_with_a_stable_name():
    book = handbook.Handbook.load(handbook.load_config(ROOT / "mkdocs.yml"))
    items = release.artefacts(book)
    names = [a.name for a in items]
    assert len(names) == len(set(names))
    chapters = {a.page for a in items if a.kind == "chapter"}
    for kind in release.CHAPTER_KINDS:
        assert {p.rel for p in book.of_kind(kind)} <= chapters
    assert release.chapter_pdf_name("case-studies/visual-search.md") == "case-study-visual-search.pdf"
    assert names[0] == "ml-system-design-handbook.pdf" and names[-1] == "SHA256SUMS"


def test_the_downloads_page_links_every_file_of_the_latest_release():
    book = handbook.Handbook.load(handbook.load_config(ROOT / "mkdocs.yml"))
    items = release.artefacts(book)
    text = release.downloads(items, "https://github.com/o/r/")
    for item in items:
        assert f"(https://github.com/o/r/releases/latest/download/{item.name})" in text
    assert "## Case studies as PDFs { #case-study-pdfs }" in text


def test_checksums_are_in_the_format_sha256sum_reads(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    line = release.checksums(tmp_path, ["a.txt"])
    assert line == f"{hashlib.sha256(b'x').hexdigest()}  a.txt\n"


def test_a_local_release_run_writes_every_planned_file_with_matching_checksums(chromium, tmp_path):
    out = tmp_path / "release"
    # As a contributor runs it (./dev release), in its own process: it drives its own browser.
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "release.py"), "--out", str(out),
                          "--chapters", "case-studies/visual-search.md", "--no-book"],
                         capture_output=True, text=True, env=dict(os.environ, CHROMIUM=chromium))
    assert run.returncode == 0, run.stdout + run.stderr
    progress = run.stdout
    assert "[1/5] case-study-visual-search.pdf" in progress and "[5/5] SHA256SUMS" in progress
    files = sorted(p.name for p in out.iterdir())
    assert files == ["SHA256SUMS", "case-study-visual-search.pdf", "ml-system-design-handbook-offline.zip",
                     "ml-system-design-handbook.apkg", "ml-system-design-handbook.csv"]
    for line in (out / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
    assert (out / "case-study-visual-search.pdf").read_bytes().startswith(b"%PDF")
    with zipfile.ZipFile(out / "ml-system-design-handbook-offline.zip") as archive:
        assert "ml-system-design-handbook/index.html" in archive.namelist()
