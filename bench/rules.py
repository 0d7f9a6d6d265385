"""CPU the rules take per filing, this build beside a reference build, in one run.

    python bench/rules.py CORPUS [--before /work/ref/.venv/bin/python] [--sample 100]
                                [--repeats 5]

Each build's interpreter reads and builds the same sample of the text exports
of a corpus (bench/make_corpus.py; the rules see the same records in either
format) once, outside the clock, then times ``check_filing``
(every default rule) over the sample; the two builds take turns, each turn a
fresh process, so load on the machine falls on both alike. Printed: each
turn's mean CPU ms per filing, the medians and their ratio. The first pass of
a process starts with empty text memos, as a worker does, and is the one
timed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Run by each build's interpreter: the mean CPU ms of the rules per filing.
_MEASURE = """
import json, sys, time
from pathlib import Path
from perfgoals.builder import build_filing
from perfgoals.config import settings_from
from perfgoals.engine import check_filing
from perfgoals.errors import UnreadableFileError
from perfgoals.read import read_path

paths = [Path(p) for p in json.loads(sys.argv[1])]
filings = []
for path in paths:
    try:
        filings.append((build_filing(read_path(path), str(path)), str(path)))
    except UnreadableFileError:
        pass
settings = settings_from({})
warm = Path(sys.argv[2])  # outside the sample: loads the rules' data, not its texts
check_filing(build_filing(read_path(warm), str(warm)), settings, str(warm))
started = time.process_time()
for filing, path in filings:
    check_filing(filing, settings, path)
print(json.dumps((time.process_time() - started) / len(filings) * 1000))
"""


def _sample(corpus: Path, count: int) -> tuple[list[str], str]:
    """Every k-th filing of the corpus, and one beside them to warm up on."""
    files = sorted(p for p in corpus.rglob("*") if p.suffix == ".txt")
    step = max(2, len(files) // count)
    return [str(p) for p in files[::step][:count]], str(files[1])


def _measure(python: str, paths: list[str], warm: str) -> float:
    out = subprocess.run(
        [python, "-c", _MEASURE, json.dumps(paths), warm],
        capture_output=True, text=True, check=True,
    )
    return float(json.loads(out.stdout))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--before", default="/work/ref/.venv/bin/python")
    parser.add_argument("--after", default=sys.executable)
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    paths, warm = _sample(args.corpus, args.sample)
    turns: dict[str, list[float]] = {"before": [], "after": []}
    for _ in range(args.repeats):
        for label, python in (("before", args.before), ("after", args.after)):
            turns[label].append(_measure(python, paths, warm))
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"rules CPU ms per filing over {len(paths)} filings, load average {load}")
    for label, values in turns.items():
        shown = " ".join(f"{v:.1f}" for v in values)
        print(f"  {label:<7} median {statistics.median(values):6.2f}   ({shown})")
    ratio = statistics.median(turns["before"]) / statistics.median(turns["after"])
    print(f"  after is {ratio:.2f}x the speed of before")


if __name__ == "__main__":
    main()
