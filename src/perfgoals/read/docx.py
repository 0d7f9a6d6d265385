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

from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice, pairwise
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
W_DEL, W_MOVE_FROM, W_MOVE_TO, W_INS = W + "del", W + "moveFrom", W + "moveTo", W + "ins"
W_TXBX = W + "txbxContent"
W_SDT, W_SDT_CONTENT, W_CUSTOM_XML = W + "sdt", W + "sdtContent", W + "customXml"
W_SMART_TAG = W + "smartTag"
W_TC_PR, W_TR_PR = W + "tcPr", W + "trPr"
W_GRID_SPAN, W_VMERGE, W_HMERGE = W + "gridSpan", W + "vMerge", W + "hMerge"
W_GRID_BEFORE = W + "gridBefore"
W_ALT_CHUNK = W + "altChunk"
W_VAL = W + "val"
# Cells and origins are built by tuple.__new__, skipping the NamedTuple's
# Python-level __new__ (a third of a cell's cost in the one-pass reader).
_new = tuple.__new__
MC_ALTERNATE, MC_FALLBACK = MC + "AlternateContent", MC + "Fallback"

# Elements under which a paragraph needs the careful walk instead of itertext.
_HIDDEN_TEXT_TAGS = (W_DEL, W_MOVE_FROM, W_TXBX, MC_ALTERNATE)
_SLOW_PATH_TAGS = (*_HIDDEN_TEXT_TAGS, W_TBL)
_TEXT_TAGS = (W_T, W_TAB, W_BR, W_CR)
_FAST_TAGS = (*_TEXT_TAGS, *_SLOW_PATH_TAGS)
_WRAPPERS = (W_SDT, W_SDT_CONTENT, W_CUSTOM_XML, W_SMART_TAG, W_INS)

# The one-pass table reader (_Walker._flat_rows) follows these elements ...
_FLAT_TAGS = (
    W_T, W_P, W_TC, W_TC_PR, W_GRID_SPAN, W_VMERGE, W_HMERGE, W_TR, W_TR_PR, W_GRID_BEFORE,
)
# ... and hands the table to the walker at any of these: nested tables, content
# controls and other wrappers, tracked changes, text boxes, alternate content.
_FLAT_REFUSED = (
    W_TBL, W_SDT, W_SDT_CONTENT, W_CUSTOM_XML, W_SMART_TAG, W_INS, W_DEL, W_MOVE_FROM,
    W_MOVE_TO, W_TXBX, MC_ALTERNATE,
)
_FLAT_PLAIN = (*_FLAT_TAGS, *_FLAT_REFUSED)
_FLAT_BREAKS = (*_FLAT_PLAIN, W_TAB, W_BR, W_CR)


