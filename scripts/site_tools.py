"""Shared helpers for the scripts and tests that look at the built site in a real browser.

- build(): a strict build whose site_url names the origin it will be served from, so Material's
  instant navigation (which only intercepts URLs listed in sitemap.xml) is exercised for real;
- serve(): a quiet static server on 127.0.0.1, in a background thread;
- find_chromium(): the system Chromium (Debian's `chromium`), or the one named by $CHROMIUM;
- launch(): Playwright's Chromium with that executable (Playwright never downloads a browser here).
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_CANDIDATES = (
    "/usr/lib/chromium/chromium",  # Debian's real binary (/usr/bin/chromium is a shell wrapper)
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
)
# Flags for a quiet headless browser on a machine whose only network is loopback.
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-gpu",
]


def find_chromium() -> str | None:
    """The Chromium executable: $CHROMIUM if set, else the first standard path that exists."""
    named = os.environ.get("CHROMIUM")
    if named:
        return named if Path(named).is_file() else shutil.which(named)
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium")


def require_chromium(program: str) -> str | None:
    """find_chromium(), or None after telling the user (for the command-line scripts)."""
    executable = find_chromium()
    if not executable:
        print(f"{program}: error: no Chromium found; install Debian's `chromium` or set CHROMIUM", file=sys.stderr)
    return executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build(out: Path, site_url: str, offline: bool = False, static_diagrams: bool = True,
          root: Path = ROOT) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` into `out` with the given site_url (and the offline plugin).

    static_diagrams=False leaves every diagram to be rendered in the browser (for re-rendering them);
    root is the folder whose mkdocs.yml is built (another handbook, such as a generated one).
    """
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=site_url, OFFLINE="true" if offline else "false",
               HANDBOOK_STATIC_DIAGRAMS="1" if static_diagrams else "0")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=root, capture_output=True, text=True, env=env,
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test and script output readable
        pass


@contextlib.contextmanager
def serve(directory: Path, port: int) -> Iterator[str]:
    """Serve `directory` on http://127.0.0.1:port/ until the block ends; yield the origin URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()


def launch(playwright, executable: str | None = None):
    """Launch headless Chromium from the system installation."""
    executable = executable or find_chromium()
    if not executable:
        raise RuntimeError("no Chromium found: install Debian's `chromium` or set CHROMIUM=/path/to/chromium")
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)


DIAGRAMS_RENDERED = """() => {
  // Material replaces each <pre class="mermaid"> with a <div class="mermaid"> hosting the SVG.
  return document.querySelectorAll("pre.mermaid").length === 0;
}"""

MATH_TYPESET = """() => {
  return [...document.querySelectorAll(".arithmatex")].every((formula) => formula.querySelector(".katex"));
}"""
