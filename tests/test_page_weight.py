"""The pieces that keep first visits light: assets only the print page uses stay off other pages,
and the budget script visits every page of the sitemap."""
from __future__ import annotations

from pathlib import Path

import budget
import hooks

FIXTURES = Path(__file__).parent / "fixtures" / "built"


def test_ordinary_pages_lose_the_print_page_assets_and_keep_the_rest():
    html = (FIXTURES / "page-head.html").read_text(encoding="utf-8")
    out = hooks.without_print_page_assets(html)
    assert "print-site.css" not in out and "js/print-site.js" not in out
    for kept in ("main.57a0d79d.min.css", "print-site-material.css", "bundle.a5f9d56c.min.js", "<h1>Title</h1>"):
        assert kept in out
    assert hooks.without_print_page_assets(out) == out


def test_built_pages_carry_no_print_page_assets_but_the_print_page_does(built_site):
    assert "js/print-site.js" not in (built_site / "index.html").read_text(encoding="utf-8")
    assert "js/print-site.js" in (built_site / "print_page" / "index.html").read_text(encoding="utf-8")


def test_budget_visits_every_sitemap_page_except_the_print_page(tmp_path):
    (tmp_path / "sitemap.xml").write_text((FIXTURES / "sitemap.xml").read_text(encoding="utf-8"), encoding="utf-8")
    assert budget.sitemap_paths(tmp_path) == ["", "glossary/", "case-studies/visual-search/"]


def test_search_on_intent_script_loads_before_the_theme_bundle(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert html.index("search-on-intent.js") < html.index("bundle.")
