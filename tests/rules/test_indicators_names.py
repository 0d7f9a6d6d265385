"""PG401, PG402, PG412–PG414: names and copies (``rules/indicators/names.py``).

Each rule's failing input, passing input and near-misses, built from small
hand-made records in other departments' words; shared grids in tests/indicator_grids.py.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from indicator_grids import (
    EFFECT,
    GOOD,
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

from factories import rows_of
from factories import run_rule as run


@pytest.mark.parametrize("code", ["PG401", "PG402", "PG412"])
def test_clean_grid_is_silent(code: str) -> None:
    assert run(code, make_table()) == []


@pytest.mark.parametrize("code", ["PG413", "PG414"])
@pytest.mark.parametrize("layout", ["six", "wide"])
def test_clean_grids_are_silent(code: str, layout: str) -> None:
    grid = six(SIX) if layout == "six" else wide(WIDE)
    assert run(code, grid_table(grid)) == []


def test_pg401_value_repeats_description() -> None:
    table = make_table(with_row(3, (OUT, TIME, "农村公路养护及时", "≥95农村公路养护及时")))
    found = run("PG401", table)
    assert [(f.rule, f.location.indicator_row, f.location.field) for f in found] == [
        ("PG401", 3, "指标值")
    ]
    assert found[0].severity == "warning"
    assert found[0].suggestion == "≥95"
    assert "农村公路养护及时" in found[0].message


def test_pg401_near_copy_with_words_dropped() -> None:
    row = (OUT, TIME, "按时发放医疗救助资金", "≥90%按时发放救助资金")
    found = run("PG401", make_table(with_row(3, row)))
    assert rows_of(found) == [3]
    assert found[0].suggestion == "≥90%"


def test_pg401_description_inside_longer_value() -> None:
    row = (OUT, TIME, "时效高", "≥90河道清淤时效高")
    assert rows_of(run("PG401", make_table(with_row(3, row)))) == [3]


def test_pg401_three_rows_three_findings() -> None:
    rows = [
        (OUT, QTY, "义诊人次多", "≥80义诊人次多"),
        (EFFECT, SOCIAL, "群众健康意识提升", "≥80群众健康意识提升"),
        (SAT, SATISFACTION, "患者满意", "≥90患者满意"),
    ]
    assert rows_of(run("PG401", make_table(rows))) == [1, 2, 3]


@pytest.mark.parametrize(
    "row",
    [
        (OUT, QTY, "培训人次", "≥500人次"),  # shares 人次, but it is the unit
        (OUT, QTY, "培训乡村教师人次", "≥500人次（含乡村教师）"),  # a bracketed note
        (OUT, QTY, "每人每月补助标准12.5元", "12.50元/人·月"),  # 12.50 vs 12.5
        (OUT, TIME, "河道清淤完成时间", "2024年5月底前完成"),  # a date, not a number
        (SAT, SATISFACTION, "患者满意", "患者满意"),  # no number: PG403's case
        (OUT, QUAL, "堤防工程验收合格率", "≥95%（按《堤防工程施工规范》）"),
    ],
)
def test_pg401_near_misses(row: Row) -> None:
    assert run("PG401", make_table(with_row(2, row))) == []


def test_pg401_checks_level3_where_there_is_no_description() -> None:
    rows = [
        Indicator(row=1, level1=OUT, level2=QTY, level3="改造农村户厕数", description=None,
                  target="≥300改造农村户厕数"),
    ]  # fmt: skip
    assert rows_of(run("PG401", make_table(rows))) == [1]


def test_pg402_basis_repeats_description() -> None:
    rows = make_rows(GOOD)
    rows[1] = replace(rows[1], basis="资助对象认定准确率")
    found = run("PG402", make_table(rows))
    assert [(f.location.indicator_row, f.location.field) for f in found] == [(2, "指标值确定依据")]
    assert "指标描述" in found[0].message


def test_pg402_basis_repeats_value() -> None:
    rows = make_rows(GOOD)
    rows[5] = replace(rows[5], basis="≥90%")
    found = run("PG402", make_table(rows))
    assert rows_of(found) == [6]
    assert "指标值" in found[0].message


def test_pg402_basis_repeats_words_pasted_into_value() -> None:
    rows = make_rows([(SAT, SATISFACTION, "就诊患者满意度", "≥90门诊秩序良好")])
    rows[0] = replace(rows[0], basis="门诊秩序良好")
    assert rows_of(run("PG402", make_table(rows))) == [1]


def test_pg402_near_copy() -> None:
    rows = make_rows([(OUT, QUAL, "河道保洁质量高", "≥95%")])
    rows[0] = replace(rows[0], basis="河道保洁完成质量")
    assert rows_of(run("PG402", make_table(rows))) == [1]


@pytest.mark.parametrize(
    "basis",
    [
        "《平山县“十四五”教育发展规划》",
        "上年实际",
        "资助对象认定准确率按《学生资助资金管理办法》计算",  # repeats, but cites a source
        "",  # a blank cell is not a copy
        None,  # the layout has no basis column
        "县政府常务会议纪要",
    ],
)
def test_pg402_near_misses(basis: str | None) -> None:
    rows = make_rows(GOOD)
    rows[1] = replace(rows[1], basis=basis)
    assert run("PG402", make_table(rows)) == []


def test_pg402_explanation_that_rewords_the_name() -> None:
    # A 指标解释 column is read as the basis; an explanation says more than the name.
    rows = make_rows(GOOD)
    rows[0] = replace(rows[0], basis="全年为家庭经济困难的在校学生发放资助的人次")
    assert run("PG402", make_table(rows)) == []


COPIED: list[Row] = [
    (OUT, TIME, "工作完成及时", "≥90"),
    (EFFECT, SOCIAL, "社会效益明显", "≥90"),
    (SAT, SATISFACTION, "群众满意", "≥90"),
]


def test_pg412_same_set_across_five_tables() -> None:
    tables = [make_table(COPIED, number=n, name=f"卫生项目{n}") for n in range(1, 6)]
    tables.append(make_table(GOOD, number=6))
    found = run("PG412", *tables)
    assert len(found) == 1
    finding = found[0]
    assert finding.severity == "info" and finding.location.table is None
    assert "5 张表" in finding.message and "第三部分第1、2、3、4、5表" in finding.message


def test_pg412_threshold_and_option() -> None:
    tables = [make_table(COPIED, number=n) for n in range(1, 5)]
    assert run("PG412", *tables) == []
    assert len(run("PG412", *tables, options={"min_tables": 4})) == 1


def test_pg412_normalises_width_and_spacing() -> None:
    tables = [make_table(COPIED, number=n) for n in range(1, 5)]
    wide = [(a, b, f" {c} ", d.replace("90", "９０")) for a, b, c, d in COPIED]
    tables.append(make_table(wide, number=5))
    assert len(run("PG412", *tables)) == 1


def test_pg412_two_sets_one_finding() -> None:
    other = [(OUT, QTY, "完成任务", "100%"), (SAT, SATISFACTION, "群众满意", "≥85%")]
    tables = [make_table(COPIED, number=n) for n in range(1, 6)]
    tables += [make_table(other, number=n) for n in range(6, 11)]
    found = run("PG412", *tables)
    assert len(found) == 1
    assert "10 张表" in found[0].message and " | " in found[0].message


@pytest.mark.parametrize(
    "variant",
    [
        lambda n: [(OUT, QTY, f"第{n}批设备采购数量", f"≥{n}台"), COPIED[2]],  # one shared row
        lambda n: [(a, b, c, f"≥{90 + n}%") for a, b, c, _ in COPIED],  # values differ
        lambda n: [COPIED[2]],  # a single standard row is no copied set
    ],
)
def test_pg412_near_misses(variant: Any) -> None:
    tables = [make_table(variant(n), number=n) for n in range(1, 7)]
    assert run("PG412", *tables) == []


def test_pg413_category_with_an_adjective() -> None:
    rows = replaced(SIX, 3, (OUT, TIME, "时效高", "2024年11月30日前"))
    rows = replaced(rows, 4, (EFFECT, SOCIAL, "社会效益好", "≥70%"))
    found = run("PG413", grid_table(six(rows)))
    assert rows_of(found) == [3, 4]
    assert [(f.severity, f.location.field) for f in found] == [("warning", "绩效指标描述")] * 2
    assert "时效高" in found[0].message


@pytest.mark.parametrize(
    "name", ["可持续影响", "质量优", "高质量完成工作", "产出数量多", "审计工作质量高"]
)
def test_pg413_other_generic_names(name: str) -> None:
    found = run("PG413", grid_table(six(replaced(SIX, 2, (OUT, QUAL, name, "≥95%")))))
    assert rows_of(found) == [2]


def test_pg413_approval_grid_reads_the_level3_name() -> None:
    rows = replaced(WIDE, 5, (EFFECT, SOCIAL, "社会效益显著", "≥", "90", "%", 20))
    found = run("PG413", grid_table(wide(rows)))
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
    assert run("PG413", grid_table(six(replaced(SIX, 2, row)))) == []


def test_pg413_satisfaction_without_a_figure_is_generic() -> None:
    found = run("PG413", grid_table(six(replaced(SIX, 5, (SAT, SATISFACTION, "满意度高", "高")))))
    assert rows_of(found) == [5]


def test_pg413_specific_level3_with_generic_description() -> None:
    """The indicator is named by its 三级 name; a loose description alone is no defect."""
    rows = six(SIX)
    rows[2] = replace(rows[2], level3="签约任务完成时间", description="时效高")
    assert run("PG413", grid_table(rows)) == []


@pytest.mark.parametrize("value", ["≥**%", "XX", "≥XX人", "××", "≥X%", "……", "□□"])
def test_pg414_placeholder_target(value: str) -> None:
    found = run(
        "PG414", grid_table(six(replaced(SIX, 1, (OUT, QTY, "家庭医生签约服务人数", value))))
    )
    assert [(f.rule, f.severity, f.location.indicator_row) for f in found] == [
        ("PG414", "error", 1)
    ]


def test_pg414_placeholder_in_a_name_and_a_goal() -> None:
    rows = replaced(WIDE, 1, (OUT, QTY, "新建XX灌区渠道长度", "≥", "12", "公里", 20))
    goals = [Goal(number=1, text="完成…公里渠道建设"), Goal(number=2, text="新增灌溉面积3500亩")]
    found = run("PG414", grid_table(wide(rows), goals=goals))
    assert sorted((f.location.field, f.location.indicator_row or 0) for f in found) == [
        ("三级指标", 1),
        ("绩效目标", 0),
    ]


def test_pg414_goal_cell_without_items() -> None:
    found = run("PG414", grid_table(six(SIX), goals=None, goals_text="全年完成××项任务"))
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
    assert run("PG414", grid_table(six(rows), goals=[Goal(number=1, text=text)])) == []


@pytest.mark.parametrize(
    ("code", "row"),
    [
        ("PG413", (OUT, QUAL, "渠道工程质量合格", "=", "100", "%", 20)),  # names the works
        ("PG413", (SAT, SATISFACTION, "服务对象满意度", "≥", "90", "%", 20)),
        ("PG414", (OUT, QTY, "X光检测焊缝数量", "≥", "120", "处", 20)),  # an X-ray, no blank
        ("PG414", (OUT, QUAL, "渠道断面尺寸3×4米达标率", "=", "100", "%", 20)),
    ],
)
def test_near_misses_in_the_approval_grid(code: str, row: Wide) -> None:
    assert run(code, grid_table(wide(replaced(WIDE, 2, row)))) == []
