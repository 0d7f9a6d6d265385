"""One file through the first half of the pipeline: read → build."""

from __future__ import annotations

from pathlib import Path

from perfgoals.build import build_filing
from perfgoals.model import Filing
from perfgoals.read import read_path
from perfgoals.read.limits import DEFAULT_LIMITS, Limits


def load_filing(
    path: Path, display_path: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Filing:
    """Read and build one filing; raises UnreadableFileError with a reason."""
    grid = read_path(path, limits)
    return build_filing(grid, display_path if display_path is not None else str(path))
