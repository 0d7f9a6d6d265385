"""The builder makes records without validation (plain dataclasses, for
speed); here every filing it makes, in every layout and format the suite has,
must pass Pydantic's strict validation of those same classes unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError
from pydantic_core import PydanticSerializationError

from perfgoals.model import Filing, Goal, ProjectTable
from perfgoals.pipeline import load_filing
from perfgoals.records_io import filing_adapter, validate_filing

from conftest import SAMPLE_DOCX, SAMPLE_TXT
from gen.docx_writer import to_docx
from gen.filings import CLEAN_FILINGS
from gen.text_writer import to_text
from layouts.documents import LAYOUTS
from layouts.make_fixtures import FIXTURES
from layouts.render import to_docx as layout_docx
from layouts.render import to_xlsx as layout_xlsx


def assert_valid(filing: Filing) -> None:
    # Serialising warns on a value of the wrong type; strict validation of the
    # records themselves then checks required fields, literals and nesting.
    filing_adapter().dump_python(filing, warnings="error")
    assert validate_filing(filing) == filing


@pytest.mark.parametrize("path", [SAMPLE_TXT, SAMPLE_DOCX], ids=lambda p: p.suffix)
def test_sample(path: Path) -> None:
    assert_valid(load_filing(path))


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.stem)
def test_layout_fixtures(path: Path) -> None:
    assert_valid(load_filing(path))


@pytest.mark.parametrize(
    ("name", "binary"),
    [(name, binary) for name, doc in sorted(LAYOUTS.items()) for binary in doc.binaries],
)
def test_layout_binaries(name: str, binary: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.{binary}"
    (layout_docx if binary == "docx" else layout_xlsx)(LAYOUTS[name], path)
    assert_valid(load_filing(path))


@pytest.mark.parametrize("name", sorted(CLEAN_FILINGS))
def test_clean_filings(name: str, tmp_path: Path) -> None:
    spec, options = CLEAN_FILINGS[name]
    text, docx = tmp_path / "clean.txt", tmp_path / "clean.docx"
    text.write_text(to_text(spec, options), encoding="utf-8")
    to_docx(spec, docx, options)
    assert_valid(load_filing(text))
    assert_valid(load_filing(docx))


def test_a_wrongly_typed_record_is_caught() -> None:
    with pytest.raises(ValidationError, match="Input should be a valid integer"):
        validate_filing(Filing(path="x", source_format="text", tables=[], schema_version="1"))  # type: ignore[arg-type]
    goal = Goal(number=1, text="x", horizon="yearly")  # type: ignore[arg-type]
    table = ProjectTable(part=None, number=1, position=1, title=None, goals=[goal])
    with pytest.raises(ValidationError, match="Input should be 'annual' or 'long_term'"):
        validate_filing(Filing(path="x", source_format="text", tables=[table]))
    with pytest.raises(PydanticSerializationError, match="Expected `int`"):
        assert_valid(Filing(path="x", source_format="text", tables=[], schema_version="1"))  # type: ignore[arg-type]


def test_a_well_typed_record_passes() -> None:
    goal = Goal(number=1, text="x", horizon="annual")
    table = ProjectTable(part=None, number=1, position=1, title=None, goals=[goal])
    assert_valid(Filing(path="x", source_format="text", tables=[table]))
