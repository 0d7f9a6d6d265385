"""A notice that sets a project's goals in sentences: the project, its money
and its overall goal stand in the prose above the indicators."""

from __future__ import annotations

from perfgoals.builder import build_filing
from perfgoals.model import Filing
from perfgoals.read.text import read_text

INDICATORS = (
    "一、产出指标\n数量指标:新建围栏长度≥300米;验收合格率100%。\n"
    "二、效益指标\n社会效益指标:群众出行更加便利。\n"
)
# A government site prints its page's metadata as a table above the notice.
SITE = (
    "索引号 | 000123/2024-00012 | 发文时间 | 2024-03-01 |\n"
    "发布机构 | 东山乡人民政府 | 文号 | 无 |\n"
    "公开方式 | 主动公开 | 有效性 | 有效 |\n"
)
LEAD = SITE + (
    "关于东山乡围栏建设项目绩效目标设定的公示\n"
    "根据上级通知精神,安排专项资金30万元,实施青石县东山乡围栏建设项目,项目负责人王五。"
    "项目总体绩效目标是:新建围栏300米,改善草场生态。现将绩效目标设定如下:\n"
)


def build(text: str) -> Filing:
    return build_filing(read_text(text.encode("utf-8")), "x.txt")


def test_a_notice_states_its_project_money_and_goal_in_prose() -> None:
    (table,) = build(LEAD + INDICATORS).tables
    assert table.project_name == "青石县东山乡围栏建设项目"
    assert table.budget is not None and str(table.budget.value) == "30"
    assert [g.text for g in table.goals or []] == ["新建围栏300米,改善草场生态。"]
    assert len(table.indicators or []) == 3


def test_a_notice_field_stated_ambiguously_is_left_unread() -> None:
    # Two sums of money and no 实施…项目: the budget is not guessed, the name
    # comes from the title; 设定如下 is no goal.
    lead = SITE + (
        "关于东山乡围栏建设项目绩效目标设定的公示\n"
        "安排专项资金30万元,另安排配套资金5万元。现将绩效目标设定如下:\n"
    )
    (table,) = build(lead + INDICATORS).tables
    assert table.budget is None
    assert table.project_name == "东山乡围栏建设项目"
    assert not table.goals


def test_a_notice_printed_one_paragraph_per_line_is_read_as_well() -> None:
    (table,) = build(LEAD.removeprefix(SITE) + INDICATORS).tables
    assert table.project_name == "青石县东山乡围栏建设项目"
    assert [i.level3 for i in table.indicators or []] == ["新建围栏长度", "验收合格率", "群众出行更加便利"]
