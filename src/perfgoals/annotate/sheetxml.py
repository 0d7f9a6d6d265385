"""Cell comments (批注) added to an .xlsx workbook, everything else kept.

Each sheet with findings gains a comments part and the VML drawing Excel
draws comment boxes from, two relationships, and a ``legacyDrawing`` element
in its XML; the content types gain the parts. Every other part keeps its
bytes. A sheet that has comments already gets ours added to its own parts.

Where a finding goes is found through the Grid, as for any reader: the
finding's place in the Grid (``fromgrid.grid_slots``), then that Grid cell's
origin, which for a workbook is the sheet, the row and the column.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from perfgoals.annotate.fromgrid import Slot
from perfgoals.annotate.text import comment_paragraphs
from perfgoals.annotate.wordxml import (
    add_override,
    add_relationship,
    empty_rels,
    free_name,
    open_package,
    parse_part,
    related_part,
    rels_of,
    rewrite_package,
    serialise_part,
)
from perfgoals.findings import Finding
from perfgoals.read.grid import Grid, Paragraph, Table
from perfgoals.read.limits import DEFAULT_LIMITS, Limits
from perfgoals.read.package import REL_NS, read_member

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
S = "{" + MAIN + "}"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
WORKSHEET_REL = OFFICE_REL + "worksheet"
COMMENTS_REL = OFFICE_REL + "comments"
VML_REL = OFFICE_REL + "vmlDrawing"
OFFICE_DOCUMENT_REL = OFFICE_REL + "officeDocument"
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
VML_TYPE = "application/vnd.openxmlformats-officedocument.vmlDrawing"
# CT_Worksheet's children after legacyDrawing: it goes before the first of these.
_AFTER_LEGACY = tuple(
    S + name
    for name in (
        "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
        "webPublishItems", "tableParts", "extLst",
    )
)


@dataclass
class _SheetNotes:
    by_cell: dict[tuple[int, int], list[Finding]] = field(default_factory=dict)


def column_letters(column: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def workbook_cells(
    grid: Grid, slots: Sequence[Slot | None]
) -> list[tuple[int, int, int | None] | None]:
    """Each slot as (sheet index, 1-based row, 1-based column or None for the row's text)."""
    cells: list[tuple[int, int, int | None] | None] = []
    for slot in slots:
        if slot is None or slot[0] >= len(grid.blocks):
            cells.append(None)
            continue
        block = grid.blocks[slot[0]]
        if isinstance(block, Paragraph) or slot[1] is None:
            origin = block.origin if isinstance(block, Paragraph) else block.rows[0].origin
            if origin.table is None or origin.row is None:
                cells.append(None)
                continue
            cells.append((origin.table, origin.row + 1, None))
            continue
        assert isinstance(block, Table)
        index = slot[1]
        column = slot[2]
        while True:
            row = block.rows[index]
            cell = next(
                (c for c in row.cells if column is not None and c.col <= column < c.col + c.span),
                row.cells[0] if row.cells else None,
            )
            if cell is None or not cell.merged_above or index == 0:
                break
            index -= 1  # the top of a vertical merge holds the text
        if cell is None or cell.origin.table is None or cell.origin.row is None:
            cells.append(None)
            continue
        col = cell.origin.cell + 1 if cell.origin.cell is not None else None
        cells.append((cell.origin.table, cell.origin.row + 1, col))
    return cells


def _sheet_parts(archive_names: list[str], workbook: str, rels: etree._Element, book: etree._Element) -> list[str]:
    """The worksheet parts in the workbook's order (chart sheets left out), as
    the reader's sheet index counts them."""
    targets: dict[str, str] = {}
    for rel in rels.iter(REL_NS + "Relationship"):
        if rel.get("Type") == WORKSHEET_REL:
            target = rel.get("Target", "")
            name = (
                posixpath.normpath(target.lstrip("/"))
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(posixpath.dirname(workbook), target))
            )
            targets[rel.get("Id", "")] = name
    parts: list[str] = []
    for sheet in book.iter(S + "sheet"):
        part = targets.get(sheet.get("{" + R_NS + "}id", ""))
        if part is not None and part in archive_names:
            parts.append(part)
    return parts


