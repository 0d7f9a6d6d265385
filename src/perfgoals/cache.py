"""Per-file result cache: a file whose bytes, path, effective settings and
perfgoals code are unchanged is not read again.

One small JSON entry per file under ``<cache>/<namespace>/<xx>/<key>.json``.
The namespace hashes the perfgoals version, the package's own files (so an
editable install that changes a rule does not serve stale results) and
``Settings.cache_token()``; the key adds the file's content hash and its
displayed path (fingerprints and per-file ignores depend on the path).

Safe under concurrent runs: entries are written to a temporary file and
renamed into place, so a reader sees a whole entry or none; an entry that
does not parse or does not match its key is a miss. The cache is an
optimisation only: a folder that cannot be created or written turns writing
off for the run, and never fails it. Entries are JSON, not pickle, so a
tampered cache folder cannot run code.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import stat
from dataclasses import fields
from functools import cache
from pathlib import Path
from typing import Any

from perfgoals import __version__
from perfgoals.compiled import read_regular_file
from perfgoals.findings import FileResult, Finding, Location
from perfgoals.settings import Settings

DEFAULT_CACHE_DIR = ".perfgoals_cache"
ENTRY_FORMAT = 1
_READ_CHUNK = 1 << 20

# Written once into a new cache folder: tools that honour CACHEDIR.TAG skip it
# in backups, and git ignores it without anyone editing .gitignore (as ruff does).
_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by perfgoals.\n"
)


def file_digest(path: Path) -> str | None:
    """SHA-256 of the file's bytes; None when it cannot be read (the checker
    then reports why, and the result is not cached)."""
    digest = hashlib.sha256()
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return None  # a pipe or a device: opening it may block, reading never end
        with path.open("rb") as stream:
            while chunk := stream.read(_READ_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


@cache
def code_token() -> str:
    """Size and mtime of every file of the installed package: any edit to a
    rule, reader or data file starts a fresh namespace."""
    root = Path(__file__).resolve().parent
    parts = [__version__]
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")):
                continue
            with contextlib.suppress(OSError):
                stat = os.stat(os.path.join(folder, name))
                parts.append(f"{os.path.relpath(os.path.join(folder, name), root)}:"
                             f"{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def _location_row(loc: Location) -> list[Any]:
    # Every field in declaration order, so a field added to Location is cached too.
    return [getattr(loc, name) for name in _LOCATION_FIELDS]


_LOCATION_FIELDS = tuple(f.name for f in dataclasses.fields(Location))


def result_to_json(result: FileResult) -> dict[str, Any]:
    """A compact, exact JSON form of a FileResult (rows, not objects: smaller
    and faster to load back)."""
    return {
        "path": result.path,
        "status": result.status,
        "tables": result.tables,
        "kind": result.kind,
        "unit_code": result.unit_code,
        "unit_name": result.unit_name,
        "source_format": result.source_format,
        "project_codes": [list(entry) for entry in result.project_codes],
        "errors": list(result.errors),
        "views": result.views,
        "findings": [
            [f.rule, f.name, f.severity, f.message, _location_row(f.location), f.fingerprint,
             f.suggestion]
            for f in result.findings
        ],
    }


def result_from_json(data: dict[str, Any]) -> FileResult:
    findings = [
        Finding(
            rule=rule,
            name=name,
            severity=severity,
            message=message,
            location=Location(*location),
            fingerprint=fingerprint,
            suggestion=suggestion,
        )
        for rule, name, severity, message, location, fingerprint, suggestion in data["findings"]
    ]
    return FileResult(
        path=data["path"],
        status=data["status"],
        tables=data["tables"],
        findings=findings,
        kind=data["kind"],
        unit_code=data["unit_code"],
        unit_name=data["unit_name"],
        source_format=data["source_format"],
        project_codes=[
            (code, part, table, name) for code, part, table, name in data["project_codes"]
        ],
        errors=list(data["errors"]),
        views=list(data.get("views", [])),
    )


class ResultCache:
    """Reads and writes the entries of one namespace (one settings + code state).

    Plain data (a folder and a namespace string), so it pickles cheaply into
    worker processes, which write the entries of the files they check.
    """

    def __init__(self, root: Path, settings: Settings) -> None:
        self.root = Path(root)
        namespace = hashlib.sha256(
            f"{ENTRY_FORMAT}\n{code_token()}\n{settings.cache_token()}".encode()
        ).hexdigest()[:24]
        self.folder = self.root / __version__ / namespace
        self.writable = True
        self._made: set[str] = set()

    def key(self, display: str, digest: str) -> str:
        return hashlib.sha256(f"{display}\x1f{digest}".encode()).hexdigest()

    def _entry(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, display: str, digest: str) -> FileResult | None:
        """The cached result, or None on a miss or an unusable entry: one that is
        not a regular file (a FIFO would block), is oversized, does not parse,
        is nested too deeply, or does not have the shape of a result. Such an
        entry is overwritten by the next ``put``."""
        key = self.key(display, digest)
        raw = read_regular_file(self._entry(key), MAX_ENTRY_BYTES)
        if raw is None:
            return None
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            return None
        if (
            not isinstance(data, dict)
            or data.get("key") != key
            or data.get("format") != ENTRY_FORMAT
            or not _valid_result(data.get("result"), display)
        ):
            return None  # a corrupt or foreign entry: recompute and overwrite it
        try:
            return result_from_json(data["result"])
        except (ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, display: str, digest: str, result: FileResult) -> bool:
        """Store ``result``; False (and writing off for this process) if the
        folder is not writable. Never raises for an I/O problem."""
        if not self.writable:
            return False
        key = self.key(display, digest)
        target = self._entry(key)
        payload = json.dumps(
            {"format": ENTRY_FORMAT, "key": key, "result": result_to_json(result)},
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode("utf-8")
        try:
            self._prepare(target.parent)
            _clear_odd_entry(target)
            import tempfile  # only a run that writes entries pays for it (shutil, random)

            descriptor, temporary = tempfile.mkstemp(
                prefix=f".{key[:16]}.", suffix=".tmp", dir=target.parent
            )
            try:
                with os.fdopen(descriptor, "wb") as stream:
                    stream.write(payload)
                # No fsync: a torn entry after a power cut fails to parse and
                # is a miss, and fsync per file would dominate a cold run.
                os.replace(temporary, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError:
            self.writable = False
            return False
        return True

    def _prepare(self, folder: Path) -> None:
        if str(folder) in self._made:
            return
        if not self.root.exists():
            self.root.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(OSError):
                (self.root / "CACHEDIR.TAG").write_text(_CACHEDIR_TAG, encoding="utf-8")
                (self.root / ".gitignore").write_text(
                    "# Created by perfgoals automatically.\n*\n", encoding="utf-8"
                )
        folder.mkdir(parents=True, exist_ok=True)
        self._made.add(str(folder))

    def __getstate__(self) -> dict[str, Any]:
        return {"root": self.root, "folder": self.folder, "writable": self.writable}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.root = state["root"]
        self.folder = state["folder"]
        self.writable = state["writable"]
        self._made = set()


# An entry holds one file's findings: a few KB, some hundreds for a large filing.
MAX_ENTRY_BYTES = 32 * 1024 * 1024
_STATUSES = ("ok", "unreadable")


def _clear_odd_entry(target: Path) -> None:
    """Remove whatever is in an entry's place that a rename cannot replace or
    that is not a file (a folder, a link): the cache folder is ours."""
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return
    if stat.S_ISDIR(info.st_mode):
        import shutil

        shutil.rmtree(target)
    elif not stat.S_ISREG(info.st_mode):
        os.unlink(target)


def _optional(value: object, kind: type | tuple[type, ...]) -> bool:
    return value is None or (isinstance(value, kind) and not isinstance(value, bool))


def _valid_result(data: object, display: str) -> bool:
    """Whether ``data`` has exactly the shape ``result_to_json`` writes."""
    if not isinstance(data, dict) or data.get("path") != display:
        return False
    if data.get("status") not in _STATUSES or not isinstance(data.get("tables"), int):
        return False
    if not all(_optional(data.get(k), str) for k in ("kind", "unit_code", "unit_name", "source_format")):
        return False
    errors, codes, findings = data.get("errors"), data.get("project_codes"), data.get("findings")
    if not isinstance(errors, list) or not all(isinstance(e, str) for e in errors):
        return False
    if not isinstance(codes, list) or not all(
        isinstance(c, list) and len(c) == 4 and isinstance(c[0], str) and _optional(c[1], int)
        and _optional(c[2], int) and _optional(c[3], str)
        for c in codes
    ):
        return False
    if not isinstance(findings, list):
        return False
    for finding in findings:
        if not isinstance(finding, list) or len(finding) != 7:
            return False
        rule, name, severity, message, location, fingerprint, suggestion = finding
        if not all(isinstance(v, str) for v in (rule, name, severity, message, fingerprint)):
            return False
        if severity not in ("error", "warning", "info") or not _optional(suggestion, str):
            return False
        if not isinstance(location, list) or len(location) != len(fields(Location)):
            return False
        if not all(_optional(v, (int, str)) for v in location):
            return False
    return True


def default_cache_dir(cwd: Path | None = None) -> Path:
    return (cwd or Path.cwd()) / DEFAULT_CACHE_DIR


def open_cache(
    paths: list[Path], enabled: bool, cache_dir: Path | None, settings: Settings
) -> ResultCache | None:
    """The cache for a ``check`` run: on by default when a folder is checked
    (a one-off check of a single file leaves no cache folder behind), or
    wherever ``--cache-dir`` points; off with ``--no-cache``."""
    if not enabled:
        return None
    if cache_dir is None:
        if not any(path.is_dir() for path in paths):
            return None
        cache_dir = default_cache_dir()
    return ResultCache(cache_dir, settings)
