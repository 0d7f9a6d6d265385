"""The full-size attacks as the user runs them: ``perfgoals check`` in a
subprocess under a 300 MB address-space limit, its peak RSS measured, its time
bounded. Slow (the bombs are made at full size: up to 900 MB inflated); run by
``.ci/run`` with ``pytest -m slow tests/hostile``.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import attacks
import pytest

MiB = 1024 * 1024
MEMORY_LIMIT = 300 * MiB

# Runs the command as a child and prints the child's peak RSS (KiB) last on stderr.
_MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "sys.stderr.write(f'\\nPEAK-RSS-KIB {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}\\n')\n"
    "sys.exit(code)\n"
)


def _limit_memory() -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, hard))


def check_limited(path: Path, timeout: float, *extra: str) -> tuple[int, dict[str, object], float, float]:
    """(exit code, the file's JSON entry, seconds, peak RSS in MB)."""
    started = time.perf_counter()
    process = subprocess.run(
        [sys.executable, "-c", _MEASURE, sys.executable, "-m", "perfgoals", "check", path.name,
         "--format", "json", "--no-cache", *extra],
        cwd=path.parent, capture_output=True, text=True, timeout=timeout,
        preexec_fn=_limit_memory,
    )
    seconds = time.perf_counter() - started
    assert "Traceback" not in process.stderr, process.stderr
    peak = int(process.stderr.rsplit("PEAK-RSS-KIB", 1)[1].split()[0]) / 1024
    (entry,) = json.loads(process.stdout)["files"]
    return process.returncode, entry, seconds, peak


CASES: list[tuple[str, str, Callable[[], bytes], str, float]] = [
    # (case, file name, maker, limit named in the PG001, seconds allowed)
    ("docx-127mb-empty-paragraphs", "empty.docx", attacks.empty_paragraphs_docx,
     "max-xml-elements", 10),
    ("xlsx-900mb-shared-strings", "shared.xlsx",
     lambda: attacks.xlsx_big_part("xl/sharedStrings.xml"), "MB", 10),
    ("xlsx-900mb-styles", "styles.xlsx", lambda: attacks.xlsx_big_part("xl/styles.xml"), "MB", 10),
    ("xlsx-120mb-shared-strings", "shared120.xlsx",
     lambda: attacks.xlsx_big_part("xl/sharedStrings.xml", 120 * MiB), "max-xml-elements", 10),
    ("xlsx-120mb-styles", "styles120.xlsx",
     lambda: attacks.xlsx_big_part("xl/styles.xml", 120 * MiB), "max-xml-elements", 10),
    ("html-4m-cells", "cells.html", attacks.html_cells, "max-xml-elements", 10),
    ("spreadsheetml-2m-cells", "cells.xml", attacks.spreadsheetml_cells, "max-xml-elements", 10),
    ("ods-120mb-content", "cells.ods", attacks.ods_cells, "max-xml-elements", 10),
    ("text-10mb-bars", "pipes.txt", attacks.pipes_line, "max-cells", 10),
    ("xlsx-100000-rows", "long.xlsx", attacks.long_xlsx, "max-table-rows", 15),
    ("text-100000-indicator-rows", "long.txt",
     lambda: attacks.long_filing_text(100_000).encode(), "max-text-lines", 20),
    ("docx-100000-rows", "long.docx", lambda: attacks.long_table_docx(100_000),
     "max-xml-elements", 15),
]


@pytest.mark.slow
@pytest.mark.parametrize(("case", "name", "make", "limit", "budget"), CASES, ids=[c[0] for c in CASES])
def test_full_size_attack_is_refused_fast_and_small(
    tmp_path: Path, case: str, name: str, make: Callable[[], bytes], limit: str, budget: float
) -> None:
    path = tmp_path / name
    path.write_bytes(make())
    code, entry, seconds, peak = check_limited(path, timeout=budget * 3)
    assert code == 1
    assert entry["status"] == "unreadable", case
    findings = entry["findings"]
    assert isinstance(findings, list)
    (finding,) = findings
    assert finding["rule"] == "PG001" and limit in finding["message"], finding["message"]
    assert seconds < budget, f"{case}: {seconds:.1f} s"
    assert peak < 300, f"{case}: {peak:.0f} MB"


@pytest.mark.slow
def test_sixteen_thousand_columns_are_read_small(tmp_path: Path) -> None:
    path = tmp_path / "wide.xlsx"
    path.write_bytes(attacks.wide_xlsx())
    code, entry, seconds, peak = check_limited(path, timeout=60)
    assert code == 1 and entry["status"] == "ok"  # read; the findings say no filing is there
    assert seconds < 10 and peak < 300


@pytest.mark.slow
def test_jobs_1000_stays_small(tmp_path: Path) -> None:
    sample = Path(__file__).resolve().parents[2] / "samples" / "dingzhou-2020.txt"
    for index in range(40):
        (tmp_path / f"f{index:02}.txt").write_bytes(sample.read_bytes())
    started = time.perf_counter()
    process = subprocess.run(
        [sys.executable, "-c", _MEASURE, sys.executable, "-m", "perfgoals", "check", ".",
         "--jobs", "1000", "--no-cache", "-q"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert process.returncode == 1 and "Traceback" not in process.stderr, process.stderr
    assert time.perf_counter() - started < 120
    # The peak of the largest process (parent or one worker): workers are few.
    peak = int(process.stderr.rsplit("PEAK-RSS-KIB", 1)[1].split()[0]) / 1024
    assert peak < 300
