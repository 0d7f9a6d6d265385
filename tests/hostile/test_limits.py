"""Reader limits (configurable, checked before inflating), odd paths (pipes,
devices), the folder walk picking up legacy formats, and the OLE sniffing."""

from __future__ import annotations

import io
import os
import threading
import zipfile
from pathlib import Path

import pytest
from cfb import compound_file, word_stream
from make_corpus import clean_docx, clean_text, deflated_zip, document

from perfgoals.errors import UnreadableFileError
from perfgoals.read import SUPPORTED_SUFFIXES, read_bytes, read_path
from perfgoals.read.limits import (
    DEFAULT_LIMITS,
    Limits,
    limit_pairs_from_config,
    limits_from,
)
from perfgoals.read.ole import OleError, classify
from perfgoals.read.package import ElementCounter, parse_member, parse_xml, read_member
from perfgoals.runner import collect_inputs


def reason(data: bytes, limits: Limits = DEFAULT_LIMITS, name: str = "") -> str:
    with pytest.raises(UnreadableFileError) as info:
        read_bytes(data, name, limits)
    return info.value.reason


def test_defaults_read_a_real_filing_and_smaller_limits_refuse_it() -> None:
    assert read_bytes(clean_docx()).tables()
    assert reason(clean_docx(), Limits(max_part_bytes=10_000)) == "too-large"
    assert reason(clean_docx(), Limits(max_members=5)) == "too-large"
    assert reason(clean_docx(), Limits(max_total_bytes=100_000)) == "too-large"


