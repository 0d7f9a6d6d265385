"""Baselines: record today's findings, report only new ones from then on.

Entries are keyed by the finding's structural fingerprint (rule, path without
suffix, part/table, project, field, indicator row), never by line number.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from perfgoals.commands.check import CheckOptions
    from perfgoals.runner import RunResult


def apply_baseline_options(run_result: RunResult, options: CheckOptions) -> None:
    """Hide findings recorded in ``--baseline``; write ``--write-baseline``."""
    from perfgoals.errors import UsageError

    raise UsageError("--baseline / --write-baseline are not available in this version")
