"""GitHub workflow commands: the exact syntax, with data and properties escaped."""

from __future__ import annotations

import re
from pathlib import Path

from perfgoals.report import github
from perfgoals.runner import RunResult
from perfgoals.settings import Settings

from .helpers import file_result, finding, working_folder
from conftest import ROOT

# ::level file=…,line=…,title=…::message — no raw %, CR, LF anywhere; no raw , or : in properties.
COMMAND = re.compile(
    r"^::(?P<level>error|warning|notice) "
    r"file=(?P<file>[^,:\r\n]+),line=(?P<line>[1-9]\d*),title=(?P<title>[^,:\r\n]+)"
    r"::(?P<message>[^\r\n]*)$"
)


def unescape(value: str) -> str:
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(escaped, raw)
    return value


def render_in(folder: Path, run: RunResult, lang: str = "zh") -> list[str]:
    with working_folder(folder):
        return github.render(run, Settings(lang=lang)).splitlines()


def test_annotation_syntax(tmp_path: Path) -> None:
    run = RunResult(files=[file_result("filings/a.docx", finding())])
    (line,) = render_in(tmp_path, run)
    assert line == (
        "::error file=filings/a.docx,line=1,title=PG201 资金合计不符::"
        "预算数 12.00 ≠ 财政资金 10.00 + 其他资金 1.00 (表 5 434-0101-JBN-A8CL 预算数)"
    )


def test_percent_cr_lf_escaped_in_message_and_properties(tmp_path: Path) -> None:
    message = "完成率 100%\r\n第二行:a,b"
    run = RunResult(
        files=[file_result("a,b:c%.txt", finding(message=message, line=12, table=None, field=None,
                                                  project_code=None, project_name=None))]
    )
    (line,) = render_in(tmp_path, run)
    assert line == (
        "::error file=a%2Cb%3Ac%25.txt,line=12,title=PG201 资金合计不符::"
        "完成率 100%25%0D%0A第二行:a,b"
    )
    match = COMMAND.match(line)
    assert match is not None
    assert unescape(match["message"]) == message
    assert unescape(match["file"]) == "a,b:c%.txt"


def test_levels_and_lines(tmp_path: Path) -> None:
    run = RunResult(
        files=[
            file_result(
                "x.txt",
                finding("PG401", "指标值重复", field="指标值", indicator_row=2, line=40),
                finding("PG412", "13 张表相同", table=None, project_code=None,
                        project_name=None, field=None),
            )
        ]
    )
    first, second = (COMMAND.match(line) for line in render_in(tmp_path, run))
    assert first is not None and second is not None
    assert (first["level"], first["line"], first["title"]) == (
        "warning", "40", "PG401 指标值抄了指标描述"
    )
    assert first["message"] == "指标值重复 (表 5 434-0101-JBN-A8CL 指标值 指标第2行)"
    assert (second["level"], second["line"], second["message"]) == ("notice", "1", "13 张表相同")


def test_sample_every_line_is_a_command(sample_run: RunResult) -> None:
    lines = render_in(ROOT, sample_run)
    assert len(lines) == len(sample_run.files[0].findings)
    matches = [COMMAND.match(line) for line in lines]
    assert all(matches), [line for line, m in zip(lines, matches, strict=True) if not m][:3]
    assert {m["file"] for m in matches if m} == {"samples/dingzhou-2020.txt"}
    assert {m["level"] for m in matches if m} == {"error", "warning", "notice"}


def test_paths_relative_to_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    sub = tmp_path / "2024"
    sub.mkdir()
    run = RunResult(files=[file_result("a.docx", finding())])  # as shown when run from 2024/
    (line,) = render_in(sub, run)
    assert line.startswith("::error file=2024/a.docx,line=1,")
