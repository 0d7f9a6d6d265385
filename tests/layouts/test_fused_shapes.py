"""Filings copied as text with every cell run into the next: rows, figures
and fields read back from the labels and the shape of the figures, and
nothing read where the text does not prove it."""

from __future__ import annotations

from perfgoals.builder import build_filing
from perfgoals.builder.figures import peel_values, split_fused_amounts, split_repeated_amounts
from perfgoals.model import Filing
from perfgoals.read.text import read_text


def build(text: str) -> Filing:
    return build_filing(read_text(text.encode("utf-8")), "x.txt")


SELF_EVALUATION = (
    "绩效目标自评表(2023年度)项目名称村道修缮项目主管部门交通局资金情况(万元)"
    "全年预算数(A)全年执行数(B)分值执行率(B/A)得分年度资金总额:505010100.00%10其中:"
    "本年财政拨款5050其他资金年度总体目标年初设定目标年度总体目标完成情况综述"
    "修缮村道3公里已修缮村道3公里绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分"
    "产出指标数量指标修缮长度10≥3公里≥3公里10成本指标修缮投入1050万元50万元10"
    "效益指标社会效益指标通行条件10明显改善明显改善10……总分100100"
    "注:1.预算资金执行率10分,各单位自行确定三级指标分值\n"
)


def test_a_fused_self_evaluation_is_read_field_by_field() -> None:
    (table,) = build(SELF_EVALUATION).tables
    assert table.title == "绩效目标自评表(2023年度)"  # the title, not 绩效目标 | 自评表
    assert table.budget is not None and table.budget.raw == "50"
    assert table.fiscal_funds is not None and table.fiscal_funds.raw == "50"
    assert [(i.level3, str(i.weight), i.target, i.actual) for i in table.indicators or []] == [
        ("修缮长度", "10", "≥3公里", "≥3公里"),
        ("修缮投入", "10", "50万元", "50万元"),
        ("通行条件", "10", "明显改善", "明显改善"),
    ]
    # The goal and what was achieved, side by side and fused: one text.
    assert [g.text for g in table.goals or []] == ["修缮村道3公里已修缮村道3公里"]
    assert not table.recognised


def test_the_numbered_notes_run_on_after_the_grid_are_no_part_of_the_table() -> None:
    # The notes name 预算资金 (a budget label) in prose: it is never the budget,
    # even where the matrix gave none.
    text = SELF_EVALUATION.replace("年度资金总额:505010100.00%10其中:", "")
    (table,) = build(text).tables
    assert table.budget is None
    assert [i.level3 for i in table.indicators or []][-1] == "通行条件"


def test_a_zero_rate_split_gives_way_to_one_the_rate_proves() -> None:
    keys = ["planned", "executed", "other", "rate", "other"]
    assert split_fused_amounts("505010100.00%10", keys) == ["50", "50", "10", "100.00%", "10"]
    # Near miss: no split proves the rate (50 of 5, 0 spent at 0%): left as written.
    assert split_fused_amounts("5050%", ["planned", "executed", "rate"]) is None


def test_one_figure_repeated_per_amount_column_splits_only_one_way() -> None:
    keys = ["planned", "executed", "other", "rate"]
    assert split_repeated_amounts("5050", keys, None) == ["50", "50"]
    assert split_repeated_amounts("12.512.5其中:", keys, 100.0) == ["12.5", "12.5", "其中:"]
    # Near misses: a part larger than the row's total, figures that differ, a
    # matrix with one amount column (2020 is then a budget of 2020).
    assert split_repeated_amounts("5050", keys, 20.0) is None
    assert split_repeated_amounts("2021", keys, None) is None
    assert split_repeated_amounts("2020", ["planned", "rate"], None) is None


def test_a_weight_fused_to_the_target_its_actual_repeats() -> None:
    assert peel_values("修缮投入1050万元50万元10", 4) == [
        ("修缮投入", False), ("10", True), ("50万元", True), ("50万元", True), ("10", True),
    ]  # fmt: skip
    assert peel_values("通行条件10明显改善明显改善10", 4) == [
        ("通行条件", False), ("10", True), ("明显改善", True), ("明显改善", True), ("10", True),
    ]  # fmt: skip
    # Near miss: words that differ are a name, not a target and its actual.
    assert peel_values("通行条件10明显改善有所改善10", 4) is None


EVALUATION_TABLE = """2020年度乡村培训项目绩效评价指标表
评价指标评价内容指标名称指标说明目标值分值备注
年度绩效目标(定量指标)制度指标培训制度健全与否30
产出数量指标培训人次达到预计值350015
结业率达到目标值90%15
质量指标课程覆盖率100%10
学员满意度达到目标值90%以上10
时效指标按时开班率达到目标值100%10
成本指标人均成本达标率100%10
总分


100
"""


