"""The text forms of layouts.md: layout detection, the ``|`` and one-cell-per-line
parsers, and how the builder reads rows whose export lost cells."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfgoals.builder import build_filing
from perfgoals.model import Filing
from perfgoals.read import read_bytes
from perfgoals.read.grid import Paragraph, Table
from perfgoals.read.text import detect_layout, parse_layout, parse_lines

TAB = "1、校舍维修绩效目标表\n\t项目名称\n\t校舍维修\n\n\t预算数\n\t12.00\n\n"


def build(text: str) -> Filing:
    return build_filing(read_bytes(text.encode("utf-8")), "t.txt")


@pytest.mark.parametrize(
    ("text", "layout"),
    [
        (TAB, "tab"),
        ("标题\n| 项目名称 | 校舍维修 |\n| 预算数 | 12.00 |\n", "pipe"),
        ("项目名称|校舍维修|主管部门|某局\n预算数|12.00|财政资金|12.00\n", "pipe"),
        ("项目名称\n校舍维修\n\n预算数\n12.00\n", "cells"),
        ("一段没有表格的说明文字。\n", "cells"),
    ],
)
def test_detect_layout(text: str, layout: str) -> None:
    assert detect_layout(text.splitlines()) == layout


def test_tab_layout_path_is_unchanged() -> None:
    lines = TAB.splitlines()
    assert parse_layout(lines) == parse_lines(lines)


PIPE = """首页 | 信息公开 | 部门预算
2024年项目支出绩效目标申报表
| 项目名称 | 城区绿化养护 |
|---|---|
| 绩效目标 | 1、养护绿地120万平方米；
2、苗木成活率&nbsp;95%以上。 |

| 预算数 | 58.00<br>（含追加） |
- 3 -
分享到：微信
"""


def test_pipe_rows_continue_over_lines_until_their_closing_bar() -> None:
    grid = parse_layout(PIPE.splitlines())
    assert grid.notes == ["text layout: pipe", "line 9: page number dropped"]
    paragraphs = [b.text for b in grid.blocks if isinstance(b, Paragraph)]
    # the navigation bar has no leading bar: in a table of | rows it is text
    assert paragraphs == ["首页 | 信息公开 | 部门预算", "2024年项目支出绩效目标申报表", "分享到：微信"]
    (table,) = [b for b in grid.blocks if isinstance(b, Table)]
    assert [row.texts() for row in table.rows] == [
        ["项目名称", "城区绿化养护"],
        ["绩效目标", "1、养护绿地120万平方米；\n2、苗木成活率 95%以上。"],
        ["预算数", "58.00\n（含追加）"],
    ]
    assert [c.origin.line for c in table.rows[1].cells] == [5, 5]
    assert [c.col for c in table.rows[1].cells] == [0, 1]


def test_pipe_rows_without_outer_bars() -> None:
    grid = parse_layout(["项目名称|城区绿化养护|主管部门|城管局", "预算数|58.00"])
    (table,) = grid.blocks
    assert isinstance(table, Table)
    assert [row.texts() for row in table.rows] == [
        ["项目名称", "城区绿化养护", "主管部门", "城管局"],
        ["预算数", "58.00"],
    ]


def test_pipe_document_cut_inside_a_row_keeps_the_row() -> None:
    grid = parse_layout(["| 项目名称 | 城区绿化养护 |", "| 绩效目标 | 1、养护绿地"])
    (table,) = grid.blocks
    assert isinstance(table, Table)
    assert table.rows[-1].texts() == ["绩效目标", "1、养护绿地"]


CELLS = """发布时间：2024-01-05

2024年项目绩效目标表

项目名称
城区绿化养护

预算规模及资金用途
预算数
58.00

用于城区公园绿地日常养护。

- 2 -

绩效目标
1、养护绿地120万平方米

2、老旧小区绿化改造绩效目标表

项目名称
老旧小区绿化改造

预算数
30.00