def _first_text_column(sheet: etree._Element, row: int) -> int:
    """The column of the row's first cell with a value (a title's merged cell), else A."""
    for element in sheet.iter(S + "row"):
        if element.get("r") == str(row):
            for cell in element.iter(S + "c"):
                if cell.find(S + "v") is not None or cell.find(S + "is") is not None:
                    ref = cell.get("r", "")
                    letters = "".join(ch for ch in ref if ch.isalpha())
                    return _column_number(letters) if letters else 1
    return 1


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - ord("A") + 1
    return number


def annotate_workbook(
    data: bytes,
    grid: Grid,
    slots: Sequence[Slot | None],
    findings: Sequence[Finding],
    author: str,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[bytes, int]:
    """The workbook ``data`` with the findings as cell comments; and how many."""
    places = workbook_cells(grid, slots)
    archive = open_package(data, limits)
    with archive:
        names = archive.namelist()
        root_rels = parse_part(read_member(archive, "_rels/.rels", limits), "_rels/.rels")
        workbook = related_part(root_rels, "", names, (OFFICE_DOCUMENT_REL,)) or "xl/workbook.xml"
        book = parse_part(read_member(archive, workbook, limits), workbook)
        book_rels_name = rels_of(workbook)
        book_rels = parse_part(read_member(archive, book_rels_name, limits), book_rels_name)
        sheets = _sheet_parts(names, workbook, book_rels, book)
        per_sheet: dict[int, _SheetNotes] = {}
        loaded: dict[int, tuple[bytes, etree._Element]] = {}
        for place, finding in zip(places, findings, strict=True):
            if place is None or not 0 <= place[0] < len(sheets):
                if not sheets:
                    continue
                place = (0, 1, 1)
            sheet_index, row, column = place
            if column is None:
                if sheet_index not in loaded:
                    raw = read_member(archive, sheets[sheet_index], limits)
                    loaded[sheet_index] = (raw, parse_part(raw, sheets[sheet_index]))
                column = _first_text_column(loaded[sheet_index][1], row)
            notes = per_sheet.setdefault(sheet_index, _SheetNotes())
            notes.by_cell.setdefault((row, column), []).append(finding)
        if not per_sheet:
            return data, 0
        changed: dict[str, bytes] = {}
        added: list[tuple[str, bytes]] = []
        taken = list(names)
        types_bytes = read_member(archive, "[Content_Types].xml", limits)
        types = parse_part(types_bytes, "[Content_Types].xml")
        _ensure_vml_default(types)
        count = 0
        for shape_base, (sheet_index, notes) in enumerate(sorted(per_sheet.items()), start=1):
            part = sheets[sheet_index]
            if sheet_index in loaded:
                sheet_bytes, sheet = loaded[sheet_index]
            else:
                sheet_bytes = read_member(archive, part, limits)
                sheet = parse_part(sheet_bytes, part)
            rels_name = rels_of(part)
            rels_bytes = read_member(archive, rels_name, limits) if rels_name in names else None
            rels = parse_part(rels_bytes, rels_name) if rels_bytes is not None else empty_rels()
            cells = sorted(notes.by_cell.items())
            count += len(cells)
            comments_name = related_part(rels, part, names, (COMMENTS_REL,))
            if comments_name is not None:
                comments_bytes = read_member(archive, comments_name, limits)
                comments = parse_part(comments_bytes, comments_name)
                _add_comments(comments, cells, author)
                changed[comments_name] = serialise_part(comments, comments_bytes)
            else:
                comments_name = free_name("xl/comments/perfgoals1.xml", taken)
                taken.append(comments_name)
                comments = etree.fromstring(f'<comments xmlns="{MAIN}"/>'.encode())
                _add_comments(comments, cells, author)
                added.append((comments_name, _XML_HEAD + etree.tostring(comments, encoding="UTF-8")))
                add_relationship(rels, comments_name, part, COMMENTS_REL)
                add_override(types, comments_name, COMMENTS_TYPE)
            vml_name = related_part(rels, part, names, (VML_REL,))
            shapes = "".join(
                _shape(row, column, 1024 * (shape_base + 1) + i + 1)
                for i, ((row, column), _) in enumerate(cells)
            )
            if vml_name is not None:
                vml = read_member(archive, vml_name, limits)
                end = vml.rfind(b"</xml>")
                if end >= 0:
                    changed[vml_name] = vml[:end] + shapes.encode("utf-8") + vml[end:]
            else:
                vml_name = free_name("xl/drawings/perfgoalsComments1.vml", taken)
                taken.append(vml_name)
                added.append((vml_name, _vml(shapes, shape_base + 1).encode("utf-8")))
                rel_id = add_relationship(rels, vml_name, part, VML_REL)
                _add_legacy_drawing(sheet, rel_id)
                changed[part] = serialise_part(sheet, sheet_bytes)
            rels_out = serialise_part(rels, rels_bytes or _XML_HEAD)
            if rels_bytes is not None:
                changed[rels_name] = rels_out
            else:
                added.append((rels_name, rels_out))
        changed["[Content_Types].xml"] = serialise_part(types, types_bytes)
        return rewrite_package(archive, changed, added, limits), count


_XML_HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'


def _ensure_vml_default(types: etree._Element) -> None:
    ct = types.nsmap.get(None) or "http://schemas.openxmlformats.org/package/2006/content-types"
    for default in types.iter("{" + ct + "}Default"):
        if default.get("Extension", "").lower() == "vml":
            return
    default = etree.Element("{" + ct + "}Default")
    default.set("Extension", "vml")
    default.set("ContentType", VML_TYPE)
    types.insert(0, default)


def _add_comments(
    comments: etree._Element, cells: list[tuple[tuple[int, int], list[Finding]]], author: str
) -> None:
    authors = comments.find(S + "authors")
    if authors is None:
        authors = etree.Element(S + "authors")
        comments.insert(0, authors)
    names = [a.text or "" for a in authors.iter(S + "author")]
    if author in names:
        author_id = names.index(author)
    else:
        etree.SubElement(authors, S + "author").text = author
        author_id = len(names)
    comment_list = comments.find(S + "commentList")
    if comment_list is None:
        comment_list = etree.SubElement(comments, S + "commentList")
    for (row, column), findings in cells:
        comment = etree.SubElement(comment_list, S + "comment")
        comment.set("ref", f"{column_letters(column)}{row}")
        comment.set("authorId", str(author_id))
        text = etree.SubElement(comment, S + "text")
        run = etree.SubElement(text, S + "r")
        t = etree.SubElement(run, S + "t")
        t.text = f"{author}:\n" + "\n".join(comment_paragraphs(findings))
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _add_legacy_drawing(sheet: etree._Element, rel_id: str) -> None:
    legacy = etree.Element(S + "legacyDrawing", nsmap={"r": R_NS})
    legacy.set("{" + R_NS + "}id", rel_id)
    for position, child in enumerate(sheet):
        if child.tag in _AFTER_LEGACY:
            sheet.insert(position, legacy)
            return
    sheet.append(legacy)


def _vml(shapes: str, block: int) -> str:
    return (
        '<xml xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel">'
        f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{block}"/></o:shapelayout>'
        '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
        'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
        '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
        f"{shapes}</xml>"
    )


def _shape(row: int, column: int, shape_id: int) -> str:
    style = (
        "position:absolute;margin-left:60pt;margin-top:2pt;width:220pt;height:90pt;"
        "z-index:1;visibility:hidden"
    )
    return (
        f"<v:shape id={quoteattr(f'_x0000_s{shape_id}')} type=\"#_x0000_t202\" "
        f"style={quoteattr(style)} fillcolor=\"#ffffe1\" o:insetmode=\"auto\">"
        '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>'
        '<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto">'
        '<div style="text-align:left"></div></v:textbox>'
        '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
        f"<x:AutoFill>False</x:AutoFill><x:Row>{escape(str(row - 1))}</x:Row>"
        f"<x:Column>{escape(str(column - 1))}</x:Column></x:ClientData></v:shape>"
    )
