"""PG7xx: rules across the files of one run.

Batch rules see only the small per-file summaries the runner keeps (project
codes with their table), never whole filings, so a run over thousands of
files does not hold them all in memory.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from perfgoals.rules.registry import Doc, Hit, RuleContext, rule
from perfgoals.textnorm import normalise


@dataclass(frozen=True)
class CodeEntry:
    """One project code seen in one file, in run order."""

    path: str
    code: str
    part: int | None
    table: int | None
    name: str | None


@dataclass(frozen=True)
class BatchHit:
    """A batch finding: the file it is listed under, and where in that file."""

    path: str
    hit: Hit
    part: int | None
    table: int | None
    project_code: str | None
    project_name: str | None


@rule(
    code="PG701",
    name="duplicate-code-across-files",
    severity="error",
    scope="batch",
    message=(
        "项目编码“{code}”也出现在 {other_path}（{other_where}）",
        "Project code '{code}' also appears in {other_path} ({other_where_en})",
    ),
    zh=Doc(
        what="同一次检查的两个不同文件中出现了相同的项目编码。报告在后一个文件上。",
        why="一个项目编码只属于一个单位的一个项目；跨文件重复说明编码被复制或项目被重复申报。",
        bad="教育局.docx 与 卫健委.docx 都有 434-0101-JBN-A8CL。",
        good="每个项目编码只在一个文件中出现。",
        fix="核对两个文件中的项目，改正错误的编码或删除重复申报。",
    ),
    en=Doc(
        what="The same project code appears in two different files of one run. Reported under "
        "the later file.",
        why="A code belongs to one project of one unit; a repeat across files means a copied "
        "code or a project filed twice.",
        bad="Both a.docx and b.docx carry 434-0101-JBN-A8CL.",
        good="Each code in one file only.",
        fix="Check both projects; correct the wrong code or drop the duplicate filing.",
    ),
)
def duplicate_code_across_files(
    entries: Sequence[CodeEntry], context: RuleContext | None = None
) -> Iterator[BatchHit]:
    first_seen: dict[str, CodeEntry] = {}
    for entry in entries:
        key = normalise(entry.code)
        earlier = first_seen.get(key)
        if earlier is None:
            first_seen[key] = entry
            continue
        if earlier.path == entry.path:
            continue  # within one file: PG104's finding
        where = (
            f"表 {earlier.table}"
            if earlier.part is None
            else f"第{earlier.part}部分表 {earlier.table}"
        )
        yield BatchHit(
            path=entry.path,
            hit=Hit(
                args={
                    "code": entry.code,
                    "other_path": earlier.path,
                    "other_where": where,
                    "other_where_en": f"table {earlier.table}",
                },
                field="项目编码",
                key=f"{key}|{earlier.path}",
            ),
            part=entry.part,
            table=entry.table,
            project_code=entry.code,
            project_name=entry.name,
        )
