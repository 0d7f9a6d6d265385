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
