"""Check the handbook's Markdown sources before a build, with a precise finding for every problem.

Usage:
    python scripts/validate.py                 # the whole docs/ tree
    python scripts/validate.py docs/case-studies/visual-search.md ...
    python scripts/validate.py --format github # annotations for pull requests
    python scripts/validate.py --format json   # machine-readable
    python scripts/validate.py --external      # also check external links over the network

Each finding is printed as `path:line:col: CODE message`, sorted, then a one-line summary.
Exit status: 0 clean, 1 findings, 2 usage or configuration error. The codes are listed in CODES
below and documented in CONTRIBUTING.md. Structure rules (steps, sections, minimums, front-matter
schema) come from scripts/schema.py.
"""
from __future__ import annotations

import argparse
import datetime
import functools
import html
import json
import os
import posixpath
import re
import sys
import time
import unicodedata
import urllib.parse
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import schema  # noqa: E402  (the one source of truth for structure)

MAX_BYTES = 1_000_000

# code: (what is wrong, how to fix it). Every finding's message starts from these.
CODES: dict[str, tuple[str, str]] = {
    "F101": ("file cannot be read", "check the file's permissions"),
    "F102": ("file is not valid UTF-8", "re-save the file as UTF-8"),
    "F103": ("file is empty", "write the page or delete the file"),
    "F104": ("file is a symbolic link", "replace the link with a real file"),
    "F105": ("file is larger than 1 MB", "split the page; large pages are slow to build and read"),
    "F106": ("file uses CRLF line endings", "convert the file to LF line endings"),
    "F107": ("code fence is never closed", "add the closing fence"),
    "F108": ("duplicate id on the page", "give each heading or element its own id"),
    "M201": ("front matter is not valid YAML", "fix the YAML syntax between the --- lines"),
    "M202": ("front matter is not a mapping", "write front matter as `key: value` lines"),
    "M203": ("required front-matter key is missing", "add the key"),
    "M204": ("front-matter value is not allowed", "use one of the allowed values"),
    "M205": ("unknown front-matter key", "remove the key or fix its spelling"),
    "M206": ("front matter is never closed", "end the front matter with a line of ---"),
    "M207": ("front-matter key is repeated", "keep one copy of the key"),
    "L301": ("link target does not exist", "fix the path (relative to this page) or create the page"),
    "L302": ("link anchor does not exist on the target page", "link an existing heading id"),
    "L303": ("link leaves the docs folder", "link a page inside docs/ or use a full https:// URL"),
    "L304": ("image does not exist", "fix the image path or add the image under docs/"),
    "L305": ("link is absolute or points to a folder", "link the .md file with a relative path"),
    "L306": ("external link is malformed or not http(s)", "use a full http:// or https:// URL"),
    "L307": ("external link does not answer", "update or remove the link"),
    "S401": ("step heading is missing", "add the step as an H2 heading"),
    "S402": ("step heading is out of order", "put the seven steps in the framework's order"),
    "S403": ("heading does not match the canonical text, level or id",
             "write the heading exactly as the template does"),
    "S404": ("section has too few words", "expand the section"),
    "S405": ("required section is missing", "add the section as an H2 heading"),
    "S406": ("too few Mermaid diagrams", "add diagrams"),
    "S407": ("too few pros/cons tables", "add tables with columns Option | Pros | Cons"),
    "S408": ("too few collapsible questions", "add ??? question blocks"),
    "S409": ("page has too few words of prose", "expand the page"),
    "S410": ("page has no formula", "add a formula in $$ ... $$ with its symbols defined"),
    "S411": ("no end-to-end architecture diagram",
             "draw one diagram with the training path and the serving path as subgraphs"),
    "S412": ("too few links to case studies", "link worked examples to case-study pages"),
    "S413": ("malformed pros/cons table", "use columns Option | Pros | Cons [| Pick when] and two or more rows"),
    "S414": ("page has no H1 title", "start the page with a # Title line"),
    "S415": ("the Used in section is written by hand",
             "make its only content the line <!-- generated:used-in -->; the build lists the case studies"),
    "D501": ("Mermaid diagram has no accTitle", "add an `accTitle: ...` line"),
    "D502": ("Mermaid diagram has no accDescr", "add an `accDescr: ...` line"),
    "D503": ("Mermaid diagram has no known diagram type", "start it with e.g. `flowchart LR`"),
    "N601": ("page is not in the nav", "add it to nav in mkdocs.yml or to not_in_nav"),
    "N602": ("nav entry names a missing page", "fix the path in mkdocs.yml or add the page"),
    "N603": ("case study is in the wrong nav group",
             "move it under the nav group its front matter names (a book chapter number: "
             "'From the book'; `book_chapter: original`: 'Beyond the book')"),
    "H701": ("unsafe HTML element", "remove the element; use Markdown or an admonition instead"),
    "H702": ("inline event handler in HTML", "remove the on...= attribute"),
    "H703": ("javascript: URL", "link a page or an https:// URL instead"),
    "I801": ("shared formula written out by hand", "include the shared formula; to change it, edit includes/"),
    "I802": ("shared table of reference numbers copied by hand", "include the shared table; to change it, edit includes/"),
    "I803": ("included file or section does not exist", "fix the name; the sections are listed in includes/"),
}


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    col: int
    code: str
    message: str

    def text(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"


def finding(path: str, line: int, col: int, code: str, detail: str = "") -> Finding:
    """A finding whose message is the code's summary, the specific detail, and the fix."""
    summary, fix = CODES[code]
    message = f"{summary}: {detail}" if detail else summary
    return Finding(path, max(line, 1), max(col, 1), code, f"{message} (fix: {fix})")


# --- Markdown scanning ------------------------------------------------------------------------

CASE_STUDY_LIST_MARKER = "<!-- generated:case-study-list -->"


@dataclass
class Heading:
    level: int
    text: str  # the raw inline Markdown of the heading
    id: str
    explicit: bool
    line: int


@dataclass
class Fence:
    lang: str
    line: int
    body: list[str]
    indent: int
    closed: bool


@dataclass
class Table:
    header: list[str]
    rows: int
    line: int
    labels: list[str] = field(default_factory=list)  # first cell of each body row


@dataclass
class Link:
    target: str
    line: int
    col: int
    image: bool


@dataclass
class Page:
    rel: str  # path relative to the docs folder, with forward slashes
    display: str  # path as printed in findings (relative to the repository)
    meta: dict = field(default_factory=dict)
    meta_ok: bool = True
    meta_lines: dict = field(default_factory=dict)  # key -> line
    lines: list[str] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    fences: list[Fence] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    questions: list[int] = field(default_factory=list)  # lines of ??? question blocks
    formulas: int = 0
    math: list[tuple[int, str, bool]] = field(default_factory=list)  # (line, LaTeX, is display) per formula
    includes: list[tuple[int, int, str]] = field(default_factory=list)  # (line, col, "file:section")
    words: list[tuple[int, int]] = field(default_factory=list)  # (line, words) of prose lines
    findings: list[Finding] = field(default_factory=list)
    anchors: set = field(default_factory=set)


FENCE_RE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([^`\s{]*)")
ATX_RE = re.compile(r"^(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
ATTR_RE = re.compile(r"[ \t]*\{:?[ \t]*([^{}]*?)[ \t]*\}[ \t]*$")
BLOCK_RE = re.compile(r"^(\s*)(!!!|\?\?\?\+?|===)(?:[ \t]+(\S+))?(?:[ \t]+\"(.*)\")?")
TABLE_SEP_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
LINK_RE = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
REF_DEF_RE = re.compile(r"^\s{0,3}\[([^\]^][^\]]*)\]:\s*<?(\S+?)>?(?:\s+.*)?$")
AUTOLINK_RE = re.compile(r"<((?:https?|ftp|mailto|javascript):[^>\s]*)>", re.I)
HTML_ATTR_URL_RE = re.compile(r"<[a-zA-Z][^>]*?\s(?:href|src)\s*=\s*[\"']([^\"']*)[\"']", re.I)
HTML_ID_RE = re.compile(r"<[a-zA-Z][^>]*?\sid\s*=\s*[\"']([^\"']+)[\"']", re.I)
UNSAFE_TAG_RE = re.compile(r"<\s*(script|iframe|object|embed)\b", re.I)
EVENT_RE = re.compile(r"<[a-zA-Z][^>]*?\s(on[a-z]+)\s*=", re.I)
CODE_SPAN_RE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
INLINE_MATH_RE = re.compile(r"(?<![\\$\w])\$(?=\S)[^$\n]+?(?<=\S)\$(?![\w$])")
WORD_RE = re.compile(r"[A-Za-z0-9\u00c0-\u024f][\w'\u2019.\-]*")
HTML_COMMENT_RE = re.compile(r"<!--.*?-->")
HTML_TAG_RE = re.compile(r"<[^>]+>")
SETEXT_RE = re.compile(r"=+|-+")
ATTR_ONLY_RE = re.compile(r"\{:?\s*([^{}]*)\}")
LIST_ITEM_RE = re.compile(r"^\s*([-*+]|\d+[.)])\s")
INCLUDE_RE = re.compile(r'^(\s*)-+8<-+[ \t]+"([^"]+)"\s*$')


def blank_code_spans(text: str) -> str:
    """Replace inline code spans by spaces, keeping columns, so links in code are ignored."""
    if "`" not in text:
        return text
    return CODE_SPAN_RE.sub(lambda m: " " * len(m.group(0)), text)


def split_attr(text: str) -> tuple[str, str | None, list[str]]:
    """Split a trailing attribute list `{ #id .class }` off heading text: (text, id, other attrs)."""
    match = ATTR_RE.search(text)
    if not match:
        return text, None, []
    ident = None
    others = []
    for part in match.group(1).split():
        if part.startswith("#") and len(part) > 1:
            ident = part[1:]
        else:
            others.append(part)
    return text[: match.start()], ident, others


def heading_plain_text(text: str) -> str:
    """The text Python-Markdown's toc extension slugifies, computed from inline Markdown."""
    text = re.sub(r"\[\^[^\]]+\]", "", text)  # footnote references are removed
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # images have no text content
    text = LINK_RE.sub(lambda m: m.group(2), text)
    text = re.sub(r"\[([^\]]*)\]\[[^\]]*\]", r"\1", text)
    text = re.sub(r"<[^>]*>", "", text)
    text = re.sub(r"(?<!\\)`+", "", text)
    text = re.sub(r"(?<!\\)(\*{1,3}|~~|==|\^\^)", "", text)
    text = re.sub(r"(?<![\w\\])_{1,3}|_{1,3}(?!\w)", "", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!~=^|<>$&\"'])", r"\1", text)
    return html.unescape(text).strip()


def default_slugify(value: str, separator: str) -> str:
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[{}\s]+".format(separator), separator, value)


def unique_id(ident: str, used: set) -> str:
    """Python-Markdown's toc rule: a taken or empty id gets _1, _2, ... appended."""
    if ident in used or not ident:
        match = re.match(r"^(.*)_([0-9]+)$", ident)
        base, count = (match.group(1), int(match.group(2))) if match else (ident, 0)
        while True:
            count += 1
            candidate = f"{base}_{count}"
            if candidate not in used:
                ident = candidate
                break
    used.add(ident)
    return ident


def count_words(text: str) -> int:
    if "<" in text:
        text = HTML_TAG_RE.sub(" ", HTML_COMMENT_RE.sub(" ", text))
    if "](" in text:
        text = LINK_RE.sub(lambda m: m.group(2), text)
    if "$" in text:
        text = INLINE_MATH_RE.sub(" x ", text)
    return len(WORD_RE.findall(text))


def parse_front_matter(page: Page, lines: list[str]) -> int:
    """Read YAML front matter into page.meta; return the index of the first body line."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            break
    else:
        page.findings.append(finding(page.display, 1, 1, "M206"))
        page.meta_ok = False
        return 0
    source = "\n".join(lines[1:end])
    try:
        data = yaml.load(source, Loader=DuplicateKeyLoader)
    except DuplicateKeyError as err:
        page.findings.append(finding(page.display, err.line + 2, 1, "M207", f"`{err.key}`"))
        page.meta_ok = False
        return end + 1
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = mark.line + 2 if mark else 2
        col = mark.column + 1 if mark else 1
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        page.findings.append(finding(page.display, line, col, "M201", problem))
        page.meta_ok = False
        return end + 1
    if data is None:
        data = {}
    if not isinstance(data, dict):
        page.findings.append(finding(page.display, 2, 1, "M202", f"found a {type(data).__name__}"))
        page.meta_ok = False
        return end + 1
    page.meta = data
    for number in range(1, end):
        match = re.match(r"^([A-Za-z_][\w-]*)\s*:", lines[number])
        if match:
            page.meta_lines.setdefault(match.group(1), number + 1)
    return end + 1


class DuplicateKeyError(yaml.YAMLError):
    def __init__(self, key: str, line: int):
        super().__init__(f"duplicate key {key}")
        self.key, self.line = key, line


class DuplicateKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when available
    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, (str, int, float, bool)) and key in seen:
                raise DuplicateKeyError(str(key), key_node.start_mark.line)
            if isinstance(key, (str, int, float, bool)):
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


# Dates stay text here (check_value parses them), so an impossible date such as 2026-13-01 becomes a
# finding with a line number instead of an exception inside the YAML library.
DuplicateKeyLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in DuplicateKeyLoader.yaml_implicit_resolvers.items()
}


def scan(page: Page, text: str, slugify: Callable[[str, str], str]) -> None:
    """Parse one page's Markdown into headings, fences, tables, links, questions and words."""
    lines = text.split("\n")
    page.lines = lines
    start = parse_front_matter(page, lines)
    blocks: list[int] = []  # content indents of open admonition/details/tab blocks
    fence: Fence | None = None
    fence_marker = ""
    in_math = False
    math_line = 0
    prev_text: tuple[int, str] | None = None  # (index, text) of a paragraph line, for setext
    table: Table | None = None
    section_words: list[tuple[int, int]] = page.words
    explicit_ids: dict[str, int] = {}
    raw_headings: list[tuple[int, str, str | None, int]] = []  # level, text, explicit id, line

    for index in range(start, len(lines)):
        line = lines[index]
        number = index + 1
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" \t"))

        if fence is not None:
            close = FENCE_RE.match(line)
            if close and close.group(2)[0] == fence_marker[0] and len(close.group(2)) >= len(fence_marker) \
                    and not line.strip()[len(close.group(2)):].strip():
                fence.closed = True
                fence = None
            else:
                fence.body.append(line[fence.indent:] if line[: fence.indent].strip() == "" else line.lstrip())
            continue

        if not stripped:
            prev_text = None
            table = None
            continue

        while blocks and indent < blocks[-1]:
            blocks.pop()
        base = blocks[-1] if blocks else 0

        opened = FENCE_RE.match(line)
        if opened:
            fence_marker = opened.group(2)
            fence = Fence(opened.group(3).lower(), number, [], indent, False)
            page.fences.append(fence)
            prev_text = table = None
            continue

        if in_math:
            if stripped.endswith("$$") or stripped.endswith("\\]"):
                in_math = False
                stripped = stripped[:-2]
            page.math[-1] = (math_line, page.math[-1][1] + "\n" + stripped, True)
            continue
        if stripped.startswith("$$") or stripped.startswith("\\["):
            page.formulas += 1
            closes = stripped.endswith("$$") if stripped.startswith("$$") else stripped.endswith("\\]")
            if not (len(stripped) > 2 and closes):
                in_math, math_line = True, number
                page.math.append((number, stripped[2:], True))
            else:
                page.math.append((number, stripped[2:-2], True))
            prev_text = None
            continue

        include = INCLUDE_RE.match(line) if "8<" in line else None
        if include:
            page.includes.append((number, len(include.group(1)) + 1, include.group(2)))
            prev_text = table = None
            continue

        if stripped == CASE_STUDY_LIST_MARKER:
            # The build puts a heading per case-study group here; links may target them.
            for part, (title, _) in schema.CASE_STUDY_PARTS.items():
                raw_headings.append((3, title, part, number))
        if stripped.startswith("<!--"):
            continue

        code_free = blank_code_spans(line)
        check_html(page, code_free, number)
        if "<" in code_free:
            for match in HTML_ID_RE.finditer(code_free):
                explicit_ids.setdefault(match.group(1), number)

        block = BLOCK_RE.match(line)
        if block and (block.group(3) or block.group(2) == "==="):
            blocks.append(indent + 4)
            if block.group(2).startswith("???") and (block.group(3) or "") == "question":
                page.questions.append(number)
            if block.group(4):
                section_words.append((number, count_words(block.group(4))))
            prev_text = table = None
            continue

        if indent - base >= 4 and prev_text is None and table is None:
            continue  # indented code block

        atx = ATX_RE.match(stripped) if indent - base < 4 else None
        if atx:
            content = (atx.group(2) or "")
            if content.endswith("#"):
                content = re.sub(r"[ \t]+#+[ \t]*$", "", content)
            text_part, ident, _ = split_attr(content)
            raw_headings.append((len(atx.group(1)), text_part.strip(), ident, number))
            prev_text = table = None
            continue

        if stripped[0] in "=-" and SETEXT_RE.fullmatch(stripped) and prev_text is not None and indent - base < 4:
            level = 1 if stripped[0] == "=" else 2
            source_index, source_text = prev_text
            text_part, ident, _ = split_attr(source_text.strip())
            raw_headings.append((level, text_part.strip(), ident, source_index + 1))
            if section_words and section_words[-1][0] == source_index + 1:
                section_words.pop()
            prev_text = None
            continue

        if stripped.startswith("|") or (table is not None and "|" in stripped):
            if table is not None:
                if not TABLE_SEP_RE.match(stripped):
                    table.rows += 1
                    table.labels.append(stripped.strip("|").split("|")[0].strip())
            elif index + 1 < len(lines) and TABLE_SEP_RE.match(lines[index + 1].strip()) and "-" in lines[index + 1]:
                cells = [c.strip() for c in stripped.strip("|").split("|")]
                table = Table(cells, 0, number)
                page.tables.append(table)
            prev_text = None
            if "$" in code_free:
                page.math.extend((number, m[1:-1], False) for m in INLINE_MATH_RE.findall(code_free))
            scan_links(page, code_free, number)
            continue

        if stripped.startswith("*[") and "]:" in stripped:
            continue  # abbreviation definition
        ref = REF_DEF_RE.match(line)
        if ref:
            page.links.append(Link(ref.group(2), number, line.index(ref.group(2)) + 1, False))
            continue
        attr_only = ATTR_ONLY_RE.fullmatch(stripped) if stripped[0] == "{" else None
        if attr_only:
            for part in attr_only.group(1).split():
                if part.startswith("#") and len(part) > 1:
                    explicit_ids.setdefault(part[1:], number)
            continue

        if "$" in code_free:
            inline = INLINE_MATH_RE.findall(code_free)
            page.formulas += len(inline)
            page.math.extend((number, m[1:-1], False) for m in inline)
        scan_links(page, code_free, number)
        words = count_words(line)
        if words:
            section_words.append((number, words))
        is_list = LIST_ITEM_RE.match(line) is not None
        prev_text = None if is_list or stripped.startswith(">") else (index, line)

    if fence is not None:
        page.findings.append(finding(page.display, fence.line, fence.indent + 1, "F107",
                                     f"the fence opened on line {fence.line} runs to the end of the file"))
    if in_math:
        page.findings.append(finding(page.display, math_line, 1, "F107",
                                     f"the $$ math block opened on line {math_line} is never closed"))

    # Ids: explicit ones first (the toc extension never changes them), then slugs made unique.
    used: set[str] = set()
    for level, text_part, ident, number in raw_headings:
        if ident:
            if ident in explicit_ids and explicit_ids[ident] != number:
                first = explicit_ids[ident]
                page.findings.append(finding(page.display, number, 1, "F108",
                                             f"`{ident}` is already used on line {first}"))
            explicit_ids.setdefault(ident, number)
            used.add(ident)
    used.update(explicit_ids)
    for level, text_part, ident, number in raw_headings:
        if ident:
            final, explicit = ident, True
        else:
            final, explicit = unique_id(slugify(heading_plain_text(text_part), "-"), used), False
        page.headings.append(Heading(level, text_part, final, explicit, number))
    page.anchors = {h.id for h in page.headings} | set(explicit_ids)
    page.anchors |= {f"fn:{m}" for m in re.findall(r"^\[\^([^\]]+)\]:", "\n".join(lines), re.M)}


def check_html(page: Page, text: str, number: int) -> None:
    if "<" not in text:
        return
    for match in UNSAFE_TAG_RE.finditer(text):
        page.findings.append(finding(page.display, number, match.start() + 1, "H701", f"<{match.group(1).lower()}>"))
    for match in EVENT_RE.finditer(text):
        page.findings.append(finding(page.display, number, match.start(1) + 1, "H702", f"`{match.group(1)}`"))
    for match in HTML_ATTR_URL_RE.finditer(text):
        page.links.append(Link(match.group(1), number, match.start(1) + 1, "src=" in match.group(0).lower()))


def scan_links(page: Page, text: str, number: int) -> None:
    if "[" not in text and "<" not in text:
        return
    for match in LINK_RE.finditer(text):
        page.links.append(Link(match.group(3), number, match.start(3) + 1, bool(match.group(1))))
    for match in AUTOLINK_RE.finditer(text):
        page.links.append(Link(match.group(1), number, match.start(1) + 1, False))


# --- Loading ---------------------------------------------------------------------------------

class ConfigError(Exception):
    """mkdocs.yml is missing or unusable, or the command line names a path that cannot be checked."""


class ConfigLoader(yaml.Loader):
    """mkdocs.yml is trusted repository configuration: it may name Python callables (slugify)."""


def _env_tag(loader, node):
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(loader.construct_scalar(node))
    values = loader.construct_sequence(node)
    for name in values[:-1]:
        if name in os.environ:
            return os.environ[name]
    return values[-1] if values else None


ConfigLoader.add_constructor("!ENV", _env_tag)
ConfigLoader.add_constructor("!relative", lambda loader, node: loader.construct_scalar(node))


@dataclass
class Config:
    root: Path
    path: Path
    docs: Path
    data: dict
    nav_paths: list[tuple[str, int]]  # (page path, line in mkdocs.yml)
    not_in_nav: list[str]
    slugify: Callable[[str, str], str]
    nav_groups: dict[str, tuple[str, ...]] = field(default_factory=dict)  # page path -> enclosing titles


def load_config(path: Path) -> Config:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"cannot read {path}: {err}") from None
    try:
        data = yaml.load(text, Loader=ConfigLoader)
    except Exception as err:  # any constructor may fail on a broken config
        raise ConfigError(f"{path}: not valid YAML: {err}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    root = path.resolve().parent
    docs = root / data.get("docs_dir", "docs")
    if not docs.is_dir():
        raise ConfigError(f"{path}: docs_dir {docs} is not a folder")
    slugify: Callable[[str, str], str] = default_slugify
    for ext in data.get("markdown_extensions") or []:
        if isinstance(ext, dict) and "toc" in ext and isinstance(ext["toc"], dict):
            candidate = ext["toc"].get("slugify")
            if callable(candidate):
                slugify = candidate
    nav_paths: list[tuple[str, int]] = []
    config_lines = {}
    for number, line in enumerate(text.split("\n"), start=1):
        match = re.match(r"^\s*-\s+(?:[^:]*:\s+)?(\S+)\s*$", line)
        if match:
            config_lines.setdefault(match.group(1), number)

    nav_groups: dict[str, tuple[str, ...]] = {}

    def walk(node, groups: tuple[str, ...] = ()):
        if isinstance(node, str):
            if not re.match(r"^[a-z]+://", node):
                nav_paths.append((node, config_lines.get(node, 1)))
                nav_groups.setdefault(posixpath.normpath(node), groups)
        elif isinstance(node, list):
            for item in node:
                walk(item, groups)
        elif isinstance(node, dict):
            for title, value in node.items():
                walk(value, groups + (str(title),) if isinstance(value, list) else groups)

    walk(data.get("nav") or [])
    not_in_nav = [p.strip() for p in str(data.get("not_in_nav") or "").splitlines() if p.strip()]
    return Config(root, path, docs, data, nav_paths, not_in_nav, slugify, nav_groups)


def read_page(config: Config, path: Path) -> Page:
    rel = path.relative_to(config.docs).as_posix()
    display = os.path.relpath(path, config.root).replace(os.sep, "/") if path.is_relative_to(config.root) else str(path)
    page = Page(rel=rel, display=display)
    if path.is_symlink():
        page.findings.append(finding(display, 1, 1, "F104", f"points to {os.readlink(path)}"))
        page.meta_ok = False
        return page
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            page.findings.append(finding(display, 1, 1, "F105", f"{size:,} bytes"))
            page.meta_ok = False
            return page
        data = path.read_bytes()
    except OSError as err:
        page.findings.append(finding(display, 1, 1, "F101", err.strerror or str(err)))
        page.meta_ok = False
        return page
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        col = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        page.findings.append(finding(display, line, col, "F102", f"byte 0x{data[err.start]:02x}"))
        page.meta_ok = False
        return page
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        page.findings.append(finding(display, 1, 1, "F103"))
        page.meta_ok = False
        return page
    if "\r\n" in text:
        page.findings.append(finding(display, text[: text.index("\r\n")].count("\n") + 1, 1, "F106"))
        text = text.replace("\r\n", "\n")
    text = text.replace("\r", "\n")
    scan(page, text, config.slugify)
    return page


# --- Checks ----------------------------------------------------------------------------------

def page_kind(rel: str) -> str:
    folder, _, name = rel.rpartition("/")
    if rel == schema.CASE_STUDY_TEMPLATE:
        return "case-study"
    if folder == schema.CASE_STUDY_DIR and name != "index.md":
        return "case-study"
    if folder == schema.FRAMEWORK_DIR and re.match(r"^0[1-7]-", name):
        return "framework"
    if folder == schema.BUILDING_BLOCK_DIR and name != "index.md":
        return "building-block"
    return "page"


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


def mermaid_fences(page: Page) -> list[Fence]:
    return [f for f in page.fences if f.lang == "mermaid"]


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
    return sum(1 for q in page.questions if span and span[0] < q < span[1])


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
    out = []
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
    for rel, page in pages.items():
        if rel not in in_nav and not any(fnmatch_path(rel, pattern) for pattern in config.not_in_nav):
            out.append(finding(page.display, 1, 1, "N601", f"`{rel}`"))
    out += check_nav_groups(config, pages, cfg)
    return out


def check_nav_groups(config: Config, pages: dict[str, Page], cfg: str) -> list[Finding]:
    """A case study sits in the nav group of its part, so the sidebar and the index agree."""
    titles = {title for title, _ in schema.CASE_STUDY_PARTS.values()}
    out = []
    for path, line in config.nav_paths:
        rel = posixpath.normpath(path)
        page = pages.get(rel)
        if page is None or page_kind(rel) != "case-study" or not page.meta_ok or rel == schema.CASE_STUDY_TEMPLATE:
            continue
        groups = [g for g in config.nav_groups.get(rel, ()) if g in titles]
        want = schema.CASE_STUDY_PARTS[schema.case_study_part(page.meta)][0]
        if groups[-1:] != [want]:
            where = f"under '{groups[-1]}'" if groups else "outside the case-study groups"
            out.append(finding(cfg, line, 1, "N603", f"`{path}` is {where}; it belongs under '{want}'"))
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
        else:
            findings += check_front_matter(page, schema.PAGE_FIELDS) + check_h1(page)
            findings += pros_cons_tables(page)[1]
        findings += check_mermaid(page)
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
