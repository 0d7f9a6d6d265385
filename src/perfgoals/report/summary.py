"""Counts over a run's results, shared by the reporters."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from perfgoals.findings import FileResult, at_or_above


@dataclass(frozen=True)
class Summary:
    files: int
    tables: int
    errors: int
    warnings: int
    infos: int
    unreadable: int
    by_rule: tuple[tuple[str, str, int], ...]  # (code, name, count), most frequent first

    @property
    def findings(self) -> int:
        return self.errors + self.warnings + self.infos


def summarise(results: list[FileResult]) -> Summary:
    severities: Counter[str] = Counter()
    rules: Counter[tuple[str, str]] = Counter()
    for result in results:
        for finding in result.findings:
            severities[finding.severity] += 1
            rules[(finding.rule, finding.name)] += 1
    return Summary(
        files=len(results),
        tables=sum(r.tables for r in results),
        errors=severities["error"],
        warnings=severities["warning"],
        infos=severities["info"],
        unreadable=sum(1 for r in results if r.status == "unreadable"),
        by_rule=tuple(
            (code, name, count)
            for (code, name), count in sorted(rules.items(), key=lambda kv: (-kv[1], kv[0]))
        ),
    )


def hide_below(results: list[FileResult], min_severity: str) -> int:
    """Drop findings below ``min_severity`` from the results (``--min-severity``);
    returns how many were hidden."""
    hidden = 0
    for result in results:
        kept = [f for f in result.findings if at_or_above(f.severity, min_severity)]
        hidden += len(result.findings) - len(kept)
        result.findings = kept
    return hidden


# A seal or signature mark, or a label, around or instead of a unit's name.
_SEAL = re.compile(r"[（(]\s*(?:单位)?(?:盖章|公章|签章|印章|章)\s*[)）]|盖章处?$|^(?:填报|申报)?单位(?:名称)?[:：]?")
_PLACEHOLDER = re.compile(r"^[\sXx×＊*□_＿\-—.。…（）()]*$")


def clean_unit(name: str | None) -> str | None:
    """A unit's name without a seal mark (``定州市教育局（盖章）`` → ``定州市教育局``);
    None where nothing but a placeholder is left."""
    if not name:
        return None
    text = _SEAL.sub("", name).strip(" \u3000:：")
    text = re.sub(r"^\d{3,}\s*", "", text)  # a unit code before the name
    bare = re.sub(r"[\sXx×＊*□_＿]", "", text)
    if not text or _PLACEHOLDER.match(text) or bare in ("", "盖章", "公章", "单位", "单位名称", "部门"):
        return None
    return text


def department(result: FileResult) -> str | None:
    """The department a file belongs to: its unit's name, else the unit named in
    its tables' headers; never a seal placeholder such as ``(盖章)``."""
    candidates = [result.unit_name, *(view.get("unit") for view in result.views)]
    for candidate in candidates:
        cleaned = clean_unit(candidate)
        if cleaned:
            return cleaned
    return None
