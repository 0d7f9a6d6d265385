"""Where a table says whose it is and in which money unit."""

from __future__ import annotations

import pytest

from perfgoals.builder import build_filing
from perfgoals.builder.values import declared_unit, split_unit
from perfgoals.read import read_bytes


def row(*cells: str) -> str:
    return "".join(f"\t{cell}\n" for cell in cells) + "\n"


def table_with(first_row: str) -> str:
    return (
        "1、农机购置补贴资金绩效目标表\n"
        + first_row
        + row("项目名称", "农机购置补贴资金")
        + row("预算数", "520.00", "其中：财政资金", "520.00", "其他资金", "")
        + row("一级指标", "二级指标", "三级指标", "指标值")
        + row("产出指标", "数量指标", "补贴农机具台数", "≥1800台")
    )


def test_a_unit_declared_in_a_field_row_is_the_tables_money_unit() -> None:
    text = table_with(row("部门（单位）", "370701潍坊市农业农村局", "", "单位：万元"))
    (table,) = build_filing(read_bytes(text.encode()), "a.txt").tables
    assert (table.unit_code, table.unit_name, table.money_unit) == ("370701", "潍坊市农业农村局", "万元")


def test_a_unit_beside_the_department_name_is_not_part_of_it() -> None:
    assert split_unit("445002揭阳市榕城区住房和城乡建设局　　　　金额单位：元") == (
        "445002",
        "揭阳市榕城区住房和城乡建设局",
    )


@pytest.mark.parametrize(
    ("text", "unit"),
    [("单位：万元", "万元"), ("金额单位：元", "元"), (" 单位: 元 ", "元"), ("用于购置农机，单位：万元", None),
     ("单位名称", None), ("万元", None)],
)  # fmt: skip
def test_declared_unit_is_a_whole_cell(text: str, unit: str | None) -> None:
    assert declared_unit(text) == unit
