"""Long fuzz run of the readers (default 10,000 cases): mutated .docx packages,
text exports, OLE compound files and raw bytes, each read, built and checked
in-process. A case fails when any exception other than UnreadableFileError
escapes, or a rule fails on the input, or (for a .docx) the reader's one-pass
table reading and its element walk disagree; failing inputs are saved for replay.

    python tests/fuzz/fuzz_readers.py --cases 10000 --seed 1 --jobs 2 --out /tmp/fuzz

Each case is derived from (seed, index) alone, so ``--replay INDEX`` repeats
one. Cases slower than ``--slow`` seconds are listed too.
"""

from __future__ import annotations

import argparse
import collections
import multiprocessing
import random
import sys
import time
import traceback
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: gen, fuzz, hostile
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hostile"))

from cfb import compound_file, word_stream

from fuzz.mutators import (
    ENCODINGS,
    FIELDS,
    INDICATOR_FIELDS,
    TEXT_EDITS,
    XML_EDITS,
    base_specs,
    check_bytes,
    cut,
    drop_parts,
    edit_document,
    edit_lines,
    encode,
    flip_bytes,
    flip_document_bytes,
    random_text,
    render_docx,
    with_texts,
)
from perfgoals.errors import UnreadableFileError
from perfgoals.read import convert

from gen.spec import FilingSpec, RenderOptions, dingzhou_like
from gen.text_writer import to_text


@dataclass
class Outcome:
    index: int
    kind: str
    seconds: float
    reason: str | None = None  # refused: the PG001 reason; None: read
    failure: str | None = None
    data: bytes = b""
    name: str = ""


@dataclass
class Summary:
    cases: int = 0
    read: int = 0
    refused: collections.Counter[str] = field(default_factory=collections.Counter)
    kinds: collections.Counter[str] = field(default_factory=collections.Counter)
    failures: list[Outcome] = field(default_factory=list)
    slow: list[Outcome] = field(default_factory=list)


@cache
def _specs() -> list[tuple[FilingSpec, RenderOptions]]:
    specs = [(spec, options) for _, spec, options in base_specs()]
    specs += [(dingzhou_like(n, seed), RenderOptions()) for n, seed in ((1, 1), (3, 2), (6, 3))]
    return specs


@cache
def _rendered(index: int, options: RenderOptions) -> bytes:
    spec, _ = _specs()[index]
    return render_docx(spec, options)


def _options(rng: random.Random) -> RenderOptions:
    return RenderOptions(
        level1_merged=rng.random() < 0.5,
        level2_merged=rng.random() < 0.3,
        header_as_own_table=rng.random() < 0.3,
        split_runs=rng.random() < 0.5,
        title_field=rng.choice(["tc", "simple", "none"]),
        tracked_changes=rng.random() < 0.3,
    )


def _flips(rng: random.Random) -> list[tuple[float, int]]:
    return [(rng.random(), rng.randint(1, 255)) for _ in range(rng.randint(1, 12))]


def _docx_case(rng: random.Random) -> tuple[bytes, str]:
    base = rng.randrange(len(_specs()))
    options = _options(rng)
    if rng.random() < 0.5:
        spec, _ = _specs()[base]
        texts = [(rng.random(), rng.choice(FIELDS), random_text(rng)) for _ in range(rng.randint(1, 5))]
        rows = [
            (rng.random(), rng.random(), rng.choice(INDICATOR_FIELDS), random_text(rng))
            for _ in range(rng.randint(0, 5))
        ]
        data = render_docx(with_texts(spec, texts, rows), options)
    else:
        data = _rendered(base, options)
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        choice = rng.random()
        try:
            if choice < 0.35:
                edits = [
                    (rng.choice(XML_EDITS), rng.random(), rng.choice((0, 1, 2, 7, 64, 3000, 2**31)))
                    for _ in range(rng.randint(1, 8))
                ]
                data = edit_document(data, edits)
            elif choice < 0.55:
                data = flip_document_bytes(data, _flips(rng))
            elif choice < 0.75:
                data = flip_bytes(data, _flips(rng))
            elif choice < 0.85:
                data = drop_parts(data, [rng.random() for _ in range(rng.randint(1, 4))])
            else:
                data = cut(data, rng.random())
        except Exception:  # a package already too broken to open for the next edit
            break
    return data, rng.choice(["filing.docx", "filing.txt", "filing.doc"])


