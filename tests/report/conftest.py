"""Real runs over the sample and a folder of generated filings (for validators)."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfgoals.runner import RunResult, collect_inputs, run
from perfgoals.settings import Settings

from .helpers import working_folder, write_fixture_folder
from conftest import ROOT, SAMPLE_TXT


@pytest.fixture(scope="session")
def sample_run() -> RunResult:
    with working_folder(ROOT):  # paths as CI shows them
        return run(collect_inputs([SAMPLE_TXT]), Settings())


@pytest.fixture(scope="session")
def fixture_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fixture_folder(tmp_path_factory.mktemp("filings"))


@pytest.fixture(scope="session")
def folder_run(fixture_folder: Path) -> RunResult:
    with working_folder(fixture_folder):
        return run(collect_inputs([Path(".")]), Settings())
