"""The .xlsx reader: merged cells, number formats, the rows above the grid,
hidden sheets, and files it must refuse."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from perfgoals.errors import UnreadableFileError
from perfgoals.read import SUPPORTED_SUFFIXES, read_bytes, read_path
from perfgoals.read.grid import Origin, Paragraph, Table
from perfgoals.read.xlsx import is_workbook, read_xlsx


def workbook_bytes(build: object) -> bytes:
    book = openpyxl.Workbook()
    build(book.active)  # type: ignore[operator]
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def _sheet(ws: openpyxl.worksheet.worksheet.Worksheet) -> None:
    ws["A1"] = "2024年项目支出绩效目标申报表"
    ws.merge_cells("A1:F1")
    ws["E2"] = "金额单位：万元"
    ws["A3"] = "项目名称"
    ws["B3"] = "城区绿化养护"
    ws.merge_cells("B3:F3")
    ws["A4"] = "项目资金"
    ws.merge_cells("A4:A5")
    ws["B4"] = "年度资金总额"
    ws["C4"] = 58
    ws["C4"].number_format = "0.00"
    ws["D4"] = "执行率"
    ws["E4"] = 0.985
    ws["E4"].number_format = "0.00%"
    ws["B5"] = "财政拨款"
    ws["C5"] = 1234567.5
    ws["C5"].number_format = "#,##0.00"
    ws["D5"] = "面积"
    ws["E5"] = 120.0
    # column G is empty in every row: spacing, not a column


def test_merges_spans_and_number_formats() -> None:
    grid = read_xlsx(workbook_bytes(_sheet))
    assert grid.source_format == "xlsx"
    paragraphs = [b for b in grid.blocks if isinstance(b, Paragraph)]
    assert [p.text for p in paragraphs] == ["2024年项目支出绩效目标申报表", "金额单位：万元"]
    (table,) = [b for b in grid.blocks if isinstance(b, Table)]
    first, second, third = table.rows
    assert [(c.text, c.col, c.span) for c in first.cells] == [("项目名称", 0, 1), ("城区绿化养护", 1, 5)]
    # column F stays (the title and the name span it); G, empty everywhere, goes
    assert [c.text for c in second.cells] == ["项目资金", "年度资金总额", "58.00", "执行率", "98.50%", ""]
    merged = third.cells[0]
    assert (merged.text, merged.merged_above, merged.col) == ("", True, 0)
    assert [c.text for c in third.cells[1:]] == ["财政拨款", "1,234,567.50", "面积", "120", ""]
    assert third.cells[2].origin == Origin(None, 0, 4, 2)  # sheet 0, row 5, column C


def test_hidden_sheets_are_noted_not_read() -> None:
    book = openpyxl.Workbook()
    book.active["A1"] = "项目名称"
    book.active["B1"] = "城区绿化养护"
    hidden = book.create_sheet("旧版")
    hidden["A1"] = "项目名称"
    hidden["B1"] = "旧项目"
    hidden.sheet_state = "hidden"
    stream = io.BytesIO()
    book.save(stream)
    grid = read_xlsx(stream.getvalue())
    assert grid.notes == ["sheet 旧版: hidden, not read"]
    (table,) = grid.blocks
    assert isinstance(table, Table) and table.rows[0].texts() == ["项目名称", "城区绿化养护"]


def test_sniffed_from_the_zip_not_the_name(tmp_path: Path) -> None:
    data = workbook_bytes(_sheet)
    assert ".xlsx" in SUPPORTED_SUFFIXES
    assert is_workbook(io.BytesIO(data))
    renamed = tmp_path / "目标表.docx"
    renamed.write_bytes(data)
    assert read_path(renamed).source_format == "xlsx"
    assert read_bytes(data).source_format == "xlsx"


def _with_workbook_part(edit: Callable[[bytes], bytes]) -> bytes:
    return _with_part(workbook_bytes(_sheet), "xl/workbook.xml", edit)


_DTD = b'<!DOCTYPE workbook [<!ENTITY a "aaaaaaaaaa">]>'


@pytest.mark.parametrize(
    "edit",
    [
        lambda body: _DTD + body,
        # after a comment long enough to push it past the first bytes read
        lambda body: b'<?xml version="1.0"?><!--' + b"x" * 20000 + b"-->" + _DTD
        + body.split(b"?>", 1)[-1],
    ],
    ids=["at-the-start", "after-a-long-comment"],
)
def test_a_workbook_with_a_dtd_is_refused(edit: Callable[[bytes], bytes]) -> None:
    with pytest.raises(UnreadableFileError) as caught:
        read_xlsx(_with_workbook_part(edit))
    assert caught.value.reason == "unsafe-xml"


def test_a_malformed_workbook_part_is_damaged_not_a_crash() -> None:
    with pytest.raises(UnreadableFileError) as caught:
        read_xlsx(_with_workbook_part(lambda body: b"<workbook><unclosed"))
    assert caught.value.reason == "damaged-xlsx"


def test_a_damaged_workbook_is_unreadable_not_a_crash() -> None:
    with pytest.raises(UnreadableFileError) as caught:
        read_xlsx(b"PK\x03\x04 not really a zip")
    assert caught.value.reason == "damaged-xlsx"


def _with_part(data: bytes, name: str, edit: Callable[[bytes], bytes] | None) -> bytes:
    """The workbook with part ``name`` edited (or dropped where ``edit`` is None)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == name:
                if edit is None:
                    continue
                body = edit(body)
            target.writestr(info, body)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def test_a_sheet_cut_short_is_damaged_not_a_crash() -> None:
    data = _with_part(workbook_bytes(_sheet), SHEET, lambda body: body[: len(body) // 2])
    with pytest.raises(UnreadableFileError) as caught:
        read_bytes(data)
    assert caught.value.reason == "damaged-xlsx"


def test_a_merge_reference_off_the_sheet_is_damaged_not_a_crash() -> None:
    def bad_merge(body: bytes) -> bytes:
        return body.replace(b'ref="A1:F1"', b'ref="ZZZZ0:A"', 1)

    data = _with_part(workbook_bytes(_sheet), SHEET, bad_merge)
    with pytest.raises(UnreadableFileError) as caught:
        read_bytes(data)
    assert caught.value.reason == "damaged-xlsx"


def test_a_workbook_without_styles_is_read_with_general_numbers() -> None:
    data = _with_part(workbook_bytes(_sheet), "xl/styles.xml", None)
    texts = [c.text for b in read_bytes(data).blocks if isinstance(b, Table) for r in b.rows
             for c in r.cells]  # fmt: skip
    assert "58" in texts and "城区绿化养护" in texts


@pytest.mark.parametrize("value", [1e300, float("inf"), float("nan"), -1e-300])
def test_extreme_numbers_are_read_as_written(value: float) -> None:
    def extreme(ws: openpyxl.worksheet.worksheet.Worksheet) -> None:
        _sheet(ws)
        ws["C4"] = value

    grid = read_bytes(workbook_bytes(extreme))
    assert any(isinstance(b, Table) for b in grid.blocks)


def test_a_workbook_cut_short_says_excel_not_word() -> None:
    data = workbook_bytes(_sheet)
    with pytest.raises(UnreadableFileError) as caught:
        read_bytes(data[: len(data) * 2 // 3])
    assert caught.value.reason == "damaged-xlsx"
    assert "Excel" in caught.value.message("zh") and "Word" not in caught.value.message("zh")


def test_a_title_merged_over_the_whole_row_reads_as_the_title() -> None:
    def whole_row(ws: openpyxl.worksheet.worksheet.Worksheet) -> None:
        _sheet(ws)
        ws.unmerge_cells("A1:F1")
        ws.merge_cells("A1:XFD1")

    grid = read_bytes(workbook_bytes(whole_row))
    (table,) = [b for b in grid.blocks if isinstance(b, Table)]
    assert grid.blocks[0] == Paragraph("2024年项目支出绩效目标申报表", grid.blocks[0].origin)
    assert max(c.col + c.span for r in table.rows for c in r.cells) <= 6


def test_a_cell_at_the_far_corner_is_refused_not_expanded() -> None:
    def far(ws: openpyxl.worksheet.worksheet.Worksheet) -> None:
        _sheet(ws)
        ws["XFD1048576"] = "x"

    with pytest.raises(UnreadableFileError) as caught:
        read_bytes(workbook_bytes(far))
    assert caught.value.reason == "too-complex"
    assert "1,000,000" in caught.value.message("en")
