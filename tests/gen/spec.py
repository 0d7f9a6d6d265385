"""Plain descriptions of a performance-goal filing (绩效目标表), independent of any format."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

TitleField = Literal["tc", "simple", "none"]

PLAN_LABELS: tuple[str, ...] = ("3月底", "6月底", "10月底", "12月底")


@dataclass(frozen=True)
class IndicatorSpec:
    """One row of the indicator grid."""

    level1: str
    level2: str
    level3: str
    description: str
    target: str
    basis: str


@dataclass(frozen=True, kw_only=True)
class TableSpec:
    """One table (one project or special fund); strings exactly as printed."""

    part: int | None
    number: int | None
    name: str
    code: str = ""
    name_label: str = "项目名称"
    unit_header: str = ""
    money_unit: str = "万元"
    budget: str
    fiscal_funds: str
    other_funds: str = ""
    purpose: str
    plan_labels: tuple[str, ...] = PLAN_LABELS
    plan: tuple[str, ...]
    goals: str
    indicators: tuple[IndicatorSpec, ...]
    title: str | None = None

    def __post_init__(self) -> None:
        if len(self.plan) != len(self.plan_labels):
            raise ValueError(
                f"{self.name}: {len(self.plan)} plan values for {len(self.plan_labels)} labels"
            )

    @property
    def heading(self) -> str:
        """The title as printed above the table."""
        if self.title is not None:
            return self.title
        if self.number is None:
            return f"{self.name}绩效目标表"
        return f"{self.number}、{self.name}绩效目标表"


@dataclass(frozen=True)
class FilingSpec:
    """A whole document: part-1 paragraphs, then the tables of parts 2 and 3."""

    tables: tuple[TableSpec, ...]
    department_text: tuple[str, ...] = ()
    part_headings: bool = True


@dataclass(frozen=True)
class RenderOptions:
    """Layout choices a real filing may make; the content stays the same."""

    level1_merged: bool = True
    level2_merged: bool = False
    header_as_own_table: bool = False
    split_runs: bool = True
    title_field: TitleField = "tc"
    tracked_changes: bool = False


def dingzhou_like(n_tables: int, seed: int = 0) -> FilingSpec:
    """A plausible, clean filing of one county department with ``n_tables`` tables."""
    from .synth import synthesize  # synth builds on the classes above

    return synthesize(n_tables, seed)
