"""Rows the input lost, recovered from the labels the cells hold.

Published filings often reach us with their table's shape gone: a page that
prints one cell per line and never marks a row's end, cells separated by blank
lines, a row per line with spaces between the cells. The cells are still in
reading order, and the template's own words tell where each row starts: a
field label (项目名称, 年度资金总额) opens a field row, a run of amount column
headers (年初预算数 | 全年预算数 | 全年执行数) a funding matrix, a run of indicator
column headers (一级指标 | 二级指标 | 三级指标 | 指标值) the indicator grid, and
in the grid a category name (产出指标, 数量指标) or a name after a complete row
opens the next indicator row.

:func:`recover` rebuilds such cells into ordinary rows, so that the rest of
the builder reads them like any table. It runs only where the shape is lost:
on what the reader marked as a *stream* (:attr:`Table.stream`), on a text
table whose row ran over into the next, and, in a document none of whose
tables reads as it is, on its paragraphs and line-per-cell tables (cut into
cells by :mod:`cells`; indicators written as prose by :mod:`prose`). A
project list (:mod:`listing`) is cut into one table per project. A document
that reads as it is is never touched, and every rebuilt table is marked so
(:attr:`Table.recovered`): what it could not read is said at info (PG008).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

import regex

from perfgoals.builder.cells import MAX_FUSED_LINE, Token, is_anchor, table_end
from perfgoals.builder.cells import tokens as cell_tokens
from perfgoals.builder.columns import column_order
from perfgoals.builder.figures import (
    MIN_FUSED_ROW,
    amount_row,
    peel_values,
    split_qualitative,
)
from perfgoals.builder.fusedrows import closing_row, fused_grid_rows, fused_row_cells
from perfgoals.builder.labels import LabelTable
from perfgoals.builder.listing import split_project_list
from perfgoals.builder.prose import has_level1_heading, notice_fields, prose_indicators
from perfgoals.builder.rowfacts import RowFactsMemo
from perfgoals.builder.transposed import transposed_grid
from perfgoals.builder.values import parse_percent
from perfgoals.read.grid import Block, Cell, Grid, Origin, Paragraph, Row, Table
from perfgoals.targets import parse_target
from perfgoals.textnorm import normalise

# Grid columns that hold a figure, a comparator or a unit rather than a name:
# a name-like cell after them starts the next indicator row.
_VALUE_COLUMNS = frozenset({"target", "actual", "weight", "score", "unit", "nature", "direction"})
_SCORE_COLUMNS = ("score", "weight")
_LOOKAHEAD = 4
_GOAL_LABELS = frozenset({"goals", "goals_long_term", "goals_annual", "goals_achieved"})
_MIN_HEADER = 3
_MIN_BARE_LEVEL2 = 5


@dataclass
class _GridRow:
    cells: dict[int, Token] = field(default_factory=dict)

    def last_col(self) -> int:
        return max(self.cells, default=-1)


class _Rower:
    """Turns tokens in reading order into rows."""

    def __init__(self, labels: LabelTable, is_title: Callable[[str], bool]) -> None:
        self.labels = labels
        self.is_title = is_title
        self.rows: list[Row] = []
        self.current: list[Token] | None = None
        self.matrix_width = 0
        self.matrix_keys: list[str] = []  # amount_column keys of the matrix header
        self.matrix_total: float | None = None  # the first amount row's budget
        self.grid: list[str] | None = None  # column names of the open grid
        self.grid_row: _GridRow | None = None
        self.named = False  # a project name was seen since the last title
        # 二级 names long enough to stand without their 指标 (服务对象满意度).
        self.level2_keys = sorted(
            (k for k in labels.level2 if len(k) >= _MIN_BARE_LEVEL2), key=len, reverse=True
        )
        self.breaks: list[int] = []  # row indexes where another project starts
        self.ahead: list[str] = []  # the texts after the grid token being placed
        self.fused_rows: dict[int, dict[str, str]] = {}  # a grid's fused lines, by token

    # -- kinds of token ---------------------------------------------------

    def _is_field_label(self, text: str) -> bool:
        return bool(
            self.labels.field(text)
            or self.labels.other(text)
            or self.labels.section(text)
            or self.labels.grid_section(text)
        )

    # -- rows ---------------------------------------------------------------

    def _flush(self) -> None:
        if self.current:
            self.rows.append(_row([(i, t) for i, t in enumerate(self.current)]))
        self.current = None
        self._flush_grid_row()

    def _flush_grid_row(self) -> None:
        if self.grid_row is not None and self.grid_row.cells:
            self._split_qualitative_target(self.grid_row)
            self.rows.append(_row(sorted(self.grid_row.cells.items()), self.grid))
        self.grid_row = None

    def _split_qualitative_target(self, row: _GridRow) -> None:
        """A fused row that ends at its name: a qualitative target fused to the
        name's end (…影响长远, …水平提升) is its target cell."""
        assert self.grid is not None
        first_free = _first_value_col(self.grid)
        token = row.cells.get(first_free)
        # The cells right of the name that hold words: the target, and the
        # actual value of a self-evaluation beside it.
        columns: list[int] = []
        for col in range(first_free + 1, len(self.grid)):
            if self.grid[col] not in ("target", "actual"):
                break
            columns.append(col)
        if token is None or not token.fused or not columns or row.last_col() != first_free:
            return
        split = split_qualitative(token.text, len(columns))
        if split is not None:
            row.cells[first_free] = Token(split[0], token.origin, fused=True)
            for col, value in zip(columns, split[1], strict=True):
                row.cells[col] = Token(value, token.origin)

    def _leading_level2(self, text: str) -> tuple[str, str] | None:
        """A 二级 name written without its 指标 at the start of fused text right
        after its 一级 (满意度指标 | 群众满意度 | 受益群众满意率 …), where a
        name follows it: (二级, rest)."""
        for key in self.level2_keys:
            head = text[: len(key)]
            rest = text[len(key) :].strip()
            if normalise(head) == key and rest and regex.match(r"\p{Han}", rest):
                return head, rest
        return None

    def run(self, tokens: list[Token]) -> list[Row]:
        index = 0
        while index < len(tokens):
            index = self._step(tokens, index)
        self._flush()
        return self.rows

    def _title_just_before(self) -> bool:
        return (
            bool(self.rows)
            and len(self.rows[-1].cells) == 1
            and self.is_title(self.rows[-1].cells[0].text)
        )

    def tables(self) -> list[Table]:
        """The rows cut into one table per project."""
        cuts = [0, *self.breaks, len(self.rows)]
        return [
            Table(rows=self.rows[a:b], origin=self.rows[a].origin, recovered=True)
            for a, b in pairwise(cuts)
            if b > a
        ]

    def _header_run(self, tokens: list[Token], index: int) -> list[str]:
        """The indicator column names of a header starting at ``index``."""
        names: list[str] = []
        for token in tokens[index:]:
            name = self.labels.indicator_column(token.text)
            if name is None:
                break
            names.append(name)
        return names

    def _matrix_run(self, tokens: list[Token], index: int) -> int:
        """How many tokens from ``index`` are amount column headers."""
        count = 0
        for token in tokens[index:]:
            if self.labels.amount_column(token.text) is None:
                break
            count += 1
        return count

    def _step(self, tokens: list[Token], index: int) -> int:
        token = tokens[index]
        if self.is_title(token.text):
            self.named = False
            self._flush()
            self.grid = None
            self.matrix_width = 0
            self.rows.append(_row([(0, token)]))
            return index + 1
        names = self._header_run(tokens, index)
        if len(names) >= _MIN_HEADER and {"level1", "level2", "level3"} & set(names):
            self._flush()
            self.grid = names
            self.matrix_width = 0
            self.rows.append(_row(list(enumerate(tokens[index : index + len(names)]))))
            self.fused_rows = dict(fused_grid_rows(tokens, index + len(names), names, self.labels))
            return index + len(names)
        if self.grid is not None and index in self.fused_rows:
            self._fused_row(self.fused_rows[index], token.origin)
            return index + 1
        if self.grid is not None:
            following = tokens[index + 1].text if index + 1 < len(tokens) else ""
            self.ahead = [t.text for t in tokens[index + 1 : index + 1 + _LOOKAHEAD]]
            if self._grid_token(token, following):
                return index + 1
            self.grid = None
        matrix = self._matrix_run(tokens, index)
        if matrix >= 2:
            self._flush_grid_row()
            lead = self.current if self.current and len(self.current) == 1 else None
            self.current = None
            cells = [(0, lead[0])] if lead else []
            cells += [(i + 1, t) for i, t in enumerate(tokens[index : index + matrix])]
            self.rows.append(_row(cells))
            self.matrix_width = matrix
            self.matrix_total = None
            self.matrix_keys = [
                "rate" if "率" in t.text else self.labels.amount_column(t.text) or ""
                for t in tokens[index : index + matrix]
            ]
            return index + matrix
        heading = self._goal_heading(tokens, index)
        if len(heading) >= 2:
            return self._goal_block(tokens, index, heading)
        if self._is_field_label(token.text):
            self._flush()
            if self.labels.field(token.text) == "project_name":
                if self.named and not self._title_just_before():
                    self.breaks.append(len(self.rows))  # the next project begins
                self.named = True
            self.current = [token]
            if self.matrix_width and self.labels.field(token.text) is None:
                self.matrix_width = 0
            return index + 1
        if self.current is None:
            self.current = [token]
        elif self.matrix_width and len(self.current) > self.matrix_width:
            self._flush()
            self.current = [token]
        elif self.matrix_width and len(self.current) == 1 and (split := self._amounts(token)):
            self.current += [Token(text, token.origin) for text in split]
        else:
            self.current.append(token)
        return index + 1

    def _goal_heading(self, tokens: list[Token], index: int) -> list[Token]:
        """Goal labels one after another from ``index`` (项目年度目标 | 年度目标完成情况)."""
        run: list[Token] = []
        for token in tokens[index:]:
            if self.labels.field(token.text) not in _GOAL_LABELS:
                break
            run.append(token)
        return run

    def _goal_block(self, tokens: list[Token], index: int, heading: list[Token]) -> int:
        """A row of goal labels and the row of their texts under it. Of three
        or more labels the first heads the block (总体目标 | 实施期目标 |
        年度目标): the texts stand under the others, from the left."""
        self._flush()
        self.rows.append(_row(list(enumerate(heading))))
        index += len(heading)
        wanted = len(heading) - 1 if len(heading) >= _MIN_HEADER else len(heading)
        texts: list[Token] = []
        while index < len(tokens) and len(texts) < wanted:
            text = tokens[index].text
            if self.is_title(text) or is_anchor(text, self.labels):  # column labels are anchors
                break
            texts.append(tokens[index])
            index += 1
        if texts:
            # Under the labels from the left: where a text is missing, it is
            # the later one (a goal filed, its outcome not yet written).
            first = len(heading) - wanted
            blank = Token("", texts[-1].origin)
            padded = texts + [blank] * (wanted - len(texts))
            self.rows.append(_row([(first + i, t) for i, t in enumerate(padded)]))
        return index

    def _fused_row(self, cells: dict[str, str], origin: Origin) -> None:
        """A grid row read from one fused line, after category cells cut off before it."""
        assert self.grid is not None
        placed = fused_row_cells(cells, self.grid)
        row = self.grid_row
        if row is None or row.last_col() >= _first_value_col(self.grid):
            self._flush_grid_row()
            row = self.grid_row = _GridRow()
        row.cells.update({col: Token(text, origin) for col, text in placed.items()})
        self._flush_grid_row()

    def _amounts(self, token: Token) -> list[str] | None:
        keys, total = self.matrix_keys, self.matrix_total
        split, self.matrix_total = amount_row(token.text, keys, token.fused, total)
        return split

    def _grid_token(self, token: Token, following: str = "") -> bool:
        """Place a token in the open indicator grid; False where the grid ends."""
        assert self.grid is not None
        names = self.grid
        text = token.text
        levels = self.labels.category_levels(text) if text else frozenset()
        level1_col = _col(names, "level1")
        level2_col = _col(names, "level2")
        if levels:
            row = self.grid_row
            # 成本指标 names both levels: a 一级 only where a 二级 name follows it.
            as_level1 = (
                1 in levels
                and level1_col is not None
                and (2 not in levels or 2 in self.labels.category_levels(following))
            )
            if as_level1 and level1_col is not None:
                self._flush_grid_row()
                self.grid_row = _GridRow({level1_col: token})
                return True
            if level2_col is not None:
                if row is None or row.last_col() != level1_col or level2_col in row.cells:
                    self._flush_grid_row()
                    self.grid_row = _GridRow()
                assert self.grid_row is not None
                self.grid_row.cells[level2_col] = token
                return True
        row = self.grid_row
        if (
            token.fused
            and level2_col is not None
            and row is not None
            and row.last_col() == level1_col
            and (split := self._leading_level2(text)) is not None
        ):
            self._grid_token(Token(split[0], token.origin))
            return self._grid_token(Token(split[1], token.origin, fused=True), following)
        if (
            text
            and not self.labels.field(text)
            and self._is_field_label(text)
            and self.labels.is_category(following)
        ):
            return True  # 绩效指标 written down the rows left of the grid: no cell of it
        if text and self._is_field_label(text) and not self.labels.indicator_column(text):
            self._flush_grid_row()
            return False
        row = self.grid_row
        first_free = _first_value_col(names)
        if (
            token.fused
            and len(text) > MIN_FUSED_ROW
            and (row is None or row.last_col() < first_free)
        ):
            pieces = peel_values(text, _value_run(names, first_free))
            if pieces is not None:
                for number, (piece, figure) in enumerate(pieces):
                    if number == 0 and not figure and self.labels.is_category(piece):
                        # A name its figures follow is the 三级, even one that
                        # sounds like a category (群众满意度 | ≥95%).
                        self.grid_row = self.grid_row or _GridRow()
                        self.grid_row.cells[first_free] = Token(piece, token.origin)
                    elif figure or number == 0:
                        self._grid_token(Token(piece, token.origin))
                    elif closing := closing_row(piece, self.labels):
                        # 总分100 after the last row's figures: the grid ends.
                        self._flush_grid_row()
                        self.rows.append(_row([(i, Token(t, token.origin)) for i, t in closing]))
                        self.grid = None
                        return True
                    else:  # a name after its row's figures opens the next row
                        self._flush_grid_row()
                        self.grid_row = _GridRow({first_free: Token(piece, token.origin)})
                return True
        if row is None:
            self.grid_row = _GridRow({first_free: token})
            return True
        next_col = max(row.last_col() + 1, first_free)
        if next_col >= len(names) or self._starts_next_row(row, next_col, text):
            self._flush_grid_row()
            self.grid_row = _GridRow({first_free: token})
            return True
        row.cells[next_col] = token
        return True

    def _starts_next_row(self, row: _GridRow, next_col: int, text: str) -> bool:
        """A name where a figure belongs, or anything after the row's score."""
        assert self.grid is not None
        names = self.grid
        filled = {names[c] for c in row.cells}
        if any(name in filled for name in _SCORE_COLUMNS) and not _value_like(text):
            return True
        if self._outcome_in_words(next_col):
            return False
        return (
            names[next_col] in _VALUE_COLUMNS
            and "target" in filled
            and bool(text)
            and not _value_like(text)
            and len(text) > 4
        )

    def _outcome_in_words(self, next_col: int) -> bool:
        """Words where the row's 实际完成值 belongs (达成预期指标), followed by
        the row's 分值 and 得分: the row's outcome, not the next row's name."""
        assert self.grid is not None
        names = self.grid
        if names[next_col] != "actual":
            return False
        scores = 0
        for name in names[next_col + 1 :]:
            if name not in _SCORE_COLUMNS:
                break
            scores += 1
        if not scores or len(self.ahead) < scores:
            return False
        figures = self.ahead[:scores]
        after = self.ahead[scores] if len(self.ahead) > scores else None
        if after is not None and _value_like(after):
            return False  # more figures: the words name the next row
        return all(parse_percent(f) is not None for f in figures)


