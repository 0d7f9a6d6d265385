"""PG5xx: the 绩效目标 list.

Goals come from the builder as items (number, text, horizon). A list that
starts again at 1 is a new list (实施期 then 年度, or sub-items), so neither
rule compares across such a restart; goals of different horizons are never
compared either (that is PG505's business).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from perfgoals.rules.registry import Doc, Hit, RuleContext, rule
from perfgoals.textnorm import bare

if TYPE_CHECKING:
    from perfgoals.model import Goal, ProjectTable

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
                    key=str(position),
                )
            expected = goal.number + 1
