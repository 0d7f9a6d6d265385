"""What the indicator rules (PG4xx) and the goal rules share: the indicator grid's facts.

The category lexicon in ``data/categories.toml`` (what each 一级/二级指标
measures), a row's parsed target (:func:`perfgoals.targets.parse_target`) and
the kinds its words name, the wording lists of generic names, and the text
comparisons the rules use. The rule modules beside this one read it; it reads
none of them, and no rule is registered here.

A column the layout lacks (``None``) is never reported; an empty string is a
blank cell. Comparisons of free text use :func:`repeats`: equal once
normalised, one holding nearly all of the other, or two thirds of their
characters in common. That catches ``按期拨付医疗救助资金`` /
``≥90%按期拨付救助资金`` and ignores words that merely share a noun
(``培训人次`` / ``≥500人次``, where 人次 is a unit).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from perfgoals.compiled import load_toml
from perfgoals.rules.common import is_blank
from perfgoals.targets import (
    Target,
    parse_target,
    unit_of,
)
from perfgoals.textnorm import TEXT_MEMO_SIZE, bare

if TYPE_CHECKING:
    from perfgoals.model import Indicator, ProjectTable



DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "categories.toml"

F_LEVEL1 = "一级指标"
F_LEVEL2 = "二级指标"
F_LEVEL3 = "三级指标"
F_DESCRIPTION = "绩效指标描述"
F_TARGET = "指标值"
F_BASIS = "指标值确定依据"

HUNDRED = Decimal(100)


# --------------------------------------------------------------------------
# Category lexicon


class Category(NamedTuple):
    """A 二级指标 kind: its shown name, the 一级 it belongs under, its words."""

    key: str
    name: str
    parents: tuple[str, ...]
    markers: tuple[str, ...]
    tolerated: frozenset[str]

    @property
    def home(self) -> str:
        return self.parents[0]


class Lexicon(NamedTuple):
    level1_keys: dict[str, str]  # normalised name → key
    level1_names: dict[str, str]  # key → shown name
    level2_keys: dict[str, str]
    level2: dict[str, Category]
    satisfaction_negations: tuple[str, ...]
    bounded_rates: tuple[str, ...]
    signed: tuple[str, ...]
    count_nouns: tuple[str, ...]
    unitless: tuple[str, ...]
    basis_sources: tuple[str, ...]
    qualitative_markers: tuple[str, ...]


def name_key(text: str) -> str:
    """A category name compared without spacing, punctuation or a trailing 指标."""
    return bare(text).removesuffix("指标")


@cache
def lexicon() -> Lexicon:
    raw: dict[str, Any] = load_toml(DATA_FILE.name)
    level1_keys = {name_key(n): key for key, names in raw["level1"].items() for n in names}
    level1_names = {key: names[0] for key, names in raw["level1"].items()}
    tolerated: dict[str, list[str]] = raw["tolerated"]
    level2 = {
        key: Category(
            key=key,
            name=entry["names"][0],
            parents=tuple(entry["parents"]),
            markers=tuple(entry["markers"]),
            tolerated=frozenset(tolerated.get(key, ())),
        )
        for key, entry in raw["level2"].items()
    }
    level2_keys = {name_key(n): key for key, entry in raw["level2"].items() for n in entry["names"]}
    measures = raw["measures"]
    return Lexicon(
        level1_keys=level1_keys,
        level1_names=level1_names,
        level2_keys=level2_keys,
        level2=level2,
        satisfaction_negations=tuple(measures["satisfaction_negations"]),
        bounded_rates=tuple(measures["bounded_rates"]),
        signed=tuple(measures["signed"]),
        count_nouns=tuple(measures["count_nouns"]),
        unitless=tuple(measures["unitless"]),
        basis_sources=tuple(measures["basis_sources"]),
        qualitative_markers=tuple(measures["qualitative_markers"]),
    )


def level1_of(text: str | None) -> str | None:
    """The 一级 category key a cell names (``效益指标`` → ``effect``), else None."""
    return lexicon().level1_keys.get(name_key(text)) if text else None


def level2_of(text: str | None) -> str | None:
    """The 二级 category key a cell names (``时效指标`` → ``timeliness``), else None."""
    return lexicon().level2_keys.get(name_key(text)) if text else None


def kinds_in(text: str | None) -> frozenset[str]:
    """The 二级 kinds whose words ``text`` uses (``服务对象满意`` → satisfaction)."""
    return _kinds_in(text) if text else frozenset()


@lru_cache(maxsize=TEXT_MEMO_SIZE)
def _kinds_in(text: str) -> frozenset[str]:
    lex = lexicon()
    words = bare(text)
    for negation in lex.satisfaction_negations:
        words = words.replace(negation, "")
    return frozenset(
        key
        for key, category in lex.level2.items()
        if any(marker in words for marker in category.markers)
    )


def fits(kind: str, row_kind: str) -> bool:
    """Whether a description of ``kind`` may stand in a row of ``row_kind``."""
    level2 = lexicon().level2
    own, row = level2[kind], level2[row_kind]
    return kind == row_kind or own.home == row.home or row_kind in own.tolerated


def category_name(key: str) -> str:
    lex = lexicon()
    if key in lex.level2:
        return lex.level2[key].name
    return lex.level1_names.get(key, key)


def mentions(text: str, words: Sequence[str]) -> bool:
    """Whether ``text`` (normalised) contains any of ``words``."""
    if isinstance(words, tuple):
        return _mentions(text, words)
    folded = bare(text)
    return any(word in folded for word in words)


# The word lists are the lexicon's tuples: a few fixed lists against texts that
# filings repeat in table after table.
@lru_cache(maxsize=TEXT_MEMO_SIZE)
def _mentions(text: str, words: tuple[str, ...]) -> bool:
    folded = bare(text)
    return any(word in folded for word in words)


# --------------------------------------------------------------------------
# Row helpers


def has_content(ind: Indicator) -> bool:
    return any(not is_blank(t) for t in (ind.level3, ind.description, ind.target))


def name_cell(ind: Indicator) -> tuple[str, str] | None:
    """The text naming what the row measures and its column: the description,
    else the 三级 name (layouts without a description column)."""
    if not is_blank(ind.description):
        assert ind.description is not None
        return ind.description, F_DESCRIPTION
    if not is_blank(ind.level3):
        assert ind.level3 is not None
        return ind.level3, F_LEVEL3
    return None


def names_text(ind: Indicator) -> str:
    """三级 name and description together, for words about the measure."""
    return "".join(t for t in (ind.level3, ind.description) if t)


def kind_of_row(ind: Indicator) -> str | None:
    return level2_of(ind.level2)


def level1_kinds(ind: Indicator) -> set[str]:
    """The 一级 categories a row stands for: its 一级 cell and its 二级's home."""
    kinds = set()
    level1 = level1_of(ind.level1)
    if level1:
        kinds.add(level1)
    row_kind = kind_of_row(ind)
    if row_kind:
        kinds.add(lexicon().level2[row_kind].home)
    return kinds