def _col(names: list[str], name: str) -> int | None:
    return names.index(name) if name in names else None


def _first_value_col(names: list[str]) -> int:
    """The first column after the category columns."""
    categories = [i for i, n in enumerate(names) if n in ("level1", "level2")]
    return (max(categories) + 1) if categories else 0


def _value_like(text: str) -> bool:
    if not text:
        return True
    target = parse_target(text)
    return target.kind not in ("text", "empty") and not target.words


def _row(cells: list[tuple[int, Token]], names: list[str] | None = None) -> Row:
    origin = cells[0][1].origin if cells else Origin()
    out: list[Cell] = []
    present = {col for col, _ in cells}
    if names is not None:
        # Category cells the row leaves out stand merged above, as in a grid.
        for col, name in enumerate(names):
            if name in ("level1", "level2") and col not in present and cells and col < cells[0][0]:
                out.append(Cell(text="", col=col, merged_above=True, origin=origin))
    out += [Cell(text=t.text, col=col, origin=t.origin) for col, t in cells]
    if names is not None:
        last = max(present, default=-1)
        out += [Cell(text="", col=col, origin=origin) for col in range(last + 1, len(names))]
    out.sort(key=lambda c: c.col)
    return Row(cells=out, origin=origin)


# -- which blocks to recover ---------------------------------------------------


