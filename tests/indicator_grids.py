"""Indicator grids for the PG4xx tests, in other departments' words.

Two layouts: the sample's six columns (一级/二级/[三级]/绩效指标描述/指标值/指标值确定依据),
built from :data:`GOOD` or :data:`SIX`, and an approval grid (一级/二级/三级/指标性质/
目标值/计量单位/分值, no description), built from :data:`WIDE`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from perfgoals.model import Amount, Indicator, ProjectTable

OUT, EFFECT, SAT, COST = "产出指标", "效益指标", "满意度指标", "成本指标"
QTY, QUAL, TIME, PCOST = "数量指标", "质量指标", "时效指标", "成本指标"
ECON_COST, SOCIAL, SUSTAIN = "经济成本指标", "社会效益指标", "可持续影响指标"
SATISFACTION = "服务对象满意度指标"

Row = tuple[str, str, str, str]  # 一级, 二级, 描述, 指标值


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



Six = tuple[str, str, str, str]  # 一级, 二级, 描述, 指标值

Wide = tuple[str, str, str, str, str, str, int | None]  # 一级, 二级, 三级, 性质, 目标值, 单位, 分值


# A clean 卫生健康局 grid in the sample's six columns.
SIX: list[Six] = [
    (OUT, QTY, "家庭医生签约服务人数", "≥12000人"),
    (OUT, QUAL, "签约居民健康档案规范建档率", "≥95%"),
    (OUT, TIME, "年度签约任务完成时间", "2024年11月30日前"),
    (EFFECT, SOCIAL, "重点人群签约覆盖率", "≥70%"),
    (SAT, SATISFACTION, "签约居民满意度", "≥90%"),
]


# A clean 水利局 approval grid: 指标性质, 计量单位 and 分值 in their own columns.
WIDE: list[Wide] = [
    (OUT, QTY, "新建灌溉渠道长度", "≥", "12", "公里", 20),
    (OUT, QUAL, "渠道工程验收合格率", "=", "100", "%", 20),
    (OUT, TIME, "渠道工程完工时间", "≤", "2024年10月31日", "", 10),
    (COST, ECON_COST, "每公里渠道建设成本", "≤", "38", "万元/公里", 10),
    (EFFECT, SOCIAL, "新增有效灌溉面积", "≥", "3500", "亩", 20),
    (SAT, SATISFACTION, "受益农户满意度", "≥", "90", "%", 20),
]



def six(rows: list[Six], basis: str = "年度工作计划") -> list[Indicator]:
    return [
        Indicator(
            row=i, level1=l1, level2=l2, level3="", description=desc, target=value, basis=basis
        )
        for i, (l1, l2, desc, value) in enumerate(rows, start=1)
    ]



def wide(rows: list[Wide], horizon: str | None = None, start: int = 1) -> list[Indicator]:
    return [
        Indicator(
            row=i,
            level1=l1,
            level2=l2,
            level3=l3,
            description=None,
            target=value,
            nature=nature,
            unit=unit,
            weight=Decimal(weight) if weight is not None else None,
            horizon=horizon,
        )
        for i, (l1, l2, l3, nature, value, unit, weight) in enumerate(rows, start=start)
    ]



def money(raw: str, unit: str = "万元") -> Amount:
    return Amount(raw=raw, value=Decimal(raw), unit=unit)  # type: ignore[arg-type]



def grid_table(indicators: list[Indicator], **changes: Any) -> ProjectTable:
    fields: dict[str, Any] = dict(
        part=3, number=1, position=1, title="1、基层卫生服务能力提升经费绩效目标表",
        project_name="基层卫生服务能力提升经费", unit_name="平山县卫生健康局",
        money_unit="万元", budget=money("120.00"), indicators=indicators,
    )  # fmt: skip
    fields.update(changes)
    return ProjectTable(**fields)



def replaced(rows: list[Any], index: int, row: Any) -> list[Any]:
    """``rows`` with its 1-based row ``index`` replaced."""
    changed = list(rows)
    changed[index - 1] = row
    return changed

