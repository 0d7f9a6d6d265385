"""``perfgoals parse``: what the parser understood, as JSON or a tree.

The tree names every field of the records; a field the layout does not have
(``None``) is shown as absent, a blank cell as empty, so a reviewer can tell a
template without a project code from a filer who left it blank.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from perfgoals.errors import UnreadableFileError
from perfgoals.model import Amount, Filing, Indicator, ProjectTable

if TYPE_CHECKING:
    from rich.tree import Tree

T = TypeVar("T")

KIND_NAMES = {
    "goal": "绩效目标表",
    "approval": "绩效目标审批表",
    "self_evaluation": "绩效自评表",
    "unknown": "未识别",
}
ABSENT = "[dim italic]（无此栏目 / absent）[/dim italic]"
# In a table whose rows were rebuilt from its labels a field not read may
# still be in the text: it was not found, which is not "absent".
NOT_FOUND = "[dim italic]（未找到，请核对原文 / not found, check the text）[/dim italic]"
# Fields a filing is expected to have: those not found are listed up front.
_KEY_FIELDS = (
    ("project_name", "项目名称"),
    ("budget", "预算数"),
    ("goals", "绩效目标"),
    ("indicators", "绩效指标"),
)
HORIZONS = {"long_term": "长期", "annual": "年度", None: ""}
# Indicator columns in the order templates print them: (field, label).
INDICATOR_COLUMNS = (
    ("level1", "一级指标"),
    ("level2", "二级指标"),
    ("level3", "三级指标"),
    ("description", "绩效指标描述"),
    ("nature", "指标性质"),
    ("direction", "指标方向"),
    ("target", "指标值"),
    ("unit", "计量单位"),
    ("actual", "实际完成值"),
    ("weight", "分值"),
    ("score", "得分"),
    ("basis", "指标值确定依据"),
    ("deviation", "偏差原因"),
    ("note", "备注"),
)


def run_parse(path: Path, format: str, lang: str) -> int:
    from perfgoals.pipeline import load_filing_or_reason
    from perfgoals.runner import display_path

    try:
        filing = load_filing_or_reason(path, display_path(path))
    except UnreadableFileError as exc:
        sys.stderr.write(f"perfgoals: {path}: {exc.message(lang)}\n")
        return 1
    if format == "json":
        from perfgoals.records_io import filing_json

        sys.stdout.write(filing_json(filing) + "\n")
    else:
        print_tree(filing)
    return 0


def _absent(value: object) -> str:
    return ABSENT if value is None else ""


def _amount(amount: Amount | None) -> str | None:
    if amount is None:
        return None
    unit = f" [dim]({amount.unit})[/dim]" if amount.unit and amount.raw.strip() else ""
    return f"{_escape(amount.raw)}{unit}"


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _field(
    node: Tree, label: str, value: str | None, missing: str = ABSENT, line: int | None = None
) -> None:
    where = f" [dim]· 第{line}行 line {line}[/dim]" if line is not None and value is not None else ""
    node.add(f"{label}: {value if value is not None else missing}{where}")


def print_tree(filing: Filing) -> None:
    from rich.console import Console
    from rich.tree import Tree

    root = Tree(
        f"[bold]{_escape(filing.path)}[/bold]  {KIND_NAMES[filing.kind]} ({filing.kind})  "
        f"{filing.source_format}  {len(filing.tables)} 张表"
    )
    _recognised(root, filing)
    if filing.unit_code or filing.unit_name:
        root.add(f"单位 unit: {_escape(filing.unit_code or '')} {_escape(filing.unit_name or '')}")
    if filing.department is not None:
        part1 = root.add("第一部分 部门整体绩效目标")
        for section in filing.department.sections:
            part1.add(f"{_escape(section.heading)} [dim]({len(section.paragraphs)} 段)[/dim]")
    for table in filing.tables:
        _table(root, table)
    if filing.notes:
        notes = root.add("[dim]解析说明 notes[/dim]")
        for note in filing.notes:
            notes.add(f"[dim]{_escape(note)}[/dim]")
    console = Console(highlight=False, soft_wrap=True)
    if not console.is_terminal:
        console.width = 1000  # a pipe or a file gets whole lines, never cropped ones
    console.print(root)


_SHAPES = {
    "tab": "Word 导出的文本，一格一行，TAB 开头 / Word text export (TAB cells)",
    "pipe": "用 | 分隔单元格的网页表格 / web table with | between cells",
    "cells": "一格一行或一行一段的文本 / one cell or one row per line",
}


def _recognised(root: Tree, filing: Filing) -> None:
    """What the reader recognised: the document kind, the shape of the text,
    and for each table whether it was read as laid out or rebuilt from labels."""
    node = root.add("识别情况 recognised")
    node.add(f"文件类型 kind: {KIND_NAMES[filing.kind]} ({filing.kind})")
    layout = next(
        (n.removeprefix("text layout: ") for n in filing.notes if n.startswith("text layout: ")),
        None,
    )
    shape = _SHAPES.get(layout or "", layout) if layout else filing.source_format
    node.add(f"形态 shape: {_escape(shape or '')}")
    for table in filing.tables:
        how = (
            "按模板读取 read as laid out"
            if table.recognised
            else "单元格边界已丢失，按栏目名称恢复 rows rebuilt from the labels"
        )
        found = "、".join(sorted(table.field_sources)) or "—"
        branch = node.add(
            f"表 {table.table_number}: {how}; 按栏目名称找到 fields found by label: {_escape(found)}"
        )
        missing = [
            f"{label} {name}" for name, label in _KEY_FIELDS if getattr(table, name) in (None, [])
        ]
        if missing and not table.recognised:
            branch.add(
                f"未找到 not found: {'、'.join(missing)} — 表格结构是推断的，只作提示（PG008），"
                "不报缺少栏目 / the layout was inferred: reported at info (PG008), not as missing"
            )
        elif missing:
            branch.add(
                f"未找到 not found: {'、'.join(missing)} — 原文若有此栏目，其栏目名称未被识别"
                " / where the text has it, its label was not recognised"
            )


def _text(value: str | None) -> str | None:
    return _escape(value) if value is not None else None


def _table(root: Tree, table: ProjectTable) -> None:
    heading = f"第{table.part}部分 " if table.part else ""
    node = root.add(
        f"[bold]{heading}表 {table.table_number}[/bold] "
        f"{_escape(table.project_name or table.title_name or '')}"
    )
    unit = None
    if table.unit_code is not None or table.unit_name is not None:
        unit = _escape(f"{table.unit_code or ''} {table.unit_name or ''}".strip())
    missing = ABSENT if table.recognised else NOT_FOUND
    fields: list[tuple[str, str | None]] = [
        ("表题 title", _text(table.title)),
        ("单位 unit", unit),
        ("项目编码 project_code", _text(table.project_code)),
        ("项目名称 project_name", _text(table.project_name)),
        ("金额单位 money_unit", table.money_unit),
        ("预算数 budget", _amount(table.budget)),
        ("财政资金 fiscal_funds", _amount(table.fiscal_funds)),
        ("其他资金 other_funds", _amount(table.other_funds)),
        ("项目总预算 total_budget", _amount(table.total_budget)),
        ("上级资金 superior_funds", _amount(table.superior_funds)),
        ("上年结转资金 carryover_funds", _amount(table.carryover_funds)),
        ("全年执行数 executed", _amount(table.executed)),
        ("资金用途 purpose", _text(table.purpose)),
        ("实施期 period", _text(table.period)),
    ]
    for label, value in fields:
        source = table.field_sources.get(label.rsplit(" ", 1)[-1])
        _field(node, label, value, missing, source.line if source is not None else None)
    plan = table.spending_plan
    _field(
        node,
        "资金支出计划 spending_plan",
        None
        if plan is None
        else _escape("  ".join(f"{p.label}={p.raw or '—'}" for p in plan.points)),
        missing,
    )
    _list(
        node,
        "实施进度 milestones",
        table.milestones,
        lambda m: _escape(f"{m.task}  {m.start or '—'} → {m.end or '—'}"),
        missing,
    )
    _list(
        node,
        "绩效目标 goals",
        table.goals,
        lambda g: _escape(
            f"{'[' + HORIZONS[g.horizon] + '] ' if g.horizon else ''}"
            f"{g.number if g.number is not None else '·'}、{g.text}"
        ),
        missing,
    )
    _field(node, "实际完成情况 goals_achieved", _text(table.goals_achieved), missing)
    _indicators(node, table.indicators, missing)


def _list(
    node: Tree,
    label: str,
    items: Sequence[T] | None,
    line: Callable[[T], str],
    missing: str = ABSENT,
) -> None:
    if items is None:
        _field(node, label, None, missing)
        return
    branch = node.add(f"{label} ({len(items)})")
    for item in items:
        branch.add(line(item))


def _indicators(node: Tree, indicators: list[Indicator] | None, missing: str = ABSENT) -> None:
    if indicators is None:
        _field(node, "绩效指标 indicators", None, missing)
        return
    grid = node.add(f"绩效指标 indicators ({len(indicators)})")
    present = [
        (name, label)
        for name, label in INDICATOR_COLUMNS
        if any(getattr(ind, name) is not None for ind in indicators)
    ]
    absent = [
        f"{label} {name}"
        for name, label in INDICATOR_COLUMNS
        if all(getattr(ind, name) is None for ind in indicators)
    ]
    grid.add("[dim]栏目 columns: " + " | ".join(f"{label}" for _, label in present) + "[/dim]")
    if absent:
        grid.add(f"{'、'.join(absent)}: {ABSENT}")
    for ind in indicators:
        cells = []
        for name, _ in present:
            value = getattr(ind, name)
            cells.append("∅" if value is None else str(value))
        horizon = f"[{HORIZONS[ind.horizon]}] " if ind.horizon else ""
        grid.add(_escape(f"{ind.row}. {horizon}" + " | ".join(cells)))
