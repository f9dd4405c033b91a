"""Shared fixtures: the repository, a disposable copy of it, one strict build, and a browser."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import site_tools  # noqa: E402
import validate  # noqa: E402


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A copy of mkdocs.yml, docs/ (without the vendored assets) and includes/ to break on purpose."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("vendor"))
    shutil.copytree(ROOT / "includes", tmp_path / "includes")
    return tmp_path


@pytest.fixture(scope="session")
def site_port() -> int:
    """The port the test site is built for (its site_url) and served on."""
    return site_tools.free_port()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, site_port) -> Path:
    """Build the real site once with --strict into a temporary folder; fail on any warning."""
    out = tmp_path_factory.mktemp("site")
    result = site_tools.build(out, f"http://127.0.0.1:{site_port}/")
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    return out


@pytest.fixture(scope="session")
def origin(built_site, site_port):
    """The built site served on 127.0.0.1 at the origin its site_url names."""
    with site_tools.serve(built_site, site_port) as url:
        yield url


@pytest.fixture(scope="session")
def client_side_origin(tmp_path_factory):
    """A second build in which every diagram is rendered by Mermaid in the browser (the fallback
    for diagrams without a stored SVG), served at the origin its site_url names."""
    port = site_tools.free_port()
    out = tmp_path_factory.mktemp("site-client-side")
    result = site_tools.build(out, f"http://127.0.0.1:{port}/", static_diagrams=False)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    with site_tools.serve(out, port) as url:
        yield url


@pytest.fixture(scope="session")
def chromium() -> str:
    executable = site_tools.find_chromium()
    if executable:
        return executable
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail("REQUIRE_BROWSER=1 but no Chromium was found: install Debian's `chromium` or set CHROMIUM")
    pytest.skip("browser tests need Chromium: install Debian's `chromium` or set CHROMIUM=/path/to/chromium")


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = site_tools.launch(playwright, chromium)
        yield instance
        instance.close()
