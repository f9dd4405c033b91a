"""Every script imports: a name moved between modules breaks the script at once, not on its next run."""
from __future__ import annotations

import importlib

import pytest

from conftest import ROOT

SCRIPTS = sorted(p.stem for p in (ROOT / "scripts").glob("*.py"))


@pytest.mark.parametrize("name", SCRIPTS)
def test_script_imports(name):
    importlib.import_module(name)