def recover(grid: Grid, facts_of: RowFactsMemo, is_title: Callable[[str], bool]) -> Grid:
    """The Grid with every stream table (and, where no table holds a label,
    every run of paragraphs that holds a grid) re-rowed by its labels."""
    labels = facts_of.labels
    tables = grid.tables()
    readable = any(not t.stream and _readable(t, facts_of) for t in tables)
    blocks: list[Block] = []
    run: list[Block] = []
    changed = False
    run_notes: list[str] = []

    def close_run() -> None:
        nonlocal changed
        if not run:
            return
        recovered = _recover_run(run, labels, is_title, run_notes)
        changed = changed or recovered is not run
        blocks.extend(recovered)
        run.clear()

    for block in grid.blocks:
        if isinstance(block, Table) and grid.source_format == "text" and _runs_on(block, facts_of):
            block = Table(rows=block.rows, origin=block.origin, stream=True)
        if isinstance(block, Table) and not block.stream:
            projects = split_project_list(block, facts_of)
            if projects is not None:
                close_run()
                blocks.extend(projects)
                changed = True
                continue
        lossy = isinstance(block, Table) and (block.stream or not readable)
        if lossy or (
            not readable and isinstance(block, Paragraph) and len(block.text) <= MAX_FUSED_LINE
        ):
            run.append(block)
            continue
        close_run()
        blocks.append(block)
    close_run()
    if not changed:
        return grid
    notes = [*grid.notes, "按栏目名称恢复了表格的行 / rows recovered from the labels", *run_notes]
    return Grid(
        blocks=blocks, source_format=grid.source_format, encoding=grid.encoding, notes=notes
    )


