"""An indicator grid printed across instead of down.

A form that lists its indicators across the page gives each column as a row:
the 三级指标 label followed by the names, then each target column's label
followed by its values in the same order::

    三级指标 新建校舍(栋) 验收合格率(%) 按期完工率(%)
    年度目标值
    3 100% 100%

Text extracted from such a page keeps that order. :func:`transposed_grid`
finds the shape among the cells of a stream and pairs names and values by
position, where the counts agree. A value row with more or fewer values than
there are names (a wrapped value, a name the page lost) cannot be paired
without guessing: it is left unread and said so in a note.
"""

from __future__ import annotations

from dataclasses import dataclass

from perfgoals.builder.cells import Token, is_anchor
from perfgoals.builder.labels import LabelTable
from perfgoals.read.grid import Cell, Origin, Row, Table
from perfgoals.targets import parse_target

_MIN_NAMES = 2
_MAX_NAMES = 40
_CATEGORY_HEADER = ("一级指标", "二级指标")


@dataclass
class Transposed:
    """The grid read, the token span it was read from, and what was left unread."""

    table: Table
    start: int
    end: int  # one past the last token
    notes: list[str]


def transposed_grid(tokens: list[Token], labels: LabelTable) -> Transposed | None:
    """The first grid written across in ``tokens``, or None."""
    for start, token in enumerate(tokens):
        if labels.indicator_column(token.text) == "level3":
            found = _read_at(tokens, start, labels)
            if found is not None:
                return found
    return None


def _read_at(tokens: list[Token], start: int, labels: LabelTable) -> Transposed | None:
    names: list[Token] = []
    index = start + 1
    while index < len(tokens) and not _is_column_label(tokens[index].text, labels):
        text = tokens[index].text
        if is_anchor(text, labels) or _figure(text) or len(names) >= _MAX_NAMES:
            return None  # a label, a category or a figure among the names: no such row
        names.append(tokens[index])
        index += 1
    if len(names) < _MIN_NAMES or index >= len(tokens):
        return None
    columns: list[tuple[Token, list[Token]]] = []
    notes: list[str] = []
    while index < len(tokens) and labels.indicator_column(tokens[index].text) == "target":
        label = tokens[index]
        index += 1
        values: list[Token] = []
        while index < len(tokens) and not is_anchor(tokens[index].text, labels):
            values.append(tokens[index])
            index += 1
        if len(values) == len(names) and any(_figure(v.text) for v in values):
            columns.append((label, values))
        else:
            notes.append(
                f"“{label.text}”有{len(values)}个值、{len(names)}个指标名称，无法逐一对应，未读取 / "
                "values do not pair with the indicator names: not read"
            )
    if not columns:
        return None
    origin = tokens[start].origin
    header = [*_CATEGORY_HEADER, tokens[start].text, *(label.text for label, _ in columns)]
    rows = [_row(header, origin)]
    for number, name in enumerate(names):
        texts = ["", "", name.text, *(values[number].text for _, values in columns)]
        rows.append(_row(texts, name.origin))
    return Transposed(Table(rows=rows, origin=origin, recovered=True), start, index, notes)


def _is_column_label(text: str, labels: LabelTable) -> bool:
    return labels.indicator_column(text) is not None


def _figure(text: str) -> bool:
    target = parse_target(text)
    return target.kind not in ("text", "empty") and not target.words


def _row(texts: list[str], origin: Origin) -> Row:
    return Row(
        cells=[Cell(text=text, col=col, origin=origin) for col, text in enumerate(texts)],
        origin=origin,
    )
