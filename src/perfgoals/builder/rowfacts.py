"""What a row's cells are as labels, found once per row of a filing.

Every step of the build asks about the same rows: the recovery (is this table
a project list, did a text row run on into the next), the segmenter (does a
table open another project), the test whether a logical table is a
performance-goal table at all, the table builder and its indicator grid.
Each row's facts are found the first time any of them asks
(:class:`RowFactsMemo`) and kept for the rest of that filing's build: every
cell's :class:`~perfgoals.builder.labels.LabelFacts`, the indicator columns the
row names, the fields it labels, and whether it marks an indicator grid.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from perfgoals.builder.labels import Horizon, LabelTable
from perfgoals.read.grid import Row


@dataclass(frozen=True)
class Column:
    start: int
    end: int
    name: str
    horizon: Horizon | None

    key: str = field(init=False)  # a row's cell for this column is filed under it

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", f"{self.name}@{self.start}")


class RowFacts:
    """A row's facts. Most rows name no column and label no field: their
    ``columns`` and ``fields`` are the one empty tuple, and a row's facts are
    two objects, kept for a whole filing without weighing on the collector."""

    __slots__ = ("columns", "facts", "fields", "marks_grid", "row")

    def __init__(self, row: Row, labels: LabelTable) -> None:
        self.row = row
        # One per cell, in the row's order.
        self.facts = labels.facts_of_all([cell.text for cell in row.cells])
        # The indicator columns the cells name, in order; the fields they label.
        self.columns: tuple[Column, ...] = ()
        self.fields: tuple[str, ...] = ()
        # A grid heading, an indicator column header or a category name stands in it.
        self.marks_grid = False
        marked = [pair for pair in zip(row.cells, self.facts, strict=True) if pair[1].marks_row]
        for cell, found in marked:
            if found.field is not None:
                self.fields += (found.field,)
            if found.indicator_column is not None:
                name, horizon = found.indicator_column, found.horizon
                self.columns += (Column(cell.col, cell.col + cell.span, name, horizon),)
                self.marks_grid = True
            elif found.grid_section or found.category_levels:
                self.marks_grid = True


class RowFactsMemo:
    """Each row's facts, found when first asked for and kept while one filing
    is built. A row is known by its identity; its facts hold the row itself,
    so that no other row can take its place while the memo lives."""

    def __init__(self, labels: LabelTable) -> None:
        self.labels = labels
        self._rows: dict[int, RowFacts] = {}

    def __call__(self, row: Row) -> RowFacts:
        found = self._rows.get(id(row))
        if found is None or found.row is not row:
            found = self._rows[id(row)] = RowFacts(row, self.labels)
        return found
