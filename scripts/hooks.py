"""MkDocs build hooks: pages generated from the chapters' own front matter and sources.

Markers in a page are replaced at build time, so no list is kept by hand:
- `<!-- generated:case-study-list -->` (case-studies/index.md): every case study with its difficulty,
  ML task and key techniques, from each page's front matter, grouped "from the book" and "beyond it".
- `<!-- generated:technique-matrix -->` (case-studies/index.md): techniques by case studies, one matrix per part, each
  technique linked to the building block that explains it.
- `<!-- generated:building-block-index -->` (building-blocks/index.md): the blocks, one table per group.
- `<!-- generated:used-in -->` (each building block): the case studies whose techniques it explains.
- `<!-- generated:prompt-list -->` (practice/prompts/index.md): the practice prompts by difficulty.
- `<!-- generated:downloads -->` (downloads.md): every file of a release, linked to the latest one.
- `<!-- generated:question-bank -->` (practice/question-bank.md): every self-check and follow-up
  question with its answer, by step, building block and case study (scripts/practice.py).
- `<!-- generated:abbreviations -->` (glossary.md): the abbreviations of includes/abbreviations.md,
  the same file that gives every page its tooltips.
- `<!-- generated:finding-codes -->` (contributing/index.md): the validator's finding codes.
- `<!-- generated:requirements -->` (contributing/index.md): what each kind of page must contain.
"""
from __future__ import annotations

import datetime
import json
import logging
import os
import posixpath
import re
import sys
from pathlib import Path

from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parent))
import diagrams  # noqa: E402
import handbook  # noqa: E402  (the parsed model of the pages; the validator reads the same one)
import practice  # noqa: E402
import release  # noqa: E402
import schema  # noqa: E402
from findings import CODES  # noqa: E402

log = logging.getLogger("mkdocs.hooks.handbook")

ROOT = Path(__file__).resolve().parent.parent
ABBREVIATIONS = ROOT / "includes" / "abbreviations.md"
OFFLINE_SHIM = "assets/vendor/iframe-worker/shim.js"
MARKER = re.compile(r"<!--\s*generated:([a-z-]+)\s*-->")
# Diagram sources and LaTeX formulas are markup, not prose: keep them out of the search index.
H1_END = re.compile(r"</h1>")
# The print-site plugin's own stylesheet and script serve only its print page (banner, table of
# contents, numbered sections); print-site-material.css stays, since its @page rule sizes any print.
PRINT_PAGE_ONLY = re.compile(r'\s*<link href="[^"]*css/print-site\.css" rel="stylesheet"\s*/?>'
                             r'|\s*<script src="[^"]*js/print-site\.js"></script>')
NOT_SEARCHED = re.compile(r'<(pre\s+class="mermaid"|span class="arithmatex"|div class="arithmatex")')
# A practice prompt's hints and outline answer retell what the chapters explain; searching them would
# only push the chapters down, so the prompt is found by its title, its words and its questions.
PROMPT_NOT_SEARCHED = re.compile(r'<(details class="(?:%s|%s)")' % (schema.PROMPT_HINT, schema.PROMPT_OUTLINE))
# Reference lists (the References section and footnotes) are author names and identifiers: searching
# them finds every page that cites a paper rather than the page that explains it, and they are a
# twentieth of the index that every first search loads.
REFERENCES_SECTION = re.compile(r'(<h2 id="references">.*?</h2>)(.*?)(?=<h2[\s>]|<div class="footnote">|\Z)', re.S)
BLOCK_START = re.compile(r"<(p|ul|ol|div|table|dl|blockquote)(?=[\s>])")
FOOTNOTES = re.compile(r'<div class="footnote">')


def front_matters(docs: Path, folder: str, kind: str) -> list[tuple[str, dict]]:
    """(docs-relative path, front matter) of every page of one kind in a folder, by file name."""
    out = []
    for path in sorted((docs / folder).glob("*.md")):
        rel = path.relative_to(docs).as_posix()
        if handbook.page_kind(rel) != kind or rel == schema.CASE_STUDY_TEMPLATE:
            continue
        page = handbook.front_matter_page(docs, rel)
        if page is None or not page.meta_ok or not page.meta.get("title"):
            log.warning("%s: %s is unreadable or has unusable front matter; run scripts/validate.py", folder, rel)
            continue
        out.append((rel, page.meta))
    return out


