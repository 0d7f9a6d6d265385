"""PG601's language check: the evaluation set, its honesty, and near misses."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from perfgoals.textcheck import LANGUAGE, TypoHit, find_typos
from perfgoals.textcheck.lexicon import confusion_pairs

HERE = Path(__file__).resolve().parent
EVAL = HERE / "eval"
REAL = HERE / "real"
NON_WORD = ("same-pinyin", "tone-slip")


@dataclass(frozen=True)
class Slip:
    source: str
    start: int
    end: int
    wrong: str
    right: str
    kind: str
    text: str


def _rows(name: str) -> list[list[str]]:
    text = (EVAL / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


CLEAN = [text for _source, text in _rows("clean.tsv")]
SLIPS = [
    Slip(source, int(start), int(end), wrong, right, kind, text)
    for source, start, end, wrong, right, kind, text in _rows("typos.tsv")
]


def found(slip: Slip) -> TypoHit | None:
    """The hit that covers the slip, if any."""
    return next(
        (hit for hit in find_typos(slip.text) if hit.start < slip.end and slip.start < hit.end),
        None,
    )


def test_evaluation_set_shape() -> None:
    assert len(CLEAN) >= 500 and len(set(CLEAN)) == len(CLEAN)
    assert len(SLIPS) >= 300
    kinds = Counter(slip.kind for slip in SLIPS)
    assert {"same-pinyin", "tone-slip", "fuzzy", "shape", "real-word"} <= set(kinds)
    for slip in SLIPS:
        assert slip.text[slip.start : slip.end] == slip.wrong, slip
        assert len(slip.wrong) == len(slip.right) and slip.wrong != slip.right
        assert slip.source and slip.kind


def test_no_slip_comes_from_the_curated_list() -> None:
    wrong_forms = {wrong for wrong, _right in confusion_pairs()}
    borrowed = [s.wrong for s in SLIPS if any(w in s.text for w in wrong_forms)]
    assert borrowed == []


def test_typo_sentences_are_not_clean_sentences() -> None:
    assert {slip.text for slip in SLIPS}.isdisjoint(CLEAN)


def _language(text: str) -> list[TypoHit]:
    return [hit for hit in find_typos(text) if hit.reason == LANGUAGE]


def test_no_language_finding_on_any_clean_sentence() -> None:
    # The older signals have two known false positives here (哇让, a place
    # name, read as a chat particle); bench/typo_precision.py lists them.
    assert {text: hits for text in CLEAN if (hits := _language(text))} == {}


@pytest.mark.parametrize("path", sorted(REAL.glob("*.txt")), ids=lambda path: path.stem)
def test_no_finding_on_a_real_filing(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert {line: hits for line in lines if (hits := find_typos(line))} == {}


def test_recall_on_unseen_non_word_slips() -> None:
    slips = [slip for slip in SLIPS if slip.kind in NON_WORD]
    hits = {slip: found(slip) for slip in slips}
    caught = [slip for slip, hit in hits.items() if hit is not None]
    assert len(caught) / len(slips) >= 0.45
    # A hit in a slip sentence is the slip itself, with the right correction.
    for slip in caught:
        hit = hits[slip]
        assert hit is not None and hit.suggestion is not None
        corrected = slip.text[: hit.start] + hit.suggestion + slip.text[hit.end :]
        original = slip.text[: slip.start] + slip.right + slip.text[slip.end :]
        assert corrected == original, (slip, hit)


@pytest.mark.parametrize(
    ("text", "found_", "suggestion"),
    [
        ("项目计续实施三年", "计续", "继续"),
        ("全年完成各项工做任务", "工做", "工作"),
    ],
)
def test_language_hits(text: str, found_: str, suggestion: str) -> None:
    hits = [hit for hit in find_typos(text) if hit.reason == LANGUAGE]
    assert [(hit.found, hit.suggestion) for hit in hits] in (
        [(found_, suggestion)],
        [],  # only when another signal reported it first
    )
    assert [hit.found for hit in find_typos(text)] == [found_]


@pytest.mark.parametrize(
    "text",
    [
        "招待处系自收自支事业单位",  # a budget term of art
        "加快南繁硅谷建设",  # a direction and an abbreviation: a place
        "推动陕晋豫黄河生态保护",  # province abbreviations
        "第一师十六团巩固脱贫成果",  # numerals and ordinals
        "部門項目資金績效目標",  # traditional script
        "宁晋县贾家口村委会办公经费",  # a name before an organisation suffix
        "其中三颗星为必填",  # an unusual but correct phrase the models find odd
    ],
)
def test_near_misses_are_left_alone(text: str) -> None:
    assert [hit for hit in find_typos(text) if hit.reason == LANGUAGE] == []


def test_weak_evidence_is_reported_only_on_request() -> None:
    text = "落时最严格的耕地保护制度"
    assert find_typos(text) == []
    assert [(hit.found, hit.suggestion) for hit in find_typos(text, weak=True)] == [
        ("落时", "落实")
    ]
