"""Check the handbook's Markdown sources before a build, with a precise finding for every problem.

Usage:
    python scripts/validate.py                 # the whole docs/ tree
    python scripts/validate.py docs/case-studies/visual-search.md ...
    python scripts/validate.py --format github # annotations for pull requests
    python scripts/validate.py --format json   # machine-readable
    python scripts/validate.py --external      # also check external links over the network

Each finding is printed as `path:line:col: CODE message`, sorted, then a one-line summary.
Exit status: 0 clean, 1 findings, 2 usage or configuration error. The codes are listed in CODES
(scripts/findings.py) and documented in CONTRIBUTING.md. Structure rules (steps, sections, minimums, front-matter
schema) come from scripts/schema.py.
"""
from __future__ import annotations

import argparse
import datetime
import functools
import json
import os
import posixpath
import re
import sys
import time
import urllib.parse
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable


sys.path.insert(0, str(Path(__file__).resolve().parent))
import schema  # noqa: E402  (the one source of truth for structure)
from findings import CODES, Finding, finding  # noqa: E402,F401  (CODES: re-exported for the docs generators)
# The parsed model of the pages; re-exported names keep `validate.X` working for the tests and tools.
from handbook import (  # noqa: E402,F401
    ATTR_ONLY_RE, CASE_STUDY_LIST_MARKER, CODE_SPAN_RE, HTML_COMMENT_RE, HTML_TAG_RE, INCLUDE_RE,
    INLINE_MATH_RE, LINK_RE, LIST_ITEM_RE, MAX_BYTES, WORD_RE, Config, ConfigError, Fence, Heading, Link,
    Page, Table, blank_code_spans, count_words, default_slugify, heading_plain_text, load_config,
    Question, mermaid_fences, page_kind, parse_front_matter, read_page, scan, split_attr,
)

UNSAFE_TAG_RE = re.compile(r"<\s*(script|iframe|object|embed)\b", re.I)
EVENT_RE = re.compile(r"<[a-zA-Z][^>]*?\s(on[a-z]+)\s*=", re.I)


# --- Checks ----------------------------------------------------------------------------------

# Markdown's HTML parsing runs before the math extension, so `<t` in `x_{<t}` opens a tag that swallows
# the next HTML comment: a shared formula included further down then prints as raw TeX.
TAG_LIKE_IN_MATH_RE = re.compile(r"<[A-Za-z!/?]")


def check_html(page: Page) -> list[Finding]:
    out = []
    for number, text in page.html:
        for match in UNSAFE_TAG_RE.finditer(text):
            out.append(finding(page.display, number, match.start() + 1, "H701", f"<{match.group(1).lower()}>"))
        for match in EVENT_RE.finditer(text):
            out.append(finding(page.display, number, match.start(1) + 1, "H702", f"`{match.group(1)}`"))
    for number, tex, _ in page.math:
        for match in TAG_LIKE_IN_MATH_RE.finditer(tex):
            around = " ".join(tex[max(0, match.start() - 15):match.end() + 15].split())
            out.append(finding(page.display, number, 1, "H704", f"`{match.group(0)}` in `...{around}...`"))
    return out


def check_front_matter(page: Page, fields: tuple[schema.Field, ...]) -> list[Finding]:
    if not page.meta_ok:
        return []
    out = []
    known = {f.name for f in fields}
    first_line = 2 if page.lines and page.lines[0].strip() == "---" else 1
    for f in fields:
        line = page.meta_lines.get(f.name, first_line)
        if f.name not in page.meta:
            if f.required:
                hint = f" ({f.help})" if f.help else ""
                allowed = f"; allowed: {', '.join(f.choices)}" if f.choices and len(f.choices) <= 12 else ""
                out.append(finding(page.display, first_line, 1, "M203", f"`{f.name}`{hint}{allowed}"))
            continue
        out.extend(check_value(page, f, page.meta[f.name], line))
    for key in page.meta:
        if key not in known:
            near = [k for k in known if k.replace("_", "") == str(key).replace("_", "").replace("-", "")]
            hint = f"; did you mean `{near[0]}`?" if near else f"; known keys: {', '.join(sorted(known))}"
            out.append(finding(page.display, page.meta_lines.get(str(key), first_line), 1, "M205", f"`{key}`{hint}"))
    return out


