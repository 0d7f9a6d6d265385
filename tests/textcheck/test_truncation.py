"""PG602: truncated_ending on clauses that stop on a preposition or conjunction."""

from __future__ import annotations

import pytest

from perfgoals.textcheck import truncated_ending

from .helpers import HERE


def test_goal_from_the_sample() -> None:
    assert truncated_ending("政务外网专线按照") == "按照"


def test_each_clause_is_checked() -> None:
    assert truncated_ending("1、政务外网专线按照\n2、服务对象满意") == "按照"
    assert truncated_ending("资金按时拨付和；服务对象满意。") == "和"
    assert truncated_ending("全面排查安全隐患并") == "并"


def test_trailing_punctuation_does_not_hide_the_end() -> None:
    assert truncated_ending("政务外网专线按照，") == "按照"
    assert truncated_ending("确保资金安全，并") == "并"


def test_conjunctions_that_need_a_continuation() -> None:
    assert truncated_ending("资金使用效益明显提高，从而") == "从而"
    assert truncated_ending("加强资金监管以及") == "以及"


def test_a_word_further_left_can_claim_the_shared_characters() -> None:
    # 民和 is a dictionary word, but 人民 / 和 is how the clause reads.
    assert truncated_ending("服务于人民和") == "和"


# Words whose last character alone could be a preposition or conjunction.
NEAR_MISSES = (HERE / "near_miss_endings.txt").read_text(encoding="utf-8").split()


@pytest.mark.parametrize("word", NEAR_MISSES)
def test_words_that_merely_end_like_a_preposition(word: str) -> None:
    assert truncated_ending(word) is None
    assert truncated_ending(f"鼓励社会力量{word}") is None


@pytest.mark.parametrize(
    "text",
    [
        "指标值确定依据",  # 依据 as a noun: the sample's grid header
        "项目验收通过",  # 通过 as a verb
        "坚持问题导向和目标导向",
        "全面排查各类风险隐患，找准问题所在",
        "服务对象满意度≥90%",
        "资金来源为市级财政预算安排",
        "",
    ],
)
def test_complete_texts(text: str) -> None:
    assert truncated_ending(text) is None
