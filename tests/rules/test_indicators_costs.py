"""PG415, PG416, PG419: costs and weights (``rules/indicators/costs.py``).

Each rule's failing input, passing input and near-misses, built from small
hand-made records in other departments' words; shared grids in tests/indicator_grids.py.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicator_grids import (
    COST,
    ECON_COST,
    EFFECT,
    OUT,
    QTY,
    QUAL,
    SAT,
    SIX,
    WIDE,
    Six,
    grid_table,
    money,
    replaced,
    six,
    wide,
)

from factories import rows_of
from factories import run_rule as run


@pytest.mark.parametrize("code", ["PG415", "PG416", "PG419"])
@pytest.mark.parametrize("layout", ["six", "wide"])
def test_clean_grids_are_silent(code: str, layout: str) -> None:
    grid = six(SIX) if layout == "six" else wide(WIDE)
    assert run(code, grid_table(grid)) == []


def test_pg415_total_cost_cap_above_the_budget() -> None:
    rows = six([*SIX, (COST, ECON_COST, "项目总成本", "≤150万元")])
    found = run("PG415", grid_table(rows))
    assert [(f.severity, f.location.indicator_row) for f in found] == [("warning", 6)]
    assert "120.00万元" in found[0].message


def test_pg415_yuan_budget_and_wan_cap() -> None:
    rows = replaced(WIDE, 4, (COST, ECON_COST, "渠道建设总成本", "≤", "460", "万元", 10))
    found = run("PG415", grid_table(wide(rows), money_unit="元", budget=money("4560000", "元")))
    assert rows_of(found) == [4]


def test_pg415_long_term_cap_compared_with_the_total_budget() -> None:
    cap = (COST, ECON_COST, "渠道建设总成本", "≤", "1300", "万元", None)
    rows = [*wide(WIDE[:3], "long_term"), *wide([cap], "long_term", 4), *wide(WIDE, "annual", 5)]
    table = grid_table(rows, budget=money("456.00"), total_budget=money("1200.00"))
    assert rows_of(run("PG415", table)) == [4]
    table = grid_table(rows, budget=money("456.00"), total_budget=money("1300.00"))
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
    assert run("PG415", grid_table(six([*SIX, row]), budget=money(budget))) == []


def test_pg415_per_unit_cost_in_the_approval_grid() -> None:
    """WIDE's 每公里渠道建设成本 ≤38万元/公里 is above a 20 万元 budget, but per unit."""
    assert run("PG415", grid_table(wide(WIDE), budget=money("20.00"))) == []


def test_pg416_cost_floor() -> None:
    rows = six([*SIX, (COST, ECON_COST, "人均签约服务成本", "≥150元")])
    found = run("PG416", grid_table(rows))
    assert [(f.severity, f.location.indicator_row, f.suggestion) for f in found] == [
        ("info", 6, "≤150元")
    ]


def test_pg416_comparator_in_its_own_column() -> None:
    rows = replaced(WIDE, 4, (COST, ECON_COST, "每公里渠道建设成本", "≥", "38", "万元/公里", 10))
    assert rows_of(run("PG416", grid_table(wide(rows)))) == [4]


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
    assert run("PG416", grid_table(six([*SIX, row]))) == []


def test_pg419_weights_add_up_to_more_than_100() -> None:
    rows = replaced(WIDE, 1, (OUT, QTY, "新建灌溉渠道长度", "≥", "12", "公里", 30))
    found = run("PG419", grid_table(wide(rows)))
    assert [(f.severity, f.location.field) for f in found] == [("warning", "分值")]
    assert "110" in found[0].message


def test_pg419_ninety_with_budget_execution_scored_apart() -> None:
    rows = replaced(WIDE, 1, (OUT, QTY, "新建灌溉渠道长度", "≥", "12", "公里", 10))
    assert run("PG419", grid_table(wide(rows))) == []  # 90: 预算执行率 scores the other 10


def test_pg419_budget_execution_inside_the_grid_needs_100() -> None:
    rows = replaced(WIDE, 1, (OUT, QTY, "预算执行率", "≥", "95", "%", 10))
    assert len(run("PG419", grid_table(wide(rows)))) == 1  # 90 with the 10 inside the grid


def test_pg419_total_is_an_option() -> None:
    table = grid_table(wide(WIDE))
    assert len(run("PG419", table, options={"total": 90, "budget_execution": 0})) == 1


def test_pg419_each_horizon_adds_up_on_its_own() -> None:
    long_term = wide(WIDE, "long_term")
    annual = wide(
        replaced(WIDE, 2, (OUT, QUAL, "渠道工程验收合格率", "=", "100", "%", 5)), "annual"
    )
    found = run("PG419", grid_table([*long_term, *annual]))
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
    assert run("PG419", grid_table(indicators)) == []


def test_pg419_merged_weight_cell_read_onto_every_row() -> None:
    """A 分值 merged over each 一级 group: the builder repeats it on every row."""
    per_group = {OUT: 50, COST: 10, EFFECT: 20, SAT: 20}
    rows = [(*row[:6], per_group[row[0]]) for row in WIDE]
    assert run("PG419", grid_table(wide(rows))) == []  # type: ignore[arg-type]