def test_a_fused_evaluation_table_is_read_by_its_header() -> None:
    (table,) = build(EVALUATION_TABLE).tables
    rows = [
        (i.level1, i.level2, i.level3, i.description, i.target, str(i.weight))
        for i in table.indicators or []
    ]
    merged = "年度绩效目标(定量指标)"
    assert rows == [
        (merged, "制度指标", "培训制度健全与否", "", "", "30"),
        # 350015 is 3500 and 15 or 35001 and 5: only 15 makes the weights 100.
        (merged, "产出数量指标", "培训人次", "达到预计值", "3500", "15"),
        (merged, "产出数量指标", "结业率", "达到目标值", "90%", "15"),
        (merged, "质量指标", "课程覆盖率", "", "100%", "10"),
        (merged, "质量指标", "学员满意度", "达到目标值", "90%以上", "10"),
        (merged, "时效指标", "按时开班率", "达到目标值", "100%", "10"),
        (merged, "成本指标", "人均成本达标率", "", "100%", "10"),
    ]
    assert not table.recognised


def test_fused_figures_no_total_tells_apart_stay_as_written() -> None:
    # With 20 points on the first row the weights add up to 100 neither way.
    text = EVALUATION_TABLE.replace("培训制度健全与否30", "培训制度健全与否20")
    (table,) = build(text).tables
    row = (table.indicators or [])[1]
    assert (row.level3, row.target, row.weight) == ("培训人次", "350015", None)


def test_a_fused_funding_row_that_left_a_column_blank() -> None:
    keys = ["initial", "planned", "executed", "other", "rate", "other"]
    # No 年初预算数: planned 60, executed 60, weight 10, rate 100%.
    assert split_fused_amounts("606010100%其中:", keys) == ["", "60", "60", "10", "100%", "其中:"]
    # No weight (it stands once, on the total row).
    assert split_fused_amounts("606060100%", keys) == ["60", "60", "60", "", "100%"]
    # Near miss: with a column left blank a weight over 100 is no weight, and
    # nothing else proves the rate.
    assert split_fused_amounts("6060150100%", keys[:5]) is None


def test_a_weight_and_a_lower_score_fused_split_one_way() -> None:
    assert peel_values("设备购置数量5台5台2018", 4) == [
        ("设备购置数量", False), ("5台", True), ("5台", True), ("20", True), ("18", True),
    ]  # fmt: skip
    assert peel_values("设备验收质量合格合格2020指标2:", 4) == [
        ("设备验收质量", False), ("合格", True), ("合格", True), ("20", True), ("20", True),
        ("指标2:", False),
    ]  # fmt: skip
    # Near miss: two digits that differ are one figure (a score of 1 and 0 is none).
    assert peel_values("设备购置数量5台5台10", 4) is None


def test_a_fused_self_evaluation_with_the_initial_budget_lost() -> None:
    text = (
        "项目支出绩效自评表(2021 年度)项目名称剧场设备更新主管部门文化局项目资金 (万元)"
        "年初预算数全年预算数全年执行分值执行率得分年度资金总额606010100%其中:当年财政拨款"
        "606060100%上年结转资金其他资金年度 总体 目标预期目标实际完成情况更新剧场灯光设备。已完成"
        "绩 效 指 标一级指标二级指标三级指标年度 指标值实际 完成值分 值得 分偏差原因分析 及改进措施"
        "产出指标数量指标更新灯具数量40套40套2020质量指标灯具验收质量合格合格2018总分10098\n"
    )
    (table,) = build(text).tables
    assert table.budget is not None and table.budget.raw == "60"
    assert table.fiscal_funds is not None and table.fiscal_funds.raw == "60"
    assert [g.text for g in table.goals or []] == ["更新剧场灯光设备。已完成"]
    assert [(i.level3, i.target, str(i.score)) for i in table.indicators or []] == [
        ("更新灯具数量", "40套", "20"),
        ("灯具验收质量", "合格", "18"),
    ]


def test_amounts_read_from_a_table_fused_into_a_summary_cell() -> None:
    # A disclosure page: its 内容概述 field repeats the form as fused text, and
    # the form itself is cut off before its amounts.
    summary = (
        "村道养护补助绩效自评表转移支付(项目)名称村道养护补助中央主管部门交通运输部"
        "地方主管部门省交通厅资金使用单位县公路站资金投入情况(万元)全年预算数(A)全年执行数(B)"
        "预算执行率(B/A×100%)年度资金总额:120120100%其中:中央财政资金120120100%地方资金其他资金"
    )
    page = (
        f"索引号 | 0012/2024-01 | 发布机构 | 县交通局 |\n内容概述 | {summary} |\n"
        "转移支付(项目)名称 | 村道养护补助 | ||\n中央主管部门 | 交通运输部 | ||\n"
    )
    (table,) = build(page).tables
    assert table.project_name == "村道养护补助"
    assert table.budget is not None and table.budget.raw == "120"
    assert table.fiscal_funds is not None and table.fiscal_funds.raw == "120"
    assert not table.recognised  # read from a cell's fused text: PG008, never PG003
    # Near miss: a summary that is prose, with no labels in it, gives nothing.
    plain = page.replace(
        summary, "本年度村道养护补助资金已全部拨付到位，养护任务按期完成，群众满意度较高。" * 3
    )
    (table,) = build(plain).tables
    assert table.budget is None
