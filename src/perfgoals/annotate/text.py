"""The words of a comment: what is wrong, what to do, and the rule's code."""

from __future__ import annotations

from collections.abc import Sequence

from perfgoals.findings import Finding

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def comment_paragraphs(findings: Sequence[Finding]) -> tuple[str, ...]:
    """One paragraph per finding, its suggestion in the next: ``[PG401 警告] …``."""
    paragraphs: list[str] = []
    for finding in findings:
        severity = SEVERITY_ZH.get(finding.severity, finding.severity)
        paragraphs.append(f"[{finding.rule} {severity}] {finding.message}")
        if finding.suggestion:
            paragraphs.append(f"建议：{finding.suggestion}")
    return tuple(paragraphs)


def initials_of(author: str) -> str:
    """Word's initials for an author: the capitals of a Latin name, else its first letters."""
    capitals = "".join(word[0] for word in author.split() if word[:1].isalpha())
    return (capitals or author)[:3].upper() if author.isascii() else author[:2]
