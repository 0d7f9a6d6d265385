"""JUnit XML: one suite per file, a failing case per finding, a passing case
for a clean file; counts as a JUnit parser reads them."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfgoals.report import junit
from perfgoals.runner import RunResult
from perfgoals.settings import Settings

from .helpers import file_result, finding

junitparser = pytest.importorskip("junitparser")


def parse(run: RunResult, tmp_path: Path, lang: str = "zh") -> junitparser.JUnitXml:
    target = tmp_path / "report.xml"
    target.write_text(junit.render(run, Settings(lang=lang)), encoding="utf-8")
    return junitparser.JUnitXml.fromfile(str(target))


def test_counts_and_cases(tmp_path: Path) -> None:
    run = RunResult(
        files=[
            file_result("a.docx", finding(), finding("PG401", "指标值重复", field="指标值",
                                                      indicator_row=2, line=40)),
            file_result("b.txt"),
            file_result("c.docx", finding("PG001", "无法读取", table=None, project_code=None,
                                          project_name=None, field=None), status="unreadable"),
        ]
    )
    xml = parse(run, tmp_path)
    assert (xml.tests, xml.failures, xml.errors, xml.skipped) == (4, 3, 0, 0)
    suites = list(xml)
    assert [s.name for s in suites] == ["a.docx", "b.txt", "c.docx"]
    assert [(s.tests, s.failures, s.errors, s.skipped) for s in suites] == [
        (2, 2, 0, 0), (1, 0, 0, 0), (1, 1, 0, 0)
    ]
    first, second = list(suites[0])
    assert first.name == "PG201 资金合计不符 (表 5 434-0101-JBN-A8CL 预算数)"
    assert first.classname == "a.docx"
    (failure,) = first.result
    assert isinstance(failure, junitparser.Failure)
    assert failure.message == "预算数 12.00 ≠ 财政资金 10.00 + 其他资金 1.00"
    assert failure.type == "PG201 error"
    assert "a.docx:1: PG201 [error]" in failure.text
    assert second._elem.get("line") == "40"
    (clean,) = list(suites[1])
    assert clean.is_passed and clean.name == "未发现问题"


def test_markup_and_control_characters_survive(tmp_path: Path) -> None:
    message = '指标值 <≥90> & "高"\x0b\r\n下一行'
    xml = parse(RunResult(files=[file_result("a&b<c>.txt", finding(message=message))]), tmp_path, "en")
    (suite,) = list(xml)
    assert suite.name == "a&b<c>.txt"
    (case,) = list(suite)
    (failure,) = case.result
    assert failure.message == '指标值 <≥90> & "高"\ufffd\r\n下一行'


def test_sample_and_folder_counts(
    sample_run: RunResult, folder_run: RunResult, tmp_path: Path
) -> None:
    sample = parse(sample_run, tmp_path)
    findings = len(sample_run.files[0].findings)
    assert (sample.tests, sample.failures) == (findings, findings)
    folder = parse(folder_run, tmp_path)
    per_file = [len(r.findings) for r in folder_run.files]
    assert [s.failures for s in folder] == per_file
    assert [s.tests for s in folder] == [max(n, 1) for n in per_file]
    assert folder.tests == sum(max(n, 1) for n in per_file)
    assert folder.failures == sum(per_file)
    clean = [s for s in folder if s.failures == 0]
    assert clean and all(next(iter(s)).is_passed for s in clean)


def test_declared_counts_match_the_cases(folder_run: RunResult, tmp_path: Path) -> None:
    for suite in parse(folder_run, tmp_path):
        cases = list(suite)
        assert suite.tests == len(cases)
        assert suite.failures == sum(1 for case in cases if not case.is_passed)
