"""Legacy and XML workbooks → Grid: .xls (BIFF 97-2003) and .ods through
python-calamine (Rust, no LibreOffice), and Excel 2003 XML (SpreadsheetML)
with lxml.

Every sheet is laid out as the .xlsx reader lays it out (the same merge
handling, title rows above the grid as paragraphs, empty columns dropped), so
the same filing saved as .xlsx, .xls or .ods gives the same Grid. Merged
ranges come from calamine for .xls, from ``content.xml`` for .ods (calamine
does not report them there) and from ``ss:MergeAcross``/``ss:MergeDown`` for
SpreadsheetML.

A budget-disclosure workbook holds many sheets (收支总表 … 项目支出绩效目标表):
only the sheets whose text speaks of performance goals are read; the others
are left out without a finding. When no sheet does, all are read, so the
builder can say what is missing.

Numbers: calamine gives values, not the number format, so ``30`` saved with
format ``0.00`` reads as ``30`` (the .xlsx reader shows ``30.00``).
"""

from __future__ import annotations

import io
import struct
import zipfile
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

import regex
from lxml import etree

from perfgoals.errors import UnreadableFileError
from perfgoals.read.grid import Block, Grid
from perfgoals.read.limits import DEFAULT_LIMITS, Limits
from perfgoals.read.xlsx import MAX_SHEET_CELLS, Merge, _sheet_blocks

_FILING_SHEET = regex.compile(r"绩\s*效|指\s*标")
_SS = "urn:schemas-microsoft-com:office:spreadsheet"
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_MAX_ODS_CONTENT = 256 * 1024 * 1024

SheetKind = Literal["xls", "ods"]
_BOF_RECORDS = (0x0809, 0x0409, 0x0209, 0x0009)  # BIFF8/5, 4, 3, 2


