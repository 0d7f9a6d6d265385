"""Hand-made findings and runs for the reporter tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from perfgoals.findings import FileResult, Finding, Location, make_fingerprint
from perfgoals.rules.registry import get_rule

from .defects import funding_mismatch, plan_decreasing
from gen.docx_writer import to_docx
from gen.filings import CLEAN_FILINGS
from gen.text_writer import to_text


def finding(
    rule: str = "PG201",
    message: str = "预算数 12.00 ≠ 财政资金 10.00 + 其他资金 1.00",
    path: str = "filings/a.docx",
    severity: str | None = None,
    key: str | None = None,
    **where: object,
) -> Finding:
    """A finding as the engine would make it; ``where`` overrides the location."""
    spec = get_rule(rule)
    assert spec is not None
    fields: dict[str, object] = {
        "part": 3,
        "table": 5,
        "project_code": "434-0101-JBN-A8CL",
        "project_name": "房地产遗留问题专班",
        "field": "预算数",
        "indicator_row": None,
        "line": None,
    }
    fields.update(where)
    location = Location(**fields)  # type: ignore[arg-type]
    return Finding(
        rule=rule,
        name=spec.name,
        severity=severity or spec.severity,
        message=message,
        location=location,
        fingerprint=make_fingerprint(rule, path, location, key),
    )


def file_result(path: str, *findings: Finding, status: str = "ok", tables: int = 3) -> FileResult:
    return FileResult(path=path, status=status, tables=tables, findings=list(findings))


@contextmanager
def working_folder(folder: Path) -> Iterator[Path]:
    """Reporters name paths relative to the working folder's repository."""
    previous = Path.cwd()
    os.chdir(folder)
    try:
        yield folder
    finally:
        os.chdir(previous)


def write_fixture_folder(folder: Path) -> Path:
    """Clean and defective filings in both formats, Chinese and spaced names,
    and an unreadable file: the shapes a bureau's repository holds."""
    education, options = CLEAN_FILINGS["county-education"]
    health, health_options = CLEAN_FILINGS["health-commission"]
    county = folder / "县教育局 2024"
    county.mkdir(parents=True)
    to_docx(education, county / "绩效目标表.docx", options)
    to_docx(funding_mismatch(education), county / "资金 不符.docx", options)
    (county / "资金 不符.txt").write_text(to_text(funding_mismatch(education)), encoding="utf-8")
    (folder / "health").mkdir()
    (folder / "health" / "plan#1.txt").write_text(to_text(plan_decreasing(health)), encoding="utf-8")
    to_docx(health, folder / "health" / "clean.docx", health_options)
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    return folder
