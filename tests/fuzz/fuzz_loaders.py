"""Fuzz the loaders of what perfgoals reads besides filings, and the
spreadsheet reader (default 10,000 cases in all):

- ``cache``: mutated result-cache entries (wrong types, missing keys, deep
  nesting, odd files in the entry's place): ``ResultCache.get`` gives a result
  or a miss, and the entry is rewritten by ``put``;
- ``baseline``: mutated baseline files: ``read_baseline`` gives counts or a
  UsageError;
- ``config``: mutated ``perfgoals.toml`` files (deep arrays, NULs, wrong
  types, odd ``extend`` values): ``load_config`` + ``settings_from`` give
  settings or a UsageError;
- ``xlsx``: mutated workbooks (random cells, merges, dimensions, shared
  strings, flipped and cut bytes): read, built and checked, or a PG001.

A case fails ("escapes") when any other exception comes out. Each case is
derived from (seed, index) alone::

    python tests/fuzz/fuzz_loaders.py --cases 10000 --seed 1 --jobs 2
    python tests/fuzz/fuzz_loaders.py --replay 123
"""

from __future__ import annotations

import argparse
import collections
import io
import json
import multiprocessing
import os
import random
import sys
import tempfile
import time
import traceback
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: fuzz, gen, hostile
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hostile"))

import attacks

from fuzz.mutators import check_bytes, cut, flip_bytes, random_text
from perfgoals.errors import UsageError

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "dingzhou-2020.txt"
ODD_VALUES: list[object] = [
    None, True, False, 0, -1, 2**70, 1.5, float("nan"), "", "\x00", "x" * 300, [], {}, [[]],
    {"a": 1}, ["PG201"], "PG201", "error", "zh",
]


def _odd(rng: random.Random) -> object:
    choice = rng.random()
    if choice < 0.6:
        return rng.choice(ODD_VALUES)
    if choice < 0.8:
        return random_text(rng)
    depth = rng.choice((5, 50, 500, 5000))
    value: object = rng.choice(ODD_VALUES)
    for _ in range(depth):
        value = [value] if rng.random() < 0.5 else {"k": value}
    return value


def _mutate_json(value: object, rng: random.Random, edits: int) -> object:
    """Replace, drop or add values at random places of a JSON document."""
    for _ in range(edits):
        value = _mutate_once(value, rng)
    return value


def _mutate_once(value: object, rng: random.Random) -> object:
    if isinstance(value, dict) and value and rng.random() < 0.8:
        key = rng.choice(sorted(value))
        action = rng.random()
        copy = dict(value)
        if action < 0.15:
            del copy[key]
        elif action < 0.3:
            copy[random_text(rng, 8)] = _odd(rng)
        elif action < 0.5:
            copy[key] = _odd(rng)
        else:
            copy[key] = _mutate_once(copy[key], rng)
        return copy
    if isinstance(value, list) and value and rng.random() < 0.8:
        index = rng.randrange(len(value))
        copy_list = list(value)
        action = rng.random()
        if action < 0.15:
            del copy_list[index]
        elif action < 0.3:
            copy_list.append(_odd(rng))
        elif action < 0.5:
            copy_list[index] = _odd(rng)
        else:
            copy_list[index] = _mutate_once(copy_list[index], rng)
        return copy_list
    return _odd(rng)


def _serialise(value: object, rng: random.Random) -> bytes:
    try:
        text = json.dumps(value, ensure_ascii=rng.random() < 0.5)
    except (ValueError, RecursionError):
        text = "[" * 10_000
    data = text.encode("utf-8")
    if rng.random() < 0.15:
        data = flip_bytes(data, [(rng.random(), rng.randint(1, 255)) for _ in range(rng.randint(1, 5))])
    if rng.random() < 0.1:
        data = cut(data, rng.random())
    return data


# -- cache ---------------------------------------------------------------------


