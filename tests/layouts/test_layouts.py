"""Every layout of layouts.md parses field by field, in its text form and as
.docx/.xlsx; a clean filing gives no finding, a one-defect copy the intended
findings only; `perfgoals parse` names the document kind and every field the
layout lacks as absent."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from perfgoals.commands.parse import ABSENT, INDICATOR_COLUMNS, run_parse
from perfgoals.engine import check_path
from perfgoals.findings import FileResult
from perfgoals.model import Filing, Indicator, ProjectTable
from perfgoals.pipeline import load_filing
from perfgoals.records_io import filing_json
from perfgoals.settings import Settings

from .documents import DEFECTS, LAYOUTS, TRUNCATED
from .make_fixtures import FIXTURES, fixture_texts
from .render import to_docx, to_xlsx

D = Decimal


def fixture(name: str) -> Path:
    return FIXTURES / f"{name}.txt"


@pytest.fixture(scope="module")
def binaries(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    folder = tmp_path_factory.mktemp("layouts")
    paths: dict[tuple[str, str], Path] = {}
    for name, doc in LAYOUTS.items():
        for binary in doc.binaries:
            path = folder / f"{name}.{binary}"
            (to_docx if binary == "docx" else to_xlsx)(doc, path)
            paths[(name, f".{binary}")] = path
    return paths


def load(name: str, suffix: str, binaries: dict[tuple[str, str], Path]) -> Filing:
    path = fixture(name) if suffix == ".txt" else binaries[(name, suffix)]
    return load_filing(path, path.name)


def cells(indicators: list[Indicator] | None, *names: str) -> list[tuple[object, ...]]:
    return [tuple(getattr(ind, n) for n in names) for ind in indicators or []]


def amount(table: ProjectTable, name: str) -> tuple[str, Decimal | None, str | None] | None:
    value = getattr(table, name)
    return None if value is None else (value.raw, value.value, value.unit)


# -- what each layout must parse into -------------------------------------------


def expect_wuhan(filing: Filing) -> None:
    assert filing.kind == "goal"
    (table,) = filing.tables
    assert table.title == "2023年项目支出绩效目标申报表" and table.title_name is None
    assert (table.part, table.number, table.position) == (None, None, 1)
    assert (table.unit_code, table.unit_name) == ("015001", "武汉市青山区教育局")
    assert table.project_code is None  # the template has no project code
    assert table.project_name == "青山区中小学校舍维修改造"
    assert table.money_unit == "万元"
    assert amount(table, "budget") == ("320.00", D("320.00"), "万元")
    assert amount(table, "fiscal_funds") == ("300.00", D("300.00"), "万元")
    assert amount(table, "other_funds") == ("20.00", D("20.00"), "万元")
    assert table.total_budget is None and table.superior_funds is None
    assert table.period == "2023年3月—2023年12月"
    assert table.spending_plan is None and table.milestones is None and table.purpose is None
    assert [(g.horizon, g.number, g.text) for g in table.goals or []] == [
        ("long_term", 1, "完成12所中小学校舍维修改造，消除校舍安全隐患"),
        ("long_term", 2, "改善办学条件，保障师生在校安全。"),
        ("annual", 1, "2023年8月底前完成12所学校屋面、外墙及门窗维修"),
        ("annual", 2, "维修工程竣工验收一次合格。"),
    ]
    rows = table.indicators
    assert cells(rows, "level1", "level2", "level3", "target", "description") == [
        ("产出指标", "数量指标", "维修改造学校数量", "12所", "按维修计划完成全部学校的维修改造"),
        ("产出指标", "数量指标", "维修改造校舍面积", "≥12000平方米", "以设计图纸核定面积为准"),
        ("产出指标", "质量指标", "竣工验收合格率", "100%", "经第三方竣工验收合格"),
        ("产出指标", "时效指标", "工程完工时间", "2023年8月31日前", "在秋季开学前完工"),
        ("产出指标", "成本指标", "单位面积维修成本", "≤260元/平方米", "不超过区住建局维修造价标准"),
        ("效益指标", "社会效益指标", "校舍安全隐患消除率", "100%", "维修后校舍无C级、D级危房"),
        ("效益指标", "可持续影响指标", "维修后校舍使用年限", "≥10年", "主体结构在质保期内正常使用"),
        ("满意度指标", "服务对象满意度指标", "师生及家长满意度", "≥90%", "开展问卷调查"),
    ]
    assert cells(rows, "basis", "unit", "weight", "nature", "actual", "horizon") == [
        (None, None, None, None, None, None)
    ] * 8


def expect_changsha(filing: Filing) -> None:
    assert filing.kind == "goal"
    (table,) = filing.tables
    assert table.title == "绩效目标表（2022年度）" and table.title_name is None
    assert (table.unit_code, table.unit_name) == ("433001", "长沙县农业农村局")
    assert table.project_code is None
    assert table.project_name == "2022年高标准农田建设项目"
    assert table.money_unit == "万元"
    assert amount(table, "budget") == ("1500.00", D("1500.00"), "万元")
    assert amount(table, "fiscal_funds") == ("1350.00", D("1350.00"), "万元")
    assert amount(table, "other_funds") == ("150.00", D("150.00"), "万元")
    assert table.purpose == "用于项目区土地平整、灌溉排水、田间道路及农田输配电工程建设。"
    plan = table.spending_plan
    assert plan is not None
    assert [(p.key, p.label, p.value) for p in plan.points] == [
        ("q1", "一季度", D("10.00")),
        ("q2", "二季度", D("40.00")),
        ("q3", "三季度", D("75.00")),
        ("q4", "四季度", D("100.00")),
    ]
    (goal,) = table.goals or []
    assert goal.number is None and goal.horizon is None  # prose, not a list
    assert goal.text.startswith("新建高标准农田1.2万亩") and goal.text.endswith("50公斤以上。")
    assert cells(table.indicators, "level1", "level2", "description", "target") == [
        ("产出指标", "数量指标", "新建高标准农田面积", "1.2万亩"),
        ("产出指标", "质量指标", "工程验收合格率", "100%"),
        ("产出指标", "时效指标", "项目完工时间", "2022年11月30日前"),
        ("效益指标", "经济效益指标", "项目区粮食亩产增加", "≥50公斤"),
        ("效益指标", "生态效益指标", "节水灌溉面积占比", "≥60%"),
        ("满意度指标", "服务对象满意度指标", "项目区农户满意度", "≥90%"),
    ]
    # 一级/二级/指标内容/指标值: no 三级, no basis column
    assert {(i.level3, i.basis) for i in table.indicators or []} == {(None, None)}


def expect_approval(filing: Filing) -> None:
    assert filing.kind == "approval"
    (table,) = filing.tables
    assert (table.unit_code, table.unit_name) == ("162", "水利部")
    assert table.project_code is None and table.spending_plan is None
    assert amount(table, "total_budget") == ("2400.00", D("2400.00"), "万元")
    assert amount(table, "budget") == ("800.00", D("800.00"), "万元")
    assert amount(table, "fiscal_funds") == ("760.00", D("760.00"), "万元")
    assert amount(table, "other_funds") == ("40.00", D("40.00"), "万元")
    assert [(g.horizon, g.number) for g in table.goals or []] == [
        ("long_term", 1), ("long_term", 2), ("annual", 1), ("annual", 2)
    ]
    assert table.goals_text is not None and table.goals_text.count("\n") == 3
    rows = table.indicators
    assert cells(rows, "level1", "level2", "level3", "nature", "direction", "target", "unit") == [
        ("产出指标", "数量指标", "修复河湖岸线长度", "≥", "正向", "35", "公里"),
        ("产出指标", "数量指标", "新建生态监测断面数量", "=", "正向", "24", "个"),
        ("产出指标", "质量指标", "修复工程验收合格率", "=", "正向", "100", "%"),
        ("产出指标", "时效指标", "年度修复任务完成时间", "≤", "反向", "2022年12月31日", ""),
        ("成本指标", "经济成本指标", "单公里修复成本", "≤", "反向", "22", "万元/公里"),
        ("效益指标", "生态效益指标", "修复河段水质达标率", "≥", "正向", "90", "%"),
        ("效益指标", "可持续影响指标", "是否建立河湖管护长效机制", "定性", "", "是", ""),
        ("满意度指标", "服务对象满意度指标", "沿河群众满意度", "≥", "正向", "90", "%"),
    ]
    assert [i.weight for i in rows or []] == [D(w) for w in (15, 10, 15, 10, 10, 15, 10, 15)]
    assert sum(i.weight or 0 for i in rows or []) == 100
    assert [i.note for i in rows or []][3] == "以完工验收时间为准"
    assert {(i.description, i.basis, i.actual) for i in rows or []} == {(None, None, None)}


def expect_nanhai(filing: Filing) -> None:
    assert filing.kind == "goal"
    assert [(t.number, t.title_name, t.project_name) for t in filing.tables] == [
        (1, "基本公共卫生服务", "基本公共卫生服务项目"),
        (2, "家庭医生签约服务补助", "家庭医生签约服务补助"),
    ]
    first, second = filing.tables
    for table in filing.tables:
        assert (table.unit_code, table.unit_name) == ("440605", "佛山市南海区卫生健康局")
        assert table.money_unit == "万元"
        assert table.fiscal_funds is None and table.other_funds is None  # no such cells
    assert amount(first, "budget") == ("860.00", D("860.00"), "万元")
    assert amount(first, "superior_funds") == ("1240.00", D("1240.00"), "万元")
    assert amount(second, "superior_funds") == ("120.00", D("120.00"), "万元")
    assert first.spending_plan is not None and second.spending_plan is not None
    assert [(p.key, p.label, p.raw) for p in first.spending_plan.points] == [
        ("m4", "1-4月", "30.00"), ("jun", "1-6月", "50.00"), ("oct", "1-10月", "80.00"),
        ("dec", "1-12月", "100.00"),
    ]
    assert second.spending_plan.values() == [D("45.00"), D("60.00"), D("85.00"), D("100.00")]
    assert [(g.number, g.text) for g in first.goals or []] == [
        (1, "为辖区常住居民免费提供12类基本公共卫生服务"),
        (2, "65岁及以上老年人健康管理率达到70%。"),
    ]
    assert cells(first.indicators, "level1", "level2", "description", "target", "level3") == [
        ("产出指标", "数量指标", "老年人健康管理人数", "≥5.2万人", None),
        ("产出指标", "质量指标", "高血压患者规范管理率", "≥65%", None),
        ("产出指标", "时效指标", "年度服务任务完成时间", "2023年12月31日前", None),
        ("效益指标", "社会效益指标", "居民健康素养水平", "≥30%", None),
        # no 一级 cell of its own: the category above carries down
        ("效益指标", "服务对象满意度指标", "居民对基本公共卫生服务满意度", "≥85%", None),
    ]
    assert len(second.indicators or []) == 4


def expect_self_evaluation(filing: Filing) -> None:
    assert filing.kind == "self_evaluation"
    (table,) = filing.tables
    assert (table.unit_code, table.unit_name) == (None, "阜平县教育局")
    assert table.project_code is None and table.spending_plan is None
    # the matrix row's 全年预算数 column, not the first figure (年初预算数)
    assert amount(table, "budget") == ("580.00", D("580.00"), "万元")
    assert amount(table, "fiscal_funds") == ("580.00", D("580.00"), "万元")
    assert amount(table, "executed") == ("571.30", D("571.30"), "万元")
    assert amount(table, "carryover_funds") == ("", None, "万元")  # blank, present
    assert amount(table, "other_funds") == ("", None, "万元")
    assert [g.text for g in table.goals or []] == [
        "为全县42所农村义务教育学校约9800名学生提供营养膳食补助，改善学生营养健康状况。"
    ]
    assert table.goals_achieved == "全年为42所学校9860名学生提供营养膳食补助，学生营养状况明显改善。"
    rows = table.indicators
    assert cells(rows, "level2", "level3", "target", "actual", "weight", "score") == [
        ("数量指标", "受益学生人数", "≥9800人", "9860人", D(20), D(20)),
        ("数量指标", "供餐学校数量", "42所", "42所", D(10), D(10)),
        ("质量指标", "供餐食品抽检合格率", "100%", "100%", D(15), D(15)),
        ("时效指标", "补助资金拨付及时率", "100%", "95%", D(10), D(9)),
        ("社会效益指标", "学生营养状况改善率", "≥5%", "6.2%", D(15), D(15)),
        ("可持续影响指标", "是否建立营养改善长效机制", "是", "是", D(10), D(10)),
        ("服务对象满意度指标", "学生及家长满意度", "≥90%", "75%", D(10), D(7)),
    ]
    assert [i.deviation for i in rows or []][3] == "个别学校报账滞后，已督促规范报账时间"
    assert {i.horizon for i in rows or []} == {"annual"}  # the 年度指标值 column


def expect_side_by_side(filing: Filing) -> None:
    (table,) = filing.tables
    assert table.number == 1 and table.project_name == "智慧城管平台运维项目"
    assert (table.unit_code, table.unit_name) == ("320102", "南京市玄武区城市管理局")
    # 项目总额185.50万元，其中：财政资金165.50万元，自筹资金20万元。
    assert amount(table, "budget") == ("185.50", D("185.50"), "万元")
    assert amount(table, "fiscal_funds") == ("165.50", D("165.50"), "万元")
    assert amount(table, "other_funds") == ("20", D("20"), "万元")
    assert [g.horizon for g in table.goals or []] == ["long_term", "annual"]
    assert cells(table.indicators, "horizon", "level1", "level2", "level3", "target") == [
        ("long_term", "产出指标", "数量指标", "接入城管视频监控点位", "≥1200个"),
        ("annual", "产出指标", "数量指标", "本年新增视频监控点位", "≥300个"),
        ("long_term", "产出指标", "质量指标", "平台系统可用率", "≥99%"),
        ("annual", "产出指标", "质量指标", "平台年度故障修复率", "≥98%"),
        ("long_term", "产出指标", "时效指标", "案件平均处置时长", "≤48小时"),
        ("annual", "产出指标", "时效指标", "运维响应时间", "≤2小时"),
        ("long_term", "效益指标", "社会效益指标", "城市管理问题结案率", "≥95%"),
        ("annual", "效益指标", "社会效益指标", "年度城市管理问题结案率", "≥93%"),
        ("long_term", "满意度指标", "服务对象满意度指标", "市民对城市管理满意度", "≥90%"),
        ("annual", "满意度指标", "服务对象满意度指标", "市民投诉回访满意度", "≥88%"),
    ]
    assert [i.row for i in table.indicators or []] == list(range(1, 11))


def expect_two_grids(filing: Filing) -> None:
    (table,) = filing.tables
    assert (table.part, table.number) == (3, 1)
    assert table.title == "1、城区道路桥梁维护经费绩效目标表"  # TC residue dropped
    assert (table.unit_code, table.unit_name) == ("130602", "保定市竞秀区住房和城乡建设局")
    assert table.project_code == "130-6021-JBN-Q7M2"  # spaced label 项 目 编 码
    assert [g.text for g in table.goals or []] == ["城区道路完好率保持在95%以上", "全年完成32公里道路维修。"]
    assert table.spending_plan is not None
    assert table.spending_plan.values() == [D("20.00"), D("50.00"), D("85.00"), D("100.00")]
    rows = table.indicators or []
    assert [i.horizon for i in rows] == ["long_term"] * 6 + ["annual"] * 6
    assert [(i.level1, i.level2) for i in rows[:6]] == [
        ("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"),
        ("效益指标", "经济效益 指标"), ("效益指标", "社会效益指标"),
        ("满意度指标", "服务对象满意度指标"),
    ]
    # 指标解释 defines what the row measures: the description; there is no basis column.
    assert cells(rows[6:9], "level3", "target", "weight", "description") == [
        ("本年维修道路里程", "≥32公里", D(20), "反映当年完成大中修的道路长度"),
        ("维修工程验收合格率", "100%", D(20), "反映一次通过竣工验收的维修工程所占比例"),
        ("年度维修任务完成时间", "2024年10月31日前", D(10), "反映全部维修工程交付使用的日期"),
    ]
    assert sum(i.weight or 0 for i in rows[:6]) == sum(i.weight or 0 for i in rows[6:]) == 100
    assert {i.basis for i in rows} == {None}


def expect_untitled(filing: Filing) -> None:
    assert filing.kind == "goal"
    (table,) = filing.tables
    assert (table.title, table.number, table.part, table.table_number) == (None, None, None, 1)
    assert (table.unit_code, table.unit_name) == (None, "温州市鹿城区民政局")
    assert table.money_unit is None  # no unit stated anywhere
    assert amount(table, "budget") == ("96.00", D("96.00"), None)
    assert amount(table, "other_funds") == ("", None, None)
    assert table.spending_plan is None
    assert [(m.task, m.start, m.end) for m in table.milestones or []] == [
        ("签订运营补贴协议", "2024年1月", "2024年2月"),
        ("季度服务量考核", "2024年3月", "2024年12月"),
        ("拨付运营补贴", "2024年4月", "2024年12月"),
    ]
    assert [(g.number, g.text) for g in table.goals or []] == [
        (1, "12家社区养老服务中心正常运营"),
        (2, "全年提供日间照料服务18000人次以上。"),
    ]
    assert cells(table.indicators, "level2", "level3", "target", "basis")[:2] == [
        ("数量指标", "日间照料服务人次", "≥18000人次", "按上年服务人次及床位数测算"),
        ("质量指标", "服务安全事故", "0起", "《养老机构服务安全基本规范》"),
    ]
    assert len(table.indicators or []) == 6


EXPECTED: dict[str, Callable[[Filing], None]] = {
    "wuhan-education-declaration": expect_wuhan,
    "changsha-agriculture-goals": expect_changsha,
    "central-water-approval": expect_approval,
    "nanhai-health-goals": expect_nanhai,
    "county-nutrition-self-evaluation": expect_self_evaluation,
    "xuanwu-side-by-side-horizons": expect_side_by_side,
    "jingxiu-two-grids": expect_two_grids,
    "lucheng-untitled-table": expect_untitled,
}
FORMATS = [
    (name, suffix)
    for name, doc in LAYOUTS.items()
    for suffix in (".txt", *(f".{b}" for b in doc.binaries))
]


def test_every_layout_has_expectations() -> None:
    assert set(EXPECTED) == set(LAYOUTS)


def test_fixtures_are_current() -> None:
    expected = fixture_texts()
    assert sorted(p.name for p in FIXTURES.glob("*.txt")) == sorted(expected)
    stale = [name for name, text in expected.items() if (FIXTURES / name).read_text("utf-8") != text]
    assert not stale, f"run `python -m layouts.make_fixtures` in tests/: {stale}"


@pytest.mark.parametrize(("name", "suffix"), FORMATS)
def test_layout_parses_field_by_field(
    name: str, suffix: str, binaries: dict[tuple[str, str], Path]
) -> None:
    filing = load(name, suffix, binaries)
    assert filing.source_format == {".txt": "text", ".docx": "docx", ".xlsx": "xlsx"}[suffix]
    EXPECTED[name](filing)


def _records(filing: Filing) -> dict[str, object]:
    def strip(value: object) -> object:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("source", "field_sources")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    data = json.loads(filing_json(filing))
    for key in ("path", "source_format", "notes", "encoding"):
        del data[key]
    result = strip(data)
    assert isinstance(result, dict)
    return result


@pytest.mark.parametrize(("name", "suffix"), [f for f in FORMATS if f[1] != ".txt"])
def test_binary_formats_give_the_text_records(
    name: str, suffix: str, binaries: dict[tuple[str, str], Path]
) -> None:
    assert _records(load(name, suffix, binaries)) == _records(load(name, ".txt", binaries))


def test_locations_point_at_lines_and_cells(binaries: dict[tuple[str, str], Path]) -> None:
    lines = fixture("nanhai-health-goals").read_text("utf-8").splitlines()
    table = load("nanhai-health-goals", ".txt", binaries).tables[1]
    assert lines[(table.source.line or 0) - 1] == "2、家庭医生签约服务补助绩效目标表"
    assert lines[(table.field_sources["superior_funds"].line or 0) - 1] == "\t120.00"
    assert lines[(table.field_sources["unit"].line or 0) - 1].startswith("填报单位：")
    workbook = load("nanhai-health-goals", ".xlsx", binaries).tables[0]
    budget = workbook.budget
    assert budget is not None
    # sheet 0, row 4 (after three lines above the grid), column C
    assert (budget.source.docx_table, budget.source.row, budget.source.cell) == (0, 4, 2)


# -- rules ------------------------------------------------------------------------

# Findings a careful reviewer would reject, made by rules other engineers own;
# strict, so the case turns red once the rule is fixed and the mark can go.
# Fixtures a rule is known to get wrong (strict xfail: fixing the rule turns them red).
RULE_GAPS: dict[str, str] = {}


def check(path: Path) -> FileResult:
    result = check_path(path, path.name, Settings())
    assert result.status == "ok" and not result.errors, result.errors
    return result


def _clean_cases() -> list[object]:
    cases: list[object] = []
    for name, suffix in FORMATS:
        marks = []
        if name in RULE_GAPS:
            marks.append(pytest.mark.xfail(reason=RULE_GAPS[name], strict=True))
        cases.append(pytest.param(name, suffix, marks=marks, id=f"{name}{suffix}"))
    return cases


@pytest.mark.parametrize(("name", "suffix"), _clean_cases())
def test_clean_filing_gives_no_finding(
    name: str, suffix: str, binaries: dict[tuple[str, str], Path]
) -> None:
    path = fixture(name) if suffix == ".txt" else binaries[(name, suffix)]
    result = check(path)
    assert [(f.rule, f.location.table, f.message) for f in result.findings] == []


def _defect_cases() -> list[object]:
    cases: list[object] = []
    for name in sorted(DEFECTS):
        base = name.removesuffix("-defect")
        marks = [pytest.mark.xfail(reason=RULE_GAPS[base], strict=True)] if base in RULE_GAPS else []
        cases.append(pytest.param(name, marks=marks, id=name))
    return cases


@pytest.mark.parametrize("name", _defect_cases())
def test_defect_gives_the_intended_finding_only(name: str) -> None:
    _, codes = DEFECTS[name]
    result = check(fixture(name))
    assert sorted(f.rule for f in result.findings) == sorted(codes), [
        (f.rule, f.message) for f in result.findings
    ]


def test_defect_findings_point_at_their_place() -> None:
    (finding,) = check(fixture("nanhai-health-goals-defect")).findings
    assert (finding.location.table, finding.location.field) == (2, "资金支出计划")
    assert "1-6月" in finding.message
    (finding,) = check(fixture("county-nutrition-self-evaluation-defect")).findings
    assert finding.location.indicator_row == 7 and "≥60%" in finding.message
    (finding,) = check(fixture("xuanwu-side-by-side-horizons-defect")).findings
    assert finding.location.field == "预算数" and "10" in finding.message
    (finding,) = check(fixture("jingxiu-two-grids-defect")).findings
    assert finding.location.indicator_row == 9 and "沿线居民出行满意" in finding.message


def test_self_evaluation_actual_values_are_no_targets() -> None:
    """75% achieved against a ≥90% target is a result, not a satisfaction target below 80%."""
    filing = load_filing(fixture("county-nutrition-self-evaluation"))
    (table,) = filing.tables
    assert (table.indicators or [])[-1].actual == "75%"
    assert check(fixture("county-nutrition-self-evaluation")).findings == []


def test_truncated_document_reads_what_is_there() -> None:
    text = fixture(TRUNCATED.name).read_text("utf-8")
    assert text.endswith("免费提供12类基本公共卫")  # cut mid-word, no line end
    filing = load_filing(fixture(TRUNCATED.name))
    (table,) = filing.tables
    assert table.budget is not None and table.spending_plan is not None
    assert [g.text for g in table.goals or []] == ["为辖区常住居民免费提供12类基本公共卫"]
    assert table.indicators is None
    result = check(fixture(TRUNCATED.name))
    assert [(f.rule, f.location.field) for f in result.findings] == [("PG003", "绩效指标")]


def test_site_boilerplate_is_not_a_table(binaries: dict[tuple[str, str], Path]) -> None:
    filing = load("wuhan-education-declaration", ".txt", binaries)
    assert len(filing.tables) == 1
    # the page's headline is title-shaped but has no table under it
    assert any("青山区教育局2023年项目支出绩效目标申报表" in note for note in filing.notes)
    assert filing.notes[0] == "text layout: pipe"


# -- perfgoals parse ---------------------------------------------------------------

KIND_LABELS = {
    "goal": "绩效目标表 (goal)",
    "approval": "绩效目标审批表 (approval)",
    "self_evaluation": "绩效自评表 (self_evaluation)",
}
# Tree labels of the table fields, by record field.
TREE_LABELS = {
    "project_code": "项目编码 project_code",
    "total_budget": "项目总预算 total_budget",
    "superior_funds": "上级资金 superior_funds",
    "carryover_funds": "上年结转资金 carryover_funds",
    "executed": "全年执行数 executed",
    "fiscal_funds": "财政资金 fiscal_funds",
    "other_funds": "其他资金 other_funds",
    "purpose": "资金用途 purpose",
    "period": "实施期 period",
    "spending_plan": "资金支出计划 spending_plan",
    "milestones": "实施进度 milestones",
    "goals_achieved": "实际完成情况 goals_achieved",
    "indicators": "绩效指标 indicators",
}
ABSENT_TEXT = "（无此栏目 / absent）"


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_parse_tree_shows_kind_and_absent_fields(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ABSENT.endswith(f"{ABSENT_TEXT}[/dim italic]")
    assert run_parse(fixture(name), "text", "zh") == 0
    lines = capsys.readouterr().out.splitlines()
    filing = load_filing(fixture(name))
    assert KIND_LABELS[filing.kind] in lines[0]
    for table in filing.tables:
        for field, label in TREE_LABELS.items():
            value = getattr(table, field)
            shown = [line for line in lines if f"{label}:" in line or f"{label} (" in line]
            assert shown, (field, name)
            if value is None:
                assert all(line.rstrip().endswith(ABSENT_TEXT) for line in shown), (field, shown)
            else:
                assert not any(line.rstrip().endswith(ABSENT_TEXT) for line in shown), (field, shown)
        indicators = table.indicators or []
        absent_columns = [
            f"{label} {column}"
            for column, label in INDICATOR_COLUMNS
            if indicators and all(getattr(ind, column) is None for ind in indicators)
        ]
        absent_lines = " ".join(line for line in lines if line.rstrip().endswith(ABSENT_TEXT))
        assert all(column in absent_lines for column in absent_columns), absent_columns


def test_parse_command_line_shows_the_self_evaluation_columns() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "perfgoals", "parse",
         str(fixture("county-nutrition-self-evaluation")), "--format", "text"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "绩效自评表 (self_evaluation)" in result.stdout.splitlines()[0]
    assert "实际完成值" in result.stdout and "学生及家长满意度 | ≥90% | 75% | 10 | 7" in result.stdout
    assert f"项目编码 project_code: {ABSENT_TEXT}" in result.stdout
