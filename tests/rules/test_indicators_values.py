"""PG403–PG405, PG417, PG418, PG420: values and targets (``rules/indicators/values.py``).

Each rule's failing input, passing input and near-misses, built from small
hand-made records in other departments' words; shared grids in tests/indicator_grids.py.
"""

from __future__ import annotations

from dataclasses import fields, replace

import pytest

from indicator_grids import (
    EFFECT,
    OUT,
    QTY,
    QUAL,
    SAT,
    SATISFACTION,
    SIX,
    SOCIAL,
    TIME,
    WIDE,
    Row,
    Six,
    Wide,
    grid_table,
    make_rows,
    make_table,
    replaced,
    six,
    wide,
    with_row,
)
from perfgoals.model import Goal, Indicator
from perfgoals.rules.registry import get_rule

from factories import rows_of
from factories import run_rule as run


@pytest.mark.parametrize("code", ["PG403", "PG404", "PG405"])
def test_clean_grid_is_silent(code: str) -> None:
    assert run(code, make_table()) == []


@pytest.mark.parametrize("code", ["PG417", "PG418", "PG420"])
@pytest.mark.parametrize("layout", ["six", "wide"])
def test_clean_grids_are_silent(code: str, layout: str) -> None:
    grid = six(SIX) if layout == "six" else wide(WIDE)
    assert run(code, grid_table(grid)) == []


@pytest.mark.parametrize("value", ["按时", "高", "好", "改善", "及时", "群众满意", "健全"])
def test_pg403_value_without_number(value: str) -> None:
    found = run("PG403", make_table(with_row(4, (EFFECT, SOCIAL, "群众用水条件", value))))
    assert [(f.location.indicator_row, f.location.field) for f in found] == [(4, "指标值")]
    assert value in found[0].message and found[0].severity == "warning"


@pytest.mark.parametrize("value", ["稳步提高", "持续改善", "明显改善", "逐步提升", "不断完善"])
def test_pg403_a_paced_direction_is_only_advisory(value: str) -> None:
    (found,) = run("PG403", make_table(with_row(4, (EFFECT, SOCIAL, "群众用水条件", value))))
    assert found.severity == "info" and "方向" in found.message


@pytest.mark.parametrize("value", ["提高", "稳步", "稳步提高群众满意"])
def test_pg403_trend_needs_pace_and_direction_alone(value: str) -> None:
    (found,) = run("PG403", make_table(with_row(4, (EFFECT, SOCIAL, "群众用水条件", value))))
    assert found.severity == "warning"


@pytest.mark.parametrize(
    "value",
    ["达标", "合格", "优良", "优/良/中/差", "是", "全覆盖", "足额发放", "不发生", "符合标准", "2024年底前",
     "3个工作日内", "≥95%", "", "≥**%"],
)  # fmt: skip
def test_pg403_near_misses(value: str) -> None:
    assert run("PG403", make_table(with_row(4, (EFFECT, SOCIAL, "群众用水条件", value)))) == []


def test_pg403_indicator_marked_qualitative() -> None:
    rows = make_rows([(EFFECT, SOCIAL, "群众用水条件", "明显改善")], direction="定性")
    assert run("PG403", make_table(rows)) == []
    rows = make_rows([(EFFECT, SOCIAL, "群众用水条件改善（定性）", "明显改善")])
    assert run("PG403", make_table(rows)) == []


def test_pg404_number_without_unit() -> None:
    found = run("PG404", make_table(with_row(2, (OUT, QUAL, "疫苗接种覆盖率", "≥90"))))
    assert [(f.location.indicator_row, f.location.field, f.severity) for f in found] == [
        (2, "指标值", "info")
    ]


@pytest.mark.parametrize(
    "row",
    [
        (OUT, QUAL, "疫苗接种覆盖率", "≥90%"),
        (OUT, QTY, "培训人次", "≥500"),  # the name carries the unit
        (OUT, TIME, "完成时限（月）", "10"),
        (OUT, QUAL, "群众评议综合评分", "≥85"),  # a score has no unit
        (EFFECT, SOCIAL, "安全事故", "≤0"),  # zero needs none
        (OUT, QUAL, "服务质量", "≥90服务质量高"),  # words in the value: PG401's case
        (OUT, QUAL, "服务质量", "≥90分"),
    ],
)
def test_pg404_near_misses(row: Row) -> None:
    assert run("PG404", make_table(with_row(2, row))) == []


def test_pg404_unit_column() -> None:
    rows = make_rows([(OUT, QTY, "新建村级卫生室", "≥12")], unit="个")
    assert run("PG404", make_table(rows)) == []
    rows = make_rows([(OUT, QTY, "新建村级卫生室", "≥12")], unit="")
    assert rows_of(run("PG404", make_table(rows))) == [1]


def test_pg405_always_met() -> None:
    found = run("PG405", make_table(with_row(6, (SAT, SATISFACTION, "患者满意度", "≥0"))))
    assert [(f.location.indicator_row, f.severity) for f in found] == [(6, "error")]
    assert "恒能达到" in found[0].message


