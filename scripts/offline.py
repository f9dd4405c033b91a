"""Build the offline edition: a zip whose index.html works from file://, search included.

Usage:
    python scripts/offline.py                    # writes dist/ml-system-design-handbook-offline.zip
    python scripts/offline.py --output out.zip

It builds the site with Material's offline plugin switched on (OFFLINE=true): links point to
.html files instead of folders, the search index is inlined into a script, and the vendored
iframe-worker shim (added by scripts/hooks.py) runs the search worker without a server. Unzip the
archive anywhere and open ml-system-design-handbook/index.html in a browser.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import site_tools  # noqa: E402

FOLDER = "ml-system-design-handbook"
DEFAULT_OUTPUT = site_tools.ROOT / "dist" / f"{FOLDER}-offline.zip"


def pack(site: Path, output: Path) -> int:
    """Zip every file of the built site under one top-level folder; return the file count."""
    output.parent.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in site.rglob("*") if p.is_file())
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in files:
            archive.write(path, f"{FOLDER}/{path.relative_to(site).as_posix()}")
    return len(files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the offline edition as a zip.")
    parser.add_argument("--output", default=str(DEFAULT_OUTPUT), help="the zip to write (default: %(default)s)")
    args = parser.parse_args(argv)
    output = Path(args.output)
    with tempfile.TemporaryDirectory(prefix="handbook-offline-") as tmp:
        site = Path(tmp) / "site"
        print("[1/2] building the offline edition", flush=True)
        result = site_tools.build(site, "http://127.0.0.1:8000/", offline=True)
        if result.returncode != 0:
            print(result.stdout + result.stderr, file=sys.stderr)
            print("offline.py: error: the build failed", file=sys.stderr)
            return 1
        if not (site / "search" / "search_index.js").is_file():
            print("offline.py: error: the build has no inlined search index", file=sys.stderr)
            return 1
        count = pack(site, output)
    print(f"[2/2] wrote {output} ({count} files, {output.stat().st_size / 1e6:.1f} MB); "
          f"unzip it and open {FOLDER}/index.html", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
