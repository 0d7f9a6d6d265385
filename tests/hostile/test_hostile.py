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
from make_corpus import CASES, XXE_MARKER, Case, available, build

from perfgoals.engine import check_path
from perfgoals.errors import UnreadableFileError
from perfgoals.findings import Location, make_fingerprint
from perfgoals.pipeline import load_filing
from perfgoals.read import convert
from perfgoals.settings import Settings

MEMORY_LIMIT = 300 * 1024 * 1024
CASE_IDS = [case.name for case in CASES]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build(tmp_path_factory.mktemp("hostile"))


def _case(name: str, corpus: dict[str, Path]) -> tuple[Case, Path]:
    case = next(c for c in CASES if c.name == name)
    if not available(case):
        pytest.skip("needs LibreOffice (soffice)")
    return case, corpus[name]


@pytest.mark.parametrize("name", CASE_IDS)
def test_in_process(name: str, corpus: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
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
def test_in_subprocess(name: str, corpus: dict[str, Path]) -> None:
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
