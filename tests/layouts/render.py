"""Write a layout document in its text form, as .docx and as .xlsx.

Text forms, as the exports they imitate write a table:

- ``tab``: Word's text export, one TAB-led line per cell, a blank line after
  each row; a merged-over cell is an empty ``\\t`` line.
- ``pipe``: an HTML table copied out of a web page, ``|`` between cells; a
  cell covered by a rowspan is not written at all (the HTML has no ``<td>``
  for it), and a cell of several paragraphs splits its row over lines.
- ``cells``: one cell per line, rows separated by blank lines, no TABs; empty
  and merged-over cells leave no line.
"""

from __future__ import annotations

import re
from os import PathLike, fspath

import docx
import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from .documents import LayoutDoc
from gen.docx_writer import _BodyWriter, _w
from gen.layout import Cell, Para, Table, tc_residue
from gen.spec import RenderOptions

_AMOUNT = re.compile(r"^\d+\.\d{2}$")
_PERCENT = re.compile(r"^\d+\.\d{2}%$")
_INTEGER = re.compile(r"^\d{1,6}$")


def _covered(cell: Cell) -> bool:
    return cell.vmerge == "continue"


def _tab_lines(block: Para | Table) -> list[str]:
    if isinstance(block, Para):
        return [block.text + tc_residue(block) if block.entry else block.text]
    lines: list[str] = []
    for row in block.rows:
        for cell in row:
            first, *rest = ("" if _covered(cell) else cell.text).split("\n")
            lines.extend([f"\t{first}", *rest])
        lines.append("")
    lines.append("")
    return lines


def _pipe_lines(block: Para | Table) -> list[str]:
    if isinstance(block, Para):
        return [block.text]
    lines = [
        "| " + " | ".join(cell.text for cell in row if not _covered(cell)) + " |"
        for row in block.rows
    ]
    return [*"\n".join(lines).split("\n"), ""]


def _cell_lines(block: Para | Table) -> list[str]:
    if isinstance(block, Para):
        return [block.text, ""]
    lines: list[str] = []
    for row in block.rows:
        texts = [cell.text for cell in row if cell.text and not _covered(cell)]
        if texts:
            lines.extend([*"\n".join(texts).split("\n"), ""])
    return lines


_FORMS = {"tab": _tab_lines, "pipe": _pipe_lines, "cells": _cell_lines}


def to_text(doc: LayoutDoc) -> str:
    render = _FORMS[doc.form]
    lines = list(doc.before)
    for block in doc.blocks:
        lines.extend(render(block))
    lines.extend(doc.after)
    text = "".join(f"{line}\n" for line in lines)
    if doc.cut_after is not None:
        text = text[: text.index(doc.cut_after) + len(doc.cut_after)]
    return text


def to_docx(doc: LayoutDoc, path: str | PathLike[str]) -> None:
    document = docx.Document()
    body = document.element.body
    section = body.find(_w("sectPr"))
    if section is not None:
        body.remove(section)
    writer = _BodyWriter(body, RenderOptions(title_field="tc"))
    for block in doc.blocks:
        if isinstance(block, Table):
            writer.table(block)
            writer.paragraph(Para("gap"))  # Word joins adjacent tables otherwise
        else:
            writer.paragraph(block)
    if section is not None:
        body.append(section)
    document.save(fspath(path))


def _sheet_groups(doc: LayoutDoc) -> list[list[Para | Table]]:
    """Blocks per sheet: a new sheet at each title."""
    groups: list[list[Para | Table]] = []
    for block in doc.blocks:
        if not groups or (isinstance(block, Para) and block.role == "title"):
            groups.append([])
        groups[-1].append(block)
    return groups


def _write_value(sheet: Worksheet, row: int, col: int, text: str) -> None:
    target = sheet.cell(row=row, column=col)
    if _AMOUNT.match(text):
        target.value = float(text)
        target.number_format = "0.00"
    elif _PERCENT.match(text):
        target.value = float(text[:-1]) / 100
        target.number_format = "0.00%"
    elif _INTEGER.match(text):
        target.value = int(text)
    else:
        target.value = text


def _write_table(sheet: Worksheet, start: int, table: Table) -> int:
    """Write ``table`` from sheet row ``start``; returns the next free row."""
    vertical: dict[int, list[int]] = {}  # column → [first row, last row, span]
    merges: list[tuple[int, int, int, int]] = []

    def close(column: int) -> None:
        first, last, span = vertical.pop(column)
        if last > first or span > 1:
            merges.append((first, column, last, column + span - 1))

    for offset, row in enumerate(table.rows):
        r = start + offset
        column = 1
        for cell in row:
            if cell.vmerge == "continue" and column in vertical:
                vertical[column][1] = r
            else:
                if column in vertical:
                    close(column)
                if cell.text:
                    _write_value(sheet, r, column, cell.text)
                if cell.vmerge == "restart":
                    vertical[column] = [r, r, cell.span]
                elif cell.span > 1:
                    merges.append((r, column, r, column + cell.span - 1))
            column += cell.span
    for column in list(vertical):
        close(column)
    for first_row, first_col, last_row, last_col in merges:
        sheet.merge_cells(
            start_row=first_row, start_column=first_col, end_row=last_row, end_column=last_col
        )
    return start + len(table.rows) + 1


def to_xlsx(doc: LayoutDoc, path: str | PathLike[str]) -> None:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for number, group in enumerate(_sheet_groups(doc), start=1):
        sheet = workbook.create_sheet(f"表{number}")
        width = max((len(b.grid) for b in group if isinstance(b, Table)), default=1)
        r = 1
        for block in group:
            if isinstance(block, Table):
                r = _write_table(sheet, r, block)
            elif block.text and not block.text.startswith("- "):
                sheet.cell(row=r, column=1).value = block.text
                sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
                r += 1
    workbook.save(fspath(path))