def _runs_on(table: Table, facts_of: RowFactsMemo) -> bool:
    """A text table with a row longer than its indicator header and a category
    name inside it: the row ran over into the next one (its end was lost)."""
    width = 0
    for row in table.rows:
        found = facts_of(row)
        if len(found.columns) >= _MIN_HEADER:
            width = max(width, len(row.cells))
            continue
        texts = [facts for cell, facts in zip(row.cells, found.facts, strict=True) if cell.text]
        if width and len(texts) > width and any(facts.category_levels for facts in texts[2:]):
            return True
    return False


def _readable(table: Table, facts_of: RowFactsMemo) -> bool:
    """Whether a table's cells are whole: several of them, or a fair share,
    are labels or category names as they stand (not lines with labels inside)."""
    found = [
        f for r in table.rows for c, f in zip(r.cells, facts_of(r).facts, strict=True) if c.text
    ]
    hits = sum(1 for facts in found if facts.is_label or facts.category_levels)
    return hits >= _MIN_READABLE or (hits > 0 and hits >= len(found) * _READABLE_SHARE)


_MIN_READABLE = 3
_READABLE_SHARE = 0.2


def _recover_run(
    run: list[Block], labels: LabelTable, is_title: Callable[[str], bool], notes: list[str]
) -> list[Block]:
    paragraphs = [b for b in run if isinstance(b, Paragraph)]
    prose = prose_indicators(paragraphs, labels)
    if prose is None and has_level1_heading(run, labels):
        # A notice printed one paragraph per line reads as cells of a table.
        lines = _as_lines(run)
        prose = prose_indicators(lines, labels)
        if prose is not None:
            run, paragraphs = list(lines), lines
    if prose is not None:
        table, first_used, last_used = prose
        first, last = run.index(paragraphs[first_used]), run.index(paragraphs[last_used])
        kept = [_as_table(b) if isinstance(b, Table) else b for b in run]
        fields = notice_fields(run[:first])
        if fields:
            table = Table(rows=[*fields, *table.rows], origin=table.origin, recovered=True)
        return [*kept[:first], table, *kept[last + 1 :]]
    tokens = _cut_label_stub(list(cell_tokens(run, labels)), labels)
    across = transposed_grid(tokens, labels)
    if across is not None:
        # The grid written across stands where its cells stood; the rest is re-rowed.
        notes.extend(across.notes)
        head, rest = tokens[: across.start], tokens[across.end :]
        before = _recover_tokens(head, labels, is_title, notes) or _paragraphs(head)
        after = _recover_tokens(rest, labels, is_title, notes) or _paragraphs(rest)
        return [*before, across.table, *after]
    return _recover_tokens(tokens, labels, is_title, notes) or [
        _as_table(b) if isinstance(b, Table) else b for b in run
    ]


