"""Rules find kinds of defects, not the sample's strings: no rule module or rule
data file contains a phrase that occurs in the sample filing's tables but not
in the product spec's own vocabulary (category names, field labels)."""

from __future__ import annotations

from pathlib import Path

from perfgoals.model import Filing

from conftest import ROOT

# The product spec's layouts.md, kept in the repository so the test runs on a
# fresh clone: phrases the spec itself uses are template vocabulary.
SPEC = ROOT / "tests" / "fixtures" / "spec" / "layouts.md"
RULE_SOURCES = [
    *sorted((ROOT / "src" / "perfgoals" / "rules").glob("*.py")),
    *sorted((ROOT / "src" / "perfgoals" / "data").glob("*.toml")),
    *sorted((ROOT / "src" / "perfgoals" / "data" / "textcheck").glob("*.t*")),
]
# Template vocabulary every 绩效目标表 shares (layouts.md lists it too).
SHARED_VOCABULARY = {
    "产出指标", "效果指标", "效益指标", "满意度指标", "数量指标", "质量指标", "时效指标",
    "成本指标", "社会效益指标", "经济效益指标", "生态效益指标", "可持续影响指标",
    "服务对象满意度指标", "服务对象满意度", "服务对象满意",
}


def distinctive_phrases(filing: Filing) -> set[str]:
    phrases: set[str] = set()
    for table in filing.tables:
        for text in (table.project_name, table.purpose, table.goals_text):
            if text:
                phrases.update(part.strip() for part in text.replace("；", "\n").splitlines())
        for goal in table.goals or []:
            phrases.add(goal.text)
        for ind in table.indicators or []:
            phrases.update(v for v in (ind.description, ind.target, ind.basis) if v)
    spec_text = SPEC.read_text("utf-8")
    return {
        p
        for p in phrases
        if 5 <= len(p) <= 40 and p not in SHARED_VOCABULARY and p not in spec_text
    }


def test_no_rule_source_contains_a_sample_phrase(sample_filing: Filing) -> None:
    phrases = distinctive_phrases(sample_filing)
    assert len(phrases) > 50  # the check is only meaningful with many phrases
    offenders = []
    for path in RULE_SOURCES:
        if path.name == "lexicon.txt":
            continue  # generated word frequencies from the dictionary package
        text = path.read_text("utf-8")
        offenders.extend((Path(path).name, p) for p in phrases if p in text)
    assert offenders == []
