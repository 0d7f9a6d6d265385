"""Where a finding is, in the words the CI reporters share: the file's path
relative to the repository, the line, and the table/project/field label.

Kept free of pydantic and lxml so reporters stay light.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from perfgoals.findings import Finding, Location

_WORDS = {
    "zh": {"table": "表 {table}", "part": "第{part}部分", "row": "指标第{row}行",
           "word_table": "Word 第{n}个表格", "word_row": "第{n}行", "word_column": "第{n}列"},
    "en": {"table": "table {table}", "part": "part {part}", "row": "indicator row {row}",
           "word_table": "Word table {n}", "word_row": "row {n}", "word_column": "column {n}"},
}


def word_cell(location: Location, lang: str) -> str | None:
    """Where the cell is in Word: ``Word 第12个表格 第3行 第2列``; None for a
    text export (its place is the line)."""
    if location.source_table is None:
        return None
    words = _WORDS.get(lang, _WORDS["en"])
    parts = [words["word_table"].format(n=location.source_table)]
    if location.source_row is not None:
        parts.append(words["word_row"].format(n=location.source_row))
    if location.source_column is not None:
        parts.append(words["word_column"].format(n=location.source_column))
    return (" " if lang == "zh" else ", ").join(parts)


def line_of(location: Location) -> int:
    """The 1-based line; a .docx has no lines, so its findings point at line 1."""
    return location.line if location.line is not None else 1


def place_label(location: Location, lang: str, with_field: bool = False) -> str:
    """``表 5 434-0101-JBN-A8CL`` (and the field with ``with_field``); empty for
    findings about the whole filing."""
    words = _WORDS.get(lang, _WORDS["en"])
    parts: list[str] = []
    if location.table is not None:
        parts.append(words["table"].format(table=location.table))
    project = location.project_code or location.project_name
    if project:
        parts.append(project)
    if with_field and location.field:
        parts.append(location.field)
    if with_field and location.indicator_row is not None:
        parts.append(words["row"].format(row=location.indicator_row))
    cell = word_cell(location, lang)
    if cell:
        parts.append(cell)
    return " ".join(parts)


def logical_parts(location: Location, lang: str) -> list[str]:
    """Part, table, project, field and indicator row, outermost first."""
    words = _WORDS.get(lang, _WORDS["en"])
    parts: list[str] = []
    if location.part is not None:
        parts.append(words["part"].format(part=location.part))
    if location.table is not None:
        parts.append(words["table"].format(table=location.table))
    project = location.project_code or location.project_name
    if project:
        parts.append(project)
    if location.field:
        parts.append(location.field)
    if location.indicator_row is not None:
        parts.append(words["row"].format(row=location.indicator_row))
    cell = word_cell(location, lang)
    if cell:
        parts.append(cell)
    return parts


def with_place(message: str, location: Location, lang: str, with_field: bool = False) -> str:
    label = place_label(location, lang, with_field)
    return f"{message} ({label})" if label else message


def unique_fingerprints(findings: Iterable[Finding]) -> list[str]:
    """Each finding's structural fingerprint, with ``-2``, ``-3``… added to the
    second and later findings that share one, so every value is unique while
    the first occurrence keeps the plain fingerprint a baseline records."""
    seen: Counter[str] = Counter()
    unique: list[str] = []
    for finding in findings:
        seen[finding.fingerprint] += 1
        count = seen[finding.fingerprint]
        unique.append(finding.fingerprint if count == 1 else f"{finding.fingerprint}-{count}")
    return unique


def repository_root(start: Path | None = None) -> Path:
    """The enclosing git work tree, else the working folder.

    CI services resolve report paths against the repository root, and a
    check may run from a subfolder.
    """
    folder = Path(os.path.abspath(start or Path.cwd()))
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


def repository_path(display: str, root: Path) -> str | None:
    """``display`` (relative to the working folder) relative to ``root``, POSIX;
    None when the file lies outside ``root``."""
    absolute = Path(os.path.abspath(Path.cwd() / display))
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return None


def ci_path(display: str, root: Path) -> str:
    """The path CI annotations name: repository-relative where possible."""
    relative = repository_path(display, root)
    return relative if relative is not None else display.replace("\\", "/")
