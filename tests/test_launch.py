"""The quick command line (launch.py) builds exactly the options that the full
one (cli.py) builds, and hands everything else to the full one."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import perfgoals.commands.check
from perfgoals.cli import app
from perfgoals.launch import check_fields, quick_run
from perfgoals.options import CheckOptions

from conftest import ROOT, SAMPLE_TXT

# Command lines the quick reading accepts: every option of check, both
# spellings, values attached with = and apart, options between the paths.
ACCEPTED = [
    [],
    ["a.txt"],
    ["a.txt", "b folder", "-"],
    ["-"],
    ["a.txt", "--format", "json", "b.txt"],
    ["-f", "sarif", "-o", "out.sarif", "a.txt"],
    ["--format=concise", "--output=-", "a.txt"],
    ["--select", "PG1,PG2", "--extend-select", "PG601", "--ignore", "PG3", "a.txt"],
    ["--select=ALL", "--ignore=", "a.txt"],
    ["--fail-on", "warning", "--min-severity", "info", "a.txt"],
    ["--fail-on=info", "--min-severity=error", "a.txt"],
    ["--lang", "en", "--config", "x.toml", "a.txt"],
    ["--lang=zh", "a.txt"],
    ["--jobs", "2", "a.txt"],
    ["--jobs=3", "a.txt"],
    ["-j1", "-fjson", "-oout.json", "a.txt"],
    ["-j", "2", "-f", "text", "-o", "-", "a.txt"],
    ["-j", "0", "a.txt"],  # a usage error, but run_check's, not the parser's
    ["-q", "--statistics", "a.txt"],
    ["--quiet", "--no-statistics", "a.txt"],
    ["--baseline", "b.json", "--write-baseline", "w.json", "a.txt"],
    ["--no-cache", "--cache-dir", "cache", "a.txt"],
    ["--progress", "never", "--color", "always", "a.txt"],
    ["--progress=always", "--color=never", "a.txt"],
    ["--exit-zero", "--allow-empty", "a.txt"],
    ["--stdin-filename", "x.txt", "-"],
    ["--stdin-filename=-x.txt", "-"],
    ["--show-settings"],
    ["--show-files", "a.txt"],
    ["--format", "nonsense", "a.txt"],  # run_check names the bad format
    ["中文 文件.txt", "--output", "报告.json"],
]

# Command lines left to the full parser: help, errors it reports, and forms
# whose reading is click's own business.
DECLINED = [
    ["--help"],
    ["-h"],
    ["a.txt", "--"],
    ["--", "-a.txt"],
    ["--unknown", "a.txt"],
    ["-x"],
    ["-qf", "json", "a.txt"],
    ["-f=json", "a.txt"],
    ["-j=1", "a.txt"],
    ["-qq", "a.txt"],
    ["-jx", "a.txt"],
    ["-x1", "a.txt"],
    ["--format"],
    ["--format", "--quiet", "a.txt"],
    ["--jobs", "two", "a.txt"],
    ["--jobs", "-1", "a.txt"],
    ["--jobs", " 2", "a.txt"],
    ["--fail-on", "ERROR", "a.txt"],
    ["--lang", "fr", "a.txt"],
    ["--progress", "sometimes", "a.txt"],
    ["--quiet=1", "a.txt"],
    ["--no-cache", "--no-cache", "a.txt"],
    ["-f", "json", "--format", "text", "a.txt"],
    ["--output", "", "a.txt"],
    [""],
    ["--version"],
    ["-5"],
]


def typer_options(args: list[str], monkeypatch: pytest.MonkeyPatch) -> CheckOptions:
    """The options cli.py hands to run_check for ``check *args``."""
    seen: list[CheckOptions] = []

    def capture(options: CheckOptions) -> int:
        seen.append(options)
        return 0

    monkeypatch.setattr(perfgoals.commands.check, "run_check", capture)
    result = CliRunner().invoke(app, ["check", *args])
    assert result.exit_code == 0, result.output
    (options,) = seen
    return options


@pytest.mark.parametrize("args", ACCEPTED, ids=" ".join)
def test_quick_reading_builds_the_same_options(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fields = check_fields(args)
    assert fields is not None, args
    assert CheckOptions(**fields) == typer_options(args, monkeypatch)


@pytest.mark.parametrize("args", DECLINED, ids=repr)
def test_other_command_lines_go_to_the_full_parser(args: list[str]) -> None:
    assert check_fields(args) is None


def test_an_unreadable_option_path_goes_to_the_full_parser(tmp_path: Path) -> None:
    config = tmp_path / "perfgoals.toml"
    config.write_text("", "utf-8")
    assert check_fields(["--config", str(config), "a.txt"]) is not None
    config.chmod(0)
    try:
        import os

        if os.access(config, os.R_OK):
            pytest.skip("running as a user who reads any file")
        assert check_fields(["--config", str(config), "a.txt"]) is None
    finally:
        config.chmod(0o600)


def test_other_commands_and_group_options_go_to_the_full_parser() -> None:
    for args in (["rules"], ["parse", "a.txt"], ["--version", "check"], ["--help"], []):
        assert quick_run(args) is None, args


def _run(entry: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", f"import sys; sys.argv[0] = 'perfgoals'; {entry}", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def _untimed(text: str) -> str:
    return re.sub(r"\d+\.\d+ s\b", "T s", text)  # the summary's elapsed time


QUICK = "from perfgoals.launch import main; main()"
FULL = "from perfgoals.cli import main; main()"


@pytest.mark.parametrize(
    "args",
    [
        ["--version"],
        ["check", str(SAMPLE_TXT), "--no-cache", "-q", "--lang", "en"],
        ["check", str(SAMPLE_TXT), "--no-cache", "--format", "nonsense"],
        ["check", "--lang", "zh", "--jobs", "0", str(SAMPLE_TXT)],
        ["check", "no-such-folder", "--no-cache"],
    ],
    ids=" ".join,
)
def test_quick_and_full_command_lines_print_and_exit_alike(args: list[str]) -> None:
    quick, full = _run(QUICK, *args), _run(FULL, *args)
    assert (quick.returncode, _untimed(quick.stdout), quick.stderr) == (
        full.returncode,
        _untimed(full.stdout),
        full.stderr,
    )


def test_quick_check_does_not_load_the_cli_framework() -> None:
    code = (
        "import sys\n"
        f"sys.argv = ['perfgoals', 'check', {str(SAMPLE_TXT)!r}, '--no-cache', '-q']\n"
        "from perfgoals.launch import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('LOADED=' + ','.join(m for m in ('typer', 'click') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.stderr.strip().endswith("LOADED="), result.stderr
