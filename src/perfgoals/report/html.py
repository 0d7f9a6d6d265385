"""The reviewer's web page (``--format html --output FILE``), for a folder of filings.

One self-contained file that works offline: inline CSS and script, no fonts,
images or scripts from anywhere (a Content-Security-Policy forbids every
fetch). It opens on an overview — the files ranked by errors with their
department, the findings by rule and by department as bar charts — and a
click on a file, a rule or a department filters the findings list below it.
Each rule's explanation shows on hover and in a side panel. The filing view
draws each project's table as the filing has it (head fields, spending plan,
goals, the indicator grid), marks the cells at fault and lists the findings
beside them.

Filing text is untrusted: every string from a filing is escaped with
``html.escape`` where it enters the page; the tables of the filing view are
embedded as JSON with ``<``, ``>`` and ``&`` escaped as ``\\u003c`` … (so
nothing in it can close its script element) and drawn by the script with
``textContent`` only. The template is a data file (``perfgoals/data/report.html``),
filled in one pass, so a filing's text that looks like a placeholder stays text.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import Any

from perfgoals import __version__
from perfgoals.findings import FileResult, Finding
from perfgoals.report.csv import ranked_files, suggestion
from perfgoals.report.summary import department, summarise
from perfgoals.report.text import WORDS as TEXT_WORDS
from perfgoals.report.text import place_in_table, summary_line, table_label
from perfgoals.rules.registry import SEVERITY_RANK, SEVERITY_WORDS, all_rules, rule_title
from perfgoals.runner import RunResult
from perfgoals.settings import Settings

WORDS = {
    "zh": {
        "title": "绩效目标表检查报告",
        "overview": "总览",
        "severity": "级别",
        "rule": "规则",
        "file": "文件",
        "department": "部门",
        "search": "搜索",
        "search_hint": "项目、编码、说明……",
        "all": "全部",
        "clear": "清除筛选",
        "findings": "问题清单",
        "files": "文件（按错误数排列）",
        "by_rule": "按规则",
        "by_department": "按部门",
        "where": "位置",
        "message": "问题说明与修改建议",
        "count": "符合条件 {shown} / {total} 条问题",
        "more": "再显示 {n} 条（还有 {left} 条）",
        "none": "未发现问题。",
        "generated": "由 perfgoals {version} 生成",
        "interrupted": "检查被中断：本报告只包含已完成的文件。",
        "no_department": "未注明单位",
        "fix": "修改建议：",
        "open": "在表中查看",
        "open_file": "查看填报表",
        "back": "← 返回问题清单",
        "explain": "规则说明",
        "close": "关闭",
        "tables": "表数",
        "errors": "错误",
        "warnings": "警告",
        "infos": "提示",
        "files_n": "文件",
        "tables_n": "张表",
        "unreadable": "无法读取",
        "plan": "资金支出计划",
        "goals": "绩效目标",
        "row": "行",
        "whole": "全表",
        "money_unit": "金额单位：",
        "no_view": "此文件没有可显示的表格（无法读取，或问题不属于某张表）。",
        "sections": "这条规则检查什么|为什么|错误示例|正确示例|如何修改",
    },
    "en": {
        "title": "Performance-goal filing check report",
        "overview": "Overview",
        "severity": "Severity",
        "rule": "Rule",
        "file": "File",
        "department": "Department",
        "search": "Search",
        "search_hint": "project, code, message…",
        "all": "all",
        "clear": "Clear filters",
        "findings": "Findings",
        "files": "Files (by errors)",
        "by_rule": "By rule",
        "by_department": "By department",
        "where": "Where",
        "message": "Message and fix",
        "count": "{shown} of {total} findings match",
        "more": "show {n} more ({left} left)",
        "none": "No findings.",
        "generated": "Made by perfgoals {version}",
        "interrupted": "Interrupted: this report holds only the files checked so far.",
        "no_department": "unit not stated",
        "fix": "Fix: ",
        "open": "show in table",
        "open_file": "show filing",
        "back": "← back to the findings",
        "explain": "Rule",
        "close": "Close",
        "tables": "tables",
        "errors": "errors",
        "warnings": "warnings",
        "infos": "infos",
        "files_n": "files",
        "tables_n": "tables",
        "unreadable": "unreadable",
        "plan": "Spending plan",
        "goals": "Goals",
        "row": "row",
        "whole": "whole table",
        "money_unit": "Money unit: ",
        "no_view": "No table of this file can be drawn (unreadable, or no finding in a table).",
        "sections": "What it does|Why|Failing example|Passing example|How to fix",
    },
}
_PLACEHOLDER = re.compile(r"@([A-Z_]+)@")
# Rows drawn at first and per "more" click: a browser lays out 10,000 table
# rows in seconds, 200 at once.
PAGE = 200
SEVERITY_ORDER = ("error", "warning", "info")


def _text(value: object) -> str:
    return "" if value is None else html.escape(str(value), quote=True)


def safe_json(data: Any) -> str:
    """JSON that can sit inside a <script> element whatever strings it holds."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _attributes(**values: object) -> str:
    return "".join(
        f' data-{key.replace("_", "-")}="{_text("" if value is None else value)}"'
        for key, value in values.items()
    )