def check_value(page: Page, f: schema.Field, value, line: int) -> list[Finding]:
    bad = lambda detail: [finding(page.display, line, 1, "M204", f"`{f.name}` {detail}")]  # noqa: E731
    if f.kind == "text":
        if not isinstance(value, str) or not value.strip():
            return bad("must be non-empty text")
    elif f.kind == "choice":
        if not isinstance(value, str) or value not in f.choices:
            return bad(f"is {value!r}; allowed: {', '.join(f.choices)}")
    elif f.kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int) or (f.choices and str(value) not in f.choices):
            return bad(f"is {value!r}; allowed: {', '.join(f.choices)}")
    elif f.kind == "chapter":
        if not (value == "original" or (isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 99)):
            return bad(f"is {value!r}; use the book's chapter number (an integer) or `original`")
    elif f.kind == "date":
        day = value if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime) else None
        if day is None and isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                day = datetime.date.fromisoformat(value)
            except ValueError:
                day = None
        if day is None:
            return bad(f"is {value!r}; write a date as YYYY-MM-DD, e.g. {datetime.date.today().isoformat()}")
        if day > datetime.date.today():
            return bad(f"is {day.isoformat()}, a date in the future")
    elif f.kind == "mapping":
        if not isinstance(value, dict):
            return bad("must be a mapping")
    elif f.kind == "list":
        if not isinstance(value, list):
            return bad(f"must be a list, e.g. [{', '.join(f.choices[:2])}]")
        out = []
        for item in value:
            if not isinstance(item, str) or (f.choices and item not in f.choices):
                close = [c for c in f.choices if isinstance(item, str) and (item in c or c in item)]
                hint = f"; did you mean `{close[0]}`?" if close else "; the allowed values are in scripts/schema.py"
                out.append(finding(page.display, line, 1, "M204", f"`{f.name}` has unknown value {item!r}{hint}"))
        if len(value) != len(set(map(str, value))):
            out.append(finding(page.display, line, 1, "M204", f"`{f.name}` repeats a value"))
        if len(value) < f.min_items:
            out.append(finding(page.display, line, 1, "M204", f"`{f.name}` needs at least {f.min_items} item(s)"))
        if f.max_items and len(value) > f.max_items:
            out.append(finding(page.display, line, 1, "M204", f"`{f.name}` allows at most {f.max_items} items"))
        return out
    return []


def h2_sections(page: Page) -> list[tuple[Heading, int]]:
    """Each H2 heading with the prose word count up to the next H2."""
    h2 = [h for h in page.headings if h.level == 2]
    out = []
    for i, heading in enumerate(h2):
        end = h2[i + 1].line if i + 1 < len(h2) else 10 ** 9
        out.append((heading, sum(w for line, w in page.words if heading.line < line < end)))
    return out


def section_lines(page: Page, ident: str) -> tuple[int, int] | None:
    sections = [h for h in page.headings if h.level == 2]
    for i, heading in enumerate(sections):
        if heading.id == ident:
            return heading.line, sections[i + 1].line if i + 1 < len(sections) else 10 ** 9
    return None


def pros_cons_tables(page: Page) -> tuple[int, list[Finding]]:
    count, out = 0, []
    expected = list(schema.PROS_CONS_HEADER)
    for table in page.tables:
        header = [re.sub(r"[*_`]", "", c).strip() for c in table.header]
        if header[:1] != ["Option"]:
            continue
        if header[:3] == expected and (len(header) == 3 or header[3:] == [schema.PROS_CONS_OPTIONAL]) and table.rows >= 2:
            count += 1
        else:
            out.append(finding(page.display, table.line, 1, "S413", f"header is `{' | '.join(header)}`, {table.rows} row(s)"))
    return count, out


def check_mermaid(page: Page) -> list[Finding]:
    out = []
    for fence in mermaid_fences(page):
        body = [l.strip() for l in fence.body if l.strip() and not l.strip().startswith("%%")]
        if not body:
            out.append(finding(page.display, fence.line, 1, "D503", "the diagram is empty"))
            continue
        first = body[0].split()[0]
        if first not in schema.MERMAID_DIAGRAM_TYPES:
            out.append(finding(page.display, fence.line + 1, 1, "D503", f"`{first}`"))
        if not any(re.match(r"accTitle\s*:", l) for l in body):
            out.append(finding(page.display, fence.line, 1, "D501", "screen readers and the PDF need a title"))
        if not any(re.match(r"accDescr\s*(:|\{)", l) for l in body):
            out.append(finding(page.display, fence.line, 1, "D502", "screen readers and the PDF need a description"))
    return out


def check_sections(page: Page, required: tuple[tuple[str, str], ...], after: int = 0) -> list[Finding]:
    """Required H2 sections; a missing one is reported where it belongs (before the next one present)."""
    out = []
    by_id = {h.id: h for h in page.headings}
    for index, (title, ident) in enumerate(required):
        heading = by_id.get(ident)
        if heading is None:
            same_text = [h for h in page.headings if heading_plain_text(h.text).lower() == title.lower()]
            if same_text:
                out.append(finding(page.display, same_text[0].line, 1, "S403",
                                   f"`{title}` must be `## {title} {{ #{ident} }}`"))
            else:
                following = [by_id[i].line for _, i in required[index + 1:] if i in by_id]
                where = following[0] if following else max(after, len(page.lines))
                out.append(finding(page.display, where, 1, "S405", f"`## {title} {{ #{ident} }}`"))
        elif heading.level != 2:
            out.append(finding(page.display, heading.line, 1, "S403", f"`{title}` must be an H2 (##)"))
    return out


