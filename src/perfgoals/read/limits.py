"""Resource limits for reading one file, and their ``[limits]`` config keys.

Kept apart from the package reader so that reading a text export, and
loading the config, does not import zipfile and lxml.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Resource limits for reading one file; the defaults are far above any real filing.

    A real 300-table filing has a document part of about 5 MB compressed about
    25:1, and its text export is a few MB.
    """

    max_file_bytes: int = 64 * MiB  # files read whole: text exports, legacy files to convert
    max_part_bytes: int = 128 * MiB  # one inflated XML part
    max_total_bytes: int = 1024 * MiB  # all parts of a package, as declared
    max_ratio: int = 100  # inflated/compressed, for parts above ratio_floor_bytes
    ratio_floor_bytes: int = 1 * MiB
    max_members: int = 10_000
    convert_timeout: int = 60  # seconds LibreOffice may take for one file
    convert_memory_bytes: int = 2048 * MiB  # LibreOffice's address-space cap


DEFAULT_LIMITS = Limits()


# The ``[limits]`` table of the config file: user-facing key → (field, unit in bytes or 1).
CONFIG_KEYS: dict[str, tuple[str, int]] = {
    "max-file-mb": ("max_file_bytes", MiB),
    "max-part-mb": ("max_part_bytes", MiB),
    "max-total-mb": ("max_total_bytes", MiB),
    "max-ratio": ("max_ratio", 1),
    "max-members": ("max_members", 1),
    "convert-timeout": ("convert_timeout", 1),
    "convert-memory-mb": ("convert_memory_bytes", MiB),
}


def limit_pairs_from_config(table: Mapping[str, object]) -> tuple[tuple[str, int], ...]:
    """``[limits]`` keys and values → (field, value) pairs for ``Settings.limits``;
    raises ValueError naming the first bad key."""
    pairs: list[tuple[str, int]] = []
    for key, value in sorted(table.items()):
        if key not in CONFIG_KEYS:
            raise ValueError(f"unknown key {key!r}; known: {', '.join(CONFIG_KEYS)}")
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ValueError(f"{key!r} must be a positive integer")
        field, unit = CONFIG_KEYS[key]
        pairs.append((field, value * unit))
    return tuple(pairs)


def limits_from(pairs: Iterable[tuple[str, int]]) -> Limits:
    """Limits with some fields overridden by name (as ``Settings.limits`` holds them)."""
    names = {f.name for f in fields(Limits)}
    overrides = dict(pairs)
    unknown = sorted(set(overrides) - names)
    if unknown:
        raise ValueError(f"unknown limit {unknown[0]!r}; known: {', '.join(sorted(names))}")
    bad = sorted(k for k, v in overrides.items() if isinstance(v, bool) or not isinstance(v, int) or v <= 0)
    if bad:
        raise ValueError(f"limit {bad[0]!r} must be a positive integer")
    return replace(DEFAULT_LIMITS, **overrides)
