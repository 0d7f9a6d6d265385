"""The text-export reader: encodings, line endings, residue, continuation lines."""

from __future__ import annotations

import codecs
from dataclasses import replace
from decimal import Decimal

import pytest

from perfgoals.builder import build_filing
from perfgoals.errors import UnreadableFileError
from perfgoals.read import read_bytes
from perfgoals.read.grid import Paragraph, Table

SMALL = (
    "第三部分\n预算项目绩效目标\n"
    "1、乡村道路养护经费绩效目标表 TC 1、乡村道路养护经费绩效目标表 \\f C \\l 1 \n"
    "\t307001平山县交通运输局\n\t单位：万元\n\n"
    "\t项目编码\n\t307-2104-JBN-R5D2\n\t项目名称\n\t乡村道路养护经费\n\n"
    "\t预算规模及资金用途\n\t预算数\n\t86.50\n\t其中：财政资金\n\t80.00\n\t其他资金\n\t6.50\n\n"
    "\t\n\t用于全县农村公路日常养护。\n    重点路段汛前排查。\n\n"
    "\t资金支出计划（%）\n\t3月底\n\t6月底\n\t10月底\n\t12月底\n\n"
    "\t\n\t20.00\n\t50.00\n\t85.00\n\t100.00\n\n"
    "\t绩效目标\n\t1、养护农村公路120公里\n2、路况优良率不低于85%\n\n\n"
    "\t一级指标\n\t二级指标\n\t三级指标\n\t绩效指标描述\n\t指标值\n\t指标值确定依据\n\n"
    "\t产出指标\n\t数量指标\n\t\n\t养护里程\n\t≥120公里\n\t年度养护计划\n\n"
    "\t\n\t质量指标\n\t\n\t路况优良率\n\t≥85%\n\t省定标准\n\n"
    "\t满意度指标\n\t服务对象满意度指标\n\t\n\t沿线群众满意度\n\t≥90%\n\t问卷调查\n\n\n"
    "2\n"
)


def build(data: bytes):  # type: ignore[no-untyped-def]
    return build_filing(read_bytes(data), "small.txt")


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (SMALL.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SMALL.encode("utf-8"), "utf-8-sig"),
        (SMALL.replace("\n", "\r\n").encode("gb18030"), "gb18030"),
        (SMALL.encode("utf-16"), "utf-16"),
        (SMALL.replace("\n", "\r\n").encode("utf-16-le"), "utf-16-le"),  # no BOM
    ],
)
def test_encodings_and_line_endings_give_the_same_records(encoded: bytes, encoding: str) -> None:
    filing = build(encoded)
    assert filing.encoding == encoding
    reference = build(SMALL.encode("utf-8"))
    assert replace(filing, encoding=None) == replace(reference, encoding=None)
    (table,) = filing.tables
    assert table.project_name == "乡村道路养护经费"
    assert table.budget is not None and table.budget.value == Decimal("86.50")
    assert table.purpose == "用于全县农村公路日常养护。\n    重点路段汛前排查。"
    assert table.unit_code == "307001"


def test_merged_level1_is_carried_down() -> None:
    (table,) = build(SMALL.encode()).tables
    assert [(i.level1, i.level2) for i in table.indicators or []] == [
        ("产出指标", "数量指标"),
        ("产出指标", "质量指标"),
        ("满意度指标", "服务对象满意度指标"),
    ]


def test_grid_blocks_and_residue() -> None:
    grid = read_bytes(SMALL.encode())
    paragraphs = [b.text for b in grid.blocks if isinstance(b, Paragraph)]
    assert paragraphs == ["第三部分", "预算项目绩效目标", "1、乡村道路养护经费绩效目标表"]
    (table,) = [b for b in grid.blocks if isinstance(b, Table)]
    assert table.rows[0].texts() == ["307001平山县交通运输局", "单位：万元"]
    assert table.rows[0].cells[0].origin.line == 4
    assert any("page number" in n for n in grid.notes)


def test_binary_named_txt_is_unreadable() -> None:
    with pytest.raises(UnreadableFileError) as info:
        read_bytes(bytes(range(256)) * 64)
    assert info.value.reason in {"binary-not-text", "undecodable-text"}


def test_empty_file() -> None:
    with pytest.raises(UnreadableFileError) as info:
        read_bytes(b"")
    assert info.value.reason == "empty-file"


def test_cut_mid_table_still_reads() -> None:
    cut = SMALL[: SMALL.index("\t资金支出计划")]
    filing = build(cut.encode())
    (table,) = filing.tables
    assert table.budget is not None and table.spending_plan is None and table.indicators is None