def minimum(page: Page, code: str, have: int, need: int, what: str, line: int = 1) -> list[Finding]:
    if have >= need:
        return []
    return [finding(page.display, line, 1, code, f"{have} {what}, at least {need} required")]


def questions_in(page: Page, ident: str) -> int:
    span = section_lines(page, ident)
    return sum(1 for q in page.questions if span and span[0] < q.line < span[1])


def check_case_study(page: Page) -> list[Finding]:
    out = check_front_matter(page, schema.CASE_STUDY_FIELDS)
    exempt = page.meta.get("status") == "template"
    mins = schema.CASE_STUDY_MINIMUMS
    out += check_h1(page)
    by_id = {h.id: h for h in page.headings}
    positions = []
    previous_line = 1
    for step in schema.STEPS:
        heading = by_id.get(step.id)
        canonical = f"`{schema.step_heading(step)}`"
        if heading is None:
            same_text = [h for h in page.headings if re.sub(r"^\d+\.\s*", "", heading_plain_text(h.text)).lower() == step.title.lower()]
            if same_text:
                out.append(finding(page.display, same_text[0].line, 1, "S403", f"step {step.number} must be {canonical} (the id is wrong)"))
            else:
                out.append(finding(page.display, previous_line, 1, "S401", f"step {step.number}, {canonical}"))
            continue
        previous_line = heading.line
        text = heading_plain_text(heading.text)
        if heading.level != 2 or re.sub(r"^\d+\.\s+", "", text) != step.title or \
                (re.match(r"^\d+\.", text) and not text.startswith(f"{step.number}. ")):
            out.append(finding(page.display, heading.line, 1, "S403", f"step {step.number} must be {canonical}"))
        positions.append((heading.line, step))
    for (line_a, step_a), (line_b, step_b) in zip(positions, positions[1:]):
        if line_b < line_a:
            out.append(finding(page.display, line_a, 1, "S402", f"step {step_a.number} comes after step {step_b.number} (line {line_b})"))
    last_step = max((line for line, _ in positions), default=1)
    out += check_sections(page, schema.CASE_STUDY_SECTIONS, after=last_step)
    sections = dict((h.id, (h, words)) for h, words in h2_sections(page))
    if not exempt:
        for step in schema.STEPS:
            if step.id in sections:
                heading, words = sections[step.id]
                out += minimum(page, "S404", words, mins["step_words"], f"words in step {step.number}", heading.line)
        out += minimum(page, "S409", sum(w for _, w in page.words), mins["words"], "words of prose")
    diagrams = mermaid_fences(page)
    out += minimum(page, "S406", len(diagrams), mins["diagrams"], "diagram(s)")
    if diagrams and not any(sum(1 for l in d.body if l.strip().startswith("subgraph")) >= 2 for d in diagrams):
        out.append(finding(page.display, diagrams[0].line, 1, "S411", "no diagram has two or more subgraphs"))
    tables, bad_tables = pros_cons_tables(page)
    out += bad_tables + minimum(page, "S407", tables, mins["pros_cons_tables"], "pros/cons table(s)")
    out += minimum(page, "S410", page.formulas, mins["formulas"], "formula(s)")
    follow = section_lines(page, "interview-follow-ups")
    out += minimum(page, "S408", questions_in(page, "interview-follow-ups"), mins["follow_ups"],
                   "follow-up question(s)", follow[0] if follow else 1)
    return out


def check_framework(page: Page, case_study_pages: set) -> list[Finding]:
    out = check_front_matter(page, schema.FRAMEWORK_FIELDS) + check_h1(page)
    mins = schema.FRAMEWORK_MINIMUMS
    out += check_sections(page, schema.FRAMEWORK_SECTIONS)
    out += minimum(page, "S409", sum(w for _, w in page.words), mins["words"], "words of prose")
    out += minimum(page, "S406", len(mermaid_fences(page)), mins["diagrams"], "diagram(s)")
    tables, bad_tables = pros_cons_tables(page)
    out += bad_tables + minimum(page, "S407", tables, mins["pros_cons_tables"], "pros/cons table(s)")
    span = section_lines(page, "self-check-questions")
    out += minimum(page, "S408", questions_in(page, "self-check-questions"), mins["questions"],
                   "self-check question(s)", span[0] if span else 1)
    linked = {resolve(page.rel, l.target)[0] for l in page.links}
    out += minimum(page, "S412", len(linked & case_study_pages), min(mins["case_study_links"], len(case_study_pages)),
                   "case-study page(s) linked")
    return out


