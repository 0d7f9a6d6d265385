"""PG5xx: the 绩效目标 list.

Goals come from the builder as items (number, text, horizon). A list that
starts again at 1 is a new list (实施期 then 年度, or sub-items), so neither
rule compares across such a restart; goals of different horizons are never
compared either (that is PG505's business).

The second-wave rules (PG503–PG505) judge goals against the 财政部 guidance:
a goal names what is achieved, with an object, a quantity or a time; money
arriving is an input, not a result; the annual goal breaks the long-term one
down. Their words are in ``data/goals.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from perfgoals.compiled import load_toml
from perfgoals.rules.indicators.facts import wording
from perfgoals.rules.indicators.view import IndicatorView, rows_of
from perfgoals.rules.registry import Doc, Hit, RuleContext, rule
from perfgoals.textnorm import bare

if TYPE_CHECKING:
    from perfgoals.model import Goal, Indicator, ProjectTable

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "goals.toml"

FIELD = "绩效目标"

# Marker styles of a goal list: 1、 / 1. ; （1） ; 目标1：. Two styles in one cell
# mean nested items, whose numbers the flat goal list cannot order.
_MARKER_STYLES = (
    re.compile(r"(?:^|[；;。，,\s])\d{1,2}\s*[、.．](?!\d)"),
    re.compile(r"[(（]\d{1,2}[)）]"),
    re.compile(r"目标\s*\d{1,2}\s*[:：]"),
)


def _lists(table: ProjectTable) -> list[list[tuple[int, Goal]]]:
    """The goal lists of a table: per horizon, split where numbering restarts at 1.
    Items carry their 1-based position in the whole 绩效目标 cell."""
    lists: list[list[tuple[int, Goal]]] = []
    current: dict[str | None, list[tuple[int, Goal]]] = {}
    for position, goal in enumerate(table.goals or (), start=1):
        items = current.get(goal.horizon)
        if items is None or (goal.number == 1 and any(g.number is not None for _, g in items)):
            items = []
            current[goal.horizon] = items
            lists.append(items)
        items.append((position, goal))
    return lists


def _label(position: int, goal: Goal) -> str:
    return str(goal.number if goal.number is not None else position)


@rule(
    code="PG501",
    name="duplicate-goal",
    severity="warning",
    message=(
        "绩效目标第{number}项“{text}”与第{first}项重复",
        "Goal item {number} '{text}' repeats item {first}",
    ),
    zh=Doc(
        what="同一绩效目标列表中，同一条目标出现两次（忽略空格、标点和全半角差异）。",
        why="重复的目标多半是复制后忘了修改，原本要写的另一条目标缺失了。",
        bad="1、完成校舍维修 2、完成校舍维修",
        good="1、完成校舍维修 2、维修后校舍安全等级达到 B 级以上",
        fix="删除重复的一条，或改写成本应填写的那条目标。",
    ),
    en=Doc(
        what="The same goal twice in one goal list (ignoring spacing, punctuation and width).",
        why="A repeated goal is usually a copy left unedited; the goal meant to be there is "
        "missing.",
        bad="1、完成校舍维修 2、完成校舍维修",
        good="1、完成校舍维修 2、维修后校舍安全等级达到 B 级以上",
        fix="Delete the repeat or write the goal that belongs there.",
    ),
)
def duplicate_goal(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    for items in _lists(table):
        seen: dict[str, tuple[int, Goal]] = {}
        for position, goal in items:
            text = bare(goal.text)
            if not text:
                continue
            if text in seen:
                first_position, first = seen[text]
                yield Hit(
                    args={
                        "number": _label(position, goal),
                        "text": goal.text,
                        "first": _label(first_position, first),
                    },
                    field=FIELD,
                    line=goal.source.line,
                    source=goal.source,
                    key=f"{position}:{text}",
                )
            else:
                seen[text] = (position, goal)


@rule(
    code="PG502",
    name="goal-numbering",
    severity="info",
    message=(
        "绩效目标编号不连续：应为 {expected}，实为 {number}",
        "Goal numbering is out of order: expected {expected}, found {number}",
    ),
    zh=Doc(
        what="绩效目标条目的编号不是 1、2、3……依次递增（跳号、重号）。不编号的段落式目标不检查。",
        why="编号错乱说明有目标被删掉、重复或顺序被打乱，审核时容易漏看。",
        bad="1、完成河道清淤 3、完成堤防加固",
        good="1、完成河道清淤 2、完成堤防加固",
        fix="检查是否漏写或多写了目标，再按顺序重新编号。",
    ),
    en=Doc(
        what="Goal items not numbered 1, 2, 3 … in order (a gap or a repeat). Unnumbered prose "
        "goals are not checked.",
        why="Broken numbering means a goal was dropped, repeated or moved.",
        bad="1、完成河道清淤 3、完成堤防加固",
        good="1、完成河道清淤 2、完成堤防加固",
        fix="Check for a missing or extra goal, then renumber in order.",
    ),
)
def goal_numbering(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    text = table.goals_text or ""
    if sum(1 for style in _MARKER_STYLES if style.search(text)) > 1:
        return  # nested items (1、… （1）…): the flat list cannot be ordered
    for items in _lists(table):
        expected = 1
        for position, goal in items:
            if goal.number is None:
                continue
            if goal.number != expected:
                yield Hit(
                    args={"expected": expected, "number": goal.number},
                    field=FIELD,
                    line=goal.source.line,
                    source=goal.source,
                    key=str(position),
                )
            expected = goal.number + 1


# --------------------------------------------------------------------------
# Second wave (from the 财政部 guidance on 绩效目标)


class InputWords(NamedTuple):
    money: tuple[str, ...]
    verbs: tuple[str, ...]
    measures: tuple[str, ...]
    filler: tuple[str, ...]  # every word removed from an input clause, longest first


@cache
def input_words() -> InputWords:
    raw: dict[str, Any] = load_toml(DATA_FILE.name)["inputs"]
    removed = {*raw["money"], *raw["verbs"], *raw["measures"], *raw["filler"]}
    return InputWords(
        money=tuple(raw["money"]),
        verbs=tuple(raw["verbs"]),
        measures=tuple(raw["measures"]),
        filler=tuple(sorted(removed, key=len, reverse=True)),
    )


_DIGITS = re.compile(r"[\d.%]+")
_CLAUSES = re.compile(r"[，,；;。、\n]+")


def _is_input_clause(text: str, max_rest: int, extra_words: Sequence[str] = ()) -> bool:
    """Whether ``text`` only says that money arrived or was spent: it speaks of
    money arriving (资金…到位, 补助拨付, …支出) or of spending itself (预算执行率),
    and once those words, filler and figures are gone, at most ``max_rest``
    characters are left (a subject such as 奖励 or 工程建设)."""
    words = input_words()
    folded = bare(text)
    if not folded:
        return False
    spending = any(m in folded for m in words.measures) or folded.endswith("支出")
    if not spending:
        money = [folded.find(m) for m in words.money if m in folded]
        verbs = [folded.rfind(v) for v in words.verbs if v in folded]
        spending = bool(money and verbs) and min(money) < max(verbs)
    if not spending:
        return False
    rest = _DIGITS.sub("", folded)
    for word in (*words.filler, *extra_words):
        rest = rest.replace(word, "")
    return len(rest) <= max_rest


def is_input_goal(text: str, max_rest: int = 4) -> bool:
    """Whether every clause of a goal only states an input (补助资金到位;
    确保资金及时足额拨付到位)."""
    clauses = [c for c in _CLAUSES.split(text) if bare(c)]
    return bool(clauses) and all(_is_input_clause(c, max_rest) for c in clauses)


@rule(
    code="PG503",
    name="vague-goal",
    severity="info",
    principle="细化量化",
    options={"min_chars": 4},
    message=(
        "绩效目标“{text}”过于简短，看不出做什么、做多少、何时完成",
        "The goal '{text}' is too short to assess: no object, quantity or time",
    ),
    zh=Doc(
        what="绩效目标中的一条过短（默认少于 4 个字，[rules.PG503] min_chars 可改）且没有数字，说不出对象、数量或时间，如“出国”“修志”。",
        why="对应财政部绩效目标“细化量化”的要求：目标要从对象、数量、时效等方面细化，说明用这笔钱做成什么、做多少、什么时候完成；两个字的目标无法据以设置指标，年底也无法评价。",
        bad="1、出国 2、修志",
        good="1、2024年9月底前完成赴德职业教育考察1批5人 2、完成《县志（2011—2020）》初稿80万字",
        fix="写出目标的对象、数量和完成时间。",
    ),
    en=Doc(
        what="A goal item too short to assess (default under 4 characters, option min_chars) "
        "with no figure: no object, quantity or time ('出国', '修志').",
        why="The guidance asks for goals broken down and quantified: what the money achieves, "
        "how much and by when; a two-character goal supports no indicator and no year-end review.",
        bad="1、出国 2、修志",
        good="1、2024年9月底前完成赴德职业教育考察1批5人 2、完成《县志（2011—2020）》初稿80万字",
        fix="State the goal's object, quantity and deadline.",
    ),
)
def vague_goal(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    minimum = int(context.options.get("min_chars", 4))
    for position, goal in enumerate(table.goals or (), start=1):
        text = bare(goal.text)
        if text and len(text) < minimum and not any(ch.isdigit() for ch in text):
            yield Hit(
                args={"text": goal.text.strip()},
                field=FIELD,
                line=goal.source.line,
                source=goal.source,
                key=f"{position}:{text}",
            )


def _output_rows(table: ProjectTable, context: RuleContext) -> list[list[IndicatorView]]:
    """Per horizon, the output rows that say what is produced (cost rows left
    out: they are about money anyway)."""
    groups: dict[str | None, list[IndicatorView]] = {}
    for view in rows_of(table, context):
        if not view.has_content:
            continue
        if view.home == "output" and view.kind not in ("cost", "economic_cost"):
            groups.setdefault(view.ind.horizon, []).append(view)
    return list(groups.values())


def _is_input_indicator(view: IndicatorView, max_rest: int) -> bool:
    generic = wording().generic_words  # 时效高 after 资金到位 adds nothing
    return any(_is_input_clause(n, max_rest, generic) for n in view.names)


@rule(
    code="PG504",
    name="input-as-output",
    severity="info",
    principle="指向明确",
    options={"max_chars": 4},
    message=(
        "绩效目标“{text}”只说了资金到位或支出，这是投入而不是产出或效果",
        "The goal '{text}' only says money arrives or is spent: an input, not a result",
    ),
    variants={
        "indicator": (
            "产出指标只有“{text}”，说的是资金到位或支出，这是投入而不是产出",
            "The only output indicator, '{text}', is money arriving or spent: an input, not "
            "an output",
        )
    },
    zh=Doc(
        what="把资金到位、拨付或支出当作绩效目标（“资金到位”“补助拨付”“经费支出”），或产出指标只有这类指标。去掉资金、到位等字和“及时”“足额”等修饰后，最多剩 4 个字（[rules.PG504] max_chars）时才报告，以免把“资金拨付后完成危房改造”这类目标当成投入。",
        why="对应“指向明确”的要求：绩效目标要与预算支出的内容和效果紧密相关，说明花钱做成了什么（产出）和带来了什么（效果）；资金到位、支出是投入，钱花出去了并不等于完成了任务。",
        bad="绩效目标“1、补助资金到位”；产出指标只有一行“资金拨付及时率 100%”。",
        good="绩效目标“1、为 320 户农村低收入家庭完成危房改造”；产出指标“改造户数 ≥320户”“竣工验收合格率 100%”。",
        fix="把目标改写为资金支持完成的具体任务和效果；产出指标写数量、质量、时效，资金执行情况由预算执行率单独考核。",
    ),
    en=Doc(
        what="Money arriving, transferred or spent given as a goal (资金到位, 补助拨付, 经费支出), "
        "or as the only output indicator. Reported only when at most 4 characters (option "
        "max_chars) are left once the money words and fillers such as 及时, 足额 are removed, so "
        "that '资金拨付后完成危房改造' is not taken for an input.",
        why="Goals state what the money achieves (outputs) and brings about (effects); money "
        "arriving or spent is an input — spending it is not doing the work.",
        bad="Goal '1、补助资金到位'; a single output indicator '资金拨付及时率 100%'.",
        good="Goal '1、为 320 户农村低收入家庭完成危房改造'; outputs '改造户数 ≥320户', "
        "'竣工验收合格率 100%'.",
        fix="Write the work the money pays for and its effect; budget execution is assessed on "
        "its own.",
    ),
)
def input_as_output(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    max_rest = int(context.options.get("max_chars", 4))
    seen: set[str] = set()
    for position, goal in enumerate(table.goals or (), start=1):
        text = bare(goal.text)
        if text not in seen and is_input_goal(goal.text, max_rest):
            seen.add(text)  # a repeated item is PG501's; one finding here
            yield Hit(
                args={"text": goal.text.strip()},
                field=FIELD,
                line=goal.source.line,
                source=goal.source,
                key=f"{position}:{text}",
            )
    for rows in _output_rows(table, context):
        if all(_is_input_indicator(view, max_rest) for view in rows):
            for ind in (view.ind for view in rows):
                named = (
                    ind.description if ind.description and ind.description.strip() else ind.level3
                )
                yield Hit(
                    args={"text": named},
                    field="绩效指标描述" if named == ind.description else "三级指标",
                    indicator_row=ind.row,
                    variant="indicator",
                )


def _single_year(table: ProjectTable) -> bool:
    """Whether the project runs one year only, so 实施期 and 年度 may rightly agree:
    a period naming one year, or a whole-period budget equal to the year's."""
    period = table.period
    if period:
        years = set(re.findall(r"(?:19|20)\d{2}", period))
        if len(years) == 1 or re.search(r"^(?:1|一)年$", bare(period)):
            return True
    total = table.total_budget
    budget = table.budget
    return (
        total is not None
        and budget is not None
        and total.value is not None
        and total.value == budget.value
    )