# Line material the text readers react to: labels, layout marks, residue.
_TOKENS = (
    "\t", "\t项目编码", "\t项目名称", "\t预算数", "\t资金支出计划（%）", "\t3月底", "\t12月底",
    "\t一级指标", "\t二级指标", "\t三级指标", "\t指标值", "\t产出指标", "\t数量指标", "\t绩效目标",
    "\t100.00", "| ", " |", "|---|---|", " TC 1、x \\f C \\l 1 ", "第三部分", "第一部分",
    "1、某某经费绩效目标表", "- 3 -", "第3页 共9页", "12", "<br>", "&amp;", "\u3000", "\ufeff", "\r", "",
)


def _token_text(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randint(0, 120)):
        parts = [rng.choice(_TOKENS) if rng.random() < 0.6 else random_text(rng, 12) for _ in range(rng.randint(0, 4))]
        lines.append("".join(parts))
    return "\n".join(lines)


def _text_case(rng: random.Random) -> tuple[bytes, str]:
    spec, _ = _specs()[rng.randrange(len(_specs()))]
    text = to_text(spec) if rng.random() < 0.7 else _token_text(rng)
    edits = [
        (rng.choice(TEXT_EDITS), rng.random(), random_text(rng) if rng.random() < 0.7 else "\t" + random_text(rng))
        for _ in range(rng.randint(0, 12))
    ]
    data = encode(edit_lines(text, edits), rng.choice(ENCODINGS), rng.random() < 0.5)
    if rng.random() < 0.3:
        data = cut(data, rng.random())
    if rng.random() < 0.2:
        data = flip_bytes(data, _flips(rng))
    return data, rng.choice(["filing.txt", "filing.docx", "filing.text"])


def _ole_case(rng: random.Random) -> tuple[bytes, str]:
    streams = {
        "word": {"WordDocument": word_stream(rng.random() < 0.5)},
        "encrypted": {"EncryptionInfo": b"\x04\x00", "EncryptedPackage": rng.randbytes(600)},
        "excel": {"Workbook": rng.randbytes(100)},
        "other": {"Contents": rng.randbytes(300)},
    }[rng.choice(["word", "encrypted", "excel", "other"])]
    data = compound_file(streams)
    if rng.random() < 0.8:
        data = flip_bytes(data, _flips(rng))
    if rng.random() < 0.3:
        data = cut(data, rng.random())
    return data, rng.choice(["filing.doc", "filing.wps", "filing.docx"])


