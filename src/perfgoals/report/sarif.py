"""SARIF 2.1.0 (``--format sarif``) for code-scanning services such as GitHub's.

The run carries every rule with its explanation (the ``perfgoals explain``
text), each result a repository-relative location under ``%SRCROOT%``, the
line (1 for .docx, which has none), the table/project/field as a logical
location, and the structural fingerprint so alerts survive re-exports.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from perfgoals import __version__
from perfgoals.findings import Finding
from perfgoals.report.places import (
    line_of,
    logical_parts,
    repository_path,
    repository_root,
    unique_fingerprints,
    with_place,
    word_cell,
)
from perfgoals.rules.explain import SECTION_TITLES, explanation
from perfgoals.rules.registry import RuleSpec, all_rules
from perfgoals.settings import Settings

if TYPE_CHECKING:  # the runner's imports (readers) are not a reporter's concern
    from perfgoals.runner import RunResult

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "perfgoals/v1"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
LANGUAGES = {"zh": "zh-CN", "en": "en-US"}


def _uri(path: str) -> str:
    # Chinese file names are the rule here, and a URI carries only ASCII.
    return quote(path.replace("\\", "/"), safe="/")


def _markdown_help(spec: RuleSpec, lang: str) -> str:
    doc = spec.doc(lang)
    titles = SECTION_TITLES[lang]
    sections = (doc.what, doc.why, doc.bad, doc.good, doc.fix)
    lines = [f"**{title}**: {text}" for title, text in zip(titles, sections, strict=False)]
    if spec.options:
        options = ", ".join(f"`{key} = {value!r}`" for key, value in spec.options.items())
        lines.append(f"`[rules.{spec.code}]`: {options}")
    return "\n\n".join(lines)


def _first_sentence(text: str) -> str:
    for stop in ("。", ". "):
        head, found, _ = text.partition(stop)
        if found:
            return head + stop.strip()
    return text


def rule_descriptor(spec: RuleSpec, lang: str) -> dict[str, Any]:
    doc = spec.doc(lang)
    return {
        "id": spec.code,
        "name": spec.name,
        "shortDescription": {
            "text": spec.title(lang) if lang == "zh" else _first_sentence(doc.what)
        },
        "fullDescription": {"text": f"{doc.what} {doc.why}"},
        "help": {"text": explanation(spec, lang), "markdown": _markdown_help(spec, lang)},
        "defaultConfiguration": {"level": LEVELS[spec.severity], "enabled": spec.enabled},
        "properties": {"tags": [spec.family], "precision": "high"},
    }


def _location(finding: Finding, path: str, index: int, root: Path, lang: str) -> dict[str, Any]:
    relative = repository_path(path, root)
    artifact: dict[str, Any] = (
        {"uri": _uri(relative), "uriBaseId": SRCROOT, "index": index}
        if relative is not None
        else {"uri": Path(path).absolute().as_uri(), "index": index}
    )
    region: dict[str, Any] = {"startLine": line_of(finding.location)}
    cell = word_cell(finding.location, lang)
    if cell:
        # A .docx has no lines: GitHub shows line 1 of the file, and the cell
        # is named in the region's and the location's message.
        loc = finding.location
        region["message"] = {"text": cell}
        region["properties"] = {
            key: value
            for key, value in (
                ("wordTable", loc.source_table),
                ("wordRow", loc.source_row),
                ("wordColumn", loc.source_column),
            )
            if value is not None
        }
    location: dict[str, Any] = {
        "physicalLocation": {"artifactLocation": artifact, "region": region}
    }
    if cell:
        location["message"] = {"text": cell}
    parts = logical_parts(finding.location, lang)
    if parts:
        location["logicalLocations"] = [
            {
                "name": finding.location.field
                or finding.location.project_code
                or finding.location.project_name
                or parts[-1],
                "fullyQualifiedName": "/".join(parts),
                "kind": "property" if finding.location.field else "object",
            }
        ]
    return location


def _result(
    finding: Finding, fingerprint: str, rule_index: int, location: dict[str, Any], lang: str
) -> dict[str, Any]:
    loc = finding.location
    properties: dict[str, Any] = {
        key: value
        for key, value in (
            ("part", loc.part),
            ("table", loc.table),
            ("projectCode", loc.project_code),
            ("projectName", loc.project_name),
            ("field", loc.field),
            ("indicatorRow", loc.indicator_row),
            ("wordTable", loc.source_table),
            ("wordRow", loc.source_row),
            ("wordColumn", loc.source_column),
            ("suggestion", finding.suggestion),
        )
        if value is not None
    }
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": with_place(finding.message, loc, lang, with_field=True)},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    if properties:
        result["properties"] = properties
    return result


def sarif_log(run: RunResult, settings: Settings) -> dict[str, Any]:
    lang = settings.lang
    specs = list(all_rules().values())
    rule_index = {spec.code: index for index, spec in enumerate(specs)}
    root = repository_root()
    fingerprints = iter(unique_fingerprints(f for r in run.files for f in r.findings))
    artifacts: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for index, file_result in enumerate(run.files):
        relative = repository_path(file_result.path, root)
        artifacts.append(
            {
                "location": {"uri": _uri(relative), "uriBaseId": SRCROOT}
                if relative is not None
                else {"uri": Path(file_result.path).absolute().as_uri()},
                # Every checked file is listed, clean ones too: the record of what was analysed.
                "roles": ["analysisTarget"],
            }
        )
        for finding in file_result.findings:
            location = _location(finding, file_result.path, index, root, lang)
            results.append(
                _result(finding, next(fingerprints), rule_index[finding.rule], location, lang)
            )
        notifications.extend(
            {"level": "error", "message": {"text": f"{file_result.path}: {error}"}}
            for error in file_result.errors
        )
    invocation: dict[str, Any] = {"executionSuccessful": not run.interrupted}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    sarif_run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "perfgoals",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [rule_descriptor(spec, lang) for spec in specs],
            }
        },
        "invocations": [invocation],
        "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}},
        "artifacts": artifacts,
        "results": results,
        "language": LANGUAGES.get(lang, "en-US"),
        "columnKind": "unicodeCodePoints",
    }
    if run.baselined or run.stale_baseline:
        sarif_run["properties"] = {
            "baselined": run.baselined,
            "staleBaseline": run.stale_baseline,
        }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [sarif_run]}


def render(run: RunResult, settings: Settings) -> str:
    return json.dumps(sarif_log(run, settings), ensure_ascii=False, indent=2) + "\n"
