"""Annotating a .docx in place: one comment per finding location, on the cell
the finding names, and nothing else of the document changed."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import docx
import pytest

from perfgoals.annotate import annotate_bytes
from perfgoals.config import settings_from
from perfgoals.engine import check_path
from perfgoals.findings import Finding, Location
from perfgoals.read import read_bytes

from .helpers import (
    COMMENT_PARTS,
    Comment,
    W,
    comments,
    finding_line,
    grid_cell_text,
    holding,
    parts,
    place_of,
    plain,
    strip_anchors,
    text_of,
    top_of_merge,
)
from conftest import SAMPLE_DOCX
from gen.docx_writer import to_docx as spec_to_docx
from gen.spec import RenderOptions, dingzhou_like
from layouts.documents import DEFECTS, LAYOUTS
from layouts.render import to_docx as layout_to_docx


def _fixtures(folder: Path) -> list[Path]:
    paths = [SAMPLE_DOCX]
    for name, doc in [*LAYOUTS.items(), *((n, d) for n, (d, _) in DEFECTS.items())]:
        path = folder / f"{name}.docx"
        layout_to_docx(doc, path)
        paths.append(path)
    # Word's own habits: tracked changes, a title in a field, split runs.
    tracked = folder / "tracked-changes.docx"
    spec_to_docx(dingzhou_like(3, seed=2), tracked, RenderOptions(tracked_changes=True))
    simple = folder / "title-field.docx"
    spec_to_docx(dingzhou_like(2, seed=5), simple, RenderOptions(title_field="simple"))
    header = folder / "header-table.docx"
    spec_to_docx(dingzhou_like(2, seed=7), header, RenderOptions(header_as_own_table=True))
    return [*paths, tracked, simple, header]


@pytest.fixture(scope="module")
def annotated(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, list[Finding], bytes]]:
    folder = tmp_path_factory.mktemp("annotate-docx")
    settings = settings_from({})
    done = []
    for path in _fixtures(folder):
        findings = check_path(path, path.name, settings).findings
        copy = annotate_bytes(path.read_bytes(), path.name, findings)
        assert copy.in_place
        done.append((path, findings, copy.data))
    return done


def _places(findings: list[Finding]) -> set[tuple[int | None, ...]]:
    return {
        (f.location.source_table, f.location.source_row, f.location.source_column)
        for f in findings
        if f.location.source_row is not None
    }


def test_fixtures_have_findings_to_place(annotated: list[tuple[Path, list[Finding], bytes]]) -> None:
    with_cells = [path.name for path, findings, _ in annotated if _places(findings)]
    assert len(with_cells) >= 8, with_cells


def test_every_finding_is_in_exactly_one_comment_and_places_are_not_shared(
    annotated: list[tuple[Path, list[Finding], bytes]],
) -> None:
    for path, findings, data in annotated:
        found = comments(data)
        assert all(c.author == "perfgoals" for c in found)
        assert len({c.id for c in found}) == len(found)
        # A finding is one paragraph ``[PGxxx 级别] message``; count them all.
        written = Counter(
            line for c in found for line in c.text.splitlines() if line.startswith("[PG")
        )
        assert sum(written.values()) == len(findings), path.name
        # One comment per cell: no two comments on the same element.
        anchors = Counter(id(c.anchor) for c in found)
        assert max(anchors.values(), default=1) == 1, path.name
        # Each place of a cell has its own comment: at least as many as places.
        cell_comments = [c for c in found if c.anchor.tag == W + "tc"]
        assert len(cell_comments) >= len(_places(findings)) > 0 or not _places(findings)


def test_each_comment_sits_on_the_cell_its_findings_name(
    annotated: list[tuple[Path, list[Finding], bytes]],
) -> None:
    """For every finding on a cell, the comment on that very cell (its place
    counted afresh from the XML) carries it, and the cell reads what the
    reader read there."""
    checked = 0
    for path, findings, data in annotated:
        grid = read_bytes(path.read_bytes(), path.name)
        by_place: dict[tuple[int, int, int], Comment] = {}
        for comment in comments(data):
            if comment.anchor.tag == W + "tc":
                by_place[place_of(comment.anchor)] = comment
        for finding in findings:
            loc = finding.location
            if loc.source_row is None:
                continue
            assert loc.source_table is not None and loc.source_column is not None
            place = top_of_merge(grid, loc.source_table, loc.source_row, loc.source_column)
            comment = by_place.get(place)
            assert comment is not None, (path.name, finding)
            assert finding_line(finding) in comment.text and finding.message in comment.text
            expected = grid_cell_text(grid, loc.source_table, loc.source_row, loc.source_column)
            assert plain(text_of(comment.anchor)) == plain(expected), (path.name, finding)
            checked += 1
    assert checked > 250  # the sample alone has some 280 findings on cells


def test_findings_at_one_cell_share_one_comment(
    annotated: list[tuple[Path, list[Finding], bytes]],
) -> None:
    shared = 0
    for path, findings, data in annotated:
        grid = read_bytes(path.read_bytes(), path.name)
        places = Counter(
            top_of_merge(grid, table, row, column)
            for table, row, column in _places_list(findings)
        )
        cell_comments = Counter(
            place_of(c.anchor) for c in comments(data) if c.anchor.tag == W + "tc"
        )
        assert set(cell_comments) == set(places), path.name
        assert max(cell_comments.values(), default=1) == 1, path.name
        shared += sum(1 for count in places.values() if count > 1)
    assert shared > 0, "some cells have several findings"


def _places_list(findings: list[Finding]) -> list[tuple[int, int, int]]:
    return [
        (f.location.source_table, f.location.source_row, f.location.source_column)
        for f in findings
        if f.location.source_table is not None
        and f.location.source_row is not None
        and f.location.source_column is not None
    ]


def test_table_and_filing_findings_anchor_on_the_titles() -> None:
    """A finding about a whole table marks the table's title; one about the
    filing, the filing's title."""
    from perfgoals.pipeline import load_filing

    filing = load_filing(SAMPLE_DOCX, SAMPLE_DOCX.name)
    findings = []
    titled = [t for t in filing.tables if t.title and t.field_sources][:3]
    for table in titled:
        index = min(s.docx_table for s in table.field_sources.values() if s.docx_table is not None)
        findings.append(
            Finding(
                rule="PG102",
                name="x",
                severity="warning",
                message=f"缺少字段（第{table.part}部分表{table.table_number}）",
                location=Location(
                    part=table.part, table=table.table_number, source_table=index + 1
                ),
                fingerprint=str(table.table_number),
            )
        )
    findings.append(
        Finding(rule="PG412", name="x", severity="info", message="全文问题", location=Location(), fingerprint="z")
    )
    copy = annotate_bytes(SAMPLE_DOCX.read_bytes(), SAMPLE_DOCX.name, findings)
    found = comments(copy.data)
    assert len(found) == len(findings)
    for table, finding in zip(titled, findings, strict=False):
        comment = holding(found, finding)
        assert comment.anchor.tag == W + "p"
        assert plain(text_of(comment.anchor)) == plain(table.title or "")
    document_title = holding(found, findings[-1])
    assert document_title.anchor.tag == W + "p"
    first = next(p for p in docx.Document(io.BytesIO(copy.data)).paragraphs if p.text.strip())
    assert plain(text_of(document_title.anchor)) == plain(first.text)


