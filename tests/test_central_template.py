"""The central 项目支出绩效目标申报表: 实施期 and 年度 side by side in the funding
block, the goals and an indicator grid whose repeated columns carry no marker."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfgoals.builder import build_filing
from perfgoals.builder.indicators import Column, split_repeated
from perfgoals.engine import check_filing
from perfgoals.model import Filing
from perfgoals.read import read_bytes
from perfgoals.settings import Settings


def row(*cells: str) -> str:
    return "".join(f"\t{cell}\n" for cell in cells) + "\n"


def funding(long_first: bool) -> str:
    pairs = [
        ("实施期资金总额", "1,200.00", "年度资金总额", "450.00"),
        ("其中：财政拨款", "1,000.00", "其中：财政拨款", "380.00"),
        ("其他资金", "200.00", "其他资金", "70.00"),
    ]
    rows = []
    for index, (long_label, long_value, year_label, year_value) in enumerate(pairs):
        head = "项目资金（万元）" if index == 0 else ""
        if long_first:
            rows.append(row(head, long_label, long_value, year_label, year_value))
        else:
            rows.append(row(head, year_label, year_value, long_label, long_value))
    return "".join(rows)


def filing_text(*, long_first: bool = True, basis_label: str = "评（指）标值确定依据") -> str:
    return (
        "项目支出绩效目标申报表\n（2024年度）\n\n"
        + row("项目名称", "乡镇卫生院医疗设备更新")
        + row("主管部门", "610102西安市新城区卫生健康局", "实施单位", "新城区基层卫生服务中心")
        + funding(long_first)
        + row("年度资金支出计划（%）", "一季度", "二季度", "三季度", "四季度")
        + row("", "15", "45", "80", "100")
        + row("总体目标", "实施期目标", "年度目标")
        + row(
            "",
            "到2026年底完成全区9家乡镇卫生院基本医疗设备更新。",
            "2024年完成3家乡镇卫生院DR和彩超设备更新。",
        )
        + row("绩效指标", "一级指标", "二级指标", "三级指标", "指标值",
              "二级指标", "三级指标", "指标值", basis_label)
        + row("", "产出指标", "数量指标", "完成设备更新的卫生院", "9家",
              "数量指标", "本年完成设备更新的卫生院", "3家", "区卫生健康事业发展规划")
        + row("", "", "质量指标", "设备安装验收合格率", "100%",
              "质量指标", "设备安装验收合格率", "100%", "设备采购合同验收条款")
        + row("", "效益指标", "社会效益指标", "基层首诊影像检查外转率", "≤10%",
              "社会效益指标", "基层首诊影像检查外转率", "≤15%", "2023年外转率18%")
        + row("", "满意度指标", "服务对象满意度指标", "就诊群众满意度", "≥90%",
              "服务对象满意度指标", "就诊群众满意度", "≥90%", "年度患者满意度调查")
    )


def build(text: str) -> Filing:
    return build_filing(read_bytes(text.encode("utf-8")), "central.txt")


@pytest.mark.parametrize("long_first", [True, False])
def test_the_years_funding_parts_are_read_beside_the_years_budget(long_first: bool) -> None:
    (table,) = build(filing_text(long_first=long_first)).tables
    amounts = {
        name: getattr(table, name).raw
        for name in ("budget", "fiscal_funds", "other_funds", "total_budget")
    }
    assert amounts == {
        "budget": "450.00",
        "fiscal_funds": "380.00",
        "other_funds": "70.00",
        "total_budget": "1,200.00",
    }


def test_a_plan_labelled_for_the_year_is_read() -> None:
    (table,) = build(filing_text()).tables
    assert table.spending_plan is not None
    assert table.spending_plan.values() == [Decimal(15), Decimal(45), Decimal(80), Decimal(100)]


def test_repeated_indicator_columns_are_the_long_term_then_the_annual_set() -> None:
    filing = build(filing_text())
    (table,) = filing.tables
    rows = [(i.horizon, i.level1, i.level2, i.level3, i.target) for i in table.indicators or []]
    assert rows[:4] == [
        ("long_term", "产出指标", "数量指标", "完成设备更新的卫生院", "9家"),
        ("annual", "产出指标", "数量指标", "本年完成设备更新的卫生院", "3家"),
        ("long_term", "产出指标", "质量指标", "设备安装验收合格率", "100%"),
        ("annual", "产出指标", "质量指标", "设备安装验收合格率", "100%"),
    ]
    assert len(rows) == 8
    assert any("long-term" in note for note in filing.notes)


@pytest.mark.parametrize("label", ["评(指)标值确定依据", "评（指）标值确定依据", "指标值确定依据"])
def test_basis_column_labels(label: str) -> None:
    (table,) = build(filing_text(basis_label=label)).tables
    assert [i.basis for i in table.indicators or []][:2] == ["区卫生健康事业发展规划"] * 2


def test_a_clean_central_filing_gives_no_finding() -> None:
    filing = build(filing_text())
    assert check_filing(filing, Settings(), "central.txt").findings == []


def test_only_unmarked_repeats_are_split() -> None:
    def columns(*names: tuple[str, str | None]) -> list[Column]:
        return [Column(i, i + 1, name, horizon) for i, (name, horizon) in enumerate(names)]  # type: ignore[arg-type]

    plain = columns(("level1", None), ("level2", None), ("target", None), ("basis", None))
    assert split_repeated(plain) is None
    marked = columns(("level1", None), ("target", "long_term"), ("target", "annual"))
    assert split_repeated(marked) is None
    repeated = columns(
        ("level1", None), ("level2", None), ("target", None), ("level2", None), ("target", None),
        ("basis", None),
    )
    split = split_repeated(repeated)
    assert split is not None
    assert [(c.name, c.horizon) for c in split] == [
        ("level1", None), ("level2", "long_term"), ("target", "long_term"),
        ("level2", "annual"), ("target", "annual"), ("basis", None),
    ]
