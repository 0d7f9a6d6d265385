"""Write a filing as a .docx laid out the way Word lays out such filings.

python-docx supplies the package (styles, settings, section); the body is
written directly with lxml, because python-docx cannot express vertical
merges, field codes or tracked changes, and is too slow for 300 tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import count
from os import PathLike, fspath
from typing import IO

import docx
from lxml import etree

from .layout import Cell, Para, Table, blocks, tc_instruction
from .spec import FilingSpec, RenderOptions

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


P, PPR, JC, R, RPR, B, T = (_w(t) for t in ("p", "pPr", "jc", "r", "rPr", "b", "t"))
TBL, TBLPR, TBLW, TBLBORDERS, TBLLAYOUT, TBLGRID, GRIDCOL = (
    _w(t) for t in ("tbl", "tblPr", "tblW", "tblBorders", "tblLayout", "tblGrid", "gridCol")
)
TR, TC, TCPR, TCW, GRIDSPAN, VMERGE, VALIGN = (
    _w(t) for t in ("tr", "tc", "tcPr", "tcW", "gridSpan", "vMerge", "vAlign")
)
FLDCHAR, INSTRTEXT, FLDSIMPLE = (_w(t) for t in ("fldChar", "instrText", "fldSimple"))
INS, DEL, DELTEXT = (_w(t) for t in ("ins", "del", "delText"))
A_VAL, A_W, A_TYPE, A_FLDCHARTYPE, A_INSTR = (
    _w(a) for a in ("val", "w", "type", "fldCharType", "instr")
)
A_ID, A_AUTHOR, A_DATE = (_w(a) for a in ("id", "author", "date"))

_BORDERS = ("top", "left", "bottom", "right", "insideH", "insideV")
_REVISION_AUTHOR = "财务科"
_REVISION_DATE = "2024-01-15T09:30:00Z"
# Word starts a new run where the script changes (ASCII digits vs. CJK text).
_SCRIPT_RUNS = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]+")
_NUMBER = re.compile(r"\d+")

Target = str | PathLike[str] | IO[bytes]


def _sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag)
    for name, value in attrs.items():
        element.set(name, value)
    return element


def split_for_runs(text: str) -> list[str]:
    """Pieces of ``text`` as Word tends to split it into runs."""
    pieces = _SCRIPT_RUNS.findall(text)
    if len(pieces) == 1 and len(text) >= 4:
        half = len(text) // 2
        return [text[:half], text[half:]]
    return pieces or [text]


def plausible_wrong(text: str) -> str:
    """A believable earlier draft of ``text``, different from it."""
    match = _NUMBER.search(text)
    if match is None:
        return f"{text}（初稿）"
    number = int(match.group())
    if len(match.group()) == 4 and match.group().startswith("20"):
        wrong = number - 1
    elif number >= 10:
        wrong = number - number // 10
    else:
        wrong = number + 1
    return f"{text[: match.start()]}{wrong}{text[match.end() :]}"


class _BodyWriter:
    """Appends blocks to a ``w:body``; keeps the revision ids unique."""

    def __init__(self, body: etree._Element, options: RenderOptions) -> None:
        self.body = body
        self.options = options
        self.revision_ids: Iterator[int] = count(1)

    def runs(self, parent: etree._Element, text: str, bold: bool = False) -> None:
        pieces = split_for_runs(text) if self.options.split_runs else [text]
        for piece in pieces:
            run = _sub(parent, R)
            if bold:
                _sub(_sub(run, RPR), B)
            t = _sub(run, T)
            t.set(_XML_SPACE, "preserve")
            t.text = piece

    def tracked_runs(self, parent: etree._Element, text: str) -> None:
        """``text`` as an insertion replacing a deleted draft."""
        deletion = self._revision(parent, DEL)
        deleted = _sub(_sub(deletion, R), DELTEXT)
        deleted.set(_XML_SPACE, "preserve")
        deleted.text = plausible_wrong(text)
        self.runs(self._revision(parent, INS), text)

    def _revision(self, parent: etree._Element, tag: str) -> etree._Element:
        return _sub(
            parent,
            tag,
            **{
                A_ID: str(next(self.revision_ids)),
                A_AUTHOR: _REVISION_AUTHOR,
                A_DATE: _REVISION_DATE,
            },
        )

    def tc_field(self, paragraph: etree._Element, para: Para) -> None:
        instruction = tc_instruction(para)
        if self.options.title_field == "simple":
            _sub(paragraph, FLDSIMPLE, **{A_INSTR: instruction})
            return
        _sub(_sub(paragraph, R), FLDCHAR, **{A_FLDCHARTYPE: "begin"})
        # Word often splits a field instruction over runs too.
        if self.options.split_runs:
            head, entry, tail = instruction.partition(para.entry)
            pieces = [head, entry, tail]
        else:
            pieces = [instruction]
        for piece in pieces:
            instr = _sub(_sub(paragraph, R), INSTRTEXT)
            instr.set(_XML_SPACE, "preserve")
            instr.text = piece
        _sub(_sub(paragraph, R), FLDCHAR, **{A_FLDCHARTYPE: "end"})

    def paragraph(self, para: Para) -> None:
        p = _sub(self.body, P)
        if para.role == "gap":
            return
        if para.role in ("part", "title"):
            _sub(_sub(p, PPR), JC, **{A_VAL: "center"})
        self.runs(p, para.text, bold=para.role != "body")
        if para.entry and self.options.title_field != "none":
            self.tc_field(p, para)

    def cell(self, tr: etree._Element, cell: Cell, width: int) -> None:
        tc = _sub(tr, TC)
        tc_pr = _sub(tc, TCPR)
        _sub(tc_pr, TCW, **{A_W: str(width), A_TYPE: "dxa"})
        if cell.span > 1:
            _sub(tc_pr, GRIDSPAN, **{A_VAL: str(cell.span)})
        if cell.vmerge == "restart":
            _sub(tc_pr, VMERGE, **{A_VAL: "restart"})
        elif cell.vmerge == "continue":
            _sub(tc_pr, VMERGE)
        _sub(tc_pr, VALIGN, **{A_VAL: "center"})
        if cell.vmerge == "continue" or not cell.text:
            _sub(tc, P)
            return
        track = cell.tracked and self.options.tracked_changes
        for line in cell.text.split("\n"):
            p = _sub(tc, P)
            if track and line:
                self.tracked_runs(p, line)
                track = False
            elif line:
                self.runs(p, line)

    def table(self, table: Table) -> None:
        tbl = _sub(self.body, TBL)
        tbl_pr = _sub(tbl, TBLPR)
        _sub(tbl_pr, TBLW, **{A_W: str(sum(table.grid)), A_TYPE: "dxa"})
        borders = _sub(tbl_pr, TBLBORDERS)
        line = "single" if table.bordered else "nil"
        for side in _BORDERS:
            _sub(borders, _w(side), **{A_VAL: line, _w("sz"): "4", _w("space"): "0"})
        _sub(tbl_pr, TBLLAYOUT, **{A_TYPE: "fixed"})
        grid = _sub(tbl, TBLGRID)
        for width in table.grid:
            _sub(grid, GRIDCOL, **{A_W: str(width)})
        for row in table.rows:
            tr = _sub(tbl, TR)
            column = 0
            for cell in row:
                self.cell(tr, cell, sum(table.grid[column : column + cell.span]))
                column += cell.span
            if column != len(table.grid):
                raise ValueError(f"row spans {column} of {len(table.grid)} grid columns")


def to_docx(spec: FilingSpec, path: Target, options: RenderOptions | None = None) -> None:
    """Write ``spec`` as a .docx to ``path`` (a file name or a binary stream)."""
    options = options or RenderOptions()
    if isinstance(path, PathLike):
        path = fspath(path)
    document = docx.Document()
    body = document.element.body
    section = body.find(_w("sectPr"))
    if section is not None:
        body.remove(section)
    writer = _BodyWriter(body, options)
    for block in blocks(spec, options):
        if isinstance(block, Table):
            writer.table(block)
        else:
            writer.paragraph(block)
    if section is not None:
        body.append(section)  # w:sectPr must stay the body's last child
    document.save(path)
