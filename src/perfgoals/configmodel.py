"""The config file's schema (pydantic), kept apart so pydantic loads only when a
config file exists."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from perfgoals.errors import UsageError
from perfgoals.rules.registry import all_rules
from perfgoals.settings import ALL


def _check_codes(codes: list[str]) -> list[str]:
    known = all_rules()
    upper = [code.strip().upper() for code in codes]
    for code in upper:
        if code != ALL and not any(k.startswith(code) for k in known):
            raise ValueError(f"unknown rule code or prefix '{code}'")
    return upper


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

    @field_validator("select", "extend_select", "ignore")
    @classmethod
    def _codes(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else _check_codes(value)

    @field_validator("per_file_ignores")
    @classmethod
    def _per_file(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        return {glob: _check_codes(codes) for glob, codes in value.items()}

    @field_validator("severity")
    @classmethod
    def _severity_codes(cls, value: dict[str, str]) -> dict[str, str]:
        known = all_rules()
        for code in value:
            if code.upper() not in known:
                raise ValueError(f"unknown rule code '{code}' (severity takes exact codes)")
        return {code.upper(): level for code, level in value.items()}

    @field_validator("rules")
    @classmethod
    def _rule_options(cls, value: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        known = all_rules()
        checked: dict[str, dict[str, Any]] = {}
        for code, options in value.items():
            spec = known.get(code.upper())
            if spec is None:
                raise ValueError(f"unknown rule code '{code}'")
            for key, option in options.items():
                if key not in spec.options:
                    allowed = ", ".join(spec.options) or "none"
                    raise ValueError(f"rule {spec.code} has no option '{key}' (options: {allowed})")
                default = spec.options[key]
                if not _same_kind(default, option):
                    raise ValueError(
                        f"rule {spec.code} option '{key}' must be {type(default).__name__}, "
                        f"not {type(option).__name__}"
                    )
            checked[spec.code] = dict(options)
        return checked


def _same_kind(default: Any, value: Any) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int | float):
        return isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(default, list | tuple):
        return isinstance(value, list)
    return isinstance(value, type(default))


def validate_config(raw: dict[str, Any], path: Path) -> dict[str, Any]:
    """Validated config as a plain dict with snake_case keys; UsageError on any fault."""
    try:
        model = ConfigModel.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(part) for part in error["loc"]) or "(top level)"
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "unknown key"
        raise UsageError(f"{path}: key '{key}': {message}") from exc
    return model.model_dump(exclude_unset=True)
