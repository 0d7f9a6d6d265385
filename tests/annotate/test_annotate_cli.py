"""``perfgoals annotate`` as users run it: where copies go, what is refused,
what a bad file gives, and that selection and exit codes are check's."""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
from collections import Counter
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from perfgoals.cli import app
from perfgoals.read import read_bytes
from perfgoals.read.grid import Table

from .helpers import W, comments, plain, text_of
from conftest import SAMPLE_DOCX, SAMPLE_TXT

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hostile"))
from make_corpus import CASES, available, write

runner = CliRunner()


def invoke(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.output


def check_json(*args: str | Path) -> tuple[int, dict[str, object]]:
    code, output = invoke("check", "--no-cache", "-f", "json", *args)
    return code, json.loads(output[output.index("{") : output.rindex("}") + 1])


@pytest.fixture
def filings(tmp_path: Path) -> Path:
    folder = tmp_path / "filings"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(SAMPLE_DOCX, folder / SAMPLE_DOCX.name)
    shutil.copy(SAMPLE_TXT, folder / "sub" / SAMPLE_TXT.name)
    return folder


def _finding_lines(data: bytes) -> int:
    return sum(
        1 for c in docx.Document(io.BytesIO(data)).comments for line in c.text.splitlines()
        if line.startswith("[PG")
    )


def test_one_file_default_name_beside_it(filings: Path) -> None:
    source = filings / SAMPLE_DOCX.name
    before = source.read_bytes()
    code, output = invoke("annotate", "--no-cache", source)
    check_code, report = check_json(source)
    assert code == check_code == 1
    copy = filings / "dingzhou-2020.批注.docx"
    assert copy.exists() and source.read_bytes() == before
    findings = report["files"][0]["findings"]  # type: ignore[index]
    assert _finding_lines(copy.read_bytes()) == len(findings)
    assert "条批注" in output


def test_folder_is_mirrored_under_outdir(filings: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _ = invoke("annotate", "--no-cache", filings, "-o", out)
    assert code == 1
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == ["dingzhou-2020.docx", "sub/dingzhou-2020.txt.docx"]
    # No temporary file is left behind.
    assert not [p for p in out.rglob(".*")]


def test_output_into_the_input_folder_is_refused(filings: Path) -> None:
    before = {p: p.read_bytes() for p in filings.rglob("*") if p.is_file()}
    code, output = invoke("annotate", filings, "-o", filings)
    assert code == 2 and "-o" in output
    code, output = invoke("annotate", filings / SAMPLE_DOCX.name, "-o", filings / SAMPLE_DOCX.name)
    assert code == 2 and "input" in output
    after = {p: p.read_bytes() for p in filings.rglob("*") if p.is_file()}
    assert after == before


def test_output_through_a_link_to_the_input_is_refused(filings: Path, tmp_path: Path) -> None:
    source = filings / SAMPLE_DOCX.name
    link = tmp_path / "link.docx"
    link.symlink_to(source)
    before = source.read_bytes()
    code, _ = invoke("annotate", source, "-o", link)
    assert code == 2
    assert source.read_bytes() == before and link.is_symlink()


def test_folder_without_outdir_is_a_usage_error(filings: Path) -> None:
    code, output = invoke("annotate", filings)
    assert code == 2 and "-o" in output


def test_an_outdir_inside_the_input_folder_skips_earlier_copies(filings: Path) -> None:
    out = filings / "review"
    assert invoke("annotate", "--no-cache", filings, "-o", out)[0] == 1
    assert invoke("annotate", "--no-cache", filings, "-o", out)[0] == 1
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == ["dingzhou-2020.docx", "sub/dingzhou-2020.txt.docx"]


def _rules_in(path: Path) -> Counter[str]:
    return Counter(
        line.split()[0][1:]
        for c in docx.Document(path).comments
        for line in c.text.splitlines()
        if line.startswith("[PG")
    )


@pytest.mark.parametrize(
    "options",
    [("--select", "PG2,PG3"), ("--ignore", "PG3,PG4,PG5,PG6", "--fail-on", "error"), ()],
)
def test_selection_and_exit_code_are_checks(
    filings: Path, tmp_path: Path, options: tuple[str, ...]
) -> None:
    source = filings / SAMPLE_DOCX.name
    target = tmp_path / "x.docx"
    code, _ = invoke("annotate", "--no-cache", source, "-o", target, *options)
    check_code, report = check_json(source, *options)
    findings = report["files"][0]["findings"]  # type: ignore[index]
    assert code == check_code
    assert _rules_in(target) == Counter(f["rule"] for f in findings)


def test_min_severity_keeps_only_that_level_and_above(filings: Path, tmp_path: Path) -> None:
    source = filings / SAMPLE_DOCX.name
    target = tmp_path / "x.docx"
    invoke("annotate", "--no-cache", source, "-o", target, "--min-severity", "warning")
    _, report = check_json(source)
    findings = report["files"][0]["findings"]  # type: ignore[index]
    kept = Counter(f["rule"] for f in findings if f["severity"] in ("warning", "error"))
    assert kept != Counter(f["rule"] for f in findings)  # some were info
    assert _rules_in(target) == kept


def test_min_severity_changes_what_fails(filings: Path, tmp_path: Path) -> None:
    """Findings below --min-severity are dropped before the exit code is decided."""
    source = filings / SAMPLE_DOCX.name
    code, _ = invoke(
        "annotate", "--no-cache", source, "-o", tmp_path / "x.docx", "--select", "PG41",
        "--min-severity", "error", "--fail-on", "info",
    )
    check_code, report = check_json(source, "--select", "PG41", "--fail-on", "info")
    severities = {f["severity"] for f in report["files"][0]["findings"]}  # type: ignore[index]
    assert check_code == 1 and "error" not in severities
    assert code == 0
    assert _finding_lines((tmp_path / "x.docx").read_bytes()) == 0


def test_baseline_hides_recorded_findings(filings: Path, tmp_path: Path) -> None:
    source = filings / SAMPLE_DOCX.name
    baseline = tmp_path / "baseline.json"
    invoke("check", "--no-cache", source, "--write-baseline", baseline)
    code, _ = invoke("annotate", "--no-cache", source, "-o", tmp_path / "x.docx", "--baseline", baseline)
    assert code == 0
    assert _finding_lines((tmp_path / "x.docx").read_bytes()) == 0


def test_author_option(filings: Path, tmp_path: Path) -> None:
    target = tmp_path / "x.docx"
    invoke("annotate", "--no-cache", filings / SAMPLE_DOCX.name, "-o", target, "--author", "财政局")
    assert {c.author for c in docx.Document(target).comments} == {"财政局"}


def test_text_export_becomes_a_word_document_with_its_tables(filings: Path, tmp_path: Path) -> None:
    source = filings / "sub" / SAMPLE_TXT.name
    target = tmp_path / "t.docx"
    code, report_code = invoke("annotate", "--no-cache", source, "-o", target)[0], check_json(source)[0]
    assert code == report_code == 1
    grid = read_bytes(source.read_bytes(), source.name)
    made = docx.Document(target)
    assert len(made.tables) == len(grid.tables())
    first = grid.tables()[0]
    assert [c.text for c in made.tables[0].rows[0].cells][:1] == [first.rows[0].cells[0].text]
    _, report = check_json(source)
    findings = report["files"][0]["findings"]  # type: ignore[index]
    assert _finding_lines(target.read_bytes()) == len(findings)
    # An indicator finding marks the cell of its column: the 指标值 comment's cell
    # reads the indicator's target as parsed.
    found = comments(target.read_bytes())
    on_target = [c for c in found if "[PG401 " in c.text]
    assert on_target and all(c.anchor.tag == W + "tc" for c in on_target)


def test_workbook_becomes_a_word_document_with_comments(tmp_path: Path) -> None:
    from layouts.documents import LAYOUTS
    from layouts.render import to_xlsx

    workbook = tmp_path / "wuhan.xlsx"
    to_xlsx(LAYOUTS["wuhan-education-declaration"], workbook)
    defect = tmp_path / "defect.xlsx"
    from layouts.documents import DEFECTS

    to_xlsx(DEFECTS["wuhan-education-declaration-defect"][0], defect)
    target = tmp_path / "defect.docx"
    code, _ = invoke("annotate", "--no-cache", defect, "-o", target)
    check_code, report = check_json(defect)
    assert code == check_code
    findings = report["files"][0]["findings"]  # type: ignore[index]
    assert findings
    found = comments(target.read_bytes())
    assert sum(1 for c in found for line in c.text.splitlines() if line.startswith("[PG")) == len(findings)
    grid = read_bytes(defect.read_bytes(), defect.name)
    for finding in findings:
        loc = finding["location"]
        if loc["source_row"] is None:
            continue
        table = next(t for t in grid.tables() if t.origin.table == loc["source_table"] - 1)
        row = next(r for r in table.rows if r.origin.row == loc["source_row"] - 1)
        cell = next(c for c in row.cells if c.col <= loc["source_column"] - 1 < c.col + c.span)
        holder = next(c for c in found if finding["message"] in c.text)
        assert plain(text_of(holder.anchor)) == plain(cell.text)


HOSTILE = [
    case for case in CASES
    if case.status == "unreadable" and case.soffice != "yes" and case.timeout <= 5
][:12]


def test_hostile_files_give_pg001_and_no_copy(tmp_path: Path) -> None:
    folder = tmp_path / "hostile"
    paths = {case.name: write(case, folder) for case in HOSTILE if available(case)}
    assert len(paths) >= 5
    out = tmp_path / "out"
    code, output = invoke("annotate", "--no-cache", folder, "-o", out)
    assert code == 1
    assert output.count("PG001") >= len(paths)
    written = [p for p in out.rglob("*") if p.is_file()] if out.exists() else []
    assert written == []


def test_unreadable_and_readable_together(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "empty.docx").write_bytes(b"")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    shutil.copy(SAMPLE_DOCX, folder / "good.docx")
    out = tmp_path / "out"
    code, output = invoke("annotate", "--no-cache", folder, "-o", out)
    assert code == 1
    assert sorted(p.name for p in out.iterdir()) == ["good.docx"]
    assert "empty.docx: PG001" in output and "broken.docx: PG001" in output
    assert os.access(out / "good.docx", os.R_OK)


def test_docx_copy_tables_match_the_input(filings: Path, tmp_path: Path) -> None:
    source = filings / SAMPLE_DOCX.name
    target = tmp_path / "x.docx"
    invoke("annotate", "--no-cache", source, "-o", target)
    original = [b for b in read_bytes(source.read_bytes()).blocks if isinstance(b, Table)]
    copy = [b for b in read_bytes(target.read_bytes()).blocks if isinstance(b, Table)]
    assert [[r.texts() for r in t.rows] for t in copy] == [[r.texts() for r in t.rows] for t in original]
