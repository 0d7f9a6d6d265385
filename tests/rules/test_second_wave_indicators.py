"""PG413–PG420: second-wave indicator rules (from the 财政部 guidance on 绩效目标).

Each rule has a failing input, a passing input and near-misses, in two layouts
at least: the sample's six-column grid (一级/二级/三级/绩效指标描述/指标值/指标值确定依据)
and an approval grid (一级/二级/三级/指标性质/目标值/计量单位/分值, no description),
or 长期 and 年度 grids, all built as records in other departments' words.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from perfgoals.model import Amount, Goal, Indicator, ProjectTable

from factories import rows_of
from factories import run_rule as run

OUT, EFFECT, SAT, COST = "产出指标", "效益指标", "满意度指标", "成本指标"
QTY, QUAL, TIME, PCOST = "数量指标", "质量指标", "时效指标", "成本指标"
ECON_COST, SOCIAL, SUSTAIN = "经济成本指标", "社会效益指标", "可持续影响指标"
SATISFACTION = "服务对象满意度指标"

Six = tuple[str, str, str, str]  # 一级, 二级, 描述, 指标值
Wide = tuple[str, str, str, str, str, str, int | None]  # 一级, 二级, 三级, 性质, 目标值, 单位, 分值

# A clean 卫生健康局 grid in the sample's six columns.
SIX: list[Six] = [
    (OUT, QTY, "家庭医生签约服务人数", "≥12000人"),
    (OUT, QUAL, "签约居民健康档案规范建档率", "≥95%"),
    (OUT, TIME, "年度签约任务完成时间", "2024年11月30日前"),
    (EFFECT, SOCIAL, "重点人群签约覆盖率", "≥70%"),
    (SAT, SATISFACTION, "签约居民满意度", "≥90%"),
]

# A clean 水利局 approval grid: 指标性质, 计量单位 and 分值 in their own columns.
WIDE: list[Wide] = [
    (OUT, QTY, "新建灌溉渠道长度", "≥", "12", "公里", 20),
    (OUT, QUAL, "渠道工程验收合格率", "=", "100", "%", 20),
    (OUT, TIME, "渠道工程完工时间", "≤", "2024年10月31日", "", 10),
    (COST, ECON_COST, "每公里渠道建设成本", "≤", "38", "万元/公里", 10),
    (EFFECT, SOCIAL, "新增有效灌溉面积", "≥", "3500", "亩", 20),
    (SAT, SATISFACTION, "受益农户满意度", "≥", "90", "%", 20),
]


def six(rows: list[Six], basis: str = "年度工作计划") -> list[Indicator]:
    return [
        Indicator(
            row=i, level1=l1, level2=l2, level3="", description=desc, target=value, basis=basis
        )
        for i, (l1, l2, desc, value) in enumerate(rows, start=1)
    ]


def wide(rows: list[Wide], horizon: str | None = None, start: int = 1) -> list[Indicator]:
    return [
        Indicator(
            row=i,
            level1=l1,
            level2=l2,
            level3=l3,
            description=None,
            target=value,
            nature=nature,
            unit=unit,
            weight=Decimal(weight) if weight is not None else None,
            horizon=horizon,
        )
        for i, (l1, l2, l3, nature, value, unit, weight) in enumerate(rows, start=start)
    ]


def money(raw: str, unit: str = "万元") -> Amount:
    return Amount(raw=raw, value=Decimal(raw), unit=unit)  # type: ignore[arg-type]


def make_table(indicators: list[Indicator], **changes: Any) -> ProjectTable:
    fields: dict[str, Any] = dict(
        part=3, number=1, position=1, title="1、基层卫生服务能力提升经费绩效目标表",
        project_name="基层卫生服务能力提升经费", unit_name="平山县卫生健康局",
        money_unit="万元", budget=money("120.00"), indicators=indicators,
    )  # fmt: skip
    fields.update(changes)
    return ProjectTable(**fields)


def replaced(rows: list[Any], index: int, row: Any) -> list[Any]:
    """``rows`` with its 1-based row ``index`` replaced."""
    changed = list(rows)
    changed[index - 1] = row
    return changed


@pytest.mark.parametrize("code", [f"PG4{n}" for n in range(13, 21)])
@pytest.mark.parametrize("layout", ["six", "wide"])
def test_clean_grids_are_silent(code: str, layout: str) -> None:
    grid = six(SIX) if layout == "six" else wide(WIDE)
    assert run(code, make_table(grid)) == []


# ---------------------------------------------------------------- PG413


def test_pg413_category_with_an_adjective() -> None:
    rows = replaced(SIX, 3, (OUT, TIME, "时效高", "2024年11月30日前"))
    rows = replaced(rows, 4, (EFFECT, SOCIAL, "社会效益好", "≥70%"))
    found = run("PG413", make_table(six(rows)))
    assert rows_of(found) == [3, 4]
    assert [(f.severity, f.location.field) for f in found] == [("warning", "绩效指标描述")] * 2
    assert "时效高" in found[0].message


@pytest.mark.parametrize(
    "name", ["可持续影响", "质量优", "高质量完成工作", "产出数量多", "审计工作质量高"]
)
def test_pg413_other_generic_names(name: str) -> None:
    found = run("PG413", make_table(six(replaced(SIX, 2, (OUT, QUAL, name, "≥95%")))))
    assert rows_of(found) == [2]


def test_pg413_approval_grid_reads_the_level3_name() -> None:
    rows = replaced(WIDE, 5, (EFFECT, SOCIAL, "社会效益显著", "≥", "90", "%", 20))
    found = run("PG413", make_table(wide(rows)))
    assert [(f.location.indicator_row, f.location.field) for f in found] == [(5, "三级指标")]


@pytest.mark.parametrize(
    "row",
    [
        (OUT, TIME, "资金拨付时效", "≥90%"),  # names what is timed
        (OUT, QUAL, "工程质量合格", "100%"),  # names the works
        (OUT, TIME, "完成时限", "2024年10月底前"),  # a measure of time
        (SAT, SATISFACTION, "服务对象满意度", "≥90%"),  # the standard satisfaction indicator
        (SAT, SATISFACTION, "群众满意度高", "≥90"),  # satisfaction with a figure
    ],
)
def test_pg413_near_misses(row: Six) -> None:
    assert run("PG413", make_table(six(replaced(SIX, 2, row)))) == []


def test_pg413_satisfaction_without_a_figure_is_generic() -> None:
    found = run("PG413", make_table(six(replaced(SIX, 5, (SAT, SATISFACTION, "满意度高", "高")))))
    assert rows_of(found) == [5]


def test_pg413_specific_level3_with_generic_description() -> None:
    """The indicator is named by its 三级 name; a loose description alone is no defect."""
    rows = six(SIX)
    rows[2] = rows[2].model_copy(update={"level3": "签约任务完成时间", "description": "时效高"})
    assert run("PG413", make_table(rows)) == []


# ---------------------------------------------------------------- PG414


@pytest.mark.parametrize("value", ["≥**%", "XX", "≥XX人", "××", "≥X%", "……", "□□"])
def test_pg414_placeholder_target(value: str) -> None:
    found = run(
        "PG414", make_table(six(replaced(SIX, 1, (OUT, QTY, "家庭医生签约服务人数", value))))
    )
    assert [(f.rule, f.severity, f.location.indicator_row) for f in found] == [
        ("PG414", "error", 1)
    ]


def test_pg414_placeholder_in_a_name_and_a_goal() -> None:
    rows = replaced(WIDE, 1, (OUT, QTY, "新建XX灌区渠道长度", "≥", "12", "公里", 20))
    goals = [Goal(number=1, text="完成…公里渠道建设"), Goal(number=2, text="新增灌溉面积3500亩")]
    found = run("PG414", make_table(wide(rows), goals=goals))
    assert sorted((f.location.field, f.location.indicator_row or 0) for f in found) == [
        ("三级指标", 1),
        ("绩效目标", 0),
    ]


def test_pg414_goal_cell_without_items() -> None:
    found = run("PG414", make_table(six(SIX), goals=None, goals_text="全年完成××项任务"))
    assert [f.location.field for f in found] == ["绩效目标"]


@pytest.mark.parametrize(
    "text",
    [
        "X光机配备数量",  # an X-ray machine, no blank
        "3×4米展板制作数量",  # a size
        "开展法律进机关、进乡村……等活动",  # prose ellipsis
        "20%-30%",
        "是否按时完成?",
    ],
)
def test_pg414_near_misses(text: str) -> None:
    rows = replaced(SIX, 1, (OUT, QTY, text, "≥12000人"))
    assert run("PG414", make_table(six(rows), goals=[Goal(number=1, text=text)])) == []


# ---------------------------------------------------------------- PG415


def test_pg415_total_cost_cap_above_the_budget() -> None:
    rows = six([*SIX, (COST, ECON_COST, "项目总成本", "≤150万元")])
    found = run("PG415", make_table(rows))
    assert [(f.severity, f.location.indicator_row) for f in found] == [("warning", 6)]
    assert "120.00万元" in found[0].message


def test_pg415_yuan_budget_and_wan_cap() -> None:
    rows = replaced(WIDE, 4, (COST, ECON_COST, "渠道建设总成本", "≤", "460", "万元", 10))
    found = run("PG415", make_table(wide(rows), money_unit="元", budget=money("4560000", "元")))
    assert rows_of(found) == [4]


def test_pg415_long_term_cap_compared_with_the_total_budget() -> None:
    cap = (COST, ECON_COST, "渠道建设总成本", "≤", "1300", "万元", None)
    rows = [*wide(WIDE[:3], "long_term"), *wide([cap], "long_term", 4), *wide(WIDE, "annual", 5)]
    table = make_table(rows, budget=money("456.00"), total_budget=money("1200.00"))
    assert rows_of(run("PG415", table)) == [4]
    table = make_table(rows, budget=money("456.00"), total_budget=money("1300.00"))
    assert run("PG415", table) == []


@pytest.mark.parametrize(
    ("row", "budget"),
    [
        ((COST, ECON_COST, "项目总成本", "≤120万元"), "120.00"),  # equal to the budget
        ((COST, ECON_COST, "项目总成本", "≤1200000元"), "120.00"),  # 元 vs 万元
        ((COST, ECON_COST, "人均签约服务成本", "≤150元"), "1.00"),  # a unit cost
        ((COST, ECON_COST, "签约服务成本", "≤150元/人"), "1.00"),  # a compound unit
        ((OUT, QTY, "建设投资完成额", "≥150万元"), "120.00"),  # no cost row
    ],
)
def test_pg415_near_misses(row: Six, budget: str) -> None:
    assert run("PG415", make_table(six([*SIX, row]), budget=money(budget))) == []


def test_pg415_per_unit_cost_in_the_approval_grid() -> None:
    """WIDE's 每公里渠道建设成本 ≤38万元/公里 is above a 20 万元 budget, but per unit."""
    assert run("PG415", make_table(wide(WIDE), budget=money("20.00"))) == []


