"""Compiled-data cache: work that depends only on the installed package (its
TOML data files parsed, its regular expressions compiled) done once per
machine instead of on every run.

The cache lives in ``$PERFGOALS_DATA_CACHE`` if set (empty turns it off), else
in ``$XDG_CACHE_HOME/perfgoals`` or ``~/.cache/perfgoals``: it is shared by
every project on the machine, unlike the per-project result cache, and is
used by single-file checks and ``--no-cache`` runs too (it holds nothing
about the checked files). Each store is one JSON file named after the
perfgoals version and the store's own key (for regular expressions, the
Python version); each entry carries the hash of what it was made from.

Like the result cache, it is an optimisation only: a store that is missing,
corrupt, foreign, oversized or not a regular file is a miss, is rebuilt and
overwritten; a folder that cannot be written turns writing off for the run.
JSON, not pickle or marshal, so a tampered store cannot run code.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

from perfgoals import __version__

ENV_DIR = "PERFGOALS_DATA_CACHE"
STORE_FORMAT = 1
MAX_STORE_BYTES = 8 * 1024 * 1024
DATA_DIR = Path(__file__).resolve().parent / "data"


def cache_root() -> Path | None:
    """The compiled-data cache folder, or None when it is turned off."""
    configured = os.environ.get(ENV_DIR)
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if base.startswith("~"):
        return None  # no home folder to expand
    return Path(base) / "perfgoals"


def _read_store(path: Path) -> bytes | None:
    try:
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
        descriptor = os.open(path, flags)
    except OSError:
        return None
    try:
        with os.fdopen(descriptor, "rb") as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_STORE_BYTES:
                return None
            raw = stream.read(MAX_STORE_BYTES + 1)
    except OSError:
        return None
    return raw if len(raw) <= MAX_STORE_BYTES else None


class Store:
    """One JSON file of entries ``name -> (digest, value)``, read at most once
    per process and written back (whole, atomically) when entries were added."""

    def __init__(self, name: str) -> None:
        self.name = name
        root = cache_root()
        self.path = None if root is None else root / f"{name}-{__version__}.json"
        self._entries: dict[str, list[Any]] | None = None
        self._dirty = False

    def _load(self) -> dict[str, list[Any]]:
        if self._entries is None:
            self._entries = {}
            raw = _read_store(self.path) if self.path is not None else None
            if raw is not None:
                with contextlib.suppress(ValueError, RecursionError):
                    data = json.loads(raw)
                    if (
                        isinstance(data, dict)
                        and data.get("format") == STORE_FORMAT
                        and data.get("store") == self.name
                        and data.get("version") == __version__
                        and isinstance(data.get("entries"), dict)
                    ):
                        self._entries = {
                            key: entry
                            for key, entry in data["entries"].items()
                            if isinstance(entry, list) and len(entry) == 2
                            and isinstance(entry[0], str)
                        }
        return self._entries

    def get(self, key: str, digest: str) -> Any:
        """The value stored for ``key`` if it was made from ``digest``, else None."""
        entry = self._load().get(key)
        return entry[1] if entry is not None and entry[0] == digest else None

    def put(self, key: str, digest: str, value: Any) -> None:
        self._load()[key] = [digest, value]
        self._dirty = True

    def save(self) -> None:
        """Write the store if entries were added; never raises for I/O."""
        if not self._dirty or self.path is None or self._entries is None:
            return
        self._dirty = False
        payload = json.dumps(
            {
                "format": STORE_FORMAT,
                "store": self.name,
                "version": __version__,
                "entries": self._entries,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode("utf-8")
        if len(payload) > MAX_STORE_BYTES:
            return
        import tempfile

        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(FileNotFoundError):
                if not stat.S_ISREG(os.lstat(self.path).st_mode):
                    return  # something else is in its place: leave it alone
            descriptor, temporary = tempfile.mkstemp(prefix=f".{self.name}.", dir=folder)
            try:
                with os.fdopen(descriptor, "wb") as stream:
                    stream.write(payload)
                os.replace(temporary, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError:
            return


_TOML = Store("data")


def load_toml(name: str) -> dict[str, Any]:
    """The parsed ``data/<name>`` TOML file: from the cache when it holds the
    file's current content hash, else parsed (and stored for the next run).
    Each call returns a fresh object, so a caller may change it freely."""
    raw = (DATA_DIR / name).read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    cached = _TOML.get(name, digest)
    if isinstance(cached, str):
        with contextlib.suppress(ValueError, RecursionError):
            parsed = json.loads(cached)
            if isinstance(parsed, dict):
                return parsed
    import tomllib

    parsed = tomllib.loads(raw.decode("utf-8"))
    text = json.dumps(parsed, ensure_ascii=False)
    if json.loads(text) == parsed:  # only data that JSON keeps exactly (no dates)
        _TOML.put(name, digest, text)
        _TOML.save()
    return parsed
