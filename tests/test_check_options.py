"""Options of ``check`` as ruff users expect them, and a run that checked
nothing is never a pass."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLE_TXT

EXIT_NOTHING_CHECKED = 3


def perfgoals(
    *args: str, cwd: Path, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "perfgoals", *args],
        capture_output=True, cwd=cwd, timeout=120, input=stdin,
        env={**os.environ, **(env or {})},
    )
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "filings").mkdir()
    shutil.copyfile(SAMPLE_TXT, tmp_path / "filings" / "dingzhou.txt")
    return tmp_path


def test_exit_zero_keeps_the_report(folder: Path) -> None:
    plain = perfgoals("check", "filings", "--format", "concise", "--no-cache", cwd=folder)
    zero = perfgoals("check", "filings", "--format", "concise", "--no-cache", "--exit-zero",
                     cwd=folder)
    assert plain.returncode == 1 and zero.returncode == 0
    assert zero.stdout == plain.stdout and "PG" in zero.stdout
    bad = perfgoals("check", "missing", "--exit-zero", cwd=folder)
    assert bad.returncode == 2  # a usage error is never hidden


def test_empty_folder_is_not_a_pass(folder: Path) -> None:
    (folder / "empty").mkdir()
    result = perfgoals("check", "empty", cwd=folder)
    assert result.returncode == EXIT_NOTHING_CHECKED
    assert "警告：没有检查任何绩效目标表" in result.stderr and "没有找到可检查的文件" in result.stderr
    english = perfgoals("check", "empty", "--lang", "en", cwd=folder)
    assert english.returncode == EXIT_NOTHING_CHECKED and "no filing was checked" in english.stderr
    allowed = perfgoals("check", "empty", "--allow-empty", cwd=folder)
    assert allowed.returncode == 0 and "警告" not in allowed.stderr
    # Even --exit-zero does not turn nothing into a pass.
    assert perfgoals("check", "empty", "--exit-zero", cwd=folder).returncode == 3


def test_only_notes_is_nothing_checked_and_only_unreadable_fails(folder: Path) -> None:
    notes = folder / "notes"
    notes.mkdir()
    (notes / "README.txt").write_text("本文件夹存放绩效目标表。\n请勿删除。\n", encoding="utf-8")
    result = perfgoals("check", "notes", "--format", "json", cwd=folder)
    assert result.returncode == EXIT_NOTHING_CHECKED, result.stderr
    assert json.loads(result.stdout)["files"] == []  # skipped quietly: no PG002
    assert "都不是绩效目标表" in result.stderr
    (notes / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    broken = perfgoals("check", "notes", "--format", "json", cwd=folder)
    assert broken.returncode == 1  # an unreadable filing fails (PG001), with the warning
    assert [f["rule"] for f in json.loads(broken.stdout)["files"][0]["findings"]] == ["PG001"]
    assert "无法读取" in broken.stderr


def test_a_text_with_one_label_is_a_filing_not_a_note(folder: Path) -> None:
    """Near miss of the skip: one label of a filing, and the file is checked
    (a broken filing is reported, never skipped as notes)."""
    (folder / "filings" / "half.txt").write_text("项目名称：校舍维修\n（其余内容缺失）\n",
                                                 encoding="utf-8")
    result = perfgoals("check", "filings/half.txt", "--format", "concise", cwd=folder)
    assert result.stdout.startswith("filings/half.txt:1: PG00") and result.returncode == 1


def test_show_files_lists_checked_and_skipped_with_reasons(folder: Path) -> None:
    filings = folder / "filings"
    (filings / "README.txt").write_text("说明：本文件夹存放报表。\n", encoding="utf-8")
    (filings / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (filings / "~$lock.docx").write_bytes(b"x")
    (filings / ".hidden").mkdir()
    (filings / "archive").mkdir()
    shutil.copyfile(SAMPLE_TXT, filings / "archive" / "old.txt")
    (folder / "perfgoals.toml").write_text('exclude = ["archive/*"]\n', encoding="utf-8")
    result = perfgoals("check", "--show-files", "filings", cwd=folder)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "check  filings/dingzhou.txt"
    assert set(lines[1:]) == {
        "skip   filings/.hidden/  (hidden)",
        "skip   filings/README.txt  (not a filing: no label of a performance-goal table)",
        "skip   filings/archive/old.txt  (excluded by 'archive/*')",
        "skip   filings/photo.jpg  (not a format perfgoals reads)",
        "skip   filings/~$lock.docx  (Word lock file)",
    }
    assert not (folder / ".perfgoals_cache").exists()  # nothing was checked


def test_stdin_with_a_filename(folder: Path) -> None:
    data = SAMPLE_TXT.read_bytes()
    named = perfgoals("check", "-", "--stdin-filename", "filings/dingzhou.txt", "--format", "json",
                      cwd=folder, stdin=data)
    from_file = perfgoals("check", "filings/dingzhou.txt", "--format", "json", "--no-cache",
                          cwd=folder)
    assert named.returncode == from_file.returncode == 1, named.stderr
    got, want = json.loads(named.stdout), json.loads(from_file.stdout)
    assert [f["path"] for f in got["files"]] == ["filings/dingzhou.txt"]
    assert got["files"][0]["findings"] == want["files"][0]["findings"]
    # The name takes part in per-file-ignores, as for a file on disk.
    (folder / "perfgoals.toml").write_text('[per-file-ignores]\n"filings/*" = ["PG4"]\n', "utf-8")
    ignored = perfgoals("check", "-", "--stdin-filename", "filings/dingzhou.txt", "--format",
                        "json", cwd=folder, stdin=data)
    assert not any(f["rule"].startswith("PG4") for f in json.loads(ignored.stdout)["files"][0]
                   ["findings"])
    # --stdin-filename alone reads standard input too; - cannot be mixed with paths.
    alone = perfgoals("check", "--stdin-filename", "x.txt", "-q", cwd=folder, stdin=data)
    assert alone.returncode == 1
    mixed = perfgoals("check", "-", "filings", cwd=folder, stdin=data)
    assert mixed.returncode == 2 and "standard input" in mixed.stderr
    empty = perfgoals("check", "-", "--format", "concise", cwd=folder, stdin=b"")
    assert empty.returncode == 1 and empty.stdout.startswith("-:1: PG001")


def test_color_always_and_never(folder: Path) -> None:
    always = perfgoals("check", "filings", "--color", "always", "--no-cache", cwd=folder)
    never = perfgoals("check", "filings", "--color", "never", "--no-cache", cwd=folder)
    auto = perfgoals("check", "filings", "--no-cache", cwd=folder)  # a pipe: no colour
    assert "\x1b[" in always.stdout
    assert "\x1b[" not in never.stdout and "\x1b[" not in auto.stdout
    assert perfgoals("check", "filings", "--color", "sometimes", cwd=folder).returncode == 2


def test_short_help(folder: Path) -> None:
    short, long = perfgoals("check", "-h", cwd=folder), perfgoals("check", "--help", cwd=folder)
    assert short.returncode == 0 and short.stdout == long.stdout
    assert "--exit-zero" in short.stdout and "--stdin-filename" in short.stdout
    assert perfgoals("-h", cwd=folder).returncode == 0


def test_a_filing_whose_cells_were_fused_is_never_skipped_as_notes(tmp_path: Path) -> None:
    """A table copied as text with its cells fused has no label at a line's
    start, but category names inside its lines: it is a filing (here PG002,
    as its table cannot be rebuilt), never skipped as notes."""
    from perfgoals.notfiling import is_not_a_filing

    fused = tmp_path / "fused.txt"
    fused.write_text("质量指标建档立卡学生全面覆盖100%10\n时效指标及时发放率达到目标值100%20\n", "utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text("会议纪要：下周二讨论预算公开的排版。\n", "utf-8")
    assert not is_not_a_filing(fused)
    assert is_not_a_filing(notes)


def test_a_fused_table_under_its_title_is_a_filing(tmp_path: Path) -> None:
    from perfgoals.notfiling import is_not_a_filing

    titled = tmp_path / "titled.txt"
    titled.write_text("2019年度高中助学金项目绩效评价指标表\n评价指标评价内容指标名称\n", "utf-8")
    assert not is_not_a_filing(titled)
