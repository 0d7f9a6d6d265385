"""Batch runs: walking folders, parallel checking in a stable order, the result
cache, the progress bar and closing summary, and what a crash, Ctrl-C or a
kill leaves behind (inputs untouched, never half a report)."""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from perfgoals import engine
from perfgoals.cache import (
    ResultCache,
    file_digest,
    open_cache,
    result_from_json,
    result_to_json,
)
from perfgoals.findings import FileResult
from perfgoals.progress import ProgressBar, closing_summary, wants_progress
from perfgoals.runner import InputFile, RunResult, collect_inputs, run
from perfgoals.settings import Settings

from conftest import ROOT


def _bench_module(name: str) -> ModuleType:
    """A script of bench/, under a name no test helper module can shadow."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


corpus_script = _bench_module("make_corpus")
Shape, make_corpus = corpus_script.Shape, corpus_script.make_corpus

CORPUS_FILES = 12


@pytest.fixture(scope="module")
def full_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """12 generated filings of 10-60 tables, each with one injected defect."""
    folder = tmp_path_factory.mktemp("batch") / "corpus"
    make_corpus(folder, CORPUS_FILES, Shape(seed=7, defect_share=1.0))
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same kinds of defects in smaller filings (4-8 tables): quick runs."""
    folder = tmp_path_factory.mktemp("batch") / "corpus"
    make_corpus(folder, CORPUS_FILES, Shape(seed=7, defect_share=1.0, min_tables=4,
                                            max_tables=8))
    return folder


def manifest(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "manifest.json").read_text("utf-8"))
    return data