def read_docx(
    source: PackageSource, limits: Limits = DEFAULT_LIMITS, *, one_pass: bool = True
) -> Grid:
    """A .docx given as bytes or a seekable binary stream. ``one_pass=False``
    reads every table with the element walk alone (the tests compare the two)."""
    root = open_docx_part(source, limits)
    body = root.find(W + "body")
    if body is None:
        return Grid(blocks=[], source_format="docx")
    # Most filings have no tracked change, text box, tab or break at all: then
    # a paragraph's text is just its w:t texts, gathered in C by itertext. One
    # scan of the tree looks for those and for an altChunk, which stops reading.
    plain = True
    for el in body.iter(W_ALT_CHUNK, *_HIDDEN_TEXT_TAGS, W_TAB, W_BR, W_CR):
        if el.tag == W_ALT_CHUNK or next(body.iter(W_ALT_CHUNK), None) is not None:
            raise _alt_chunk()
        plain = False
        break
    walker = _Walker(_plain_paragraph_text if plain else paragraph_text, limits, one_pass)
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
    def __init__(
        self, text_of: ParagraphText, limits: Limits = DEFAULT_LIMITS, one_pass: bool = True
    ) -> None:
        self.text_of = text_of
        # The one-pass table reader stands in for text_of, so it must know which it is.
        self.one_pass = one_pass and text_of in (_plain_paragraph_text, paragraph_text)
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
        if self.one_pass:
            flat = self._flat_rows(tbl, index)
            if flat is not None:
                self.blocks.append(Table(rows=flat, origin=Origin(table=index)))
                return
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

    def _flat_rows(self, tbl: etree._Element, t_index: int) -> list[Row] | None:
        """The table's rows read in one filtered pass over its elements, or
        ``None`` when it holds anything the pass cannot flatten; the walk below
        then reads it. Both give the same rows: what the pass accepts is a
        table of rows of cells of paragraphs of runs, each element checked to
        sit where Word puts it.

        A pass over the few tags wanted costs a C-level step per element and a
        Python step per wanted one; the walk's per-paragraph ``itertext`` and
        child loops cost several times that on a large filing. So the step per
        element is kept small: a cell's texts go to one list, and only a cell
        of several paragraphs (rare) notes where each paragraph starts.
        """
        plain = self.text_of is _plain_paragraph_text
        limits = self.limits
        tags = _FLAT_PLAIN if plain else _FLAT_BREAKS
        rows: list[Row] = []
        cells: list[Cell] = []
        parts: list[str] = []  # the w:t texts of the open cell
        starts: list[int] = []  # where in parts its second, third … paragraph starts
        tr: etree._Element | None = None
        tc: etree._Element | None = None
        tr_pr: etree._Element | None = None
        tc_pr: etree._Element | None = None
        r_index = c_index = col = span = 0
        merged_above = h_continue = False
        head = 0  # children of the table before its first row (properties, grid)
        tr_children = n_p = n_pr = 0  # of the open row; paragraphs and properties of the open cell
        n_paragraphs = n_rows = n_cells = n_chars = 0
        elements = tbl.iter(*tags)
        next(elements)  # the table itself
        for el in chain(elements, (tbl,)):  # the table again marks the end
            tag = el.tag
            if tag == W_T:
                if not n_p:
                    return None  # text outside any paragraph
                text = el.text
                if text:
                    parts.append(text)
                if plain and (tail := el.tail):  # itertext's way: a w:t's tail is text
                    if len(el):
                        return None  # a w:t inside a w:t: itertext orders tails otherwise
                    parts.append(tail)
            elif tag == W_P:
                if el.getparent() is not tc:
                    return None
                if n_p:
                    starts.append(len(parts))
                n_p += 1
            elif tag in (W_TC, W_TR) or el is tbl:
                if tc is not None:  # the cell before ends
                    if len(tc) != n_p + n_pr and _strays(tc, (W_P, W_TC_PR), tags):
                        return None
                    if h_continue and cells:
                        # Legacy horizontal merge: widen the cell to the left.
                        cells[-1] = cells[-1]._replace(span=cells[-1].span + span)
                    else:
                        text = _joined_paragraphs(parts, starts) if starts else "".join(parts).strip()
                        n_paragraphs += n_p
                        n_chars += len(text)
                        n_cells += 1
                        origin = _new(Origin, (None, t_index, r_index, c_index, None))
                        cells.append(_new(Cell, (text, col, span, merged_above, origin)))
                    col += span
                    c_index += 1
                    tc = None
                    if starts:
                        starts = []
                if tag == W_TC:
                    if el.getparent() is not tr:
                        return None
                    tc, tc_pr, parts = el, None, []
                    span, merged_above, h_continue = 1, False, False
                    n_p = n_pr = 0
                    tr_children += 1
                    continue
                if tr is not None:  # the row before ends
                    if len(tr) != tr_children and _strays(tr, (W_TC, W_TR_PR), tags):
                        return None
                    rows.append(Row(cells, _new(Origin, (None, t_index, r_index, None, None))))
                    r_index += 1
                    n_rows += 1
                    if (
                        self.paragraphs + n_paragraphs > limits.max_paragraphs
                        or self.rows + n_rows > limits.max_rows
                        or self.cells + n_cells > limits.max_cells
                        or self.chars + n_chars > limits.max_chars
                    ):
                        return None  # the walk says which limit, as it always has
                if el is tbl:
                    break
                if el.getparent() is not tbl or r_index >= limits.max_table_rows:
                    return None
                if tr is None:
                    head = tbl.index(el)
                tr, tr_pr, cells = el, None, []
                col = c_index = tr_children = n_p = 0
            elif tag == W_TC_PR:
                if el.getparent() is not tc or n_p:
                    return None  # a tcPr after text would hide a stray w:t
                tc_pr = el
                n_pr += 1
            elif tag in (W_GRID_SPAN, W_VMERGE, W_HMERGE):
                if tc_pr is None or el.getparent() is not tc_pr:
                    return None
                if tag == W_GRID_SPAN:
                    span = _SPANS.get(el.get(W_VAL, "")) or max(1, _int_val(el, 1))
                elif tag == W_VMERGE:
                    merged_above = el.get(W_VAL, "continue") == "continue"
                else:
                    h_continue = el.get(W_VAL, "continue") == "continue"
            elif tag == W_TR_PR:
                # Only a row's first trPr counts, and before its cells.
                if el.getparent() is not tr or tr_pr is not None or tc is not None:
                    return None
                tr_pr = el
                tr_children += 1
            elif tag == W_GRID_BEFORE:
                if tr_pr is None or el.getparent() is not tr_pr:
                    return None
                col = _int_val(el, 0)
            elif tag in (W_TAB, W_BR, W_CR):
                if not n_p:
                    return None
                parent = el.getparent()
                if parent is not None and parent.tag == W_R:  # not a tab stop definition
                    parts.append(" " if tag == W_TAB else "\n")
            else:  # nested table, wrapper, tracked change, text box …
                return None
        # The rows are the table's last children (Word writes them after its
        # properties and grid): then only the children before them can stray.
        if len(tbl) != head + r_index:
            if _strays(tbl, (W_TR,), tags):
                return None
        elif head and _strays(islice(tbl, head), (W_TR,), tags):
            return None
        self.paragraphs += n_paragraphs
        self.rows += n_rows
        self.cells += n_cells
        self.chars += n_chars
        return rows

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


