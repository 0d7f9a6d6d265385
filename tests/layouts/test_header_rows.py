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


def _department_table(funding_header: str) -> str:
    return (
        "2026年部门整体绩效目标表\n"
        + row("部门名称", "交通局")
        + funding_header
        + row("", "基本支出", "580.00", "财政拨款", "920.00")
        + row("", "项目支出", "278.00", "其他资金", "15.00")
        + row("一级指标", "二级指标", "三级指标", "指标值")
        + row("产出指标", "数量指标", "养护里程", "≥35公里")
    )


def test_a_row_naming_an_amount_twice_heads_columns_and_gives_no_value() -> None:
    # Failing before: the 预算金额 column header took the next header
    # (收入来源) for the budget, and PG004 called it a non-number.
    text = _department_table(row("预算情况", "部门预算支出", "预算金额(万元)", "收入来源", "预算金额(万元)"))
    (table,) = build_filing(read_bytes(text.encode()), "a.txt").tables
    assert table.budget is None
    assert table.fiscal_funds is not None and table.fiscal_funds.raw == "920.00"
    assert table.money_unit == "万元"


def test_an_amount_named_once_still_reads_the_value_beside_it() -> None:
    # Near miss: one 预算金额 label with its figure on its right is a field.
    text = _department_table(row("预算情况", "预算金额(万元)", "935.00", "收入来源", "财政拨款"))
    (table,) = build_filing(read_bytes(text.encode()), "a.txt").tables
    assert table.budget is not None and table.budget.raw == "935.00"


def test_an_amount_named_twice_each_with_its_figure_is_two_fields() -> None:
    # Near miss: 财政资金 | 920 | 当年财政拨款 | 920 are fields side by side.
    text = (
        "乡村道路养护绩效目标表\n"
        + row("项目名称", "乡村道路养护")
        + row("年度资金总额", "920.00")
        + row("其中：财政资金", "920.00", "其中：当年财政拨款", "920.00")
        + row("一级指标", "二级指标", "三级指标", "指标值")
        + row("产出指标", "数量指标", "养护里程", "≥35公里")
    )
    (table,) = build_filing(read_bytes(text.encode()), "a.txt").tables
    assert table.fiscal_funds is not None and table.fiscal_funds.raw == "920.00"
