"""Wall time of whole CLI runs, interpreter start included (median of N runs):
what pre-commit pays on every commit.

    python bench/startup.py [--runs 15]

The package is byte-compiled first, as ``pip install`` leaves an installed
one: where PYTHONDONTWRITEBYTECODE is set, an editable install would
otherwise recompile every module on every run (about 80 ms here), which no
user of an installed perfgoals pays.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "dingzhou-2020.txt"

# The installed console script, as users and pre-commit run it; without an
# install, ``python -m perfgoals`` (a few ms more for runpy).
_SCRIPT = Path(sys.executable).parent / "perfgoals"
PERFGOALS = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "perfgoals"]

COMMANDS = {
    "python -c pass (interpreter floor)": [sys.executable, "-c", "pass"],
    "perfgoals --version": [*PERFGOALS, "--version"],
    "perfgoals rules": [*PERFGOALS, "rules"],
    "perfgoals check sample.txt (default rules)": [*PERFGOALS, "check", str(SAMPLE), "--no-cache"],
    "perfgoals check sample.txt --ignore PG6": [
        *PERFGOALS, "check", str(SAMPLE), "--ignore", "PG6", "--no-cache",
    ],
    "perfgoals check sample.docx (default rules)": [
        *PERFGOALS, "check", str(SAMPLE.with_suffix(".docx")), "--no-cache",
    ],
}


def median_wall(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    compileall.compile_dir(ROOT / "src" / "perfgoals", quiet=1)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"median wall time of {args.runs} runs of {' '.join(PERFGOALS)} (load average {load})")
    for name, command in COMMANDS.items():
        print(f"  {name:<46} {median_wall(command, args.runs) * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
