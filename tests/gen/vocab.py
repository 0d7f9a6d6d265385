"""Budget vocabulary for synthetic filings, loaded from ``vocab.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

VOCAB_FILE = Path(__file__).with_name("vocab.toml")

PHASES: tuple[str, ...] = ("", *(f"（第{n}批）" for n in "二三四五六七八九十"))


@dataclass(frozen=True)
class Measure:
    """An indicator template; the target is drawn from ``low..high`` in ``step``s."""

    level2: str
    level3: str
    description: str
    unit: str
    low: int
    high: int
    step: int = 1
    comparator: str = "≥"
    basis: str = "上年度实际完成值"


@dataclass(frozen=True)
class ProjectKind:
    """A kind of project a department runs year after year."""

    name: str
    task: str
    satisfaction: str
    purpose: tuple[str, ...]
    goals: tuple[str, ...]
    quantity: tuple[Measure, ...]
    quality: tuple[Measure, ...]
    effects: tuple[Measure, ...]


@dataclass(frozen=True)
class DepartmentKind:
    """A county department: its unit number, function codes, projects and overview."""

    suffix: str
    number: str
    functions: tuple[str, ...]
    overview: tuple[str, ...]
    projects: tuple[ProjectKind, ...]


@dataclass(frozen=True)
class Place:
    """A county and its three-digit area code."""

    name: str
    area: str


@dataclass(frozen=True)
class Vocabulary:
    """Everything ``vocab.toml`` holds."""

    places: tuple[Place, ...]
    towns: tuple[str, ...]
    plans: tuple[tuple[str, ...], ...]
    satisfaction_bases: tuple[str, ...]
    project_classes: tuple[str, ...]
    departments: tuple[DepartmentKind, ...]


def _measures(items: list[dict[str, Any]], level2: str = "") -> tuple[Measure, ...]:
    """Measures from TOML inline tables; ``level2`` fills in a category they share."""
    shared: dict[str, Any] = {"level2": level2} if level2 else {}
    return tuple(Measure(**shared, **item) for item in items)


def _project(data: dict[str, Any]) -> ProjectKind:
    return ProjectKind(
        name=data["name"],
        task=data["task"],
        satisfaction=data["satisfaction"],
        purpose=tuple(data["purpose"]),
        goals=tuple(data["goals"]),
        quantity=_measures(data["quantity"], "数量指标"),
        quality=_measures(data["quality"], "质量指标"),
        effects=_measures(data["effects"]),
    )


def _department(data: dict[str, Any]) -> DepartmentKind:
    return DepartmentKind(
        suffix=data["suffix"],
        number=data["number"],
        functions=tuple(data["functions"]),
        overview=tuple(data["overview"]),
        projects=tuple(_project(p) for p in data["projects"]),
    )


@cache
def vocabulary() -> Vocabulary:
    """The parsed vocabulary (read once)."""
    data = tomllib.loads(VOCAB_FILE.read_text(encoding="utf-8"))
    return Vocabulary(
        places=tuple(Place(**p) for p in data["places"]),
        towns=tuple(data["towns"]),
        plans=tuple(tuple(plan) for plan in data["plans"]),
        satisfaction_bases=tuple(data["satisfaction_bases"]),
        project_classes=tuple(data["project_classes"]),
        departments=tuple(_department(d) for d in data["departments"]),
    )
