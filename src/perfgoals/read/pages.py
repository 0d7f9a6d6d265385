"""Printed pages → Grid blocks: cells found on a page (from ruling lines) become
a table with merges resolved; a table that ends one page and goes on at the
top of the next with the same columns is joined into one, its repeated header
rows and the page's repeated title dropped; page numbers are not text.

Used by the PDF reader and by the reader of web pages that are a PDF turned
into absolutely positioned blocks.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import regex

from perfgoals.read.grid import Block, Origin, Paragraph, Row, Table
from perfgoals.read.placed import Placed, table_from_placed

Box = tuple[float, float, float, float]  # x0, top, x1, bottom
_PAGE_NUMBER = regex.compile(r"^[\s\-—–第页·]*\d{1,4}[\s\-—–页/共第\d]*$")
_LATIN_END = regex.compile(r"[A-Za-z]$")
_LATIN_START = regex.compile(r"^[A-Za-z]")
_ITEM_START = regex.compile(r"^(?:\d{1,2}[、.．)）](?!\d)|[（(]\d{1,2}[)）]|[一二三四五六七八九十]{1,3}、)")
_EDGE_TOLERANCE = 2.0  # points: edges closer than this are one grid line
_SAME_COLUMNS = 3.0  # points: a continued table's column edges match within this


@dataclass
class Page:
    number: int  # 1-based
    blocks: list[Block] = field(default_factory=list)
    # column edges of each table on the page, by block index
    edges: dict[int, list[float]] = field(default_factory=dict)


def _cluster(values: list[float]) -> list[float]:
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > _EDGE_TOLERANCE:
            edges.append(value)
    return edges


def _index(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def table_from_boxes(
    boxes: Sequence[tuple[Box, str]], page: int, k: int
) -> tuple[Table, list[float]] | None:
    """A table from its cells' boxes (x0, top, x1, bottom) and texts (see ``cell_text``);
    with the left x of each of its columns and its right edge, to match a
    continuation on the next page."""
    if not boxes:
        return None
    xs = _cluster([b[0] for b, _ in boxes] + [b[2] for b, _ in boxes])
    ys = _cluster([b[1] for b, _ in boxes] + [b[3] for b, _ in boxes])
    placed: list[Placed] = []
    for bbox, text in boxes:
        r, c = _index(ys, bbox[1]), _index(xs, bbox[0])
        rowspan = max(1, _index(ys, bbox[3]) - r)
        colspan = max(1, _index(xs, bbox[2]) - c)
        origin = Origin(table=k, row=r, cell=c, page=page)
        placed.append(Placed(r, c, rowspan, colspan, text, origin))
    built = table_from_placed(
        placed, lambda r: Origin(table=k, row=r, page=page), Origin(table=k, page=page)
    )
    if built is None:
        return None
    used = sorted({c for p in placed if p.text for c in range(p.col, p.col + p.colspan)})
    return built, [xs[c] for c in used] + [xs[-1]]


def join_lines(text: str) -> str:
    """A cell's printed lines as one text: wrapping is not a space in Chinese;
    a line that starts a numbered item (``2、``, ``（2）``) starts a new line."""
    parts = [part.strip() for part in text.split("\n")]
    out = ""
    for part in parts:
        if not part:
            continue
        if out and _ITEM_START.match(part):
            out += "\n"
        elif out and _LATIN_END.search(out) and _LATIN_START.match(part):
            out += " "
        out += part
    return out


def cell_text(lines: Sequence[Line]) -> str:
    """A cell's printed lines (top to bottom) as its text. A line that stops
    short of the cell's longest line ended a paragraph: a line break; a full
    line wrapped: joined without a space (with one between two Latin letters).
    A line that starts a numbered item starts a new line too."""
    if not lines:
        return ""
    right = max(line.x1 for line in lines)
    out = lines[0].text
    for before, line in itertools.pairwise(lines):
        size = max(line.size, before.size, 1.0)
        if _ITEM_START.match(line.text) or before.x1 < right - 1.5 * size:
            out += "\n"
        elif _LATIN_END.search(out) and _LATIN_START.match(line.text):
            out += " "
        out += line.text
    return out


def chars_to_lines(chars: Sequence[tuple[float, float, float, float, str]]) -> list[Line]:
    """Characters (x0, top, x1, bottom, text) as printed lines, top to bottom. A gap
    wider than a third of a character is a space (PDFs often print no space glyph)."""
    rows: list[list[tuple[float, float, float, float, str]]] = []
    for char in sorted(chars, key=lambda c: (c[1], c[0])):
        size = char[3] - char[1]
        if rows and abs(rows[-1][0][1] - char[1]) <= max(size, 1.0) / 2:
            rows[-1].append(char)
        else:
            rows.append([char])
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda c: c[0])
        text = ""
        for i, char in enumerate(row):
            if i and char[0] - row[i - 1][2] > max(char[3] - char[1], 1.0) * 0.3:
                text += " "
            text += char[4]
        text = " ".join(text.split())
        if text:
            top = min(c[1] for c in row)
            size = max(c[3] - c[1] for c in row)
            lines.append(Line(top, row[0][0], max(c[2] for c in row), size, text))
    return lines


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line of text: its top, left and right x, and its height."""

    top: float
    x0: float
    x1: float
    size: float
    text: str


