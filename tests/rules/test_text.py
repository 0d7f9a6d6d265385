"""PG601–PG605: the text of the filing (``rules/text.py``).

Typos, truncated and copied text in any cell (PG601–PG603); document numbers
and text written for another level of government (PG604–PG605), filing rules
that read the tables (titles, names, goals, indicator cells) and part 1's
department goals, in two layouts: the sample's (title, project code and name,
numbered goals) and an untitled table with 实施期 and 年度 goals and no project
code.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
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
    Source,
)
from perfgoals.rules.registry import all_rules
from perfgoals.settings import Settings

from conftest import ROOT, SAMPLE_TXT
from factories import codes, findings, indicator, table


def goals(*texts: str) -> list[Goal]:
    return [Goal(number=i, text=t) for i, t in enumerate(texts, start=1)]


def test_typo_with_suggestion_in_a_goal() -> None:
    t = table(goals=goals("完成全县教师陪训500人次", "保彰培训场地安全"))
    found = findings(t, select="PG601")
    assert [(f.location.field, f.suggestion) for f in found] == [
        ("绩效目标", "培训"),
        ("绩效目标", "保障"),
    ]


def test_chat_particle_inside_a_purpose() -> None:
    t = table(purpose="用于购吗教学设备和实验耗材。")
    (finding,) = findings(t, select="PG601")
    assert finding.suggestion == "购买" and finding.location.field == "资金用途"


def test_real_words_with_particle_characters_are_not_typos() -> None:
    t = table(
        purpose="用于采购吗啡类管制药品的安全储存柜，并整治校园周边网吧。",
        goals=goals("完成全县教师培训500人次", "呢绒被服按时发放到位"),
    )
    assert findings(t, select="PG601") == []


def test_allowlist_option() -> None:
    t = table(goals=goals("完成全县教师陪训500人次"))
    assert findings(t, select="PG601", options={"PG601": {"allow": ["陪训"]}}) == []


def with_department(*paragraphs: str, allow: tuple[str, ...] = ()) -> list[str | None]:
    """PG601's suggestions on a filing whose part 1 holds ``paragraphs``."""
    department = DepartmentGoals(
        sections=[
            DepartmentSection(
                heading="二、年度重点工作", paragraphs=list(paragraphs), source=Source(line=5)
            )
        ]
    )
    options = {"PG601": {"allow": list(allow)}} if allow else None
    found = findings(table(), select="PG601", options=options, department=department)
    assert all(
        (f.location.field, f.location.table, f.location.line) == ("部门整体绩效目标", None, 5)
        for f in found
    )
    return [f.suggestion for f in found]


def test_typo_in_the_department_goals() -> None:
    assert sorted(with_department("完成全县教师陪训工作，保彰校舍安全。")) == ["保障", "培训"]


def test_department_goals_near_misses() -> None:
    assert with_department("完成全县教师培训工作，保障校舍安全，整治校园周边网吧。") == []
    assert with_department("完成全县教师陪训工作。", allow=("陪训",)) == []


def test_truncated_goal_and_near_misses() -> None:
    t = table(goals=goals("校舍维修工程按照", "完成校舍维修3000平方米"))
    (finding,) = findings(t, select="PG602")
    assert finding.location.field == "绩效目标" and "按照" in finding.message
    ok = table(goals=goals("鼓励社会力量参与", "确保资金安全存在", "明确工作方向"))
    assert findings(ok, select="PG602") == []


def test_truncation_not_checked_in_target_or_category_cells() -> None:
    rows = [indicator("产出指标", "数量指标", "培训人次", "≥500人次", "上年度实际完成值")]
    rows[0] = replace(rows[0], level3="培训和")
    assert findings(table(indicators=rows), select="PG602") == []


def test_copied_heading_in_purpose() -> None:
    t = table(purpose="用于教师培训讲课费和资料费。\n（三）基础教育科。负责全县中小学日常管理。")
    (finding,) = findings(t, select="PG603")
    assert finding.location.field == "资金用途" and "（三）基础教育科" in finding.message
    single = table(purpose="（一）用于教师培训讲课费；（二）用于培训资料印制。")
    assert findings(single, select="PG603") == []


def test_sample_text_rules_find_exactly_the_known_slips(sample_filing) -> None:  # type: ignore[no-untyped-def]
    from perfgoals.engine import check_filing
    from perfgoals.settings import Settings

    result = check_filing(sample_filing, Settings(select=("PG6",)), "sample.txt")
    got = sorted((f.rule, f.location.table, f.suggestion) for f in result.findings)
    assert got == [
        ("PG601", 11, "促进"),
        ("PG601", 18, "购买"),
        ("PG602", 26, None),
        ("PG603", 19, None),
        ("PG604", 9, "〔2019〕20号"),  # 冀财政法【2019】20号 in table 9's name
        ("PG605", None, None),  # 全省人民 in a 市 office's part 1
    ]
    assert codes(result.findings).count("PG601") == 2


def test_text_data_is_not_loaded_when_pg6_is_off() -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from perfgoals.engine import check_path\n"
        "from perfgoals.settings import Settings\n"
        f"check_path(Path({str(SAMPLE_TXT)!r}), 's.txt', Settings(ignore=('PG6',)))\n"
        "print('perfgoals.textcheck' in sys.modules)\n"
        f"check_path(Path({str(SAMPLE_TXT)!r}), 's.txt', Settings())\n"
        "print('perfgoals.textcheck' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.split() == ["False", "True"], out.stderr


def test_weak_typo_is_reported_when_the_filing_spells_the_word_elsewhere() -> None:
    slip = goals("落时最严格的耕地保护制度")
    alone = table(goals=slip, purpose="用于耕地保护项目。")
    assert findings(alone, select="PG601") == []
    backed = table(goals=slip, purpose="用于落实耕地保护责任。")
    found = findings(backed, select="PG601")
    assert [(f.location.field, f.suggestion) for f in found] == [("绩效目标", "落实")]


def test_strong_language_typo_needs_no_backing() -> None:
    found = findings(table(goals=goals("项目计续实施三年")), select="PG601")
    assert [f.suggestion for f in found] == ["继续"]


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
