"""The parsed model of the handbook: every page's front matter, headings, fences, tables, links,
questions with their answers, formulas and words, read once from Markdown.

The validator (scripts/validate.py) applies its rules to this model; the build hooks
(scripts/hooks.py) and the exporters generate pages and files from it. Nothing here decides whether
a page is good: problems found while reading (a file that is not UTF-8, an unclosed fence) are
recorded on the page as findings, and every rule lives in the validator.
"""
from __future__ import annotations

import html
import os
import posixpath
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import schema  # noqa: E402  (the one source of truth for structure)
from findings import Finding, finding  # noqa: E402

MAX_BYTES = 1_000_000


# --- Markdown scanning ------------------------------------------------------------------------

CASE_STUDY_LIST_MARKER = "<!-- generated:case-study-list -->"


def technique_matrix_anchor(part: str) -> str:
    """The heading id of a case-study part's technique matrix (the list uses the part's own id)."""
    return f"techniques-{part}"


# Generated lists that put an H3 heading per group where their marker stands: marker -> (id, title)s.
GENERATED_GROUP_HEADINGS = {
    CASE_STUDY_LIST_MARKER: lambda: [(part, title) for part, (title, _) in schema.CASE_STUDY_PARTS.items()],
    "<!-- generated:building-block-index -->": lambda: list(schema.BUILDING_BLOCK_GROUPS.items()),
    "<!-- generated:technique-matrix -->":
        lambda: [(technique_matrix_anchor(part), title) for part, (title, _) in schema.CASE_STUDY_PARTS.items()],
}


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
class Question:
    """A collapsible `??? question "..."` block: the question and its answer's Markdown."""
    line: int
    text: str
    answer: str = ""


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
    split_links: list[tuple[int, int]] = field(default_factory=list)  # (line, col) of a link target cut by a line break
    questions: list[Question] = field(default_factory=list)  # the ??? question blocks, in order
    formulas: int = 0
    math: list[tuple[int, str, bool]] = field(default_factory=list)  # (line, LaTeX, is display) per formula
    includes: list[tuple[int, int, str]] = field(default_factory=list)  # (line, col, "file:section")
    words: list[tuple[int, int]] = field(default_factory=list)  # (line, words) of prose lines
    html: list[tuple[int, str]] = field(default_factory=list)  # (line, text) of lines with raw HTML
    findings: list[Finding] = field(default_factory=list)
    anchors: set = field(default_factory=set)


