"""Create a new case study from the template and add it to the navigation.

Usage:
    python scripts/new_case_study.py --title "Email spam filtering" --slug email-spam-filtering

The new page keeps the template's structure (the seven steps, the required sections, two diagrams,
two pros/cons tables, six follow-up questions, a formula), so it passes every structure check at
once; the validator then reports only the word minimums, which writing the page clears.
"""
from __future__ import annotations

import argparse
import datetime
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import schema  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ScaffoldError(Exception):
    pass


def strip_template_notes(template: str) -> str:
    """Remove the notes that only make sense on the template page itself."""
    return re.sub(r"<!-- template-only -->.*?<!-- /template-only -->\n+", "", template, flags=re.S)


def render(template: str, title: str, today: datetime.date | None = None) -> str:
    """The template's text with the new title, today's review date, no template status, and no
    template-only notes."""
    text = strip_template_notes(template)
    today = today or datetime.date.today()
    text = re.sub(r"(?m)^last_reviewed: .*$", f"last_reviewed: {today.isoformat()}", text, count=1)
    text = re.sub(r"(?m)^title: .*$", f"title: {title}", text, count=1)
    text = re.sub(r"(?m)^description: .*$",
                  f"description: How to design {title.lower()} end to end, from requirements to monitoring.",
                  text, count=1)
    text = re.sub(r"(?m)^status: template\n", "", text, count=1)
    text = re.sub(r"(?m)^# .*$", f"# {title}", text, count=1)
    return text


def add_to_nav(config_text: str, rel: str) -> str:
    """Insert `- rel` at the end of the nav group for pages written for the handbook (the template
    says `book_chapter: original`), creating the group after the last case study if it is missing."""
    lines = config_text.split("\n")
    group_title = schema.CASE_STUDY_PARTS["beyond-the-book"][0]
    entry = re.compile(r"^(\s*)- (?:[^:]+:\s*)?" + re.escape(schema.CASE_STUDY_DIR) + r"/[^\s]+\.md\s*$")
    group = next((i for i, line in enumerate(lines) if line.strip() == f"- {group_title}:"), None)
    if group is not None:
        depth = len(lines[group]) - len(lines[group].lstrip())
        end = group + 1
        while end < len(lines) and lines[end].strip() and len(lines[end]) - len(lines[end].lstrip()) > depth:
            end += 1
        members = [i for i in range(group + 1, end) if entry.match(lines[i])]
        indent = entry.match(lines[members[0]]).group(1) if members else " " * (depth + 4)
        lines.insert(end, f"{indent}- {rel}")
        return "\n".join(lines)
    last = max((i for i, line in enumerate(lines) if entry.match(line)), default=None)
    if last is None:
        raise ScaffoldError(f"mkdocs.yml has no nav entry under {schema.CASE_STUDY_DIR}/ to add the page after")
    indent = entry.match(lines[last]).group(1)
    # Close the group the last case study sits in: the new group is its sibling.
    parent = next((i for i in range(last, -1, -1)
                   if lines[i].strip().endswith(":") and len(lines[i]) - len(lines[i].lstrip()) < len(indent)), None)
    sibling = lines[parent][: len(lines[parent]) - len(lines[parent].lstrip())] if parent is not None else indent
    if parent is not None and lines[parent].strip() == "- Case studies:":
        sibling = indent  # the case studies are not grouped yet: the new group sits beside them
    lines[last + 1:last + 1] = [f"{sibling}- {group_title}:", f"{sibling}    - {rel}"]
    return "\n".join(lines)


def create(root: Path, title: str, slug: str) -> Path:
    if not SLUG_RE.match(slug):
        raise ScaffoldError(f"slug {slug!r} must be kebab-case: lowercase letters, digits and hyphens")
    if not title.strip():
        raise ScaffoldError("the title must not be empty")
    if "\n" in title or title.strip() != title:
        raise ScaffoldError("the title must be one line without leading or trailing spaces")
    docs = root / "docs"
    target = docs / schema.CASE_STUDY_DIR / f"{slug}.md"
    if target.exists():
        raise ScaffoldError(f"{target.relative_to(root)} already exists")
    config_path = root / "mkdocs.yml"
    rel = f"{schema.CASE_STUDY_DIR}/{slug}.md"
    config_text = config_path.read_text(encoding="utf-8")
    if re.search(r"(?m)^\s*- (?:[^:]+:\s*)?" + re.escape(rel) + r"\s*$", config_text):
        raise ScaffoldError(f"{rel} is already in the nav of mkdocs.yml")
    new_config = add_to_nav(config_text, rel)
    page = render((docs / schema.CASE_STUDY_TEMPLATE).read_text(encoding="utf-8"), title.replace('"', "'"))
    target.write_text(page, encoding="utf-8")
    config_path.write_text(new_config, encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Create a case study from the template.")
    parser.add_argument("--title", required=True, help='the system\'s name, e.g. "Email spam filtering"')
    parser.add_argument("--slug", required=True, help="the file name without .md, e.g. email-spam-filtering")
    parser.add_argument("--root", default=str(ROOT), help=argparse.SUPPRESS)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return 0 if exit_.code == 0 else 2
    try:
        target = create(Path(args.root), args.title, args.slug)
    except (ScaffoldError, OSError) as err:
        print(f"new_case_study.py: error: {err}", file=sys.stderr)
        return 2
    print(f"created {target.relative_to(Path(args.root))} and added it to nav in mkdocs.yml")
    print("next: write each section, then run ./dev validate until it reports no findings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
