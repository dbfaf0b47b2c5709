"""`make audit`: known vulnerabilities in the pinned packages, Python (pip-audit) and npm (npm audit).

Exit status: 0 nothing known, 1 vulnerabilities found, 2 a vulnerability database could not be reached or could
not check every package. "Could not check" is never reported as "nothing found": pip-audit itself exits 0 when
PyPI's JSON API does not answer for a package (it skips the package with a warning), so its JSON report is read.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLEAN, FOUND, UNREACHABLE = 0, 1, 2


def classify_pip(report: dict | None, stderr: str = "") -> tuple[int, str]:
    """Read pip-audit's JSON report (None when it wrote none)."""
    if report is None:
        last = next((line for line in reversed(stderr.strip().splitlines()) if line.strip()), "no output")
        return UNREACHABLE, f"pip-audit: the vulnerability database could not be reached ({last.strip()[:300]})"
    deps = report.get("dependencies", [])
    skipped = [d for d in deps if d.get("skip_reason")]
    audited = [d for d in deps if not d.get("skip_reason")]
    vulnerable = [d for d in audited if d.get("vulns")]
    lines = []
    for dep in vulnerable:
        ids = ", ".join(v.get("id", "?") + (f" (fixed in {', '.join(v['fix_versions'])})" if v.get("fix_versions")
                                            else "") for v in dep["vulns"])
        lines.append(f"  {dep['name']} {dep.get('version', '')}: {ids}")
    if vulnerable:
        status = FOUND
        head = f"pip-audit: {len(vulnerable)} of {len(audited)} Python packages have known vulnerabilities"
    elif skipped:
        status = UNREACHABLE
        head = (
            f"pip-audit: could not check {len(skipped)} of {len(deps)} Python packages: the vulnerability database "
            f"did not answer for them ({skipped[0]['skip_reason']})"
        )
    else:
        status = CLEAN
        head = f"pip-audit: no known vulnerabilities in {len(audited)} Python packages"
    if vulnerable and skipped:
        head += f"; {len(skipped)} more could not be checked"
    return status, "\n".join([head, *lines])


def classify_npm(report: dict | None, stderr: str = "") -> tuple[int, str]:
    """Read `npm audit --json` (None when it printed no JSON)."""
    if report is None or "error" in report or "statusCode" in report:
        detail = (report or {}).get("message") or stderr.strip().splitlines()[-1:] or ["no output"]
        detail = detail if isinstance(detail, str) else detail[0]
        return UNREACHABLE, f"npm audit: the npm advisory database could not be reached ({detail[:300]})"
    counts = report.get("metadata", {}).get("vulnerabilities", {})
    total = counts.get("total", sum(v for k, v in counts.items() if k != "total"))
    if total:
        names = ", ".join(sorted(report.get("vulnerabilities", {})))
        detail = ", ".join(f"{counts[k]} {k}" for k in ("critical", "high", "moderate", "low", "info") if counts.get(k))
        return FOUND, f"npm audit: {total} vulnerable npm packages ({detail}): {names}"
    return CLEAN, "npm audit: no known vulnerabilities in the npm packages"


def run_pip_audit(pip_audit: str) -> tuple[int, str]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        proc = subprocess.run(
            [pip_audit, "-r", str(ROOT / "requirements.lock"), "--no-deps", "--disable-pip",
             "--progress-spinner", "off", "-f", "json", "-o", str(out)],
            capture_output=True, text=True, timeout=600,
        )
        report = None
        if out.exists():
            try:
                report = json.loads(out.read_text(encoding="utf-8"))
            except ValueError:
                report = None
    return classify_pip(report, proc.stderr)


def run_npm_audit() -> tuple[int, str]:
    try:
        proc = subprocess.run(
            ["npm", "audit", "--package-lock-only", "--json"], cwd=ROOT, capture_output=True, text=True, timeout=600
        )
    except FileNotFoundError:
        return UNREACHABLE, "npm audit: npm is not installed"
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        report = None
    return classify_npm(report, proc.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pip-audit", default="pip-audit", help="the pip-audit program")
    args = parser.parse_args(argv)
    results = [run_pip_audit(args.pip_audit), run_npm_audit()]
    for _status, message in results:
        print(message)
    statuses = {status for status, _ in results}
    if FOUND in statuses:
        return FOUND
    if UNREACHABLE in statuses:
        print("AUDIT INCOMPLETE: a vulnerability database could not be reached; nothing is known to be safe.")
        return UNREACHABLE
    return CLEAN


if __name__ == "__main__":
    sys.exit(main())
