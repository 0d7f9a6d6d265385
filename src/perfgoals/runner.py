"""Walk the given paths, check each file (in parallel for many), run cross-file
rules, and keep the output order deterministic whatever the scheduling."""

from __future__ import annotations

import errno
import fnmatch
import gc
import json
import os
import signal
import stat
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from perfgoals.cache import ResultCache, file_digest
from perfgoals.errors import UnreadableFileError, UsageError
from perfgoals.findings import FileResult, Finding, Location
from perfgoals.read import SUPPORTED_SUFFIXES
from perfgoals.settings import Settings, active_rules

if TYPE_CHECKING:
    import multiprocessing.context
    from concurrent.futures import Future

    from perfgoals.rules.batch import CodeEntry, Twin


@dataclass(frozen=True)
class InputFile:
    path: Path
    display: str  # as reported: relative to the working folder where possible, POSIX
    # A folder that could not be listed (errno, strerror): reported as a PG001
    # under the folder's name instead of being skipped without a word.
    folder_error: tuple[int, str] | None = None


@dataclass
class RunResult:
    """The results in input order. Their ``project_codes`` are emptied once
    the cross-file rules have used them (memory stays small for big batches)."""

    files: list[FileResult]
    elapsed: float = 0.0
    interrupted: bool = False
    stale_baseline: int = 0
    baselined: int = 0
    notes: list[str] = field(default_factory=list)
    cached: int = 0  # results taken from the cache


def display_path(path: Path, root: Path | None = None) -> str:
    base = root or Path.cwd()
    try:
        shown = path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        shown = path.as_posix()
    except (RuntimeError, OSError):  # a symlink loop (RuntimeError before Python 3.13)
        shown = _lexical_display(path, base)
    return printable(shown)


