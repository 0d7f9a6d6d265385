"""Review copies: a filing with its findings as Word comments on the cells at fault.

A .docx gets its comments in place, every other part of it kept byte for
byte. Any other input (a text export, a workbook, a legacy Word file, and
whatever further readers give a Grid) becomes a Word document of its parsed
paragraphs and tables, with the comments on that.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from perfgoals.findings import Finding
from perfgoals.read.limits import DEFAULT_LIMITS, Limits

DEFAULT_AUTHOR = "perfgoals"


@dataclass(frozen=True)
class AnnotatedCopy:
    data: bytes
    comments: int
    in_place: bool  # the input's own document, not a Word document made from its tables
    suffix: str = ".docx"  # ".docx", or ".xlsx" for a workbook with cell comments


def annotate_bytes(
    data: bytes,
    name: str,
    findings: Sequence[Finding],
    author: str = DEFAULT_AUTHOR,
    limits: Limits = DEFAULT_LIMITS,
    prefer: str | None = None,
) -> AnnotatedCopy:
    """The annotated copy of an input given as bytes (``name`` only words messages
    and picks a converter). A workbook keeps its form with cell comments unless
    ``prefer`` is ``".docx"``. Raises UnreadableFileError for a file that cannot
    be read."""
    from perfgoals.annotate.fromgrid import grid_document, grid_notes, grid_slots
    from perfgoals.annotate.places import docx_notes
    from perfgoals.annotate.text import initials_of
    from perfgoals.annotate.wordxml import annotate_package
    from perfgoals.builder import build_filing
    from perfgoals.read import read_bytes

    grid = read_bytes(data, name, limits)
    filing = build_filing(grid, name)
    initials = initials_of(author)
    if grid.source_format == "docx" and _is_word_package(data):
        copy, count = annotate_package(
            data, lambda document: docx_notes(document, findings, filing), author, initials, limits
        )
        return AnnotatedCopy(copy, count, True)
    slots = grid_slots(grid, findings, filing)
    if grid.source_format == "xlsx" and prefer != ".docx" and _is_workbook_package(data):
        from perfgoals.annotate.sheetxml import annotate_workbook

        copy, count = annotate_workbook(data, grid, slots, findings, author, limits)
        return AnnotatedCopy(copy, count, True, ".xlsx")
    made = grid_document(grid, Path(name).name)
    copy, count = annotate_package(
        made, lambda document: grid_notes(document, slots, findings), author, initials, limits
    )
    return AnnotatedCopy(copy, count, False)


def _names(data: bytes) -> set[str]:
    import io

    if not data.startswith(b"PK"):
        return set()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return set()


def _is_word_package(data: bytes) -> bool:
    """A zip whose main part is a Word document (not OpenDocument, not a workbook)."""
    names = _names(data)
    return "[Content_Types].xml" in names and "xl/workbook.xml" not in names and "mimetype" not in names


def _is_workbook_package(data: bytes) -> bool:
    names = _names(data)
    return "[Content_Types].xml" in names and "_rels/.rels" in names and "mimetype" not in names
