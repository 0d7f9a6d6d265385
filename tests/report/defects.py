"""Filings with known defects, made from the clean fixture filings."""

from __future__ import annotations

from dataclasses import replace

from gen.spec import FilingSpec, TableSpec


def _change_table(spec: FilingSpec, index: int, **changes: object) -> FilingSpec:
    tables = list(spec.tables)
    tables[index] = replace(tables[index], **changes)  # type: ignore[arg-type]
    return replace(spec, tables=tuple(tables))


def _short_by_one(amount: str) -> str:
    whole, _, cents = amount.partition(".")
    return f"{int(whole) - 1}.{cents}" if cents else str(int(whole) - 1)


def funding_mismatch(spec: FilingSpec, index: int = 0) -> FilingSpec:
    """预算数 no longer equals 财政资金 + 其他资金 (PG201, an error)."""
    table: TableSpec = spec.tables[index]
    return _change_table(spec, index, fiscal_funds=_short_by_one(table.fiscal_funds))


def plan_decreasing(spec: FilingSpec, index: int = 0) -> FilingSpec:
    """A cumulative spending plan that falls (PG301, an error)."""
    return _change_table(spec, index, plan=("60.00", "40.00", "80.00", "100.00"))
