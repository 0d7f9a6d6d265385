"""PG415, PG416, PG419: costs and weights.

Cost caps against the table's budget, the direction of a cost target, and
indicator weights (分值) that do not add up. Shared facts: :mod:`.facts`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from perfgoals.rules.indicators.facts import (
    F_TARGET,
    format_figure,
    kinds_in,
    lexicon,
    mentions,
    wording,
)
from perfgoals.rules.indicators.view import IndicatorView, rows_of, views_per_horizon
from perfgoals.rules.registry import Doc, Hit, RuleContext, rule
from perfgoals.targets import (
    Target,
)
from perfgoals.textnorm import bare

if TYPE_CHECKING:
    from perfgoals.model import Indicator, ProjectTable


_COST_KINDS = frozenset({"cost", "economic_cost", "social_cost", "ecological_cost"})


def _is_cost_row(view: IndicatorView) -> bool:
    """A row under the 成本 category: by its 二级 or 一级 cell, or by its words
    where the 二级 is not a known category."""
    if view.kind is not None:
        return view.kind in _COST_KINDS or view.level1 == "cost"
    return view.level1 == "cost" or "cost" in kinds_in(view.names_text)


def _money_unit(unit: str | None) -> str | None:
    """The money unit a target's unit is, or starts with (元/人 → 元)."""
    if not unit:
        return None
    head = unit.split("/")[0].split("·")[0]
    return head if head in wording().money else None


def _per_unit(view: IndicatorView, target: Target) -> bool:
    """A per-unit cost (人均成本, 元/人): no total to compare with the budget."""
    return (target.unit is not None and "/" in target.unit) or mentions(
        view.names_text, wording().per_unit
    )


def _in_yuan(value: Decimal, unit: str) -> Decimal:
    return value * wording().money[unit]


def _budget_in_yuan(table: ProjectTable, *, whole_period: bool) -> Decimal | None:
    """The budget a total-cost cap answers to, in 元: the year's 预算数, or the
    whole period's 项目总预算 for 长期 rows (and as a larger bound for annual ones)."""
    amounts = [table.total_budget]
    if not whole_period:
        amounts.append(table.budget)
    values = [
        _in_yuan(a.value, a.unit or table.money_unit or "万元")
        for a in amounts
        if a is not None and a.value is not None and a.value > 0
    ]
    return max(values) if values else None


