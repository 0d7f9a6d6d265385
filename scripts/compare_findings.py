"""Compare the findings of two perfgoals builds on the same inputs.

    python scripts/compare_findings.py --before /work/ref/.venv/bin/perfgoals \
        --after .venv/bin/perfgoals [-n 1000] [--seed 1] [--corpus DIR] [--jobs 2]

Both executables run ``check --format json --no-cache`` over the sample, the
test fixture folders and a generated corpus (bench/make_corpus.py, N filings),
and ``parse --format json`` over the sample and the real fixtures. Every file's
JSON entry (status, tables, findings in report order), every parse output and
every exit code must be equal; each difference is printed per file, and the
exit code is 1 when there is any.

The run is deterministic: inputs are listed in a fixed order, both builds run
from the same working folder on the same relative paths, caches are off, and
the report's ``tool`` block (the build's version) is left out of the
comparison. Any absolute path of a checked folder inside a message becomes
``<root>`` so that two copies of a corpus compare equal.

The corpus is a pure function of (N, seed), so it is written once to
``--corpus`` (default: a folder under the system temp folder named after N and
seed) and reused by later runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# Folders checked as a whole, relative to the repository root; a missing one is
# skipped (a fixture folder may move), never an error.
CHECK_FOLDERS = (
    "samples",
    "tests/fixtures/real",
    "tests/formats/fixtures",
    "tests/formats/real",
    "tests/layouts/fixtures",
)
# Folders whose filings are also parsed one by one.
PARSE_FOLDERS = ("samples", "tests/fixtures/real", "tests/formats/real")
# What ``parse`` reads; notes (.md) and truth files (.json) beside the filings are not inputs.
PARSE_SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".gz", ".xlsx", ".xls", ".ods", ".mht")
RUN_TIMEOUT = 1800


@dataclass(frozen=True)
class Run:
    """One command's outcome: exit code and standard output."""

    code: int
    stdout: str


@dataclass(frozen=True)
class Difference:
    """One input that the two builds treat differently."""

    where: str
    detail: str

    def __str__(self) -> str:
        return f"{self.where}: {self.detail}"


def _replace_strings(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, list):
        return [_replace_strings(item, old, new) for item in value]
    if isinstance(value, dict):
        return {key: _replace_strings(item, old, new) for key, item in value.items()}
    return value


def normalise_check(report: Mapping[str, Any], root: str | None = None) -> dict[str, Any]:
    """A check report as ``{file path: entry}`` in report order, plus the
    summary under ``"(summary)"``; the ``tool`` block is dropped and ``root``
    (an absolute folder) is written ``<root>`` wherever it appears."""
    files: dict[str, Any] = {}
    for entry in report.get("files", []):
        files[str(entry.get("path"))] = entry
    files["(summary)"] = report.get("summary")
    extra = {k: v for k, v in report.items() if k not in ("files", "summary", "tool")}
    if extra:
        files["(report)"] = extra
    return _replace_strings(files, root, "<root>") if root else files


def _finding_key(finding: Mapping[str, Any]) -> str:
    return json.dumps(finding, ensure_ascii=False, sort_keys=True)


def _finding_line(finding: Mapping[str, Any]) -> str:
    location = finding.get("location") or {}
    place = ",".join(
        f"{key}={value}" for key, value in sorted(location.items()) if value is not None
    )
    return f"{finding.get('rule')} [{place}] {finding.get('message')}"


def _entry_difference(before: Any, after: Any) -> str:
    """What differs between two entries of one file, in a few lines."""
    if not (isinstance(before, dict) and isinstance(after, dict)):
        return f"before {json.dumps(before, ensure_ascii=False)[:300]}, after {json.dumps(after, ensure_ascii=False)[:300]}"
    lines: list[str] = []
    for key in sorted(set(before) | set(after)):
        if key == "findings" or before.get(key) == after.get(key):
            continue
        lines.append(f"{key}: {before.get(key)!r} -> {after.get(key)!r}")
    old = list(before.get("findings") or [])
    new = list(after.get("findings") or [])
    if old != new:
        old_keys = {_finding_key(f) for f in old}
        new_keys = {_finding_key(f) for f in new}
        gone = [f for f in old if _finding_key(f) not in new_keys]
        added = [f for f in new if _finding_key(f) not in old_keys]
        if not gone and not added:
            lines.append(f"same {len(old)} findings in a different order or count")
        lines.extend(f"- {_finding_line(f)}" for f in gone)
        lines.extend(f"+ {_finding_line(f)}" for f in added)
    return "\n    ".join(lines) if lines else "differs"


def compare_entries(
    before: Mapping[str, Any], after: Mapping[str, Any], label: str = ""
) -> list[Difference]:
    """Per-key differences of two ``{name: entry}`` maps, in the before map's
    order, then names only the after map has."""
    differences: list[Difference] = []
    prefix = f"{label} " if label else ""
    for name, entry in before.items():
        if name not in after:
            differences.append(Difference(prefix + name, "missing after"))
        elif entry != after[name]:
            differences.append(Difference(prefix + name, _entry_difference(entry, after[name])))
    differences.extend(
        Difference(prefix + name, "only after") for name in after if name not in before
    )
    old_order = [name for name in before if name in after]
    new_order = [name for name in after if name in before]
    if old_order != new_order:
        moved = next(old for old, new in zip(old_order, new_order, strict=True) if old != new)
        differences.append(Difference(prefix + moved, "reported in another order"))
    return differences