def case_studies(docs: Path) -> list[tuple[str, dict]]:
    """Every case study, by index group (schema.CASE_STUDY_PARTS), then book chapter, then title."""
    parts = list(schema.CASE_STUDY_PARTS)

    def order(item):
        chapter = item[1].get("book_chapter")
        return (parts.index(schema.case_study_part(item[1])),
                chapter if isinstance(chapter, int) else 0, str(item[1].get("title")))

    return sorted(front_matters(docs, schema.CASE_STUDY_DIR, "case-study"), key=order)


def building_blocks(docs: Path) -> list[tuple[str, dict]]:
    """Every building block, ordered by group then title."""
    groups = list(schema.BUILDING_BLOCK_GROUPS)

    def order(item):
        group = item[1].get("group")
        return (groups.index(group) if group in groups else len(groups), str(item[1].get("title")))

    return sorted(front_matters(docs, schema.BUILDING_BLOCK_DIR, "building-block"), key=order)


def explainers(blocks: list[tuple[str, dict]]) -> dict[str, tuple[str, dict]]:
    """technique slug -> the building block whose front matter says it explains it."""
    out = {}
    for rel, meta in blocks:
        for technique in meta.get("techniques") or []:
            out.setdefault(technique, (rel, meta))
    return out


def link(rel: str, meta: dict, from_dir: str) -> str:
    """A Markdown link to the docs-relative page `rel`, written from a page in the folder `from_dir`."""
    target = posixpath.relpath(rel, from_dir or ".")
    return f"[{meta['title']}]({target})"


def names(values, vocabulary: dict) -> str:
    return ", ".join(vocabulary.get(v, str(v)) for v in values or [])


def case_study_list(studies: list[tuple[str, dict]], from_dir: str) -> str:
    """The case studies as one table per index group, each group under its own heading."""
    out = []
    for part, (title, intro) in schema.CASE_STUDY_PARTS.items():
        members = [(rel, meta) for rel, meta in studies if schema.case_study_part(meta) == part]
        heading = f"### {title} {{ #{part} }}\n\n{intro}"
        if not members:  # keep the heading, which links may target
            out.append(f"{heading}\n\nNo case study in this group yet.")
            continue
        book = part == "from-the-book"
        rows = ["| Case study |" + (" Book chapter |" if book else "") + " Difficulty | ML task | Key techniques |",
                "| --- |" + (" --- |" if book else "") + " --- | --- | --- |"]
        for rel, meta in members:
            chapter = f" {meta.get('book_chapter')} |" if book else ""
            rows.append(f"| {link(rel, meta, from_dir)} |{chapter} {str(meta.get('difficulty', '')).capitalize()} "
                        f"| {schema.ML_TASKS.get(meta.get('ml_task'), meta.get('ml_task', ''))} "
                        f"| {names(meta.get('techniques'), schema.TECHNIQUES)} |")
        out.append(f"{heading}\n\n" '<div class="case-study-list" markdown>\n\n' + "\n".join(rows) + "\n\n</div>")
    return "\n\n".join(out)


def prompts(docs: Path) -> list[tuple[str, dict]]:
    """Every practice prompt, ordered by title."""
    return sorted(front_matters(docs, schema.PROMPT_DIR, "prompt"), key=lambda item: str(item[1].get("title")))


