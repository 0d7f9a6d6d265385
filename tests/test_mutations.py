"""Clean filings of other departments give no finding at all; each one-defect
copy gives the intended rule's finding and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from mutate import MUTATIONS
from perfgoals.engine import check_path
from perfgoals.findings import FileResult
from perfgoals.settings import Settings

from gen.docx_writer import to_docx
from gen.filings import CLEAN_FILINGS
from gen.text_writer import to_text


def check(spec, options, tmp_path: Path, suffix: str) -> FileResult:  # type: ignore[no-untyped-def]
    target = tmp_path / f"filing{suffix}"
    if suffix == ".txt":
        target.write_text(to_text(spec), encoding="utf-8")
    else:
        to_docx(spec, target, options)
    result = check_path(target, target.name, Settings())
    assert result.status == "ok" and not result.errors
    return result


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
@pytest.mark.parametrize("name", sorted(CLEAN_FILINGS))
def test_clean_filings_give_no_finding(name: str, suffix: str, tmp_path: Path) -> None:
    spec, options = CLEAN_FILINGS[name]
    result = check(spec, options, tmp_path, suffix)
    assert result.tables == len(spec.tables)
    assert [(f.rule, f.location.table, f.message) for f in result.findings] == []


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
@pytest.mark.parametrize("name", sorted(CLEAN_FILINGS))
def test_one_defect_gives_one_kind_of_finding(name: str, mutation: str, tmp_path: Path) -> None:
    spec, options = CLEAN_FILINGS[name]
    mutate, rule = MUTATIONS[mutation]
    mutated = mutate(spec)
    for suffix in (".txt", ".docx"):
        result = check(mutated, options, tmp_path, suffix)
        found = {f.rule for f in result.findings}
        assert found == {rule}, (suffix, [(f.rule, f.message) for f in result.findings])
