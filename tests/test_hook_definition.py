"""The pre-commit hook's definition: it matches every format ``check`` reads
(the hook itself runs in tests/test_precommit.py, marked slow)."""

from __future__ import annotations

import re

import yaml

from perfgoals.read import SUPPORTED_SUFFIXES

from conftest import ROOT

(HOOK,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
# Read only through LibreOffice, which a pre-commit environment rarely has:
# left to the user's `files:` (a .doc that cannot be converted would fail every commit).
CONVERTED_ONLY = {".doc", ".wps", ".text"}
FORMATS = {".docx", ".xlsx", ".xls", ".ods", ".pdf", ".html", ".htm", ".mht", ".mhtml", ".txt"}


def matches(name: str) -> bool:
    return re.search(HOOK["files"], name) is not None


def test_hook_matches_every_format_check_reads() -> None:
    for suffix in FORMATS | (SUPPORTED_SUFFIXES - CONVERTED_ONLY):
        assert matches(f"filings/教育局{suffix}") and matches(f"A{suffix.upper()}"), suffix


def test_hook_leaves_other_files_alone() -> None:
    for name in ("README.md", "perfgoals.toml", "a.docx.bak", "scan.png", "notes.txt~", "x.py"):
        assert not matches(name), name


def test_hook_checks_all_files_in_one_call_and_lets_notes_pass() -> None:
    assert HOOK["entry"].split() == ["perfgoals", "check", "--allow-empty"]
    assert HOOK["require_serial"] is True and HOOK["language"] == "python"
