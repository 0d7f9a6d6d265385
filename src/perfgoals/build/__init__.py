"""Grid → Filing: find every field by its label, never by position.

The document is cut into logical tables at each title (``N、…绩效目标表``):
every Grid table between two titles belongs to the same project, so a header
row written as its own small table still lands in its project. Within a
logical table each row is scanned for labels (``data/labels.toml``); a value
stands to the right of its label, or below it when the right neighbour is a
label too. What is not found stays ``None`` for the rules to judge.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from perfgoals.build.labels import LabelTable, labels
from perfgoals.build.values import (
    money_unit_in,
    parse_amount,
    parse_percent,
    split_goals,
    split_unit,
)
from perfgoals.model import (
    Amount,
    DepartmentGoals,
    DepartmentSection,
    DocumentKind,
    Filing,
    Goal,
    Indicator,
    MoneyUnit,
    PlanPoint,
    ProjectTable,
    Source,
    SpendingPlan,
)
from perfgoals.read.grid import Cell, Grid, Origin, Paragraph, Row, Table
from perfgoals.textnorm import normalise

_PART = regex.compile(r"^第\s*([一二三四五六七八九十1-9])\s*部分")
_PART_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_TITLE = regex.compile(
    r"^(?:(?P<n>\d{1,4})\s*[、.．]\s*)?(?P<name>.*?)\s*"
    r"(?P<kind>(?:项目)?(?:支出)?绩效(?:目标)?(?:申报|审批|自评)?表|绩效自评表)"
    r"\s*(?:[(（][^)）]*[)）])?\s*$"
)
_SECTION_HEADING = regex.compile(r"^[一二三四五六七八九十]+\s*[、.．]")
_PART_SUBTITLE = regex.compile(r"^(?:部门整体|部门|专项资金|预算项目|项目支出)绩效目标$")
_NAME_SUFFIX = regex.compile(r"^\d{4}年(?:度)?")


@dataclass
class _Logical:
    """The blocks that make up one project's table."""

    part: int | None
    number: int | None
    title: str | None
    title_name: str | None
    source: Source
    rows: list[Row] = field(default_factory=list)
    lead_paragraphs: list[str] = field(default_factory=list)


def source_of(origin: Origin) -> Source:
    return Source(line=origin.line, docx_table=origin.table, row=origin.row, cell=origin.cell)


def build_filing(grid: Grid, path: str) -> Filing:
    table_labels = labels()
    logicals, department, texts = _segment(grid)
    tables: list[ProjectTable] = []
    positions: dict[int | None, int] = {}
    for logical in logicals:
        positions[logical.part] = positions.get(logical.part, 0) + 1
        tables.append(_build_table(logical, positions[logical.part], table_labels))
    unit_code = next((t.unit_code for t in tables if t.unit_code), None)
    unit_name = next((t.unit_name for t in tables if t.unit_name), None)
    return Filing(
        path=path,
        source_format="docx" if grid.source_format == "docx" else "text",
        encoding=grid.encoding,
        kind=_document_kind(texts, logicals),
        unit_code=unit_code,
        unit_name=unit_name,
        department=department,
        tables=tables,
        notes=list(grid.notes),
    )


def _document_kind(texts: list[str], logicals: list[_Logical]) -> DocumentKind:
    joined = "\n".join(texts[:200])
    headers = {normalise(c.text) for lg in logicals for r in lg.rows[:40] for c in r.cells}
    if "自评表" in joined or {"实际完成值", "得分"} <= headers or "全年实际值" in headers:
        return "self_evaluation"
    if "审批表" in joined:
        return "approval"
    if "目标表" in joined or "申报表" in joined or logicals:
        return "goal"
    return "unknown"


