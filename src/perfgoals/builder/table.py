"""One logical table → ProjectTable: every field found by its label.

A value stands right of its label, or below it when the label heads a row of
labels. A label with further labels right of it and nothing below is a block
heading (总体目标 | 实施期目标 | 年度目标), not a field. What is not found
stays ``None`` for the rules to judge; nothing is taken by position alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from perfgoals.builder.geometry import cell_below, covering, row_end
from perfgoals.builder.indicators import GridParser, is_header, split_repeated
from perfgoals.builder.labels import Horizon, LabelTable
from perfgoals.builder.rowfacts import RowFacts, RowFactsMemo
from perfgoals.builder.values import (
    declared_unit,
    inline_label,
    may_name_unit,
    money_unit_in,
    names_no_unit,
    parse_amount,
    parse_percent,
    prose_amounts,
    split_goals,
    split_unit,
    subtitle_name,
)
from perfgoals.model import (
    Amount,
    Goal,
    Indicator,
    Milestone,
    MoneyUnit,
    PlanPoint,
    ProjectTable,
    Source,
    SpendingPlan,
)
from perfgoals.read.grid import Cell, Origin, Paragraph, Row

AMOUNT_FIELDS = (
    "budget",
    "fiscal_funds",
    "other_funds",
    "total_budget",
    "superior_funds",
    "carryover_funds",
)
# The parts the year's budget is made of. Where 实施期 and 年度 amounts stand
# side by side, each part is labelled twice; the year's stands in the column
# of the year's budget label.
_BUDGET_PARTS = frozenset({"fiscal_funds", "other_funds", "superior_funds", "carryover_funds"})
GOAL_FIELDS: dict[str, Horizon | None] = {
    "goals_long_term": "long_term",
    "goals": None,
    "goals_annual": "annual",
}
# Free text that an export without empty cells may spread over several cells.
_FREE_TEXT = frozenset({"purpose", "goals_achieved", *GOAL_FIELDS})
# Fields a cell may state inline (``项目名称：校舍维修``).
_INLINE = frozenset({"unit", "project_name", "project_code", "period", *AMOUNT_FIELDS})


def source_of(origin: Origin) -> Source:
    return Source(
        line=origin.line, docx_table=origin.table, row=origin.row, cell=origin.cell
    )


def _cell_source(cell: Cell) -> Source:
    origin = cell.origin
    return Source(
        line=origin.line,
        docx_table=origin.table,
        row=origin.row,
        cell=origin.cell,
        column=cell.col if origin.table is not None else None,
    )


@dataclass
class LogicalTable:
    """The blocks that make up one project's table."""

    part: int | None
    number: int | None
    title: str | None
    source: Source
    rows: list[Row] = field(default_factory=list)
    lead_paragraphs: list[Paragraph] = field(default_factory=list)
    recovered: bool = False  # some rows were rebuilt from a stream of cells


