"""Every row of rules.md's "Known defects in the sample filing" table is found,
on the text export and on the .docx, at the stated table and rule."""

from __future__ import annotations

from functools import cache

import pytest

from perfgoals.engine import check_path
from perfgoals.findings import FileResult
from perfgoals.settings import Settings

from conftest import SAMPLE_DOCX, SAMPLE_TXT


@cache
def result(path: str) -> FileResult:
    from pathlib import Path

    outcome = check_path(Path(path), Path(path).name, Settings())
    assert outcome.status == "ok" and not outcome.errors
    return outcome


def found(path: str, rule: str, part: int, table: int) -> list[str]:
    return [
        f.message
        for f in result(path).findings
        if f.rule == rule and f.location.part == part and f.location.table == table
    ]


# (part, table, rule, a word the finding must mention)
KNOWN = [
    (3, 3, "PG407", "可持续影响"),
    (3, 2, "PG406", "服务对象满意"),
    (3, 26, "PG406", "可持续影响"),
    (3, 26, "PG303", "6月底"),
    (3, 26, "PG602", "按照"),
    (3, 24, "PG302", "50"),
    (3, 8, "PG405", "0"),
    (3, 11, "PG103", "金融办专项经费"),
    (3, 11, "PG601", "促进"),
    (3, 18, "PG601", "购买"),
    (3, 14, "PG501", "人防建设支出"),
    (3, 19, "PG407", "高质量完成工作"),
    (3, 19, "PG603", "综合二至七科"),
    (2, 1, "PG401", "资金到位时效高"),
    (3, 9, "PG404", "90"),
]


@pytest.mark.parametrize("path", [str(SAMPLE_TXT), str(SAMPLE_DOCX)], ids=["txt", "docx"])
@pytest.mark.parametrize(("part", "table", "rule", "word"), KNOWN)
def test_known_defect_is_found(path: str, part: int, table: int, rule: str, word: str) -> None:
    messages = found(path, rule, part, table)
    assert messages, f"{rule} not reported on part {part} table {table}"
    assert any(word in m for m in messages), messages


@pytest.mark.parametrize("path", [str(SAMPLE_TXT), str(SAMPLE_DOCX)], ids=["txt", "docx"])
def test_most_tables_repeat_description_and_lack_outputs(path: str) -> None:
    findings = result(path).findings
    for rule in ("PG401", "PG402", "PG410"):
        tables = {(f.location.part, f.location.table) for f in findings if f.rule == rule}
        assert len(tables) >= 20, (rule, len(tables))


@pytest.mark.parametrize("path", [str(SAMPLE_TXT), str(SAMPLE_DOCX)], ids=["txt", "docx"])
def test_boilerplate_indicators_reported_once_for_the_filing(path: str) -> None:
    (finding,) = [f for f in result(path).findings if f.rule == "PG412"]
    assert finding.severity == "info"


def test_same_findings_from_both_formats() -> None:
    def keys(path: str) -> list[tuple[str, str]]:
        return sorted((f.rule, f.fingerprint) for f in result(path).findings)

    # Fingerprints drop the suffix and never use lines, so both exports agree.
    assert keys(str(SAMPLE_TXT)) == keys(str(SAMPLE_DOCX))
