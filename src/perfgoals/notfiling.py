"""Text that holds no filing at all: a README or notes beside the filings.

A repository of filings also holds ``README.txt``, ``说明.txt``, meeting notes.
Such a file is not a defective filing (PG002) but no filing: it is skipped and
listed as such (``--show-files``, the summary), so a pre-commit hook over every
``.txt`` lets it through. The test is deliberately narrow, so that a filing
that cannot be read is never skipped:

- only text (a ``.docx``, a workbook or a damaged file is always checked, and
  text that cannot be decoded is PG001 before this is asked);
- only when the builder found no table; and
- only when no line or tab-separated cell starts with a label of a filing: a
  field (项目名称, 项目编码, 预算数, 资金支出计划, 年度目标 …, before an optional
  colon), a column of the indicator grid (一级指标, 三级指标, 指标值) or a
  first-level category (产出指标 …), and none holds a category name anywhere
  (a row whose cells were fused) or is a performance-goal table's title. One
  such anchor and the file is a filing: a broken or truncated export is
  PG002, not skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

from perfgoals.read.grid import Grid, Paragraph

# Field identifiers of labels.toml whose labels mark a filing; the short
# generic ones (目标, 说明) are left out: prose uses them.
ANCHOR_FIELDS = frozenset({
    "project_code", "project_name", "budget", "total_budget", "fiscal_funds", "other_funds",
    "spending_plan", "goals_long_term", "goals_annual", "unit",
})
ANCHOR_COLUMNS = frozenset({"level1", "level2", "level3", "target", "basis"})
_LABEL_END = re.compile(r"[:：]")
# A title line: …绩效目标表, …绩效自评表（2022年度）; not a sentence about one.
_TITLE = re.compile(
    r"^[^。，；,;]{0,60}绩效(?:目标|自评|评价指标|评价)(?:申报|审批|批复)?表\s*(?:[(（][^)）]*[)）])?$"
)
_MAX_TITLE = 80


def _is_anchor(text: str) -> bool:
    from perfgoals.builder.labels import labels

    text = text.strip()
    if not text:
        return False
    table = labels()
    # A table copied as text may fuse its cells into one line (质量指标建档立卡
    # …100%10): a category name inside it, or a performance-goal table's
    # title, marks a filing as surely as a label at the line's start.
    if table.mentions_category(text) or (len(text) <= _MAX_TITLE and _TITLE.search(text)):
        return True
    for candidate in {text, _LABEL_END.split(text, maxsplit=1)[0].strip()}:
        if not candidate:
            continue
        if table.field(candidate) in ANCHOR_FIELDS:
            return True
        if table.indicator_column(candidate) in ANCHOR_COLUMNS:
            return True
        if 1 in table.category_levels(candidate):
            return True
    return False


def _pieces(grid: Grid) -> list[str]:
    pieces: list[str] = []
    for block in grid.blocks:
        if isinstance(block, Paragraph):
            for line in block.text.splitlines():
                pieces.extend(line.split("\t"))
        else:
            for row in block.rows:
                pieces.extend(cell.text for cell in row.cells)
    return pieces


def holds_no_filing(grid: Grid) -> bool:
    """Text in which no line or cell starts with a label of a filing."""
    return grid.source_format == "text" and not any(_is_anchor(p) for p in _pieces(grid))


def is_not_a_filing(path: Path, limits: object | None = None) -> bool:
    """Whether ``path`` is text holding no filing; False whenever it cannot be
    read (then it is checked, and its reason is a PG001 finding)."""
    from perfgoals.read import read_path
    from perfgoals.read.limits import DEFAULT_LIMITS, Limits

    try:
        grid = read_path(path, limits if isinstance(limits, Limits) else DEFAULT_LIMITS)
    except Exception:
        return False
    return holds_no_filing(grid)