def _lexical_display(path: Path, base: Path) -> str:
    """The path relative to ``base`` without resolving links."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(os.path.abspath(base)).as_posix()
    except ValueError:
        return path.as_posix()


# Characters that would break a report's lines or reorder what is shown:
# C0 and C1 controls, DEL, line and paragraph separators, bidirectional controls.
_UNPRINTABLE = frozenset(
    [*map(chr, range(0x20)), *map(chr, range(0x7F, 0xA0)), "\u2028", "\u2029",
     *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A)), "\u200e", "\u200f"]
)


def printable(name: str) -> str:
    """A file name as text every report can hold on one line: bytes that are not
    UTF-8 (a GBK name from a zip made on Windows) are shown as \\xb2 escapes,
    control characters (a newline in a name) as \\n, \\x1b, \\u202e."""
    shown = os.fsencode(name).decode("utf-8", "backslashreplace")
    if not any(ch in _UNPRINTABLE for ch in shown):
        return shown
    return "".join(_escape(ch) if ch in _UNPRINTABLE else ch for ch in shown)


def _escape(ch: str) -> str:
    special = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if ch in special:
        return special[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _excluded(display: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatch(display, p) or fnmatch.fnmatch(display, f"*/{p}") for p in patterns)


# Why a file or folder found in a walk is not checked (``--show-files``).
SKIP_HIDDEN = "hidden"
SKIP_LOCK = "Word lock file"
SKIP_SUFFIX = "not a format perfgoals reads"
SKIP_EXCLUDED = "excluded by"

Skipped = list[tuple[str, str]]  # (displayed path, reason)


def _walk(
    folder: Path,
    unreadable: list[tuple[Path, OSError]] | None = None,
    skipped: Skipped | None = None,
) -> Iterator[Path]:
    """Supported files below ``folder``: hidden folders skipped, links not followed
    into folders (so a symlink loop cannot recurse). Folders that cannot be
    listed are added to ``unreadable``; ``skipped`` collects what was passed
    over and why."""

    def failed(error: OSError) -> None:
        if unreadable is not None:
            unreadable.append((Path(error.filename or folder), error))

    for current, dirs, files in os.walk(folder, followlinks=False, onerror=failed):
        if skipped is not None:
            skipped.extend(
                (display_path(Path(current) / d) + "/", SKIP_HIDDEN)
                for d in sorted(dirs)
                if d.startswith(".")
            )
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            reason = None
            if name.startswith("~$"):
                reason = SKIP_LOCK  # Word's lock files
            elif name.startswith("."):
                reason = SKIP_HIDDEN
            elif Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                reason = SKIP_SUFFIX
            if reason is None:
                yield Path(current) / name
            elif skipped is not None:
                skipped.append((display_path(Path(current) / name), reason))


def collect_inputs(
    paths: Iterable[Path], exclude: Iterable[str] = (), skipped: Skipped | None = None
) -> list[InputFile]:
    """The files to check, each once, sorted by their displayed path.

    A path that does not exist is a usage error; one that exists but cannot be
    looked at (a folder without permission on the way, a symlink loop) is
    kept, and checking it gives a PG001 that says why. A folder that cannot be
    listed, given or met in a walk, is an entry of its own with the reason.
    ``skipped`` collects what a walk passed over and why (``--show-files``).
    """
    patterns = list(exclude)
    seen: dict[str, InputFile] = {}
    for path in paths:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            if not os.path.islink(path):
                raise UsageError(f"path does not exist: {printable(str(path))}") from None
            info = None  # a dangling link: reported as such when read
        except (OSError, ValueError):  # EACCES on the way, ELOOP, a NUL in the name
            info = None
        if info is None or not stat.S_ISDIR(info.st_mode):
            display = display_path(path)
            seen.setdefault(display, InputFile(path, display))
            continue
        unreadable: list[tuple[Path, OSError]] = []
        for candidate in _walk(path, unreadable, skipped):
            display = display_path(candidate)
            if _excluded(display, patterns):
                if skipped is not None:
                    pattern = next(p for p in patterns if _excluded(display, [p]))
                    skipped.append((display, f"{SKIP_EXCLUDED} {pattern!r}"))
                continue
            seen.setdefault(display, InputFile(candidate, display))
        for folder, error in unreadable:
            display = display_path(folder)
            if _excluded(display, patterns):
                continue
            seen.setdefault(
                display,
                InputFile(folder, display, (error.errno or 0, error.strerror or str(error))),
            )
    return sorted(seen.values(), key=lambda f: f.display)


def folder_error(code: int, strerror: str) -> UnreadableFileError:
    """A folder of the walk that could not be listed: its files were not checked."""
    cause_zh = {errno.EACCES: "没有读取权限", errno.EPERM: "没有读取权限",
                errno.ENOENT: "文件夹在检查过程中被删除或移走", errno.ELOOP: "链接循环指向自己",
                errno.EIO: "读取时出现磁盘错误"}.get(code, "系统无法读取该文件夹")
    return UnreadableFileError(
        "folder-unreadable",
        f"无法打开文件夹：{cause_zh}，其中的文件都没有检查。请确认有读取权限后重新检查。",
        f"The folder cannot be opened: {strerror}; none of its files were checked. Make sure "
        "it is readable and check again.",
    )


ProgressCallback = Callable[[FileResult], None]


@dataclass(frozen=True)
class _Task:
    """One file to check: its place in the output order and its content hash
    as seen before checking (None: not hashed, so not cached)."""

    index: int
    item: InputFile
    digest: str | None


# Set once per worker process by ``_init_worker``, so tasks carry only paths.
_worker_settings: Settings | None = None
_worker_cache: ResultCache | None = None


def _init_worker(settings: Settings, result_cache: ResultCache | None) -> None:
    global _worker_settings, _worker_cache
    # Ctrl-C reaches the whole process group: the parent alone handles it and
    # lets the workers finish their current file, so no worker prints a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # undo the parent's stop_on_sigterm
    _worker_settings = settings
    _worker_cache = result_cache


def _check_task(task: _Task, settings: Settings, result_cache: ResultCache | None) -> FileResult:
    from perfgoals.engine import check_path

    result = check_path(task.item.path, task.item.display, settings)
    # Store only if the file still has the bytes that were hashed: a file
    # edited while it was being checked must not poison the cache.
    if (
        result_cache is not None
        and task.digest is not None
        and file_digest(task.item.path) == task.digest
    ):
        result_cache.put(task.item.display, task.digest, result)
    return result


def _work(tasks: list[_Task]) -> list[tuple[int, FileResult]]:
    assert _worker_settings is not None
    return [(task.index, _check_task(task, _worker_settings, _worker_cache)) for task in tasks]


def _crashed_result(task: _Task, settings: Settings) -> FileResult:
    from perfgoals.engine import unreadable_result

    error = UnreadableFileError(
        "worker-crashed",
        "检查此文件时处理进程意外退出（可能是文件损坏或内存不足）。文件未被修改；请在 Word 中重新保存后再检查，"
        "如仍出现请将文件反馈给维护者。",
        "The worker process checking this file died (a damaged file or lack of memory). "
        "The file was not changed; save it again from Word and re-check, and report it if "
        "this happens again.",
    )
    return unreadable_result(task.item.display, error, settings)


def _pool_context() -> multiprocessing.context.BaseContext:
    """fork where it is safe (Linux): workers inherit the imported modules
    instead of importing them again. The progress bar runs no thread, so no
    lock can be held across the fork."""
    import multiprocessing

    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _chunk_size(count: int, jobs: int) -> int:
    # Small chunks keep the workers evenly loaded to the end of the batch and
    # the progress bar smooth; a few files per message halve the IPC cost.
    return max(1, min(4, count // (jobs * 16)))


Deliver = Callable[[int, FileResult], None]


def _pool_pass(
    queue: deque[_Task],
    jobs: int,
    settings: Settings,
    result_cache: ResultCache | None,
    deliver: Deliver,
) -> list[_Task]:
    """Check the queued tasks in one pool. Returns the tasks that were in
    flight if a worker died (the pool is then unusable); the rest stay queued."""
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    chunk = _chunk_size(len(queue), jobs)
    window = jobs * 4  # chunks in flight: enough to keep workers busy, little memory
    in_flight: dict[Future[list[tuple[int, FileResult]]], list[_Task]] = {}
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=_pool_context(),
        initializer=_init_worker,
        initargs=(settings, result_cache),
    )
    try:
        while queue or in_flight:
            while queue and len(in_flight) < window:
                tasks = [queue.popleft() for _ in range(min(chunk, len(queue)))]
                in_flight[pool.submit(_work, tasks)] = tasks
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            broken: list[_Task] = []
            for future in done:
                tasks = in_flight.pop(future)
                try:
                    pairs = future.result()
                except BrokenProcessPool:
                    broken.extend(tasks)
                    continue
                for index, result in pairs:
                    deliver(index, result)
            if broken:
                broken.extend(task for tasks in in_flight.values() for task in tasks)
                in_flight.clear()
                return sorted(broken, key=lambda task: task.index)
        return []
    except KeyboardInterrupt:
        # The workers ignore SIGINT and finish the files they hold: wait for
        # them and keep those results, so the partial report has all that was done.
        for future in in_flight:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        for future in in_flight:
            if future.done() and not future.cancelled() and future.exception() is None:
                for index, result in future.result():
                    deliver(index, result)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _isolated(task: _Task, settings: Settings, result_cache: ResultCache | None) -> FileResult:
    """Check one suspect of a worker crash alone, so a crash names its file."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(
        max_workers=1,
        mp_context=_pool_context(),
        initializer=_init_worker,
        initargs=(settings, result_cache),
    ) as pool:
        try:
            return pool.submit(_work, [task]).result()[0][1]
        except BrokenProcessPool:
            return _crashed_result(task, settings)


