"""JUnit XML (``--format junit``) for CI test-report views: one test suite per
file, one failing test case per finding, and one passing test case for a file
without findings (so clean files show as passed, not as missing).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

from perfgoals.findings import FileResult, Finding
from perfgoals.report.places import ci_path, line_of, place_label, repository_root, with_place
from perfgoals.rules.registry import rule_title
from perfgoals.settings import Settings

if TYPE_CHECKING:  # the runner's imports (readers) are not a reporter's concern
    from perfgoals.runner import RunResult

# Characters XML 1.0 cannot carry even escaped; a cell may hold them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
CLEAN_CASE = {"zh": "未发现问题", "en": "no findings"}


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _case_name(finding: Finding, lang: str) -> str:
    label = place_label(finding.location, lang, with_field=True)
    return f"{finding.rule} {rule_title(finding.rule, finding.name, lang)}" + (
        f" ({label})" if label else ""
    )


def _details(finding: Finding, path: str, lang: str) -> str:
    lines = [
        f"{path}:{line_of(finding.location)}: {finding.rule} [{finding.severity}] "
        + with_place(finding.message, finding.location, lang, with_field=True)
    ]
    if finding.suggestion:
        lines.append(("建议: " if lang == "zh" else "fix: ") + finding.suggestion)
    lines.append(f"fingerprint: {finding.fingerprint}")
    return _clean("\n".join(lines))


def _suite(result: FileResult, lang: str, root: Path) -> ET.Element:
    # Repository-relative, as in the other CI formats, wherever perfgoals runs.
    path = _clean(ci_path(result.path, root))
    failures = len(result.findings)
    suite = ET.Element(
        "testsuite",
        {
            "name": path,
            "tests": str(max(failures, 1)),
            "failures": str(failures),
            "errors": "0",
            "skipped": "0",
            "time": "0",
        },
    )
    for finding in result.findings:
        case = ET.SubElement(
            suite,
            "testcase",
            {
                "name": _clean(_case_name(finding, lang)),
                "classname": path,
                "file": path,
                "line": str(line_of(finding.location)),
            },
        )
        failure = ET.SubElement(
            case,
            "failure",
            {"message": _clean(finding.message), "type": f"{finding.rule} {finding.severity}"},
        )
        failure.text = _details(finding, path, lang)
    if not result.findings:
        ET.SubElement(
            suite,
            "testcase",
            {
                "name": CLEAN_CASE.get(lang, CLEAN_CASE["en"]),
                "classname": path,
                "file": path,
            },
        )
    return suite


def render(run: RunResult, settings: Settings) -> str:
    root_folder = repository_root()
    suites = [_suite(result, settings.lang, root_folder) for result in run.files]
    failures = sum(len(result.findings) for result in run.files)
    root = ET.Element(
        "testsuites",
        {
            "name": "perfgoals",
            "tests": str(sum(int(suite.get("tests", "0")) for suite in suites)),
            "failures": str(failures),
            "errors": "0",
            "skipped": "0",
            "time": f"{run.elapsed:.3f}",
        },
    )
    root.extend(suites)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
