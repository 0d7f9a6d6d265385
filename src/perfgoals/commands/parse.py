"""``perfgoals parse``: what the parser understood, as JSON or a tree."""

from __future__ import annotations

import sys
from pathlib import Path

from perfgoals.errors import UnreadableFileError
from perfgoals.model import Filing


def run_parse(path: Path, format: str, lang: str) -> int:
    from perfgoals.pipeline import load_filing
    from perfgoals.runner import display_path

    try:
        filing = load_filing(path, display_path(path))
    except UnreadableFileError as exc:
        sys.stderr.write(f"perfgoals: {path}: {exc.message(lang)}\n")
        return 1
    if format == "json":
        sys.stdout.write(filing.model_dump_json(indent=2) + "\n")
    else:
        print_tree(filing)
    return 0


def _absent(value: object) -> str:
    return "[dim italic]（无此栏目 / absent）[/dim italic]" if value is None else ""


def print_tree(filing: Filing) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.tree import Tree

    kinds = {
        "goal": "绩效目标表",
        "approval": "绩效目标审批表",
        "self_evaluation": "绩效自评表",
        "unknown": "未识别",
    }
    root = Tree(
        f"[bold]{escape(filing.path)}[/bold]  {kinds[filing.kind]} ({filing.kind})  "
        f"{filing.source_format}  {len(filing.tables)} 张表"
    )
    if filing.unit_code or filing.unit_name:
        root.add(f"单位 unit: {escape(filing.unit_code or '')} {escape(filing.unit_name or '')}")
    if filing.department is not None:
        part1 = root.add("第一部分 部门整体绩效目标")
        for section in filing.department.sections:
            part1.add(f"{escape(section.heading)} [dim]({len(section.paragraphs)} 段)[/dim]")
    for table in filing.tables:
        heading = f"第{table.part}部分 " if table.part else ""
        node = root.add(
            f"[bold]{heading}表 {table.table_number}[/bold] {escape(table.project_name or table.title_name or '')}"
        )
        rows: list[tuple[str, object]] = [
            ("项目编码 project_code", table.project_code),
            ("项目名称 project_name", table.project_name),
            ("金额单位 money_unit", table.money_unit),
            ("预算数 budget", table.budget.raw if table.budget else None),
            ("财政资金 fiscal_funds", table.fiscal_funds.raw if table.fiscal_funds else None),
            ("其他资金 other_funds", table.other_funds.raw if table.other_funds else None),
            ("资金用途 purpose", table.purpose),
        ]
        for label, value in rows:
            node.add(f"{label}: {escape(str(value)) if value is not None else ''}{_absent(value)}")
        plan = table.spending_plan
        if plan is None:
            node.add(f"资金支出计划 spending_plan: {_absent(None)}")
        else:
            node.add(
                "资金支出计划 spending_plan: "
                + escape("  ".join(f"{p.label}={p.raw or '—'}" for p in plan.points))
            )
        if table.goals is None:
            node.add(f"绩效目标 goals: {_absent(None)}")
        else:
            goals = node.add("绩效目标 goals")
            for goal in table.goals:
                goals.add(escape(f"{goal.number if goal.number is not None else '·'}、{goal.text}"))
        if table.indicators is None:
            node.add(f"绩效指标 indicators: {_absent(None)}")
        else:
            grid = node.add(f"绩效指标 indicators ({len(table.indicators)})")
            for ind in table.indicators:
                cells = [ind.level1, ind.level2, ind.level3, ind.description, ind.target, ind.basis]
                grid.add(escape(" | ".join("∅" if c is None else c for c in cells)))
    Console(highlight=False, soft_wrap=True).print(root)
