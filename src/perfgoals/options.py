"""Options of a check run, shared by the commands, the config and the baseline.

The command layer fills them from the command line; ``config`` merges them with
the settings files and ``baseline`` reads the baseline paths from them. This
module imports nothing of the project, so every layer may read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class CheckOptions:
    paths: list[Path]
    format: str = "text"
    output: Path | None = None
    select: str | None = None
    extend_select: str | None = None
    ignore: str | None = None
    fail_on: str | None = None
    lang: str | None = None
    config: Path | None = None
    jobs: int | None = None
    quiet: bool = False
    statistics: bool = False
    baseline: Path | None = None
    write_baseline: Path | None = None
    use_cache: bool = True
    cache_dir: Path | None = None
    progress: str = "auto"
    min_severity: str | None = None
    hidden: int = 0  # findings below --min-severity, not shown
    exit_zero: bool = False
    allow_empty: bool = False
    color: str = "auto"
    stdin_filename: str | None = None
    show_settings: bool = False
    show_files: bool = False