@cache
def _cache_template() -> tuple[dict[str, object], object]:
    from perfgoals.cache import result_to_json
    from perfgoals.engine import check_path
    from perfgoals.settings import Settings

    result = check_path(SAMPLE, "a.txt", Settings())
    return result_to_json(result), result


def _cache_case(rng: random.Random, folder: Path) -> str:
    from perfgoals.cache import ENTRY_FORMAT, ResultCache
    from perfgoals.findings import FileResult
    from perfgoals.settings import Settings

    template, result = _cache_template()
    cache_ = ResultCache(folder / "cache", Settings())
    digest = f"{rng.getrandbits(128):032x}"
    key = cache_.key("a.txt", digest)
    entry = cache_._entry(key)
    entry.parent.mkdir(parents=True, exist_ok=True)
    kind = rng.random()
    if kind < 0.05:
        os.mkfifo(entry)
    elif kind < 0.1:
        (entry / "x").mkdir(parents=True)
    elif kind < 0.15:
        entry.symlink_to(rng.choice(["/dev/zero", "/dev/null", str(SAMPLE), "missing"]))
    else:
        document: object = {"format": ENTRY_FORMAT, "key": key, "result": template}
        if rng.random() < 0.1:
            document = {"format": ENTRY_FORMAT, "key": key, "result": {**template, "path": "b.txt"}}
        entry.write_bytes(_serialise(_mutate_json(document, rng, rng.randint(1, 4)), rng))
    got = cache_.get("a.txt", digest)
    if got is not None and not isinstance(got, FileResult):
        raise AssertionError(f"get gave {type(got).__name__}")
    assert isinstance(result, FileResult)
    if not cache_.put("a.txt", digest, result):
        raise AssertionError("a bad entry was not rewritten")
    if cache_.get("a.txt", digest) != result:
        raise AssertionError("the rewritten entry does not read back")
    return "hit" if got is not None else "miss"


# -- baseline ------------------------------------------------------------------


def _baseline_case(rng: random.Random, folder: Path) -> str:
    from perfgoals.baseline import read_baseline

    entries = [
        {"fingerprint": f"{rng.getrandbits(64):016x}", "rule": "PG201", "path": "a.txt", "message": "m"}
        for _ in range(rng.randint(0, 5))
    ]
    path = folder / "baseline.json"
    kind = rng.random()
    if kind < 0.05:
        os.mkfifo(path)
    elif kind < 0.08:
        path.mkdir()
    elif kind < 0.1:
        path.symlink_to("/dev/zero")
    else:
        document = _mutate_json({"version": 1, "entries": entries}, rng, rng.randint(0, 4))
        path.write_bytes(_serialise(document, rng))
    try:
        counts = read_baseline(path)
    except UsageError:
        return "refused"
    if not all(isinstance(k, str) and isinstance(v, int) for k, v in counts.items()):
        raise AssertionError("read_baseline gave other than counts of strings")
    return "read"


# -- config --------------------------------------------------------------------

_CONFIG = """\
[tool.perfgoals]
select = ["PG1", "PG2"]
ignore = ["PG601"]
lang = "zh"
fail_on = "error"
exclude = ["archive/*"]

[tool.perfgoals.severity]
PG201 = "warning"

[tool.perfgoals.per_file_ignores]
"old/*" = ["PG4"]

[tool.perfgoals.limits]
max-file-mb = 64
"""


def _toml_value(rng: random.Random) -> str:
    choice = rng.random()
    if choice < 0.2:
        depth = rng.choice((3, 50, 500, 5000))
        return "[" * depth + "1" + "]" * depth
    if choice < 0.3:
        return '"\\u0000"' if rng.random() < 0.5 else '"a\\u0000b.toml"'
    return rng.choice(
        ['"x"', "1", "-1", "0", "1.5", "true", "[]", '["PG999"]', "{}", '{a = 1}', '"PG2"',
         '"../../../etc/passwd"', '"/dev/zero"', "1e400", "9" * 30, '"warning"', '"info"']
    )


