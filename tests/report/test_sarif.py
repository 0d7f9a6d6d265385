"""SARIF 2.1.0: the rules with their explanations, repository-relative
locations, logical locations and fingerprints; valid by the SARIF schema and,
where installed, by Microsoft's SARIF validator with GitHub's rules."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest

from perfgoals.commands.info import explanation
from perfgoals.report import sarif
from perfgoals.rules.registry import all_rules
from perfgoals.runner import RunResult
from perfgoals.settings import Settings

from .helpers import file_result, finding, working_folder
from conftest import ROOT

SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text("utf-8"))
VALIDATOR = jsonschema.validators.validator_for(SCHEMA)
# Where .ci/run installs the validator (npm install --prefix build/ci-tools …).
DEFAULT_MULTITOOL = (
    ROOT / "build/ci-tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
)


def sarif_of(run: RunResult, folder: Path, lang: str = "zh") -> dict[str, Any]:
    with working_folder(folder):
        log: dict[str, Any] = json.loads(sarif.render(run, Settings(lang=lang)))
    return log


def schema_errors(log: dict[str, Any]) -> list[str]:
    validator = VALIDATOR(SCHEMA, format_checker=VALIDATOR.FORMAT_CHECKER)
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(log)]


def test_sample_rules_carry_explanations(sample_run: RunResult) -> None:
    log = sarif_of(sample_run, ROOT)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    registry = all_rules()
    assert [r["id"] for r in rules] == list(registry)
    by_id = {r["id"]: r for r in rules}
    pg201 = by_id["PG201"]
    assert pg201["name"] == "funding-sum-mismatch"
    assert pg201["help"]["text"] == explanation(registry["PG201"], "zh")
    assert "如何修改" in pg201["help"]["markdown"]
    assert pg201["shortDescription"]["text"] and pg201["fullDescription"]["text"]
    assert pg201["defaultConfiguration"]["level"] == "error"
    assert by_id["PG401"]["defaultConfiguration"]["level"] == "warning"
    assert by_id["PG412"]["defaultConfiguration"]["level"] == "note"
    off = [code for code, spec in registry.items() if not spec.enabled]
    assert all(by_id[code]["defaultConfiguration"]["enabled"] is False for code in off)


def test_sample_results_locate_findings(sample_run: RunResult) -> None:
    (run,) = sarif_of(sample_run, ROOT)["runs"]
    findings = sample_run.files[0].findings
    results = run["results"]
    assert len(results) == len(findings) > 100
    assert run["artifacts"][0]["location"] == {
        "uri": "samples/dingzhou-2020.txt",
        "uriBaseId": "%SRCROOT%",
    }
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == ROOT.as_uri() + "/"
    rules = run["tool"]["driver"]["rules"]
    for result, found in zip(results, findings, strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == found.rule
        assert result["partialFingerprints"] == {"perfgoals/v1": found.fingerprint}
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == "samples/dingzhou-2020.txt"
        assert physical["region"]["startLine"] == (found.location.line or 1)
    first_pg401 = next(r for r in results if r["ruleId"] == "PG401")
    assert first_pg401["level"] == "warning"
    assert first_pg401["locations"][0]["physicalLocation"]["region"]["startLine"] == 124
    assert first_pg401["locations"][0]["logicalLocations"] == [
        {
            "name": "指标值",
            "fullyQualifiedName": "第2部分/表 1/000-9999-JSN-D0X6/指标值/指标第1行",
            "kind": "property",
        }
    ]
    assert first_pg401["message"]["text"].endswith("(表 1 000-9999-JSN-D0X6 指标值 指标第1行)")
    whole_filing = next(r for r in results if r["ruleId"] == "PG412")
    assert whole_filing["level"] == "note" and "logicalLocations" not in whole_filing["locations"][0]


def test_english_run_has_english_rules_and_places(sample_run: RunResult) -> None:
    (run,) = sarif_of(sample_run, ROOT, lang="en")["runs"]
    assert run["language"] == "en-US"
    pg201 = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "PG201")
    assert pg201["help"]["text"] == explanation(all_rules()["PG201"], "en")
    located = next(r for r in run["results"] if r["ruleId"] == "PG401")
    assert located["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].startswith(
        "part 2/table 1/"
    )


def test_folder_paths_are_encoded_relative_uris(folder_run: RunResult, fixture_folder: Path) -> None:
    (run,) = sarif_of(folder_run, fixture_folder)["runs"]
    uris = [a["location"]["uri"] for a in run["artifacts"]]
    assert [unquote(u) for u in uris] == [r.path for r in folder_run.files]
    assert "%E5%8E%BF%E6%95%99%E8%82%B2%E5%B1%80%202024/%E8%B5%84%E9%87%91%20%E4%B8%8D%E7%AC%A6.docx" in uris
    assert "health/plan%231.txt" in uris  # a '#' would start a URI fragment
    assert all(u.isascii() and " " not in u for u in uris)
    docx_results = [
        r for r in run["results"]
        if unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]).endswith(".docx")
    ]
    assert docx_results and all(
        r["locations"][0]["physicalLocation"]["region"]["startLine"] == 1 for r in docx_results
    )
    (broken,) = [r for r in run["results"] if r["ruleId"] == "PG001"]
    assert broken["level"] == "error" and "logicalLocations" not in broken["locations"][0]


def test_shared_fingerprints_get_occurrence_numbers(tmp_path: Path) -> None:
    twice = finding(key=None)
    run = RunResult(files=[file_result("filings/a.docx", twice, twice)])
    (sarif_run,) = sarif_of(run, tmp_path)["runs"]
    values = [r["partialFingerprints"]["perfgoals/v1"] for r in sarif_run["results"]]
    assert values == [twice.fingerprint, f"{twice.fingerprint}-2"]


def test_file_outside_the_root_gets_an_absolute_uri(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "a.txt"
    run = RunResult(files=[file_result(str(elsewhere), finding(line=7))])
    (sarif_run,) = sarif_of(run, tmp_path)["runs"]
    artifact = sarif_run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact["uri"] == elsewhere.as_uri() and "uriBaseId" not in artifact
    assert schema_errors(sarif_of(run, tmp_path)) == []


def test_schema_accepts_sample_and_folder(
    sample_run: RunResult, folder_run: RunResult, fixture_folder: Path
) -> None:
    assert schema_errors(sarif_of(sample_run, ROOT)) == []
    assert schema_errors(sarif_of(folder_run, fixture_folder)) == []


def test_schema_check_is_not_vacuous(sample_run: RunResult) -> None:
    log = sarif_of(sample_run, ROOT)
    log["runs"][0]["results"][0]["level"] = "fatal"
    del log["runs"][0]["tool"]["driver"]["name"]
    assert len(schema_errors(log)) == 2


# --- Microsoft's SARIF validator (installed by .ci/run; skipped elsewhere) ---


def multitool() -> str | None:
    configured = os.environ.get("PERFGOALS_SARIF_MULTITOOL")
    if configured:
        return configured
    for candidate in (shutil.which("Sarif.Multitool"), shutil.which("sarif-multitool-linux")):
        if candidate:
            return candidate
    return str(DEFAULT_MULTITOOL) if DEFAULT_MULTITOOL.is_file() else None


def validate(log: dict[str, Any], folder: Path) -> list[str]:
    """The validator's error-level results for ``log`` (rules Sarif and Gh)."""
    tool = multitool()
    if tool is None:
        pytest.skip("SARIF validator not installed (npm install @microsoft/sarif-multitool-linux)")
    target = folder / "report.sarif"
    target.write_text(json.dumps(log, ensure_ascii=False), encoding="utf-8")
    output = folder / "validation.sarif"
    completed = subprocess.run(
        [tool, "validate", "--rule-kind", "Sarif;Gh", "--log", "ForceOverwrite",
         "--output", str(output), str(target)],
        capture_output=True, text=True, timeout=300,
    )
    assert output.is_file(), (completed.returncode, completed.stdout, completed.stderr)
    (run,) = json.loads(output.read_text("utf-8-sig"))["runs"]
    rules = run["tool"]["driver"].get("rules", [])
    errors = []
    for result in run.get("results", []):
        default = rules[result["ruleIndex"]].get("defaultConfiguration", {}).get("level", "warning") if "ruleIndex" in result and result["ruleIndex"] < len(rules) else "warning"
        if result.get("level", default) == "error":
            errors.append(f"{result['ruleId']}: {result['message']}")
    errors += [
        line for line in completed.stdout.splitlines() if ": error " in line
    ]
    return errors


def test_validator_accepts_sample(sample_run: RunResult, tmp_path: Path) -> None:
    assert validate(sarif_of(sample_run, ROOT), tmp_path) == []


def test_validator_accepts_folder(
    folder_run: RunResult, fixture_folder: Path, tmp_path: Path
) -> None:
    assert validate(sarif_of(folder_run, fixture_folder), tmp_path) == []


def test_validator_reports_errors_it_finds(sample_run: RunResult, tmp_path: Path) -> None:
    log = sarif_of(sample_run, ROOT)
    # An absolute URI may not take a uriBaseId (SARIF1004), and GitHub needs a region (GH1003).
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    location["artifactLocation"]["uri"] = "file:///tmp/a.txt"
    assert validate(log, tmp_path)


def test_interrupted_runs_and_rule_errors_are_reported(tmp_path: Path) -> None:
    result = file_result("a.txt", finding(line=3))
    result.errors.append("PG201: internal error: ValueError: boom")
    run = RunResult(files=[result], interrupted=True)
    (invocation,) = sarif_of(run, tmp_path)["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and note["message"]["text"] == f"a.txt: {result.errors[0]}"
