"""Writing reports: atomically, so a killed run never leaves half a report."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from perfgoals.errors import UsageError


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it into place."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def check_output(path: Path, inputs: Iterable[Path]) -> None:
    """Refuse, before any work, an --output that is a folder or one of the inputs:
    input files are never written."""
    if not str(path) or path.is_dir():
        raise UsageError(f"--output {str(path)!r} is a folder, not a file")
    if not path.exists():
        return
    for source in inputs:
        with contextlib.suppress(OSError):
            if os.path.samefile(path, source):
                raise UsageError(f"--output {path} is one of the files being checked")


def write_report(path: Path, data: bytes) -> None:
    """write_atomic, with a refusal by the system said plainly (exit 2)."""
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise UsageError(f"cannot write the report to {path}: {exc.strerror or exc}") from exc
