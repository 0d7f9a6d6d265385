"""Render a filing as Word's plain-text export of it (the layout of the Dingzhou sample)."""

from __future__ import annotations

from .layout import Cell, Para, Table, blocks, tc_residue
from .spec import FilingSpec, RenderOptions


def _cell_lines(cell: Cell) -> list[str]:
    # Word writes a merged-over cell as an empty one; later paragraphs lose the TAB.
    text = "" if cell.vmerge == "continue" else cell.text
    first, *rest = text.split("\n")
    lines = [f"\t{first}", *rest]
    if cell.trailing_empty_line:
        lines.append("")
    return lines


def _table_lines(table: Table) -> list[str]:
    lines: list[str] = []
    for row in table.rows:
        for cell in row:
            lines.extend(_cell_lines(cell))
        lines.append("")
    return lines


def _para_lines(para: Para, options: RenderOptions) -> list[str]:
    if para.entry and options.title_field != "none":
        return [para.text + tc_residue(para)]
    return [para.text]


def to_text(spec: FilingSpec, options: RenderOptions | None = None) -> str:
    """The text export of ``spec``.

    Merges, the separate header table and the title field show in the export;
    run splitting and tracked changes (accepted) do not.
    """
    options = options or RenderOptions()
    lines: list[str] = []
    for block in blocks(spec, options):
        if isinstance(block, Table):
            lines.extend(_table_lines(block))
        else:
            lines.extend(_para_lines(block, options))
    return "".join(f"{line}\n" for line in lines)
