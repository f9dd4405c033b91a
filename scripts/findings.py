"""The validator's finding codes and the Finding record, shared by the handbook model (which reports
pages it cannot read or parse) and the validator (which reports broken rules).

Each code maps to (what is wrong, how to fix it); every finding's message is built from them, and
CONTRIBUTING.md and the contributing page list them (the page's table is generated from this dict).
"""
from __future__ import annotations

from dataclasses import dataclass

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
    "L308": ("link target is split across two lines",
             "keep `(target)` on one line: break the line before the link's `[` instead"),
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
    "S410": ("page has no formula", "add a formula in `$$ ... $$` with its symbols defined"),
    "S411": ("no end-to-end architecture diagram",
             "draw one diagram with the training path and the serving path as subgraphs"),
    "S412": ("too few links to case studies", "link worked examples to case-study pages"),
    "S413": ("malformed pros/cons table", "use columns Option | Pros | Cons [| Pick when] and two or more rows"),
    "S414": ("page has no H1 title", "start the page with a # Title line"),
    "S415": ("the Used in section is written by hand",
             "make its only content the line <!-- generated:used-in -->; the build lists the case studies"),
    "P901": ("practice prompt has no interviewer's words",
             'open the page, after the H1, with `!!! quote "The prompt"` and the prompt, indented, in quotes'),
    "P902": ("practice prompt needs exactly three hints",
             'write three collapsed `??? tip "Hint N: ..."` blocks under "Hints", from a nudge to a near-answer'),
    "P903": ("practice prompt's outline answer is not one collapsed block covering the seven steps",
             'put one `??? success "..."` block under "Outline answer" whose paragraphs open with '
             '**1. Clarifying requirements.** to **7. Monitoring and infrastructure.**, in order'),
    "P904": ("practice prompt has too few clarifying questions",
             'list at least five questions as bullets under "Clarifying questions worth asking"'),
    "P905": ("practice prompt names a case study that does not exist or is not linked",
             "set `case_study` to a page under case-studies/ and link it under \"Read next\", or drop the key"),
    "D501": ("Mermaid diagram has no accTitle", "add an `accTitle: ...` line"),
    "D502": ("Mermaid diagram has no accDescr", "add an `accDescr: ...` line"),
    "D503": ("Mermaid diagram has no known diagram type", "start it with e.g. `flowchart LR`"),
    "N601": ("page is not in the nav", "add it to nav in mkdocs.yml or to not_in_nav"),
    "N602": ("nav entry names a missing page", "fix the path in mkdocs.yml or add the page"),
    "N603": ("page is in the wrong nav group",
             "move it under the nav group its front matter names: for a case study, `ml_task: generation` "
             "means 'Generative AI', a book chapter number 'From the book', `book_chapter: original` "
             "'Beyond the book'; a building block with `group: generative-ai` goes under 'Generative AI', "
             "any other directly under 'Building blocks'"),
    "H701": ("unsafe HTML element", "remove the element; use Markdown or an admonition instead"),
    "H702": ("inline event handler in HTML", "remove the on...= attribute"),
    "H703": ("javascript: URL", "link a page or an https:// URL instead"),
    "H704": ("`<` before a letter in a formula is read as an HTML tag and breaks the page below it",
             r"write `\lt` or put a space after `<`, e.g. `x_{\lt t}`"),
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
