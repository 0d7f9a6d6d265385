"""Every file of the hostile corpus gives its expected outcome: one PG001 with a
reason staff can act on, or the findings of a readable file; never a crash,
a hang, or memory exhaustion; and no XXE marker in any output.

Two ways: in-process (fast, default suite) and as the user runs it, in a
subprocess under a 300 MB address-space limit and a time limit (slow; run
by ``.ci/run``).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from make_corpus import CASES, XXE_MARKER, Case, available, build, write

from perfgoals.engine import check_path
from perfgoals.errors import UnreadableFileError
from perfgoals.findings import Location, make_fingerprint
from perfgoals.pipeline import load_filing
from perfgoals.read import SUPPORTED_SUFFIXES, convert
from perfgoals.settings import Settings

MEMORY_LIMIT = 300 * 1024 * 1024
CASE_IDS = [case.name for case in CASES]


class Corpus:
    """The corpus folder, each file written when a test first needs it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.paths: dict[str, Path] = {}

    def path(self, case: Case) -> Path:
        if case.name not in self.paths:
            self.paths[case.name] = write(case, self.folder)
        return self.paths[case.name]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return Corpus(tmp_path_factory.mktemp("hostile"))


def _case(name: str, corpus: Corpus) -> tuple[Case, Path]:
    case = next(c for c in CASES if c.name == name)
    if not available(case):
        pytest.skip("needs LibreOffice (soffice)")
    return case, corpus.path(case)


# Cases that run LibreOffice take seconds each: in-process they are slow tests.
IN_PROCESS_CASES = [
    pytest.param(c.name, marks=pytest.mark.slow) if c.soffice == "yes" else c.name for c in CASES
]


@pytest.mark.parametrize("name", IN_PROCESS_CASES)
def test_in_process(name: str, corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    case, path = _case(name, corpus)
    if case.soffice == "hidden":
        monkeypatch.setattr(convert, "find_soffice", lambda: None)
    started = time.perf_counter()
    if case.status == "unreadable":
        with pytest.raises(UnreadableFileError) as info:
            load_filing(path)
        error = info.value
        assert error.reason == case.reason, error.message_en
        assert case.phrase in error.message_zh
        for message in (error.message_zh, error.message_en):
            assert XXE_MARKER not in message and "Traceback" not in message
            assert "\n" not in message and len(message) < 400
    result = check_path(path, path.name, Settings())
    elapsed = time.perf_counter() - started
    assert result.status == case.status
    rules = {f.rule for f in result.findings}
    if case.rule is not None:
        assert case.rule in rules
    if case.status == "unreadable":
        assert [f.rule for f in result.findings] == ["PG001"]
    else:
        assert "PG001" not in rules
        assert not result.errors  # no rule failed on the odd input
    assert elapsed < case.timeout * 2


def _limit_memory() -> None:
    # Only the soft limit: LibreOffice, started for legacy files, sets its own cap.
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, hard))


@pytest.mark.slow
@pytest.mark.parametrize("name", CASE_IDS)
def test_in_subprocess(name: str, corpus: Corpus) -> None:
    case, path = _case(name, corpus)
    env = dict(os.environ)
    if case.soffice == "hidden":
        env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p and not (Path(p) / "soffice").exists())
    started = time.perf_counter()
    process = subprocess.run(
        [sys.executable, "-m", "perfgoals", "check", path.name, "--format", "json", "--no-cache"],
        cwd=path.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=case.timeout,
        preexec_fn=_limit_memory,
    )
    elapsed = time.perf_counter() - started
    assert elapsed < case.timeout
    assert "Traceback" not in process.stderr, process.stderr
    assert XXE_MARKER not in process.stdout + process.stderr
    allowed = case.exit_code if isinstance(case.exit_code, tuple) else (case.exit_code,)
    assert process.returncode in allowed, process.stderr
    report = json.loads(process.stdout)
    if case.status == "not-a-filing":  # skipped quietly: no entry, exit 3 (nothing checked)
        assert report["files"] == [] and "没有检查任何绩效目标表" in process.stderr
        return
    (entry,) = report["files"]
    assert entry["status"] == case.status
    rules = [f["rule"] for f in entry["findings"]]
    if case.rule is not None:
        assert case.rule in rules
    if case.status == "unreadable":
        (finding,) = entry["findings"]
        assert finding["rule"] == "PG001" and finding["severity"] == "error"
        assert case.phrase in finding["message"]
        # The fingerprint carries the reason key: it is what tells two causes apart.
        expected = make_fingerprint("PG001", entry["path"], Location(), case.reason)
        assert finding["fingerprint"] == expected
    else:
        assert "PG001" not in rules


@pytest.mark.slow
def test_whole_corpus_as_one_batch(tmp_path: Path) -> None:
    """A folder of every case, checked in parallel: each file gets its outcome and
    the batch goes on; a named pipe in the folder does not stall the walk."""
    paths = build(tmp_path)
    os.mkfifo(tmp_path / "pipe.txt")
    process = subprocess.run(
        [sys.executable, "-m", "perfgoals", "check", ".", "--format", "json", "--no-cache", "--jobs", "2"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=_limit_memory,
    )
    assert process.returncode == 1 and "Traceback" not in process.stderr, process.stderr
    assert XXE_MARKER not in process.stdout + process.stderr
    files = {entry["path"]: entry for entry in json.loads(process.stdout)["files"]}
    assert files["pipe.txt"]["status"] == "unreadable"
    walked = {name: path for name, path in paths.items() if path.suffix in SUPPORTED_SUFFIXES}
    skipped = {case.name for case in CASES if case.status == "not-a-filing"}
    assert set(files) == {p.name for n, p in walked.items() if n not in skipped} | {"pipe.txt"}
    for case in CASES:
        if case.name not in walked or case.soffice == "hidden" or case.name in skipped:
            continue  # a hidden converter is back on PATH here; text without a filing is skipped
        entry = files[walked[case.name].name]
        assert entry["status"] == case.status, case.name
        if case.status == "unreadable":
            expected = make_fingerprint("PG001", entry["path"], Location(), case.reason)
            assert [f["fingerprint"] for f in entry["findings"]] == [expected], case.name
