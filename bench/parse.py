"""Parse speed on a large .docx (300 tables), beside baselines measured in the
same run: the floor (zipfile + lxml parse + one pass over every w:t), the walk
a user would write with python-docx (``row.cells``), and the floor plus making
the filing's records (slotted dataclasses, each made by its constructor) and
nothing else: the least any reader into these records can cost, before a
single label is matched.

Reading alone (bytes → Grid) is timed both ways the reader can read a table:
the one filtered pass it uses, and the element walk it falls back to.
Timings are interleaved (one run of each in turn) so that load from other
processes falls on all alike. Each runs with the cyclic garbage collector
paused, as ``perfgoals`` reads and builds a filing (``pipeline.load_filing``):
otherwise a collection started by one run's garbage lands on whichever runs
next. "read + build" is ``load_filing`` itself, what ``check`` and ``parse``
pay. Target: read + build ≤ 3× the floor.

    python bench/parse.py [--tables 300] [--repeat 5]
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from lxml import etree  # noqa: E402

from perfgoals.builder import build_filing  # noqa: E402
from perfgoals.pipeline import load_filing  # noqa: E402
from perfgoals.read import read_bytes  # noqa: E402
from perfgoals.read.docx import read_docx  # noqa: E402

from gen.docx_writer import to_docx  # noqa: E402
from gen.spec import dingzhou_like  # noqa: E402

W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"


def floor(data: bytes) -> int:
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return sum(len(el.text or "") for el in root.iter(W_T))


def python_docx_walk(path: Path) -> int:
    import docx

    document = docx.Document(str(path))
    total = 0
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                total += len(cell.text)
    return total


def perfgoals_parse(path: Path) -> int:
    return len(load_filing(path, "bench.docx").tables)


def records_of(filing: object) -> list[tuple[type, dict[str, object]]]:
    """Every record in the filing, each as its class and field values."""
    found: list[tuple[type, dict[str, object]]] = []

    def visit(value: object) -> None:
        if is_dataclass(value) and not isinstance(value, type):
            values = {f.name: getattr(value, f.name) for f in fields(value)}
            for item in values.values():
                visit(item)
            found.append((type(value), values))
        elif isinstance(value, list):
            for item in value:
                visit(item)
        elif isinstance(value, dict):
            for item in value.values():
                visit(item)

    visit(filing)
    return found


def construct_all(records: list[tuple[type, dict[str, object]]]) -> int:
    return len([cls(**values) for cls, values in records])


def timed_together(
    funcs: list[Callable[[], object]], repeat: int
) -> list[tuple[float, float]]:
    """Median wall and CPU seconds of each function, run in turn ``repeat`` times.
    CPU time is the steadier figure on a machine others are using."""
    runs: list[list[tuple[float, float]]] = [[] for _ in funcs]
    for _ in range(repeat):
        for func, times in zip(funcs, runs, strict=True):
            gc.collect()
            gc.disable()
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                func()
            finally:
                times.append((time.perf_counter() - wall, time.process_time() - cpu))
                gc.enable()
    return [
        (statistics.median(t[0] for t in times), statistics.median(t[1] for t in times))
        for times in runs
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tables", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.docx"
        to_docx(dingzhou_like(args.tables, seed=7), path)
        data = path.read_bytes()
        records = records_of(build_filing(read_bytes(data), "bench.docx"))
        tables = perfgoals_parse(path)
        print(
            f"filing: {tables} tables, {len(records)} records, {len(data) / 1024:.0f} KiB"
            f" ({args.repeat} runs, median)"
        )
        floor_seconds, construct_seconds, read_seconds, walk_seconds, parse_seconds, docx_seconds = (
            timed_together(
                [
                    lambda: floor(data),
                    lambda: construct_all(records),
                    lambda: read_docx(data),
                    lambda: read_docx(data, one_pass=False),
                    lambda: perfgoals_parse(path),
                    lambda: python_docx_walk(path),
                ],
                args.repeat,
            )
        )
        floor_and_construct = (
            floor_seconds[0] + construct_seconds[0], floor_seconds[1] + construct_seconds[1]
        )
        rows = [
            ("floor: zipfile + lxml + w:t pass", floor_seconds),
            ("floor + making the records", floor_and_construct),
            ("perfgoals read (one pass)", read_seconds),
            ("perfgoals read (element walk)", walk_seconds),
            ("perfgoals read + build", parse_seconds),
            ("python-docx row.cells walk", docx_seconds),
        ]
        base_wall, base_cpu = rows[0][1]
        print(f"  {'':<34} {'wall':>11}  {'per table':>14}  {'wall/floor':>10}  {'CPU/floor':>9}")
        for name, (wall, cpu) in rows:
            print(
                f"  {name:<34} {wall * 1000:8.1f} ms  {wall / tables * 1e6:8.0f} µs/table"
                f"  {wall / base_wall:9.2f}×  {cpu / base_cpu:8.2f}×"
            )
        print(f"  (load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; target: read + build ≤ 3× floor)")


if __name__ == "__main__":
    main()
