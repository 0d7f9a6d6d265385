from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_TXT = ROOT / "samples" / "dingzhou-2020.txt"
SAMPLE_DOCX = ROOT / "samples" / "dingzhou-2020.docx"

# tests/gen and tests/factories are imported as top-level helpers.
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def sample_filing():  # type: ignore[no-untyped-def]
    from perfgoals.pipeline import load_filing

    return load_filing(SAMPLE_TXT, "samples/dingzhou-2020.txt")