# ---------------------------------------------------------------- PG416


def test_pg416_cost_floor() -> None:
    rows = six([*SIX, (COST, ECON_COST, "人均签约服务成本", "≥150元")])
    found = run("PG416", make_table(rows))
    assert [(f.severity, f.location.indicator_row, f.suggestion) for f in found] == [
        ("info", 6, "≤150元")
    ]


def test_pg416_comparator_in_its_own_column() -> None:
    rows = replaced(WIDE, 4, (COST, ECON_COST, "每公里渠道建设成本", "≥", "38", "万元/公里", 10))
    assert rows_of(run("PG416", make_table(wide(rows)))) == [4]


@pytest.mark.parametrize(
    "row",
    [
        (COST, ECON_COST, "采购成本节约率", "≥5%"),  # a saving: more is better
        (COST, ECON_COST, "药品采购成本降低额", "≥20万元"),  # a reduction
        (OUT, QTY, "设备购置金额", "≥50万元"),  # not a cost row
        (COST, ECON_COST, "人均签约服务成本", "≤150元"),  # a cap
    ],
)
def test_pg416_near_misses(row: Six) -> None:
    assert run("PG416", make_table(six([*SIX, row]))) == []


# ---------------------------------------------------------------- PG417


def test_pg417_date_serial_in_a_timeliness_row() -> None:
    found = run(
        "PG417", make_table(six(replaced(SIX, 3, (OUT, TIME, "签约任务完成时间", "45626"))))
    )
    assert [(f.severity, f.location.indicator_row, f.suggestion) for f in found] == [
        ("warning", 3, "2024年11月30日")
    ]


