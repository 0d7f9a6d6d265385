"""The .docx and the text export of the same filing give the same records,
whatever Word layout the .docx uses (merges, split runs, tracked changes,
header row as its own table, fields); text encodings agree too."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from perfgoals.model import Filing
from perfgoals.pipeline import load_filing

from conftest import SAMPLE_DOCX, SAMPLE_TXT
from gen.docx_writer import to_docx
from gen.filings import CLEAN_FILINGS
from gen.spec import RenderOptions
from gen.text_writer import to_text

FORMAT_KEYS = {"source", "field_sources", "notes", "encoding", "source_format", "path"}


def content(filing: Filing) -> Any:
    """Every field of every record, without where it came from."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in FORMAT_KEYS}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(asdict(filing))


def test_sample_docx_and_text_agree() -> None:
    text = load_filing(SAMPLE_TXT)
    docx = load_filing(SAMPLE_DOCX)
    assert docx.source_format == "docx" and text.source_format == "text"
    assert content(docx) == content(text)
    # Locations differ by format: lines for text, table/row/cell for .docx.
    assert text.tables[0].source.line is not None
    code = docx.tables[3].field_sources["project_code"]
    assert code.line is None and code.docx_table is not None and code.row is not None


@pytest.mark.parametrize("name", sorted(CLEAN_FILINGS))
def test_clean_fixture_formats_agree(name: str, tmp_path: Path) -> None:
    spec, options = CLEAN_FILINGS[name]
    text_path = tmp_path / f"{name}.txt"
    text_path.write_text(to_text(spec), encoding="utf-8")
    docx_path = tmp_path / f"{name}.docx"
    to_docx(spec, docx_path, options)
    assert content(load_filing(docx_path)) == content(load_filing(text_path))


@pytest.mark.parametrize(
    "options",
    [
        RenderOptions(level1_merged=True),
        RenderOptions(level1_merged=False),
        RenderOptions(level2_merged=True),
        RenderOptions(header_as_own_table=True),
        RenderOptions(tracked_changes=True, split_runs=True),
        RenderOptions(title_field="simple", split_runs=False),
        RenderOptions(title_field="none"),
    ],
    ids=lambda o: "-".join(f"{k}={v}" for k, v in vars(o).items()),
)
def test_word_layout_choices_do_not_change_records(options: RenderOptions, tmp_path: Path) -> None:
    spec, _ = CLEAN_FILINGS["agriculture"]
    reference = tmp_path / "reference.txt"
    reference.write_text(to_text(spec), encoding="utf-8")
    target = tmp_path / "variant.docx"
    to_docx(spec, target, options)
    assert content(load_filing(target)) == content(load_filing(reference))


def test_tracked_changes_keep_insertions_and_drop_deletions(tmp_path: Path) -> None:
    spec, _ = CLEAN_FILINGS["transport"]
    target = tmp_path / "tracked.docx"
    to_docx(spec, target, RenderOptions(tracked_changes=True))
    xml = __import__("zipfile").ZipFile(target).read("word/document.xml").decode()
    assert "<w:del " in xml and "<w:ins " in xml
    parsed = load_filing(target)
    names = [t.project_name for t in parsed.tables]
    assert names == [t.name for t in spec.tables]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16"])
def test_text_encodings_and_crlf_agree(encoding: str, tmp_path: Path) -> None:
    spec, _ = CLEAN_FILINGS["county-education"]
    plain = tmp_path / "utf8.txt"
    plain.write_text(to_text(spec), encoding="utf-8")
    other = tmp_path / f"{encoding}.txt"
    other.write_bytes(to_text(spec).replace("\n", "\r\n").encode(encoding))
    assert content(load_filing(other)) == content(load_filing(plain))


def test_docx_renamed_txt_is_read_as_docx(tmp_path: Path) -> None:
    renamed = tmp_path / "filing.txt"
    renamed.write_bytes(SAMPLE_DOCX.read_bytes())
    filing = load_filing(renamed)
    assert filing.source_format == "docx" and len(filing.tables) == 28