def perfgoals(*args: str, cwd: Path, env: dict[str, str] | None = None,
              timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfgoals", *args],
        capture_output=True, text=True, cwd=cwd, timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def inputs_of(folder: Path) -> list[InputFile]:
    return collect_inputs([folder])


# --- walking -----------------------------------------------------------------


def test_walk_is_recursive_supported_only_and_skips_hidden_and_excluded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "filings"
    for name in (
        "a.docx", "b.TXT", "notes.pptx", "deep/x/y/c.txt", ".git/d.txt", "deep/.cache/e.docx",
        "~$lock.docx", ".hidden.txt", "archive/old.docx", "deep/archive/older.txt",
    ):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    (root / "deep" / "loop").symlink_to(root, target_is_directory=True)  # a symlink loop
    (root / "linked.txt").symlink_to(root / "a.docx")  # the same file: checked once

    found = [item.display for item in collect_inputs([root], exclude=["archive/*"])]
    assert found == ["filings/a.docx", "filings/b.TXT", "filings/deep/x/y/c.txt"]
    everything = [item.display for item in collect_inputs([root, root / "a.docx"])]
    assert everything.count("filings/a.docx") == 1  # each file once, however named
    assert "filings/archive/old.docx" in everything


# --- parallel and deterministic ---------------------------------------------------


def test_every_injected_defect_is_found_and_jobs_agree_byte_for_byte(
    full_corpus: Path, tmp_path: Path
) -> None:
    corpus = full_corpus
    folder = corpus.parent
    reports = {}
    for jobs in ("1", "2"):
        result = perfgoals("check", "corpus", "--jobs", jobs, "--no-cache", "--format", "json",
                           cwd=folder)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        reports[jobs] = result.stdout
    assert reports["1"] == reports["2"]

    report = json.loads(reports["1"])
    by_path = {entry["path"]: entry for entry in report["files"]}
    assert len(by_path) == CORPUS_FILES
    expected = [
        (f"corpus/{entry['path']}", defect)
        for entry in manifest(corpus)["files"]
        for defect in entry["defects"]
    ]
    assert {defect["rule"] for _, defect in expected} >= {"PG001", "PG101", "PG201", "PG301",
                                                          "PG701"}
    for path, defect in expected:
        found = {
            (f["rule"], f["location"]["part"], f["location"]["table"])
            for f in by_path[path]["findings"]
        }
        assert (defect["rule"], defect["part"], defect["table"]) in found, (path, defect)
        if defect["rule"] == "PG001":
            assert by_path[path]["status"] == "unreadable"


def test_order_is_the_input_order_whatever_finishes_first(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = engine.check_path

    def slow_first(path: Path, display: str, settings: Settings) -> FileResult:
        # Early files finish last: the workers' completion order is reversed.
        time.sleep(0.02 * (CORPUS_FILES - int(path.stem.rsplit("-", 1)[1])))
        return original(path, display, settings)

    monkeypatch.setattr(engine, "check_path", slow_first)
    inputs = inputs_of(corpus)
    finished: list[str] = []
    result = run(inputs, Settings(), jobs=2, on_result=lambda r: finished.append(r.path))
    assert [r.path for r in result.files] == [item.display for item in inputs]
    assert sorted(finished) == sorted(item.display for item in inputs)
    assert not result.interrupted


def test_a_crashing_worker_becomes_pg001_and_the_batch_goes_on(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = inputs_of(corpus)
    victim = inputs[3].display
    original = engine.check_path

    def crash_on_victim(path: Path, display: str, settings: Settings) -> FileResult:
        if display == victim:
            os._exit(3)  # as a segfault or the OOM killer would end the worker
        return original(path, display, settings)

    monkeypatch.setattr(engine, "check_path", crash_on_victim)
    crashed = run(inputs, Settings(), jobs=2)
    monkeypatch.setattr(engine, "check_path", original)
    clean = run(inputs, Settings(), jobs=1)
    assert [r.path for r in crashed.files] == [r.path for r in clean.files]
    for got, want in zip(crashed.files, clean.files, strict=True):
        if got.path == victim:
            assert got.status == "unreadable"
            assert [f.rule for f in got.findings] == ["PG001"]
            assert "进程" in got.findings[0].message
        else:  # the same, but for codes the crashed file shared with it (PG701)
            assert [f for f in got.findings if f.rule != "PG701"] == [
                f for f in want.findings if f.rule != "PG701"
            ]


# --- cache -------------------------------------------------------------------------


def test_cache_hits_on_rerun_and_misses_on_any_change(corpus: Path, tmp_path: Path) -> None:
    inputs = inputs_of(corpus)
    cache = ResultCache(tmp_path / "cache", Settings())
    cold = run(inputs, Settings(), jobs=2, result_cache=cache)
    warm = run(inputs, Settings(), jobs=2, result_cache=ResultCache(tmp_path / "cache",
                                                                    Settings()))
    assert (cold.cached, warm.cached) == (0, CORPUS_FILES)
    assert [(r.path, r.findings, r.unit_name, r.tables) for r in warm.files] == [
        (r.path, r.findings, r.unit_name, r.tables) for r in cold.files
    ]
    # PG701 is recomputed over the whole batch, never stored per file.
    assert any(f.rule == "PG701" for r in warm.files for f in r.findings)
    other_settings = Settings(ignore=("PG201",))
    changed = run(inputs, other_settings, result_cache=ResultCache(tmp_path / "cache",
                                                                   other_settings))
    assert changed.cached == 0
    assert not any(f.rule == "PG201" for r in changed.files for f in r.findings)
    assert not list((tmp_path / "cache").rglob("*.tmp"))


def test_cache_entries_round_trip_a_result_exactly(corpus: Path) -> None:
    item = inputs_of(corpus)[5]
    result = engine.check_path(item.path, item.display, Settings())
    assert result.project_codes and result.findings
    assert result_from_json(json.loads(json.dumps(result_to_json(result)))) == result


def test_an_edited_file_is_checked_again(tmp_path: Path, corpus: Path) -> None:
    folder = tmp_path / "one"
    folder.mkdir()
    source = next(corpus.rglob("*.txt"))
    target = folder / "filing.txt"
    target.write_bytes(source.read_bytes())
    cache_dir = tmp_path / "cache"
    first = run(inputs_of(folder), Settings(), result_cache=ResultCache(cache_dir, Settings()))
    target.write_text(target.read_text("utf-8").replace("预算数", "预 算 数", 1), "utf-8")
    second = run(inputs_of(folder), Settings(), result_cache=ResultCache(cache_dir, Settings()))
    assert second.cached == 0
    third = run(inputs_of(folder), Settings(), result_cache=ResultCache(cache_dir, Settings()))
    assert third.cached == 1 and third.files[0].findings == second.files[0].findings
    assert first.files[0].path == third.files[0].path


def test_corrupt_and_foreign_entries_are_misses(tmp_path: Path, corpus: Path) -> None:
    inputs = inputs_of(corpus)[:3]
    cache = ResultCache(tmp_path / "cache", Settings())
    run(inputs, Settings(), result_cache=cache)
    entries = sorted(cache.folder.rglob("*.json"))
    assert len(entries) == 3
    entries[0].write_bytes(b'{"format": 1, "key": "')  # torn write
    entries[1].write_bytes(json.dumps({"format": 1, "key": "someone else's"}).encode())
    again = run(inputs, Settings(), result_cache=ResultCache(tmp_path / "cache", Settings()))
    assert again.cached == 1
    assert json.loads(entries[0].read_bytes())["format"] == 1  # rewritten whole


def test_an_unwritable_cache_folder_does_not_fail_the_run(tmp_path: Path, corpus: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    inputs = inputs_of(corpus)[:4]
    cache = ResultCache(blocker / "cache", Settings())
    result = run(inputs, Settings(), jobs=2, result_cache=cache)
    assert len(result.files) == 4 and result.cached == 0
    assert cache.put("x", "0" * 64, result.files[0]) is False
    cli = perfgoals("check", str(corpus), "--cache-dir", str(blocker / "cache"),
                    "--format", "json", cwd=tmp_path)
    assert cli.returncode == 1 and "Traceback" not in cli.stderr
    assert len(json.loads(cli.stdout)["files"]) == CORPUS_FILES


def test_cache_is_on_for_folders_and_off_for_single_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, corpus: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    one_file = next(corpus.rglob("*.txt"))
    assert open_cache([one_file], True, None, Settings()) is None
    assert open_cache([corpus], False, None, Settings()) is None
    on = open_cache([corpus], True, None, Settings())
    assert on is not None and on.root == tmp_path / ".perfgoals_cache"
    chosen = open_cache([one_file], True, tmp_path / "mine", Settings())
    assert chosen is not None and chosen.root == tmp_path / "mine"


def test_concurrent_runs_share_one_cache(corpus: Path, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "perfgoals", "check", str(corpus), "--jobs", "2",
               "--format", "json", "--cache-dir", str(tmp_path / "cache")]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(3)]
    outputs = [process.communicate(timeout=120) for process in runs]
    assert [process.returncode for process in runs] == [1, 1, 1]
    assert all("Traceback" not in stderr for _, stderr in outputs)
    assert outputs[0][0] == outputs[1][0] == outputs[2][0]
    assert not list((tmp_path / "cache").rglob("*.tmp"))
    warm = perfgoals(*command[3:], cwd=tmp_path)
    assert warm.stdout == outputs[0][0]
    assert f"{CORPUS_FILES} 个文件的结果来自缓存" in warm.stderr


def test_file_digest_reads_in_chunks_and_tolerates_missing_files(tmp_path: Path) -> None:
    target = tmp_path / "big.txt"
    target.write_bytes(b"x" * (3 << 20))
    assert file_digest(target) == hashlib.sha256(b"x" * (3 << 20)).hexdigest()
    assert file_digest(tmp_path / "gone.txt") is None


# --- progress and summary -------------------------------------------------------------


def test_progress_only_on_a_terminal_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("CI", raising=False)
    assert wants_progress("auto", Terminal()) is True
    assert wants_progress("auto", io.StringIO()) is False
    assert wants_progress("never", Terminal()) is False
    assert wants_progress("always", io.StringIO()) is True
    assert wants_progress("auto", Terminal(), files=1) is False
    assert wants_progress("always", io.StringIO(), files=1) is True
    monkeypatch.setenv("CI", "true")
    assert wants_progress("auto", Terminal()) is False


def test_progress_bar_counts_files_and_errors(corpus: Path) -> None:
    stream = io.StringIO()
    inputs = inputs_of(corpus)
    bar = ProgressBar(len(inputs), "en", stream=stream, force=True)
    result = run(inputs, Settings(lang="en"), jobs=2, on_result=bar.advance)
    bar.close()
    drawn = stream.getvalue()
    assert f"{CORPUS_FILES}/{CORPUS_FILES}" in drawn
    assert "files/s" in drawn and "errors" in drawn and "unreadable 2" in drawn
    assert bar.done == CORPUS_FILES and bar.unreadable == 2
    assert bar.error_count == sum(
        1 for r in result.files for f in r.findings if f.severity == "error"
        and f.rule != "PG701"  # cross-file findings come after the bar
    )


def test_closing_summary_names_top_rules_unreadable_files_and_time(corpus: Path) -> None:
    result = run(inputs_of(corpus), Settings(lang="en"), jobs=1)
    text = closing_summary(result, "en")
    lines = text.splitlines()
    assert lines[0].startswith(f"Checked {CORPUS_FILES} files, ")
    assert "errors" in lines[0] and " s)" in lines[0]
    assert lines[1].startswith("Top rules: PG")
    unreadable = [r.path for r in result.files if r.status == "unreadable"]
    assert lines[2] == "Unreadable files: " + ", ".join(unreadable)
    partial = RunResult(files=result.files[:3], interrupted=True)
    assert "only 3 of 12 files" in closing_summary(partial, "en", total=12)


def test_progress_always_draws_on_stderr_and_keeps_stdout_clean(corpus: Path) -> None:
    result = perfgoals("check", str(corpus), "--no-cache", "--format", "json",
                       "--progress", "always", cwd=corpus.parent, env={"CI": ""})
    assert result.returncode == 1
    json.loads(result.stdout)
    assert "\x1b[" in result.stderr and f"{CORPUS_FILES}/{CORPUS_FILES}" in result.stderr
    quiet = perfgoals("check", str(corpus), "--no-cache", "--format", "json", cwd=corpus.parent)
    assert "\x1b[" not in quiet.stderr  # auto: stderr is a pipe here


# --- inputs untouched, Ctrl-C and kills ----------------------------------------------


def _state(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        str(path): (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_inputs_are_never_changed(corpus: Path, tmp_path: Path) -> None:
    before = _state(corpus)
    for fmt in ("json", "xlsx", "html"):
        result = perfgoals("check", str(corpus), "--cache-dir", str(tmp_path / "cache"),
                           "--format", fmt, "--output", str(tmp_path / f"out.{fmt}"),
                           cwd=tmp_path)
        assert result.returncode == 1, result.stderr
    assert _state(corpus) == before


# Runs the command line with a hook: perfgoals code is patched in this process
# (and so in its forked workers) before main() starts.
_HOOKED_MAIN = """
import os, sys, time
from pathlib import Path
hook = sys.argv.pop(1)
marker = Path(sys.argv.pop(1))
if hook == "slow-files":
    import perfgoals.engine as engine
    original = engine.check_path
    def check_path(path, display, settings):
        time.sleep(0.25)
        result = original(path, display, settings)
        marker.touch()
        return result
    engine.check_path = check_path
elif hook == "slow-write":
    def fsync(fd):
        marker.touch()
        time.sleep(60)
    os.fsync = fsync
from perfgoals.cli import main
sys.argv[0] = "perfgoals"
main()
"""


def _hooked(hook: str, marker: Path, *args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _HOOKED_MAIN, hook, str(marker), "check", *args],
        cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,  # its own process group, as a terminal's job
    )


def _wait_for(path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_interrupted_run_writes_a_partial_report_without_tracebacks(
    how: str, corpus: Path, tmp_path: Path
) -> None:
    marker, out = tmp_path / "started", tmp_path / "report.json"
    process = _hooked("slow-files", marker, str(corpus), "--jobs", "2", "--no-cache",
                      "--format", "json", "--output", str(out), cwd=tmp_path)
    _wait_for(marker)
    if how == "ctrl-c":
        os.killpg(process.pid, signal.SIGINT)  # the terminal signals the whole job
    else:
        process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    report = json.loads(out.read_text("utf-8"))
    assert 1 <= len(report["files"]) < CORPUS_FILES
    assert "Interrupted" in stderr or "中断" in stderr
    assert not list(tmp_path.glob(".report.json.*"))


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_a_kill_while_writing_never_leaves_half_a_report(
    sig: signal.Signals, corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.json"
    previous = b'{"previous": "complete report"}\n'
    out.write_bytes(previous)
    marker = tmp_path / "writing"
    process = _hooked("slow-write", marker, str(corpus), "--no-cache", "--format", "json",
                      "--output", str(out), cwd=tmp_path)
    _wait_for(marker)  # the new report is in its temporary file, not yet renamed
    process.send_signal(sig)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode != 0
    assert "Traceback" not in stderr
    assert out.read_bytes() == previous
    leftovers = list(tmp_path.glob(".report.json.*"))
    if sig != signal.SIGKILL:  # nothing can clean up after SIGKILL
        assert leftovers == []
