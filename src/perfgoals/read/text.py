"""Plain-text exports of Word filings → Grid.

Three layouts are read (layouts.md "Text forms"); :func:`detect_layout` picks
one from the lines:

- ``tab`` (as Word's "save as text" writes tables): each cell is a line
  starting with a TAB; a cell with several paragraphs continues on lines
  without a TAB; a blank line closes a row; a non-TAB line after a blank line
  is a paragraph and closes the table.
- ``pipe``: an HTML table flattened to text, ``|`` between cells, one row per
  line or a row continued over lines until its closing ``|``.
- ``cells``: one cell per line, rows separated by blank lines, no TABs. Empty
  cells leave no line, so grid columns are not known; the builder aligns such
  rows by their labels and counts, never by position alone.

Word's TC field residue (`` TC … \\l 1``) and lone page numbers are dropped.
"""

from __future__ import annotations

import html
import re
from typing import Literal

import regex

from perfgoals.errors import UnreadableFileError
from perfgoals.read.grid import Block, Cell, Grid, Origin, Paragraph, Row, Table

# Word table-of-contents entry fields exported as text: `` TC 1、… \f C \l 1 ``:
# from the whitespace before ``TC`` to the line's end, when a ``\f``/``\l``
# switch follows. Matched in two linear searches (the lookbehind makes only
# the start of a whitespace run a candidate); one lazy pattern was quadratic
# on a long line with many ``TC`` words.
_TC_START = regex.compile(r"(?<!\s)\s+TC\s")
_TC_SWITCH = regex.compile(r"\\[fl]\s")
_PAGE_NUMBER = regex.compile(r"^\s*(?:-\s*)?\d{1,4}(?:\s*-)?\s*$")
# Control characters that never occur in a text export (NUL, form feed aside).
# The standard library's engine scans a plain character class some three times
# faster than the regex module's.
_BINARY_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode(data: bytes) -> tuple[str, str]:
    """Decode a text export (``perfgoals.read.decode``); returns (text, encoding)."""
    from perfgoals.read.decode import decode_text

    return decode_text(data)


def read_text(data: bytes) -> Grid:
    text, encoding = decode(data)
    if text.startswith("\ufeff"):
        text = text[1:]
    if _looks_binary(text):
        raise UnreadableFileError(
            "binary-not-text",
            "文件内容不是文本（含有大量控制字符），可能是其他格式的文件被改成了 .txt 扩展名。请确认文件格式后重新导出。",
            "The file holds binary data, not text; it may be another format renamed to .txt. "
            "Check the file and export it again.",
        )
    text, readings = strip_pinyin_readings(text)
    grid = parse_layout(text.splitlines())
    grid.encoding = encoding
    if readings:
        grid.notes.append(
            f"删除了 {readings} 处插在汉字后的拼音注音（如“項(xiàng)”） / "
            f"removed {readings} pinyin readings inserted after characters"
        )
    return grid


# A pinyin reading a web page inserted after a character (``項(xiàng)目``): a
# parenthesised syllable with a tone mark right after a Han character. Units
# such as ``(km)`` carry no tone mark and stay.
_PINYIN_READING = regex.compile(
    r"(?<=\p{Han})\((?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ]{1,7}\)"
)