def _severity_badge(severity: str, lang: str) -> str:
    return f'<span class="sev sev-{_text(severity)}">{_text(SEVERITY_WORDS[lang][severity])}</span>'


def _place_html(finding: Finding, result: FileResult, lang: str) -> str:
    words = TEXT_WORDS[lang]
    details = place_in_table(finding, lang, words)
    parts = [f'<span class="path">{_text(result.path)}</span>',
             f'<span class="tbl">{_text(table_label(finding, words))}</span>']
    if details:
        parts.append(f'<span class="detail">{_text(details)}</span>')
    return "".join(parts)


def _finding_row(
    finding: Finding, result: FileResult, index: int, unit: str, lang: str, has_view: bool,
    hidden: bool = False,
) -> str:
    words = WORDS[lang]
    loc = finding.location
    attributes = _attributes(
        severity=finding.severity,
        rule=finding.rule,
        file=result.path,
        department=unit,
        fi=index,
        part=loc.part,
        table=loc.table,
        field=loc.field,
        irow=loc.indicator_row,
    )
    title = rule_title(finding.rule, finding.name, lang)
    fix = suggestion(finding, lang)
    fix_html = (
        f'<p class="fix"><span class="fix-label">{_text(words["fix"])}</span>{_text(fix)}</p>'
        if fix
        else ""
    )
    open_button = (
        f'<button type="button" class="open-filing link">{_text(words["open"])}</button>'
        if has_view and loc.table is not None
        else ""
    )
    return (
        f"<tr{attributes}{' hidden' if hidden else ''}>"
        f'<td class="c-sev">{_severity_badge(finding.severity, lang)}</td>'
        f'<td class="c-rule"><button type="button" class="rule-info" data-rule="{_text(finding.rule)}"'
        f' title="{_text(title)}">{_text(finding.rule)}</button>'
        f'<span class="rule-title">{_text(title)}</span></td>'
        f'<td class="c-where">{_place_html(finding, result, lang)}</td>'
        f'<td class="c-msg"><p class="msg">{_text(finding.message)}</p>{fix_html}{open_button}</td>'
        "</tr>"
    )


def _ordered(run: RunResult) -> Iterator[tuple[int, FileResult, Finding]]:
    """Errors first, then warnings, then infos; within a level, files in order."""
    for severity in SEVERITY_ORDER:
        for index, result in enumerate(run.files):
            for finding in result.findings:
                if finding.severity == severity:
                    yield index, result, finding


def _findings_table(run: RunResult, lang: str, units: list[str]) -> str:
    words = WORDS[lang]
    head = "".join(
        f'<th scope="col" class="{css}">{_text(title)}</th>'
        for css, title in (
            ("c-sev", words["severity"]),
            ("c-rule", words["rule"]),
            ("c-where", words["where"]),
            ("c-msg", words["message"]),
        )
    )
    lines = [f'<table id="findings"><thead><tr>{head}</tr></thead><tbody>']
    lines.extend(
        _finding_row(finding, result, index, units[index], lang, bool(result.views),
                     hidden=number >= PAGE)
        for number, (index, result, finding) in enumerate(_ordered(run))
    )
    lines.append("</tbody></table>")
    return "\n".join(lines)


