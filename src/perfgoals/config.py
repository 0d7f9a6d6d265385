"""Configuration: ``perfgoals.toml`` or ``[tool.perfgoals]`` in ``pyproject.toml``.

Found by walking up from the working folder (then from the first checked
path); ``--config`` names one explicitly. A file that cannot be parsed is a
usage error naming its line, whether named or found. ``extend`` inherits another file (paths
relative to the file that names them). Every key is validated: an unknown
key, rule code or option, or a bad value is a usage error naming the file and
key. Command-line options override the file; --ignore and --extend-select add
to its lists.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perfgoals.errors import UsageError
from perfgoals.read.limits import limit_pairs_from_config
from perfgoals.rules.registry import all_rules
from perfgoals.settings import Settings, parse_selectors, validate_selectors

if TYPE_CHECKING:
    from perfgoals.options import CheckOptions

CONFIG_NAMES = ("perfgoals.toml", ".perfgoals.toml", "pyproject.toml")
SEVERITIES = ("error", "warning", "info")
MAX_EXTEND_DEPTH = 10
# A config file is a few hundred bytes; these bounds only stop a hostile or
# mistaken one (a FIFO, a huge generated file, arrays nested thousands deep)
# before the batch starts.
MAX_CONFIG_BYTES = 1024 * 1024
MAX_TOML_DEPTH = 20

_TOML_PLACE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def find_config(start: Path) -> Path | None:
    """The first config file upward from ``start``: a ``pyproject.toml`` counts
    only with a ``[tool.perfgoals]`` table, but one that cannot be parsed is an
    error, never silently passed over."""
    folder = start if os.path.isdir(start) else start.parent
    folder = folder.resolve()
    for candidate_folder in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            candidate = candidate_folder / name
            if not os.path.lexists(candidate):
                continue
            if name != "pyproject.toml":
                return candidate
            if "perfgoals" in _tool_tables(parse_toml(candidate)):
                return candidate
    return None


def _tool_tables(data: dict[str, Any]) -> dict[str, Any]:
    tool = data.get("tool", {})
    return tool if isinstance(tool, dict) else {}


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def parse_toml(path: Path) -> dict[str, Any]:
    """A config file's TOML; a usage error naming the file (and the line, for a
    syntax error) when it is not a regular file, too big, too deep or not TOML."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read config: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(f"{path}: config is not a regular file")
    if info.st_size > MAX_CONFIG_BYTES:
        raise UsageError(f"{path}: config is larger than {MAX_CONFIG_BYTES // 1024} KB")
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read config: {exc.strerror or exc}") from exc
    if len(data) > MAX_CONFIG_BYTES:
        raise UsageError(f"{path}: config is larger than {MAX_CONFIG_BYTES // 1024} KB")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UsageError(f"{path}:{line}: invalid TOML: not UTF-8 text") from exc
    from perfgoals.compiled import parsed_config, remember_config

    cached = parsed_config(data)
    if cached is not None:
        return _checked_depth(path, cached)
    import tomllib  # only for a config not parsed before

    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        reason = str(exc)
        place = _TOML_PLACE.search(reason)
        if place:
            reason = reason[: place.start()]
            where = f"{path}:{place.group(1)}:{place.group(2)}"
        else:  # "at end of document"
            where = f"{path}:{text.count(chr(10)) + 1}"
            reason = reason.replace(" (at end of document)", " at the end of the file")
        raise UsageError(f"{where}: invalid TOML: {reason}") from exc
    except RecursionError as exc:
        raise UsageError(f"{path}: invalid TOML: nested more than {MAX_TOML_DEPTH} levels deep") from exc
    checked = _checked_depth(path, parsed)
    remember_config(data, parsed)
    return checked


def _checked_depth(path: Path, parsed: dict[str, Any]) -> dict[str, Any]:
    if _depth(parsed) > MAX_TOML_DEPTH:
        raise UsageError(f"{path}: config nests more than {MAX_TOML_DEPTH} levels deep")
    return parsed


def _read_table(path: Path) -> dict[str, Any]:
    data = parse_toml(path)
    if path.name == "pyproject.toml":
        table = _tool_tables(data).get("perfgoals", {})
        if not isinstance(table, dict):
            raise UsageError(f"{path}: [tool.perfgoals] must be a table")
        return table
    return data


def load_config(path: Path, depth: int = 0, chain: tuple[Path, ...] = ()) -> dict[str, Any]:
    """The validated config of ``path``, with ``extend`` chains merged in."""
    return load_config_with_origins(path, depth, chain)[0]


def load_config_with_origins(
    path: Path, depth: int = 0, chain: tuple[Path, ...] = ()
) -> tuple[dict[str, Any], dict[str, str]]:
    """As load_config, with the file each key's value came from (for
    ``--show-settings``; keys that add up across files name every file)."""
    from perfgoals.configmodel import validate_config

    if depth > MAX_EXTEND_DEPTH:
        raise UsageError(f"{path}: 'extend' nests more than {MAX_EXTEND_DEPTH} files deep")
    raw = _read_table(path)
    validated = validate_config(raw, path)
    base: dict[str, Any] = {}
    origins: dict[str, str] = {}
    extend = validated.pop("extend", None)
    if extend:
        parent = (path.parent / extend).resolve()
        if not os.path.lexists(parent):
            raise UsageError(f"{path}: key 'extend': file not found: {extend}")
        here = path.resolve()
        if parent in (*chain, here):
            raise UsageError(f"{path}: key 'extend': {extend} extends back to this file (a cycle)")
        base, origins = load_config_with_origins(parent, depth + 1, (*chain, here))
    for key in validated:
        mine = str(path)
        if key in origins and (key in TABLE_KEYS or key in ADDITIVE_KEYS):
            origins[key] = f"{origins[key]} + {mine}"
        else:
            origins[key] = mine
    return merge(base, validated), origins


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


