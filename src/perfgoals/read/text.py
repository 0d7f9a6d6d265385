"""Plain-text exports of Word filings → Grid.

The export layout (as Word's "save as text" writes tables): each cell is a line
starting with a TAB; a cell with several paragraphs continues on lines without
a TAB; a blank line closes a row; a non-TAB line after a blank line is a
paragraph and closes the table. Word's TC field residue (`` TC … \\l 1``) and
lone page numbers are dropped.
"""

from __future__ import annotations

import codecs

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
_BINARY_CHARS = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode(data: bytes) -> tuple[str, str]:
    """Decode a text export, sniffing BOMs and the encoding; returns (text, encoding)."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16"), "utf-16"
    bom_less_utf16 = _bom_less_utf16(data)
    if bom_less_utf16 is not None:
        return _strict(data, bom_less_utf16), bom_less_utf16
    for encoding in ("utf-8", "gb18030"):
        try:
            return _decode_whole_characters(data, encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UnreadableFileError(
        "undecodable-text",
        "文件不是可识别的文本：既不是 UTF-8、GB18030，也不是 UTF-16。请从 Word 另存为 .docx，或另存为“UTF-8 文本”后重试。",
        "The file is not readable text (neither UTF-8, GB18030 nor UTF-16). "
        "Save it from Word as .docx, or as UTF-8 text, and try again.",
    )


def _bom_less_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII (TABs, digits, line ends) leaves NULs in one
    byte lane; the lane with most NULs is the high byte."""
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    sample = sample[: len(sample) // 2 * 2]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    encoding = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
    try:
        decoded = sample.decode(encoding)
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 4:
            return None
        decoded = sample[: exc.start].decode(encoding)  # a surrogate pair cut by the sample
    if _looks_binary(decoded) or "\x00" in decoded:
        return None
    return encoding


def _strict(data: bytes, encoding: str) -> str:
    try:
        return _decode_whole_characters(data, encoding)
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(
            "undecodable-text",
            f"文件声明为 {encoding} 编码，但第 {exc.start} 字节处的内容无法解码，文件可能已损坏。请重新导出后再检查。",
            f"The file declares {encoding} but byte {exc.start} cannot be decoded; "
            "it may be damaged. Export it again and re-check.",
        ) from exc


def _decode_whole_characters(data: bytes, encoding: str) -> str:
    """Decode, dropping a character cut off at the very end (a file whose copy
    stopped mid-character); invalid bytes anywhere else still raise."""
    return str(codecs.getincrementaldecoder(encoding)().decode(data, final=False))


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
    grid = parse_lines(text.splitlines())
    grid.encoding = encoding
    return grid


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


class _TableBuilder:
    """Accumulates TAB-prefixed cell lines into rows of one table."""

    def __init__(self, line_no: int) -> None:
        self.table = Table(rows=[], origin=Origin(line=line_no))
        self.row: list[Cell] | None = None
        self.row_line = line_no
        self.paragraphs: list[str] = []  # paragraphs of the open cell
        self.cell_line = line_no

    def add_cell(self, text: str, line_no: int) -> None:
        self._close_cell()
        if self.row is None:
            self.row = []
            self.row_line = line_no
        self.paragraphs = [text]
        self.cell_line = line_no

    def continue_cell(self, text: str) -> None:
        self.paragraphs.append(text)

    @property
    def cell_open(self) -> bool:
        return bool(self.paragraphs)

    def _close_cell(self) -> None:
        if self.row is not None and self.paragraphs:
            text = "\n".join(p.rstrip() for p in self.paragraphs).strip()
            self.row.append(Cell(text=text, col=len(self.row), origin=Origin(line=self.cell_line)))
        self.paragraphs = []

    def close_row(self) -> None:
        self._close_cell()
        if self.row:
            self.table.rows.append(Row(cells=self.row, origin=Origin(line=self.row_line)))
        self.row = None


def parse_lines(lines: list[str]) -> Grid:
    """Parse the TAB-cell export layout into a Grid."""
    blocks: list[Block] = []
    notes: list[str] = []
    table: _TableBuilder | None = None

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
                table = _TableBuilder(line_no)
            table.add_cell(line[1:], line_no)
        elif not line.strip():
            if table is not None:
                table.close_row()
        elif table is not None and table.cell_open:
            table.continue_cell(line)
        elif _PAGE_NUMBER.match(line):
            notes.append(f"line {line_no}: page number dropped")
        else:
            close_table()
            cleaned = strip_field_residue(line).strip()
            if cleaned:
                blocks.append(Paragraph(text=cleaned, origin=Origin(line=line_no)))
    close_table()
    return Grid(blocks=blocks, source_format="text", notes=notes)