def prompt_list(items: list[tuple[str, dict]], studies: dict[str, dict], from_dir: str) -> str:
    """The practice prompts as one table per difficulty, each with the case study that works it through."""
    out = []
    for level in schema.DIFFICULTIES:
        members = [(rel, meta) for rel, meta in items if meta.get("difficulty") == level]
        if not members:
            continue
        rows = ["| Prompt | ML task | Topics | Worked through in |", "| --- | --- | --- | --- |"]
        for rel, meta in members:
            study = str(meta.get("case_study") or "")
            worked = link(study, studies[study], from_dir) if study in studies else "prompt and outline only"
            rows.append(f"| {link(rel, meta, from_dir)} "
                        f"| {schema.ML_TASKS.get(meta.get('ml_task'), meta.get('ml_task', ''))} "
                        f"| {names(meta.get('tags'), schema.TAGS)} | {worked} |")
        out.append(f"### {level.capitalize()} ({len(members)}) {{ #{level} }}\n\n" + "\n".join(rows))
    return "\n\n".join(out) if out else "No practice prompts yet."


def technique_matrix(docs: Path, from_dir: str) -> str:
    """One matrix per case-study part (techniques by case studies, each row linking the block that
    explains it), so a part's columns fit the text column."""
    studies = case_studies(docs)
    explained = explainers(building_blocks(docs))
    out = []
    for part, (title, _) in schema.CASE_STUDY_PARTS.items():
        members = [(rel, meta) for rel, meta in studies if schema.case_study_part(meta) == part]
        if not members:
            continue
        used = [t for t in schema.TECHNIQUES if any(t in (m.get("techniques") or []) for _, m in members)]
        header = "| Technique | " + " | ".join(link(rel, meta, from_dir) for rel, meta in members) + " |"
        rows = [header, "| --- |" + " :-: |" * len(members)]
        for technique in used:
            cells = ["●" if technique in (meta.get("techniques") or []) else "" for _, meta in members]
            name = schema.TECHNIQUES[technique]
            if technique in explained:
                rel, meta = explained[technique]
                name = link(rel, {"title": name}, from_dir)
            rows.append(f"| {name} | " + " | ".join(cells) + " |")
        out.append(f"### {title} {{ #{handbook.technique_matrix_anchor(part)} }}\n\n"
                   '<div class="technique-matrix" markdown>\n\n' + "\n".join(rows) + "\n\n</div>")
    return "\n\n".join(out) if out else "No case studies yet."


def building_block_index(docs: Path, from_dir: str) -> str:
    """The building blocks, one table per group under its own heading, each block with the problem it
    solves and the case studies using it."""
    blocks = building_blocks(docs)
    studies = case_studies(docs)
    out = []
    for group, title in schema.BUILDING_BLOCK_GROUPS.items():
        members = [(rel, meta) for rel, meta in blocks if meta.get("group") == group]
        if not members:  # keep the heading, which links may target
            out.append(f"### {title} {{ #{group} }}\n\nNo building block in this group yet.")
            continue
        rows = ["| Building block | The problem it solves | Used in |", "| --- | --- | --- |"]
        for rel, meta in members:
            users = ", ".join(link(r, m, from_dir) for r, m in users_of(meta, studies)) or "none yet"
            rows.append(f"| {link(rel, meta, from_dir)} | {cell(str(meta.get('description', '')))} | {users} |")
        out.append(f"### {title} {{ #{group} }}\n\n" + "\n".join(rows))
    return "\n\n".join(out) if out else "No building blocks yet."


def users_of(block: dict, studies: list[tuple[str, dict]]) -> list[tuple[str, dict]]:
    """The case studies whose front-matter techniques intersect the block's."""
    mine = set(block.get("techniques") or [])
    return [(rel, meta) for rel, meta in studies if mine & set(meta.get("techniques") or [])]


def used_in(docs: Path, block: dict, from_dir: str) -> str:
    """A building block's "Used in" list: each case study and the techniques it shares with the block."""
    studies = users_of(block, case_studies(docs))
    if not studies:
        return "No case study declares these techniques yet."
    mine = block.get("techniques") or []
    lines = []
    for rel, meta in studies:
        shared = [t for t in mine if t in (meta.get("techniques") or [])]
        lines.append(f"- {link(rel, meta, from_dir)}: {names(shared, schema.TECHNIQUES)}")
    return "\n".join(lines)


def abbreviations() -> str:
    rows = ["| Abbreviation | Meaning |", "| --- | --- |"]
    for line in ABBREVIATIONS.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\*\[([^\]]+)\]:\s*(.+)$", line)
        if match:
            rows.append(f"| {cell(match.group(1))} | {cell(match.group(2))} |")
    return "\n".join(rows)


