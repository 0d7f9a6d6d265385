"""A workbook keeps its form: the findings become cell comments on the cells
at fault, read back with openpyxl, and every other part is unchanged."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from perfgoals.annotate import annotate_bytes
from perfgoals.config import settings_from
from perfgoals.engine import check_path
from perfgoals.findings import Finding
from perfgoals.read import read_bytes
from perfgoals.read.grid import Paragraph, Table

from .helpers import parts, plain
from conftest import SAMPLE_DOCX
from layouts.documents import DEFECTS
from layouts.render import to_xlsx


def sample_workbook(path: Path, sheets: int = 6) -> None:
    """The sample's first tables as a workbook: a sheet per table, the
    paragraphs above it (part heading, title) as rows above the grid, spans
    as merged cells."""
    grid = read_bytes(SAMPLE_DOCX.read_bytes(), SAMPLE_DOCX.name)
    book = openpyxl.Workbook()
    book.remove(book.active)
    above: list[str] = []
    for block in grid.blocks:
        if isinstance(block, Paragraph):
            if block.text:
                above.append(block.text)
            continue
        assert isinstance(block, Table)
        sheet = book.create_sheet(f"表{len(book.worksheets) + 1}")
        row_number = 1
        for text in above[-3:]:
            sheet.cell(row_number, 1, text)
            row_number += 1
        above = []
        for row in block.rows:
            for cell in row.cells:
                if cell.text and not cell.merged_above:
                    sheet.cell(row_number, cell.col + 1, cell.text)
                if cell.span > 1:
                    sheet.merge_cells(
                        start_row=row_number,
                        start_column=cell.col + 1,
                        end_row=row_number,
                        end_column=cell.col + cell.span,
                    )
            row_number += 1
        if len(book.worksheets) == sheets:
            break
    book.save(path)


def _same(value: str, shown: str) -> bool:
    """The stored value against the text the reader shows (0.00 formats a number)."""
    if plain(value) == plain(shown):
        return True
    try:
        return float(value) == float(shown.replace(",", "").rstrip("%"))
    except ValueError:
        return False


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, list[Finding], bytes]]:
    folder = tmp_path_factory.mktemp("annotate-xlsx")
    sample = folder / "sample.xlsx"
    sample_workbook(sample)
    defect = folder / "wuhan-defect.xlsx"
    to_xlsx(DEFECTS["wuhan-education-declaration-defect"][0], defect)
    settings = settings_from({})
    done = []
    for path in (sample, defect):
        findings = check_path(path, path.name, settings).findings
        copy = annotate_bytes(path.read_bytes(), path.name, findings)
        assert copy.suffix == ".xlsx" and copy.in_place
        done.append((path, findings, copy.data))
    return done


def _comments(data: bytes, tmp: Path) -> dict[tuple[str, str], tuple[str, str, str]]:
    """(sheet, cell) → (author, text, the cell's value) as openpyxl reads them."""
    path = tmp / "copy.xlsx"
    path.write_bytes(data)
    book = openpyxl.load_workbook(path)
    found = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.comment is not None:
                    value = "" if cell.value is None else str(cell.value)
                    found[(sheet.title, cell.coordinate)] = (cell.comment.author, cell.comment.text, value)
    return found


def test_each_finding_is_a_comment_on_its_cell(
    workbooks: list[tuple[Path, list[Finding], bytes]], tmp_path: Path
) -> None:
    on_cells = 0
    for path, findings, data in workbooks:
        assert findings, path.name
        found = _comments(data, tmp_path)
        lines = Counter(
            line for _, text, _ in found.values() for line in text.splitlines() if line.startswith("[PG")
        )
        assert sum(lines.values()) == len(findings), path.name
        grid = read_bytes(path.read_bytes(), path.name)
        book = openpyxl.load_workbook(path)
        for finding in findings:
            loc = finding.location
            if loc.source_row is None:
                continue
            assert loc.source_table is not None and loc.source_column is not None
            table = next(t for t in grid.tables() if t.origin.table == loc.source_table - 1)
            row = next(r for r in table.rows if r.origin.row == loc.source_row - 1)
            cell = next(c for c in row.cells if c.col <= loc.source_column - 1 < c.col + c.span)
            assert cell.origin.cell is not None and not cell.merged_above
            sheet = book.worksheets[loc.source_table - 1]
            ref = sheet.cell(loc.source_row, cell.origin.cell + 1).coordinate
            author, text, value = found[(sheet.title, ref)]
            assert author == "perfgoals"
            assert finding.message in text and f"[{finding.rule} " in text
            assert _same(value, cell.text), (value, cell.text)
            on_cells += 1
    assert on_cells > 20


def test_other_parts_unchanged(workbooks: list[tuple[Path, list[Finding], bytes]]) -> None:
    for path, _, data in workbooks:
        before, after = parts(path.read_bytes()), parts(data)
        assert list(after)[: len(before)] == list(before)
        for name, body in before.items():
            if name == "[Content_Types].xml" or name.startswith("xl/worksheets/"):
                continue
            assert after[name] == body, name
        added = set(after) - set(before)
        assert added and all(
            n.startswith(("xl/comments/", "xl/drawings/", "xl/worksheets/_rels/")) for n in added
        ), added


def test_min_workbook_title_finding_goes_to_the_title_row(tmp_path: Path) -> None:
    from perfgoals.findings import Location

    path = tmp_path / "sample.xlsx"
    sample_workbook(path, sheets=2)
    finding = Finding(
        rule="PG412", name="x", severity="info", message="全文问题", location=Location(), fingerprint="f"
    )
    copy = annotate_bytes(path.read_bytes(), path.name, [finding])
    found = _comments(copy.data, tmp_path)
    ((sheet, ref),) = found
    assert (sheet, ref) == ("表1", "A1")


def test_word_copy_of_a_workbook_on_request(tmp_path: Path) -> None:
    path = tmp_path / "defect.xlsx"
    to_xlsx(DEFECTS["wuhan-education-declaration-defect"][0], path)
    findings = check_path(path, path.name, settings_from({})).findings
    copy = annotate_bytes(path.read_bytes(), path.name, findings, prefer=".docx")
    assert copy.suffix == ".docx" and not copy.in_place and copy.comments >= 1
