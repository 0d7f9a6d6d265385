"""The builder makes records without validation (``model_construct``, for
speed); here every filing it makes, in every layout and format the suite has,
must pass the model's strict validation unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfgoals.model import Filing, Goal
from perfgoals.pipeline import load_filing

from conftest import SAMPLE_DOCX, SAMPLE_TXT
from gen.docx_writer import to_docx
from gen.filings import CLEAN_FILINGS
from gen.text_writer import to_text
from layouts.documents import LAYOUTS
from layouts.make_fixtures import FIXTURES
from layouts.render import to_docx as layout_docx
from layouts.render import to_xlsx as layout_xlsx


def assert_valid(filing: Filing) -> None:
    # Serialising warns on a value of the wrong type; strict validation then
    # checks required fields, literals and nested records.
    dumped = filing.model_dump(warnings="error")
    revalidated = Filing.model_validate(dumped, strict=True)
    assert revalidated.model_dump() == dumped


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
    with pytest.raises(Exception, match="Expected `int`"):
        assert_valid(
            Filing.model_construct(
                path="x",
                source_format="text",
                tables=[],
                notes=[],
                department=None,
                encoding=None,
                kind="goal",
                unit_code=None,
                unit_name=None,
                schema_version="1",
            )
        )
    with pytest.raises(ValueError, match="Input should be"):
        Goal.model_validate(
            Goal.model_construct(number=1, text="x", horizon="yearly").model_dump(), strict=True
        )
