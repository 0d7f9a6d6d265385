"""The indicator grid: header columns by label, rows into Indicator records.

Column sets differ between templates (layouts.md "Indicator grid"); every
header cell is mapped by its label, and 长期/年度 columns side by side in one
row become one Indicator per horizon. Rows are mapped to columns by grid
position where the export kept every cell; where it lost cells (an HTML table
flattened without its rowspans, a one-cell-per-line export without its empty
cells) the 一级/二级 category names anchor the row, and a row that still
cannot be aligned is reported in the notes instead of being guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from perfgoals.builder.labels import Horizon, LabelTable
from perfgoals.builder.rowfacts import Column, RowFacts
from perfgoals.builder.values import parse_percent
from perfgoals.model import Indicator, Source
from perfgoals.read.grid import Cell, Row
from perfgoals.targets import parse_target

_TEXT_COLUMNS = ("level3", "description", "target", "basis")
_CATEGORY_COLUMNS = ("level1", "level2")
_CATEGORIES = frozenset(_CATEGORY_COLUMNS)
_HORIZON_ORDER: dict[Horizon | None, int] = {"long_term": 0, None: 1, "annual": 2}


def split_repeated(columns: Sequence[Column]) -> list[Column] | None:
    """Horizons for a header that repeats its columns with no 长期/年度 marker
    (一级 | 二级 | 三级 | 指标值 | 二级 | 三级 | 指标值), else None.

    Templates that put 实施期 and 年度 side by side put 实施期 first, as in
    their goal and funding blocks: the first set is read as 长期, the repeat
    as 年度, and the columns named once (一级) are shared.
    """
    if any(c.horizon is not None for c in columns):
        return None
    seen: set[str] = set()
    repeat_at = None
    for position, column in enumerate(columns):
        if column.name in seen:
            repeat_at = position
            break
        seen.add(column.name)
    if repeat_at is None:
        return None
    names = [c.name for c in columns]
    repeated = {name for name in names if names.count(name) > 1}
    split: list[Column] = []
    for position, column in enumerate(columns):
        if column.name not in repeated:
            split.append(column)
        else:
            horizon: Horizon = "long_term" if position < repeat_at else "annual"
            split.append(Column(column.start, column.end, column.name, horizon))
    return split


def is_header(columns: Sequence[Column]) -> bool:
    """A row of indicator column labels that opens a grid (needs a category column)."""
    if not columns:
        return False  # (most rows)
    names = {c.name for c in columns}
    return bool(names & _CATEGORIES) and (len(columns) >= 3 or names >= _CATEGORIES)


def _row_end(row: Row) -> int:
    return max((c.col + c.span for c in row.cells), default=0)


@dataclass
class _Group:
    """The columns of one horizon (shared 一级 columns belong to every group)."""

    horizon: Horizon | None
    columns: list[Column]
    last_level2: str = ""
    by_name: dict[str, Column] = field(init=False)

    def __post_init__(self) -> None:
        self.by_name = {c.name: c for c in self.columns}

    @property
    def names(self) -> set[str]:
        return {c.name for c in self.columns}


@dataclass
class GridParser:
    labels: LabelTable
    columns: list[Column]
    section_horizon: Horizon | None
    source_of: Callable[[Cell], Source]
    indicators: list[Indicator]
    notes: list[str] = field(default_factory=list)
    groups: list[_Group] = field(init=False)
    last_level1: str = field(default="", init=False)
    # The grid nests the 一级 names one column right (实施效果指标 | 产出指标 |
    # …): its 二级 column holds 产出指标/效益指标 under a wider 一级 of its own.
    nested: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        horizons = {c.horizon for c in self.columns} - {None}
        if len(horizons) > 1:
            ordered = sorted(horizons, key=lambda h: _HORIZON_ORDER[h])
            self.groups = [
                _Group(h, [c for c in self.columns if c.horizon in (h, None)]) for h in ordered
            ]
        else:
            horizon = next(iter(horizons), None) or self.section_horizon
            self.groups = [_Group(horizon, list(self.columns))]
        self.width = max(c.end for c in self.columns)
        self._covering: dict[int, list[Column]] = {}
        # The 一级/二级 columns, looked up in every row.
        self._categories = [c for c in self.columns if c.name in _CATEGORY_COLUMNS]
        self._level1 = [c.key for c in self._categories if c.name == "level1"]

    def _columns_at(self, col: int) -> list[Column]:
        """The columns covering a grid column, in header order (found once per column)."""
        covering = self._covering.get(col)
        if covering is None:
            covering = [c for c in self.columns if c.start <= col < c.end]
            self._covering[col] = covering
        return covering

    def ends_grid(self, row: Row, found: RowFacts) -> bool:
        """Another grid's header, a grid heading, or a field row after the grid."""
        texts = [
            facts
            for cell, facts in zip(row.cells, found.facts, strict=True)
            if cell.text and not cell.merged_above
        ]
        if not texts:
            return False
        if is_header(found.columns):
            return True
        first = texts[0]
        if len(texts) == 1 and first.grid_section:
            return True
        if first.category_levels:
            return False
        if any(facts.category_levels for facts in texts[1:3]):
            return False  # 绩效指标 written down the rows left of the grid: still the grid
        return bool(first.field or first.other)

    def add_row(self, row: Row, row_label: str) -> None:
        fields = self._map(row, row_label)
        if fields is None:
            return
        self._note_nesting(fields)
        level1 = next((fields[key].text for key in self._level1 if key in fields), "")
        continuation = not level1
        level1 = level1 or self.last_level1
        for group in self.groups:
            self._emit(group, fields, level1, continuation, row)
        self.last_level1 = level1

    def _note_nesting(self, fields: dict[str, Cell]) -> None:
        """A row whose 一级 cell is no category name and whose 二级 cell is a
        一级 name shows a grid that nests the usual 一级 names one level down."""
        texts = {c.name: fields[c.key].text for c in self._categories if c.key in fields}
        level1, level2 = texts.get("level1", ""), texts.get("level2", "")
        if level1 and level2 and not self.labels.category_levels(level1):
            self.nested = self.labels.category_levels(level2) == {1}

    def _emit(
        self,
        group: _Group,
        fields: dict[str, Cell],
        level1: str,
        continuation: bool,
        row: Row,
    ) -> None:
        by_name = group.by_name
        # Each column's text, read once: None where the layout has no such
        # column, "" where the row's cell is blank.
        texts = {
            name: cell.text if (cell := fields.get(column.key)) is not None else ""
            for name, column in by_name.items()
        }
        text = texts.get
        level2 = text("level2") or ""
        rest = [text(n) for n in _TEXT_COLUMNS]
        if not any(rest) and not level1 and not level2:
            return
        if not level2 and continuation:
            # A merged 二级 exports as a blank continuation cell (layouts.md).
            level2 = group.last_level2
        group.last_level2 = level2
        if not any(rest):
            return  # template padding: a category with nothing under it
        weight, score = text("weight"), text("score")
        first = row.cells[0] if row.cells else None
        for column in group.columns:
            if column.key in fields:
                first = fields[column.key]
                break
        self.indicators.append(
            Indicator(
                row=len(self.indicators) + 1,
                level1=level1,
                level2=level2,
                level3=text("level3"),
                description=text("description"),
                target=text("target"),
                basis=text("basis"),
                unit=text("unit"),
                direction=text("direction"),
                nature=text("nature"),
                weight=parse_percent(weight) if weight else None,
                note=text("note"),
                actual=text("actual"),
                score=parse_percent(score) if score else None,
                deviation=text("deviation"),
                horizon=group.horizon,
                source=self._row_source(by_name, fields, first),
            )
        )

    def _row_source(
        self, by_name: dict[str, Column], fields: dict[str, Cell], first: Cell | None
    ) -> Source:
        """The row's place, with the grid column of each field's cell."""
        if first is None:
            return Source()
        source = self.source_of(first)
        source.columns = {
            name: fields[column.key].col for name, column in by_name.items() if column.key in fields
        }
        return source

    def _map(self, row: Row, row_label: str) -> dict[str, Cell] | None:
        """The row's cells by column key; None when it cannot be aligned."""
        row = self._without_heading(row)
        if _row_end(row) >= self.width and not self._shifted_left(row):
            fields: dict[str, Cell] = {}
            for cell in row.cells:
                for column in self._columns_at(cell.col):
                    if column.key not in fields:
                        fields[column.key] = cell
                        break
            return fields
        return self._align_short(row, row_label)

    def _without_heading(self, row: Row) -> Row:
        """A row longer than the header that opens with a label (绩效指标 written
        down a merged cell left of the grid) without it: the label is no column."""
        cells = row.cells
        if len(cells) <= len(self.columns) or not cells[0].text:
            return row
        facts = self.labels.facts(cells[0].text)
        if facts.is_label and not facts.category_levels and facts.indicator_column is None:
            shift = cells[1].col - cells[0].col
            return Row(cells=[c._replace(col=c.col - shift) for c in cells[1:]], origin=row.origin)
        return row

    def _shifted_left(self, row: Row) -> bool:
        """A full-width row whose text starts left of where it belongs: a page
        flattened without its merged cells writes a continuation row's cells
        from the first column and pads the row's end with empty ones."""
        cells = [c for c in row.cells if not c.merged_above]
        if not cells or cells[-1].text or not cells[0].text or len(cells) < len(row.cells):
            return False  # (a row that marks its merged cells kept its columns)
        covering = self._columns_at(cells[0].col)
        if not covering or covering[0].name not in _CATEGORY_COLUMNS:
            return False
        levels = self.labels.category_levels(cells[0].text)
        # A 二级 name in the 一级 column stands left of its place too.
        return not levels or (covering[0].name == "level1" and 1 not in levels)

    def _align_short(self, row: Row, row_label: str) -> dict[str, Cell] | None:
        """A row that lost cells: category names anchor the 一级/二级 columns, the
        rest fill the columns after them where their content fits best."""
        ordered = sorted(self.columns, key=lambda c: c.start)
        cells = [c for c in row.cells if not c.merged_above]
        while cells and not cells[0].text:
            cells = cells[1:]  # blank lead cells carry nothing
        while cells and not cells[-1].text:
            cells = cells[:-1]  # nor do blank trailing ones (a row's padding)
        fields: dict[str, Cell] = {}
        remaining = list(ordered)
        for level, name in ((1, "level1"), (2, "level2")):
            if not cells:
                break
            levels = self.labels.category_levels(cells[0].text)
            if self.nested and levels == {1}:
                levels = frozenset({2})  # 效益指标 under the grid's own 一级
            if level == 1 and levels == {1, 2}:
                # 成本指标 names both: a 一级 only when a 二级 name follows it.
                follows = cells[1].text if len(cells) > 1 else ""
                levels = frozenset({1}) if 2 in self.labels.category_levels(follows) else levels
            if level not in levels or (level == 1 and 2 in levels):
                continue
            column = next((c for c in remaining if c.name == name), None)
            if column is None:
                break
            fields[column.key] = cells.pop(0)
            remaining = remaining[remaining.index(column) + 1 :]
        after_anchors = remaining
        remaining = [c for c in remaining if c.name not in _CATEGORY_COLUMNS or not fields]
        placed = _best_placement(cells, remaining, from_left=bool(fields))
        if placed is None and fields and len(self.groups) > 1:
            # Horizons side by side repeat the 二级 column: the later set's
            # category cell stands in the row after the first set's figures.
            placed = _best_placement(cells, after_anchors, from_left=True)
        if placed is None:
            self.notes.append(
                f"{row_label}: {len(cells)} 个单元格对不上 {len(remaining)} 个指标列，未能对齐，已跳过"
                f" / indicator row with {len(cells)} cells for {len(remaining)} columns "
                "could not be aligned; skipped"
            )
            return None
        fields.update({column.key: cell for column, cell in placed})
        return fields


