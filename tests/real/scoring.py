"""Field-by-field comparison of the parsed records with a hand-made truth.json.

The truth files (``tests/fixtures/real/*.truth.json``) record what a careful
reviewer reads from each real filing: project name, budget and funding split,
the number of goals, and each indicator's 三级 name, target and category. One
point per field, as the corpus's README describes; an indicator's category
point can only be earned where the row itself was found.

A target written in three cells (指标性质 ``≥`` | 指标值 ``95`` | 计量单位 ``%``)
is kept in the records as written, in three fields; a truth that writes it
joined (``≥95%``) is met by the joined fields.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from perfgoals.model import Filing, Indicator, ProjectTable

COMPARATOR_WORDS = [(">=", "≥"), ("<=", "≤"), ("≧", "≥"), ("≦", "≤"), ("＞", ">"), ("＜", "<"),
                    ("不低于", "≥"), ("不少于", "≥"), ("不高于", "≤"), ("不超过", "≤")]  # fmt: skip
LEVEL1 = {"产出": "out", "效益": "eff", "效果": "eff", "满意": "sat", "成本": "cost"}
LEVEL2 = ["数量", "质量", "时效", "成本", "经济效益", "社会效益", "生态效益", "环境效益",
          "可持续", "满意", "经济成本", "社会成本", "生态环境成本"]  # fmt: skip


def norm(text: object) -> str:
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKC", str(text))
    for word, symbol in COMPARATOR_WORDS:
        folded = folded.replace(word, symbol)
    return re.sub(r"\s+", "", folded).strip("。.;；,，:：|")


def _number(text: object) -> Decimal | None:
    match = re.search(r"-?\d+(\.\d+)?", norm(text).replace(",", ""))
    try:
        return Decimal(match.group(0)) if match else None
    except InvalidOperation:
        return None


def _wan(value: object, unit: object) -> Decimal | None:
    """An amount in 万元."""
    number = _number(value)
    if number is None:
        return None
    return number / 10000 if unit == "元" else number


def _kind1(text: object) -> str:
    t = norm(text)
    return next((v for k, v in LEVEL1.items() if k in t), t)


def _kind2(text: object) -> str:
    t = norm(text)
    best = max((k for k in LEVEL2 if k in t), key=len, default="")
    return {"环境效益": "生态效益"}.get(best, best) or t


def _same_name(a: object, b: object) -> bool:
    x, y = norm(a), norm(b)
    return bool(x and y) and (x == y or (min(len(x), len(y)) >= 4 and (x in y or y in x)))


def _targets(ind: Indicator) -> set[str]:
    """The ways the row's target may be written: as the cell says, or joined
    with its comparator and unit cells."""
    target, unit = ind.target or "", ind.unit or ""
    comparator = next(
        (c for c in (ind.nature, ind.direction) if c and not re.search(r"[向性量]", c)), ""
    )
    return {
        norm(t) for t in (target, target + unit, comparator + target + unit, comparator + target)
    }


@dataclass
class FileScore:
    name: str
    points: int = 0
    possible: int = 0
    misses: list[str] = field(default_factory=list)

    def point(self, ok: bool, what: str) -> None:
        self.possible += 1
        if ok:
            self.points += 1
        else:
            self.misses.append(what)

    @property
    def share(self) -> float:
        return self.points / self.possible if self.possible else 1.0


def _match_tables(
    truth: list[dict[str, Any]], parsed: list[ProjectTable]
) -> list[ProjectTable | None]:
    used: set[int] = set()
    matched: list[ProjectTable | None] = []
    for index, want in enumerate(truth):
        found = None
        if want.get("project_name"):
            for i, table in enumerate(parsed):
                if i not in used and _same_name(
                    table.project_name or table.title_name, want["project_name"]
                ):
                    found, _ = table, used.add(i)
                    break
        if found is None and len(truth) == len(parsed) and index not in used:
            found, _ = parsed[index], used.add(index)
        if found is None and len(parsed) == 1 and len(truth) == 1:
            found = parsed[0]
        matched.append(found)
    return matched


def score(filing: Filing, truth: dict[str, Any], name: str) -> FileScore:
    result = FileScore(name)
    for number, (want, table) in enumerate(
        zip(truth["tables"], _match_tables(truth["tables"], filing.tables), strict=True), start=1
    ):
        if want.get("project_name"):
            got = table.project_name if table else None
            result.point(norm(got) == norm(want["project_name"]), f"t{number} project_name {got!r}")
        for key in ("budget", "fiscal_funds", "other_funds"):
            if not want.get(key):
                continue
            amount = getattr(table, key) if table else None
            expected = _wan(want[key]["value"], want[key].get("unit") or "万元")
            got = (
                _wan(amount.value, amount.unit or "万元")
                if amount and amount.value is not None
                else None
            )
            result.point(
                expected is not None
                and got is not None
                and abs(expected - got) < Decimal("0.00005"),
                f"t{number} {key} {amount.raw if amount else None!r}",
            )
        if want.get("goal_count"):
            counts: dict[object, int] = {}
            for goal in (table.goals if table else None) or []:
                counts[goal.horizon] = counts.get(goal.horizon, 0) + 1
            result.point(want["goal_count"] in counts.values(), f"t{number} goal_count {counts}")
        rows = (table.indicators if table else None) or []
        for ind in want.get("indicators", []):
            level3, target = norm(ind["level3"]), norm(ind["target"])
            hit = next(
                (
                    row
                    for row in rows
                    if level3 in {norm(row.level3), norm(row.description)}
                    and target
                    and target in _targets(row)
                ),
                None,
            )
            result.point(
                hit is not None, f"t{number} indicator {ind['level3']!r}={ind['target']!r}"
            )
            if hit is None:
                result.possible += 1
                continue
            ok1 = ind.get("level1") is None or _kind1(hit.level1) == _kind1(ind["level1"])
            ok2 = ind.get("level2") is None or _kind2(hit.level2) == _kind2(ind["level2"])
            result.point(ok1 and ok2, f"t{number} category of {ind['level3']!r}")
    return result


def truths(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    pairs = []
    for truth in sorted(folder.glob("*.truth.json")):
        stem = truth.name.removesuffix(".truth.json")
        sources = [
            p
            for p in folder.glob(stem + ".*")
            if not p.name.endswith((".truth.json", ".source.md"))
        ]
        if sources:
            pairs.append((sources[0], json.loads(truth.read_text("utf-8"))))
    return pairs
