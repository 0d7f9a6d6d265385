"""The facts the indicator rules share (``rules/indicators/facts.py``): category
names and synonyms, the kinds a text names, and the text comparison."""

from __future__ import annotations

from typing import Any

import pytest

from indicator_grids import (
    SATISFACTION,
)
from perfgoals.rules.registry import all_rules


@pytest.fixture(scope="module")
def api() -> Any:
    """The family module, imported only after the registry has loaded every
    family (importing one family first would leave the others unregistered)."""
    all_rules()
    import perfgoals.rules.indicators.facts as module

    return module


def test_category_names_and_synonyms(api: Any) -> None:
    level1_of, level2_of = api.level1_of, api.level2_of
    assert level1_of("效果指标") == level1_of("效益指标") == "effect"
    assert level1_of("产 出 指 标") == level1_of("产出") == "output"
    assert level1_of("成本指标") == "cost"
    assert level2_of("社会公众或服务对象满意度指标") == level2_of(SATISFACTION) == "satisfaction"
    assert level2_of("环境效益指标") == level2_of("生态效益指标") == "ecological"
    assert level2_of("经济效益 指标") == "economic"
    assert level2_of("成本指标") == "cost"
    assert level2_of("工作指标") is None


def test_kinds_in_description(api: Any) -> None:
    kinds_in = api.kinds_in
    assert kinds_in("受助学生满意度") == {"satisfaction"}
    assert kinds_in("资助资金按时发放") == {"timeliness"}
    assert kinds_in("工程发挥可持续效益") == {"sustainability"}
    assert kinds_in("投诉不满意率") == set()  # a negated satisfaction word
    assert kinds_in("新建校舍面积") == set()


def test_fits(api: Any) -> None:
    fits = api.fits
    assert fits("quality", "social")  # 教学质量提升 as a social benefit
    assert fits("timeliness", "quality")  # both outputs
    assert not fits("satisfaction", "timeliness")
    assert not fits("sustainability", "satisfaction")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("按时发放医疗救助", "按时发放救助", True),
        ("日常巡查运行正常", "日常巡查正常运行", True),
        ("家长满意", "家长满意", True),
        ("学生满意", "家长满意", False),
        ("培训人次", "培训合格率", False),
        ("", "", False),
    ],
)
def test_repeats(api: Any, a: str, b: str, same: bool) -> None:
    assert api.repeats(a, b) is same
