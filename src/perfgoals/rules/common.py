"""Small helpers shared by the rule families (no parsing of file formats)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from perfgoals.compiled import load_toml
from perfgoals.textnorm import TEXT_MEMO_SIZE, bare, normalise

if TYPE_CHECKING:
    from perfgoals.model import Filing, ProjectTable


def is_blank(text: str | None) -> bool:
    return text is None or not text.strip()


@cache
def _nil_values() -> tuple[frozenset[str], frozenset[str]]:
    raw = load_toml("labels.toml")["values"]
    return frozenset(raw["nil"]), frozenset(raw["dashes"])


@lru_cache(maxsize=TEXT_MEMO_SIZE)  # every numeric cell, asked by several rules
def states_nothing(raw: str | None) -> bool:
    """Whether a numeric cell is empty or says "none" (``—``, ``无``, ``/``)."""
    if is_blank(raw):
        return True
    assert raw is not None
    text = "".join(unicodedata.normalize("NFKC", raw).split())
    words, dashes = _nil_values()
    return text in words or all(char in dashes for char in text)


def layout_has(filing: Filing, field: str) -> bool:
    """Whether any table of the filing has ``field`` at all (not None)."""
    return any(getattr(table, field) is not None for table in filing.tables)


def same_text(a: str, b: str, *, loose: bool = False) -> bool:
    """Equal once width and spacing are normalised; ``loose`` also ignores
    punctuation and accepts one containing the other."""
    if normalise(a) == normalise(b):
        return True
    if not loose:
        return False
    left, right = bare(a), bare(b)
    return bool(left and right) and (left in right or right in left)


def display_name(table: ProjectTable) -> str:
    return table.project_name or table.title_name or f"#{table.table_number}"


def goal_texts(table: ProjectTable) -> Iterator[tuple[str, int | None, str]]:
    """(text, line, key) of each goal item, or of the whole goal cell where the
    builder read no items from it."""
    if table.goals:
        for position, goal in enumerate(table.goals, start=1):
            yield goal.text, goal.source.line, f"goal{position}"
    elif table.goals_text:
        yield table.goals_text, None, "goals"
