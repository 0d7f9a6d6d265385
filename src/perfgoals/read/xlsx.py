"""Excel .xlsx filings → Grid, with openpyxl in read-only mode.

Each visible sheet becomes one table. Merged cells are resolved as the .docx
reader resolves them: a horizontal merge is one cell with a span, the cells
below the top row of a vertical merge are present, empty and ``merged_above``.
openpyxl's read-only sheets do not expose merges, so the ``mergeCell`` ranges
are read from the sheet XML directly. Rows above the grid that hold one cell
(the title, ``单位：万元``) become paragraphs, as they are in a Word filing;
columns empty in every row (layout spacing) are dropped.

Numbers are printed as the sheet's number format shows them (``0.00`` keeps
two decimals, ``0%`` becomes a percentage), so the text matches what the filer
saw. ``Origin.table`` is the sheet index, ``row``/``cell`` the 0-based row and
column in the sheet.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from bisect import bisect_left
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any, BinaryIO

import regex
from lxml import etree

from perfgoals.errors import UnreadableFileError
from perfgoals.read.grid import Block, Cell, Grid, Origin, Paragraph, Row, Table
from perfgoals.read.limits import DEFAULT_LIMITS, Limits, over_limit
from perfgoals.read.package import (
    check_central_directory,
    check_zip_limits,
    parse_member,
    read_member,
    scan_member,
)

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DECIMALS = regex.compile(r"0\.(0+)")
_CELL_REF = regex.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})$")
_PROLOG_BYTES = 4096
_DTD_MARKS = tuple(
    mark.encode(encoding)
    for mark in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("ascii", "utf-16-le", "utf-16-be")
)


@dataclass(frozen=True)
class Merge:
    """A merged range, 1-based and inclusive as in the sheet."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int


_TAIL_BYTES = 1 << 20


def is_workbook(stream: BinaryIO) -> bool:
    """Whether a zip package is an Excel workbook: its central directory, at the
    end of the file and stored uncompressed, names ``xl/workbook.xml`` and no
    Word body. Reads at most the last megabyte; leaves the stream at its start."""
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(max(0, size - _TAIL_BYTES))
    tail = stream.read(_TAIL_BYTES)
    stream.seek(0)
    return b"xl/workbook.xml" in tail and b"word/document.xml" not in tail


def named_like_workbook(stream: BinaryIO) -> bool:
    """Whether the first entries of a zip package are workbook parts: a workbook
    whose end (and so its central directory) is missing. Leaves the stream at its start."""
    stream.seek(0)
    head = stream.read(_TAIL_BYTES)
    stream.seek(0)
    return b"xl/" in head and b"word/" not in head


def truncated_workbook() -> UnreadableFileError:
    return _damaged("文件末尾缺失，多半是拷贝不完整 / the end of the file is missing")


def read_xlsx(source: bytes | BinaryIO, limits: Limits = DEFAULT_LIMITS) -> Grid:
    try:
        import openpyxl  # type: ignore[import-untyped]
    except ImportError as exc:  # an optional dependency
        raise UnreadableFileError(
            "xlsx-unsupported",
            "这是 Excel 表格（.xlsx），读取它需要安装 openpyxl（pip install openpyxl）。或把表格复制到 Word 中另存为 .docx 后再检查。",
            "This is an Excel workbook (.xlsx); reading it needs openpyxl (pip install "
            "openpyxl). Or copy the table into Word, save it as .docx, and re-check.",
        ) from exc
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        check_central_directory(stream, limits)  # before zipfile builds its directory
    except UnreadableFileError as exc:
        if exc.reason != "damaged-docx":
            raise
        raise truncated_workbook() from exc
    stream.seek(0)
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise _damaged(str(exc)) from exc
    with archive:
        check_zip_limits(archive, limits)
        _refuse_doctypes(archive, limits)
        _scan_parts(archive, limits)
        merges = _merges(archive, limits)
    stream.seek(0)
    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        raise _damaged(f"{type(exc).__name__}: {exc}") from exc
    blocks: list[Block] = []
    notes: list[str] = []
    try:
        for index, sheet in enumerate(workbook.worksheets):
            if getattr(sheet, "sheet_state", "visible") != "visible":
                notes.append(f"sheet {sheet.title}: hidden, not read")
                continue
            try:
                values = _sheet_values(sheet, limits)
            except (ValueError, IndexError, KeyError, TypeError, SyntaxError) as exc:
                # openpyxl parses the sheet lazily, here: a bad cell or merge reference
                raise _damaged(f"{sheet.title}: {type(exc).__name__}: {exc}") from exc
            blocks.extend(_sheet_blocks(index, values, merges.get(sheet.title, [])))
    finally:
        workbook.close()
    return Grid(blocks=blocks, source_format="xlsx", notes=notes)


