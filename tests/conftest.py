"""Shared fixtures: the repository, a disposable copy of it, and one strict build of the site."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import validate  # noqa: E402


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A copy of mkdocs.yml, docs/ (without the vendored assets) and includes/ to break on purpose."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("vendor"))
    shutil.copytree(ROOT / "includes", tmp_path / "includes")
    return tmp_path


def run_validator(root: Path, *args: str) -> tuple[int, list[validate.Finding], str]:
    """Run the validator's main() in a repository folder; return (exit code, findings, stdout)."""
    import contextlib
    import io

    config = validate.load_config(root / "mkdocs.yml")
    paths = None
    if args:
        paths = [config.docs / a for a in args]
    result = validate.validate(config, paths)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = validate.main(["--config", str(root / "mkdocs.yml"), *[str(p) for p in (paths or [])]])
    return code, result.findings, out.getvalue()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """Build the real site once with --strict into a temporary folder; fail on any warning."""
    out = tmp_path_factory.mktemp("site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, capture_output=True, text=True, env=env,
    )
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    return out
