"""The reviewer's web page (``--format html --output FILE``).

One self-contained file that works offline: inline CSS and script, no fonts,
images or scripts from anywhere (a Content-Security-Policy forbids every
fetch). It holds the findings table, a summary per file, filters by
severity, rule, file and department, a search box, and sortable columns.

Filing text is untrusted: every string from a filing is escaped with
``html.escape`` where it enters the page, the script only moves rows and
reads ``textContent``, and the JSON embedded for tools has ``<``, ``>`` and
``&`` escaped as ``\\u003c`` … so nothing in it can close its script element.
The template is a data file (``perfgoals/data/report.html``), filled in one
pass, so a filing's text that looks like a placeholder stays text.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import Any

from perfgoals import __version__
from perfgoals.report.csv import (
    FILE_COLUMNS,
    FINDING_COLUMNS,
    Cell,
    file_rows,
    finding_rows,
    headers,
)
from perfgoals.report.summary import summarise
from perfgoals.report.text import summary_line
from perfgoals.rules.registry import SEVERITY_RANK, SEVERITY_WORDS
from perfgoals.runner import RunResult
from perfgoals.settings import Settings

WORDS = {
    "zh": {
        "title": "绩效目标表检查报告",
        "severity": "级别",
        "rule": "规则",
        "file": "文件",
        "department": "部门",
        "search": "搜索",
        "search_hint": "项目、编码、说明……",
        "all": "全部",
        "findings": "问题清单",
        "files": "文件汇总",
        "count": "显示 {shown} / {total} 条问题",
        "none": "未发现问题。",
        "generated": "由 perfgoals {version} 生成",
        "interrupted": "检查被中断：本报告只包含已完成的文件。",
    },
    "en": {
        "title": "Performance-goal filing check report",
        "severity": "Severity",
        "rule": "Rule",
        "file": "File",
        "department": "Department",
        "search": "Search",
        "search_hint": "project, code, message…",
        "all": "all",
        "findings": "Findings",
        "files": "Files",
        "count": "{shown} of {total} findings shown",
        "none": "No findings.",
        "generated": "Made by perfgoals {version}",
        "interrupted": "Interrupted: this report holds only the files checked so far.",
    },
}
_NUMBER_COLUMNS = frozenset(
    {"part", "table", "indicator_row", "line", "tables", "errors", "warnings", "infos",
     "findings"}
)
_NAME_COLUMNS = frozenset({"department", "project_name", "field"})
_PLACEHOLDER = re.compile(r"@([A-Z_]+)@")


def _text(value: Cell) -> str:
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


def _head(columns: Sequence[tuple[str, str, str]], lang: str) -> str:
    cells = "".join(
        f'<th scope="col" data-type="{"number" if key in _NUMBER_COLUMNS else "text"}">'
        f"{_text(title)}</th>"
        for (key, _, _), title in zip(columns, headers(tuple(columns), lang), strict=True)
    )
    return f"<thead><tr>{cells}</tr></thead>"


def _cell(key: str, value: Cell, severity: str | None = None) -> str:
    if key == "severity" and severity is not None:
        # Sorting by severity means by rank, not by the word.
        rank = 2 - SEVERITY_RANK[severity] if severity in SEVERITY_RANK else 9
        return (
            f'<td data-sort="{rank}"><span class="sev sev-{_text(severity)}">'
            f"{_text(value)}</span></td>"
        )
    if key in _NUMBER_COLUMNS:
        return f'<td class="num">{_text(value)}</td>'
    if key in ("message", "suggestion"):
        return f'<td class="msg">{_text(value)}</td>'
    if key in _NAME_COLUMNS:
        return f'<td class="name">{_text(value)}</td>'
    return f'<td class="nowrap">{_text(value)}</td>'



def _attributes(**values: str | None) -> str:
    return "".join(f' data-{key}="{_text(value or "")}"' for key, value in values.items())


def _findings_table(run: RunResult, lang: str) -> str:
    keys = [key for key, _, _ in FINDING_COLUMNS]
    lines = [f'<table id="findings">{_head(FINDING_COLUMNS, lang)}<tbody>']
    for row in finding_rows(run):
        finding = row.finding
        attributes = _attributes(
            severity=finding.severity,
            rule=finding.rule,
            file=row.result.path,
            department=row.result.unit_name,
        )
        cells = "".join(
            _cell(key, value, finding.severity if key == "severity" else None)
            for key, value in zip(keys, row.cells(lang), strict=True)
        )
        lines.append(f"<tr{attributes}>{cells}</tr>")
    lines.append("</tbody></table>")
    return "\n".join(lines)


def _files_table(run: RunResult, lang: str) -> str:
    keys = [key for key, _, _ in FILE_COLUMNS]
    lines = [f'<table id="files">{_head(FILE_COLUMNS, lang)}<tbody>']
    for result, cells in zip(run.files, file_rows(run, lang), strict=True):
        attributes = _attributes(file=result.path, department=result.unit_name)
        css = ' class="unreadable"' if result.status == "unreadable" else ""
        body = "".join(_cell(key, value) for key, value in zip(keys, cells, strict=True))
        lines.append(f"<tr{attributes}{css}>{body}</tr>")
    lines.append("</tbody></table>")
    return "\n".join(lines)


def _options(values: Iterable[tuple[str, str]]) -> str:
    return "".join(
        f'<option value="{_text(value)}">{_text(label)}</option>' for value, label in values
    )


def _summary_block(run: RunResult, lang: str) -> str:
    words = WORDS[lang]
    lines = [f'<p class="summary">{_text(summary_line(summarise(run.files), lang))}</p>']
    if run.interrupted:
        lines.append(f'<p class="summary unreadable">{_text(words["interrupted"])}</p>')
    lines.append(
        f'<p class="summary">{_text(words["generated"].format(version=__version__))}</p>'
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
            {"path": r.path, "unit_name": r.unit_name, "status": r.status, "tables": r.tables,
             "counts": r.counts()}
            for r in run.files
        ],
    }


def render(run: RunResult, settings: Settings) -> str:
    lang = settings.lang
    words = WORDS[lang]
    rules = sorted({(f.rule, f.name) for r in run.files for f in r.findings})
    severities = sorted(
        {f.severity for r in run.files for f in r.findings},
        key=lambda s: -SEVERITY_RANK.get(s, 0),
    )
    departments = sorted({r.unit_name for r in run.files if r.unit_name})
    findings = _findings_table(run, lang)
    if not any(r.findings for r in run.files):
        findings = f'<p class="empty">{_text(words["none"])}</p>\n{findings}'
    values = {
        "LANG": "zh-CN" if lang == "zh" else "en",
        "TITLE": _text(words["title"]),
        "SUMMARY": _summary_block(run, lang),
        "L_SEVERITY": _text(words["severity"]),
        "L_RULE": _text(words["rule"]),
        "L_FILE": _text(words["file"]),
        "L_DEPARTMENT": _text(words["department"]),
        "L_SEARCH": _text(words["search"]),
        "L_SEARCH_HINT": _text(words["search_hint"]),
        "L_ALL": _text(words["all"]),
        "L_FINDINGS": _text(words["findings"]),
        "L_FILES": _text(words["files"]),
        "L_COUNT": _text(words["count"]),
        "OPT_SEVERITY": _options((s, SEVERITY_WORDS[lang][s]) for s in severities),
        "OPT_RULE": _options((code, f"{code} {name}") for code, name in rules),
        "OPT_FILE": _options((r.path, r.path) for r in run.files),
        "OPT_DEPARTMENT": _options((d, d) for d in departments),
        "FINDINGS": findings,
        "FILES": _files_table(run, lang),
        "DATA": safe_json(_data(run)),
    }
    template = resources.files("perfgoals.data").joinpath("report.html").read_text("utf-8")
    # One pass over the template: inserted text is never scanned again.
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], template)
