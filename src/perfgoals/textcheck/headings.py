"""PG603 copied heading: section structure pasted into a table field.

A field such as 资金用途 that carries, after its first paragraph or after a
sentence end, a section heading from another part of the filing
(`（二）综合二至七科。`, `二、资金管理`, `第二章 总则`, `(4)设备购置：`) has
been pasted together. Not reported: a field that merely starts with a marker,
an enumeration inside a sentence (`包括（1）…（2）…`), and lists numbered
from one (`（一）…（二）…`, `主要用于：\\n（1）…`). Arabic `1、` / `1.` items
are goal numbering, not section structure, and are never considered.
"""

from __future__ import annotations

import re

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
_CN_NUMERAL = "[一二三四五六七八九十百〇零]{1,4}"
# Section markers, by family: a family is numbered on its own.
_MARKERS = (
    ("paren-cn", re.compile(rf"[（(]({_CN_NUMERAL})[）)]")),
    ("paren-num", re.compile(r"[（(](\d{1,2})[）)]")),
    ("cn-comma", re.compile(rf"({_CN_NUMERAL})、")),
    ("chapter", re.compile(rf"第({_CN_NUMERAL}|\d{{1,2}})(?:章|节|部分|篇)")),
)
# Where a copied heading starts: a line after the first, or a sentence end.
_SPACE = " \t\u3000"
_SENTENCE_MARKS = "。！？!?；;"
# A heading is a short label closed by a full stop, a colon or the line end;
# a comma means a sentence, not a heading.
_HEADING = re.compile(r"[ \t\u3000]*([^，,；;。：:\n]{2,20}?)(?:[。：:]|[ \t\u3000]*(?=\n|$))")


def copied_heading(text: str) -> str | None:
    """The first heading (marker and label) pasted into the field, or None."""
    if "\n" not in text.strip() and not any(mark in text for mark in _SENTENCE_MARKS):
        return None  # one sentence, one paragraph: nothing was pasted after it
    body_start = len(text) - len(text.lstrip())
    for family, marker in _MARKERS:
        occurrences = list(marker.finditer(text))
        if not occurrences or _is_list(occurrences, body_start):
            continue
        for match in occurrences:
            if not _at_heading_position(text, match.start(), body_start):
                continue
            heading = _HEADING.match(text, match.end())
            if heading is None or not _has_han(heading.group(1)):
                continue
            if family == "chapter" and text[match.start() - 1 : match.start()] != "\n":
                continue  # 第二章 after a full stop is a citation, not a heading
            return text[match.start() : heading.end()].rstrip()
    return None


def _is_list(occurrences: list[re.Match[str]], body_start: int) -> bool:
    """Markers numbered from one, or a field that opens with the marker, are
    the field's own structure rather than pasted text."""
    if occurrences[0].start() == body_start:
        return True
    return any(_ordinal(match.group(1)) == 1 for match in occurrences)


def _at_heading_position(text: str, pos: int, body_start: int) -> bool:
    if pos <= body_start:
        return False
    line_start = text.rfind("\n", 0, pos)
    before = text[line_start + 1 : pos].strip(_SPACE)
    if before:
        # Mid-line: only right after a sentence end, never inside a sentence.
        return before[-1] in _SENTENCE_MARKS
    previous = text[:line_start].rstrip()
    # A colon introduces a list: 主要用于：\n（二）… is the list, not a paste.
    return bool(previous) and previous[-1] not in "：:"


def _has_han(label: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in label)


def _ordinal(numeral: str) -> int:
    """Value of a small Arabic or Chinese numeral (一 … 九十九)."""
    if numeral.isdigit():
        return int(numeral)
    value = 0
    digit = 0
    for char in numeral:
        if char == "十":
            value += (digit or 1) * 10
            digit = 0
        elif char == "百":
            value += (digit or 1) * 100
            digit = 0
        else:
            digit = _CN_DIGITS.get(char, 0)
    return value + digit
