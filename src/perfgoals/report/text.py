"""The human report (``--format text``): grouped by file and table, Chinese by default.

The report is built as lines of styled spans. Without colour (a pipe, a file,
pre-commit) they are written as plain text; rich renders them only for a
terminal, so hooks do not pay for importing it.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from typing import IO, TYPE_CHECKING

from perfgoals.findings import FileResult, Finding
from perfgoals.report.summary import Summary, summarise
from perfgoals.rules.registry import get_rule
from perfgoals.runner import RunResult

if TYPE_CHECKING:
    from rich.table import Table

Span = tuple[str, str]  # text, rich style ("" for none)
Line = list[Span]

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
WORDS = {
    "zh": {
        "error": "错误",
        "warning": "警告",
        "info": "提示",
        "tables": "张表",
        "line": "行",
        "row": "指标第{row}行",
        "fix": "建议",
        "unreadable": "无法读取",
        "no_findings": "未发现问题",
        "table": "表",
        "part": "第{part}部分",
        "document": "全文",
        "summary": "共检查 {files} 个文件、{tables} 张表：错误 {errors}，警告 {warnings}，提示 {infos}",
        "unreadable_count": "，无法读取的文件 {n} 个",
        "elapsed": "（用时 {seconds:.2f} 秒）",
        "stats_title": "按规则统计",
        "code": "规则",
        "name": "名称",
        "count": "数量",
        "interrupted": "检查被中断，以下为已完成部分的结果。",
        "stale": "基线中已不再出现的记录 {n} 条",
        "baselined": "，基线中已有、未报告 {n} 条",
    },
    "en": {
        "error": "error",
        "warning": "warning",
        "info": "info",
        "tables": "tables",
        "line": "line",
        "row": "indicator row {row}",
        "fix": "fix",
        "unreadable": "unreadable",
        "no_findings": "no findings",
        "table": "table",
        "part": "part {part}",
        "document": "whole filing",
        "summary": "Checked {files} files, {tables} tables: {errors} errors, {warnings} warnings, "
        "{infos} infos",
        "unreadable_count": ", {n} unreadable",
        "elapsed": " (in {seconds:.2f} s)",
        "stats_title": "Findings per rule",
        "code": "code",
        "name": "name",
        "count": "count",
        "interrupted": "Interrupted; results of the files checked so far follow.",
        "stale": "{n} baseline entries no longer occur",
        "baselined": ", {n} known from the baseline not shown",
    },
}


def _table_heading(finding: Finding, words: dict[str, str]) -> str:
    loc = finding.location
    if loc.table is None:
        return words["document"]
    parts = []
    if loc.part is not None:
        parts.append(words["part"].format(part=loc.part))
    parts.append(f"{words['table']} {loc.table}")
    if loc.project_code:
        parts.append(loc.project_code)
    if loc.project_name:
        parts.append(loc.project_name)
    return " ".join(parts)


def _finding_line(finding: Finding, lang: str, words: dict[str, str]) -> Line:
    loc = finding.location
    where = []
    if loc.line is not None:
        where.append(f"{words['line']} {loc.line}")
    if loc.indicator_row is not None:
        where.append(words["row"].format(row=loc.indicator_row))
    line: Line = [("    ", "")]
    if where:
        line += [("，".join(where) if lang == "zh" else ", ".join(where), "dim"), (" ", "")]
    line += [
        (f"{finding.rule} {words[finding.severity]}", SEVERITY_STYLE[finding.severity]),
        (" ", ""),
        (finding.message, ""),
    ]
    fix = finding.suggestion
    if fix is None:
        spec = get_rule(finding.rule)
        fix = spec.doc(lang).fix if spec is not None else None
    if fix:
        line += [("  ", ""), (f"{words['fix']}: {fix}", "dim")]
    return line


def _file_block(result: FileResult, lang: str) -> Iterator[Line]:
    words = WORDS[lang]
    heading: Line = [(result.path, "bold")]
    if result.unit_name:
        heading.append((f"  {result.unit_name}", ""))
    heading.append((f"  ({result.tables} {words['tables']})", "dim"))
    if result.status == "unreadable":
        heading += [(" ", ""), (words["unreadable"], "red")]
    yield heading
    if not result.findings:
        yield [("    ", ""), (words["no_findings"], "green")]
    for table, findings in groupby(result.findings, key=lambda f: _table_heading(f, words)):
        yield [("  ", ""), (table, "bold")]
        for finding in findings:
            yield _finding_line(finding, lang, words)
    for error in result.errors:
        yield [("    ", ""), (error, "red")]


def summary_line(summary: Summary, lang: str, elapsed: float | None = None) -> str:
    words = WORDS[lang]
    text = words["summary"].format(
        files=summary.files,
        tables=summary.tables,
        errors=summary.errors,
        warnings=summary.warnings,
        infos=summary.infos,
    )
    if summary.unreadable:
        text += words["unreadable_count"].format(n=summary.unreadable)
    if elapsed is not None:
        text += words["elapsed"].format(seconds=elapsed)
    return text


def statistics_table(summary: Summary, lang: str) -> Table:
    from rich.table import Table

    words = WORDS[lang]
    table = Table(title=words["stats_title"], show_edge=False, header_style="bold")
    table.add_column(words["code"])
    table.add_column(words["name"])
    table.add_column(words["count"], justify="right")
    for code, name, count in summary.by_rule:
        table.add_row(code, name, str(count))
    return table


def _report_lines(run: RunResult, lang: str, quiet: bool) -> Iterator[Line]:
    words = WORDS[lang]
    if run.interrupted:
        yield [(words["interrupted"], "yellow")]
    if not quiet:
        for result in run.files:
            yield from _file_block(result, lang)
        yield []


def _closing_lines(run: RunResult, summary: Summary, lang: str, statistics: bool) -> Iterator[Line]:
    words = WORDS[lang]
    line = summary_line(summary, lang, run.elapsed)
    if run.baselined:
        line += words["baselined"].format(n=run.baselined)
    yield [(line, "bold")]
    if statistics and run.stale_baseline:
        yield [(words["stale"].format(n=run.stale_baseline), "")]


def render(
    run: RunResult,
    stream: IO[str],
    lang: str = "zh",
    quiet: bool = False,
    statistics: bool = False,
    color: bool | None = None,
) -> None:
    """Write the report to ``stream``; ``color`` None means colour only on a terminal."""
    summary = summarise(run.files)
    with_table = statistics and bool(summary.by_rule)
    if color is None:
        color = stream.isatty()
    if not color and not with_table:
        for line in (
            *_report_lines(run, lang, quiet),
            *_closing_lines(run, summary, lang, statistics),
        ):
            stream.write("".join(text for text, _ in line) + "\n")
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(
        file=stream,
        highlight=False,
        soft_wrap=True,
        force_terminal=color,
        no_color=not color,
        emoji=False,
    )
    for line in _report_lines(run, lang, quiet):
        console.print(Text.assemble(*line))
    if with_table:
        console.print(statistics_table(summary, lang))
    for line in _closing_lines(run, summary, lang, statistics):
        console.print(Text.assemble(*line))