def _bytes_case(rng: random.Random) -> tuple[bytes, str]:
    prefix = rng.choice(
        [b"", b"PK\x03\x04", b"PK\x05\x06", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"%PDF", b"{\\rtf",
         b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x89PNG\r\n\x1a\n", b"BM", b"\t"]
    )
    return prefix + rng.randbytes(rng.randint(0, 3000)), rng.choice(["x.txt", "x.docx", "x.doc"])


GENERATORS = (("docx", 0.5, _docx_case), ("text", 0.3, _text_case), ("ole", 0.1, _ole_case), ("bytes", 0.1, _bytes_case))


def make_case(seed: int, index: int) -> tuple[str, bytes, str]:
    rng = random.Random(seed * 1_000_003 + index)
    pick = rng.random()
    for kind, share, generator in GENERATORS:
        if pick < share:
            data, name = generator(rng)
            return kind, data, name
        pick -= share
    data, name = _bytes_case(rng)
    return "bytes", data, name


def _read_ways_disagree(data: bytes) -> str | None:
    """Whether the .docx reader's one-pass table reading and its element walk
    read the package differently (a different Grid, or a different refusal)."""
    from perfgoals.read.docx import read_docx

    outcomes: list[object] = []
    for one_pass in (True, False):
        try:
            outcomes.append(read_docx(data, one_pass=one_pass))
        except UnreadableFileError as error:
            outcomes.append((error.reason, error.message_en))
        except Exception as exc:  # not a .docx at all after the edits: nothing to compare
            outcomes.append(type(exc).__name__)
    if outcomes[0] == outcomes[1]:
        return None
    return "one-pass and element-walk readings differ"


def run_case(args: tuple[int, int, float]) -> Outcome:
    seed, index, slow = args
    kind, data, name = make_case(seed, index)
    started = time.perf_counter()
    try:
        result = check_bytes(data, name)
    except Exception as exc:
        detail = "".join(traceback.format_exception(exc)[-4:])
        return Outcome(index, kind, time.perf_counter() - started, failure=detail, data=data, name=name)
    seconds = time.perf_counter() - started
    reason = result.reason if isinstance(result, UnreadableFileError) else None
    if kind == "docx" and (disagreement := _read_ways_disagree(data)):
        return Outcome(index, kind, seconds, failure=disagreement, data=data, name=name)
    # Inputs travel back to the parent only where they are worth keeping.
    kept = data if seconds > slow else b""
    return Outcome(index, kind, seconds, reason=reason, data=kept, name=name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=max(1, multiprocessing.cpu_count()))
    parser.add_argument("--out", type=Path, default=None, help="folder for failing and slow inputs")
    parser.add_argument("--slow", type=float, default=2.0, help="seconds above which a case is listed")
    parser.add_argument("--replay", type=int, default=None, help="run the case with this index only")
    parser.add_argument(
        "--with-soffice", action="store_true",
        help="let legacy files go through LibreOffice (slow; fuzzes LibreOffice more than perfgoals)",
    )
    args = parser.parse_args(argv)
    if not args.with_soffice:
        convert.find_soffice = lambda: None  # inherited by the forked workers

    indexes = [args.replay] if args.replay is not None else list(range(args.cases))
    summary = Summary()
    started = time.perf_counter()
    work = [(args.seed, i, args.slow) for i in indexes]
    if args.jobs > 1 and len(work) > 1:
        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            outcomes = list(pool.imap_unordered(run_case, work, chunksize=20))
    else:
        outcomes = [run_case(w) for w in work]
    elapsed = time.perf_counter() - started

    for outcome in sorted(outcomes, key=lambda o: o.index):
        summary.cases += 1
        summary.kinds[outcome.kind] += 1
        if outcome.failure is not None:
            summary.failures.append(outcome)
        elif outcome.reason is None:
            summary.read += 1
        else:
            summary.refused[outcome.reason] += 1
        if outcome.seconds > args.slow:
            summary.slow.append(outcome)

    print(f"cases: {summary.cases} ({', '.join(f'{k} {n}' for k, n in sorted(summary.kinds.items()))})")
    print(f"read and checked: {summary.read}")
    print("refused (PG001): " + ", ".join(f"{r} {n}" for r, n in summary.refused.most_common()))
    print(f"failures: {len(summary.failures)}; slower than {args.slow:g} s: {len(summary.slow)}")
    slowest = max(outcomes, key=lambda o: o.seconds)
    print(f"time: {elapsed:.1f} s ({summary.cases / elapsed:.0f} cases/s, slowest case {slowest.seconds:.2f} s, #{slowest.index})")
    for outcome in summary.failures[:20]:
        print(f"\n--- failure #{outcome.index} ({outcome.kind}, {outcome.name}) ---\n{outcome.failure}")
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        for outcome in summary.failures + summary.slow:
            label = "failure" if outcome.failure else "slow"
            (args.out / f"{label}-{outcome.index}-{outcome.name}").write_bytes(outcome.data)
    return 1 if summary.failures else 0


if __name__ == "__main__":
    sys.exit(main())
