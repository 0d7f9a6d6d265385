"""A .docx finding names the Word table, row and column in every format, so a
user goes straight to the cell; a text export's finding keeps its line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from perfgoals.report import concise, github, gitlab, junit, sarif
from perfgoals.report import csv as csv_report
from perfgoals.report import html as html_report
from perfgoals.report import json as json_report
from perfgoals.report import xlsx as xlsx_report
from perfgoals.runner import RunResult
from perfgoals.settings import Settings

from .helpers import file_result, finding, working_folder
from .test_sarif import schema_errors, validate
from conftest import ROOT

REPORT_SCHEMA = json.loads((ROOT / "schemas" / "report-v1.schema.json").read_text("utf-8"))
CELL_ZH = "Word 第12个表格 第3行 第2列"
CELL_EN = "Word table 12, row 3, column 2"


def docx_run() -> RunResult:
    in_word = finding("PG201", path="filings/a.docx", source_table=12, source_row=3,
                      source_column=2)
    in_text = finding("PG301", path="filings/b.txt", field="资金支出计划", line=88)
    return RunResult(files=[file_result("filings/a.docx", in_word),
                            file_result("filings/b.txt", in_text)])


def in_folder(folder: Path, render: Any, lang: str = "zh") -> Any:
    with working_folder(folder):
        return render(docx_run(), Settings(lang=lang))


@pytest.mark.parametrize("module", [concise, github, gitlab, junit])
def test_line_formats_name_the_word_cell(module: Any, tmp_path: Path) -> None:
    zh = in_folder(tmp_path, module.render)
    en = in_folder(tmp_path, module.render, "en")
    assert CELL_ZH in zh and CELL_EN in en
    with working_folder(tmp_path):  # a text export's finding has no Word place
        text_only = module.render(RunResult(files=docx_run().files[1:]), Settings())
    assert "Word 第" not in text_only and "88" in text_only


def test_concise_line(tmp_path: Path) -> None:
    lines = in_folder(tmp_path, concise.render).splitlines()
    assert lines[0] == (
        "filings/a.docx:1: PG201 [error] 预算数 12.00 ≠ 财政资金 10.00 + 其他资金 1.00 "
        f"(表 5 434-0101-JBN-A8CL {CELL_ZH})"
    )
    assert lines[1].startswith("filings/b.txt:88: PG301 [error]")


def test_json_carries_the_cell_and_validates() -> None:
    report = json.loads(json_report.render(docx_run()))
    jsonschema.validate(report, REPORT_SCHEMA)
    word, text = (f["findings"][0]["location"] for f in report["files"])
    assert (word["source_table"], word["source_row"], word["source_column"]) == (12, 3, 2)
    assert (text["source_table"], text["line"]) == (None, 88)
    assert [f["findings"][0]["title"] for f in report["files"]] == ["资金合计不符", "支出进度回落"]


def test_sarif_logical_location_and_region(tmp_path: Path) -> None:
    log = json.loads(in_folder(tmp_path, sarif.render))
    assert schema_errors(log) == []
    word, text = log["runs"][0]["results"]
    location = word["locations"][0]
    region = location["physicalLocation"]["region"]
    assert region["startLine"] == 1  # GitHub needs a line; a .docx has none
    assert region["message"]["text"] == CELL_ZH == location["message"]["text"]
    assert region["properties"] == {"wordTable": 12, "wordRow": 3, "wordColumn": 2}
    assert location["logicalLocations"][0]["fullyQualifiedName"].endswith(f"/预算数/{CELL_ZH}")
    assert CELL_ZH in word["message"]["text"]
    assert word["properties"]["wordTable"] == 12
    assert "message" not in text["locations"][0]
    assert text["locations"][0]["physicalLocation"]["region"] == {"startLine": 88}


def test_sarif_with_word_cells_passes_the_validator(tmp_path: Path) -> None:
    log = json.loads(in_folder(tmp_path, sarif.render))
    assert validate(log, tmp_path) == []


def test_exports_have_word_columns(tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO(
        csv_report.render(docx_run(), Settings()).decode("utf-8-sig"))))
    keys = [key for key, _, _ in csv_report.FINDING_COLUMNS]
    cells = [dict(zip(keys, row, strict=True)) for row in rows[1:]]
    assert [(c["word_table"], c["word_row"], c["word_column"]) for c in cells] == [
        ("12", "3", "2"), ("", "", "")]
    assert rows[0][keys.index("word_table")] == "Word 表格"
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "a.xlsx"
    target.write_bytes(xlsx_report.render(docx_run(), Settings()))
    sheet = list(openpyxl.load_workbook(target)["问题清单"].iter_rows(values_only=True))
    assert sheet[1][keys.index("word_table"):keys.index("word_column") + 1] == (12, 3, 2)
    page = html_report.render(docx_run(), Settings())
    assert f'<span class="detail">预算数 · {CELL_ZH}</span>' in page
    assert '<span class="detail">资金支出计划 · 第88行</span>' in page


@pytest.fixture(scope="module")
def docx_sample_run() -> RunResult:
    from perfgoals.runner import collect_inputs, run

    from conftest import SAMPLE_DOCX

    with working_folder(ROOT):
        return run(collect_inputs([SAMPLE_DOCX.relative_to(ROOT)]), Settings())


def test_the_sample_docx_names_word_cells_in_every_format(
    docx_sample_run: RunResult, tmp_path: Path
) -> None:
    from perfgoals.report import text as text_report

    (result,) = docx_sample_run.files
    pg405 = next(f for f in result.findings if f.rule == "PG405")
    loc = pg405.location
    assert None not in (loc.source_table, loc.source_row, loc.source_column)
    cell = f"Word 第{loc.source_table}个表格 第{loc.source_row}行 第{loc.source_column}列"
    stream = io.StringIO()
    text_report.render(docx_sample_run, stream, color=False, width=None)
    assert f"指标值 · 指标第{loc.indicator_row}行 · {cell}：{pg405.message}" in stream.getvalue()
    with working_folder(ROOT):
        log = json.loads(sarif.render(docx_sample_run, Settings()))
        lines = concise.render(docx_sample_run, Settings())
    assert any(cell in line and "PG405" in line for line in lines.splitlines())
    results = [r for r in log["runs"][0]["results"] if r["ruleId"] == "PG405"]
    assert results[0]["locations"][0]["physicalLocation"]["region"]["message"]["text"] == cell
    assert schema_errors(log) == []
    assert validate(log, tmp_path) == []
