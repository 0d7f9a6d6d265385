"""A project table as the filing shows it, in plain data, for the reports that
draw it (the HTML filing view) or quote a cell (the XLSX cell context).

Made once per checked file, for the tables that have findings, while the
records are at hand; kept with the file's result (and its cache entry) as
JSON-ready lists, so a reporter never parses a filing again. The labels are
the ones findings name in ``location.field``, so a finding finds its cell.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from perfgoals.findings import Finding

if TYPE_CHECKING:
    from perfgoals.model import Amount, Filing, Indicator, ProjectTable

TableView = dict[str, Any]
MAX_CELL = 400  # characters kept of one cell: enough to recognise it, bounded

# Indicator grid columns: (field label, Indicator attribute); optional ones
# appear only where some row of the table has them.
GRID_COLUMNS: tuple[tuple[str, str], ...] = (
    ("一级指标", "level1"),
    ("二级指标", "level2"),
    ("三级指标", "level3"),
    ("绩效指标描述", "description"),
    ("指标性质", "nature"),
    ("指标值", "target"),
    ("计量单位", "unit"),
    ("指标值确定依据", "basis"),
    ("分值", "weight"),
    ("实际完成值", "actual"),
    ("得分", "score"),
    ("备注", "note"),
)
_ALWAYS = frozenset({"level1", "level2", "level3", "description", "target"})


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        value = format(value.normalize(), "f")
    text = str(value).strip()
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _amount(amount: Amount | None) -> str:
    return _cell(amount.raw) if amount is not None else ""


def _grid(indicators: list[Indicator]) -> tuple[list[str], list[list[Any]]]:
    columns = [
        (label, name)
        for label, name in GRID_COLUMNS
        if name in _ALWAYS or any(getattr(ind, name) not in (None, "") for ind in indicators)
    ]
    rows: list[list[Any]] = []
    for ind in indicators:
        horizon = {"annual": "年度", "long_term": "长期"}.get(ind.horizon or "", "")
        rows.append([ind.row, horizon, *(_cell(getattr(ind, name)) for _, name in columns)])
    return [label for label, _ in columns], rows


def _goals(table: ProjectTable) -> str:
    if table.goals:
        return "\n".join(_cell(goal.text) for goal in table.goals)
    return _cell(table.goals_text)


def table_view(table: ProjectTable) -> TableView:
    """One table: its head fields, the spending plan, the goals and the grid."""
    fields = [
        ["项目名称", _cell(table.project_name)],
        ["项目编码", _cell(table.project_code)],
        ["预算数", _amount(table.budget)],
        ["财政资金", _amount(table.fiscal_funds)],
        ["其他资金", _amount(table.other_funds)],
    ]
    if table.total_budget is not None:
        fields.append(["项目总预算", _amount(table.total_budget)])
    if table.purpose is not None:
        fields.append(["资金用途", _cell(table.purpose)])
    if table.period is not None:
        fields.append(["实施期", _cell(table.period)])
    plan = (
        [[point.label, _cell(point.raw)] for point in table.spending_plan.points]
        if table.spending_plan is not None
        else []
    )
    columns, rows = _grid(table.indicators or [])
    return {
        "part": table.part,
        "table": table.table_number,
        "title": _cell(table.title),
        "unit": _cell(table.unit_name),
        "money_unit": _cell(table.money_unit),
        "fields": fields,
        "plan": plan,
        "goals": _goals(table),
        "columns": columns,
        "rows": rows,
    }


def table_views(filing: Filing, findings: Iterable[Finding]) -> list[TableView]:
    """Views of the tables that have findings, in filing order."""
    wanted = {
        (f.location.part, f.location.table) for f in findings if f.location.table is not None
    }
    return [
        table_view(table)
        for table in filing.tables
        if (table.part, table.table_number) in wanted
    ]


def view_key(view: TableView) -> tuple[int | None, int | None]:
    return view.get("part"), view.get("table")


def cell_context(finding: Finding, views: dict[tuple[int | None, int | None], TableView]
                 ) -> tuple[str | None, str | None]:
    """The finding's row's 三级 name (or description) and the value at fault."""
    loc = finding.location
    view = views.get((loc.part, loc.table))
    if view is None:
        return None, None
    if loc.indicator_row is not None:
        columns: list[str] = view["columns"]
        for row in view["rows"]:
            if row[0] != loc.indicator_row:
                continue
            cells = dict(zip(columns, row[2:], strict=False))
            name = cells.get("三级指标") or cells.get("绩效指标描述") or None
            value = cells.get(loc.field or "指标值", cells.get("指标值"))
            return name, value or None
        return None, None
    for label, value in view["fields"]:
        if label == loc.field:
            return None, value or None
    if loc.field == "资金支出计划" and view["plan"]:
        return None, "、".join(f"{label} {value}" for label, value in view["plan"])
    if loc.field == "绩效目标":
        return None, view["goals"] or None
    return None, None
