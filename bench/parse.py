"""Parse speed on a large .docx (300 tables), beside baselines measured in the
same run: the floor (zipfile + lxml parse + one pass over every w:t), the walk
a user would write with python-docx (``row.cells``), and the floor plus making
the filing's records (slotted dataclasses, each made by its constructor) and
nothing else: the least any reader into these records can cost, before a
single label is matched.

    python bench/parse.py [--tables 300] [--repeat 5]
"""

from __future__ import annotations

import argparse
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
from perfgoals.read import read_bytes  # noqa: E402

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


def perfgoals_parse(data: bytes) -> int:
    filing = build_filing(read_bytes(data), "bench.docx")
    return len(filing.tables)


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


def timed(func: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


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
        tables = perfgoals_parse(data)
        print(
            f"filing: {tables} tables, {len(records)} records, {len(data) / 1024:.0f} KiB"
            f" ({args.repeat} runs, median)"
        )
        floor_seconds = timed(lambda: floor(data), args.repeat)
        construct_seconds = timed(lambda: construct_all(records), args.repeat)
        rows = [
            ("floor: zipfile + lxml + w:t pass", floor_seconds),
            ("floor + making the records", floor_seconds + construct_seconds),
            ("perfgoals read + build", timed(lambda: perfgoals_parse(data), args.repeat)),
            ("python-docx row.cells walk", timed(lambda: python_docx_walk(path), args.repeat)),
        ]
        base = rows[0][1]
        for name, seconds in rows:
            print(
                f"  {name:<34} {seconds * 1000:8.1f} ms  {seconds / tables * 1e6:8.0f} µs/table"
                f"  {seconds / base:5.2f}× floor"
            )


if __name__ == "__main__":
    main()