def _document_parts_unchanged(original: bytes, data: bytes) -> None:
    before, after = parts(original), parts(data)
    assert list(after)[: len(before)] == list(before), "the parts keep their order"
    for name, body in before.items():
        if name not in COMMENT_PARTS:
            assert after[name] == body, name
    assert strip_anchors(after["word/document.xml"]) == before["word/document.xml"]
    assert set(after) - set(before) <= {"word/comments.xml"}


def test_everything_else_is_byte_for_byte_the_original(
    annotated: list[tuple[Path, list[Finding], bytes]],
) -> None:
    for path, _, data in annotated:
        _document_parts_unchanged(path.read_bytes(), data)


def test_tracked_changes_and_fields_survive(
    annotated: list[tuple[Path, list[Finding], bytes]],
) -> None:
    by_name = {path.name: parts(data)["word/document.xml"] for path, _, data in annotated}
    tracked = by_name["tracked-changes.docx"]
    assert b"<w:ins " in tracked and b"<w:del " in tracked
    assert b"<w:fldSimple " in by_name["title-field.docx"]


def test_no_findings_no_comments() -> None:
    data = SAMPLE_DOCX.read_bytes()
    copy = annotate_bytes(data, SAMPLE_DOCX.name, [])
    assert copy.comments == 0
    assert copy.data == data


