"""The reader numbers tables as the document orders its ``w:tbl`` elements, so
a finding's ``source_table`` finds its table again in the XML: tables in
content controls and text boxes where they stand, nested tables after their
parent, the copy of a text box under ``mc:Fallback`` not at all."""

from __future__ import annotations

from lxml import etree

from perfgoals.annotate import annotate_bytes
from perfgoals.annotate.places import word_tables
from perfgoals.findings import Finding, Location
from perfgoals.read import read_bytes
from perfgoals.read.grid import Table
from test_read_docx import docx, p, tbl, tc, tr

from .helpers import MC_FALLBACK, W, comments, text_of


def _box(content: str) -> str:
    box = f"<w:txbxContent>{content}</w:txbxContent>"
    return (
        '<w:p><w:r><w:t>框前</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps">'
        f"<w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict>{box}</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )


def _sdt(content: str) -> str:
    return f"<w:sdt><w:sdtPr/><w:sdtContent>{content}</w:sdtContent></w:sdt>"


BODY = (
    p("1、甲项目绩效目标表")
    + tbl(tr(tc(p("表一")), tc(p("甲")), tc(p("乙"))))
    + _sdt(tbl(tr(tc(p("表二")), tc(p("控件中的表")))))
    + _box(tbl(tr(tc(p("表三")), tc(p("文本框中的表")))))
    + tbl(
        tr(tc(p("表四")), tc(p("外层") + tbl(tr(tc(p("表五")), tc(p("嵌套的表")))))),
        tr(tc(p("表四第二行")), tc(p("x"))),
    )
    + _sdt(p("2、乙项目绩效目标表") + tbl(tr(tc(p("表六")), tc(p("控件中的第二张表")))))
)


def _document_order(data: bytes) -> list[etree._Element]:
    """Every w:tbl in document order, the mc:Fallback copies left out."""
    from perfgoals.read.package import open_docx_part

    root = open_docx_part(data)
    return [
        t
        for t in root.iter(W + "tbl")
        if not any(a.tag == MC_FALLBACK for a in t.iterancestors())
    ]


def _first_cell(tbl_element: etree._Element) -> str:
    return text_of(next(tbl_element.iter(W + "tc")))


def test_reader_numbers_tables_in_document_order() -> None:
    data = docx(BODY)
    tables = [b for b in read_bytes(data).blocks if isinstance(b, Table)]
    assert [t.origin.table for t in tables] == list(range(6))
    read = [t.rows[0].cells[0].text for t in tables]
    assert read == ["表一", "表二", "表三", "表四", "表五", "表六"]
    assert [_first_cell(t) for t in _document_order(data)] == read


def test_annotator_finds_the_same_tables() -> None:
    from perfgoals.read.package import open_docx_part

    body = open_docx_part(docx(BODY)).find(W + "body")
    assert body is not None
    assert [_first_cell(t) for t in word_tables(body)] == ["表一", "表二", "表三", "表四", "表五", "表六"]


def test_comments_land_in_each_kind_of_table() -> None:
    data = docx(BODY)
    wanted = {1: "甲", 2: "控件中的表", 3: "文本框中的表", 4: "外层", 5: "嵌套的表", 6: "控件中的第二张表"}
    findings = [
        Finding(
            rule="PG101",
            name="x",
            severity="warning",
            message=f"第{number}张表",
            location=Location(source_table=number, source_row=1, source_column=2),
            fingerprint=str(number),
        )
        for number in wanted
    ]
    copy = annotate_bytes(data, "t.docx", findings)
    found = {c.text: c for c in comments(copy.data)}
    assert len(found) == len(wanted)
    for number, text in wanted.items():
        anchor = found[f"[PG101 警告] 第{number}张表"].anchor
        assert anchor.tag == W + "tc"
        # The cell's own paragraphs, not a nested table's.
        own = "".join(
            text_of(par) for par in anchor if par.tag == W + "p"
        )
        assert own == text


def test_second_row_and_table_title_in_a_content_control() -> None:
    data = docx(BODY)
    findings = [
        Finding(
            rule="PG201",
            name="x",
            severity="error",
            message="第二行",
            location=Location(source_table=4, source_row=2, source_column=1),
            fingerprint="a",
        ),
    ]
    copy = annotate_bytes(data, "t.docx", findings)
    (comment,) = comments(copy.data)
    assert text_of(comment.anchor) == "表四第二行"


def test_a_table_in_a_text_box_inside_a_cell_is_read_as_text_and_not_numbered() -> None:
    """The one place the reader and a plain walk of w:tbl part: a text box in a
    cell is read as the cell's text, its table too. The annotator numbers as
    the reader does, so the table after it is still found."""
    boxed = _box(tbl(tr(tc(p("框中表")), tc(p("y")))))
    body = tbl(tr(tc(p("表一")), tc(boxed))) + tbl(tr(tc(p("表二")), tc(p("目标"))))
    data = docx(body)
    tables = [b for b in read_bytes(data).blocks if isinstance(b, Table)]
    assert [t.rows[0].cells[0].text for t in tables] == ["表一", "表二"]
    assert "框中表" in tables[0].rows[0].cells[1].text
    assert len(_document_order(data)) == 3
    finding = Finding(
        rule="PG101",
        name="x",
        severity="warning",
        message="m",
        location=Location(source_table=2, source_row=1, source_column=2),
        fingerprint="f",
    )
    (comment,) = comments(annotate_bytes(data, "t.docx", [finding]).data)
    assert text_of(comment.anchor) == "目标"
