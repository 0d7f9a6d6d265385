"""Where a cell stands against the rows around it."""

from __future__ import annotations

from perfgoals.read.grid import Cell, Row


def cell_below(rows: list[Row], row_index: int, cell: Cell) -> Cell | None:
    """The cell under ``cell`` in the next row.

    By grid column where the next row spans the whole width; where an export
    lost its leading cells (a flattened HTML rowspan: the merged cells are the
    ones in front), by position counted from the right.
    """
    if row_index + 1 >= len(rows):
        return None
    row, below = rows[row_index], rows[row_index + 1]
    if row_end(below) >= row_end(row):
        return covering(below, cell.col)
    from_right = len(row.cells) - row.cells.index(cell)
    return below.cells[-from_right] if from_right <= len(below.cells) else None


def row_end(row: Row) -> int:
    return max((c.col + c.span for c in row.cells), default=0)


def covering(row: Row, col: int) -> Cell | None:
    """The cell of ``row`` that covers grid column ``col``."""
    for candidate in row.cells:
        if candidate.col <= col < candidate.col + candidate.span:
            return candidate
    return None
