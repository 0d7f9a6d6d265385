"""PG3xx: the cumulative spending plan (资金支出计划（%）).

The plan is cumulative: each checkpoint holds the share of the budget spent
by then, so filled values never fall and the last one is 100. Tables whose
layout has no percentage plan (``spending_plan is None``) are never checked.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from perfgoals.rules.common import states_nothing
from perfgoals.rules.registry import GOAL_SETTING_KINDS, Doc, Hit, RuleContext, rule

if TYPE_CHECKING:
    from perfgoals.model import PlanPoint, ProjectTable

HUNDRED = Decimal(100)
FIELD = "资金支出计划"


def _filled(table: ProjectTable) -> list[tuple[int, PlanPoint, Decimal]]:
    """(index, point, value) of the checkpoints that hold a number."""
    plan = table.spending_plan
    if plan is None:
        return []
    return [(i, p, p.value) for i, p in enumerate(plan.points) if p.value is not None]


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _plan_text(table: ProjectTable) -> str:
    plan = table.spending_plan
    if plan is None:
        return ""
    return "、".join(f"{p.label} {p.raw or '—'}" for p in plan.points)


@rule(
    code="PG301",
    needs=frozenset({"spending_plan"}),
    name="schedule-decreasing",
    severity="error",
    kinds=GOAL_SETTING_KINDS,
    message=(
        "支出计划是累计比例，{label} 的 {value}% 低于此前的 {previous}%",
        "The spending plan is cumulative, but {label} ({value}%) is below an earlier {previous}%",
    ),
    zh=Doc(
        what="累计支出比例在后一个时间点低于前一个时间点。",
        why="资金支出计划填的是截至各时点的累计支出比例，只能持平或上升；下降说明填成了各期比例或填错了。",
        bad="3月底 30，6月底 20，10月底 80，12月底 100。",
        good="3月底 30，6月底 50，10月底 80，12月底 100。",
        fix="按累计口径重新填写：每个时点填截至该时点的累计支出比例。",
    ),
    en=Doc(
        what="A later checkpoint of the cumulative plan is lower than an earlier one.",
        why="Each checkpoint is the share spent so far; it can only stay or rise. A fall means "
        "per-period shares or a typing error.",
        bad="30, 20, 80, 100.",
        good="30, 50, 80, 100.",
        fix="Fill in cumulative shares: each checkpoint the share spent by then.",
    ),
)
def schedule_decreasing(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    highest: Decimal | None = None
    for _, point, value in _filled(table):
        if highest is not None and value < highest:
            yield Hit(
                args={"label": point.label, "value": _fmt(value), "previous": _fmt(highest)},
                field=FIELD,
                line=point.source.line,
                source=point.source,
                key=point.key,
            )
            return
        highest = value if highest is None else max(highest, value)


@rule(
    code="PG302",
    needs=frozenset({"spending_plan"}),
    name="schedule-incomplete",
    severity="error",
    kinds=GOAL_SETTING_KINDS,
    message=(
        "支出计划最后填写的 {label} 为 {value}%，未达到 100%",
        "The last filled checkpoint ({label}) is {value}%, not 100%",
    ),
    variants={
        "per_period": (
            "支出计划最后填写的 {label} 为 {value}%，未达到 100%；各时点之和为 100，似乎填成了各期比例而非累计比例",
            "The last filled checkpoint ({label}) is {value}%, not 100%; the values add up to "
            "100, so they look like per-period shares rather than cumulative ones",
        )
    },
    zh=Doc(
        what="累计支出计划最后一个已填时点不是 100%。各时点之和恰为 100 时，提示可能填成了各期比例。",
        why="到计划期末预算应全部支出；累计比例停在 100 以下说明计划不完整或口径错误。",
        bad="3月底 50，6月底 50（似为各期比例）；3月底 20，6月底 60。",
        good="3月底 50，6月底 100；或仅 12月底 100。",
        fix="最后一个时点填 100；若填的是各期比例，改为累计比例（50、50 → 50、100）。",
    ),
    en=Doc(
        what="The last filled checkpoint of the cumulative plan is not 100%. When the values add "
        "up to 100 the message says they look like per-period shares.",
        why="By the end of the plan the whole budget is spent; a cumulative plan that stops short "
        "is incomplete or uses the wrong basis.",
        bad="50, 50 (per-period shares); 20, 60.",
        good="50, 100; or only 12月底 100.",
        fix="Make the last checkpoint 100; turn per-period shares into cumulative ones (50, 50 → "
        "50, 100).",
    ),
)
def schedule_incomplete(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    filled = _filled(table)
    if not filled:
        return
    _, last, value = filled[-1]
    if value >= HUNDRED:
        return  # above 100 is PG304's finding
    total = sum((v for _, _, v in filled), Decimal(0))
    variant = "per_period" if len(filled) > 1 and total == HUNDRED else "default"
    suggestion = None
    if variant == "per_period":
        running, cumulative = Decimal(0), []
        for _, _, v in filled:
            running += v
            cumulative.append(_fmt(running))
        suggestion = "、".join(cumulative)
    yield Hit(
        args={"label": last.label, "value": _fmt(value), "plan": _plan_text(table)},
        field=FIELD,
        line=last.source.line,
        source=last.source,
        variant=variant,
        suggestion=suggestion,
    )


@rule(
    code="PG303",
    needs=frozenset({"spending_plan"}),
    name="schedule-gap",
    severity="warning",
    kinds=GOAL_SETTING_KINDS,
    message=(
        "支出计划 {label} 为空，而前后时点都已填写",
        "Checkpoint {label} is empty between two filled ones",
    ),
    zh=Doc(
        what="累计支出计划中，两个已填时点之间有空着的时点。",
        why="累计比例中间留空，无法判断该时点的支出进度；多半是漏填（应与前一时点相同或介于两者之间）。",
        bad="3月底 50，6月底（空），10月底 100。",
        good="3月底 50，6月底 50，10月底 100；或 3月底（空），6月底 40，10月底 100（开头留空可以）。",
        fix="补填中间时点的累计比例；没有新增支出时填与前一时点相同的数。",
    ),
    en=Doc(
        what="An empty checkpoint between two filled ones.",
        why="A hole in a cumulative plan hides the pace at that point; usually an omission.",
        bad="50, (empty), 100.",
        good="50, 50, 100; or (empty), 40, 100 (empty leading checkpoints are fine).",
        fix="Fill in the cumulative share; with no new spending repeat the previous value.",
    ),
)
def schedule_gap(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    plan = table.spending_plan
    filled = _filled(table)
    if plan is None or len(filled) < 2:
        return
    first, last = filled[0][0], filled[-1][0]
    for point in plan.points[first + 1 : last]:
        if point.value is None and states_nothing(point.raw):
            yield Hit(
                args={"label": point.label},
                field=FIELD,
                line=point.source.line,
                source=point.source,
                key=point.key,
            )


@rule(
    code="PG304",
    needs=frozenset({"spending_plan"}),
    name="schedule-out-of-range",
    severity="error",
    kinds=GOAL_SETTING_KINDS,
    message=(
        "支出计划 {label} 为 {value}%，应在 0 到 100 之间",
        "Checkpoint {label} is {value}%; it must be between 0 and 100",
    ),
    zh=Doc(
        what="支出计划某时点的比例小于 0 或大于 100。",
        why="累计支出比例不可能为负，也不可能超过预算的 100%。",
        bad="12月底 120。",
        good="12月底 100。",
        fix="改为 0–100 之间的累计比例。",
    ),
    en=Doc(
        what="A checkpoint below 0 or above 100.",
        why="A cumulative share of the budget cannot be negative or exceed 100%.",
        bad="12月底 120.",
        good="12月底 100.",
        fix="Use a cumulative share between 0 and 100.",
    ),
)
def schedule_out_of_range(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    for _, point, value in _filled(table):
        if value < 0 or value > HUNDRED:
            yield Hit(
                args={"label": point.label, "value": _fmt(value)},
                field=FIELD,
                line=point.source.line,
                source=point.source,
                key=point.key,
            )


@rule(
    code="PG305",
    needs=frozenset({"spending_plan"}),
    name="schedule-empty",
    severity="error",
    kinds=GOAL_SETTING_KINDS,
    message=("资金支出计划一个时点都没有填写", "No checkpoint of the spending plan is filled"),
    zh=Doc(
        what="资金支出计划的各时点全部为空。",
        why="没有支出计划，无法跟踪预算执行进度。",
        bad="3月底、6月底、10月底、12月底全部空白。",
        good="至少在支出完成的时点填 100，例如 12月底 100。",
        fix="按预计支出进度填写累计比例。",
    ),
    en=Doc(
        what="No checkpoint of the spending plan is filled.",
        why="Without a plan, budget execution cannot be followed.",
        bad="All four checkpoints blank.",
        good="At least 100 at the checkpoint by which the money is spent.",
        fix="Fill in the expected cumulative shares.",
    ),
)
def schedule_empty(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    plan = table.spending_plan
    if plan is None:
        return
    if all(states_nothing(p.raw) for p in plan.points):
        yield Hit(field=FIELD, line=plan.source.line, source=plan.source)


@rule(
    code="PG306",
    needs=frozenset({"spending_plan"}),
    name="schedule-back-loaded",
    severity="info",
    kinds=GOAL_SETTING_KINDS,
    # rules.md suggests 80% at 10月底, but that flags the common straight-line
    # quarterly plan (25/50/75/100), which is not "far behind the calendar"
    # (83% by the end of October); 75% keeps that plan quiet.
    options={"floors": {"jun": 40, "oct": 75}},
    principle="合理可行",
    message=(
        "支出进度明显滞后：{label} 累计仅 {value}%，低于 {floor}%",
        "Spending lags the calendar: only {value}% by {label}, below the {floor}% floor",
    ),
    zh=Doc(
        what="累计支出进度明显落后于时间进度：默认 6月底低于 40%、10月底低于 75%（[rules.PG306] floors 可改；按季度平均支出的 25/50/75/100 不报告）。一次性支付（某一时点直接 100%）不报告。",
        why="对应财政部绩效目标“合理可行”的要求：支出计划应与工作进度匹配，资金集中到年底支出往往意味着计划不实，也影响预算执行率考核。",
        bad="3月底 10，6月底 20，10月底 30，12月底 100。",
        good="3月底 20，6月底 50，10月底 80，12月底 100；或一次性支付：6月底 100。",
        fix="按实际工作安排重排支出进度；确需年底集中支付的，在资金用途中说明原因。",
    ),
    en=Doc(
        what="Cumulative spending far behind the calendar: below the floors (default 40% by "
        "June, 75% by October; option [rules.PG306] floors; a straight quarterly 25/50/75/100 is "
        "not flagged). One-off payments (100% at one "
        "checkpoint) are not flagged.",
        why="The guidance asks for goals that are reasonable and feasible: a plan that spends "
        "most money at year end usually is not real, and hurts the execution-rate review.",
        bad="10, 20, 30, 100.",
        good="20, 50, 80, 100; or a one-off 100 by June.",
        fix="Re-plan spending to follow the work; where year-end payment is necessary, say why "
        "in the purpose.",
    ),
)
def schedule_back_loaded(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    plan = table.spending_plan
    filled = _filled(table)
    if plan is None or not filled or filled[-1][2] != HUNDRED:
        return  # incomplete plans are PG302's finding
    if any(p.value is None for p in plan.points[filled[0][0] : filled[-1][0]]):
        return  # a hole in the plan is PG303's finding
    values = [v for _, _, v in filled]
    if any(b < a for a, b in itertools.pairwise(values)):
        return  # decreasing plans are PG301's finding
    if len([v for v in values if v > 0]) == 1:
        return  # a one-off payment
    floors = {str(k): Decimal(str(v)) for k, v in dict(context.options["floors"]).items()}
    spent = Decimal(0)
    for point in plan.points:
        if point.value is not None:
            spent = point.value
        floor = floors.get(point.key)
        if floor is not None and spent < floor:
            yield Hit(
                args={"label": point.label, "value": _fmt(spent), "floor": _fmt(floor)},
                field=FIELD,
                line=point.source.line,
                source=point.source,
                key=point.key,
            )
            return
