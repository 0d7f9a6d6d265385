"""Write samples/dingzhou-2020.docx from the text export, laid out as Word lays
such filings out (7-column grid, gridSpan/vMerge, TC-field titles, split runs).

    python scripts/make_sample_docx.py [SOURCE.txt] [TARGET.docx]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from perfgoals.model import Filing  # noqa: E402
from perfgoals.pipeline import load_filing  # noqa: E402

from gen.docx_writer import to_docx  # noqa: E402
from gen.spec import FilingSpec, IndicatorSpec, RenderOptions, TableSpec  # noqa: E402


def spec_from_filing(filing: Filing) -> FilingSpec:
    """The generator's description of a parsed filing (all text as printed)."""
    department: list[str] = []
    if filing.department is not None:
        for section in filing.department.sections:
            department.append(section.heading)
            department.extend(section.paragraphs)
    tables = []
    for table in filing.tables:
        plan = table.spending_plan
        unit = f"{table.unit_code or ''}{table.unit_name or ''}"
        tables.append(
            TableSpec(
                part=table.part,
                number=table.number,
                name=table.project_name or "",
                code=table.project_code or "",
                name_label=table.name_label or "项目名称",
                unit_header=unit,
                money_unit=table.money_unit or "万元",
                budget=table.budget.raw if table.budget else "",
                fiscal_funds=table.fiscal_funds.raw if table.fiscal_funds else "",
                other_funds=table.other_funds.raw if table.other_funds else "",
                purpose=table.purpose or "",
                plan_labels=tuple(p.label for p in plan.points) if plan else (),
                plan=tuple(p.raw for p in plan.points) if plan else (),
                goals=table.goals_text or "",
                indicators=tuple(
                    IndicatorSpec(
                        level1=i.level1,
                        level2=i.level2,
                        level3=i.level3 or "",
                        description=i.description or "",
                        target=i.target or "",
                        basis=i.basis or "",
                    )
                    for i in table.indicators or []
                ),
                title=table.title,
            )
        )
    return FilingSpec(tables=tuple(tables), department_text=tuple(department))


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "samples" / "dingzhou-2020.txt"
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else source.with_suffix(".docx")
    spec = spec_from_filing(load_filing(source))
    to_docx(spec, target, RenderOptions(level1_merged=False))


if __name__ == "__main__":
    main()
