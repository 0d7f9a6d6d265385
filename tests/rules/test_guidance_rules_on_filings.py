"""The rules drawn from the 财政部 guidance on 绩效目标 (PG306, PG413–PG420,
PG503–PG505, PG604–PG605) on whole filings: what they find in the sample, that
they stay silent on clean filings, and how ``explain`` presents them."""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from perfgoals.commands.info import explanation, rules_markdown
from perfgoals.engine import check_filing, check_path
from perfgoals.findings import Finding
from perfgoals.pipeline import load_filing
from perfgoals.rules.registry import all_rules
from perfgoals.settings import Settings

from conftest import ROOT, SAMPLE_DOCX, SAMPLE_TXT
from gen.filings import CLEAN_FILINGS
from gen.spec import dingzhou_like
from gen.text_writer import to_text

SECOND_WAVE = (
    "PG306", "PG413", "PG414", "PG415", "PG416", "PG417", "PG418", "PG419", "PG420",
    "PG503", "PG504", "PG505", "PG604", "PG605",
)  # fmt: skip
NEW = SECOND_WAVE[1:]  # PG306 came first, with the spending-plan rules


@cache
def sample(path: str = str(SAMPLE_TXT)) -> tuple[Finding, ...]:
    result = check_path(Path(path), Path(path).name, Settings(select=SECOND_WAVE))
    assert result.status == "ok" and not result.errors
    return tuple(result.findings)


def at(rule: str, part: int | None, table: int | None) -> list[Finding]:
    return [
        f
        for f in sample()
        if f.rule == rule and (f.location.part, f.location.table) == (part, table)
    ]


# ---------------------------------------------------------------- the sample


def test_sample_counts() -> None:
    counts = Counter(f.rule for f in sample())
    assert counts == {
        "PG306": 1,  # table 18's 10, 20, 30, 100 (25/50/75/100 is on the calendar)
        "PG413": 51,  # 时效高, 可持续影响度高, 社会效益高 … on 27 tables
        "PG418": 24,  # every 时效指标 target is a bare ≥90 or ≥80
        "PG503": 2,
        "PG504": 5,
        "PG604": 1,
        "PG605": 1,
    }


def test_sample_generic_names() -> None:
    (finding,) = [f for f in at("PG413", 3, 1) if f.location.indicator_row == 1]
    assert finding.severity == "warning" and "时效高" in finding.message
    assert len({f.location.table for f in sample() if f.rule == "PG413"}) >= 25
    # A row that names its object (购置物品, 日常工作) is not generic.
    assert at("PG413", 3, 8) == []


def test_sample_timeliness_targets() -> None:
    (finding,) = at("PG418", 3, 1)
    assert finding.location.indicator_row == 1 and "≥90时效高" in finding.message
    (part2,) = at("PG418", 2, 1)
    assert part2.location.field == "指标值"


def test_sample_back_loaded_plan() -> None:
    (finding,) = at("PG306", 3, 18)
    assert "6月底" in finding.message and "20" in finding.message


def test_sample_vague_goals() -> None:
    assert [f.message.split("”")[0] for f in at("PG503", 3, 4) + at("PG503", 3, 20)] == [
        "绩效目标“出国",
        "绩效目标“修志",
    ]


def test_sample_inputs_as_outputs() -> None:
    part2 = at("PG504", 2, 1)
    assert [(f.location.field, f.location.indicator_row) for f in part2] == [
        ("绩效目标", None),
        ("绩效指标描述", 1),
    ]
    assert "奖励资金到位" in part2[0].message
    tables = {f.location.table for f in sample() if f.rule == "PG504" and f.location.part == 3}
    assert tables == {9, 14, 23}  # 补助到位, 人防建设支出 (listed twice, found once), 转换资金到位


def test_sample_document_number() -> None:
    (finding,) = at("PG604", 3, 9)
    assert finding.location.field == "项目名称" and finding.suggestion == "〔2019〕20号"


def test_sample_province_text_in_part_one() -> None:
    (finding,) = at("PG605", None, None)
    assert finding.location.field == "部门整体绩效目标" and "全省人民" in finding.message


def test_sample_docx_agrees() -> None:
    def keys(path: str) -> list[tuple[str, str]]:
        return sorted((f.rule, f.fingerprint) for f in sample(path) if f.rule in NEW)

    assert keys(str(SAMPLE_TXT)) == keys(str(SAMPLE_DOCX))


# ---------------------------------------------------------------- clean filings


def new_rule_findings(path: Path) -> list[tuple[str, str, int | None, str]]:
    filing = load_filing(path, path.name)
    result = check_filing(filing, Settings(select=SECOND_WAVE), path.name)
    assert not result.errors, result.errors
    return [(f.rule, f.severity, f.location.table, f.message) for f in result.findings]


@pytest.mark.parametrize("name", sorted(CLEAN_FILINGS))
def test_clean_filings_are_silent(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.txt"
    path.write_text(to_text(CLEAN_FILINGS[name][0]), encoding="utf-8")
    assert new_rule_findings(path) == []


@pytest.mark.parametrize("seed", range(6))
def test_synthetic_corpus_is_silent(seed: int, tmp_path: Path) -> None:
    path = tmp_path / f"dingzhou-like-{seed}.txt"
    path.write_text(to_text(dingzhou_like(40, seed)), encoding="utf-8")
    assert new_rule_findings(path) == []


LAYOUT_FIXTURES = sorted((ROOT / "tests" / "layouts" / "fixtures").glob("*.txt"))


@pytest.mark.skipif(not LAYOUT_FIXTURES, reason="no layout fixtures in this checkout")
@pytest.mark.parametrize("path", LAYOUT_FIXTURES, ids=[p.stem for p in LAYOUT_FIXTURES])
def test_layout_fixtures_are_silent(path: Path) -> None:
    # The -defect copies carry other rules' defects; none is a second-wave one.
    assert new_rule_findings(path) == []


# ---------------------------------------------------------------- explain


@pytest.mark.parametrize("code", SECOND_WAVE)
@pytest.mark.parametrize(
    ("lang", "titles"),
    [
        ("zh", ("依据原则:", "错误示例:", "正确示例:", "如何修改:")),
        ("en", ("Principle:", "Failing example:", "Passing example:", "How to fix:")),
    ],
)
def test_explain_cites_the_principle_and_the_rewrite(
    code: str, lang: str, titles: tuple[str, ...]
) -> None:
    spec = all_rules()[code]
    assert spec.principle
    text = explanation(spec, lang)
    assert all(title in text for title in titles), text
    principle = text.split(titles[0])[1]
    assert spec.principle in principle  # named, then paraphrased
    assert len(principle.strip()) > len(spec.principle) + 10


def test_rules_document_lists_the_principles() -> None:
    doc = rules_markdown()
    for code in SECOND_WAVE:
        section = doc.split(f"## {code}\n")[1].split("\n## ")[0]
        assert "**依据原则**" in section and "**Principle**" in section, code