def compare_runs(before: Run, after: Run, where: str) -> list[Difference]:
    """Two runs of one command: exit codes and JSON output (or text when the
    output is not JSON, as for a file the command refuses)."""
    differences: list[Difference] = []
    if before.code != after.code:
        differences.append(Difference(where, f"exit code {before.code} -> {after.code}"))
    try:
        old: Any = json.loads(before.stdout)
        new: Any = json.loads(after.stdout)
    except json.JSONDecodeError:
        old, new = before.stdout, after.stdout
    if old != new:
        differences.append(Difference(where, "output differs: " + _entry_difference(old, new)))
    return differences


def _run(exe: str, args: Sequence[str], cwd: Path) -> Run:
    env = dict(os.environ, NO_COLOR="1", LC_ALL="C.UTF-8")
    result = subprocess.run(
        [exe, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    if result.returncode not in (0, 1, 2, 3):
        print(
            f"{exe} {' '.join(args)}: exit {result.returncode}\n{result.stderr[-2000:]}",
            file=sys.stderr,
        )
    return Run(result.returncode, result.stdout)


def _check(exe: str, target: str, cwd: Path, jobs: int) -> Run:
    return _run(
        exe,
        [
            "check",
            "--format",
            "json",
            "--no-cache",
            "--allow-empty",
            "--jobs",
            str(jobs),
            "--progress",
            "never",
            "--color",
            "never",
            target,
        ],
        cwd,
    )


def compare_check(
    before: str, after: str, target: str, cwd: Path, jobs: int
) -> tuple[int, list[Difference]]:
    """How many files the reference build reported for one folder, and the
    differences of the two builds' ``check`` of it (run one after the other,
    so each has the cores it asks for)."""
    old, new = _check(before, target, cwd, jobs), _check(after, target, cwd, jobs)
    where = f"check {target}" if target != "." else f"check {cwd}"
    differences = (
        [] if old.code == new.code else [Difference(where, f"exit code {old.code} -> {new.code}")]
    )
    try:
        old_report, new_report = json.loads(old.stdout), json.loads(new.stdout)
    except json.JSONDecodeError:
        return 0, differences + compare_runs(old, new, where)
    root = str(cwd.resolve())
    return len(old_report.get("files", [])), differences + compare_entries(
        normalise_check(old_report, root), normalise_check(new_report, root), where
    )


def parse_inputs(folders: Iterable[str]) -> list[str]:
    """The filings ``parse`` reads in the given folders, sorted by path."""
    paths: list[str] = []
    for folder in folders:
        if not (ROOT / folder).is_dir():
            continue
        paths.extend(
            path.relative_to(ROOT).as_posix()
            for path in sorted((ROOT / folder).iterdir())
            if path.is_file() and path.name.endswith(PARSE_SUFFIXES)
        )
    return paths


def compare_parse(before: str, after: str, paths: Sequence[str], jobs: int) -> list[Difference]:
    def one(path: str) -> list[Difference]:
        args = ["parse", "--format", "json", path]
        return compare_runs(_run(before, args, ROOT), _run(after, args, ROOT), f"parse {path}")

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return [difference for found in pool.map(one, paths) for difference in found]


def ensure_corpus(folder: Path, count: int, seed: int, jobs: int) -> Path:
    """The generated corpus in ``folder``, written once (to a sibling temp
    folder, then renamed, so a half-written corpus is never reused)."""
    if (folder / "manifest.json").is_file():
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=folder.name + ".", dir=folder.parent))
    try:
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "make_corpus.py"),
                str(partial),
                "-n",
                str(count),
                "--seed",
                str(seed),
                "--jobs",
                str(jobs),
            ],
            check=True,
        )
        try:
            partial.rename(folder)
        except OSError:  # written meanwhile by a concurrent run: use that one
            if not (folder / "manifest.json").is_file():
                raise
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", required=True, help="reference perfgoals executable")
    parser.add_argument("--after", required=True, help="perfgoals executable under test")
    parser.add_argument("-n", "--count", type=int, default=1000, help="generated filings (0: none)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path, help="corpus folder (written if absent)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-parse", action="store_true", help="skip the parse comparison")
    args = parser.parse_args(argv)
    # Absolute, since the corpus is checked from its own folder.
    before = os.path.abspath(shutil.which(args.before) or args.before)
    after = os.path.abspath(shutil.which(args.after) or args.after)

    differences: list[Difference] = []
    compared = 0
    for folder in CHECK_FOLDERS:
        if (ROOT / folder).is_dir():
            files, found = compare_check(before, after, folder, ROOT, args.jobs)
            print(f"check {folder} ({files} files): {len(found)} difference(s)", flush=True)
            differences += found
            compared += files
    if not args.no_parse:
        paths = parse_inputs(PARSE_FOLDERS)
        found = compare_parse(before, after, paths, args.jobs)
        print(f"parse of {len(paths)} files: {len(found)} difference(s)", flush=True)
        differences += found
    if args.count > 0:
        corpus = args.corpus or Path(tempfile.gettempdir()) / (
            f"perfgoals-compare-corpus-n{args.count}-s{args.seed}"
        )
        corpus = ensure_corpus(corpus, args.count, args.seed, args.jobs)
        files, found = compare_check(before, after, ".", corpus, args.jobs)
        print(f"check corpus {corpus} ({files} files): {len(found)} difference(s)", flush=True)
        differences += found
        compared += files

    for difference in differences:
        print(difference)
    print(f"{len(differences)} difference(s) over {compared} checked files")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
