"""Real filings from many provinces, read field by field against their truth.

``tests/fixtures/real/`` holds filings as their publishers put them online
(site boilerplate, lost cell boundaries, traditional script and all), each
with a ``truth.json`` made by hand. The floor below only ever rises: it is the
share of fields the reader gets right today.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from perfgoals.engine import check_filing
from perfgoals.model import Filing
from perfgoals.pipeline import load_filing
from perfgoals.settings import Settings
from real.scoring import score, truths

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "real"
CORPUS = truths(REAL)
# The share of all fields read right; raised as the reading improves.
FLOOR = 0.96
# The label a "missing field" finding names, for each field a truth has.
PRESENT_LABELS = {
    "project_name": {"项目名称"},
    "budget": {"预算数", "资金总额", "年度资金总额"},
    "goal_count": {"绩效目标", "年度绩效目标", "年度目标"},
    "indicators": {"绩效指标", "指标", "绩效指标表"},
}


@pytest.fixture(scope="module")
def parsed() -> dict[str, Filing]:
    return {path.name: load_filing(path, path.name) for path, _ in CORPUS}


def test_the_corpus_is_there() -> None:
    assert len(CORPUS) >= 21


def test_fields_read_right_stay_above_the_floor(parsed: dict[str, Filing]) -> None:
    scores = [score(parsed[path.name], truth, path.name) for path, truth in CORPUS]
    points = sum(s.points for s in scores)
    possible = sum(s.possible for s in scores)
    report = "\n".join(f"{s.name}: {s.points}/{s.possible} {s.misses[:3]}" for s in scores)
    assert points / possible >= FLOOR, report


@pytest.mark.parametrize(("path", "truth"), CORPUS, ids=[p.name[:2] for p, _ in CORPUS])
def test_no_false_missing_field(
    path: Path, truth: dict[str, object], parsed: dict[str, Filing]
) -> None:
    """A field the filing has is never reported missing (PG003)."""
    tables = truth["tables"]
    assert isinstance(tables, list)
    present: set[str] = set()
    for table in tables:
        for key, names in PRESENT_LABELS.items():
            if table.get(key):
                present |= names
    result = check_filing(parsed[path.name], Settings(), path.name)
    false_missing = [
        f.location.field
        for f in result.findings
        if f.rule == "PG003" and f.location.field in present
    ]
    assert false_missing == []
