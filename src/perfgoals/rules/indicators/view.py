"""An indicator row as the rules read it: its facts computed once per check.

Every indicator rule asks the same questions of a row: its parsed target, the
二级 kind it stands under, the 一级 kinds it stands for, the cell that names
it. Asked through :mod:`.facts` by each rule, a row's target was parsed eight
times and its kind looked up as often per check. :func:`rows_of` answers them
once per row and keeps the answers for the rest of the filing's check, in the
:class:`~perfgoals.rules.registry.RuleContext` the engine shares between the
rules of one filing; rules read the attributes and never recompute them.

The answers are :mod:`.facts`' own functions, so a rule reading the view and
one calling facts directly see the same thing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from perfgoals.rules.indicators.facts import (
    has_content,
    is_satisfaction,
    kind_of_row,
    level1_of,
    lexicon,
    name_cell,
    name_texts,
    names_text,
    target_of,
)
from perfgoals.textnorm import TEXT_MEMO_SIZE

if TYPE_CHECKING:
    from perfgoals.model import Indicator, ProjectTable
    from perfgoals.rules.registry import RuleContext
    from perfgoals.targets import Target


class IndicatorView:
    """One indicator row and the facts every rule reads of it."""

    __slots__ = (
        "has_content",
        "home",
        "ind",
        "is_satisfaction",
        "kind",
        "level1",
        "level1_kinds",
        "name",
        "names",
        "names_text",
        "row",
        "target",
    )

    def __init__(self, ind: Indicator, facts: _Facts | None = None) -> None:
        self.ind = ind
        self.row = ind.row
        (
            self.target,
            self.kind,
            self.level1,
            self.home,
            self.level1_kinds,
            self.name,
            self.names,
            self.names_text,
            self.has_content,
            self.is_satisfaction,
        ) = facts if facts is not None else row_facts(ind)


# What a row's cells say, in IndicatorView's order (see there).
_Facts = tuple[
    "Target | None",
    str | None,
    str | None,
    str | None,
    frozenset[str],
    tuple[str, str] | None,
    tuple[str, ...],
    str,
    bool,
    bool,
]


def row_facts(ind: Indicator) -> _Facts:
    """The facts of an IndicatorView, from the row's cells alone."""
    # The 二级 kind the row stands under (``timeliness``), else None.
    kind = kind_of_row(ind)
    # The 一级 category its 一级 cell names (``output``), else None.
    level1 = level1_of(ind.level1)
    home = lexicon().level2[kind].home if kind else None
    return (
        target_of(ind),
        kind,
        level1,
        # The 一级 category the row belongs to: its 二级's home, else its 一级 cell's.
        home if kind else level1,
        # The 一级 categories the row stands for: its 一级 cell and its 二级's home.
        frozenset(k for k in (level1, home) if k),
        # The text naming what the row measures and its column (description,
        # else the 三级 name), else None.
        name_cell(ind),
        # Its non-blank names (三级, then description), and both run together.
        tuple(name_texts(ind)),
        names_text(ind),
        has_content(ind),
        # Whether the row's figure is a satisfaction rate (:func:`.facts.is_satisfaction`).
        is_satisfaction(ind),
    )


# Facts by the cells they come from, shared by every check in the process:
# filings repeat their indicators table after table, and one template's rows
# recur across a batch. Pure functions of the cells, bounded like the text memos.
_FACTS: dict[tuple[str | None, ...], _Facts] = {}


def facts_of(ind: Indicator) -> _Facts:
    """:func:`row_facts`, worked out once for each distinct set of cells."""
    cells = (
        ind.level1, ind.level2, ind.level3, ind.description, ind.target, ind.nature, ind.unit,
    )  # fmt: skip
    facts = _FACTS.get(cells)
    if facts is None:
        if len(_FACTS) >= TEXT_MEMO_SIZE:
            _FACTS.clear()
        facts = _FACTS[cells] = row_facts(ind)
    return facts


def rows_of(table: ProjectTable, context: RuleContext) -> tuple[IndicatorView, ...]:
    """The table's indicator rows as views, made on the first rule's request
    and shared by the rules after it through ``context.memo``. The memo holds
    the table itself beside its views, so the key (its id) stays its own for
    as long as the views live."""
    made: dict[int, tuple[ProjectTable, tuple[IndicatorView, ...]]] = context.memo.setdefault(
        "indicator-views", {}
    )
    found = made.get(id(table))
    if found is None or found[0] is not table:
        found = (table, tuple(IndicatorView(ind, facts_of(ind)) for ind in table.indicators or ()))
        made[id(table)] = found
    return found[1]


def views_per_horizon(
    table: ProjectTable, context: RuleContext
) -> list[list[IndicatorView]]:
    """The table's rows per horizon (one grid, or 长期 and 年度), in table order
    (:func:`.facts.rows_per_horizon`)."""
    groups: dict[str | None, list[IndicatorView]] = {}
    for view in rows_of(table, context):
        groups.setdefault(view.ind.horizon, []).append(view)
    return list(groups.values())
