"""One line per finding (``--format concise``), for grep and editors:

``path:line: PG201 [error] message (表 5 434-0101-JBN-A8CL)``

The line is 1 where the finding has none (.docx files, whole-filing findings).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from perfgoals.report.places import line_of, with_place
from perfgoals.settings import Settings

if TYPE_CHECKING:  # the runner's imports (readers) are not a reporter's concern
    from perfgoals.runner import RunResult


def render(run: RunResult, settings: Settings) -> str:
    lines = [
        f"{result.path}:{line_of(finding.location)}: {finding.rule} [{finding.severity}] "
        + with_place(_one_line(finding.message), finding.location, settings.lang)
        for result in run.files
        for finding in result.findings
    ]
    return "".join(f"{line}\n" for line in lines)


def _one_line(message: str) -> str:
    # A message quoting a multi-line cell must not break the one-line-per-finding contract.
    return " ".join(message.splitlines())
