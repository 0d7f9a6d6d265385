"""Reading a 指标值 (target value): comparator, number, unit, kind, and what is left.

``parse_target("≥90%")`` → ``Target(">=", Decimal("90"), "%", "percent", "")``;
``parse_target("≥90资金到位")`` keeps the words after the number in ``rest`` so
rules can tell a target from a target with text pasted behind it.

Pure and fast: regular expressions over NFKC text, with the words (comparator
words, units, dates, grades) in ``data/targets.toml``. No pydantic, no I/O
beyond reading that file once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

from perfgoals.compiled import load_toml
from perfgoals.textnorm import TEXT_MEMO_SIZE

Comparator = Literal[">=", "<=", "=", ">", "<"]
Kind = Literal[
    "numeric",
    "percent",
    "date",
    "period",
    "duration",
    "qualitative",
    "placeholder",
    "empty",
    "text",
]

# A plain path rather than importlib.resources: cheaper to import, and the
# package is installed unpacked.
DATA_FILE = Path(__file__).resolve().parent / "data" / "targets.toml"

# NFKC turns ＞＜＝ into ASCII but keeps ≥≤≧≦; all are folded here.
_SYMBOLS: tuple[tuple[str, Comparator], ...] = (
    (">=", ">="), ("<=", "<="), ("=>", ">="), ("=<", "<="), ("≥", ">="), ("≧", ">="),
    ("⩾", ">="), ("≤", "<="), ("≦", "<="), ("⩽", "<="), (">", ">"), ("<", "<"), ("=", "="),
)  # fmt: skip
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_NUMBER_AT = rf"[+-]?{_NUMBER}"
_FIRST_DIGIT = r"\d"
# Left in from a template where the number belongs: ≥**%, XX, ××, …, □.
_PLACEHOLDER = r"\*+|[xX×]{2,}|\.{3,}|…+|□+|_{2,}|○{2,}"
_RANGE_SEP = r"(?:-|~|～|—|–|至|到)"
_YEAR = r"(?:19|20)\d{2}"
_DATE_PARTS = (
    # 2023年12月31日, 2023年12月, 2023年 (底|末 after a year or month)
    rf"{_YEAR}年(?:\d{{1,2}}月(?:\d{{1,2}}[日号])?(?:底|末|初|中旬|上旬|下旬)?|底|末|初)?",
    # 2023.12.31, 2023-12, 2023/12
    rf"{_YEAR}[./-](?:1[0-2]|0?[1-9])(?:[./-](?:3[01]|[12]\d|0?[1-9]))?(?![\d.])",
    # 12月31日, 6月底, 10月
    r"(?:1[0-2]|0?[1-9])月份?(?:(?:3[01]|[12]\d|0?[1-9])[日号])?(?:底|末|初|中旬|上旬|下旬)?",
)
_DATE = "(?:" + "|".join(_DATE_PARTS) + ")"
_PERIOD = (
    rf"{_YEAR}年?{_RANGE_SEP}{_YEAR}年?(?:度)?"
    rf"|{_DATE}{_RANGE_SEP}(?:{_DATE}|{_YEAR}|(?:1[0-2]|0?[1-9])(?:[./-]\d{{1,2}})?)"
    rf"|(?:1[0-2]|0?[1-9]){_RANGE_SEP}(?:1[0-2]|0?[1-9])月(?:底|末)?"
)
_RANGE_TAIL = rf"(%?){_RANGE_SEP}({_NUMBER})"
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}  # fmt: skip
_CN_NUMBER = r"[一二两三四五六七八九]?十[一二三四五六七八九]?|[一二两三四五六七八九]"
_PERCENT_WORDS = r"百分之(百|[一二两三四五六七八九十]+)"
_PREPOSITION = r"(?:截至|截止|在|于|到|至)"
_TRAILING_PUNCT = r"[。；;，,、.]+$"


@dataclass(frozen=True)
class Target:
    """A parsed 指标值.

    ``comparator`` is None where the text states no figure (qualitative, text,
    a bare placeholder) or a date or period with no 前/后. ``rest`` is the text
    after the number, unit and comparator words (for ``text``, the whole
    text); ``lead`` the text before the comparator.
    ``head`` is the target proper as written (``≥90%``), for suggestions.
    ``upper`` is the upper end of a range (``90-95%``).
    """

    comparator: Comparator | None
    number: Decimal | None
    unit: str | None
    kind: Kind
    rest: str = ""
    lead: str = ""
    head: str = ""
    upper: Decimal | None = None

    @property
    def words(self) -> str:
        """Text the cell carries besides the target itself (lead and rest)."""
        return f"{self.lead}{self.rest}"


@dataclass(frozen=True)
class _Lexicon:
    prefix: tuple[tuple[str, Comparator], ...]  # longest first
    suffix: tuple[tuple[str, Comparator], ...]
    date_suffix: tuple[tuple[str, Comparator], ...]
    units: tuple[str, ...]  # longest first
    durations: frozenset[str]
    unit_initial_words: frozenset[str]
    named_dates: tuple[str, ...]
    named_periods: frozenset[str]
    compound_tail: frozenset[str]
    grades: frozenset[str]
    absolute: tuple[str, ...]
    qualitative: re.Pattern[str]
    trend: re.Pattern[str]
    compound_unit: re.Pattern[str]
    placeholder_marks: re.Pattern[str]
    placeholder_blank: re.Pattern[str]
    spreadsheet_errors: tuple[str, ...]
    serial_range: tuple[int, int]


_COMPARATORS: dict[str, Comparator] = {c: c for c in (">=", "<=", "=", ">", "<")}


def _by_length(pairs: dict[str, list[str]]) -> tuple[tuple[str, Comparator], ...]:
    """(word, comparator) pairs, longest word first so 大于等于 wins over 大于."""
    items = [(word, _COMPARATORS[key]) for key, words in pairs.items() for word in words]
    return tuple(sorted(items, key=lambda item: -len(item[0])))


def alternation(words: list[str]) -> str:
    """A regular-expression alternation of ``words``, longest first.

    Words of one length in a fixed order (they never match at the same place,
    so the order does not change what matches): the same pattern on every run,
    which the compiled-pattern cache keys on."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@cache