def read_calamine(data: bytes, kind: SheetKind, limits: Limits = DEFAULT_LIMITS) -> Grid:
    """A .xls (BIFF) or .ods workbook given as bytes."""
    import python_calamine

    if kind == "xls" and not _biff_starts_well(data):
        raise _damaged(kind)  # calamine would panic (and print a Rust backtrace) on it
    if kind == "ods":
        from perfgoals.read.package import scan_part

        scan_part(data, "content.xml", limits)  # calamine reads it whole, unbounded
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except BaseException as exc:  # calamine raises its own kinds, and panics on some damage
        _reraise_interrupts(exc)
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            from perfgoals.read.package import password_protected

            raise password_protected() from exc
        raise _damaged(kind) from exc
    ods_merges = _ods_merges(data, limits) if kind == "ods" else {}
    sheets: list[tuple[str, list[list[str]], list[Merge]]] = []
    try:
        for index, meta in enumerate(workbook.sheets_metadata):
            if "visible" not in str(meta.visible).lower() or "hidden" in str(meta.visible).lower():
                continue
            if "worksheet" not in str(meta.typ).lower():
                continue
            sheet = workbook.get_sheet_by_index(index)
            if sheet.height * max(sheet.width, 1) > MAX_SHEET_CELLS:
                raise _too_large(meta.name)
            values = [[_text(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
            if kind == "ods":
                merges = ods_merges.get(index, [])
            else:
                merges = [
                    Merge(first[0] + 1, first[1] + 1, last[0] + 1, last[1] + 1)
                    for first, last in (sheet.merged_cell_ranges or [])
                ]
            sheets.append((meta.name, values, merges))
    except UnreadableFileError:
        raise
    except BaseException as exc:  # a Rust panic is a BaseException
        _reraise_interrupts(exc)
        raise _damaged(kind) from exc
    return _grid(sheets, kind)


def _biff_starts_well(data: bytes) -> bool:
    """Whether the workbook stream of a .xls starts with a whole BOF record."""
    from perfgoals.read.ole import OleError, _Compound

    try:
        compound = _Compound(data)
        entries = compound.entries()
        root = next((e for e in entries if e.kind == 5), None)
        book = next((e for e in entries if e.kind == 2 and e.name in ("Workbook", "Book")), None)
        if book is None:
            return False
        head = compound.stream_head(book, root)
    except (OleError, struct.error):
        return False
    if len(head) < 8:
        return False
    record, length = struct.unpack_from("<HH", head)
    return record in _BOF_RECORDS and 4 <= length <= len(head) - 4


def _reraise_interrupts(exc: BaseException) -> None:
    if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit | MemoryError):
        raise exc


def _grid(sheets: list[tuple[str, list[list[str]], list[Merge]]], source_format: str) -> Grid:
    filing = [
        i for i, s in enumerate(sheets) if any(_FILING_SHEET.search(t) for row in s[1] for t in row if t)
    ]
    chosen = filing or list(range(len(sheets)))
    blocks: list[Block] = []
    for index in chosen:
        _, values, merges = sheets[index]
        blocks.extend(_sheet_blocks(index, values, merges))
    grid = Grid(blocks=blocks, source_format=source_format)
    skipped = len(sheets) - len(chosen)
    if skipped:
        grid.notes.append(f"{skipped} sheets without performance goals were not read")
    return grid


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(value, ".15g")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time | timedelta):
        return str(value)
    return str(value).strip()


def _ods_merges(data: bytes, limits: Limits) -> dict[int, list[Merge]]:
    """Merged ranges of each sheet of an .ods, from its content.xml."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("content.xml")
            if info.file_size > min(limits.max_part_bytes, _MAX_ODS_CONTENT):
                raise _too_large("content.xml")
            with archive.open(info) as stream:
                return _merges_from_content(stream)
    except UnreadableFileError:
        raise
    except (KeyError, zipfile.BadZipFile, OSError, etree.XMLSyntaxError) as exc:
        raise _damaged("ods") from exc


def _merges_from_content(stream: Any) -> dict[int, list[Merge]]:
    table, row, cell = f"{{{_TABLE_NS}}}table", f"{{{_TABLE_NS}}}table-row", f"{{{_TABLE_NS}}}table-cell"
    covered = f"{{{_TABLE_NS}}}covered-table-cell"
    rows_repeated = f"{{{_TABLE_NS}}}number-rows-repeated"
    cols_repeated = f"{{{_TABLE_NS}}}number-columns-repeated"
    cols_spanned = f"{{{_TABLE_NS}}}number-columns-spanned"
    rows_spanned = f"{{{_TABLE_NS}}}number-rows-spanned"
    merges: dict[int, list[Merge]] = {}
    sheet, r, c = -1, 0, 0
    events = etree.iterparse(
        stream, events=("start", "end"), tag=(table, row, cell, covered), resolve_entities=False,
        no_network=True, huge_tree=False,
    )
    for event, element in events:
        tag = element.tag
        if event == "start":
            if tag == table:
                sheet, r = sheet + 1, 0
            elif tag == row:
                c = 0
            elif tag == cell:
                across = int(element.get(cols_spanned, "1") or 1)
                down = int(element.get(rows_spanned, "1") or 1)
                if across > 1 or down > 1:
                    merges.setdefault(sheet, []).append(Merge(r + 1, c + 1, r + down, c + across))
            continue
        if tag in (cell, covered):
            c += int(element.get(cols_repeated, "1") or 1)
            element.clear()
        elif tag == row:
            r += int(element.get(rows_repeated, "1") or 1)
            element.clear()
    return merges


def read_spreadsheetml(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Grid:
    """An Excel 2003 XML workbook (``<?mso-application progid="Excel.Sheet"?>``)."""
    from perfgoals.read.package import parse_xml

    root = parse_xml(data, "workbook.xml", limits)
    ns = {"ss": _SS}
    sheets: list[tuple[str, list[list[str]], list[Merge]]] = []
    for worksheet in root.iterfind("ss:Worksheet", ns):
        name = worksheet.get(f"{{{_SS}}}Name", "")
        values: list[list[str]] = []
        merges: list[Merge] = []
        cells = 0
        r = 0
        for row in worksheet.iterfind("ss:Table/ss:Row", ns):
            index = row.get(f"{{{_SS}}}Index")
            r = int(index) if index and index.isdigit() else r + 1
            if r > 1_048_576 or r - len(values) + cells > MAX_SHEET_CELLS:
                raise _too_large(name)
            while len(values) < r:
                values.append([])
                cells += 1
            line = values[r - 1]
            c = 0
            for cell in row.iterfind("ss:Cell", ns):
                at = cell.get(f"{{{_SS}}}Index")
                c = int(at) if at and at.isdigit() else c + 1
                data_element = cell.find("ss:Data", ns)
                text = "".join(str(t) for t in data_element.itertext()).strip() if data_element is not None else ""
                across = int(cell.get(f"{{{_SS}}}MergeAcross", "0") or 0)
                down = int(cell.get(f"{{{_SS}}}MergeDown", "0") or 0)
                if c > 16384:
                    raise _too_large(name)
                while len(line) < c:
                    line.append("")
                    cells += 1
                line[c - 1] = _number_text(text, data_element)
                if across or down:
                    merges.append(Merge(r, c, r + down, c + across))
                c += across
                if cells > MAX_SHEET_CELLS:
                    raise _too_large(name)
        sheets.append((name, values, merges))
    return _grid(sheets, "xml")


def _number_text(text: str, data: Any) -> str:
    if data is None or data.get(f"{{{_SS}}}Type") != "Number":
        return text
    try:
        return _text(float(text))
    except ValueError:
        return text


def _damaged(kind: str) -> UnreadableFileError:
    name_zh = {"xls": "Excel 97-2003 表格（.xls）", "ods": "OpenDocument 表格（.ods）"}.get(kind, "表格")
    name_en = {"xls": "Excel 97-2003 workbook (.xls)", "ods": "OpenDocument spreadsheet (.ods)"}.get(
        kind, "workbook"
    )
    return UnreadableFileError(
        f"damaged-{kind}",
        f"这是{name_zh}文件，但已损坏，无法读取。请在 Excel 或 WPS 中打开并另存为 .xlsx 后再检查。",
        f"This is an {name_en}, but it is damaged and cannot be read. Open it in Excel or WPS, "
        "save it as .xlsx, and re-check.",
    )


def _too_large(name: str) -> UnreadableFileError:
    return UnreadableFileError(
        "too-complex",
        f"工作表“{name}”的范围超过 {MAX_SHEET_CELLS:,} 个单元格，无法安全读取。"
        "请只保留绩效目标表所在的区域后另存再检查。",
        f"The sheet '{name}' spans more than {MAX_SHEET_CELLS:,} cells and cannot be read safely. "
        "Keep only the table's area, save it again, and re-check.",
    )
