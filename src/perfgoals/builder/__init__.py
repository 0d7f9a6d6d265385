"""Grid → Filing: find every field by its label, never by position.

The document is cut into logical tables at each title (``N、…绩效目标表``,
``2023年项目支出绩效目标申报表``), whether the title is a paragraph or a
one-cell row of a table (a spreadsheet, a flattened web page): every Grid
table between two titles belongs to the same project, so a header row written
as its own small table still lands in its project. A block with no label at
all (a site's navigation bar, a title with no table under it) is no table.
Within a logical table each row is scanned for labels (``data/labels.toml``,
see :mod:`perfgoals.builder.table`). What is not found stays ``None`` for the
rules to judge.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import regex

from perfgoals.builder.cells import is_anchor, tokens
from perfgoals.builder.labels import LabelTable, labels
from perfgoals.builder.recover import recover, rerow
from perfgoals.builder.rowfacts import RowFacts, RowFactsMemo
from perfgoals.builder.table import AMOUNT_FIELDS, LogicalTable, TableBuilder, source_of
from perfgoals.builder.values import inline_label
from perfgoals.model import (
    DepartmentGoals,
    DepartmentSection,
    DocumentKind,
    Filing,
    ProjectTable,
    Source,
    SourceFormat,
)
from perfgoals.read.grid import Cell, Grid, Paragraph, Row, Table
from perfgoals.textnorm import TEXT_MEMO_SIZE

__all__ = ["build_filing", "source_of", "title_project_name"]

_PART = regex.compile(r"^第\s*([一二三四五六七八九十1-9])\s*部分")
_PART_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_TITLE = regex.compile(
    r"^(?:(?P<n>\d{1,4})\s*[、.．]\s*)?(?P<name>.*?)\s*"
    r"(?P<kind>(?:项目)?(?:支出)?绩效(?:目标|评价指标|评价)?(?:申报|审批|批复|自评)?表|绩效自评表)"
    r"\s*(?:[(（][^)）]*[)）]|\d{4}\s*年度?)?\s*$"
)
_SECTION_HEADING = regex.compile(r"^[一二三四五六七八九十]+\s*[、.．]")
_PART_SUBTITLE = regex.compile(r"^(?:部门整体|部门|专项资金|预算项目|项目支出)绩效目标$")
_NAME_SUFFIX = regex.compile(r"^\d{4}年(?:度)?")
_MAX_TITLE = 200
_MAX_INLINE = 80  # 项目名称：… in one cell; longer cells are prose
_MAX_PENDING = 3  # header lines kept above an untitled table
_SOURCE_FORMATS: dict[str, SourceFormat] = {
    **{f: f for f in ("docx", "text", "xlsx", "xls", "ods", "pdf", "html")},
    "xml": "spreadsheetml",
}


def build_filing(grid: Grid, path: str) -> Filing:
    table_labels = labels()
    facts_of = RowFactsMemo(table_labels)
    grid = recover(grid, facts_of, _is_title)
    segmenter = _Segmenter(table_labels, facts_of)
    segmenter.run(grid)
    notes = list(grid.notes)
    logicals = []
    for logical in segmenter.logicals:
        if _has_labels(logical, facts_of):
            logicals.append(logical)
        elif logical.title is not None:
            notes.append(f"表题“{logical.title}”下没有可识别的表格 / no table under this title")
    tables: list[ProjectTable] = []
    positions: dict[int | None, int] = {}
    for logical in logicals:
        positions[logical.part] = positions.get(logical.part, 0) + 1
        builder = TableBuilder(
            logical,
            positions[logical.part],
            table_labels,
            title_project_name(logical.title),
            facts_of,
        )
        table = builder.build()
        if all(getattr(table, name) is None for name in AMOUNT_FIELDS):
            _fused_amounts(table, logical, table_labels)
        tables.append(table)
        notes.extend(builder.notes)
    unit_code = next((t.unit_code for t in tables if t.unit_code), None)
    unit_name = next((t.unit_name for t in tables if t.unit_name), None)
    return Filing(
        path=path,
        source_format=_SOURCE_FORMATS.get(grid.source_format, "text"),
        encoding=grid.encoding,
        kind=_document_kind(segmenter.texts, logicals, table_labels, facts_of),
        unit_code=unit_code,
        unit_name=unit_name,
        department=segmenter.department(),
        tables=tables,
        notes=notes,
        filing_traces=[] if tables else _filing_traces(segmenter.texts, grid, table_labels),
    )


def _fused_tables(rows: list[Row], table_labels: LabelTable) -> Iterator[list[Row]]:
    """The rows of each table fused into one cell of ``rows`` (a page's
    summary field holding the whole form as run-together text), re-rowed by
    the labels inside it; a cell with fewer than a few labels holds none."""
    for row in rows:
        for cell in row.cells:
            if len(cell.text) < _MIN_FUSED_CELL or cell.merged_above:
                continue
            cells = [t for t in tokens([Paragraph(cell.text, cell.origin)], table_labels) if t.text]
            if sum(1 for t in cells if is_anchor(t.text, table_labels)) >= _MIN_FUSED_LABELS:
                yield rerow(cells, table_labels)


# A cell this long, with this many labels inside, may hold a whole table.
_MIN_FUSED_CELL = 100
_MIN_FUSED_LABELS = 4


def _fused_amounts(table: ProjectTable, logical: LogicalTable, table_labels: LabelTable) -> None:
    """Amounts a table lacks, from a cell holding the form fused into its text
    (a disclosure page's 内容概述 field), read by the labels inside it. They
    come from guessed cell boundaries: the table is no longer read as laid out."""
    for rows in _fused_tables(logical.rows, table_labels):
        inner = LogicalTable(None, None, None, logical.source, rows, recovered=True)
        found = TableBuilder(inner, table.position, table_labels, None).build()
        amounts = {name: getattr(found, name) for name in (*AMOUNT_FIELDS, "executed")}
        if any(amounts[name] is not None for name in AMOUNT_FIELDS):
            for name, amount in amounts.items():
                if amount is not None:
                    setattr(table, name, amount)
                    table.field_sources[name] = amount.source
            table.recognised = False
            return


def _filing_traces(texts: list[str], grid: Grid, table_labels: LabelTable) -> list[str]:
    """What still shows a filing in text where no table was read: a title of a
    performance-goal table, category names inside the lines."""
    traces: list[str] = []
    title = next((t for t in texts if _is_title(t)), None)
    if title is not None:
        traces.append(f"表题“{title[:40]}”")
    lines = [b.text for b in grid.blocks if isinstance(b, Paragraph)] + [
        c.text for t in grid.tables() for r in t.rows for c in r.cells
    ]
    if any(table_labels.mentions_category(line) for line in lines[:_MAX_TRACE_LINES]):
        traces.append("指标类别名称")
    return traces


_MAX_TRACE_LINES = 5000


@lru_cache(maxsize=TEXT_MEMO_SIZE)
def _title_match(text: str) -> regex.Match[str] | None:
    """A title's parts. Every step of the build asks of the same few lines
    whether they are titles, so each is matched once; every title names 绩效,
    and most text needs no pattern at all."""
    return _TITLE.match(text) if "绩效" in text else None


def _title(text: str) -> regex.Match[str] | None:
    return _title_match(text) if len(text) < _MAX_TITLE else None


def _is_title(text: str) -> bool:
    return _title(text) is not None


# Labels a budget book's own tables carry too (收支总表: 财政拨款 | 上年结转 …):
# an untitled table with these and nothing else is no performance-goal table;
# nor is a 项目名称 that heads a column of a list (项目名称 | 预算数 | …).
_MAX_FIELD_ROWS = 40
_BUDGET_BOOK_FIELDS = frozenset(
    {"budget", "fiscal_funds", "other_funds", "total_budget", "superior_funds",
     "carryover_funds", "unit", "funding"}
)  # fmt: skip


def _project_in_title(title: regex.Match[str]) -> str | None:
    """The project a title names, if any. 项目支出绩效目标表 (自评表, 审批表 …)
    is the form's own name: what stands before it is the unit, the year or the
    budget it belongs to (青山区教育局2023年, 省级部门预算), never a project."""
    if title.group("kind").startswith("项目支出"):
        return None
    return title.group("name").strip(" ：:") or None


def _has_labels(logical: LogicalTable, facts_of: RowFactsMemo) -> bool:
    """Whether a logical table is a performance-goal table: it carries a label
    of one, beyond the money and unit labels every budget table has."""
    fields: set[str] = set()
    for row in logical.rows:
        found = facts_of(row)
        if found.marks_grid:
            return True
        for cell, facts in zip(row.cells, found.facts, strict=True):
            text = cell.text
            if not text:
                continue
            name = facts.field
            if name is None and len(text) <= _MAX_INLINE:
                inline = inline_label(text)
                name = facts_of.labels.field(inline[0]) if inline is not None else None
            if name is not None and not (name == "project_name" and _column_heads(row, found)):
                fields.add(name)
    if logical.title is not None:
        return bool(fields)
    beyond = fields - _BUDGET_BOOK_FIELDS
    # A long list naming projects and amounts, with no goal or indicator: the
    # budget book's 项目支出表, whatever its header looks like.
    if beyond == {"project_name"} and len(logical.rows) > _MAX_FIELD_ROWS:
        return False
    return bool(beyond)


def _column_heads(row: Row, found: RowFacts) -> bool:
    """A row of two or more cells, each of them a label: column headers."""
    labels = [
        facts.is_label for cell, facts in zip(row.cells, found.facts, strict=True) if cell.text
    ]
    return len(labels) >= 2 and all(labels)


def _title_kind(title: str, table_labels: LabelTable) -> DocumentKind | None:
    for kind in ("self_evaluation", "approval", "goal"):
        if any(word in title for word in table_labels.kind_words[kind]):
            return kind
    return None


def _document_kind(
    texts: list[str],
    logicals: list[LogicalTable],
    table_labels: LabelTable,
    facts_of: RowFactsMemo,
) -> DocumentKind:
    """Self-evaluation columns first (structure beats wording), then the tables'
    titles, then any title-shaped paragraph; tables with none of these are goal
    tables. Site boilerplate (a link to last year's 自评表) is never a title."""
    columns = {f.evaluation_column for lg in logicals for r in lg.rows for f in facts_of(r).facts}
    if len(columns - {None}) >= 2:
        return "self_evaluation"
    titles = [lg.title for lg in logicals if lg.title]
    titles += [t for t in texts[:200] if _title(t)]
    for title in titles:
        kind = _title_kind(title, table_labels)
        if kind is not None:
            return kind
    return "goal" if logicals else "unknown"


def _only_text(row: Row) -> Cell | None:
    """The one non-empty cell of a row, if it has exactly one."""
    found = None
    for cell in row.cells:
        if cell.text.strip() and not cell.merged_above:
            if found is not None:
                return None  # (most rows: no need to look further)
            found = cell
    return found


class _Segmenter:
    """Cuts the document into logical tables and the part-1 prose."""

    def __init__(self, table_labels: LabelTable, facts_of: RowFactsMemo) -> None:
        self.labels = table_labels
        self.facts_of = facts_of
        self.logicals: list[LogicalTable] = []
        self.part: int | None = None
        self.current: LogicalTable | None = None
        self.sections: list[DepartmentSection] = []
        self.department_source: Source | None = None
        self.texts: list[str] = []
        self.pending: list[Paragraph] = []
        self.lines_before: list[str] = []  # paragraphs since the last table

    def run(self, grid: Grid) -> None:
        for block in grid.blocks:
            if isinstance(block, Paragraph):
                self._paragraph(block)
            else:
                self._table(block)

    def department(self) -> DepartmentGoals | None:
        if not self.sections:
            return None
        return DepartmentGoals(
            sections=self.sections, source=self.department_source or Source()
        )

    def _heading(self, text: str, source: Source) -> bool:
        """A part heading or a title: changes where the following rows go."""
        part_match = _PART.match(text) if text.startswith("第") else None
        if part_match:
            self.pending = []
            self.part = _PART_NUMBERS.get(part_match.group(1)) or int(part_match.group(1))
            self.current = None
            return True
        title = _title(text)
        if title and self.part != 1:
            text = _unwrapped_title(self.lines_before[:-1], text)
            title = _title_match(text) or title
            self.current = LogicalTable(
                part=self.part,
                number=int(title.group("n")) if title.group("n") else None,
                title=text,
                source=source,
            )
            self.logicals.append(self.current)
            self.pending = []
            return True
        return False

    def _paragraph(self, block: Paragraph) -> None:
        text = block.text.strip()
        if not text:
            return
        self.texts.append(text)
        self.lines_before = [*self.lines_before[-_MAX_WRAPPED:], text]
        source = source_of(block.origin)
        if self._heading(text, source):
            return
        if self.part == 1:
            if not self.sections and _PART_SUBTITLE.match(text):
                return
            self.department_source = self.department_source or source
            if _SECTION_HEADING.match(text) or not self.sections:
                self.sections.append(
                    DepartmentSection(heading=text, paragraphs=[], source=source)
                )
            else:
                self.sections[-1].paragraphs.append(text)
        elif self.current is None:
            # Text above an untitled table (金额单位：元, 填报单位：…) is its header.
            self.pending = [*self.pending[-_MAX_PENDING + 1 :], Paragraph(text, block.origin)]
        elif not self.current.rows:
            self.current.lead_paragraphs.append(Paragraph(text, block.origin))
        elif self.current is not None and self.labels.grid_section(text):
            # A heading between a 长期 and a 年度 grid, written outside the tables.
            self.current.rows.append(Row(cells=[Cell(text=text, col=0, origin=block.origin)]))

    def _table(self, table: Table) -> None:
        self.lines_before = []
        if self.part == 1 and self.current is None:
            return
        opened = False
        for row in table.rows:
            only = _only_text(row)
            if only is not None and self._heading(only.text.strip(), source_of(only.origin)):
                self.texts.append(only.text.strip())
                opened = True
                continue
            if self.part == 1 and self.current is None:
                continue
            current = self.current
            if current is None or (
                not opened and current.rows and _starts_new_project(table, current, self.facts_of)
            ):
                current = LogicalTable(
                    part=self.part,
                    number=None,
                    title=None,
                    source=source_of(table.origin),
                    lead_paragraphs=self.pending,
                )
                self.pending = []
                self.logicals.append(current)
                self.current = current
            opened = True
            current.rows.append(row)
            current.recovered = current.recovered or table.recovered


_MAX_WRAPPED = 3  # lines a title may have been wrapped over, before its last
_MAX_WRAPPED_LINE = 40


def _unwrapped_title(before: list[str], title: str) -> str:
    """A title wrapped over lines (…专项（畜禽粪污 / 资源化利用项目）2022年 /
    …绩效目标表): the lines above it that open a bracket and close it again
    before the title's last line are its first part."""
    for count in range(1, len(before) + 1):
        lines = before[-count:]
        if any(len(line) > _MAX_WRAPPED_LINE or line.endswith(("。", "；", ";")) for line in lines):
            return title
        if _depth(lines[0]) > 0 and _depth("".join(lines)) == 0:
            return "".join(lines) + title
    return title


def _depth(text: str) -> int:
    """Brackets left open at the end of the text (never below zero on the way)."""
    depth = 0
    for char in text:
        if char in "(（":
            depth += 1
        elif char in ")）" and depth:
            depth -= 1
    return depth


def _starts_new_project(table: Table, current: LogicalTable, facts_of: RowFactsMemo) -> bool:
    """A table that names a project while the open one already has one: an
    untitled one anywhere, or one that opens with its 项目名称 row."""
    if current.title is not None and "project_name" not in facts_of(table.rows[0]).fields:
        return False

    def names_project(rows: list[Row]) -> bool:
        return any("project_name" in facts_of(r).fields for r in rows)

    return names_project(table.rows) and names_project(current.rows)


def title_project_name(title: str | None) -> str | None:
    """The project name a title carries (``3、X绩效目标表`` → ``X``)."""
    if not title:
        return None
    match = _title_match(title)
    name = _project_in_title(match) if match else None
    if name is None:
        return None
    return _NAME_SUFFIX.sub("", name) or None
