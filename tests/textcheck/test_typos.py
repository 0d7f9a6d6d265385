"""PG601: find_typos on the sample's slips, real words that must pass, and allow."""

from __future__ import annotations

import pytest

from perfgoals.textcheck import (
    CHAT_PARTICLE,
    CONFUSION_PAIR,
    RARE_CHARACTER,
    TypoHit,
    find_typos,
)


def test_rare_characters_from_the_sample() -> None:
    assert find_typos("踧踖金融市场稳定") == [TypoHit(0, 2, "踧踖", "促进", RARE_CHARACTER)]


def test_chat_particle_from_the_sample() -> None:
    assert find_typos("1、购吗慰问品") == [TypoHit(2, 4, "购吗", "购买", CHAT_PARTICLE)]


def test_particle_without_a_plausible_word_is_reported_alone() -> None:
    assert find_typos("资金到位了吗") == [TypoHit(5, 6, "吗", None, CHAT_PARTICLE)]


def test_single_rare_character_pairs_with_a_free_neighbour() -> None:
    assert find_typos("更新办公设备遘置计划") == [TypoHit(6, 8, "遘置", "购置", RARE_CHARACTER)]


def test_confusion_pair() -> None:
    assert find_typos("加强业务陪训") == [TypoHit(4, 6, "陪训", "培训", CONFUSION_PAIR)]


@pytest.mark.parametrize(
    "text",
    [
        "加强吗啡等麻醉药品管理",
        "城区书吧、咖啡吧等文化空间免费开放",
        "开展酒吧消防检查",
        "取缔无证经营网吧",
        "购置呢绒面料",
        "组建啦啦队",
        "为呐喊声援活动提供场地",
        "滹沱河生态修复工程",
        "更换破损窨井盖200个",
        "浇筑C30砼路面",
        "鄚州镇农贸市场改造",
    ],
)
def test_real_words_with_particles_or_rare_characters_pass(text: str) -> None:
    assert find_typos(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "规范施工做法",  # 施工 / 做法, not 工做
        "原有管理办法已经废止",  # 已经 / 废止, not 经废
        "组织员工做好岗前培训",  # 员工 / 做好
        "确保彰显城市文化特色",  # 确保 / 彰显, not 保彰
        "今年签订目标责任书",
        "以施工单为准",  # 施工单 / 为准
    ],
)
def test_confusion_forms_across_two_real_words_pass(text: str) -> None:
    assert find_typos(text) == []


def test_given_name_after_a_surname_is_not_a_slip() -> None:
    assert find_typos("为张堃、李玥两名同志发放奖励") == []


def test_allow_suppresses_overlapping_hits() -> None:
    assert find_typos("踧踖金融市场稳定", allow=frozenset({"踧踖"})) == []
    assert find_typos("踧踖金融市场稳定", allow=frozenset({"踖金融"})) == []
    assert find_typos("加强业务陪训", allow=frozenset({"金融"})) != []


@pytest.mark.parametrize("text", ["", "   ", "≥90%", "ABC-123", "100.00"])
def test_no_han_text(text: str) -> None:
    assert find_typos(text) == []


def test_hits_are_frozen_and_in_text_order() -> None:
    text = "办公经废按时拔付，加强业务陪训"
    hits = find_typos(text)
    assert [hit.found for hit in hits] == ["经废", "拔付", "陪训"]
    assert all(text[hit.start : hit.end] == hit.found for hit in hits)
    with pytest.raises(AttributeError):
        hits[0].start = 1  # type: ignore[misc]


def test_text_in_traditional_characters_is_not_a_string_of_slips() -> None:
    assert find_typos("資金撥付及時，項目驗收合格，群眾滿意度達標") == []
