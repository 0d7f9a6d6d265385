"""PG604–PG605: document numbers and text written for another level of government.

Both are filing rules: they read the tables (titles, names, goals, indicator
cells) and part 1's department goals. Tables come in two layouts: the sample's
(title, project code and name, numbered goals) and an untitled table with
实施期 and 年度 goals and no project code.
"""

from __future__ import annotations

from typing import Any

import pytest

from perfgoals.engine import check_filing
from perfgoals.findings import Finding
from perfgoals.model import (
    DepartmentGoals,
    DepartmentSection,
    Filing,
    Goal,
    Indicator,
    ProjectTable,
)
from perfgoals.rules.registry import all_rules
from perfgoals.settings import Settings


def titled(
    name: str = "农村公路养护经费", goals: tuple[str, ...] = (), **changes: Any
) -> ProjectTable:
    """A table as in the sample: title, code, name, numbered goals, six-column grid."""
    fields: dict[str, Any] = dict(
        part=3, number=1, position=1, title=f"1、{name}绩效目标表", title_name=name,
        unit_code="318004", unit_name="饶阳县交通运输局", project_code="318-2140-JBN-R7K2",
        project_name=name, goals=[Goal(number=i, text=t) for i, t in enumerate(goals, 1)],
        indicators=[
            Indicator(
                row=1, level1="产出指标", level2="数量指标", level3="",
                description="农村公路日常养护里程", target="≥320公里", basis="年度养护计划",
            )
        ],
    )  # fmt: skip
    fields.update(changes)
    return ProjectTable(**fields)


def untitled(long_term: tuple[str, ...], annual: tuple[str, ...], **changes: Any) -> ProjectTable:
    """An untitled table without a project code, 实施期 and 年度 goals apart."""
    goals = [
        *(Goal(number=i, text=t, horizon="long_term") for i, t in enumerate(long_term, 1)),
        *(Goal(number=i, text=t, horizon="annual") for i, t in enumerate(annual, 1)),
    ]
    fields: dict[str, Any] = dict(
        part=None, number=None, position=1, title=None, project_name="社区养老服务补贴",
        unit_name="武汉市青山区民政局", goals=goals,
    )  # fmt: skip
    fields.update(changes)
    return ProjectTable(**fields)


def department(*paragraphs: str) -> DepartmentGoals:
    return DepartmentGoals(
        sections=[DepartmentSection(heading="一、总体绩效目标", paragraphs=list(paragraphs))]
    )


def run(
    code: str, *tables: ProjectTable, options: dict[str, Any] | None = None, **filing: Any
) -> list[Finding]:
    record = Filing(path="t.txt", source_format="text", kind="goal", tables=list(tables), **filing)
    settings = Settings(
        select=(code,),
        rule_options=((code, tuple(sorted((options or {}).items()))),) if options else (),
    )
    result = check_filing(record, settings, "t.txt")
    assert not result.errors, result.errors
    return result.findings


# ---------------------------------------------------------------- PG604


def test_pg604_wrong_brackets_in_title_and_name_reported_once() -> None:
    name = "冀交公【2023】12号农村公路养护补助资金"
    found = run("PG604", titled(name))
    assert [(f.severity, f.location.field, f.location.table) for f in found] == [
        ("info", "项目名称", 1)
    ]
    assert found[0].suggestion == "〔2023〕12号"
    assert "【2023】12号" in found[0].message


@pytest.mark.parametrize("number", ["[2023]12号", "［2023］12号", "（2023）12号", "(2023) 12 号"])
def test_pg604_other_brackets_in_a_basis(number: str) -> None:
    table = titled()
    table.indicators[0].basis = f"衡交字{number}文件"  # type: ignore[index]
    found = run("PG604", table)
    assert [f.location.field for f in found] == ["指标值确定依据"]


def test_pg604_untitled_table_goals_and_department_text() -> None:
    table = untitled(("落实鄂民发【2022】7号文件要求",), ("完成社区养老服务中心运营补贴发放",))
    found = run("PG604", table, department=department("贯彻武政办[2023]15号精神。"))
    assert sorted((f.location.field, f.location.table or 0) for f in found) == [
        ("绩效目标", 1),
        ("部门整体绩效目标", 0),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "冀交公〔2023〕12号",  # right
        "冀交公﹝2023﹞12号",  # the small form of the same brackets
        "（2023）冀1123民初45号",  # a court case number
        "GB 5768（2022）道路交通标志",  # no 号
        "2023年12号台风",  # no brackets
    ],
)
def test_pg604_near_misses(text: str) -> None:
    table = titled(goals=(text,))
    assert run("PG604", table, department=department(text)) == []


# ---------------------------------------------------------------- PG605


def test_unit_levels() -> None:
    all_rules()
    from perfgoals.rules.text import unit_level

    assert unit_level("定州市人民政府办公室") == "市"
    assert unit_level("武汉市青山区民政局") == "区"
    assert unit_level("饶阳县市场监督管理局") == "县"  # 市场 names no city
    assert unit_level("平山县乡村振兴局") == "县"  # 乡村 names no township
    assert unit_level("河北省财政厅") == "省"
    assert unit_level("新疆维吾尔自治区教育厅") == "省"
    assert unit_level("中共深州市委办公室") == "市"
    assert unit_level("城关镇人民政府") == "镇"
    assert unit_level("财政局") is None
    assert unit_level(None) is None


def test_pg605_province_speech_in_a_city_filing() -> None:
    text = "各项社会事业全面发展，全省人民生活水平不断提高"
    found = run("PG605", department=department(text), unit_name="深州市卫生健康委员会")
    assert [(f.severity, f.location.field, f.location.table) for f in found] == [
        ("info", "部门整体绩效目标", None)
    ]
    assert "全省人民" in found[0].message and "市" in found[0].message


def test_pg605_county_speech_in_a_table_goal() -> None:
    table = titled(goals=("全市人民出行更加安全便捷",))
    found = run("PG605", table)
    assert [(f.location.field, f.location.table) for f in found] == [("绩效目标", 1)]


def test_pg605_district_table_with_split_goals() -> None:
    table = untitled(("全省城乡居民养老服务水平显著提升",), ("完成社区养老服务中心运营补贴发放",))
    assert len(run("PG605", table)) == 1


def test_pg605_level_from_the_tables_when_the_filing_has_none() -> None:
    table = titled(goals=("保障全县人民出行安全",), unit_name="深州市交通运输局")
    found = run("PG605", table, department=department("全县群众出行更加便捷"))
    assert len(found) == 2


@pytest.mark.parametrize(
    ("unit", "goal"),
    [
        ("饶阳县交通运输局", "保障全县人民出行安全"),  # the unit's own level
        ("饶阳县交通运输局", "农村公路优良路率高于全省平均水平"),  # a comparison
        ("饶阳县交通运输局", "服务全省经济发展大局"),  # joint work
        ("饶阳县交通运输局", "在全市农村公路考核中位居前列"),  # a ranking
        ("武汉市青山区民政局", "全市居民养老服务需求得到满足"),  # a district acts for the city
        ("交通运输局", "全省人民出行更便捷"),  # level unknown: silent
        ("饶阳县交通运输局", "全省农村公路统一编码"),  # not speaking for the province's people
    ],
)
def test_pg605_near_misses(unit: str, goal: str) -> None:
    table = titled(goals=(goal,), unit_name=unit)
    assert run("PG605", table, department=department(goal), unit_name=None) == []
