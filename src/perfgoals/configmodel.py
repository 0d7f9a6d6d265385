"""The config file's schema, kept apart so its checks load only when a config
file exists. Plain Python (a validation library would cost more to import
than checking a config takes); the reasons keep pydantic's wording
("Input should be a valid list"), which users' scripts may match.

Every fault names the file, the full key (``rules.PG101.pattern``,
``per-file-ignores."2019/*.docx"``) and the reason: a bureau's CI admin fixes
the config from the message alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

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


# --- the schema: each key's kind, checked as strictly as TOML values allow ---


class _Invalid(Exception):
    """A value of the wrong kind at ``key`` (collected, as pydantic did: the
    first one in key order is reported, after any rule-level fault)."""

    def __init__(self, key: tuple[str | int, ...], reason: str) -> None:
        super().__init__(reason)
        self.key = key
        self.reason = reason


def _literal_reason(choices: tuple[str, ...]) -> str:
    quoted = [f"'{choice}'" for choice in choices]
    return "Input should be " + (
        quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
    )


def _string(value: Any, key: tuple[str | int, ...], faults: list[_Invalid]) -> Any:
    if not isinstance(value, str):
        faults.append(_Invalid(key, "Input should be a valid string"))
    return value


def _strings(value: Any, key: tuple[str | int, ...], faults: list[_Invalid]) -> Any:
    if not isinstance(value, list):
        faults.append(_Invalid(key, "Input should be a valid list"))
        return value
    for index, item in enumerate(value):
        _string(item, (*key, index), faults)
    return list(value)


def _table(value: Any, key: tuple[str | int, ...], faults: list[_Invalid]) -> bool:
    if not isinstance(value, dict):
        faults.append(_Invalid(key, "Input should be a valid dictionary"))
        return False
    return True


def _choice(choices: tuple[str, ...]) -> Callable[[Any, tuple[str | int, ...], list[_Invalid]], Any]:
    def check(value: Any, key: tuple[str | int, ...], faults: list[_Invalid]) -> Any:
        if not isinstance(value, str) or value not in choices:
            faults.append(_Invalid(key, _literal_reason(choices)))
        return value

    return check


def _table_of(
    item: Callable[[Any, tuple[str | int, ...], list[_Invalid]], Any],
) -> Callable[[Any, tuple[str | int, ...], list[_Invalid]], Any]:
    def check(value: Any, key: tuple[str | int, ...], faults: list[_Invalid]) -> Any:
        if not _table(value, key, faults):
            return value
        return {name: item(entry, (*key, name), faults) for name, entry in value.items()}

    return check


def _any(value: Any, key: tuple[str | int, ...], faults: list[_Invalid]) -> Any:
    return value


def _options_table(value: Any, key: tuple[str | int, ...], faults: list[_Invalid]) -> Any:
    return dict(value) if _table(value, key, faults) else value


def _select(value: list[str]) -> list[str]:
    return _check_codes(value, ("select",))


def _extend_select(value: list[str]) -> list[str]:
    return _check_codes(value, ("extend-select",))


def _ignore(value: list[str]) -> list[str]:
    return _check_codes(value, ("ignore",))


def _per_file(value: dict[str, list[str]]) -> dict[str, list[str]]:
    return {glob: _check_codes(codes, ("per-file-ignores", glob)) for glob, codes in value.items()}


def _severity_codes(value: dict[str, str]) -> dict[str, str]:
    known = all_rules()
    for code in value:
        if code.upper() not in known:
            raise ConfigKeyError(("severity", code), "unknown rule code (severity takes exact codes)")
    return {code.upper(): level for code, level in value.items()}


def _rule_options(value: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
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


def _limits(value: dict[str, Any]) -> dict[str, Any]:
    from perfgoals.read.limits import limit_pairs_from_config

    for key, limit in value.items():
        try:
            limit_pairs_from_config({key: limit})
        except ValueError as exc:
            raise ConfigKeyError(("limits", key), str(exc)) from exc
    return value


@dataclass(frozen=True)
class ConfigField:
    """One top-level key: its TOML spelling when that differs from the field
    name, the check of its kind, then the check of its meaning."""

    kind: Callable[[Any, tuple[str | int, ...], list[_Invalid]], Any]
    then: Callable[[Any], Any] | None = None
    alias: str | None = None


_SEVERITY_CHOICE = _choice(("error", "warning", "info"))


class ConfigModel:
    """The config file's keys, in the order they are checked."""

    model_fields: ClassVar[dict[str, ConfigField]] = {
        "select": ConfigField(_strings, _select),
        "extend_select": ConfigField(_strings, _extend_select, alias="extend-select"),
        "ignore": ConfigField(_strings, _ignore),
        "per_file_ignores": ConfigField(_table_of(_strings), _per_file, alias="per-file-ignores"),
        "severity": ConfigField(_table_of(_SEVERITY_CHOICE), _severity_codes),
        "fail_on": ConfigField(_SEVERITY_CHOICE, alias="fail-on"),
        "lang": ConfigField(_choice(("zh", "en"))),
        "extend": ConfigField(_string),
        "exclude": ConfigField(_strings),
        "rules": ConfigField(_table_of(_options_table), _rule_options),
        "limits": ConfigField(_table_of(_any), _limits),
    }

    @classmethod
    def validate(cls, raw: Any) -> dict[str, Any]:
        """The validated keys given, by field name. A fault of meaning raises
        ConfigKeyError at once; faults of kind are collected and the first is
        raised as _Invalid; then any unknown key is one."""
        if not isinstance(raw, dict):
            raise _Invalid((), "Input should be a valid dictionary")
        faults: list[_Invalid] = []
        used: set[str] = set()
        validated: dict[str, Any] = {}
        for name, field in cls.model_fields.items():
            spelled = field.alias if field.alias is not None and field.alias in raw else name
            if spelled not in raw:
                continue
            used.add(spelled)
            before = len(faults)
            value = field.kind(raw[spelled], (spelled,), faults)
            if len(faults) == before:
                validated[name] = field.then(value) if field.then is not None else value
        if faults:
            raise faults[0]
        for key in raw:
            if key not in used:
                raise _Invalid((key,), "unknown key")
        return validated


def validate_config(raw: dict[str, Any], path: Path) -> dict[str, Any]:
    """Validated config as a plain dict with snake_case keys; UsageError on any fault."""
    try:
        return ConfigModel.validate(raw)
    except (ConfigKeyError, _Invalid) as exc:
        raise UsageError(f"{path}: key '{key_name(exc.key)}': {exc.reason}") from exc
