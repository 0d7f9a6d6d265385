"""Command line: thin. Parses options, calls the runner, picks a reporter, sets
the exit code (0 clean, 1 findings at or above --fail-on, 2 usage error,
3 nothing checked).

Heavy modules (lxml, pydantic, rich) are imported inside the commands that
need them, so ``perfgoals --version`` and ``perfgoals rules`` start fast.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from perfgoals import __version__
from perfgoals.clitext import localized_group, usage_error_line

app = typer.Typer(
    name="perfgoals",
    help="Parse and validate budget performance-goal filings.",
    cls=localized_group(),  # help and usage errors in Chinese by default (clitext.py)
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Lang(StrEnum):
    zh = "zh"
    en = "en"


class ParseFormat(StrEnum):
    json = "json"
    text = "text"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


class Progress(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


Color = Progress  # --color takes the same auto|always|never


# Options that check and annotate share, declared once.
SelectOption = Annotated[
    str | None, typer.Option(help="Codes or prefixes to run; ALL for every rule.")
]
ExtendSelectOption = Annotated[str | None, typer.Option(help="Codes or prefixes to add.")]
IgnoreOption = Annotated[str | None, typer.Option(help="Codes or prefixes to skip.")]
FailOnOption = Annotated[FailOn | None, typer.Option(help="Lowest severity that exits 1.")]
ConfigOption = Annotated[
    Path | None, typer.Option(help="Config file (perfgoals.toml / pyproject.toml).")
]


def _usage_error(message: str) -> NoReturn:
    typer.echo(usage_error_line(message), err=True)
    raise typer.Exit(2)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"perfgoals {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version_callback, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    """perfgoals: 绩效目标表 parser and validator."""


@app.command()
def check(
    paths: Annotated[
        list[Path] | None,
        # Not readable=True: an unreadable file is a PG001 finding, not a usage error.
        typer.Argument(
            help="Files or folders; - reads one filing from standard input.", readable=False
        ),
    ] = None,
    format: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="text|concise|json|sarif|github|gitlab|junit|xlsx|csv|html"
        ),
    ] = "text",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to FILE.")
    ] = None,
    select: SelectOption = None,
    extend_select: ExtendSelectOption = None,
    ignore: IgnoreOption = None,
    fail_on: FailOnOption = None,
    min_severity: Annotated[
        FailOn | None, typer.Option(help="Show only findings at or above this severity.")
    ] = None,
    lang: Annotated[Lang | None, typer.Option(help="Message language.")] = None,
    config: ConfigOption = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", help="Parallel workers (default: CPU count).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only the summary.")] = False,
    statistics: Annotated[bool, typer.Option(help="Counts per rule.")] = False,
    baseline: Annotated[Path | None, typer.Option(help="Hide findings recorded in FILE.")] = None,
    write_baseline: Annotated[
        Path | None, typer.Option(help="Record current findings in FILE.")
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Do not use the result cache.")
    ] = False,
    cache_dir: Annotated[Path | None, typer.Option(help="Result cache folder.")] = None,
    progress: Annotated[Progress, typer.Option(help="Progress bar on stderr.")] = Progress.auto,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 even when there are findings.")
    ] = False,
    allow_empty: Annotated[
        bool, typer.Option("--allow-empty", help="Exit 0, not 3, when no filing was checked.")
    ] = False,
    color: Annotated[Color, typer.Option(help="Colour in the text report.")] = Color.auto,
    stdin_filename: Annotated[
        str | None, typer.Option(help="Name of the filing read from standard input (-).")
    ] = None,
    show_settings: Annotated[
        bool, typer.Option("--show-settings", help="Print the effective settings and exit.")
    ] = False,
    show_files: Annotated[
        bool, typer.Option("--show-files", help="List the files to check and those skipped.")
    ] = False,
) -> None:
    """检查文件或文件夹并报告问题。Check files or folders and report findings."""
    from perfgoals.commands.check import run_check
    from perfgoals.errors import UsageError
    from perfgoals.options import CheckOptions

    options = CheckOptions(
        paths=paths or [],
        format=format,
        output=output,
        select=select,
        extend_select=extend_select,
        ignore=ignore,
        fail_on=fail_on.value if fail_on else None,
        min_severity=min_severity.value if min_severity else None,
        lang=lang.value if lang else None,
        config=config,
        jobs=jobs,
        quiet=quiet,
        statistics=statistics,
        baseline=baseline,
        write_baseline=write_baseline,
        use_cache=not no_cache,
        cache_dir=cache_dir,
        progress=progress.value,
        exit_zero=exit_zero,
        allow_empty=allow_empty,
        color=color.value,
        stdin_filename=stdin_filename,
        show_settings=show_settings,
        show_files=show_files,
    )
    try:
        code = run_check(options)
    except UsageError as exc:
        _usage_error(str(exc))
    raise typer.Exit(code)


@app.command()
def annotate(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders.")],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="The copy (one file), or a folder for the mirrored tree."
        ),
    ] = None,
    author: Annotated[str, typer.Option(help="Author of the comments.")] = "perfgoals",
    min_severity: Annotated[
        FailOn | None, typer.Option(help="Lowest severity to comment on.")
    ] = None,
    select: SelectOption = None,
    extend_select: ExtendSelectOption = None,
    ignore: IgnoreOption = None,
    fail_on: FailOnOption = None,
    config: ConfigOption = None,
    baseline: Annotated[Path | None, typer.Option(help="Hide findings recorded in FILE.")] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", help="Parallel workers (default: CPU count).")
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Do not use the result cache.")
    ] = False,
    cache_dir: Annotated[Path | None, typer.Option(help="Result cache folder.")] = None,
) -> None:
    """写出带批注的审阅副本：每处问题一条 Word 批注。Write review copies with the findings as Word comments."""
    from perfgoals.commands.annotate import AnnotateOptions, run_annotate
    from perfgoals.errors import UsageError

    options = AnnotateOptions(
        paths=paths,
        output=output,
        select=select,
        extend_select=extend_select,
        ignore=ignore,
        fail_on=fail_on.value if fail_on else None,
        config=config,
        jobs=jobs,
        baseline=baseline,
        use_cache=not no_cache,
        cache_dir=cache_dir,
        min_severity=min_severity.value if min_severity else None,
        author=author,
    )
    try:
        code = run_annotate(options)
    except UsageError as exc:
        _usage_error(str(exc))
    raise typer.Exit(code)


@app.command()
def parse(
    path: Annotated[Path, typer.Argument(help="One filing (.docx or .txt).")],
    format: Annotated[ParseFormat, typer.Option("--format", "-f")] = ParseFormat.json,
    lang: Annotated[Lang, typer.Option(help="Language of error messages.")] = Lang.zh,
) -> None:
    """打印解析得到的记录（不运行规则）。Print the parsed records without running rules."""
    from perfgoals.commands.parse import run_parse

    if not path.exists():
        _usage_error(f"path does not exist: {path}")
    if path.is_dir():
        _usage_error(f"parse takes one file, not a folder: {path}")
    raise typer.Exit(run_parse(path, format.value, lang.value))


@app.command("rules")
def rules_command(
    lang: Annotated[Lang, typer.Option(help="Language of the names column.")] = Lang.zh,
) -> None:
    """列出全部规则。List every rule: code, name, severity, on/off."""
    from perfgoals.commands.info import list_rules

    list_rules(lang.value)


@app.command()
def explain(
    code: Annotated[str, typer.Argument(help="Rule code, e.g. PG201.")],
    lang: Annotated[Lang, typer.Option(help="Language.")] = Lang.zh,
) -> None:
    """解释一条规则。What a rule checks, why, examples, and how to fix."""
    from perfgoals.commands.info import explain_rule

    if not explain_rule(code, lang.value):
        _usage_error(f"unknown rule code: {code}")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("perfgoals: interrupted\n")
        sys.exit(130)


if __name__ == "__main__":
    main()
