"""The records a filing is parsed into: the single source of the data's shape.

Conventions:
- A field the layout does not have is ``None`` (absent); a field the layout has
  but the filer left blank is an empty string or an empty list. Rules tell the
  two apart: absent fields are never reported as missing.
- Amounts and percentages are ``Decimal`` with the printed text kept in ``raw``.
- Every record carries ``source``: where it stands in the input file. Two
  exports of the same filing give the same records once ``source`` is dropped.
- Records are plain slotted dataclasses: the builder makes some ten thousand
  per filing, and its values are typed already, so validating them (or
  importing Pydantic on every ``check``) would cost more than reading the file.
  Pydantic reads these same classes, through ``perfgoals.records_io``, for the
  JSON Schema, the ``parse`` JSON output and the tests' strict validation of
  every filing the builder makes: field descriptions live in each field's
  ``metadata`` and class docstrings describe the records there, so there is one
  definition of the data's shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar, Literal

SCHEMA_VERSION = 1

MoneyUnit = Literal["万元", "元"]
DocumentKind = Literal["goal", "approval", "self_evaluation", "unknown"]
SourceFormat = Literal["docx", "text", "xlsx", "xls", "ods", "spreadsheetml", "pdf", "html"]


class Record:
    """The base of every record. It holds only Pydantic's config, read when
    ``perfgoals.records_io`` builds its adapter: a key that is not a field is
    an error, and a record given to the validator is checked field by field
    rather than trusted because it is an instance already."""

    __slots__ = ()
    __pydantic_config__: ClassVar[dict[str, Any]] = {
        "extra": "forbid",
        "revalidate_instances": "always",
    }


@dataclass(slots=True, kw_only=True)
class Source(Record):
    """Where a record stands in the input file.

    ``line`` is the 1-based line in a text export (``None`` for .docx);
    ``docx_table``/``row``/``cell`` are 0-based positions in a .docx body
    (``cell`` counts the row's ``w:tc``); ``column`` is the cell's 0-based
    grid column (where ``gridBefore`` and spans are counted), set for cells
    of a table read from a binary document, ``None`` for text exports.
    ``columns``, for a row of the indicator grid, is the grid column of each
    of its fields' cells (``target``, ``description`` …).
    """

    line: int | None = None
    docx_table: int | None = None
    row: int | None = None
    cell: int | None = None
    column: int | None = None
    columns: dict[str, int] | None = None


@dataclass(slots=True, kw_only=True)
class Amount(Record):
    """A sum of money as printed, its value, and the unit it is in."""

    raw: str
    value: Decimal | None = field(
        metadata={"description": "None when raw is empty or not a number"}
    )
    unit: MoneyUnit | None = None
    source: Source = field(default_factory=Source)


@dataclass(slots=True, kw_only=True)
class PlanPoint(Record):
    """One checkpoint of the cumulative spending plan (e.g. 6月底: 50.00)."""

    key: str = field(metadata={"description": "mar, jun, oct, dec; q1..q4; or m1..m12"})
    label: str
    raw: str
    value: Decimal | None
    source: Source = field(default_factory=Source)


@dataclass(slots=True, kw_only=True)
class SpendingPlan(Record):
    points: list[PlanPoint]
    source: Source = field(default_factory=Source)

    def values(self) -> list[Decimal | None]:
        return [p.value for p in self.points]


@dataclass(slots=True, kw_only=True)
class Goal(Record):
    """One item of a 绩效目标 list (``1、编撰年鉴`` → number 1, text 编撰年鉴)."""

    number: int | None
    text: str
    horizon: Literal["annual", "long_term"] | None = None
    source: Source = field(default_factory=Source)


@dataclass(slots=True, kw_only=True)
class Indicator(Record):
    """One row of the indicator grid (一级/二级/三级指标 …).

    Optional columns (unit, direction, nature, weight, note, and the
    self-evaluation columns actual, score, deviation) are ``None`` where the
    layout has no such column. Where 长期 and 年度 indicators stand side by side
    in one grid row, each becomes its own Indicator with its ``horizon``.
    """

    row: int = field(metadata={"description": "1-based row within the table's indicator grid"})
    level1: str
    level2: str
    level3: str | None
    description: str | None
    target: str | None
    basis: str | None = None
    unit: str | None = None
    direction: str | None = None
    weight: Decimal | None = None
    note: str | None = None
    horizon: Literal["annual", "long_term"] | None = None
    nature: str | None = field(
        default=None, metadata={"description": "指标性质 as written: a comparator (≥ ≤ =) or 定性"}
    )
    actual: str | None = field(
        default=None, metadata={"description": "实际完成值 of a self-evaluation; never a target"}
    )
    score: Decimal | None = field(
        default=None, metadata={"description": "得分 of a self-evaluation"}
    )
    deviation: str | None = field(
        default=None, metadata={"description": "偏差原因分析及改进措施 of a self-evaluation"}
    )
    source: Source = field(default_factory=Source)


@dataclass(slots=True, kw_only=True)
class Milestone(Record):
    """One step of an 实施进度 plan (task, start, end), where a template has one
    instead of a percentage spending plan."""

    task: str
    start: str | None = None
    end: str | None = None
    source: Source = field(default_factory=Source)


@dataclass(slots=True, kw_only=True)
class ProjectTable(Record):
    """One project's or fund's 绩效目标表."""

    part: int | None = field(
        metadata={"description": "1, 2 or 3 as in 第一/二/三部分; None without parts"}
    )
    number: int | None = field(metadata={"description": "the number printed in the title (N、…)"})
    position: int = field(metadata={"description": "1-based position within its part"})
    title: str | None
    title_name: str | None = field(
        default=None, metadata={"description": "the project named in the title"}
    )
    unit_code: str | None = None
    unit_name: str | None = None
    money_unit: MoneyUnit | None = None
    project_code: str | None = None
    project_name: str | None = None
    name_label: str | None = field(
        default=None, metadata={"description": "项目名称 / 专项资金名称 …"}
    )
    budget: Amount | None = field(
        default=None,
        metadata={"description": "the year's budget: 预算数, 年度资金总额, 当年年度预算 …"},
    )
    fiscal_funds: Amount | None = None
    other_funds: Amount | None = None
    total_budget: Amount | None = field(
        default=None,
        metadata={"description": "项目总预算: the whole implementation period's budget"},
    )
    superior_funds: Amount | None = field(default=None, metadata={"description": "上级资金"})
    carryover_funds: Amount | None = field(default=None, metadata={"description": "上年结转资金"})
    executed: Amount | None = field(
        default=None, metadata={"description": "全年执行数 of a self-evaluation"}
    )
    purpose: str | None = None
    period: str | None = field(
        default=None, metadata={"description": "实施期 / 项目期限 as written"}
    )
    spending_plan: SpendingPlan | None = None
    milestones: list[Milestone] | None = field(
        default=None, metadata={"description": "实施进度 steps, where the template has them"}
    )
    goals: list[Goal] | None = None
    goals_text: str | None = field(
        default=None,
        metadata={
            "description": "the goal cells as written; 长期 and 年度 cells joined by a line break"
        },
    )
    goals_achieved: str | None = field(
        default=None, metadata={"description": "实际完成情况 of a self-evaluation"}
    )
    indicators: list[Indicator] | None = None
    field_sources: dict[str, Source] = field(
        default_factory=dict, metadata={"description": "where each labelled field's value stands"}
    )
    recognised: bool = field(
        default=True,
        metadata={
            "description": "False where the table's shape had to be inferred (rows rebuilt from its "
            "labels) or part of it could not be placed: a field not found may then be there unread"
        },
    )
    source: Source = field(default_factory=Source)

    @property
    def table_number(self) -> int:
        """The number findings cite: the title's, else the position."""
        return self.number if self.number is not None else self.position

    def field_line(self, field: str) -> int | None:
        src = self.field_sources.get(field)
        return src.line if src is not None else self.source.line


@dataclass(slots=True, kw_only=True)
class DepartmentSection(Record):
    heading: str
    paragraphs: list[str]
    source: Source = field(default_factory=Source)


@dataclass(slots=True, kw_only=True)
class DepartmentGoals(Record):
    """第一部分 部门整体绩效目标: headed sections of prose."""

    sections: list[DepartmentSection]
    source: Source = field(default_factory=Source)


@dataclass(slots=True, kw_only=True)
class Filing(Record):
    """A whole document: the department part and its tables."""

    schema_version: int = SCHEMA_VERSION
    path: str
    source_format: SourceFormat
    encoding: str | None = None
    kind: DocumentKind = "unknown"
    unit_code: str | None = None
    unit_name: str | None = None
    department: DepartmentGoals | None = None
    tables: list[ProjectTable]
    notes: list[str] = field(
        default_factory=list, metadata={"description": "what the reader and builder noticed"}
    )
    filing_traces: list[str] = field(
        default_factory=list,
        metadata={
            "description": "where no table was read: the traces of a filing the text still shows "
            "(a table's title, category names), so that 'no filing here' and 'a filing whose "
            "layout was not recognised' are told apart"
        },
    )