def lexicon() -> _Lexicon:
    raw = load_toml(DATA_FILE.name)
    comparators, units, quality = raw["comparators"], raw["units"], raw["qualitative"]
    all_units = sorted({*units["base"], *units["duration"]}, key=len, reverse=True)
    unit_alt = alternation(all_units)
    qualitative = re.compile(
        rf"(?:{alternation(quality['adverbs'])})*"
        rf"(?:{alternation([*quality['trends'], *quality['words']])})+"
    )
    return _Lexicon(
        prefix=_by_length(comparators["prefix"]),
        suffix=_by_length(comparators["suffix"]),
        date_suffix=_by_length(comparators["date_suffix"]),
        units=tuple(all_units),
        durations=frozenset(units["duration"]),
        unit_initial_words=frozenset(units["unit_initial_words"]),
        named_dates=tuple(
            sorted({*raw["dates"]["named"], *raw["dates"]["periods"]}, key=len, reverse=True)
        ),
        named_periods=frozenset(raw["dates"]["periods"]),
        compound_tail=frozenset(units["compound_tail"]),
        grades=frozenset(quality["grades"]),
        absolute=tuple(quality["absolute"]),
        qualitative=qualitative,
        trend=re.compile(
            rf"(?:{alternation(quality['adverbs'])})+(?:{alternation(quality['trends'])})"
        ),
        # A compound unit: units joined by / or · (元/人·月, 次/年).
        compound_unit=re.compile(
            rf"(?:{unit_alt})(?:[/·](?:{alternation([*all_units, *units['compound_tail']])}))+"
        ),
        placeholder_marks=re.compile("|".join(raw["placeholders"]["marks"])),
        # A run of blank characters (or three dots, NFKC's …) not glued to a
        # figure or a Latin word: 3×4 and X光 are no blanks.
        placeholder_blank=re.compile(
            rf"(?<![0-9A-Za-z])(?:\.{{3,}}|[{re.escape(''.join(raw['placeholders']['blanks']))}]+)"
            rf"(?![0-9A-Za-z])"
        ),
        spreadsheet_errors=tuple(raw["spreadsheet"]["errors"]),
        serial_range=_serial_range(raw["spreadsheet"]["serial_years"]),
    )


_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 (with the 1900 leap-year bug)


def _serial_range(years: list[int]) -> tuple[int, int]:
    first, last = date(years[0], 1, 1), date(years[1], 12, 31)
    return (first - _EXCEL_EPOCH).days, (last - _EXCEL_EPOCH).days


def normalise_target(text: str) -> str:
    """NFKC, no whitespace, no trailing full stop: the form the parser reads."""
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return re.sub(_TRAILING_PUNCT, "", folded)


