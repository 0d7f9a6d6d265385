"""The command line's own words: option help, usage and errors, in Chinese by
default and in English with ``--lang en``.

Which language the command line speaks (help, usage errors) is decided before
any option is parsed: ``--lang`` anywhere on the command line, else the
``PERFGOALS_LANG`` environment variable, else Chinese. (A config file's
``lang`` sets the language of the reports only: a broken config must not
change the language in which its error is told.)

Option help lives here, keyed by command and parameter, so ``cli.py`` keeps
one English string per option and stays easy to merge; an option missing
from the table keeps its English help (a test lists every option).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

LANGS = ("zh", "en")
ENV_LANG = "PERFGOALS_LANG"

# The language the running command line speaks; set by LocalizedGroup.main.
current_lang = "zh"

GROUP_HELP = {
    "zh": "检查绩效目标表（.docx、文本导出等），报告其中的问题。",
    "en": "Parse and validate budget performance-goal filings (绩效目标表).",
}

COMMAND_HELP: dict[str, tuple[str, str]] = {
    "check": (
        "检查文件或文件夹，报告发现的问题。",
        "Check files or folders and report findings.",
    ),
    "annotate": (
        "写出带批注的审阅副本：每处问题一条 Word 批注，标在出错的单元格上。",
        "Write review copies with the findings as Word comments.",
    ),
    "parse": (
        "打印解析得到的记录（不运行规则），用于查看程序读懂了什么。",
        "Print the parsed records without running rules.",
    ),
    "rules": ("列出全部规则：编号、名称、级别、是否默认开启。", "List every rule: code, name, "
              "severity, on/off."),
    "explain": (
        "解释一条规则：检查什么、为什么、错误和正确示例、如何修改。",
        "What a rule checks, why, examples, and how to fix.",
    ),
}

# (command, parameter name) -> (zh, en); "" is the group itself.
OPTION_HELP: dict[tuple[str, str], tuple[str, str]] = {
    ("", "version"): ("显示版本号并退出。", "Print the version."),
    ("", "help"): ("显示此帮助并退出。", "Show this message and exit."),
    ("check", "paths"): ("要检查的文件（.docx、.txt 等）或文件夹。", "Files (.docx, .txt) or folders."),
    ("check", "format"): (
        "报告格式：text（默认）、concise、json、sarif、github、gitlab、junit，或 xlsx、csv、html"
        "（需 --output）。",
        "Report format: text (default), concise, json, sarif, github, gitlab, junit; or xlsx, "
        "csv, html (with --output).",
    ),
    ("check", "output"): ("把报告写入文件 FILE。", "Write the report to FILE."),
    ("check", "select"): (
        "只运行这些规则编号或前缀（逗号分隔）；ALL 表示全部规则。",
        "Codes or prefixes to run; ALL for every rule.",
    ),
    ("check", "extend_select"): ("另外加入的规则编号或前缀。", "Codes or prefixes to add."),
    ("check", "ignore"): ("跳过的规则编号或前缀。", "Codes or prefixes to skip."),
    ("check", "fail_on"): (
        "达到此级别（error|warning|info）的问题使退出码为 1。",
        "Lowest severity that exits 1.",
    ),
    ("check", "min_severity"): (
        "只显示此级别及以上的问题，如 error 只显示错误（退出码仍按 --fail-on 计算全部问题）。",
        "Show only findings at or above this severity, e.g. error (the exit code still "
        "counts every finding against --fail-on).",
    ),
    ("check", "lang"): ("报告与提示的语言：zh 中文，en 英文。", "Language: zh or en."),
    ("check", "config"): (
        "配置文件（perfgoals.toml 或 pyproject.toml）。",
        "Config file (perfgoals.toml / pyproject.toml).",
    ),
    ("check", "jobs"): ("并行进程数（默认为 CPU 核数）。", "Parallel workers (default: CPU count)."),
    ("check", "quiet"): ("只显示汇总。", "Only the summary."),
    ("check", "statistics"): (
        "只显示按规则统计的问题数（含级别和中文名称）及汇总。",
        "Only the counts per rule (with level and title) and the summary.",
    ),
    ("check", "baseline"): ("不报告基线文件 FILE 中已记录的问题。", "Hide findings recorded in FILE."),
    ("check", "write_baseline"): ("把当前问题记录到基线文件 FILE。", "Record current findings in FILE."),
    ("check", "no_cache"): ("不使用结果缓存。", "Do not use the result cache."),
    ("check", "cache_dir"): ("结果缓存文件夹。", "Result cache folder."),
    ("check", "progress"): ("在标准错误输出上显示进度条：auto|always|never。", "Progress bar on stderr."),
    ("check", "exit_zero"): ("有问题时退出码也为 0。", "Exit 0 even when findings are reported."),
    ("check", "color"): ("颜色：auto|always|never。", "Colour: auto|always|never."),
    ("check", "stdin_filename"): (
        "从标准输入读取时使用的文件名。",
        "The file name to use for input read from stdin.",
    ),
    ("check", "show_settings"): ("显示生效的设置并退出。", "Show the effective settings and exit."),
    ("check", "show_files"): ("列出将要检查的文件并退出。", "List the files that would be checked."),
    ("check", "allow_empty"): (
        "没有检查任何绩效目标表时退出码为 0 而不是 3。",
        "Exit 0 instead of 3 when no filing was checked.",
    ),
    ("annotate", "paths"): ("要批注的文件或文件夹。", "Files or folders."),
    ("annotate", "output"): (
        "副本的文件名（一个文件时），或存放镜像目录的文件夹。",
        "The copy (one file), or a folder for the mirrored tree.",
    ),
    ("annotate", "author"): ("批注的作者。", "Author of the comments."),
    ("annotate", "min_severity"): ("只对此级别及以上的问题写批注。", "Lowest severity to comment on."),
    ("annotate", "select"): (
        "只运行这些规则编号或前缀（逗号分隔）；ALL 表示全部规则。",
        "Codes or prefixes to run; ALL for every rule.",
    ),
    ("annotate", "extend_select"): ("另外加入的规则编号或前缀。", "Codes or prefixes to add."),
    ("annotate", "ignore"): ("跳过的规则编号或前缀。", "Codes or prefixes to skip."),
    ("annotate", "fail_on"): (
        "达到此级别（error|warning|info）的问题使退出码为 1。",
        "Lowest severity that exits 1.",
    ),
    ("annotate", "config"): (
        "配置文件（perfgoals.toml 或 pyproject.toml）。",
        "Config file (perfgoals.toml / pyproject.toml).",
    ),
    ("annotate", "baseline"): ("不批注基线文件 FILE 中已记录的问题。", "Hide findings recorded in FILE."),
    ("annotate", "jobs"): ("并行进程数（默认为 CPU 核数）。", "Parallel workers (default: CPU count)."),
    ("annotate", "no_cache"): ("不使用结果缓存。", "Do not use the result cache."),
    ("annotate", "cache_dir"): ("结果缓存文件夹。", "Result cache folder."),
    ("parse", "path"): ("一个绩效目标表文件（.docx 或 .txt）。", "One filing (.docx or .txt)."),
    ("parse", "format"): ("输出格式：json 或 text。", "Output format: json or text."),
    ("parse", "lang"): ("错误信息的语言：zh 或 en。", "Language of error messages."),
    ("rules", "lang"): ("语言：zh 或 en。", "Language of the names column."),
    ("explain", "code"): ("规则编号，如 PG201。", "Rule code, e.g. PG201."),
    ("explain", "lang"): ("语言：zh 或 en。", "Language."),
}

# Click's own words in help and usage text.
_HELP_WORDS_ZH: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.M), replacement)
    for pattern, replacement in (
        (r"^Usage: ", "用法："),
        (r"^Options:$", "选项："),
        (r"^Arguments:$", "参数："),
        (r"^Commands:$", "命令："),
        (r"\[OPTIONS\]", "[选项]"),
        (r"\bCOMMAND \[ARGS\]\.\.\.", "命令 [参数]..."),
        (r"\[default: ([^\]]*)\]", r"[默认：\1]"),
        (r"\[required\]", "[必填]"),
        (r"Show this message and exit\.", "显示此帮助并退出。"),
    )
)

# Click's error messages (the text after "Error: ").
_CLICK_ERRORS_ZH: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"^No such option: (\S+) \(Possible options: (.*)\)$"),
     r"没有这个选项：\1（可能是：\2）"),
    (re.compile(r"^No such option: (\S+)$"), r"没有这个选项：\1"),
    (re.compile(r"^No such command '(.*)'\.$"), r"没有这个命令：\1"),
    (re.compile(r"^Missing command\.$"), "缺少命令"),
    (re.compile(r"^Missing argument '(.*)'\.$"), r"缺少参数 \1"),
    (re.compile(r"^Missing option '(.*)'\.$"), r"缺少选项 \1"),
    (re.compile(r"^Option '(.*)' requires an argument\.$"), r"选项 \1 需要一个值"),
    (re.compile(r"^Option '(.*)' requires (\d+) arguments\.$"), r"选项 \1 需要 \2 个值"),
    (re.compile(r"^Option '(.*)' does not take a value\.$"), r"选项 \1 不接受值"),
    (re.compile(r"^Got unexpected extra arguments? \((.*)\)$"), r"多余的参数：\1"),
    (re.compile(r"^Invalid value for (.+?): (.*)$", re.S),
     lambda m: f"选项 {m.group(1)} 的值无效：{_invalid_value_zh(m.group(2))}"),
)
_INVALID_VALUE_ZH: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(.*) is not a valid boolean\..*$", re.S), r"\1 不是布尔值"),
    (re.compile(r"^(.*) is not a valid (.*)\.$", re.S), r"\1 不是有效的 \2"),
    (re.compile(r"^(.*) is not in the range (.*)\.$", re.S), r"\1 不在范围 \2 之内"),
    (re.compile(r"^(.*) is not one of (.*)\.$", re.S), r"\1 不是可选的值（可选：\2）"),
    (re.compile(r"^(.*) is not (.*)\.$", re.S), r"\1 不是可选的值（可选：\2）"),
    (re.compile(r"^(.*) does not exist\.$", re.S), r"\1 不存在"),
)

# perfgoals' own usage errors (UsageError messages, raised all over the
# package in English), told in Chinese.
_USAGE_ERRORS_ZH: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.S), replacement)
    for pattern, replacement in (
        (r"^path does not exist: (.*)$", r"路径不存在：\1"),
        (r"^parse takes one file, not a folder: (.*)$", r"parse 只接受一个文件，不接受文件夹：\1"),
        (r"^unknown rule code: (.*)$", r"没有这条规则：\1"),
        (r"^unknown format '(.*)' \(choose from (.*)\)$", r"未知的报告格式 '\1'（可选：\2）"),
        (r"^--format (\S+) needs --output FILE$", r"--format \1 需要用 --output FILE 指定输出文件"),
        (r"^--jobs must be at least 1$", "--jobs 至少为 1"),
        (r"^(.*): unknown rule code or prefix '(.*)'$", r"\1：没有这个规则编号或前缀 '\2'"),
        (r"^config file not found: (.*)$", r"找不到配置文件：\1"),
        (r"^(.*): cannot read config: (.*)$", r"\1：无法读取配置文件：\2"),
        (r"^(.*): invalid TOML: (.*)$", r"\1：配置文件不是有效的 TOML：\2"),
        (r"^(.*): \[tool\.perfgoals\] must be a table$", r"\1：[tool.perfgoals] 必须是一个表"),
        (r"^(.*): 'extend' nests more than (\d+) files deep$", r"\1：extend 嵌套超过 \2 层"),
        (r"^(.*): key 'extend': file not found: (.*)$", r"\1：extend 指向的文件不存在：\2"),
        (r"^(.*): key 'extend': (.*) extends back to this file \(a cycle\)$",
         r"\1：extend 指向的 \2 又回到本文件（循环）"),
        (r"^(.*): key '(.*)': (.*)$", r"\1：配置项 '\2' 有误：\3"),
        (r"^--output '(.*)' is a folder, not a file$", r"--output '\1' 是文件夹，不是文件"),
        (r"^--output (.*) is one of the files being checked$", r"--output \1 是正在检查的文件之一"),
        (r"^cannot write the report to (.*): (.*)$", r"无法写入报告 \1：\2"),
        (r"^(.*): cannot write baseline: (.*)$", r"\1：无法写入基线文件：\2"),
        (r"^baseline file not found: (.*)$", r"找不到基线文件：\1"),
        (r"^(.*): cannot read baseline: (.*)$", r"\1：无法读取基线文件：\2"),
        (r"^(.*): invalid baseline: (.*)$", r"\1：基线文件无效：\2"),
        (r"^no path given \(a file, a folder, or - for standard input\)$",
         "没有给出路径（文件、文件夹，或用 - 表示标准输入）"),
        (r"^--show-files lists paths; it does not read standard input$",
         "--show-files 只列出路径，不读取标准输入"),
        (r"^- \(standard input\) cannot be mixed with other paths$",
         "-（标准输入）不能与其他路径同时使用"),
        (r"^--stdin-filename needs - \(standard input\) as the only path$",
         "--stdin-filename 需要以 -（标准输入）作为唯一的路径"),
        (r"^standard input is larger than (\d+) MB$", r"标准输入超过 \1 MB"),
        (r"^annotating several files or a folder needs -o OUTDIR$",
         "批注多个文件或一个文件夹时需要用 -o OUTDIR 指定输出文件夹"),
        (r"^-o (.*) is a file; several copies need a folder$", r"-o \1 是文件；多个副本需要一个文件夹"),
        (r"^-o (.*) holds the input folder (.*); the copies would replace the inputs\. "
         r"Choose another folder$", r"-o \1 包含输入文件夹 \2，副本会替换输入文件，请换一个文件夹"),
        (r"^(.*) and (.*) would both be written to (.*)$", r"\1 和 \2 会写到同一个文件 \3"),
        (r"^output (.*) is a folder$", r"输出 \1 是文件夹"),
        (r"^output (.*) is one of the input files; inputs are never written$",
         r"输出 \1 是输入文件之一；输入文件从不改写"),
        (r"^--author must not be empty$", "--author 不能为空"),
    )
)

WORDS = {
    "zh": {"error": "错误：", "prefix": "perfgoals：错误：", "hint": "运行 '{command}' 查看帮助。",
           "aborted": "已中止。"},
    "en": {"error": "Error: ", "prefix": "perfgoals: error: ", "hint": "Try '{command}' for help.",
           "aborted": "Aborted!"},
}


def lang_from_args(args: Sequence[str], environ: dict[str, str] | None = None) -> str:
    """``--lang X`` / ``--lang=X`` on the command line, else PERFGOALS_LANG, else zh."""
    for index, arg in enumerate(args):
        if arg == "--":
            break
        value = None
        if arg == "--lang" and index + 1 < len(args):
            value = args[index + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in LANGS:
            return value
    env = (environ if environ is not None else dict(os.environ)).get(ENV_LANG, "")
    return env if env in LANGS else "zh"


def translate_help(text: str, lang: str) -> str:
    if lang != "zh":
        return text
    for pattern, replacement in _HELP_WORDS_ZH:
        text = pattern.sub(replacement, text)
    return text


def _invalid_value_zh(detail: str) -> str:
    for pattern, replacement in _INVALID_VALUE_ZH:
        if pattern.match(detail):
            return pattern.sub(replacement, detail, count=1)
    return detail


def translate_click_error(message: str, lang: str) -> str:
    if lang != "zh":
        return message
    for pattern, replacement in _CLICK_ERRORS_ZH:
        match = pattern.match(message)
        if match:
            return replacement(match) if callable(replacement) else match.expand(replacement)
    return message


def translate_usage_error(message: str, lang: str) -> str:
    """A perfgoals UsageError's message in ``lang`` (the English one as written)."""
    if lang != "zh":
        return message
    for pattern, replacement in _USAGE_ERRORS_ZH:
        match = pattern.match(message)
        if match:
            return match.expand(replacement)
    return message