def _config_case(rng: random.Random, folder: Path) -> str:
    from perfgoals.config import load_config, settings_from

    lines = _CONFIG.splitlines()
    for _ in range(rng.randint(1, 4)):
        action = rng.random()
        key = rng.choice(["select", "ignore", "extend_select", "lang", "fail_on", "exclude",
                          "extend", "max-file-mb", "max-ratio", "PG201", '"old/*"', "rules",
                          random_text(rng, 6)])
        line = f"{key} = {_toml_value(rng)}"
        if action < 0.6:
            lines.insert(rng.randrange(1, len(lines) + 1), line)
        elif action < 0.8 and len(lines) > 1:
            lines[rng.randrange(1, len(lines))] = line
        else:
            lines.append(rng.choice(["[tool.perfgoals.rules.PG201]", "[tool.perfgoals.limits]",
                                     "[tool]", "[[tool.perfgoals]]", "[tool.perfgoals.severity]"]))
            lines.append(line)
    data = "\n".join(lines).encode("utf-8")
    if rng.random() < 0.1:
        data = flip_bytes(data, [(rng.random(), rng.randint(1, 255))])
    path = folder / "perfgoals.toml"
    path.write_bytes(data)
    (folder / "base.toml").write_text('[tool.perfgoals]\nextend = "perfgoals.toml"\n')
    try:
        settings_from(load_config(path))
    except UsageError:
        return "refused"
    return "read"


# -- spreadsheets --------------------------------------------------------------


def _cell_text(rng: random.Random) -> str:
    from xml.sax.saxutils import escape

    if rng.random() < 0.0005:
        return "\x01"  # not allowed in XML: the sheet is damaged
    text = rng.choice([random_text(rng), "项目名称", "预算数", "≥90%", "1,000.00", "", "9" * 400])
    return escape("".join(ch for ch in text if ch >= " " or ch in "\t\n"))


def _xlsx_case(rng: random.Random, _folder: Path) -> tuple[bytes, str]:
    rows = [[_cell_text(rng) for _ in range(rng.randint(0, 8))] for _ in range(rng.randint(0, 30))]
    sheet = attacks.sheet(rows)
    if rng.random() < 0.4:
        merges = "".join(
            f'<mergeCell ref="{rng.choice(["A1", "B2", "XFD1", "A1048576", "ZZZ9", "1A", ""])}'
            f':{rng.choice(["C3", "XFD1", "A1048576", "XFD1048576", "", "B"])}"/>'
            for _ in range(rng.randint(1, 4))
        )
        sheet = sheet.replace("</worksheet>", f"<mergeCells>{merges}</mergeCells></worksheet>")
    if rng.random() < 0.3:
        dimension = rng.choice(["A1:XFD1048576", "A1", "", "Z", "A1:C3"])
        sheet = sheet.replace("<sheetData>", f'<dimension ref="{dimension}"/><sheetData>')
    shared = None
    if rng.random() < 0.3:
        import re

        strings: list[str] = []

        def to_shared(match: re.Match[str]) -> str:
            strings.append(match.group(1))
            index = len(strings) - 1 if rng.random() < 0.95 else rng.choice([-1, 10**6, "x"])
            return f't="s"><v>{index}</v>'

        sheet = re.sub(r't="inlineStr"><is><t>(.*?)</t></is>', to_shared, sheet)
        shared = f'<sst xmlns="{attacks.S_NS}">' + "".join(
            f"<si><t>{text}</t></si>" for text in strings
        ) + "</sst>"
    styles = None
    if rng.random() < 0.3:
        styles = (
            f'<styleSheet xmlns="{attacks.S_NS}"><numFmts><numFmt numFmtId="164" formatCode='
            f'"{rng.choice(["0.00", "0%", "#,##0", "@", "yyyy-mm-dd", ";;;", "0.0000000000"])}"/>'
            '</numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs>'
            "</styleSheet>"
        )
        sheet = sheet.replace("<c r=", '<c s="1" r=')
    parts = attacks.workbook_parts(sheet, shared, styles)
    if rng.random() < 0.2:
        del parts[rng.choice(sorted(parts))]
    data = attacks.package(dict(parts))
    if rng.random() < 0.3:
        data = _flip_in_member(data, rng)
    if rng.random() < 0.1:
        data = cut(data, rng.random())
    return data, rng.choice(["a.xlsx", "a.docx", "a.txt"])