@pytest.mark.parametrize("value", ["≥0所", "不少于0所", ">-1所"])
def test_pg405_always_met_count(value: str) -> None:
    found = run("PG405", make_table(with_row(1, (OUT, QTY, "新建校舍", value))))
    assert rows_of(found) == [1]


def test_pg405_rate_above_hundred() -> None:
    found = run("PG405", make_table(with_row(2, (OUT, QUAL, "工程验收合格率", "≥120%"))))
    assert rows_of(found) == [2]
    assert "100%" in found[0].message


def test_pg405_rate_strictly_above_hundred() -> None:
    assert rows_of(run("PG405", make_table(with_row(2, (OUT, QUAL, "验收合格率", ">100%"))))) == [2]


def test_pg405_low_satisfaction() -> None:
    found = run("PG405", make_table(with_row(6, (SAT, SATISFACTION, "患者满意度", "≥60%"))))
    assert rows_of(found) == [6]
    assert "80%" in found[0].message


def test_pg405_satisfaction_minimum_is_an_option() -> None:
    table = make_table(with_row(6, (SAT, SATISFACTION, "患者满意度", "≥90%")))
    assert run("PG405", table) == []
    found = run("PG405", table, options={"satisfaction_min": 95})
    assert rows_of(found) == [6]
    assert "95%" in found[0].message
    assert get_rule("PG405") is not None and get_rule("PG405").options == {"satisfaction_min": 80}  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "row",
    [
        (EFFECT, SOCIAL, "安全生产事故", "=0起"),
        (EFFECT, SOCIAL, "安全生产事故", "0起"),
        (EFFECT, SOCIAL, "有效投诉", "≤0"),
        (OUT, QUAL, "数据差错", "0"),
        (EFFECT, SOCIAL, "门诊量增长率", "≥0%"),  # no decline is a real target
        (EFFECT, SOCIAL, "农民人均收入增长", "≥0"),
        (EFFECT, SOCIAL, "投资增长率", "≥120%"),  # growth may exceed 100%
        (OUT, QTY, "招商引资任务完成比例", "≥120%"),  # over-fulfilment is possible
        (OUT, QTY, "年度任务完成率", "≥110%"),
        (OUT, QUAL, "验收合格率", "100%"),
        (OUT, QUAL, "验收合格率", "≥100%"),
        (SAT, SATISFACTION, "患者满意度", "≥90%"),
        (SAT, SATISFACTION, "患者满意度", "≥4.5"),  # a 5-point score
        (SAT, SATISFACTION, "患者满意度", "≥8分"),
        (OUT, QUAL, "患者不满意率", "≤5%"),
        (SAT, SATISFACTION, "满意度调查覆盖人次", "≥500人次"),
        (OUT, QUAL, "满意度调查覆盖率", "≥60%"),  # a survey's reach, not satisfaction
        (SAT, SATISFACTION, "满意度调查覆盖率", "≥60%"),
    ],
)
def test_pg405_near_misses(row: Row) -> None:
    assert run("PG405", make_table(with_row(2, row))) == []


def test_pg405_unit_in_its_own_column() -> None:
    rows = make_rows([(OUT, QUAL, "设备验收合格率", "≥120")], unit="%")
    assert rows_of(run("PG405", make_table(rows))) == [1]
    rows = make_rows([(SAT, SATISFACTION, "患者满意度", "60")], unit="%")
    assert rows_of(run("PG405", make_table(rows))) == [1]


def test_pg405_comparator_in_its_own_column() -> None:
    if "nature" not in {f.name for f in fields(Indicator)}:
        pytest.skip("the model has no 指标性质 column")
    rows = make_rows([(OUT, QTY, "新建校舍", "0")], unit="所", nature="≥")
    assert rows_of(run("PG405", make_table(rows))) == [1]
    rows = make_rows([(EFFECT, SOCIAL, "安全生产事故", "0")], unit="起", nature="≤")
    assert run("PG405", make_table(rows)) == []
    rows = make_rows([(EFFECT, SOCIAL, "群众用水条件", "明显改善")], nature="定性")
    assert run("PG403", make_table(rows)) == []


def test_pg417_date_serial_in_a_timeliness_row() -> None:
    found = run(
        "PG417", grid_table(six(replaced(SIX, 3, (OUT, TIME, "签约任务完成时间", "45626"))))
    )
    assert [(f.severity, f.location.indicator_row, f.suggestion) for f in found] == [
        ("warning", 3, "2024年11月30日")
    ]


def test_pg417_error_value_and_exponent_number() -> None:
    rows = replaced(WIDE, 1, (OUT, QTY, "新建灌溉渠道长度", "≥", "1.2E+01", "公里", 20))
    indicators = wide(rows)
    indicators[4] = replace(indicators[4], note=None, target="#VALUE!")
    found = run("PG417", grid_table(indicators))
    assert rows_of(found) == [1, 5]
    assert "#VALUE!" in found[1].message


