"""PG7xx: rules across the files of one run.

Batch rules see only the small per-file summaries the runner keeps (project
codes with their table), never whole filings, so a run over thousands of
files does not hold them all in memory.

A filing present twice in one run is one filing for these rules: a
byte-identical copy, its export in another format beside it (same folder and
name, another suffix: ``教育局.docx`` and ``教育局.txt``), or a file with
exactly the same projects. Twins never raise PG701 against each other; PG702
says once (info) that the same filing is there twice, naming both files.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from perfgoals.rules.registry import Doc, Hit, RuleContext, rule
from perfgoals.textnorm import normalise


class CodeEntry(NamedTuple):
    """One project code seen in one file, in run order."""

    path: str
    code: str
    part: int | None
    table: int | None
    name: str | None
    filing: str = ""  # the first file of its twins (see ``find_twins``); "" for itself

    @property
    def filing_id(self) -> str:
        return self.filing or self.path


class FileFacts(NamedTuple):
    """What twin detection knows of one file of the run, in run order."""

    path: str  # as reported
    source: Path | None  # on disk, for comparing bytes
    records: tuple[tuple[str, str], ...]  # (code, name) of its projects; () if none
    readable: bool = True


class Twin(NamedTuple):
    """``path`` is the same filing as the earlier ``other``, because of ``how``:
    ``identical`` (same bytes), ``export`` (same folder and stem, another format)
    or ``records`` (the same projects with the same codes and names)."""

    path: str
    other: str
    how: str


_HOW = {
    "identical": ("两个文件内容逐字节相同", "byte-identical copies"),
    "export": ("同一文件的另一种格式导出", "the same file exported to another format"),
    "records": ("所有项目的编码和名称完全相同", "the same projects with the same codes and names"),
}


def _digest(path: Path) -> str | None:
    """SHA-256 of a regular file; None for anything else (a pipe, a device:
    opened without blocking and never read) or on any error."""
    digest = hashlib.sha256()
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        with os.fdopen(descriptor, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                return None
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def _size(path: Path | None) -> int | None:
    """The size of a regular file; None for anything else."""
    if path is None:
        return None
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


def find_twins(files: Sequence[FileFacts]) -> tuple[list[Twin], dict[str, str]]:
    """The pairs that make readable files one filing (each pair joins two
    groups, so a filing present three times gives two pairs), and for every
    file in a group the first file of its group. Bytes are hashed only for files of equal
    size, so a batch of distinct filings reads nothing twice."""
    parent: dict[str, str] = {facts.path: facts.path for facts in files}
    order = {facts.path: index for index, facts in enumerate(files)}
    pairs: list[Twin] = []

    def root(path: str) -> str:
        while parent[path] != path:
            parent[path] = parent[parent[path]]
            path = parent[path]
        return path

    def join(first: str, later: str, reason: str) -> None:
        a, b = root(first), root(later)
        if a == b:
            return
        if order[b] < order[a]:
            a, b = b, a
        parent[b] = a
        if order[later] < order[first]:
            first, later = later, first
        pairs.append(Twin(later, first, reason))

    by_size: dict[int, list[FileFacts]] = {}
    for facts in files:
        # An unreadable file has no projects, so no PG701 to spare: two empty or
        # damaged copies are each reported (PG001), never noted as twins.
        size = _size(facts.source) if facts.readable else None
        if size is not None:
            by_size.setdefault(size, []).append(facts)
    for group in by_size.values():
        if len(group) < 2:
            continue
        seen: dict[str, str] = {}
        for facts in group:
            assert facts.source is not None
            digest = _digest(facts.source)
            if digest is None:
                continue
            if digest in seen:
                join(seen[digest], facts.path, "identical")
            else:
                seen[digest] = facts.path
    stems: dict[tuple[str, str], str] = {}
    for facts in files:
        if facts.readable:
            shown = PurePosixPath(facts.path)
            stem = (str(shown.parent), shown.stem.casefold())
            if stem in stems:
                join(stems[stem], facts.path, "export")
            else:
                stems[stem] = facts.path
    records: dict[tuple[tuple[str, str], ...], str] = {}
    for facts in files:
        if facts.readable and facts.records:
            key = tuple((normalise(code), normalise(name)) for code, name in facts.records)
            if key in records:
                join(records[key], facts.path, "records")
            else:
                records[key] = facts.path
    first_of = {facts.path: root(facts.path) for facts in files if root(facts.path) != facts.path}
    pairs.sort(key=lambda twin: (order[twin.path], order[twin.other]))
    return pairs, first_of


class BatchHit(NamedTuple):
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
    filings_seen: dict[str, set[str]] = {}
    for entry in entries:
        key = normalise(entry.code)
        earlier = first_seen.get(key)
        if earlier is None:
            first_seen[key] = entry
            filings_seen[key] = {entry.filing_id}
            continue
        if entry.filing_id in filings_seen[key]:
            continue  # within one file (PG104's finding), or a twin of a file already seen
        filings_seen[key].add(entry.filing_id)
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


@rule(
    code="PG702",
    name="same-filing-twice",
    severity="info",
    scope="batch",
    message=(
        "与 {other_path} 是同一份绩效目标表（{how}），跨文件检查只按一份计",
        "The same filing as {other_path} ({how_en}); cross-file rules count it once",
    ),
    zh=Doc(
        what="同一次检查中同一份绩效目标表出现了两次：内容完全相同的副本，同一文件夹中同名的另一种格式导出"
        "（如 教育局.docx 与 教育局.txt），或所有项目的编码和名称完全相同的文件。报告在后一个文件上。",
        why="文件及其导出常放在一起；它们是一份申报，不应互相报告项目编码重复（PG701）。提示一次，便于确认没有多交或错交。",
        bad="教育局.docx 与 教育局.txt（由前者导出）放在同一文件夹。",
        good="每份绩效目标表只出现一次，或有意保留导出并知悉此提示。",
        fix="如导出或副本是有意保留的，无需处理（此提示不影响退出码）；否则删除多余的副本。",
    ),
    en=Doc(
        what="The same filing appears twice in one run: a byte-identical copy, its export to "
        "another format in the same folder under the same name (a.docx and a.txt), or a file "
        "with exactly the same projects. Reported under the later file.",
        why="Filings often sit beside their exports; they are one filing and must not raise "
        "duplicate-code findings (PG701) against each other. Said once, so a copy submitted "
        "by mistake is still seen.",
        bad="a.docx and a.txt exported from it, in the same folder.",
        good="Each filing once, or the export kept on purpose with this note accepted.",
        fix="Nothing if the copy is kept on purpose (the note does not change the exit code); "
        "else remove the extra copy.",
    ),
)
def same_filing_twice(twins: Sequence[Twin], context: RuleContext | None = None) -> Iterator[BatchHit]:
    for twin in twins:
        zh, en = _HOW[twin.how]
        yield BatchHit(
            path=twin.path,
            hit=Hit(
                args={"other_path": twin.other, "how": zh, "how_en": en},
                key=f"{twin.how}|{twin.other}",
            ),
            part=None,
            table=None,
            project_code=None,
            project_name=None,
        )


# Batch rules that read the run's twins rather than its project codes.
TWIN_RULES = frozenset({"PG702"})
