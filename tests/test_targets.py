"""perfgoals.targets: reading 指标值 cells."""

from __future__ import annotations

import sys
from decimal import Decimal

import pytest

from perfgoals.targets import (
    Target,
    is_grade,
    normalise_target,
    parse_target,
    states_quantity_in_words,
    unit_of,
)

D = Decimal

# text → (comparator, number, unit, kind, rest)
CASES: list[tuple[str, tuple[str | None, Decimal | None, str | None, str, str]]] = [
    # comparators: symbols, full-width, ASCII, words before and after, none
    ("≥90%", (">=", D(90), "%", "percent", "")),
    ("≤5%", ("<=", D(5), "%", "percent", "")),
    ("≧95%", (">=", D(95), "%", "percent", "")),
    ("≦3天", ("<=", D(3), "天", "duration", "")),
    ("＞９０％", (">", D(90), "%", "percent", "")),
    ("＜10%", ("<", D(10), "%", "percent", "")),
    ("＝100%", ("=", D(100), "%", "percent", "")),
    (">=95%", (">=", D(95), "%", "percent", "")),
    ("<=2小时", ("<=", D(2), "小时", "duration", "")),
    ("> 80 %", (">", D(80), "%", "percent", "")),
    ("不低于95%", (">=", D(95), "%", "percent", "")),
    ("不少于300人次", (">=", D(300), "人次", "numeric", "")),
    ("不高于65万元", ("<=", D(65), "万元", "numeric", "")),
    ("不超过3个工作日", ("<=", D(3), "个工作日", "duration", "")),
    ("大于80%", (">", D(80), "%", "percent", "")),
    ("小于2%", ("<", D(2), "%", "percent", "")),
    ("大于等于90%", (">=", D(90), "%", "percent", "")),
    ("达到95%", (">=", D(95), "%", "percent", "")),
    ("95%以上", (">=", D(95), "%", "percent", "")),
    ("95%及以上", (">=", D(95), "%", "percent", "")),
    ("5%以下", ("<=", D(5), "%", "percent", "")),
    ("15个工作日以内", ("<=", D(15), "个工作日", "duration", "")),
    ("100%", ("=", D(100), "%", "percent", "")),
    ("10辆", ("=", D(10), "辆", "numeric", "")),
    # units
    ("≥500人次", (">=", D(500), "人次", "numeric", "")),
    ("≤65万元", ("<=", D(65), "万元", "numeric", "")),
    ("300元/人·月", ("=", D(300), "元/人·月", "numeric", "")),
    ("120元/人次", ("=", D(120), "元/人次", "numeric", "")),
    ("≥3000平方米", (">=", D(3000), "平方米", "numeric", "")),
    ("12.6公里", ("=", D("12.6"), "公里", "numeric", "")),
    ("≥2万人次", (">=", D(2), "万人次", "numeric", "")),
    ("0起", ("=", D(0), "起", "numeric", "")),
    ("=0起", ("=", D(0), "起", "numeric", "")),
    ("≤0", ("<=", D(0), None, "numeric", "")),
    ("≥90", (">=", D(90), None, "numeric", "")),
    ("≥85分", (">=", D(85), "分", "numeric", "")),
    # numbers: thousands separators, full width, decimals as written, signs
    ("44,561", ("=", D(44561), None, "numeric", "")),
    ("４４，５６１人", ("=", D(44561), "人", "numeric", "")),
    ("12.50", ("=", D("12.50"), None, "numeric", "")),
    ("≥-5%", (">=", D(-5), "%", "percent", "")),
    ("百分之百", ("=", D(100), "%", "percent", "")),
    ("不低于百分之九十", (">=", D(90), "%", "percent", "")),
    # dates and periods
    ("2023年12月31日前", ("<=", None, None, "date", "")),
    ("2024年10月底前", ("<=", None, None, "date", "")),
    ("6月底前", ("<=", None, None, "date", "")),
    ("10月份前", ("<=", None, None, "date", "")),
    ("2024年", (None, None, None, "date", "")),
    ("2023.12.31", (None, None, None, "date", "")),
    ("年底前", ("<=", None, None, "date", "")),
    ("年底前完成", ("<=", None, None, "date", "完成")),
    ("于2024年6月30日前完成", ("<=", None, None, "date", "完成")),
    ("2023.07-2024.01", (None, None, None, "period", "")),
    ("2024年1月-12月", (None, None, None, "period", "")),
    ("1-12月", (None, None, None, "period", "")),
    ("2023-2025年", (None, None, None, "period", "")),
    ("全年", (None, None, None, "period", "")),
    # durations
    ("10个月", ("=", D(10), "个月", "duration", "")),
    ("3个工作日内", ("<=", D(3), "个工作日", "duration", "")),
    ("30日内", ("<=", D(30), "日", "duration", "")),
    ("三个月内", ("<=", D(3), "个月", "duration", "")),
    ("两年", ("=", D(2), "年", "duration", "")),
    ("十二个月", ("=", D(12), "个月", "duration", "")),
    ("5年", ("=", D(5), "年", "duration", "")),
    # qualitative grades, trends and adjectives
    ("优良", (None, None, None, "qualitative", "")),
    ("达标", (None, None, None, "qualitative", "")),
    ("合格", (None, None, None, "qualitative", "")),
    ("稳步提高", (None, None, None, "qualitative", "")),
    ("持续改善", (None, None, None, "qualitative", "")),
    ("有效", (None, None, None, "qualitative", "")),
    ("显著", (None, None, None, "qualitative", "")),
    ("明显提升", (None, None, None, "qualitative", "")),
    ("高", (None, None, None, "qualitative", "")),
    ("良好", (None, None, None, "qualitative", "")),
    ("定性", (None, None, None, "qualitative", "")),
    ("≥良", (">=", None, None, "qualitative", "")),
    # placeholders left in from a template
    ("≥**%", (">=", None, "%", "placeholder", "")),
    ("XX", (None, None, None, "placeholder", "")),
    ("××", (None, None, None, "placeholder", "")),
    ("≥XX个", (">=", None, "个", "placeholder", "")),
    # empty and plain text
    ("", (None, None, None, "empty", "")),
    ("   ", (None, None, None, "empty", "")),
    ("按时", (None, None, None, "text", "按时")),
    ("学生家长满意", (None, None, None, "text", "学生家长满意")),
    # words after the target stay in rest
    ("≥95资助资金发放及时", (">=", D(95), None, "numeric", "资助资金发放及时")),
    ("≥90%按期完成", (">=", D(90), "%", "percent", "按期完成")),
    ("≥500人次（全年）", (">=", D(500), "人次", "numeric", "(全年)")),
    # a one-character unit that begins a word is no unit (日常, 人员, 项目)
    ("≥90日常巡查到位", (">=", D(90), None, "numeric", "日常巡查到位")),
    ("≥95人员到岗", (">=", D(95), None, "numeric", "人员到岗")),
    ("≥10项目完工", (">=", D(10), None, "numeric", "项目完工")),
    ("≥10个项目", (">=", D(10), "个", "numeric", "项目")),
    # an amount is not a date: 2023.5万元
    ("≥2023.5万元", (">=", D("2023.5"), "万元", "numeric", "")),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] or "<empty>" for c in CASES])
