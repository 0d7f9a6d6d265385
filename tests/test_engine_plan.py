"""The engine's rule plan: the active rules and their options, worked out once
per run's settings, never carried over to other settings or other files."""

from __future__ import annotations

from typing import Any

import pytest

from perfgoals import engine
from perfgoals.settings import Settings, active_rules


def _codes(plan: engine.RulePlan) -> list[str]:
    return [spec.code for spec, _ in plan]


def test_the_plan_is_the_active_rules_with_their_options() -> None:
    settings = Settings(rule_options=(("PG601", (("allow", ("某某",)),)),))
    plan = engine._rule_plan(settings, "a.txt")
    expected = [s for s in active_rules(settings, "a.txt") if s.scope != "batch"]
    assert _codes(plan) == [s.code for s in expected]
    typo = next(s for s in expected if s.code == "PG601")
    options = {spec.code: found for spec, found in plan}["PG601"]
    assert options == settings.options_of(typo)
    assert options["allow"] == ("某某",)
    with pytest.raises(TypeError):
        options["allow"] = ()  # type: ignore[index]  # shared by the run's filings


def test_other_settings_get_their_own_plan() -> None:
    everything = engine._rule_plan(Settings(), "a.txt")
    without = engine._rule_plan(Settings(ignore=("PG6",)), "a.txt")
    assert "PG601" in _codes(everything)
    assert "PG601" not in _codes(without) and "PG401" in _codes(without)
    assert engine._rule_plan(Settings(), "b.txt") is everything  # made once


def test_per_file_ignores_are_read_for_each_file() -> None:
    settings = Settings(per_file_ignores=(("old/*", ("PG4",)),))
    assert "PG401" in _codes(engine._rule_plan(settings, "new/a.txt"))
    assert "PG401" not in _codes(engine._rule_plan(settings, "old/a.txt"))


def test_options_given_as_lists_still_run() -> None:
    settings = Settings(rule_options=(("PG601", (("allow", ["某某"]),)),))
    plan = engine._rule_plan(settings, "a.txt")
    assert {spec.code: found for spec, found in plan}["PG601"]["allow"] == ["某某"]


def test_the_plan_cache_is_bounded() -> None:
    for number in range(20):
        engine._rule_plan(Settings(ignore=(f"PG{900 + number}",)), "a.txt")
    assert engine._shared_plan.cache_info().currsize <= 8


def test_the_collector_is_paused_only_while_a_filing_is_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    from perfgoals.model import Filing

    filing = Filing(path="x.txt", source_format="text", kind="goal", tables=[])
    seen: list[bool] = []
    original = engine._check_filing

    def spy(*args: Any) -> Any:
        seen.append(gc.isenabled())
        return original(*args)

    monkeypatch.setattr(engine, "_check_filing", spy)
    assert gc.isenabled()
    engine.check_filing(filing, Settings(), "x.txt")
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        engine.check_filing(filing, Settings(), "x.txt")
        assert not gc.isenabled()  # a caller's own pause is left alone
    finally:
        gc.enable()

    def stopped(*args: Any) -> Any:
        raise engine.FileTimeout

    monkeypatch.setattr(engine, "_check_filing", stopped)
    with pytest.raises(engine.FileTimeout):
        engine.check_filing(filing, Settings(), "x.txt")
    assert gc.isenabled()