def check_building_block(page: Page) -> list[Finding]:
    out = check_front_matter(page, schema.BUILDING_BLOCK_FIELDS) + check_h1(page)
    mins = schema.BUILDING_BLOCK_MINIMUMS
    out += check_sections(page, schema.BUILDING_BLOCK_SECTIONS)
    out += minimum(page, "S409", sum(w for _, w in page.words), mins["words"], "words of prose")
    out += minimum(page, "S406", len(mermaid_fences(page)), mins["diagrams"], "diagram(s)")
    tables, bad_tables = pros_cons_tables(page)
    out += bad_tables + minimum(page, "S407", tables, mins["pros_cons_tables"], "pros/cons table(s)")
    span = section_lines(page, "self-check-questions")
    out += minimum(page, "S408", questions_in(page, "self-check-questions"), mins["questions"],
                   "self-check question(s)", span[0] if span else 1)
    used_in = section_lines(page, "used-in")
    if used_in:
        body = [(i + 1, l.strip()) for i, l in enumerate(page.lines)
                if used_in[0] < i + 1 < used_in[1] and l.strip()]
        if [text for _, text in body] != [schema.USED_IN_MARKER]:
            out.append(finding(page.display, used_in[0], 1, "S415",
                               f"it holds {len(body)} line(s) besides or instead of the marker"))
    return out


def section_body(page: Page, ident: str) -> list[tuple[int, str]]:
    """(line, text) of each line between an H2 section's heading and the next H2."""
    span = section_lines(page, ident)
    if not span:
        return []
    return [(i + 1, page.lines[i]) for i in range(span[0], min(span[1] - 1, len(page.lines)))]


def check_prompt(page: Page, config: Config) -> list[Finding]:
    """A practice prompt: the interviewer's words, questions to ask, three hints, an outline answer."""
    out = check_front_matter(page, schema.PROMPT_FIELDS) + check_h1(page)
    mins = schema.PROMPT_MINIMUMS
    out += check_sections(page, schema.PROMPT_SECTIONS)
    out += minimum(page, "S409", sum(w for _, w in page.words), mins["words"], "words of prose")
    first_h2 = next((h.line for h in page.headings if h.level == 2), len(page.lines) + 1)
    quote = re.compile(r'^!!!\s+quote\s+"' + re.escape(schema.PROMPT_QUOTE) + r'"\s*$')
    if not any(quote.match(l) for l in page.lines[:first_h2 - 1]):
        h1 = next((h.line for h in page.headings if h.level == 1), 1)
        out.append(finding(page.display, h1, 1, "P901"))
    span = section_lines(page, "clarifying-questions")
    if span:
        asked = sum(1 for _, l in section_body(page, "clarifying-questions") if re.match(r"^[-*+]\s+\S", l))
        out += minimum(page, "P904", asked, mins["clarifying_questions"], "clarifying question(s)", span[0])
    span = section_lines(page, "hints")
    if span:
        hint = re.compile(r"^\?\?\?\+?\s+" + schema.PROMPT_HINT + r'\s+"[^"]+"\s*$')
        hints = [n for n, l in section_body(page, "hints") if hint.match(l)]
        if len(hints) != mins["hints"]:
            out.append(finding(page.display, span[0], 1, "P902", f"found {len(hints)}"))
    span = section_lines(page, "outline-answer")
    if span:
        body = section_body(page, "outline-answer")
        opener = re.compile(r"^\?\?\?\+?\s+" + schema.PROMPT_OUTLINE + r'\s+"[^"]+"\s*$')
        blocks = [n for n, l in body if opener.match(l)]
        inside = [l.strip() for n, l in body if blocks and n > blocks[0] and (not l.strip() or l.startswith("    "))]
        labels = [next((i for i, l in enumerate(inside) if l.startswith(schema.outline_label(step))), -1)
                  for step in schema.STEPS]
        if len(blocks) != 1:
            out.append(finding(page.display, span[0], 1, "P903", f"found {len(blocks)} collapsed outline block(s)"))
        elif -1 in labels or labels != sorted(labels):
            missing = [s.number for s, at in zip(schema.STEPS, labels) if at == -1]
            detail = f"missing step(s) {missing}" if missing else "the steps are out of order"
            out.append(finding(page.display, blocks[0], 1, "P903", detail))
    span = section_lines(page, "read-next")
    links = [l for l in page.links if span and span[0] < l.line < span[1]]
    if span:
        out += minimum(page, "S408", len(links), mins["read_next_links"], "link(s) under Read next", span[0])
    study = page.meta.get("case_study")
    if page.meta_ok and study is not None:
        line = page.meta_lines.get("case_study", 1)
        target = posixpath.normpath(str(study))
        if page_kind(target) != "case-study" or target == schema.CASE_STUDY_TEMPLATE \
                or not (config.docs / target).is_file():
            out.append(finding(page.display, line, 1, "P905", f"`{study}` is not a case study"))
        elif not any(resolve(page.rel, l.target)[0] == target for l in page.links):
            out.append(finding(page.display, line, 1, "P905", f"the page never links `{study}`"))
    return out


