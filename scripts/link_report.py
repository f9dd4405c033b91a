"""Turn `validate.py --external --format json` output into the body of one GitHub issue, and open,
update or close that issue. Run weekly by .github/workflows/links.yml; CI itself never goes online.

Usage:
    python scripts/validate.py --external --format json > links.json
    python scripts/link_report.py links.json            # prints the issue body
    python scripts/link_report.py links.json --publish  # needs GITHUB_TOKEN and GITHUB_REPOSITORY
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.request

TITLE = "Dead external links"
LABEL = "dead-links"
CODES = ("L306", "L307")  # the validator's external-link findings


def dead_links(report: dict) -> list[dict]:
    """The external-link findings of a validator JSON report, in file and line order."""
    found = [f for f in report.get("findings", []) if f.get("code") in CODES]
    return sorted(found, key=lambda f: (f["path"], f["line"], f["col"]))


def issue_body(findings: list[dict], run_url: str = "") -> str:
    """The issue text: one table row per dead link, with where it is and what it answered."""
    if not findings:
        return "No dead external links."
    lines = [f"The weekly check found {len(findings)} external link(s) that do not answer.",
             "Fix or replace each one, then close this issue (the next run reopens it if links are still dead).",
             "", "| Where | Finding |", "| --- | --- |"]
    for f in findings:
        message = f["message"].split(" (fix:")[0].replace("|", "\\|")
        lines.append(f"| `{f['path']}:{f['line']}` | {message} |")
    if run_url:
        lines += ["", f"Run: {run_url}"]
    return "\n".join(lines)


def api(method: str, path: str, token: str, body: dict | None = None):
    request = urllib.request.Request(
        f"https://api.github.com{path}", method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {token}", "Accept": "application/vnd.github+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


def publish(findings: list[dict], body: str, repo: str, token: str) -> str:
    """Create, update or close the one open issue labelled dead-links; return what was done."""
    open_issues = api("GET", f"/repos/{repo}/issues?state=open&labels={LABEL}", token) or []
    current = open_issues[0] if open_issues else None
    if findings and current:
        api("PATCH", f"/repos/{repo}/issues/{current['number']}", token, {"body": body})
        return f"updated issue #{current['number']}"
    if findings:
        created = api("POST", f"/repos/{repo}/issues", token, {"title": TITLE, "body": body, "labels": [LABEL]})
        return f"opened issue #{created['number']}"
    if current:
        api("PATCH", f"/repos/{repo}/issues/{current['number']}", token, {"state": "closed", "body": body})
        return f"closed issue #{current['number']}"
    return "nothing to report"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="link_report.py", description=__doc__.splitlines()[0])
    parser.add_argument("report", help="the validator's JSON output")
    parser.add_argument("--publish", action="store_true", help="open, update or close the GitHub issue")
    args = parser.parse_args(argv)
    try:
        with open(args.report, encoding="utf-8") as handle:
            report = json.load(handle)
    except (OSError, ValueError) as err:
        print(f"link_report.py: error: cannot read {args.report}: {err}", file=sys.stderr)
        return 2
    findings = dead_links(report)
    server, repo = os.environ.get("GITHUB_SERVER_URL", ""), os.environ.get("GITHUB_REPOSITORY", "")
    run_id = os.environ.get("GITHUB_RUN_ID", "")
    body = issue_body(findings, f"{server}/{repo}/actions/runs/{run_id}" if server and repo and run_id else "")
    if not args.publish:
        print(body)
        return 0
    token = os.environ.get("GITHUB_TOKEN", "")
    if not token or not repo:
        print("link_report.py: error: --publish needs GITHUB_TOKEN and GITHUB_REPOSITORY", file=sys.stderr)
        return 2
    print(publish(findings, body, repo, token))
    return 0


if __name__ == "__main__":
    sys.exit(main())
