"""The records are plain dataclasses and Pydantic only reads them: the
pipeline never imports it, and ``parse --format json`` prints exactly the
records' fields, in the classes' order, whatever the builder made."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import fields, is_dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from perfgoals.model import Amount, Filing, ProjectTable, Source
from perfgoals.pipeline import load_filing
from perfgoals.records_io import filing_json

from conftest import ROOT, SAMPLE_DOCX, SAMPLE_TXT

REAL = sorted((ROOT / "tests" / "fixtures" / "real").glob("*.txt"))


def plain(value: object) -> object:
    """The JSON form written out by hand: records as objects in field order,
    amounts as their decimal text, everything else as json.dumps has it."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, Decimal):
        return str(value)
    return value


def assert_plain_json(filing: Filing) -> None:
    assert filing_json(filing) == json.dumps(plain(filing), ensure_ascii=False, indent=2)


@pytest.mark.parametrize("path", [SAMPLE_TXT, SAMPLE_DOCX, *REAL[:4]], ids=lambda p: p.name)
def test_parse_json_is_the_records_fields(path: Path) -> None:
    assert_plain_json(load_filing(path))


def test_parse_json_keeps_decimal_text_and_empty_values() -> None:
    amount = Amount(raw="86.50", value=Decimal("86.50"), unit="万元", source=Source(line=3))
    table = ProjectTable(
        part=2, number=1, position=1, title="1、养护", budget=amount, goals=[], indicators=None
    )
    filing = Filing(path="a.txt", source_format="text", tables=[table])
    data = json.loads(filing_json(filing))
    (row,) = data["tables"]
    assert row["budget"] == {
        "raw": "86.50",
        "value": "86.50",
        "unit": "万元",
        "source": {
            "line": 3,
            "docx_table": None,
            "row": None,
            "cell": None,
            "column": None,
            "columns": None,
        },
    }
    assert row["goals"] == [] and row["indicators"] is None and row["field_sources"] == {}
    assert_plain_json(filing)


def test_the_pipeline_does_not_import_pydantic() -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from perfgoals.pipeline import load_filing\n"
        "from perfgoals.engine import check_filing\n"
        "from perfgoals.config import settings_from\n"
        f"check_filing(load_filing(Path({str(SAMPLE_TXT)!r})), settings_from({{}}), 'x')\n"
        "print('pydantic' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "False", result.stderr