def _best_placement(
    cells: list[Cell], columns: list[Column], from_left: bool
) -> list[tuple[Column, Cell]] | None:
    """Cells in order over a run of consecutive columns, where they fit best.

    Where the counts agree there is one way. Where cells are fewer, the lost
    ones are blank cells at the row's end when its categories were found in
    front (``from_left``): the cells must then suit the columns they land in.
    Otherwise the lost ones are merged categories in front, or blanks at the
    end: every offset is scored by how well each cell's content suits its
    column (a figure under 指标值, a comparator under 指标性质, a name under
    三级指标), and only a single best offset is taken.
    """
    if not cells:
        return []
    spare = len(columns) - len(cells)
    if spare < 0:
        return None
    if spare == 0:
        return list(zip(columns, cells, strict=True))

    def score(offset: int) -> int:
        return sum(
            _fit(column.name, cell.text)
            for column, cell in zip(columns[offset:], cells, strict=False)
        )

    if from_left:
        fits = all(
            _fit(column.name, cell.text) >= 0 for column, cell in zip(columns, cells, strict=False)
        )
        return list(zip(columns, cells, strict=False)) if fits else None
    scores = [score(offset) for offset in range(spare + 1)]
    best = max(scores)
    if best <= 0:
        return None
    tied = [offset for offset, value in enumerate(scores) if value == best]
    if len(tied) > 1:
        # A row that lost its merged category cells starts at its name: of
        # placements that fit alike, the one that starts under 三级指标.
        tied = [offset for offset in tied if columns[offset].name == "level3"]
        if len(tied) != 1:
            return None
    offset = tied[0]
    return list(zip(columns[offset:], cells, strict=False))


_NATURE_WORDS = frozenset(
    {"≥", "≤", "=", ">", "<", ">=", "<=", "＞", "＜", "定性", "定量", "正向", "反向",
     "正向指标", "反向指标", "大于等于", "小于等于", "等于", "大于", "小于"}
)  # fmt: skip


def _fit(column: str, text: str) -> int:
    """How well a cell's content suits a column: positive fits, negative clashes."""
    value = text.strip()
    if not value:
        return 0
    comparator = value in _NATURE_WORDS
    figure = any(ch.isdigit() for ch in value)
    if column in ("nature", "direction"):
        return 2 if comparator else -2
    if comparator:
        return -2
    if column in ("weight", "score"):
        return 2 if parse_percent(value) is not None else -1
    if column == "unit":
        return 1 if len(value) <= 6 and not figure else -2
    if column in ("target", "actual"):
        return 1 if figure else 0
    if column == "level3":
        if figure and _is_target(value):
            return -1  # a target where the name belongs
        return 1 if len(value) > 2 else 0
    return 0


def _is_target(text: str) -> bool:
    """Whether a cell is a target and nothing else (``≥95%``, ``2023年12月``)."""
    target = parse_target(text)
    return target.kind not in ("text", "empty") and not target.words
