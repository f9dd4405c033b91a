"""Building blocks: every technique a case study uses is explained by exactly one block (or is
deliberately unexplained, in one place), and the generated lists match the front matter."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from test_built_site import article, html_for

import hooks
import schema

DOCS = ROOT / "docs"
BLOCKS = hooks.building_blocks(DOCS)
STUDIES = hooks.case_studies(DOCS)


def declared(pages) -> set[str]:
    return {t for _, meta in pages for t in meta.get("techniques") or []}


def test_every_technique_a_case_study_uses_is_explained_once_or_deliberately_not():
    explained: dict[str, list[str]] = {}
    for rel, meta in BLOCKS:
        for technique in meta.get("techniques") or []:
            explained.setdefault(technique, []).append(rel)
    twice = {t: rels for t, rels in explained.items() if len(rels) > 1}
    assert not twice, f"techniques explained by more than one block: {twice}"
    both = set(explained) & set(schema.UNEXPLAINED_TECHNIQUES)
    assert not both, f"explained by a block yet listed as unexplained in scripts/schema.py: {sorted(both)}"
    missing = declared(STUDIES) - set(explained) - set(schema.UNEXPLAINED_TECHNIQUES)
    assert not missing, f"case-study techniques no block explains: {sorted(missing)}"


def test_the_unexplained_list_uses_vocabulary_slugs():
    unknown = set(schema.UNEXPLAINED_TECHNIQUES) - set(schema.TECHNIQUES)
    assert not unknown, f"UNEXPLAINED_TECHNIQUES names slugs missing from TECHNIQUES: {sorted(unknown)}"


def test_the_unexplained_list_names_only_techniques_case_studies_use():
    stale = set(schema.UNEXPLAINED_TECHNIQUES) - declared(STUDIES)
    assert not stale, f"remove from UNEXPLAINED_TECHNIQUES, no case study uses them: {sorted(stale)}"


def test_users_of_a_block_are_the_case_studies_sharing_a_technique():
    studies = [("case-studies/a.md", {"techniques": ["two-tower", "re-ranking"]}),
               ("case-studies/b.md", {"techniques": ["calibration"]})]
    assert hooks.users_of({"techniques": ["two-tower"]}, studies) == studies[:1]
    assert hooks.users_of({"techniques": ["hashing-trick"]}, studies) == []


def section_links(soup, ident: str) -> list[str]:
    heading = soup.find("h2", id=ident)
    assert heading is not None, f"no section #{ident}"
    links = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        links += [a["href"] for a in sibling.find_all("a", href=True) if not a["href"].startswith("#")]
    return links


@pytest.mark.parametrize("rel,meta", BLOCKS, ids=[rel for rel, _ in BLOCKS])
def test_used_in_lists_exactly_the_case_studies_whose_techniques_intersect(built_site, rel, meta):
    soup = article(html_for(built_site, rel))
    shown = {Path(href.split("#")[0].rstrip("/")).name for href in section_links(soup, "used-in")}
    expected = {Path(r).stem for r, m in STUDIES if set(m.get("techniques") or []) & set(meta["techniques"])}
    assert shown == expected


def test_technique_matrix_rows_link_the_block_that_explains_them(built_site):
    explained = hooks.explainers(BLOCKS)
    tables = article(html_for(built_site, "case-studies/index.md")).select(".technique-matrix table")
    rows = {" ".join(row.find("td").get_text().split()): row.find("td").find("a")
            for table in tables for row in table.select("tbody tr")}
    assert rows, "the technique matrix is empty"
    for technique in declared(STUDIES):
        name = schema.TECHNIQUES[technique]
        assert name in rows, f"{name} missing from the matrix"
        anchor = rows[name]
        if technique in explained:
            target = Path(explained[technique][0]).stem
            assert anchor is not None and target in anchor["href"], f"{name} should link {target}"
        else:
            assert anchor is None, f"{name} links a page although no block explains it"


def test_index_lists_every_block_once_under_its_group(built_site):
    soup = article(html_for(built_site, "building-blocks/index.md"))
    listed = []
    for ident, title in schema.BUILDING_BLOCK_GROUPS.items():
        heading = soup.find(id=ident)
        assert heading is not None and heading.get_text(strip=True).startswith(title), f"no heading for {title}"
        table = heading.find_next("table")
        names = [" ".join(row.find("td").get_text().split()) for row in table.select("tbody tr")]
        assert names == [meta["title"] for _, meta in BLOCKS if meta["group"] == ident]
        listed += names
    assert listed == [meta["title"] for _, meta in BLOCKS]
