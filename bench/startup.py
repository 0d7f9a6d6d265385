"""Wall time of whole CLI runs, interpreter start included (median of N runs):
what pre-commit pays on every commit.

    python bench/startup.py [--runs 15] [--baseline /work/ref/.venv/bin/perfgoals]

Targets (issue 23): ``check`` of the sample text export <= 0.25 s,
``--version`` <= 0.08 s, median wall on an idle machine.

Each figure is printed beside its floors from the same run: the bare
interpreter (``python -c pass``) and, with ``--baseline``, another perfgoals
executable (an earlier build) run alternately with this one, so a busy
machine slows both alike. CPU time (user + system of the child) is printed
too: unlike wall time it hardly moves when other jobs share the machine.

With ``--instructions`` (needs valgrind), the instructions each command
executes are counted instead: one run each, the same on a busy machine as on
an idle one, and in proportion to the time an idle machine takes.

The package is byte-compiled first, as ``pip install`` leaves an installed
one: where PYTHONDONTWRITEBYTECODE is set, an editable install would
otherwise recompile every module on every run (about 80 ms here), which no
user of an installed perfgoals pays. One run of each command before timing
fills the compiled-data cache, as any earlier run on the machine would.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
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

TARGETS = {"--version": 0.08, "check sample.txt (default rules)": 0.25}

COMMANDS: dict[str, list[str]] = {
    "--version": ["--version"],
    "rules": ["rules"],
    "check sample.txt (default rules)": ["check", str(SAMPLE), "--no-cache"],
    "check sample.txt --ignore PG6": ["check", str(SAMPLE), "--ignore", "PG6", "--no-cache"],
    "check sample.docx (default rules)": ["check", str(SAMPLE.with_suffix(".docx")), "--no-cache"],
}


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def instructions(command: list[str]) -> int | None:
    """Instructions executed by ``command`` (valgrind's count), None without valgrind."""
    import re
    import shutil

    if shutil.which("valgrind") is None:
        return None
    result = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         *command],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False,
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", result.stderr)
    return int(found.group(1).replace(",", "")) if found else None


def count_instructions(baseline: Path | None) -> None:
    floor = instructions([sys.executable, "-c", "pass"])
    if floor is None:
        print("valgrind is not installed")
        return
    print(f"  {'python -c pass (interpreter floor)':<40} {floor / 1e6:7.0f} M instructions")
    for name, extra in COMMANDS.items():
        ours = instructions([*PERFGOALS, *extra])
        line = f"  {'perfgoals ' + name:<40} {(ours or 0) / 1e6:7.0f} M instructions"
        if baseline is not None:
            theirs = instructions([str(baseline), *extra])
            if ours and theirs:
                line += f"  | baseline {theirs / 1e6:6.0f} M = {ours / theirs:4.2f} of it"
        print(line)


def medians(commands: list[list[str]], runs: int) -> list[tuple[float, float]]:
    """Median (wall, CPU) of each command, the commands run in turn."""
    for command in commands:
        timed(command)  # warm: compiled-data cache, file system cache
    samples: list[list[tuple[float, float]]] = [[] for _ in commands]
    for _ in range(runs):
        for index, command in enumerate(commands):
            samples[index].append(timed(command))
    return [
        (statistics.median(w for w, _ in runs_of), statistics.median(c for _, c in runs_of))
        for runs_of in samples
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--baseline", type=Path, help="another perfgoals executable to time alongside"
    )
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions (valgrind) instead"
    )
    args = parser.parse_args()
    compileall.compile_dir(ROOT / "src" / "perfgoals", quiet=1)
    if args.instructions:
        for extra in COMMANDS.values():  # fill the compiled-data cache first
            timed([*PERFGOALS, *extra])
        print(f"instructions executed by {' '.join(PERFGOALS)}")
        count_instructions(args.baseline)
        return
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"median of {args.runs} runs of {' '.join(PERFGOALS)} (load average {load})")
    (floor_wall, floor_cpu), = medians([[sys.executable, "-c", "pass"]], args.runs)
    print(f"  {'python -c pass (interpreter floor)':<40} {floor_wall * 1000:7.0f} ms wall"
          f" {floor_cpu * 1000:5.0f} ms cpu")
    for name, extra in COMMANDS.items():
        commands = [[*PERFGOALS, *extra]]
        if args.baseline is not None:
            commands.append([str(args.baseline), *extra])
        results = medians(commands, args.runs)
        wall, cpu = results[0]
        line = f"  {'perfgoals ' + name:<40} {wall * 1000:7.0f} ms wall {cpu * 1000:5.0f} ms cpu"
        if name in TARGETS:
            line += f"  (target {TARGETS[name] * 1000:.0f} ms)"
        if len(results) > 1:
            base_wall, base_cpu = results[1]
            line += (
                f"  | baseline {base_wall * 1000:5.0f} ms wall {base_cpu * 1000:5.0f} ms cpu"
                f" = {base_wall / wall:4.2f}x"
            )
        print(line)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"(load average at the end {load})")


if __name__ == "__main__":
    main()
