"""Row facts (RowFactsMemo): one row's facts found once per filing, by the
row's identity, and equal to the facts of its cells."""

from __future__ import annotations

from perfgoals.builder.labels import labels
from perfgoals.builder.rowfacts import RowFacts, RowFactsMemo
from perfgoals.read.grid import Cell, Row


def row(*texts: str) -> Row:
    return Row(cells=[Cell(text=t, col=i) for i, t in enumerate(texts)])


def test_a_row_is_classified_once_and_by_its_cells() -> None:
    memo = RowFactsMemo(labels())
    header = row("一级指标", "二级指标", "三级指标", "指标值")
    found = memo(header)
    assert memo(header) is found
    assert found.facts == tuple(labels().facts(c.text) for c in header.cells)
    assert [c.name for c in found.columns] == ["level1", "level2", "level3", "target"]
    assert found.marks_grid and found.fields == ()


def test_fields_and_grid_marks_of_a_field_row() -> None:
    found = RowFacts(row("项目名称", "校舍维修", "主管部门", "教育局"), labels())
    assert found.fields == ("project_name", "unit") and found.columns == ()
    assert not found.marks_grid
    # Near miss: a category name among the values marks a grid row.
    assert RowFacts(row("", "产出指标", "数量指标", "维修面积"), labels()).marks_grid


def test_an_equal_row_is_another_row() -> None:
    """Rows are told apart by identity, not by their text: a row built later
    with other cells never gets the facts of one seen before."""
    memo = RowFactsMemo(labels())
    first = row("项目名称", "校舍维修")
    assert memo(first).fields == ("project_name",)
    second = row("项目名称", "校舍维修")
    assert memo(second) is not memo(first)
    other = row("校舍维修", "教育局")
    assert memo(other).fields == ()
