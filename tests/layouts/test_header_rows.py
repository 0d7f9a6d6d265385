"""Unlabelled rows above a table: the unit's name is read from a row of a cell
or two, never from a site's metadata row or a title's wrapped year."""

from __future__ import annotations

from perfgoals.builder import build_filing
from perfgoals.read import read_bytes


def row(*cells: str) -> str:
    return "".join(f"\t{cell}\n" for cell in cells) + "\n"


def table_under(first_row: str) -> str:
    return (
        "1、乡村道路养护绩效目标表\n"
        + first_row
        + row("项目名称", "乡村道路养护")
        + row("预算数", "120.00", "其中：财政资金", "120.00", "其他资金", "")
        + row("一级指标", "二级指标", "三级指标", "指标值")
        + row("产出指标", "数量指标", "养护里程", "≥35公里")
    )


def unit_of(text: str) -> str | None:
    (table,) = build_filing(read_bytes(text.encode()), "a.txt").tables
    return table.unit_name


def test_a_row_of_a_code_and_a_name_names_the_unit() -> None:
    assert unit_of(table_under(row("410101东山县交通运输局", "金额单位：万元"))) == "东山县交通运输局"


def test_a_row_of_several_items_names_no_unit() -> None:
    assert unit_of(table_under(row("索引号", "000123/2024-00012", "发文时间", "2024-03-01"))) is None


def test_a_year_or_a_table_number_on_its_own_row_names_no_unit() -> None:
    assert unit_of(table_under(row("（2024年度）"))) is None
    assert unit_of(table_under(row("表3-1"))) is None
    assert unit_of(table_under(row("部门预算收支总表"))) is None
