"""Effective settings of a run: which rules, at what severity, with what options.

Built from defaults, then the config file, then command-line options. Kept as
a plain frozen dataclass so it can be hashed into the cache key and sent to
worker processes.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from perfgoals.errors import UsageError
from perfgoals.rules.registry import RuleSpec, all_rules

ALL = "ALL"


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] | None = None  # None: the rules that are on by default
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    rule_options: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()
    lang: str = "zh"
    fail_on: str = "error"
    exclude: tuple[str, ...] = ()
    limits: tuple[tuple[str, int], ...] = field(default=())
    # Keep each table with findings as the filing shows it (the html and xlsx
    # reports draw or quote it); off for the other formats to save memory.
    table_views: bool = False

    def severity_of(self, spec: RuleSpec) -> str:
        return dict(self.severity).get(spec.code, spec.severity)

    def options_of(self, spec: RuleSpec) -> dict[str, Any]:
        merged = dict(spec.options)
        merged.update(dict(dict(self.rule_options).get(spec.code, ())))
        return merged

    def cache_token(self) -> str:
        return repr(self)


def _matches(selector: str, code: str) -> bool:
    return selector == ALL or code.startswith(selector)


def validate_selectors(selectors: tuple[str, ...] | list[str], origin: str) -> None:
    """Every selector must name ALL, a rule code, or a prefix of one."""
    codes = all_rules().keys()
    for selector in selectors:
        if selector != ALL and not any(code.startswith(selector) for code in codes):
            raise UsageError(f"{origin}: unknown rule code or prefix '{selector}'")


def parse_selectors(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(part.strip().upper() for part in value.split(",") if part.strip())


def active_rules(settings: Settings, path: str | None = None) -> list[RuleSpec]:
    """The rules that run on a file at ``path``, in code order."""
    rules = all_rules()
    ignored = list(settings.ignore)
    if path is not None:
        posix = path.replace("\\", "/")
        for pattern, codes in settings.per_file_ignores:
            if fnmatch.fnmatch(posix, pattern) or fnmatch.fnmatch(posix, f"*/{pattern}"):
                ignored.extend(codes)
    selects = (*(settings.select or ()), *settings.extend_select)
    return [
        spec
        for code, spec in rules.items()
        if _is_on(code, spec, selects, ignored, settings.select is None)
    ]


def _specificity(selectors: tuple[str, ...] | list[str], code: str) -> int:
    """Length of the longest selector matching ``code`` (ALL counts 0; none -1)."""
    return max(
        (0 if sel == ALL else len(sel) for sel in selectors if _matches(sel, code)), default=-1
    )


def _is_on(
    code: str, spec: RuleSpec, selects: tuple[str, ...], ignores: list[str], defaults: bool
) -> bool:
    """The most specific selector wins, as in ruff; on a tie, ignore wins.

    A prefix selects only rules that are on by default; an off-by-default rule
    needs its exact code or ALL.
    """
    selected, ignored = _specificity(selects, code), _specificity(ignores, code)
    if ignored >= 0 and ignored >= selected:
        return False
    if selected < 0:
        return defaults and spec.enabled
    return spec.enabled or code in selects or ALL in selects


def settings_with(base: Settings, **changes: Any) -> Settings:
    from dataclasses import replace

    return replace(base, **changes)


def frozen_mapping(mapping: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(mapping.items()))
