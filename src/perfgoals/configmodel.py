"""The config file's schema (pydantic), kept apart so pydantic loads only when a
config file exists.

Every fault names the file, the full key (``rules.PG101.pattern``,
``per-file-ignores."2019/*.docx"``) and the reason: a bureau's CI admin fixes
the config from the message alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from perfgoals.errors import UsageError
from perfgoals.rules.registry import RuleSpec, all_rules
from perfgoals.settings import ALL

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
PLAN_CHECKPOINTS = ("mar", "jun", "sep", "oct", "dec")


class ConfigKeyError(Exception):
    """A fault at a known key; raised inside validators, where pydantic's own
    location stops at the top-level field."""

    def __init__(self, key: tuple[str | int, ...], reason: str) -> None:
        super().__init__(reason)
        self.key = key
        self.reason = reason


def key_name(parts: tuple[str | int, ...]) -> str:
    """A dotted TOML key; parts that are not bare keys are quoted."""
    shown = ""
    for part in parts:
        if isinstance(part, int):
            shown += f"[{part}]"  # an item of an array
            continue
        text = part if _BARE_KEY.match(part) else json.dumps(part, ensure_ascii=False)
        shown += f".{text}" if shown else text
    return shown or "(top level)"


def _check_codes(codes: list[str], key: tuple[str | int, ...]) -> list[str]:
    known = all_rules()
    upper = [code.strip().upper() for code in codes]
    for index, code in enumerate(upper):
        if code != ALL and not any(k.startswith(code) for k in known):
            raise ConfigKeyError((*key, index), f"unknown rule code or prefix '{codes[index]}'")
    return upper


def _percent(value: Any) -> str | None:
    return None if 0 <= value <= 100 else f"must be a percentage from 0 to 100, not {value}"


def _regex(value: Any) -> str | None:
    try:
        re.compile(value)
    except re.error as exc:
        return f"invalid regular expression: {exc}"
    return None


def _floors(value: Any) -> str | None:
    for checkpoint, floor in value.items():
        if checkpoint not in PLAN_CHECKPOINTS:
            return f"unknown checkpoint '{checkpoint}' (checkpoints: {', '.join(PLAN_CHECKPOINTS)})"
        if isinstance(floor, bool) or not isinstance(floor, int | float):
            return f"floor of '{checkpoint}' must be a number, not {type(floor).__name__}"
        problem = _percent(floor)
        if problem:
            return f"floor of '{checkpoint}' {problem}"
    return None


def _table_count(value: Any) -> str | None:
    if not isinstance(value, int) or value < 2:
        return f"must be a whole number of at least 2, not {value}"
    return None


def _whole(minimum: int) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if not isinstance(value, int) or value < minimum:
            return f"must be a whole number of at least {minimum}, not {value}"
        return None

    return check


def _positive(value: Any) -> str | None:
    return None if value > 0 else f"must be above 0, not {value}"


def _not_negative(value: Any) -> str | None:
    return None if value >= 0 else f"must not be negative, not {value}"


# Checks beyond the kind of the default value, for options whose values have a
# meaning: a bad one would otherwise surface as a rule's internal error mid-run.
OPTION_CHECKS: dict[tuple[str, str], Callable[[Any], str | None]] = {
    ("PG101", "pattern"): _regex,
    ("PG306", "floors"): _floors,
    ("PG405", "satisfaction_min"): _percent,
    ("PG412", "min_tables"): _table_count,
    ("PG419", "total"): _positive,
    ("PG419", "budget_execution"): _percent,
    ("PG419", "tolerance"): _not_negative,
    ("PG503", "min_chars"): _whole(1),
    ("PG504", "max_chars"): _whole(1),
    ("PG605", "context_chars"): _whole(0),
}


def _kind_name(value: Any) -> str:
    names = {bool: "boolean", int: "number", float: "number", str: "string", list: "array"}
    if isinstance(value, dict):
        return "table"
    return names.get(type(value), type(value).__name__)


def _same_kind(default: Any, value: Any) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int | float):
        return isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(default, list | tuple):
        return isinstance(value, list)
    return isinstance(value, type(default))


def _check_option(spec: RuleSpec, key: str, value: Any) -> str | None:
    default = spec.options[key]
    if not _same_kind(default, value):
        return f"must be a {_kind_name(default)}, not a {_kind_name(value)}"
    if isinstance(default, list | tuple):
        item_default = default[0] if default else ""  # empty defaults are lists of terms
        wrong = [item for item in value if not _same_kind(item_default, item)]
        if wrong:
            return f"items must be {_kind_name(item_default)}s, not {wrong[0]!r}"
    check = OPTION_CHECKS.get((spec.code, key))
    return check(value) if check is not None else None


class ConfigModel(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    select: list[str] | None = None
    extend_select: list[str] = Field(default_factory=list, alias="extend-select")
    ignore: list[str] = Field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict, alias="per-file-ignores")
    severity: dict[str, Literal["error", "warning", "info"]] = Field(default_factory=dict)
    fail_on: Literal["error", "warning", "info"] | None = Field(default=None, alias="fail-on")
    lang: Literal["zh", "en"] | None = None
    extend: str | None = None
    exclude: list[str] = Field(default_factory=list)
    rules: dict[str, dict[str, Any]] = Field(default_factory=dict)
    limits: dict[str, Any] = Field(default_factory=dict)

    @field_validator("select")
    @classmethod
    def _select(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else _check_codes(value, ("select",))

    @field_validator("extend_select")
    @classmethod
    def _extend_select(cls, value: list[str]) -> list[str]:
        return _check_codes(value, ("extend-select",))

    @field_validator("ignore")
    @classmethod
    def _ignore(cls, value: list[str]) -> list[str]:
        return _check_codes(value, ("ignore",))

    @field_validator("per_file_ignores")
    @classmethod
    def _per_file(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        return {
            glob: _check_codes(codes, ("per-file-ignores", glob)) for glob, codes in value.items()
        }

    @field_validator("severity")
    @classmethod
    def _severity_codes(cls, value: dict[str, str]) -> dict[str, str]:
        known = all_rules()
        for code in value:
            if code.upper() not in known:
                raise ConfigKeyError(
                    ("severity", code), "unknown rule code (severity takes exact codes)"
                )
        return {code.upper(): level for code, level in value.items()}

    @field_validator("rules")
    @classmethod
    def _rule_options(cls, value: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        known = all_rules()
        checked: dict[str, dict[str, Any]] = {}
        for code, options in value.items():
            spec = known.get(code.upper())
            if spec is None:
                raise ConfigKeyError(("rules", code), "unknown rule code")
            for key, option in options.items():
                if key not in spec.options:
                    allowed = ", ".join(spec.options) or "none"
                    raise ConfigKeyError(
                        ("rules", code, key), f"rule {spec.code} has no such option (options: {allowed})"
                    )
                problem = _check_option(spec, key, option)
                if problem:
                    raise ConfigKeyError(("rules", code, key), problem)
            checked[spec.code] = dict(options)
        return checked


    @field_validator("limits")
    @classmethod
    def _limits(cls, value: dict[str, Any]) -> dict[str, Any]:
        from perfgoals.read.limits import limit_pairs_from_config

        for key, limit in value.items():
            try:
                limit_pairs_from_config({key: limit})
            except ValueError as exc:
                raise ConfigKeyError(("limits", key), str(exc)) from exc
        return value


def validate_config(raw: dict[str, Any], path: Path) -> dict[str, Any]:
    """Validated config as a plain dict with snake_case keys; UsageError on any fault."""
    try:
        model = ConfigModel.model_validate(raw)
    except ConfigKeyError as exc:
        raise UsageError(f"{path}: key '{key_name(exc.key)}': {exc.reason}") from exc
    except ValidationError as exc:
        error = exc.errors()[0]
        key = key_name(tuple(error["loc"]))
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "unknown key"
        raise UsageError(f"{path}: key '{key}': {message}") from exc
    return model.model_dump(exclude_unset=True)
