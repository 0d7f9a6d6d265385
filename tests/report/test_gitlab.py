"""GitLab Code Quality: the fields GitLab requires, unique fingerprints, the
severity scale."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from perfgoals.report import gitlab
from perfgoals.runner import RunResult
from perfgoals.settings import Settings

from .helpers import file_result, finding, working_folder
from conftest import ROOT

GITLAB_SEVERITIES = {"blocker", "critical", "major", "minor", "info"}


def issues_in(folder: Path, run: RunResult) -> list[dict[str, Any]]:
    with working_folder(folder):
        issues: list[dict[str, Any]] = json.loads(gitlab.render(run, Settings()))
    return issues


def test_issue_fields(tmp_path: Path) -> None:
    found = finding(line=412)
    (issue,) = issues_in(tmp_path, RunResult(files=[file_result("filings/a.txt", found)]))
    assert issue["check_name"] == "PG201"
    assert issue["description"] == (
        "PG201 资金合计不符：预算数 12.00 ≠ 财政资金 10.00 + 其他资金 1.00 (表 5 434-0101-JBN-A8CL 预算数)"
    )
    assert issue["fingerprint"] == found.fingerprint
    assert issue["severity"] == "critical"
    assert issue["location"] == {"path": "filings/a.txt", "lines": {"begin": 412}}


def test_severity_mapping(tmp_path: Path) -> None:
    run = RunResult(
        files=[
            file_result("a.docx", finding("PG401", field="指标值"), finding("PG412", table=None)),
            file_result("b.docx", finding("PG001", "无法读取", table=None), status="unreadable"),
            file_result("c.docx", finding("PG401", severity="error", field="指标值")),
        ]
    )
    assert [i["severity"] for i in issues_in(tmp_path, run)] == [
        "minor", "info", "blocker", "critical"
    ]


def test_fingerprints_unique_across_the_report(tmp_path: Path) -> None:
    same = finding(path="a.docx")
    exported = finding(path="a.txt")  # the .txt export of a.docx shares its fingerprints
    assert same.fingerprint == exported.fingerprint
    run = RunResult(
        files=[file_result("a.docx", same, same), file_result("a.txt", exported)]
    )
    prints = [i["fingerprint"] for i in issues_in(tmp_path, run)]
    assert prints == [same.fingerprint, f"{same.fingerprint}-2", f"{same.fingerprint}-3"]


def test_sample_and_folder(sample_run: RunResult, folder_run: RunResult, fixture_folder: Path) -> None:
    for folder, run in ((ROOT, sample_run), (fixture_folder, folder_run)):
        issues = issues_in(folder, run)
        assert len(issues) == sum(len(r.findings) for r in run.files)
        assert len({i["fingerprint"] for i in issues}) == len(issues)
        for issue in issues:
            assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
            assert issue["severity"] in GITLAB_SEVERITIES
            assert issue["location"]["lines"]["begin"] >= 1
            assert not issue["location"]["path"].startswith("/")
    assert {i["location"]["path"] for i in issues_in(ROOT, sample_run)} == {
        "samples/dingzhou-2020.txt"
    }
    folder_paths = {i["location"]["path"] for i in issues_in(fixture_folder, folder_run)}
    assert "县教育局 2024/资金 不符.docx" in folder_paths and "broken.docx" in folder_paths