来源：区财政局
"""


def test_cell_lines_rows_and_paragraphs() -> None:
    grid = parse_layout(CELLS.splitlines())
    assert grid.notes == ["text layout: cells", "line 14: page number dropped"]
    assert [b.text for b in grid.blocks if isinstance(b, Paragraph)] == [
        "发布时间：2024-01-05",
        "2024年项目绩效目标表",
        "来源：区财政局",
    ]
    (table,) = [b for b in grid.blocks if isinstance(b, Table)]
    texts = [row.texts() for row in table.rows]
    # a one-line group between rows is a row: a cell whose neighbours were empty
    assert ["用于城区公园绿地日常养护。"] in texts
    assert ["2、老旧小区绿化改造绩效目标表"] in texts


def test_title_rows_split_tables_in_the_builder() -> None:
    filing = build(CELLS)
    assert [(t.number, t.title, t.project_name) for t in filing.tables] == [
        (None, "2024年项目绩效目标表", "城区绿化养护"),
        (2, "2、老旧小区绿化改造绩效目标表", "老旧小区绿化改造"),
    ]
    first, second = filing.tables
    assert first.purpose == "用于城区公园绿地日常养护。"
    assert first.budget is not None and first.budget.value == Decimal("58.00")
    assert [g.text for g in first.goals or []] == ["养护绿地120万平方米"]
    assert second.budget is not None and second.budget.raw == "30.00"


def test_spaced_labels_and_category_names() -> None:
    filing = build(
        "| 项 目 名 称 | 城区绿化养护 |\n"
        "| 绩 效 目 标 | 养护绿地120万平方米 |\n"
        "| 一 级 指 标 | 二 级 指 标 | 三 级 指 标 | 指 标 值 |\n"
        "| 效益指标 | 经济效益 指标 | 养护成本节约率 | ≥5% |\n"
    )
    (table,) = filing.tables
    assert table.project_name == "城区绿化养护"
    assert [(i.level1, i.level2, i.target) for i in table.indicators or []] == [
        ("效益指标", "经济效益 指标", "≥5%")
    ]


GRID = "| 一级指标 | 二级指标 | 三级指标 | 指标值 | 指标值确定依据 |\n"


def test_short_rows_are_anchored_by_category_names() -> None:
    filing = build(
        "| 项目名称 | 城区绿化养护 |\n" + GRID
        + "| 产出指标 | 数量指标 | 养护面积 | ≥120万平方米 | 年度计划 |\n"
        "| 质量指标 | 苗木成活率 | ≥95% | 行业标准 |\n"  # 一级 lost to a rowspan
        "| 成本指标 | 每平方米养护成本 | ≤4元 | 定额标准 |\n"  # 成本 as the 二级
        "| 满意度指标 | 服务对象满意度指标 | 市民满意度 | ≥90% | 问卷调查 |\n"
    )
    (table,) = filing.tables
    assert [(i.level1, i.level2, i.level3, i.target, i.basis) for i in table.indicators or []] == [
        ("产出指标", "数量指标", "养护面积", "≥120万平方米", "年度计划"),
        ("产出指标", "质量指标", "苗木成活率", "≥95%", "行业标准"),
        ("产出指标", "成本指标", "每平方米养护成本", "≤4元", "定额标准"),
        ("满意度指标", "服务对象满意度指标", "市民满意度", "≥90%", "问卷调查"),
    ]
    assert filing.notes == ["text layout: pipe"]


def test_a_row_that_cannot_be_aligned_is_noted_not_guessed() -> None:
    filing = build(
        "| 项目名称 | 城区绿化养护 |\n" + GRID
        + "| 产出指标 | 数量指标 | 养护面积 | ≥120万平方米 | 年度计划 |\n"
        "| 产出指标 | 质量指标 | ≥95% |\n"  # which of 三级/指标值/依据 is missing?
    )
    (table,) = filing.tables
    assert [i.level3 for i in table.indicators or []] == ["养护面积"]
    assert any("could not be aligned; skipped" in note for note in filing.notes)


def test_spending_plan_values_lost_from_an_export_are_not_guessed() -> None:
    filing = build(
        "项目名称\n城区绿化养护\n\n"
        "资金支出计划（%）\n3月底\n6月底\n10月底\n12月底\n\n"
        "30.00\n100.00\n\n"  # two values for four checkpoints: which ones?
        "绩效目标\n养护绿地120万平方米\n"
    )
    (table,) = filing.tables
    assert table.spending_plan is None
    assert any("cannot be matched" in note for note in filing.notes)
    filing = build(
        "项目名称\n城区绿化养护\n\n资金支出计划（%）\n3月底\n6月底\n10月底\n12月底\n\n"
        "20.00\n50.00\n80.00\n100.00\n\n绩效目标\n养护绿地120万平方米\n"
    )
    plan = filing.tables[0].spending_plan
    assert plan is not None and [p.key for p in plan.points] == ["mar", "jun", "oct", "dec"]
    assert plan.values() == [Decimal(v) for v in ("20.00", "50.00", "80.00", "100.00")]


def test_goal_block_heading_over_values_that_lost_a_cell() -> None:
    filing = build(
        "| 项目名称 | 城区绿化养护 |\n"
        "| 总体目标 | 实施期目标 | 年度目标 |\n"
        "| 三年内建成口袋公园30个 | 建成口袋公园10个 |\n"  # the rowspan cell is gone
    )
    (table,) = filing.tables
    assert [(g.horizon, g.text) for g in table.goals or []] == [
        ("long_term", "三年内建成口袋公园30个"),
        ("annual", "建成口袋公园10个"),
    ]


def test_free_text_spread_over_cells_is_joined() -> None:
    filing = build("项目名称\n城区绿化养护\n\n绩效目标\n1、养护绿地120万平方米\n2、新建口袋公园10个\n")
    assert [(g.number, g.text) for g in filing.tables[0].goals or []] == [
        (1, "养护绿地120万平方米"),
        (2, "新建口袋公园10个"),
    ]


@pytest.mark.parametrize(
    ("header", "code", "name"),
    [
        ("434002定州市人民政府办公室", "434002", "定州市人民政府办公室"),
        ("[015001]武汉市青山区教育局", "015001", "武汉市青山区教育局"),
        ("(433001)长沙县农业农村局", "433001", "长沙县农业农村局"),
        ("（433001）长沙县农业农村局", "433001", "长沙县农业农村局"),
        ("温州市鹿城区民政局", None, "温州市鹿城区民政局"),
    ],
)
def test_unit_codes_in_brackets_or_fused(header: str, code: str | None, name: str) -> None:
    (table,) = build(f"| 主管部门 | {header} |\n| 项目名称 | 城区绿化养护 |\n").tables
    assert (table.unit_code, table.unit_name) == (code, name)
    (table,) = build(f"| 项目名称：城区绿化养护 | 填报单位：{header} |\n").tables
    assert (table.unit_code, table.unit_name, table.project_name) == (code, name, "城区绿化养护")


def test_money_units_in_headers_labels_and_values() -> None:
    (table,) = build(
        "金额单位：元\n| 项目名称 | 城区绿化养护 |\n| 预算数 | 580000 | 财政资金（万元） | 50 | 其他资金 | 80000元 |\n"
    ).tables
    assert table.money_unit == "元"
    assert table.budget is not None and table.budget.unit == "元"
    assert table.fiscal_funds is not None and table.fiscal_funds.unit == "万元"  # its label's
    assert table.other_funds is not None and table.other_funds.unit == "元"  # its value's
    (table,) = build("| 项目名称 | 城区绿化养护 |\n| 资金总额 | 250万 |\n").tables
    assert table.money_unit is None
    assert table.budget is not None and (table.budget.value, table.budget.unit) == (
        Decimal(250),
        "万元",
    )


def test_prose_funding_takes_labelled_figures_only() -> None:
    (table,) = build(
        "| 项目名称 | 城区绿化养护 |\n"
        "| 资金情况 | 2024年项目总额1,200,000元，其中：财政资金1,000,000元，上级补助资金200000元。 |\n"
    ).tables
    assert table.budget is not None and (table.budget.raw, table.budget.unit) == ("1,200,000", "元")
    assert table.budget.value == Decimal(1200000)
    assert table.fiscal_funds is not None and table.fiscal_funds.value == Decimal(1000000)
    assert table.superior_funds is not None and table.superior_funds.value == Decimal(200000)
    assert table.other_funds is None  # not stated: absent, never 0


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("2023年项目支出绩效目标申报表\n| 项目名称 | 城区绿化养护 |\n", "goal"),
        ("城区绿化养护绩效目标审批表\n| 项目名称 | 城区绿化养护 |\n", "approval"),
        ("2022年度项目支出绩效自评表\n| 项目名称 | 城区绿化养护 |\n", "self_evaluation"),
        (
            "| 项目名称 | 城区绿化养护 |\n| 一级指标 | 二级指标 | 年度指标值 | 实际完成值 | 得分 |\n",
            "self_evaluation",
        ),
        # a link to last year's self-evaluation on the page is no title
        ("相关链接：2022年部门整体支出绩效自评表下载（附件）\n| 项目名称 | 城区绿化养护 |\n", "goal"),
        ("一段没有表格的说明文字。\n", "unknown"),
    ],
)
def test_document_kind(text: str, kind: str) -> None:
    assert build(text).kind == kind


def test_a_title_without_a_table_and_a_table_without_labels_are_no_tables() -> None:
    filing = build("首页 | 通知公告\n| 上一篇 | 下一篇 |\n城区绿化养护绩效目标表\n")
    assert filing.tables == []
    assert filing.notes[-1].startswith("表题“城区绿化养护绩效目标表”下没有可识别的表格")


def test_superior_funds_under_the_annual_total() -> None:
    (table,) = build(
        "| 项目名称 | 城区绿化养护 |\n| 年度资金总额 | 58.00 | 其中：上级资金 | 20.00 |\n"
    ).tables
    assert table.budget is not None and table.budget.value == Decimal("58.00")
    assert table.superior_funds is not None and table.superior_funds.value == Decimal("20.00")
    assert table.fiscal_funds is None and table.other_funds is None


def test_a_category_with_nothing_under_it_is_template_padding() -> None:
    (table,) = build(
        "| 项目名称 | 城区绿化养护 |\n" + GRID
        + "| 产出指标 | 数量指标 | 养护面积 | ≥120万平方米 | 年度计划 |\n"
        "|  | 成本指标 |  |  |  |\n"
        "| 满意度指标 | 服务对象满意度指标 | 市民满意度 | ≥90% | 问卷调查 |\n"
    ).tables
    assert [i.level2 for i in table.indicators or []] == ["数量指标", "服务对象满意度指标"]
