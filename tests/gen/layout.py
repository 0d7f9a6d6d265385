"""The filing as Word lays it out: paragraphs and tables on a 7-column grid.

Both writers render these blocks, so the text export and the .docx of one
spec always agree on order, cells, spans and merges.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Literal

from .spec import FilingSpec, IndicatorSpec, RenderOptions, TableSpec

ParaRole = Literal["part", "heading", "body", "title", "gap"]
VMerge = Literal["restart", "continue"] | None

PART_HEADINGS: dict[int, tuple[str, str]] = {
    1: ("第一部分", "部门整体绩效目标"),
    2: ("第二部分", "专项资金绩效目标"),
    3: ("第三部分", "预算项目绩效目标"),
}
# Word's TC field puts each part's entries in their own list (\f A, \f B, \f C).
PART_SWITCH: dict[int, str] = {1: "A", 2: "B", 3: "C"}

GRID: tuple[int, ...] = (1300, 1150, 1250, 1450, 1000, 1250, 1250)
HEADER_GRID: tuple[int, ...] = (sum(GRID[:5]), sum(GRID[5:]))

INDICATOR_HEADER: tuple[str, ...] = (
    "一级指标",
    "二级指标",
    "三级指标",
    "绩效指标描述",
    "指标值",
    "指标值确定依据",
)
# 绩效指标描述 takes two grid columns, the other indicator columns one each.
INDICATOR_SPANS: tuple[int, ...] = (1, 1, 1, 2, 1, 1)

_HEADING = re.compile(r"^[一二三四五六七八九十]+、(?P<entry>[^。；，]{1,30})$")


@dataclass(frozen=True)
class Para:
    """A paragraph outside tables; ``entry`` is its TC field text, if any."""

    role: ParaRole
    text: str = ""
    entry: str = ""
    switch: str = ""


@dataclass(frozen=True)
class Cell:
    """A table cell; ``tracked`` marks it as a candidate for a tracked change."""

    text: str
    span: int = 1
    vmerge: VMerge = None
    tracked: bool = False
    # The sample's goals cell ends with an empty paragraph in the text export.
    trailing_empty_line: bool = False


Row = tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """A Word table: grid column widths (twips) and rows."""

    grid: tuple[int, ...]
    rows: tuple[Row, ...]
    bordered: bool = True


Block = Para | Table

GAP = Para("gap")


def tc_residue(para: Para) -> str:
    """The TC field as Word's plain-text export prints it after the paragraph text."""
    return f" TC {para.entry} \\f {para.switch} \\l 1 "


def tc_instruction(para: Para) -> str:
    """The TC field instruction as Word stores it in ``w:instrText``."""
    return f' TC "{para.entry}" \\f {para.switch} \\l 1 '


def plan_spans(count: int) -> tuple[int, ...]:
    """Spread ``count`` checkpoints over the six columns right of the row label."""
    if not 1 <= count <= 6:
        raise ValueError(f"cannot lay out {count} checkpoints on a 7-column grid")
    if count == 4:
        return (2, 1, 2, 1)
    base, extra = divmod(6, count)
    return tuple(base + (1 if i < extra else 0) for i in range(count))


def _merge_marks(keys: list[tuple[str, ...]], merged: bool) -> list[VMerge]:
    """vMerge marks for runs of equal, non-empty keys (Word merges only runs of 2+)."""
    marks: list[VMerge] = [None] * len(keys)
    if not merged:
        return marks
    start = 0
    while start < len(keys):
        end = start + 1
        while end < len(keys) and keys[end] == keys[start]:
            end += 1
        if end - start > 1 and keys[start][-1]:
            marks[start] = "restart"
            for i in range(start + 1, end):
                marks[i] = "continue"
        start = end
    return marks


def _indicator_rows(indicators: tuple[IndicatorSpec, ...], options: RenderOptions) -> list[Row]:
    level1 = _merge_marks([(i.level1,) for i in indicators], options.level1_merged)
    level2 = _merge_marks([(i.level1, i.level2) for i in indicators], options.level2_merged)
    rows: list[Row] = []
    for ind, mark1, mark2 in zip(indicators, level1, level2, strict=True):
        rows.append(
            (
                Cell(ind.level1, vmerge=mark1),
                Cell(ind.level2, vmerge=mark2),
                Cell(ind.level3),
                Cell(ind.description, 2),
                Cell(ind.target, tracked=True),
                Cell(ind.basis),
            )
        )
    return rows


def table_rows(table: TableSpec, options: RenderOptions) -> tuple[Row, ...]:
    """All rows of one table, the unit-header row first."""
    spans = plan_spans(len(table.plan_labels))
    rows: list[Row] = [
        (Cell(table.unit_header, 5), Cell(f"单位：{table.money_unit}", 2)),
        (
            Cell("项目编码"),
            Cell(table.code, 2),
            Cell(table.name_label),
            Cell(table.name, 3, tracked=True),
        ),
        (
            Cell("预算规模及资金用途", vmerge="restart"),
            Cell("预算数"),
            Cell(table.budget, tracked=True),
            Cell("其中：财政资金"),
            Cell(table.fiscal_funds, tracked=True),
            Cell("其他资金"),
            Cell(table.other_funds),
        ),
        (Cell("", vmerge="continue"), Cell(table.purpose, 6)),
        (
            Cell("资金支出计划（%）", vmerge="restart"),
            *(Cell(label, span) for label, span in zip(table.plan_labels, spans, strict=True)),
        ),
        (
            Cell("", vmerge="continue"),
            *(Cell(value, span) for value, span in zip(table.plan, spans, strict=True)),
        ),
        (Cell("绩效目标"), Cell(table.goals, 6, trailing_empty_line=True)),
        tuple(
            Cell(text, span) for text, span in zip(INDICATOR_HEADER, INDICATOR_SPANS, strict=True)
        ),
        *_indicator_rows(table.indicators, options),
    ]
    return tuple(rows)


def _part_switch(part: int | None) -> str:
    return PART_SWITCH.get(part or 3, "C")


def _table_blocks(table: TableSpec, options: RenderOptions) -> Iterator[Block]:
    yield Para("title", table.heading, table.heading, _part_switch(table.part))
    rows = table_rows(table, options)
    if options.header_as_own_table:
        header = tuple(replace(cell, span=1) for cell in rows[0])
        yield Table(HEADER_GRID, (header,), bordered=False)
        # Word joins two adjacent tables into one unless a paragraph separates them.
        yield GAP
        yield Table(GRID, rows[1:])
    else:
        yield Table(GRID, rows)
    yield GAP


def _department_blocks(paragraphs: tuple[str, ...]) -> Iterator[Block]:
    for text in paragraphs:
        match = _HEADING.match(text)
        if match:
            yield Para("heading", text, match["entry"], PART_SWITCH[1])
        else:
            yield Para("body", text)
            yield GAP


def blocks(spec: FilingSpec, options: RenderOptions) -> Iterator[Block]:
    """The document body in reading order."""
    headed: set[int] = set()
    if spec.department_text:
        if spec.part_headings:
            yield from (Para("part", line) for line in PART_HEADINGS[1])
        headed.add(1)
        yield from _department_blocks(spec.department_text)
    for table in spec.tables:
        part = table.part
        if spec.part_headings and part in PART_HEADINGS and part not in headed:
            headed.add(part)
            yield from (Para("part", line) for line in PART_HEADINGS[part])
        yield from _table_blocks(table, options)