def parse_target(text: str) -> Target:
    """Read one 指标值 cell. Never raises; unknown text is ``kind="text"``."""
    s = normalise_target(text)
    if not s:
        return Target(None, None, None, "empty")
    return _parse(s)


def _parse(s: str) -> Target:
    lex = lexicon()
    lead, comparator, body = _split_comparator(s, lex)
    placeholder = re.match(_PLACEHOLDER, body)
    if placeholder and (placeholder.end() == len(body) or not body[placeholder.end()].isdigit()):
        after = body[placeholder.end() :]
        unit = _unit_at(after, lex)
        rest = after[len(unit) :] if unit else after
        return Target(comparator, None, unit, "placeholder", rest=rest, lead=lead)
    for parser in (_parse_period, _parse_date, _parse_named_date, _parse_figure, _parse_words):
        target = parser(s, lead, comparator, body, lex)
        if target is not None:
            return target
    return Target(None, None, None, "text", rest=s)


def _split_comparator(s: str, lex: _Lexicon) -> tuple[str, Comparator | None, str]:
    """Split off the comparator written just before the first figure, and the text
    before it (``覆盖率达到95%`` → ``覆盖率``, ``>=``, ``95%``)."""
    digit = re.search(_FIRST_DIGIT, s)
    placeholder = re.search(_PLACEHOLDER, s)
    stops = [m.start() for m in (digit, placeholder) if m is not None]
    if not stops:
        # No figure: only a comparator at the very start counts (≥良), and not
        # the 达 of a grade such as 达标.
        found = _comparator_at(s, lex)
        if found is None or is_grade(s) or lex.qualitative.fullmatch(s):
            return "", None, s
        return "", found[0], s[found[1] :]
    stop = min(stops)
    if stop and s[stop - 1] in "+-" and (stop == 1 or not s[stop - 2].isdigit()):
        stop -= 1  # a sign belongs to the number (-5%), a dash after a digit does not
    before = s[:stop]
    for candidate, comparator in (*_SYMBOLS, *lex.prefix):
        if before.endswith(candidate):
            return before[: -len(candidate)], comparator, s[stop:]
    return before, None, s[stop:]


def _comparator_at(s: str, lex: _Lexicon) -> tuple[Comparator, int] | None:
    for candidate, comparator in (*_SYMBOLS, *lex.prefix):
        if s.startswith(candidate):
            return comparator, len(candidate)
    return None


def _suffix_comparator(
    text: str, table: tuple[tuple[str, Comparator], ...]
) -> tuple[Comparator | None, int]:
    for word, comparator in table:
        if text.startswith(word):
            return comparator, len(word)
    return None, 0


def _parse_period(
    s: str, lead: str, comparator: Comparator | None, body: str, lex: _Lexicon
) -> Target | None:
    match = re.match(_PERIOD, body)
    if not match:
        return None
    rest = body[match.end() :]
    head = s[len(lead) : len(s) - len(rest)]
    return Target(comparator, None, None, "period", rest=rest, lead=lead, head=head)


def _parse_date(
    s: str, lead: str, comparator: Comparator | None, body: str, lex: _Lexicon
) -> Target | None:
    match = re.match(_DATE, body)
    if not match:
        return None
    rest = body[match.end() :]
    if _unit_at(rest, lex) and not re.match(r"(?:前|后|之前|之后|以前|以后|内)", rest):
        return None  # 10月 followed by a unit is not a date
    suffix, length = _suffix_comparator(rest, lex.date_suffix)
    rest = rest[length:]
    head = s[len(lead) : len(s) - len(rest)]
    return Target(comparator or suffix, None, None, "date", rest=rest, lead=lead, head=head)


def _parse_named_date(
    s: str, lead: str, comparator: Comparator | None, body: str, lex: _Lexicon
) -> Target | None:
    # 年底前完成, 于年内完成: a named time at the start, after at most a preposition.
    match = re.match(_PREPOSITION, body)
    start = match.end() if match else 0
    for word in lex.named_dates:
        if body.startswith(word, start):
            rest = body[start + len(word) :]
            suffix, length = _suffix_comparator(rest, lex.date_suffix)
            rest = rest[length:]
            if word.endswith("前"):
                suffix = "<="
            kind: Kind = "period" if word in lex.named_periods else "date"
            head = s[len(lead) : len(s) - len(rest)]
            return Target(comparator or suffix, None, None, kind, rest=rest, lead=lead, head=head)
    return None


