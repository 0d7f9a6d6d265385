"""The reviewer's CSV export (``--format csv --output FILE``): one row per finding.

UTF-8 with a byte-order mark, so Excel opens the Chinese text correctly on a
double click. A text cell that Excel would take for a formula (``=``, ``+``,
``-``, ``@`` first) gets a leading apostrophe: a filing's text must never run
as a formula on a reviewer's machine.

The row projections here (findings, files, rules) are shared by the XLSX and
HTML exports, so the three always show the same columns.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from perfgoals.findings import FileResult, Finding
from perfgoals.report.summary import summarise
from perfgoals.rules.registry import SEVERITY_WORDS, get_rule
from perfgoals.runner import RunResult
from perfgoals.settings import Settings

Cell = str | int | None

STATUS_WORDS = {
    "zh": {"ok": "已读取", "unreadable": "无法读取"},
    "en": {"ok": "read", "unreadable": "unreadable"},
}

# (key, zh header, en header) of the findings table, in order.
FINDING_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("file", "文件", "file"),
    ("department", "部门", "department"),
    ("part", "部分", "part"),
    ("table", "表", "table"),
    ("project_code", "项目编码", "project code"),
    ("project_name", "项目名称", "project name"),
    ("rule", "规则", "rule"),
    ("name", "规则名称", "rule name"),
    ("severity", "级别", "severity"),
    ("field", "字段", "field"),
    ("indicator_row", "指标行", "indicator row"),
    ("line", "行号", "line"),
    ("message", "问题说明", "message"),
    ("suggestion", "修改建议", "suggestion"),
)
FILE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("file", "文件", "file"),
    ("department", "部门", "department"),
    ("unit_code", "单位编码", "unit code"),
    ("status", "状态", "status"),
    ("tables", "表数", "tables"),
    ("errors", "错误", "errors"),
    ("warnings", "警告", "warnings"),
    ("infos", "提示", "infos"),
    ("findings", "问题合计", "findings"),
)
RULE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("rule", "规则", "rule"),
    ("name", "规则名称", "rule name"),
    ("severity", "级别", "severity"),
    ("findings", "问题数", "findings"),
    ("files", "涉及文件数", "files"),
)


def headers(columns: tuple[tuple[str, str, str], ...], lang: str) -> list[str]:
    return [zh if lang == "zh" else en for _, zh, en in columns]


@dataclass(frozen=True)
class FindingRow:
    """One finding with its file, as every export shows it."""

    result: FileResult
    finding: Finding

    def cells(self, lang: str) -> list[Cell]:
        loc = self.finding.location
        return [
            self.result.path,
            self.result.unit_name,
            loc.part,
            loc.table,
            loc.project_code,
            loc.project_name,
            self.finding.rule,
            self.finding.name,
            SEVERITY_WORDS[lang][self.finding.severity],
            loc.field,
            loc.indicator_row,
            loc.line,
            self.finding.message,
            suggestion(self.finding, lang),
        ]


def suggestion(finding: Finding, lang: str) -> str | None:
    """The finding's own fix, else its rule's general advice (as the text report)."""
    if finding.suggestion:
        return finding.suggestion
    spec = get_rule(finding.rule)
    return spec.doc(lang).fix if spec is not None else None


def finding_rows(run: RunResult) -> Iterator[FindingRow]:
    for result in run.files:
        for finding in result.findings:
            yield FindingRow(result, finding)


def file_rows(run: RunResult, lang: str) -> Iterator[list[Cell]]:
    for result in run.files:
        counts = result.counts()
        yield [
            result.path,
            result.unit_name,
            result.unit_code,
            STATUS_WORDS[lang].get(result.status, result.status),
            result.tables,
            counts["error"],
            counts["warning"],
            counts["info"],
            len(result.findings),
        ]


def rule_rows(run: RunResult, lang: str) -> Iterator[list[Cell]]:
    """Rules by how often they fire, with how many files they touch."""
    files: Counter[str] = Counter()
    severities: dict[str, str] = {}
    for result in run.files:
        for code in {finding.rule for finding in result.findings}:
            files[code] += 1
        for finding in result.findings:
            severities.setdefault(finding.rule, finding.severity)
    for code, name, count in summarise(run.files).by_rule:
        yield [code, name, SEVERITY_WORDS[lang][severities[code]], count, files[code]]


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(cell: Cell) -> Cell:
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


def render(run: RunResult, settings: Settings) -> bytes:
    lang = settings.lang
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers(FINDING_COLUMNS, lang))
    for row in finding_rows(run):
        writer.writerow(["" if cell is None else _safe(cell) for cell in row.cells(lang)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
