"""The pre-commit hook, installed from this repository the way users get it:
a defective filing fails the commit; fixed or baselined, it passes.

pre-commit builds the hook's environment from the committed HEAD (pip
installs the package), which takes a while: the test is marked slow and .ci/run
runs it explicitly.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from report.defects import funding_mismatch, plan_decreasing

from conftest import ROOT
from gen.docx_writer import to_docx
from gen.filings import CLEAN_FILINGS
from gen.repository import make_repository

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(
        importlib.util.find_spec("pre_commit") is None, reason="pre-commit is not installed"
    ),
]


def git(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], capture_output=True, text=True, cwd=cwd, env=clean_env())


def clean_env() -> dict[str, str]:
    # When the suite itself runs from a git hook, GIT_DIR and friends point at this repository.
    return {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}


@pytest.fixture(scope="module")
def hook_revision() -> str:
    revision = git("rev-parse", "HEAD")
    if revision.returncode != 0:
        pytest.skip("the project is not a git repository")
    if git("cat-file", "-e", "HEAD:.pre-commit-hooks.yaml").returncode != 0:
        pytest.skip(".pre-commit-hooks.yaml is not committed yet")
    return revision.stdout.strip()


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Shared by the runs below, so the hook's environment is built once.
    return tmp_path_factory.mktemp("pre-commit-home")


def pre_commit(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = clean_env() | {"PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        capture_output=True, text=True, cwd=repo, env=env, timeout=900,
    )


def test_hook_fails_then_passes_when_fixed_or_baselined(
    tmp_path: Path, hook_revision: str, pre_commit_home: Path
) -> None:
    repo = tmp_path / "filings"
    repo.mkdir()
    assert git("init", "-q", cwd=repo).returncode == 0
    spec, options = CLEAN_FILINGS["county-education"]
    filing = repo / "教育局绩效目标表.docx"

    def try_repo() -> subprocess.CompletedProcess[str]:
        git("add", "-A", cwd=repo)
        return pre_commit(
            repo, pre_commit_home,
            "try-repo", str(ROOT), "perfgoals", "--ref", hook_revision, "--all-files",
        )

    to_docx(funding_mismatch(spec), filing, options)
    failed = try_repo()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "PG201" in failed.stdout and "Failed" in failed.stdout, failed.stdout

    to_docx(spec, filing, options)
    fixed = try_repo()
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "Passed" in fixed.stdout

    # Baselined: the defect is recorded, the hook is configured with --baseline.
    to_docx(funding_mismatch(spec), filing, options)
    recorded = subprocess.run(
        [sys.executable, "-m", "perfgoals", "check", filing.name,
         "--write-baseline", "perfgoals-baseline.json"],
        capture_output=True, text=True, cwd=repo,
    )
    assert recorded.returncode == 0, recorded.stdout + recorded.stderr
    (repo / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {ROOT}\n"
        f"    rev: {hook_revision}\n"
        "    hooks:\n"
        "      - id: perfgoals\n"
        "        args: [--baseline, perfgoals-baseline.json]\n",
        encoding="utf-8",
    )
    git("add", "-A", cwd=repo)
    baselined = pre_commit(repo, pre_commit_home, "run", "--all-files")
    assert baselined.returncode == 0, baselined.stdout + baselined.stderr

    # A new defect is still caught with the baseline in place.
    to_docx(plan_decreasing(funding_mismatch(spec), 1), filing, options)
    git("add", "-A", cwd=repo)
    new = pre_commit(repo, pre_commit_home, "run", "--all-files")
    assert new.returncode == 1 and "PG301" in new.stdout and "PG201" not in new.stdout


def test_hook_on_a_repository_of_filings_with_exports_copies_and_notes(
    tmp_path: Path, hook_revision: str, pre_commit_home: Path
) -> None:
    """Filings beside their .txt exports, a byte-identical backup and a README
    pass; only the two different filings sharing a code and the real defect fail."""
    repo = make_repository(tmp_path / "filings")
    assert git("init", "-q", cwd=repo.root).returncode == 0

    def try_repo(*files: str) -> subprocess.CompletedProcess[str]:
        git("add", "-A", cwd=repo.root)
        chosen = ["--files", *files] if files else ["--all-files"]
        return pre_commit(
            repo.root, pre_commit_home,
            "try-repo", str(ROOT), "perfgoals", "--ref", hook_revision, "--verbose", *chosen,
        )

    failed = try_repo()
    output = failed.stdout
    assert failed.returncode == 1, output + failed.stderr
    one, other, code = repo.duplicate_code
    assert output.count("PG701") == 1 and code in output, output
    assert one in output and other in output  # the finding names both files
    defect_path, defect_rule = repo.defect
    assert defect_rule in output and defect_path in output
    assert "PG002" not in output and "PG001" not in output
    assert "README" not in output and "说明.txt" not in output  # notes: skipped quietly
    # Each twin pair is noted once, as info: the text report lists the places
    # under one PG702 block, each naming the file and its twin.
    assert output.count("PG702") == 1
    assert all(f"与 {twin} 是同一份" in output for _, twin in repo.twins), output

    # A commit touching only the notes checks no filing, and passes.
    notes = try_repo(*repo.not_filings)
    assert notes.returncode == 0, notes.stdout + notes.stderr

    # The twins alone (exports, the identical backup) pass.
    twins = try_repo(*{name for pair in repo.twins for name in pair}, *repo.not_filings)
    assert twins.returncode == 0, twins.stdout + twins.stderr
    assert "PG701" not in twins.stdout and "PG702" in twins.stdout

    # Fixed (the code corrected, the defect removed), the whole repository passes.
    (repo.root / repo.defect[0]).unlink()
    (repo.root / one).unlink()
    passed = try_repo()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "PG701" not in passed.stdout
