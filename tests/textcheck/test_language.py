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


def _slips(name: str) -> list[Slip]:
    return [
        Slip(source, int(start), int(end), wrong, right, kind, text)
        for source, start, end, wrong, right, kind, text in _rows(name)
    ]


CLEAN = [text for _source, text in _rows("clean.tsv")]
SLIPS = _slips("typos.tsv")
HOLDOUT = _slips("typos-holdout.tsv")


def found(slip: Slip) -> TypoHit | None:
    """The hit that covers the slip, if any."""
    return next(
        (hit for hit in find_typos(slip.text) if hit.start < slip.end and slip.start < hit.end),
        None,
    )


def test_evaluation_set_shape() -> None:
    assert len(CLEAN) >= 500 and len(set(CLEAN)) == len(CLEAN)
    assert len(SLIPS) >= 300 and len(HOLDOUT) >= 80
    kinds = Counter(slip.kind for slip in SLIPS)
    assert {"same-pinyin", "tone-slip", "fuzzy", "shape", "real-word"} <= set(kinds)
    assert {(s.wrong, s.right) for s in SLIPS}.isdisjoint((s.wrong, s.right) for s in HOLDOUT)
    for slip in SLIPS + HOLDOUT:
        assert slip.text[slip.start : slip.end] == slip.wrong, slip
        assert len(slip.wrong) == len(slip.right) and slip.wrong != slip.right
        assert slip.source and slip.kind


def test_no_slip_comes_from_the_curated_list() -> None:
    wrong_forms = {wrong for wrong, _right in confusion_pairs()}
    borrowed = [s.wrong for s in SLIPS + HOLDOUT if any(w in s.text for w in wrong_forms)]
    assert borrowed == []


def test_typo_sentences_are_not_clean_sentences() -> None:
    assert {slip.text for slip in SLIPS + HOLDOUT}.isdisjoint(CLEAN)


def test_no_finding_on_any_clean_sentence() -> None:
    assert {text: hits for text in CLEAN if (hits := find_typos(text))} == {}


@pytest.mark.parametrize("path", sorted(REAL.glob("*.txt")), ids=lambda path: path.stem)
def test_no_finding_on_a_real_filing(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert {line: hits for line in lines if (hits := find_typos(line))} == {}


@pytest.mark.parametrize(
    ("slips", "floor"), [(SLIPS, 0.5), (HOLDOUT, 0.4)], ids=["tuning", "holdout"]
)
def test_recall_on_unseen_non_word_slips(slips: list[Slip], floor: float) -> None:
    slips = [slip for slip in slips if slip.kind in NON_WORD]
    hits = {slip: found(slip) for slip in slips}
    caught = [slip for slip, hit in hits.items() if hit is not None]
    assert len(caught) / len(slips) >= floor
    # A hit in a slip sentence is the slip itself; its correction is right
    # but for at most one slip in fifty (or one).
    wrong = 0
    for slip in caught:
        hit = hits[slip]
        assert hit is not None and hit.suggestion is not None
        corrected = slip.text[: hit.start] + hit.suggestion + slip.text[hit.end :]
        original = slip.text[: slip.start] + slip.right + slip.text[slip.end :]
        wrong += corrected != original
    assert wrong <= max(1, len(caught) // 50)


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
        "依据津财基指〔2022〕23号文件",  # the issuer's abbreviation of a document number
        "推进“福见康养”平台应用",  # a short quotation: a name
        "年度指\n标值：≥90%",  # a word cut by a line break
        "加快建设南山口、哇让、同德抽水蓄能电站",  # a list of place names
    ],
)
def test_near_misses_are_left_alone(text: str) -> None:
    assert find_typos(text, weak=True) == []


def test_an_odd_but_correct_phrase_is_weak_evidence_at_most() -> None:
    # Reported only if the filing writes 行为 elsewhere: see rules/text.py.
    assert find_typos("其中三颗星为必填") == []


def test_weak_evidence_is_reported_only_on_request() -> None:
    text = "落时最严格的耕地保护制度"
    assert find_typos(text) == []
    assert [(hit.found, hit.suggestion) for hit in find_typos(text, weak=True)] == [
        ("落时", "落实")
    ]


def test_word_spans_give_each_position_its_word() -> None:
    from perfgoals.textcheck.generic import _word_spans

    words = ["资金", "到位", "率", "达到", "百分之百"]
    spans = _word_spans(words, 3)
    expected, pos = {}, 3
    for word in words:
        for j in range(pos, pos + len(word)):
            expected[j] = (pos, pos + len(word))
        pos += len(word)
    assert {j: spans[j] for j in expected} == expected
    for outside in (2, pos):
        with pytest.raises(KeyError):
            spans[outside]