# More cells than any filing's sheet holds (a 1000-table workbook has some
# 500,000): a cell at XFD1048576 or a merge over the whole sheet would
# otherwise make a few-kilobyte file expand into billions of cells.
MAX_SHEET_CELLS = 1_000_000
_LAST_COLUMN = 16384  # XFD, the last column of a sheet


def _sheet_values(sheet: Any, limits: Limits = DEFAULT_LIMITS) -> list[list[str]]:
    """The sheet's cells as text, row by row, refused past MAX_SHEET_CELLS or
    past the rows of one table (openpyxl takes a second per 10,000 rows)."""
    values: list[list[str]] = []
    cells = chars = 0
    for row in sheet.iter_rows():
        cells += len(row)
        if cells > MAX_SHEET_CELLS:
            raise _too_large(sheet.title)
        if len(values) >= limits.max_table_rows:
            raise over_limit(
                f"工作表“{sheet.title}”的行数", f"rows in the sheet '{sheet.title}'",
                limits.max_table_rows, "max-table-rows",
            )
        texts = [_text(cell) for cell in row]
        chars += sum(map(len, texts))
        if chars > limits.max_chars:
            raise over_limit("文字字符数", "characters of text", limits.max_chars, "max-chars")
        values.append(texts)
    return values


# styles.xml is parsed whole into Python objects by openpyxl (hundreds of
# bytes an element); a real one has a few thousand elements.
MAX_STYLE_ELEMENTS = 200_000


