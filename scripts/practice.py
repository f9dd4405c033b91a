"""Practice material generated from the handbook model: nothing here is written by hand.

- `question_bank`: every self-check question and interview follow-up of the framework chapters, the
  building blocks and the case studies, grouped by framework step, by building-block group and by
  case study, each with its answer collapsed and a link back to where it is answered, then a topic
  index by tag.
"""
from __future__ import annotations

import posixpath
import re

import handbook
import schema

# The sections whose questions the bank collects, by page kind.
QUESTION_SECTIONS = {
    "framework": "self-check-questions",
    "building-block": "self-check-questions",
    "case-study": "interview-follow-ups",
    "playbook": "self-check-questions",
}
PLAYBOOK = "framework/interview-playbook.md"


def kind_of(rel: str) -> str:
    return "playbook" if rel == PLAYBOOK else handbook.page_kind(rel)


def collected(page: handbook.Page) -> list[handbook.Question]:
    """The page's questions that sit in the section the bank collects for its kind."""
    ident = QUESTION_SECTIONS.get(kind_of(page.rel))
    out = []
    for question in page.questions:
        heading = handbook.section_of(page, question.line)
        if ident and heading is not None and heading.id == ident:
            out.append(question)
    return out


def link(rel: str, title: str, from_dir: str, anchor: str = "") -> str:
    target = posixpath.relpath(rel, from_dir or ".") + (f"#{anchor}" if anchor else "")
    return f"[{title}]({target})"


def render(page: handbook.Page, question: handbook.Question, from_dir: str) -> str:
    """One question as a collapsed block: the answer, then where it is answered."""
    heading = handbook.section_of(page, question.line)
    answer = handbook.relink(question.answer, page.rel, from_dir)
    where = link(page.rel, str(page.meta.get("title", page.rel)), from_dir, heading.id if heading else "")
    body = "\n".join(("    " + line) if line.strip() else "" for line in answer.split("\n"))
    title = question.text.replace('"', "'")
    return f'??? question "{title}"\n{body}\n\n    Answered in {where}.'


def group(title: str, ident: str, items: list[tuple[handbook.Page, handbook.Question]], from_dir: str,
          level: int = 3) -> str:
    blocks = "\n\n".join(render(page, q, from_dir) for page, q in items)
    return f"{'#' * level} {title} ({len(items)}) {{ #{ident} }}\n\n{blocks}"


def question_bank(book: handbook.Handbook, from_dir: str) -> str:
    """The question bank's body: counts, then the questions by step, by block group, by case study,
    then a topic index."""
    def titled(pages):
        return sorted(pages, key=lambda p: str(p.meta.get("title", p.rel)))

    pages = {rel: p for rel, p in book.pages.items() if rel != schema.CASE_STUDY_TEMPLATE and collected(p)}
    out = []
    counts = []

    # Framework steps, then the playbook.
    steps = []
    for step in schema.STEPS:
        items = [(p, q) for p in pages.values() if kind_of(p.rel) == "framework"
                 and p.meta.get("step") == step.number for q in collected(p)]
        if items:
            steps.append(group(f"{step.number}. {step.title}", f"step-{step.number}", items, from_dir))
            counts.append((f"{step.number}. {step.title}", f"step-{step.number}", len(items)))
    playbook = pages.get(PLAYBOOK)
    if playbook is not None:
        items = [(playbook, q) for q in collected(playbook)]
        steps.append(group("The interview as a whole", "the-interview", items, from_dir))
        counts.append(("The interview as a whole", "the-interview", len(items)))
    if steps:
        out.append("## By framework step { #by-step }\n\n" + "\n\n".join(steps))

    # Building blocks, by their index group.
    blocks = []
    for ident, title in schema.BUILDING_BLOCK_GROUPS.items():
        items = [(p, q) for p in titled(pages.values()) if kind_of(p.rel) == "building-block"
                 and p.meta.get("group") == ident for q in collected(p)]
        if items:
            blocks.append(group(title, f"blocks-{ident}", items, from_dir))
            counts.append((f"Building blocks: {title}", f"blocks-{ident}", len(items)))
    if blocks:
        out.append("## By building block { #by-building-block }\n\n" + "\n\n".join(blocks))

    # Case-study follow-ups, each case study under its index group.
    studies = []
    for part, (title, _) in schema.CASE_STUDY_PARTS.items():
        members = [p for p in titled(pages.values()) if kind_of(p.rel) == "case-study"
                   and schema.case_study_part(p.meta) == part]
        if not members:
            continue
        total = sum(len(collected(p)) for p in members)
        studies.append(f"### {title} ({total}) {{ #{part} }}")
        for p in members:
            ident = posixpath.splitext(posixpath.basename(p.rel))[0]
            studies.append(group(str(p.meta.get("title")), ident, [(p, q) for q in collected(p)], from_dir, 4))
        counts.append((f"Case studies: {title}", part, total))
    if studies:
        out.append("## By case study { #by-case-study }\n\n" + "\n\n".join(studies))

    # Topics: every tag a page with questions declares, with the pages and their counts.
    topics: dict[str, list[handbook.Page]] = {}
    for p in titled(pages.values()):
        for tag in p.meta.get("tags") or []:
            topics.setdefault(tag, []).append(p)
    if topics:
        rows = ["| Topic | Questions | Where they are answered |", "| --- | --- | --- |"]
        for tag in sorted(topics, key=lambda t: schema.TAGS.get(t, t)):
            members = topics[tag]
            where = ", ".join(
                link(p.rel, f"{p.meta.get('title')} ({len(collected(p))})", from_dir,
                     QUESTION_SECTIONS[kind_of(p.rel)]) for p in members)
            rows.append(f"| {schema.TAGS.get(tag, tag)} | {sum(len(collected(p)) for p in members)} | {where} |")
        out.append("## By topic { #by-topic }\n\nPages that declare a topic in their front matter, with "
                   "how many of their questions the bank holds.\n\n" + "\n".join(rows))

    total = sum(len(collected(p)) for p in pages.values())
    summary = ["| Group | Questions |", "| --- | --- |"]
    summary += [f"| [{title}](#{ident}) | {n} |" for title, ident, n in counts]
    summary.append(f"| **All** | **{total}** |")
    head = (f"The bank holds **{total} questions** from {len(pages)} pages.\n\n" + "\n".join(summary))
    return head + "\n\n" + "\n\n".join(out)


def count(book: handbook.Handbook) -> int:
    return sum(len(collected(p)) for rel, p in book.pages.items() if rel != schema.CASE_STUDY_TEMPLATE)
