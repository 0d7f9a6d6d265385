"""The TAB export reader (``parse_lines``, one loop with its state in locals)
against a plain statement of its rules, one object per table: generated
exports with cells of several lines, blank lines in runs, page numbers,
field residue and paragraphs between tables give the same Grid; and the
layout detection that counts TAB lines only as far as it must decides as a
full count would."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from perfgoals.read.grid import Block, Cell, Grid, Origin, Paragraph, Row, Table
from perfgoals.read.text import (
    _MIN_TAB_CELLS,
    _PAGE_NUMBER,
    _closed_pipes,
    _pipe_row_line,
    detect_layout,
    parse_lines,
    strip_field_residue,
)


class _Table:
    def __init__(self, line_no: int) -> None:
        self.table = Table(rows=[], origin=Origin(line=line_no))
        self.row: list[Cell] | None = None
        self.row_line = line_no
        self.paragraphs: list[str] = []
        self.cell_line = line_no

    def add_cell(self, text: str, line_no: int) -> None:
        self.close_cell()
        if self.row is None:
            self.row, self.row_line = [], line_no
        self.paragraphs, self.cell_line = [text], line_no

    def close_cell(self) -> None:
        if self.row is not None and self.paragraphs:
            text = "\n".join(p.rstrip() for p in self.paragraphs).strip()
            self.row.append(Cell(text=text, col=len(self.row), origin=Origin(line=self.cell_line)))
        self.paragraphs = []

    def close_row(self) -> None:
        self.close_cell()
        if self.row:
            self.table.rows.append(Row(cells=self.row, origin=Origin(line=self.row_line)))
        self.row = None


def reference(lines: list[str]) -> Grid:
    """A cell line starts with a TAB; a line without one continues the open
    cell; a blank line closes the row; a page number is dropped; any other
    line is a paragraph and closes the table."""
    blocks: list[Block] = []
    notes: list[str] = []
    table: _Table | None = None

    def close_table() -> None:
        nonlocal table
        if table is not None:
            table.close_row()
            if table.table.rows:
                blocks.append(table.table)
            table = None

    for line_no, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r")
        if line.startswith("\t"):
            if table is None:
                table = _Table(line_no)
            table.add_cell(line[1:], line_no)
        elif not line.strip():
            if table is not None:
                table.close_row()
        elif table is not None and table.paragraphs:
            table.paragraphs.append(line)
        elif _PAGE_NUMBER.match(line):
            notes.append(f"line {line_no}: page number dropped")
        else:
            close_table()
            cleaned = strip_field_residue(line).strip()
            if cleaned:
                blocks.append(Paragraph(text=cleaned, origin=Origin(line=line_no)))
    close_table()
    return Grid(blocks=blocks, source_format="text", notes=notes)


def counted_layout(lines: list[str]) -> str:
    """The layout decided from full counts of TAB and ``|`` row lines."""
    tab = sum(1 for line in lines if line.startswith("\t"))
    closed = _closed_pipes(lines)
    pipe = sum(1 for line in lines if _pipe_row_line(line.strip(), closed))
    if tab >= _MIN_TAB_CELLS and tab >= pipe:
        return "tab"
    if pipe >= 2 or (pipe and closed):
        return "pipe"
    return "cells"


fragment = st.sampled_from(
    ["预算数", "12.00", " ", "\u3000", "12", "- 3 -", "TC", " TC 1、目标 \\l 1 ", "|", "| a |", "\r"]
)
text = st.lists(fragment, max_size=3).map("".join)
line = st.one_of(
    st.builds(lambda t: "\t" + t, text),  # a cell
    st.builds(lambda t: "\t\t" + t, text),
    text,  # a paragraph, a continuation, a page number or a blank line
    st.just(""),
)
export = st.lists(line, max_size=30)


@settings(max_examples=400, deadline=None)
@given(lines=export)
def test_tab_export_reads_as_its_rules_say(lines: list[str]) -> None:
    assert parse_lines(lines) == reference(lines)


# TAB lines and bar rows in every proportion.
mixed = st.lists(st.sampled_from(["\t甲", "| 甲 | 乙 |", "甲 | 乙", " |", "|||", "甲", ""]), max_size=12)


@settings(max_examples=400, deadline=None)
@given(lines=st.one_of(export, mixed))
def test_layout_detection_stops_counting_only_when_decided(lines: list[str]) -> None:
    assert detect_layout(lines) == counted_layout(lines)


def test_cells_of_several_lines_and_rows_across_blank_lines() -> None:
    lines = ["标题", "\t项目名称", "\t第一行 ", "第二行", "", "", "\t预算数", "3", "", "- 2 -", "正文"]
    grid = parse_lines(lines)
    assert grid == reference(lines)
    title, table, text = grid.blocks
    assert isinstance(table, Table) and table.origin.line == 2
    assert [[c.text for c in r.cells] for r in table.rows] == [["项目名称", "第一行\n第二行"], ["预算数\n3"]]
    assert [c.origin.line for r in table.rows for c in r.cells] == [2, 3, 7]
    assert (title.text, text.text, text.origin.line) == ("标题", "正文", 11)
    assert grid.notes == ["line 10: page number dropped"]
