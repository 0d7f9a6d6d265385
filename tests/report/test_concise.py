"""One line per finding: ``path:line: PG201 [error] message (表 5 434-0101-JBN-A8CL)``."""

from __future__ import annotations

import re

from perfgoals.report import concise
from perfgoals.runner import RunResult
from perfgoals.settings import Settings

from .helpers import file_result, finding

LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>[1-9]\d*): (?P<rule>PG\d{3}) \[(?P<severity>error|warning|info)\] (?P<message>.+)$")


def test_spec_example() -> None:
    run = RunResult(files=[file_result("filings/a.txt", finding(line=412))])
    assert concise.render(run, Settings()) == (
        "filings/a.txt:412: PG201 [error] 预算数 12.00 ≠ 财政资金 10.00 + 其他资金 1.00 "
        "(表 5 434-0101-JBN-A8CL)\n"
    )


def test_line_1_without_a_line_and_no_place_for_the_whole_filing() -> None:
    run = RunResult(
        files=[
            file_result(
                "a.docx",
                finding(),
                finding("PG412", "13 张表相同", table=None, project_code=None,
                        project_name=None, field=None),
                finding("PG401", "两行\n内容", line=9, project_code=None, field="指标值"),
            )
        ]
    )
    assert concise.render(run, Settings(lang="en")).splitlines() == [
        "a.docx:1: PG201 [error] 预算数 12.00 ≠ 财政资金 10.00 + 其他资金 1.00 "
        "(table 5 434-0101-JBN-A8CL)",
        "a.docx:1: PG412 [info] 13 张表相同",
        "a.docx:9: PG401 [warning] 两行 内容 (table 5 房地产遗留问题专班)",
    ]


def test_sample_one_line_each(sample_run: RunResult) -> None:
    lines = concise.render(sample_run, Settings()).splitlines()
    findings = sample_run.files[0].findings
    assert len(lines) == len(findings)
    for line, found in zip(lines, findings, strict=True):
        match = LINE.match(line)
        assert match is not None, line
        assert match["path"] == "samples/dingzhou-2020.txt"
        assert int(match["line"]) == (found.location.line or 1)
        assert (match["rule"], match["severity"]) == (found.rule, found.severity)


def test_empty_run_prints_nothing() -> None:
    assert concise.render(RunResult(files=[file_result("a.txt")]), Settings()) == ""
