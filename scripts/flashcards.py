"""Flashcards for spaced repetition, generated from the handbook so that they never go stale.

Usage:
    python scripts/flashcards.py [--out dist/flashcards]     (or: ./dev flashcards)

Writes an Anki package (.apkg) and a CSV with one card per:
- question: every self-check question and interview follow-up the question bank collects;
- term: every term defined in the glossary;
- abbreviation: every abbreviation of includes/abbreviations.md;
- number: every row of the tables in includes/numbers.md (the numbers worth memorising);
- formula: every section of includes/formulas.md, asked by the title comment that opens the section,
  its symbols defined on the back.

Each card's Anki id (its note GUID) comes from what the card is about, never from its text: a question
is identified by its page and question, a term by its name, a number by its table and row, a formula
by its section. Editing an answer therefore updates that card when the deck is imported again, and
the review history survives. Formulas use Anki's own MathJax delimiters, \\( \\) and \\[ \\], and links
point to the published site (the `site_url` of mkdocs.yml, set by SITE_URL when a release is built).
"""
from __future__ import annotations

import argparse
import csv
import html
import io
import posixpath
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import markdown

sys.path.insert(0, str(Path(__file__).resolve().parent))
import handbook  # noqa: E402
import practice  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
INCLUDES = ROOT / "includes"
DECK_NAME = "ML System Design Handbook"
# Fixed forever: Anki recognises the deck and the note type by these ids on every re-import.
DECK_ID = 1_711_842_001
MODEL_ID = 1_711_842_002
KINDS = ("question", "term", "abbreviation", "number", "formula")
TITLE_RE = re.compile(r"^<!-- title: (.+?) -->$", re.M)

DISPLAY_MATH_RE = re.compile(r"\$\$(.+?)\$\$", re.S)
INLINE_MATH_RE = re.compile(r"(?<![\\$\w])\$(?=\S)([^$\n]+?)(?<=\S)\$(?![\w$])")
SECTION_RE = re.compile(r"<!-- --8<-- \[start:([a-z0-9-]+)\] -->\n(.*?)\n<!-- --8<-- \[end:\1\] -->", re.S)
ABBREVIATION_RE = re.compile(r"^\*\[([^\]]+)\]:\s*(.+)$", re.M)


@dataclass(frozen=True)
class Card:
    key: str  # what the card is about; its GUID derives from this alone
    kind: str  # one of KINDS
    front: str  # HTML
    back: str  # HTML
    source: str  # URL of the page that explains it


def guid(card: Card) -> str:
    import genanki  # imported here so that building the site does not need it
    return genanki.guid_for(card.key)


def to_html(text: str) -> str:
    """Markdown to HTML, with $...$ and $$...$$ turned into Anki's MathJax delimiters."""
    maths: list[str] = []

    def keep(tex: str, display: bool) -> str:
        maths.append((r"\[" + tex.strip() + r"\]") if display else (r"\(" + tex.strip() + r"\)"))
        return f"\x00{len(maths) - 1}\x00"

    text = DISPLAY_MATH_RE.sub(lambda m: keep(m.group(1), True), text)
    text = INLINE_MATH_RE.sub(lambda m: keep(m.group(1), False), text)
    out = markdown.markdown(text, extensions=["tables", "def_list"], output_format="html")
    return re.sub("\x00(\\d+)\x00", lambda m: html.escape(maths[int(m.group(1))], quote=False), out)


def page_url(rel: str, site_url: str, anchor: str = "") -> str:
    """The published URL of a docs-relative page (directory URLs, as the site uses)."""
    return site_url.rstrip("/") + "/" + handbook.url_path(rel) + (f"#{anchor}" if anchor else "")


def absolute_links(text: str, source_rel: str, site_url: str) -> str:
    """Markdown from `source_rel` with every relative link pointing to the published page."""
    def fix(match: re.Match) -> str:
        target = match.group(3)
        if not target or re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
            return match.group(0)
        path, _, anchor = target.partition("#")
        rel = posixpath.normpath(posixpath.join(posixpath.dirname(source_rel), path)) if path else source_rel
        url = page_url(rel, site_url, anchor) if rel.endswith(".md") else target
        return match.group(0).replace(f"({target}", f"({url}", 1)

    return handbook.LINK_RE.sub(fix, text)


def question_cards(book: handbook.Handbook, site_url: str) -> list[Card]:
    out = []
    for rel, page in sorted(book.pages.items()):
        if rel == handbook.schema.CASE_STUDY_TEMPLATE:
            continue
        for question in practice.collected(page):
            heading = handbook.section_of(page, question.line)
            source = page_url(rel, site_url, heading.id if heading else "")
            title = str(page.meta.get("title", rel))
            front = f"<p>{html.escape(question.text)}</p><p><small>{html.escape(title)}</small></p>"
            back = to_html(absolute_links(question.answer, rel, site_url))
            out.append(Card(f"question:{rel}:{question.text}", "question", front, back, source))
    return out


