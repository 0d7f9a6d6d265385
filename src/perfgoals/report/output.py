"""Writing output files (reports, baselines): never onto an input, atomically.

Every output path is checked against every input before any work: it may not
be an input file, nor a link to one, nor a folder. A regular file (or a path
that does not exist yet) is written to a temporary file beside the path's
*target* and renamed into place, so a killed run never leaves half a file and
a symlink stays a symlink; a new file gets the permissions the user's umask
gives (0644 under umask 022), a replaced one keeps its own. ``-``,
``/dev/stdout`` and ``/dev/stderr`` are the standard streams; any other path
that is not a regular file (``/dev/null``, a named pipe, a terminal) is
written as a stream, never replaced by a file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from perfgoals.errors import UsageError

STDOUT_NAMES = frozenset({"-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"})
STDERR_NAMES = frozenset({"/dev/stderr", "/dev/fd/2", "/proc/self/fd/2"})


def _standard_stream(path: Path) -> BinaryIO | None:
    name = str(path)
    if name in STDOUT_NAMES:
        return sys.stdout.buffer
    if name in STDERR_NAMES:
        return sys.stderr.buffer
    return None


def _is_stream(path: Path) -> bool:
    """Whether the path is written as a stream: a standard stream, or an
    existing path that is not a regular file (a device, a pipe)."""
    if _standard_stream(path) is not None:
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``: a stream as a stream, anything else to a
    temporary file beside the path's target, then renamed onto the target."""
    path = Path(path)
    stream = _standard_stream(path)
    if stream is not None:
        stream.write(data)
        stream.flush()
        return
    if _is_stream(path):
        with open(path, "wb") as device:
            device.write(data)
        return
    target = Path(os.path.realpath(path))  # through links: the link itself stays
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = 0o666 & ~_umask()
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def check_output(path: Path, inputs: Iterable[Path], option: str = "--output") -> None:
    """Refuse, before any work, an output path that is a folder, one of the
    inputs, or a link to one: input files are never written."""
    if not str(path):
        raise UsageError(f"{option} needs a file name")
    if _standard_stream(path) is not None:
        return
    shown = str(path)
    if path.is_dir():
        raise UsageError(f"{option} {shown!r} is a folder, not a file")
    target = Path(os.path.realpath(path))
    if target.is_dir():
        raise UsageError(f"{option} {shown!r} leads to a folder, not a file")
    try:
        target_stat: os.stat_result | None = os.stat(target)
    except OSError:
        target_stat = None
    for source in inputs:
        same = False
        if target_stat is not None:
            with contextlib.suppress(OSError):
                same = os.path.samestat(target_stat, os.stat(source))
        if not same:
            with contextlib.suppress(OSError, ValueError):
                same = Path(os.path.realpath(source)) == target
        if same:
            raise UsageError(
                f"{option} {shown} is one of the files being checked"
                + (" (through a link)" if os.path.islink(path) else "")
                + "; input files are never written"
            )


def check_outputs(paths: Iterable[tuple[str, Path | None]], inputs: Iterable[Path]) -> None:
    """check_output for every (option, path) given, against every input, and
    no two outputs on one file."""
    sources = list(inputs)
    given = [(option, path) for option, path in paths if path is not None]
    for option, path in given:
        check_output(path, sources, option)
    targets: dict[str, str] = {}
    for option, path in given:
        if _is_stream(path):
            continue
        key = os.path.realpath(path)
        if key in targets:
            raise UsageError(f"{targets[key]} and {option} name the same file: {path}")
        targets[key] = option


def write_report(path: Path, data: bytes) -> None:
    """write_atomic, with a refusal by the system said plainly (exit 2)."""
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise UsageError(f"cannot write the report to {path}: {exc.strerror or exc}") from exc
