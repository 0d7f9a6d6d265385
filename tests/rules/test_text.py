from __future__ import annotations

import subprocess
import sys

from perfgoals.model import DepartmentGoals, DepartmentSection, Goal, Source

from conftest import ROOT, SAMPLE_TXT
from factories import codes, findings, indicator, table


def goals(*texts: str) -> list[Goal]:
    return [Goal(number=i, text=t) for i, t in enumerate(texts, start=1)]


def test_typo_with_suggestion_in_a_goal() -> None:
    t = table(goals=goals("完成全县教师陪训500人次", "保彰培训场地安全"))
    found = findings(t, select="PG601")
    assert [(f.location.field, f.suggestion) for f in found] == [
        ("绩效目标", "培训"),
        ("绩效目标", "保障"),
    ]


def test_chat_particle_inside_a_purpose() -> None:
    t = table(purpose="用于购吗教学设备和实验耗材。")
    (finding,) = findings(t, select="PG601")
    assert finding.suggestion == "购买" and finding.location.field == "资金用途"


def test_real_words_with_particle_characters_are_not_typos() -> None:
    t = table(
        purpose="用于采购吗啡类管制药品的安全储存柜，并整治校园周边网吧。",
        goals=goals("完成全县教师培训500人次", "呢绒被服按时发放到位"),
    )
    assert findings(t, select="PG601") == []


def test_allowlist_option() -> None:
    t = table(goals=goals("完成全县教师陪训500人次"))
    assert findings(t, select="PG601", options={"PG601": {"allow": ["陪训"]}}) == []


def with_department(*paragraphs: str, allow: tuple[str, ...] = ()) -> list[str | None]:
    """PG601's suggestions on a filing whose part 1 holds ``paragraphs``."""
    department = DepartmentGoals(
        sections=[
            DepartmentSection(
                heading="二、年度重点工作", paragraphs=list(paragraphs), source=Source(line=5)
            )
        ]
    )
    options = {"PG601": {"allow": list(allow)}} if allow else None
    found = findings(table(), select="PG601", options=options, department=department)
    assert all(
        (f.location.field, f.location.table, f.location.line) == ("部门整体绩效目标", None, 5)
        for f in found
    )
    return [f.suggestion for f in found]


def test_typo_in_the_department_goals() -> None:
    assert sorted(with_department("完成全县教师陪训工作，保彰校舍安全。")) == ["保障", "培训"]


def test_department_goals_near_misses() -> None:
    assert with_department("完成全县教师培训工作，保障校舍安全，整治校园周边网吧。") == []
    assert with_department("完成全县教师陪训工作。", allow=("陪训",)) == []


def test_truncated_goal_and_near_misses() -> None:
    t = table(goals=goals("校舍维修工程按照", "完成校舍维修3000平方米"))
    (finding,) = findings(t, select="PG602")
    assert finding.location.field == "绩效目标" and "按照" in finding.message
    ok = table(goals=goals("鼓励社会力量参与", "确保资金安全存在", "明确工作方向"))
    assert findings(ok, select="PG602") == []


def test_truncation_not_checked_in_target_or_category_cells() -> None:
    rows = [indicator("产出指标", "数量指标", "培训人次", "≥500人次", "上年度实际完成值")]
    rows[0] = rows[0].model_copy(update={"level3": "培训和"})
    assert findings(table(indicators=rows), select="PG602") == []


def test_copied_heading_in_purpose() -> None:
    t = table(purpose="用于教师培训讲课费和资料费。\n（三）基础教育科。负责全县中小学日常管理。")
    (finding,) = findings(t, select="PG603")
    assert finding.location.field == "资金用途" and "（三）基础教育科" in finding.message
    single = table(purpose="（一）用于教师培训讲课费；（二）用于培训资料印制。")
    assert findings(single, select="PG603") == []


def test_sample_text_rules_find_exactly_the_known_slips(sample_filing) -> None:  # type: ignore[no-untyped-def]
    from perfgoals.engine import check_filing
    from perfgoals.settings import Settings

    result = check_filing(sample_filing, Settings(select=("PG6",)), "sample.txt")
    got = sorted((f.rule, f.location.table, f.suggestion) for f in result.findings)
    assert got == [
        ("PG601", 11, "促进"),
        ("PG601", 18, "购买"),
        ("PG602", 26, None),
        ("PG603", 19, None),
        ("PG604", 9, "〔2019〕20号"),  # 冀财政法【2019】20号 in table 9's name
        ("PG605", None, None),  # 全省人民 in a 市 office's part 1
    ]
    assert codes(result.findings).count("PG601") == 2


def test_text_data_is_not_loaded_when_pg6_is_off() -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from perfgoals.engine import check_path\n"
        "from perfgoals.settings import Settings\n"
        f"check_path(Path({str(SAMPLE_TXT)!r}), 's.txt', Settings(ignore=('PG6',)))\n"
        "print('perfgoals.textcheck' in sys.modules)\n"
        f"check_path(Path({str(SAMPLE_TXT)!r}), 's.txt', Settings())\n"
        "print('perfgoals.textcheck' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.split() == ["False", "True"], out.stderr


def test_weak_typo_is_reported_when_the_filing_spells_the_word_elsewhere() -> None:
    slip = goals("落时最严格的耕地保护制度")
    alone = table(goals=slip, purpose="用于耕地保护项目。")
    assert findings(alone, select="PG601") == []
    backed = table(goals=slip, purpose="用于落实耕地保护责任。")
    found = findings(backed, select="PG601")
    assert [(f.location.field, f.suggestion) for f in found] == [("绩效目标", "落实")]


def test_strong_language_typo_needs_no_backing() -> None:
    found = findings(table(goals=goals("项目计续实施三年")), select="PG601")
    assert [f.suggestion for f in found] == ["继续"]