def _scan_parts(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Inflate every XML part openpyxl will read, keeping nothing, to count what
    it really produces: openpyxl checks only the declared total, so a shared
    strings or styles part that inflates to a gigabyte of tiny elements would
    otherwise be read whole."""
    for info in archive.infolist():
        if not info.filename.endswith((".xml", ".rels")):
            continue
        styles = info.filename.endswith("styles.xml")
        scan_limits = (
            replace(limits, max_xml_elements=min(limits.max_xml_elements, MAX_STYLE_ELEMENTS))
            if styles
            else limits
        )
        budget = limits.max_style_bytes if styles else limits.max_part_bytes
        sheet = info.filename.startswith("xl/worksheets/")
        try:
            rows = scan_member(archive, info, scan_limits, budget, b"row" if sheet else b"")
        except UnreadableFileError:
            raise
        except Exception as exc:  # zlib.error, BadZipFile (CRC), EOFError …
            raise _damaged(f"{info.filename}: {type(exc).__name__}: {exc}") from exc
        if rows > limits.max_table_rows:
            # Before openpyxl, which reads a sheet without a <dimension> twice.
            raise over_limit(
                f"工作表 {posixpath.basename(info.filename)} 的行数",
                f"rows in {info.filename}", limits.max_table_rows, "max-table-rows",
            )


def _too_large(title: str) -> UnreadableFileError:
    return UnreadableFileError(
        "too-complex",
        f"Excel 工作表“{title}”的范围超过 {MAX_SHEET_CELLS:,} 个单元格（多半是远处的一个单元格或"
        "整行整列的合并），无法安全读取。请只保留绩效目标表所在的区域后另存再检查。",
        f"The sheet '{title}' spans more than {MAX_SHEET_CELLS:,} cells (usually one far-away "
        "cell or a merge over whole rows or columns) and cannot be read safely. Keep only the "
        "table's area, save it again, and re-check.",
    )


def _damaged(detail: str) -> UnreadableFileError:
    return UnreadableFileError(
        "damaged-xlsx",
        f"Excel 文件已损坏，无法打开（{detail}）。请在 Excel 或 WPS 中打开并重新保存为 .xlsx 后再检查。",
        f"The Excel file is damaged and cannot be opened ({detail}). Open it in Excel or WPS, "
        "save it again as .xlsx, and re-check.",
    )


def _refuse_doctypes(archive: zipfile.ZipFile, limits: Limits) -> None:
    """No workbook part has a DTD; one that does may carry an entity bomb for the
    XML parser openpyxl uses, so the file is refused before it is opened."""
    for info in archive.infolist():
        if not info.filename.endswith((".xml", ".rels")):
            continue
        try:
            with archive.open(info) as stream:
                prolog = stream.read(_PROLOG_BYTES)
            # A long comment can push the declaration past the first bytes:
            # parse (safely, with our parser's settings) up to the root element.
            unsafe = any(mark in prolog for mark in _DTD_MARKS) or _dtd_before_root(archive, info)
        except (
            etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError
        ) as exc:
            raise _damaged(f"{info.filename}: {exc}") from exc
        if unsafe:
            raise UnreadableFileError(
                "unsafe-xml",
                f"Excel 文件中的 {info.filename} 含有文档类型声明（DTD），正常表格不会有，出于安全考虑已拒绝读取。",
                f"{info.filename} in the workbook declares a DTD, which no real workbook does; "
                "it was refused for safety.",
            )


def _dtd_before_root(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    with archive.open(info) as stream:
        events = etree.iterparse(
            stream,
            events=("start",),
            load_dtd=False,
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
        )
        for _, element in events:
            docinfo = element.getroottree().docinfo
            return docinfo.internalDTD is not None or bool(docinfo.doctype)
    return False


def _parse(archive: zipfile.ZipFile, name: str, limits: Limits) -> etree._Element | None:
    if name not in archive.namelist():
        return None
    try:
        return parse_member(archive, name, limits)
    except UnreadableFileError as exc:
        if exc.reason != "damaged-docx":
            raise
        raise _damaged(name) from exc  # the package reader speaks of Word documents


def _merges(archive: zipfile.ZipFile, limits: Limits) -> dict[str, list[Merge]]:
    """Merged ranges by sheet name, read from each sheet's XML."""
    workbook = _parse(archive, "xl/workbook.xml", limits)
    rels = _parse(archive, "xl/_rels/workbook.xml.rels", limits)
    if workbook is None or rels is None:
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(_PKG_REL + "Relationship")}
    names = set(archive.namelist())
    result: dict[str, list[Merge]] = {}
    for sheet in workbook.iter(_MAIN + "sheet"):
        target = targets.get(sheet.get(_REL + "id"), "")
        path = (
            target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
        )
        if path not in names:
            continue
        data = read_member(archive, path, limits)
        merges: list[Merge] = []
        if b"mergeCell" not in data:  # most sheets: no merge, no second parse
            result[sheet.get("name", "")] = merges
            continue
        try:
            # Rows are cleared as they pass, so the parse keeps no tree of the sheet.
            for _, element in etree.iterparse(
                io.BytesIO(data), tag=(_MAIN + "row", _MAIN + "mergeCell"),
                resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True,
            ):
                if element.tag == _MAIN + "mergeCell":
                    merge = _merge(element.get("ref", ""))
                    if merge is not None:
                        merges.append(merge)
                element.clear(keep_tail=True)
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
        except etree.XMLSyntaxError as exc:
            raise _damaged(f"{path}: {exc}") from exc
        result[sheet.get("name", "")] = merges
    return result


def _merge(ref: str) -> Merge | None:
    first, _, last = ref.partition(":")
    start, end = _cell_ref(first), _cell_ref(last or first)
    if start is None or end is None:
        return None
    return Merge(start[0], start[1], end[0], end[1])


def _cell_ref(ref: str) -> tuple[int, int] | None:
    match = _CELL_REF.match(ref.strip().upper())
    if not match:
        return None
    col = 0
    for letter in match.group(1):
        col = col * 26 + ord(letter) - ord("A") + 1
    return int(match.group(2)), col