def check_h1(page: Page) -> list[Finding]:
    if page.meta_ok and not any(h.level == 1 for h in page.headings):
        return [finding(page.display, 1, 1, "S414")]
    return []


def resolve(source_rel: str, target: str) -> tuple[str, str]:
    """Resolve a relative link against the page: (docs-relative path or '' for same page, anchor)."""
    path, _, anchor = target.partition("#")
    path = urllib.parse.unquote(path.split("?")[0])
    if not path:
        return source_rel, anchor
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_rel), path)), anchor


@functools.lru_cache(maxsize=None)
def path_kind(path: Path) -> str:
    """'file', 'dir' or 'missing' (cached: many links point at the same few files)."""
    if path.is_dir():
        return "dir"
    if path.exists() or path.is_symlink():
        return "file"
    return "missing"


def check_links(page: Page, config: Config, get_page: Callable[[str], Page | None]) -> list[Finding]:
    out = [finding(page.display, line, col, "L308", f"`{page.lines[line - 1][col - 1:].strip()}` continues on line {line + 1}")
           for line, col in page.split_links]
    for link in page.links:
        target = link.target.strip()
        lowered = target.lower()
        at = (page.display, link.line, link.col)
        if not target:
            out.append(finding(*at, "L301", "the link is empty"))
            continue
        if lowered.startswith("javascript:"):
            out.append(finding(*at, "H703", f"`{target[:40]}`"))
            continue
        scheme = re.match(r"^([a-z][a-z0-9+.-]*):", lowered)
        if scheme:
            if scheme.group(1) in ("http", "https"):
                parts = urllib.parse.urlsplit(target)
                if not parts.netloc or " " in target or "." not in parts.netloc.split(":")[0] and parts.hostname != "localhost":
                    out.append(finding(*at, "L306", f"`{target}`"))
            elif scheme.group(1) != "mailto":
                out.append(finding(*at, "L306", f"`{target}` uses the {scheme.group(1)}: scheme"))
            continue
        if target.startswith("//"):
            out.append(finding(*at, "L306", f"`{target}` has no scheme"))
            continue
        if target.startswith("/"):
            out.append(finding(*at, "L305", f"`{target}` starts with /"))
            continue
        rel, anchor = resolve(page.rel, target)
        if rel == ".." or rel.startswith("../"):
            out.append(finding(*at, "L303", f"`{target}`"))
            continue
        file = config.docs / rel
        path_part = target.partition("#")[0]
        kind = path_kind(file)
        if path_part and (path_part.endswith("/") or kind == "dir"):
            out.append(finding(*at, "L305", f"`{target}` is a folder; link its index.md"))
            continue
        if kind == "missing":
            code = "L304" if link.image else "L301"
            out.append(finding(*at, code, f"`{target}` ({rel} is not in docs/)"))
            continue
        if anchor and rel.endswith(".md"):
            other = get_page(rel)
            if other is not None and other.meta_ok is not False and other.lines and anchor not in other.anchors:
                near = sorted(a for a in other.anchors if anchor in a or a in anchor)[:3]
                hint = f"; close matches: {', '.join(near)}" if near else ""
                out.append(finding(*at, "L302", f"`#{anchor}` is not an id on {rel}{hint}"))
    return out


def check_nav(config: Config, pages: dict[str, Page]) -> list[Finding]:
    out = []
    cfg = os.path.relpath(config.path, config.root).replace(os.sep, "/")
    in_nav = set()
    for path, line in config.nav_paths:
        rel = posixpath.normpath(path)
        in_nav.add(rel)
        if not (config.docs / rel).is_file():
            out.append(finding(cfg, line, 1, "N602", f"`{path}`"))
    for folder in (schema.PROMPT_DIR, schema.MOCK_DIR):  # the build lists these beside their index
        if f"{folder}/index.md" in in_nav:
            in_nav |= {rel for rel in pages if rel.startswith(folder + "/")}
    for rel, page in pages.items():
        if rel not in in_nav and not any(fnmatch_path(rel, pattern) for pattern in config.not_in_nav):
            out.append(finding(page.display, 1, 1, "N601", f"`{rel}`"))
    out += check_nav_groups(config, pages, cfg)
    return out


def nav_part(rel: str, meta: dict) -> str | None:
    """The nav group a page belongs in, from its front matter: a case study's part, a building block's
    group when that group has its own nav group, None for a page listed directly under its section."""
    kind = page_kind(rel)
    if kind == "case-study":
        return schema.CASE_STUDY_PARTS[schema.case_study_part(meta)][0]
    if kind == "building-block" and meta.get("group") in schema.BUILDING_BLOCK_NAV_GROUPS:
        return schema.BUILDING_BLOCK_GROUPS[meta["group"]]
    return None


