"""Parse speed on a large .docx (300 tables), beside two baselines measured in
the same run: the floor (zipfile + lxml parse + one pass over every w:t) and
the walk a user would write with python-docx (``row.cells``).

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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from lxml import etree  # noqa: E402

from perfgoals.build import build_filing  # noqa: E402
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
        tables = perfgoals_parse(data)
        print(f"filing: {tables} tables, {len(data) / 1024:.0f} KiB ({args.repeat} runs, median)")
        rows = [
            ("floor: zipfile + lxml + w:t pass", timed(lambda: floor(data), args.repeat)),
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
