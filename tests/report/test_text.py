"""The text report a budget officer reads: errors first, one block per rule,
the fix once, places beneath, wrapped with Chinese line-breaking."""

from __future__ import annotations

import io
import re

import pytest

from perfgoals.report import text as text_report
from perfgoals.report.summary import hide_below
from perfgoals.report.wrap import NO_END, NO_START, text_width, wrap_text
from perfgoals.rules.registry import get_rule
from perfgoals.runner import RunResult

from .helpers import file_result, finding

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def rendered(run: RunResult, width: int | None = 80, color: bool = False, **options: object) -> str:
    stream = io.StringIO()
    text_report.render(run, stream, color=color, width=width, **options)  # type: ignore[arg-type]
    return ANSI.sub("", stream.getvalue())


def test_80_columns_no_line_starts_with_punctuation_and_errors_come_first(
    sample_run: RunResult,
) -> None:
    for color in (False, True):  # plain, and through rich as a terminal shows it
        lines = rendered(sample_run, width=80, color=color).splitlines()
        assert all(text_width(line) <= 80 for line in lines), max(lines, key=text_width)
        starts = [line.lstrip()[:1] for line in lines if line.strip()]
        assert not [s for s in starts if s in NO_START], [
            line for line in lines if line.lstrip()[:1] in NO_START
        ]
        assert not [line for line in lines if line.rstrip()[-1:] in NO_END]
        headings = [line for line in lines if re.match(r"^(错误|警告|提示)（\d+ 条）$", line)]
        assert [h[:2] for h in headings] == ["错误", "警告", "提示"]
        first_warning = next(i for i, line in enumerate(lines) if re.search(r"PG\d{3} ", line)
                             and "警告（" in "".join(lines[:i]))
        errors = [i for i, line in enumerate(lines) if line.startswith("  PG302 ")
                  or line.startswith("  PG405 ")]
        assert errors and max(errors) < first_warning


def test_one_block_per_rule_with_count_fix_once_and_places(sample_run: RunResult) -> None:
    report = rendered(sample_run, width=None)
    lines = report.splitlines()
    findings = sample_run.files[0].findings
    pg401 = [f for f in findings if f.rule == "PG401"]
    assert f"  PG401 指标值抄了指标描述 value-copies-description  {len(pg401)} 处" in lines
    spec = get_rule("PG401")
    assert spec is not None
    assert report.count(spec.zh.fix) == 1  # said once, not 80 times
    # Every finding's message is there once, under its table.
    for f in pg401:
        assert report.count(f.message) >= 1
    assert "  第3部分 表 5 434-0101-JBN-A8CL 房地产遗留问题专班" not in lines  # indented deeper
    assert "    第3部分 表 5 434-0101-JBN-A8CL 房地产遗留问题专班" in lines
    # A summary at the top, the totals at the end.
    assert lines[0].startswith("samples/dingzhou-2020.txt  定州市人民政府办公室")
    assert lines[1] == "  错误 2，警告 267，提示 14"
    assert lines[2].startswith("  问题最多的表：第3部分 表 24")
    assert lines[-1].startswith("共检查 1 个文件、28 张表：错误 2，警告 267，提示 14")


def test_blocks_hang_under_their_first_line() -> None:
    long = "预算数 12.00 ≠ 财政资金 10.00 + 其他资金 1.00，" * 4
    run = RunResult(files=[file_result("a.txt", finding(message=long, line=12))])
    lines = rendered(run, width=60).splitlines()
    start = next(i for i, line in enumerate(lines) if "预算数 · 第12行：" in line)
    assert lines[start].startswith("      预算数")
    assert lines[start + 1].startswith("        ") and not lines[start + 1].startswith("         ")


def test_statistics_prints_only_the_counts_with_level_and_title(sample_run: RunResult) -> None:
    lines = rendered(sample_run, statistics=True).splitlines()
    assert lines[0] == "按规则统计"
    assert re.match(r"^规则\s+级别\s+名称\s+数量$", lines[1])
    assert re.match(r"^PG401\s+警告\s+指标值抄了指标描述\s+80$", lines[2])
    assert not any("修改建议" in line or "指标第" in line for line in lines)
    assert lines[-1].startswith("共检查 1 个文件")
    english = rendered(sample_run, statistics=True, lang="en").splitlines()
    assert re.match(r"^PG401\s+warning\s+value-copies-description\s+80$", english[2])


def test_min_severity_shows_only_errors(sample_run: RunResult) -> None:
    import copy

    run = copy.deepcopy(sample_run)
    hidden = hide_below(run.files, "error")
    assert hidden == len(sample_run.files[0].findings) - 2
    report = rendered(run, width=None, hidden=hidden, min_severity="error")
    assert "警告（" not in report and "提示（" not in report and "错误（2 条）" in report
    assert f"（另有 {hidden} 条低于“错误”级别的问题未显示）" in report


def test_word_places_and_several_files() -> None:
    docx = finding("PG201", path="a.docx", line=None, source_table=12, source_row=3,
                   source_column=2)
    other = finding("PG201", path="b.txt", line=40)
    run = RunResult(files=[file_result("a.docx", docx), file_result("b.txt", other)])
    report = rendered(run, width=None)
    assert "预算数 · Word 第12个表格 第3行 第2列：" in report
    assert "预算数 · 第40行：" in report
    assert "    a.docx\n" in report and "    b.txt\n" in report  # files under the rule
    assert "问题最多的文件：" in report
    english = rendered(run, width=None, lang="en")
    assert "预算数 · Word table 12, row 3, column 2: " in english


@pytest.mark.parametrize("width", [20, 24, 33, 41, 80])
def test_wrapping_never_breaks_inside_a_number_or_before_closing_punctuation(width: int) -> None:
    text = "    指标值“≥95%学生满意度”抄了描述，预算数 12.00 ≠ 财政资金 10.00。（见表 5）" * 3
    lines = wrap_text(text, width, 6)
    assert "".join(line.strip() for line in lines).replace(" ", "") == text.replace(" ", "")
    for line in lines[1:]:
        assert line.startswith("      ") and line.strip()[:1] not in NO_START
    for line in lines:
        assert line.rstrip()[-1:] not in NO_END
        assert text_width(line) <= width
    assert not any(line.endswith("12.") or line.endswith("10.") for line in lines)


def test_every_rule_has_a_short_chinese_title() -> None:
    from perfgoals.rules.registry import _titles, all_rules

    titles = _titles()
    assert sorted(titles) == sorted(all_rules())
    for code, title in titles.items():
        assert 2 <= len(title) <= 12 and any("\u4e00" <= c <= "\u9fff" for c in title), code
