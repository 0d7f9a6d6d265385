"""The JSON report (``--format json``): schemas/report-v1.schema.json."""

from __future__ import annotations

import json
from typing import Any

from perfgoals import __version__
from perfgoals.findings import Finding
from perfgoals.report.summary import summarise
from perfgoals.rules.registry import rule_title
from perfgoals.runner import RunResult

REPORT_VERSION = 1


def _finding(finding: Finding) -> dict[str, Any]:
    data = finding.to_dict()
    data["title"] = rule_title(finding.rule, finding.name, "zh")  # the rule's Chinese title
    return data


def report_dict(run: RunResult) -> dict[str, Any]:
    summary = summarise(run.files)
    return {
        "version": REPORT_VERSION,
        "tool": {"name": "perfgoals", "version": __version__},
        "files": [
            {
                "path": result.path,
                "status": result.status,
                "tables": result.tables,
                "kind": result.kind,
                "unit_code": result.unit_code,
                "unit_name": result.unit_name,
                "findings": [_finding(finding) for finding in result.findings],
            }
            for result in run.files
        ],
        "summary": {
            "files": summary.files,
            "tables": summary.tables,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
            "unreadable": summary.unreadable,
            # findings the --baseline file knew (not listed), and its entries
            # that no longer occur; both 0 without a baseline
            "baselined": run.baselined,
            "stale_baseline": run.stale_baseline,
        },
    }


def render(run: RunResult) -> str:
    return json.dumps(report_dict(run), ensure_ascii=False, indent=2) + "\n"