def _segment(grid: Grid) -> tuple[list[_Logical], DepartmentGoals | None, list[str]]:
    """Cut the document into logical tables and the part-1 prose."""
    logicals: list[_Logical] = []
    part: int | None = None
    current: _Logical | None = None
    sections: list[DepartmentSection] = []
    department_source: Source | None = None
    texts: list[str] = []
    for block in grid.blocks:
        if isinstance(block, Paragraph):
            text = block.text.strip()
            if not text:
                continue
            texts.append(text)
            part_match = _PART.match(text)
            if part_match:
                part = _PART_NUMBERS.get(part_match.group(1)) or int(part_match.group(1))
                current = None
                continue
            title = _TITLE.match(text) if len(text) < 200 else None
            if title and part != 1:
                current = _Logical(
                    part=part,
                    number=int(title.group("n")) if title.group("n") else None,
                    title=text,
                    title_name=title.group("name").strip(" ：:") or None,
                    source=source_of(block.origin),
                )
                logicals.append(current)
                continue
            if part == 1:
                if not sections and _PART_SUBTITLE.match(text):
                    continue
                department_source = department_source or source_of(block.origin)
                if _SECTION_HEADING.match(text) or not sections:
                    sections.append(
                        DepartmentSection(
                            heading=text, paragraphs=[], source=source_of(block.origin)
                        )
                    )
                else:
                    sections[-1].paragraphs.append(text)
            elif current is not None and not current.rows:
                current.lead_paragraphs.append(text)
            continue
        if part == 1 and current is None:
            continue
        if current is None or (current.rows and _starts_new_project(block, current)):
            current = _Logical(
                part=part, number=None, title=None, title_name=None,
                source=source_of(block.origin),
            )
            logicals.append(current)
        current.rows.extend(block.rows)
    department = (
        DepartmentGoals(sections=sections, source=department_source or Source())
        if sections
        else None
    )
    return logicals, department, texts


def _starts_new_project(table: Table, current: _Logical) -> bool:
    """An untitled table that names a project while the open one already has one."""
    if current.title is not None:
        return False
    table_labels = labels()

    def names_project(rows: list[Row]) -> bool:
        return any(
            table_labels.field(c.text) == "project_name" for r in rows for c in r.cells
        )

    return names_project(table.rows) and names_project(current.rows)


def _next_value(row: Row, index: int, table_labels: LabelTable) -> Cell | None:
    """The value cell right of a label: the next cell that is not a label."""
    for cell in row.cells[index + 1 :]:
        if cell.merged_above:
            continue
        if _is_label(cell.text, table_labels):
            return None
        return cell
    return None


def _is_label(text: str, table_labels: LabelTable) -> bool:
    return bool(
        text
        and (
            table_labels.field(text)
            or table_labels.section(text)
            or table_labels.indicator_column(text)
            or table_labels.checkpoint(text)
        )
    )


def _cell_below(rows: list[Row], row_index: int, cell: Cell) -> Cell | None:
    if row_index + 1 >= len(rows):
        return None
    for candidate in rows[row_index + 1].cells:
        if candidate.col <= cell.col < candidate.col + candidate.span:
            return candidate
    return None


