"""Grid rows whose cells were fused, one row a line, read by the header.

A spreadsheet flattened to text may keep its rows on their own lines but run
every cell of a row together (``产出数量指标培训人次达到预计值350015``).
Under a header that names the columns (一级 | 二级 | 三级 | 说明 | 目标值 |
分值), such a line is read from both ends: the category cells in front (a
cell ending in 指标, or in 指标 within brackets), the weight at the end and
the target before it, the name and its description in between.

The weight is a whole number of at most 100 points. Where a row's figures
ran together (``350015``), each way to cut them into a target and a weight is
kept, and the cut is made only where the weights of the whole grid add up to
its total (总分) one way; a row that stays ambiguous keeps its figures as
written, with no weight.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from perfgoals.builder.cells import Token
from perfgoals.builder.figures import peel_values
from perfgoals.builder.labels import LabelTable

# A category cell at the front of a fused row: 质量指标, 产出数量指标, or a
# merged cell naming its kind in brackets (年度绩效目标(定量指标)).
_CATEGORY_CELL = regex.compile(
    r"[^\d()（）%]{1,12}[(（][^\d()（）%]{0,6}指标[)）]|[^\d()（）%:：]{1,10}?指标(?![)）])"
)
# What a target may be: a comparator, a number, a unit or a percent, a word
# that bounds it (95%以上).
_TARGET = (
    r"(?:[≥≤><=＞＜]|大于等于|小于等于|不低于|不少于|不高于|不超过)?\d+(?:\.\d+)?"
    r"(?:%|‰|{units})?(?:以上|以下|以内|及以上|及以下)?"
)
# The description column of a 评价指标表 says the target is to be reached
# (达到目标值, 完成计划值): it ends the name, before the target.
_DESCRIPTION = regex.compile(r"(?:达到|完成|实现|不低于|不少于|高于|低于)\p{Han}{0,4}值$")
_WEIGHT = regex.compile(r"^(?:100|[1-9]\d?)$")
_NUMBER = regex.compile(r"^(?:0|[1-9]\d*)$")
_TRAILING_DIGITS = regex.compile(r"\d+$")
_MIN_NAME = 2
# Columns of words that a fused row may leave out: no figure of its end.
_WORDED_COLUMNS = frozenset({"description", "note", "basis"})
_MAX_COMBINATIONS = 4096
_PATTERNS: list[regex.Pattern[str]] = []


def _target_at_end() -> regex.Pattern[str]:
    if not _PATTERNS:
        from perfgoals.targets import lexicon

        units = "|".join(regex.escape(u) for u in lexicon().units)
        _PATTERNS.append(regex.compile(_TARGET.format(units=units) + "$"))
    return _PATTERNS[0]


@dataclass
class FusedRow:
    """One fused line read into its cells; ``cuts`` are the ways its trailing
    figures split into (target, weight), one where they were not fused."""

    categories: list[str]
    name: str
    description: str
    target: str
    cuts: list[tuple[str, str]]


def read_fused_row(text: str) -> FusedRow | None:
    """The cells of a fused grid row ending in its weight, else None."""
    text = text.strip()
    categories: list[str] = []
    rest = text
    while len(categories) < 2 and (match := _CATEGORY_CELL.match(rest)):
        categories.append(match.group())
        rest = rest[match.end() :]
    digits = _TRAILING_DIGITS.search(rest)
    if digits is None:
        return None
    figures, before = digits.group(), rest[: digits.start()]
    target = ""
    cuts: list[tuple[str, str]] = []
    found = _target_at_end().search(before)
    if found is not None:
        # The target ends in a unit, a percent or a bound: the digits after
        # it are the weight alone.
        target, before = found.group(), before[: found.start()]
        if _WEIGHT.match(figures):
            cuts = [(target, figures)]
    else:
        if _WEIGHT.match(figures):
            cuts.append(("", figures))
        cuts += [
            (figures[:cut], figures[cut:])
            for cut in range(1, len(figures))
            if _NUMBER.match(figures[:cut]) and _WEIGHT.match(figures[cut:])
        ]
    description = ""
    if found_description := _DESCRIPTION.search(before):
        description = found_description.group()
        before = before[: found_description.start()]
    if len(before) < _MIN_NAME or not cuts:
        return None
    return FusedRow(categories, before, description, target, cuts)


def resolve_weights(rows: list[FusedRow], total: int) -> list[tuple[str, str]]:
    """Each row's (target, weight): its one cut, or where figures ran together
    the cut that makes the weights add up to ``total`` one way only; a row
    still ambiguous keeps its figures as its target, with no weight."""
    options = [row.cuts for row in rows]
    ambiguous = [i for i, cuts in enumerate(options) if len(cuts) > 1]
    chosen = [cuts[0] for cuts in options]
    if not ambiguous:
        return chosen
    size = 1
    for index in ambiguous:
        size *= len(options[index])
    fixed = sum(int(chosen[i][1]) for i in range(len(rows)) if i not in ambiguous)
    fits: list[tuple[tuple[str, str], ...]] = []
    if size <= _MAX_COMBINATIONS:
        for combination in itertools.product(*(options[i] for i in ambiguous)):
            if fixed + sum(int(weight) for _, weight in combination) == total:
                fits.append(combination)
    if len(fits) == 1:
        for index, cut in zip(ambiguous, fits[0], strict=True):
            chosen[index] = cut
        return chosen
    for index in ambiguous:
        figures = "".join(options[index][-1])
        chosen[index] = (figures, "")
    return chosen


def fused_grid_rows(
    tokens: list[Token], start: int, names: list[str], labels: LabelTable
) -> Iterator[tuple[int, dict[str, str]]]:
    """The fused rows after a grid header that ends at ``start``, by token
    index, as {column name: text}; rows that do not read so are left out."""
    if "level3" not in names:
        return
    after = names[names.index("level3") + 1 :]
    if [name for name in after if name not in _WORDED_COLUMNS] != ["target", "weight"]:
        return  # rows end in their target and weight, nothing else
    read: list[tuple[int, FusedRow]] = []
    total = 100
    for index in range(start, len(tokens)):
        token = tokens[index]
        if labels.other(token.text):
            following = tokens[index + 1].text if index + 1 < len(tokens) else ""
            total = int(following) if _WEIGHT.match(following) else total
            break
        if labels.is_category(token.text):
            continue  # a category cell cut off at its name: the row's rest follows
        if labels.is_label(token.text):
            break
        if not token.fused or _rows_in(token.text) > 1:
            continue  # not fused, or whole rows run together: read figure by figure
        row = read_fused_row(token.text)
        if row is not None:
            read.append((index, row))
    if not read:
        return
    cuts = resolve_weights([row for _, row in read], total)
    levels = [name for name in ("level1", "level2") if name in names]
    for (index, row), (target, weight) in zip(read, cuts, strict=True):
        cells: dict[str, str] = {}
        if len(row.categories) > len(levels):
            continue
        # One category cell in a row of two category columns: the 二级 where
        # it names no 一级 (the 一级 stands merged above it).
        at = levels[-len(row.categories) :] if row.categories else []
        if (
            len(row.categories) == 1
            and len(levels) == 2
            and _only_level1(row.categories[0], labels)
        ):
            at = levels[:1]
        cells.update(zip(at, row.categories, strict=True))
        name = row.name
        if row.description and "description" not in names:
            name += row.description
        cells["level3"] = name
        if row.description and "description" in names:
            cells["description"] = row.description
        cells["target"] = target
        cells["weight"] = weight
        yield index, cells


def _rows_in(text: str) -> int:
    """How many rows of a name, a target and a weight a text holds."""
    pieces = peel_values(text, 2) or []
    return sum(1 for (_, first), (_, then) in itertools.pairwise(pieces) if then and not first)


def _only_level1(text: str, labels: LabelTable) -> bool:
    return labels.category_levels(text) == frozenset({1})


def fused_row_cells(cells: dict[str, str], names: list[str]) -> dict[int, str]:
    """A fused row's cells by grid column, from its first filled one to its
    last, empty ones kept in place so that the row keeps its columns."""
    placed = {names.index(name): text for name, text in cells.items() if name in names}
    first = min(col for col, text in placed.items() if text)
    return {col: placed.get(col, "") for col in range(first, max(placed) + 1)}


_FILLER = "…. 、"


def closing_row(text: str, labels: LabelTable) -> list[tuple[int, str]]:
    """The cells of text that opens, after the filler a row may leave (……),
    with a label closing a grid (总分100 → 总分 | 100); none otherwise."""
    text = text.lstrip(_FILLER)
    size = next((size for size in range(2, 5) if labels.other(text[:size])), 0)
    if not size:
        return []
    return [(i, t) for i, t in enumerate((text[:size], text[size:].strip())) if t]
