"""Reviewer exports: CSV (Excel-ready), XLSX (read back with openpyxl) and the
offline HTML page (escaping, and in a real headless Chromium: no console
error, filters, hostile text shown as text)."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from perfgoals.findings import FileResult
from perfgoals.report import csv as csv_report
from perfgoals.report import html as html_report
from perfgoals.report import xlsx as xlsx_report
from perfgoals.report.view import table_view
from perfgoals.rules.registry import all_rules
from perfgoals.runner import RunResult
from perfgoals.settings import Settings

from .helpers import file_result, finding
from factories import table

HOSTILE = "<script>alert(1)</script>"


def sample_run() -> RunResult:
    """Three files: two departments, three rules, a hostile project name and
    department, a formula-looking name, and an unreadable file."""
    education = file_result(
        "县教育局/绩效目标表.docx",
        finding("PG201", path="县教育局/绩效目标表.docx"),
        finding(
            "PG301",
            message="资金支出计划在“6月底”回落",
            path="县教育局/绩效目标表.docx",
            table=7,
            project_code="434-0101-JBN-B2CD",
            project_name=HOSTILE,
            field="资金支出计划",
            line=412,
        ),
        tables=28,
    )
    education.unit_name = "定州市教育局（盖章）"
    education.unit_code = "434001"
    education.views = [table_view(table(part=3, number=7, project_name=HOSTILE,
                                        project_code="434-0101-JBN-B2CD"))]
    health = file_result(
        "health/plan.txt",
        finding(
            "PG405",
            message="满意度指标值“≥0%”没有约束力",
            severity="warning",
            path="health/plan.txt",
            project_name="=HYPERLINK(\"http://example.invalid\")",
            indicator_row=6,
        ),
        tables=12,
    )
    health.unit_name = f"卫健委{HOSTILE}@FINDINGS@"
    stamp = file_result("stamp.txt", finding("PG503", severity="info", path="stamp.txt",
                                             indicator_row=None, field="绩效目标"), tables=1)
    stamp.unit_name = "(盖章)"
    broken = file_result(
        "broken.docx",
        finding("PG001", message="文件不是有效的 .docx", path="broken.docx", part=None,
                table=None, project_code=None, project_name=None, field=None),
        status="unreadable",
        tables=0,
    )
    return RunResult(files=[broken, education, health, stamp], elapsed=1.5)


def all_findings(run: RunResult) -> list[tuple[FileResult, str]]:
    return [(r, f.rule) for r in run.files for f in r.findings]


def column(name: str) -> int:
    return [key for key, _, _ in csv_report.FINDING_COLUMNS].index(name)


# --- CSV -------------------------------------------------------------------


def test_csv_has_a_bom_one_row_per_finding_and_no_live_formulas() -> None:
    run = sample_run()
    data = csv_report.render(run, Settings())
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["文件", "部门", "部分"]
    assert len(rows) == 1 + len(all_findings(run))
    by_rule = {row[column("rule")]: row for row in rows[1:]}
    assert by_rule["PG301"][column("project_name")] == HOSTILE  # CSV keeps text exactly
    assert by_rule["PG301"][column("department")] == "定州市教育局"  # without the seal mark
    assert by_rule["PG301"][column("severity")] == "错误"
    assert by_rule["PG301"][column("title")] == "支出进度回落"
    assert by_rule["PG405"][column("project_name")].startswith("'=HYPERLINK")  # never a formula
    assert by_rule["PG405"][column("indicator_row")] == "6"
    assert by_rule["PG503"][column("department")] == ""  # never "(盖章)"


def test_csv_headers_follow_the_language() -> None:
    data = csv_report.render(sample_run(), Settings(lang="en"))
    header = data.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("file,department,part,table,project code,project name,rule,rule title")


# --- XLSX ------------------------------------------------------------------


def test_xlsx_reads_back_with_rows_filter_frozen_header_and_chinese(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    run = sample_run()
    target = tmp_path / "report.xlsx"
    target.write_bytes(xlsx_report.render(run, Settings()))
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["问题清单", "文件汇总", "规则汇总", "规则说明"]

    sheet = book["问题清单"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("文件", "部门", "部分", "表", "项目编码", "项目名称")
    assert len(rows) == 1 + len(all_findings(run))
    last = openpyxl.utils.get_column_letter(len(csv_report.FINDING_COLUMNS))
    assert sheet.auto_filter.ref == f"A1:{last}{len(rows)}"
    assert sheet.freeze_panes == "A2"
    pg301 = next(row for row in rows if row[column("rule")] == "PG301")
    assert pg301[:6] == ("县教育局/绩效目标表.docx", "定州市教育局", 3, 7, "434-0101-JBN-B2CD", HOSTILE)
    assert pg301[column("severity")] == "错误" and pg301[column("line")] == 412
    assert pg301[column("message")] == "资金支出计划在“6月底”回落"
    # The cell's context, from the table as filed: the spending plan's values.
    assert pg301[column("value")] == "3月底 20.00、6月底 50.00、10月底 85.00、12月底 100.00"
    pg405 = next(row for row in rows if row[column("rule")] == "PG405")
    assert pg405[column("project_name")] == "=HYPERLINK(\"http://example.invalid\")"  # text
    assert sheet.cell(row=rows.index(pg405) + 1, column=column("project_name") + 1).data_type == "s"
    assert pg405[column("indicator_row")] == 6
    message_letter = openpyxl.utils.get_column_letter(column("message") + 1)
    assert sheet.column_dimensions[message_letter].width >= 20  # the message column is readable

    files = list(book["文件汇总"].iter_rows(values_only=True))
    assert files[0][:4] == ("文件", "部门", "单位编码", "状态")
    # Ranked by errors: the two-error file first, the clean-of-errors ones after.
    assert [row[0] for row in files[1:]] == [
        "县教育局/绩效目标表.docx", "broken.docx", "health/plan.txt", "stamp.txt"
    ]
    assert files[2][3] == "无法读取" and files[1][4:] == (28, 2, 0, 0, 2)
    assert book["文件汇总"].auto_filter.ref and book["文件汇总"].freeze_panes == "A2"

    rules = list(book["规则汇总"].iter_rows(values_only=True))
    assert {row[0]: (row[1], row[3]) for row in rules[1:]} == {
        "PG001": ("文件无法读取", 1), "PG201": ("资金合计不符", 1), "PG301": ("支出进度回落", 1),
        "PG405": ("目标值不合理", 1), "PG503": ("目标过于笼统", 1),
    }
    explanations = list(book["规则说明"].iter_rows(values_only=True))
    assert explanations[0][:4] == ("规则", "规则名称", "默认级别", "检查什么")
    pg201 = next(row for row in explanations if row[0] == "PG201")
    assert pg201[1] == "资金合计不符" and "预算数" in pg201[3] and pg201[7]
    assert len(explanations) == 1 + len(all_rules())


def test_xlsx_cell_context_names_the_indicator_row(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    result = file_result("a.txt", finding("PG401", severity="warning", path="a.txt", table=1,
                                          field="指标值", indicator_row=2))
    result.views = [table_view(table())]
    target = tmp_path / "context.xlsx"
    target.write_bytes(xlsx_report.render(RunResult(files=[result]), Settings()))
    (row,) = list(openpyxl.load_workbook(target)["问题清单"].iter_rows(values_only=True))[1:]
    assert (row[column("indicator")], row[column("value")]) == ("培训考核合格率", "≥95%")


def test_xlsx_is_reproducible_and_empty_runs_work(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    run = sample_run()
    assert xlsx_report.render(run, Settings()) == xlsx_report.render(run, Settings())
    target = tmp_path / "empty.xlsx"
    target.write_bytes(xlsx_report.render(RunResult(files=[]), Settings(lang="en")))
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Findings", "Files", "Rules", "Rule explanations"]
    assert next(book["Findings"].iter_rows(values_only=True))[0] == "file"


# --- HTML (static) -----------------------------------------------------------


def embedded(page: str, name: str) -> Any:
    blob = re.search(
        rf'<script type="application/json" id="perfgoals-{name}">(.*?)</script>', page, re.S
    )
    assert blob is not None and "<" not in blob.group(1)
    return json.loads(blob.group(1))


def test_html_escapes_filing_text_and_embeds_safe_json() -> None:
    page = html_report.render(sample_run(), Settings())
    assert HOSTILE not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # The embedded JSON cannot close its element, and still parses back.
    data = embedded(page, "summary")
    assert data["files"][2]["unit_name"] == f"卫健委{HOSTILE}@FINDINGS@"
    assert (data["summary"]["files"], data["summary"]["tables"]) == (4, 41)
    assert data["summary"]["unreadable"] == 1
    views = embedded(page, "views")
    assert views["1"]["views"][0]["fields"][0] == ["项目名称", HOSTILE]
    # A placeholder in a filing's text stays text (one-pass template).
    assert page.count('<table id="findings">') == 1
    assert "@FINDINGS@" in page


def test_html_departments_are_real_unit_names() -> None:
    page = html_report.render(sample_run(), Settings())
    options = re.search(r'<select id="f-department">(.*?)</select>', page, re.S)
    assert options is not None
    assert "盖章" not in options.group(1)
    assert '<option value="定州市教育局">' in options.group(1)
    assert '<option value="未注明单位">' in options.group(1)


def test_html_loads_nothing_from_the_network() -> None:
    page = html_report.render(sample_run(), Settings())
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert "default-src 'none'" in page
    assert "<style>" in page and "<script>" in page


# --- end to end ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "html"])
def test_exports_end_to_end(fmt: str, fixture_folder: Path, tmp_path: Path) -> None:
    target = tmp_path / f"report.{fmt}"
    result = subprocess.run(
        [sys.executable, "-m", "perfgoals", "check", ".", "--jobs", "2", "--no-cache",
         "--format", fmt, "--output", str(target)],
        capture_output=True, text=True, cwd=fixture_folder, timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert "共检查" in result.stderr  # the closing summary goes to stderr
    data = target.read_bytes()
    assert {"csv": b"\xef\xbb\xbf", "xlsx": b"PK\x03\x04", "html": b"<!DOCTYPE html>"}[fmt] == (
        data[: 15 if fmt == "html" else 4 if fmt == "xlsx" else 3]
    )
    missing = subprocess.run(
        [sys.executable, "-m", "perfgoals", "check", ".", "--format", fmt],
        capture_output=True, text=True, cwd=fixture_folder, timeout=120,
    )
    assert missing.returncode == 2 and "--output" in missing.stderr
