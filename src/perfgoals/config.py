"""Configuration: ``perfgoals.toml`` or ``[tool.perfgoals]`` in ``pyproject.toml``.

Found by walking up from the first checked path (then the working folder);
``--config`` names one explicitly. ``extend`` inherits another file (paths
relative to the file that names them). Every key is validated: an unknown
key, rule code or option, or a bad value is a usage error naming the file and
key. Command-line options override the file; --ignore and --extend-select add
to its lists.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perfgoals.errors import UsageError
from perfgoals.read.limits import limit_pairs_from_config
from perfgoals.rules.registry import all_rules
from perfgoals.settings import Settings, parse_selectors, validate_selectors

if TYPE_CHECKING:
    from perfgoals.commands.check import CheckOptions

CONFIG_NAMES = ("perfgoals.toml", ".perfgoals.toml", "pyproject.toml")
SEVERITIES = ("error", "warning", "info")
MAX_EXTEND_DEPTH = 10


def find_config(start: Path) -> Path | None:
    folder = start if start.is_dir() else start.parent
    folder = folder.resolve()
    for candidate_folder in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            candidate = candidate_folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_table(candidate)):
                return candidate
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return "perfgoals" in data.get("tool", {})


def _read_table(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read config: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{path}: invalid TOML: {exc}") from exc
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("perfgoals", {})
        if not isinstance(table, dict):
            raise UsageError(f"{path}: [tool.perfgoals] must be a table")
        return table
    return data


def load_config(path: Path, depth: int = 0, chain: tuple[Path, ...] = ()) -> dict[str, Any]:
    """The validated config of ``path``, with ``extend`` chains merged in."""
    from perfgoals.configmodel import validate_config

    if depth > MAX_EXTEND_DEPTH:
        raise UsageError(f"{path}: 'extend' nests more than {MAX_EXTEND_DEPTH} files deep")
    raw = _read_table(path)
    validated = validate_config(raw, path)
    base: dict[str, Any] = {}
    extend = validated.pop("extend", None)
    if extend:
        parent = (path.parent / extend).resolve()
        if not parent.is_file():
            raise UsageError(f"{path}: key 'extend': file not found: {extend}")
        here = path.resolve()
        if parent in (*chain, here):
            raise UsageError(f"{path}: key 'extend': {extend} extends back to this file (a cycle)")
        base = load_config(parent, depth + 1, (*chain, here))
    return merge(base, validated)


# Keys whose tables merge entry by entry over the inherited ones.
TABLE_KEYS = ("rules", "severity", "per_file_ignores", "limits")
# Lists that add up across ``extend`` layers (as the command line's --ignore and
# --extend-select add to the file's): a shared file's ignores stay ignored.
ADDITIVE_KEYS = ("extend_select", "ignore")


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if key in TABLE_KEYS and key in merged:
            combined = dict(merged[key])
            if key == "rules":
                for code, options in value.items():
                    combined[code] = {**combined.get(code, {}), **options}
            else:
                combined.update(value)
            merged[key] = combined
        elif key in ADDITIVE_KEYS and key in merged:
            merged[key] = [*merged[key], *(v for v in value if v not in merged[key])]
        else:
            merged[key] = value
    return merged


def settings_from(config: dict[str, Any]) -> Settings:
    return Settings(
        select=tuple(config["select"]) if config.get("select") is not None else None,
        extend_select=tuple(config.get("extend_select", ())),
        ignore=tuple(config.get("ignore", ())),
        per_file_ignores=tuple(
            (glob, tuple(codes))
            for glob, codes in sorted(config.get("per_file_ignores", {}).items())
        ),
        severity=tuple(sorted(config.get("severity", {}).items())),
        rule_options=tuple(
            (code, tuple(sorted(options.items())))
            for code, options in sorted(config.get("rules", {}).items())
        ),
        lang=config.get("lang") or "zh",
        fail_on=config.get("fail_on") or "error",
        exclude=tuple(config.get("exclude", ())),
        limits=limit_pairs_from_config(config.get("limits", {})),
    )


def settings_for_check(options: CheckOptions) -> Settings:
    """Defaults ← config file ← command line."""
    config: dict[str, Any] = {}
    config_path = options.config
    if config_path is not None:
        if not config_path.is_file():
            raise UsageError(f"config file not found: {config_path}")
    else:
        start = options.paths[0] if options.paths else Path.cwd()
        config_path = find_config(start if start.exists() else Path.cwd())
    if config_path is not None:
        config = load_config(config_path)
    for name, value in (
        ("select", options.select),
        ("extend_select", options.extend_select),
        ("ignore", options.ignore),
    ):
        if value is not None:
            selectors = parse_selectors(value)
            validate_selectors(selectors, f"--{name.replace('_', '-')}")
            if name == "select":
                config[name] = list(selectors)
            else:  # --ignore and --extend-select add to the file's lists
                config[name] = [*config.get(name, ()), *selectors]
    if options.fail_on is not None:
        config["fail_on"] = options.fail_on
    if options.lang is not None:
        config["lang"] = options.lang
    return settings_from(config)


def known_codes() -> set[str]:
    return set(all_rules())