def usage_error_line(message: str, lang: str | None = None) -> str:
    lang = lang or current_lang
    return WORDS[lang]["prefix"] + translate_usage_error(message, lang)


def localize(command: Any, lang: str, name: str = "") -> None:
    """Set the help of ``command`` (a click group or command) and its parameters,
    and of its subcommands, to ``lang``."""
    index = LANGS.index(lang)
    if name == "":
        command.help = GROUP_HELP[lang]
    elif name in COMMAND_HELP:
        command.help = COMMAND_HELP[name][index]
        command.short_help = None
    for param in command.params:
        texts = OPTION_HELP.get((name, param.name or ""))
        if texts is not None and hasattr(param, "help"):
            param.help = texts[index]
    for sub_name, sub in getattr(command, "commands", {}).items():
        sub.context_class = _context_class()
        localize(sub, lang, sub_name)


def show_click_error(error: Any, lang: str) -> None:
    """A click usage error as click shows it, in ``lang``."""
    words = WORDS[lang]
    ctx = getattr(error, "ctx", None)
    out = sys.stderr
    if ctx is not None:
        out.write(ctx.get_usage() + "\n")
        if ctx.command.get_help_option(ctx) is not None:
            command = f"{ctx.command_path} {ctx.help_option_names[0]}"
            out.write(words["hint"].format(command=command) + "\n")
        out.write("\n")
    out.write(words["error"] + translate_click_error(error.format_message(), lang) + "\n")
    out.flush()


