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
from perfgoals.report.summary import department, summarise
from perfgoals.rules.registry import SEVERITY_WORDS, all_rules, get_rule, rule_title
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
    ("title", "规则名称", "rule title"),
    ("severity", "级别", "severity"),
    ("field", "字段", "field"),
    ("indicator_row", "指标行", "indicator row"),
    ("indicator", "三级指标", "indicator"),
    ("value", "单元格内容", "cell value"),
    ("message", "问题说明", "message"),
    ("suggestion", "修改建议", "suggestion"),
    ("line", "行号", "line"),
    ("word_table", "Word 表格", "Word table"),
    ("word_row", "Word 行", "Word row"),
    ("word_column", "Word 列", "Word column"),
    ("name", "规则代号", "rule name"),
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
    ("title", "规则名称", "rule title"),
    ("severity", "级别", "severity"),
    ("findings", "问题数", "findings"),
    ("files", "涉及文件数", "files"),
    ("name", "规则代号", "rule name"),
)
EXPLANATION_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("rule", "规则", "rule"),
    ("title", "规则名称", "rule title"),
    ("severity", "默认级别", "default severity"),
    ("what", "检查什么", "what it checks"),
    ("why", "为什么", "why"),
    ("bad", "错误示例", "failing example"),
    ("good", "正确示例", "passing example"),
    ("fix", "如何修改", "how to fix"),
    ("name", "规则代号", "rule name"),
)


def headers(columns: tuple[tuple[str, str, str], ...], lang: str) -> list[str]:
    return [zh if lang == "zh" else en for _, zh, en in columns]


@dataclass(frozen=True)
class FindingRow:
    """One finding with its file and the cell's context, as every export shows it."""

    result: FileResult
    finding: Finding
    department: str | None = None
    indicator: str | None = None  # the row's 三级指标 (or its description)
    value: str | None = None  # the cell at fault, as filed

    def cells(self, lang: str) -> list[Cell]:
        loc = self.finding.location
        return [
            self.result.path,
            self.department,
            loc.part,
            loc.table,
            loc.project_code,
            loc.project_name,
            self.finding.rule,
            rule_title(self.finding.rule, self.finding.name, lang),
            SEVERITY_WORDS[lang][self.finding.severity],
            loc.field,
            loc.indicator_row,
            self.indicator,
            self.value,
            self.finding.message,
            suggestion(self.finding, lang),
            loc.line,
            loc.source_table,
            loc.source_row,
            loc.source_column,
            self.finding.name,
        ]


def suggestion(finding: Finding, lang: str) -> str | None:
    """The finding's own fix, else its rule's general advice (as the text report)."""
    if finding.suggestion:
        return finding.suggestion
    spec = get_rule(finding.rule)
    return spec.doc(lang).fix if spec is not None else None


def finding_rows(run: RunResult) -> Iterator[FindingRow]:
    from perfgoals.report.view import cell_context, view_key

    for result in run.files:
        views = {view_key(view): view for view in result.views}
        unit = department(result)
        for finding in result.findings:
            indicator, value = cell_context(finding, views)
            yield FindingRow(result, finding, unit, indicator, value)


def ranked_files(run: RunResult) -> list[FileResult]:
    """Files by errors, then all findings, then path: the worst first."""
    return sorted(
        run.files,
        key=lambda r: (-r.counts()["error"], -r.counts()["warning"], -len(r.findings), r.path),
    )


def file_rows(run: RunResult, lang: str) -> Iterator[list[Cell]]:
    for result in ranked_files(run):
        counts = result.counts()
        yield [
            result.path,
            department(result),
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
        yield [code, rule_title(code, name, lang), SEVERITY_WORDS[lang][severities[code]], count,
               files[code], name]


def explanation_rows(lang: str) -> Iterator[list[Cell]]:
    """Every rule with its title and explanation."""
    for spec in all_rules().values():
        doc = spec.doc(lang)
        yield [spec.code, spec.title(lang), SEVERITY_WORDS[lang][spec.severity], doc.what,
               doc.why, doc.bad, doc.good, doc.fix, spec.name]


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
