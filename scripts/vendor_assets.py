"""Copy the pinned front-end assets from their npm packages into the repository.

Usage:
    python scripts/vendor_assets.py          # fetch every package pinned in scripts/vendor.json
    python scripts/vendor_assets.py --check  # verify the vendored files against the manifest

To update an asset, change its version in scripts/vendor.json (and its version marker), run this
script, build the site, and run the tests. The script needs `npm` (it runs `npm pack`, which
downloads one tarball per package from the configured registry); nothing is installed globally.
It writes docs/assets/vendor/manifest.json with the version and SHA-256 of every file, which the
tests compare against the pins.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PINS = ROOT / "scripts" / "vendor.json"
MANIFEST = ROOT / "docs" / "assets" / "vendor" / "manifest.json"


def load_pins(path: Path = PINS) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["packages"]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def expand(package_root: Path, files: dict[str, str]) -> list[tuple[Path, str]]:
    """Map each pinned source (a file, or a folder ending in '/') to (source file, destination)."""
    pairs = []
    for src, dst in files.items():
        source = package_root / src
        if src.endswith("/"):
            if not source.is_dir():
                raise SystemExit(f"vendor: folder {src} is not in the package")
            for item in sorted(p for p in source.rglob("*") if p.is_file()):
                pairs.append((item, dst + item.relative_to(source).as_posix()))
        else:
            if not source.is_file():
                raise SystemExit(f"vendor: file {src} is not in the package")
            pairs.append((source, dst))
    return pairs


def fetch(name: str, pin: dict, workdir: Path) -> Path:
    """Download one package tarball with `npm pack` and unpack it; return the package folder."""
    spec = f"{name}@{pin['version']}"
    print(f"vendor: fetching {spec}", flush=True)
    result = subprocess.run(
        ["npm", "pack", spec, "--silent", "--pack-destination", str(workdir)],
        capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"vendor: npm pack {spec} failed:\n{result.stderr.strip()}")
    tarball = workdir / result.stdout.strip().splitlines()[-1]
    target = workdir / name
    with tarfile.open(tarball) as tar:
        tar.extractall(target, filter="data")
    return target / "package"


def vendor(pins: dict) -> dict:
    manifest: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, pin in pins.items():
            package_root = fetch(name, pin, Path(tmp))
            dest = ROOT / pin["dest"]
            if dest.exists():
                shutil.rmtree(dest)
            files = {}
            for source, rel in expand(package_root, pin["files"]):
                out = dest / rel
                out.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, out)
                files[rel] = sha256(out)
            marker = pin.get("version_marker")
            if marker and not any(marker in (dest / rel).read_text("utf-8", "ignore")
                                  for rel in files if rel.endswith(".js")):
                raise SystemExit(f"vendor: {name}: version marker {marker!r} not found in any script")
            manifest[name] = {"version": pin["version"], "dest": pin["dest"], "files": files}
    MANIFEST.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def check(pins: dict, manifest_path: Path = MANIFEST, root: Path = ROOT) -> list[str]:
    """Problems with the vendored files: missing, modified, or not the pinned version."""
    if not manifest_path.is_file():
        return [f"{manifest_path.relative_to(root)} is missing: run python scripts/vendor_assets.py"]
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    problems = []
    for name, pin in pins.items():
        entry = manifest.get(name)
        if entry is None:
            problems.append(f"{name}: not vendored (run python scripts/vendor_assets.py)")
            continue
        if entry["version"] != pin["version"]:
            problems.append(f"{name}: vendored {entry['version']}, pinned {pin['version']}")
        for rel, digest in entry["files"].items():
            path = root / entry["dest"] / rel
            if not path.is_file():
                problems.append(f"{name}: {entry['dest']}/{rel} is missing")
            elif sha256(path) != digest:
                problems.append(f"{name}: {entry['dest']}/{rel} differs from the vendored file")
        marker = pin.get("version_marker")
        if marker:
            scripts = [root / entry["dest"] / rel for rel in entry["files"] if rel.endswith(".js")]
            if not any(p.is_file() and marker in p.read_text("utf-8", "ignore") for p in scripts):
                problems.append(f"{name}: no script contains the pinned version {marker}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="verify instead of fetching")
    args = parser.parse_args(argv)
    pins = load_pins()
    if args.check:
        problems = check(pins)
        for problem in problems:
            print(f"vendor: {problem}")
        print("vendor: ok" if not problems else f"vendor: {len(problems)} problem(s)")
        return 1 if problems else 0
    manifest = vendor(pins)
    for name, entry in manifest.items():
        print(f"vendor: {name} {entry['version']}: {len(entry['files'])} file(s) in {entry['dest']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