def _check_in_pool(
    tasks: list[_Task],
    jobs: int,
    settings: Settings,
    result_cache: ResultCache | None,
    deliver: Deliver,
) -> None:
    queue = deque(tasks)
    while queue:
        for suspect in _pool_pass(queue, jobs, settings, result_cache, deliver):
            deliver(suspect.index, _isolated(suspect, settings, result_cache))


def _preload() -> None:
    """Import the checking code once in the parent, before the workers fork."""
    import perfgoals.engine
    import perfgoals.pipeline
    import perfgoals.read.docx
    import perfgoals.read.text  # noqa: F401


# Collections of the youngest generation every this many allocations instead
# of 700: building a filing allocates hundreds of thousands of small records
# that live until its check ends, and the default threshold spent ~3% of a
# filing's CPU tracing them (bench/batch.py, gc callbacks); at this threshold
# 0.3%. Cyclic garbage is still collected, every filing or so, so memory
# stays flat in the batch's size.
BATCH_GC_THRESHOLD = (10_000, 10, 10)


@contextmanager
def _batch_gc() -> Iterator[None]:
    """The batch's collector settings: the parent's objects (modules, rule
    data) frozen out of every collection, so forked workers neither trace nor
    touch (and copy) those pages, and the higher threshold above. Both are
    restored afterwards, for a caller that goes on in this process."""
    previous = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*BATCH_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*previous)
        gc.unfreeze()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def stop_on_sigterm() -> None:
    """Treat SIGTERM (a CI job cancelled, ``kill``) like Ctrl-C: the run stops
    with a partial report, and a report being written is not left half-done
    (the atomic writer removes its temporary file)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)


def run(
    inputs: list[InputFile],
    settings: Settings,
    jobs: int = 1,
    on_result: ProgressCallback | None = None,
    result_cache: ResultCache | None = None,
) -> RunResult:
    """Check ``inputs``; results come back in input order whatever the
    scheduling. Ctrl-C stops early with the files finished so far."""
    started = time.perf_counter()
    slots: list[FileResult | None] = [None] * len(inputs)
    packed: list[str] = [""] * len(inputs)
    cached = 0
    interrupted = False

    def deliver(index: int, result: FileResult) -> None:
        packed[index] = pack_codes(result.project_codes)
        result.project_codes = []
        slots[index] = result
        if on_result is not None:
            on_result(result)

    try:
        misses: list[_Task] = []
        for index, item in enumerate(inputs):
            if item.folder_error is not None:
                from perfgoals.engine import unreadable_result

                deliver(index, unreadable_result(item.display, folder_error(*item.folder_error), settings))
                continue
            digest = file_digest(item.path) if result_cache is not None else None
            hit = (
                result_cache.get(item.display, digest)
                if result_cache is not None and digest is not None
                else None
            )
            if hit is not None:
                cached += 1
                deliver(index, hit)
            else:
                misses.append(_Task(index, item, digest))
        if jobs <= 1 or len(misses) <= 1:
            with _batch_gc():
                for task in misses:
                    deliver(task.index, _check_task(task, settings, result_cache))
        else:
            _preload()
            with _batch_gc():  # frozen after the preload, before the workers fork
                _check_in_pool(
                    misses, effective_jobs(jobs, len(misses)), settings, result_cache, deliver
                )
    except KeyboardInterrupt:
        interrupted = True
    done = [index for index, result in enumerate(slots) if result is not None]
    results = [slot for slot in slots if slot is not None]
    apply_batch_rules(
        results, settings, [packed[index] for index in done], [inputs[index].path for index in done]
    )
    return RunResult(
        files=results,
        elapsed=time.perf_counter() - started,
        interrupted=interrupted,
        cached=cached,
    )


# Workers beyond this many per CPU only add memory (each holds a parsed filing).
JOBS_PER_CPU = 4


def effective_jobs(requested: int, files: int) -> int:
    """--jobs capped at the files to check and at a few workers per CPU:
    ``--jobs 1000`` must not fork a thousand processes."""
    return max(1, min(requested, files, JOBS_PER_CPU * (os.cpu_count() or 1)))


def pack_codes(codes: list[tuple[str, int | None, int | None, str | None]]) -> str:
    """A file's project codes as one compact string: a run over thousands of
    files keeps one object per file for the cross-file rules, not four per table."""
    return json.dumps(codes, ensure_ascii=False, separators=(",", ":")) if codes else ""


def _codes_of(
    results: list[FileResult], packed: list[str] | None, position: int
) -> list[tuple[str, int | None, int | None, str | None]]:
    if packed and packed[position]:
        return [
            (code, part, table, name)
            for code, part, table, name in json.loads(packed[position])
        ]
    return results[position].project_codes


def _code_entries(
    results: list[FileResult], packed: list[str] | None, filing_of: dict[str, str]
) -> Iterator[CodeEntry]:
    """Every project code of the run, in run order, decoded one file at a time."""
    from perfgoals.rules.batch import CodeEntry

    for position, result in enumerate(results):
        for code, part, table, name in _codes_of(results, packed, position):
            yield CodeEntry(
                path=result.path, code=code, part=part, table=table, name=name,
                filing=filing_of.get(result.path, ""),
            )


def _twins(
    results: list[FileResult], packed: list[str] | None, sources: list[Path] | None
) -> tuple[list[Twin], dict[str, str]]:
    from perfgoals.rules.batch import FileFacts, find_twins

    return find_twins([
        FileFacts(
            path=result.path,
            source=sources[position] if sources is not None else None,
            records=tuple(
                (code, name or "") for code, _, _, name in _codes_of(results, packed, position)
            ),
            readable=result.status == "ok",
        )
        for position, result in enumerate(results)
    ])


def apply_batch_rules(
    results: list[FileResult],
    settings: Settings,
    packed: list[str] | None = None,
    sources: list[Path] | None = None,
) -> None:
    """Cross-file rules over the per-file summaries; findings go to the later file.

    ``packed`` holds each result's codes as ``pack_codes`` made them (the
    results' own ``project_codes`` are then empty); without it the codes are
    read from the results. ``sources`` are the files on disk, to find
    byte-identical copies (rules/batch.py: twins are one filing).
    """
    from perfgoals.engine import make_finding
    from perfgoals.rules.batch import TWIN_RULES, BatchHit

    batch_specs = [spec for spec in active_rules(settings) if spec.scope == "batch"]
    if not batch_specs or len(results) < 2:
        return
    by_path = {result.path: result for result in results}
    twins, filing_of = _twins(results, packed, sources)
    for spec in batch_specs:
        # A fresh stream per rule: the entries are never all in memory at once.
        hits: Iterable[BatchHit] = spec.check(
            twins if spec.code in TWIN_RULES else _code_entries(results, packed, filing_of), None
        )
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