def requirements() -> str:
    """What each kind of page must contain, from the schema the validator enforces."""
    def keys(fields) -> str:
        return ", ".join(f"`{f.name}`" for f in fields if f.required)

    def sections(pairs) -> str:
        return ", ".join(f'"{title}"' for title, _ in pairs)

    case, frame, block = schema.CASE_STUDY_MINIMUMS, schema.FRAMEWORK_MINIMUMS, schema.BUILDING_BLOCK_MINIMUMS
    prompt = schema.PROMPT_MINIMUMS
    rows = [
        "| Page kind | Front matter | Required sections | Minimums |",
        "| --- | --- | --- | --- |",
        f"| Case study | {keys(schema.CASE_STUDY_FIELDS)} | the seven steps, then {sections(schema.CASE_STUDY_SECTIONS)} "
        f"| {case['words']:,} words of prose, {case['step_words']} in each step; {case['diagrams']} diagrams; "
        f"{case['pros_cons_tables']} pros/cons tables; {case['formulas']} formula; "
        f"{case['follow_ups']} follow-up questions |",
        f"| Framework chapter | {keys(schema.FRAMEWORK_FIELDS)} | {sections(schema.FRAMEWORK_SECTIONS)} "
        f"| {frame['words']:,} words; {frame['diagrams']} diagram; {frame['pros_cons_tables']} pros/cons tables; "
        f"links to {frame['case_study_links']} case studies; {frame['questions']} self-check questions |",
        f"| Building block | {keys(schema.BUILDING_BLOCK_FIELDS)} | {sections(schema.BUILDING_BLOCK_SECTIONS)} "
        f"| {block['words']:,} words; {block['diagrams']} diagram; {block['pros_cons_tables']} pros/cons table; "
        f"{block['questions']} self-check questions |",
        f"| Practice prompt | {keys(schema.PROMPT_FIELDS)} | the interviewer's words in a `!!! quote \"{schema.PROMPT_QUOTE}\"` "
        f"box, then {sections(schema.PROMPT_SECTIONS)} | {prompt['words']:,} words; "
        f"{prompt['clarifying_questions']} clarifying questions; exactly {prompt['hints']} hints; an outline answer "
        f"through the seven steps in one collapsed block; {prompt['read_next_links']} link to read next |",
    ]
    return "\n".join(rows)


def finding_codes() -> str:
    rows = ["| Code | What is wrong | How to fix it |", "| --- | --- | --- |"]
    for code, (summary, fix) in CODES.items():
        rows.append(f"| `{code}` | {cell(summary)} | {cell(fix)} |")
    return "\n".join(rows)


def cell(text: str) -> str:
    """Make text safe inside a Markdown table cell."""
    return text.replace("|", "\\|")


_MODEL: dict[str, handbook.Handbook] = {}


def model(config) -> handbook.Handbook:
    """The parsed handbook, read once per build (a rebuild under `serve` reads it again)."""
    key = config["config_file_path"]
    if key not in _MODEL:
        _MODEL[key] = handbook.Handbook.load(handbook.load_config(Path(key)))
    return _MODEL[key]


def on_pre_build(config, **kwargs):
    _MODEL.clear()


def search_settings(rel: str) -> dict:
    """Material's per-page search options for a page, from the folder it sits in."""
    folder, _, name = rel.rpartition("/")
    return dict(schema.SEARCH_BY_FOLDER.get(folder, {})) if name != "index.md" else {}


