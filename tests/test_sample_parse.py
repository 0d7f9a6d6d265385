"""The bundled sample parses into the right records, field by field."""

from __future__ import annotations

from decimal import Decimal

from perfgoals.model import Filing

from conftest import SAMPLE_TXT


def tables_of(filing: Filing, part: int) -> dict[int, object]:
    return {t.table_number: t for t in filing.tables if t.part == part}


def test_table_counts(sample_filing: Filing) -> None:
    assert len(sample_filing.tables) == 28
    assert [t.part for t in sample_filing.tables].count(2) == 1
    assert [t.part for t in sample_filing.tables].count(3) == 27
    assert [t.number for t in sample_filing.tables if t.part == 3] == list(range(1, 28))
    assert sample_filing.kind == "goal"
    assert sample_filing.unit_code == "434002"
    assert sample_filing.unit_name == "定州市人民政府办公室"


def test_part_two_table(sample_filing: Filing) -> None:
    (fund,) = [t for t in sample_filing.tables if t.part == 2]
    assert fund.project_code == "000-9999-JSN-D0X6"
    assert fund.project_name == "挂牌上市企业奖励金"
    assert fund.name_label == "专项资金名称"
    assert fund.unit_code is None and fund.unit_name is None  # header-less table
    assert fund.money_unit == "万元"
    assert fund.budget is not None and fund.budget.value == Decimal("100.00")
    assert fund.other_funds is not None and fund.other_funds.raw == ""
    assert fund.other_funds.value is None
    assert fund.spending_plan is not None
    assert fund.spending_plan.values() == [None, None, None, Decimal("100.00")]
    assert [(g.number, g.text) for g in fund.goals or []] == [(1, "奖励资金到位"), (2, "服务对象满意")]
    assert fund.indicators is not None and len(fund.indicators) == 3
    assert fund.indicators[0].target == "≥90资金到位时效高"


def test_spending_plans(sample_filing: Filing) -> None:
    part3 = {t.number: t for t in sample_filing.tables if t.part == 3}
    d = Decimal
    assert part3[24].spending_plan.values() == [d("50.00"), d("50.00"), None, None]  # type: ignore[union-attr]
    assert part3[26].spending_plan.values() == [d("50.00"), None, d("100.00"), None]  # type: ignore[union-attr]
    assert part3[18].spending_plan.values() == [d("10.00"), d("20.00"), d("30.00"), d("100.00")]  # type: ignore[union-attr]
    labels = [p.label for p in part3[1].spending_plan.points]  # type: ignore[union-attr]
    assert labels == ["3月底", "6月底", "10月底", "12月底"]
    assert [p.key for p in part3[1].spending_plan.points] == ["mar", "jun", "oct", "dec"]  # type: ignore[union-attr]


def test_table_fields(sample_filing: Filing) -> None:
    part3 = {t.number: t for t in sample_filing.tables if t.part == 3}
    t9 = part3[9]
    assert t9.project_code == "434-3101-YBN-TQ2B"
    assert t9.project_name == "冀财政法【2019】20号 2020年省级补助市县重点人防工程（人民防空补助资金）"
    assert t9.title_name == t9.project_name
    assert t9.budget is not None and t9.budget.raw == "11.00" and t9.budget.unit == "万元"
    assert t9.fiscal_funds is not None and t9.fiscal_funds.value == Decimal("11.00")
    assert t9.indicators is not None
    assert [i.target for i in t9.indicators] == ["≥90时效高", "≥90", "≥90"]
    assert [(i.level1, i.level2) for i in t9.indicators] == [
        ("产出指标", "时效指标"),
        ("效果指标", "可持续影响指标"),
        ("满意度指标", "服务对象满意度指标"),
    ]
    assert all(i.level3 == "" for i in t9.indicators)  # present but blank
    assert part3[2].budget is not None and part3[2].budget.value == Decimal("112.15")
    assert [g.text for g in part3[14].goals or []] == ["人防建设支出", "人防建设支出"]


def test_two_paragraph_purpose(sample_filing: Filing) -> None:
    part3 = {t.number: t for t in sample_filing.tables if t.part == 3}
    purpose = part3[19].purpose or ""
    paragraphs = purpose.split("\n")
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith("组织起草市长讲话")
    assert paragraphs[1].startswith("（二）综合二至七科。")
    assert len((part3[15].purpose or "").split("\n")) == 2


def test_title_residue_and_page_numbers_are_dropped(sample_filing: Filing) -> None:
    for table in sample_filing.tables:
        assert table.title is not None and " TC " not in table.title
        assert table.title.endswith("绩效目标表")
    assert any("page number" in note for note in sample_filing.notes)


def test_part_one_sections(sample_filing: Filing) -> None:
    department = sample_filing.department
    assert department is not None
    assert [s.heading for s in department.sections] == [
        "一、总体绩效目标",
        "二、分项绩效目标",
        "三、工作保障措施",
    ]
    assert len(department.sections[0].paragraphs) == 7


def test_locations_point_at_lines(sample_filing: Filing) -> None:
    lines = SAMPLE_TXT.read_text("utf-8").splitlines()
    part3 = {t.number: t for t in sample_filing.tables if t.part == 3}
    t5 = part3[5]
    assert t5.source.line is not None
    assert lines[t5.source.line - 1].startswith("5、房地产遗留问题专班")
    code_line = t5.field_sources["project_code"].line
    assert code_line is not None and lines[code_line - 1] == "\t434-0101-JBN-A8CL"
    row = (t5.indicators or [])[2]
    assert row.source.line is not None and lines[row.source.line - 1] == "\t满意度指标"
