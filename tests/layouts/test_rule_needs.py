"""Rules declare the fields they read; the engine does not run them on a table
whose layout lacks one (layouts.md: no spending-plan rules without a plan)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields, replace

import pytest

from perfgoals import engine
from perfgoals.model import Filing, ProjectTable, SpendingPlan
from perfgoals.rules.registry import Hit, RuleContext, RuleSpec, all_rules, get_rule
from perfgoals.settings import Settings


def test_declared_fields_are_record_fields() -> None:
    for spec in all_rules().values():
        assert spec.needs <= {f.name for f in fields(ProjectTable)}, spec.code


@pytest.mark.parametrize(
    ("code", "needs"),
    [
        ("PG101", {"project_code"}),
        ("PG201", {"budget", "fiscal_funds"}),
        ("PG301", {"spending_plan"}),
        ("PG306", {"spending_plan"}),
    ],
)
def test_rules_declare_what_they_read(code: str, needs: set[str]) -> None:
    spec = get_rule(code)
    assert spec is not None and spec.needs == needs


def _table(name: str, position: int, plan: SpendingPlan | None) -> ProjectTable:
    return ProjectTable(
        part=None, number=None, position=position, title=None, project_name=name, spending_plan=plan
    )


def _run(monkeypatch: pytest.MonkeyPatch, spec: RuleSpec, *tables: ProjectTable) -> list[str]:
    seen: list[str] = []

    def check(subject: ProjectTable | Filing, context: RuleContext) -> Iterator[Hit]:
        seen.append(subject.project_name if isinstance(subject, ProjectTable) else "filing")
        return iter(())

    only = ((replace(spec, check=check), spec.options),)
    monkeypatch.setattr(engine, "_rule_plan", lambda settings, path: only)
    filing = Filing(path="x.txt", source_format="text", kind="goal", tables=list(tables))
    engine.check_filing(filing, Settings(), "x.txt")
    return seen


def test_tables_without_the_field_are_not_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = get_rule("PG301")
    assert spec is not None
    seen = _run(
        monkeypatch, spec, _table("有计划", 1, SpendingPlan(points=[])), _table("无计划", 2, None)
    )
    assert seen == ["有计划"]


def test_filing_rules_skip_a_layout_without_the_field(monkeypatch: pytest.MonkeyPatch) -> None:
    table_rule = get_rule("PG301")
    assert table_rule is not None
    spec = replace(table_rule, scope="filing")
    assert _run(monkeypatch, spec, _table("无计划", 1, None)) == []
    assert _run(monkeypatch, spec, _table("有计划", 1, SpendingPlan(points=[]))) == ["filing"]
