"""GitHub Actions workflow commands (``--format github``): one annotation per
finding, shown on the pull request's files.

``::error file=filings/a.docx,line=1,title=PG201 funding-sum-mismatch::message``

Paths are relative to the repository root, where the runner resolves them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from perfgoals.report.places import ci_path, line_of, repository_root, with_place
from perfgoals.rules.registry import rule_title
from perfgoals.settings import Settings

if TYPE_CHECKING:  # the runner's imports (readers) are not a reporter's concern
    from perfgoals.runner import RunResult

# GitHub has no "info" annotation; "notice" is its lowest level.
COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    """Escape a command's message: ``%``, CR and LF end or corrupt the command."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value: as data, plus the ``,`` and ``:`` that separate
    properties and end the property list."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render(run: RunResult, settings: Settings) -> str:
    root = repository_root()
    lines: list[str] = []
    for result in run.files:
        path = escape_property(ci_path(result.path, root))
        for finding in result.findings:
            title = escape_property(
                f"{finding.rule} {rule_title(finding.rule, finding.name, settings.lang)}"
            )
            message = escape_data(
                with_place(finding.message, finding.location, settings.lang, with_field=True)
            )
            lines.append(
                f"::{COMMANDS[finding.severity]} file={path},line={line_of(finding.location)},"
                f"title={title}::{message}"
            )
    return "".join(f"{line}\n" for line in lines)


# GitHub shows only the first annotations of each level per step; the job
# summary (``$GITHUB_STEP_SUMMARY``) lists every file with findings.
SUMMARY_FILES = 200
_SUMMARY_WORDS = {
    "zh": {
        "title": "### perfgoals 检查结果",
        "rules": "| 规则 | 名称 | 数量 |",
        "files": "| 文件 | 错误 | 警告 | 提示 |",
        "more": "另有 {n} 个文件有问题，未列出。",
        "clean": "未发现问题。",
    },
    "en": {
        "title": "### perfgoals results",
        "rules": "| rule | name | count |",
        "files": "| file | errors | warnings | info |",
        "more": "{n} more files with findings are not listed.",
        "clean": "No findings.",
    },
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def step_summary(run: RunResult, settings: Settings) -> str:
    """Markdown for the job's summary page: the totals, the findings per rule
    and per file (repository-relative paths)."""
    from perfgoals.report.summary import summarise
    from perfgoals.report.text import summary_line

    lang = settings.lang if settings.lang in _SUMMARY_WORDS else "en"
    words = _SUMMARY_WORDS[lang]
    summary = summarise(run.files)
    lines = [words["title"], "", summary_line(summary, lang), ""]
    if not summary.findings:
        return "\n".join([*lines, words["clean"], ""]) + "\n"
    lines += [words["rules"], "|---|---|---:|"]
    lines += [f"| {code} | {name} | {count} |" for code, name, count in summary.by_rule]
    root = repository_root()
    with_findings = [result for result in run.files if result.findings]
    lines += ["", words["files"], "|---|---:|---:|---:|"]
    for result in with_findings[:SUMMARY_FILES]:
        counts = result.counts()
        lines.append(
            f"| {_cell(ci_path(result.path, root))} | {counts['error']} | {counts['warning']} "
            f"| {counts['info']} |"
        )
    if len(with_findings) > SUMMARY_FILES:
        lines += ["", words["more"].format(n=len(with_findings) - SUMMARY_FILES)]
    return "\n".join(lines) + "\n\n"