def paragraphs(lines: Sequence[Line]) -> list[tuple[float, str]]:
    """Printed lines joined into paragraphs: a line goes on the paragraph above
    when that one ran to the right margin, this one starts at the left margin
    (no first-line indent), they are a line apart, and it starts no numbered item."""
    if not lines:
        return []
    right = max(line.x1 for line in lines)
    left = min(line.x0 for line in lines)
    out: list[Line] = []
    firsts: list[float] = []
    for line in sorted(lines, key=lambda item: (item.top, item.x0)):
        if out:
            last = out[-1]
            size = max(line.size, 1.0)
            if (
                last.x1 >= right - 2 * size
                and line.x0 <= left + size / 2
                and 0 < line.top - last.top <= 2.5 * size
                and not _ITEM_START.match(line.text)
                and not _PAGE_NUMBER.match(line.text)
            ):
                joined = join_lines(f"{last.text}\n{line.text}").replace("\n", "")
                out[-1] = Line(line.top, last.x0, line.x1, line.size, joined)
                continue
        out.append(line)
        firsts.append(line.top)
    return [(top, line.text) for top, line in zip(firsts, out, strict=True)]


def join_pages(pages: list[Page]) -> list[Block]:
    """The pages' blocks in order, a table continued on the next page joined."""
    blocks: list[Block] = []
    chain: Table | None = None  # the table the previous page ended with
    chain_edges: list[float] = []
    chain_heading: set[str] = set()  # paragraphs just above the chain's first part
    for page in pages:
        items = list(page.blocks)
        first_table = next((i for i, b in enumerate(items) if isinstance(b, Table)), None)
        if chain is not None and first_table is not None:
            lead = items[:first_table]
            edges = page.edges.get(first_table, [])
            table = items[first_table]
            assert isinstance(table, Table)
            columns = _columns_within(edges, chain_edges)
            if columns is not None and not _starts_anew(table, chain) and all(
                isinstance(b, Paragraph) and (b.text in chain_heading or _PAGE_NUMBER.match(b.text))
                for b in lead
            ):
                rows = [_remapped(row, columns) for row in _without_repeated_header(table, chain)]
                if rows and chain.rows:
                    rows[0] = _merge_goes_on(chain.rows[-1], rows[0])
                chain.rows.extend(rows)
                items = items[first_table + 1 :]
                page_edges = {i - first_table - 1: e for i, e in page.edges.items() if i > first_table}
                page = Page(page.number, items, page_edges)
                if not any(isinstance(b, Table) for b in items) and _only_page_numbers(items):
                    continue  # the chain goes on to the next page
        chain = None
        tail = _trailing_table(items)
        heading: set[str] = set()
        for i, block in enumerate(items):
            if isinstance(block, Paragraph) and _PAGE_NUMBER.match(block.text):
                continue  # page numbers are not text of the filing
            blocks.append(block)
            if tail is not None and i == tail:
                chain = block if isinstance(block, Table) else None
                chain_edges = page.edges.get(i, [])
                chain_heading = heading
            if isinstance(block, Paragraph):
                heading.add(block.text)
            else:
                heading = set()
    return _numbered(blocks)