def _grid_signature(rows: Sequence[Indicator]) -> tuple[tuple[str, ...], ...]:
    return tuple(
        tuple(bare(t or "") for t in (ind.level2, ind.level3, ind.description, ind.target))
        for ind in rows
    )


@rule(
    code="PG505",
    name="horizon-identical",
    severity="info",
    principle="相应匹配",
    message=(
        "实施期（长期）{what}与年度{what}完全相同",
        "The long-term {what_en} is identical to the annual one",
    ),
    zh=Doc(
        what="实施期（长期、总体）绩效目标与年度绩效目标完全相同，或长期指标与年度指标逐行相同。实施期只有一年的项目（实施期写一个年份，或项目总预算等于当年预算）不报告。",
        why="对应“相应匹配”的要求：年度目标要与当年的任务数和预算相对应，是实施期目标在当年的分解；两者照抄，说明没有按年度分解，年度考核也失去依据。",
        bad="总体目标“用三年时间完成50公里河道治理”，年度目标同样是“用三年时间完成50公里河道治理”。",
        good="总体目标“用三年时间完成50公里河道治理”，年度目标“完成18公里河道清淤和护坡”。",
        fix="按当年的任务量和预算改写年度目标和年度指标。",
    ),
    en=Doc(
        what="The 实施期/长期 goal is identical to the 年度 goal, or the long-term indicator grid "
        "repeats the annual one row by row. One-year projects (a period naming one year, or a "
        "whole-period budget equal to the year's) are not flagged.",
        why="The annual goal must match this year's tasks and budget, its share of the long-term "
        "goal; a copy was never broken down and gives the annual review nothing to measure.",
        bad="Long-term goal '用三年时间完成50公里河道治理', annual goal the same.",
        good="Annual goal '完成18公里河道清淤和护坡'.",
        fix="Rewrite the annual goal and indicators from this year's work and budget.",
    ),
)
def horizon_identical(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    if _single_year(table):
        return
    goals: dict[str | None, list[str]] = {}
    for goal in table.goals or ():
        if bare(goal.text):
            goals.setdefault(goal.horizon, []).append(bare(goal.text))
    if goals.get("long_term") and goals.get("long_term") == goals.get("annual"):
        yield Hit(args={"what": "绩效目标", "what_en": "goal"}, field=FIELD, key="goals")
    grids: dict[str | None, list[Indicator]] = {}
    for ind in table.indicators or ():
        grids.setdefault(ind.horizon, []).append(ind)
    long_term, annual = grids.get("long_term"), grids.get("annual")
    if long_term and annual and _grid_signature(long_term) == _grid_signature(annual):
        yield Hit(
            args={"what": "绩效指标", "what_en": "indicator grid"},
            field="绩效指标",
            indicator_row=long_term[0].row,
            key="indicators",
        )
