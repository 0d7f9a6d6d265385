"""GitLab Code Quality report (``--format gitlab``): a JSON array of issues,
published with ``artifacts: reports: codequality`` and shown in merge requests.

GitLab drops issues whose fingerprints repeat, so findings sharing a structural
fingerprint (the same defect twice in one place, or in a .docx and its .txt
export checked together) get their occurrence number added.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from perfgoals.report.places import (
    ci_path,
    line_of,
    repository_root,
    unique_fingerprints,
    with_place,
)
from perfgoals.rules.registry import rule_title
from perfgoals.settings import Settings

if TYPE_CHECKING:  # the runner's imports (readers) are not a reporter's concern
    from perfgoals.runner import RunResult

# GitLab's scale is blocker/critical/major/minor/info. A file that could not be
# read was not checked at all, which is worse than any single defect in it.
SEVERITIES = {"error": "critical", "warning": "minor", "info": "info"}
UNREADABLE_SEVERITY = "blocker"


def issues(run: RunResult, settings: Settings) -> list[dict[str, Any]]:
    root = repository_root()
    # Unique across the whole report: a.docx and its export a.txt share fingerprints.
    fingerprints = iter(unique_fingerprints(f for r in run.files for f in r.findings))
    found: list[dict[str, Any]] = []
    for result in run.files:
        path = ci_path(result.path, root)
        for finding in result.findings:
            fingerprint = next(fingerprints)
            unreadable = result.status == "unreadable" and finding.rule == "PG001"
            found.append(
                {
                    "type": "issue",
                    "check_name": finding.rule,
                    "description": f"{finding.rule} "
                    + (f"{rule_title(finding.rule, finding.name, 'zh')}：" if settings.lang == "zh"
                       else "")
                    + with_place(finding.message, finding.location, settings.lang, with_field=True),
                    "categories": ["Style"],
                    "fingerprint": fingerprint,
                    "severity": UNREADABLE_SEVERITY if unreadable else SEVERITIES[finding.severity],
                    "location": {"path": path, "lines": {"begin": line_of(finding.location)}},
                }
            )
    return found


def render(run: RunResult, settings: Settings) -> str:
    return json.dumps(issues(run, settings), ensure_ascii=False, indent=2) + "\n"
