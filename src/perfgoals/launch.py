"""Console entry point: the common runs start without the CLI framework.

``perfgoals --version`` and a plain ``perfgoals check PATH... [OPTIONS]`` (what
pre-commit runs on every commit) are recognised here, with a strict reading of
the command line that only ever accepts what ``cli.py`` would parse the same
way; importing typer and its click costs more than checking a small filing.
Everything else (help, an unknown or malformed option, a repeated option,
``--``, shell completion, the other commands) goes to ``cli.py`` unchanged,
which parses it and reports any usage error in the user's language. A test
runs a matrix of command lines through both and compares the options built.
"""

from __future__ import annotations

import os
import sys

from perfgoals import __version__

TYPE_CHECKING = False  # typing itself costs 5 ms of start-up; mypy reads this name
if TYPE_CHECKING:  # pathlib and typing are not needed to print the version
    from collections.abc import Callable, Sequence
    from pathlib import Path
    from typing import Any

# check's options that take a value: name -> (field of CheckOptions, converter).
# A converter returns None for a value it does not accept as cli.py would;
# the full command line then parses it (and reports the error).
_SEVERITIES = ("error", "warning", "info")
_MODES = ("auto", "always", "never")


def _text(value: str) -> str | None:
    return value


def _path(value: str) -> Path | None:
    from pathlib import Path

    # click's Path type fails on an existing path that is not readable.
    if not value or (os.path.exists(value) and not os.access(value, os.R_OK)):
        return None
    return Path(value)


def _choice(*choices: str) -> Callable[[str], str | None]:
    def convert(value: str) -> str | None:
        return value if value in choices else None

    return convert


def _count(value: str) -> int | None:
    return int(value) if value.isascii() and value.isdigit() else None


_VALUED: dict[str, tuple[str, Callable[[str], Any]]] = {
    "--format": ("format", _text),
    "-f": ("format", _text),
    "--output": ("output", _path),
    "-o": ("output", _path),
    "--select": ("select", _text),
    "--extend-select": ("extend_select", _text),
    "--ignore": ("ignore", _text),
    "--fail-on": ("fail_on", _choice(*_SEVERITIES)),
    "--min-severity": ("min_severity", _choice(*_SEVERITIES)),
    "--lang": ("lang", _choice("zh", "en")),
    "--config": ("config", _path),
    "--jobs": ("jobs", _count),
    "-j": ("jobs", _count),
    "--baseline": ("baseline", _path),
    "--write-baseline": ("write_baseline", _path),
    "--cache-dir": ("cache_dir", _path),
    "--progress": ("progress", _choice(*_MODES)),
    "--color": ("color", _choice(*_MODES)),
    "--stdin-filename": ("stdin_filename", _text),
}
# check's flags: name -> (field of CheckOptions, value set).
_FLAGS: dict[str, tuple[str, bool]] = {
    "--quiet": ("quiet", True),
    "-q": ("quiet", True),
    "--statistics": ("statistics", True),
    "--no-statistics": ("statistics", False),
    "--no-cache": ("use_cache", False),
    "--exit-zero": ("exit_zero", True),
    "--allow-empty": ("allow_empty", True),
    "--show-settings": ("show_settings", True),
    "--show-files": ("show_files", True),
}


def check_fields(args: Sequence[str]) -> dict[str, Any] | None:
    """The fields of ``CheckOptions`` for ``perfgoals check`` with ``args``,
    or None when the command line is not one this reading accepts."""
    from pathlib import Path

    fields: dict[str, Any] = {}
    paths: list[Path] = []
    index = 0
    while index < len(args):
        arg = args[index]
        index += 1
        if arg == "-" or not arg.startswith("-"):
            if not arg:
                return None
            paths.append(Path(arg))
            continue
        if not arg.startswith("--") and len(arg) > 2:
            # A short option with its value attached (-j1, -fjson), as click
            # reads it; anything else (-qf, -f=json) is left to click.
            name, equals, attached = arg[:2], "", arg[2:]
            if name not in _VALUED or attached.startswith("="):
                return None
        else:
            name, equals, attached = arg.partition("=")
            if equals and not name.startswith("--"):
                return None  # -f=json: click reads the value as "=json"
        if name in _FLAGS and not equals and not attached:
            field, value = _FLAGS[name]
        elif name in _VALUED and (equals or attached or index < len(args)):
            raw = attached if (equals or attached) else args[index]
            if not (equals or attached):
                index += 1
                if raw.startswith("-") and raw != "-":
                    return None
            field, convert = _VALUED[name]
            value = convert(raw)
            if value is None:
                return None
        else:
            return None  # help, --, an unknown, combined or incomplete option
        if field in fields:
            return None  # repeated: leave the last-wins rule to click
        fields[field] = value
    fields["paths"] = paths
    return fields


def _usage_error(message: str, args: Sequence[str]) -> int:
    from perfgoals import clitext

    clitext.current_lang = clitext.lang_from_args(args)
    sys.stderr.write(clitext.usage_error_line(message) + "\n")
    sys.stderr.flush()
    return 2


def _run_check(fields: dict[str, Any], args: Sequence[str]) -> int:
    from perfgoals import compiled

    # Before the rules load: their patterns come compiled from the cache.
    compiled.install_pattern_cache()
    from perfgoals.commands.check import run_check
    from perfgoals.errors import UsageError
    from perfgoals.options import CheckOptions

    try:
        return run_check(CheckOptions(**fields))
    except UsageError as exc:
        return _usage_error(str(exc), args)
    finally:
        compiled.save_pattern_cache()


def quick_run(args: Sequence[str]) -> int | None:
    """Run ``args`` without the CLI framework and return the exit code, or
    None when the full command line must handle them."""
    if any(name.endswith("_COMPLETE") for name in os.environ):
        return None  # shell completion is the framework's
    if list(args) == ["--version"]:
        sys.stdout.write(f"perfgoals {__version__}\n")
        sys.stdout.flush()
        return 0
    if len(args) >= 1 and args[0] == "check":
        fields = check_fields(args[1:])
        if fields is not None:
            return _run_check(fields, args)
    return None


def _quiet_stdout() -> None:
    """After a closed pipe (``perfgoals check . | head``), later writes and the
    interpreter's final flush go nowhere instead of failing."""
    with open(os.devnull, "wb") as devnull:
        for stream in (sys.stdout, sys.stderr):
            try:
                os.dup2(devnull.fileno(), stream.fileno())
            except (OSError, ValueError):  # contextlib would cost an import here
                continue


def main() -> None:
    args = sys.argv[1:]
    try:
        code = quick_run(args)
    except KeyboardInterrupt:
        code = 130  # as the full command line exits on Ctrl-C
    except BrokenPipeError:
        _quiet_stdout()
        code = 1
    except EOFError:
        from perfgoals import clitext

        lang = clitext.lang_from_args(args)
        sys.stderr.write("\n" + clitext.WORDS[lang]["aborted"] + "\n")
        code = 1
    if code is not None:
        sys.exit(code)
    from perfgoals.cli import main as full_main

    full_main()


if __name__ == "__main__":
    main()
