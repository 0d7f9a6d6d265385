"""The compiled-data cache: parsed data files and compiled patterns come back
exactly as made, and a missing, corrupt or foreign store is only a miss."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from perfgoals import compiled
from perfgoals.compiled import DATA_DIR, Store, load_toml

from conftest import ROOT, SAMPLE_TXT

DATA_FILES = sorted(path.name for path in DATA_DIR.glob("*.toml"))


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(compiled.ENV_DIR, str(tmp_path))
    monkeypatch.setattr(compiled, "_TOML", Store("data"))
    return tmp_path


def store_file(folder: Path, name: str) -> Path:
    (path,) = folder.glob(f"{name}-*.json")
    return path


def test_data_files_come_back_as_parsed_cold_and_warm(cache_dir: Path) -> None:
    expected = {name: tomllib.loads((DATA_DIR / name).read_text("utf-8")) for name in DATA_FILES}
    assert {name: load_toml(name) for name in DATA_FILES} == expected  # parsed, stored
    assert store_file(cache_dir, "data").stat().st_size > 0
    compiled._TOML = Store("data")  # a later run: read from the store
    warm = {name: load_toml(name) for name in DATA_FILES}
    assert warm == expected
    warm["labels.toml"].clear()  # each call hands out its own copy
    assert load_toml("labels.toml") == expected["labels.toml"]


def test_a_changed_data_file_is_parsed_again(cache_dir: Path) -> None:
    store = Store("data")
    store.put("labels.toml", "a digest of other content", json.dumps({"stale": True}))
    store.save()
    compiled._TOML = Store("data")
    assert "stale" not in load_toml("labels.toml")


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xff not json",
        b"[]",
        b'{"format": 1, "store": "data", "version": "0.0.0", "entries": {}}',
        b'{"format": 1, "store": "data", "version": "%s", "entries": {"labels.toml": 5}}',
        b'{"format": 1, "store": "data", "version": "%s", "entries": {"labels.toml": [1, 2]}}',
        b"[" * 100_000,
    ],
)
def test_a_corrupt_or_foreign_store_is_a_miss(cache_dir: Path, content: bytes) -> None:
    from perfgoals import __version__

    path = cache_dir / f"data-{__version__}.json"
    path.write_bytes(content.replace(b"%s", __version__.encode()))
    expected = tomllib.loads((DATA_DIR / "labels.toml").read_text("utf-8"))
    assert load_toml("labels.toml") == expected
    data = json.loads(path.read_bytes())  # rewritten whole
    assert data["entries"]["labels.toml"][0]


def test_a_store_that_is_not_a_regular_file_is_left_alone(cache_dir: Path) -> None:
    from perfgoals import __version__

    path = cache_dir / f"data-{__version__}.json"
    path.mkdir()
    assert load_toml("goals.toml") == tomllib.loads((DATA_DIR / "goals.toml").read_text("utf-8"))
    assert path.is_dir()
    if hasattr(os, "mkfifo"):
        path.rmdir()
        os.mkfifo(path)
        compiled._TOML = Store("data")
        assert load_toml("goals.toml")  # neither blocks on the FIFO nor fails


def test_an_unwritable_cache_folder_turns_writing_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", "utf-8")
    monkeypatch.setenv(compiled.ENV_DIR, str(blocker / "cache"))  # under a file
    monkeypatch.setattr(compiled, "_TOML", Store("data"))
    assert load_toml("goals.toml")
    monkeypatch.setenv(compiled.ENV_DIR, "")  # turned off
    monkeypatch.setattr(compiled, "_TOML", Store("data"))
    assert compiled.cache_root() is None and load_toml("goals.toml")


def test_the_store_keeps_only_used_entries_past_its_bound(cache_dir: Path) -> None:
    store = Store("bounded", max_entries=3)
    for index in range(5):
        store.put(f"k{index}", "d", index)
    store.save()
    later = Store("bounded", max_entries=3)
    assert later.get("k4", "d") == 4
    later.put("k5", "d", 5)
    later.save()
    assert set(json.loads(store_file(cache_dir, "bounded").read_bytes())["entries"]) == {
        "k4",
        "k5",
    }


PATTERNS = [
    (r"(?P<year>(?:19|20)\d\d)年(?P<month>\d{1,2})月", 0),
    (r"^\s*[（(]?[一二三四五六七八九十]+[)）、.]", re.M),
    (r"(a)|(b)(?:c)", re.I),
    (r"[\u4e00-\u9fff]+(?=[〔\[])", 0),
    (r"x*", re.X | re.S),
]


def test_patterns_from_the_cache_match_as_re_compiles_them(cache_dir: Path) -> None:
    text = "2023年12月 （三）B一二〔2022〕 xyz\nAbc"
    assert compiled.install_pattern_cache()
    try:
        fresh = [re.compile(pattern, flags) for pattern, flags in PATTERNS]
    finally:
        compiled.uninstall_pattern_cache()
    re.purge()
    store = json.loads(store_file(cache_dir, f"patterns-{sys.implementation.cache_tag}").read_bytes())
    assert len(store["entries"]) >= len(PATTERNS)
    assert compiled.install_pattern_cache()
    try:
        re.purge()
        cached = [re.compile(pattern, flags) for pattern, flags in PATTERNS]
    finally:
        compiled.uninstall_pattern_cache()
        re.purge()
    plain = [re.compile(pattern, flags) for pattern, flags in PATTERNS]
    for one, two, three in zip(fresh, cached, plain, strict=True):
        for pattern in (one, two):
            assert (pattern.pattern, pattern.flags, pattern.groups, pattern.groupindex) == (
                three.pattern,
                three.flags,
                three.groups,
                three.groupindex,
            )
            assert [m.groupdict() or m.groups() for m in pattern.finditer(text)] == [
                m.groupdict() or m.groups() for m in three.finditer(text)
            ]
            assert [m.span() for m in pattern.finditer(text)] == [
                m.span() for m in three.finditer(text)
            ]


def test_a_bad_compiled_pattern_entry_is_a_miss(cache_dir: Path) -> None:
    digest = compiled._pattern_digest()
    store = Store(f"patterns-{sys.implementation.cache_tag}")
    store.put("0:ab+c", digest, [32, [1, 2, 3], 0, {}])  # code _sre refuses
    store.put("0:(x)", digest, "not an entry")
    store.save()
    assert compiled.install_pattern_cache()
    try:
        re.purge()
        assert re.compile("ab+c").fullmatch("abbbc")
        assert re.compile("(x)").match("x").group(1) == "x"  # type: ignore[union-attr]
    finally:
        compiled.uninstall_pattern_cache()
        re.purge()


def test_check_prints_the_same_with_a_cold_warm_or_broken_cache(tmp_path: Path) -> None:
    env = {**os.environ, compiled.ENV_DIR: str(tmp_path)}

    def check() -> tuple[int, str]:
        result = subprocess.run(
            [sys.executable, "-m", "perfgoals", "check", str(SAMPLE_TXT), "--no-cache",
             "--format", "json"],
            capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
        )
        assert "Traceback" not in result.stderr
        report = json.loads(result.stdout)
        return result.returncode, json.dumps(report["files"], sort_keys=True)

    cold = check()
    stores = {path.name.split("-")[0] for path in tmp_path.glob("*.json")}
    assert {"data", "patterns"} <= stores, stores  # and configs: the repository's pyproject
    assert check() == cold
    for path in tmp_path.glob("*.json"):
        data = json.loads(path.read_bytes())
        for entry in data["entries"].values():
            entry[1] = [0, [0], 0, {}] if path.name.startswith("patterns") else "[]"
        path.write_text(json.dumps(data), "utf-8")
    assert check() == cold


def test_a_config_file_is_parsed_once_and_its_faults_every_time(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from perfgoals.config import parse_toml
    from perfgoals.errors import UsageError

    monkeypatch.setattr(compiled, "_CONFIGS", Store("configs"))
    config = tmp_path / "perfgoals.toml"
    config.write_text('select = ["PG1"]\n[rules.PG101]\npattern = "x"\n', "utf-8")
    first = parse_toml(config)
    monkeypatch.setattr(compiled, "_CONFIGS", Store("configs"))  # a later run
    monkeypatch.setattr(tomllib, "loads", None)  # must not be needed
    assert parse_toml(config) == first == {"select": ["PG1"], "rules": {"PG101": {"pattern": "x"}}}
    monkeypatch.undo()
    monkeypatch.setenv(compiled.ENV_DIR, str(cache_dir))
    config.write_text('select = ["PG1"\n', "utf-8")
    for _ in range(2):
        with pytest.raises(UsageError, match="invalid TOML"):
            parse_toml(config)


def test_derived_tables_are_made_once_and_remade_from_other_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(compiled.ENV_DIR, str(tmp_path))
    monkeypatch.setattr(compiled, "_DERIVED", Store("derived"))
    made: list[str] = []

    def make(value: str) -> dict[str, str]:
        made.append(value)
        return {"yi": value}

    assert compiled.derived_table("t", "data-1", lambda: make("一")) == {"yi": "一"}
    monkeypatch.setattr(compiled, "_DERIVED", Store("derived"))  # a later run
    assert compiled.derived_table("t", "data-1", lambda: make("二")) == {"yi": "一"}
    assert made == ["一"]
    # Other data (or another recipe): made again, never the old table.
    assert compiled.derived_table("t", "data-2", lambda: make("三")) == {"yi": "三"}
    store = Store("derived")
    store.put("t", "data-3", {"yi": 3})  # not a table of strings: a miss
    store.save()
    monkeypatch.setattr(compiled, "_DERIVED", Store("derived"))
    assert compiled.derived_table("t", "data-3", lambda: make("四")) == {"yi": "四"}
    assert made == ["一", "三", "四"]


def test_the_replacement_tables_come_back_as_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from perfgoals.textcheck import generic
    from perfgoals.textcheck.lexicon import load_lexicon

    monkeypatch.setenv(compiled.ENV_DIR, str(tmp_path))
    monkeypatch.setattr(compiled, "_DERIVED", Store("derived"))
    lexicon = load_lexicon()
    cold = generic.Candidates(lexicon)
    monkeypatch.setattr(compiled, "_DERIVED", Store("derived"))
    warm = generic.Candidates(lexicon)
    assert warm._by_reading == cold._by_reading == generic._by_reading(lexicon)
    assert warm._shapes == cold._shapes == generic._common_shapes(lexicon)
    assert [warm.of(char) for char in "经费保障计续"] == [cold.of(char) for char in "经费保障计续"]
    # A table that is not the shipped one (no digest) is never served from the cache.
    unkeyed = generic.Candidates(generic.Lexicon(_lexicon_text()))
    assert unkeyed._by_reading == cold._by_reading and unkeyed._shapes == cold._shapes
    assert set(store_file(tmp_path, "derived").read_text("utf-8").split('"')) >= {
        "textcheck-readings", "textcheck-shapes"
    }


def _lexicon_text() -> str:
    from perfgoals.textcheck.lexicon import DATA_DIR, LEXICON_FILE

    return (DATA_DIR / LEXICON_FILE).read_text("utf-8")


def test_the_common_characters_come_back_as_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from perfgoals.textcheck import lexicon as module

    monkeypatch.setenv(compiled.ENV_DIR, str(tmp_path))
    monkeypatch.setattr(compiled, "_DERIVED", Store("derived"))
    raw = (module.DATA_DIR / module.LEXICON_FILE).read_bytes()
    counted = module.Lexicon(raw.decode("utf-8"))  # no digest: counted, never cached
    expected = frozenset(
        char for char, freq in counted.char_freq.items() if freq >= counted.rare_char_freq
    )
    assert counted.common_chars == expected and "的" in expected and "踧" not in expected
    digest = compiled.content_digest(raw)
    assert module.Lexicon(raw.decode("utf-8"), digest=digest).common_chars == expected
    monkeypatch.setattr(compiled, "_DERIVED", Store("derived"))  # a later run
    assert module.Lexicon(raw.decode("utf-8"), digest=digest).common_chars == expected
