"""A Word document made from any reader's Grid, for inputs that are not .docx.

A text export, a workbook, a PDF or a web page has no Word XML to mark; its
Grid (paragraphs and tables, merges resolved) becomes a plain Word document,
block for block, and the findings are placed on it through the Grid: by the
cell's place (table, row, grid column) where the reader gives one, else by
the line of a text export.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from lxml import etree

from perfgoals.annotate.places import cell_at, group_notes, project_table
from perfgoals.annotate.wordxml import Note, W
from perfgoals.findings import Finding
from perfgoals.model import Filing
from perfgoals.read.grid import Grid, Paragraph, Table

if TYPE_CHECKING:
    from docx.document import Document

# Where a finding goes in the Grid: a paragraph block, or (block, row, grid column).
Slot = tuple[int, int | None, int | None]


def grid_document(grid: Grid, title: str) -> bytes:
    """The Grid as a .docx: each paragraph a paragraph, each table a table."""
    import docx
    from docx.shared import Pt

    document: Document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = "perfgoals"
    style = document.styles["Normal"]
    style.font.size = Pt(10.5)
    for block in grid.blocks:
        if isinstance(block, Paragraph):
            document.add_paragraph(block.text)
        else:
            _add_table(document, block)
    if not grid.blocks:
        document.add_paragraph("")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _add_table(document: Document, table: Table) -> None:
    width = max((c.col + c.span for row in table.rows for c in row.cells), default=1)
    rows = max(len(table.rows), 1)
    made = document.add_table(rows=rows, cols=max(width, 1))
    made.style = "Table Grid"
    grid_rows = made.rows
    for r, row in enumerate(table.rows):
        cells = grid_rows[r].cells
        for cell in row.cells:
            if cell.col >= width:
                continue
            target = cells[cell.col]
            if cell.text:
                target.text = cell.text
            if cell.span > 1:
                target.merge(cells[min(cell.col + cell.span, width) - 1])


def grid_slots(grid: Grid, findings: Sequence[Finding], filing: Filing | None) -> list[Slot | None]:
    """Each finding's place in the Grid (None: nowhere to put it)."""
    tables: dict[int, int] = {}  # reader's table index → block index
    lines: dict[int, Slot] = {}
    title_block: int | None = None
    paragraph_texts: list[tuple[int, str]] = []
    for index, block in enumerate(grid.blocks):
        if isinstance(block, Paragraph):
            if block.text.strip():
                paragraph_texts.append((index, "".join(block.text.split())))
                if title_block is None and not tables:
                    title_block = index
            if block.origin.line is not None:
                lines.setdefault(block.origin.line, (index, None, None))
            continue
        tables.setdefault(block.origin.table if block.origin.table is not None else -1 - index, index)
        for r, row in enumerate(block.rows):
            for cell in row.cells:
                if cell.origin.line is not None:
                    lines.setdefault(cell.origin.line, (index, r, cell.col))
            if row.origin.line is not None:
                lines.setdefault(row.origin.line, (index, r, None))
        if block.origin.line is not None:
            lines.setdefault(block.origin.line, (index, 0, None))

    def title_of(index: int, finding: Finding) -> Slot:
        table = project_table(filing, finding)
        if table is not None and table.title:
            wanted = "".join(table.title.split())
            for block_index, text in reversed(paragraph_texts):
                if block_index < index and text == wanted:
                    return (block_index, None, None)
        return (index, 0, None)

    def slot_of(finding: Finding) -> Slot | None:
        loc = finding.location
        if loc.source_table is not None and loc.source_table - 1 in tables:
            index = tables[loc.source_table - 1]
            block = grid.blocks[index]
            assert isinstance(block, Table)
            if loc.source_row is None:
                return title_of(index, finding)
            row = next(
                (r for r, row in enumerate(block.rows) if row.origin.row == loc.source_row - 1),
                None,
            )
            if row is None:
                return (index, 0, None)
            column = loc.source_column - 1 if loc.source_column is not None else None
            return (index, row, column)
        if loc.line is not None and loc.line in lines:
            index, row, column = lines[loc.line]
            return (index, row, _indicator_column(filing, finding, column))
        table = project_table(filing, finding)
        if table is not None:
            at = min(
                (s.docx_table for s in table.field_sources.values() if s.docx_table is not None),
                default=None,
            )
            if at is not None and at in tables:
                return title_of(tables[at], finding)
        if title_block is not None:
            return (title_block, None, None)
        first_table = min(tables.values(), default=None)
        return (first_table, 0, None) if first_table is not None else None

    return [slot_of(finding) for finding in findings]


def _indicator_column(filing: Filing | None, finding: Finding, column: int | None) -> int | None:
    """The grid column of the indicator's cell the finding names, where it is known."""
    from perfgoals.engine import INDICATOR_COLUMNS

    table = project_table(filing, finding)
    row = finding.location.indicator_row
    if table is None or row is None or not table.indicators or not 0 < row <= len(table.indicators):
        return column
    columns = table.indicators[row - 1].source.columns or {}
    name = INDICATOR_COLUMNS.get(finding.location.field or "")
    return columns.get(name, column) if name is not None else column


def grid_notes(
    document: etree._Element, slots: Sequence[Slot | None], findings: Sequence[Finding]
) -> list[Note]:
    """The notes on a document ``grid_document`` made, its body block for Grid block."""
    body = document.find(W + "body")
    if body is None:
        return []
    blocks = [child for child in body if child.tag in (W + "p", W + "tbl")]

    def anchor(slot: Slot | None) -> etree._Element | None:
        if slot is None or slot[0] >= len(blocks):
            return None
        element = blocks[slot[0]]
        if slot[1] is None:
            return element
        if element.tag != W + "tbl":
            return None
        return cell_at(element, slot[1], slot[2])

    return group_notes(document, ((anchor(s), f) for s, f in zip(slots, findings, strict=True)))