class TableBuilder:
    def __init__(
        self,
        logical: LogicalTable,
        position: int,
        table_labels: LabelTable,
        title_name: str | None,
        facts_of: RowFactsMemo | None = None,
    ) -> None:
        self.logical = logical
        self.position = position
        self.labels = table_labels
        self.title_name = title_name
        self.values: dict[str, Cell] = {}
        self.label_cols: dict[str, int] = {}  # the grid column of each field's label
        self.label_units: dict[str, MoneyUnit] = {}
        self.prose: dict[str, tuple[str, MoneyUnit | None, Cell]] = {}
        self.goal_cells: list[tuple[str, Cell]] = []
        self.money_unit: MoneyUnit | None = None
        self.unit_code: str | None = None
        self.unit_name: str | None = None
        self.purpose_rows: list[int] = []
        self.plan: SpendingPlan | None = None
        self.milestones: list[Milestone] | None = None
        self.indicators: list[Indicator] | None = None
        self.matrix: dict[str, Cell] = {}
        self.matrix_row: Row | None = None
        self.executed: Cell | None = None
        self.pending_horizon: Horizon | None = None
        self.consumed: set[int] = set()
        self.notes: list[str] = []
        self.facts_of = facts_of or RowFactsMemo(table_labels)

    @property
    def label(self) -> str:
        part = f"第{self.logical.part}部分" if self.logical.part else ""
        number = self.logical.number if self.logical.number is not None else self.position
        return f"{part}表{number}"

    def _facts(self, index: int) -> RowFacts:
        return self.facts_of(self.logical.rows[index])

    def build(self) -> ProjectTable:
        rows = self.logical.rows
        title = Paragraph(self.logical.title or "", Origin())
        for paragraph in [title, *self.logical.lead_paragraphs]:
            self.money_unit = self.money_unit or money_unit_in(paragraph.text)
            self._inline(paragraph.text, Cell(text="", col=0, origin=paragraph.origin), True)
        index = 0
        while index < len(rows):
            index = self._scan_row(rows, index)
        return self._table()

    # -- rows -------------------------------------------------------------

    def _scan_row(self, rows: list[Row], index: int) -> int:
        row = rows[index]
        if index in self.consumed:
            return index + 1
        texts = [c for c in row.cells if c.text and not c.merged_above]
        if len(texts) == 1 and (horizon := self.labels.grid_section(texts[0].text)):
            self.pending_horizon = horizon  # a heading row over the next grid
            return index + 1
        found = self._facts(index)
        if is_header(found.columns):
            return self._indicator_grid(rows, index, row)
        if self._matrix_header(found):
            return index + 1
        if self._milestone_header(found):
            return self._milestone_rows(rows, index, row)
        found_label = False
        used: set[int] = set()
        headers = _repeated_amount_labels(found)
        for position, (cell, facts) in enumerate(zip(row.cells, found.facts, strict=True)):
            if not cell.text or cell.merged_above or position in used:
                continue
            name = facts.field
            if name is not None and name in headers:
                found_label = True
                self.money_unit = self.money_unit or money_unit_in(cell.text)
                continue  # a column header over figures, not a label beside its value
            if name is None:
                if unit := declared_unit(cell.text):
                    # 单位：万元 in a field row (部门 | … | 单位：万元); a row of
                    # nothing else is still the unit header row below.
                    self.money_unit = self.money_unit or unit
                elif facts.other:
                    found_label = True
                elif facts.section == "purpose":
                    found_label = True
                    self.purpose_rows.append(index)
                elif self._inline(cell.text, cell):
                    found_label = True
                continue
            found_label = True
            unit = money_unit_in(cell.text)
            self.money_unit = self.money_unit or unit
            if unit is not None:
                self.label_units.setdefault(name, unit)
            if name == "spending_plan":
                self._spending_plan(rows, index, row, position)
                continue
            if name == "milestones":
                continue  # its steps follow under their own column labels
            value = self._value(rows, index, position, name, used)
            if value is None:
                continue
            if name == "funding":
                self._funding_prose(value)
            else:
                self._record(name, value, cell.col)
        if not found_label and not self.values and self.indicators is None:
            self._unit_header(row)
        elif not found_label:
            self._free_text_row(index, row)
        return index + 1

    def _record(self, name: str, value: Cell, label_col: int | None = None) -> None:
        if name in GOAL_FIELDS:
            # A heading row (年度绩效目标 over the goal cells) leaves a blank
            # value that the goal's own label below replaces.
            self.goal_cells = [(n, c) for n, c in self.goal_cells if n != name or c.text.strip()]
            if all(n != name for n, _ in self.goal_cells):
                self.goal_cells.append((name, value))
            return
        if name not in self.values:
            self.values[name] = value
            if label_col is not None:
                self.label_cols[name] = label_col
            return
        budget_col = self.label_cols.get("budget")
        if (
            name in _BUDGET_PARTS
            and label_col is not None
            and label_col == budget_col != self.label_cols.get(name)
        ):
            self.values[name] = value  # the 年度 column beside the 实施期 one
            self.label_cols[name] = label_col

    def _value(
        self, rows: list[Row], index: int, position: int, name: str, used: set[int]
    ) -> Cell | None:
        """The value cell of the label at ``row.cells[position]``; None for a block heading."""
        row = rows[index]
        label = row.cells[position]
        if self.matrix and name in AMOUNT_FIELDS:
            return self._matrix_value(row, name)
        after = [(i, c) for i, c in enumerate(row.cells) if i > position and not c.merged_above]
        if after and not self.labels.is_label(after[0][1].text):
            first_index, first = after[0]
            used.add(first_index)
            if (
                name in _FREE_TEXT
                and all(c.text and not self.labels.is_label(c.text) for _, c in after[1:])
                and len(after) > 1
            ):
                used.update(i for i, _ in after)
                text = "\n".join(c.text for _, c in after)
                return first._replace(text=text)
            return first
        labels_right = any(self.labels.is_label(c.text) for _, c in after)
        # A lone character is a fragment of a label written down a merged
        # cell (总 / 体 / 目 / 标), no value.
        others = [
            c
            for c in row.cells
            if len(c.text.strip()) > 1 and not c.merged_above and c is not label
        ]
        fragments = any(c.text.strip() and c not in others and c is not label for c in row.cells)
        all_labels = (bool(others) or fragments) and all(
            self.labels.is_label(c.text) for c in others
        )
        if not labels_right and not all_labels:
            return Cell(text="", col=label.col, origin=label.origin)  # value cell blank or lost
        below = cell_below(rows, index, label)
        if (
            below is None
            or not below.text
            or below.merged_above
            or self.labels.is_label(below.text)
        ):
            if labels_right:
                return None  # a block heading over the labels right of it
            return Cell(text="", col=label.col, origin=label.origin)
        self.consumed.add(index + 1)
        return below

    def _inline(self, text: str, cell: Cell, paragraph: bool = False) -> bool:
        """A ``label：value`` cell or paragraph for a field that may be stated inline."""
        found = inline_label(text)
        if found is None:
            return False
        name = self.labels.field(found[0])
        if name not in _INLINE or (paragraph and name != "unit"):
            return False  # paragraphs above the table may only name the unit
        self._record(name, cell._replace(text=found[1]))
        return True

    def _unit_header(self, row: Row) -> None:
        if not may_name_unit([c.text for c in row.cells]):
            return
        for cell in row.cells:
            text = cell.text.strip()
            if not text:
                continue
            unit = money_unit_in(text)
            if unit is not None:
                self.money_unit = self.money_unit or unit
                continue
            if self.labels.is_category(text) or names_no_unit(text):
                continue
            code, name = split_unit(text)
            if self.unit_name is None and self.unit_code is None:
                self.unit_code, self.unit_name = code, name
                self.values.setdefault("unit_header", cell)

    def _free_text_row(self, index: int, row: Row) -> None:
        """A row with no label: the purpose when it follows the purpose's block."""
        texts = [c for c in row.cells if c.text and not c.merged_above]
        if len(texts) != 1 or "purpose" in self.values:
            return
        starts_merged = bool(row.cells) and (row.cells[0].merged_above or not row.cells[0].text)
        if (
            self.purpose_rows
            and index - 1 in self.purpose_rows
            and (starts_merged or len(row.cells) == 1)
        ):
            self.values["purpose"] = texts[0]
            self.purpose_rows.append(index)

    # -- funding ----------------------------------------------------------

    def _matrix_header(self, found: RowFacts) -> bool:
        """A funding matrix header (年初预算数 | 全年预算数 | 全年执行数 …)."""
        row = found.row
        columns = {
            key: cell
            for cell, facts in zip(row.cells, found.facts, strict=True)
            if (key := facts.amount_column) is not None and key != "other"
        }
        if len(columns) < 2:
            return False
        self.matrix = columns
        self.matrix_row = row
        for cell in row.cells:
            self.money_unit = self.money_unit or money_unit_in(cell.text)
        return True

    def _matrix_value(self, row: Row, name: str) -> Cell | None:
        header_row = self.matrix_row
        assert header_row is not None

        # A row rebuilt from lost cells starts, as its header does, in the
        # first column and lost only its blank cells at the end.
        left_aligned = (
            bool(row.cells)
            and bool(header_row.cells)
            and self.logical.recovered
            and row.cells[0].col == header_row.cells[0].col
            and self.labels.field(row.cells[0].text) is not None
        )

        def under(key: str) -> Cell | None:
            header = self.matrix.get(key)
            if header is None:
                return None
            if left_aligned:
                cell = next((c for c in row.cells if c.col == header.col), None)
                # Only a figure: prose that names a fund (the notes under a
                # table) is no amount of the matrix.
                if cell is None or parse_amount(cell.text)[0] is None:
                    return None
                return cell
            return cell_below([header_row, row], 0, header)

        if name == "budget" and self.executed is None:
            self.executed = under("executed")
        return under("planned") or under("initial")

    def _funding_prose(self, cell: Cell) -> None:
        """``总额…万元，其中…``: each figure with its label; unlabelled figures are skipped."""

        def amount_field(words: str) -> str | None:
            name = self.labels.field(words)
            return name if name in AMOUNT_FIELDS else None

        for name, number, unit in prose_amounts(cell.text, amount_field):
            self.prose.setdefault(name, (number, unit, cell))

    def _amount(self, name: str) -> Amount | None:
        cell = self.values.get(name)
        if cell is None and name == "executed":
            cell = self.executed
        if cell is None:
            if name not in self.prose:
                return None
            number, unit, origin_cell = self.prose[name]
            value, _ = parse_amount(number)
            return Amount(
                raw=number,
                value=value,
                unit=unit or self.money_unit,
                source=_cell_source(origin_cell),
            )
        value, unit = parse_amount(cell.text)
        return Amount(
            raw=cell.text,
            value=value,
            unit=unit or self.label_units.get(name) or self.money_unit,
            source=_cell_source(cell),
        )

    # -- spending plan and milestones -------------------------------------

    def _spending_plan(self, rows: list[Row], index: int, row: Row, position: int) -> None:
        checkpoints = [
            (cell, key)
            for cell in row.cells[position + 1 :]
            if (key := self.labels.checkpoint(cell.text)) is not None
        ]
        label_cell = row.cells[position]
        self.values.setdefault("spending_plan", label_cell)
        source = _cell_source(label_cell)
        below_row = rows[index + 1] if index + 1 < len(rows) else None
        if (
            not checkpoints
            or below_row is None
            or any(self.labels.is_label(c.text) for c in below_row.cells)
        ):
            self.plan = SpendingPlan(
                points=[
                    PlanPoint(
                        key=key, label=cell.text, raw="", value=None, source=_cell_source(cell)
                    )
                    for cell, key in checkpoints
                ],
                source=source,
            )
            return
        self.consumed.add(index + 1)
        if row_end(below_row) >= row_end(row):
            cells: list[Cell | None] = [covering(below_row, cell.col) for cell, _ in checkpoints]
        else:
            # The export lost the row's empty cells: values line up only when
            # there is one for each checkpoint.
            values = [c for c in below_row.cells if c.text and not c.merged_above]
            if len(values) != len(checkpoints):
                self.plan = None
                self.notes.append(
                    f"{self.label}: 资金支出计划有 {len(checkpoints)} 个时点、{len(values)} 个数值，无法对应，未读取"
                    f" / spending plan: {len(values)} values for {len(checkpoints)} checkpoints "
                    "cannot be matched; not read"
                )
                return
            cells = list(values)
        points = []
        for (cell, key), value_cell in zip(checkpoints, cells, strict=True):
            raw = value_cell.text if value_cell is not None else ""
            origin = value_cell if value_cell is not None else cell
            points.append(
                PlanPoint(
                    key=key,
                    label=cell.text,
                    raw=raw,
                    value=parse_percent(raw),
                    source=_cell_source(origin),
                )
            )
        self.plan = SpendingPlan(points=points, source=source)

    def _milestone_columns(self, found: RowFacts) -> dict[str, tuple[int, int]]:
        return {
            key: (c.col, c.col + c.span)
            for c, facts in zip(found.row.cells, found.facts, strict=True)
            if (key := facts.milestone_column) is not None
        }

    def _milestone_header(self, found: RowFacts) -> bool:
        columns = self._milestone_columns(found)
        return "task" in columns and len(columns) >= 2

    def _milestone_rows(self, rows: list[Row], index: int, header: Row) -> int:
        columns = self._milestone_columns(self._facts(index))
        ordered = sorted(columns.items(), key=lambda item: item[1][0])
        milestones = self.milestones if self.milestones is not None else []
        cursor = index + 1
        while cursor < len(rows):
            row = rows[cursor]
            cells = [c for c in row.cells if not c.merged_above]
            texts = [c for c in cells if c.text]
            if texts and self.labels.is_label(texts[0].text):
                break
            cursor += 1
            if not texts:
                continue
            found: dict[str, str] = {}
            if row_end(row) >= row_end(header):
                for key, (start, end) in ordered:
                    cell = next((c for c in cells if start <= c.col < end), None)
                    found[key] = cell.text if cell is not None else ""
            elif len(texts) == len(ordered):
                found = {key: cell.text for (key, _), cell in zip(ordered, texts, strict=True)}
            else:
                self.notes.append(
                    f"{self.label}: 实施进度一行无法对齐，已跳过 / milestone row skipped"
                )
                continue
            if not found.get("task"):
                continue
            milestones.append(
                Milestone(
                    task=found["task"],
                    start=found.get("start"),
                    end=found.get("end"),
                    source=_cell_source(texts[0]),
                )
            )
        self.milestones = milestones
        return cursor

    # -- indicators -------------------------------------------------------

    def _indicator_grid(self, rows: list[Row], index: int, header: Row) -> int:
        section = self.pending_horizon
        for cell in header.cells:
            section = self.labels.grid_section(cell.text) or section
        self.pending_horizon = None
        indicators = self.indicators if self.indicators is not None else []
        columns = list(self._facts(index).columns)
        split = split_repeated(columns)
        if split is not None:
            columns = split
            self.notes.append(
                f"{self.label}: 指标列重复且未标明长期/年度，前一组按长期（实施期）、后一组按年度读取"
                " / indicator columns repeated without 长期/年度: the first set read as long-term,"
                " the second as annual"
            )
        parser = GridParser(
            labels=self.labels,
            columns=columns,
            section_horizon=section,
            source_of=_cell_source,
            indicators=indicators,
        )
        cursor = index + 1
        while cursor < len(rows):
            row = rows[cursor]
            if parser.ends_grid(row, self._facts(cursor)):
                break
            parser.add_row(row, f"{self.label} 指标第 {cursor - index} 行")
            cursor += 1
        self.notes.extend(parser.notes)
        self.indicators = indicators
        return cursor

    # -- the record -------------------------------------------------------

    def _recognised(self) -> bool:
        """Whether the table was read as its template lays it out: not rebuilt
        from a stream, every indicator row placed, and no category name left
        outside an indicator grid."""
        if self.logical.recovered or any("could not be aligned" in n for n in self.notes):
            return False
        if self.indicators is None:
            return not any(
                self.labels.mentions_category(cell.text) or self.labels.indicator_column(cell.text)
                for row in self.logical.rows
                for cell in row.cells
                if cell.text
            )
        return True

    def _fiscal_total(self) -> Amount | None:
        """The budget, where its label says it is all fiscal money
        (年度财政资金总额) and no row splits it into parts."""
        parts = any(name in self.values or name in self.prose for name in _BUDGET_PARTS)
        if parts or not self._has_label(self.labels.is_fiscal_total):
            return None
        self.notes.append(
            f"{self.label}: 财政资金取自栏目名称注明为财政资金的预算数 / fiscal funds from the "
            "budget whose label names it fiscal money"
        )
        return self._amount("budget")

    def _subtitle(self) -> Cell | None:
        """A project name in brackets on its own line under the title
        (…绩效目标表 / （X区Y项目）); never a year, a unit or a stamp note."""
        if self.logical.title is None or not self.logical.lead_paragraphs:
            return None
        paragraph = self.logical.lead_paragraphs[0]
        name = subtitle_name(paragraph.text)
        return None if name is None else Cell(text=name, col=0, origin=paragraph.origin)

    def _has_label(self, test: Callable[[str], bool]) -> bool:
        return any(test(c.text) for r in self.logical.rows for c in r.cells)

    def _text(self, name: str) -> str | None:
        cell = self.values.get(name)
        return cell.text if cell is not None else None

    def _goals(self) -> tuple[list[Goal] | None, str | None]:
        if not self.goal_cells:
            return None, None
        cells = sorted(self.goal_cells, key=lambda item: _HORIZON_RANK[GOAL_FIELDS[item[0]]])
        goals = [
            Goal(
                number=number, text=text, horizon=GOAL_FIELDS[name], source=_cell_source(cell)
            )
            for name, cell in cells
            for number, text in split_goals(cell.text)
        ]
        return goals, "\n".join(cell.text for _, cell in cells)

    def _table(self) -> ProjectTable:
        logical = self.logical
        unit_cell = self.values.get("unit")
        if unit_cell is not None:
            # A labelled unit (主管部门) is the table's unit even where a header row names one.
            self.unit_code, self.unit_name = split_unit(unit_cell.text)
        name_cell = self.values.get("project_name")
        name_label = None
        subtitle = self._subtitle()
        if subtitle is not None and (name_cell is None or self._has_label(self.labels.names_fund)):
            # The fund's table names its project in the subtitle.
            name_cell = self.values["project_name"] = subtitle
            self.notes.append(
                f"{self.label}: 项目名称取自表题下括号中的副标题 / project name from the "
                "bracketed subtitle under the title"
            )
        elif name_cell is not None:
            name_label = next(
                (
                    c.text
                    for r in logical.rows
                    for c in r.cells
                    if self.labels.field(c.text) == "project_name"
                ),
                None,
            )
        goals, goals_text = self._goals()
        sources = {name: _cell_source(cell) for name, cell in self.values.items()}
        sources.pop("unit_header", None)
        if self.values.get("unit_header") is not None:
            sources["unit"] = _cell_source(self.values["unit_header"])
        for name, cell in self.goal_cells:
            sources[name] = _cell_source(cell)
            sources.setdefault("goals", _cell_source(cell))
        for name, (_, _, cell) in self.prose.items():
            sources.setdefault(name, _cell_source(cell))
        return ProjectTable(
            part=logical.part,
            number=logical.number,
            position=self.position,
            title=logical.title,
            title_name=self.title_name,
            unit_code=self.unit_code,
            unit_name=self.unit_name,
            money_unit=self.money_unit,
            project_code=self._text("project_code"),
            project_name=self._text("project_name"),
            name_label=name_label,
            budget=self._amount("budget"),
            fiscal_funds=self._amount("fiscal_funds") or self._fiscal_total(),
            other_funds=self._amount("other_funds"),
            total_budget=self._amount("total_budget"),
            superior_funds=self._amount("superior_funds"),
            carryover_funds=self._amount("carryover_funds"),
            executed=self._amount("executed"),
            purpose=self._text("purpose"),
            period=self._text("period"),
            spending_plan=self.plan,
            milestones=self.milestones,
            goals=goals,
            goals_text=goals_text,
            goals_achieved=self._text("goals_achieved"),
            indicators=self.indicators,
            field_sources=dict(sorted(sources.items())),
            recognised=self._recognised(),
            source=logical.source,
        )


_HORIZON_RANK: dict[Horizon | None, int] = {"long_term": 0, None: 1, "annual": 2}


def _repeated_amount_labels(found: RowFacts) -> set[str]:
    """Amount fields named twice in one row with no figure after either
    (支出 预算金额 | 收入来源 | 预算金额): the row heads columns of figures, so
    no label in it has its value on its right. Labels each followed by their
    figure (财政资金 | 1500 | 当年财政拨款 | 1500) are fields side by side."""
    amounts = [name for name in found.fields if name in AMOUNT_FIELDS]
    if len(amounts) == len(set(amounts)):
        return set()  # (most rows: no amount named twice)
    cells = [
        (c.text, facts.field)
        for c, facts in zip(found.row.cells, found.facts, strict=True)
        if c.text and not c.merged_above
    ]
    named: dict[str, list[bool]] = {}
    for i, (_, name) in enumerate(cells):
        if name in AMOUNT_FIELDS:
            after = cells[i + 1][0] if i + 1 < len(cells) else ""
            named.setdefault(name, []).append(parse_amount(after)[0] is not None)
    return {n for n, figures in named.items() if len(figures) > 1 and not any(figures)}