@rule(
    code="PG415",
    name="cost-cap-exceeds-budget",
    severity="warning",
    principle="相应匹配",
    message=(
        "成本指标“{value}”的上限高于本表预算 {budget}，按此上限考核没有约束",
        "The cost cap '{value}' is above the table's budget of {budget}; it caps nothing",
    ),
    zh=Doc(
        what="成本指标给出的总成本上限（“≤65万元”）高于本表预算数（元与万元换算后比较）。人均、单价等单位成本不比较；长期指标与项目总预算比较。",
        why="对应“相应匹配”的要求：绩效目标要与预算相匹配。总成本不可能超过批复的预算，高于预算的上限等于没有设成本控制目标，多半是单位写错（元写成万元）或抄错了数字。",
        bad="预算数 48.6 万元，成本指标“项目总成本 ≤65万元”；预算数 680000 元，成本指标“≤680万元”。",
        good="预算数 48.6 万元，成本指标“项目总成本 ≤48.6万元”；或单位成本“人均培训成本 ≤570元”。",
        fix="核对成本上限的数字和单位，使总成本上限不超过预算数；若是单位成本，在指标名称中写明“人均”“单价”等。",
    ),
    en=Doc(
        what="A total-cost cap (成本指标 '≤65万元') above the table's 预算数, compared after "
        "元/万元 conversion. Per-unit costs (人均, 单价, 元/人) are not compared; 长期 rows are "
        "compared with the whole period's budget.",
        why="Goals must match the budget: the total cost cannot exceed the approved budget, so a "
        "cap above it controls nothing — usually 元 written as 万元 or a figure copied wrong.",
        bad="Budget 48.6 万元, cost cap '项目总成本 ≤65万元'; budget 680000 元, cap '≤680万元'.",
        good="Budget 48.6 万元, cap '≤48.6万元'; or a unit cost '人均培训成本 ≤570元'.",
        fix="Check the cap's figure and unit so the total cost stays within the budget; name a "
        "unit cost as such (人均, 单价).",
    ),
)
def cost_cap_exceeds_budget(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    for view in rows_of(table, context):
        ind, target = view.ind, view.target
        if target is None or target.number is None or not _is_cost_row(view):
            continue
        unit = _money_unit(target.unit)
        if unit is None or target.comparator not in ("<=", "<", "=") or _per_unit(view, target):
            continue
        budget = _budget_in_yuan(table, whole_period=ind.horizon == "long_term")
        if budget is None or _in_yuan(target.number, unit) <= budget:
            continue
        shown = table.budget if ind.horizon != "long_term" else None
        shown = shown or table.total_budget
        assert shown is not None
        budget_unit = shown.unit or table.money_unit or "万元"
        yield Hit(
            args={"value": ind.target, "budget": f"{shown.raw.strip()}{budget_unit}"},
            field=F_TARGET,
            indicator_row=ind.row,
        )


@rule(
    code="PG416",
    name="cost-direction",
    severity="info",
    principle="合理可行",
    message=(
        "成本指标“{value}”给的是下限（≥），成本指标应是上限（≤）",
        "The cost indicator '{value}' sets a floor (≥); a cost indicator is a cap (≤)",
    ),
    zh=Doc(
        what="成本指标的指标值是下限（“≥”“不低于”），而不是上限。成本节约率、成本降低额等“越高越好”的指标不报告。",
        why="对应“合理可行”的要求：成本指标用来控制花费，应写“不超过多少”；写成“≥”等于要求至少花这么多钱，考核方向反了。",
        bad="经济成本指标“人均培训成本 ≥570元”。",
        good="“人均培训成本 ≤570元”；“采购成本节约率 ≥5%”（越高越好的节约指标）。",
        fix="把比较符改为“≤”，目标值按预算测算的成本上限填写。",
    ),
    en=Doc(
        what="A cost indicator whose value is a floor (≥, 不低于) instead of a cap. Savings "
        "measures (节约率, 降低额), where more is better, are not flagged.",
        why="Cost indicators control spending and say 'no more than'; '≥' asks to spend at least "
        "that much, the wrong direction for an assessment.",
        bad="经济成本指标 人均培训成本 '≥570元'.",
        good="'≤570元'; 采购成本节约率 '≥5%' (a saving: more is better).",
        fix="Use '≤' and the cap estimated from the budget.",
    ),
)
def cost_direction(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    lex = lexicon()
    for view in rows_of(table, context):
        ind, target = view.ind, view.target
        if target is None or target.number is None or target.comparator not in (">=", ">"):
            continue
        if not _is_cost_row(view) or _money_unit(target.unit) is None:
            continue
        if mentions(view.names_text, lex.signed) or mentions(target.words, lex.signed):
            continue  # a saving or a reduction: more is better
        yield Hit(
            args={"value": ind.target},
            field=F_TARGET,
            indicator_row=ind.row,
            suggestion=f"≤{format_figure(target.number)}{target.unit}",
        )


F_WEIGHT = "分值"


def _weight_sum(rows: Sequence[Indicator]) -> Decimal:
    return sum((ind.weight for ind in rows if ind.weight is not None), Decimal(0))


def _merged_weight_sum(rows: Sequence[Indicator]) -> Decimal | None:
    """The weight total where each 一级 group carries one weight repeated on
    every row (a merged 分值 cell read onto each row), else None."""
    groups: dict[str, set[Decimal]] = {}
    for ind in rows:
        if ind.weight is not None:
            groups.setdefault(bare(ind.level1), set()).add(ind.weight)
    if any(len(weights) != 1 for weights in groups.values()):
        return None
    return sum((next(iter(w)) for w in groups.values()), Decimal(0))


@rule(
    code="PG419",
    name="weights-sum-mismatch",
    severity="warning",
    principle="合理可行",
    options={"total": 100, "budget_execution": 10, "tolerance": 0.1},
    message=(
        "指标分值合计 {sum}，与总分 {total} 不符",
        "The indicator weights add up to {sum}, not the total of {total}",
    ),
    zh=Doc(
        what="有“分值”栏的表中，各指标分值之和不等于总分（默认 100；预算执行率 10 分不在指标表中另计时为 90）。总分、预算执行率分值和容差可用 [rules.PG419] total、budget_execution、tolerance 设置。",
        why="对应“合理可行”的要求：分值决定各指标在评价中的权重，合计不等于总分，评价得分就无法按百分制比较，多半是增删指标后没有调整分值。",
        bad="五个指标分值 30、20、20、20、20，合计 110。",
        good="分值合计 100；或指标合计 90，另有“预算执行率”10 分。",
        fix="调整各指标分值，使合计等于总分。",
    ),
    en=Doc(
        what="Where a 分值 column exists, the indicator weights do not add up to the declared "
        "total (default 100, or 90 where 预算执行率's 10 points are scored outside the grid). "
        "Options total, budget_execution and tolerance.",
        why="Weights set each indicator's share of the score; a total that is off makes scores "
        "incomparable, usually after indicators were added or removed.",
        bad="Weights 30, 20, 20, 20, 20: 110 in all.",
        good="Weights adding up to 100, or 90 with 预算执行率 scored at 10 separately.",
        fix="Adjust the weights so they add up to the total.",
    ),
)
def weights_sum_mismatch(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    total = Decimal(str(context.options.get("total", 100)))
    execution = Decimal(str(context.options.get("budget_execution", 10)))
    tolerance = Decimal(str(context.options.get("tolerance", 0.1)))
    for views in views_per_horizon(table, context):
        weighted = [view for view in views if view.ind.weight is not None]
        if not weighted:
            continue  # no 分值 column (or none filled): nothing to add up
        in_grid = any("预算执行" in bare(view.names_text) for view in weighted)
        allowed = [total] if in_grid else [total, total - execution]
        rows = [view.ind for view in weighted]
        sums = [_weight_sum(rows)]
        merged = _merged_weight_sum(rows)
        if merged is not None and len(weighted) > 1:
            sums.append(merged)
        if any(abs(s - a) <= tolerance for s in sums for a in allowed):
            continue
        yield Hit(
            args={"sum": format_figure(sums[0]), "total": format_figure(total)},
            field=F_WEIGHT,
            indicator_row=weighted[0].row,
        )
