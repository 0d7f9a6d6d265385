"""Counts over a run's results, shared by the reporters."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from perfgoals.findings import FileResult, at_or_above


@dataclass(frozen=True)
class Summary:
    files: int
    tables: int
    errors: int
    warnings: int
    infos: int
    unreadable: int
    by_rule: tuple[tuple[str, str, int], ...]  # (code, name, count), most frequent first

    @property
    def findings(self) -> int:
        return self.errors + self.warnings + self.infos


def summarise(results: list[FileResult]) -> Summary:
    severities: Counter[str] = Counter()
    rules: Counter[tuple[str, str]] = Counter()
    for result in results:
        for finding in result.findings:
            severities[finding.severity] += 1
            rules[(finding.rule, finding.name)] += 1
    return Summary(
        files=len(results),
        tables=sum(r.tables for r in results),
        errors=severities["error"],
        warnings=severities["warning"],
        infos=severities["info"],
        unreadable=sum(1 for r in results if r.status == "unreadable"),
        by_rule=tuple(
            (code, name, count)
            for (code, name), count in sorted(rules.items(), key=lambda kv: (-kv[1], kv[0]))
        ),
    )


def hide_below(results: list[FileResult], min_severity: str) -> int:
    """Drop findings below ``min_severity`` from the results (``--min-severity``);
    returns how many were hidden."""
    hidden = 0
    for result in results:
        kept = [f for f in result.findings if at_or_above(f.severity, min_severity)]
        hidden += len(result.findings) - len(kept)
        result.findings = kept
    return hidden