def check_nav_groups(config: Config, pages: dict[str, Page], cfg: str) -> list[Finding]:
    """A case study sits in the nav group of its part, and a building block in its group's nav group
    (or in none), so the sidebar and the generated indexes agree."""
    titles = {"case-study": {title for title, _ in schema.CASE_STUDY_PARTS.values()},
              "building-block": {schema.BUILDING_BLOCK_GROUPS[g] for g in schema.BUILDING_BLOCK_NAV_GROUPS}}
    out = []
    for path, line in config.nav_paths:
        rel = posixpath.normpath(path)
        page = pages.get(rel)
        kind = page_kind(rel)
        if page is None or kind not in titles or not page.meta_ok or rel == schema.CASE_STUDY_TEMPLATE:
            continue
        groups = [g for g in config.nav_groups.get(rel, ()) if g in titles[kind]]
        want = nav_part(rel, page.meta)
        if groups[-1:] != ([want] if want else []):
            where = f"under '{groups[-1]}'" if groups else "outside the nav groups of its section"
            fix = f"it belongs under '{want}'" if want else "list it directly under its section"
            out.append(finding(cfg, line, 1, "N603", f"`{path}` is {where}; {fix}"))
    return out


def fnmatch_path(rel: str, pattern: str) -> bool:
    import fnmatch
    pattern = pattern.lstrip("/")
    return fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(rel, pattern.rstrip("/") + "/*")


# --- Shared includes: one source for formulas and reference numbers (spec section 6) ----------

SECTION_MARK_RE = re.compile(r"-+8<-+[ \t]+\[[ \t]*(start|end)[ \t]*:[ \t]*([a-z][-_0-9a-z]*)[ \t]*\]")
TEX_WRAPPER_RE = re.compile(r"\\(?:text|mathrm|operatorname|textrm|mathit|textit|mathbf|mathcal|boldsymbol)\s*\{([^{}]*)\}")
TEX_NOISE_RE = re.compile(r"\\(?:left|right|big|Big|bigg|Bigg|displaystyle)(?![A-Za-z])|\\[,;:! ]|&|\s+|[{}]")
TEX_SPLIT_RE = re.compile(r"\\\\|\\q?quad(?![A-Za-z])|\\(?:begin|end)\{[a-z*]+\}")


def tex_key(tex: str) -> str:
    """A formula fragment with spacing, wrappers and braces removed, for comparing two writings."""
    tex = TEX_WRAPPER_RE.sub(r"\1", tex).replace("\\tfrac", "\\frac").replace("\\dfrac", "\\frac")
    return TEX_NOISE_RE.sub("", tex).strip(",.;")


def equations(tex: str) -> list[tuple[str, str]]:
    """(left-hand side, right-hand side) keys of each equation in a formula; a trailing
    argument list such as (q) or (A, B) is dropped from the left-hand side."""
    out = []
    for part in TEX_SPLIT_RE.split(tex):
        if "=" in part:
            lhs, rhs = part.split("=", 1)
            out.append((re.sub(r"\([^()]*\)$", "", tex_key(lhs)), tex_key(rhs)))
    return out