def test_parse_target(
    text: str, expected: tuple[str | None, Decimal | None, str | None, str, str]
) -> None:
    target = parse_target(text)
    assert (target.comparator, target.number, target.unit, target.kind, target.rest) == expected


def test_decimal_keeps_printed_scale_but_compares_equal() -> None:
    written, short = parse_target("12.50"), parse_target("12.5")
    assert written.number == short.number == Decimal("12.5")
    assert str(written.number) == "12.50"


@pytest.mark.parametrize(
    ("text", "lead", "head"),
    [
        ("覆盖率达到95%", "覆盖率", "达到95%"),
        ("参保率≥98%", "参保率", "≥98%"),
        ("≥95资助资金发放及时", "", "≥95"),
        ("不少于300人次以上", "", "不少于300人次以上"),
    ],
)
def test_lead_and_head(text: str, lead: str, head: str) -> None:
    target = parse_target(text)
    assert (target.lead, target.head) == (lead, head)


def test_range_keeps_upper_bound() -> None:
    target = parse_target("90%-95%")
    assert (target.number, target.upper, target.unit, target.kind) == (
        Decimal(90),
        Decimal(95),
        "%",
        "percent",
    )


def test_words_joins_lead_and_rest() -> None:
    assert parse_target("覆盖率≥95%（全县）").words == "覆盖率(全县)"


def test_target_is_frozen() -> None:
    target = parse_target("≥90%")
    with pytest.raises(AttributeError):
        target.number = Decimal(1)  # type: ignore[misc]
    assert isinstance(target, Target)


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("优良", True),
        ("达标", True),
        ("合格", True),
        ("是", True),
        ("优/良/中/差", True),
        ("达标/不达标", True),
        ("高", False),
        ("好", False),
        ("明显提升", False),
        ("按时", False),
    ],
)
def test_is_grade(text: str, grade: bool) -> None:
    assert is_grade(text) is grade


@pytest.mark.parametrize(
    ("text", "exact"),
    [("全覆盖", True), ("足额发放", True), ("零事故", True), ("确保不发生", True), ("无", True),
     ("按时", False), ("高", False), ("残疾人出行条件明显改善", False), ("设施无障碍", False)],
)  # fmt: skip
def test_states_quantity_in_words(text: str, exact: bool) -> None:
    assert states_quantity_in_words(text) is exact


@pytest.mark.parametrize(
    ("text", "unit"),
    [("%", "%"), ("人次", "人次"), ("元/人·月", "元/人·月"), ("月", "月"), ("万元", "万元"),
     ("学生", None), ("全年", None)],
)  # fmt: skip
def test_unit_of(text: str, unit: str | None) -> None:
    assert unit_of(text) == unit


def test_normalise_target_folds_width_and_space() -> None:
    assert normalise_target(" ≥ ９０ ％。") == "≥90%"


@pytest.mark.parametrize(
    "text",
    ["≥", "%", "≥≥90", "90-", "1:1", "--", "百分之", "十", "(", "≥90%≥95%", "2023年13月", "\x00"],
)
def test_odd_input_never_raises(text: str) -> None:
    assert parse_target(text).kind in {
        "numeric", "percent", "date", "period", "duration", "qualitative", "placeholder",
        "empty", "text",
    }  # fmt: skip


def test_parser_imports_no_pydantic() -> None:
    assert "perfgoals.targets" in sys.modules
    import perfgoals.targets as module

    assert "pydantic" not in module.__dict__
