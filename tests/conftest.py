from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_TXT = ROOT / "samples" / "dingzhou-2020.txt"
SAMPLE_DOCX = ROOT / "samples" / "dingzhou-2020.docx"

# Usage errors and --help are Chinese by default; most tests assert the English
# wording of a usage error, so the suite runs with PERFGOALS_LANG=en (the
# command line's own language only: reports still default to Chinese).
# tests/report/test_cli_lang.py checks the Chinese default without it.
os.environ["PERFGOALS_LANG"] = "en"
# The compiled-data cache (compiled.py) of the runs under test: a fresh folder,
# not the user's own.
os.environ["PERFGOALS_DATA_CACHE"] = tempfile.mkdtemp(prefix="perfgoals-data-cache-")

# tests/gen and tests/factories are imported as top-level helpers.
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def sample_filing():  # type: ignore[no-untyped-def]
    from perfgoals.pipeline import load_filing

    return load_filing(SAMPLE_TXT, "samples/dingzhou-2020.txt")
