"""Baselines: recorded findings are hidden (as a multiset), stale entries are
counted, bad files are usage errors, and entries survive re-exports because
they are keyed by structural fingerprint, never by line."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from perfgoals.baseline import apply_baseline, baseline_document, read_baseline
from perfgoals.errors import UsageError
from perfgoals.runner import RunResult
from report.defects import funding_mismatch, plan_decreasing
from report.helpers import file_result, finding

from conftest import SAMPLE_DOCX, SAMPLE_TXT
from gen.docx_writer import to_docx
from gen.filings import CLEAN_FILINGS
from gen.text_writer import to_text


def perfgoals(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfgoals", "check", "--no-cache", *args],
        capture_output=True, text=True, cwd=cwd, timeout=120,
    )


def reported(cwd: Path, *args: str) -> list[dict[str, object]]:
    result = perfgoals(cwd, "--format", "json", *args)
    assert result.returncode in (0, 1), result.stderr
    return [f for file in json.loads(result.stdout)["files"] for f in file["findings"]]


# --- matching ---


def test_each_entry_hides_one_finding() -> None:
    twice = finding()
    other = finding("PG401", field="指标值", indicator_row=1)
    run = RunResult(files=[file_result("a.docx", twice, twice, other)])
    apply_baseline(run, Counter({twice.fingerprint: 1}))
    assert run.files[0].findings == [twice, other]
    assert (run.baselined, run.stale_baseline) == (1, 0)


def test_entries_that_match_nothing_are_stale() -> None:
    found = finding()
    run = RunResult(files=[file_result("a.docx", found)])
    apply_baseline(run, Counter({found.fingerprint: 3, "0" * 20: 1}))
    assert run.files[0].findings == []
    assert (run.baselined, run.stale_baseline) == (1, 3)


def test_document_is_sorted_and_readable() -> None:
    b, a = finding(path="b.docx"), finding("PG401", path="a.docx", field="指标值")
    document = baseline_document([("b.docx", b), ("a.docx", a), ("b.docx", b)])
    assert document["version"] == 1
    assert [(e["path"], e["rule"]) for e in document["entries"]] == [
        ("a.docx", "PG401"), ("b.docx", "PG201"), ("b.docx", "PG201")
    ]
    assert document["entries"][0] == {
        "fingerprint": a.fingerprint, "rule": "PG401", "path": "a.docx", "message": a.message
    }


# --- bad files ---


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "baseline file not found"),
        (b"{not json", "not JSON"),
        (b"\xff\xfe", "not JSON"),
        (b"[]", "expected a JSON object"),
        (b'{"version": 2, "entries": []}', "key 'version' must be 1"),
        (b'{"version": 1}', "key 'entries' must be a list"),
        (b'{"version": 1, "entries": [{"rule": "PG201"}]}', "entries[0] has no 'fingerprint'"),
    ],
)
def test_bad_baseline_is_a_usage_error(content: bytes | None, reason: str, tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(UsageError, match="baseline") as caught:
        read_baseline(path)
    assert reason in str(caught.value) and str(path) in str(caught.value)
    result = perfgoals(tmp_path, str(SAMPLE_TXT), "--baseline", str(path))
    assert result.returncode == 2 and reason in result.stderr
    assert "Traceback" not in result.stderr


# --- end to end ---


def test_write_then_check_hides_everything(tmp_path: Path) -> None:
    target = tmp_path / "sample.txt"
    target.write_bytes(SAMPLE_TXT.read_bytes())
    first = reported(tmp_path, "sample.txt")
    written = perfgoals(tmp_path, "sample.txt", "--write-baseline", "baseline.json", "-q")
    assert written.returncode == 0, written.stderr
    assert f"基线中已有、未报告 {len(first)} 条" in written.stdout
    entries = json.loads((tmp_path / "baseline.json").read_text("utf-8"))["entries"]
    assert Counter(e["fingerprint"] for e in entries) == Counter(f["fingerprint"] for f in first)
    assert {e["path"] for e in entries} == {"sample.txt"}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left
    again = perfgoals(tmp_path, "sample.txt", "--baseline", "baseline.json", "--statistics")
    assert again.returncode == 0, again.stdout
    assert "基线中已不再出现" not in again.stdout
    # Two entries for defects that have gone: stale, shown with --statistics.
    data = json.loads((tmp_path / "baseline.json").read_text("utf-8"))
    data["entries"] += [{"fingerprint": "gone1"}, {"fingerprint": "gone2"}]
    (tmp_path / "baseline.json").write_text(json.dumps(data), "utf-8")
    stale = perfgoals(tmp_path, "sample.txt", "--baseline", "baseline.json", "--statistics")
    assert "基线中已不再出现的记录 2 条" in stale.stdout
    quiet = perfgoals(tmp_path, "sample.txt", "--baseline", "baseline.json")
    assert "基线中已不再出现" not in quiet.stdout
    as_json = perfgoals(tmp_path, "sample.txt", "--baseline", "baseline.json", "--format", "json")
    summary = json.loads(as_json.stdout)["summary"]
    assert (summary["baselined"], summary["stale_baseline"]) == (len(first), 2)
    assert summary["errors"] + summary["warnings"] + summary["infos"] == 0


def resave_with_reversed_attributes(source: Path, target: Path) -> None:
    """What another Word version does on save: the same document, attributes
    in another order, the package re-zipped."""
    with zipfile.ZipFile(source) as package:
        members = [(info, package.read(info)) for info in package.infolist()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for info, data in reversed(members):
            if info.filename == "word/document.xml":
                root = etree.fromstring(data)
                for element in root.iter():
                    attributes = list(element.attrib.items())
                    element.attrib.clear()
                    for name, value in reversed(attributes):
                        element.set(name, value)
                resaved = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
                assert resaved != data
                data = resaved
            package.writestr(info.filename, data)


def test_baseline_survives_reexport_and_resave(tmp_path: Path) -> None:
    spec, options = CLEAN_FILINGS["county-education"]
    defective = funding_mismatch(plan_decreasing(spec, 1))
    to_docx(defective, tmp_path / "filing.docx", options)
    known = reported(tmp_path, "filing.docx")
    assert {"PG201", "PG301"} <= {f["rule"] for f in known}
    assert perfgoals(tmp_path, "filing.docx", "--write-baseline", "baseline.json").returncode == 0

    # The text export of the same filing: every finding now has a line number.
    (tmp_path / "filing.txt").write_text(to_text(defective, options), encoding="utf-8")
    as_text = reported(tmp_path, "filing.txt")
    assert len(as_text) == len(known) and all(f["location"]["line"] for f in as_text)  # type: ignore[index]
    assert reported(tmp_path, "filing.txt", "--baseline", "baseline.json") == []
    (tmp_path / "filing.txt").unlink()

    resave_with_reversed_attributes(tmp_path / "filing.docx", tmp_path / "resaved.docx")
    (tmp_path / "resaved.docx").replace(tmp_path / "filing.docx")
    assert reported(tmp_path, "filing.docx", "--baseline", "baseline.json") == []

    # One new defect in another table: exactly one new finding, in both formats.
    worse = funding_mismatch(defective, 2)
    to_docx(worse, tmp_path / "filing.docx", options)
    (new,) = reported(tmp_path, "filing.docx", "--baseline", "baseline.json")
    assert new["rule"] == "PG201" and new["location"]["table"] == 3  # type: ignore[index]
    (tmp_path / "filing.docx").unlink()
    (tmp_path / "filing.txt").write_text(to_text(worse, options), encoding="utf-8")
    (new_in_text,) = reported(tmp_path, "filing.txt", "--baseline", "baseline.json")
    assert new_in_text["fingerprint"] == new["fingerprint"]


def test_sample_docx_baseline_covers_its_text_export(tmp_path: Path) -> None:
    (tmp_path / "dingzhou.docx").write_bytes(SAMPLE_DOCX.read_bytes())
    assert perfgoals(tmp_path, "dingzhou.docx", "--write-baseline", "b.json").returncode == 0
    (tmp_path / "dingzhou.txt").write_bytes(SAMPLE_TXT.read_bytes())
    result = perfgoals(tmp_path, "dingzhou.txt", "--baseline", "b.json", "--statistics")
    assert result.returncode == 0, result.stdout
    assert "基线中已不再出现" not in result.stdout