def test_pg417_error_value_and_exponent_number() -> None:
    rows = replaced(WIDE, 1, (OUT, QTY, "新建灌溉渠道长度", "≥", "1.2E+01", "公里", 20))
    indicators = wide(rows)
    indicators[4] = indicators[4].model_copy(update={"note": None, "target": "#VALUE!"})
    found = run("PG417", make_table(indicators))
    assert rows_of(found) == [1, 5]
    assert "#VALUE!" in found[1].message


def test_pg417_error_value_in_a_goal() -> None:
    goals = [Goal(number=1, text="完成签约服务#REF!人")]
    found = run("PG417", make_table(six(SIX), goals=goals))
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
    assert run("PG417", make_table(six(replaced(SIX, 1, row)))) == []


# ---------------------------------------------------------------- PG418


def test_pg418_bare_figure_on_a_timeliness_row() -> None:
    rows = replaced(SIX, 3, (OUT, TIME, "签约服务及时", "≥90"))
    found = run("PG418", make_table(six(rows)))
    assert [(f.severity, f.location.indicator_row) for f in found] == [("warning", 3)]


def test_pg418_figure_with_words_after_it() -> None:
    rows = replaced(SIX, 3, (OUT, TIME, "签约服务及时", "≥90签约服务及时"))
    assert rows_of(run("PG418", make_table(six(rows)))) == [3]


def test_pg418_approval_grid_without_a_unit() -> None:
    rows = replaced(WIDE, 3, (OUT, TIME, "渠道工程按期完工", "≥", "90", "", 10))
    assert rows_of(run("PG418", make_table(wide(rows)))) == [3]


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
    assert run("PG418", make_table(six(rows))) == []


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
    assert run("PG418", make_table(wide(replaced(WIDE, 3, row)))) == []


