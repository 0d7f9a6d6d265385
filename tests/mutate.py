"""One-defect mutations of clean filings: each copy carries exactly one defect
of the kind a rule names. ``python tests/mutate.py OUTDIR`` writes them as
.txt and .docx with a manifest; the test suite uses them in memory."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from gen.spec import FilingSpec, IndicatorSpec, TableSpec

Mutation = Callable[[FilingSpec], FilingSpec]


def _first(spec: FilingSpec, change: Callable[[TableSpec], TableSpec], index: int = 0) -> FilingSpec:
    tables = list(spec.tables)
    tables[index] = change(tables[index])
    return replace(spec, tables=tuple(tables))


def _indicator(table: TableSpec, row: int, **changes: str) -> TableSpec:
    indicators = list(table.indicators)
    indicators[row] = replace(indicators[row], **changes)
    return replace(table, indicators=tuple(indicators))


def _row_of(table: TableSpec, level2_word: str) -> int:
    return next(i for i, ind in enumerate(table.indicators) if level2_word in ind.level2)


def blank_code(spec: FilingSpec) -> FilingSpec:
    return _first(spec, lambda t: replace(t, code=""))


def text_budget(spec: FilingSpec) -> FilingSpec:
    return _first(spec, lambda t: replace(t, budget="待定", fiscal_funds="待定", other_funds=""))


def title_mismatch(spec: FilingSpec) -> FilingSpec:
    return _first(spec, lambda t: replace(t, title=f"{t.number}、办公设备购置经费绩效目标表"))


def numbering_gap(spec: FilingSpec) -> FilingSpec:
    index = len(spec.tables) - 1
    return _first(spec, lambda t: replace(t, number=(t.number or 0) + 1), index)


def bad_code(spec: FilingSpec) -> FilingSpec:
    return _first(spec, lambda t: replace(t, code=t.code[:-1]))


def other_unit_prefix(spec: FilingSpec) -> FilingSpec:
    def change(t: TableSpec) -> TableSpec:
        prefix = "999" if not t.code.startswith("999") else "998"
        return replace(t, code=prefix + t.code[3:])

    return _first(spec, change, _table_with_unit(spec))


def _table_with_unit(spec: FilingSpec) -> int:
    return next(i for i, t in enumerate(spec.tables) if t.unit_header)


def duplicate_name(spec: FilingSpec) -> FilingSpec:
    first, second = spec.tables[-2], spec.tables[-1]
    return _first(spec, lambda t: replace(t, name=first.name, title=None), len(spec.tables) - 1) if (
        second.part == first.part
    ) else spec


def duplicate_code(spec: FilingSpec) -> FilingSpec:
    first = spec.tables[-2]
    return _first(spec, lambda t: replace(t, code=first.code), len(spec.tables) - 1)


def funding_mismatch(spec: FilingSpec) -> FilingSpec:
    def change(t: TableSpec) -> TableSpec:
        digits = t.fiscal_funds.split(".")
        whole = str(int(digits[0]) - 1)
        return replace(t, fiscal_funds=".".join([whole, *digits[1:]]))

    return _first(spec, change)


def plan_decreasing(spec: FilingSpec) -> FilingSpec:
    return _first(spec, lambda t: replace(t, plan=("60.00", "40.00", "80.00", "100.00")))


def plan_incomplete(spec: FilingSpec) -> FilingSpec:
    return _first(spec, lambda t: replace(t, plan=("30.00", "60.00", "90.00", "")))


def plan_gap(spec: FilingSpec) -> FilingSpec:
    return _first(spec, lambda t: replace(t, plan=("40.00", "", "100.00", "")))


def plan_empty(spec: FilingSpec) -> FilingSpec:
    return _first(spec, lambda t: replace(t, plan=("", "", "", "")))


def value_copies_description(spec: FilingSpec) -> FilingSpec:
    def change(t: TableSpec) -> TableSpec:
        row = _row_of(t, "质量")
        ind = t.indicators[row]
        return _indicator(t, row, target=f"{ind.target}{ind.description}")

    return _first(spec, change)


def duplicate_goal(spec: FilingSpec) -> FilingSpec:
    def change(t: TableSpec) -> TableSpec:
        lines = t.goals.split("\n")
        first = lines[0].split("、", 1)[1]
        return replace(t, goals="\n".join([*lines, f"{len(lines) + 1}、{first}"]))

    return _first(spec, change)


def goal_numbering(spec: FilingSpec) -> FilingSpec:
    def change(t: TableSpec) -> TableSpec:
        lines = t.goals.split("\n")
        last = lines[-1].split("、", 1)[1]
        return replace(t, goals="\n".join([*lines[:-1], f"{len(lines) + 1}、{last}"]))

    return _first(spec, change)


def satisfaction_floor_zero(spec: FilingSpec) -> FilingSpec:
    def change(t: TableSpec) -> TableSpec:
        row = _row_of(t, "满意")
        return _indicator(t, row, target="≥0%")

    return _first(spec, change)


def timeliness_under_effect(spec: FilingSpec) -> FilingSpec:
    def change(t: TableSpec) -> TableSpec:
        row = _row_of(t, "时效")
        indicators = list(t.indicators)
        moved: IndicatorSpec = replace(indicators.pop(row), level1="效益指标")
        effect = max(i for i, ind in enumerate(indicators) if ind.level1 in ("效益指标", "效果指标"))
        indicators.insert(effect + 1, moved)
        return replace(t, indicators=tuple(indicators))

    return _first(spec, change)


# mutation name → (function, the rule it must trigger)
MUTATIONS: dict[str, tuple[Mutation, str]] = {
    "blank-code": (blank_code, "PG003"),
    "text-budget": (text_budget, "PG004"),
    "title-mismatch": (title_mismatch, "PG005"),
    "numbering-gap": (numbering_gap, "PG006"),
    "bad-code": (bad_code, "PG101"),
    "other-unit-prefix": (other_unit_prefix, "PG102"),
    "duplicate-code": (duplicate_code, "PG104"),
    "funding-mismatch": (funding_mismatch, "PG201"),
    "plan-decreasing": (plan_decreasing, "PG301"),
    "plan-incomplete": (plan_incomplete, "PG302"),
    "plan-gap": (plan_gap, "PG303"),
    "plan-empty": (plan_empty, "PG305"),
    "value-copies-description": (value_copies_description, "PG401"),
    "satisfaction-floor-zero": (satisfaction_floor_zero, "PG405"),
    "duplicate-goal": (duplicate_goal, "PG501"),
    "goal-numbering": (goal_numbering, "PG502"),
}


def main(out: Path) -> None:
    from gen.docx_writer import to_docx
    from gen.filings import CLEAN_FILINGS
    from gen.text_writer import to_text

    out.mkdir(parents=True, exist_ok=True)
    manifest = []
    for filing_name, (spec, options) in CLEAN_FILINGS.items():
        for mutation_name, (mutation, rule) in MUTATIONS.items():
            stem = f"{filing_name}--{mutation_name}"
            mutated = mutation(spec)
            (out / f"{stem}.txt").write_text(to_text(mutated), encoding="utf-8")
            to_docx(mutated, out / f"{stem}.docx", options)
            manifest.append({"file": stem, "rule": rule})
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main(Path(sys.argv[1]))
