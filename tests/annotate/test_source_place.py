"""A finding names the cell it is about: ``source_table``/``source_row``/
``source_column`` in Word's 1-based counting for binary documents, nothing
for text exports; the cache keeps them."""

from __future__ import annotations

import pytest

from perfgoals.cache import result_from_json, result_to_json
from perfgoals.config import settings_from
from perfgoals.engine import check_path
from perfgoals.findings import FileResult
from perfgoals.pipeline import load_filing
from perfgoals.read import read_bytes

from .helpers import grid_cell_text, plain
from conftest import SAMPLE_DOCX, SAMPLE_TXT


@pytest.fixture(scope="module")
def docx_result() -> FileResult:
    return check_path(SAMPLE_DOCX, SAMPLE_DOCX.name, settings_from({}))


def test_text_export_findings_have_lines_not_cells() -> None:
    result = check_path(SAMPLE_TXT, SAMPLE_TXT.name, settings_from({}))
    assert result.findings
    for finding in result.findings:
        loc = finding.location
        assert (loc.source_table, loc.source_row, loc.source_column) == (None, None, None)


def test_docx_findings_on_a_row_or_field_name_their_cell(docx_result: FileResult) -> None:
    located = [
        f for f in docx_result.findings if f.location.indicator_row is not None or f.location.field
    ]
    assert located
    with_cells = [f for f in located if f.location.source_row is not None]
    # Only filing-wide findings (part 1 prose) lack a cell.
    assert all(f.location.table is None for f in located if f.location.source_row is None)
    assert len(with_cells) > 0.9 * len(located)


def test_indicator_findings_name_the_column_of_their_field(docx_result: FileResult) -> None:
    """A finding on 指标值 sits in the cell that reads the indicator's target,
    one on 绩效指标描述 in the cell of its description."""
    filing = load_filing(SAMPLE_DOCX, SAMPLE_DOCX.name)
    grid = read_bytes(SAMPLE_DOCX.read_bytes(), SAMPLE_DOCX.name)
    tables = {(t.part, t.table_number): t for t in filing.tables}
    checked = 0
    for finding in docx_result.findings:
        loc = finding.location
        if loc.indicator_row is None or loc.field not in ("指标值", "绩效指标描述"):
            continue
        table = tables[(loc.part, loc.table)]
        assert table.indicators is not None
        indicator = table.indicators[loc.indicator_row - 1]
        wanted = indicator.target if loc.field == "指标值" else indicator.description
        assert loc.source_table is not None and loc.source_row is not None
        text = grid_cell_text(grid, loc.source_table, loc.source_row, loc.source_column)
        assert plain(text) == plain(wanted or ""), finding
        checked += 1
    assert checked > 100


def test_goal_and_plan_findings_name_the_record_cell(docx_result: FileResult) -> None:
    """Findings about one goal or one plan checkpoint point at that record's cell."""
    filing = load_filing(SAMPLE_DOCX, SAMPLE_DOCX.name)
    tables = {(t.part, t.table_number): t for t in filing.tables}
    seen = 0
    for finding in docx_result.findings:
        loc = finding.location
        if loc.field not in ("绩效目标", "资金支出计划") or loc.table is None:
            continue
        table = tables[(loc.part, loc.table)]
        cells = set()
        for goal in table.goals or []:
            cells.add((goal.source.docx_table, goal.source.row, goal.source.column))
        if table.spending_plan is not None:
            for point in table.spending_plan.points:
                cells.add((point.source.docx_table, point.source.row, point.source.column))
            plan = table.spending_plan.source
            cells.add((plan.docx_table, plan.row, plan.column))
        assert loc.source_table is not None and loc.source_row is not None
        assert loc.source_column is not None
        assert (loc.source_table - 1, loc.source_row - 1, loc.source_column - 1) in cells, finding
        seen += 1
    assert seen > 0


def test_cache_keeps_the_cell(docx_result: FileResult) -> None:
    again = result_from_json(result_to_json(docx_result))
    assert [f.location for f in again.findings] == [f.location for f in docx_result.findings]
