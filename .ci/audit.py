"""Fail CI on a known vulnerability that has a fixed release, in the locked dependency set.

Reads the JSON report of `pip-audit -r requirements.lock -f json`; vulnerabilities without
a fix are listed but do not fail the run (nothing can be done about them yet).
"""

import json
import sys

report = json.load(open(sys.argv[1], encoding="utf-8"))
fixable = []
for dep in report.get("dependencies", []):
    for vuln in dep.get("vulns", []):
        line = f"{dep['name']} {dep['version']}: {vuln['id']} (fixed in {', '.join(vuln['fix_versions']) or 'no release yet'})"
        print(line)
        if vuln["fix_versions"]:
            fixable.append(line)
if fixable:
    print(
        f"{len(fixable)} known vulnerabilit{'y' if len(fixable) == 1 else 'ies'} with a fix available: update requirements.lock"
    )
    sys.exit(1)
print(f"pip-audit: {len(report.get('dependencies', []))} locked packages, no known vulnerability with a fix available")
