"""Reading printed values: amounts, percentages, numbered goal lists, titles."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

import regex

from perfgoals.model import MoneyUnit

_NUMBER = regex.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_MONEY_SUFFIXES = ("万元", "万", "元")  # 万元 before 元: the longer one first
_UNIT_IN_TEXT = regex.compile(r"(?:金额)?单位\s*[:：]\s*(万元|元)")
_UNIT_IN_LABEL = regex.compile(r"[(（]\s*(万元|元)\s*[)）]")
_GOAL_MARKER = regex.compile(
    r"(?:^|(?<=[；;。，,\s]))"
    # A dot before a digit is a decimal point (1.5万元), a 、 never is (1、12家).
    r"(?:(?P<n>\d{1,2})\s*(?:、|[.．](?!\d))|[(（](?P<p>\d{1,2})[)）]|目标\s*(?P<g>\d{1,2})\s*[:：])"
)
_UNIT_CODE = regex.compile(
    r"^\s*(?:[\[(（【〔](?P<b>\d{3,12})[\])）】〕]|(?P<f>\d{6,12}))\s*(?P<name>\S.*)?$"
)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


# More characters than any amount (a trillion yuan with decimals has 16): a
# longer run of digits is not a figure, and Decimal arithmetic on it overflows.
MAX_NUMBER_CHARS = 40


def parse_decimal(raw: str) -> Decimal | None:
    """A plain number as printed (thousands separators allowed), else None."""
    text = nfkc(raw).strip().replace(" ", "")
    if len(text) > MAX_NUMBER_CHARS or not _NUMBER.match(text):
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


_DOUBLED = re.compile(r"^(\d+(?:\.\d+)?(?:万元|万|元))\1$")
_BREAKDOWN = re.compile(r"(?<=[\d万元])\((?:[^()]*\d[^()]*)\)$")


def parse_amount(raw: str) -> tuple[Decimal | None, MoneyUnit | None]:
    """An amount with an optional unit in the value (``250万``, ``10000万元``)."""
    text = nfkc(raw).strip().replace(" ", "")
    # A breakdown in brackets after the total (854万(建设400万元,…)) is no
    # part of the figure.
    if text.endswith(")"):
        text = _BREAKDOWN.sub("", text)
    # The same amount twice (854万854万): two cells of one figure whose
    # boundary was lost.
    if text.endswith(("元", "万")):
        text = _DOUBLED.sub(r"\1", text)
    unit: MoneyUnit | None = None
    for suffix in _MONEY_SUFFIXES:
        if text.endswith(suffix):
            unit = "元" if suffix == "元" else "万元"
            text = text[: -len(suffix)]
            break
    return parse_decimal(text), unit


def parse_percent(raw: str) -> Decimal | None:
    text = nfkc(raw).strip().rstrip("%").strip()
    return parse_decimal(text)


def money_unit_in(text: str) -> MoneyUnit | None:
    """A unit declared in a header (``单位：万元``) or a label (``资金情况(万元)``)."""
    if "元" not in text:
        return None  # most cells: no pattern needed
    match = _UNIT_IN_TEXT.search(text) or _UNIT_IN_LABEL.search(text)
    if not match:
        return None
    return "元" if match.group(1) == "元" else "万元"


def declared_unit(text: str) -> MoneyUnit | None:
    """The unit of a cell that only declares it (``单位：万元``, ``金额单位：元``)."""
    if "单位" not in text:
        return None  # most cells: no pattern needed
    match = _UNIT_IN_TEXT.fullmatch(text.strip())
    if not match:
        return None
    return "元" if match.group(1) == "元" else "万元"


def split_unit(text: str) -> tuple[str | None, str | None]:
    """``434002定州市人民政府办公室`` → (``434002``, ``定州市人民政府办公室``).

    A unit declaration on the same line (``…住房和城乡建设局　　金额单位：元``)
    is no part of the name."""
    text = _UNIT_IN_TEXT.sub("", text)
    match = _UNIT_CODE.match(text)
    if not match:
        return None, text.strip() or None
    code = match.group("b") or match.group("f")
    name = (match.group("name") or "").strip() or None
    return code, name


def split_goals(text: str) -> list[tuple[int | None, str]]:
    """Split a 绩效目标 cell into (number, text) items.

    Numbered items (``1、``, ``（2）``, ``目标3：``) may be on separate lines or
    inline; unnumbered lines continue the item before them. Text with no
    numbering at all gives one item per non-empty line, and a line that lists
    goals between semicolons (…封顶；完成…工程。) one item per clause.
    """
    markers = list(_GOAL_MARKER.finditer(text))
    if not markers:
        return [(None, item) for line in text.splitlines() for item in _clauses(line)]
    items: list[tuple[int | None, str]] = []
    lead = text[: markers[0].start()].strip()
    if lead:
        items.append((None, lead))
    for index, match in enumerate(markers):
        end = markers[index + 1].start() if index + 1 < len(markers) else len(text)
        number = int(match.group("n") or match.group("p") or match.group("g"))
        body = text[match.end() : end].strip().rstrip("；;，,").strip()
        items.append((number, body))
    return items


_CLAUSE_BREAK = regex.compile(r"[；;]")
_MIN_CLAUSE = 6  # shorter pieces are parts of one goal (…：甲；乙), not goals


def _clauses(line: str) -> list[str]:
    pieces = [piece.strip() for piece in _CLAUSE_BREAK.split(line)]
    pieces = [piece for piece in pieces if piece]
    if len(pieces) > 1 and all(len(piece) >= _MIN_CLAUSE for piece in pieces):
        return pieces
    return [line.strip()] if line.strip() else []


# ``项目总额150万元，其中：财政资金120万元，自筹资金30万元``: a run of label
# characters, an optional 为/是/colon, a number and an optional unit.
_PROSE_AMOUNT = regex.compile(
    r"(?P<label>[\p{Han}（）()]{2,16}?)\s*(?:为|是|[:：])?\s*"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>万元|元|万)?"
)


def prose_amounts(
    text: str, field_of: Callable[[str], str | None]
) -> list[tuple[str, str, MoneyUnit | None]]:
    """Amounts stated in prose: (field, number as printed, unit) for each figure
    whose words end in a known amount label (``field_of`` maps labels to fields).
    A figure with no such label before it is skipped, never guessed."""
    found: list[tuple[str, str, MoneyUnit | None]] = []
    for match in _PROSE_AMOUNT.finditer(nfkc(text)):
        words = match.group("label").removeprefix("其中")
        name = next(
            (
                field
                for start in range(len(words) - 1)
                if (field := field_of(words[start:])) is not None
            ),
            None,
        )
        if name is None:
            continue
        unit_text = match.group("unit")
        unit: MoneyUnit | None = None
        if unit_text:
            unit = "元" if unit_text == "元" else "万元"
        found.append((name, match.group("number"), unit))
    return found


_INLINE_LABEL = regex.compile(r"^(?P<label>[^:：\n]{2,16})[:：]\s*(?P<value>\S.*)$", regex.DOTALL)


def inline_label(text: str) -> tuple[str, str] | None:
    """``项目名称：校舍维修`` → (``项目名称``, ``校舍维修``); None without a colon."""
    if "：" not in text and ":" not in text:
        return None  # most cells: no regex needed
    match = _INLINE_LABEL.match(text.strip())
    if not match:
        return None
    return match.group("label").strip(), match.group("value").strip()


_SUBTITLE = regex.compile(r"^[(（](?P<name>(?:\p{Han}.*){4,}?)[)）]$")
# Bracketed lines under a title that are no name: the year, the money unit,
# a stamp or signature note.
_NOT_A_NAME = regex.compile(r"^\s*\d{4}\s*年|单位|盖章|签字|填报|\d{4}\s*年度?\s*$")


def subtitle_name(text: str) -> str | None:
    """The name in a bracketed line under a title (（X区Y项目）), else None."""
    match = _SUBTITLE.match(text.strip())
    if match is None or _NOT_A_NAME.search(match.group("name")):
        return None
    return match.group("name").strip()


# An unlabelled row above a table names its unit in a cell or two (code and
# name): a row of more items (a site's 索引号 | … | 发文时间 | …) names none,
# nor does a title's year on its own line, a table's number or a table's name.
_MAX_UNIT_HEADER_CELLS = 2
_NO_UNIT = regex.compile(
    r"^(?:[(（]?\s*\d{4}\s*年度?\s*[)）]?|表\s*\d+(?:\s*-\s*\d+)?|.*\p{Han}表\s*(?:[(（][^)）]*[)）])?)$"
)


def may_name_unit(texts: list[str]) -> bool:
    """Whether an unlabelled row's cells are few enough to name a unit."""
    named = [t for t in texts if t.strip() and not money_unit_in(t)]
    return len(named) <= _MAX_UNIT_HEADER_CELLS


def names_no_unit(text: str) -> bool:
    return _NO_UNIT.match(text.strip()) is not None
