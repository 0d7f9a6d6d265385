"""Many projects in one table: the 部门预算公开 list, one indicator a row.

Budget systems publish a department's project goals as one long table whose
header holds project fields and indicator columns side by side (单位名称 |
项目名称 | 预算数 | 年度目标 | 一级指标 | 二级指标 | 三级指标 | …). A project's
fields stand on its first row only (merged down over its indicator rows), so a
page that flattened the merges writes the following rows from the first column
on. :func:`split_project_list` cuts such a table into one table per project —
its field rows, then its indicator grid — so that each becomes its own
``ProjectTable``.

A row is placed by its anchor: the first category name in it (产出指标,
数量指标) stands in the 一级 or 二级 column, and every cell keeps its distance
from that one.
"""

from __future__ import annotations

from perfgoals.builder.labels import LabelTable
from perfgoals.builder.rowfacts import RowFactsMemo
from perfgoals.builder.values import money_unit_in, parse_amount
from perfgoals.read.grid import Cell, Origin, Row, Table

# Field columns that make a header a project list, with one of them a name.
_PROJECT_FIELDS = frozenset({"project_name", "project_code"})


def split_project_list(table: Table, facts_of: RowFactsMemo) -> list[Table] | None:
    """One table per project where ``table`` is a project list, else None."""
    for index, row in enumerate(table.rows):
        found = facts_of(row)
        if _PROJECT_FIELDS.isdisjoint(found.fields) or not found.columns:
            continue  # (most rows: no need to look at each cell)
        labels = facts_of.labels
        fields = {c.col: name for c in row.cells if (name := labels.field(c.text))}
        columns = {c.col: name for c in row.cells if (name := labels.indicator_column(c.text))}
        if not (set(fields.values()) & _PROJECT_FIELDS) or "level1" not in columns.values():
            continue
        if "level2" not in columns.values() and "level3" not in columns.values():
            continue
        return _split(table, index, labels)
    return None


def _split(table: Table, header_index: int, labels: LabelTable) -> list[Table]:
    header = table.rows[header_index]
    by_col = {c.col: c for c in header.cells if c.text}
    field_cols = {col: c for col, c in by_col.items() if labels.field(c.text)}
    grid_cols = sorted(col for col, c in by_col.items() if labels.indicator_column(c.text))
    level1 = next(col for col in grid_cols if labels.indicator_column(by_col[col].text) == "level1")
    level2 = next(
        (col for col in grid_cols if labels.indicator_column(by_col[col].text) == "level2"), None
    )
    grid_header = Row(
        cells=[by_col[col]._replace(col=i) for i, col in enumerate(grid_cols)],
        origin=header.origin,
    )
    before = Table(rows=table.rows[:header_index], origin=table.origin)
    # The list's money unit (金额单位：元) stands once above its header; every
    # project cut from the list is in that unit, not only the first one.
    unit_rows = [r for r in before.rows if any(money_unit_in(c.text) for c in r.cells)]
    projects: list[Table] = []
    current: Table | None = None
    for row in table.rows[header_index + 1 :]:
        placed = _place(row, level1, level2, labels)
        if placed is None:
            continue  # a subtotal or a note: no indicator to place
        values = {col: cell for col, cell in placed.items() if cell.text}
        name_col = next(
            (col for col, c in field_cols.items() if labels.field(c.text) == "project_name"),
            None,
        )
        name = values.get(name_col) if name_col is not None else None
        if name is not None and parse_amount(name.text)[0] is None:
            current = Table(rows=[], origin=row.origin, recovered=table.recovered)
            projects.append(current)
            for col, label in sorted(field_cols.items()):
                if col in values:
                    current.rows.append(
                        Row(
                            cells=[label._replace(col=0), values[col]._replace(col=1)],
                            origin=values[col].origin,
                        )
                    )
            current.rows.extend(unit_rows)
            current.rows.append(grid_header)
        if current is None:
            continue
        cells = [
            placed[col]._replace(col=i) if col in placed else _blank(i, row.origin, i < 2)
            for i, col in enumerate(grid_cols)
        ]
        current.rows.append(Row(cells=cells, origin=row.origin))
    return [before, *projects] if before.rows else projects


def _blank(col: int, origin: Origin, merged: bool) -> Cell:
    return Cell(text="", col=col, merged_above=merged, origin=origin)


def _place(row: Row, level1: int, level2: int | None, labels: LabelTable) -> dict[int, Cell] | None:
    """The row's cells by header column, placed by its first category name."""
    cells = [c for c in row.cells if not c.merged_above]
    for index, cell in enumerate(cells):
        levels = labels.category_levels(cell.text)
        if not levels:
            continue
        following = cells[index + 1].text if index + 1 < len(cells) else ""
        is_level1 = 1 in levels and (2 not in levels or 2 in labels.category_levels(following))
        anchor = level1 if is_level1 or level2 is None else level2
        shift = anchor - index
        if shift < 0:
            return None
        return {i + shift: c for i, c in enumerate(cells)}
    if any(c.merged_above for c in row.cells):
        # A reader that kept the merges placed every cell already.
        return {c.col: c for c in cells}
    return None