# ---------------------------------------------------------------- PG419


def test_pg419_weights_add_up_to_more_than_100() -> None:
    rows = replaced(WIDE, 1, (OUT, QTY, "新建灌溉渠道长度", "≥", "12", "公里", 30))
    found = run("PG419", make_table(wide(rows)))
    assert [(f.severity, f.location.field) for f in found] == [("warning", "分值")]
    assert "110" in found[0].message


def test_pg419_ninety_with_budget_execution_scored_apart() -> None:
    rows = replaced(WIDE, 1, (OUT, QTY, "新建灌溉渠道长度", "≥", "12", "公里", 10))
    assert run("PG419", make_table(wide(rows))) == []  # 90: 预算执行率 scores the other 10


def test_pg419_budget_execution_inside_the_grid_needs_100() -> None:
    rows = replaced(WIDE, 1, (OUT, QTY, "预算执行率", "≥", "95", "%", 10))
    assert len(run("PG419", make_table(wide(rows)))) == 1  # 90 with the 10 inside the grid


def test_pg419_total_is_an_option() -> None:
    table = make_table(wide(WIDE))
    assert len(run("PG419", table, options={"total": 90, "budget_execution": 0})) == 1


def test_pg419_each_horizon_adds_up_on_its_own() -> None:
    long_term = wide(WIDE, "long_term")
    annual = wide(
        replaced(WIDE, 2, (OUT, QUAL, "渠道工程验收合格率", "=", "100", "%", 5)), "annual"
    )
    found = run("PG419", make_table([*long_term, *annual]))
    assert rows_of(found) == [1] and "85" in found[0].message


@pytest.mark.parametrize(
    "weights",
    [
        [20, 20, 10, 10, 20, 20],  # 100
        [None] * 6,  # no 分值 column
        [33.33, 33.33, 33.34, None, None, None],  # decimals
    ],
)
def test_pg419_near_misses(weights: list[float | None]) -> None:
    rows = [(*row[:6], w) for row, w in zip(WIDE, weights, strict=True)]
    indicators = wide(rows)  # type: ignore[arg-type]
    for ind, w in zip(indicators, weights, strict=True):
        ind.weight = Decimal(str(w)) if w is not None else None
    assert run("PG419", make_table(indicators)) == []


def test_pg419_merged_weight_cell_read_onto_every_row() -> None:
    """A 分值 merged over each 一级 group: the builder repeats it on every row."""
    per_group = {OUT: 50, COST: 10, EFFECT: 20, SAT: 20}
    rows = [(*row[:6], per_group[row[0]]) for row in WIDE]
    assert run("PG419", make_table(wide(rows))) == []  # type: ignore[arg-type]


# ---------------------------------------------------------------- PG420


def test_pg420_figure_in_the_name_differs() -> None:
    rows = replaced(SIX, 2, (OUT, QUAL, "健康档案规范建档率100%", "≥95%"))
    found = run("PG420", make_table(six(rows)))
    assert [(f.severity, f.location.indicator_row) for f in found] == [("info", 2)]
    assert "100%" in found[0].message and "≥95%" in found[0].message


def test_pg420_approval_grid_with_unit_column() -> None:
    rows = replaced(WIDE, 1, (OUT, QTY, "新建灌溉渠道15公里", "≥", "12", "公里", 20))
    assert rows_of(run("PG420", make_table(wide(rows)))) == [1]


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
    assert run("PG420", make_table(six(replaced(SIX, 2, row)))) == []


# ---------------------------------------------------------------- near-misses in the approval grid


@pytest.mark.parametrize(
    ("code", "row"),
    [
        ("PG413", (OUT, QUAL, "渠道工程质量合格", "=", "100", "%", 20)),  # names the works
        ("PG413", (SAT, SATISFACTION, "服务对象满意度", "≥", "90", "%", 20)),
        ("PG414", (OUT, QTY, "X光检测焊缝数量", "≥", "120", "处", 20)),  # an X-ray, no blank
        ("PG414", (OUT, QUAL, "渠道断面尺寸3×4米达标率", "=", "100", "%", 20)),
        ("PG417", (OUT, TIME, "渠道工程完工时间", "≤", "2024年10月31日", "", 20)),
        ("PG417", (OUT, QTY, "新建灌溉渠道长度", "≥", "45291", "米", 20)),  # a length
        ("PG420", (OUT, QUAL, "渠道工程验收合格率100%", "=", "100", "%", 20)),  # the same
        ("PG420", (OUT, QUAL, "3日内验收合格率", "≥", "95", "%", 20)),  # another unit
    ],
)
def test_near_misses_in_the_approval_grid(code: str, row: Wide) -> None:
    assert run(code, make_table(wide(replaced(WIDE, 2, row)))) == []