def _flip_in_member(data: bytes, rng: random.Random) -> bytes:
    """Flip bytes inside one member's XML (stored, so the flip reaches the parser)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    name = rng.choice(sorted(members))
    members[name] = flip_bytes(members[name], [(rng.random(), rng.randint(1, 255)) for _ in range(3)])
    return attacks.package(members, zipfile.ZIP_STORED)


def _spreadsheet_case(rng: random.Random, folder: Path) -> str:
    from perfgoals.errors import UnreadableFileError

    data, name = _xlsx_case(rng, folder)
    outcome = check_bytes(data, name)
    return outcome.reason if isinstance(outcome, UnreadableFileError) else "read"


GENERATORS: tuple[tuple[str, float, Callable[[random.Random, Path], str]], ...] = (
    ("cache", 0.25, _cache_case),
    ("baseline", 0.25, _baseline_case),
    ("config", 0.25, _config_case),
    ("xlsx", 0.25, _spreadsheet_case),
)


def run_case(args: tuple[int, int]) -> tuple[int, str, str, str | None, float]:
    """(index, loader, outcome, failure, seconds)."""
    seed, index = args
    rng = random.Random(seed * 1_000_003 + index)
    pick = rng.random()
    kind, generator = GENERATORS[-1][0], GENERATORS[-1][2]
    for name, share, function in GENERATORS:
        if pick < share:
            kind, generator = name, function
            break
        pick -= share
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="perfgoals-fuzz-") as folder:
        try:
            outcome = generator(rng, Path(folder))
        except Exception as exc:
            detail = "".join(traceback.format_exception(exc)[-4:])
            return index, kind, "escape", detail, time.perf_counter() - started
    return index, kind, outcome, None, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=max(1, multiprocessing.cpu_count()))
    parser.add_argument("--replay", type=int, default=None)
    parser.add_argument(
        "--only", default="", help="comma-separated loaders to fuzz (cache,baseline,config,xlsx)"
    )
    args = parser.parse_args(argv)
    if args.only:
        global GENERATORS
        chosen = [g for g in GENERATORS if g[0] in args.only.split(",")]
        GENERATORS = tuple((name, 1 / len(chosen), function) for name, _, function in chosen)
    _cache_template()  # once, before the workers fork
    work = [(args.seed, i) for i in ([args.replay] if args.replay is not None else range(args.cases))]
    started = time.perf_counter()
    if args.jobs > 1 and len(work) > 1:
        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            outcomes = list(pool.imap_unordered(run_case, work, chunksize=25))
    else:
        outcomes = [run_case(w) for w in work]
    elapsed = time.perf_counter() - started
    by_kind: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    escapes = [o for o in sorted(outcomes) if o[3] is not None]
    for _index, kind, outcome, _failure, _seconds in outcomes:
        by_kind[kind][outcome] += 1
    print(f"cases: {len(outcomes)}, escapes: {len(escapes)}, time {elapsed:.0f} s")
    for kind, counts in sorted(by_kind.items()):
        print(f"  {kind}: " + ", ".join(f"{k} {n}" for k, n in counts.most_common()))
    slowest = max(outcomes, key=lambda o: o[4])
    print(f"slowest case: #{slowest[0]} ({slowest[1]}) {slowest[4]:.2f} s")
    for index, kind, _outcome, failure, _seconds in escapes[:15]:
        print(f"\n--- escape #{index} ({kind}) ---\n{failure}")
    return 1 if escapes else 0


if __name__ == "__main__":
    sys.exit(main())
