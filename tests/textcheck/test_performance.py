"""Load and run-time budgets of the text checks, and their silence."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import time

import pytest

from perfgoals.textcheck import copied_heading, find_typos, truncated_ending
from perfgoals.textcheck.lexicon import load_lexicon

from .helpers import load_cases

_PROBE = """
import json, sys, time
import perfgoals.textcheck
from perfgoals.textcheck import lexicon
loaded_at_import = lexicon.load_lexicon.cache_info().currsize
dev_tools = sorted(name for name in ("jieba", "pypinyin") if name in sys.modules)
start = time.perf_counter()
lexicon.load_lexicon()
print(json.dumps({"loaded_at_import": loaded_at_import, "dev_tools": dev_tools,
                  "load": time.perf_counter() - start}))
"""


def _probe() -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True
    )
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_import_loads_no_data_and_first_load_is_fast() -> None:
    runs = [_probe() for _ in range(3)]
    assert all(run["loaded_at_import"] == 0 for run in runs)
    assert all(run["dev_tools"] == [] for run in runs)  # jieba/pypinyin: build time only
    assert min(float(str(run["load"])) for run in runs) <= 0.050


def _fields() -> list[str]:
    texts = [case.text for case in load_cases()]
    return (texts * (1000 // len(texts) + 1))[:1000]


def test_thousand_fields_in_fifty_milliseconds() -> None:
    load_lexicon()
    fields = _fields()
    for text in fields:  # warm the lazily decoded word groups
        find_typos(text)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for text in fields:
            find_typos(text)
        best = min(best, time.perf_counter() - start)
    assert best <= 0.050


def test_checks_print_and_log_nothing(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for text in ("踧踖金融市场稳定", "购吗慰问品", "政务外网专线按照", "a\n（二）综合科。"):
        find_typos(text)
        truncated_ending(text)
        copied_heading(text)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
    assert caplog.records == []
