"""Time the validator against the strict build on a generated handbook, side by side in one run.

Usage:
    python scripts/benchmark.py [--pages 60] [--words 250000] [--runs 3] [--keep DIR]

It writes a handbook of --pages case studies (about --words words of prose in all, with step
headings, tables, Mermaid diagrams, formulas, questions and cross-links) into a temporary folder,
with the real site's Markdown configuration, then runs `scripts/validate.py` and
`mkdocs build --strict` on it --runs times each, alternating, and prints the medians and the ratio.
The target is a validator that takes under 10% of the build's wall time. Timings on a shared machine
are noisy, so compare the ratio within one run, not absolute seconds across runs.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import schema  # noqa: E402
from handbook import ConfigLoader  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("model embedding latency index shard replica feature label sample query candidate ranking "
         "retrieval recall precision budget cache request user item store pipeline training serving "
         "drift monitor alert threshold batch stream tower loss gradient metric experiment rollout "
         "canary shadow quantization distillation negative positive vector cluster graph partition").split()


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, words: int) -> tuple[str, int]:
    out, count = [], 0
    while count < words:
        n = rng.randint(8, 18)
        out.append(sentence(rng, n))
        count += n
    return " ".join(out), count


def page(rng: random.Random, index: int, pages: int, words_per_page: int) -> str:
    title = f"Generated system {index:02d}"
    techniques = rng.sample(list(schema.TECHNIQUES), 5)
    lines = [
        "---",
        f"title: {title}",
        f"description: A generated case study number {index} for the benchmark.",
        "last_reviewed: 2026-01-01",
        "book_chapter: original",
        "difficulty: medium",
        "ml_task: ranking",
        f"techniques: [{', '.join(techniques)}]",
        "offline_metrics: [ndcg, mrr]",
        "online_metrics: [ctr]",
        "tags: [recommendation]",
        "---",
        "",
        f"# {title}",
        "",
    ]
    sections = [(f"{s.number}. {s.title}", s.id) for s in schema.STEPS] + list(schema.CASE_STUDY_SECTIONS)
    budget = words_per_page // len(sections)
    for number, (heading, ident) in enumerate(sections):
        lines += [f"## {heading} {{ #{ident} }}", ""]
        written = 0
        sub = 0
        while written < budget:
            text, count = paragraph(rng, min(120, budget - written + 10))
            other = rng.randrange(pages)
            text += f" See [system {other:02d}](system-{other:02d}.md#{rng.choice(schema.STEPS).id})."
            lines += [text, ""]
            written += count
            if written < budget and rng.random() < 0.3:
                sub += 1
                lines += [f"### Detail {sub} of {heading.lower()}", ""]
        if number in (1, 3):
            lines += ["| Option | Pros | Cons | Pick when |", "| --- | --- | --- | --- |",
                      "| Option A | Fast | Less accurate | Tight budgets |",
                      "| Option B | Accurate | Slower | Quality first |", ""]
        if number in (2, 5):
            lines += ["```mermaid", "flowchart LR", f"    accTitle: Diagram {number} of {title}",
                      "    accDescr: A generated pipeline with a training path and a serving path.",
                      "    subgraph training [Training]", "        A[Logs] --> B[(Store)]", "    end",
                      "    subgraph serving [Serving]", "        C[Request] --> D[Model]", "    end",
                      "    B --> D", "```", ""]
        if number == 3:
            lines += ["$$", r"L = -\frac{1}{N} \sum_{i=1}^{N} y_i \log p_i", "$$", ""]
        if ident == "interview-follow-ups":
            for q in range(6):
                text, _ = paragraph(rng, 40)
                lines += [f'??? question "Generated question {q + 1}?"', f"    {text}", ""]
    return "\n".join(lines)


def make_handbook(target: Path, pages: int, words: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    docs = target / "docs"
    (docs / "case-studies").mkdir(parents=True)
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
    shutil.copytree(ROOT / "includes", target / "includes")
    shutil.copytree(ROOT / "overrides", target / "overrides")
    for index in range(pages):
        (docs / "case-studies" / f"system-{index:02d}.md").write_text(page(rng, index, pages, words // pages), encoding="utf-8")
    (docs / "index.md").write_text("---\ntitle: Generated handbook\ndescription: Benchmark input.\nlast_reviewed: 2026-01-01\n---\n\n"
                                   "# Generated handbook\n\nGenerated pages for timing.\n", encoding="utf-8")
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=ConfigLoader)
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # Same Markdown extensions, theme and plugins; the same overrides; no hooks; a nav of the generated pages.
    text = text.replace("hooks:\n  - scripts/hooks.py\n", "")
    text = text[: text.index("\nnav:")] + "\nnav:\n  - index.md\n" + "".join(
        f"  - case-studies/system-{i:02d}.md\n" for i in range(pages))
    (target / "mkdocs.yml").write_text(text, encoding="utf-8")
    assert config  # the real configuration parsed; the copy differs only in hooks and nav


def timed(cmd: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    return time.perf_counter() - start, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Validator versus build timing.")
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--words", type=int, default=250_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", help="write the generated handbook here and keep it")
    args = parser.parse_args(argv)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="handbook-bench-"))
    if args.keep and work.exists():
        shutil.rmtree(work)
    try:
        make_handbook(work, args.pages, args.words)
        validate_cmd = [sys.executable, str(ROOT / "scripts" / "validate.py"), "--config", str(work / "mkdocs.yml")]
        build_cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(work / "site")]
        seconds, result = timed([sys.executable, str(ROOT / "scripts" / "validate.py"), "--config",
                                 str(work / "mkdocs.yml"), "--format", "json"], work)
        import json
        summary = json.loads(result.stdout)["summary"]
        words = sum(len(p.read_text().split()) for p in (work / "docs" / "case-studies").glob("*.md"))
        print(f"generated handbook: {args.pages} pages, about {words:,} words (raw), "
              f"validator findings on it: {summary['findings']}")
        v_times, b_times = [], []
        for run in range(args.runs):
            v, v_result = timed(validate_cmd, work)
            b, b_result = timed(build_cmd, work)
            if b_result.returncode != 0:
                print(b_result.stdout[-2000:], b_result.stderr[-2000:], file=sys.stderr)
                print("benchmark: the build failed on the generated handbook", file=sys.stderr)
                return 1
            v_times.append(v)
            b_times.append(b)
            print(f"run {run + 1}: validator {v:6.2f} s   build {b:6.2f} s   ratio {v / b:6.1%}", flush=True)
        v_med, b_med = statistics.median(v_times), statistics.median(b_times)
        ratio = v_med / b_med
        print(f"median: validator {v_med:.2f} s, mkdocs build --strict {b_med:.2f} s, "
              f"ratio {ratio:.1%} (target under 10%: {'met' if ratio < 0.10 else 'NOT met'})")
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
