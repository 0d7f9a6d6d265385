"""The indicator view (``rules/indicators/view.py``): each row's facts, made once
per filing's check, are the facts the helpers of ``facts.py`` give."""

from __future__ import annotations

import gc
from typing import Any

import pytest

from indicator_grids import WIDE, grid_table, wide
from perfgoals.model import Indicator
from perfgoals.rules.registry import RuleContext, all_rules
from perfgoals.runner import BATCH_GC_THRESHOLD, _batch_gc

from factories import filing, good_indicators, table


@pytest.fixture(scope="module")
def api() -> tuple[Any, Any]:
    all_rules()  # every family registered before one family module is imported
    import perfgoals.rules.indicators.facts as facts
    import perfgoals.rules.indicators.view as view

    return facts, view


def _rows() -> list[Indicator]:
    odd = Indicator(
        row=9, level1="效益指标", level2="时效指标", level3=" ", description="群众满意",
        target="≥60%",
    )  # fmt: skip
    blank = Indicator(
        row=10, level1="产出指标", level2="工作指标", level3="", description="", target=""
    )
    return [*good_indicators(), *wide(WIDE, start=6), odd, blank]


def test_view_holds_the_helpers_facts(api: tuple[Any, Any]) -> None:
    facts, view = api
    for ind in _rows():
        row = view.IndicatorView(ind)
        assert row.target == facts.target_of(ind)
        assert row.kind == facts.kind_of_row(ind)
        assert row.level1 == facts.level1_of(ind.level1)
        assert row.level1_kinds == facts.level1_kinds(ind)
        assert row.name == facts.name_cell(ind)
        assert list(row.names) == facts.name_texts(ind)
        assert row.names_text == facts.names_text(ind)
        assert row.has_content == facts.has_content(ind)
        assert row.is_satisfaction == facts.is_satisfaction(ind)


def test_the_views_differ_where_the_rows_do(api: tuple[Any, Any]) -> None:
    _, view = api
    rows = [view.IndicatorView(ind) for ind in _rows()]
    odd, blank = rows[-2], rows[-1]
    assert odd.kind == "timeliness" and odd.level1_kinds == {"effect", "output"}
    assert odd.is_satisfaction and odd.home == "output"
    assert blank.kind is None and blank.home == "output" and not blank.has_content
    assert rows[0].target is not None and rows[0].target.number == 500
    assert blank.target is None and blank.name is None


def test_rows_are_viewed_once_per_check(api: tuple[Any, Any]) -> None:
    _, view = api
    first, second = table(), grid_table(wide(WIDE))
    subject = filing(first, second)
    context = RuleContext(filing=subject, options={})
    views = view.rows_of(first, context)
    assert [v.ind for v in views] == list(first.indicators or ())
    assert view.rows_of(first, context) is views  # the second rule reads the same views
    assert view.rows_of(second, context) is not views
    # Another check (a new context) views the rows afresh.
    assert view.rows_of(first, RuleContext(filing=subject, options={})) is not views


def test_rows_with_the_same_cells_share_their_facts(api: tuple[Any, Any]) -> None:
    facts, view = api
    first, second = table(), table()
    # The same names, the target split over the 指标性质 and 计量单位 columns.
    apart = Indicator(
        row=1, level1="产出指标", level2="数量指标", level3="", description="培训中小学教师人次",
        target="500", unit="人次", nature="≤",
    )  # fmt: skip
    third = table(indicators=[apart])
    context = RuleContext(filing=filing(first, second, third), options={})
    one, two = view.rows_of(first, context), view.rows_of(second, context)
    for k, (a, b) in enumerate(zip(one, two, strict=True)):
        assert a.names is b.names  # worked out once
        assert (a.target, a.kind, a.level1_kinds) == (b.target, b.kind, b.level1_kinds)
        # Each view keeps its own row.
        assert a.ind is (first.indicators or [])[k] and b.ind is (second.indicators or [])[k]
    (odd,) = view.rows_of(third, context)
    assert odd.names == one[0].names and odd.target != one[0].target
    assert odd.target == facts.target_of(apart) and odd.target.comparator == "<="


def test_the_shared_facts_are_bounded(api: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    _, view = api
    monkeypatch.setattr(view, "TEXT_MEMO_SIZE", 3)
    monkeypatch.setattr(view, "_FACTS", {})
    rows = [
        Indicator(row=n, level1="产出指标", level2="数量指标", level3="", description=f"培训{n}期",
                  target=f"≥{n}期")
        for n in range(1, 8)
    ]  # fmt: skip
    for ind in rows:
        found = view.facts_of(ind)
        assert found == view.row_facts(ind) and found[0].number == ind.row
        assert len(view._FACTS) <= 3


def test_rows_per_horizon_keep_table_order(api: tuple[Any, Any]) -> None:
    facts, view = api
    both = grid_table(wide(WIDE, horizon="long_term") + wide(WIDE, horizon="annual", start=7))
    context = RuleContext(filing=filing(both), options={})
    grouped = view.views_per_horizon(both, context)
    assert [[v.ind for v in rows] for rows in grouped] == facts.rows_per_horizon(both)
    assert len(grouped) == 2


def test_batch_gc_settings_are_restored() -> None:
    before = gc.get_threshold()
    with _batch_gc():
        assert gc.get_threshold() == BATCH_GC_THRESHOLD
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