def on_page_markdown(markdown: str, page, config, files, **kwargs) -> str:
    settings = search_settings(page.file.src_uri)
    if settings:
        page.meta["search"] = {**settings, **(page.meta.get("search") or {})}
    if "<!--" not in markdown or "generated:" not in markdown:
        return markdown
    docs = Path(config["docs_dir"])
    from_dir = page.file.src_uri.rpartition("/")[0]
    generators = {
        "case-study-list": lambda: case_study_list(case_studies(docs), from_dir),
        "technique-matrix": lambda: technique_matrix(docs, from_dir),
        "building-block-index": lambda: building_block_index(docs, from_dir),
        "used-in": lambda: used_in(docs, page.meta, from_dir),
        "prompt-list": lambda: prompt_list(prompts(docs), dict(case_studies(docs)), from_dir),
        "question-bank": lambda: practice.question_bank(model(config), from_dir),
        "downloads": lambda: release.downloads(release.artefacts(model(config)), str(config["repo_url"])),
        "abbreviations": abbreviations,
        "finding-codes": finding_codes,
        "requirements": requirements,
    }

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in generators:
            log.warning("%s: unknown generated block '%s'", page.file.src_uri, name)
            return match.group(0)
        return unsearched(generators[name]()) if name in LINK_LISTS else generators[name]()

    return MARKER.sub(replace, markdown)


# Generated lists of other pages (indexes, matrices, "Used in", downloads). Searched, they match
# every query that names a technique or a system and push the pages that explain it down the results,
# so their tables and lists are left out of the search index; their headings stay.
LINK_LISTS = {"case-study-list", "technique-matrix", "building-block-index", "used-in", "prompt-list", "downloads"}
UNSEARCHED = '<div class="unsearched" markdown>'
LIST_OR_TABLE_LINE = re.compile(r"^\s*(\||- |\* |\d+\. )")


def unsearched(markdown: str) -> str:
    """The Markdown with every run of table or list lines wrapped in a block that on_page_content
    keeps out of the search index; headings and other lines are left as they are."""
    out: list[str] = []
    block: list[str] = []
    for line in markdown.split("\n") + [""]:
        if LIST_OR_TABLE_LINE.match(line) or (block and line.startswith("    ")):
            block.append(line)
            continue
        if block:
            out += [UNSEARCHED, "", *block, "", "</div>"]
            block = []
        out.append(line)
    return "\n".join(out[:-1])


def reviewed_note(html: str, meta: dict) -> str:
    """The page's `last_reviewed` date from front matter, shown right under its H1 title."""
    value = meta.get("last_reviewed")
    try:
        day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))
    except ValueError:
        return html  # the validator reports a bad date; the build does not guess one
    note = (f'<p class="last-reviewed" data-search-exclude>Last reviewed '
            f'<time datetime="{day.isoformat()}">{day.day} {day:%B %Y}</time></p>')
    return H1_END.sub(lambda m: m.group(0) + note, html, count=1)


# The search index is rewritten after the build without tags: every section of a page carries the
# page's tags (slugs such as generative-ai), so at any boost a query word that is part of a tag ("AI
# Act", "generative retrieval") matched every section of every page so tagged, and one field less
# is less for the worker to index when a reader first searches. The tags page still lists them.
def search_index_without_tags(data: dict) -> dict:
    """The theme's search index with the tags field and every entry's tags removed (a new dict)."""
    config = dict(data.get("config", {}))
    config["fields"] = {name: field for name, field in config.get("fields", {}).items() if name != "tags"}
    docs = [{key: value for key, value in doc.items() if key != "tags"} for doc in data.get("docs", [])]
    return {**data, "config": config, "docs": docs}


@event_priority(-100)  # after the search plugin wrote the index and the offline plugin copied it
def on_post_build(config, **kwargs) -> None:
    folder = Path(config["site_dir"]) / "search"
    index = folder / "search_index.json"
    if not index.is_file():
        return
    data = search_index_without_tags(json.loads(index.read_text(encoding="utf-8")))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    index.write_text(text, encoding="utf-8")
    script = folder / "search_index.js"
    if script.is_file():  # the offline edition reads this copy under file://
        script.write_text(f"var __index = {text}", encoding="utf-8")


