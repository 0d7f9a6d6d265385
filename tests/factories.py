"""Small hand-made records for rule tests (other departments' words)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from perfgoals.builder.values import parse_amount, parse_percent
from perfgoals.engine import check_filing
from perfgoals.findings import Finding
from perfgoals.model import (
    Amount,
    DepartmentGoals,
    Filing,
    Goal,
    Indicator,
    PlanPoint,
    ProjectTable,
    SpendingPlan,
)
from perfgoals.settings import Settings

PLAN_LABELS = (("mar", "3月底"), ("jun", "6月底"), ("oct", "10月底"), ("dec", "12月底"))


def amount(raw: str, unit: str | None = "万元") -> Amount:
    value, own_unit = parse_amount(raw)
    return Amount(raw=raw, value=value, unit=own_unit or unit)  # type: ignore[arg-type]


def plan(*raws: str) -> SpendingPlan:
    return SpendingPlan(
        points=[
            PlanPoint(key=key, label=label, raw=raw, value=parse_percent(raw))
            for (key, label), raw in zip(PLAN_LABELS, raws, strict=False)
        ]
    )


def indicator(
    level1: str, level2: str, description: str, target: str, basis: str = "年度工作计划",
    level3: str = "", row: int = 1,
) -> Indicator:
    return Indicator(
        row=row, level1=level1, level2=level2, level3=level3,
        description=description, target=target, basis=basis,
    )


def good_indicators() -> list[Indicator]:
    rows = [
        ("产出指标", "数量指标", "培训中小学教师人次", "≥500人次", "《县教师培训三年计划》"),
        ("产出指标", "质量指标", "培训考核合格率", "≥95%", "上年度实际完成值"),
        ("产出指标", "时效指标", "培训完成时间", "2024年11月30日前", "年度工作计划"),
        ("效益指标", "社会效益指标", "参训教师课堂教学能力提升", "显著提升", "教研室评估"),
        ("满意度指标", "服务对象满意度指标", "参训教师满意度", "≥90%", "问卷调查"),
    ]
    return [
        indicator(l1, l2, d, t, b, row=i) for i, (l1, l2, d, t, b) in enumerate(rows, start=1)
    ]


def table(**changes: Any) -> ProjectTable:
    """A clean 教育局 table; keyword arguments replace its fields."""
    base: dict[str, Any] = dict(
        part=3,
        number=1,
        position=1,
        title="1、中小学教师培训经费绩效目标表",
        title_name="中小学教师培训经费",
        unit_code="215001",
        unit_name="平山县教育局",
        money_unit="万元",
        project_code="215-0205-JBN-T7K2",
        project_name="中小学教师培训经费",
        name_label="项目名称",
        budget=amount("48.60"),
        fiscal_funds=amount("40.00"),
        other_funds=amount("8.60"),
        purpose="用于全县中小学教师全员培训的讲课费、资料费和场地费。",
        spending_plan=plan("20.00", "50.00", "85.00", "100.00"),
        goals=[
            Goal(number=1, text="完成全县中小学教师全员培训500人次"),
            Goal(number=2, text="参训教师考核合格率达到95%以上"),
        ],
        goals_text="1、完成全县中小学教师全员培训500人次\n2、参训教师考核合格率达到95%以上",
        indicators=good_indicators(),
    )
    base.update(changes)
    return ProjectTable(**base)


def filing(
    *tables: ProjectTable,
    department: DepartmentGoals | None = None,
    filing_traces: list[str] | None = None,
) -> Filing:
    return Filing(
        path="test.txt", source_format="text", kind="goal", tables=list(tables),
        department=department, filing_traces=filing_traces or [],
    )  # fmt: skip


def findings(
    *tables: ProjectTable,
    select: str | None = None,
    options: dict[str, dict[str, Any]] | None = None,
    department: DepartmentGoals | None = None,
) -> list[Finding]:
    settings = Settings(
        select=(select,) if select else None,
        rule_options=tuple(
            (code, tuple(sorted(opts.items()))) for code, opts in (options or {}).items()
        ),
    )
    result = check_filing(filing(*tables, department=department), settings, "test.txt")
    assert not result.errors, result.errors
    return result.findings


def run_rule(
    code: str, *tables: ProjectTable, options: dict[str, Any] | None = None
) -> list[Finding]:
    """The findings of one rule, with its options, on the given tables."""
    return findings(*tables, select=code, options={code: options} if options else None)


def rows_of(found: list[Finding]) -> list[int | None]:
    return [f.location.indicator_row for f in found]


def codes(found: list[Finding]) -> list[str]:
    return [f.rule for f in found]


__all__ = ["Decimal", "amount", "codes", "filing", "findings", "indicator", "plan", "table"]
