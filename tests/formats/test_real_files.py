"""Real filings as their producers made them (PDF from Word, WPS 表格, iText,
Apache POI and Print-to-PDF; a Word goal table; a published web page of
positioned blocks): each performance table read into a faithful Grid.

Files in tests/formats/real/ are kept in the repository (the web page
gzip-compressed); the larger ones are read from the shared corpus
(``../shared/corpus/real-files``) and their tests skip where it is absent.
Each ``.source.md`` says where the tables are; each ``.truth.json`` (format
of ``../shared/corpus/real``) says what a reviewer reads from it.

Grid-level tests must pass: the project count of every file, every project
name and every indicator (三级指标 beside its 指标值, in one row) of the
truth found in the Grid. Builder-level tests compare the records with the
truth; where today's builder misreads a correct Grid they are marked xfail,
naming what the builder lacks.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from perfgoals.builder import build_filing
from perfgoals.read import read_bytes
from perfgoals.read.grid import Grid, Paragraph, Table

HERE = Path(__file__).resolve().parent / "real"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "real-files"
NAME_LABELS = (
    "项目名称",
    "专项名称",
    "专项（项目）名称",
    "单位（项目）名称",
    "项目名称（资金使用单位）",
)
HEADER_WORDS = ("一级指标", "指标名称")


def _find(stem: str) -> Path | None:
    for folder in (HERE, SHARED):
        for path in sorted(folder.glob(f"{stem}-*")):
            if path.suffix not in (".md", ".json"):
                return path
    return None


@cache
def grid_of(stem: str) -> Grid:
    path = _find(stem)
    if path is None:
        pytest.skip(f"real file {stem} is kept outside the repository and is not here ({SHARED})")
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return read_bytes(data, path.name.removesuffix(".gz"))


def truth_of(stem: str) -> dict[str, Any]:
    (path,) = HERE.glob(f"{stem}-*.truth.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def norm(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def project_names(grid: Grid) -> list[str]:
    """Project names as the Grid gives them, in order, by the three layouts:
    a label row (项目名称 | name) above an indicator grid; a 项目名称 column
    beside the indicators (many projects in one table; a name re-printed at
    the top of the next page counts once); or, with neither, the title just
    above a table of indicators (…项目绩效目标表)."""
    names: list[str] = []
    previous: Paragraph | None = None
    for block in grid.blocks:
        if isinstance(block, Paragraph):
            previous = block if block.text.strip() else previous
            continue
        found = _names_in_table(block)
        if found is None:
            title = norm(previous.text) if previous else ""
            if title.endswith("项目绩效目标表") and _has_indicators(block):
                found = [title.removesuffix("项目绩效目标表")]
        names.extend(found or [])
        previous = None
    return names


def _has_indicators(table: Table) -> bool:
    return any(norm(c.text) in HEADER_WORDS for row in table.rows for c in row.cells)


def _names_in_table(table: Table) -> list[str] | None:
    names: list[str] = []
    name_col: int | None = None
    pending: str | None = None
    seen_label = False
    for row in table.rows:
        texts = [norm(c.text) for c in row.cells]
        if any(t in HEADER_WORDS for t in texts):
            columns = [c.col for c in row.cells if norm(c.text).startswith(NAME_LABELS)]
            if columns:
                name_col = columns[0]
            elif pending is not None:
                names.append(pending)
                pending = None
            continue
        if name_col is not None:
            for cell in row.cells:
                filled = any(c.text for c in row.cells if c.col > cell.col + 1)
                new = not names or names[-1] != cell.text  # a re-printed name counts once
                if cell.col == name_col and cell.text and not cell.merged_above and filled and new:
                    names.append(cell.text)
            continue
        for i, cell in enumerate(row.cells[:-1]):
            if norm(cell.text) in NAME_LABELS:
                seen_label = True
                value = row.cells[i + 1].text
                pending = value if value.strip() else None
                break
    if not names and not seen_label and name_col is None:
        return None
    return names


# Projects per file, as each .source.md counts them (07 is the slow one, below).
PROJECTS = {
    "01": 1,
    "02": 15,
    "03": 4,
    "04": 3,
    "06": 1,
    "09": 1,
    "10": 4,
    "11": 14,
    "12": 1,
    "13": 25,
    "14": 8,
    "15": 12,
}
# Tables that are no project: 部门整体 goals, the whole-fund table, blank templates.
WHOLE_DEPARTMENT = {"06": 1, "08": 1, "09": 1, "11": 1, "12": 1, "14": 1}


@pytest.mark.parametrize("stem", sorted(PROJECTS))
def test_project_count_at_grid_level(stem: str) -> None:
    names = project_names(grid_of(stem))
    expected = PROJECTS[stem]
    if stem == "11":
        # 表14-1 ×14 and the 专项资金总体 table, which also carries a 项目名称 label
        assert len(names) == expected + 1
    else:
        assert len(names) == expected, names


@pytest.mark.parametrize("stem", sorted(WHOLE_DEPARTMENT))
def test_whole_department_tables_are_read(stem: str) -> None:
    grid = grid_of(stem)
    titles = " ".join(b.text for b in grid.blocks if isinstance(b, Paragraph))
    cells = " ".join(c.text for t in grid.tables() for r in t.rows for c in r.cells)
    assert "部门整体" in norm(titles + cells)
    assert any(_has_indicators(t) for t in grid.tables())


TRUTH = ["01", "02", "04", "10", "13", "15"]


@pytest.mark.parametrize("stem", TRUTH)
def test_grid_holds_every_project_and_indicator_of_the_truth(stem: str) -> None:
    grid = grid_of(stem)
    truth = truth_of(stem)
    cells = {norm(c.text) for t in grid.tables() for r in t.rows for c in r.cells}
    rows = [{norm(c.text) for c in r.cells} for t in grid.tables() for r in t.rows]
    assert [norm(n) for n in project_names(grid)] == [
        norm(t["project_name"]) for t in truth["tables"]
    ]
    for table in truth["tables"]:
        assert norm(table["project_name"]) in cells
        for indicator in table["indicators"]:
            level3, target = norm(indicator["level3"]), norm(indicator["target"])
            assert any(level3 in row and target in row for row in rows), (level3, target)


# What today's builder lacks, per file, for the records to match the truth.
# Where today's builder misreads a correct Grid: file → what it lacks.
BUILDER_GAPS: dict[str, str] = {}


@pytest.mark.parametrize(
    "stem",
    [
        pytest.param(s, marks=pytest.mark.xfail(strict=False, reason=BUILDER_GAPS[s]))
        if s in BUILDER_GAPS
        else s
        for s in TRUTH
    ],
)
def test_builder_reads_the_truth_from_the_grid(stem: str) -> None:
    grid = grid_of(stem)
    filing = build_filing(grid, stem)
    truth = truth_of(stem)
    got = [(norm(t.project_name), len(t.indicators)) for t in filing.tables if t.indicators]
    want = [(norm(t["project_name"]), len(t["indicators"])) for t in truth["tables"]]
    assert got == want
    for table, expected in zip(
        [t for t in filing.tables if t.indicators], truth["tables"], strict=True
    ):
        pairs = [(norm(i.level3), norm(i.target)) for i in table.indicators]
        assert pairs == [(norm(i["level3"]), norm(i["target"])) for i in expected["indicators"]]


def test_positioned_web_page_rebuilds_a_table_continued_on_the_next_page() -> None:
    """02: 莱州荣军医院's 医疗设备及耗材购置等 starts on one page-div and its
    效益/满意度 rows are on the next; one table, the running header dropped."""
    grid = grid_of("02")
    (table,) = [
        t
        for t in grid.tables()
        if any(norm(c.text) == "医疗设备及耗材购置等" for r in t.rows[:1] for c in r.cells)
        and any("烟台市莱州荣军医院" in c.text for r in t.rows[:2] for c in r.cells)
    ]
    pages = {r.origin.page for r in table.rows}
    assert len(pages) == 2
    assert norm(table.rows[-1].texts()[-1]) == "≥90%"
    assert sum(1 for r in table.rows if norm(r.texts()[0]) == "项目名称") == 1


def _guangzhou() -> Path:
    path = _find("07")
    if path is None:
        pytest.skip(f"real file 07 (140 pages) is kept outside the repository ({SHARED})")
    return path


def test_guangzhou_first_pages_join_into_one_table() -> None:
    """07, pages 1-4 only (the whole file is the slow test below): the title and
    the header row repeated on every page are dropped, the rows go on."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(str(_guangzhou()))
    part = pdfium.PdfDocument.new()
    part.import_pages(source, [0, 1, 2, 3])
    import io

    buffer = io.BytesIO()
    part.save(buffer)
    grid = read_bytes(buffer.getvalue(), "part.pdf")
    (table,) = grid.tables()
    header = table.rows[0].texts()
    assert norm(header[0]).startswith("项目名称")
    assert sum(1 for r in table.rows if r.texts() == header) == 1
    assert {r.origin.page for r in table.rows} == {1, 2, 3, 4}
    titles = [b.text for b in grid.blocks if isinstance(b, Paragraph) and "绩效目标表" in b.text]
    assert len(titles) == 1


@pytest.mark.slow
def test_guangzhou_whole_file_about_300_projects() -> None:
    grid = read_bytes(_guangzhou().read_bytes(), "07.pdf")
    (table,) = grid.tables()
    header = [norm(t) for t in table.rows[0].texts()]
    goal_col = next(i for i, t in enumerate(header) if t == "绩效目标")
    projects = [
        r
        for r in table.rows[1:]
        if len(r.cells) > goal_col and r.cells[goal_col].text and not r.cells[goal_col].merged_above
    ]
    assert 280 <= len(projects) <= 320
