"""Label normalisation and the synonym table (``data/labels.toml``)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

import regex

from perfgoals.textnorm import normalise

_TRAILING_UNIT = regex.compile(r"\((?:%|万元|元|单位[:：]?[^)]*)\)$")
_MONTH_CHECKPOINT = regex.compile(r"^(?:1-|1至|1～|1~)?(\d{1,2})月(?:底|末|份)?(?:\(%\))?$")
_MONTH_KEYS = {3: "mar", 6: "jun", 9: "sep", 10: "oct", 12: "dec"}


@cache
def label_key(text: str) -> str:
    key = normalise(text).rstrip(":")
    key = key.removeprefix("其中:").removeprefix("其中")
    return _TRAILING_UNIT.sub("", key) if key != "资金支出计划(%)" else key


@dataclass(frozen=True)
class LabelTable:
    fields: dict[str, str]
    sections: dict[str, str]
    indicator_columns: dict[str, str]
    checkpoints: dict[str, str]

    def field(self, text: str) -> str | None:
        return self.fields.get(label_key(text)) if len(text) <= 24 else None

    def section(self, text: str) -> str | None:
        return self.sections.get(label_key(text)) if len(text) <= 24 else None

    def indicator_column(self, text: str) -> str | None:
        return self.indicator_columns.get(label_key(text)) if len(text) <= 24 else None

    def checkpoint(self, text: str) -> str | None:
        key = label_key(text)
        if key in self.checkpoints:
            return self.checkpoints[key]
        match = _MONTH_CHECKPOINT.match(key)
        if match:
            month = int(match.group(1))
            if 1 <= month <= 12:
                return _MONTH_KEYS.get(month, f"m{month}")
        return None


def _invert(table: dict[str, list[str]]) -> dict[str, str]:
    return {label_key(label): name for name, labels in table.items() for label in labels}


@cache
def labels() -> LabelTable:
    raw = tomllib.loads(
        resources.files("perfgoals.data").joinpath("labels.toml").read_text("utf-8")
    )
    return LabelTable(
        fields=_invert(raw["fields"]),
        sections=_invert(raw["section"]),
        indicator_columns=_invert(raw["indicator_columns"]),
        checkpoints=_invert(raw["checkpoints"]),
    )
