"""The format fixtures can be made again by their script, and the new ones give
the records the committed ones give (slow: LibreOffice runs a dozen times)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from perfgoals.pipeline import load_filing
from test_formats_agree import content

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (soffice)")
def test_script_remakes_the_fixtures(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_format_fixtures.py"), str(tmp_path)],
        check=True, capture_output=True, timeout=600,
    )
    made = sorted(p.name for p in tmp_path.iterdir())
    assert made == sorted(p.name for p in FIXTURES.iterdir())
    for name in ("agriculture.xls", "agriculture.ods", "agriculture-html.xls", "budget-page.mht"):
        assert content(load_filing(tmp_path / name)) == content(load_filing(FIXTURES / name))
