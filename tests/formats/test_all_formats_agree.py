"""The same filing in every format gives the same records and the same findings.

The fixtures are made by each format's real producer (scripts/make_format_fixtures.py):
LibreOffice Writer prints the .docx to PDF and saves it as a web page,
LibreOffice Calc writes .xls, .ods and an HTML table named .xls from the
.xlsx; a county site's page wraps the web page, and a browser's .mht holds it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from perfgoals.engine import check_path
from perfgoals.model import Filing
from perfgoals.pipeline import load_filing
from perfgoals.read import read_path
from perfgoals.read.grid import Origin, Table
from perfgoals.settings import Settings
from test_formats_agree import content

FIXTURES = Path(__file__).resolve().parent / "fixtures"

# file → the reader's name for its format
FORMATS = {
    "agriculture.docx": "docx",
    "agriculture.pdf": "pdf",
    "agriculture.html": "html",
    "agriculture.xlsx": "xlsx",
    "agriculture.xls": "xls",
    "agriculture.ods": "ods",
    "agriculture-html.xls": "html",
    "agriculture-2003.xml": "xml",
    "budget-page.html": "html",
    "budget-page.mht": "mht",
    "budget-page-base64.mht": "mht",
    "budget-set.xls": "xls",
}


def _no_spaces(value: Any) -> Any:
    """A PDF does not record where a line wrapped at a space: compare text
    without whitespace (everything else, field by field, as it is)."""
    if isinstance(value, str):
        return "".join(value.split())
    if isinstance(value, dict):
        return {k: _no_spaces(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_spaces(v) for v in value]
    return value


def _records(filing: Filing, source: str) -> Any:
    records = content(filing)
    return _no_spaces(records) if source == "pdf" else records


def _findings(path: Path) -> Counter[tuple[Any, ...]]:
    result = check_path(path, path.name, Settings())
    return Counter(
        (f.rule, f.severity, f.message, f.location.part, f.location.table, f.location.field,
         f.location.indicator_row)
        for f in result.findings
    )


@pytest.fixture(scope="module")
def reference() -> tuple[Any, Counter[tuple[Any, ...]]]:
    path = FIXTURES / "agriculture.txt"
    return content(load_filing(path)), _findings(path)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_same_records_and_findings_in_every_format(
    name: str, reference: tuple[Any, Counter[tuple[Any, ...]]]
) -> None:
    path = FIXTURES / name
    records, findings = reference
    assert read_path(path).source_format == FORMATS[name]
    source = FORMATS[name]
    expected = _no_spaces(records) if source == "pdf" else records
    assert _records(load_filing(path), source) == expected
    assert _findings(path) == findings


def test_the_reference_has_findings_to_compare(reference: tuple[Any, Counter[tuple[Any, ...]]]) -> None:
    _, findings = reference
    assert findings  # the comparison above is not between two empty reports


def test_a_table_over_three_pages_is_one_table_with_its_header_once() -> None:
    grid = read_path(FIXTURES / "long-table.pdf")
    (table,) = [t for t in grid.tables()]
    pages = {row.origin.page for row in table.rows}
    assert len(pages) >= 3
    assert [row.origin.row for row in table.rows] == list(range(len(table.rows)))
    first = table.rows[0].texts()
    assert sum(1 for row in table.rows if row.texts() == first) == 1  # repeated header dropped
    text = load_filing(FIXTURES / "long-table.txt")
    pdf = load_filing(FIXTURES / "long-table.pdf")
    assert _records(pdf, "pdf") == _no_spaces(content(text))
    assert len(pdf.tables[0].indicators) == 45


def test_pdf_grid_matches_the_word_grid_cell_for_cell() -> None:
    """Merges resolved the same way: spans, continuation cells, texts."""

    def shape(table: Table) -> list[list[tuple[str, int, int, bool]]]:
        return [
            [("".join(c.text.split()), c.col, c.span, c.merged_above) for c in row.cells]
            for row in table.rows
        ]

    word = read_path(FIXTURES / "agriculture.docx").tables()
    pdf = read_path(FIXTURES / "agriculture.pdf").tables()
    assert [shape(t) for t in pdf] == [shape(t) for t in word]
    cell = pdf[0].rows[1].cells[1]
    assert cell.origin == Origin(table=0, row=1, cell=cell.col, page=1)
    assert [t.origin.table for t in pdf] == [0, 1, 2]  # counted across pages, as Word counts them


@pytest.mark.parametrize(
    ("source", "renamed"),
    [
        ("agriculture.pdf", "绩效目标表.docx"),
        ("agriculture-html.xls", "export.xlsx"),
        ("agriculture.xls", "export.txt"),
        ("agriculture-2003.xml", "export.xls"),
        ("budget-page.mht", "page.html"),
    ],
)
def test_formats_are_sniffed_by_content_not_name(source: str, renamed: str, tmp_path: Path) -> None:
    path = tmp_path / renamed
    path.write_bytes((FIXTURES / source).read_bytes())
    assert read_path(path).source_format == FORMATS[source]
