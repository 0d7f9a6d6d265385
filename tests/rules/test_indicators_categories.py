"""PG406–PG411: categories and pairing (``rules/indicators/categories.py``).

Each rule's failing input, passing input and near-misses, built from small
hand-made records in other departments' words; shared grids in tests/indicator_grids.py.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from indicator_grids import (
    COST,
    EFFECT,
    GOOD,
    OUT,
    QTY,
    QUAL,
    SAT,
    SATISFACTION,
    SOCIAL,
    SUSTAIN,
    TIME,
    Row,
    make_rows,
    make_table,
    with_row,
)
from perfgoals.engine import check_filing
from perfgoals.model import Filing, Indicator
from perfgoals.rules.registry import get_rule
from perfgoals.settings import Settings

from factories import rows_of
from factories import run_rule as run


@pytest.mark.parametrize("code", ["PG406", "PG407", "PG409", "PG410", "PG411"])
def test_clean_grid_is_silent(code: str) -> None:
    assert run(code, make_table()) == []


def test_pg406_timeliness_row_about_satisfaction() -> None:
    found = run("PG406", make_table(with_row(3, (OUT, TIME, "受助学生满意", "≥90%"))))
    assert [(f.location.indicator_row, f.location.field) for f in found] == [(3, "绩效指标描述")]
    assert "时效指标" in found[0].message and "满意度" in found[0].message


def test_pg406_satisfaction_row_about_sustainability() -> None:
    found = run(
        "PG406", make_table(with_row(6, (SAT, SATISFACTION, "灌区工程可持续发挥效益", "≥90%")))
    )
    assert rows_of(found) == [6]
    assert "可持续影响指标" in found[0].message


def test_pg406_output_row_about_social_benefit() -> None:
    found = run("PG406", make_table(with_row(1, (OUT, QTY, "社会效益明显", "≥90%"))))
    assert rows_of(found) == [1]


def test_pg406_uses_level3_without_description() -> None:
    rows = [Indicator(row=1, level1=OUT, level2=TIME, level3="群众满意度", description=None,
                      target="≥90%")]  # fmt: skip
    found = run("PG406", make_table(rows))
    assert [(f.location.indicator_row, f.location.field) for f in found] == [(1, "三级指标")]


def test_pg406_level3_when_the_description_only_defines_the_row() -> None:
    # An explanation column (指标解释) that names no category leaves the 三级 name to judge.
    rows = [Indicator(row=1, level1=OUT, level2=TIME, level3="沿线居民出行满意",
                      description="反映全部维修工程交付使用的日期", target="≥90%")]  # fmt: skip
    found = run("PG406", make_table(rows))
    assert [(f.location.indicator_row, f.location.field) for f in found] == [(1, "三级指标")]


def test_pg406_description_that_fits_outranks_the_level3() -> None:
    rows = [Indicator(row=1, level1=OUT, level2=TIME, level3="群众满意",
                      description="维修任务按期完成", target="2024年10月31日前")]  # fmt: skip
    assert run("PG406", make_table(rows)) == []


@pytest.mark.parametrize(
    "row",
    [
        # satisfaction surveys counted or returned are quantities and qualities
        (OUT, QTY, "市民文明素质和满意度问卷调查回收的有效样本数", "≥3000份"),
        (OUT, QTY, "满意度问卷有效样本量", "≥3000份"),
        (OUT, QUAL, "满意度调查问卷回收率", "≥90%"),
        (EFFECT, SOCIAL, "教学质量明显提升", "明显提升"),  # quality as an outcome
        (EFFECT, SOCIAL, "降低群众就医成本", "≥5%"),
        (SAT, SATISFACTION, "家庭医生服务质量满意度", "≥90%"),  # its own word as well
        (OUT, QUAL, "维修工程按时验收合格率", "100%"),  # timeliness and quality: both outputs
        (OUT, QUAL, "患者投诉不满意率", "≤5%"),
        (EFFECT, "生态效益指标", "水土流失治理面积", "≥20平方公里"),
        (OUT, "工作指标", "群众满意", "≥90%"),  # unknown 二级: cannot tell
        (EFFECT, SUSTAIN, "社会效益长期发挥", "≥5年"),  # same 一级
    ],
)
def test_pg406_near_misses(row: Row) -> None:
    assert run("PG406", make_table(with_row(4, row))) == []


def test_pg407_value_words_of_another_category() -> None:
    found = run(
        "PG407", make_table(with_row(6, (SAT, SATISFACTION, "受助学生满意度", "≥90可持续发挥作用")))
    )
    assert [(f.location.indicator_row, f.location.field) for f in found] == [(6, "指标值")]
    assert "可持续影响指标" in found[0].message


def test_pg407_value_copied_from_another_row() -> None:
    rows = [
        (OUT, QTY, "完成病媒生物监测点位", "≥40个"),
        (OUT, QUAL, "监测数据上报完整", "≥95监测数据上报完整"),
        (SAT, SATISFACTION, "辖区居民满意", "≥90监测数据上报完整"),
    ]
    found = run("PG407", make_table(rows))
    assert rows_of(found) == [3]
    assert "第2行" in found[0].message


def test_pg407_qualifier_that_echoes_another_row() -> None:
    # 验收合格 qualifies the count; it is not row 2's description copied over.
    rows = [
        (OUT, QTY, "竣工校舍维修项目", "≥10个验收合格"),
        (OUT, QUAL, "工程验收合格率", "100%"),
        (SAT, SATISFACTION, "师生满意度", "≥90%"),
    ]
    assert run("PG407", make_table(rows)) == []


def test_pg407_quality_words_under_satisfaction() -> None:
    row = (SAT, SATISFACTION, "参训教师满意度", "≥90培训质量合格")
    assert rows_of(run("PG407", make_table(with_row(6, row)))) == [6]


@pytest.mark.parametrize(
    "row",
    [
        (SAT, SATISFACTION, "受助学生满意度", "≥90%"),
        (SAT, SATISFACTION, "群众满意度", "≥90%群众满意"),  # its own words: PG401's case
        (SAT, SATISFACTION, "群众满意度", "≥90%（问卷调查）"),  # a note
        (OUT, QTY, "改造农村户厕", "≥300户全县"),  # words with no category
        (EFFECT, SOCIAL, "教学质量提升", "≥5%教学质量"),
        (OUT, TIME, "堤防加固完成时间", "2024年汛期前"),
    ],
)
def test_pg407_near_misses(row: Row) -> None:
    assert run("PG407", make_table(with_row(6, row))) == []


def test_pg408_is_off_by_default() -> None:
    spec = get_rule("PG408")
    assert spec is not None and spec.enabled is False and spec.severity == "info"
    filing = Filing(path="t.txt", source_format="text", kind="goal", tables=[make_table()])
    assert [
        f for f in check_filing(filing, Settings(), "t.txt").findings if f.rule == "PG408"
    ] == []


def test_pg408_empty_level3_when_selected() -> None:
    found = run("PG408", make_table(make_rows(GOOD[:2])))
    assert [(f.location.indicator_row, f.location.field) for f in found] == [
        (1, "三级指标"), (2, "三级指标"),
    ]  # fmt: skip


def test_pg408_near_misses() -> None:
    named = make_rows(GOOD[:1], level3="资助学生人次")
    assert run("PG408", make_table(named)) == []
    no_column = [Indicator(row=1, level1=OUT, level2=QTY, level3=None, description="资助学生人次",
                           target="≥1200人次")]  # fmt: skip
    assert run("PG408", make_table(no_column)) == []


def test_pg409_missing_effect_and_satisfaction() -> None:
    found = run("PG409", make_table(GOOD[:3]))
    assert sorted((f.location.field, f.severity) for f in found) == [
        ("一级指标", "info"),
        ("一级指标", "warning"),
    ]
    advisory = [f.message for f in found if "仅作提示" in f.message]
    required = [f.message for f in found if "仅作提示" not in f.message]
    assert len(advisory) == 1 and "满意度指标" in advisory[0]
    assert len(required) == 1 and "效益指标" in required[0]


def test_pg409_only_satisfaction_missing_is_advisory() -> None:
    found = run("PG409", make_table(GOOD[:5]))
    assert len(found) == 1
    assert "仅作提示" in found[0].message
    assert found[0].severity == "info"  # rules.md: info when only 满意度指标 is missing


def test_pg409_missing_output() -> None:
    found = run("PG409", make_table(GOOD[3:]))
    assert len(found) == 1 and "产出指标" in found[0].message


@pytest.mark.parametrize(
    "rows",
    [
        [(OUT, QTY, "新建村卫生室", "≥12个"), ("效果指标", SOCIAL, "群众就医便利", "达标"),
         (SAT, SATISFACTION, "群众满意度", "≥90%")],  # 效果指标 is 效益指标
        [(OUT, QTY, "新建村卫生室", "≥12个"), (EFFECT, SOCIAL, "群众就医便利", "达标"),
         (EFFECT, SATISFACTION, "群众满意度", "≥90%")],  # 满意度 一级 cell merged away
        [("长期指标", "工作指标", "完成建设任务", "100%")],  # no known category at all
    ],
)  # fmt: skip
def test_pg409_near_misses(rows: list[Row]) -> None:
    assert run("PG409", make_table(rows)) == []


def test_pg409_horizons_checked_separately() -> None:
    annual = make_rows(GOOD)
    long_term = [
        replace(ind, horizon="long_term", row=len(annual) + i)
        for i, ind in enumerate(make_rows(GOOD[:3]), start=1)
    ]
    found = run("PG409", make_table([*annual, *long_term]))
    assert {f.location.indicator_row for f in found} == {7}


def test_pg410_only_timeliness_under_output() -> None:
    rows = [(OUT, TIME, "堤防加固完成时间", "2024年5月底前"), *GOOD[3:]]
    found = run("PG410", make_table(rows))
    assert [(f.location.indicator_row, f.location.field) for f in found] == [(1, "二级指标")]
    assert "时效指标" in found[0].message


def test_pg410_timeliness_and_cost() -> None:
    rows = [(OUT, TIME, "完成时间", "2024年5月底前"), (OUT, "成本指标", "每公里造价", "≤80万元"),
            *GOOD[3:]]  # fmt: skip
    found = run("PG410", make_table(rows))
    assert len(found) == 1 and "时效指标、成本指标" in found[0].message


@pytest.mark.parametrize(
    "rows",
    [
        [(OUT, QUAL, "堤防工程验收合格率", "100%"), (OUT, TIME, "完成时间", "2024年5月底前")],
        [(OUT, QTY, "加固堤防长度", "≥3公里")],
        [(OUT, "工作指标", "加固堤防", "≥3公里"), (OUT, TIME, "完成时间", "2024年5月底前")],
        [(EFFECT, SOCIAL, "防洪能力提升", "达标")],  # no output rows: PG409's case
    ],
)
def test_pg410_near_misses(rows: list[Row]) -> None:
    assert run("PG410", make_table(rows)) == []


def test_pg411_timeliness_under_effect() -> None:
    rows = [*GOOD[:3], (EFFECT, TIME, "社会效益发挥时间", "2024年底前"), *GOOD[3:]]
    found = run("PG411", make_table(rows))
    assert [(f.location.indicator_row, f.location.field, f.severity) for f in found] == [
        (4, "二级指标", "error")
    ]
    assert "产出指标" in found[0].message


def test_pg411_satisfaction_written_under_output() -> None:
    rows = [(OUT, SATISFACTION, "群众满意度", "≥90%"), *GOOD[:3]]
    assert rows_of(run("PG411", make_table(rows))) == [1]


@pytest.mark.parametrize(
    "rows",
    [
        [(COST, "经济成本指标", "每公里养护成本", "≤2万元")],  # 2021+ 成本 一级
        [(OUT, "成本指标", "每公里养护成本", "≤2万元")],  # pre-2021 成本 under 产出
        [(OUT, "经济成本指标", "每公里养护成本", "≤2万元")],  # tolerated mix
        [("效果指标", SOCIAL, "群众出行条件改善", "达标")],
        [("产 出 指 标", "数 量 指 标", "养护里程", "≥120公里")],  # spaced labels
        [(EFFECT, SOCIAL, "群众出行条件改善", "达标"),
         (EFFECT, "社会公众或服务对象满意度指标", "沿线群众满意度", "≥90%")],  # merged 一级
        [(OUT, "工作指标", "养护里程", "≥120公里")],  # unknown 二级
    ],
)  # fmt: skip
def test_pg411_near_misses(rows: list[Row]) -> None:
    assert run("PG411", make_table(rows)) == []
