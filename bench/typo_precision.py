"""Precision and recall of PG601 over tests/textcheck/typo_cases.tsv, with timings.

    python bench/typo_precision.py

A hit counts as correct when it reports exactly the case's wrong form; every
other hit (in a correct sentence, or elsewhere in a typo sentence) is a false
positive. Recall is over the typo sentences; suggestion accuracy over the
correct hits. Timings: loading the lexicon in this process, then checking all
sentences once cold (word groups decoded on demand) and once warm.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from perfgoals.textcheck import find_typos  # noqa: E402
from perfgoals.textcheck.lexicon import load_lexicon  # noqa: E402
from textcheck.helpers import load_cases  # noqa: E402


def main() -> int:
    cases = load_cases()
    start = time.perf_counter()
    load_lexicon()
    load_time = time.perf_counter() - start

    true_pos = false_pos = right_suggestion = 0
    missed: list[str] = []
    start = time.perf_counter()
    results = [(case, find_typos(case.text)) for case in cases]
    cold = time.perf_counter() - start
    start = time.perf_counter()
    for case in cases:
        find_typos(case.text)
    warm = time.perf_counter() - start

    for case, hits in results:
        good = [hit for hit in hits if case.label == "typo" and hit.found == case.wrong]
        false_pos += len(hits) - len(good)
        if good:
            true_pos += 1
            right_suggestion += good[0].suggestion == case.right
        elif case.label == "typo":
            missed.append(case.text)

    typos = sum(case.label == "typo" for case in cases)
    reported = true_pos + false_pos
    precision = true_pos / reported if reported else 1.0
    recall = true_pos / typos if typos else 1.0
    print(f"sentences:   {len(cases)} ({typos} with a typo, {len(cases) - typos} correct)")
    print(f"precision:   {precision:.3f} ({true_pos} correct hits, {false_pos} false positives)")
    print(f"recall:      {recall:.3f} ({true_pos} of {typos} typos found)")
    print(f"suggestions: {right_suggestion} of {true_pos} as expected")
    print(f"load:        {load_time * 1000:.1f} ms")
    print(f"check all:   {cold * 1000:.1f} ms cold, {warm * 1000:.1f} ms warm")
    for text in missed:
        print(f"missed:      {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
