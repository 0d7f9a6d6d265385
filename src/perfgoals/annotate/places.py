"""Where a finding's comment goes in a Word document's XML.

Tables are counted as the .docx reader counts them (the reader's own walk is
reused, so the two cannot disagree): body tables in document order, a table
inside a content control or a text box where it stands, a nested table right
after the table that holds it. Rows are the table's ``w:tr`` in order; the
column is the grid column, found from ``gridBefore`` and each cell's span.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from lxml import etree

from perfgoals.annotate.text import comment_paragraphs
from perfgoals.annotate.wordxml import W_P, Note, W
from perfgoals.findings import Finding
from perfgoals.model import Filing, ProjectTable
from perfgoals.read.docx import (
    W_GRID_BEFORE,
    W_GRID_SPAN,
    W_HMERGE,
    W_TBL,
    W_TC_PR,
    W_TR_PR,
    W_VAL,
    W_VMERGE,
    _cells,
    _rows,
    _Walker,
    paragraph_text,
)

_WRAPPERS = (W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag", W + "ins")
_TITLE_SEARCH = 12  # paragraphs looked at above a table for its title


class _TableCollector(_Walker):
    """The reader's walk, remembering each table's element as it numbers it."""

    def __init__(self) -> None:
        super().__init__(paragraph_text)
        self.elements: list[etree._Element] = []

    def _table(self, tbl: etree._Element) -> None:
        self.elements.append(tbl)
        super()._table(tbl)

    def _paragraph(self, p: etree._Element) -> None:
        # Only text boxes matter here: their tables are numbered where they stand.
        for box in paragraph_text(p)[1]:
            self.walk_blocks(box)


def word_tables(body: etree._Element) -> list[etree._Element]:
    """The document's tables, indexed as the reader's ``Origin.table``."""
    collector = _TableCollector()
    collector.walk_blocks(body)
    return collector.elements


def _int(el: etree._Element, default: int) -> int:
    try:
        return max(0, int(el.get(W_VAL, default)))
    except ValueError:
        return default


def _row_cells(tr: etree._Element) -> list[tuple[int, int, etree._Element]]:
    """(grid column, span, w:tc) of a row; a legacy horizontal merge joins its left cell."""
    col = 0
    for child in tr:
        if child.tag == W_TR_PR:
            for prop in child:
                if prop.tag == W_GRID_BEFORE:
                    col = _int(prop, 0)
            break
    cells: list[tuple[int, int, etree._Element]] = []
    for tc in _cells(tr):
        span, h_continue = 1, False
        for child in tc:
            if child.tag == W_TC_PR:
                for prop in child:
                    if prop.tag == W_GRID_SPAN:
                        span = max(1, _int(prop, 1))
                    elif prop.tag == W_HMERGE:
                        h_continue = prop.get(W_VAL, "continue") == "continue"
        if h_continue and cells:
            start, width, first = cells[-1]
            cells[-1] = (start, width + span, first)
        else:
            cells.append((col, span, tc))
        col += span
    return cells


def _continues(tc: etree._Element) -> bool:
    for child in tc:
        if child.tag == W_TC_PR:
            for prop in child:
                if prop.tag == W_VMERGE:
                    return prop.get(W_VAL, "continue") == "continue"
    return False


def cell_at(tbl: etree._Element, row: int, column: int | None) -> etree._Element | None:
    """The ``w:tc`` at a 0-based row and grid column (the row's first cell
    without a column); a cell merged down from above gives the merge's top."""
    rows = list(_rows(tbl))
    if not 0 <= row < len(rows):
        return None
    while True:
        cells = _row_cells(rows[row])
        if not cells:
            return None
        if column is None:
            return cells[0][2]
        found = next((tc for start, span, tc in cells if start <= column < start + span), None)
        if found is None:
            return cells[0][2]
        if row == 0 or not _continues(found):
            return found
        row -= 1


def _plain(text: str) -> str:
    return "".join(text.split())


def _paragraphs_before(tbl: etree._Element) -> Iterable[etree._Element]:
    """The body paragraphs above a table, nearest first, up to the previous table."""
    node: etree._Element | None = tbl
    while node is not None:
        previous = node.getprevious()
        while previous is not None:
            if previous.tag == W_TBL:
                return
            if previous.tag == W_P:
                yield previous
            elif previous.tag in _WRAPPERS:
                yield from reversed([p for p in previous.iter(W_P)])
            previous = previous.getprevious()
        parent = node.getparent()
        node = parent if parent is not None and parent.tag in _WRAPPERS else None


def title_paragraph(tbl: etree._Element, title: str | None) -> etree._Element | None:
    """The paragraph above ``tbl`` that reads ``title``."""
    if not title:
        return None
    wanted = _plain(title)
    for count, p in enumerate(_paragraphs_before(tbl)):
        if count >= _TITLE_SEARCH:
            break
        if _plain(paragraph_text(p)[0]) == wanted:
            return p
    return None


def first_paragraph(body: etree._Element) -> etree._Element | None:
    """The document's first paragraph with text, above its first table: its title."""
    for child in body.iter(W_P, W_TBL):
        if child.tag == W_TBL:
            return None
        if paragraph_text(child)[0].strip():
            return child
    return None


def project_table(filing: Filing | None, finding: Finding) -> ProjectTable | None:
    loc = finding.location
    if filing is None or loc.table is None:
        return None
    for table in filing.tables:
        if table.part == loc.part and table.table_number == loc.table:
            return table
    return None


def docx_notes(
    document: etree._Element, findings: Sequence[Finding], filing: Filing | None
) -> list[Note]:
    """The comments of ``findings`` on a Word document's own XML."""
    body = document.find(W + "body")
    if body is None:
        return []
    tables = word_tables(body)

    def anchor_of(finding: Finding) -> etree._Element | None:
        loc = finding.location
        table = project_table(filing, finding)
        if loc.source_table is not None and 0 < loc.source_table <= len(tables):
            tbl = tables[loc.source_table - 1]
            if loc.source_row is not None:
                column = loc.source_column - 1 if loc.source_column is not None else None
                return cell_at(tbl, loc.source_row - 1, column)
            title = title_paragraph(tbl, table.title if table is not None else None)
            return title if title is not None else cell_at(tbl, 0, None)
        if table is not None:
            sources = [s.docx_table for s in table.field_sources.values()]
            at = min((i for i in sources if i is not None), default=None)
            if at is not None and at < len(tables):
                title = title_paragraph(tables[at], table.title)
                return title if title is not None else cell_at(tables[at], 0, None)
        title = first_paragraph(body)
        if title is not None:
            return title
        return cell_at(tables[0], 0, None) if tables else None

    return group_notes(document, ((anchor_of(f), f) for f in findings))


def group_notes(
    root: etree._Element, anchored: Iterable[tuple[etree._Element | None, Finding]]
) -> list[Note]:
    """One note per anchor, its findings in report order, the notes in document order."""
    by_anchor: dict[etree._Element, list[Finding]] = {}
    for anchor, finding in anchored:
        if anchor is not None:
            by_anchor.setdefault(anchor, []).append(finding)
    if not by_anchor:
        return []
    order = {el: i for i, el in enumerate(root.iter(W_P, W + "tc"))}
    notes = [
        Note(anchor, comment_paragraphs(findings)) for anchor, findings in by_anchor.items()
    ]
    return sorted(notes, key=lambda note: order.get(note.anchor, 0))
