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

from collections.abc import Callable, Iterator
from typing import cast

from lxml import etree

from perfgoals.errors import UnreadableFileError
from perfgoals.read.grid import Block, Cell, Grid, Origin, Paragraph, Row, Table
from perfgoals.read.limits import DEFAULT_LIMITS, Limits, over_limit
from perfgoals.read.package import PackageSource, open_docx_part

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
W_ALT_CHUNK = W + "altChunk"
W_VAL = W + "val"
MC_ALTERNATE, MC_FALLBACK = MC + "AlternateContent", MC + "Fallback"

# Elements under which a paragraph needs the careful walk instead of itertext.
_HIDDEN_TEXT_TAGS = (W_DEL, W_MOVE_FROM, W_TXBX, MC_ALTERNATE)
_SLOW_PATH_TAGS = (*_HIDDEN_TEXT_TAGS, W_TBL)
_TEXT_TAGS = (W_T, W_TAB, W_BR, W_CR)
_FAST_TAGS = (*_TEXT_TAGS, *_SLOW_PATH_TAGS)
_WRAPPERS = (W_SDT, W_SDT_CONTENT, W_CUSTOM_XML, W_SMART_TAG, W_INS)


def read_docx(source: PackageSource, limits: Limits = DEFAULT_LIMITS) -> Grid:
    """A .docx given as bytes or a seekable binary stream."""
    root = open_docx_part(source, limits)
    body = root.find(W + "body")
    if body is None:
        return Grid(blocks=[], source_format="docx")
    if next(body.iter(W_ALT_CHUNK), None) is not None:
        raise _alt_chunk()
    # Most filings have no tracked change, text box, tab or break at all: then
    # a paragraph's text is just its w:t texts, gathered in C by itertext.
    plain = next(body.iter(*_HIDDEN_TEXT_TAGS, W_TAB, W_BR, W_CR), None) is None
    walker = _Walker(_plain_paragraph_text if plain else paragraph_text, limits)
    walker.walk_blocks(body)
    return Grid(blocks=walker.blocks, source_format="docx", notes=walker.notes)


def _alt_chunk() -> UnreadableFileError:
    """An altChunk is content in another format (HTML, RTF, another .docx) that
    Word merges into the page only when it opens the file: it cannot be checked
    here, and passing the rest would pass content nobody read."""
    return UnreadableFileError(
        "embedded-content",
        "文件中有以“嵌入块”（altChunk）方式插入的内容，Word 打开时才会把它并入正文，无法直接检查，"
        "已停止读取以免漏检。请在 Word 中打开并重新保存为 .docx（保存时会把这部分转为正文）后再检查。",
        "The file holds content inserted as an embedded chunk (altChunk), which Word merges into "
        "the body only when it opens the file; it cannot be checked as is, and reading stopped "
        "so that nothing goes unchecked. Open it in Word, save it again as .docx (which turns "
        "that content into ordinary text), and re-check.",
    )


ParagraphText = Callable[[etree._Element], tuple[str, list[etree._Element]]]


