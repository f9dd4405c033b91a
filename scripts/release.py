"""Build every file a release publishes, exactly as the release workflow does, on your machine.

Usage:
    python scripts/release.py                         (or: ./dev release) -> dist/release/
    python scripts/release.py --out DIR --chapters 'case-studies/visual-*'   (a subset, for a quick check)

It writes, with names that never change from one release to the next (so that the downloads page can
link `releases/latest/download/<name>`):
- the whole handbook as one PDF;
- one PDF per framework chapter, building block and case study;
- the offline edition (a zip that works from file://);
- the flashcards (Anki package and CSV);
- SHA256SUMS, the checksum of every file above, in the format `sha256sum -c` reads.

Progress is printed as `[n/N]` per file. The list of files comes from `artefacts()`, which the build
hooks also use to generate the downloads page, so the page and the release cannot disagree.
"""
from __future__ import annotations

import argparse
import fnmatch
import hashlib
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import handbook  # noqa: E402
import schema  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NAME = "ml-system-design-handbook"
CHAPTER_KINDS = ("framework", "building-block", "case-study")  # the pages that get a PDF of their own


@dataclass(frozen=True)
class Artefact:
    name: str  # file name in the release
    what: str  # one line for the downloads page
    kind: str  # "book", "chapter", "offline", "flashcards" or "checksums"
    page: str = ""  # for a chapter PDF: the docs-relative page
    title: str = ""


def chapter_pdf_name(rel: str) -> str:
    """`case-studies/visual-search.md` -> `case-study-visual-search.pdf`, stable across releases."""
    kind = handbook.page_kind(rel)
    return f"{kind}-{Path(rel).stem}.pdf"


def artefacts(book: handbook.Handbook) -> list[Artefact]:
    """Every file of a release, in the order the downloads page lists them."""
    out = [Artefact(f"{NAME}.pdf", "The whole handbook as one PDF, with bookmarks and every answer expanded", "book")]
    for kind in CHAPTER_KINDS:
        for page in sorted(book.of_kind(kind), key=lambda p: p.rel):
            out.append(Artefact(chapter_pdf_name(page.rel), f"{page.meta.get('title', page.rel)} as a PDF",
                                "chapter", page.rel, str(page.meta.get("title", page.rel))))
    out += [
        Artefact(f"{NAME}-offline.zip", "The offline edition: unzip it and open index.html, search included", "offline"),
        Artefact(f"{NAME}.apkg", "Flashcards for Anki: questions, terms, abbreviations, numbers and formulas", "flashcards"),
        Artefact(f"{NAME}.csv", "The same flashcards as a CSV, for other spaced-repetition tools", "flashcards"),
        Artefact("SHA256SUMS", "SHA-256 checksums of every file, for `sha256sum -c SHA256SUMS`", "checksums"),
    ]
    return out


KIND_TITLES = {"framework": "Framework chapters", "building-block": "Building blocks", "case-study": "Case studies"}


def downloads(items: list[Artefact], repo_url: str) -> str:
    """The downloads page's body: the whole-book files, then one table of chapter PDFs per kind, each
    linked to the latest release, whose file names never change."""
    base = repo_url.rstrip("/") + "/releases/latest/download/"
    main_rows = ["| File | What it is |", "| --- | --- |"]
    main_rows += [f"| [{a.name}]({base}{a.name}) | {a.what} |" for a in items if a.kind != "chapter"]
    out = ["## The handbook { #the-handbook }", "\n".join(main_rows)]
    for kind, title in KIND_TITLES.items():
        chapters = [a for a in items if a.kind == "chapter" and handbook.page_kind(a.page) == kind]
        if chapters:
            rows = ["| Chapter | PDF |", "| --- | --- |"]
            rows += [f"| {a.title} | [{a.name}]({base}{a.name}) |" for a in chapters]
            out += [f"## {title} as PDFs {{ #{kind}-pdfs }}", "\n".join(rows)]
    return "\n\n".join(out)


def checksums(folder: Path, names: list[str]) -> str:
    lines = []
    for name in names:
        digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        lines.append(f"{digest}  {name}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build every file of a release into one folder.")
    parser.add_argument("--out", default=str(ROOT / "dist" / "release"), help="output folder (default: %(default)s)")
    parser.add_argument("--chapters", default="*", help="only chapter PDFs whose page matches this pattern")
    parser.add_argument("--no-book", action="store_true", help="skip the whole-handbook PDF (quick checks)")
    args = parser.parse_args(argv)

    import flashcards
    import offline
    import pdf
    import site_tools

    executable = site_tools.require_chromium("release.py")
    if not executable:
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    config = handbook.load_config(ROOT / "mkdocs.yml")
    book = handbook.Handbook.load(config)
    plan = [a for a in artefacts(book)
            if not (a.kind == "chapter" and not fnmatch.fnmatch(a.page, args.chapters))
            and not (a.kind == "book" and args.no_book)]
    total = len(plan)
    done = 0

    def step(message: str) -> None:
        nonlocal done
        done += 1
        print(f"[{done}/{total}] {message}", flush=True)

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="handbook-release-") as tmp:
        port = site_tools.free_port()
        site = Path(tmp) / "site"
        print(f"building the site for PDFs ({total} files to write)", flush=True)
        result = site_tools.build(site, f"http://127.0.0.1:{port}/")
        if result.returncode != 0:
            print(result.stdout + result.stderr, file=sys.stderr)
            print("release.py: error: the build failed", file=sys.stderr)
            return 1
        with site_tools.serve(site, port) as origin, sync_playwright() as playwright:
            browser = site_tools.launch(playwright, executable)
            try:
                for item in plan:
                    if item.kind not in ("book", "chapter"):
                        continue
                    target = "print_page/" if item.kind == "book" else handbook.url_path(item.page)
                    figures = pdf.render(origin + target, out / item.name, browser=browser)
                    if figures["errors"]:
                        print(f"release.py: error: {target} reported errors: {figures['errors']}", file=sys.stderr)
                        return 1
                    step(f"{item.name} ({(out / item.name).stat().st_size / 1e6:.1f} MB, "
                         f"{figures['diagrams']} diagrams)")
            finally:
                browser.close()

    if offline.main(["--output", str(out / f"{NAME}-offline.zip")]) != 0:
        return 1
    step(f"{NAME}-offline.zip")
    with tempfile.TemporaryDirectory(prefix="handbook-cards-") as tmp:
        if flashcards.main(["--out", tmp]) != 0:
            return 1
        for suffix in ("apkg", "csv"):
            (out / f"{NAME}.{suffix}").write_bytes((Path(tmp) / f"{NAME}.{suffix}").read_bytes())
            step(f"{NAME}.{suffix}")
    names = [a.name for a in plan if a.kind != "checksums"]
    (out / "SHA256SUMS").write_text(checksums(out, names), encoding="utf-8")
    step("SHA256SUMS")
    size = sum((out / n).stat().st_size for n in names)
    print(f"wrote {len(names) + 1} files, {size / 1e6:.1f} MB, to {out}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