def on_page_content(html: str, page, config, files, **kwargs) -> str:
    """Inline pre-rendered diagrams, show the review date, and keep diagram sources, formulas, reference
    lists and a prompt's hints and outline answer out of the search index."""
    if page.meta.get("last_reviewed"):
        html = reviewed_note(html, page.meta)
    if os.environ.get("HANDBOOK_STATIC_DIAGRAMS", "1") != "0" and 'class="mermaid"' in html:
        html, _, missing = diagrams.inline_static(html)
        if missing:
            log.info("%s: %d diagram(s) have no pre-rendered SVG and render in the browser "
                     "(run: ./dev render-diagrams)", page.file.src_uri, missing)
    if handbook.page_kind(page.file.src_uri) == "prompt":
        html = PROMPT_NOT_SEARCHED.sub(lambda m: f"<{m.group(1)} data-search-exclude", html)
    html = without_references_in_search(html)
    html = html.replace('<div class="unsearched">', '<div class="unsearched" data-search-exclude>')
    return NOT_SEARCHED.sub(lambda m: f"<{m.group(1)} data-search-exclude", html)


def without_references_in_search(html: str) -> str:
    """Mark the blocks of a References section and the footnotes as not searched; the heading stays,
    so the section still starts where it did and nothing moves into the section before it."""
    html = REFERENCES_SECTION.sub(
        lambda m: m.group(1) + BLOCK_START.sub(lambda b: f"<{b.group(1)} data-search-exclude", m.group(2)), html)
    return FOOTNOTES.sub('<div class="footnote" data-search-exclude>', html)


def without_print_page_assets(html: str) -> str:
    """An ordinary page's HTML without the assets only the print page uses."""
    return PRINT_PAGE_ONLY.sub("", html)


@event_priority(-100)  # after every plugin has added its assets
def on_post_page(output: str, page, config, **kwargs) -> str:
    if page.url.startswith("print_page"):
        return output
    return without_print_page_assets(output)


def listed_folders(docs: Path) -> dict[str, list[tuple[str, dict]]]:
    """Folders whose pages the nav lists beside the folder's index page, by title, from front matter."""
    mocks = [(p.relative_to(docs).as_posix(), page.meta) for p in sorted((docs / schema.MOCK_DIR).glob("*.md"))
             if p.name != "index.md" and (page := handbook.front_matter_page(docs, p.relative_to(docs).as_posix()))
             and page.meta_ok and page.meta.get("title")]
    return {f"{schema.PROMPT_DIR}/index.md": prompts(docs),
            f"{schema.MOCK_DIR}/index.md": sorted(mocks, key=lambda item: str(item[1]["title"]))}


def folder_nav(nav: list, index: str, items: list[tuple[str, dict]]) -> bool:
    """Append `items` (path, front matter) by title to the nav section that holds `index`, so the nav
    never lists them by hand. Returns whether that section was found."""
    for entry in nav:
        children = next(iter(entry.values())) if isinstance(entry, dict) and len(entry) == 1 else None
        if not isinstance(children, list):
            continue
        if index in children:
            listed = {c for c in children if isinstance(c, str)}
            children.extend({meta["title"]: rel} for rel, meta in items if rel not in listed)
            return True
        if folder_nav(children, index, items):
            return True
    return False


def add_listed_folders_to_nav(nav: list, docs: Path) -> None:
    for index, items in listed_folders(docs).items():
        folder_nav(nav, index, items)


@event_priority(100)  # before the offline plugin, which would otherwise add a CDN copy of the shim
def on_config(config, **kwargs):
    """List the practice prompts in the nav, and adjust the offline edition so that it works from
    file://.

    - Nav: every page under practice/prompts/ and practice/mock-interviews/ joins the section of its
      folder's index, by title.

    - Search: use the vendored iframe-worker shim (the offline plugin would add a CDN copy).
    - Instant navigation: switch it off. Under file:// the theme's navigation stream completes at
      once and, with it, the document$ stream that renders diagrams and formulas on each page.
    """
    add_listed_folders_to_nav(config["nav"] or [], Path(config["docs_dir"]))
    offline = config.plugins.get("material/offline") or config.plugins.get("offline")
    if offline is not None and offline.config.enabled:
        polyfills = config.extra.setdefault("polyfills", [])
        if OFFLINE_SHIM not in polyfills:
            polyfills.append(OFFLINE_SHIM)
        features = config.theme["features"]
        features[:] = [f for f in features if not f.startswith("navigation.instant")]
    return config
