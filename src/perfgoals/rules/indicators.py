"""PG4xx: the indicator grid (一级/二级/三级指标, 绩效指标描述, 指标值, 指标值确定依据).

The rules read each row's target with :func:`perfgoals.targets.parse_target`
and place its words with the category lexicon in ``data/categories.toml``
(what each 二级指标 measures). A column the layout lacks (``None``) is never
reported; an empty string is a blank cell.

Comparisons of free text use :func:`repeats`: equal once normalised, one
holding nearly all of the other, or two thirds of their characters in common.
That catches ``按期拨付医疗救助资金`` / ``≥90%按期拨付救助资金`` and ignores words
that merely share a noun (``培训人次`` / ``≥500人次``, where 人次 is a unit).
"""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perfgoals.rules.common import is_blank
from perfgoals.rules.goals import goal_texts
from perfgoals.rules.registry import Doc, Hit, RuleContext, rule
from perfgoals.targets import (
    Target,
    figures_in,
    is_grade,
    is_trend,
    parse_target,
    placeholder_in,
    serial_date,
    spreadsheet_artefact,
    states_quantity_in_words,
    unit_of,
)
from perfgoals.textnorm import TEXT_MEMO_SIZE, bare

if TYPE_CHECKING:
    from perfgoals.model import Filing, Indicator, ProjectTable

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "categories.toml"

F_LEVEL1 = "一级指标"
F_LEVEL2 = "二级指标"
F_LEVEL3 = "三级指标"
F_DESCRIPTION = "绩效指标描述"
F_TARGET = "指标值"
F_BASIS = "指标值确定依据"

HUNDRED = Decimal(100)


# --------------------------------------------------------------------------
# Category lexicon


@dataclass(frozen=True)
class Category:
    """A 二级指标 kind: its shown name, the 一级 it belongs under, its words."""

    key: str
    name: str
    parents: tuple[str, ...]
    markers: tuple[str, ...]
    tolerated: frozenset[str]

    @property
    def home(self) -> str:
        return self.parents[0]


@dataclass(frozen=True)
class Lexicon:
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
    raw: dict[str, Any] = tomllib.loads(DATA_FILE.read_text("utf-8"))
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


def _mentions(text: str, words: Sequence[str]) -> bool:
    folded = bare(text)
    return any(word in folded for word in words)


# --------------------------------------------------------------------------
# Row helpers


def _has_content(ind: Indicator) -> bool:
    return any(not is_blank(t) for t in (ind.level3, ind.description, ind.target))


def _name(ind: Indicator) -> tuple[str, str] | None:
    """The text naming what the row measures and its column: the description,
    else the 三级 name (layouts without a description column)."""
    if not is_blank(ind.description):
        assert ind.description is not None
        return ind.description, F_DESCRIPTION
    if not is_blank(ind.level3):
        assert ind.level3 is not None
        return ind.level3, F_LEVEL3
    return None


def _names_text(ind: Indicator) -> str:
    """三级 name and description together, for words about the measure."""
    return "".join(t for t in (ind.level3, ind.description) if t)


def _row_kind(ind: Indicator) -> str | None:
    return level2_of(ind.level2)


def _level1_kinds(ind: Indicator) -> set[str]:
    """The 一级 categories a row stands for: its 一级 cell and its 二级's home."""
    kinds = set()
    level1 = level1_of(ind.level1)
    if level1:
        kinds.add(level1)
    row_kind = _row_kind(ind)
    if row_kind:
        kinds.add(lexicon().level2[row_kind].home)
    return kinds


def _is_satisfaction(ind: Indicator) -> bool:
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


def _measured_kinds(text: str) -> frozenset[str]:
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


def _target_of(ind: Indicator) -> Target | None:
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


def _copies(words: str, name: str) -> bool:
    """Whether the words after a target copy the indicator's name: :func:`repeats`,
    or the whole name with little added (``养护进度时效高`` holds ``时效高``)."""
    if repeats(words, name):
        return True
    text, named = bare(words), bare(name)
    return len(named) >= 2 and named in text and len(text) - len(named) <= max(4, len(named))


def _is_note(words: str) -> bool:
    """A parenthesised remark after the target (``≥500人次（全年）``) is deliberate."""
    return words.startswith("(") and words.endswith(")")


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f")


# --------------------------------------------------------------------------
# Rules


