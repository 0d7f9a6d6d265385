"""Baselines: record today's findings, report only new ones from then on.

Entries are keyed by the finding's structural fingerprint (rule, path without
suffix, part/table, project, field, indicator row), never by line number, so
re-exporting a .docx to text or re-saving it keeps them. The file is JSON::

    {"version": 1, "entries": [{"fingerprint": "…", "rule": "PG201",
                                "path": "filings/a.docx", "message": "…"}]}

``rule``, ``path`` and ``message`` are for people reading the file; only the
fingerprint is matched. The same fingerprint may be recorded several times
(the same defect twice in one place): each entry hides one finding.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perfgoals.errors import UsageError
from perfgoals.findings import Finding

if TYPE_CHECKING:
    from perfgoals.options import CheckOptions
    from perfgoals.runner import RunResult

BASELINE_VERSION = 1


def baseline_document(findings: Iterable[tuple[str, Finding]]) -> dict[str, Any]:
    """The baseline of ``(path, finding)`` pairs, sorted so that re-recording an
    unchanged repository gives an identical file (clean diffs in review)."""
    entries = [
        {
            "fingerprint": finding.fingerprint,
            "rule": finding.rule,
            "path": path,
            "message": finding.message,
        }
        for path, finding in findings
    ]
    entries.sort(key=lambda e: (e["path"], e["rule"], e["fingerprint"], e["message"]))
    return {"version": BASELINE_VERSION, "entries": entries}


def write_baseline(path: Path, findings: Iterable[tuple[str, Finding]]) -> None:
    from perfgoals.report.output import write_atomic

    text = json.dumps(baseline_document(findings), ensure_ascii=False, indent=2) + "\n"
    try:
        write_atomic(path, text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot write baseline: {exc.strerror or exc}") from exc


# A baseline of every finding of 10,000 filings (some 300,000 entries) is
# about 60 MB; each entry holds four keys, so eight separators.
MAX_BASELINE_BYTES = 128 * 1024 * 1024
MAX_BASELINE_VALUES = 8_000_000


def read_baseline(path: Path) -> Counter[str]:
    """The recorded fingerprints with their counts; UsageError for a missing,
    malformed or oversized file, or one that is not a regular file (a FIFO
    would block, /dev/zero never end): a typo in CI must not silently report
    everything, nor hang. Called before the batch starts."""
    import os
    import stat

    try:
        # O_NONBLOCK: opening a FIFO does not wait for a writer.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise UsageError(f"baseline file not found: {path}") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read baseline: {exc.strerror or exc}") from exc
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode):
        os.close(descriptor)
        raise UsageError(f"{path}: invalid baseline: not a regular file")
    with os.fdopen(descriptor, "rb") as stream:
        if info.st_size > MAX_BASELINE_BYTES:
            raise UsageError(
                f"{path}: invalid baseline: {info.st_size // (1024 * 1024)} MB, more than "
                f"{MAX_BASELINE_BYTES // (1024 * 1024)} MB"
            )
        try:
            raw = stream.read(MAX_BASELINE_BYTES + 1)
        except OSError as exc:
            raise UsageError(f"{path}: cannot read baseline: {exc.strerror or exc}") from exc
    if len(raw) > MAX_BASELINE_BYTES:
        raise UsageError(f"{path}: invalid baseline: grew past the size limit while read")
    if raw.count(b",") + raw.count(b":") > MAX_BASELINE_VALUES:
        raise UsageError(f"{path}: invalid baseline: more than {MAX_BASELINE_VALUES:,} values")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{path}: invalid baseline: not JSON ({str(exc)[:200]})") from exc
    except RecursionError:  # the parser recurses once per level of nesting
        raise UsageError(f"{path}: invalid baseline: nested too deeply") from None
    if not isinstance(data, dict):
        raise UsageError(f"{path}: invalid baseline: expected a JSON object")
    if data.get("version") != BASELINE_VERSION:
        raise UsageError(
            f"{path}: invalid baseline: key 'version' must be {BASELINE_VERSION}, "
            f"not {str(data.get('version'))[:40]!r}"
        )
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise UsageError(f"{path}: invalid baseline: key 'entries' must be a list")
    counts: Counter[str] = Counter()
    for number, entry in enumerate(entries):
        fingerprint = entry.get("fingerprint") if isinstance(entry, dict) else None
        if not isinstance(fingerprint, str) or not fingerprint:
            raise UsageError(
                f"{path}: invalid baseline: entries[{number}] has no 'fingerprint' string"
            )
        counts[fingerprint] += 1
    return counts


def apply_baseline(run_result: RunResult, recorded: Counter[str]) -> None:
    """Drop findings recorded in the baseline, one per entry; count the hidden
    ones and the entries that matched nothing (stale)."""
    remaining = Counter(recorded)
    hidden = 0
    for result in run_result.files:
        kept: list[Finding] = []
        for finding in result.findings:
            if remaining[finding.fingerprint] > 0:
                remaining[finding.fingerprint] -= 1
                hidden += 1
            else:
                kept.append(finding)
        result.findings = kept
    run_result.baselined += hidden
    run_result.stale_baseline = sum(remaining.values())


def apply_baseline_options(
    run_result: RunResult, options: CheckOptions, recorded: Counter[str] | None = None
) -> None:
    """Hide findings recorded in ``--baseline``; record ``--write-baseline``.

    The baseline is read before the batch starts (``recorded``; read here if
    not given), so one file may be given to both to refresh it.
    ``--write-baseline`` records every current finding (whatever an older
    baseline hid) and then treats them as known: the run that adopts perfgoals
    on old filings passes. An interrupted run writes no baseline: it would
    forget the findings of the files it did not reach.
    """
    current = [(result.path, finding) for result in run_result.files for finding in result.findings]
    if options.baseline is not None:
        apply_baseline(run_result, recorded if recorded is not None else read_baseline(options.baseline))
    if options.write_baseline is not None:
        if run_result.interrupted:
            import sys

            sys.stderr.write(
                f"perfgoals: the run was interrupted; {options.write_baseline} was not written\n"
            )
            return
        write_baseline(options.write_baseline, current)
        for result in run_result.files:
            result.findings = []
        run_result.baselined = len(current)
        run_result.stale_baseline = 0  # the new file records exactly what occurs
