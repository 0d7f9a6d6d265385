"""Readings of templates whose labels, headings and category names differ
from the common forms: each test is a minimal text of that shape."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from perfgoals.builder import build_filing
from perfgoals.builder.values import parse_amount, split_goals
from perfgoals.commands.parse import run_parse
from perfgoals.model import Filing
from perfgoals.read.grid import Table
from perfgoals.read.text import parse_layout, read_text

NOT_FOUND_TEXT = "（未找到，请核对原文 / not found, check the text）"


def build(text: str) -> Filing:
    return build_filing(read_text(text.encode("utf-8")), "x.txt")


def test_a_last_row_cut_before_its_bars_stays_in_its_place() -> None:
    lines = [
        "项目名称 |",
        "乡村道路养护 | ||||",
        "主管部门 |",
        "交通局 | ||||",
        "养护里程 | 35公里",
    ]
    grid = parse_layout(lines)
    rows = [row.texts() for b in grid.blocks if isinstance(b, Table) for row in b.rows]
    assert rows == [["项目名称", "乡村道路养护"], ["主管部门", "交通局"], ["养护里程", "35公里"]]
    # Near miss: rows that all end in bars keep their order as before.
    grid = parse_layout(lines[:4])
    rows = [row.texts() for b in grid.blocks if isinstance(b, Table) for row in b.rows]
    assert rows == [["项目名称", "乡村道路养护"], ["主管部门", "交通局"]]


def test_a_goal_heading_with_its_years_is_a_goal_label() -> None:
    text = (
        "项目名称 | 乡村道路养护\n"
        "总体目标 | 中期目标(2024年--2026年) | 年度目标\n"
        "三年建成道路30公里。 | 当年建成道路10公里。\n"
    )
    (table,) = build(text).tables
    assert [(g.horizon, g.text) for g in table.goals or []] == [
        ("long_term", "三年建成道路30公里。"),
        ("annual", "当年建成道路10公里。"),
    ]


def test_horizons_side_by_side_keep_rows_that_lost_their_first_cell() -> None:
    text = (
        "项目名称 | 乡村道路养护\n"
        "绩效指标 | 一级指标 | 二级指标 | 三级指标 | 指标值 | 二级指标 | 三级指标 | 指标值\n"
        "产出指标 | 数量指标 | 养护里程 | 30公里 | 数量指标 | 养护里程 | 10公里\n"
        "质量指标 | 验收合格率 | ±3%以内 | 质量指标 | 验收合格率 | ±3%以内\n"
        "效果指标 | 社会、经济效益 指标 | 通行时间缩短 | 20% | 社会、经济效益 指标 | 通行时间缩短 | 5%\n"
    )
    (table,) = build(text).tables
    annual = [(i.level1, i.level2, i.level3, i.target) for i in table.indicators or []
              if i.horizon == "annual"]  # fmt: skip
    assert annual == [
        ("产出指标", "数量指标", "养护里程", "10公里"),
        ("产出指标", "质量指标", "验收合格率", "±3%以内"),
        ("效果指标", "社会、经济效益 指标", "通行时间缩短", "5%"),
    ]


def test_a_level2_name_in_the_level1_column_of_a_padded_row_moves_right() -> None:
    text = (
        "| 项目名称 | 乡村道路养护 | | | | |\n"
        "| 一级指标 | 二级指标 | 三级指标 | 符号 | 目标值 | 度量单位 |\n"
        "| 产出指标 | 数量指标 | 养护里程 | ≥ | 30 | 公里 |\n"
        "| 质量指标 | 验收合格率 | = | 100 | % | |\n"
    )
    (table,) = build(text).tables
    assert [(i.level1, i.level2, i.level3, i.target) for i in table.indicators or []] == [
        ("产出指标", "数量指标", "养护里程", "30"),
        ("产出指标", "质量指标", "验收合格率", "100"),
    ]
    # Near miss: a 一级 name in the 一级 column of a padded row stays there.
    text = text.replace(
        "| 质量指标 | 验收合格率 | = | 100 | % | |",
        "| 效益指标 | 社会效益指标 | 通行时间缩短 | 20 | % | |",
    )
    rows = build(text).tables[0].indicators or []
    assert (rows[1].level1, rows[1].level2) == ("效益指标", "社会效益指标")


def test_a_grid_that_nests_the_level1_names_one_column_right() -> None:
    text = (
        "专项名称 | 乡村道路专项\n"
        "年度资金总额 | 120\n"
        "一级指标 | 二级指标 | 三级指标 | 指标值\n"
        "实施成效指标 | 产出指标 | 养护里程 | ≥35公里\n"
        "验收合格率 | 100%\n"
        "按计划推进情况 | 按计划完成\n"
        "效益指标 | 通行时间缩短 | ≥20%\n"
    )
    (table,) = build(text).tables
    assert [(i.level1, i.level2, i.level3, i.target) for i in table.indicators or []] == [
        ("实施成效指标", "产出指标", "养护里程", "≥35公里"),
        ("实施成效指标", "产出指标", "验收合格率", "100%"),
        ("实施成效指标", "产出指标", "按计划推进情况", "按计划完成"),
        ("实施成效指标", "效益指标", "通行时间缩短", "≥20%"),
    ]
    # Near miss: where the 一级 column holds the 一级 names, 效益指标 stays a 一级.
    plain = text.replace("实施成效指标 | 产出指标", "产出指标 | 数量指标")
    rows = build(plain).tables[0].indicators or []
    assert (rows[-1].level1, rows[-1].level2) == ("效益指标", "")


def test_a_bracketed_subtitle_names_the_project_of_a_fund_table() -> None:
    text = (
        "乡村道路专项资金绩效目标表\n"
        "(东乡村道路养护项目)\n"
        "专项名称 | 乡村道路专项\n"
        "年度资金总额 | 120\n"
    )
    (table,) = build(text).tables
    assert table.project_name == "东乡村道路养护项目"
    # Near miss: a 项目名称 label names the project itself; a year is no subtitle.
    assert build(text.replace("专项名称", "项目名称")).tables[0].project_name == "乡村道路专项"
    dated = text.replace("(东乡村道路养护项目)", "(2022年度)")
    assert build(dated).tables[0].project_name == "乡村道路专项"


def _lines(*cells: str) -> str:
    """One cell per paragraph, as pages that lost their table print them."""
    return "".join(f"{cell}\n\n" for cell in cells)


SELF_EVALUATION = (
    "项目名称", "乡村道路养护", "主管部门", "交通局",
    "预算数(A)", "执行数(B)", "执行率(B/A)",
    "年度财政资金总额", "120万元", "120万元", "100%",
    "年度绩效目标", "90分)",
    "一级指标", "二级指标", "三级指标", "年初目标值(A)", "实际完成值(B)",
    "产出指标", "数量指标", "养护里程", "35公里", "35公里",
    "满意度指标", "具体指标", "乘客满意度", "≥95%", "≥95%",
    "具体指标", "司机满意度", "≥90%", "≥90%",
    "偏差大或", "目标未完成", "原因分析", "无",
)  # fmt: skip


def test_a_self_evaluation_that_lost_its_cells() -> None:
    (table,) = build(_lines(*SELF_EVALUATION)).tables
    assert [(i.level1, i.level2, i.level3, i.target) for i in table.indicators or []] == [
        ("产出指标", "数量指标", "养护里程", "35公里"),
        ("满意度指标", "具体指标", "乘客满意度", "≥95%"),
        ("满意度指标", "具体指标", "司机满意度", "≥90%"),
    ]
    assert table.goals in (None, [])  # 90分) is the heading's score, no goal
    assert table.fiscal_funds is not None and table.fiscal_funds.value == 120


def test_a_budget_split_into_parts_gives_no_fiscal_total() -> None:
    cells = list(SELF_EVALUATION)
    at = cells.index("年度绩效目标")
    cells[at:at] = ["其中:上年结转资金", "20万元", "20万元", "100%"]
    (table,) = build(_lines(*cells)).tables
    assert table.budget is not None and table.fiscal_funds is None


def test_goals_listed_between_semicolons_are_one_goal_each() -> None:
    assert split_goals("当年完成路基工程建设;完成两座桥梁主体施工。") == [
        (None, "当年完成路基工程建设"),
        (None, "完成两座桥梁主体施工。"),
    ]
    # Near miss: short parts of one goal stay together.
    assert split_goals("养护道路:东线;西线。") == [(None, "养护道路:东线;西线。")]


def test_goal_labels_side_by_side_over_their_texts_in_lost_cells() -> None:
    head = ("项目名称", "乡村道路养护", "年度资金总额", "120")
    grid = (
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值",
        "产出指标",
        "数量指标",
        "养护里程",
        "35公里",
    )
    pair = ("项目年度目标", "年度目标完成情况", "当年养护道路35公里。", "已养护道路35公里。")
    (table,) = build(_lines(*head, *pair, *grid)).tables
    assert [(g.horizon, g.text) for g in table.goals or []] == [("annual", "当年养护道路35公里。")]
    assert table.goals_achieved == "已养护道路35公里。"
    # Of three labels the first heads the block: the texts stand under the others.
    block = ("总体目标", "实施期目标", "年度目标", "三年养护道路100公里。", "当年养护道路35公里。")
    (table,) = build(_lines(*head, *block, *grid)).tables
    assert [(g.horizon, g.text) for g in table.goals or []] == [
        ("long_term", "三年养护道路100公里。"),
        ("annual", "当年养护道路35公里。"),
    ]


def test_a_rebuilt_funding_row_that_lost_its_blank_end_reads_from_the_left() -> None:
    text = (
        "项目名称 乡村道路养护\n"
        "项目资金(万元) 年初预算数 全年预算数 全年执行数 分值 执行率 得分\n"
        "年度资金总额: 150 130 120 10 92% 9\n"
        "其中:本年财政拨款 140 125 115\n"
        "其他资金 包括社会投入资金\n"
        "一级指标 二级指标 三级指标 指标值\n"
        "产出指标 数量指标 养护里程 35公里\n"
    )
    (table,) = build(text).tables
    assert table.budget is not None and table.budget.value == 130
    assert table.fiscal_funds is not None and table.fiscal_funds.value == 125
    assert table.other_funds is None  # words where a figure belongs are no amount


def test_an_amount_printed_twice_without_a_boundary_is_one_amount() -> None:
    assert parse_amount("120万120万(道路100万元,桥梁20万元)") == (Decimal("120"), "万元")
    # Near miss: two different figures fused are no amount at all.
    assert parse_amount("120万12万")[0] is None


def test_parse_text_says_which_fields_were_not_found_and_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rebuilt = tmp_path / "rebuilt.txt"
    rebuilt.write_text(_lines(*SELF_EVALUATION), encoding="utf-8")
    assert run_parse(rebuilt, "text", "zh") == 0
    out = capsys.readouterr().out
    assert "未找到 not found: 绩效目标 goals" in out and "(PG008)" in out
    assert f"项目编码 project_code: {NOT_FOUND_TEXT}" in out  # may be in the text
    assert "项目名称 project_name: 乡村道路养护 · 第3行" in out  # where it was read
    assert "财政资金取自" in out  # a field read by inference says so
    # Near miss: a table read as laid out says absent, and where a subtitle named it.
    laid_out = tmp_path / "laid_out.txt"
    laid_out.write_text(
        "乡村道路专项资金绩效目标表\n(东乡村道路养护项目)\n专项名称 | 乡村道路专项\n年度资金总额 | 120\n",
        encoding="utf-8",
    )
    assert run_parse(laid_out, "text", "zh") == 0
    out = capsys.readouterr().out
    assert "项目编码 project_code: （无此栏目 / absent）" in out and NOT_FOUND_TEXT not in out
    assert "副标题" in out and "(PG008)" not in out


def test_a_title_wrapped_over_lines_is_read_whole() -> None:
    text = (
        "附件\n"
        "乡村道路专项(东乡\n"
        "道路养护项目)2022年\n"
        "资金绩效目标表\n"
        "项目名称 | 东乡道路养护项目\n"
        "年度资金总额 | 120\n"
    )
    (table,) = build(text).tables
    assert table.title == "乡村道路专项(东乡道路养护项目)2022年资金绩效目标表"
    # Near miss: lines above a title that close what they open are no part of it.
    apart = text.replace("乡村道路专项(东乡\n道路养护项目)2022年\n", "乡村道路专项(东乡)\n")
    assert build(apart).tables[0].title == "资金绩效目标表"


def test_an_outcome_in_words_before_the_row_scores_stays_in_its_row() -> None:
    text = (
        "项目名称 乡村道路养护\n年度资金总额 120\n"
        "一级指标 二级指标 三级指标 指标值 实际完成值 分值 得分 "
        "产出指标 质量指标 养护资格合规性 合规 达到预期目标 8 8 "
        "养护流程规范性 严格执行 达到预期目标 8 7\n"
    )
    (table,) = build(text).tables
    assert [(i.level3, i.target, i.actual, i.score) for i in table.indicators or []] == [
        ("养护资格合规性", "合规", "达到预期目标", Decimal(8)),
        ("养护流程规范性", "严格执行", "达到预期目标", Decimal(7)),
    ]


def test_a_goal_block_with_one_text_gives_it_to_the_goal() -> None:
    head = ("项目名称", "乡村道路养护", "年度资金总额", "120")
    block = ("年度总体目标", "预期目标", "实际完成情况", "当年养护道路35公里。")
    grid = (
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值",
        "产出指标",
        "数量指标",
        "养护里程",
        "35公里",
    )
    (table,) = build(_lines(*head, *block, *grid)).tables
    assert [g.text for g in table.goals or []] == ["当年养护道路35公里。"]
    assert not table.goals_achieved


def test_a_goal_label_inside_a_fused_title_is_no_label() -> None:
    fused = (
        "2020年度乡村道路资金绩效目标自评表项目名称乡村道路养护主管部门交通局"
        "年度资金总额120一级指标二级指标三级指标指标值产出指标数量指标养护里程35公里"
        "质量指标验收合格率100%时效指标完工时间2020年12月"
    )
    (table,) = build(fused + "\n").tables
    assert table.goals is None and table.project_name == "乡村道路养护"