def _parse_figure(
    s: str, lead: str, comparator: Comparator | None, body: str, lex: _Lexicon
) -> Target | None:
    number, length, unit = _number_at(body, lex)
    if number is None:
        return None
    after = body[length:]
    upper = None
    range_match = re.match(_RANGE_TAIL, after) if unit is None else None
    if range_match:
        upper = _decimal(range_match.group(2))
        after = after[range_match.end() :]
    if unit is None:
        unit = _unit_at(after, lex)
        if unit is None and range_match and range_match.group(1):
            unit = "%"  # 90%-95
        after = after[len(unit) :] if unit else after
    suffix, suffix_length = _suffix_comparator(after, lex.suffix)
    if suffix is not None and (suffix_length > 1 or unit in lex.durations):
        after = after[suffix_length:]  # a bare 内 reads as "within" only after a duration
    else:
        suffix = None
    kind: Kind = "numeric"
    if unit == "%":
        kind = "percent"
    elif unit in lex.durations:
        kind = "duration"
    head = s[len(lead) : len(s) - len(after)]
    return Target(
        comparator or suffix or "=",
        number,
        unit,
        kind,
        rest=after,
        lead=lead,
        head=head,
        upper=upper,
    )


def _parse_words(
    s: str, lead: str, comparator: Comparator | None, body: str, lex: _Lexicon
) -> Target | None:
    if "定性" in s or is_grade(s) or lex.qualitative.fullmatch(body) or is_grade(body):
        return Target(comparator, None, None, "qualitative", lead=lead, head=body)
    return None


def _number_at(body: str, lex: _Lexicon) -> tuple[Decimal | None, int, str | None]:
    """The number at the start of ``body``, its length, and the unit its wording
    implies: Arabic digits; 百分之九十 (a percentage); 三 or 十二 only before a
    unit of time (三个月, 两年), where a numeral cannot be part of a word."""
    match = re.match(_NUMBER_AT, body)
    if match:
        return _decimal(match.group()), match.end(), None
    words = re.match(_PERCENT_WORDS, body)
    if words:
        value = 100 if words.group(1) == "百" else _chinese_number(words.group(1))
        if value is not None:
            return Decimal(value), words.end(), "%"
    chinese = re.match(_CN_NUMBER, body)
    if chinese:
        value = _chinese_number(chinese.group())
        unit = _unit_at(body[chinese.end() :], lex)
        if value is not None and unit in lex.durations:
            return Decimal(value), chinese.end(), None
    return None, 0, None


def _chinese_number(text: str) -> int | None:
    """一 … 九十九, the small numbers written in words in targets (三个月, 两年)."""
    tens, ten, ones = text.partition("十")
    if not ten:
        return _CN_DIGITS.get(text) if len(text) == 1 else None
    high = _CN_DIGITS.get(tens, 0) if tens else 1
    low = _CN_DIGITS.get(ones, 0) if ones else 0
    return high * 10 + low


def _decimal(text: str) -> Decimal | None:
    if len(text) > 40:  # no figure is this long; Decimal arithmetic on it overflows
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _unit_at(text: str, lex: _Lexicon) -> str | None:
    """The unit ``text`` starts with, longest first; None where the characters
    begin a word instead (≥90日常… is 90 and the word 日常, not 90 days)."""
    compound = lex.compound_unit.match(text)
    if compound:
        return compound.group()
    for unit in lex.units:
        if not text.startswith(unit):
            continue
        after = text[len(unit) :]
        if unit.isascii() and unit.isalpha() and after[:1].isascii() and after[:1].isalpha():
            continue  # "m" of "mg" or "M" of "Mbps" is matched by the longer unit or not at all
        if len(unit) == 1 and after and f"{unit}{after[0]}" in lex.unit_initial_words:
            continue
        return unit
    return None


def unit_of(text: str) -> str | None:
    """The unit ``text`` is, if it is nothing but a unit (``%``, ``人次``, ``元/人·月``)."""
    s = normalise_target(text)
    if not s:
        return None
    lex = lexicon()
    if s in lex.durations or s in lex.compound_tail:
        return s  # 完成时限（月）: a unit of time named alone
    return s if _unit_at(s, lex) == s else None


def is_grade(text: str) -> bool:
    """Whether ``text`` is a grade of an explicit qualitative scale (优良, 达标, 合格, 是)."""
    s = normalise_target(text)
    lex = lexicon()
    if s in lex.grades:
        return True
    # 优/良/中/差, 达标/不达标: the scale itself written into the cell.
    parts = [p for p in re.split(r"[/、|]", s) if p]
    return len(parts) > 1 and all(p in lex.grades for p in parts)


