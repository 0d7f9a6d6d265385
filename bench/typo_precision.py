"""PG601 over its evaluation set, the current signals beside the language check.

    python bench/typo_precision.py

Sets: tests/textcheck/eval/clean.tsv (clean official prose) and typos.tsv
(one hand-written slip per sentence, with its kind); see
scripts/make_typo_eval.py. A slip is found when a hit covers it; the
suggestion is right when applying it restores the original sentence. Every
hit on a clean sentence is a false positive. "lists" is PG601 without the
language check (rare characters, chat particles, confusions.tsv); "all" is
PG601 as shipped. Timings: µs per sentence, warm (data loaded), first pass.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from perfgoals.textcheck import LANGUAGE, TypoHit, find_typos  # noqa: E402
from perfgoals.textcheck.charmodel import load_model  # noqa: E402
from perfgoals.textcheck.lexicon import load_lexicon  # noqa: E402

EVAL = ROOT / "tests" / "textcheck" / "eval"


def rows(name: str) -> list[list[str]]:
    text = (EVAL / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def main() -> int:
    clean = [text for _source, text in rows("clean.tsv")]
    slips = [(int(s), int(e), w, r, k, t) for _src, s, e, w, r, k, t in rows("typos.tsv")]
    start = time.perf_counter()
    load_lexicon()
    load_model()
    find_typos("数据加载")
    print(f"load: {(time.perf_counter() - start) * 1000:.0f} ms")
    start = time.perf_counter()
    results = {text: find_typos(text) for text in clean + [slip[5] for slip in slips]}
    per = (time.perf_counter() - start) / len(results) * 1e6
    print(f"{len(clean)} clean sentences, {len(slips)} slips; {per:.0f} µs per sentence")

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
        print(f"\n[{which}]")
        for kind in sorted(total):
            print(
                f"  {kind:<12} recall {caught[kind]:>3}/{total[kind]:<3}"
                f" {caught[kind] / total[kind]:6.1%}   suggestion right {right[kind]}/{caught[kind]}"
            )
        non_word = sum(caught[k] for k in ("same-pinyin", "tone-slip"))
        non_word_total = sum(total[k] for k in ("same-pinyin", "tone-slip"))
        print(f"  non-word (same-pinyin + tone-slip) recall {non_word / non_word_total:.1%}")
        print(f"  false positives per 100 clean sentences: {100 * len(false) / len(clean):.2f}")
        for text, hit in false:
            print(f"    {hit.found} -> {hit.suggestion} ({hit.reason}): {text[:50]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
