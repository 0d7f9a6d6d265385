"""CI formats name files relative to the repository root wherever perfgoals
runs (JUnit as SARIF, GitHub and GitLab do), and ``--format github`` writes
a Markdown job summary where ``$GITHUB_STEP_SUMMARY`` is set."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from conftest import SAMPLE_TXT


def perfgoals(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
    return subprocess.run(
        [sys.executable, "-m", "perfgoals", "check", "--no-cache", *args],
        capture_output=True, text=True, cwd=cwd, timeout=120, env={**environment, **(env or {})},
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # the repository root, as a checkout has it
    (tmp_path / "dept" / "filings").mkdir(parents=True)
    shutil.copyfile(SAMPLE_TXT, tmp_path / "dept" / "filings" / "dingzhou.txt")
    return tmp_path


def test_junit_paths_are_repository_relative(repo: Path) -> None:
    result = perfgoals("filings", "--format", "junit", cwd=repo / "dept")
    assert result.returncode == 1, result.stderr
    root = ET.fromstring(result.stdout)
    suites = list(root.iter("testsuite"))
    assert [suite.get("name") for suite in suites] == ["dept/filings/dingzhou.txt"]
    cases = list(root.iter("testcase"))
    assert cases and {case.get("file") for case in cases} == {"dept/filings/dingzhou.txt"}
    assert all(
        failure.text and failure.text.startswith("dept/filings/dingzhou.txt:")
        for failure in root.iter("failure")
    )


def test_github_writes_a_step_summary_when_asked(repo: Path) -> None:
    summary = repo / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")  # GitHub appends per step
    result = perfgoals("filings", "--format", "github", cwd=repo / "dept",
                       env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 1, result.stderr
    text = summary.read_text("utf-8")
    assert text.startswith("earlier step\n### perfgoals 检查结果\n")
    report = json.loads(perfgoals("filings", "--format", "json", cwd=repo / "dept").stdout)
    severities = Counter(f["severity"] for f in report["files"][0]["findings"])
    row = "| dept/filings/dingzhou.txt | {error} | {warning} | {info} |".format(**severities)
    assert row in text.splitlines() and severities["error"] > 0
    assert "| PG401 | value-copies-description |" in text
    assert result.stdout.startswith("::")  # the annotations are unchanged
    # Without the variable, or with another format, nothing is written.
    summary.unlink()
    perfgoals("filings", "--format", "github", cwd=repo / "dept")
    perfgoals("filings", "--format", "sarif", cwd=repo / "dept",
              env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert not summary.exists()


def test_github_step_summary_of_a_clean_run(repo: Path) -> None:
    summary = repo / "summary.md"
    result = perfgoals("filings", "--format", "github", "--select", "PG201", "--lang", "en",
                       cwd=repo / "dept", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 0, result.stderr
    assert summary.read_text("utf-8").rstrip().endswith("No findings.")