@dataclass
class ResolvedConfig:
    """The merged config table, the file it was read from (None: defaults
    only) and, per key, where its value came from."""

    config: dict[str, Any]
    path: Path | None
    origins: dict[str, str]


def locate_config(options: CheckOptions) -> Path | None:
    """``--config FILE``; else the first config upward from the working folder
    (cli.md), else upward from the first path checked (a repository checked
    from outside it still uses its own config)."""
    if options.config is not None:
        if not os.path.lexists(options.config) or options.config.is_dir():
            raise UsageError(f"config file not found: {options.config}")
        return options.config
    found = find_config(Path.cwd())
    if found is None and options.paths:
        start = options.paths[0]
        # os.path.exists, not Path.exists: a path inside a folder that cannot
        # be read is no config's place and must not raise (its PG001 comes later).
        if str(start) != "-" and os.path.exists(start):
            found = find_config(start)
    return found


def resolve_config(options: CheckOptions) -> ResolvedConfig:
    """Defaults ← config file ← command line, with each key's origin."""
    config: dict[str, Any] = {}
    origins: dict[str, str] = {}
    config_path = locate_config(options)
    if config_path is not None:
        config, origins = load_config_with_origins(config_path)
    for name, value in (
        ("select", options.select),
        ("extend_select", options.extend_select),
        ("ignore", options.ignore),
    ):
        if value is not None:
            flag = f"--{name.replace('_', '-')}"
            selectors = parse_selectors(value)
            validate_selectors(selectors, flag)
            if name == "select":
                config[name] = list(selectors)
                origins[name] = flag
            else:  # --ignore and --extend-select add to the file's lists
                config[name] = [*config.get(name, ()), *selectors]
                origins[name] = f"{origins[name]} + {flag}" if name in origins else flag
    if options.fail_on is not None:
        config["fail_on"] = options.fail_on
        origins["fail_on"] = "--fail-on"
    if options.lang is not None:
        config["lang"] = options.lang
        origins["lang"] = "--lang"
    return ResolvedConfig(config, config_path, origins)


def settings_for_check(options: CheckOptions) -> Settings:
    return settings_from(resolve_config(options).config)


def known_codes() -> set[str]:
    return set(all_rules())


def _toml_value(value: Any) -> str:
    import json

    if isinstance(value, tuple):
        value = list(value)
    if isinstance(value, dict):
        inner = ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    return json.dumps(value, ensure_ascii=False)


def show_settings(options: CheckOptions) -> str:
    """The effective settings, one ``key = value  # origin`` line each
    (``--show-settings``)."""
    from perfgoals.read.limits import CONFIG_KEYS, DEFAULT_LIMITS
    from perfgoals.settings import active_rules

    resolved = resolve_config(options)
    settings = settings_from(resolved.config)
    origins = resolved.origins

    def origin(key: str) -> str:
        return origins.get(key, "default")

    lines = [
        f"# config file: {resolved.path if resolved.path is not None else '(none: defaults)'}",
        f"# working folder: {Path.cwd()}",
    ]
    entries: list[tuple[str, Any, str]] = [
        ("select", list(settings.select) if settings.select is not None else "(rules on by default)",
         origin("select")),
        ("extend-select", list(settings.extend_select), origin("extend_select")),
        ("ignore", list(settings.ignore), origin("ignore")),
        ("fail-on", settings.fail_on, origin("fail_on")),
        ("lang", settings.lang, origin("lang")),
        ("exclude", list(settings.exclude), origin("exclude")),
    ]
    for glob, codes in settings.per_file_ignores:
        entries.append((f"per-file-ignores.{_toml_value(glob)}", list(codes), origin("per_file_ignores")))
    for code, level in settings.severity:
        entries.append((f"severity.{code}", level, origin("severity")))
    configured_limits = resolved.config.get("limits", {})
    for key, (field_name, unit) in CONFIG_KEYS.items():
        value = dict(settings.limits).get(field_name, getattr(DEFAULT_LIMITS, field_name))
        entries.append(
            (f"limits.{key}", value // unit, origin("limits") if key in configured_limits else "default")
        )
    configured_rules = resolved.config.get("rules", {})
    rules = active_rules(settings)
    for spec in rules:
        for key, value in settings.options_of(spec).items():
            where = origin("rules") if key in configured_rules.get(spec.code, {}) else "default"
            entries.append((f"rules.{spec.code}.{key}", value, where))
    for key, value, where in entries:
        shown = value if isinstance(value, str) and value.startswith("(") else _toml_value(value)
        lines.append(f"{key} = {shown}  # {where}")
    lines.append(f"# rules on ({len(rules)}): {', '.join(spec.code for spec in rules)}")
    return "\n".join(lines) + "\n"
