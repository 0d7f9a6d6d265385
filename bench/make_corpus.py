"""A corpus of synthetic filings for batch runs: N files of 10-60 tables each,
half .docx and half text exports, in department folders, some carrying one
injected defect each (the rule it must trigger is in the manifest).

    python bench/make_corpus.py OUT [-n 1000] [--seed 1] [--defect-share 0.3]
                                    [--tables 10-60] [--jobs 2]

``OUT/manifest.json`` lists every file with its table count, format and the
defects injected into it: ``{"rule", "part", "table"}`` (``table`` null for a
whole-file defect). Every file is a pure function of (seed, index), so a
corpus regenerates byte for byte and files are written in parallel.

Project codes are made unique across the corpus, so the cross-file rule
(PG701) fires only where a duplicate was injected.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from gen.docx_writer import to_docx  # noqa: E402
from gen.spec import FilingSpec, TableSpec, dingzhou_like  # noqa: E402
from gen.text_writer import to_text  # noqa: E402

_BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_MAX_TABLES = 64  # per file, for unique code tails
FILES_PER_FOLDER = 50


@dataclass(frozen=True)
class Defect:
    """What was injected into a file and where a checker must report it."""

    kind: str
    rule: str
    part: int | None
    table: int | None


def _tail(number: int) -> str:
    digits = []
    for _ in range(4):
        number, digit = divmod(number, 36)
        digits.append(_BASE36[digit])
    return "".join(reversed(digits))


def _unique_codes(spec: FilingSpec, index: int) -> FilingSpec:
    """Codes keep their shape (area-function-class-XXXX) with a tail unique to
    (file, table), so no two files share a code by chance."""
    tables = tuple(
        replace(table, code=f"{table.code.rsplit('-', 1)[0]}-{_tail(index * _MAX_TABLES + t)}")
        for t, table in enumerate(spec.tables)
    )
    return replace(spec, tables=tables)


def _change(spec: FilingSpec, at: int, table: TableSpec) -> FilingSpec:
    tables = list(spec.tables)
    tables[at] = table
    return replace(spec, tables=tuple(tables))


def _indicator_row(table: TableSpec, level2_word: str) -> int:
    return next(i for i, ind in enumerate(table.indicators) if level2_word in ind.level2)


def _with_indicator(table: TableSpec, row: int, target: str) -> TableSpec:
    indicators = list(table.indicators)
    indicators[row] = replace(indicators[row], target=target)
    return replace(table, indicators=tuple(indicators))


# Each mutation: (spec, table position, an earlier file's spec) → the changed
# table. They mirror tests/mutate.py, but hit any table, not only the first.
TableMutation = Callable[[FilingSpec, int, FilingSpec | None], TableSpec]


def _funding_mismatch(spec: FilingSpec, at: int, _: FilingSpec | None) -> TableSpec:
    table = spec.tables[at]
    whole, fraction = table.fiscal_funds.split(".")
    return replace(table, fiscal_funds=f"{int(whole) - 1}.{fraction}")


def _plan_decreasing(spec: FilingSpec, at: int, _: FilingSpec | None) -> TableSpec:
    return replace(spec.tables[at], plan=("60.00", "40.00", "80.00", "100.00"))


def _plan_incomplete(spec: FilingSpec, at: int, _: FilingSpec | None) -> TableSpec:
    return replace(spec.tables[at], plan=("30.00", "60.00", "90.00", ""))


def _bad_code(spec: FilingSpec, at: int, _: FilingSpec | None) -> TableSpec:
    table = spec.tables[at]
    return replace(table, code=table.code[:-1])


def _duplicate_code(spec: FilingSpec, at: int, _: FilingSpec | None) -> TableSpec:
    return replace(spec.tables[at], code=spec.tables[at - 1].code)


def _value_copies_description(spec: FilingSpec, at: int, _: FilingSpec | None) -> TableSpec:
    table = spec.tables[at]
    row = _indicator_row(table, "质量")
    indicator = table.indicators[row]
    return _with_indicator(table, row, f"{indicator.target}{indicator.description}")


def _satisfaction_floor_zero(spec: FilingSpec, at: int, _: FilingSpec | None) -> TableSpec:
    table = spec.tables[at]
    return _with_indicator(table, _indicator_row(table, "满意"), "≥0%")


def _code_from_other_file(spec: FilingSpec, at: int, earlier: FilingSpec | None) -> TableSpec:
    assert earlier is not None
    return replace(spec.tables[at], code=earlier.tables[0].code)


TABLE_MUTATIONS: dict[str, tuple[TableMutation, str]] = {
    "funding-mismatch": (_funding_mismatch, "PG201"),
    "plan-decreasing": (_plan_decreasing, "PG301"),
    "plan-incomplete": (_plan_incomplete, "PG302"),
    "bad-code": (_bad_code, "PG101"),
    "duplicate-code": (_duplicate_code, "PG104"),
    "value-copies-description": (_value_copies_description, "PG401"),
    "satisfaction-floor-zero": (_satisfaction_floor_zero, "PG405"),
    "code-from-other-file": (_code_from_other_file, "PG701"),
}
# Whole-file defects: the bytes on disk are not a readable filing.
FILE_DEFECTS = ("truncated-docx", "legacy-doc")
DEFECT_KINDS = (*TABLE_MUTATIONS, *FILE_DEFECTS)

_OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


@dataclass(frozen=True)
class Plan:
    """What file ``index`` of a corpus is: drawn from (seed, index) alone."""

    index: int
    tables: int
    suffix: str
    defect: str | None
    spec_seed: int


@dataclass(frozen=True)
class Shape:
    """What a corpus is drawn from."""

    seed: int = 1
    defect_share: float = 0.3
    min_tables: int = 10
    max_tables: int = 60


def plan(index: int, shape: Shape) -> Plan:
    rng = random.Random(f"{shape.seed}:{index}")
    tables = rng.randint(shape.min_tables, shape.max_tables)
    suffix = ".docx" if index % 2 == 0 else ".txt"
    defect = None
    if rng.random() < shape.defect_share:
        # Round-robin over the kinds, so a small corpus still has each kind.
        defect = DEFECT_KINDS[int(rng.random() * 1_000_000) % len(DEFECT_KINDS)]
        if index < len(DEFECT_KINDS) * 2:
            defect = DEFECT_KINDS[index % len(DEFECT_KINDS)]
        if defect == "code-from-other-file" and index == 0:
            defect = "funding-mismatch"  # nothing earlier to copy from
        if defect in FILE_DEFECTS and suffix != ".docx":
            suffix = ".docx"
    return Plan(index, tables, suffix, defect, rng.randrange(1 << 30))


def relative_path(item: Plan) -> str:
    return f"dept-{item.index // FILES_PER_FOLDER:03d}/filing-{item.index:05d}{item.suffix}"


def filing_spec(item: Plan) -> FilingSpec:
    return _unique_codes(dingzhou_like(item.tables, item.spec_seed), item.index)


def _readable_before(index: int, shape: Shape, rng: random.Random) -> Plan:
    """An earlier file that can be read, to copy a project code from."""
    while True:
        earlier = plan(rng.randrange(index), shape)
        if earlier.defect not in FILE_DEFECTS:
            return earlier


def make_file(out: Path, index: int, shape: Shape) -> dict[str, Any]:
    """Write file ``index``; its manifest entry."""
    item = plan(index, shape)
    spec = filing_spec(item)
    target = out / relative_path(item)
    target.parent.mkdir(parents=True, exist_ok=True)
    defects: list[Defect] = []
    if item.defect in TABLE_MUTATIONS:
        mutate, rule = TABLE_MUTATIONS[item.defect]
        rng = random.Random(f"{shape.seed}:{index}:at")
        at = rng.randrange(1, len(spec.tables))  # not 0: duplicate-code copies the one before
        earlier = None
        if item.defect == "code-from-other-file":
            earlier = filing_spec(_readable_before(index, shape, rng))
        table = mutate(spec, at, earlier)
        spec = _change(spec, at, table)
        defects.append(Defect(item.defect, rule, table.part, table.number))
    if item.defect in FILE_DEFECTS:
        if item.defect == "truncated-docx":
            to_docx(spec, target)
            data = target.read_bytes()
            target.write_bytes(data[: len(data) // 3])
        else:
            target.write_bytes(_OLE_HEADER)
        defects.append(Defect(item.defect, "PG001", None, None))
    elif item.suffix == ".docx":
        to_docx(spec, target)
    else:
        target.write_text(to_text(spec), encoding="utf-8")
    return {
        "path": relative_path(item),
        "tables": len(spec.tables),
        "format": item.suffix.lstrip("."),
        "defects": [
            {"kind": d.kind, "rule": d.rule, "part": d.part, "table": d.table} for d in defects
        ],
    }


def _make_file_args(args: tuple[Path, int, Shape]) -> dict[str, Any]:
    return make_file(*args)


def make_corpus(
    out: Path, count: int, shape: Shape | None = None, jobs: int = 1
) -> list[dict[str, Any]]:
    """Write ``count`` filings under ``out`` and ``out/manifest.json``."""
    shape = shape or Shape()
    out.mkdir(parents=True, exist_ok=True)
    work = [(out, index, shape) for index in range(count)]
    if jobs > 1 and count > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            entries = list(pool.map(_make_file_args, work, chunksize=8))
    else:
        entries = [_make_file_args(args) for args in work]
    manifest = {"count": count, **asdict(shape), "files": entries}
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return entries


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("-n", "--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--defect-share", type=float, default=0.3)
    parser.add_argument("--tables", default="10-60", help="tables per filing, MIN-MAX")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    low, high = (int(n) for n in args.tables.split("-"))
    shape = Shape(args.seed, args.defect_share, low, high)
    entries = make_corpus(args.out, args.count, shape, args.jobs)
    defects = sum(len(entry["defects"]) for entry in entries)
    print(f"{len(entries)} filings, {defects} injected defects in {args.out}")


if __name__ == "__main__":
    main()