def test_ratio_is_checked_before_inflating(monkeypatch: pytest.MonkeyPatch) -> None:
    head = document("")[: -len("</w:body></w:document>")].encode()
    bomb = deflated_zip("word/document.xml", head, b" ", 8 * 1024 * 1024)
    opened: list[str] = []
    original = zipfile.ZipFile.open

    def spy(self: zipfile.ZipFile, name: object, *args: object, **kwargs: object) -> object:
        opened.append(getattr(name, "filename", str(name)))
        return original(self, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    assert reason(bomb) == "too-large"
    assert "word/document.xml" not in opened  # refused from the directory alone
    # The same part with a ratio limit above its own is inflated and read.
    assert reason(bomb, Limits(max_ratio=2000)) == "damaged-docx"  # no closing tags


def test_limits_from_pairs() -> None:
    limits = limits_from([("max_part_bytes", 1000), ("convert_timeout", 5)])
    assert limits.max_part_bytes == 1000 and limits.convert_timeout == 5
    assert limits.max_members == DEFAULT_LIMITS.max_members
    with pytest.raises(ValueError, match="unknown limit 'max_parts'"):
        limits_from([("max_parts", 1)])
    with pytest.raises(ValueError, match="positive integer"):
        limits_from([("max_ratio", 0)])


def test_limits_from_the_config_table() -> None:
    pairs = limit_pairs_from_config({"max-part-mb": 16, "convert-timeout": 30, "max-ratio": 50})
    limits = limits_from(pairs)
    assert limits.max_part_bytes == 16 * 1024 * 1024
    assert (limits.convert_timeout, limits.max_ratio) == (30, 50)
    with pytest.raises(ValueError, match="unknown key 'max_part_mb'"):
        limit_pairs_from_config({"max_part_mb": 1})
    with pytest.raises(ValueError, match="'max-ratio' must be a positive integer"):
        limit_pairs_from_config({"max-ratio": "100"})


def test_text_files_above_the_file_limit_are_not_read(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(clean_text().encode() * 50)
    with pytest.raises(UnreadableFileError) as info:
        read_path(path, Limits(max_file_bytes=100_000))
    assert info.value.reason == "too-large" and "MB" in info.value.message_zh
    assert read_path(path).tables()


def test_a_pipe_named_txt_is_refused_without_blocking(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    outcome: list[str] = []
    # Opening a pipe for reading blocks until a writer comes: run it aside.
    reader = threading.Thread(target=lambda: outcome.append(_reason_of(pipe)), daemon=True)
    reader.start()
    reader.join(timeout=5)
    if reader.is_alive():  # unblock the reader before failing
        with open(pipe, "wb"):
            pass
        pytest.fail("reading a named pipe blocked")
    assert outcome == ["not-a-file"]


def _reason_of(path: Path) -> str:
    try:
        read_path(path)
    except UnreadableFileError as error:
        return error.reason
    return "read"


def test_device_and_missing_paths() -> None:
    assert _reason_of(Path("/dev/zero")) == "not-a-file"
    assert _reason_of(Path("/nonexistent/filing.docx")) == "os-error"


def test_folder_walk_picks_up_legacy_word_files(tmp_path: Path) -> None:
    for name in ("a.docx", "b.doc", "c.wps", "d.txt", "e.pptx", "f.rtf"):
        (tmp_path / name).write_bytes(b"x")
    assert {".doc", ".wps"} <= SUPPORTED_SUFFIXES
    names = [Path(item.display).name for item in collect_inputs([tmp_path])]
    assert names == ["a.docx", "b.doc", "c.wps", "d.txt"]


@pytest.mark.parametrize(
    ("streams", "kind"),
    [
        ({"WordDocument": word_stream()}, "word"),
        ({"WordDocument": word_stream(encrypted=True)}, "word-encrypted"),
        ({"EncryptionInfo": b"\x04\x00", "EncryptedPackage": bytes(100)}, "encrypted-ooxml"),
        ({"Workbook": bytes(10)}, "excel"),
        ({"PowerPoint Document": bytes(10)}, "powerpoint"),
        ({"CONTENTS": bytes(10)}, "works"),
        ({"Something": bytes(10)}, "other"),
        ({f"S{i}": bytes(10) for i in range(12)} | {"WordDocument": word_stream()}, "word"),
    ],
)
def test_ole_kinds(streams: dict[str, bytes], kind: str) -> None:
    assert classify(compound_file(streams)) == kind


def test_broken_ole_is_an_ole_error() -> None:
    whole = compound_file({"WordDocument": word_stream()})
    for broken in (whole[:511], whole[:700], whole[:512] + b"\xff" * 2048):
        with pytest.raises(OleError):
            classify(broken)
    looped = bytearray(whole)
    looped[512 + 4 : 512 + 8] = (1).to_bytes(4, "little")  # the directory's chain points at itself
    with pytest.raises(OleError):
        classify(bytes(looped))


def test_word_named_text_export_is_read_as_text() -> None:
    grid = read_bytes(clean_text().encode(), "filing.docx")
    assert grid.source_format == "text" and grid.tables()
    assert reason("只是一段说明文字。".encode(), name="filing.docx") == "not-a-word-file"
    assert reason("只是一段说明文字。".encode(), name="filing.doc") == "not-a-word-file"


def test_docx_is_read_in_place_not_whole(tmp_path: Path) -> None:
    path = tmp_path / "filing.docx"
    path.write_bytes(clean_docx())
    # Far above the limit for files read whole: only its directory and parts are read.
    assert path.stat().st_size > 10_000
    assert read_path(path, Limits(max_file_bytes=10_000)).tables()


def _member(xml: bytes) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("part.xml", xml)
    return zipfile.ZipFile(io.BytesIO(buffer.getvalue()))


def _exact_elements(xml: bytes) -> int:
    counter = ElementCounter("part.xml", DEFAULT_LIMITS)
    for start in range(0, len(xml), 1 << 20):  # read_member's chunks
        counter.feed(xml[start : start + (1 << 20)])
    return counter.count


@pytest.mark.parametrize("paragraphs", [30, 120_000])  # one chunk; several
def test_elements_are_refused_exactly_at_the_limit(paragraphs: int) -> None:
    """read_member counts "<" as a bound and counts exactly only past it: a
    part refused or read exactly where the exact count says, even though its
    end tags and declaration double the "<" (three elements a paragraph)."""
    body = "".join(f"<p><r>{i * 7919 % 100_003}</r><e/></p>" for i in range(paragraphs))
    xml = f'<?xml version="1.0"?><d>{body}</d>'.encode()
    archive = _member(xml)
    elements = _exact_elements(xml)
    # A tag cut between two chunks may count once more: the count is a bound too.
    assert 3 * paragraphs + 1 <= elements <= 3 * paragraphs + 1 + len(xml) // (1 << 20)
    assert xml.count(b"<") > elements + paragraphs
    assert read_member(archive, "part.xml", Limits(max_xml_elements=elements)) == xml
    with pytest.raises(UnreadableFileError) as info:
        read_member(archive, "part.xml", Limits(max_xml_elements=elements - 1))
    assert info.value.reason == "too-large" and "max-xml-elements" in info.value.message_en
    assert parse_member(archive, "part.xml", Limits(max_xml_elements=elements)).tag == "d"
    # parse_xml counts bytes given whole: no tag is cut.
    with pytest.raises(UnreadableFileError):
        parse_xml(xml, "part.xml", Limits(max_xml_elements=3 * paragraphs))
    assert parse_xml(xml, "part.xml", Limits(max_xml_elements=3 * paragraphs + 1)).tag == "d"
