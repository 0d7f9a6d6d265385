"""Batch throughput, cache speed-up and memory of ``perfgoals check`` over a
generated corpus (bench/make_corpus.py).

    python bench/batch.py [-n 1000] [--scale 4000] [--jobs 1,2] [--work DIR]

For N filings it runs, each as a fresh ``perfgoals check FOLDER --format json
-o FILE`` process: a cold run (empty cache) per ``--jobs`` value, then a warm
rerun of the last one. It prints wall time, filings/s, the CPU time of the
parent and of the workers, and the peak resident memory of the whole process
tree (parent + workers, RSS and PSS summed, polled from /proc every 10 ms)
beside the largest single process (getrusage). ``--scale M`` adds a cold run over M
filings, to show memory does not grow with the batch.

Targets on a 2-core machine: ``--jobs 2`` at least 1.7x ``--jobs 1``, at
least 100 filings/s cold with ``--jobs 2``, a warm rerun at least 10x faster
than cold, peak memory under 400 MB and flat from N to M.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from make_corpus import Shape, make_corpus  # noqa: E402

_POLL_SECONDS = 0.01


@dataclass(frozen=True)
class Measure:
    label: str
    files: int
    wall: float
    cpu: float  # user + system, parent and workers
    tree_rss_mb: float  # peak of the sum over the process tree
    tree_pss_mb: float  # the same in proportional set size
    largest_rss_mb: float  # peak of the largest single process
    exit_code: int

    @property
    def rate(self) -> float:
        return self.files / self.wall


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as stream:
                found.extend(int(child) for child in stream.read().split())
    except OSError:
        pass
    return found


def _field_kb(path: str, name: str) -> int:
    try:
        with open(path, encoding="ascii") as stream:
            for line in stream:
                if line.startswith(name):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree_kb(pid: int) -> tuple[int, int]:
    """RSS and PSS summed over ``pid`` and its descendants. RSS counts the
    pages forked workers share with the parent once per process; PSS splits
    them, so its sum is what the tree really holds."""
    rss, pss, stack = 0, 0, [pid]
    while stack:
        current = stack.pop()
        rss += _field_kb(f"/proc/{current}/status", "VmRSS:")
        pss += _field_kb(f"/proc/{current}/smaps_rollup", "Pss:")
        stack.extend(_children(current))
    return rss, pss


# Runs perfgoals as its child and reports the children's rusage: the CPU of
# perfgoals and its (waited-for) workers, and the largest one's peak RSS,
# for this run alone.
_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(usage.ru_utime + usage.ru_stime, usage.ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def run_check(label: str, corpus: Path, files: int, jobs: int, cache: Path, out: Path) -> Measure:
    """One ``perfgoals check`` process, timed and watched from outside."""
    command = [
        sys.executable, "-c", _WRAPPER,
        sys.executable, "-m", "perfgoals", "check", str(corpus), "--jobs", str(jobs),
        "--format", "json", "--output", str(out), "--progress", "never",
        "--cache-dir", str(cache),
    ]
    started = time.perf_counter()
    wrapper = subprocess.Popen(command, stderr=subprocess.PIPE)
    peak_rss = peak_pss = 0
    while wrapper.poll() is None:
        for child in _children(wrapper.pid):
            rss, pss = _tree_kb(child)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(_POLL_SECONDS)
    wall = time.perf_counter() - started
    assert wrapper.stderr is not None
    stderr = wrapper.stderr.read().decode("utf-8", "replace").strip().splitlines()
    if wrapper.returncode not in (0, 1):
        raise SystemExit(f"{label}: perfgoals exited {wrapper.returncode}\n" + "\n".join(stderr))
    cpu, largest = stderr[-1].split()
    return Measure(
        label=label,
        files=files,
        wall=wall,
        cpu=float(cpu),
        tree_rss_mb=peak_rss / 1024,
        tree_pss_mb=peak_pss / 1024,
        largest_rss_mb=int(largest) / 1024,
        exit_code=wrapper.returncode,
    )


def _corpus(work: Path, count: int, seed: int) -> Path:
    folder = work / f"corpus-{count}-{seed}"
    manifest = folder / "manifest.json"
    if manifest.exists() and json.loads(manifest.read_text("utf-8")).get("count") == count:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    make_corpus(folder, count, Shape(seed=seed), jobs=os.cpu_count() or 1)
    print(f"generated {count} filings in {time.perf_counter() - started:.1f} s -> {folder}")
    return folder


def _row(m: Measure) -> str:
    return (
        f"{m.label:<22} {m.files:>6} {m.wall:>8.2f} {m.rate:>9.1f} {m.cpu:>8.2f}"
        f" {m.tree_rss_mb:>8.0f} {m.tree_pss_mb:>8.0f} {m.largest_rss_mb:>8.0f}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--count", type=int, default=1000)
    parser.add_argument("--scale", type=int, default=0, help="also a cold run over this many")
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=None, help="keep corpora here")
    args = parser.parse_args(argv)
    jobs_list = [int(j) for j in args.jobs.split(",")]
    work = args.work or Path(tempfile.mkdtemp(prefix="perfgoals-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = _corpus(work, args.count, args.seed)

    measures: list[Measure] = []
    reports: list[bytes] = []
    for jobs in jobs_list:
        cache = work / f"cache-{jobs}"
        shutil.rmtree(cache, ignore_errors=True)
        out = work / f"report-{jobs}.json"
        measures.append(run_check(f"cold --jobs {jobs}", corpus, args.count, jobs, cache, out))
        reports.append(out.read_bytes())
    last = jobs_list[-1]
    warm_out = work / "report-warm.json"
    measures.append(
        run_check(f"warm --jobs {last}", corpus, args.count, last, work / f"cache-{last}",
                  warm_out)
    )
    reports.append(warm_out.read_bytes())
    if args.scale:
        big = _corpus(work, args.scale, args.seed)
        cache = work / "cache-scale"
        shutil.rmtree(cache, ignore_errors=True)
        measures.append(
            run_check(f"cold --jobs {last}", big, args.scale, last, cache, work / "report-big.json")
        )

    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"\n{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load average {load}"
          " (other work on the machine slows every figure)")
    print(f"{'run':<22} {'files':>6} {'wall s':>8} {'files/s':>9} {'cpu s':>8}"
          f" {'RSS MB':>8} {'PSS MB':>8} {'max1 MB':>8}")
    for measure in measures:
        print(_row(measure))
    cold = {m.label: m for m in measures[: len(jobs_list)]}
    warm = measures[len(jobs_list)]
    if len(jobs_list) >= 2:
        first, second = cold[f"cold --jobs {jobs_list[0]}"], cold[f"cold --jobs {last}"]
        print(f"speed-up --jobs {last} over --jobs {jobs_list[0]}: {first.wall / second.wall:.2f}x")
    print(f"warm rerun: {cold[f'cold --jobs {last}'].wall / warm.wall:.1f}x faster than cold")
    print("reports identical across runs:", all(r == reports[0] for r in reports))


if __name__ == "__main__":
    main()
