"""PG601 over the project's own case set (typo_cases.tsv)."""

from __future__ import annotations

import pytest

from perfgoals.textcheck import copied_heading, find_typos, truncated_ending
from perfgoals.textcheck.lexicon import confusion_pairs

from .helpers import Case, load_cases, sample_lines, sample_path

CASES = load_cases()
TYPOS = [case for case in CASES if case.label == "typo"]
CORRECT = [case for case in CASES if case.label == "ok"]


def test_case_set_shape() -> None:
    assert len(TYPOS) >= 40
    assert len(CORRECT) >= 200
    pairs = dict(confusion_pairs())
    from_pairs = {case.wrong for case in TYPOS if case.wrong in pairs}
    assert len(from_pairs) >= 25
    for case in TYPOS:
        assert case.wrong is not None and case.text.count(case.wrong) == 1, case.text


def test_case_typos_are_not_the_samples() -> None:
    path = sample_path()
    if path is None:
        pytest.skip("sample filing not available")
    sample = "\n".join(sample_lines(path))
    assert [case.text for case in TYPOS if case.wrong and case.wrong in sample] == []


@pytest.mark.parametrize("case", CORRECT, ids=lambda case: case.text)
def test_correct_sentences_give_no_finding(case: Case) -> None:
    assert find_typos(case.text) == []
    assert truncated_ending(case.text) is None
    assert copied_heading(case.text) is None


def test_typo_sentences() -> None:
    found = 0
    for case in TYPOS:
        hits = find_typos(case.text)
        # Precision: nothing but the known slip is reported.
        assert all(hit.found == case.wrong for hit in hits), (case.text, hits)
        if hits:
            found += 1
            assert hits[0].suggestion == case.right, (case.text, hits)
    # A few slips are real words (截止/截至, 权力/权利) or names: left alone on purpose.
    assert found / len(TYPOS) >= 0.9
