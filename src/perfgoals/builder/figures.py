"""Figures run together with the text around them, split where it can be proved.

Two shapes are read: a name fused with the figures of its row
(``新建围栏长度10≥300米≥300米10``), cut where a run of as many figures as the
header has figure columns ends; and a funding row's figures fused with no
separator (``86.586.5100%``), split only where exactly one split makes what
was spent over the budget equal the rate it states.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

# A cell holding a name and its figures fused (数量指标 | 新建围栏长度10≥300米≥300米10).
MIN_FUSED_ROW = 8  # a shorter cell is never a fused row
_MIN_NAME = 2
# OCR reads = as 二: a 二 right before the figure, after a word that is no
# numeral (到位率二95百分比), stands for its comparator.
_OCR_EQUALS = r"(?<=\p{Han})(?<![零一二两三四五六七八九十百千万第初])二(?=\d)"
_COMPARATOR = rf"(?:[≥≤><=＞＜]|大于等于|小于等于|不低于|不少于|不高于|不超过|{_OCR_EQUALS})?"
_FIGURES: list[regex.Pattern[str]] = []


def _figure_pattern() -> regex.Pattern[str]:
    """A figure as a target writes it: comparator, number, a unit the target
    lexicon knows (``≥300米``, ``100%``, ``2万元``, ``1200元/亩``)."""
    if not _FIGURES:
        from perfgoals.targets import lexicon

        units = "|".join(regex.escape(u) for u in lexicon().units)
        _FIGURES.append(
            regex.compile(rf"{_COMPARATOR}\s*\d+(?:\.\d+)?\s*(?:(?:{units})(?:/(?:{units}|月))?)?")
        )
    return _FIGURES[0]


def peel_values(text: str, run: int) -> list[tuple[str, bool]] | None:
    """Name, figures, name, figures … where a fused cell holds whole rows, each
    ending in ``run`` figures back to back; None where it does not split so."""
    if run < 1:
        return None
    figures = _figures(text)
    pieces: list[tuple[str, bool]] = []
    position = 0
    index = 0
    while index < len(figures):
        chain = [figures[index]]
        while (
            len(chain) < run
            and index + len(chain) < len(figures)
            and figures[index + len(chain)][0] == chain[-1][1]
        ):
            chain.append(figures[index + len(chain)])
        after = text[chain[-1][1] : chain[-1][1] + 1]
        values = [f[2] for f in chain]
        if len(values) == run - 1:
            values = _one_more(values) or values
        if (
            len(values) == run
            and len(text[position : chain[0][0]].strip()) >= _MIN_NAME
            and (not after or after.isspace() or regex.match(r"[\p{Han}…]", after))
        ):
            pieces.append((text[position : chain[0][0]].strip(), False))
            pieces.extend((value, True) for value in values)
            position = chain[-1][1]
            index += len(chain)
            continue
        index += 1
    if not pieces or position == 0:
        return None
    if text[position:].strip():
        pieces.append((text[position:].strip(), False))
    return [p for p in pieces if p[0]]


# A worded target written twice before a figure (分值10 | 显著提升 | 显著提升 |
# 得分10, 合格 | 合格 | 20 | 20): the target and the actual of a self-evaluation row.
_TWICE = regex.compile(r"(\p{Han}{2,8})\1(?=\d)")


def _figures(text: str) -> list[tuple[int, int, str]]:
    """The figures of ``text`` as (start, end, text), a worded target and
    actual written twice between figures counting as two."""
    found = [
        (m.start(), m.end(), m.group().strip())
        for m in _figure_pattern().finditer(text)
        if m.group().strip()
    ]
    for match in _TWICE.finditer(text):
        word = match.group(1)
        middle = match.start() + len(word)
        found += [(match.start(), middle, word), (middle, match.end(), word)]
    return sorted(found)


_SCORE = regex.compile(r"^(?:100|[1-9]?\d)$")  # a weight or a score: 0 to 100
_PERCENT = regex.compile(r"^(?:100|[1-9]\d?)(?:\.\d+)?%$")  # never 0% or 05%


def _one_more(values: list[str]) -> list[str] | None:
    """A row one figure short where two were fused into one that splits only
    one way: a score equal to its weight (``2020`` → 20, 20) or a weight before
    a percentage (``20100%`` → 20, 100%). None where no figure, or more than
    one, splits so."""
    splits = [
        (i, pair)
        for i, value in enumerate(values)
        if (pair := _pair(value) or _before_its_twin(values, i))
    ]
    if len(splits) != 1:
        return None
    at, pair = splits[0]
    return [*values[:at], *pair, *values[at + 1 :]]


def _before_its_twin(values: list[str], at: int) -> tuple[str, str] | None:
    """A weight fused to a target that the next figure repeats (``1020万元``
    before ``20万元``: the weight 10, then the target 20万元 equal to the actual)."""
    if at + 1 >= len(values):
        return None
    value, twin = values[at], values[at + 1]
    head = value[: len(value) - len(twin)]
    if len(value) > len(twin) and value.endswith(twin) and _SCORE.match(head):
        return head, twin
    return None


_MIN_UNEQUAL_PAIR = 3


def _pair(value: str) -> tuple[str, str] | None:
    if value.isdigit():
        # A weight and the score under it (2020, 2018): the score is no more;
        # two digits are one figure unless they repeat (55).
        cuts = [
            (value[:cut], value[cut:])
            for cut in range(1, len(value))
            if _SCORE.match(value[:cut])
            and _SCORE.match(value[cut:])
            and int(value[cut:]) <= int(value[:cut])
            and (len(value) >= _MIN_UNEQUAL_PAIR or value[:cut] == value[cut:])
        ]
        return cuts[0] if len(cuts) == 1 else None
    if not value.endswith("%") or not value[0].isdigit():
        return None
    pairs = [
        (value[:cut], value[cut:])
        for cut in range(1, len(value) - 1)
        if _SCORE.match(value[:cut]) and _PERCENT.match(value[cut:])
    ]
    return pairs[0] if len(pairs) == 1 else None


# An amount row whose figures were fused (194.9194.9100%): the budget, what was
# spent and the rate, written with no separator.
_FUSED_AMOUNTS = regex.compile(r"^(?P<figures>[\d.]+%)(?P<tail>.*)$", regex.S)
_AMOUNT_PART = regex.compile(r"^(?:0|[1-9]\d*)(?:\.\d+)?$")
_MAX_FUSED_DIGITS = 24


def split_fused_amounts(text: str, keys: list[str]) -> list[str] | None:
    """The figures of a fused amount row, one per matrix column up to the rate,
    where exactly one split makes what was spent over the budget equal the
    rate (written with ``%``); else None. ``keys`` are the matrix's columns
    (planned, initial, executed, rate, other), the rate after executed."""
    match = _FUSED_AMOUNTS.match(regex.sub(r"\s+", "", text))
    if match is None or "executed" not in keys or "planned" not in keys:
        return None
    executed_at = keys.index("executed")
    rate_at = next((i for i in range(executed_at + 1, len(keys)) if keys[i] == "rate"), None)
    figures = match["figures"][:-1]
    if rate_at is None or len(figures) > _MAX_FUSED_DIGITS:
        return None
    # A rate of 0 holds for any budget where nothing was spent: a split that
    # a rate of something spent proves comes first, with every column or
    # with the columns a row may leave blank; a zero one only where none is.
    for nonzero in (True, False):
        for dropped in _left_blank(keys[:rate_at]):
            kept = [i for i in range(rate_at) if i not in dropped]
            found = [
                parts
                for parts in _proved_splits(figures, [*(keys[i] for i in kept), "rate"], dropped)
                if (float(parts[-1]) != 0) is nonzero
            ]
            if len(found) > 1:
                return None
            if found:
                parts = found[0]
                cells = [""] * rate_at
                for at, part in zip(kept, parts, strict=False):
                    cells[at] = part
                tail = [match["tail"]] if match["tail"] else []
                return [*cells, f"{parts[-1]}%", *tail]
            if not nonzero:
                break  # a zero rate proves nothing of the columns left blank
    return None


def _left_blank(keys: list[str]) -> list[frozenset[int]]:
    """The columns a row may leave blank, tried in turn where no split holds
    with every column: the weight and score (given once, on the total row),
    then the 年初预算数 as well (a form often left unfilled)."""
    scores = frozenset(i for i, key in enumerate(keys) if key == "other")
    initial = frozenset(i for i, key in enumerate(keys) if key == "initial")
    tries = [frozenset(), scores, initial, scores | initial]
    return [t for n, t in enumerate(tries) if t not in tries[:n]]


def _proved_splits(figures: str, keys: list[str], dropped: frozenset[int]) -> list[list[str]]:
    """The splits of ``figures`` into one number per key whose rate holds;
    with columns left blank, a weight or score (other) is a whole number up
    to 100."""
    return [
        parts
        for parts in _splits(figures, len(keys))
        if parts[-1] == parts[-1].lstrip("0") or parts[-1] == "0"
        if not dropped
        or all(_SCORE.match(part) for part, key in zip(parts, keys, strict=True) if key == "other")
        if _rate_holds(parts[:-1], keys, parts[-1])
    ]


def _splits(digits: str, count: int) -> Iterator[list[str]]:
    """Every way to cut ``digits`` into ``count`` well-formed numbers."""
    if count == 1:
        if _AMOUNT_PART.match(digits):
            yield [digits]
        return
    for cut in range(1, len(digits)):
        first = digits[:cut]
        if _AMOUNT_PART.match(first):
            for rest in _splits(digits[cut:], count - 1):
                yield [first, *rest]


_MAX_RATE = 1000


def _rate_holds(parts: list[str], keys: list[str], rate: str) -> bool:
    planned = float(parts[keys.index("planned")])
    executed = float(parts[keys.index("executed")])
    written = rate.rstrip("%")
    if planned <= 0 or float(written) >= _MAX_RATE:
        return False  # (a rate has at most three digits before its point)
    if float(written) == 0:
        return executed == 0  # a rate of 0 where something was spent is no split
    decimals = len(written.partition(".")[2])
    # A rate rounds what was spent over the budget to the places it is written with.
    tolerance = 0.5 / 10.0**decimals + 1e-9
    return abs(executed / planned * 100 - float(written)) <= tolerance


# A name that still reads as one: long enough, and not cut after a word that
# needs more after it (的, 和, 对 …).
_MIN_QUALIFIED_NAME = 4
_OPEN_END = "的和与及或、,，对在将把从向为于被使"
_MAX_QUALITATIVE = 6
_MIN_QUALITATIVE = 2
_OBJECTS: list[regex.Pattern[str]] = []


def split_qualitative(text: str, count: int = 1) -> tuple[str, list[str]] | None:
    """(name, values) where a name was fused with the qualitative values of its
    row's ``count`` value cells (a target, and an actual value beside it): a
    grade (达标, 合格), a trend or quality word with its pace (稳步提高, 显著,
    长远), or a trend with the one- or two-character thing it moves (增加岗位).
    None where the end is no such words or what is left does not read as a
    name."""
    text = text.strip()
    shortest = _MIN_QUALITATIVE if count == 1 else 1  # 高 | 高 only beside its twin
    found = _qualitative_tail(text, count, shortest)
    if found is None:
        return None
    name = text[: len(text) - sum(map(len, found))]
    if len(name) < _MIN_QUALIFIED_NAME or name[-1] in _OPEN_END:
        return None
    return name, found


def _qualitative_tail(text: str, count: int, shortest: int) -> list[str] | None:
    """The last ``count`` qualitative words of ``text``, longest first."""
    from perfgoals.targets import is_grade, lexicon

    qualitative = lexicon().qualitative
    longest = min(_MAX_QUALITATIVE, len(text) - _MIN_QUALIFIED_NAME)
    for length in range(longest, shortest - 1, -1):
        piece = text[-length:]
        if not (
            is_grade(piece) or qualitative.fullmatch(piece) or _trend_object().fullmatch(piece)
        ):
            continue
        if count == 1:
            return [piece]
        before = _qualitative_tail(text[:-length], count - 1, shortest)
        if before is not None:
            return [*before, piece]
    return None


def _trend_object() -> regex.Pattern[str]:
    if not _OBJECTS:
        from perfgoals.compiled import load_toml
        from perfgoals.targets import DATA_FILE

        trends = load_toml(DATA_FILE.name)["qualitative"]["trends"]
        words = "|".join(regex.escape(w) for w in sorted(trends, key=len, reverse=True))
        _OBJECTS.append(regex.compile(rf"(?:{words})\p{{Han}}{{1,2}}"))
    return _OBJECTS[0]


# An amount row with no rate whose figures were fused (2020: the budget and
# what was spent, both 20), and what follows them (其中:).
_REPEATED_AMOUNTS = regex.compile(r"^(?P<figures>\d[\d.]*)(?P<tail>\D*)$")
_AMOUNT_KEYS = ("initial", "planned", "executed")


def split_repeated_amounts(text: str, keys: list[str], cap: float | None) -> list[str] | None:
    """The figures of a fused amount row with no rate, where they are one
    figure written once per amount column of the matrix (``2020`` → 20, 20)
    and only one count of copies reads so; none above ``cap`` (the total the
    row is part of). Else None: ``2020`` alone may be a budget of 2020."""
    match = _REPEATED_AMOUNTS.match(regex.sub(r"\s+", "", text))
    columns = sum(1 for key in keys if key in _AMOUNT_KEYS)
    if match is None or "planned" not in keys or columns < 2:
        return None
    figures = match["figures"]
    found = [
        [figures[: len(figures) // count]] * count
        for count in range(2, columns + 1)
        if len(figures) % count == 0
        and figures[: len(figures) // count] * count == figures
        and _AMOUNT_PART.match(figures[: len(figures) // count])
        and (cap is None or float(figures[: len(figures) // count]) <= cap)
    ]
    if len(found) != 1:
        return None
    return [*found[0], *([match["tail"]] if match["tail"] else [])]


def amount_row(
    text: str, keys: list[str], fused: bool, total: float | None
) -> tuple[list[str] | None, float | None]:
    """A fused amount row's figures, one per matrix column: proved by the
    rate, or (in fused text) one figure repeated, no part above ``total``,
    the first amount row's budget; and that total, once a row gives it."""
    split = split_fused_amounts(text, keys)
    if split is None and fused:
        split = split_repeated_amounts(text, keys, total)
    at = keys.index("planned") if "planned" in keys else len(split or [])
    if split is not None and total is None and at < len(split):
        try:
            total = float(split[at])
        except ValueError:
            total = None
    return split, total
