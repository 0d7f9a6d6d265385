"""``perfgoals check``: settings → runner → reporter → exit code."""

from __future__ import annotations

import dataclasses
import io
import os
import sys
from pathlib import Path

from perfgoals.cache import open_cache
from perfgoals.errors import UsageError
from perfgoals.findings import at_or_above
from perfgoals.options import CheckOptions
from perfgoals.progress import ProgressBar, closing_summary, wants_progress
from perfgoals.report import FILE_ONLY_FORMATS, TEXT_FORMATS
from perfgoals.runner import InputFile, RunResult, collect_inputs, run, stop_on_sigterm
from perfgoals.settings import Settings

VIEW_FORMATS = ("html", "xlsx")  # reports that draw or quote the tables


# Nothing was checked: no file found, or only text holding no filing, or only
# files that could not be read. Never a pass (README "Exit codes").
EXIT_NOTHING_CHECKED = 3


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
        color = options.color == "always" or (
            options.color == "auto"
            and options.output is None
            and sys.stdout.isatty()
            and not os.environ.get("NO_COLOR")
        )
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


def _write_step_summary(path: Path, run_result: RunResult, settings: Settings) -> None:
    """Append the run's Markdown summary to GitHub's job summary file."""
    from perfgoals.report.github import step_summary

    try:
        with open(path, "a", encoding="utf-8") as stream:
            stream.write(step_summary(run_result, settings))
    except OSError as exc:
        sys.stderr.write(f"perfgoals: cannot write $GITHUB_STEP_SUMMARY ({path}): {exc}\n")


def _stdin_input(options: CheckOptions, settings: Settings, folder: Path) -> InputFile:
    """Standard input as one file named ``--stdin-filename`` (its suffix and
    its place for per-file-ignores and reports), copied to ``folder``."""
    from perfgoals.read.limits import limits_from
    from perfgoals.runner import display_path

    name = options.stdin_filename or "-"
    limit = limits_from(settings.limits).max_file_bytes
    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        raise UsageError(f"standard input is larger than {limit // (1024 * 1024)} MB")
    suffix = Path(name).suffix.lower() if name != "-" else ".txt"
    copy = folder / f"stdin{suffix or '.txt'}"
    copy.write_bytes(data)
    return InputFile(copy, display_path(Path(name)) if name != "-" else "-")


def _reads_stdin(options: CheckOptions) -> bool:
    return [str(p) for p in options.paths] == ["-"] or (
        not options.paths and options.stdin_filename is not None
    )


def show_files(options: CheckOptions, settings: Settings) -> str:
    """What a run would check, and what it would skip and why (``--show-files``)."""
    from perfgoals.notfiling import is_not_a_filing
    from perfgoals.read.limits import limits_from

    skipped: list[tuple[str, str]] = []
    inputs = collect_inputs(options.paths, settings.exclude, skipped)
    limits = limits_from(settings.limits)
    lines = []
    for item in inputs:
        if is_not_a_filing(item.path, limits):
            skipped.append((item.display, "not a filing: no label of a performance-goal table"))
        else:
            lines.append(f"check  {item.display}")
    lines.extend(f"skip   {path}  ({reason})" for path, reason in sorted(skipped))
    return "".join(f"{line}\n" for line in lines)


_NOTHING = {
    "zh": {
        "none": "没有找到可检查的文件",
        "not_filings": "找到的 {n} 个文本文件都不是绩效目标表",
        "unreadable": "{n} 个文件都无法读取",
        "warning": "perfgoals: 警告：没有检查任何绩效目标表（{why}）。未检查不等于通过；"
        "请核对路径和 exclude 设置，确属正常时加 --allow-empty。\n",
    },
    "en": {
        "none": "no file to check was found",
        "not_filings": "the {n} text files found hold no filing",
        "unreadable": "none of the {n} files could be read",
        "warning": "perfgoals: warning: no filing was checked ({why}). Nothing checked is not a "
        "pass; check the paths and exclude, or add --allow-empty if this is "
        "expected.\n",
    },
}


def _nothing_checked(found: int, run_result: RunResult, skipped: int, lang: str) -> str | None:
    """The warning when no filing was checked, else None."""
    if any(result.status == "ok" for result in run_result.files):
        return None
    words = _NOTHING["zh" if lang == "zh" else "en"]
    if found == 0:
        why = words["none"]
    elif skipped == found:
        why = words["not_filings"].format(n=skipped)
    else:
        why = words["unreadable"].format(n=found - skipped)
    return words["warning"].format(why=why)


def run_check(options: CheckOptions) -> int:
    if options.format not in TEXT_FORMATS and options.format != "xlsx":
        raise UsageError(
            f"unknown format '{options.format}' (choose from {', '.join((*TEXT_FORMATS, 'xlsx'))})"
        )
    if options.format in FILE_ONLY_FORMATS and options.output is None:
        raise UsageError(f"--format {options.format} needs --output FILE")
    if options.jobs is not None and options.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if options.show_settings:
        from perfgoals.config import show_settings

        sys.stdout.write(show_settings(options))
        return 0
    settings = resolve_settings(options)
    if options.format in VIEW_FORMATS:
        settings = dataclasses.replace(settings, table_views=True)
    if options.show_files:
        if _reads_stdin(options):
            raise UsageError("--show-files lists paths; it does not read standard input")
        sys.stdout.write(show_files(options, settings))
        return 0
    if _reads_stdin(options):
        import shutil
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="perfgoals-stdin-"))
        try:
            options.use_cache = False
            return _check(options, settings, [_stdin_input(options, settings, folder)])
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    if not options.paths:
        raise UsageError("no path given (a file, a folder, or - for standard input)")
    if any(str(path) == "-" for path in options.paths):
        raise UsageError("- (standard input) cannot be mixed with other paths")
    if options.stdin_filename is not None:
        raise UsageError("--stdin-filename needs - (standard input) as the only path")
    return _check(options, settings, collect_inputs(options.paths, settings.exclude))


def _check(options: CheckOptions, settings: Settings, inputs: list[InputFile]) -> int:
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
    from perfgoals.engine import NOT_A_FILING

    not_filings = [result for result in run_result.files if result.status == NOT_A_FILING]
    if not_filings:  # text beside the filings (a README): skipped quietly
        run_result.files = [r for r in run_result.files if r.status != NOT_A_FILING]
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
    if options.format == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        _write_step_summary(Path(os.environ["GITHUB_STEP_SUMMARY"]), run_result, settings)
    if options.format != "text":  # the text report ends with its own summary
        sys.stderr.write(closing_summary(run_result, settings.lang, len(inputs) - len(not_filings)))
    if run_result.interrupted:
        return 130
    if options.exit_zero:
        code = 0
    nothing = _nothing_checked(len(inputs), run_result, len(not_filings), settings.lang)
    if nothing is not None and not options.allow_empty:
        sys.stderr.write(nothing)
        return code or EXIT_NOTHING_CHECKED
    return code
