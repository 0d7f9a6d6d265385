"""Reading an annotated copy back: its parts, its comments, where each is anchored."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

import docx
from lxml import etree

from perfgoals.findings import Finding
from perfgoals.read.grid import Grid, Table

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_NS + "}"
NS = {"w": W_NS}
# What annotating adds to document.xml, exactly as it is written.
ANCHOR = re.compile(
    rb'<w:commentRangeStart w:id="\d+"/>'
    rb'|<w:commentRangeEnd w:id="\d+"/><w:r><w:commentReference w:id="\d+"/></w:r>'
)
EMPTY_PAIR = re.compile(rb"<(w:\w+)((?:\s[^<>]*)?)></\1>")
COMMENT_PARTS = {
    "[Content_Types].xml",
    "word/_rels/document.xml.rels",
    "word/document.xml",
    "word/comments.xml",
}


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def strip_anchors(document_xml: bytes) -> bytes:
    """document.xml without the anchors; a paragraph left empty closes itself again."""
    return EMPTY_PAIR.sub(rb"<\1\2/>", ANCHOR.sub(b"", document_xml))


def text_of(element: etree._Element) -> str:
    """Accepted text of a cell or paragraph, ignoring deletions and field codes."""
    return "".join(t.text or "" for t in element.iter(W + "t"))


@dataclass(frozen=True)
class Comment:
    id: int
    author: str
    text: str
    anchor: etree._Element  # the w:tc (or w:p outside tables) holding the range


def comments(data: bytes) -> list[Comment]:
    """The comments as python-docx reads them, each with the element it marks."""
    document = docx.Document(io.BytesIO(data))
    texts = {c.comment_id: (c.author, c.text) for c in document.comments}
    body = document.element.body
    found: list[Comment] = []
    for start in body.iter(W + "commentRangeStart"):
        comment_id = int(start.get(W + "id"))
        holder = start.getparent()
        anchor = holder
        node = holder
        while node is not None:
            if node.tag == W + "tc":
                anchor = node
                break
            node = node.getparent()
        author, text = texts[comment_id]
        found.append(Comment(comment_id, author, text, anchor))
    assert len(found) == len(texts), "every comment has one anchor"
    return found


def grid_cell_text(grid: Grid, table: int, row: int, column: int | None) -> str:
    """The text the reader gives for a 1-based Location place."""
    tables = [b for b in grid.blocks if isinstance(b, Table)]
    found = next(t for t in tables if t.origin.table == table - 1)
    grid_row = next(r for r in found.rows if r.origin.row == row - 1)
    if column is None:
        return grid_row.cells[0].text
    cell = next(c for c in grid_row.cells if c.col <= column - 1 < c.col + c.span)
    if cell.merged_above:
        # The top of a vertical merge holds the text.
        for above in reversed(found.rows[: found.rows.index(grid_row)]):
            top = next((c for c in above.cells if c.col == cell.col), None)
            if top is not None and not top.merged_above:
                return top.text
    return cell.text


def holding(comments_found: list[Comment], finding: Finding) -> Comment:
    """The comment that carries ``finding``."""
    line = f"[{finding.rule} "
    matches = [c for c in comments_found if line in c.text and finding.message in c.text]
    assert matches, f"no comment carries {finding.rule}: {finding.message}"
    return matches[0]


def plain(text: str) -> str:
    return "".join(text.split())


MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _nearest(element: etree._Element, tag: str) -> etree._Element | None:
    node = element.getparent()
    while node is not None and node.tag != tag:
        node = node.getparent()
    return node


def place_of(tc: etree._Element) -> tuple[int, int, int]:
    """The 1-based (table, row, grid column) of a cell, counted afresh from the
    XML: tables in document order (not the copies under mc:Fallback), rows of
    that table, columns from gridBefore and the spans before it."""
    body = tc.getroottree().getroot().find(W + "body")
    assert body is not None
    tbl = _nearest(tc, W + "tbl")
    tr = _nearest(tc, W + "tr")
    assert tbl is not None and tr is not None
    tables = [t for t in body.iter(W + "tbl") if _nearest(t, MC_FALLBACK) is None]
    rows = [r for r in tbl.iter(W + "tr") if _nearest(r, W + "tbl") is tbl]
    column = 0
    before = tr.find(f"{W}trPr/{W}gridBefore")
    if before is not None:
        column = int(before.get(W + "val", "0"))
    for cell in (c for c in tr.iter(W + "tc") if _nearest(c, W + "tr") is tr):
        if cell is tc:
            break
        span = cell.find(f"{W}tcPr/{W}gridSpan")
        column += int(span.get(W + "val", "1")) if span is not None else 1
    return tables.index(tbl) + 1, rows.index(tr) + 1, column + 1


def top_of_merge(grid: Grid, table: int, row: int, column: int) -> tuple[int, int, int]:
    """The place of the cell holding the text of a vertically merged one."""
    found = next(t for t in grid.tables() if t.origin.table == table - 1)
    index = next(i for i, r in enumerate(found.rows) if r.origin.row == row - 1)
    while index > 0:
        cell = next((c for c in found.rows[index].cells if c.col <= column - 1 < c.col + c.span), None)
        if cell is None or not cell.merged_above:
            break
        index -= 1
    origin_row = found.rows[index].origin.row
    assert origin_row is not None
    start = next(c.col for c in found.rows[index].cells if c.col <= column - 1 < c.col + c.span)
    return table, origin_row + 1, start + 1


def finding_line(finding: Finding) -> str:
    return f"[{finding.rule} "