def _files_table(run: RunResult, lang: str, units: list[str]) -> str:
    words = WORDS[lang]
    index_of = {id(result): index for index, result in enumerate(run.files)}
    head = "".join(
        f'<th scope="col"{css}>{_text(title)}</th>'
        for css, title in (
            ("", "#"),
            ("", words["file"]),
            ("", words["department"]),
            (' class="num"', words["errors"]),
            (' class="num"', words["warnings"]),
            (' class="num"', words["infos"]),
            (' class="num"', words["tables"]),
            ("", ""),
        )
    )
    lines = [f'<table id="files"><thead><tr>{head}</tr></thead><tbody>']
    for rank, result in enumerate(ranked_files(run), start=1):
        index = index_of[id(result)]
        counts = result.counts()
        unit = units[index]
        status = (
            f' <span class="unreadable">{_text(words["unreadable"])}</span>'
            if result.status == "unreadable"
            else ""
        )
        opener = (
            f'<button type="button" class="open-filing link">{_text(words["open_file"])}</button>'
            if result.views
            else ""
        )
        lines.append(
            f"<tr{_attributes(file=result.path, department=unit, fi=index)}>"
            f'<td class="num">{rank}</td>'
            f'<td><button type="button" class="pick link" data-filter="file"'
            f' data-value="{_text(result.path)}">{_text(result.path)}</button>{status}</td>'
            f'<td><button type="button" class="pick link" data-filter="department"'
            f' data-value="{_text(unit)}">{_text(unit)}</button></td>'
            f'<td class="num n-error">{counts["error"]}</td>'
            f'<td class="num">{counts["warning"]}</td>'
            f'<td class="num">{counts["info"]}</td>'
            f'<td class="num">{result.tables}</td>'
            f"<td>{opener}</td></tr>"
        )
    lines.append("</tbody></table>")
    return "\n".join(lines)


def _bar(
    filter_key: str, value: str, label: str, counts: Counter[str], largest: int, lang: str,
    hint: str | None = None,
) -> str:
    total = sum(counts.values())
    segments = "".join(
        f'<span class="seg sev-{severity}" style="width:{100 * counts[severity] / largest:.2f}%">'
        "</span>"
        for severity in SEVERITY_ORDER
        if counts[severity]
    )
    title = f' title="{_text(hint)}"' if hint else ""
    return (
        f'<li><button type="button" class="bar pick" data-filter="{filter_key}"'
        f' data-value="{_text(value)}"{title}>'
        f'<span class="bar-label">{_text(label)}</span>'
        f'<span class="track">{segments}</span><span class="bar-n">{total}</span></button></li>'
    )


def _rule_chart(run: RunResult, lang: str) -> str:
    counts: dict[str, Counter[str]] = {}
    names: dict[str, str] = {}
    for result in run.files:
        for finding in result.findings:
            counts.setdefault(finding.rule, Counter())[finding.severity] += 1
            names[finding.rule] = finding.name
    if not counts:
        return ""
    largest = max(sum(c.values()) for c in counts.values())
    specs = all_rules()
    order = sorted(counts, key=lambda code: (-sum(counts[code].values()), code))
    bars = []
    for code in order:
        spec = specs.get(code)
        hint = spec.doc(lang).what if spec is not None else None
        label = f"{code} {rule_title(code, names[code], lang)}"
        bars.append(_bar("rule", code, label, counts[code], largest, lang, hint))
    return f'<ul class="chart" id="rule-chart">{"".join(bars)}</ul>'


def _department_chart(run: RunResult, units: list[str], lang: str) -> str:
    counts: dict[str, Counter[str]] = {}
    for result, unit in zip(run.files, units, strict=True):
        counter = counts.setdefault(unit, Counter())
        for finding in result.findings:
            counter[finding.severity] += 1
    counts = {unit: c for unit, c in counts.items() if c}
    if not counts:
        return ""
    largest = max(sum(c.values()) for c in counts.values())
    order = sorted(counts, key=lambda u: (-counts[u]["error"], -sum(counts[u].values()), u))
    bars = "".join(_bar("department", unit, unit, counts[unit], largest, lang) for unit in order)
    return f'<ul class="chart" id="department-chart">{bars}</ul>'


def _cards(run: RunResult, lang: str) -> str:
    words = WORDS[lang]
    summary = summarise(run.files)
    cards = (
        ("", words["files_n"], summary.files),
        ("", words["tables_n"], summary.tables),
        ("error", words["errors"], summary.errors),
        ("warning", words["warnings"], summary.warnings),
        ("info", words["infos"], summary.infos),
    )
    body = "".join(
        f'<div class="card{" card-" + key if key else ""}"><span class="card-n">{count}</span>'
        f'<span class="card-label">{_text(label)}</span></div>'
        for key, label, count in cards
    )
    return f'<div class="cards">{body}</div>'


