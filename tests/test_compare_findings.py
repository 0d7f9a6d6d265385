"""scripts/compare_findings.py: what counts as a difference between two builds'
reports, on hand-made reports (the script itself runs in minutes, not here)."""

from __future__ import annotations

import copy
import importlib.util
import sys
from types import ModuleType
from typing import Any

from conftest import ROOT


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "scripts_compare_findings", ROOT / "scripts" / "compare_findings.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


compare = _script()


def _finding(rule: str, message: str, table: int | None = None) -> dict[str, Any]:
    return {
        "rule": rule,
        "severity": "warning",
        "message": message,
        "location": {"part": 3 if table else None, "table": table, "line": None},
        "fingerprint": f"{rule}-{table}",
    }


def _report(root: str = "/tmp/a", version: str = "0.1.0") -> dict[str, Any]:
    return {
        "version": 1,
        "tool": {"name": "perfgoals", "version": version},
        "files": [
            {
                "path": "a.txt",
                "status": "ok",
                "tables": 2,
                "findings": [
                    _finding("PG401", "指标值抄了描述", 1),
                    _finding("PG605", f"见 {root}/a.txt", None),
                ],
            },
            {"path": "b.docx", "status": "ok", "tables": 1, "findings": []},
        ],
        "summary": {"files": 2, "errors": 0, "warnings": 2},
    }


def _differences(before: dict[str, Any], after: dict[str, Any]) -> list[Any]:
    return compare.compare_entries(
        compare.normalise_check(before, "/tmp/a"), compare.normalise_check(after, "/tmp/a")
    )


def test_equal_reports_differ_in_nothing_but_the_build_version() -> None:
    assert _differences(_report(), _report(version="0.2.0")) == []


def test_a_folder_path_in_a_message_is_normalised() -> None:
    normalised = compare.normalise_check(_report(), "/tmp/a")
    assert normalised["a.txt"]["findings"][1]["message"] == "见 <root>/a.txt"


def test_a_lost_finding_is_named_with_its_file_and_rule() -> None:
    after = _report()
    del after["files"][0]["findings"][0]
    found = _differences(_report(), after)
    assert [d.where for d in found] == ["a.txt"]
    assert "- PG401" in found[0].detail and "指标值抄了描述" in found[0].detail


def test_a_changed_message_shows_both_sides() -> None:
    after = _report()
    after["files"][0]["findings"][0]["message"] = "另一句话"
    (found,) = _differences(_report(), after)
    assert "- PG401" in found.detail and "+ PG401" in found.detail


def test_reordered_findings_are_a_difference() -> None:
    after = _report()
    after["files"][0]["findings"].reverse()
    (found,) = _differences(_report(), after)
    assert "different order" in found.detail


def test_reordered_files_and_missing_files_are_differences() -> None:
    reordered = _report()
    reordered["files"].reverse()
    assert [d.detail for d in _differences(_report(), reordered)] == ["reported in another order"]
    shorter = _report()
    del shorter["files"][1]
    found = _differences(_report(), shorter)
    assert [(d.where, d.detail) for d in found] == [("b.docx", "missing after")]


def test_a_changed_status_or_summary_is_a_difference() -> None:
    after = copy.deepcopy(_report())
    after["files"][1]["status"] = "unreadable"
    after["summary"]["errors"] = 1
    found = _differences(_report(), after)
    assert {d.where for d in found} == {"b.docx", "(summary)"}
    assert any("status: 'ok' -> 'unreadable'" in d.detail for d in found)


def test_runs_differ_in_exit_code_or_output() -> None:
    run = compare.Run
    assert compare.compare_runs(run(0, '{"a": 1}'), run(0, '{"a": 1}'), "parse x") == []
    codes = compare.compare_runs(run(0, '{"a": 1}'), run(2, '{"a": 1}'), "parse x")
    assert [d.detail for d in codes] == ["exit code 0 -> 2"]
    text = compare.compare_runs(run(2, "无法读取"), run(2, "不能读取"), "parse x")
    assert len(text) == 1 and text[0].where == "parse x"