def test_pg417_error_value_in_a_goal() -> None:
    goals = [Goal(number=1, text="完成签约服务#REF!人")]
    found = run("PG417", grid_table(six(SIX), goals=goals))
    assert [f.location.field for f in found] == ["绩效目标"]


@pytest.mark.parametrize(
    "row",
    [
        (OUT, QTY, "家庭医生签约服务人数", "45626人"),  # a count, not a date
        (OUT, TIME, "签约任务完成时间", "2024年11月30日前"),
        (OUT, TIME, "签约任务完成时间", "99999"),  # out of the years a serial is read for
        (OUT, QTY, "IPv6改造设备数量", "≥12台"),
        (OUT, QUAL, "检测精度", "≤0.5%"),
    ],
)
def test_pg417_near_misses(row: Six) -> None:
    assert run("PG417", grid_table(six(replaced(SIX, 1, row)))) == []


def test_pg418_bare_figure_on_a_timeliness_row() -> None:
    rows = replaced(SIX, 3, (OUT, TIME, "签约服务及时", "≥90"))
    found = run("PG418", grid_table(six(rows)))
    assert [(f.severity, f.location.indicator_row) for f in found] == [("warning", 3)]


def test_pg418_figure_with_words_after_it() -> None:
    rows = replaced(SIX, 3, (OUT, TIME, "签约服务及时", "≥90签约服务及时"))
    assert rows_of(run("PG418", grid_table(six(rows)))) == [3]


def test_pg418_approval_grid_without_a_unit() -> None:
    rows = replaced(WIDE, 3, (OUT, TIME, "渠道工程按期完工", "≥", "90", "", 10))
    assert rows_of(run("PG418", grid_table(wide(rows)))) == [3]


@pytest.mark.parametrize(
    "value",
    [
        "2024年11月30日前",  # a date
        "2024.03-2024.11",  # a period
        "≤5个工作日",  # a duration
        "≥95%",  # an on-time rate
        "年底前",  # a named date
        "按时",  # no figure: PG403's
    ],
)
def test_pg418_near_misses(value: str) -> None:
    rows = replaced(SIX, 3, (OUT, TIME, "签约任务完成时间", value))
    assert run("PG418", grid_table(six(rows))) == []


@pytest.mark.parametrize(
    "row",
    [
        (OUT, TIME, "渠道工程完工时限", "≤", "10", "个月", 10),  # unit in its own column
        (OUT, TIME, "完成时限（月）", "≤", "10", "", 10),  # unit in the name
        (OUT, TIME, "按期完工率", "≥", "95", "", 10),  # a rate missing its % (PG404)
        (OUT, TIME, "渠道工程完工月份", "=", "10", "", 10),  # a month named by its number
        (OUT, QTY, "新建灌溉渠道长度", "≥", "90", "", 10),  # not a timeliness row
    ],
)
def test_pg418_near_misses_in_the_approval_grid(row: Wide) -> None:
    assert run("PG418", grid_table(wide(replaced(WIDE, 3, row)))) == []


def test_pg420_figure_in_the_name_differs() -> None:
    rows = replaced(SIX, 2, (OUT, QUAL, "健康档案规范建档率100%", "≥95%"))
    found = run("PG420", grid_table(six(rows)))
    assert [(f.severity, f.location.indicator_row) for f in found] == [("info", 2)]
    assert "100%" in found[0].message and "≥95%" in found[0].message


def test_pg420_approval_grid_with_unit_column() -> None:
    rows = replaced(WIDE, 1, (OUT, QTY, "新建灌溉渠道15公里", "≥", "12", "公里", 20))
    assert rows_of(run("PG420", grid_table(wide(rows)))) == [1]


@pytest.mark.parametrize(
    "row",
    [
        (OUT, QUAL, "健康档案规范建档率95%", "≥95%"),  # the same figure
        (OUT, QUAL, "3个工作日内办结率", "≥95%"),  # a condition in another unit
        (OUT, QTY, "2024年签约服务人数", "≥12000人"),  # a year
        (OUT, QTY, "培训2期每期50人", "≥120人"),  # several figures
        (OUT, QUAL, "PM2.5监测设备完好率", "≥95%"),  # part of a name
    ],
)
def test_pg420_near_misses(row: Six) -> None:
    assert run("PG420", grid_table(six(replaced(SIX, 2, row)))) == []


@pytest.mark.parametrize(
    ("code", "row"),
    [
        ("PG417", (OUT, TIME, "渠道工程完工时间", "≤", "2024年10月31日", "", 20)),
        ("PG417", (OUT, QTY, "新建灌溉渠道长度", "≥", "45291", "米", 20)),  # a length
        ("PG420", (OUT, QUAL, "渠道工程验收合格率100%", "=", "100", "%", 20)),  # the same
        ("PG420", (OUT, QUAL, "3日内验收合格率", "≥", "95", "%", 20)),  # another unit
    ],
)
def test_near_misses_in_the_approval_grid(code: str, row: Wide) -> None:
    assert run(code, grid_table(wide(replaced(WIDE, 2, row)))) == []
