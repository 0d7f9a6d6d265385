"""The command line speaks Chinese by default: every --help and -h, every
usage error; ``--lang en`` (or PERFGOALS_LANG=en) switches all of it."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from perfgoals.cli import app
from perfgoals.clitext import (
    COMMAND_HELP,
    OPTION_HELP,
    lang_from_args,
    translate_click_error,
    translate_usage_error,
)

from conftest import SAMPLE_TXT

COMMANDS = ("check", "annotate", "parse", "rules", "explain")
WITHOUT_LANG = ("annotate",)  # its comments are always Chinese


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=env or {"PERFGOALS_LANG": ""})
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_of_every_command_is_chinese_by_default(command: str, flag: str) -> None:
    code, out, _ = invoke(command, flag)
    assert code == 0
    assert out.startswith(f"用法：perfgoals {command} [选项]")
    assert "选项：" in out and "显示此帮助并退出。" in out
    assert COMMAND_HELP[command][0] in out
    for english in ("Usage:", "Options:", "Show this message", "[default:", "[required]"):
        assert english not in out


@pytest.mark.parametrize("command", COMMANDS)
def test_help_of_every_command_in_english_with_lang_en(command: str) -> None:
    if command in WITHOUT_LANG:  # no --lang option: the environment chooses
        code, out, _ = invoke(command, "--help", env={"PERFGOALS_LANG": "en"})
    else:
        code, out, _ = invoke(command, "--help", "--lang", "en")
    assert code == 0
    assert out.startswith(f"Usage: perfgoals {command} [OPTIONS]")
    assert COMMAND_HELP[command][1] in out and "用法" not in out and "选项：" not in out


def test_top_level_help_and_no_arguments() -> None:
    code, out, _ = invoke("--help")
    assert code == 0 and out.startswith("用法：perfgoals [选项] 命令 [参数]...")
    assert "命令：" in out and "检查文件或文件夹，报告发现的问题。" in out
    code, out, err = invoke()
    assert "用法：perfgoals" in out + err and "Usage" not in out + err
    code, out, _ = invoke("--help", env={"PERFGOALS_LANG": "en"})
    assert out.startswith("Usage: perfgoals [OPTIONS] COMMAND [ARGS]...")


# One usage error per command, as click raises it and as perfgoals does.
USAGE_ERRORS = {
    "check": [("check", "--bogus"), ("check",), ("check", str(SAMPLE_TXT), "--fail-on", "fatal"),
              ("check", "does-not-exist.docx"), ("check", str(SAMPLE_TXT), "--format", "xlsx")],
    "annotate": [("annotate",), ("annotate", "--bogus"),
                 ("annotate", str(SAMPLE_TXT), "--author", " ")],
    "parse": [("parse",), ("parse", "does-not-exist.docx"), ("parse", str(SAMPLE_TXT), "-f", "x")],
    "rules": [("rules", "--bogus"), ("rules", "--lang", "fr")],
    "explain": [("explain",), ("explain", "PG999")],
    "": [("nosuch",)],
}
CASES = [(command, args) for command, cases in USAGE_ERRORS.items() for args in cases]


@pytest.mark.parametrize(("command", "args"), CASES)
def test_usage_errors_are_chinese_by_default(command: str, args: tuple[str, ...]) -> None:
    code, out, err = invoke(*args)
    assert code == 2, (out, err)
    assert "错误：" in err and "Error" not in err and "error:" not in err
    message = err.split("错误：", 1)[1]
    # The message itself is Chinese, not an English sentence behind a Chinese label.
    assert any("\u4e00" <= char <= "\u9fff" for char in message), err
    for english in ("No such", "Missing", "Invalid value", "does not exist", "unknown", "needs"):
        assert english not in message, err


@pytest.mark.parametrize(("command", "args"), CASES)
def test_usage_errors_in_english_with_lang_en(command: str, args: tuple[str, ...]) -> None:
    if "--lang" in args or command in WITHOUT_LANG:  # the environment chooses
        code, _, err = invoke(*args, env={"PERFGOALS_LANG": "en"})
    else:
        code, _, err = invoke(*args, "--lang", "en")
    assert code == 2
    assert "Error: " in err or "perfgoals: error: " in err, err
    assert "错误" not in err


def test_usage_lines_point_at_the_help() -> None:
    _, _, err = invoke("check", "--bogus")
    assert err.startswith("用法：perfgoals check [选项]")
    assert "运行 'perfgoals check -h' 查看帮助。" in err
    assert "没有这个选项：--bogus" in err


def test_language_of_the_command_line() -> None:
    assert lang_from_args([], {}) == "zh"
    assert lang_from_args(["check", "--lang", "en"], {}) == "en"
    assert lang_from_args(["check", "--lang=en"], {}) == "en"
    assert lang_from_args(["check"], {"PERFGOALS_LANG": "en"}) == "en"
    assert lang_from_args(["--lang", "zh"], {"PERFGOALS_LANG": "en"}) == "zh"
    assert lang_from_args(["--lang", "fr"], {"PERFGOALS_LANG": "xx"}) == "zh"
    assert lang_from_args(["--", "--lang", "en"], {}) == "zh"  # a file named --lang


def test_messages_translate_and_unknown_ones_pass_through() -> None:
    assert translate_usage_error("path does not exist: a.docx", "zh") == "路径不存在：a.docx"
    assert translate_usage_error("x.toml: key 'fail-on': bad", "zh") == "x.toml：配置项 'fail-on' 有误：bad"
    assert translate_usage_error("something new", "zh") == "something new"
    assert translate_usage_error("path does not exist: a", "en") == "path does not exist: a"
    assert translate_click_error("Invalid value for '--jobs' / '-j': 'abc' is not a valid int.",
                                 "zh") == "选项 '--jobs' / '-j' 的值无效：'abc' 不是有效的 int"


def test_every_option_has_chinese_help() -> None:
    from typer.main import get_command

    group = get_command(app)
    missing = [
        (name, param.name)
        for name, command in [("", group), *group.commands.items()]  # type: ignore[attr-defined]
        for param in command.params
        if param.name != "help" and (name, param.name) not in OPTION_HELP
    ]
    assert missing == []


def test_console_script_speaks_chinese_without_the_environment() -> None:
    import os
    import subprocess
    import sys

    env = {key: value for key, value in os.environ.items() if key != "PERFGOALS_LANG"}
    result = subprocess.run(
        [sys.executable, "-m", "perfgoals", "check", "does-not-exist.docx"],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr == "perfgoals：错误：路径不存在：does-not-exist.docx\n"
    help_text = subprocess.run(
        [sys.executable, "-m", "perfgoals", "-h"], capture_output=True, text=True, env=env,
        timeout=60,
    ).stdout
    assert help_text.startswith("用法：python -m perfgoals [选项] 命令 [参数]...")
