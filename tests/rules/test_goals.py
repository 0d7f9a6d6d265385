"""PG501–PG505: the 绩效目标 list and the goals against the indicators (``rules/goals.py``).

Goals in two layouts: the sample's numbered list in one 绩效目标 cell, and
实施期 (long-term) and 年度 (annual) goals in cells of their own; indicator rows
in the sample's six columns and in an approval grid with 长期 and 年度 grids;
水利局, 卫生健康委 and 教育局 words.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from indicator_grids import wide
from perfgoals.builder.values import split_goals
from perfgoals.engine import check_filing
from perfgoals.model import Amount, Goal, Indicator, ProjectTable
from perfgoals.settings import Settings

from factories import run_rule as run


def make_table(goals_text: str | None, horizon: str | None = None, **changes: Any) -> ProjectTable:
    """A table whose goals are read from ``goals_text`` as the builder reads them."""
    goals = [Goal(number=n, text=t, horizon=horizon) for n, t in split_goals(goals_text or "")]
    fields: dict[str, Any] = dict(
        part=3, number=1, position=1, title="1、河道综合治理经费绩效目标表",
        project_name="河道综合治理经费", goals=goals, goals_text=goals_text,
    )  # fmt: skip
    fields.update(changes)
    return ProjectTable(**fields)


# ---------------------------------------------------------------- PG501


def test_pg501_same_goal_twice() -> None:
    found = run("PG501", make_table("1、完成河道清淤12公里\n2、完成河道清淤12公里\n3、汛期无溃堤"))
    assert [(f.rule, f.location.field, f.severity) for f in found] == [
        ("PG501", "绩效目标", "warning")
    ]
    assert "第2项" in found[0].message and "第1项" in found[0].message


def test_pg501_ignores_punctuation_and_width() -> None:
    found = run("PG501", make_table("1、完成校舍维修。\n2、完成 校舍维修\n3、完成校舍维修；"))
    assert len(found) == 2
    assert len({f.fingerprint for f in found}) == 2


def test_pg501_unnumbered_lines() -> None:
    found = run("PG501", make_table("开展家庭医生签约服务\n开展家庭医生签约服务"))
    assert len(found) == 1


@pytest.mark.parametrize(
    "text",
    [
        "1、完成河道清淤12公里\n2、完成堤防加固3公里",
        "1、完成校舍维修\n2、完成校舍维修验收",  # a shared prefix is not a repeat
        "完成河道清淤，汛期安全度汛。",  # prose
        "1、完成河道清淤\n2、汛期无溃堤\n1、完成河道清淤\n2、汛期无溃堤",  # two lists (实施期, 年度)
        "",
    ],
)
def test_pg501_near_misses(text: str) -> None:
    assert run("PG501", make_table(text)) == []


def test_pg501_not_across_horizons() -> None:
    annual = [Goal(number=1, text="完成河道清淤", horizon="annual")]
    long_term = [Goal(number=2, text="完成河道清淤", horizon="long_term")]
    table = make_table("", goals=[*long_term, *annual])
    assert run("PG501", table) == []


# ---------------------------------------------------------------- PG502


def test_pg502_gap() -> None:
    found = run("PG502", make_table("1、完成河道清淤\n3、完成堤防加固"))
    assert [(f.location.field, f.severity) for f in found] == [("绩效目标", "info")]
    assert "应为 2" in found[0].message and "实为 3" in found[0].message


def test_pg502_repeat() -> None:
    found = run(
        "PG502", make_table("1、开展义诊\n2、开展健康讲座\n2、发放宣传资料\n3、建立健康档案")
    )
    assert len(found) == 1
    assert "应为 3" in found[0].message


def test_pg502_does_not_start_at_one() -> None:
    found = run("PG502", make_table("2、开展义诊\n3、开展健康讲座"))
    assert len(found) == 1 and "应为 1" in found[0].message


@pytest.mark.parametrize(
    "text",
    [
        "1、完成河道清淤\n2、完成堤防加固\n3、汛期无溃堤",
        "1、完成河道清淤；2、完成堤防加固；3、汛期无溃堤。",  # inline
        "目标1：完成校舍维修 目标2：消除校舍安全隐患",
        "完成河道清淤，汛期安全度汛。",  # unnumbered prose
        "1、完成河道清淤：（1）主河道8公里；（2）支流4公里\n2、完成堤防加固",  # nested items
        "1、完成河道清淤\n2、完成堤防加固\n1、汛期无溃堤\n2、水质达标",  # a second list
    ],
)
def test_pg502_near_misses(text: str) -> None:
    assert run("PG502", make_table(text)) == []


def test_pg502_silent_without_goals() -> None:
    assert run("PG502", make_table(None, goals=None)) == []


# ---------------------------------------------------------------- the sample filing

CORPUS = Path("/work/shared/corpus/dingzhou-2020.txt")
BUNDLED = Path(__file__).resolve().parents[2] / "samples" / "dingzhou-2020.txt"
SAMPLE = CORPUS if CORPUS.exists() else BUNDLED


def test_sample_pg501_table_14() -> None:
    if not SAMPLE.exists():
        pytest.skip("sample filing not available")
    from perfgoals.pipeline import load_filing

    settings = Settings(select=("PG501", "PG502"))  # the second wave has its own tests
    result = check_filing(load_filing(SAMPLE), settings, str(SAMPLE))
    assert [(f.rule, f.location.part, f.location.table) for f in result.findings] == [
        ("PG501", 3, 14)
    ]
    assert "人防建设支出" in result.findings[0].message


OUT, EFFECT, SAT, COST = "产出指标", "效益指标", "满意度指标", "成本指标"

# A clean 水利局 grid (approval layout: 三级 name, 指标性质, 目标值, 计量单位).
GRID = [
    (OUT, "数量指标", "河道清淤长度", "≥", "18", "公里"),
    (OUT, "质量指标", "清淤工程验收合格率", "=", "100", "%"),
    (OUT, "时效指标", "清淤工程完工时间", "≤", "2024年5月31日", ""),
    (EFFECT, "生态效益指标", "治理河段水质达标率", "≥", "90", "%"),
    (SAT, "服务对象满意度指标", "沿河群众满意度", "≥", "90", "%"),
]


def grid(
    rows: list[tuple[str, ...]], horizon: str | None = None, start: int = 1
) -> list[Indicator]:
    """The wide grid of indicator_grids, without a 分值 column."""
    return wide(
        [(l1, l2, l3, nature, value, unit, None) for l1, l2, l3, nature, value, unit in rows],
        horizon,
        start,
    )


def six(rows: list[tuple[str, str, str, str]]) -> list[Indicator]:
    return [
        Indicator(row=i, level1=l1, level2=l2, level3="", description=d, target=t, basis="计划")
        for i, (l1, l2, d, t) in enumerate(rows, start=1)
    ]


def listed(goals_text: str) -> dict[str, Any]:
    """Goals in one cell, read as the builder reads them (the sample's layout)."""
    goals = [Goal(number=n, text=t) for n, t in split_goals(goals_text)]
    return {"goals": goals, "goals_text": goals_text}


def split(long_term: list[str], annual: list[str]) -> dict[str, Any]:
    """实施期 and 年度 goals in cells of their own."""
    goals = [
        *(Goal(number=i, text=t, horizon="long_term") for i, t in enumerate(long_term, 1)),
        *(Goal(number=i, text=t, horizon="annual") for i, t in enumerate(annual, 1)),
    ]
    return {"goals": goals, "goals_text": "\n".join([*long_term, *annual])}


def money(raw: str) -> Amount:
    return Amount(raw=raw, value=Decimal(raw), unit="万元")


def goal_table(**changes: Any) -> ProjectTable:
    fields: dict[str, Any] = dict(
        part=3, number=1, position=1, title="1、中小河流综合治理经费绩效目标表",
        project_name="中小河流综合治理经费", unit_name="饶阳县水利局", budget=money("360.00"),
        indicators=grid(GRID),
        **listed("1、完成中小河流清淤18公里\n2、治理河段水质稳定达到Ⅲ类"),
    )  # fmt: skip
    fields.update(changes)
    return ProjectTable(**fields)


@pytest.mark.parametrize("code", ["PG503", "PG504", "PG505"])
def test_clean_tables_are_silent(code: str) -> None:
    assert run(code, goal_table()) == []
    two_horizons = goal_table(
        **split(["用三年时间完成中小河流治理50公里"], ["完成中小河流清淤18公里"]),
        indicators=[*grid(GRID[:2], "long_term"), *grid(GRID, "annual", 3)],
    )
    assert run(code, two_horizons) == []


# ---------------------------------------------------------------- PG503


def test_pg503_two_character_goals() -> None:
    found = run("PG503", goal_table(**listed("1、清淤\n2、治理河段水质稳定达到Ⅲ类\n3、护坡")))
    assert [(f.severity, f.location.field) for f in found] == [("info", "绩效目标")] * 2
    assert sorted("清淤" in f.message for f in found) == [False, True]
    assert sorted("护坡" in f.message for f in found) == [False, True]


def test_pg503_annual_goal_in_its_own_cell() -> None:
    found = run("PG503", goal_table(**split(["用三年时间完成中小河流治理50公里"], ["治河"])))
    assert len(found) == 1 and "治河" in found[0].message


def test_pg503_minimum_is_an_option() -> None:
    table = goal_table(**listed("1、河道清淤\n2、治理河段水质稳定达到Ⅲ类"))
    assert run("PG503", table) == []
    assert len(run("PG503", table, options={"min_chars": 5})) == 1


@pytest.mark.parametrize(
    "goals",
    [
        "1、河道清淤\n2、堤防加固",  # four characters: an object and an action
        "1、清淤8处\n2、护坡3公里",  # short, with a quantity
        "完成中小河流清淤18公里",  # prose
    ],
)
def test_pg503_near_misses(goals: str) -> None:
    assert run("PG503", goal_table(**listed(goals))) == []


# ---------------------------------------------------------------- PG504


@pytest.mark.parametrize(
    "goal", ["补助资金到位", "确保资金及时足额拨付到位", "治理经费支出", "工程建设资金到位率100%"]
)
def test_pg504_input_goal(goal: str) -> None:
    found = run("PG504", goal_table(**listed(f"1、{goal}\n2、完成中小河流清淤18公里")))
    assert [(f.severity, f.location.field) for f in found] == [("info", "绩效目标")]


def test_pg504_repeated_input_goal_reported_once() -> None:
    found = run("PG504", goal_table(**listed("1、治理资金到位\n2、治理资金到位")))
    assert len(found) == 1


def test_pg504_annual_goal_in_its_own_cell() -> None:
    found = run(
        "PG504", goal_table(**split(["用三年时间完成中小河流治理50公里"], ["资金拨付到位"]))
    )
    assert len(found) == 1


@pytest.mark.parametrize(
    "goal",
    [
        "资金拨付到位后完成中小河流清淤18公里",  # the money pays for named work
        "补助资金及时足额发放到户",  # handing a subsidy out is the output
        "建立资金使用台账",  # money named, no arriving or spending
        "治理河道无汛期溃堤",
    ],
)
def test_pg504_near_misses(goal: str) -> None:
    assert run("PG504", goal_table(**listed(f"1、{goal}\n2、完成中小河流清淤18公里"))) == []


def test_pg504_only_output_indicator_is_money_arriving() -> None:
    rows = six(
        [
            (OUT, "时效指标", "治理资金到位及时", "≥95%"),
            (EFFECT, "生态效益指标", "治理河段水质达标率", "≥90%"),
            (SAT, "服务对象满意度指标", "沿河群众满意度", "≥90%"),
        ]
    )
    found = run("PG504", goal_table(indicators=rows))
    assert [(f.location.indicator_row, f.location.field) for f in found] == [(1, "绩效指标描述")]


def test_pg504_approval_grid_outputs_only_budget_execution() -> None:
    rows = [
        (OUT, "时效指标", "预算执行率", "≥", "95", "%"),
        (COST, "经济成本指标", "清淤工程总成本", "≤", "360", "万元"),  # cost rows do not count
        *GRID[3:],
    ]
    found = run("PG504", goal_table(indicators=grid(rows)))
    assert [(f.location.indicator_row, f.location.field) for f in found] == [(1, "三级指标")]


@pytest.mark.parametrize(
    "rows",
    [
        [
            (OUT, "时效指标", "治理资金到位及时", "≥95%"),
            (OUT, "数量指标", "河道清淤长度", "≥18公里"),
        ],
        [(OUT, "数量指标", "补助资金发放户数", "≥320户")],  # a subsidy handed out: an output
        [(OUT, "时效指标", "清淤工程完工时间", "2024年5月31日前")],
    ],
)
def test_pg504_near_miss_indicators(rows: list[tuple[str, str, str, str]]) -> None:
    assert run("PG504", goal_table(indicators=six(rows))) == []


# ---------------------------------------------------------------- PG505


def test_pg505_goals_identical() -> None:
    goals = ["完成中小河流清淤18公里", "治理河段水质稳定达到Ⅲ类"]
    found = run("PG505", goal_table(**split(goals, list(goals))))
    assert [(f.severity, f.location.field) for f in found] == [("info", "绩效目标")]


def test_pg505_grids_identical() -> None:
    table = goal_table(indicators=[*grid(GRID, "long_term"), *grid(GRID, "annual", 6)])
    found = run("PG505", table)
    assert [(f.location.field, f.location.indicator_row) for f in found] == [("绩效指标", 1)]


def test_pg505_grid_in_the_six_columns() -> None:
    rows = six(
        [
            (OUT, "数量指标", "河道清淤长度", "≥18公里"),
            (SAT, "服务对象满意度指标", "沿河群众满意度", "≥90%"),
        ]
    )
    long_term = [replace(r, horizon="long_term") for r in rows]
    annual = [replace(r, horizon="annual", row=r.row + 2) for r in rows]
    assert len(run("PG505", goal_table(indicators=[*long_term, *annual]))) == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"period": "2024年1月-2024年12月"},  # a one-year project
        {"total_budget": money("360.00")},  # the whole period's budget is the year's
    ],
)
def test_pg505_one_year_projects(changes: dict[str, Any]) -> None:
    goals = ["完成中小河流清淤18公里"]
    table = goal_table(**split(goals, list(goals)), **changes)
    assert run("PG505", table) == []


@pytest.mark.parametrize(
    "goals",
    [
        (["用三年时间完成中小河流治理50公里"], ["完成中小河流清淤18公里"]),
        (["完成中小河流清淤18公里", "治理河段水质达到Ⅲ类"], ["完成中小河流清淤18公里"]),
        ([], ["完成中小河流清淤18公里"]),
    ],
)
def test_pg505_near_misses(goals: tuple[list[str], list[str]]) -> None:
    table = goal_table(**split(*goals), period="2023年-2025年", total_budget=money("900.00"))
    assert run("PG505", table) == []


def test_pg505_near_miss_grid_with_other_targets() -> None:
    annual = [(*row[:4], "12" if row[2] == "河道清淤长度" else row[4], row[5]) for row in GRID]
    table = goal_table(indicators=[*grid(GRID, "long_term"), *grid(annual, "annual", 6)])
    assert run("PG505", table) == []