def _summary_block(run: RunResult, lang: str) -> str:
    words = WORDS[lang]
    lines = [f'<p class="summary">{_text(summary_line(summarise(run.files), lang))}</p>']
    if run.interrupted:
        lines.append(f'<p class="summary unreadable">{_text(words["interrupted"])}</p>')
    lines.append(
        f'<p class="summary generated">{_text(words["generated"].format(version=__version__))}</p>'
    )
    return "\n".join(lines)


def _data(run: RunResult) -> dict[str, Any]:
    """A small machine-readable copy of the summary, for tools that scrape the page."""
    summary = summarise(run.files)
    return {
        "version": 1,
        "tool": {"name": "perfgoals", "version": __version__},
        "summary": {
            "files": summary.files,
            "tables": summary.tables,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
            "unreadable": summary.unreadable,
        },
        "files": [
            {"path": r.path, "unit_name": r.unit_name, "department": department(r),
             "status": r.status, "tables": r.tables, "counts": r.counts()}
            for r in run.files
        ],
    }


def _rules_data(run: RunResult, lang: str) -> dict[str, list[str]]:
    """Each rule that occurs: title, name, default level and its explanation."""
    specs = all_rules()
    used = sorted({f.rule for r in run.files for f in r.findings})
    data: dict[str, list[str]] = {}
    for code in used:
        spec = specs.get(code)
        if spec is None:
            continue
        doc = spec.doc(lang)
        data[code] = [spec.title(lang), spec.name, SEVERITY_WORDS[lang][spec.severity],
                      doc.what, doc.why, doc.bad, doc.good, doc.fix]
    return data


def _views_data(run: RunResult, units: list[str]) -> dict[str, Any]:
    return {
        str(index): {"path": result.path, "department": units[index], "views": result.views}
        for index, result in enumerate(run.files)
        if result.views
    }


def _options(values: Iterable[tuple[str, str]]) -> str:
    return "".join(
        f'<option value="{_text(value)}">{_text(label)}</option>' for value, label in values
    )


def render(run: RunResult, settings: Settings) -> str:
    lang = settings.lang
    words = WORDS[lang]
    units = [department(result) or words["no_department"] for result in run.files]
    rules = sorted({(f.rule, f.name) for r in run.files for f in r.findings})
    severities = sorted(
        {f.severity for r in run.files for f in r.findings},
        key=lambda s: -SEVERITY_RANK.get(s, 0),
    )
    findings = _findings_table(run, lang, units)
    if not any(r.findings for r in run.files):
        findings = f'<p class="empty">{_text(words["none"])}</p>\n{findings}'
    label_keys = (
        "overview", "severity", "rule", "file", "department", "search", "search_hint", "all",
        "clear", "findings", "files", "by_rule", "by_department", "count", "back", "close",
        "explain", "more",
    )
    values = {
        "LANG": "zh-CN" if lang == "zh" else "en",
        "TITLE": _text(words["title"]),
        "SUMMARY": _summary_block(run, lang),
        **{f"L_{key.upper()}": _text(words[key]) for key in label_keys},
        "CARDS": _cards(run, lang),
        "PAGE": str(PAGE),
        "OPT_SEVERITY": _options((s, SEVERITY_WORDS[lang][s]) for s in severities),
        "OPT_RULE": _options(
            (code, f"{code} {rule_title(code, name, lang)}") for code, name in rules
        ),
        "OPT_FILE": _options((r.path, r.path) for r in run.files),
        "OPT_DEPARTMENT": _options((unit, unit) for unit in sorted(set(units))),
        "RULE_CHART": _rule_chart(run, lang),
        "DEPARTMENT_CHART": _department_chart(run, units, lang),
        "FINDINGS": findings,
        "FILES": _files_table(run, lang, units),
        "DATA": safe_json(_data(run)),
        "RULES": safe_json(_rules_data(run, lang)),
        "VIEWS": safe_json(_views_data(run, units)),
        "WORDS": safe_json(
            {key: words[key] for key in ("fix", "plan", "goals", "row", "whole", "money_unit",
                                         "no_view", "sections", "severity", "rule")}
            | {"severity_words": SEVERITY_WORDS[lang]}
        ),
    }
    template = resources.files("perfgoals.data").joinpath("report.html").read_text("utf-8")
    # One pass over the template: inserted text is never scanned again.
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], template)
