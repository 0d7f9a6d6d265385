"""Legacy-format conversion: LibreOffice's protocol (with stand-in scripts),
its timeout and clean-up, and the real thing where ``soffice`` is installed."""

from __future__ import annotations

import io
import stat
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

import pytest
from cfb import compound_file, word_stream
from make_corpus import clean_docx, find_soffice, soffice_export

from perfgoals.errors import UnreadableFileError
from perfgoals.model import Filing
from perfgoals.pipeline import load_filing
from perfgoals.read import convert, read_path
from perfgoals.read.limits import DEFAULT_LIMITS, Limits
from perfgoals.read.ole import classify

# LibreOffice takes seconds per file: real conversions are slow tests (.ci/run runs them).
needs_soffice = pytest.mark.skipif(find_soffice() is None, reason="needs LibreOffice (soffice)")

FORMAT_KEYS = {"source", "field_sources", "notes", "encoding", "source_format", "path"}


def content(filing: Filing) -> object:
    def strip(value: object) -> object:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in FORMAT_KEYS}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(asdict(filing))


def fake_soffice(folder: Path, body: str) -> Path:
    """A stand-in ``soffice``: a shell script; ``$OUTDIR`` is the --outdir it was given."""
    script = folder / "soffice"
    script.write_text(
        "#!/bin/sh\n"
        'OUTDIR=""; prev=""\n'
        'for arg in "$@"; do [ "$prev" = "--outdir" ] && OUTDIR="$arg"; prev="$arg"; done\n'
        f"{body}\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary-files folder of the test's own, to see what is left in it."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def legacy_doc(tmp_path: Path) -> Path:
    path = tmp_path / "filing.doc"
    path.write_bytes(compound_file({"WordDocument": word_stream() + bytes(8192)}))
    return path


def test_protocol_private_copy_profile_and_home(
    tmp_path: Path, private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = tmp_path / "record.txt"
    docx = tmp_path / "converted.docx"
    docx.write_bytes(clean_docx())
    script = fake_soffice(
        tmp_path,
        f'printf "%s\\n" "$@" "HOME=$HOME" "TMPDIR=$TMPDIR" > {record}\n'
        f'mkdir -p "$OUTDIR" && cp {docx} "$OUTDIR/filing.docx"',
    )
    monkeypatch.setattr(convert, "find_soffice", lambda: str(script))
    source = legacy_doc(tmp_path)
    before = (source.read_bytes(), source.stat().st_mtime_ns)
    grid = read_path(source)
    assert grid.tables() and any("converted from doc" in note for note in grid.notes)
    args = record.read_text("utf-8").splitlines()
    assert "--headless" in args and "docx:MS Word 2007 XML" in args
    profile = next(a for a in args if a.startswith("-env:UserInstallation=file://"))
    work = Path(args[-1].removeprefix("TMPDIR="))
    assert profile.startswith(f"-env:UserInstallation={work.as_uri()}")
    assert f"HOME={work}" in args and work.parent == private_tmp
    converted_input = Path(args[-3])
    assert converted_input != source and converted_input.parent.parent == work
    assert (source.read_bytes(), source.stat().st_mtime_ns) == before
    assert sorted(p.name for p in source.parent.iterdir()) == sorted(
        ["filing.doc", "converted.docx", "record.txt", "soffice", "tmp"]
    )
    assert list(private_tmp.iterdir()) == []  # the work folder is gone


def test_no_output_is_a_failed_conversion(
    tmp_path: Path, private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2; exit 0")
    monkeypatch.setattr(convert, "find_soffice", lambda: str(script))
    with pytest.raises(UnreadableFileError) as info:
        read_path(legacy_doc(tmp_path))
    assert info.value.reason == "conversion-failed"
    assert "另存为" in info.value.message_zh and "save it as .docx" in info.value.message_en
    assert list(private_tmp.iterdir()) == []


def test_timeout_kills_the_whole_process_group(
    tmp_path: Path, private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pids = tmp_path / "pids.txt"
    # A launcher that starts a helper and hangs, as a stuck soffice would.
    script = fake_soffice(tmp_path, f"sleep 60 & echo $! > {pids}; echo $$ >> {pids}; wait")
    monkeypatch.setattr(convert, "find_soffice", lambda: str(script))
    started = time.perf_counter()
    with pytest.raises(UnreadableFileError) as info:
        convert.to_docx(b"x", "doc", Limits(convert_timeout=1))
    assert time.perf_counter() - started < 10
    assert info.value.reason == "conversion-timeout" and "超时" in info.value.message_zh
    for pid in map(int, pids.read_text().split()):
        assert not _running(pid)
    assert list(private_tmp.iterdir()) == []


def _running(pid: int) -> bool:
    """Alive and not a zombie (a killed orphan may wait for a reaper)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def test_converter_gets_its_own_memory_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    record = tmp_path / "limits.txt"
    script = fake_soffice(tmp_path, f"ulimit -v > {record}; ulimit -c >> {record}")
    monkeypatch.setattr(convert, "find_soffice", lambda: str(script))
    with pytest.raises(UnreadableFileError):
        convert.to_docx(b"x", "doc", Limits(convert_memory_bytes=512 * 1024 * 1024))
    memory_kib, core = record.read_text().split()
    assert int(memory_kib) == 512 * 1024 and core == "0"


def test_without_libreoffice_the_message_says_how_to_convert(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(convert, "find_soffice", lambda: None)
    with pytest.raises(UnreadableFileError) as info:
        read_path(legacy_doc(tmp_path))
    error = info.value
    assert error.reason == "legacy-word"
    assert "另存为" in error.message_zh and "Word 文档（*.docx）" in error.message_zh
    assert "Save As" in error.message_en and "LibreOffice" in error.message_en


@needs_soffice
@pytest.mark.slow
@pytest.mark.parametrize("target", ["doc", "rtf", "odt"])
def test_real_conversion_gives_the_records_of_the_docx(
    target: str, tmp_path: Path, private_tmp: Path
) -> None:
    original = tmp_path / "original.docx"
    original.write_bytes(clean_docx())
    legacy = tmp_path / f"filing.{target}"
    legacy.write_bytes(soffice_export(target))
    before = legacy.stat().st_mtime_ns
    assert content(load_filing(legacy)) == content(load_filing(original))
    assert legacy.stat().st_mtime_ns == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["original.docx", f"filing.{target}", "tmp"]
    )  # no lock file or output beside the input
    assert list(private_tmp.iterdir()) == []


@needs_soffice
@pytest.mark.slow
def test_real_doc_is_a_word_compound_file() -> None:
    assert classify(soffice_export("doc")) == "word"


def test_encrypted_with_msoffcrypto_is_password_protected(tmp_path: Path) -> None:
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    encrypted = io.BytesIO()
    office = ooxml.OOXMLFile(io.BytesIO(clean_docx()))
    office.encrypt("secret", encrypted)
    path = tmp_path / "locked.docx"
    path.write_bytes(encrypted.getvalue())
    assert classify(encrypted.getvalue()) == "encrypted-ooxml"
    with pytest.raises(UnreadableFileError) as info:
        read_path(path)
    assert info.value.reason == "password-protected"


def test_default_limits_leave_room_for_real_conversions() -> None:
    assert DEFAULT_LIMITS.convert_timeout >= 30
    assert DEFAULT_LIMITS.convert_memory_bytes >= 1024 * 1024 * 1024