def glossary_cards(book: handbook.Handbook, site_url: str) -> list[Card]:
    """One card per glossary term: a line followed by a `:   definition` block."""
    page = book.pages.get("glossary.md")
    if page is None:
        return []
    out = []
    lines = page.lines
    for index, line in enumerate(lines[:-1]):
        if line.strip() and not line.startswith((" ", ":", "#", "|", "-", "<")) and lines[index + 1].startswith(":   "):
            body = [lines[index + 1][4:]]
            for more in lines[index + 2:]:
                if more.strip() and not more.startswith("    "):
                    break
                body.append(more[4:])
            definition = absolute_links("\n".join(body).strip(), "glossary.md", site_url)
            term = line.strip()
            out.append(Card(f"term:{term}", "term", f"<p>{html.escape(term)}</p>", to_html(definition),
                            page_url("glossary.md", site_url)))
    return out


def abbreviation_cards(text: str, site_url: str) -> list[Card]:
    return [Card(f"abbreviation:{abbr}", "abbreviation", f"<p>{html.escape(abbr)}</p>",
                 f"<p>{html.escape(meaning.strip())}</p>", page_url("glossary.md", site_url))
            for abbr, meaning in ABBREVIATION_RE.findall(text)]


def number_cards(text: str, site_url: str) -> list[Card]:
    """One card per row of every table in the numbers file: the first cell asks, the others answer."""
    out = []
    cheat_sheet = page_url("practice/cheat-sheet.md", site_url)
    for section, body in SECTION_RE.findall(text):
        rows = [r for r in body.split("\n") if r.startswith("|")]
        if len(rows) < 3:
            continue
        header = [c.strip() for c in rows[0].strip("|").split("|")]
        for row in rows[2:]:
            cells = [c.strip() for c in row.strip("|").split("|")]
            answer = "\n\n".join(f"**{h}:** {c}" for h, c in zip(header[1:], cells[1:]) if c)
            out.append(Card(f"number:{section}:{cells[0]}", "number",
                            f"<p>{html.escape(header[0])}: {to_html(cells[0])[3:-4]}</p>",
                            to_html(answer), cheat_sheet))
    return out


def formula_cards(text: str, site_url: str) -> list[Card]:
    out = []
    cheat_sheet = page_url("practice/cheat-sheet.md", site_url)
    for section, body in SECTION_RE.findall(text):
        if "$$" not in body:
            continue
        title = TITLE_RE.search(body)
        name = title.group(1) if title else section
        body = TITLE_RE.sub("", body).strip()
        out.append(Card(f"formula:{section}", "formula", f"<p>Write the formula: {html.escape(name)}</p>",
                        to_html(body), cheat_sheet))
    return out


def cards(book: handbook.Handbook, includes: Path, site_url: str) -> list[Card]:
    """Every card, in a stable order: by kind, then by source order."""
    read = lambda name: (includes / name).read_text(encoding="utf-8")  # noqa: E731
    return (question_cards(book, site_url) + glossary_cards(book, site_url)
            + abbreviation_cards(read("abbreviations.md"), site_url)
            + number_cards(read("numbers.md"), site_url) + formula_cards(read("formulas.md"), site_url))


def to_csv(deck: list[Card]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["guid", "kind", "front", "back", "source"])
    for card in deck:
        writer.writerow([guid(card), card.kind, card.front, card.back, card.source])
    return out.getvalue()


def write_apkg(deck: list[Card], path: Path) -> None:
    import genanki
    model = genanki.Model(
        MODEL_ID, f"{DECK_NAME} card",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Kind"}, {"name": "Source"}],
        templates=[{
            "name": "Card",
            "qfmt": '<div class="kind">{{Kind}}</div>{{Front}}',
            "afmt": '{{FrontSide}}<hr id="answer">{{Back}}<p class="source"><a href="{{Source}}">Read in the handbook</a></p>',
        }],
        css=".card { font-family: sans-serif; font-size: 18px; text-align: left; max-width: 40em; margin: auto; }"
            " .kind { font-size: 12px; color: #777; text-transform: uppercase; }"
            " .source { font-size: 13px; } table { border-collapse: collapse; }"
            " td, th { border: 1px solid #ccc; padding: 2px 6px; }",
    )
    anki_deck = genanki.Deck(DECK_ID, DECK_NAME)
    for card in deck:
        anki_deck.add_note(genanki.Note(model=model, fields=[card.front, card.back, card.kind, card.source],
                                        guid=guid(card), tags=[card.kind]))
    genanki.Package(anki_deck).write_to_file(str(path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the handbook's flashcards (Anki package and CSV).")
    parser.add_argument("--out", default=str(ROOT / "dist" / "flashcards"), help="output folder")
    parser.add_argument("--config", default=str(ROOT / "mkdocs.yml"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        config = handbook.load_config(Path(args.config))
    except handbook.ConfigError as err:
        print(f"flashcards.py: error: {err}", file=sys.stderr)
        return 2
    book = handbook.Handbook.load(config)
    deck = cards(book, config.root / "includes", str(config.data.get("site_url") or "/"))
    keys = [c.key for c in deck]
    if len(set(keys)) != len(keys):
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        print(f"flashcards.py: error: two cards share an id: {dupes[:3]}", file=sys.stderr)
        return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    write_apkg(deck, out / "ml-system-design-handbook.apkg")
    (out / "ml-system-design-handbook.csv").write_text(to_csv(deck), encoding="utf-8")
    counts = ", ".join(f"{sum(c.kind == k for c in deck)} {k}s" for k in KINDS)
    print(f"wrote {len(deck)} cards ({counts}) to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
