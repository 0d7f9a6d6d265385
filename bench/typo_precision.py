"""PG601 over its evaluation set, the current signals beside the language check.

    python bench/typo_precision.py

Sets: tests/textcheck/eval/clean.tsv (clean official prose), typos.tsv
(one hand-written slip per sentence, with its kind; the margins were chosen
on it) and typos-holdout.tsv (slips written afterwards, never used for
tuning); see scripts/make_typo_eval.py. `--text DIR` also counts the
language hits on every cell of the text files in DIR (cells: runs of text
between two or more spaces, as `pdftotext -layout` writes tables). A slip is found when a hit covers it; the
suggestion is right when applying it restores the original sentence. Every
hit on a clean sentence is a false positive. "lists" is PG601 without the
language check (rare characters, chat particles, confusions.tsv); "all" is
PG601 as shipped. Timings: CPU µs per sentence, data loaded, memos empty.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from perfgoals.textcheck import LANGUAGE, TypoHit, find_typos, generic, typos  # noqa: E402
from perfgoals.textcheck.charmodel import load_model  # noqa: E402
from perfgoals.textcheck.lexicon import load_lexicon  # noqa: E402

EVAL = ROOT / "tests" / "textcheck" / "eval"


def rows(name: str) -> list[list[str]]:
    text = (EVAL / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--text", type=Path, help="folder of extra clean text files")
    args = parser.parse_args()
    clean = [text for _source, text in rows("clean.tsv")]
    slips = [(int(s), int(e), w, r, k, t) for _src, s, e, w, r, k, t in rows("typos.tsv")]
    holdout = [
        (int(s), int(e), w, r, k, t) for _src, s, e, w, r, k, t in rows("typos-holdout.tsv")
    ]
    start = time.perf_counter()
    load_lexicon()
    load_model()
    find_typos("数据加载")
    print(f"load: {(time.perf_counter() - start) * 1000:.0f} ms")
    results = {text: find_typos(text) for text in clean + [slip[5] for slip in slips]}
    fields = [text for text in clean if len(text) <= 40]
    texts = list(results)
    print(f"{len(clean)} clean sentences, {len(slips)} slips")
    for which in ("lists", "all"):
        per_sentence = timing(texts, language=which == "all")
        per_field = timing(fields, language=which == "all")
        print(
            f"[{which}] {per_sentence:.0f} µs per sentence, {per_field:.0f} µs per field-sized"
            f" sentence (<= 40 characters, {len(fields)} of them), caches cold"
        )
    results.update({slip[5]: find_typos(slip[5]) for slip in holdout})

    report(clean, slips, results, "tuning set")
    report(clean, holdout, results, "hold-out set", with_clean=False)
    if args.text:
        scan(args.text)
    return 0


Slip = tuple[int, int, str, str, str, str]


def timing(texts: list[str], *, language: bool) -> float:
    """Microseconds per text of find_typos with empty memos (data loaded)."""
    saved = typos._language_hits
    if not language:
        typos._language_hits = lambda text: []  # type: ignore[assignment]
    try:
        typos.typo_hits.cache_clear()
        generic._suggestions.cache_clear()
        start = time.process_time()
        for text in texts:
            find_typos(text)
        return (time.process_time() - start) / len(texts) * 1e6
    finally:
        typos._language_hits = saved
        typos.typo_hits.cache_clear()


def report(
    clean: list[str],
    slips: list[Slip],
    results: dict[str, list[TypoHit]],
    title: str,
    *,
    with_clean: bool = True,
) -> None:
    def keep(hits: list[TypoHit], which: str) -> list[TypoHit]:
        return hits if which == "all" else [hit for hit in hits if hit.reason != LANGUAGE]

    for which in ("lists", "all"):
        total: Counter[str] = Counter()
        caught: Counter[str] = Counter()
        right: Counter[str] = Counter()
        for lo, hi, _wrong, correct, kind, text in slips:
            total[kind] += 1
            hit = next((h for h in keep(results[text], which) if h.start < hi and lo < h.end), None)
            if hit is None:
                continue
            caught[kind] += 1
            fixed = text[: hit.start] + (hit.suggestion or "") + text[hit.end :]
            right[kind] += fixed == text[:lo] + correct + text[hi:]
        false = [(t, h) for t in clean for h in keep(results[t], which)]
        print(f"\n[{title}, {which}]")
        for kind in sorted(total):
            print(
                f"  {kind:<12} recall {caught[kind]:>3}/{total[kind]:<3}"
                f" {caught[kind] / total[kind]:6.1%}   suggestion right {right[kind]}/{caught[kind]}"
            )
        non_word = sum(caught[k] for k in ("same-pinyin", "tone-slip"))
        non_word_total = sum(total[k] for k in ("same-pinyin", "tone-slip"))
        print(f"  non-word (same-pinyin + tone-slip) recall {non_word / non_word_total:.1%}")
        if not with_clean:
            continue
        print(f"  false positives per 100 clean sentences: {100 * len(false) / len(clean):.2f}")
        for text, hit in false:
            print(f"    {hit.found} -> {hit.suggestion} ({hit.reason}): {text[:50]}")


def scan(folder: Path) -> None:
    cells = 0
    hits: list[tuple[str, TypoHit, str]] = []
    for path in sorted(folder.glob("*.txt")):
        for line in path.read_text(encoding="utf-8", errors="replace").split("\n"):
            for cell in re.split(r"\s{2,}", line.strip()):
                if cell:
                    cells += 1
                    hits += [(path.name, h, cell) for h in find_typos(cell) if h.reason == LANGUAGE]
    print(f"\n[{folder}] {cells} cells, {len(hits)} language hits")
    for name, hit, cell in hits:
        print(f"    {hit.found} -> {hit.suggestion}: {cell[:50]} ({name[:40]})")


if __name__ == "__main__":
    sys.exit(main())
