"""The progress bar of a batch run (on stderr) and the closing summary.

The bar shows files done/total, rate, time left, the last file finished and
the error counts so far. It is drawn only on a terminal outside CI (``auto``),
so logs and pipes never fill with control codes. It refreshes from the
caller's thread, never from a thread of its own: the runner forks worker
processes while the bar is up, and a drawing thread could hold a lock across
the fork.
"""

from __future__ import annotations

import os
import sys
import time
from typing import IO, TYPE_CHECKING

from perfgoals.findings import FileResult

if TYPE_CHECKING:
    from rich.progress import Progress

    from perfgoals.runner import RunResult

_REFRESH_SECONDS = 0.1
_PATH_WIDTH = 40
_MIN_PATH = 8
_BAR_WIDTH = 30
_MIN_BAR = 5
_ETA_WIDTH = 7
_GAPS = 7  # spaces between the columns
_TOP_RULES = 5
_UNREADABLE_LISTED = 10

WORDS = {
    "zh": {
        "checking": "检查",
        "rate": "{rate:.0f} 个/秒",
        "errors": "错误 {errors}",
        "unreadable": "无法读取 {n}",
        "top": "最多的规则：",
        "unreadable_files": "无法读取的文件：",
        "more": "……另有 {n} 个",
        "cached": "，{n} 个文件的结果来自缓存",
        "interrupted": "检查被中断：报告只包含已完成的 {done}/{total} 个文件。",
    },
    "en": {
        "checking": "checking",
        "rate": "{rate:.0f} files/s",
        "errors": "errors {errors}",
        "unreadable": "unreadable {n}",
        "top": "Top rules: ",
        "unreadable_files": "Unreadable files: ",
        "more": "… and {n} more",
        "cached": ", {n} files from the cache",
        "interrupted": "Interrupted: the report covers only {done} of {total} files.",
    },
}


def wants_progress(mode: str, stream: IO[str] | None = None, files: int = 2) -> bool:
    """``auto``: only for more than one file, when ``stream`` (stderr) is a
    terminal and CI is unset (one file is done before a bar would tell anything)."""
    if mode == "always":
        return True
    if mode == "never" or files < 2:
        return False
    stream = stream if stream is not None else sys.stderr
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not os.environ.get("CI")


class ProgressBar:
    """A rich progress bar over ``total`` files; ``advance`` is the runner's
    per-result callback."""

    def __init__(self, total: int, lang: str = "zh", stream: IO[str] | None = None,
                 force: bool = False) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )
        from rich.table import Column

        self.words = WORDS[lang]
        self.console = Console(
            file=stream if stream is not None else sys.stderr,
            force_terminal=True if force else None,
            highlight=False,
            emoji=False,
        )
        # Counts and rate keep their width on a narrow terminal; the bar, the
        # error counts and the file name give way first.
        counts = 2 * len(str(total)) + 1
        self.bar = BarColumn(bar_width=_BAR_WIDTH)
        self.progress: Progress = Progress(
            TextColumn(self.words["checking"]),
            self.bar,
            MofNCompleteColumn(table_column=Column(no_wrap=True, min_width=counts)),
            TextColumn("{task.fields[rate]}", table_column=Column(no_wrap=True, min_width=9)),
            TimeRemainingColumn(),
            TextColumn("[red]{task.fields[errors]}[/red]",
                       table_column=Column(no_wrap=True, overflow="ellipsis")),
            TextColumn("[dim]{task.fields[current]}[/dim]",
                       table_column=Column(no_wrap=True, overflow="ellipsis")),
            console=self.console,
            auto_refresh=False,
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self.total = total
        self.counts_width = counts
        self.done = 0
        self.error_count = 0
        self.unreadable = 0
        self.started = time.perf_counter()
        self._last_refresh = 0.0
        self.task = self.progress.add_task(
            "check", total=total, rate="", errors="", current=""
        )
        self.progress.start()
        self.progress.refresh()

    def advance(self, result: FileResult) -> None:
        from rich.markup import escape

        self.done += 1
        self.error_count += sum(1 for f in result.findings if f.severity == "error")
        self.unreadable += result.status == "unreadable"
        now = time.perf_counter()
        elapsed = max(now - self.started, 1e-6)
        errors = self.words["errors"].format(errors=self.error_count)
        if self.unreadable:
            errors += " · " + self.words["unreadable"].format(n=self.unreadable)
        rate = self.words["rate"].format(rate=self.done / elapsed)
        current = self._fit(rate, errors, result.path)
        self.progress.update(self.task, advance=1, rate=rate, errors=errors,
                             current=escape(current))
        if now - self._last_refresh >= _REFRESH_SECONDS or self.done == self.total:
            self._last_refresh = now
            self.progress.refresh()

    def _fit(self, rate: str, errors: str, path: str) -> str:
        """Size the bar and the file name to the terminal, so the counts are
        never the part that gets cut."""
        from rich.cells import cell_len

        width = self.console.width
        rest = (
            cell_len(self.words["checking"]) + self.counts_width + cell_len(rate)
            + _ETA_WIDTH + cell_len(errors) + _GAPS
        )
        self.bar.bar_width = max(_MIN_BAR, min(_BAR_WIDTH, width - rest - _PATH_WIDTH))
        room = width - rest - (self.bar.bar_width or 0) - 1
        return _shorten(path, min(room, _PATH_WIDTH)) if room >= _MIN_PATH else ""

    def close(self) -> None:
        self.progress.stop()


def _shorten(path: str, width: int) -> str:
    from rich.cells import cell_len

    if cell_len(path) <= width:
        return path
    kept = ""
    for char in reversed(path):  # keep the end: the file name matters most
        if cell_len(kept) + cell_len(char) + 1 > width:
            break
        kept = char + kept
    return "…" + kept


def closing_summary(run: RunResult, lang: str, total: int | None = None) -> str:
    """Files, tables, findings by severity, the top rules, unreadable files and
    wall time: what a reviewer wants at the end of a batch, as plain lines."""
    from perfgoals.report.summary import summarise
    from perfgoals.report.text import summary_line
    from perfgoals.rules.registry import rule_title

    words = WORDS[lang]
    summary = summarise(run.files)
    first = summary_line(summary, lang, run.elapsed)
    if run.cached:
        first += words["cached"].format(n=run.cached)
    lines = [first]
    if summary.by_rule:
        separator = "，" if lang == "zh" else ", "
        lines.append(
            words["top"]
            + separator.join(
                f"{code} {rule_title(code, name, lang)} {count}"
                for code, name, count in summary.by_rule[:_TOP_RULES]
            )
        )
    unreadable = [r.path for r in run.files if r.status == "unreadable"]
    if unreadable:
        listed = ", ".join(unreadable[:_UNREADABLE_LISTED])
        if len(unreadable) > _UNREADABLE_LISTED:
            listed += " " + words["more"].format(n=len(unreadable) - _UNREADABLE_LISTED)
        lines.append(words["unreadable_files"] + listed)
    if run.interrupted:
        lines.append(
            words["interrupted"].format(done=len(run.files), total=total or len(run.files))
        )
    return "\n".join(lines) + "\n"
