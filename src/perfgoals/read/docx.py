"""Word .docx → Grid, walking the document XML directly with lxml.

Why not python-docx's ``table.cell()``/``row.cells``: they are quadratic in
the row length, repeat a merged cell's text in every grid column it covers,
and drop text inside ``w:ins`` (tracked insertions). Here every ``w:tc`` is
visited once, its grid column computed from ``gridBefore``/``gridSpan``, and
vertical merges marked on the continuation cells.

Tracked changes are read as accepted: ``w:ins`` kept, ``w:del``/``w:moveFrom``
dropped. Field instructions (TC, TOC, PAGE …) are dropped, field results kept.
Text boxes become paragraphs after the paragraph that anchors them.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from perfgoals.read.grid import Block, Cell, Grid, Origin, Paragraph, Row, Table
from perfgoals.read.package import open_docx_part

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

W_P, W_TBL, W_TR, W_TC = W + "p", W + "tbl", W + "tr", W + "tc"
W_T, W_TAB, W_BR, W_CR = W + "t", W + "tab", W + "br", W + "cr"
W_R, W_PPR, W_RPR = W + "r", W + "pPr", W + "rPr"
W_DEL, W_MOVE_FROM, W_INS = W + "del", W + "moveFrom", W + "ins"
W_TXBX = W + "txbxContent"
W_SDT, W_SDT_CONTENT, W_CUSTOM_XML = W + "sdt", W + "sdtContent", W + "customXml"
W_SMART_TAG = W + "smartTag"
W_TC_PR, W_TR_PR = W + "tcPr", W + "trPr"
W_GRID_SPAN, W_VMERGE, W_HMERGE = W + "gridSpan", W + "vMerge", W + "hMerge"
W_GRID_BEFORE = W + "gridBefore"
W_VAL = W + "val"
MC_ALTERNATE, MC_FALLBACK = MC + "AlternateContent", MC + "Fallback"

# Elements under which a paragraph needs the careful walk instead of itertext.
_SLOW_PATH_TAGS = (W_DEL, W_MOVE_FROM, W_TXBX, MC_ALTERNATE, W_TBL)
_TEXT_TAGS = (W_T, W_TAB, W_BR, W_CR)
_WRAPPERS = (W_SDT, W_SDT_CONTENT, W_CUSTOM_XML, W_SMART_TAG, W_INS)


def read_docx(data: bytes) -> Grid:
    root = open_docx_part(data)
    body = root.find(W + "body")
    walker = _Walker()
    if body is not None:
        walker.walk_blocks(body)
    return Grid(blocks=walker.blocks, source_format="docx", notes=walker.notes)


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.notes: list[str] = []
        self.table_count = 0

    def walk_blocks(self, parent: etree._Element) -> None:
        for child in parent:
            tag = child.tag
            if tag == W_P:
                self._paragraph(child)
            elif tag == W_TBL:
                self._table(child)
            elif tag in _WRAPPERS:
                self.walk_blocks(child)

    def _paragraph(self, p: etree._Element) -> None:
        text, boxes = paragraph_text(p)
        self.blocks.append(Paragraph(text=text.strip()))
        for box in boxes:
            self.walk_blocks(box)

    def _table(self, tbl: etree._Element) -> None:
        index = self.table_count
        self.table_count += 1
        table = Table(rows=[], origin=Origin(table=index))
        nested: list[etree._Element] = []
        for r_index, tr in enumerate(_rows(tbl)):
            table.rows.append(_row(tr, index, r_index, nested))
        self.blocks.append(table)
        # Nested tables follow their parent as tables of their own.
        for inner in nested:
            self._table(inner)


def _rows(tbl: etree._Element) -> Iterator[etree._Element]:
    for child in tbl:
        if child.tag == W_TR:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _rows(child)


def _cells(tr: etree._Element) -> Iterator[etree._Element]:
    for child in tr:
        if child.tag == W_TC:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _cells(child)


def _int_val(el: etree._Element | None, default: int) -> int:
    if el is None:
        return default
    try:
        return max(0, int(el.get(W_VAL, default)))
    except ValueError:
        return default


def _row(tr: etree._Element, t_index: int, r_index: int, nested: list[etree._Element]) -> Row:
    tr_pr = tr.find(W_TR_PR)
    col = _int_val(tr_pr.find(W_GRID_BEFORE) if tr_pr is not None else None, 0)
    cells: list[Cell] = []
    for c_index, tc in enumerate(_cells(tr)):
        tc_pr = tc.find(W_TC_PR)
        span, merged_above, h_continue = 1, False, False
        if tc_pr is not None:
            span = max(1, _int_val(tc_pr.find(W_GRID_SPAN), 1))
            vmerge = tc_pr.find(W_VMERGE)
            merged_above = vmerge is not None and vmerge.get(W_VAL, "continue") == "continue"
            hmerge = tc_pr.find(W_HMERGE)
            h_continue = hmerge is not None and hmerge.get(W_VAL, "continue") == "continue"
        if h_continue and cells:
            # Legacy horizontal merge: widen the cell to the left.
            last = cells[-1]
            cells[-1] = Cell(last.text, last.col, last.span + span, last.merged_above, last.origin)
            col += span
            continue
        text = cell_text(tc, nested)
        origin = Origin(table=t_index, row=r_index, cell=c_index)
        cells.append(Cell(text=text, col=col, span=span, merged_above=merged_above, origin=origin))
        col += span
    return Row(cells=cells, origin=Origin(table=t_index, row=r_index))


def cell_text(tc: etree._Element, nested: list[etree._Element]) -> str:
    paragraphs: list[str] = []
    for child in tc:
        if child.tag == W_P:
            text, boxes = paragraph_text(child)
            paragraphs.append(text.rstrip())
            for box in boxes:
                paragraphs.extend(paragraph_text(p)[0] for p in box.iter(W_P))
        elif child.tag == W_TBL:
            nested.append(child)
        elif child.tag in _WRAPPERS:
            paragraphs.append(cell_text(child, nested))
    return "\n".join(paragraphs).strip()


def paragraph_text(p: etree._Element) -> tuple[str, list[etree._Element]]:
    """The accepted, visible text of a paragraph, and its text boxes."""
    slow = next(p.iter(*_SLOW_PATH_TAGS), None) is not None
    if not slow:
        return "".join(_fast_parts(p)), []
    parts: list[str] = []
    boxes: list[etree._Element] = []
    _careful_walk(p, parts, boxes)
    return "".join(parts), boxes


def _fast_parts(p: etree._Element) -> Iterator[str]:
    # Field instructions are w:instrText and deletions w:delText: neither is
    # among the tags iterated, so the text left is the accepted field result.
    for el in p.iter(*_TEXT_TAGS):
        tag = el.tag
        if tag == W_T:
            yield el.text or ""
        elif (parent := el.getparent()) is None or parent.tag != W_R:
            continue  # a tab stop or break definition in properties, not text
        elif tag == W_TAB:
            yield " "
        else:
            yield "\n"


def _careful_walk(el: etree._Element, parts: list[str], boxes: list[etree._Element]) -> None:
    for child in el:
        tag = child.tag
        if tag in (W_DEL, W_MOVE_FROM, MC_FALLBACK, W_TBL, W_PPR, W_RPR):
            continue
        if tag == W_TXBX:
            boxes.append(child)
            continue
        if tag == W_T:
            parts.append(child.text or "")
        elif tag == W_TAB:
            parts.append(" ")
        elif tag in (W_BR, W_CR):
            parts.append("\n")
        elif len(child):
            _careful_walk(child, parts, boxes)