class _TableBuilder:
    def __init__(self, logical: _Logical, position: int, table_labels: LabelTable) -> None:
        self.logical = logical
        self.position = position
        self.labels = table_labels
        self.values: dict[str, Cell] = {}
        self.money_unit: MoneyUnit | None = None
        self.unit_code: str | None = None
        self.unit_name: str | None = None
        self.purpose_rows: list[int] = []
        self.plan: SpendingPlan | None = None
        self.indicators: list[Indicator] | None = None
        self.consumed: set[int] = set()

    def build(self) -> ProjectTable:
        rows = self.logical.rows
        for text in self.logical.lead_paragraphs:
            self.money_unit = self.money_unit or money_unit_in(text)
        index = 0
        while index < len(rows):
            index = self._scan_row(rows, index)
        return self._table()

    def _scan_row(self, rows: list[Row], index: int) -> int:
        row = rows[index]
        if index in self.consumed:
            return index + 1
        columns = {
            c.col: name
            for c in row.cells
            if (name := self.labels.indicator_column(c.text)) is not None
        }
        if len({"level1", "level2"} & set(columns.values())) == 2 or len(columns) >= 3:
            return self._indicator_grid(rows, index, row, columns)
        found_label = False
        for position, cell in enumerate(row.cells):
            if not cell.text or cell.merged_above:
                continue
            name = self.labels.field(cell.text)
            if name == "spending_plan":
                found_label = True
                self._spending_plan(rows, index, row, position)
                continue
            if name is not None:
                found_label = True
                self.money_unit = self.money_unit or money_unit_in(cell.text)
                value = _next_value(row, position, self.labels)
                if value is None and not self._has_label_right(row, position):
                    value = Cell(text="", col=cell.col, origin=cell.origin)
                if value is None:
                    value = _cell_below(rows, index, cell)
                    if value is not None and index + 1 < len(rows):
                        self.consumed.add(index + 1)
                if value is not None:
                    self.values.setdefault(name, value)
                continue
            if self.labels.section(cell.text) == "purpose":
                found_label = True
                self.purpose_rows.append(index)
        if not found_label and not self.values and self.indicators is None:
            self._unit_header(row)
        elif not found_label:
            self._free_text_row(rows, index, row)
        return index + 1

    def _has_label_right(self, row: Row, position: int) -> bool:
        return any(
            _is_label(c.text, self.labels) for c in row.cells[position + 1 :] if not c.merged_above
        )

    def _unit_header(self, row: Row) -> None:
        for cell in row.cells:
            text = cell.text.strip()
            if not text:
                continue
            unit = money_unit_in(text)
            if unit is not None:
                self.money_unit = self.money_unit or unit
                continue
            code, name = split_unit(text)
            if self.unit_name is None and self.unit_code is None:
                self.unit_code, self.unit_name = code, name
                self.values.setdefault("unit", cell)

    def _free_text_row(self, rows: list[Row], index: int, row: Row) -> None:
        """A row with no label: the purpose when it follows the purpose's block."""
        texts = [c for c in row.cells if c.text and not c.merged_above]
        if len(texts) != 1 or "purpose" in self.values:
            return
        starts_merged = bool(row.cells) and (row.cells[0].merged_above or not row.cells[0].text)
        if self.purpose_rows and starts_merged and index - 1 in self.purpose_rows:
            self.values["purpose"] = texts[0]
            self.purpose_rows.append(index)

    def _spending_plan(self, rows: list[Row], index: int, row: Row, position: int) -> None:
        checkpoints = [
            (cell, key)
            for cell in row.cells[position + 1 :]
            if (key := self.labels.checkpoint(cell.text)) is not None
        ]
        label_cell = row.cells[position]
        self.values.setdefault("spending_plan", label_cell)
        if not checkpoints or index + 1 >= len(rows):
            self.plan = SpendingPlan(points=[], source=source_of(label_cell.origin))
            return
        self.consumed.add(index + 1)
        points = []
        for cell, key in checkpoints:
            below = _cell_below(rows, index, cell)
            raw = below.text if below is not None else ""
            origin = below.origin if below is not None else cell.origin
            points.append(
                PlanPoint(
                    key=key, label=cell.text, raw=raw, value=parse_percent(raw),
                    source=source_of(origin),
                )
            )
        self.plan = SpendingPlan(points=points, source=source_of(label_cell.origin))

    def _indicator_grid(
        self, rows: list[Row], index: int, header: Row, columns: dict[int, str]
    ) -> int:
        spans = [(c.col, c.col + c.span, columns[c.col]) for c in header.cells if c.col in columns]
        layout_columns = set(columns.values())
        indicators = self.indicators if self.indicators is not None else []
        last_level1 = last_level2 = ""
        cursor = index + 1
        while cursor < len(rows):
            row = rows[cursor]
            if any(self.labels.indicator_column(c.text) for c in row.cells) and any(
                self.labels.indicator_column(c.text) == "level1" for c in row.cells
            ):
                break  # another grid (e.g. 年度 after 长期) starts
            fields: dict[str, Cell] = {}
            for cell in row.cells:
                for start, end, name in spans:
                    if start <= cell.col < end and name not in fields:
                        fields[name] = cell
                        break
            cursor += 1

            def text(name: str, fields: dict[str, Cell] = fields) -> str | None:
                # None: the layout has no such column; "": the cell is blank.
                if name not in layout_columns:
                    return None
                cell = fields.get(name)
                return cell.text if cell is not None else ""

            level1, level2 = text("level1") or "", text("level2") or ""
            rest = [text(n) for n in ("level3", "description", "target", "basis")]
            if not any(rest) and not level1 and not level2:
                continue
            level1 = level1 or last_level1
            if not level2 and (fields.get("level2") is None or fields["level2"].merged_above):
                level2 = last_level2
            last_level1, last_level2 = level1, level2
            if not any(rest):
                continue  # template padding: a category with nothing under it
            weight_text = text("weight")
            first = next(iter(fields.values()), row.cells[0] if row.cells else None)
            indicators.append(
                Indicator(
                    row=len(indicators) + 1,
                    level1=level1,
                    level2=level2,
                    level3=text("level3"),
                    description=text("description"),
                    target=text("target"),
                    basis=text("basis"),
                    unit=text("unit"),
                    direction=text("direction"),
                    weight=parse_percent(weight_text) if weight_text else None,
                    note=text("note"),
                    source=source_of(first.origin) if first is not None else Source(),
                )
            )
        self.indicators = indicators
        return cursor

    def _amount(self, name: str) -> Amount | None:
        cell = self.values.get(name)
        if cell is None:
            return None
        value, unit = parse_amount(cell.text)
        return Amount(
            raw=cell.text, value=value, unit=unit or self.money_unit, source=source_of(cell.origin)
        )

    def _text(self, name: str) -> str | None:
        cell = self.values.get(name)
        return cell.text if cell is not None else None

    def _table(self) -> ProjectTable:
        logical = self.logical
        goals_cell = self.values.get("goals")
        goals = None
        if goals_cell is not None:
            goals = [
                Goal(number=number, text=text, source=source_of(goals_cell.origin))
                for number, text in split_goals(goals_cell.text)
            ]
        name_cell = self.values.get("project_name")
        name_label = None
        if name_cell is not None:
            name_label = next(
                (
                    c.text
                    for r in logical.rows
                    for c in r.cells
                    if self.labels.field(c.text) == "project_name"
                ),
                None,
            )
        return ProjectTable(
            part=logical.part,
            number=logical.number,
            position=self.position,
            title=logical.title,
            title_name=title_project_name(logical.title),
            unit_code=self.unit_code,
            unit_name=self.unit_name,
            money_unit=self.money_unit,
            project_code=self._text("project_code"),
            project_name=self._text("project_name"),
            name_label=name_label,
            budget=self._amount("budget"),
            fiscal_funds=self._amount("fiscal_funds"),
            other_funds=self._amount("other_funds"),
            purpose=self._text("purpose"),
            spending_plan=self.plan,
            goals=goals,
            goals_text=goals_cell.text if goals_cell is not None else None,
            indicators=self.indicators,
            field_sources={
                name: source_of(cell.origin) for name, cell in sorted(self.values.items())
            },
            source=logical.source,
        )


def _build_table(logical: _Logical, position: int, table_labels: LabelTable) -> ProjectTable:
    return _TableBuilder(logical, position, table_labels).build()


def title_project_name(title: str | None) -> str | None:
    """The project name a title carries (``3、X绩效目标表`` → ``X``)."""
    if not title:
        return None
    match = _TITLE.match(title)
    if not match:
        return None
    name = _NAME_SUFFIX.sub("", match.group("name").strip(" ：:"))
    return name or None