def is_satisfaction(ind: Indicator) -> bool:
    """Whether the row's figure is a satisfaction rate: it speaks of satisfaction
    and does not name another measure (满意度调查覆盖率, 满意度调查人次)."""
    names = [n for n in (ind.level3, ind.description) if n and n.strip()]
    if not any("satisfaction" in kinds_in(n) for n in names):
        return False
    return not any(_names_another_measure(name) for name in names)


def _names_another_measure(name: str) -> bool:
    """Whether a name ends in a count or a rate that is not satisfaction itself:
    满意度调查问卷有效样本数 counts questionnaires, 满意度问卷回收率 is a return rate."""
    lex = lexicon()
    folded = bare(name)
    if folded.endswith(lex.count_nouns):
        return True
    rate = folded.endswith("率") or folded.endswith(lex.bounded_rates)
    return rate and "satisfaction" not in kinds_in(folded[-4:])


@lru_cache(maxsize=TEXT_MEMO_SIZE)
def measured_kinds(text: str) -> frozenset[str]:
    """The 二级 kinds a name speaks of as what it measures: satisfaction words
    in front of a count or another rate name the survey, not satisfaction."""
    kinds = kinds_in(text)
    if "satisfaction" in kinds and _names_another_measure(text):
        return kinds - {"satisfaction"}
    return kinds


@lru_cache(maxsize=TEXT_MEMO_SIZE)
def _target(text: str) -> Target:
    return parse_target(text)


_NATURE_COMPARATORS = ("≥", "≤", ">=", "<=", "=", ">", "<", "≧", "≦", "＞", "＜", "＝")


def target_of(ind: Indicator) -> Target | None:
    """The row's target, completed from the 指标性质 and 计量单位 columns where the
    layout keeps the comparator or the unit apart from the figure (≥ | 90 | %)."""
    if is_blank(ind.target):
        return None
    assert ind.target is not None
    text = ind.target.strip()
    # ``nature`` is the 指标性质 column (≥ ≤ = 定性) of layouts that have one.
    nature = (ind.nature or "").strip()
    if nature in _NATURE_COMPARATORS and text[:1].isdigit():
        text = f"{nature}{text}"
    if ind.unit and unit_of(ind.unit) and text[-1:].isdigit():
        text = f"{text}{ind.unit.strip()}"
    return _target(text)