FENCE_RE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([^`\s{]*)")
ATX_RE = re.compile(r"^(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
ATTR_RE = re.compile(r"[ \t]*\{:?[ \t]*([^{}]*?)[ \t]*\}[ \t]*$")
BLOCK_RE = re.compile(r"^(\s*)(!!!|\?\?\?\+?|===)(?:[ \t]+(\S+))?(?:[ \t]+\"(.*)\")?")
TABLE_SEP_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
LINK_RE = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
REF_DEF_RE = re.compile(r"^\s{0,3}\[([^\]^][^\]]*)\]:\s*<?(\S+?)>?(?:\s+.*)?$")
# `[text](target` with the target running on to the next line: Markdown joins it, but every other
# reader of the source (the flashcards, a contributor's editor) gets a broken target.
SPLIT_TARGET_RE = re.compile(r"\]\(\s*[^()\s]+$")
AUTOLINK_RE = re.compile(r"<((?:https?|ftp|mailto|javascript):[^>\s]*)>", re.I)
HTML_ATTR_URL_RE = re.compile(r"<[a-zA-Z][^>]*?\s(?:href|src)\s*=\s*[\"']([^\"']*)[\"']", re.I)
HTML_ID_RE = re.compile(r"<[a-zA-Z][^>]*?\sid\s*=\s*[\"']([^\"']+)[\"']", re.I)
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


class UniqueKeys:
    """A YAML loader mix-in: a key given twice in one mapping raises DuplicateKeyError with its line,
    where YAML would keep the last one and silently drop the first."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, (str, int, float, bool)) and key in seen:
                raise DuplicateKeyError(str(key), key_node.start_mark.line)
            if isinstance(key, (str, int, float, bool)):
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


class DuplicateKeyLoader(UniqueKeys, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when available
    pass


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

        if stripped in GENERATED_GROUP_HEADINGS:
            # The build puts a heading per group here; links may target them.
            for ident, title in GENERATED_GROUP_HEADINGS[stripped]():
                raw_headings.append((3, title, ident, number))
        if stripped.startswith("<!--"):
            continue

        code_free = blank_code_spans(line)
        scan_html(page, code_free, number)
        if "<" in code_free:
            for match in HTML_ID_RE.finditer(code_free):
                explicit_ids.setdefault(match.group(1), number)

        block = BLOCK_RE.match(line)
        if block and (block.group(3) or block.group(2) == "==="):
            blocks.append(indent + 4)
            if block.group(2).startswith("???") and (block.group(3) or "") == "question":
                page.questions.append(Question(number, (block.group(4) or "").strip(),
                                               block_body(lines, index + 1, indent + 4)))
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


def block_body(lines: list[str], start: int, indent: int) -> str:
    """The Markdown inside an admonition that opens just before `start`, dedented."""
    body = []
    for line in lines[start:]:
        if line.strip() and len(line) - len(line.lstrip(" ")) < indent:
            break
        body.append(line[indent:] if line.strip() else "")
    return "\n".join(body).strip("\n")


def mermaid_fences(page: Page) -> list[Fence]:
    return [f for f in page.fences if f.lang == "mermaid"]


def front_matter_page(docs: Path, rel: str) -> Page | None:
    """A page with only its front matter read (fast, for generated lists); None if unreadable."""
    page = Page(rel=rel, display=rel)
    try:
        lines = (docs / rel).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    parse_front_matter(page, lines)
    return page


def scan_html(page: Page, text: str, number: int) -> None:
    """Record a line's raw HTML (the validator checks it) and the URLs its attributes link."""
    if "<" not in text:
        return
    page.html.append((number, text))
    for match in HTML_ATTR_URL_RE.finditer(text):
        page.links.append(Link(match.group(1), number, match.start(1) + 1, "src=" in match.group(0).lower()))


def scan_links(page: Page, text: str, number: int) -> None:
    if "[" not in text and "<" not in text:
        return
    for match in LINK_RE.finditer(text):
        page.links.append(Link(match.group(3), number, match.start(3) + 1, bool(match.group(1))))
    for match in AUTOLINK_RE.finditer(text):
        page.links.append(Link(match.group(1), number, match.start(1) + 1, False))
    split = SPLIT_TARGET_RE.search(text)
    if split:
        page.split_links.append((number, split.start() + 3))


# --- Loading ---------------------------------------------------------------------------------

class ConfigError(Exception):
    """mkdocs.yml is missing or unusable, or the command line names a path that cannot be checked."""


class ConfigLoader(UniqueKeys, yaml.Loader):
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
    except DuplicateKeyError as err:
        raise ConfigError(f"{path}:{err.line + 1}: `{err.key}` is given twice in the same mapping; "
                          "YAML keeps only the last one, so merge the two") from None
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
    if folder == schema.PROMPT_DIR and name != "index.md":
        return "prompt"
    return "page"


# --- The whole handbook -----------------------------------------------------------------------

@dataclass
class Handbook:
    """Every page under docs/, parsed once."""

    config: Config
    pages: dict[str, Page]  # docs-relative path -> page

    @classmethod
    def load(cls, config: Config) -> "Handbook":
        pages = {}
        for path in sorted(config.docs.rglob("*.md")):
            page = read_page(config, path)
            pages[page.rel] = page
        return cls(config, pages)

    def of_kind(self, kind: str) -> list[Page]:
        return [p for rel, p in self.pages.items() if page_kind(rel) == kind and rel != schema.CASE_STUDY_TEMPLATE]


def url_path(rel: str) -> str:
    """The site path of a docs-relative page, as the built site serves it (directory URLs)."""
    path = rel[:-3]
    return path[: -len("index")] if path == "index" or path.endswith("/index") else path + "/"


def section_of(page: Page, line: int) -> Heading | None:
    """The H2 heading whose section holds a line."""
    return next((h for h in reversed(page.headings) if h.level == 2 and h.line < line), None)


def relink(markdown: str, source_rel: str, from_dir: str) -> str:
    """Markdown moved from the page `source_rel` to a page in the folder `from_dir`, with every
    relative link rewritten so that it still reaches the same target."""
    def fix(match: re.Match) -> str:
        target = match.group(3)
        if not target or re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("/"):
            return match.group(0)
        path, _, anchor = target.partition("#")
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(source_rel), path)) if path else source_rel
        new = posixpath.relpath(resolved, from_dir or ".") + (f"#{anchor}" if anchor else "")
        return match.group(0).replace(f"({target}", f"({new}", 1)

    return LINK_RE.sub(fix, markdown)
