"""The three text checks over every line of the real sample filing.

Only the known defects may fire: `踧踖` (table 11), `购吗` (table 18), the goal
`政务外网专线按照` (table 26) and the table-19 funding-use text. Everything
else, including the long part-1 prose, must give no finding at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from perfgoals.textcheck import (
    CHAT_PARTICLE,
    RARE_CHARACTER,
    TypoHit,
    copied_heading,
    find_typos,
    truncated_ending,
)

from .helpers import sample_lines, sample_path

SAMPLE = sample_path()
pytestmark = pytest.mark.skipif(SAMPLE is None, reason="sample filing not available")

EXPECTED_TYPOS = {
    "2、踧踖金融市场稳定": [TypoHit(2, 4, "踧踖", "促进", RARE_CHARACTER)],
    "1、购吗慰问品": [TypoHit(2, 4, "购吗", "购买", CHAT_PARTICLE)],
}
EXPECTED_TRUNCATED = {"1、政务外网专线按照": "按照"}


@pytest.fixture(scope="module")
def lines() -> list[str]:
    assert SAMPLE is not None
    return sample_lines(Path(SAMPLE))


def test_only_the_known_lines_fire(lines: list[str]) -> None:
    findings: dict[str, tuple[object, ...]] = {}
    for line in lines:
        result = (find_typos(line), truncated_ending(line), copied_heading(line))
        if any(result):
            findings[line] = result
    expected = {
        line: (EXPECTED_TYPOS.get(line, []), EXPECTED_TRUNCATED.get(line), None)
        for line in (*EXPECTED_TYPOS, *EXPECTED_TRUNCATED)
    }
    assert findings == expected


def test_table_19_purpose_as_one_field(lines: list[str]) -> None:
    start = next(
        i for i, line in enumerate(lines) if line.startswith("组织起草市长讲话") and i > 1000
    )
    purpose = f"{lines[start]}\n{lines[start + 1]}"
    assert lines[start + 1].startswith("（二）综合二至七科。")
    assert copied_heading(purpose) == "（二）综合二至七科。"
    assert find_typos(purpose) == []
    assert truncated_ending(purpose) is None


def test_part_one_prose_as_one_text(lines: list[str]) -> None:
    end = next(i for i, line in enumerate(lines) if line == "第二部分")
    prose = "\n".join(lines[:end])
    assert len(prose) > 3000
    assert find_typos(prose) == []
    assert truncated_ending(prose) is None