def _as_lines(run: list[Block]) -> list[Paragraph]:
    """Every block of a run as lines of text: its paragraphs, and each cell of
    its tables."""
    lines: list[Paragraph] = []
    for block in run:
        if isinstance(block, Paragraph):
            lines.append(block)
        else:
            lines += [Paragraph(c.text, c.origin) for r in block.rows for c in r.cells if c.text]
    return lines


def _recover_tokens(
    tokens: list[Token],
    labels: LabelTable,
    is_title: Callable[[str], bool],
    notes: list[str] | None = None,
) -> list[Block]:
    """Tokens re-rowed by their labels; [] where they hold fewer than two."""
    anchors = [i for i, t in enumerate(tokens) if t.text and is_anchor(t.text, labels)]
    if len(anchors) < 2:
        return []
    first, last = anchors[0], table_end(tokens, anchors[0], anchors[-1])
    while first > 0 and is_title(tokens[first - 1].text):
        first -= 1  # the title above the first label heads the table
    lead = _paragraphs(tokens[:first])
    cells = _join_split_labels([t for t in tokens[first : last + 1] if t.text], labels)
    columns = column_order(cells, labels, is_title)
    if notes is not None:
        notes.extend(columns.notes)
    rower = _Rower(labels, is_title)
    rower.run(columns.tokens)
    tail = _paragraphs(tokens[last + 1 :])
    return [*lead, *_paragraphs(columns.unread), *rower.tables(), *tail]


