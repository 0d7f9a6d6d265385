"""Label normalisation and the synonym table (``data/labels.toml``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Literal

import regex

from perfgoals.compiled import load_toml
from perfgoals.textnorm import TEXT_MEMO_SIZE, normalise

Horizon = Literal["annual", "long_term"]

_TRAILING_UNIT = regex.compile(r"\((?:%|万元|元|单位[:：]?[^)]*)\)$")
# What a label may carry after its name without changing it: a column letter
# of a formula (预算数（A）, 执行率（B/A）, written with a parenthesis lost, 执行数B）),
# an alternative (指标值（或计划水平）), a score (产出指标（50分）), the years a
# block covers (中期目标（2019年-2021年）).
_TRAILING_NOTE = regex.compile(
    r"(?<=\p{Han})(?:\(?[A-Z](?:/[A-Z])?(?:×100%)?\)?|\(或[^()]*\)|\(\d+分\)|\(\d+分|\d+分\)"
    r"|\(\d{4}年?度?\s*(?:-+|—+|–|~|～|至|到)\s*\d{4}年?度?\))$"
)
# The last characters _TRAILING_NOTE can end on: most keys need no pattern.
_NOTE_ENDS = frozenset(")%分ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_MONTH_CHECKPOINT = regex.compile(r"^(?:1-|1至|1～|1~)?(\d{1,2})月(?:底|末|份)?(?:\(%\))?$")
_MONTH_KEYS = {3: "mar", 6: "jun", 9: "sep", 10: "oct", 12: "dec"}
_SUFFIX = regex.compile(r"^(?P<base>.+)\((?P<marker>[^()]{1,4})\)$")
# A label longer than this is prose, never a label.
_MAX_LABEL = 24


@lru_cache(maxsize=TEXT_MEMO_SIZE)
def label_key(text: str) -> str:
    # A leading * or ★ marks a required field in budget-system exports.
    key = normalise(text).lstrip("*★☆").rstrip(":")
    key = key.removeprefix("其中:").removeprefix("其中")
    key = _without_note(key)
    if not key.endswith(")") or key == "资金支出计划(%)":
        return key
    return _TRAILING_UNIT.sub("", key)


def category_key(text: str) -> str:
    """A category name compared with or without its trailing 指标 or a score
    glued to it (产出指标（50分）)."""
    return _without_note(normalise(text)).removesuffix("指标")


def _without_note(key: str) -> str:
    return _TRAILING_NOTE.sub("", key) if key[-1:] in _NOTE_ENDS else key


@dataclass(frozen=True, slots=True)
class LabelFacts:
    """What one cell's text is as a label of the template: every question the
    builder asks of a cell, answered together. A filing asks them thousands
    of times of a few hundred distinct texts, so each text is classified once
    (:meth:`LabelTable.facts`)."""

    field: str | None = None
    other: bool = False
    section: str | None = None
    amount_column: str | None = None
    milestone_column: str | None = None
    indicator_column: str | None = None
    horizon: Horizon | None = None  # the horizon the indicator column header carries
    grid_section: Horizon | None = None
    category_levels: frozenset[int] = frozenset()
    checkpoint: str | None = None  # the spending plan's checkpoint a header names (3月底)
    is_label: bool = False
    # A field, an indicator column, a grid heading or a category: what a row's
    # facts (:mod:`perfgoals.builder.rowfacts`) gather; most values are none.
    marks_row: bool = False
    # The label key of a column only self-evaluation tables have (实际完成值).
    evaluation_column: str | None = None


# The facts of a value, or of a text longer than a label: no label of any kind.
# Most texts are values, and all of them share this one.
NO_FACTS = LabelFacts()
_NO_LEVELS: frozenset[int] = frozenset()
_LEVEL1, _LEVEL2, _BOTH_LEVELS = frozenset({1}), frozenset({2}), frozenset({1, 2})


@dataclass(frozen=True)
class LabelTable:
    fields: dict[str, str]
    others: frozenset[str]
    sections: dict[str, str]
    amount_columns: dict[str, str]
    milestone_columns: dict[str, str]
    indicator_columns: dict[str, str]
    horizon_markers: dict[str, Horizon]
    grid_sections: dict[str, Horizon]
    level1: frozenset[str]
    level2: frozenset[str]
    checkpoints: dict[str, str]
    kind_words: dict[str, tuple[str, ...]]
    self_evaluation_columns: frozenset[str]
    # Every label key that needs no pattern (fields, others, sections, columns).
    plain_keys: frozenset[str]

    marker_prefixes: tuple[str, ...]
    # Name labels whose value is a fund spanning many projects (专项名称).
    fund_names: frozenset[str] = frozenset()
    # Budget labels that name fiscal money only (年度财政资金总额).
    fiscal_totals: frozenset[str] = frozenset()
    # The facts of each text already classified against this table: bounded
    # like every per-text memo, and made afresh with each table, so a table
    # with other labels never sees another's answers.
    _memo: Callable[[str], LabelFacts] = dataclasses.field(init=False, repr=False, compare=False)

    # Every key a label's facts are looked up by (the rest are found by pattern).
    _keys: frozenset[str] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_memo", lru_cache(maxsize=TEXT_MEMO_SIZE)(self._classify))
        tables = (
            self.fields, self.others, self.sections, self.amount_columns, self.milestone_columns,
            self.indicator_columns, self.checkpoints, self.grid_sections,
            self.self_evaluation_columns,
        )  # fmt: skip
        object.__setattr__(self, "_keys", frozenset(key for table in tables for key in table))

    def facts(self, text: str) -> LabelFacts:
        """What ``text`` is as a label, classified once per distinct text."""
        return self._memo(text) if len(text) <= _MAX_LABEL else NO_FACTS

    def facts_of_all(self, texts: Iterable[str]) -> tuple[LabelFacts, ...]:
        """The facts of each text in turn (a row's cells)."""
        memo = self._memo
        return tuple([memo(text) if len(text) <= _MAX_LABEL else NO_FACTS for text in texts])

    def _classify(self, text: str) -> LabelFacts:
        key = label_key(text)
        if (
            key not in self._keys
            and not key.endswith(")")
            and not key.startswith(self.marker_prefixes)
            and "月" not in key
            and not self._category_levels(text)
        ):
            return NO_FACTS  # a value (most texts): no key, no pattern, no category
        column, horizon = self._indicator_column_horizon(text, key)
        checkpoint = self._checkpoint(key)
        field = self.fields.get(key)
        other = key in self.others
        section = self.sections.get(key)
        amount_column = self.amount_columns.get(key)
        milestone_column = self.milestone_columns.get(key)
        grid_section = self.grid_sections.get(key)
        category_levels = self._category_levels(text)
        evaluation_column = key if key in self.self_evaluation_columns else None
        if not (
            field or other or section or amount_column or milestone_column or column
            or grid_section or category_levels or checkpoint or evaluation_column
        ):  # fmt: skip
            return NO_FACTS
        return LabelFacts(
            field=field,
            other=other,
            section=section,
            amount_column=amount_column,
            milestone_column=milestone_column,
            indicator_column=column,
            horizon=horizon,
            grid_section=grid_section,
            category_levels=category_levels,
            checkpoint=checkpoint,
            # A label of any kind, so never a value.
            is_label=bool(text)
            and (key in self.plain_keys or column is not None or checkpoint is not None),
            marks_row=bool(field or column or grid_section or category_levels),
            evaluation_column=evaluation_column,
        )

    def is_fiscal_total(self, text: str) -> bool:
        return len(text) <= _MAX_LABEL and label_key(text) in self.fiscal_totals

    def names_fund(self, text: str) -> bool:
        """Whether a name label names a fund rather than one project."""
        return len(text) <= _MAX_LABEL and label_key(text) in self.fund_names

    def field(self, text: str) -> str | None:
        return self.facts(text).field

    def other(self, text: str) -> bool:
        return self.facts(text).other

    def section(self, text: str) -> str | None:
        return self.facts(text).section

    def amount_column(self, text: str) -> str | None:
        return self.facts(text).amount_column

    def milestone_column(self, text: str) -> str | None:
        return self.facts(text).milestone_column

    def indicator_column(self, text: str) -> str | None:
        return self.facts(text).indicator_column

    def indicator_column_horizon(self, text: str) -> tuple[str | None, Horizon | None]:
        """The column a header names and the horizon it carries: ``指标值（长期）``
        and ``长期指标值`` → (``target``, ``long_term``)."""
        facts = self.facts(text)
        return facts.indicator_column, facts.horizon

    def _indicator_column_horizon(self, text: str, key: str) -> tuple[str | None, Horizon | None]:
        if not text:
            return None, None
        if key in self.indicator_columns:
            return self.indicator_columns[key], None
        match = _SUFFIX.match(key) if key.endswith(")") else None
        if match and match["marker"] in self.horizon_markers:
            name = self.indicator_columns.get(match["base"])
            if name is not None:
                return name, self.horizon_markers[match["marker"]]
        if not key.startswith(self.marker_prefixes):
            return None, None
        for marker, horizon in self.horizon_markers.items():
            if key.startswith(marker):
                name = self.indicator_columns.get(key[len(marker) :])
                if name is not None:
                    return name, horizon
        return None, None

    def grid_section(self, text: str) -> Horizon | None:
        """The horizon of a heading over an indicator grid (``年度绩效指标``)."""
        return self.facts(text).grid_section

    def category_levels(self, text: str) -> frozenset[int]:
        """{1}, {2} or both (成本指标) where ``text`` is a category name of the grid."""
        return self.facts(text).category_levels

    def _category_levels(self, text: str) -> frozenset[int]:
        if not text:
            return _NO_LEVELS
        key = category_key(text)
        if key in self.level1:
            return _BOTH_LEVELS if key in self.level2 else _LEVEL1
        return _LEVEL2 if key in self.level2 else _NO_LEVELS

    def is_category(self, text: str) -> bool:
        return bool(self.facts(text).category_levels)

    def mentions_category(self, text: str) -> bool:
        """Whether a category name (数量指标) stands anywhere in the text, as in
        a row whose cells were fused together."""
        key = normalise(text)
        return "指标" in key and any(f"{name}指标" in key for name in (*self.level1, *self.level2))

    def checkpoint(self, text: str) -> str | None:
        if len(text) <= _MAX_LABEL:
            return self.facts(text).checkpoint
        return self._checkpoint(label_key(text))  # spaces may pad one past a label's length

    def _checkpoint(self, key: str) -> str | None:
        if key in self.checkpoints:
            return self.checkpoints[key]
        match = _MONTH_CHECKPOINT.match(key) if "月" in key else None
        if match:
            month = int(match.group(1))
            if 1 <= month <= 12:
                return _MONTH_KEYS.get(month, f"m{month}")
        return None

    def is_label(self, text: str) -> bool:
        """Whether a cell is a label of any kind (so never a value)."""
        return self.facts(text).is_label


def _invert(table: dict[str, list[str]]) -> dict[str, str]:
    return {label_key(label): name for name, labels in table.items() for label in labels}


def _horizons(table: dict[str, list[str]]) -> dict[str, Horizon]:
    result: dict[str, Horizon] = {}
    for name, labels in table.items():
        horizon: Horizon = "annual" if name == "annual" else "long_term"
        result.update({label_key(label): horizon for label in labels})
    return result


@cache
def labels() -> LabelTable:
    raw: dict[str, Any] = load_toml("labels.toml")
    kinds: dict[str, list[str]] = raw["kinds"]
    fields = _invert(raw["fields"])
    others = frozenset(label_key(label) for label in raw["other"]["labels"])
    sections = _invert(raw["section"])
    amount_columns = _invert(raw["amount_columns"])
    milestone_columns = _invert(raw["milestone_columns"])
    return LabelTable(
        fields=fields,
        others=others,
        sections=sections,
        amount_columns=amount_columns,
        milestone_columns=milestone_columns,
        indicator_columns=_invert(raw["indicator_columns"]),
        horizon_markers=_horizons(raw["horizons"]),
        grid_sections=_horizons(raw["grid_sections"]),
        level1=frozenset(category_key(n) for n in raw["categories"]["level1"]),
        level2=frozenset(category_key(n) for n in raw["categories"]["level2"]),
        checkpoints=_invert(raw["checkpoints"]),
        kind_words={
            kind: tuple(words)
            for kind, words in kinds.items()
            if kind in ("self_evaluation", "approval", "goal")
        },
        self_evaluation_columns=frozenset(
            label_key(label) for label in kinds["self_evaluation_columns"]
        ),
        plain_keys=frozenset({*fields, *others, *sections, *amount_columns, *milestone_columns}),
        marker_prefixes=tuple(_horizons(raw["horizons"])),
        fund_names=frozenset(label_key(label) for label in raw["names"]["fund"]),
        fiscal_totals=frozenset(label_key(label) for label in raw["fiscal_totals"]["labels"]),
    )
