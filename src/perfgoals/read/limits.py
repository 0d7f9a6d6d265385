"""Resource limits for reading one file, and their ``[limits]`` config keys.

Kept apart from the package reader so that reading a text export, and
loading the config, does not import zipfile and lxml.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING

from perfgoals.errors import UnreadableFileError

if TYPE_CHECKING:
    from perfgoals.read.grid import Grid

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Resource limits for reading one file; the defaults are far above any real filing.

    A real 300-table filing has a document part of about 5 MB compressed about
    25:1, and its text export is a few MB.
    """

    max_file_bytes: int = 64 * MiB  # files read whole: text exports, legacy files to convert
    max_part_bytes: int = 128 * MiB  # one inflated XML part
    max_total_bytes: int = 1024 * MiB  # all parts of a package, as declared
    max_ratio: int = 100  # inflated/compressed, for parts above ratio_floor_bytes
    ratio_floor_bytes: int = 1 * MiB
    max_members: int = 10_000
    convert_timeout: int = 60  # seconds LibreOffice may take for one file
    convert_memory_bytes: int = 2048 * MiB  # LibreOffice's address-space cap
    # What a file actually produces, counted while it is read (a bomb can keep
    # every declared size and ratio in bounds). An element costs some 120 bytes
    # in lxml's tree: 1.2 million of them stay under 150 MB, and are some four
    # times the elements of a 300-table filing.
    max_xml_elements: int = 1_200_000  # elements of one XML part
    max_paragraphs: int = 500_000  # paragraphs of one file
    max_rows: int = 500_000  # table rows of one file
    max_table_rows: int = 10_000  # rows of one table (a real one: tens; a summary: thousands)
    max_cells: int = 1_000_000  # table cells of one file
    max_chars: int = 32 * MiB  # characters of text of one file
    # Lines of a text export: a 1,000-table filing has some 75,000. Checked
    # before the text is split, so a huge export costs no grid at all.
    max_text_lines: int = 200_000
    max_style_bytes: int = 16 * MiB  # styles.xml of a workbook (a real one: well under 1 MB)
    file_seconds: int = 120  # wall-clock budget for reading and checking one file


DEFAULT_LIMITS = Limits()


# The ``[limits]`` table of the config file: user-facing key → (field, unit in bytes or 1).
CONFIG_KEYS: dict[str, tuple[str, int]] = {
    "max-file-mb": ("max_file_bytes", MiB),
    "max-part-mb": ("max_part_bytes", MiB),
    "max-total-mb": ("max_total_bytes", MiB),
    "max-ratio": ("max_ratio", 1),
    "max-members": ("max_members", 1),
    "convert-timeout": ("convert_timeout", 1),
    "convert-memory-mb": ("convert_memory_bytes", MiB),
    "max-xml-elements": ("max_xml_elements", 1),
    "max-paragraphs": ("max_paragraphs", 1),
    "max-rows": ("max_rows", 1),
    "max-table-rows": ("max_table_rows", 1),
    "max-cells": ("max_cells", 1),
    "max-chars": ("max_chars", 1),
    "max-text-lines": ("max_text_lines", 1),
    "file-seconds": ("file_seconds", 1),
}


def over_limit(what_zh: str, what_en: str, limit: int, key: str) -> UnreadableFileError:
    """The PG001 for a file that produces more than a limit: names the limit and
    its config key, so a (very) large real filing can be let through."""
    return UnreadableFileError(
        "too-large",
        f"文件内容超出读取上限（{what_zh}超过 {limit:,}），远超任何正常的绩效目标表，可能是恶意构造的文件，"
        f"已停止读取。请核实文件来源；如确为正常文件，可在配置文件 [limits] 中调高 {key}。",
        f"The file holds more than perfgoals reads ({what_en} above {limit:,}), far beyond any "
        f"real filing; it may have been crafted and reading stopped. Check where it came from; "
        f"if it is a real filing, raise {key} in the [limits] table of the config file.",
    )


def limit_pairs_from_config(table: Mapping[str, object]) -> tuple[tuple[str, int], ...]:
    """``[limits]`` keys and values → (field, value) pairs for ``Settings.limits``;
    raises ValueError naming the first bad key."""
    pairs: list[tuple[str, int]] = []
    for key, value in sorted(table.items()):
        if key not in CONFIG_KEYS:
            raise ValueError(f"unknown key {key!r}; known: {', '.join(CONFIG_KEYS)}")
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ValueError(f"{key!r} must be a positive integer")
        field, unit = CONFIG_KEYS[key]
        pairs.append((field, value * unit))
    return tuple(pairs)


def limits_from(pairs: Iterable[tuple[str, int]]) -> Limits:
    """Limits with some fields overridden by name (as ``Settings.limits`` holds them)."""
    names = {f.name for f in fields(Limits)}
    overrides = dict(pairs)
    unknown = sorted(set(overrides) - names)
    if unknown:
        raise ValueError(f"unknown limit {unknown[0]!r}; known: {', '.join(sorted(names))}")
    bad = sorted(k for k, v in overrides.items() if isinstance(v, bool) or not isinstance(v, int) or v <= 0)
    if bad:
        raise ValueError(f"limit {bad[0]!r} must be a positive integer")
    return replace(DEFAULT_LIMITS, **overrides)


def check_grid(grid: Grid, limits: Limits) -> None:
    """What any reader produced, against the limits: the net under every reader
    (the docx and xlsx readers also stop early, while reading). Rules and the
    builder run per row, so a table of 100,000 rows is refused here, in a
    fraction of a second, rather than checked for minutes."""
    from perfgoals.read.grid import Table

    paragraphs = rows = cells = chars = 0
    for block in grid.blocks:
        if isinstance(block, Table):
            if len(block.rows) > limits.max_table_rows:
                raise over_limit("一张表的行数", "rows in one table", limits.max_table_rows,
                                 "max-table-rows")
            rows += len(block.rows)
            for row in block.rows:
                cells += len(row.cells)
                chars += sum(len(cell.text) for cell in row.cells)
        else:
            paragraphs += 1
            chars += len(block.text)
    for count, limit, zh, en, key in (
        (paragraphs, limits.max_paragraphs, "段落数", "paragraphs", "max-paragraphs"),
        (rows, limits.max_rows, "表格行数", "table rows", "max-rows"),
        (cells, limits.max_cells, "单元格数", "table cells", "max-cells"),
        (chars, limits.max_chars, "文字字符数", "characters of text", "max-chars"),
    ):
        if count > limit:
            raise over_limit(zh, en, limit, key)


def check_markup(text: str, limits: Limits) -> None:
    """A web page's tags against ``max_xml_elements`` before it is parsed into a
    tree (whose elements cost some hundreds of bytes each)."""
    if text.count("<") - text.count("</") > limits.max_xml_elements:
        raise over_limit("网页中的标记数", "tags in the page", limits.max_xml_elements,
                         "max-xml-elements")
