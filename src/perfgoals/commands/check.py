"""``perfgoals check``: settings → runner → reporter → exit code."""

from __future__ import annotations

import dataclasses
import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from perfgoals.cache import open_cache
from perfgoals.errors import UsageError
from perfgoals.findings import at_or_above
from perfgoals.progress import ProgressBar, closing_summary, wants_progress
from perfgoals.report import FILE_ONLY_FORMATS, TEXT_FORMATS
from perfgoals.runner import RunResult, collect_inputs, run, stop_on_sigterm
from perfgoals.settings import Settings

VIEW_FORMATS = ("html", "xlsx")  # reports that draw or quote the tables


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


def resolve_settings(options: CheckOptions) -> Settings:
    from perfgoals.config import settings_for_check

    return settings_for_check(options)


def exit_code(run_result: RunResult, fail_on: str) -> int:
    failing = any(
        at_or_above(finding.severity, fail_on)
        for result in run_result.files
        for finding in result.findings
    )
    return 1 if failing else 0


def _terminal_width() -> int | None:
    """The text report wraps to a terminal's width; a pipe gets unbroken lines."""
    if not sys.stdout.isatty():
        return None
    import shutil

    return shutil.get_terminal_size().columns


def render(run_result: RunResult, options: CheckOptions, settings: Settings) -> bytes | str:
    fmt = options.format
    if fmt == "text":
        from perfgoals.report import text

        buffer = io.StringIO()
        # Colour for a person at a terminal; never in a file, a pipe, or under NO_COLOR.
        color = options.output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        text.render(
            run_result,
            buffer,
            lang=settings.lang,
            quiet=options.quiet,
            statistics=options.statistics,
            color=color,
            width=_terminal_width() if options.output is None else None,
            hidden=options.hidden,
            min_severity=options.min_severity,
        )
        return buffer.getvalue()
    if fmt == "json":
        from perfgoals.report import json

        return json.render(run_result)
    import importlib

    module = importlib.import_module(f"perfgoals.report.{fmt}")
    rendered: bytes | str = module.render(run_result, settings)
    return rendered


def run_check(options: CheckOptions) -> int:
    if options.format not in TEXT_FORMATS and options.format != "xlsx":
        raise UsageError(
            f"unknown format '{options.format}' (choose from {', '.join((*TEXT_FORMATS, 'xlsx'))})"
        )
    if options.format in FILE_ONLY_FORMATS and options.output is None:
        raise UsageError(f"--format {options.format} needs --output FILE")
    if options.jobs is not None and options.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    settings = resolve_settings(options)
    if options.format in VIEW_FORMATS:
        settings = dataclasses.replace(settings, table_views=True)
    inputs = collect_inputs(options.paths, settings.exclude)
    if options.output is not None or options.write_baseline is not None:
        from perfgoals.report.output import check_outputs

        check_outputs(
            [("--output", options.output), ("--write-baseline", options.write_baseline)],
            [item.path for item in inputs],
        )
    recorded = None
    if options.baseline is not None:  # its errors before the batch, not after
        from perfgoals.baseline import read_baseline

        recorded = read_baseline(options.baseline)
    jobs = options.jobs or os.cpu_count() or 1
    stop_on_sigterm()
    result_cache = open_cache(options.paths, options.use_cache, options.cache_dir, settings)
    bar = (
        ProgressBar(len(inputs), settings.lang, force=options.progress == "always")
        if inputs and wants_progress(options.progress, files=len(inputs))
        else None
    )
    try:
        run_result = run(
            inputs,
            settings,
            jobs=jobs,
            on_result=bar.advance if bar is not None else None,
            result_cache=result_cache,
        )
    finally:
        if bar is not None:
            bar.close()
    if options.baseline is not None or options.write_baseline is not None:
        from perfgoals.baseline import apply_baseline_options

        apply_baseline_options(run_result, options, recorded)
    code = exit_code(run_result, settings.fail_on)  # hidden findings count too
    if options.min_severity is not None:
        from perfgoals.report.summary import hide_below

        options.hidden = hide_below(run_result.files, options.min_severity)
    rendered = render(run_result, options, settings)
    data = rendered.encode("utf-8") if isinstance(rendered, str) else rendered
    if options.output is not None:
        from perfgoals.report.output import write_report

        write_report(options.output, data)
    else:
        sys.stdout.buffer.write(data) if hasattr(sys.stdout, "buffer") else sys.stdout.write(
            data.decode("utf-8")
        )
        sys.stdout.flush()
    if options.format != "text":  # the text report ends with its own summary
        sys.stderr.write(closing_summary(run_result, settings.lang, len(inputs)))
    if run_result.interrupted:
        return 130
    return code
