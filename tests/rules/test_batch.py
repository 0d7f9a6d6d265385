"""Twins are one filing for the cross-file rules: a filing beside its export,
a byte-identical copy, or a file with the same projects raise no PG701 against
each other, and PG702 says once per pair that the same filing is there twice.
Two different filings sharing a code still get PG701."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from perfgoals.findings import FileResult
from perfgoals.rules.batch import FileFacts, Twin, find_twins
from perfgoals.runner import collect_inputs, run
from perfgoals.settings import Settings

from conftest import SAMPLE_DOCX, SAMPLE_TXT
from gen.repository import make_repository


def check(folder: Path, cwd: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, FileResult]:
    monkeypatch.chdir(cwd)
    result = run(collect_inputs([folder.relative_to(cwd)]), Settings(), jobs=1)
    return {r.path: r for r in result.files}


def rule_findings(results: dict[str, FileResult], rule: str) -> list[tuple[str, str]]:
    return [(path, f.message) for path, r in results.items() for f in r.findings if f.rule == rule]


def test_repository_of_filings_twins_and_one_real_duplicate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repository(tmp_path / "filings")
    results = check(repo.root, tmp_path, monkeypatch)
    prefix = "filings/"

    # PG701 exactly for the two different filings that share a code: once, naming the other.
    one, other, code = repo.duplicate_code
    duplicates = rule_findings(results, "PG701")
    assert len(duplicates) == 1, duplicates
    path, message = duplicates[0]
    assert {path} < {prefix + one, prefix + other} and code in message
    assert (prefix + other if path == prefix + one else prefix + one) in message

    # PG702 once per twin pair, listed under one file and naming the other.
    notes = rule_findings(results, "PG702")
    pairs = {frozenset((prefix + a, prefix + b)) for a, b in repo.twins}
    assert len(notes) == len(pairs), notes
    for path, message in notes:
        partners = {name for pair in pairs if path in pair for name in pair - {path}}
        assert any(partner in message for partner in partners), (path, message)
    assert all(f.severity == "info" for r in results.values() for f in r.findings
               if f.rule == "PG702")

    # The real defect is found; the notes are no filing and get no finding.
    defect_path, defect_rule = repo.defect
    assert defect_rule in {f.rule for f in results[prefix + defect_path].findings}
    for name in repo.not_filings:
        assert results[prefix + name].status == "not-a-filing"
        assert results[prefix + name].findings == []


def test_sample_and_its_export_and_a_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(SAMPLE_DOCX, folder / "dingzhou.docx")
    shutil.copyfile(SAMPLE_TXT, folder / "dingzhou.txt")
    shutil.copyfile(SAMPLE_TXT, folder / "M03.TXT")
    results = check(folder, tmp_path, monkeypatch)
    assert rule_findings(results, "PG701") == []
    assert len(rule_findings(results, "PG702")) == 2  # three files, one filing: two pairs


def test_a_changed_copy_is_not_a_twin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Near miss: the sample under another name with one project renamed shares
    every other code but is neither a copy, an export nor the same records."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(SAMPLE_TXT, folder / "a.txt")
    text = SAMPLE_TXT.read_text("utf-8")
    code = "434-0101-JBN-A8CL"
    assert code in text
    (folder / "b.txt").write_text(text.replace(code, "434-0101-JBN-ZZZZ"), encoding="utf-8")
    results = check(folder, tmp_path, monkeypatch)
    assert rule_findings(results, "PG702") == []
    duplicates = rule_findings(results, "PG701")
    assert duplicates and all(path == "in/b.txt" for path, _ in duplicates)
    assert not any(code in message for _, message in duplicates)


def facts(path: str, source: Path | None = None, *codes: str) -> FileFacts:
    return FileFacts(path, source, tuple((code, f"项目{code}") for code in codes))


def test_find_twins_kinds(tmp_path: Path) -> None:
    (tmp_path / "x.bin").write_bytes(b"same")
    (tmp_path / "y.bin").write_bytes(b"same")
    (tmp_path / "z.bin").write_bytes(b"diff")  # same size, other bytes
    files = [
        facts("a/x.docx", tmp_path / "x.bin", "1"),
        facts("a/X.txt", None, "9"),  # same folder and stem: an export
        facts("b/x.docx", tmp_path / "z.bin", "2"),  # same stem, other folder: no
        facts("c/copy.docx", tmp_path / "y.bin", "3"),  # identical bytes
        facts("d/other.docx", None, "2"),  # the same records as b/x.docx
        facts("e/partial.docx", None, "2", "4"),  # more projects: no
    ]
    pairs, first_of = find_twins(files)
    assert pairs == [
        Twin("a/X.txt", "a/x.docx", "export"),
        Twin("c/copy.docx", "a/x.docx", "identical"),
        Twin("d/other.docx", "b/x.docx", "records"),
    ]
    assert first_of == {"a/X.txt": "a/x.docx", "c/copy.docx": "a/x.docx",
                        "d/other.docx": "b/x.docx"}


def test_unreadable_files_are_not_twins_by_name() -> None:  # near miss of "export"
    files = [FileFacts("a.docx", None, (), readable=False), FileFacts("a.txt", None, ())]
    assert find_twins(files) == ([], {})


def test_pipes_and_empty_files_are_never_read_for_twins(tmp_path: Path) -> None:
    """A named pipe has size 0 like an empty file: comparing their bytes must
    not open the pipe for reading (it would block the run forever)."""
    import os

    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "empty2.docx").write_bytes(b"")
    files = [FileFacts(name, tmp_path / name, ()) for name in ("empty.txt", "pipe.txt", "empty2.docx")]
    pairs, _ = find_twins(files)
    assert pairs == [Twin("empty2.docx", "empty.txt", "identical")]
    # Unreadable files (PG001 each) are never twins, not even byte-identical ones.
    unreadable = [FileFacts(f.path, f.source, (), readable=False) for f in files]
    assert find_twins(unreadable) == ([], {})
