"""The Word copy is made from the Grid alone, so any reader's Grid (a PDF's, a
web page's) gets its comments: placed by the cell's origin where the reader
gives one, by the line where it gives lines."""

from __future__ import annotations

from perfgoals.annotate.fromgrid import grid_document, grid_notes, grid_slots
from perfgoals.annotate.wordxml import annotate_package
from perfgoals.findings import Finding, Location
from perfgoals.read.grid import Cell, Grid, Origin, Paragraph, Row, Table

from .helpers import W, comments, text_of


def _finding(message: str, location: Location) -> Finding:
    return Finding(
        rule="PG201", name="x", severity="error", message=message, location=location, fingerprint=message
    )


def _table(index: int, rows: list[list[str]], spans: dict[tuple[int, int], int] | None = None) -> Table:
    made = []
    for r, texts in enumerate(rows):
        cells, col = [], 0
        for c, text in enumerate(texts):
            span = (spans or {}).get((r, c), 1)
            cells.append(Cell(text, col, span, False, Origin(None, index, r, c)))
            col += span
        made.append(Row(cells=cells, origin=Origin(None, index, r)))
    return Table(rows=made, origin=Origin(table=index))


def test_comments_on_a_grid_with_cell_origins() -> None:
    grid = Grid(
        blocks=[
            Paragraph("1、乡村道路养护经费绩效目标表"),
            _table(0, [["项目名称", "乡村道路养护"], ["预算数", "120.00"]]),
            Paragraph("2、校舍维修绩效目标表"),
            _table(1, [["项目名称", "校舍维修", "备注"], ["资金用途", "维修", "无"]], {(0, 0): 1}),
        ],
        source_format="pdf",
    )
    findings = [
        _finding("预算数有误", Location(source_table=1, source_row=2, source_column=2)),
        _finding("用途过简", Location(source_table=2, source_row=2, source_column=2)),
        _finding("同一格的第二条", Location(source_table=2, source_row=2, source_column=2)),
        _finding("全文问题", Location()),
    ]
    made = grid_document(grid, "x.pdf")
    slots = grid_slots(grid, findings, None)
    copy, count = annotate_package(
        made, lambda document: grid_notes(document, slots, findings), "perfgoals", "P"
    )
    found = comments(copy)
    assert count == len(found) == 3
    by_text = {c.text.splitlines()[0]: c for c in found}
    assert text_of(by_text["[PG201 错误] 预算数有误"].anchor) == "120.00"
    shared = by_text["[PG201 错误] 用途过简"]
    assert text_of(shared.anchor) == "维修" and "同一格的第二条" in shared.text
    title = by_text["[PG201 错误] 全文问题"].anchor
    assert title.tag == W + "p" and text_of(title) == "1、乡村道路养护经费绩效目标表"


def test_comments_on_a_grid_with_lines() -> None:
    grid = Grid(
        blocks=[
            Paragraph("1、甲项目绩效目标表", Origin(line=1)),
            Table(
                rows=[
                    Row(cells=[Cell("项目名称", 0, origin=Origin(line=2)), Cell("甲项目", 1, origin=Origin(line=3))]),
                    Row(cells=[Cell("预算数", 0, origin=Origin(line=4)), Cell("abc", 1, origin=Origin(line=5))]),
                ],
                origin=Origin(line=2),
            ),
        ],
        source_format="text",
    )
    findings = [_finding("不是数字", Location(line=5)), _finding("标题问题", Location(line=1))]
    made = grid_document(grid, "x.txt")
    slots = grid_slots(grid, findings, None)
    copy, _ = annotate_package(made, lambda d: grid_notes(d, slots, findings), "perfgoals", "P")
    by_text = {c.text: c for c in comments(copy)}
    assert text_of(by_text["[PG201 错误] 不是数字"].anchor) == "abc"
    assert text_of(by_text["[PG201 错误] 标题问题"].anchor) == "1、甲项目绩效目标表"
