"""Readings of templates whose labels, headings and category names differ
from the common forms: each test is a minimal text of that shape."""

from __future__ import annotations

from perfgoals.builder import build_filing
from perfgoals.model import Filing
from perfgoals.read.grid import Table
from perfgoals.read.text import parse_layout, read_text


def build(text: str) -> Filing:
    return build_filing(read_text(text.encode("utf-8")), "x.txt")


def test_a_last_row_cut_before_its_bars_stays_in_its_place() -> None:
    lines = ["项目名称 |", "乡村道路养护 | ||||", "主管部门 |", "交通局 | ||||", "养护里程 | 35公里"]
    grid = parse_layout(lines)
    rows = [row.texts() for b in grid.blocks if isinstance(b, Table) for row in b.rows]
    assert rows == [["项目名称", "乡村道路养护"], ["主管部门", "交通局"], ["养护里程", "35公里"]]
    # Near miss: rows that all end in bars keep their order as before.
    grid = parse_layout(lines[:4])
    rows = [row.texts() for b in grid.blocks if isinstance(b, Table) for row in b.rows]
    assert rows == [["项目名称", "乡村道路养护"], ["主管部门", "交通局"]]
