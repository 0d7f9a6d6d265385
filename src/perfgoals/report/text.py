"""The human report (``--format text``), for the budget officer who fixes a filing.

It opens with a short summary (counts by level, the tables with the most
findings), then lists errors, then warnings, then infos. Within a level there
is one block per rule: its code, Chinese title and count, the fix said once,
and beneath it every place (file, table, project, field, row, the Word cell)
with the finding's message, which quotes the value. The totals close it.

Lines are wrapped to the terminal's width with a hanging indent and Chinese
line-breaking rules (``report/wrap.py``); a pipe or a file gets unbroken
lines. Without colour the report is written as plain text; rich renders it
only for a terminal, so hooks do not pay for importing it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import groupby
from typing import IO

from perfgoals.findings import Finding
from perfgoals.report.places import word_cell
from perfgoals.report.summary import Summary, summarise
from perfgoals.report.wrap import Span, text_width, wrap_spans
from perfgoals.rules.registry import SEVERITY_RANK, get_rule, rule_title, severity_word
from perfgoals.runner import RunResult

Line = list[Span]
# A line and the indent its continuation lines hang at.
Block = tuple[Line, int]

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
LEVELS = ("error", "warning", "info")
WORST_TABLES = 3
WORDS = {
    "zh": {
        "tables": "张表",
        "line": "第{line}行",
        "row": "指标第{row}行",
        "fix": "修改建议：",
        "suggested": " → 建议：",
        "unreadable": "无法读取",
        "no_findings": "未发现问题。",
        "table": "表 {table}",
        "part": "第{part}部分",
        "document": "全文",
        "summary": "共检查 {files} 个文件、{tables} 张表：错误 {errors}，警告 {warnings}，提示 {infos}",
        "unreadable_count": "，无法读取的文件 {n} 个",
        "elapsed": "（用时 {seconds:.2f} 秒）",
        "level": "{word}（{n} 条）",
        "places": "{n} 处",
        "worst": "问题最多的表：",
        "worst_files": "问题最多的文件：",
        "files_heading": "{files} 个文件、{tables} 张表",
        "counts": "错误 {errors}，警告 {warnings}，提示 {infos}",
        "sep": "；",
        "colon": "：",
        "stats_title": "按规则统计",
        "code": "规则",
        "name": "名称",
        "severity": "级别",
        "count": "数量",
        "interrupted": "检查被中断，以下为已完成部分的结果。",
        "stale": "基线中已不再出现的记录 {n} 条",
        "baselined": "，基线中已有、未报告 {n} 条",
        "hidden": "（另有 {n} 条低于“{level}”级别的问题未显示）",
        "internal": "内部错误：",
    },
    "en": {
        "tables": "tables",
        "line": "line {line}",
        "row": "indicator row {row}",
        "fix": "Fix: ",
        "suggested": " → suggested: ",
        "unreadable": "unreadable",
        "no_findings": "No findings.",
        "table": "table {table}",
        "part": "part {part}",
        "document": "whole filing",
        "summary": "Checked {files} files, {tables} tables: {errors} errors, {warnings} warnings, "
        "{infos} infos",
        "unreadable_count": ", {n} unreadable",
        "elapsed": " (in {seconds:.2f} s)",
        "level": "{word}s ({n})",
        "places": "{n} place(s)",
        "worst": "Tables with the most findings: ",
        "worst_files": "Files with the most findings: ",
        "files_heading": "{files} files, {tables} tables",
        "counts": "{errors} errors, {warnings} warnings, {infos} infos",
        "sep": "; ",
        "colon": ": ",
        "stats_title": "Findings per rule",
        "code": "code",
        "name": "title",
        "severity": "severity",
        "count": "count",
        "interrupted": "Interrupted; results of the files checked so far follow.",
        "stale": "{n} baseline entries no longer occur",
        "baselined": ", {n} known from the baseline not shown",
        "hidden": " ({n} findings below {level} not shown)",
        "internal": "internal error: ",
    },
}


def table_label(finding: Finding, words: dict[str, str]) -> str:
    """``表 5 434-0101-JBN-A8CL 房地产遗留问题专班``; the whole filing where no table."""
    loc = finding.location
    if loc.table is None:
        return words["document"]
    parts = []
    if loc.part is not None:
        parts.append(words["part"].format(part=loc.part))
    parts.append(words["table"].format(table=loc.table))
    if loc.project_code:
        parts.append(loc.project_code)
    if loc.project_name:
        parts.append(loc.project_name)
    return " ".join(parts)


def place_in_table(finding: Finding, lang: str, words: dict[str, str]) -> str:
    """Field, indicator row and the Word cell (or the text line), within a table."""
    loc = finding.location
    parts = []
    if loc.field:
        parts.append(loc.field)
    if loc.indicator_row is not None:
        parts.append(words["row"].format(row=loc.indicator_row))
    cell = word_cell(loc, lang)
    if cell:
        parts.append(cell)
    elif loc.line is not None:
        parts.append(words["line"].format(line=loc.line))
    return " · ".join(parts)


def _rule_fix(code: str, lang: str) -> str | None:
    spec = get_rule(code)
    return spec.doc(lang).fix if spec is not None else None


def _rule_block(
    code: str, findings: list[Finding], lang: str, words: dict[str, str], several_files: bool,
    paths: dict[int, str],
) -> Iterator[Block]:
    first = findings[0]
    heading: Line = [
        ("  ", ""),
        (code, SEVERITY_STYLE[first.severity]),
        (" ", ""),
        (rule_title(code, first.name, lang), "bold"),
    ]
    if lang == "zh":
        heading += [(" ", ""), (first.name, "dim")]
    heading += [("  ", ""), (words["places"].format(n=len(findings)), "dim")]
    yield heading, 4
    fix = _rule_fix(code, lang)
    if fix:
        yield [("    ", ""), (words["fix"], "green"), (fix, "")], 4 + text_width(words["fix"])
    for path, in_file in groupby(findings, key=lambda f: paths[id(f)]):
        indent = "    "
        if several_files:
            yield [(indent, ""), (path, "bold")], len(indent) + 2
            indent += "  "
        for table, in_table in groupby(in_file, key=lambda f: table_label(f, words)):
            yield [(indent, ""), (table, "bold")], len(indent) + 2
            for finding in in_table:
                line: Line = [(indent + "  ", "")]
                place = place_in_table(finding, lang, words)
                if place:
                    line += [(place, "dim"), (words["colon"], "dim")]
                line.append((finding.message, ""))
                if finding.suggestion:
                    line += [(words["suggested"], "dim"), (finding.suggestion, "green")]
                yield line, len(indent) + 4


def _counts_text(counts: Counter[str], words: dict[str, str], lang: str = "zh") -> str:
    """``错误 1，警告 10`` (the levels that occur)."""
    parts = [
        f"{severity_word(level, lang)} {counts[level]}" if lang == "zh"
        else f"{counts[level]} {severity_word(level, lang)}{'s' if counts[level] != 1 else ''}"
        for level in LEVELS
        if counts[level]
    ]
    return ("，" if lang == "zh" else ", ").join(parts)


def _worst(
    run: RunResult, lang: str, words: dict[str, str], several_files: bool
) -> Iterator[Block]:
    tables: dict[tuple[str, str], Counter[str]] = {}
    for result in run.files:
        for finding in result.findings:
            if finding.location.table is None:
                continue
            label = table_label(finding, words)
            key = (result.path if several_files else "", label)
            tables.setdefault(key, Counter())[finding.severity] += 1
    ranked = sorted(
        tables.items(),
        key=lambda item: (-item[1]["error"], -item[1]["warning"], -item[1]["info"], item[0]),
    )[:WORST_TABLES]
    if ranked:
        items = [
            (f"{path} " if path else "") + f"{label}（{_counts_text(counts, words, lang)}）"
            if lang == "zh"
            else (f"{path} " if path else "") + f"{label} ({_counts_text(counts, words, lang)})"
            for (path, label), counts in ranked
        ]
        yield [("  ", ""), (words["worst"], "bold"), (words["sep"].join(items), "")], 4


def _heading_blocks(run: RunResult, summary: Summary, lang: str) -> Iterator[Block]:
    words = WORDS[lang]
    if run.interrupted:
        yield [(words["interrupted"], "yellow")], 2
    several = len(run.files) > 1
    if not several and run.files:
        result = run.files[0]
        heading: Line = [(result.path, "bold")]
        if result.unit_name:
            heading.append((f"  {result.unit_name}", ""))
        heading.append(
            (f"（{result.tables} {words['tables']}）" if lang == "zh"
             else f"  ({result.tables} {words['tables']})", "dim")
        )
        if result.status == "unreadable":
            heading += [(" ", ""), (words["unreadable"], "red")]
        yield heading, 2
    elif several:
        yield [(words["files_heading"].format(files=summary.files, tables=summary.tables),
                "bold")], 2
    yield [("  ", ""), (words["counts"].format(
        errors=summary.errors, warnings=summary.warnings, infos=summary.infos), "bold")], 4
    if several:
        by_file = sorted(
            (r for r in run.files if r.findings),
            key=lambda r: (-r.counts()["error"], -len(r.findings), r.path),
        )[:WORST_TABLES]
        if by_file:
            items = [
                f"{r.path}（{_counts_text(Counter(r.counts()), words, lang)}）" if lang == "zh"
                else f"{r.path} ({_counts_text(Counter(r.counts()), words, lang)})"
                for r in by_file
            ]
            yield [("  ", ""), (words["worst_files"], "bold"), (words["sep"].join(items), "")], 4
    yield from _worst(run, lang, words, several)


def _finding_blocks(run: RunResult, lang: str) -> Iterator[Block]:
    words = WORDS[lang]
    several = len(run.files) > 1
    paths: dict[int, str] = {}
    by_level: dict[str, list[Finding]] = {level: [] for level in LEVELS}
    for result in run.files:
        for finding in result.findings:
            paths[id(finding)] = result.path
            by_level.setdefault(finding.severity, []).append(finding)
    if not any(by_level.values()):
        yield [("  ", ""), (words["no_findings"], "green")], 2
        return
    for level in sorted(by_level, key=lambda s: -SEVERITY_RANK.get(s, -1)):
        findings = by_level[level]
        if not findings:
            continue
        yield [], 0
        title = words["level"].format(word=severity_word(level, lang), n=len(findings))
        yield [(title, SEVERITY_STYLE.get(level, "bold"))], 2
        by_rule: dict[str, list[Finding]] = {}
        for finding in findings:  # files in order, each already in reading order
            by_rule.setdefault(finding.rule, []).append(finding)
        for code in sorted(by_rule, key=lambda c: (-len(by_rule[c]), c)):
            yield from _rule_block(code, by_rule[code], lang, words, several, paths)


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


def _statistics_blocks(summary: Summary, run: RunResult, lang: str) -> Iterator[Block]:
    """Counts per rule with level and title, aligned for CJK widths."""
    words = WORDS[lang]
    levels: dict[str, str] = {}
    for result in run.files:
        for finding in result.findings:
            levels.setdefault(finding.rule, finding.severity)
    rows = [
        (code, severity_word(levels.get(code, "info"), lang), rule_title(code, name, lang),
         str(count))
        for code, name, count in summary.by_rule
    ]
    header = (words["code"], words["severity"], words["name"], words["count"])
    widths = [max(text_width(row[i]) for row in (header, *rows)) for i in range(3)]

    def cells(row: tuple[str, str, str, str], style: str) -> Line:
        line: Line = []
        for index, value in enumerate(row[:3]):
            line.append((value + " " * (widths[index] - text_width(value)) + "  ", style))
        line.append((row[3].rjust(max(text_width(header[3]), 5)), style))
        return line

    yield [(words["stats_title"], "bold")], 2
    yield cells(header, "bold"), 2
    for row in rows:
        yield cells(row, ""), 2


def _closing_blocks(
    run: RunResult, summary: Summary, lang: str, statistics: bool, hidden: int,
    min_severity: str | None,
) -> Iterator[Block]:
    words = WORDS[lang]
    line = summary_line(summary, lang, run.elapsed)
    if run.baselined:
        line += words["baselined"].format(n=run.baselined)
    if hidden and min_severity:
        line += words["hidden"].format(n=hidden, level=severity_word(min_severity, lang))
    yield [(line, "bold")], 2
    if statistics and run.stale_baseline:
        yield [(words["stale"].format(n=run.stale_baseline), "")], 2
    for result in run.files:
        for error in result.errors:
            yield [(f"{result.path}: ", "bold"), (words["internal"], "red"), (error, "")], 2


def blocks(
    run: RunResult,
    lang: str = "zh",
    quiet: bool = False,
    statistics: bool = False,
    hidden: int = 0,
    min_severity: str | None = None,
) -> Iterator[Block]:
    summary = summarise(run.files)
    if statistics:
        if run.interrupted:
            yield [(WORDS[lang]["interrupted"], "yellow")], 2
        if summary.by_rule:
            yield from _statistics_blocks(summary, run, lang)
            yield [], 0
    elif not quiet:
        yield from _heading_blocks(run, summary, lang)
        yield from _finding_blocks(run, lang)
        yield [], 0
    yield from _closing_blocks(run, summary, lang, statistics, hidden, min_severity)


def render(
    run: RunResult,
    stream: IO[str],
    lang: str = "zh",
    quiet: bool = False,
    statistics: bool = False,
    color: bool | None = None,
    width: int | None = None,
    hidden: int = 0,
    min_severity: str | None = None,
) -> None:
    """Write the report to ``stream``: wrapped to ``width`` columns (None: not
    wrapped); ``color`` None means colour only on a terminal."""
    if color is None:
        color = stream.isatty()
    lines = [
        wrapped
        for line, indent in blocks(run, lang, quiet, statistics, hidden, min_severity)
        for wrapped in wrap_spans(line, width, indent)
    ]
    if not color:
        stream.write("".join("".join(text for text, _ in line) + "\n" for line in lines))
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(
        file=stream,
        highlight=False,
        soft_wrap=True,  # already wrapped, with Chinese line-breaking
        force_terminal=True,
        emoji=False,
    )
    for line in lines:
        console.print(Text.assemble(*line))
