"""``perfgoals check --format X`` end to end, in parallel, to stdout and to a file."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

FORMATS = ("concise", "github", "gitlab", "junit", "sarif")


def check(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfgoals", "check", ".", "--jobs", "2", "--no-cache", *args],
        capture_output=True, text=True, cwd=folder, timeout=120,
    )


def parse(fmt: str, text: str) -> int:
    """How many findings the report holds."""
    if fmt == "sarif":
        return len(json.loads(text)["runs"][0]["results"])
    if fmt == "gitlab":
        return len(json.loads(text))
    if fmt == "junit":
        return int(ET.fromstring(text).get("failures", "-1"))
    return len(text.splitlines())


@pytest.mark.parametrize("fmt", FORMATS)
def test_format_end_to_end(fmt: str, fixture_folder: Path, tmp_path: Path) -> None:
    summary = json.loads(check(fixture_folder, "--format", "json").stdout)["summary"]
    expected = summary["errors"] + summary["warnings"] + summary["infos"]
    result = check(fixture_folder, "--format", fmt)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert parse(fmt, result.stdout) == expected
    target = tmp_path / f"report.{fmt}"
    written = check(fixture_folder, "--format", fmt, "--output", str(target))
    assert written.returncode == 1 and written.stdout == ""
    assert parse(fmt, target.read_text("utf-8")) == expected


def test_reporters_import_neither_pydantic_nor_lxml() -> None:
    modules = ", ".join(f"perfgoals.report.{fmt}" for fmt in FORMATS)
    code = (
        f"import sys, importlib\nfor m in '{modules}'.split(', '): importlib.import_module(m)\n"
        "print(','.join(m for m in ('pydantic', 'lxml', 'docx') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
