"""The format-neutral Grid every reader produces.

A Grid is the document's body in order: paragraphs and tables. Tables are rows
of cells with merges already resolved: a cell covered by a vertical merge from
above is present, empty, and marked ``merged_above``; a cell spanning several
grid columns keeps its starting column and its span. Readers know nothing of
budgets; everything here is plain text with a location.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


# Origin, Cell and Paragraph are NamedTuples: a large .docx makes tens of
# thousands of them, and tuples are the cheapest immutable records to build.
class Origin(NamedTuple):
    """Where a piece of text came from in the input file.

    ``line`` is the 1-based line of a text export. ``table``/``row``/``cell``
    are 0-based indexes into a .docx body (table in document order, row within
    the table, cell within the row), ``None`` for text exports; in a workbook
    ``table`` is the sheet, in a web page the ``<table>``. ``page`` is the
    1-based page of a PDF, ``None`` elsewhere.
    """

    line: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    page: int | None = None


class Cell(NamedTuple):
    text: str
    col: int
    span: int = 1
    merged_above: bool = False
    origin: Origin = Origin()


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    origin: Origin = field(default_factory=Origin)

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass(slots=True)
class Table:
    """Rows of cells. A *stream* table is cells in reading order whose row
    boundaries the input lost (a page printed one cell per line with no row
    ends, text with its cells fused): its rows are only chunks of text, and
    the builder re-rows it by the labels it finds."""

    rows: list[Row]
    origin: Origin = field(default_factory=Origin)
    stream: bool = False
    # Rows rebuilt by the builder from the labels of a stream: read, but
    # their shape was inferred rather than given.
    recovered: bool = False


class Paragraph(NamedTuple):
    text: str
    origin: Origin = Origin()


Block = Paragraph | Table


@dataclass(slots=True)
class Grid:
    """A whole document: its blocks in order and what the reader learnt."""

    blocks: list[Block]
    source_format: str  # "docx" | "text" | "xlsx" | "pdf" | "html" | "xls" | "ods" | "xml"
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]
