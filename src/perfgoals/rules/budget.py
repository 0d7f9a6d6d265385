"""PG2xx: the budget and its funding split."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from perfgoals.rules.common import states_nothing
from perfgoals.rules.registry import Doc, Hit, RuleContext, rule

if TYPE_CHECKING:
    from perfgoals.model import Amount, ProjectTable

_TEN_THOUSAND = Decimal(10000)


def in_wan(amount: Amount, table_unit: str | None) -> Decimal | None:
    """The amount in 万元 (the unit filings default to)."""
    if amount.value is None:
        return None
    unit = amount.unit or table_unit or "万元"
    return amount.value / _TEN_THOUSAND if unit == "元" else amount.value


def decimals(raw: str) -> int:
    text = raw.strip().replace(",", "")
    return len(text.split(".", 1)[1]) if "." in text else 0


@rule(
    code="PG201",
    needs=frozenset({"budget", "fiscal_funds"}),
    name="funding-sum-mismatch",
    severity="error",
    message=(
        "预算数 {budget} ≠ 财政资金 {fiscal} + 其他资金 {other}（相差 {difference}）",
        "Budget {budget} ≠ fiscal funds {fiscal} + other funds {other} (off by {difference})",
    ),
    zh=Doc(
        what="预算数不等于财政资金与其他资金之和（其他资金为空或填“—”“无”按 0 计；容差为最后一位小数的半个单位）。",
        why="资金来源合计必须等于预算总额，否则预算本身不成立。",
        bad="预算数 12.00，财政资金 10.00，其他资金 1.00。",
        good="预算数 12.00，财政资金 11.00，其他资金 1.00；或预算数 12.5 与财政资金 12.50。",
        fix="核对三项金额，使财政资金 + 其他资金 = 预算数。",
    ),
    en=Doc(
        what="The budget is not fiscal funds + other funds (an empty 其他资金, or one written "
        "'—' or '无', counts as 0; "
        "tolerance half a unit of the last printed decimal).",
        why="The sources must add up to the total, or the budget itself does not hold.",
        bad="预算数 12.00, 财政资金 10.00, 其他资金 1.00.",
        good="12.00 = 11.00 + 1.00; or 12.5 against 12.50.",
        fix="Correct the amounts so that fiscal + other = budget.",
    ),
)
def funding_sum_mismatch(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    budget, fiscal, other = table.budget, table.fiscal_funds, table.other_funds
    if budget is None or fiscal is None:
        return
    if any(
        extra is not None and not states_nothing(extra.raw)
        for extra in (table.superior_funds, table.carryover_funds)
    ):
        return  # templates differ on how 上级资金/上年结转 enter the sum: stay silent
    total = in_wan(budget, table.money_unit)
    fiscal_value = in_wan(fiscal, table.money_unit)
    if total is None or fiscal_value is None:
        return
    other_value = Decimal(0)
    if other is not None and not states_nothing(other.raw):
        converted = in_wan(other, table.money_unit)
        if converted is None:
            return  # not a number: PG004's finding
        other_value = converted
    places = max(decimals(a.raw) for a in (budget, fiscal, other) if a is not None)
    tolerance = Decimal(5) / Decimal(10) ** (places + 1)
    if any(a is not None and a.unit == "元" for a in (budget, fiscal, other)) or (
        table.money_unit == "元"
    ):
        tolerance = tolerance / _TEN_THOUSAND
    difference = total - fiscal_value - other_value
    if abs(difference) > tolerance:
        yield Hit(
            args={
                "budget": budget.raw,
                "fiscal": fiscal.raw,
                "other": "0" if other is None or states_nothing(other.raw) else other.raw,
                "difference": _plain(abs(difference)),
            },
            field="预算数",
            line=budget.source.line, source=budget.source,
        )


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


@rule(
    code="PG202",
    needs=frozenset({"budget"}),
    name="non-positive-budget",
    severity="error",
    message=("预算数为 {budget}，应大于 0", "Budget is {budget}; it must be above 0"),
    zh=Doc(
        what="预算数为 0 或负数。",
        why="没有预算的项目不应填报绩效目标表；负数多半是录入错误。",
        bad="预算数 0.00；预算数 -5.00。",
        good="预算数 5.00。",
        fix="填写实际预算金额，或删除没有预算的表。",
    ),
    en=Doc(
        what="The budget is zero or negative.",
        why="A project with no budget needs no goal table; a negative one is a typing error.",
        bad="预算数 0.00; 预算数 -5.00.",
        good="预算数 5.00.",
        fix="Enter the real budget, or remove the table.",
    ),
)
def non_positive_budget(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    budget = table.budget
    if budget is not None and budget.value is not None and budget.value <= 0:
        yield Hit(
            args={"budget": budget.raw},
            field="预算数",
            line=budget.source.line,
            source=budget.source,
        )