def _cut_label_stub(tokens: list[Token], labels: LabelTable) -> list[Token]:
    """Text that stops inside a label (an excerpt cut at …20万元中央补): the
    stub of the label is cut off the last figure, which reads again."""
    if not tokens or not tokens[-1].fused:
        return tokens
    last = tokens[-1]
    text = last.text
    for size in range(min(_MAX_STUB, len(text) - 1), 1, -1):
        head, stub = text[:-size], text[-size:]
        if _value_like(head) and _is_label_stub(normalise(stub), labels):
            return [*tokens[:-1], Token(head, last.origin), Token(stub, last.origin)]
    return tokens


_MAX_STUB = 8


def _is_label_stub(stub: str, labels: LabelTable) -> bool:
    """The first characters of a field label, not the whole of it."""
    return any(
        key.startswith(stub) and key != stub
        for key in (*labels.fields, *labels.others, *labels.amount_columns)
    )


def _join_split_labels(tokens: list[Token], labels: LabelTable) -> list[Token]:
    """A label a narrow cell broke over two lines (经济效益 / 指标) is one cell;
    so is one broken over three short lines, none of them a label itself
    (偏差大或 / 目标未完成 / 原因分析)."""
    joined: list[Token] = []
    skip = 0
    for index, token in enumerate(tokens):
        if skip:
            skip -= 1
            continue
        three = tokens[index : index + 3]
        if len(three) == 3 and all(
            len(t.text) <= _MAX_LABEL_PIECE
            and not _value_like(t.text)
            and not is_anchor(t.text, labels)
            for t in three
        ):
            text = "".join(t.text for t in three)
            if labels.is_label(text):
                joined.append(Token(text, token.origin))
                skip = 2
                continue
        if joined:
            previous = joined[-1]
            both = previous.text + token.text
            short_piece = (
                len(token.text) <= 3
                and not is_anchor(token.text, labels)
                and not _value_like(token.text)
            )
            # The score a label carries, wrapped onto a line of its own
            # (年度绩效目标（98 / 分）): no value of the label.
            score = _SCORE_PIECE.match(token.text) and is_anchor(previous.text, labels)
            if (short_piece or score) and is_anchor(both, labels):
                joined[-1] = Token(both, previous.origin)
                continue
        joined.append(token)
    return joined


_MAX_LABEL_PIECE = 6
_SCORE_PIECE = regex.compile(r"^\d{1,3}\s*分\s*[)）]$")


def _paragraphs(tokens: list[Token]) -> list[Block]:
    return [Paragraph(t.text, t.origin) for t in tokens if t.text]


def _as_table(table: Table) -> Table:
    return Table(rows=table.rows, origin=table.origin)


def _value_run(names: list[str], first_free: int) -> int:
    """How many figure columns follow the 三级 column in the header."""
    count = 0
    for name in names[first_free + 1 :]:
        if name not in _VALUE_COLUMNS:
            break
        count += 1
    return count


def rerow(tokens: list[Token], labels: LabelTable) -> list[Row]:
    """Rows rebuilt from cells in reading order (no title among them)."""
    return _Rower(labels, lambda _: False).run(_join_split_labels(tokens, labels))
