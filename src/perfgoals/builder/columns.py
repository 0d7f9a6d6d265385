"""Labels and values extracted column by column.

Text taken from a PDF one column at a time gives a form's labels first, a few
to a line, and their values after them::

    项目名称 主管部门
    资金类型 实施周期
    校舍维修 县教育局 专项资金 2021年-2023年

Read row-wise, each label would take the next label as its value. A run of
lines made of label-like words only, holding several known labels of which two
stand side by side, is such a block: when the values after it are exactly as
many as the labels, they pair by position (the order a column keeps); when
they are not, any pairing would be a guess and the block is left unread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby, pairwise

import regex

from perfgoals.builder.cells import Token, is_anchor
from perfgoals.builder.labels import LabelTable

_LABEL_WORD = regex.compile(r"^\p{Han}{2,8}$")
_MIN_LINES = 2
_MIN_KNOWN = 3
_MIN_LINE_TOKENS = 2


@dataclass
class ColumnOrder:
    """Tokens with a column-ordered block paired into label, value, label, …
    (or, where it could not be paired, its known labels alone); the rest of
    such a block; what was said of it."""

    tokens: list[Token]
    unread: list[Token] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def column_order(
    tokens: list[Token], labels: LabelTable, is_title: Callable[[str], bool]
) -> ColumnOrder:
    span = _label_block(tokens, labels)
    if span is None:
        return ColumnOrder(tokens)
    start, end = span
    block = tokens[start:end]
    stop = end
    while (
        stop < len(tokens)
        and not _known(tokens[stop].text, labels)
        and not is_anchor(tokens[stop].text, labels)
        and not is_title(tokens[stop].text)
    ):
        stop += 1
    values = tokens[end:stop]
    if len(values) == len(block):
        paired = [token for pair in zip(block, values, strict=True) for token in pair]
        return ColumnOrder([*tokens[:start], *paired, *tokens[stop:]])
    note = (
        f"栏目名称连排在前、内容在后（按栏提取的文本），{len(block)}个栏目与{len(values)}项内容"
        "无法逐一对应，未读取 / labels extracted before their values do not pair: not read"
    )
    # The known labels stay, each with no value: their fields were seen, not read.
    known = [t for t in block if _known(t.text, labels)]
    unread = [t for t in tokens[start:stop] if not _known(t.text, labels)]
    return ColumnOrder([*tokens[:start], *known, *tokens[stop:]], unread, [note])


def _known(text: str, labels: LabelTable) -> bool:
    return bool(labels.field(text) or labels.other(text))


def _label_like(text: str, labels: LabelTable) -> bool:
    return _known(text, labels) or (
        _LABEL_WORD.match(text) is not None and not labels.is_category(text)
    )


def _label_block(tokens: list[Token], labels: LabelTable) -> tuple[int, int] | None:
    """Where a run of whole lines of label-like words stands, if it holds enough
    known labels with two of them side by side."""
    lines: list[tuple[int, int]] = []  # (first token, one past the last) of each line
    position = 0
    for _, group in groupby(tokens, key=lambda t: t.origin.line):
        count = len(list(group))
        lines.append((position, position + count))
        position += count
    run: list[tuple[int, int]] = []
    for first, last in [*lines, (len(tokens), len(tokens))]:
        whole = last - first >= _MIN_LINE_TOKENS and all(
            _label_like(t.text, labels) for t in tokens[first:last]
        )
        if whole and tokens[first].origin.line is not None:
            run.append((first, last))
            continue
        if len(run) >= _MIN_LINES and _is_block(tokens[run[0][0] : run[-1][1]], labels):
            return run[0][0], run[-1][1]
        run = []
    return None


def _is_block(block: list[Token], labels: LabelTable) -> bool:
    known = [_known(t.text, labels) for t in block]
    side_by_side = any(a and b for a, b in pairwise(known))
    return known[0] and sum(known) >= _MIN_KNOWN and side_by_side
