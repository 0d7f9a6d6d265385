from __future__ import annotations

import pytest

from factories import amount, codes, findings, table


@pytest.mark.parametrize(
    ("budget", "fiscal", "other", "expected"),
    [
        ("12.00", "10.00", "1.00", ["PG201"]),
        ("12.00", "11.00", "1.00", []),
        ("12.5", "12.50", "", []),  # same amount, printed with other precision
        ("12.50", "12.5", "", []),
        ("100", "99.99", "", ["PG201"]),
        ("1,200.00", "1200.00", "", []),  # thousands separator
        ("48.6", "40", "8.6", []),
    ],
)
def test_funding_sum(budget: str, fiscal: str, other: str, expected: list[str]) -> None:
    t = table(budget=amount(budget), fiscal_funds=amount(fiscal), other_funds=amount(other))
    assert codes(findings(t, select="PG201")) == expected


def test_funding_sum_in_yuan_tolerates_half_a_yuan() -> None:
    t = table(
        money_unit="元",
        budget=amount("486000", "元"),
        fiscal_funds=amount("400000", "元"),
        other_funds=amount("86000", "元"),
    )
    assert findings(t, select="PG201") == []
    t = table(
        money_unit="元",
        budget=amount("486000", "元"),
        fiscal_funds=amount("400000", "元"),
        other_funds=amount("85999", "元"),
    )
    (finding,) = findings(t, select="PG201")
    assert finding.location.field == "预算数"


def test_funding_sum_silent_without_fiscal_field() -> None:
    t = table(fiscal_funds=None, other_funds=None)
    assert findings(t, select="PG201") == []


@pytest.mark.parametrize("nil", ["—", "——", "-", "－", "/", "无", " 无 "])
def test_other_funds_written_as_none_count_as_zero(nil: str) -> None:
    t = table(budget=amount("40.00"), fiscal_funds=amount("40.00"), other_funds=amount(nil))
    assert findings(t, select="PG201") == []
    t = table(budget=amount("48.60"), fiscal_funds=amount("40.00"), other_funds=amount(nil))
    (finding,) = findings(t, select="PG201")
    assert "+ 0 " in finding.message or "+ 其他资金 0" in finding.message


def test_funding_text_is_left_to_pg004() -> None:
    t = table(other_funds=amount("待定"))
    assert sorted(codes(findings(t, select="PG2"))) == []
    assert codes(findings(t, select="PG004")) == ["PG004"]


@pytest.mark.parametrize(
    ("raw", "expected"), [("0.00", ["PG202"]), ("-5", ["PG202"]), ("0.01", [])]
)
def test_non_positive_budget(raw: str, expected: list[str]) -> None:
    t = table(budget=amount(raw), fiscal_funds=amount(raw), other_funds=amount(""))
    assert codes(findings(t, select="PG202")) == expected


def test_funding_sum_silent_when_carryover_or_superior_funds_are_listed() -> None:
    t = table(
        budget=amount("120.00"),
        fiscal_funds=amount("100.00"),
        other_funds=amount(""),
        carryover_funds=amount("20.00"),
    )
    assert findings(t, select="PG201") == []