def repeats(a: str | None, b: str | None, *, overlap: float = 2 / 3) -> bool:
    """Whether two texts say the same thing: equal once normalised, the shorter
    making up at least half of the longer, or a share ``overlap`` of their
    characters (at least three) in common, in any order (Dice coefficient)."""
    left, right = bare(a or ""), bare(b or "")
    if len(left) < 2 or len(right) < 2:
        return False
    if left == right:
        return True
    short, long = sorted((left, right), key=len)
    if short in long and 2 * len(short) >= len(long):
        return True
    common = sum((Counter(left) & Counter(right)).values())
    return common >= 3 and 2 * common >= overlap * (len(left) + len(right))


def copies_name(words: str, name: str) -> bool:
    """Whether the words after a target copy the indicator's name: :func:`repeats`,
    or the whole name with little added (``养护进度时效高`` holds ``时效高``)."""
    if repeats(words, name):
        return True
    text, named = bare(words), bare(name)
    return len(named) >= 2 and named in text and len(text) - len(named) <= max(4, len(named))


def is_note(words: str) -> bool:
    """A parenthesised remark after the target (``≥500人次（全年）``) is deliberate."""
    return words.startswith("(") and words.endswith(")")


def format_figure(value: Decimal) -> str:
    return format(value.normalize(), "f")


# --------------------------------------------------------------------------
# Rules



def rows_per_horizon(table: ProjectTable) -> list[list[Indicator]]:
    """The table's indicator rows per horizon (one grid, or 长期 and 年度)."""
    groups: dict[str | None, list[Indicator]] = {}
    for ind in table.indicators or ():
        groups.setdefault(ind.horizon, []).append(ind)
    return list(groups.values())


class Wording(NamedTuple):
    """Words of the second-wave indicator rules (``data/categories.toml``)."""

    generic_category: tuple[str, ...]
    generic_rating: tuple[str, ...]
    generic_words: tuple[str, ...]  # category, rating and filler words, longest first
    satisfaction_words: tuple[str, ...]  # with rating and filler, longest first
    money: dict[str, Decimal]  # unit → its worth in 元
    per_unit: tuple[str, ...]
    time_measures: tuple[str, ...]
    rates: tuple[str, ...]


def _longest_first(*groups: list[str]) -> tuple[str, ...]:
    return tuple(sorted({w for group in groups for w in group}, key=len, reverse=True))


@cache
def wording() -> Wording:
    raw: dict[str, Any] = load_toml(DATA_FILE.name)
    generic, cost, timeliness = raw["generic"], raw["cost"], raw["timeliness"]
    return Wording(
        generic_category=tuple(generic["category"]),
        generic_rating=tuple(generic["rating"]),
        generic_words=_longest_first(generic["category"], generic["rating"], generic["filler"]),
        satisfaction_words=_longest_first(
            generic["satisfaction"], generic["rating"], generic["filler"]
        ),
        money={unit: Decimal(worth) for unit, worth in cost["money"].items()},
        per_unit=tuple(cost["per_unit"]),
        time_measures=tuple(timeliness["time_measures"]),
        rates=tuple(timeliness["rates"]),
    )


def _strip_words(text: str, words: Sequence[str]) -> str:
    for word in words:  # longest first, so 满意度 goes before 度
        text = text.replace(word, "")
    return text


@lru_cache(maxsize=TEXT_MEMO_SIZE)
def is_generic_name(name: str) -> bool:
    """Whether an indicator name only restates a category with a rating word
    (``时效高``, ``社会效益好``, ``工作质量高``), or names just a field of work
    before one (``审计工作质量高``): nothing measurable is named."""
    words = wording()
    folded = bare(name)
    if not any(word in folded for word in words.generic_category):
        return False  # a name must restate a category to be generic
    if not _strip_words(folded, words.generic_words):
        return True
    field, sep, claim = folded.partition("工作")
    return (
        bool(sep)
        and 1 <= len(field) <= 4
        and any(word in claim for word in words.generic_category)
        and any(word in claim for word in words.generic_rating)
        and not _strip_words(claim, words.generic_words)
    )


@lru_cache(maxsize=TEXT_MEMO_SIZE)
def is_satisfaction_name(name: str) -> bool:
    """A name of satisfaction words only (服务对象满意度): the standard indicator."""
    return not _strip_words(bare(name), wording().satisfaction_words)


def name_texts(ind: Indicator) -> list[str]:
    """The row's non-blank names: its 三级 name and its description."""
    return [n for n in (ind.level3, ind.description) if n is not None and n.strip()]




# Indicator cells checked for text defects, with the field names findings use.
ROW_CELLS = (
    ("level3", F_LEVEL3),
    ("description", F_DESCRIPTION),
    ("target", F_TARGET),
    ("basis", F_BASIS),
)
F_GOALS = "绩效目标"
