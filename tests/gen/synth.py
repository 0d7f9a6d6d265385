"""Deterministic synthetic filings in the style of the Dingzhou sample, but clean."""

from __future__ import annotations

import calendar
import random
import string
from collections.abc import Iterator

from .spec import FilingSpec, IndicatorSpec, TableSpec
from .vocab import PHASES, DepartmentKind, Measure, Place, ProjectKind, vocabulary

YEAR = 2024
_CODE_CHARS = string.ascii_uppercase + string.digits


class _Synth:
    """Draws one filing's tables; all randomness comes from one seeded generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.vocab = vocabulary()
        departments = self.vocab.departments
        self.department: DepartmentKind = departments[seed % len(departments)]
        self.place: Place = self.rng.choice(self.vocab.places)
        self.money_unit = "元" if seed % 4 == 3 else "万元"
        self.effect_label = self.rng.choice(("效益指标", "效果指标"))
        self.unit_header = (
            f"{self.place.area}{self.department.number}{self.place.name}{self.department.suffix}"
        )
        self.codes: set[str] = set()

    def fill(self, template: str, area: str = "") -> str:
        return template.format(place=self.place.name, area=area or self.place.name, year=YEAR)

    def code(self) -> str:
        while True:
            tail = "".join(self.rng.choices(_CODE_CHARS, k=4))
            code = (
                f"{self.place.area}-{self.rng.choice(self.department.functions)}-"
                f"{self.rng.choice(self.vocab.project_classes)}-{tail}"
            )
            if code not in self.codes:
                self.codes.add(code)
                return code

    def amounts(self) -> tuple[str, str, str]:
        """预算数, 财政资金, 其他资金 as printed, adding up exactly."""
        if self.money_unit == "万元":
            total = self.rng.randint(200, 90_000)  # hundredths of 万元
        else:
            total = self.rng.randint(200, 60_000) * 10_000  # fen, whole hundreds of 元
        other = 0
        if self.rng.random() < 0.3:
            other = total * self.rng.choice((10, 20, 30)) // 100
        return _money(total), _money(total - other), _money(other) if other else ""

    def target(self, measure: Measure) -> str:
        value = self.rng.randrange(measure.low, measure.high + 1, measure.step)
        return f"{measure.comparator}{value}{measure.unit}"

    def indicator(self, level1: str, measure: Measure) -> IndicatorSpec:
        return IndicatorSpec(
            level1,
            measure.level2,
            measure.level3,
            measure.description,
            self.target(measure),
            self.fill(measure.basis),
        )

    def subset(self, measures: tuple[Measure, ...]) -> list[Measure]:
        """A non-empty selection of ``measures``, in their original order."""
        chosen = self.rng.sample(measures, self.rng.randint(1, len(measures)))
        return [m for m in measures if m in chosen]

    def indicators(self, kind: ProjectKind, budget: str) -> tuple[IndicatorSpec, ...]:
        rng = self.rng
        rows = [self.indicator("产出指标", m) for m in self.subset(kind.quantity)]
        rows.append(self.indicator("产出指标", rng.choice(kind.quality)))
        if rng.random() < 0.8:
            month = rng.choice((9, 10, 11, 12))
            day = calendar.monthrange(YEAR, month)[1]
            rows.append(
                IndicatorSpec(
                    "产出指标",
                    "时效指标",
                    "完成时限",
                    f"{kind.task}全部完成的时间",
                    f"{YEAR}年{month}月{day}日前",
                    "项目实施方案",
                )
            )
        if rng.random() < 0.5:
            cap = budget.removesuffix(".00")
            rows.append(
                IndicatorSpec(
                    "成本指标",
                    "经济成本指标",
                    "项目总成本",
                    "项目实施的全部费用",
                    f"≤{cap}{self.money_unit}",
                    "项目预算批复",
                )
            )
        rows.extend(self.indicator(self.effect_label, m) for m in self.subset(kind.effects))
        rows.append(
            IndicatorSpec(
                "满意度指标",
                "服务对象满意度指标",
                "服务对象满意度",
                kind.satisfaction,
                f"≥{rng.choice((90, 92, 95))}%",
                rng.choice(self.vocab.satisfaction_bases),
            )
        )
        return tuple(rows)

    def table(self, part: int, number: int, kind: ProjectKind, name: str, area: str) -> TableSpec:
        budget, fiscal, other = self.amounts()
        paragraphs = kind.purpose if self.rng.random() < 0.3 else kind.purpose[:1]
        goals = (self.fill(goal, area) for goal in kind.goals)
        return TableSpec(
            part=part,
            number=number,
            name=name,
            code=self.code(),
            name_label="专项资金名称" if part == 2 else "项目名称",
            unit_header=self.unit_header,
            money_unit=self.money_unit,
            budget=budget,
            fiscal_funds=fiscal,
            other_funds=other,
            purpose="\n".join(self.fill(p, area) for p in paragraphs),
            plan=self.rng.choice(self.vocab.plans),
            goals="\n".join(f"{i}、{goal}" for i, goal in enumerate(goals, 1)),
            indicators=self.indicators(kind, budget),
        )

    def project_names(self) -> Iterator[tuple[ProjectKind, str, str]]:
        """(kind, name, area) for distinct project names, plain names first."""
        kinds = list(self.department.projects)
        towns = list(self.vocab.towns)
        self.rng.shuffle(kinds)
        self.rng.shuffle(towns)
        for phase in PHASES:
            for town in ("", *towns):
                for kind in kinds:
                    yield kind, f"{town}{kind.name}{phase}", town

    def filing(self, n_tables: int) -> FilingSpec:
        n_special = 0 if n_tables < 4 else max(1, min(3, n_tables // 10))
        kinds = list(self.department.projects)
        tables = [
            self.table(
                2, i, kinds[(i - 1) % len(kinds)], f"{kinds[(i - 1) % len(kinds)].name}补助资金", ""
            )
            for i in range(1, n_special + 1)
        ]
        names = self.project_names()
        for number in range(1, n_tables - n_special + 1):
            kind, name, area = next(names)
            tables.append(self.table(3, number, kind, name, area))
        overview = tuple(self.fill(p) for p in self.department.overview)
        return FilingSpec(tuple(tables), department_text=overview)


def _money(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def synthesize(n_tables: int, seed: int = 0) -> FilingSpec:
    """See :func:`tests.gen.spec.dingzhou_like`."""
    if n_tables < 0:
        raise ValueError("n_tables must not be negative")
    return _Synth(seed).filing(n_tables)