def table_label(cell: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[*_`]", "", cell)).strip().lower()


@dataclass
class Shared:
    """What the files under includes/ define: sections, and the formulas and tables in them."""
    sections: dict[str, set[str]] = field(default_factory=dict)  # file name -> section names
    lhs: dict[str, str] = field(default_factory=dict)  # left-hand side key -> "file:section"
    rhs: dict[str, tuple[str, str]] = field(default_factory=dict)  # right-hand side key -> (where, digits)
    tables: list[tuple[str, set[str]]] = field(default_factory=list)  # ("file:section", row labels)
    formulas: dict[str, int] = field(default_factory=dict)  # "file:section" -> number of formulas
    table_counts: dict[str, int] = field(default_factory=dict)  # "file:section" -> number of tables
    folders: list[Path] = field(default_factory=list)


def snippet_folders(config: Config) -> list[Path]:
    for ext in config.data.get("markdown_extensions") or []:
        if isinstance(ext, dict) and isinstance(ext.get("pymdownx.snippets"), dict):
            base = ext["pymdownx.snippets"].get("base_path", ["."])
            return [config.root / b for b in ([base] if isinstance(base, str) else base)]
    return [config.root]


def load_shared(config: Config) -> Shared:
    shared = Shared(folders=snippet_folders(config))
    for folder in shared.folders:
        for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            sections = shared.sections.setdefault(path.name, set())
            current = None
            body: list[str] = []
            for line in text.split("\n"):
                mark = SECTION_MARK_RE.search(line)
                if mark and mark.group(1) == "start":
                    current, body = mark.group(2), []
                    sections.add(current)
                elif mark and current:
                    register(shared, f"{path.name}:{current}", "\n".join(body))
                    current = None
                elif current:
                    body.append(line)
    return shared


def register(shared: Shared, where: str, text: str) -> None:
    page = Page(rel=where, display=where)
    scan(page, text, default_slugify)
    shared.formulas[where] = page.formulas
    shared.table_counts[where] = len(page.tables)
    for _, tex, display in page.math:
        for lhs, rhs in equations(tex) if display else []:
            if len(lhs) >= 2:
                shared.lhs.setdefault(lhs, where)
            if len(rhs) >= 12:
                shared.rhs.setdefault(rhs, (where, re.sub(r"\D", "", rhs)))
    for table in page.tables:
        shared.tables.append((where, {table_label(label) for label in table.labels}))


def worked_arithmetic(rhs: str, shared_rhs: str) -> bool:
    """A right-hand side with numbers of its own (2+ digits the shared formula lacks) is a worked
    calculation that uses the formula, not a copy of it."""
    return any(run not in shared_rhs for run in re.findall(r"\d[\d,.]*\d", rhs))


def check_shared(page: Page, shared: Shared) -> list[Finding]:
    out = []
    for line, col, target in page.includes:
        name, _, section = target.partition(":")
        if re.fullmatch(r"[-\d:,]*", section):
            section = ""
        if not any((folder / name).is_file() for folder in shared.folders):
            out.append(finding(page.display, line, col, "I803", f"`{name}` is not in includes/"))
        elif section and section not in shared.sections.get(name, set()):
            known = ", ".join(sorted(shared.sections.get(name, set()))) or "none"
            out.append(finding(page.display, line, col, "I803", f"`{name}` has no section `{section}`; it has: {known}"))
    for line, tex, _ in page.math:
        for lhs, rhs in equations(tex):
            where = shared.lhs.get(lhs)
            if where is None and rhs in shared.rhs:
                where = shared.rhs[rhs][0]
            if where is None:
                continue
            digits = next((d for r, (w, d) in shared.rhs.items() if w == where), "")
            if worked_arithmetic(rhs, digits):
                continue
            out.append(finding(page.display, line, 1, "I801",
                               f'`{lhs}` is written once in includes/{where.replace(":", " (section ") + ")"}; '
                               f'put the line --8<-- "{where}" in its place'))
            break
    for table in page.tables:
        labels = {table_label(label) for label in table.labels}
        for where, shared_labels in shared.tables:
            if len(labels & shared_labels) >= max(3, (len(shared_labels) + 1) // 2):
                out.append(finding(page.display, table.line, 1, "I802",
                                   f'its rows are the table in includes/{where.replace(":", " (section ") + ")"}; '
                                   f'put the line --8<-- "{where}" in its place'))
                break
    return out


# --- External links (opt-in, never in CI) ----------------------------------------------------

CACHE_FILE = ".cache/external-links.json"
CACHE_TTL = 7 * 24 * 3600


def check_external(pages: Iterable[Page], root: Path, timeout: float = 10.0, workers: int = 8,
                   fetch: Callable[[str, float], str | None] | None = None) -> list[Finding]:
    """Check http(s) links over the network, with a timeout, bounded concurrency and a disk cache.

    fetch(url, timeout) returns None when the URL answers, or a short reason when it does not.
    """
    from concurrent.futures import ThreadPoolExecutor

    fetch = fetch or fetch_url
    cache_path = root / CACHE_FILE
    try:
        cache = json.loads(cache_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cache = {}
    now = time.time()
    occurrences: dict[str, list[tuple[Page, Link]]] = {}
    for page in pages:
        for link in page.links:
            if re.match(r"^https?://", link.target, re.I):
                occurrences.setdefault(link.target.split("#")[0], []).append((page, link))
    todo = [u for u in occurrences if not (u in cache and now - cache[u]["checked"] < CACHE_TTL)]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for url, reason in zip(todo, pool.map(lambda u: fetch(u, timeout), todo)):
            cache[url] = {"checked": now, "error": reason}
    cache_path.parent.mkdir(parents=True, exist_ok=True)
    cache_path.write_text(json.dumps(cache, indent=1, sort_keys=True), encoding="utf-8")
    out = []
    for url, uses in occurrences.items():
        reason = cache[url]["error"]
        if reason:
            for page, link in uses:
                out.append(finding(page.display, link.line, link.col, "L307", f"`{url}`: {reason}"))
    return out


def fetch_url(url: str, timeout: float) -> str | None:
    import urllib.error
    import urllib.request

    headers = {"User-Agent": "handbook-link-check/1.0"}
    for method in ("HEAD", "GET"):
        try:
            request = urllib.request.Request(url, method=method, headers=headers)
            with urllib.request.urlopen(request, timeout=timeout):
                return None
        except urllib.error.HTTPError as err:
            if method == "HEAD" and err.code in (403, 405, 501):
                continue
            return f"HTTP {err.code}"
        except Exception as err:  # network errors of every kind become a finding, never a crash
            return type(err).__name__
    return "no answer"


# --- Driver ----------------------------------------------------------------------------------

@dataclass
class Result:
    findings: list[Finding]
    checked: int


def validate(config: Config, paths: list[Path] | None = None, external: bool = False) -> Result:
    """Check the given Markdown files (default: every page under docs/) and the nav."""
    path_kind.cache_clear()
    all_files = sorted(p for p in config.docs.rglob("*.md") if p.is_file() or p.is_symlink())
    cache: dict[str, Page] = {}

    def get_page(rel: str) -> Page | None:
        if rel not in cache:
            path = config.docs / rel
            if not path.is_file():
                return None
            cache[rel] = read_page(config, path)
        return cache[rel]

    targets = all_files if paths is None else paths
    pages = [get_page(p.relative_to(config.docs).as_posix()) for p in targets]
    pages = [p for p in pages if p is not None]
    case_study_pages = {p.relative_to(config.docs).as_posix() for p in all_files
                        if page_kind(p.relative_to(config.docs).as_posix()) == "case-study"
                        and p.relative_to(config.docs).as_posix() != schema.CASE_STUDY_TEMPLATE}
    findings: list[Finding] = []
    shared = load_shared(config)
    for page in pages:
        findings += page.findings
        if not page.lines:
            continue
        page.formulas += sum(shared.formulas.get(target, 0) for _, _, target in page.includes)
        findings += check_shared(page, shared)
        kind = page_kind(page.rel)
        if kind == "case-study":
            findings += check_case_study(page)
        elif kind == "framework":
            findings += check_framework(page, case_study_pages)
        elif kind == "building-block":
            findings += check_building_block(page)
        elif kind == "prompt":
            findings += check_prompt(page, config)
        else:
            findings += check_front_matter(page, schema.PAGE_FIELDS) + check_h1(page)
            findings += pros_cons_tables(page)[1]
        findings += check_mermaid(page)
        findings += check_html(page)
        findings += check_links(page, config, get_page)
    if paths is None:
        findings += check_nav(config, {p.rel: p for p in pages})
    if external:
        findings += check_external(pages, config.root)
    return Result(sorted(set(findings)), len(pages))


def format_result(result: Result, fmt: str) -> str:
    files = len({f.path for f in result.findings})
    if result.findings:
        summary = f"{len(result.findings)} finding(s) in {files} file(s); {result.checked} page(s) checked."
    else:
        summary = f"No findings; {result.checked} page(s) checked."
    if fmt == "json":
        return json.dumps({"findings": [asdict(f) for f in result.findings],
                           "summary": {"findings": len(result.findings), "files": files,
                                       "checked": result.checked}}, indent=2)
    if fmt == "github":
        def esc(value: str) -> str:
            return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        lines = [f"::error file={f.path},line={f.line},col={f.col},title={f.code}::{esc(f.message)}"
                 for f in result.findings]
        return "\n".join(lines + [summary])
    return "\n".join([f.text() for f in result.findings] + [summary])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="validate.py", description="Check the handbook's Markdown sources.")
    parser.add_argument("paths", nargs="*", help="Markdown files or folders under docs/ (default: all of docs/)")
    parser.add_argument("--config", default="mkdocs.yml", help="path to mkdocs.yml (default: %(default)s)")
    parser.add_argument("--format", choices=("text", "github", "json"), default="text")
    parser.add_argument("--external", action="store_true", help="also check external links over the network")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return 0 if exit_.code == 0 else 2
    try:
        config = load_config(Path(args.config))
        paths = None
        if args.paths:
            paths = []
            for raw in args.paths:
                path = Path(raw).absolute()
                if not path.exists() and not path.is_symlink():
                    raise ConfigError(f"{raw}: no such file or folder")
                if not path.resolve().is_relative_to(config.docs.resolve()) and not path.is_symlink():
                    raise ConfigError(f"{raw}: not inside the docs folder {config.docs}")
                if path.is_dir():
                    paths += sorted(p for p in path.rglob("*.md"))
                else:
                    paths.append(Path(os.path.normpath(path)))
            docs = config.docs.absolute()
            paths = [docs / os.path.relpath(p, docs) for p in paths]
    except ConfigError as err:
        print(f"validate.py: error: {err}", file=sys.stderr)
        return 2
    result = validate(config, paths, external=args.external)
    print(format_result(result, args.format))
    return 1 if result.findings else 0


if __name__ == "__main__":
    sys.exit(main())