def _text(cell: Any) -> str:
    """The cell as the sheet shows it."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, int | float):
        return _number(value, _number_format(cell))
    return str(value).strip()


def _number_format(cell: Any) -> str:
    try:
        return str(getattr(cell, "number_format", "General") or "General")
    except (IndexError, KeyError):  # a workbook saved without its styles part
        return "General"


def _number(value: int | float, number_format: str) -> str:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    try:
        return _formatted(number, number_format)
    except InvalidOperation:  # beyond what the format's places can hold (1E+300)
        return str(value)


def _formatted(number: Decimal, number_format: str) -> str:
    fmt = number_format.split(";")[0]
    percent = "%" in fmt
    if percent:
        number *= 100
    match = _DECIMALS.search(fmt)
    if match:
        number = number.quantize(Decimal(1).scaleb(-len(match.group(1))))
    elif "0" in fmt or "#" in fmt:
        number = number.quantize(Decimal(1))  # an integer format such as 0 or #,##0
    elif number == number.to_integral():
        number = number.quantize(Decimal(1))  # General shows 120.0 as 120
    text = f"{number:,f}" if "#,##" in fmt else f"{number:f}"
    return f"{text}%" if percent else text


def _sheet_blocks(sheet: int, values: list[list[str]], merges: list[Merge]) -> list[Block]:
    covered: dict[tuple[int, int], str] = {}  # (row, col) 1-based → "skip" | "below"
    spans: dict[tuple[int, int], int] = {}
    # A merge to the sheet's edge (a title merged over the whole row runs to
    # column XFD) means "the rest of the row": it ends where the text does.
    height = len(values)
    text_width = max(
        (len(row) - next((i for i, t in enumerate(reversed(row)) if t), len(row)) for row in values),
        default=0,
    )
    area = 0
    for merge in merges:
        last_col = merge.last_col
        if last_col >= _LAST_COLUMN:
            last_col = max(text_width, merge.first_col)
        merged_rows = max(0, min(merge.last_row, height) - merge.first_row + 1)
        area += (last_col - merge.first_col + 1) * merged_rows
        if area > MAX_SHEET_CELLS:
            raise _too_large(str(sheet + 1))
        width = last_col - merge.first_col + 1
        spans[(merge.first_row, merge.first_col)] = width
        for r in range(merge.first_row, min(merge.last_row, height) + 1):
            for c in range(merge.first_col, last_col + 1):
                if (r, c) == (merge.first_row, merge.first_col):
                    continue
                if r > merge.first_row and c == merge.first_col:
                    covered[(r, c)] = "below"
                    spans[(r, c)] = width
                else:
                    covered[(r, c)] = "skip"
    width = max((len(row) for row in values), default=0)
    kept = _kept_columns(values, spans, width)
    new_col = {c: i for i, c in enumerate(kept)}
    rows: list[Row] = []
    for r_index, row_values in enumerate(values):
        r = r_index + 1
        cells: list[Cell] = []
        for c in kept:
            state = covered.get((r, c))
            if state == "skip":
                continue
            # Kept columns under the span, by bisection: a scan of ``kept`` per
            # cell is quadratic on a sheet with text in all 16,384 columns.
            span = bisect_left(kept, c + spans.get((r, c), 1)) - bisect_left(kept, c)
            text = row_values[c - 1] if c - 1 < len(row_values) else ""
            origin = Origin(table=sheet, row=r - 1, cell=c - 1)
            cells.append(Cell(text, new_col[c], max(span, 1), state == "below", origin))
        if any(cell.text or cell.merged_above for cell in cells):
            rows.append(Row(cells=cells, origin=Origin(table=sheet, row=r - 1)))
    blocks: list[Block] = []
    while rows and sum(1 for c in rows[0].cells if c.text) <= 1:
        lead = rows.pop(0)  # a title or unit line above the grid
        text = next((c.text for c in lead.cells if c.text), "")
        if text:
            blocks.append(Paragraph(text=text, origin=lead.origin))
    if rows:
        blocks.append(Table(rows=rows, origin=Origin(table=sheet)))
    return blocks


def _kept_columns(values: list[list[str]], spans: dict[tuple[int, int], int], width: int) -> list[int]:
    """1-based columns that hold text or lie under a merged cell with text."""
    used: set[int] = set()
    for r_index, row in enumerate(values):
        for c_index, text in enumerate(row):
            if text:
                c = c_index + 1
                used.update(range(c, c + spans.get((r_index + 1, c), 1)))
    return [c for c in range(1, width + 1) if c in used]
