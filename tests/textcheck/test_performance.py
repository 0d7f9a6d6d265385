"""Load and run-time budgets of the text checks, and their silence."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

import pytest

from perfgoals.textcheck import copied_heading, find_typos, truncated_ending

_PROBE = """
import json, sys, time
import perfgoals.textcheck
from perfgoals.textcheck import charmodel, lexicon
loaded_at_import = (
    lexicon.load_lexicon.cache_info().currsize + charmodel.load_model.cache_info().currsize
)
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


def test_import_loads_no_data() -> None:
    # Timings are measured by bench/typo_precision.py, not asserted here: a
    # loaded CI machine must not fail the suite.
    run = _probe()
    assert run["loaded_at_import"] == 0
    assert run["dev_tools"] == []  # jieba/pypinyin: build time only


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