def _numbered(blocks: list[Block]) -> list[Block]:
    """Origins across the document: ``table`` counts the tables in order,
    ``row`` the rows of the joined table, ``cell`` its grid column; ``page``
    stays the page each row was printed on."""
    out: list[Block] = []
    number = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(block)
            continue
        rows = []
        for r, row in enumerate(block.rows):
            page = row.origin.page
            cells = [
                cell._replace(origin=Origin(table=number, row=r, cell=cell.col, page=cell.origin.page))
                for cell in row.cells
            ]
            rows.append(Row(cells=cells, origin=Origin(table=number, row=r, page=page)))
        first_page = block.rows[0].origin.page if block.rows else block.origin.page
        out.append(Table(rows=rows, origin=Origin(table=number, page=first_page)))
        number += 1
    return out


def _trailing_table(items: list[Block]) -> int | None:
    """Index of the page's last table when only page numbers follow it."""
    for i in range(len(items) - 1, -1, -1):
        block = items[i]
        if isinstance(block, Table):
            return i
        if not _PAGE_NUMBER.match(block.text):
            return None
    return None


def _only_page_numbers(items: list[Block]) -> bool:
    return all(isinstance(b, Paragraph) and _PAGE_NUMBER.match(b.text) for b in items)


def _columns_within(part: list[float], chain: list[float]) -> list[int] | None:
    """For each column edge of a continuation, the chain's column edge it lies on;
    None when the continuation's outer edges differ or an inner edge is new
    (then it is another table)."""
    if len(part) < 2 or len(chain) < 2:
        return None
    if abs(part[0] - chain[0]) > _SAME_COLUMNS or abs(part[-1] - chain[-1]) > _SAME_COLUMNS:
        return None
    mapping: list[int] = []
    for x in part:
        j = _index(chain, x)
        if abs(chain[j] - x) > _SAME_COLUMNS:
            return None
        mapping.append(j)
    return mapping


def _merge_goes_on(last: Row, first: Row) -> Row:
    """The first row on the new page: its leading empty cells under a cell of the
    page before are that cell's merge going on (a category over several rows)."""
    above = {cell.col: cell for cell in last.cells}
    cells = []
    leading = True
    for cell in first.cells:
        leading = leading and not cell.text
        before = above.get(cell.col)
        if leading and before is not None and before.span == cell.span and (before.text or before.merged_above):
            cells.append(cell._replace(merged_above=True))
        else:
            cells.append(cell)
    return Row(cells=cells, origin=first.origin)


def _remapped(row: Row, columns: list[int]) -> Row:
    """A continuation row on the chain's grid columns."""
    cells = []
    for cell in row.cells:
        start = columns[cell.col]
        end = columns[min(cell.col + cell.span, len(columns) - 1)]
        cells.append(cell._replace(col=start, span=max(1, end - start)))
    return Row(cells=cells, origin=row.origin)


def _starts_anew(part: Table, chain: Table) -> bool:
    """A new table of the same form: its first rows have the chain's first labels
    (项目名称, 主管部门 …) but one of them says something else after its label."""
    for new, old in zip(part.rows, chain.rows, strict=False):
        first, head = new.texts(), old.texts()
        if not (first and head and first[0]) or first[0] != head[0]:
            return False
        if first != head:
            return True
    return False


def _without_repeated_header(part: Table, chain: Table) -> list[Any]:
    rows = part.rows
    skip = 0
    while (
        skip < len(rows)
        and skip < len(chain.rows)
        and rows[skip].texts() == chain.rows[skip].texts()
        and any(rows[skip].texts())
    ):
        skip += 1
    return rows[skip:]