def _strays(
    children: Iterable[etree._Element], expected: tuple[str, ...], tags: tuple[str, ...]
) -> bool:
    """Whether one of ``children`` (of a table, row or cell) other than the
    ``expected`` ones holds any of ``tags``: the one-pass reader would take its
    text (a w:t outside any paragraph, say) for the neighbouring cell's, where
    the walk skips it."""
    return any(
        child.tag not in expected and next(child.iter(*tags), None) is not None
        for child in children
    )


def _joined_paragraphs(parts: list[str], starts: list[int]) -> str:
    """A cell's text from the texts of its runs and where each paragraph after
    the first starts among them: as the walk joins paragraphs."""
    bounds = [0, *starts, len(parts)]
    return "\n".join(
        ["".join(parts[a:b]).rstrip() for a, b in pairwise(bounds)]
    ).strip()


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


# The spans Word writes, read without int() and its error handling.
_SPANS = {str(n): n for n in range(1, 64)}


def _int_val(el: etree._Element, default: int) -> int:
    try:
        return max(0, int(el.get(W_VAL, default)))
    except ValueError:
        return default


# lxml's find() goes through ElementPath in Python; on tens of thousands of
# cells, looping over the few children and comparing tags is several times
# faster, so the walk below never calls find().


def _plain_paragraph_text(p: etree._Element) -> tuple[str, list[etree._Element]]:
    """The texts of a paragraph's w:t, each followed by its tail: ``itertext``'s
    reading, at a third of its cost, which is kept for a w:t holding anything
    (a w:t inside a w:t, an entity), where itertext orders tails its own way."""
    parts: list[str] = []
    for t in p.iter(W_T):
        if len(t):
            # lxml-stubs type itertext as str | bytes; parsed XML always yields str.
            return "".join(cast("Iterator[str]", p.itertext(W_T))), []
        if text := t.text:
            parts.append(text)
        if tail := t.tail:
            parts.append(tail)
    return "".join(parts), []


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
