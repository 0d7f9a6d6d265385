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
import sys
from collections.abc import Callable
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


def read_regular_file(path: Path, limit: int) -> bytes | None:
    """The bytes of ``path`` if it is a regular file (not a link, a fifo or a
    device) of at most ``limit`` bytes, else None: what a cache folder holds
    is read, never trusted."""
    try:
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
        descriptor = os.open(path, flags)
    except OSError:
        return None
    try:
        with os.fdopen(descriptor, "rb") as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
                return None
            raw = stream.read(limit + 1)
    except OSError:
        return None
    return raw if len(raw) <= limit else None


class Store:
    """One JSON file of entries ``name -> (digest, value)``, read at most once
    per process and written back (whole, atomically) when entries were added.

    Bounded: past ``max_entries`` only the entries this run used are written
    back, so patterns made from changing input (a config's own patterns) never
    make the store grow without end."""

    def __init__(self, name: str, max_entries: int = 1000) -> None:
        self.name = name
        self.max_entries = max_entries
        self._used: set[str] = set()
        root = cache_root()
        self.path = None if root is None else root / f"{name}-{__version__}.json"
        self._entries: dict[str, list[Any]] | None = None
        self._dirty = False

    def _load(self) -> dict[str, list[Any]]:
        if self._entries is None:
            self._entries = {}
            raw = read_regular_file(self.path, MAX_STORE_BYTES) if self.path is not None else None
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
        if entry is None or entry[0] != digest:
            return None
        self._used.add(key)
        return entry[1]

    def put(self, key: str, digest: str, value: Any) -> None:
        self._load()[key] = [digest, value]
        self._used.add(key)
        self._dirty = True

    def save(self) -> None:
        """Write the store if entries were added; never raises for I/O."""
        if not self._dirty or self.path is None or self._entries is None:
            return
        self._dirty = False
        entries = self._entries
        if len(entries) > self.max_entries:
            entries = {key: entries[key] for key in self._used if key in entries}
        payload = json.dumps(
            {
                "format": STORE_FORMAT,
                "store": self.name,
                "version": __version__,
                "entries": entries,
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
# Config files (perfgoals.toml, a pyproject.toml searched for [tool.perfgoals])
# by content hash: a project's config parses once, not on every commit.
_CONFIGS = Store("configs", max_entries=200)


def _cached_toml(store: Store, key: str, digest: str) -> dict[str, Any] | None:
    cached = store.get(key, digest)
    if isinstance(cached, str):
        with contextlib.suppress(ValueError, RecursionError):
            parsed = json.loads(cached)
            if isinstance(parsed, dict):
                return parsed
    return None


def _remember_toml(store: Store, key: str, digest: str, parsed: dict[str, Any]) -> None:
    try:
        text = json.dumps(parsed, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        return  # dates and times: JSON has no such values
    if json.loads(text) == parsed:  # only data that JSON keeps exactly
        store.put(key, digest, text)
        store.save()


def content_digest(raw: bytes) -> str:
    """The digest by which a store knows what an entry was made from."""
    return hashlib.sha256(raw).hexdigest()


def load_toml(name: str) -> dict[str, Any]:
    """The parsed ``data/<name>`` TOML file: from the cache when it holds the
    file's current content hash, else parsed (and stored for the next run).
    Each call returns a fresh object, so a caller may change it freely."""
    raw = (DATA_DIR / name).read_bytes()
    digest = content_digest(raw)
    cached = _cached_toml(_TOML, name, digest)
    if cached is not None:
        return cached
    import tomllib

    parsed = tomllib.loads(raw.decode("utf-8"))
    _remember_toml(_TOML, name, digest, parsed)
    return parsed


# Tables worked out from the package's data files alone (the text check's
# replacement characters), by the digests of those files.
_DERIVED = Store("derived")


def derived_table(name: str, made_from: str, make: Callable[[], dict[str, str]]) -> dict[str, str]:
    """The table ``make`` returns, from the cache when it was made from the
    same data (``made_from``: the digests of the data files it reads and the
    version of its recipe), else made and stored for the next run."""
    cached = _DERIVED.get(name, made_from)
    if isinstance(cached, dict) and all(
        isinstance(key, str) and isinstance(value, str) for key, value in cached.items()
    ):
        return dict(cached)
    table = make()
    _DERIVED.put(name, made_from, table)
    _DERIVED.save()
    return table


def parsed_config(raw: bytes) -> dict[str, Any] | None:
    """A config file's TOML as parsed before, by the hash of its bytes; None
    when it has not been parsed (or could not be kept)."""
    digest = content_digest(raw)
    return _cached_toml(_CONFIGS, digest, digest)


def remember_config(raw: bytes, parsed: dict[str, Any]) -> None:
    """Keep a config file's parsed TOML for the next run."""
    digest = content_digest(raw)
    _remember_toml(_CONFIGS, digest, digest, parsed)



# Regular expressions. Compiling the package's patterns (some hundred, a few
# of them alternations of hundreds of words) is a sizeable part of a short
# run. Python's `re` turns a pattern into a list of integers (sre code) in
# Python code, then hands it to `_sre.compile`; the code depends only on the
# pattern, the flags and the interpreter, so it is kept in a store named after
# the interpreter and served to `_sre.compile` directly on later runs.
# `_sre.compile` validates the code it is given (bad code raises, never
# crashes); anything unexpected falls back to `re`'s own compilation.
_PATTERN_STORE: Store | None = None
_ORIGINAL_COMPILE: Any = None


def _pattern_digest() -> str:
    import _sre  # type: ignore[import-not-found]

    return f"{sys.version}|{_sre.MAGIC}"


def install_pattern_cache() -> bool:
    """Serve `re` compilations from the store from now on, in this process
    (the command line calls it before the rules load); False when this Python
    is not one whose `re` internals are known (3.11-3.13)."""
    global _PATTERN_STORE, _ORIGINAL_COMPILE
    if _PATTERN_STORE is not None:
        return True
    if not (3, 11) <= sys.version_info[:2] <= (3, 13) or sys.implementation.name != "cpython":
        return False
    try:
        import _sre
        from re import _compiler, _parser  # type: ignore[attr-defined]
    except ImportError:
        return False
    original = _compiler.compile
    code_of = getattr(_compiler, "_code", None)
    if code_of is None or not hasattr(_sre, "compile"):
        return False
    store = Store(f"patterns-{sys.implementation.cache_tag}")
    digest = _pattern_digest()
    debug = _compiler.SRE_FLAG_DEBUG

    def compile_cached(pattern: Any, flags: int = 0) -> Any:
        if not isinstance(pattern, str) or not isinstance(flags, int) or flags & debug:
            return original(pattern, flags)
        key = f"{flags}:{pattern}"
        entry = store.get(key, digest)
        if entry is not None:
            try:
                final_flags, code, groups, groupindex = entry
                indexgroup: list[str | None] = [None] * (groups + 1)
                for name, index in groupindex.items():
                    indexgroup[index] = name
                return _sre.compile(
                    pattern, final_flags, code, groups, groupindex, tuple(indexgroup)
                )
            except Exception:  # a bad entry is a miss: compile as re does
                pass
        # re._compiler.compile, step by step, keeping what _sre.compile takes.
        state = (parsed := _parser.parse(pattern, flags)).state
        code = code_of(parsed, flags)
        indexgroup = [None] * state.groups
        for name, index in state.groupdict.items():
            indexgroup[index] = name
        compiled = _sre.compile(
            pattern, flags | state.flags, code, state.groups - 1, state.groupdict,
            tuple(indexgroup),
        )
        store.put(
            key, digest, [flags | state.flags, list(code), state.groups - 1, state.groupdict]
        )
        return compiled

    _ORIGINAL_COMPILE = original
    _PATTERN_STORE = store
    _compiler.compile = compile_cached
    return True


def save_pattern_cache() -> None:
    """Write the patterns compiled in this run for the next one."""
    if _PATTERN_STORE is not None:
        _PATTERN_STORE.save()


def uninstall_pattern_cache() -> None:
    """Give `re` its own compilation back (and write the store)."""
    global _PATTERN_STORE, _ORIGINAL_COMPILE
    if _PATTERN_STORE is None:
        return
    from re import _compiler  # type: ignore[attr-defined]

    save_pattern_cache()
    _compiler.compile = _ORIGINAL_COMPILE
    _PATTERN_STORE = _ORIGINAL_COMPILE = None