def is_trend(text: str) -> bool:
    """Whether ``text`` is a direction with its pace and nothing else (稳步提高,
    持续改善): a qualitative target layouts.md lists, though still no figure."""
    return lexicon().trend.fullmatch(normalise_target(text)) is not None


def states_quantity_in_words(text: str) -> bool:
    """Whether ``text`` states an exact quantity in words: all or none (全覆盖,
    足额发放, 零事故, 无). A one-character word counts only at the start, so the
    无 of 无障碍 inside a phrase does not."""
    s = normalise_target(text)
    return any(s.startswith(word) if len(word) == 1 else word in s for word in lexicon().absolute)


# --------------------------------------------------------------------------
# Defects of any text cell (not only targets): placeholders, spreadsheet residue

_SCIENTIFIC = re.compile(r"(?<![0-9A-Za-z.])\d+(?:\.\d+)?[Ee][+-]\d{1,3}(?![0-9A-Za-z])")
_SERIAL = re.compile(r"(?:[<>]?=?)?(\d{5})(?:\.0+)?(?:之前|以前|前)?")
_PUNCT_OR_END = r"(?:$|[,.;:!?。，；：、)）\]】])"


@lru_cache(maxsize=TEXT_MEMO_SIZE)  # filings repeat their texts
def placeholder_in(text: str) -> str | None:
    """A template placeholder left in ``text`` (``≥**%``, ``XX``, ``完成…个``), as
    written after NFKC; None if there is none. Blank characters count only where
    a figure belongs: after a comparator, before a unit, or alone in the cell."""
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    if not s:
        return None
    lex = lexicon()
    mark = lex.placeholder_marks.search(s)
    if mark:
        return mark.group()
    for blank in lex.placeholder_blank.finditer(s):
        before, after = s[: blank.start()], s[blank.end() :]
        after_comparator = any(
            before.endswith(word) for word, _ in (*_SYMBOLS, *lex.prefix)
        ) and re.match(_PUNCT_OR_END, after)
        if after_comparator or _unit_at(after, lex) or not re.sub(r"[\W_]", "", s):
            return blank.group()
    return None


@lru_cache(maxsize=TEXT_MEMO_SIZE)
def spreadsheet_artefact(text: str) -> str | None:
    """A spreadsheet error value (``#VALUE!``) or an exponent-form number
    (``1.0E+4``) in ``text``, as written after NFKC; else None."""
    s = unicodedata.normalize("NFKC", text)
    upper = s.upper()
    for error in lexicon().spreadsheet_errors:
        if error in upper:
            start = upper.index(error)
            return s[start : start + len(error)]
    match = _SCIENTIFIC.search(s)
    return match.group() if match else None


def serial_date(text: str) -> date | None:
    """The date a bare spreadsheet date serial stands for (``45291`` → 2023-12-31),
    where the whole cell is one (optionally with ≤ or 前) in the configured years."""
    s = normalise_target(text)
    for symbol, comparator in _SYMBOLS:
        if s.startswith(symbol):
            s = s[len(symbol) :] if comparator in ("<=", "<", "=") else s
            break
    match = _SERIAL.fullmatch(s)
    if not match:
        return None
    serial = int(match.group(1))
    low, high = lexicon().serial_range
    return _EXCEL_EPOCH + timedelta(days=serial) if low <= serial <= high else None


@lru_cache(maxsize=TEXT_MEMO_SIZE)
def figures_in(text: str) -> tuple[tuple[Decimal, str], ...]:
    """The figures with a unit that free text states, in order (``合格率100%`` →
    ``[(100, "%")]``). Dates and periods are not figures; a number glued to a
    Latin word (``PM2.5``, ``IPv6``) is not either."""
    s = normalise_target(text)
    lex = lexicon()
    figures: list[tuple[Decimal, str]] = []
    skip_to = 0
    for match in re.finditer(rf"(?<![0-9A-Za-z.]){_NUMBER}", s):
        if match.start() < skip_to:
            continue
        at = s[match.start() :]
        when = re.match(_PERIOD, at) or re.match(_DATE, at)
        if when and not _unit_at(at[when.end() :], lex):
            skip_to = match.start() + when.end()
            continue
        unit = _unit_at(s[match.end() :], lex)
        value = _decimal(match.group())
        if unit is not None and value is not None:
            figures.append((value, unit))
    return tuple(figures)