_CONTEXT_CLASS: type[Any] | None = None


def _context_class() -> type[Any]:
    """A click Context whose help and usage text speak the current language."""
    global _CONTEXT_CLASS
    if _CONTEXT_CLASS is None:
        from typer.core import TyperCommand

        base: type[Any] = TyperCommand.context_class
        formatter_base: type[Any] = base.formatter_class

        class WideTextFormatter(formatter_base):  # type: ignore[misc]
            """Click's help layout, wrapped by display width (a Chinese
            character takes two columns) with Chinese line-breaking."""

            def write_text(self, text: str) -> None:
                from perfgoals.report.wrap import wrap_text

                indent = " " * self.current_indent
                for paragraph in text.split("\n\n"):
                    body = " ".join(paragraph.split())
                    for line in wrap_text(body, max(self.width - len(indent), 20)):
                        self.write(f"{indent}{line}\n")

            def write_dl(
                self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
            ) -> None:
                from perfgoals.report.wrap import text_width, wrap_text

                rows = list(rows)
                first_col = min(max((text_width(a) for a, _ in rows), default=0), col_max)
                first_col += col_spacing
                pad = " " * self.current_indent
                for first, second in rows:
                    self.write(f"{pad}{first}")
                    if not second:
                        self.write("\n")
                        continue
                    if text_width(first) <= first_col - col_spacing:
                        self.write(" " * (first_col - text_width(first)))
                    else:
                        self.write("\n" + " " * (first_col + self.current_indent))
                    room = max(self.width - first_col - self.current_indent, 20)
                    lines = wrap_text(" ".join(second.split()), room)
                    self.write(lines[0] + "\n")
                    for line in lines[1:]:
                        self.write(" " * (first_col + self.current_indent) + line + "\n")

        class LocalizedContext(base):  # type: ignore[misc]
            formatter_class = WideTextFormatter
            def get_help(self) -> str:
                return translate_help(str(super().get_help()), current_lang)

            def get_usage(self) -> str:
                return translate_help(str(super().get_usage()), current_lang)

        _CONTEXT_CLASS = LocalizedContext
    return _CONTEXT_CLASS


