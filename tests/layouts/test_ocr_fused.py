"""Fused text from OCR: qualitative targets fused to the end of their names, a
二级 name written without its 指标, = read as 二, a second table whose title
follows the first table's last figure and unit."""

from __future__ import annotations

from perfgoals.builder import build_filing
from perfgoals.builder.figures import peel_values, split_qualitative
from perfgoals.model import Filing
from perfgoals.read.text import read_text

FUSED = (
    "省级部门预算项目支出绩效目标表(2024年度)项目名称乡村文化站免费开放主管部门县文化局"
    "年度资金总额30万元一级指标二级指标三级指标指标目标值产出指标数量指标开放天数=250天"
    "成本指标经济成本指标资金到位率二100百分比效益指标社会效益指标对乡村文化传承影响长远"
    "生态效益指标提升站点绿化水平提升经济效益指标为村民提供就业增加岗位"
    "满意度指标群众满意度群众满意度%=95百分比"
    "省级部门预算项目支出绩效目标表2024年度项目名称农家书屋更新主管部门县文化局年度资金总额12万元\n"
)


def build(text: str) -> Filing:
    return build_filing(read_text(text.encode("utf-8")), "x.txt")


def test_a_fused_ocr_grid_reads_names_targets_and_the_next_table() -> None:
    first, second = build(FUSED).tables
    rows = [(i.level2, i.level3, i.target) for i in first.indicators or []]
    assert rows == [
        ("数量指标", "开放天数", "=250天"),
        ("经济成本指标", "资金到位率", "二100百分比"),
        ("社会效益指标", "对乡村文化传承影响", "长远"),
        ("生态效益指标", "提升站点绿化水平", "提升"),
        ("经济效益指标", "为村民提供就业", "增加岗位"),
        ("群众满意度", "群众满意度%", "=95百分比"),
    ]
    assert second.project_name == "农家书屋更新" and second.title is not None


def test_a_qualitative_end_is_split_only_from_what_still_reads_as_a_name() -> None:
    assert split_qualitative("环境卫生状况稳步提高") == ("环境卫生状况", ["稳步提高"])
    assert split_qualitative("站点验收合格") == ("站点验收", ["合格"])
    # A target and the actual value beside it (self-evaluation): 高 | 高.
    assert split_qualitative("设备运行安全性高高", 2) == ("设备运行安全性", ["高", "高"])
    assert split_qualitative("设备运行安全性高", 2) is None
    # Near misses: no qualitative end; a rest that is no name (too short, or
    # ending in a word that needs more after it).
    assert split_qualitative("群众满意度") is None
    assert split_qualitative("开放天数") is None
    assert split_qualitative("水平提升") is None
    assert split_qualitative("设施的提升") is None


def test_a_bare_level2_needs_a_name_after_it() -> None:
    # Near miss: 群众满意度 followed by its figure is the 三级 name, not a 二级.
    text = FUSED.replace("满意度指标群众满意度群众满意度%=95百分比", "满意度指标群众满意度=95百分比")
    first, _ = build(text).tables
    assert [(i.level2, i.level3) for i in first.indicators or []][-1] == ("", "群众满意度")


def test_an_ocr_equals_sign_is_read_only_after_a_word() -> None:
    assert peel_values("资金到位率二100%", 1) == [("资金到位率", False), ("二100%", True)]
    # Near miss: 第二 is an ordinal, not a comparator.
    assert peel_values("考核排名第二100%", 1) == [("考核排名第二", False), ("100%", True)]


def test_text_cut_inside_a_label_leaves_the_last_figure_readable() -> None:
    cut = FUSED.replace("年度资金总额12万元\n", "项目总投资\n35万元中央补")
    total = build(cut).tables[1].total_budget
    assert total is not None and total.value is not None and str(total.value) == "35"
    # Near miss: what follows the figure starts no label: nothing is cut off.
    kept = FUSED.replace("年度资金总额12万元\n", "项目总投资\n35万元左岸")
    other = build(kept).tables[1].total_budget
    assert other is not None and other.value is None
