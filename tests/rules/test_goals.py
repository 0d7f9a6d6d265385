"""PG501–PG502: the 绩效目标 list (水利局, 卫生健康委, 教育局 words)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from perfgoals.build.values import split_goals
from perfgoals.engine import check_filing
from perfgoals.model import Goal, ProjectTable
from perfgoals.settings import Settings

from factories import run_rule as run


def make_table(goals_text: str | None, horizon: str | None = None, **changes: Any) -> ProjectTable:
    """A table whose goals are read from ``goals_text`` as the builder reads them."""
    goals = [Goal(number=n, text=t, horizon=horizon) for n, t in split_goals(goals_text or "")]
    fields: dict[str, Any] = dict(
        part=3, number=1, position=1, title="1、河道综合治理经费绩效目标表",
        project_name="河道综合治理经费", goals=goals, goals_text=goals_text,
    )  # fmt: skip
    fields.update(changes)
    return ProjectTable(**fields)


# ---------------------------------------------------------------- PG501


def test_pg501_same_goal_twice() -> None:
    found = run("PG501", make_table("1、完成河道清淤12公里\n2、完成河道清淤12公里\n3、汛期无溃堤"))
    assert [(f.rule, f.location.field, f.severity) for f in found] == [
        ("PG501", "绩效目标", "warning")
    ]
    assert "第2项" in found[0].message and "第1项" in found[0].message


def test_pg501_ignores_punctuation_and_width() -> None:
    found = run("PG501", make_table("1、完成校舍维修。\n2、完成 校舍维修\n3、完成校舍维修；"))
    assert len(found) == 2
    assert len({f.fingerprint for f in found}) == 2


def test_pg501_unnumbered_lines() -> None:
    found = run("PG501", make_table("开展家庭医生签约服务\n开展家庭医生签约服务"))
    assert len(found) == 1


@pytest.mark.parametrize(
    "text",
    [
        "1、完成河道清淤12公里\n2、完成堤防加固3公里",
        "1、完成校舍维修\n2、完成校舍维修验收",  # a shared prefix is not a repeat
        "完成河道清淤，汛期安全度汛。",  # prose
        "1、完成河道清淤\n2、汛期无溃堤\n1、完成河道清淤\n2、汛期无溃堤",  # two lists (实施期, 年度)
        "",
    ],
)
def test_pg501_near_misses(text: str) -> None:
    assert run("PG501", make_table(text)) == []


def test_pg501_not_across_horizons() -> None:
    annual = [Goal(number=1, text="完成河道清淤", horizon="annual")]
    long_term = [Goal(number=2, text="完成河道清淤", horizon="long_term")]
    table = make_table("", goals=[*long_term, *annual])
    assert run("PG501", table) == []


# ---------------------------------------------------------------- PG502


def test_pg502_gap() -> None:
    found = run("PG502", make_table("1、完成河道清淤\n3、完成堤防加固"))
    assert [(f.location.field, f.severity) for f in found] == [("绩效目标", "info")]
    assert "应为 2" in found[0].message and "实为 3" in found[0].message


def test_pg502_repeat() -> None:
    found = run(
        "PG502", make_table("1、开展义诊\n2、开展健康讲座\n2、发放宣传资料\n3、建立健康档案")
    )
    assert len(found) == 1
    assert "应为 3" in found[0].message


def test_pg502_does_not_start_at_one() -> None:
    found = run("PG502", make_table("2、开展义诊\n3、开展健康讲座"))
    assert len(found) == 1 and "应为 1" in found[0].message


@pytest.mark.parametrize(
    "text",
    [
        "1、完成河道清淤\n2、完成堤防加固\n3、汛期无溃堤",
        "1、完成河道清淤；2、完成堤防加固；3、汛期无溃堤。",  # inline
        "目标1：完成校舍维修 目标2：消除校舍安全隐患",
        "完成河道清淤，汛期安全度汛。",  # unnumbered prose
        "1、完成河道清淤：（1）主河道8公里；（2）支流4公里\n2、完成堤防加固",  # nested items
        "1、完成河道清淤\n2、完成堤防加固\n1、汛期无溃堤\n2、水质达标",  # a second list
    ],
)
def test_pg502_near_misses(text: str) -> None:
    assert run("PG502", make_table(text)) == []


def test_pg502_silent_without_goals() -> None:
    assert run("PG502", make_table(None, goals=None)) == []


# ---------------------------------------------------------------- the sample filing

CORPUS = Path("/work/shared/corpus/dingzhou-2020.txt")
BUNDLED = Path(__file__).resolve().parents[2] / "samples" / "dingzhou-2020.txt"
SAMPLE = CORPUS if CORPUS.exists() else BUNDLED


def test_sample_pg501_table_14() -> None:
    if not SAMPLE.exists():
        pytest.skip("sample filing not available")
    from perfgoals.pipeline import load_filing

    settings = Settings(select=("PG501", "PG502"))  # the second wave has its own tests
    result = check_filing(load_filing(SAMPLE), settings, str(SAMPLE))
    assert [(f.rule, f.location.part, f.location.table) for f in result.findings] == [
        ("PG501", 3, 14)
    ]
    assert "人防建设支出" in result.findings[0].message