def strip_pinyin_readings(text: str) -> tuple[str, int]:
    """The text without inserted pinyin readings, and how many there were."""
    return _PINYIN_READING.subn("", text)


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    if not sample:
        return False
    return len(_BINARY_CHARS.findall(sample)) > max(8, len(sample) // 200)


def strip_field_residue(line: str) -> str:
    start = _TC_START.search(line)
    # If no switch follows the first field start, none follows a later one.
    if start is None or _TC_SWITCH.search(line, start.end()) is None:
        return line
    return line[: start.start()]


def parse_lines(lines: list[str]) -> Grid:
    """Parse the TAB-cell export layout into a Grid.

    One loop over the lines, its state in locals: a cell is its first line
    and, rarely, continuation lines; a row its closed cells. A text export
    of a large filing has tens of thousands of cell lines, and a method call
    and a list per cell cost more than the rest of the line's reading.
    """
    blocks: list[Block] = []
    notes: list[str] = []
    table: Table | None = None
    row: list[Cell] | None = None  # the open row's closed cells
    row_line = 0
    cell: str | None = None  # the open cell's first line, without its TAB
    more: list[str] = []  # its continuation lines
    cell_line = 0
    for line_no, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r")
        starts_cell = line.startswith("\t")
        blank = not starts_cell and not line.strip()
        if cell is not None and (starts_cell or blank):
            # The open cell ends: at the next cell, or at the blank line ending the row.
            assert row is not None
            text = _paragraphs(cell, more) if more else cell.strip()
            origin = _new(Origin, (cell_line, None, None, None, None))
            row.append(_new(Cell, (text, len(row), 1, False, origin)))
            cell = None
            if more:
                more = []
        if starts_cell:
            if table is None:
                table = Table(rows=[], origin=_line_origin(line_no))
            if row is None:
                row, row_line = [], line_no
            cell, cell_line = line[1:], line_no
        elif blank:
            if row:
                assert table is not None
                table.rows.append(Row(row, _line_origin(row_line)))
            row = None
        elif cell is not None:
            more.append(line)
        elif _PAGE_NUMBER.match(line):
            notes.append(f"line {line_no}: page number dropped")
        else:
            if table is not None:
                if row:
                    table.rows.append(Row(row, _line_origin(row_line)))
                if table.rows:
                    blocks.append(table)
                table, row = None, None
            cleaned = strip_field_residue(line).strip()
            if cleaned:
                blocks.append(_new(Paragraph, (cleaned, _line_origin(line_no))))
    if cell is not None:
        assert row is not None
        text = _paragraphs(cell, more) if more else cell.strip()
        row.append(_new(Cell, (text, len(row), 1, False, _line_origin(cell_line))))
    if table is not None:
        if row:
            table.rows.append(Row(row, _line_origin(row_line)))
        if table.rows:
            blocks.append(table)
    return Grid(blocks=blocks, source_format="text", notes=notes)


# Cells, paragraphs and origins are built by tuple.__new__, skipping the
# NamedTuples' Python-level __new__ (as the .docx reader does).
_new = tuple.__new__


def _paragraphs(first: str, more: list[str]) -> str:
    """A cell of several lines: each right-stripped, joined, the whole stripped."""
    return "\n".join([first.rstrip(), *(p.rstrip() for p in more)]).strip()


def _line_origin(line: int) -> Origin:
    return _new(Origin, (line, None, None, None, None))


# -- layouts other than Word's TAB export ------------------------------------

Layout = Literal["tab", "pipe", "cells"]

# A Markdown-style rule under a header row: |---|:---:|.
_PIPE_RULE = regex.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")
_HTML_BREAK = regex.compile(r"<br\s*/?>", regex.IGNORECASE)
# Page numbers as a web page or a PDF copy prints them: "- 3 -", "第3页 共12页".
_DASHED_PAGE = regex.compile(
    r"^\s*(?:[-—－]\s*\d{1,4}\s*[-—－]|第\s*\d{1,4}\s*页(?:\s*[,，/、]?\s*共\s*\d{1,4}\s*页)?)\s*$"
)
_MIN_TAB_CELLS = 3


def detect_layout(lines: list[str]) -> Layout:
    """``tab`` where TAB-led cell lines dominate, ``pipe`` where ``|`` rows do,
    else ``cells``."""
    # Only lines with a bar can be pipe rows: most exports have none.
    barred = [line for line in lines if "|" in line]
    closed = _closed_pipes(lines)
    pipe = sum(1 for line in barred if _pipe_row_line(line.strip(), closed))
    # TAB lines are counted only as far as the decision needs.
    needed = max(_MIN_TAB_CELLS, pipe)
    tab = 0
    for line in lines:
        if line.startswith("\t"):
            tab += 1
            if tab >= needed:
                return "tab"
    # One framed row (| a | b |) is a table; bare bars need two lines to be one.
    if pipe >= 2 or (pipe and closed):
        return "pipe"
    return "cells"


def parse_layout(lines: list[str]) -> Grid:
    layout = detect_layout(lines)
    if layout == "tab":
        return parse_lines(lines)
    grid = parse_pipe_lines(lines) if layout == "pipe" else parse_cell_lines(lines)
    grid.notes.insert(0, f"text layout: {layout}")
    return grid


def _closed_pipes(lines: list[str]) -> bool:
    """Whether rows are framed by bars (``| a | b |``) rather than only separated."""
    return any(
        "|" in line
        and (stripped := line.strip()).startswith("|")
        and stripped.endswith("|")
        and not _only_bars(stripped)
        for line in lines[:2000]
    )


def _pipe_row_line(stripped: str, closed: bool) -> bool:
    return stripped.startswith("|") if closed else "|" in stripped


def _pipe_cells(text: str) -> list[str]:
    # &nbsp; is a space on the page; it unescapes to U+00A0, which text fields never hold.
    return [
        html.unescape(_HTML_BREAK.sub("\n", part)).replace("\xa0", " ").strip()
        for part in text.split("|")
    ]


class _PipeRow:
    """One row of a ``|`` table, possibly continued over several lines."""

    def __init__(self, line_no: int) -> None:
        self.line_no = line_no
        self.cells: list[tuple[str, int]] = []  # (text, line)

    def add(self, segment: str, line_no: int, continues: bool) -> None:
        parts = _pipe_cells(segment)
        if continues and self.cells:
            text, start = self.cells[-1]
            joined = f"{text}\n{parts[0]}" if text and parts[0] else text or parts[0]
            self.cells[-1] = (joined, start)
            parts = parts[1:]
        self.cells.extend((part, line_no) for part in parts)

    def row(self) -> Row:
        return Row(
            cells=[
                Cell(text=strip_field_residue(text).strip(), col=i, origin=Origin(line=line))
                for i, (text, line) in enumerate(self.cells)
            ],
            origin=Origin(line=self.line_no),
        )


def parse_pipe_lines(lines: list[str]) -> Grid:
    """Parse an HTML table flattened with ``|`` between cells into a Grid.

    Two shapes are read, line by line:

    - *framed* rows (``| a | b |``): a line that opens with ``|`` but does not
      end with one continues on the following lines (a cell of several
      paragraphs, or a row wrapped by the page) until a line ends with ``|``;
    - *open* rows (``a |`` or ``a | b | ||||``), as pages that print one cell
      per line write them: cells accumulate over lines until a line ends with
      a run of bars (the row's padding to the table's width), and a lone
      ``|`` right after a row's end is the next row's frame. Where no line
      ever closes a row, the row boundaries are lost: the cells are kept in
      reading order as a *stream* table for the builder to re-row by its
      labels.

    Blank lines inside a table are ignored; any other line is a paragraph and
    closes the table.
    """
    closed = _closed_pipes(lines)
    blocks: list[Block] = []
    notes: list[str] = []
    table: Table | None = None
    open_row: _PipeRow | None = None
    stream: _OpenRow | None = None

    def close_table() -> None:
        nonlocal table, stream
        if stream is not None:
            finished = stream.finish()
            stream = None
            if finished:
                table = table or Table(rows=[], origin=finished[0].origin)
                _add_open_rows(blocks, table, finished)
                table = None
        if table is not None and table.rows:
            blocks.append(table)
        table = None

    for line_no, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if open_row is not None:
            if not stripped:
                continue
            ends = stripped.endswith("|")
            open_row.add(stripped.removesuffix("|") if ends else stripped, line_no, True)
            if ends:
                assert table is not None
                table.rows.append(open_row.row())
                open_row = None
            continue
        if not stripped:
            continue
        if stream is not None and (
            (stripped.endswith("|") and not stripped.startswith("|"))
            or _only_bars(stripped)
            # A row without its closing bars (the page cut inside the table's
            # last row): it goes on the open rows, in its place.
            or (not closed and "|" in stripped and not stripped.startswith("|"))
        ):
            stream.add_line(stripped, line_no)
            continue
        if _pipe_row_line(stripped, closed):
            if _PIPE_RULE.match(stripped):
                continue
            if (not stripped.startswith("|") and stripped.endswith("|")) or _only_bars(stripped):
                if stream is None:
                    if table is not None:
                        blocks.append(table)
                        table = None
                    stream = _OpenRow()
                stream.add_line(stripped, line_no)
                continue
            if table is None:
                table = Table(rows=[], origin=Origin(line=line_no))
            body = stripped.removeprefix("|") if closed else stripped
            row = _PipeRow(line_no)
            if closed and not body.endswith("|"):
                row.add(body, line_no, False)
                open_row = row
                continue
            row.add(body.removesuffix("|") if closed else body, line_no, False)
            table.rows.append(row.row())
            continue
        close_table()
        if _PAGE_NUMBER.match(stripped) or _DASHED_PAGE.match(stripped):
            notes.append(f"line {line_no}: page number dropped")
            continue
        cleaned = strip_field_residue(stripped).strip()
        if cleaned:
            blocks.append(Paragraph(text=cleaned, origin=Origin(line=line_no)))
    if open_row is not None and table is not None:
        table.rows.append(open_row.row())  # a document cut inside a row
    close_table()
    return Grid(blocks=blocks, source_format="text", notes=notes)


def _only_bars(text: str) -> bool:
    return not text.replace("|", "").strip()


# An open row longer than this many cells ran over rows whose ends were lost.
_MAX_OPEN_ROW = 24


def _add_open_rows(blocks: list[Block], table: Table, rows: list[Row]) -> None:
    """Rows closed by a run of bars stay rows; a run-on row (its end lost) is
    a stream table of its own, so the builder re-rows only what was lost."""
    for row in rows:
        if len(row.cells) > _MAX_OPEN_ROW or (len(rows) == 1 and len(row.cells) > 2):
            if table.rows:
                blocks.append(table)
            blocks.append(Table(rows=[row], origin=row.origin, stream=True))
            table = Table(rows=[], origin=row.origin)
        else:
            table.rows.append(row)
    if table.rows:
        blocks.append(table)


class _OpenRow:
    """Rows written one cell per line (``a |``), closed by a run of bars."""

    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.cells: list[Cell] = []
        self.row_line = 0
        self.just_closed = True

    def add_line(self, stripped: str, line_no: int) -> None:
        if "|" not in stripped:
            # A cell of several lines: the text continues the last cell.
            if self.cells:
                last = self.cells[-1]
                self.cells[-1] = last._replace(text=f"{last.text}\n{stripped}".strip())
            else:
                self._cell(stripped, line_no)
            return
        parts = _pipe_cells(stripped)
        # parts[-1] is what follows the last bar: text only on a line that
        # does not end with one (the row goes on).
        texts, tail = parts[:-1], parts[-1]
        ends_row = stripped.endswith("|") and len(texts) >= 2 and not texts[-1]
        if _only_bars(stripped) and len(texts) == 1:
            # A lone bar: the next row's frame right after a row's end, else
            # an empty cell.
            if not self.just_closed and self.cells:
                self._cell("", line_no)
            self.just_closed = False
            return
        while ends_row and texts and not texts[-1]:
            texts.pop()  # the row's padding to the table's width
        for text in texts:
            self._cell(text, line_no)
        if tail:
            self._cell(tail, line_no)
        if ends_row:
            self._close()
        else:
            self.just_closed = False

    def _cell(self, text: str, line_no: int) -> None:
        if not self.cells:
            self.row_line = line_no
        self.cells.append(
            Cell(text=strip_field_residue(text).strip(), col=len(self.cells), origin=Origin(line=line_no))
        )

    def _close(self) -> None:
        if any(c.text for c in self.cells):
            self.rows.append(Row(cells=self.cells, origin=Origin(line=self.row_line)))
        self.cells = []
        self.just_closed = True

    def finish(self) -> list[Row]:
        if self.cells:
            self._close()
        return self.rows


def parse_cell_lines(lines: list[str]) -> Grid:
    """Parse a one-cell-per-line export (rows separated by blank lines) into a Grid.

    A group of two or more lines is a row. A one-line group is a row when it
    stands between rows (a cell whose neighbours were empty, a title between
    two tables: the builder sorts those out); before the first and after the
    last row it is a paragraph (site boilerplate, the title above the table).
    """
    notes: list[str] = []
    groups: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for line_no, raw in enumerate(lines, start=1):
        text = raw.strip()
        if not text:
            if current:
                groups.append(current)
                current = []
            continue
        if _DASHED_PAGE.match(text):
            notes.append(f"line {line_no}: page number dropped")
            continue
        current.append((line_no, strip_field_residue(text).strip()))
    if current:
        groups.append(current)
    multi = [i for i, group in enumerate(groups) if len(group) >= 2]
    first, last = (multi[0], multi[-1]) if multi else (len(groups), -1)
    blocks: list[Block] = []
    table: Table | None = None
    for index, group in enumerate(groups):
        if first <= index <= last:
            if table is None:
                table = Table(rows=[], origin=Origin(line=group[0][0]))
                blocks.append(table)
            table.rows.append(
                Row(
                    cells=[
                        Cell(text=text, col=col, origin=Origin(line=line_no))
                        for col, (line_no, text) in enumerate(group)
                    ],
                    origin=Origin(line=group[0][0]),
                )
            )
            continue
        table = None
        for line_no, text in group:
            if _PAGE_NUMBER.match(text):
                notes.append(f"line {line_no}: page number dropped")
            elif text:
                blocks.append(Paragraph(text=text, origin=Origin(line=line_no)))
    return Grid(blocks=blocks, source_format="text", notes=notes)
