"""Tables given as placed cells (top-left grid position, row and column span)
→ Grid tables, with merges resolved as the .docx reader resolves them.

PDF tables (cells found from ruling lines) and HTML tables (``rowspan`` and
``colspan``) both arrive this way: a cell spanning columns stays one cell with
its span; the rows below the top row of a cell spanning rows get an empty cell
marked ``merged_above`` at the same column.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from perfgoals.read.grid import Cell, Origin, Row, Table


@dataclass(frozen=True, slots=True)
class Placed:
    row: int  # 0-based grid row of the top-left corner
    col: int  # 0-based grid column
    rowspan: int
    colspan: int
    text: str
    origin: Origin


def table_from_placed(
    placed: Sequence[Placed],
    row_origin: Callable[[int], Origin],
    table_origin: Origin,
) -> Table | None:
    """A Table from placed cells; rows without text are dropped, columns empty in every row are closed up. None when no cell
    holds text."""
    if not any(p.text for p in placed):
        return None
    height = max(p.row + p.rowspan for p in placed)
    by_row: dict[int, list[Cell]] = {}
    used: set[int] = set()
    for p in placed:
        if p.text:
            used.update(range(p.col, p.col + p.colspan))
    columns = sorted(used)
    new_col = {c: i for i, c in enumerate(columns)}

    def remap(col: int, span: int) -> tuple[int, int] | None:
        kept = [c for c in range(col, col + span) if c in new_col]
        if not kept:
            return None
        return new_col[kept[0]], len(kept)

    for p in placed:
        where = remap(p.col, p.colspan)
        if where is None:
            continue
        col, span = where
        by_row.setdefault(p.row, []).append(Cell(p.text, col, span, False, p.origin))
        for below in range(p.row + 1, min(p.row + p.rowspan, height)):
            by_row.setdefault(below, []).append(Cell("", col, span, True, p.origin))
    rows: list[Row] = []
    for r in sorted(by_row):
        cells = sorted(by_row[r], key=lambda c: c.col)
        if any(c.text for c in cells):
            rows.append(Row(cells=cells, origin=row_origin(r)))
    return Table(rows=rows, origin=table_origin) if rows else None
