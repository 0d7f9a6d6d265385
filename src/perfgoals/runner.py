"""Walk the given paths, check each file (in parallel for many), run cross-file
rules, and keep the output order deterministic whatever the scheduling."""

from __future__ import annotations

import fnmatch
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from perfgoals.errors import UsageError
from perfgoals.findings import FileResult, Finding, Location
from perfgoals.read import SUPPORTED_SUFFIXES
from perfgoals.settings import Settings, active_rules


@dataclass(frozen=True)
class InputFile:
    path: Path
    display: str  # as reported: relative to the working folder where possible, POSIX


@dataclass
class RunResult:
    files: list[FileResult]
    elapsed: float = 0.0
    interrupted: bool = False
    stale_baseline: int = 0
    baselined: int = 0
    notes: list[str] = field(default_factory=list)


def display_path(path: Path, root: Path | None = None) -> str:
    base = root or Path.cwd()
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _excluded(display: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatch(display, p) or fnmatch.fnmatch(display, f"*/{p}") for p in patterns)


def _walk(folder: Path) -> Iterator[Path]:
    """Supported files below ``folder``: hidden folders skipped, links not followed
    into folders (so a symlink loop cannot recurse)."""
    for current, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or name.startswith("~$"):
                continue  # hidden files and Word's lock files
            if Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                yield Path(current) / name


def collect_inputs(paths: Iterable[Path], exclude: Iterable[str] = ()) -> list[InputFile]:
    """The files to check, each once, sorted by their displayed path."""
    patterns = list(exclude)
    seen: dict[str, InputFile] = {}
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise UsageError(f"path does not exist: {path}")
        candidates = list(_walk(path)) if path.is_dir() else [path]
        for candidate in candidates:
            display = display_path(candidate)
            if path.is_dir() and _excluded(display, patterns):
                continue
            seen.setdefault(display, InputFile(candidate, display))
    return sorted(seen.values(), key=lambda f: f.display)


def _check_one(args: tuple[InputFile, Settings]) -> FileResult:
    from perfgoals.engine import check_path

    item, settings = args
    return check_path(item.path, item.display, settings)


ProgressCallback = Callable[[FileResult], None]


def run(
    inputs: list[InputFile],
    settings: Settings,
    jobs: int = 1,
    on_result: ProgressCallback | None = None,
) -> RunResult:
    started = time.perf_counter()
    results: list[FileResult] = []
    interrupted = False
    work = [(item, settings) for item in inputs]
    try:
        if jobs <= 1 or len(inputs) <= 1:
            for unit in work:
                result = _check_one(unit)
                results.append(result)
                if on_result is not None:
                    on_result(result)
        else:
            chunk = max(1, min(32, len(work) // (jobs * 8) or 1))
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                for result in pool.map(_check_one, work, chunksize=chunk):
                    results.append(result)
                    if on_result is not None:
                        on_result(result)
    except KeyboardInterrupt:
        interrupted = True
    apply_batch_rules(results, settings)
    return RunResult(files=results, elapsed=time.perf_counter() - started, interrupted=interrupted)


def apply_batch_rules(results: list[FileResult], settings: Settings) -> None:
    """Cross-file rules over the per-file summaries; findings go to the later file."""
    from perfgoals.engine import make_finding
    from perfgoals.rules.batch import BatchHit, CodeEntry

    batch_specs = [spec for spec in active_rules(settings) if spec.scope == "batch"]
    if not batch_specs or len(results) < 2:
        return
    by_path = {result.path: result for result in results}
    entries = [
        CodeEntry(path=r.path, code=code, part=part, table=table, name=name)
        for r in results
        for code, part, table, name in r.project_codes
    ]
    for spec in batch_specs:
        hits: Iterable[BatchHit] = spec.check(entries, None)
        for batch_hit in hits:
            result = by_path[batch_hit.path]
            location = Location(
                part=batch_hit.part,
                table=batch_hit.table,
                project_code=batch_hit.project_code,
                project_name=batch_hit.project_name,
                field=batch_hit.hit.field,
            )
            result.findings.append(
                make_finding(spec, batch_hit.hit, None, result.path, settings, location)
            )
            result.findings.sort(key=Finding.sort_key)