class _Walker:
    def __init__(self, text_of: ParagraphText, limits: Limits = DEFAULT_LIMITS) -> None:
        self.text_of = text_of
        self.blocks: list[Block] = []
        self.notes: list[str] = []
        self.table_count = 0
        self.limits = limits
        self.paragraphs = 0
        self.rows = 0
        self.cells = 0
        self.chars = 0

    def _count(self, paragraphs: int = 0, rows: int = 0, cells: int = 0, chars: int = 0) -> None:
        """What the file has produced so far, against the limits."""
        self.paragraphs += paragraphs
        self.rows += rows
        self.cells += cells
        self.chars += chars
        limits = self.limits
        if self.paragraphs > limits.max_paragraphs:
            raise over_limit("段落数", "paragraphs", limits.max_paragraphs, "max-paragraphs")
        if self.rows > limits.max_rows:
            raise over_limit("表格行数", "table rows", limits.max_rows, "max-rows")
        if self.cells > limits.max_cells:
            raise over_limit("单元格数", "table cells", limits.max_cells, "max-cells")
        if self.chars > limits.max_chars:
            raise over_limit("文字字符数", "characters of text", limits.max_chars, "max-chars")

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
        text, boxes = self.text_of(p)
        self._count(paragraphs=1, chars=len(text))
        self.blocks.append(Paragraph(text=text.strip()))
        for box in boxes:
            self.walk_blocks(box)

    def _table(self, tbl: etree._Element) -> None:
        index = self.table_count
        self.table_count += 1
        table = Table(rows=[], origin=Origin(table=index))
        nested: list[etree._Element] = []
        for r_index, tr in enumerate(_rows(tbl)):
            if r_index >= self.limits.max_table_rows:
                raise over_limit(
                    "一张表的行数", "rows in one table", self.limits.max_table_rows,
                    "max-table-rows",
                )
            table.rows.append(self._row(tr, index, r_index, nested))
        self.blocks.append(table)
        # Nested tables follow their parent as tables of their own.
        for inner in nested:
            self._table(inner)

    def _row(
        self, tr: etree._Element, t_index: int, r_index: int, nested: list[etree._Element]
    ) -> Row:
        col = 0
        for child in tr:
            if child.tag == W_TR_PR:
                for prop in child:
                    if prop.tag == W_GRID_BEFORE:
                        col = _int_val(prop, 0)
                break
        cells: list[Cell] = []
        for c_index, tc in enumerate(_cells(tr)):
            span, merged_above, h_continue = 1, False, False
            paragraphs: list[str] = []
            for child in tc:
                tag = child.tag
                if tag == W_P:
                    text, boxes = self.text_of(child)
                    paragraphs.append(text.rstrip())
                    for box in boxes:
                        paragraphs.extend(self.text_of(p)[0] for p in box.iter(W_P))
                elif tag == W_TC_PR:
                    for prop in child:
                        ptag = prop.tag
                        if ptag == W_GRID_SPAN:
                            span = max(1, _int_val(prop, 1))
                        elif ptag == W_VMERGE:
                            merged_above = prop.get(W_VAL, "continue") == "continue"
                        elif ptag == W_HMERGE:
                            h_continue = prop.get(W_VAL, "continue") == "continue"
                elif tag == W_TBL:
                    nested.append(child)
                elif tag in _WRAPPERS:
                    paragraphs.append(self._cell_text(child, nested))
            if h_continue and cells:
                # Legacy horizontal merge: widen the cell to the left.
                cells[-1] = cells[-1]._replace(span=cells[-1].span + span)
                col += span
                continue
            text = "\n".join(paragraphs).strip() if len(paragraphs) != 1 else paragraphs[0].strip()
            self._count(paragraphs=len(paragraphs), cells=1, chars=len(text))
            origin = Origin(None, t_index, r_index, c_index)
            cells.append(Cell(text, col, span, merged_above, origin))
            col += span
        self._count(rows=1)
        return Row(cells=cells, origin=Origin(None, t_index, r_index))

    def _cell_text(self, tc: etree._Element, nested: list[etree._Element]) -> str:
        paragraphs: list[str] = []
        for child in tc:
            if child.tag == W_P:
                text, boxes = self.text_of(child)
                paragraphs.append(text.rstrip())
                for box in boxes:
                    paragraphs.extend(self.text_of(p)[0] for p in box.iter(W_P))
            elif child.tag == W_TBL:
                nested.append(child)
            elif child.tag in _WRAPPERS:
                paragraphs.append(self._cell_text(child, nested))
        return "\n".join(paragraphs).strip()


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


def _int_val(el: etree._Element, default: int) -> int:
    try:
        return max(0, int(el.get(W_VAL, default)))
    except ValueError:
        return default


# lxml's find() goes through ElementPath in Python; on tens of thousands of
# cells, looping over the few children and comparing tags is several times
# faster, so the walk below never calls find().


def _plain_paragraph_text(p: etree._Element) -> tuple[str, list[etree._Element]]:
    # lxml-stubs type itertext as str | bytes; parsed XML always yields str.
    return "".join(cast("Iterator[str]", p.itertext(W_T))), []


def paragraph_text(p: etree._Element) -> tuple[str, list[etree._Element]]:
    """The accepted, visible text of a paragraph, and its text boxes.

    Field instructions are ``w:instrText`` and deletions ``w:delText``: neither
    is among the tags collected, so plain paragraphs need one filtered pass.
    Anything that hides text in a subtree (deletions, text boxes, alternate
    content) switches to the careful walk.
    """
    parts: list[str] = []
    for el in p.iter(*_FAST_TAGS):
        tag = el.tag
        if tag == W_T:
            parts.append(el.text or "")
        elif tag in _SLOW_PATH_TAGS:
            parts = []
            boxes: list[etree._Element] = []
            _careful_walk(p, parts, boxes)
            return "".join(parts), boxes
        elif (parent := el.getparent()) is None or parent.tag != W_R:
            continue  # a tab stop or break definition in properties, not text
        elif tag == W_TAB:
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts), []


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