@rule(
    code="PG401",
    name="value-copies-description",
    severity="warning",
    principle="细化量化",
    message=(
        "指标值“{value}”在数值后重复了指标描述“{description}”，指标值栏应只填目标值",
        "The value '{value}' repeats the description '{description}' after its number; the "
        "value column should hold the target only",
    ),
    zh=Doc(
        what="指标值在数字之后又抄了一遍绩效指标描述（或三级指标名称）。",
        why="指标值栏应只写可考核的目标值（比较符、数值、单位）；抄进去的文字既不是目标，也掩盖了缺少单位等问题。",
        bad="描述“资助资金发放及时”，指标值“≥95资助资金发放及时”。",
        good="描述“资助资金按时发放率”，指标值“≥95%”。",
        fix="删去指标值中数字后面重复的文字，只保留比较符、数值和单位；指标含义写在三级指标或指标描述中。",
    ),
    en=Doc(
        what="The value repeats the indicator's description (or 三级 name) after its number.",
        why="The value column holds the target to be assessed (comparator, number, unit); copied "
        "words are no target and hide a missing unit.",
        bad="Description 资助资金发放及时, value '≥95资助资金发放及时'.",
        good="Description 资助资金按时发放率, value '≥95%'.",
        fix="Remove the repeated words from the value; keep comparator, number and unit.",
    ),
)
def value_copies_description(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    for ind in table.indicators or ():
        target, named = _target_of(ind), _name(ind)
        if target is None or named is None or target.kind not in ("numeric", "percent"):
            continue
        if not target.rest or _is_note(target.rest):
            continue
        if any(_copies(target.rest, n) for n in (ind.description, ind.level3) if n):
            yield Hit(
                args={"value": ind.target, "description": named[0]},
                field=F_TARGET,
                indicator_row=ind.row,
                suggestion=target.head or None,
            )


@rule(
    code="PG402",
    name="basis-copies-description",
    severity="warning",
    principle="细化量化",
    message=(
        "指标值确定依据“{basis}”只是重复了{copied}，没有说明依据",
        "The basis '{basis}' only repeats the {copied_en}; no basis is given",
    ),
    zh=Doc(
        what="指标值确定依据只重复了绩效指标描述或指标值，没有写出依据。",
        why="确定依据要说明目标值从何而来（规划、标准、历史数据、测算），审核据此判断目标是否合理；重复描述等于没填。",
        bad="描述“农村公路养护质量”，依据“农村公路养护质量”；依据“≥95%”。",
        good="依据“《县农村公路养护管理办法》”“上年实际完成值 92%”“按养护里程测算”。",
        fix="写明目标值的来源：政策文件或规划、行业标准、以前年度实际值，或测算方法。",
    ),
    en=Doc(
        what="The basis column only repeats the description or the value.",
        why="The basis tells where the target comes from (a plan, a standard, history, an "
        "estimate); a copy gives reviewers nothing to judge the target by.",
        bad="Description 农村公路养护质量, basis 农村公路养护质量; basis '≥95%'.",
        good="Basis 《县农村公路养护管理办法》, 上年实际完成值 92%, 按养护里程测算.",
        fix="State the source: a policy or plan, a standard, last years' actuals, or the estimate.",
    ),
)
def basis_copies_description(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    lex = lexicon()
    for ind in table.indicators or ():
        basis = ind.basis
        if is_blank(basis):
            continue  # absent column or blank cell: not this rule's business
        assert basis is not None
        if _mentions(basis, lex.basis_sources):
            continue
        copied = _basis_copy(ind, basis)
        if copied is not None:
            yield Hit(
                args={
                    "basis": basis,
                    "copied": "指标描述" if copied == "description" else "指标值",
                    "copied_en": "description" if copied == "description" else "value",
                },
                field=F_BASIS,
                indicator_row=ind.row,
            )


def _basis_copy(ind: Indicator, basis: str) -> str | None:
    """``description`` or ``value`` when the basis only repeats that, else None.
    Exact copies are named before near ones, so the message names the right cell."""
    folded = bare(basis)
    names = [n for n in (ind.description, ind.level3) if n]
    target = _target_of(ind)
    values = [ind.target or "", target.head, target.rest] if target is not None else []
    if any(folded == bare(n) for n in names):
        return "description"
    if any(folded == bare(v) for v in values if v):
        return "value"
    # Near copies need more in common than in PG401: a basis that states a
    # standard (评分标准) may rightly reword the name it applies to.
    if any(repeats(basis, n, overlap=_BASIS_OVERLAP) for n in names):
        return "description"
    if target is not None and repeats(basis, target.rest, overlap=_BASIS_OVERLAP):
        return "value"
    return None


_BASIS_OVERLAP = 3 / 4


@rule(
    code="PG403",
    name="value-not-quantified",
    severity="warning",
    principle="细化量化",
    message=(
        "指标值“{value}”没有数值，无法考核；定性指标请注明“定性”或用等级（优/良/中/差、达标）表示",
        "The value '{value}' has no number and cannot be assessed; mark a qualitative "
        "indicator as 定性 or use grades (优/良/中/差, 达标)",
    ),
    variants={
        "trend": (
            "指标值“{value}”只说明方向，没有幅度；能量化的请给出数值（如“≥5%”），确为定性的请注明“定性”（仅作提示）",
            "The value '{value}' gives a direction but no size; give a figure where one exists "
            "(e.g. '≥5%') or mark the indicator 定性 (advisory only)",
        )
    },
    zh=Doc(
        what="指标值里没有任何数值（“高”“好”“按时”），且该指标没有标明是定性指标。只写方向和节奏的"
        "（“稳步提高”“持续改善”）仅作提示。",
        why="绩效目标要细化量化；没有数值、也不是明确等级的目标，年底无法判断是否完成。",
        bad="“河道保洁及时”的指标值“按时”；“群众用水条件”的指标值“好”。",
        good="“≥95%”“3个工作日内”“2024年10月底前”；定性指标写“达标”“优良”，或在指标性质栏注明“定性”。",
        fix="改为可衡量的数值、日期或期限；确为定性指标的，用等级表述并注明“定性”。",
    ),
    en=Doc(
        what="The value has no number at all (高, 好, 按时) and the indicator is not marked as "
        "qualitative. A direction with its pace only (稳步提高, 持续改善) is reported at info.",
        why="Targets must be measurable; a value with no number and no defined grade cannot be "
        "judged met or missed at year end.",
        bad="Value '按时' for 河道保洁及时; '好' for 群众用水条件.",
        good="'≥95%', '3个工作日内', '2024年10月底前'; for a qualitative indicator '达标' or "
        "'优良', or 定性 in the 指标性质 column.",
        fix="Give a number, date or period; for a genuinely qualitative indicator use grades and "
        "mark it 定性.",
    ),
)
def value_not_quantified(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    lex = lexicon()
    for ind in table.indicators or ():
        target = _target_of(ind)
        if target is None or target.kind not in ("qualitative", "text"):
            continue
        assert ind.target is not None
        columns = (ind.level3, ind.description, ind.direction, ind.nature)
        marked = " ".join(t for t in (*columns, ind.note, ind.unit) if t)
        if (
            _mentions(marked, lex.qualitative_markers)
            or _mentions(ind.target, lex.qualitative_markers)
            or is_grade(ind.target)
            or states_quantity_in_words(ind.target)
        ):
            continue
        if is_trend(ind.target):
            # 稳步提高, 持续改善: a deliberate direction, reported for a figure at info.
            yield Hit(
                args={"value": ind.target},
                field=F_TARGET,
                indicator_row=ind.row,
                variant="trend",
                severity="info",
            )
            continue
        yield Hit(args={"value": ind.target}, field=F_TARGET, indicator_row=ind.row)


@rule(
    code="PG404",
    name="value-missing-unit",
    severity="info",
    principle="细化量化",
    message=(
        "指标值“{value}”有数值但没有单位（%、人次、万元……）",
        "The value '{value}' has a number but no unit (%, 人次, 万元 …)",
    ),
    zh=Doc(
        what="指标值是一个数，但指标值、计量单位栏和指标名称中都没有单位。",
        why="“≥90”可以是 90%、90 人次或 90 分，含义不明，考核时会产生分歧。",
        bad="“疫苗接种覆盖率”的指标值“≥90”。",
        good="“≥90%”；或名称已带单位：“培训人次”填“≥500”，“完成时限（月）”填“10”。",
        fix="在数值后写上单位，或填写计量单位栏。",
    ),
    en=Doc(
        what="A numeric value with no unit in the value, a unit column, or the indicator's name.",
        why="'≥90' may be 90%, 90 people or 90 points; the target is ambiguous.",
        bad="Value '≥90' for 疫苗接种覆盖率.",
        good="'≥90%'; or a name that carries the unit: '≥500' for 培训人次.",
        fix="Write the unit after the number or fill in the unit column.",
    ),
)
def value_missing_unit(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    lex = lexicon()
    for ind in table.indicators or ():
        target = _target_of(ind)
        if target is None or target.kind != "numeric" or target.unit is not None:
            continue
        if target.rest or target.lead or target.number is None or target.number == 0:
            continue  # words in the value are PG401/PG407's; 0 needs no unit
        if not is_blank(ind.unit):
            continue
        names = [n for n in (ind.level3, ind.description) if n]
        if any(_names_unit(n, lex) for n in names):
            continue
        yield Hit(args={"value": ind.target}, field=F_TARGET, indicator_row=ind.row)


def _names_unit(name: str, lex: Lexicon) -> bool:
    """Whether an indicator name carries the unit of its figure: ``完成时限（月）``,
    ``培训人次``, or a measure that has none (``综合指数``)."""
    folded = bare(name)
    if folded.endswith(lex.count_nouns) or folded.endswith(lex.unitless):
        return True
    text = name.strip().replace("（", "(").replace("）", ")")
    if text.endswith(")") and "(" in text:
        inner = text[text.rindex("(") + 1 : -1]
        return unit_of(inner) is not None
    return False


@rule(
    code="PG405",
    name="implausible-threshold",
    severity="error",
    principle="合理可行",
    options={"satisfaction_min": 80},
    message=(
        "指标值“{value}”恒能达到（下限为 0 或负数），不构成目标",
        "The target '{value}' is always met (its floor is 0 or below); it sets no goal",
    ),
    variants={
        "over_hundred": (
            "指标值“{value}”不可能达到：“{measure}”是比率，不会超过 100%",
            "The target '{value}' cannot be met: '{measure}' is a rate and cannot exceed 100%",
        ),
        "satisfaction": (
            "满意度目标“{value}”低于 {minimum}%",
            "The satisfaction target '{value}' is below {minimum}%",
        ),
    },
    zh=Doc(
        what="目标恒能达到或不可能达到：“≥0”；合格率、覆盖率等比率超过 100%；满意度目标低于设定下限（默认 80%，[rules.PG405] satisfaction_min 可改）。",
        why="目标要合理可行：恒能达到的目标没有约束力，不可能达到的目标无法考核，过低的满意度目标说明目标设置随意。增长、下降、收益类指标可为负，“≥0”在那里是真目标，不报告；“=0起”“≤0”的零事故目标也不报告。",
        bad="“家长满意度 ≥0”；“验收合格率 ≥120%”；“患者满意度 ≥60%”。",
        good="“家长满意度 ≥90%”；“验收合格率 100%”；“安全事故 0起”；“门诊量增长率 ≥0%”。",
        fix="按实际可达水平重新设定目标值：比率不超过 100%，满意度一般不低于 80%。",
    ),
    en=Doc(
        what="A target that is always met or cannot be met: '≥0'; a rate such as a pass or "
        "coverage rate above 100%; a satisfaction target below the configured minimum "
        "(default 80%, option satisfaction_min).",
        why="Always-met targets bind nothing, impossible ones cannot be assessed, and a low "
        "satisfaction target shows a careless setting. Growth, decline and profit measures may "
        "be negative, so '≥0' is a real target there; zero-accident targets ('0起', '≤0') are "
        "real too.",
        bad="家长满意度 '≥0'; 验收合格率 '≥120%'; 患者满意度 '≥60%'.",
        good="家长满意度 '≥90%'; 验收合格率 '100%'; 安全事故 '0起'; 门诊量增长率 '≥0%'.",
        fix="Set an attainable target: rates at most 100%, satisfaction usually at least 80%.",
    ),
)
def implausible_threshold(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    lex = lexicon()
    minimum = Decimal(str(context.options.get("satisfaction_min", 80)))
    for ind in table.indicators or ():
        target = _target_of(ind)
        if target is None or target.number is None or target.kind not in ("numeric", "percent"):
            continue
        names = _names_text(ind)
        if _mentions(names, lex.signed) or _mentions(target.words, lex.signed):
            continue  # a change or a balance may be negative: ≥0 and >100% are real targets
        args: dict[str, object] = {"value": ind.target}
        if _always_met(target):
            variant = "default"
        elif _over_hundred(target) and _mentions(names, lex.bounded_rates):
            named = _name(ind)
            args["measure"] = named[0] if named else ""
            variant = "over_hundred"
        elif _is_satisfaction(ind) and _below(target, minimum):
            args["minimum"] = _fmt(minimum)
            variant = "satisfaction"
        else:
            continue
        yield Hit(args=args, field=F_TARGET, indicator_row=ind.row, variant=variant)


def _always_met(target: Target) -> bool:
    """A floor of 0 or below on a quantity that cannot be negative (≥0, >-1)."""
    number = target.number
    if number is None or target.comparator not in (">=", ">"):
        return False
    return number < 0 or (number == 0 and target.comparator == ">=")


def _over_hundred(target: Target) -> bool:
    if target.unit != "%" or target.number is None:
        return False
    if target.comparator in (">=", "=", None):
        return target.number > HUNDRED
    return target.comparator == ">" and target.number >= HUNDRED


def _below(target: Target, minimum: Decimal) -> bool:
    """A floor (≥, >, =) under the minimum, on a percentage; a bare number counts
    as one only above 10 (≥4.5 is a 5-point score)."""
    number = target.number
    if number is None or target.comparator not in (">=", ">", "="):
        return False
    if target.unit == "%":
        return number < minimum
    return target.unit is None and Decimal(10) < number < minimum


@rule(
    code="PG406",
    name="description-category-mismatch",
    severity="warning",
    principle="指向明确",
    message=(
        "{row_kind}一行的描述“{description}”属于{other_kind}",
        "The {row_kind} row is described as '{description}', which belongs to {other_kind}",
    ),
    zh=Doc(
        what="指标描述（描述未提及任何二级指标时为三级指标）所说的内容属于另一个二级指标，而不是本行的二级指标。",
        why="二级指标决定了这一行考核什么；时效指标下写满意度、满意度指标下写可持续影响，说明指标是套用或错位的，考核口径随之错误。",
        bad="时效指标一行写“学生家长满意”；服务对象满意度指标一行写“可持续发挥作用”。",
        good="时效指标写“资助资金发放时限”，满意度指标写“受助学生满意度”。",
        fix="把描述移到对应的二级指标下，或为本行写出真正属于该二级指标的描述。",
    ),
    en=Doc(
        what="The description (or the 三级 name, where the description names no category) "
        "speaks of another 二级 category than the row's.",
        why="The 二级 category says what the row assesses; a timeliness row about satisfaction or "
        "a satisfaction row about sustainability is copied or misplaced.",
        bad="A 时效指标 row described 学生家长满意; a 服务对象满意度指标 row described "
        "可持续发挥作用.",
        good="时效指标: 资助资金发放时限; 满意度指标: 受助学生满意度.",
        fix="Move the description under its category, or describe what this category measures.",
    ),
)
def description_category_mismatch(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    for ind in table.indicators or ():
        row_kind = _row_kind(ind)
        if row_kind is None:
            continue
        # The description, else the 三级 name where the description speaks of
        # no category at all (an explanation column that only defines the row).
        for text, field in ((ind.description, F_DESCRIPTION), (ind.level3, F_LEVEL3)):
            if is_blank(text):
                continue
            assert text is not None
            kinds = _measured_kinds(text)
            if not kinds:
                continue
            other = _foreign_kind(kinds, row_kind)
            if other is not None:
                yield Hit(
                    args={
                        "row_kind": category_name(row_kind),
                        "description": text,
                        "other_kind": category_name(other),
                    },
                    field=field,
                    indicator_row=ind.row,
                )
            break


def _foreign_kind(kinds: frozenset[str], row_kind: str) -> str | None:
    """The kind the words belong to when none of them fits the row, else None."""
    if not kinds or any(fits(kind, row_kind) for kind in kinds):
        return None
    return min(kinds)  # deterministic when words of two foreign kinds occur


@rule(
    code="PG407",
    name="value-description-mismatch",
    severity="warning",
    principle="指向明确",
    message=(
        "指标值“{value}”中的文字说的是{other}，与本行描述“{description}”不符",
        "The words in the value '{value}' describe {other_en}, not this row's '{description}'",
    ),
    zh=Doc(
        what="指标值中的文字描述的是另一个指标：属于另一个二级指标，或抄自本表另一行。",
        why="指标值与描述不对应，多半是复制粘贴时串行；按这样的目标无法考核本行指标。",
        bad="描述“参训教师满意度”，指标值“≥90培训质量合格”。",
        good="描述“参训教师满意度”，指标值“≥90%”。",
        fix="核对本行的指标值，只填本指标的目标值。",
    ),
    en=Doc(
        what="The words in the value describe another indicator: another 二级 category, or "
        "another row of the table.",
        why="Value and description do not belong together, usually a row mixed up while copying; "
        "the row cannot be assessed against it.",
        bad="Description 参训教师满意度, value '≥90培训质量合格'.",
        good="Description 参训教师满意度, value '≥90%'.",
        fix="Check the row and give this indicator's own target.",
    ),
)
def value_description_mismatch(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    rows = list(table.indicators or ())
    for ind in rows:
        target, named = _target_of(ind), _name(ind)
        if target is None or named is None or target.number is None:
            continue
        words = target.rest
        if len(bare(words)) < 2 or _is_note(words):
            continue
        if any(_copies(words, n) for n in (ind.description, ind.level3) if n):
            continue  # the row's own description: PG401
        args = {"value": ind.target, "description": named[0]}
        source = _copied_row(ind, words, rows)
        if source is not None:
            yield Hit(
                args={**args, "other": f"第{source.row}行的指标", "other_en": f"row {source.row}"},
                field=F_TARGET,
                indicator_row=ind.row,
            )
            continue
        own = kinds_in(named[0]) or ({k} if (k := _row_kind(ind)) else set())
        value_kinds = kinds_in(words)
        if not own or not value_kinds:
            continue
        foreign = [
            kind
            for kind in value_kinds
            if not any(fits(kind, mine) or fits(mine, kind) for mine in own)
        ]
        if len(foreign) == len(value_kinds):
            other = min(foreign)
            yield Hit(
                args={**args, "other": category_name(other), "other_en": category_name(other)},
                field=F_TARGET,
                indicator_row=ind.row,
            )


def _copied_row(ind: Indicator, words: str, rows: list[Indicator]) -> Indicator | None:
    """Another row whose description (or value words) ``words`` copy exactly, where
    that row is not about the same thing as this one."""
    folded, own = bare(words), _name(ind)
    for other in rows:
        named = _name(other)
        if other is ind or named is None or (own is not None and repeats(own[0], named[0])):
            continue
        other_target = _target_of(other)
        copies = {bare(named[0]), bare(other_target.rest) if other_target else ""}
        if folded in copies:
            return other
    return None


@rule(
    code="PG408",
    name="missing-level3-indicator",
    severity="info",
    enabled=False,
    message=("三级指标为空", "The 三级 indicator is empty"),
    zh=Doc(
        what="三级指标栏为空（模板有三级指标栏时）。默认关闭：许多模板只用描述栏表达三级指标。",
        why="三级指标是具体考核的指标名称；为空时只能从描述猜测考核内容。",
        bad="二级“数量指标”下三级指标空白，只写了描述。",
        good="三级指标“新建农村公路里程”。",
        fix="填写三级指标名称。",
    ),
    en=Doc(
        what="The 三级 column is empty where the template has one. Off by default: many "
        "templates put the indicator in the description column instead.",
        why="The 三级 name is the indicator assessed; without it the measure must be guessed.",
        bad="A 数量指标 row with an empty 三级 cell.",
        good="三级指标 新建农村公路里程.",
        fix="Fill in the 三级 indicator.",
    ),
)
def missing_level3_indicator(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    for ind in table.indicators or ():
        if ind.level3 is not None and is_blank(ind.level3) and _has_content(ind):
            yield Hit(field=F_LEVEL3, indicator_row=ind.row)


# 一级 categories every table needs; 满意度 is advisory (set "as needed").
_REQUIRED_LEVEL1 = ("output", "effect")


def _horizons(table: ProjectTable) -> list[list[Indicator]]:
    """The table's indicator rows per horizon (one grid, or 长期 and 年度)."""
    groups: dict[str | None, list[Indicator]] = {}
    for ind in table.indicators or ():
        groups.setdefault(ind.horizon, []).append(ind)
    return list(groups.values())


@rule(
    code="PG409",
    name="missing-category",
    severity="warning",
    principle="指向明确",
    message=(
        "指标中缺少一级指标“{category}”",
        "The indicators lack the 一级 category {category}",
    ),
    variants={
        "satisfaction_only": (
            "指标中没有满意度指标（按需设置，仅作提示）",
            "The indicators have no 满意度指标 (set as needed; advisory only)",
        )
    },
    zh=Doc(
        what="指标表缺少必备的一级指标：产出指标、效益（效果）指标。只缺满意度指标时仅作提示。",
        why="绩效目标应同时说明做什么（产出）和带来什么（效益）；满意度指标按需设置，缺少时提醒考虑。",
        bad="只有产出指标的一张表；只有“满意度指标”的一张表。",
        good="产出指标、效益指标、满意度指标各至少一行（效益指标、效果指标两种叫法均可）。",
        fix="补上缺少的一级指标及其二级、三级指标。",
    ),
    en=Doc(
        what="A table lacks a required 一级 category: 产出指标 or 效益/效果指标. A missing "
        "满意度指标 alone is reported as advisory.",
        why="Goals must say what is produced and what it achieves; satisfaction indicators are "
        "set as needed, so their absence is only a reminder.",
        bad="A table with output indicators only.",
        good="At least one row each of 产出, 效益 (or 效果) and 满意度 indicators.",
        fix="Add the missing category with its indicators.",
    ),
)
def missing_category(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    for rows in _horizons(table):
        present: set[str] = set()
        for ind in rows:
            if _has_content(ind):
                present |= _level1_kinds(ind)
        if not present:
            continue  # no row names a known category: nothing to measure against
        first = rows[0].row
        for key in _REQUIRED_LEVEL1:
            if key not in present:
                yield Hit(
                    args={"category": category_name(key)},
                    field=F_LEVEL1,
                    indicator_row=first,
                    key=key,
                )
        if "satisfaction" not in present:
            yield Hit(
                args={"category": category_name("satisfaction")},
                field=F_LEVEL1,
                indicator_row=first,
                key="satisfaction",
                variant="satisfaction_only",
                severity="info",
            )


@rule(
    code="PG410",
    name="output-indicators-incomplete",
    severity="warning",
    principle="细化量化",
    message=(
        "产出指标只有{present}，没有数量指标或质量指标",
        "The output indicators have only {present}: neither quantity nor quality",
    ),
    zh=Doc(
        what="产出指标下既没有数量指标，也没有质量指标（例如只有时效指标）。",
        why="产出要能数得出来或说得清质量；只有时效、成本的产出指标无法说明钱花出去做成了什么。",
        bad="产出指标只有一行时效指标“完成时限”。",
        good="产出指标含数量指标“新建校舍面积 ≥3000平方米”、质量指标“竣工验收合格率 100%”和时效指标。",
        fix="至少补充一个数量指标或质量指标。",
    ),
    en=Doc(
        what="The output indicators have neither a 数量指标 nor a 质量指标 (e.g. timeliness only).",
        why="Outputs must be counted or their quality stated; timeliness or cost alone does not "
        "say what the money produced.",
        bad="Output indicators: one 时效指标 row.",
        good="数量指标 新建校舍面积 ≥3000平方米, 质量指标 竣工验收合格率 100%, plus timeliness.",
        fix="Add at least one quantity or quality indicator.",
    ),
)
def output_indicators_incomplete(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    lex = lexicon()
    for rows in _horizons(table):
        outputs = [ind for ind in rows if _has_content(ind) and "output" in _level1_kinds(ind)]
        if not outputs:
            continue  # no output rows at all is PG409's finding
        kinds = [_row_kind(ind) for ind in outputs]
        if any(kind is None for kind in kinds):
            continue  # an output row of unknown 二级: cannot tell
        if {"quantity", "quality"} & set(kinds):
            continue
        present = "、".join(dict.fromkeys(lex.level2[k].name for k in kinds if k))
        yield Hit(args={"present": present}, field=F_LEVEL2, indicator_row=outputs[0].row)


@rule(
    code="PG411",
    name="category-pairing",
    severity="error",
    principle="指向明确",
    message=(
        "二级指标“{level2}”不属于一级指标“{level1}”，应在“{expected}”下",
        "The 二级 category {level2} does not belong under {level1}; it goes under {expected}",
    ),
    zh=Doc(
        what="二级指标放在了错误的一级指标下，如时效指标放在效益指标下。",
        why="一级、二级指标的对应关系是固定的（产出：数量、质量、时效、成本；效益：经济、社会、生态、可持续影响；满意度：服务对象满意度），错位会使汇总和考核出错。",
        bad="一级“效益指标”下的二级“时效指标”。",
        good="“产出指标—时效指标”；2021 年起的模板中“成本指标—经济成本指标”。",
        fix="把该行移到正确的一级指标下。满意度指标所在行一级单元格合并或空白不算错位。",
    ),
    en=Doc(
        what="A 二级 category under the wrong 一级 category (时效指标 under 效益指标).",
        why="The pairs are fixed (产出: 数量, 质量, 时效, 成本; 效益: 经济, 社会, 生态, "
        "可持续影响; 满意度: 服务对象满意度); a misplaced row breaks totals and assessment.",
        bad="二级 时效指标 under 一级 效益指标.",
        good="产出指标—时效指标; from 2021 templates on, 成本指标—经济成本指标.",
        fix="Move the row under its 一级 category. A satisfaction row with a merged or empty "
        "一级 cell is not flagged.",
    ),
)
def category_pairing(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    lex = lexicon()
    previous: Indicator | None = None
    for ind in table.indicators or ():
        level1, row_kind = level1_of(ind.level1), _row_kind(ind)
        carried = previous is not None and previous.level1 == ind.level1
        previous = ind
        if level1 is None or row_kind is None:
            continue
        category = lex.level2[row_kind]
        if level1 in category.parents:
            continue
        if row_kind == "satisfaction" and carried:
            # The builder carries a merged 一级 cell down; a satisfaction row often
            # has no 一级 cell of its own (layouts.md), so it inherits the one above.
            continue
        yield Hit(
            args={
                "level2": ind.level2,
                "level1": ind.level1,
                "expected": category_name(category.home),
            },
            field=F_LEVEL2,
            indicator_row=ind.row,
        )


_PART_NAMES = {1: "一", 2: "二", 3: "三"}


def _table_list(tables: Sequence[ProjectTable]) -> str:
    """第三部分第1、4、5表 — tables grouped by part, in order."""
    by_part: dict[int | None, list[str]] = {}
    for t in tables:
        by_part.setdefault(t.part, []).append(str(t.table_number))
    parts = []
    for part, numbers in by_part.items():
        prefix = f"第{_PART_NAMES.get(part, part)}部分" if part is not None else ""
        parts.append(f"{prefix}第{'、'.join(numbers)}表")
    return "；".join(parts)


def _signature(table: ProjectTable) -> tuple[tuple[str, str], ...]:
    """The table's indicator set: each row's name and value, normalised."""
    rows = []
    for ind in table.indicators or ():
        named = _name(ind)
        if named is None and is_blank(ind.target):
            continue
        rows.append((bare(named[0]) if named else "", bare(ind.target or "")))
    return tuple(rows)


@rule(
    code="PG412",
    name="boilerplate-indicators",
    severity="info",
    scope="filing",
    principle="指向明确",
    options={"min_tables": 5},
    message=(
        "{count} 张表的绩效指标完全相同（描述和指标值一致）：{tables}",
        "{count} tables carry the same indicators (descriptions and values): {tables}",
    ),
    zh=Doc(
        what="同一文件中许多张表（默认 5 张及以上，[rules.PG412] min_tables 可改）的指标完全相同：每行的描述和指标值都一样。每个文件报告一次，列出这些表。",
        why="不同项目做的事不同，指标也应不同；整套照抄的指标说明没有针对项目设定目标，无法考核各项目的产出和效益。",
        bad="十几张不同项目的表都只有“工作完成及时 ≥90”“社会效益明显 ≥90”“群众满意 ≥90”三行。",
        good="每个项目按自身内容设定数量、质量、时效和效益指标；满意度等通用指标可以相同。",
        fix="按每个项目的具体内容重新设定指标和目标值。",
    ),
    en=Doc(
        what="Many tables of one filing (default 5 or more, option min_tables) carry exactly the "
        "same indicators: every row's description and value alike. One finding per filing, "
        "listing the tables.",
        why="Different projects do different things; a copied indicator set sets no "
        "project-specific target and cannot assess any project's outputs.",
        bad="A dozen projects each with the same three rows 工作完成及时 ≥90, 社会效益明显 ≥90, "
        "群众满意 ≥90.",
        good="Each project has its own quantity, quality, timeliness and effect indicators; "
        "common ones such as satisfaction may repeat.",
        fix="Set indicators and targets from each project's own content.",
    ),
)
def boilerplate_indicators(filing: Filing, context: RuleContext) -> Iterator[Hit]:
    minimum = int(context.options.get("min_tables", 5))
    groups: dict[tuple[tuple[str, str], ...], list[ProjectTable]] = {}
    for table in filing.tables:
        signature = _signature(table)
        if len(signature) >= 2:  # one shared standard row is not a copied set
            groups.setdefault(signature, []).append(table)
    copied = [tables for tables in groups.values() if len(tables) >= max(minimum, 2)]
    if not copied:
        return
    copied.sort(key=lambda tables: (-len(tables), tables[0].part or 0, tables[0].position))
    yield Hit(
        args={
            "count": sum(len(tables) for tables in copied),
            "tables": " | ".join(_table_list(tables) for tables in copied),
        },
    )


# --------------------------------------------------------------------------
# Second wave: the 财政部 guidance on 绩效目标 (指向明确, 细化量化, 合理可行,
# 相应匹配). Each rule fires only where the layout has what it needs.


@dataclass(frozen=True)
class Wording:
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
    raw: dict[str, Any] = tomllib.loads(DATA_FILE.read_text("utf-8"))
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


def _is_satisfaction_name(name: str) -> bool:
    """A name of satisfaction words only (服务对象满意度): the standard indicator."""
    return not _strip_words(bare(name), wording().satisfaction_words)


def _names(ind: Indicator) -> list[str]:
    """The row's non-blank names: its 三级 name and its description."""
    return [n for n in (ind.level3, ind.description) if n is not None and n.strip()]


@rule(
    code="PG413",
    name="generic-indicator-name",
    severity="warning",
    principle="细化量化",
    message=(
        "指标“{name}”只重复了指标类别（或再加上“高”“好”），没有指出考核什么",
        "The indicator '{name}' only restates its category (perhaps with an adjective); it "
        "names nothing measurable",
    ),
    zh=Doc(
        what="三级指标或指标描述只是把指标类别换个说法再加上形容词（“时效高”“社会效益好”“质量优”），没有指出可以衡量的对象。以满意度为名、目标值是百分数的“服务对象满意度”是标准的满意度指标，不报告。",
        why="对应财政部绩效目标“细化量化”的要求：指标要指出具体考核的内容（完成时限、受益人数、合格率……），“时效高”说不清考核什么，年底也无法据此评价。",
        bad="时效指标“时效高”，指标值“≥90”；社会效益指标“社会效益好”。",
        good="时效指标“校舍维修完工时间”，指标值“2024年8月31日前”；社会效益指标“校舍安全隐患整改率”，指标值“100%”。",
        fix="写出这一类别下具体衡量的事项：时效写完成时限或及时率，质量写合格率或达标率，效益写受益对象和可衡量的变化。",
    ),
    en=Doc(
        what="The 三级 name or description only restates its category with an adjective (时效高, "
        "社会效益好, 质量优): nothing measurable is named. 服务对象满意度 with a percentage target "
        "is the standard satisfaction indicator and is not flagged.",
        why="The guidance asks for goals broken down into measurable indicators; 'timeliness "
        "high' does not say what is timed, so the year-end review has nothing to measure.",
        bad="时效指标 '时效高' with value '≥90'; 社会效益指标 '社会效益好'.",
        good="时效指标 校舍维修完工时间, value '2024年8月31日前'; 社会效益指标 校舍安全隐患整改率, "
        "value '100%'.",
        fix="Name what the category measures here: a deadline or on-time rate, a pass rate, the "
        "beneficiaries and a measurable change.",
    ),
)
def generic_indicator_name(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    for ind in table.indicators or ():
        names, named = _names(ind), _name(ind)
        if named is None or not all(is_generic_name(n) for n in names):
            continue
        target = _target_of(ind)
        figure = target.number if target is not None else None
        if figure is not None and figure <= HUNDRED and all(map(_is_satisfaction_name, names)):
            continue  # 服务对象满意度 ≥90%: the standard satisfaction indicator
        yield Hit(args={"name": named[0]}, field=named[1], indicator_row=ind.row)


# Indicator cells checked for text defects, with the field names findings use.
_ROW_CELLS = (
    ("level3", F_LEVEL3),
    ("description", F_DESCRIPTION),
    ("target", F_TARGET),
    ("basis", F_BASIS),
)
F_GOALS = "绩效目标"


@rule(
    code="PG414",
    name="template-placeholder",
    severity="error",
    principle="细化量化",
    message=(
        "“{text}”中留有模板占位符“{mark}”，应填写实际内容",
        "'{text}' still holds the template placeholder '{mark}'; fill in the real value",
    ),
    zh=Doc(
        what="指标名称、指标值、确定依据或绩效目标中留着模板的占位符：“≥**%”“XX”“××”“□□”，或在应填数字处的“…”（“完成…个”）。",
        why="对应“细化量化”的要求：占位符说明目标值根本没有填写，这样的指标无从考核，也说明表格是套用模板后未经核对就提交的。",
        bad="“受益学生人数 ≥XX人”；“验收合格率 ≥**%”；绩效目标“完成…所学校的改造”。",
        good="“受益学生人数 ≥1200人”；“验收合格率 ≥98%”；“完成8所学校的改造”。",
        fix="把占位符换成实际测算的数值或名称；暂时确定不了的指标，先与业务科室核实再填报。",
    ),
    en=Doc(
        what="A template placeholder left in an indicator name, value, basis or goal: '≥**%', "
        "'XX', '××', '□□', or '…' where a figure belongs ('完成…个').",
        why="The target was never filled in, so nothing can be assessed; it also shows the "
        "template was submitted unchecked.",
        bad="受益学生人数 '≥XX人'; 验收合格率 '≥**%'; goal '完成…所学校的改造'.",
        good="'≥1200人'; '≥98%'; '完成8所学校的改造'.",
        fix="Replace the placeholder with the estimated figure or the real name.",
    ),
)
def template_placeholder(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    for ind in table.indicators or ():
        for attribute, label in _ROW_CELLS:
            text = getattr(ind, attribute)
            mark = placeholder_in(text) if text else None
            if mark:
                yield Hit(
                    args={"text": text, "mark": mark},
                    field=label,
                    indicator_row=ind.row,
                    key=attribute,
                )
    for text, line, key in goal_texts(table):
        mark = placeholder_in(text)
        if mark:
            yield Hit(args={"text": text, "mark": mark}, field=F_GOALS, line=line, key=key)


_COST_KINDS = frozenset({"cost", "economic_cost", "social_cost", "ecological_cost"})


def _is_cost_row(ind: Indicator) -> bool:
    """A row under the 成本 category: by its 二级 or 一级 cell, or by its words
    where the 二级 is not a known category."""
    row_kind = _row_kind(ind)
    if row_kind is not None:
        return row_kind in _COST_KINDS or level1_of(ind.level1) == "cost"
    return level1_of(ind.level1) == "cost" or "cost" in kinds_in(_names_text(ind))


def _money_unit(unit: str | None) -> str | None:
    """The money unit a target's unit is, or starts with (元/人 → 元)."""
    if not unit:
        return None
    head = unit.split("/")[0].split("·")[0]
    return head if head in wording().money else None


def _per_unit(ind: Indicator, target: Target) -> bool:
    """A per-unit cost (人均成本, 元/人): no total to compare with the budget."""
    return (target.unit is not None and "/" in target.unit) or _mentions(
        _names_text(ind), wording().per_unit
    )


def _in_yuan(value: Decimal, unit: str) -> Decimal:
    return value * wording().money[unit]


def _budget_in_yuan(table: ProjectTable, *, whole_period: bool) -> Decimal | None:
    """The budget a total-cost cap answers to, in 元: the year's 预算数, or the
    whole period's 项目总预算 for 长期 rows (and as a larger bound for annual ones)."""
    amounts = [table.total_budget]
    if not whole_period:
        amounts.append(table.budget)
    values = [
        _in_yuan(a.value, a.unit or table.money_unit or "万元")
        for a in amounts
        if a is not None and a.value is not None and a.value > 0
    ]
    return max(values) if values else None


@rule(
    code="PG415",
    name="cost-cap-exceeds-budget",
    severity="warning",
    principle="相应匹配",
    message=(
        "成本指标“{value}”的上限高于本表预算 {budget}，按此上限考核没有约束",
        "The cost cap '{value}' is above the table's budget of {budget}; it caps nothing",
    ),
    zh=Doc(
        what="成本指标给出的总成本上限（“≤65万元”）高于本表预算数（元与万元换算后比较）。人均、单价等单位成本不比较；长期指标与项目总预算比较。",
        why="对应“相应匹配”的要求：绩效目标要与预算相匹配。总成本不可能超过批复的预算，高于预算的上限等于没有设成本控制目标，多半是单位写错（元写成万元）或抄错了数字。",
        bad="预算数 48.6 万元，成本指标“项目总成本 ≤65万元”；预算数 680000 元，成本指标“≤680万元”。",
        good="预算数 48.6 万元，成本指标“项目总成本 ≤48.6万元”；或单位成本“人均培训成本 ≤570元”。",
        fix="核对成本上限的数字和单位，使总成本上限不超过预算数；若是单位成本，在指标名称中写明“人均”“单价”等。",
    ),
    en=Doc(
        what="A total-cost cap (成本指标 '≤65万元') above the table's 预算数, compared after "
        "元/万元 conversion. Per-unit costs (人均, 单价, 元/人) are not compared; 长期 rows are "
        "compared with the whole period's budget.",
        why="Goals must match the budget: the total cost cannot exceed the approved budget, so a "
        "cap above it controls nothing — usually 元 written as 万元 or a figure copied wrong.",
        bad="Budget 48.6 万元, cost cap '项目总成本 ≤65万元'; budget 680000 元, cap '≤680万元'.",
        good="Budget 48.6 万元, cap '≤48.6万元'; or a unit cost '人均培训成本 ≤570元'.",
        fix="Check the cap's figure and unit so the total cost stays within the budget; name a "
        "unit cost as such (人均, 单价).",
    ),
)
def cost_cap_exceeds_budget(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    for ind in table.indicators or ():
        target = _target_of(ind)
        if target is None or target.number is None or not _is_cost_row(ind):
            continue
        unit = _money_unit(target.unit)
        if unit is None or target.comparator not in ("<=", "<", "=") or _per_unit(ind, target):
            continue
        budget = _budget_in_yuan(table, whole_period=ind.horizon == "long_term")
        if budget is None or _in_yuan(target.number, unit) <= budget:
            continue
        shown = table.budget if ind.horizon != "long_term" else None
        shown = shown or table.total_budget
        assert shown is not None
        budget_unit = shown.unit or table.money_unit or "万元"
        yield Hit(
            args={"value": ind.target, "budget": f"{shown.raw.strip()}{budget_unit}"},
            field=F_TARGET,
            indicator_row=ind.row,
        )


@rule(
    code="PG416",
    name="cost-direction",
    severity="info",
    principle="合理可行",
    message=(
        "成本指标“{value}”给的是下限（≥），成本指标应是上限（≤）",
        "The cost indicator '{value}' sets a floor (≥); a cost indicator is a cap (≤)",
    ),
    zh=Doc(
        what="成本指标的指标值是下限（“≥”“不低于”），而不是上限。成本节约率、成本降低额等“越高越好”的指标不报告。",
        why="对应“合理可行”的要求：成本指标用来控制花费，应写“不超过多少”；写成“≥”等于要求至少花这么多钱，考核方向反了。",
        bad="经济成本指标“人均培训成本 ≥570元”。",
        good="“人均培训成本 ≤570元”；“采购成本节约率 ≥5%”（越高越好的节约指标）。",
        fix="把比较符改为“≤”，目标值按预算测算的成本上限填写。",
    ),
    en=Doc(
        what="A cost indicator whose value is a floor (≥, 不低于) instead of a cap. Savings "
        "measures (节约率, 降低额), where more is better, are not flagged.",
        why="Cost indicators control spending and say 'no more than'; '≥' asks to spend at least "
        "that much, the wrong direction for an assessment.",
        bad="经济成本指标 人均培训成本 '≥570元'.",
        good="'≤570元'; 采购成本节约率 '≥5%' (a saving: more is better).",
        fix="Use '≤' and the cap estimated from the budget.",
    ),
)
def cost_direction(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    lex = lexicon()
    for ind in table.indicators or ():
        target = _target_of(ind)
        if target is None or target.number is None or target.comparator not in (">=", ">"):
            continue
        if not _is_cost_row(ind) or _money_unit(target.unit) is None:
            continue
        if _mentions(_names_text(ind), lex.signed) or _mentions(target.words, lex.signed):
            continue  # a saving or a reduction: more is better
        yield Hit(
            args={"value": ind.target},
            field=F_TARGET,
            indicator_row=ind.row,
            suggestion=f"≤{_fmt(target.number)}{target.unit}",
        )


_DATE_WORDS = ("时间", "日期", "时限", "截止", "期限", "节点")


def _date_belongs(ind: Indicator) -> bool:
    """Whether the row's target is a date: a 时效 row, or one named a date or deadline."""
    return _row_kind(ind) == "timeliness" or _mentions(_names_text(ind), _DATE_WORDS)


def _table_cells(table: ProjectTable) -> Iterator[tuple[str, str, int | None, str]]:
    """(field, text, indicator row, key) of the table's free-text cells."""
    for label, text in (("项目名称", table.project_name), ("资金用途", table.purpose)):
        if text:
            yield label, text, None, label
    for text, _, key in goal_texts(table):
        yield F_GOALS, text, None, key
    for ind in table.indicators or ():
        for attribute, label in _ROW_CELLS:
            value = getattr(ind, attribute)
            if value:
                yield label, value, ind.row, attribute


@rule(
    code="PG417",
    name="spreadsheet-artefact",
    severity="warning",
    principle="细化量化",
    message=(
        "“{text}”是电子表格的残留（{artefact}），不是填写的内容",
        "'{text}' is spreadsheet residue ({artefact}), not a written value",
    ),
    variants={
        "serial": (
            "“{text}”是电子表格的日期序列号，应写成日期（{date}）",
            "'{text}' is a spreadsheet date serial; write the date ({date})",
        )
    },
    zh=Doc(
        what="从电子表格粘贴时留下的痕迹：本应是日期的地方出现日期序列号（“45291”即 2023年12月31日），公式错误值（“#VALUE!”“#REF!”“#DIV/0!”），科学计数法数字（“1.0E+4”）。",
        why="对应“细化量化”的要求：目标值必须让人读得懂、能核对；序列号、错误值和科学计数法说明数值没有经过核对，实际目标无法确定。",
        bad="时效指标“完成时限”指标值“45291”；数量指标“≥1.2E+4人次”；确定依据“#REF!”。",
        good="“2023年12月31日前”；“≥12000人次”；“《县2024年培训计划》”。",
        fix="在电子表格中把单元格设为文本或日期格式后重新复制，或直接按实际内容改写。",
    ),
    en=Doc(
        what="Residue of a spreadsheet paste: a date serial where a date belongs ('45291' is "
        "2023-12-31), an error value ('#VALUE!', '#REF!', '#DIV/0!'), an exponent-form number "
        "('1.0E+4').",
        why="A target must be readable and checkable; serials, error values and exponent "
        "numbers show the figures were never checked.",
        bad="完成时限 '45291'; '≥1.2E+4人次'; basis '#REF!'.",
        good="'2023年12月31日前'; '≥12000人次'; '《县2024年培训计划》'.",
        fix="Format the spreadsheet cells as text or dates and copy again, or retype the value.",
    ),
)
def spreadsheet_artefact_rule(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    for label, text, row, key in _table_cells(table):
        artefact = spreadsheet_artefact(text)
        if artefact:
            yield Hit(
                args={"text": text, "artefact": artefact}, field=label, indicator_row=row, key=key
            )
    for ind in table.indicators or ():
        when = serial_date(ind.target) if ind.target and _date_belongs(ind) else None
        if when is not None:
            shown = f"{when.year}年{when.month}月{when.day}日"
            yield Hit(
                args={"text": ind.target, "date": shown},
                field=F_TARGET,
                indicator_row=ind.row,
                key="serial",
                variant="serial",
                suggestion=shown,
            )
    period = table.period  # 实施期, where the layout has one
    when = serial_date(period) if period else None
    if when is not None:
        shown = f"{when.year}年{when.month}月{when.day}日"
        yield Hit(
            args={"text": period, "date": shown},
            field="实施期",
            key="period",
            variant="serial",
            suggestion=shown,
        )


def _names_time_or_rate(ind: Indicator) -> bool:
    """Whether the row's name makes a bare figure a time or a rate (完成时限,
    办理天数, 按时完成率, 完成时限（月）): then a missing unit is PG404's."""
    words = wording()
    for name in _names(ind):
        folded = bare(name)
        if _mentions(folded, words.time_measures) or folded.endswith(words.rates):
            return True
        text = name.strip().replace("（", "(").replace("）", ")")
        if text.endswith(")") and "(" in text:
            inner = unit_of(text[text.rindex("(") + 1 : -1])
            if inner is not None and inner in (*words.time_measures, *_TIME_UNITS):
                return True
    return False


_TIME_UNITS = ("年", "月", "日", "天", "周", "小时", "工作日", "个月", "个工作日", "季度")
_YEARS = (Decimal(1990), Decimal(2100))


@rule(
    code="PG418",
    name="timeliness-target-not-time",
    severity="warning",
    principle="细化量化",
    message=(
        "时效指标的指标值“{value}”不是日期、期限、时长或及时率",
        "The timeliness target '{value}' is neither a date, a period, a duration nor an "
        "on-time rate",
    ),
    zh=Doc(
        what="时效指标的指标值只是一个没有单位的数（“≥90”），既不是日期（“2024年10月31日前”）、期间、时长（“3个工作日内”），也不是及时率（“≥95%”）。名称已说明时间或比率的（“完成时限”“按时完成率”）缺单位时由 PG404 提示。",
        why="对应“细化量化”的要求：时效指标考核的是“什么时候完成、多长时间内完成”，“≥90”说不出是 90 天、90 分还是 90%，无法判断是否按时。",
        bad="时效指标“时效高”指标值“≥90”；“资助资金发放及时”指标值“≥90及时”。",
        good="“资助资金发放时间”指标值“2024年10月31日前”；“申请办结时限”指标值“≤5个工作日”；“按时发放率”指标值“100%”。",
        fix="改为完成日期、期限、时长，或写成及时率并带上“%”。",
    ),
    en=Doc(
        what="A 时效指标 target that is a bare figure ('≥90'): neither a date ('2024年10月31日前'), "
        "a period, a duration ('3个工作日内') nor an on-time rate ('≥95%'). Where the name says "
        "it is a time or a rate (完成时限, 按时完成率), a missing unit is PG404's.",
        why="Timeliness is about when or how fast; '≥90' may be 90 days, 90 points or 90%, so "
        "nobody can tell whether the work was on time.",
        bad="时效指标 '时效高' with '≥90'; '资助资金发放及时' with '≥90及时'.",
        good="'2024年10月31日前'; '≤5个工作日'; 按时发放率 '100%'.",
        fix="Give a deadline, a period or a duration, or an on-time rate with '%'.",
    ),
)
def timeliness_target_not_time(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    for ind in table.indicators or ():
        if _row_kind(ind) != "timeliness":
            continue
        target = _target_of(ind)
        if target is None or target.kind != "numeric" or target.unit is not None:
            continue  # dates, periods, durations and rates are times; words are PG403's
        assert target.number is not None and ind.target is not None
        if _YEARS[0] <= target.number <= _YEARS[1] and not target.rest:
            continue  # a year on its own (2024) is a date
        if serial_date(ind.target) is not None or _names_time_or_rate(ind):
            continue  # a date serial is PG417's; a named time or rate lacks a unit (PG404)
        yield Hit(args={"value": ind.target}, field=F_TARGET, indicator_row=ind.row)


F_WEIGHT = "分值"


def _weight_sum(rows: Sequence[Indicator]) -> Decimal:
    return sum((ind.weight for ind in rows if ind.weight is not None), Decimal(0))


def _merged_weight_sum(rows: Sequence[Indicator]) -> Decimal | None:
    """The weight total where each 一级 group carries one weight repeated on
    every row (a merged 分值 cell read onto each row), else None."""
    groups: dict[str, set[Decimal]] = {}
    for ind in rows:
        if ind.weight is not None:
            groups.setdefault(bare(ind.level1), set()).add(ind.weight)
    if any(len(weights) != 1 for weights in groups.values()):
        return None
    return sum((next(iter(w)) for w in groups.values()), Decimal(0))


@rule(
    code="PG419",
    name="weights-sum-mismatch",
    severity="warning",
    principle="合理可行",
    options={"total": 100, "budget_execution": 10, "tolerance": 0.1},
    message=(
        "指标分值合计 {sum}，与总分 {total} 不符",
        "The indicator weights add up to {sum}, not the total of {total}",
    ),
    zh=Doc(
        what="有“分值”栏的表中，各指标分值之和不等于总分（默认 100；预算执行率 10 分不在指标表中另计时为 90）。总分、预算执行率分值和容差可用 [rules.PG419] total、budget_execution、tolerance 设置。",
        why="对应“合理可行”的要求：分值决定各指标在评价中的权重，合计不等于总分，评价得分就无法按百分制比较，多半是增删指标后没有调整分值。",
        bad="五个指标分值 30、20、20、20、20，合计 110。",
        good="分值合计 100；或指标合计 90，另有“预算执行率”10 分。",
        fix="调整各指标分值，使合计等于总分。",
    ),
    en=Doc(
        what="Where a 分值 column exists, the indicator weights do not add up to the declared "
        "total (default 100, or 90 where 预算执行率's 10 points are scored outside the grid). "
        "Options total, budget_execution and tolerance.",
        why="Weights set each indicator's share of the score; a total that is off makes scores "
        "incomparable, usually after indicators were added or removed.",
        bad="Weights 30, 20, 20, 20, 20: 110 in all.",
        good="Weights adding up to 100, or 90 with 预算执行率 scored at 10 separately.",
        fix="Adjust the weights so they add up to the total.",
    ),
)
def weights_sum_mismatch(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    total = Decimal(str(context.options.get("total", 100)))
    execution = Decimal(str(context.options.get("budget_execution", 10)))
    tolerance = Decimal(str(context.options.get("tolerance", 0.1)))
    for rows in _horizons(table):
        weighted = [ind for ind in rows if ind.weight is not None]
        if not weighted:
            continue  # no 分值 column (or none filled): nothing to add up
        in_grid = any("预算执行" in bare(_names_text(ind)) for ind in weighted)
        allowed = [total] if in_grid else [total, total - execution]
        sums = [_weight_sum(weighted)]
        merged = _merged_weight_sum(weighted)
        if merged is not None and len(weighted) > 1:
            sums.append(merged)
        if any(abs(s - a) <= tolerance for s in sums for a in allowed):
            continue
        yield Hit(
            args={"sum": _fmt(sums[0]), "total": _fmt(total)},
            field=F_WEIGHT,
            indicator_row=weighted[0].row,
        )


@rule(
    code="PG420",
    name="target-contradicts-name",
    severity="info",
    principle="细化量化",
    message=(
        "指标名称“{name}”中写的是 {named}，指标值却是“{value}”",
        "The name '{name}' states {named}, but the target is '{value}'",
    ),
    zh=Doc(
        what="指标名称（三级指标或描述）自带一个数值，与指标值中同单位的数值不同，如名称“质量达标率100%”、指标值“≥98%”。名称中有多个数值的不比较。",
        why="对应“细化量化”的要求：量化的指标只能有一个目标值；名称和指标值各说一个数，考核时不知以哪个为准。",
        bad="“竣工验收合格率100%”，指标值“≥98%”；“培训教师500人次”，指标值“≥600人次”。",
        good="名称“竣工验收合格率”，指标值“100%”；名称“培训教师人次”，指标值“≥600人次”。",
        fix="把数值从名称中删去，只在指标值中填写目标。",
    ),
    en=Doc(
        what="The indicator name (三级 or description) carries its own figure, which differs "
        "from the target's figure in the same unit (name '质量达标率100%', target '≥98%'). Names "
        "with several figures are not compared.",
        why="A quantified indicator has one target; with one figure in the name and another in the value "
        "nobody knows which one is assessed.",
        bad="'竣工验收合格率100%' with '≥98%'; '培训教师500人次' with '≥600人次'.",
        good="Name 竣工验收合格率, target '100%'; name 培训教师人次, target '≥600人次'.",
        fix="Remove the figure from the name; state the target in the value only.",
    ),
)
def target_contradicts_name(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    for ind in table.indicators or ():
        target = _target_of(ind)
        if target is None or target.number is None or target.unit is None:
            continue
        wanted = {target.number, target.upper}
        for name, label in ((ind.level3, F_LEVEL3), (ind.description, F_DESCRIPTION)):
            figures = figures_in(name) if name else ()
            if len(figures) != 1 or figures[0][1] != target.unit:
                continue  # no figure, several, or one of another measure (3个工作日办结率)
            number, unit = figures[0]
            if number not in wanted:
                yield Hit(
                    args={"name": name, "named": f"{_fmt(number)}{unit}", "value": ind.target},
                    field=label,
                    indicator_row=ind.row,
                )
                break