def test_author_is_configurable() -> None:
    data = SAMPLE_DOCX.read_bytes()
    finding = Finding(
        rule="PG201",
        name="x",
        severity="error",
        message="预算数不等于各项资金之和",
        location=Location(part=3, table=1, source_table=3, source_row=3, source_column=3),
        fingerprint="f",
        suggestion="核对预算数",
    )
    copy = annotate_bytes(data, SAMPLE_DOCX.name, [finding], author="财政局审核科")
    (comment,) = docx.Document(io.BytesIO(copy.data)).comments
    assert comment.author == "财政局审核科"
    assert comment.text.splitlines() == ["[PG201 错误] 预算数不等于各项资金之和", "建议：核对预算数"]


def test_existing_comments_are_kept_and_numbered_after(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "项目名称"
    table.cell(0, 1).text = "道路养护"
    paragraph = document.add_paragraph("已有意见")
    document.add_comment(paragraph.runs, text="请补充依据", author="张三", initials="ZS")
    buffer = io.BytesIO()
    document.save(buffer)
    original = buffer.getvalue()
    finding = Finding(
        rule="PG101",
        name="x",
        severity="warning",
        message="项目名称过短",
        location=Location(source_table=1, source_row=1, source_column=2),
        fingerprint="f",
    )
    copy = annotate_bytes(original, "x.docx", [finding])
    found = comments(copy.data)
    assert sorted((c.author, c.text) for c in found) == [
        ("perfgoals", "[PG101 警告] 项目名称过短"),
        ("张三", "请补充依据"),
    ]
    ours = next(c for c in found if c.author == "perfgoals")
    assert text_of(ours.anchor) == "道路养护"
    assert len({c.id for c in found}) == 2
    before, after = parts(original), parts(copy.data)
    assert set(before) == set(after)
    for name in set(before) - {"word/document.xml", "word/comments.xml"}:
        assert before[name] == after[name], name


def test_merged_cell_comment_goes_to_the_top_of_the_merge() -> None:
    """A place inside a vertical merge marks the merge's first cell, where the text is."""
    path = SAMPLE_DOCX
    grid = read_bytes(path.read_bytes(), path.name)
    # Find a cell covered by a vertical merge in the sample.
    place = next(
        (t.origin.table, r.origin.row, c.col)
        for t in grid.tables()
        for r in t.rows
        for c in r.cells
        if c.merged_above and t.origin.table is not None and r.origin.row is not None
    )
    table, row, col = place
    assert table is not None and row is not None
    finding = Finding(
        rule="PG410",
        name="x",
        severity="warning",
        message="产出指标不完整",
        location=Location(source_table=table + 1, source_row=row + 1, source_column=col + 1),
        fingerprint="f",
    )
    copy = annotate_bytes(path.read_bytes(), path.name, [finding])
    (comment,) = comments(copy.data)
    expected = grid_cell_text(grid, table + 1, row + 1, col + 1)
    assert expected and plain(text_of(comment.anchor)) == plain(expected)
