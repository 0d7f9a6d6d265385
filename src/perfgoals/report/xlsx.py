"""The reviewer's workbook (``--format xlsx --output FILE``).

Four sheets: every finding (one row each, with the cell's context — the
row's 三级指标 and the value as filed — and its place in Word; an autofilter
and a frozen header, so a reviewer filters by department, rule or severity in
Excel), the files ranked by errors, a count per rule with its Chinese title,
and every rule's title and explanation. Written with xlsxwriter in constant-
memory mode, imported only when this format is asked for.

Every text cell is written as a string, never parsed: a project name starting
with ``=`` stays text and cannot run as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from perfgoals.report.csv import (
    EXPLANATION_COLUMNS,
    FILE_COLUMNS,
    FINDING_COLUMNS,
    RULE_COLUMNS,
    Cell,
    explanation_rows,
    file_rows,
    finding_rows,
    headers,
    rule_rows,
)
from perfgoals.runner import RunResult
from perfgoals.settings import Settings

# xlsxwriter ships no type information: its workbook and sheets are Any here.
Workbook = Any
Worksheet = Any

SHEET_NAMES = {
    "zh": ("问题清单", "文件汇总", "规则汇总", "规则说明"),
    "en": ("Findings", "Files", "Rules", "Rule explanations"),
}
_WRAPPED = frozenset({"message", "suggestion", "value", "what", "why", "bad", "good", "fix"})
# Column widths in Excel's character units; a CJK character counts two.
_MIN_WIDTH = 6
_MAX_WIDTH = {"message": 80, "suggestion": 60, "project_name": 40, "file": 50, "value": 40,
              "indicator": 24, "what": 60, "why": 50, "bad": 30, "good": 30, "fix": 50}
_DEFAULT_MAX = 30
_WIDTH_SAMPLE = 2000  # rows looked at for widths: enough to be typical, cheap
# A fixed creation time keeps the workbook byte-identical between runs over
# the same findings (a report is a function of its input).
_CREATED = datetime(2000, 1, 1)


def _display_width(value: Cell) -> int:
    if value is None:
        return 0
    text = str(value)
    return sum(2 if ord(char) > 0x2E7F else 1 for char in text)


def _widths(
    columns: Sequence[tuple[str, str, str]], header: list[str], rows: Iterable[list[Cell]]
) -> list[int]:
    widths = [_display_width(name) + 2 for name in header]  # room for the filter button
    for count, row in enumerate(rows):
        if count >= _WIDTH_SAMPLE:
            break
        for index, value in enumerate(row):
            widths[index] = max(widths[index], _display_width(value))
    return [
        max(_MIN_WIDTH, min(width + 1, _MAX_WIDTH.get(key, _DEFAULT_MAX)))
        for (key, _, _), width in zip(columns, widths, strict=True)
    ]


def _sheet(
    workbook: Workbook,
    name: str,
    columns: Sequence[tuple[str, str, str]],
    header: list[str],
    rows: list[list[Cell]],
    formats: dict[str, Any],
) -> Worksheet:
    sheet = workbook.add_worksheet(name)
    for index, width in enumerate(_widths(columns, header, rows)):
        key = columns[index][0]
        wrap = formats["wrap"] if key in _WRAPPED else None
        sheet.set_column(index, index, width, wrap)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
    for column, title in enumerate(header):
        sheet.write_string(0, column, title, formats["header"])
    for row_number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, int):
                sheet.write_number(row_number, column, value)
            else:
                sheet.write_string(row_number, column, value)
    return sheet


def render(run: RunResult, settings: Settings) -> bytes:
    import xlsxwriter  # type: ignore[import-untyped]

    lang = settings.lang
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": True})
    workbook.set_properties({"title": "perfgoals", "created": _CREATED})
    formats = {
        "header": workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1}),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
    }
    findings_name, files_name, rules_name, explanations_name = SHEET_NAMES[lang]
    _sheet(
        workbook,
        findings_name,
        FINDING_COLUMNS,
        headers(FINDING_COLUMNS, lang),
        [row.cells(lang) for row in finding_rows(run)],
        formats,
    )
    _sheet(workbook, files_name, FILE_COLUMNS, headers(FILE_COLUMNS, lang),
           list(file_rows(run, lang)), formats)
    _sheet(workbook, rules_name, RULE_COLUMNS, headers(RULE_COLUMNS, lang),
           list(rule_rows(run, lang)), formats)
    _sheet(workbook, explanations_name, EXPLANATION_COLUMNS, headers(EXPLANATION_COLUMNS, lang),
           list(explanation_rows(lang)), formats)
    workbook.close()
    return buffer.getvalue()
