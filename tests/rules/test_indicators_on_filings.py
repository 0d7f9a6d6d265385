"""The indicator rules on whole filings: a text export of one table, and the
sample filing's known defects."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from perfgoals.engine import check_filing
from perfgoals.findings import Finding
from perfgoals.settings import Settings


def _cells(*values: str) -> str:
    return "".join(f"\t{v}\n" for v in values) + "\n"


def _text_filing(rows: list[tuple[str, ...]]) -> str:
    """A one-table filing in the TAB layout of a Word export (交通运输局)."""
    return "".join(
        [
            "第三部分\n预算项目绩效目标\n1、农村公路养护经费绩效目标表\n",
            _cells("215001平山县交通运输局", "单位：万元"),
            _cells("项目编码", "215-0301-JBN-R2D4", "项目名称", "农村公路养护经费"),
            _cells(
                "预算规模及资金用途", "预算数", "60.00", "其中：财政资金", "60.00", "其他资金", ""
            ),
            _cells("", "用于农村公路日常养护。"),
            _cells("资金支出计划（%）", "3月底", "6月底", "10月底", "12月底"),
            _cells("", "20.00", "50.00", "80.00", "100.00"),
            _cells("绩效目标", "1、完成农村公路养护120公里\n2、沿线群众出行便利"),
            _cells("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"),
            *(_cells(*row) for row in rows),
        ]
    )


def test_text_filing_merged_satisfaction_cell(tmp_path: Path) -> None:
    from perfgoals.pipeline import load_filing

    path = tmp_path / "jtj.txt"
    path.write_text(
        _text_filing(
            [
                (
                    "产出指标",
                    "数量指标",
                    "",
                    "农村公路养护里程",
                    "≥120公里",
                    "《县农村公路养护规划》",
                ),
                ("", "时效指标", "", "养护完成时间", "2024年10月底前", "年度工作计划"),
                ("效益指标", "社会效益指标", "", "群众出行条件改善", "达标", "上年实际"),
                ("", "服务对象满意度指标", "", "沿线群众满意度", "≥90%", "问卷调查"),
            ]
        ),
        encoding="utf-8",
    )
    filing = load_filing(path)
    assert len(filing.tables) == 1 and len(filing.tables[0].indicators or []) == 4
    found = check_filing(filing, Settings(select=("PG4",)), str(path)).findings
    assert found == []


def test_text_filing_defects(tmp_path: Path) -> None:
    from perfgoals.pipeline import load_filing

    path = tmp_path / "jtj.txt"
    path.write_text(
        _text_filing(
            [
                ("产出指标", "时效指标", "", "养护及时", "≥90养护及时", "养护及时"),
                ("效益指标", "社会效益指标", "", "群众出行满意", "≥90%", "上年实际"),
                ("满意度指标", "服务对象满意度指标", "", "沿线群众满意度", "≥0", "问卷调查"),
            ]
        ),
        encoding="utf-8",
    )
    found = check_filing(load_filing(path), Settings(select=("PG4",)), str(path)).findings
    assert sorted((f.rule, f.location.indicator_row) for f in found) == [
        ("PG401", 1), ("PG402", 1), ("PG405", 3), ("PG406", 2), ("PG410", 1), ("PG418", 1),
    ]  # fmt: skip


CORPUS = Path("/work/shared/corpus/dingzhou-2020.txt")


BUNDLED = Path(__file__).resolve().parents[2] / "samples" / "dingzhou-2020.txt"


SAMPLE = CORPUS if CORPUS.exists() else BUNDLED


@pytest.fixture(scope="module")
def sample() -> list[Finding]:
    if not SAMPLE.exists():
        pytest.skip("sample filing not available")
    from perfgoals.pipeline import load_filing

    filing = load_filing(SAMPLE)
    result = check_filing(filing, Settings(select=("PG4", "PG5")), str(SAMPLE))
    assert not result.errors, result.errors
    return result.findings


def at(found: list[Finding], code: str, part: int, table: int) -> list[Finding]:
    return [
        f for f in found if f.rule == code and f.location.part == part and f.location.table == table
    ]


def test_sample_pg407_table_3(sample: list[Finding]) -> None:
    found = at(sample, "PG407", 3, 3)
    assert [(f.location.indicator_row, f.location.field) for f in found] == [(3, "指标值")]
    assert "服务对象满意度高" in found[0].message


def test_sample_pg407_table_19(sample: list[Finding]) -> None:
    found = at(sample, "PG407", 3, 19)
    assert [(f.location.indicator_row, f.location.field) for f in found] == [(3, "指标值")]
    assert "服务对象满意" in found[0].message


def test_sample_pg406_table_2(sample: list[Finding]) -> None:
    found = at(sample, "PG406", 3, 2)
    assert [(f.location.indicator_row, f.location.field) for f in found] == [(1, "绩效指标描述")]
    assert "时效指标" in found[0].message


def test_sample_pg406_table_26(sample: list[Finding]) -> None:
    found = at(sample, "PG406", 3, 26)
    assert [(f.location.indicator_row, f.location.field) for f in found] == [(3, "绩效指标描述")]
    assert "服务对象满意度指标" in found[0].message


def test_sample_pg405_table_8(sample: list[Finding]) -> None:
    found = at(sample, "PG405", 3, 8)
    assert [(f.location.indicator_row, f.severity) for f in found] == [(3, "error")]


def test_sample_pg401_part2_table_1(sample: list[Finding]) -> None:
    found = at(sample, "PG401", 2, 1)
    assert [f.location.indicator_row for f in found] == [1, 2, 3]
    assert found[0].suggestion == "≥90"


def test_sample_pg401_pg402_on_most_tables(sample: list[Finding]) -> None:
    tables = {(f.location.part, f.location.table) for f in sample if f.rule == "PG401"}
    assert len(tables) == 28
    tables = {(f.location.part, f.location.table) for f in sample if f.rule == "PG402"}
    assert len(tables) >= 20
    assert (3, 27) not in tables  # its basis names a cause, not the description


def test_sample_pg410_on_most_tables(sample: list[Finding]) -> None:
    tables = {(f.location.part, f.location.table) for f in sample if f.rule == "PG410"}
    assert len(tables) >= 20
    # tables with a 质量指标 output are complete
    assert not tables & {(3, 8), (3, 10), (3, 11), (3, 19)}


def test_sample_pg404_table_9(sample: list[Finding]) -> None:
    found = [f for f in sample if f.rule == "PG404"]
    assert [(f.location.table, f.location.indicator_row) for f in found] == [(9, 2), (9, 3)]


def test_sample_pg412_once(sample: list[Finding]) -> None:
    found = [f for f in sample if f.rule == "PG412"]
    assert len(found) == 1
    assert "第三部分第1、4、5、6、7" in found[0].message


def test_sample_pg501_table_14(sample: list[Finding]) -> None:
    found = [f for f in sample if f.rule == "PG501"]
    assert [(f.location.part, f.location.table) for f in found] == [(3, 14)]


def test_sample_no_false_alarms(sample: list[Finding]) -> None:
    counts = Counter(f.rule for f in sample)
    # every table has all three 一级 categories, correctly paired, all numeric
    for code in ("PG403", "PG409", "PG411", "PG502"):
        assert counts[code] == 0, code
    assert counts["PG406"] == 2 and counts["PG407"] == 2 and counts["PG405"] == 1
