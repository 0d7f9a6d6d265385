"""Findings and per-file results: what rules produce and reporters print.

Plain dataclasses (not pydantic) so that a batch of thousands of files stays
cheap to build, pickle between workers and cache.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any

from perfgoals.rules.registry import SEVERITY_RANK


@dataclass(frozen=True, slots=True)
class Location:
    part: int | None = None
    table: int | None = None
    project_code: str | None = None
    project_name: str | None = None
    field: str | None = None
    indicator_row: int | None = None
    line: int | None = None
    # The cell in a binary document (.docx, workbook, and readers of tables):
    # 1-based as Word counts, the table among the document's tables in
    # document order, the row within it, the grid column. None for text
    # exports, whose place is ``line``.
    source_table: int | None = None  # 1-based, as Word numbers the tables
    source_row: int | None = None  # 1-based row within that table
    source_column: int | None = None  # 1-based grid column


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    name: str
    severity: str
    message: str
    location: Location
    fingerprint: str
    suggestion: str | None = None

    def sort_key(self) -> tuple[int, int, str, int, int, str]:
        # Part, table and rule as cli.md orders them; then reading order; the
        # fingerprint only breaks what is still tied, so the order is stable.
        loc = self.location
        return (
            loc.part if loc.part is not None else 0,
            loc.table if loc.table is not None else 0,
            self.rule,
            loc.indicator_row or 0,
            loc.line or 0,
            self.fingerprint,
        )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if data["suggestion"] is None:
            del data["suggestion"]
        return data


@dataclass(slots=True)
class FileResult:
    """The outcome for one input file."""

    path: str
    status: str  # "ok" | "unreadable"
    tables: int
    findings: list[Finding] = field(default_factory=list)
    kind: str | None = None
    unit_code: str | None = None
    unit_name: str | None = None
    source_format: str | None = None
    project_codes: list[tuple[str, int | None, int | None, str | None]] = field(
        default_factory=list
    )  # (code, part, table, name) for cross-file rules
    errors: list[str] = field(default_factory=list)
    # The tables that have findings, as the filing shows them (report/view.py).
    views: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = {"error": 0, "warning": 0, "info": 0}
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts


# Every finding of a file asks for its path: kept for the last files seen.
@lru_cache(maxsize=64)
def fingerprint_path(path: str) -> str:
    """The path as it enters fingerprints: POSIX, without the suffix.

    A filing re-exported from .docx to .txt keeps its baseline entries.
    """
    pure = PurePosixPath(path.replace("\\", "/"))
    return str(pure.with_suffix("")) if pure.suffix else str(pure)


def make_fingerprint(rule: str, path: str, location: Location, key: str | None) -> str:
    parts = [
        rule,
        fingerprint_path(path),
        str(location.part),
        str(location.table),
        location.project_code or location.project_name or "",
        location.field or "",
        str(location.indicator_row),
        key or "",
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


def at_or_above(severity: str, threshold: str) -> bool:
    return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold]


def drop_below(results: Iterable[FileResult], threshold: str | None) -> int:
    """Remove the findings below ``threshold`` (``--min-severity``); how many went."""
    if threshold is None:
        return 0
    dropped = 0
    for result in results:
        kept = [f for f in result.findings if at_or_above(f.severity, threshold)]
        dropped += len(result.findings) - len(kept)
        result.findings = kept
    return dropped
