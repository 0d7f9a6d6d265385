"""One file through the first half of the pipeline: read → build."""

from __future__ import annotations

from pathlib import Path

from perfgoals.builder import build_filing
from perfgoals.collector import collector_paused
from perfgoals.errors import UnreadableFileError
from perfgoals.model import Filing
from perfgoals.read import read_path
from perfgoals.read.limits import DEFAULT_LIMITS, Limits, check_grid


def load_filing(
    path: Path, display_path: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Filing:
    """Read and build one filing; raises UnreadableFileError with a reason.
    The cyclic collector is paused meanwhile (:func:`collector_paused`)."""
    with collector_paused():
        grid = read_path(path, limits)
        check_grid(grid, limits)
        return build_filing(grid, display_path if display_path is not None else str(path))


def load_filing_or_reason(
    path: Path, display_path: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Filing:
    """As load_filing, but whatever goes wrong is an UnreadableFileError: a file
    too deep for the parser, or a bug of ours, is reported, never a traceback."""
    try:
        return load_filing(path, display_path, limits)
    except UnreadableFileError:
        raise
    except (RecursionError, MemoryError) as exc:
        raise too_complex() from exc
    except Exception as exc:  # a parser bug must become a finding, not a traceback
        raise internal_error(exc) from exc


def too_complex() -> UnreadableFileError:
    return UnreadableFileError(
        "too-complex",
        "文件结构异常复杂（嵌套过深或过大），无法安全读取。请在 Word 中重新保存后再检查。",
        "The file's structure is abnormally deep or large and cannot be read safely. "
        "Save it again from Word and re-check.",
    )


def internal_error(exc: Exception) -> UnreadableFileError:
    detail = f"{type(exc).__name__}: {exc}"[:200]
    return UnreadableFileError(
        "internal-error",
        f"读取此文件时 perfgoals 出现内部错误（{detail}）。文件未被修改；请将此文件反馈给维护者。",
        f"perfgoals hit an internal error reading this file ({detail}). "
        "The file was not changed; please report it with the file attached.",
    )
