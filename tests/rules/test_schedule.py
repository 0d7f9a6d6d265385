from __future__ import annotations

import pytest

from factories import codes, findings, plan, table


def schedule_codes(*raws: str) -> list[str]:
    found = findings(table(spending_plan=plan(*raws)), select="PG3")
    return sorted(codes(found))


@pytest.mark.parametrize(
    ("raws", "expected"),
    [
        # failing
        (("30", "20", "80", "100"), ["PG301"]),
        (("50.00", "50.00", "", ""), ["PG302"]),
        (("20", "60", "", ""), ["PG302"]),
        (("50.00", "", "100.00", ""), ["PG303"]),
        (("20", "50", "80", "120"), ["PG304"]),
        (("", "", "", ""), ["PG305"]),
        (("10.00", "20.00", "30.00", "100.00"), ["PG306"]),
        # passing and near-misses
        (("", "40", "100", ""), []),  # empty leading and trailing checkpoints
        (("0", "40", "90", "100"), []),  # a zero start is still cumulative
        (("25.00", "50.00", "100.00", ""), []),
        (("", "", "", "100.00"), []),  # one-off payment: not back-loaded
        (("100", "100", "100", "100"), []),  # repeating 100 is cumulative
        (("20", "50", "80", "100"), []),
    ],
)
def test_schedule_rules(raws: tuple[str, ...], expected: list[str]) -> None:
    assert schedule_codes(*raws) == expected


def test_per_period_shares_are_named_with_a_cumulative_suggestion() -> None:
    (finding,) = findings(table(spending_plan=plan("25", "25", "25", "")), select="PG302")
    assert finding.rule == "PG302"
    assert "25%" in finding.message
    assert finding.suggestion is None  # 25 × 3 does not add up to 100: not per-period

    (finding,) = findings(table(spending_plan=plan("40", "60", "80", "")), select="PG302")
    assert "各期比例" not in finding.message  # 40 + 60 + 80 ≠ 100: just incomplete


def test_per_period_variant() -> None:
    (finding,) = findings(table(spending_plan=plan("50", "50", "", "")), select="PG302")
    assert "各期比例" in finding.message
    assert finding.suggestion == "50、100"


def test_a_checkpoint_that_says_none_is_empty() -> None:
    assert findings(table(spending_plan=plan("—", "40", "80", "100")), select="PG3") == []
    assert codes(findings(table(spending_plan=plan("40", "—", "80", "100")), select="PG3")) == [
        "PG303"
    ]
    assert codes(findings(table(spending_plan=plan("—", "/", "无", "—")), select="PG305")) == [
        "PG305"
    ]


def test_gap_reports_each_hole_once() -> None:
    found = findings(table(spending_plan=plan("20", "", "", "100")), select="PG303")
    assert [f.location.field for f in found] == ["资金支出计划", "资金支出计划"]


def test_no_plan_in_layout_is_silent() -> None:
    assert findings(table(spending_plan=None), select="PG3") == []


def test_back_loaded_floors_are_options() -> None:
    relaxed = {"PG306": {"floors": {"jun": 10, "oct": 20}}}
    found = findings(
        table(spending_plan=plan("10", "20", "30", "100")), select="PG306", options=relaxed
    )
    assert found == []


def test_decreasing_plan_is_not_also_back_loaded() -> None:
    assert schedule_codes("30", "10", "20", "100") == ["PG301"]


def test_zero_start_is_cumulative_for_the_order_rules() -> None:
    found = findings(table(spending_plan=plan("0", "30", "90", "100")), select="PG301")
    assert found == []


def test_plan_with_a_hole_is_a_gap_not_back_loaded() -> None:
    assert schedule_codes("10", "", "30", "100") == ["PG303"]