def _click_exceptions() -> Any:
    import importlib

    try:  # typer 0.28 carries its own copy of click
        return importlib.import_module("typer._click.exceptions")
    except ImportError:  # pragma: no cover - older typer uses click itself
        return importlib.import_module("click.exceptions")


def localized_group() -> type[Any]:
    """The Typer group class of the ``perfgoals`` app: help and usage errors in
    the command line's language."""
    from typer.core import TyperGroup

    class LocalizedGroup(TyperGroup):
        context_class = _context_class()

        def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
            global current_lang
            argv = list(sys.argv[1:] if args is None else args)
            current_lang = lang_from_args(argv)
            localize(self, current_lang)
            standalone = extra.pop("standalone_mode", True)
            extra["standalone_mode"] = False  # errors are shown here, translated
            exceptions = _click_exceptions()
            try:
                result = super().main(argv, *rest, **extra)
            except exceptions.ClickException as error:
                if not standalone:
                    raise
                if type(error).__name__ == "NoArgsIsHelpError":
                    error.show()  # the help itself, already in the language
                else:
                    show_click_error(error, current_lang)
                sys.exit(error.exit_code)
            except exceptions.Abort:
                if not standalone:
                    raise
                sys.stderr.write(WORDS[current_lang]["aborted"] + "\n")
                sys.exit(1)
            if not standalone:
                return result
            sys.exit(result if isinstance(result, int) else 0)

    return LocalizedGroup
