"""PG401–PG412: the indicator grid.

Each rule has a failing input, a passing input and near-misses, built from small
hand-made records in other departments' words; the sample filing's known
defects are checked at the end.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from perfgoals.engine import check_filing
from perfgoals.findings import Finding
from perfgoals.model import Filing, Indicator, ProjectTable
from perfgoals.rules.registry import all_rules, get_rule
from perfgoals.settings import Settings

from factories import rows_of
from factories import run_rule as run

Row = tuple[str, str, str, str]  # 一级, 二级, 描述, 指标值

OUT, EFFECT, SAT, COST = "产出指标", "效益指标", "满意度指标", "成本指标"
QTY, QUAL, TIME = "数量指标", "质量指标", "时效指标"
SOCIAL, SUSTAIN, SATISFACTION = "社会效益指标", "可持续影响指标", "服务对象满意度指标"

# A clean 教育局 grid: every rule of the family is silent on it.
GOOD: list[Row] = [
    (OUT, QTY, "资助家庭经济困难学生人次", "≥1200人次"),
    (OUT, QUAL, "资助对象认定准确率", "100%"),
    (OUT, TIME, "资助资金发放时间", "2024年11月30日前"),
    (EFFECT, SOCIAL, "困难学生因贫失学情况", "0人"),
    (EFFECT, SUSTAIN, "学生资助长效机制运行", "达标"),
    (SAT, SATISFACTION, "受助学生及家长满意度", "≥90%"),
]


def make_rows(
    rows: Sequence[Row], basis: str | None = "年度工作计划", **extra: Any
) -> list[Indicator]:
    return [
        Indicator(
            row=i,
            level1=l1,
            level2=l2,
            level3=extra.pop("level3", ""),
            description=desc,
            target=value,
            basis=basis,
            **extra,
        )
        for i, (l1, l2, desc, value) in enumerate(rows, start=1)
    ]


def make_table(
    rows: Sequence[Row] | list[Indicator] = GOOD,
    number: int = 1,
    part: int | None = 3,
    name: str = "学生资助补助经费",
    **changes: Any,
) -> ProjectTable:
    indicators = (
        list(rows) if rows and isinstance(rows[0], Indicator) else make_rows(rows)  # type: ignore[arg-type]
    )
    fields: dict[str, Any] = dict(
        part=part,
        number=number,
        position=number,
        title=f"{number}、{name}绩效目标表",
        project_name=name,
        indicators=indicators,
    )
    fields.update(changes)
    return ProjectTable(**fields)


def with_row(index: int, row: Row) -> list[Row]:
    """GOOD with its 1-based row ``index`` replaced."""
    rows = list(GOOD)
    rows[index - 1] = row
    return rows


@pytest.mark.parametrize("code", [f"PG4{n:02d}" for n in range(1, 13) if n != 8])
def test_clean_grid_is_silent(code: str) -> None:
    assert run(code, make_table()) == []


# ---------------------------------------------------------------- lexicon


@pytest.fixture(scope="module")
def api() -> Any:
    """The family module, imported only after the registry has loaded every
    family (importing one family first would leave the others unregistered)."""
    all_rules()
    import perfgoals.rules.indicators.facts as module

    return module


def test_category_names_and_synonyms(api: Any) -> None:
    level1_of, level2_of = api.level1_of, api.level2_of
    assert level1_of("效果指标") == level1_of("效益指标") == "effect"
    assert level1_of("产 出 指 标") == level1_of("产出") == "output"
    assert level1_of("成本指标") == "cost"
    assert level2_of("社会公众或服务对象满意度指标") == level2_of(SATISFACTION) == "satisfaction"
    assert level2_of("环境效益指标") == level2_of("生态效益指标") == "ecological"
    assert level2_of("经济效益 指标") == "economic"
    assert level2_of("成本指标") == "cost"
    assert level2_of("工作指标") is None


def test_kinds_in_description(api: Any) -> None:
    kinds_in = api.kinds_in
    assert kinds_in("受助学生满意度") == {"satisfaction"}
    assert kinds_in("资助资金按时发放") == {"timeliness"}
    assert kinds_in("工程发挥可持续效益") == {"sustainability"}
    assert kinds_in("投诉不满意率") == set()  # a negated satisfaction word
    assert kinds_in("新建校舍面积") == set()


def test_fits(api: Any) -> None:
    fits = api.fits
    assert fits("quality", "social")  # 教学质量提升 as a social benefit
    assert fits("timeliness", "quality")  # both outputs
    assert not fits("satisfaction", "timeliness")
    assert not fits("sustainability", "satisfaction")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("按时发放医疗救助", "按时发放救助", True),
        ("日常巡查运行正常", "日常巡查正常运行", True),
        ("家长满意", "家长满意", True),
        ("学生满意", "家长满意", False),
        ("培训人次", "培训合格率", False),
        ("", "", False),
    ],
)
def test_repeats(api: Any, a: str, b: str, same: bool) -> None:
    assert api.repeats(a, b) is same


# ---------------------------------------------------------------- PG401


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


# ---------------------------------------------------------------- PG402


def test_pg402_basis_repeats_description() -> None:
    rows = make_rows(GOOD)
    rows[1] = rows[1].model_copy(update={"basis": "资助对象认定准确率"})
    found = run("PG402", make_table(rows))
    assert [(f.location.indicator_row, f.location.field) for f in found] == [(2, "指标值确定依据")]
    assert "指标描述" in found[0].message


def test_pg402_basis_repeats_value() -> None:
    rows = make_rows(GOOD)
    rows[5] = rows[5].model_copy(update={"basis": "≥90%"})
    found = run("PG402", make_table(rows))
    assert rows_of(found) == [6]
    assert "指标值" in found[0].message


def test_pg402_basis_repeats_words_pasted_into_value() -> None:
    rows = make_rows([(SAT, SATISFACTION, "就诊患者满意度", "≥90门诊秩序良好")])
    rows[0] = rows[0].model_copy(update={"basis": "门诊秩序良好"})
    assert rows_of(run("PG402", make_table(rows))) == [1]


def test_pg402_near_copy() -> None:
    rows = make_rows([(OUT, QUAL, "河道保洁质量高", "≥95%")])
    rows[0] = rows[0].model_copy(update={"basis": "河道保洁完成质量"})
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
    rows[1] = rows[1].model_copy(update={"basis": basis})
    assert run("PG402", make_table(rows)) == []


def test_pg402_explanation_that_rewords_the_name() -> None:
    # A 指标解释 column is read as the basis; an explanation says more than the name.
    rows = make_rows(GOOD)
    rows[0] = rows[0].model_copy(update={"basis": "全年为家庭经济困难的在校学生发放资助的人次"})
    assert run("PG402", make_table(rows)) == []


# ---------------------------------------------------------------- PG403


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


# ---------------------------------------------------------------- PG404


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


# ---------------------------------------------------------------- PG405


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
    if "nature" not in Indicator.model_fields:
        pytest.skip("the model has no 指标性质 column")
    rows = make_rows([(OUT, QTY, "新建校舍", "0")], unit="所", nature="≥")
    assert rows_of(run("PG405", make_table(rows))) == [1]
    rows = make_rows([(EFFECT, SOCIAL, "安全生产事故", "0")], unit="起", nature="≤")
    assert run("PG405", make_table(rows)) == []
    rows = make_rows([(EFFECT, SOCIAL, "群众用水条件", "明显改善")], nature="定性")
    assert run("PG403", make_table(rows)) == []


# ---------------------------------------------------------------- PG406


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


# ---------------------------------------------------------------- PG407


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


# ---------------------------------------------------------------- PG408


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


# ---------------------------------------------------------------- PG409


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
        ind.model_copy(update={"horizon": "long_term", "row": len(annual) + i})
        for i, ind in enumerate(make_rows(GOOD[:3]), start=1)
    ]
    found = run("PG409", make_table([*annual, *long_term]))
    assert {f.location.indicator_row for f in found} == {7}


# ---------------------------------------------------------------- PG410


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


# ---------------------------------------------------------------- PG411


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


# ---------------------------------------------------------------- PG412

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


# ---------------------------------------------------------------- a text filing


def _cells(*values: str) -> str:
    return "".join(f"\t{v}\n" for v in values) + "\n"


def _text_filing(rows: list[tuple[str, ...]]) -> str:
    """A one-table filing in the TAB layout of a Word export (交通运输局)."""
    return "".join(
        [
            "第三部分\n预算项目绩效目标\n1、农村公路养护经费绩效目标表\n",
            _cells("215001平山县交通运输局", "单位：万元"),
            _cells("项目编码", "215-0301-JBN-R2D4", "项目名称", "农村公路养护经费"),
            _cells(
                "预算规模及资金用途", "预算数", "60.00", "其中：财政资金", "60.00", "其他资金", ""
            ),
            _cells("", "用于农村公路日常养护。"),
            _cells("资金支出计划（%）", "3月底", "6月底", "10月底", "12月底"),
            _cells("", "20.00", "50.00", "80.00", "100.00"),
            _cells("绩效目标", "1、完成农村公路养护120公里\n2、沿线群众出行便利"),
            _cells("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"),
            *(_cells(*row) for row in rows),
        ]
    )


def test_text_filing_merged_satisfaction_cell(tmp_path: Path) -> None:
    from perfgoals.pipeline import load_filing

    path = tmp_path / "jtj.txt"
    path.write_text(
        _text_filing(
            [
                (
                    "产出指标",
                    "数量指标",
                    "",
                    "农村公路养护里程",
                    "≥120公里",
                    "《县农村公路养护规划》",
                ),
                ("", "时效指标", "", "养护完成时间", "2024年10月底前", "年度工作计划"),
                ("效益指标", "社会效益指标", "", "群众出行条件改善", "达标", "上年实际"),
                ("", "服务对象满意度指标", "", "沿线群众满意度", "≥90%", "问卷调查"),
            ]
        ),
        encoding="utf-8",
    )
    filing = load_filing(path)
    assert len(filing.tables) == 1 and len(filing.tables[0].indicators or []) == 4
    found = check_filing(filing, Settings(select=("PG4",)), str(path)).findings
    assert found == []


def test_text_filing_defects(tmp_path: Path) -> None:
    from perfgoals.pipeline import load_filing

    path = tmp_path / "jtj.txt"
    path.write_text(
        _text_filing(
            [
                ("产出指标", "时效指标", "", "养护及时", "≥90养护及时", "养护及时"),
                ("效益指标", "社会效益指标", "", "群众出行满意", "≥90%", "上年实际"),
                ("满意度指标", "服务对象满意度指标", "", "沿线群众满意度", "≥0", "问卷调查"),
            ]
        ),
        encoding="utf-8",
    )
    found = check_filing(load_filing(path), Settings(select=("PG4",)), str(path)).findings
    assert sorted((f.rule, f.location.indicator_row) for f in found) == [
        ("PG401", 1), ("PG402", 1), ("PG405", 3), ("PG406", 2), ("PG410", 1), ("PG418", 1),
    ]  # fmt: skip


# ---------------------------------------------------------------- the sample filing

CORPUS = Path("/work/shared/corpus/dingzhou-2020.txt")
BUNDLED = Path(__file__).resolve().parents[2] / "samples" / "dingzhou-2020.txt"
SAMPLE = CORPUS if CORPUS.exists() else BUNDLED


@pytest.fixture(scope="module")
def sample() -> list[Finding]:
    if not SAMPLE.exists():
        pytest.skip("sample filing not available")
    from perfgoals.pipeline import load_filing

    filing = load_filing(SAMPLE)
    result = check_filing(filing, Settings(select=("PG4", "PG5")), str(SAMPLE))
    assert not result.errors, result.errors
    return result.findings


def at(found: list[Finding], code: str, part: int, table: int) -> list[Finding]:
    return [
        f for f in found if f.rule == code and f.location.part == part and f.location.table == table
    ]


def test_sample_pg407_table_3(sample: list[Finding]) -> None:
    found = at(sample, "PG407", 3, 3)
    assert [(f.location.indicator_row, f.location.field) for f in found] == [(3, "指标值")]
    assert "服务对象满意度高" in found[0].message


def test_sample_pg407_table_19(sample: list[Finding]) -> None:
    found = at(sample, "PG407", 3, 19)
    assert [(f.location.indicator_row, f.location.field) for f in found] == [(3, "指标值")]
    assert "服务对象满意" in found[0].message


def test_sample_pg406_table_2(sample: list[Finding]) -> None:
    found = at(sample, "PG406", 3, 2)
    assert [(f.location.indicator_row, f.location.field) for f in found] == [(1, "绩效指标描述")]
    assert "时效指标" in found[0].message


def test_sample_pg406_table_26(sample: list[Finding]) -> None:
    found = at(sample, "PG406", 3, 26)
    assert [(f.location.indicator_row, f.location.field) for f in found] == [(3, "绩效指标描述")]
    assert "服务对象满意度指标" in found[0].message


def test_sample_pg405_table_8(sample: list[Finding]) -> None:
    found = at(sample, "PG405", 3, 8)
    assert [(f.location.indicator_row, f.severity) for f in found] == [(3, "error")]


def test_sample_pg401_part2_table_1(sample: list[Finding]) -> None:
    found = at(sample, "PG401", 2, 1)
    assert [f.location.indicator_row for f in found] == [1, 2, 3]
    assert found[0].suggestion == "≥90"


def test_sample_pg401_pg402_on_most_tables(sample: list[Finding]) -> None:
    tables = {(f.location.part, f.location.table) for f in sample if f.rule == "PG401"}
    assert len(tables) == 28
    tables = {(f.location.part, f.location.table) for f in sample if f.rule == "PG402"}
    assert len(tables) >= 20
    assert (3, 27) not in tables  # its basis names a cause, not the description


def test_sample_pg410_on_most_tables(sample: list[Finding]) -> None:
    tables = {(f.location.part, f.location.table) for f in sample if f.rule == "PG410"}
    assert len(tables) >= 20
    # tables with a 质量指标 output are complete
    assert not tables & {(3, 8), (3, 10), (3, 11), (3, 19)}


def test_sample_pg404_table_9(sample: list[Finding]) -> None:
    found = [f for f in sample if f.rule == "PG404"]
    assert [(f.location.table, f.location.indicator_row) for f in found] == [(9, 2), (9, 3)]


def test_sample_pg412_once(sample: list[Finding]) -> None:
    found = [f for f in sample if f.rule == "PG412"]
    assert len(found) == 1
    assert "第三部分第1、4、5、6、7" in found[0].message


def test_sample_pg501_table_14(sample: list[Finding]) -> None:
    found = [f for f in sample if f.rule == "PG501"]
    assert [(f.location.part, f.location.table) for f in found] == [(3, 14)]


def test_sample_no_false_alarms(sample: list[Finding]) -> None:
    counts = Counter(f.rule for f in sample)
    # every table has all three 一级 categories, correctly paired, all numeric
    for code in ("PG403", "PG409", "PG411", "PG502"):
        assert counts[code] == 0, code
    assert counts["PG406"] == 2 and counts["PG407"] == 2 and counts["PG405"] == 1
