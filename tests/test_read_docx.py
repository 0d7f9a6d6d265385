"""The .docx reader on hand-written WordprocessingML: merges, tracked changes,
fields, text boxes, nested tables — each the way Word writes it."""

from __future__ import annotations

import io
import zipfile

import pytest

from perfgoals.errors import UnreadableFileError
from perfgoals.read import read_bytes
from perfgoals.read.grid import Paragraph, Table

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def docx(body: str) -> bytes:
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"<w:body>{body}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def p(*runs: str) -> str:
    return "<w:p>" + "".join(f"<w:r><w:t xml:space=\"preserve\">{r}</w:t></w:r>" for r in runs) + "</w:p>"


def tc(content: str, span: int = 1, vmerge: str | None = None) -> str:
    props = ""
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        props += "<w:vMerge/>"
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{content or '<w:p/>'}</w:tc>"


def tbl(*rows: str, before: int = 0) -> str:
    grid = "".join("<w:gridCol/>" for _ in range(7))
    return f"<w:tbl><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def tr(*cells: str, before: int = 0) -> str:
    props = f'<w:trPr><w:gridBefore w:val="{before}"/></w:trPr>' if before else ""
    return f"<w:tr>{props}{''.join(cells)}</w:tr>"


def only_table(data: bytes) -> Table:
    (table,) = [b for b in read_bytes(data).blocks if isinstance(b, Table)]
    return table


def test_spans_and_vertical_merges() -> None:
    table = only_table(
        docx(
            tbl(
                tr(tc(p("预算规模及资金用途"), vmerge="restart"), tc(p("预算数")), tc(p("12.00"), span=5)),
                tr(tc("", vmerge="continue"), tc(p("用于", "培训"), span=6)),
                tr(tc(p("x")), tc(p("y")), before=2),
            )
        )
    )
    first, second, third = table.rows
    assert [(c.text, c.col, c.span) for c in first.cells] == [
        ("预算规模及资金用途", 0, 1), ("预算数", 1, 1), ("12.00", 2, 5)
    ]
    assert second.cells[0].merged_above and second.cells[0].text == ""
    assert (second.cells[1].text, second.cells[1].col) == ("用于培训", 1)
    assert [c.col for c in third.cells] == [2, 3]  # gridBefore shifts the row
    assert first.cells[2].origin.cell == 2 and first.cells[2].origin.row == 0


def test_tracked_changes_are_accepted() -> None:
    body = (
        '<w:p><w:r><w:t>购置</w:t></w:r>'
        '<w:del w:id="1" w:author="a"><w:r><w:delText>吗</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="a"><w:r><w:t>办公设备</w:t></w:r></w:ins></w:p>'
    )
    (paragraph,) = read_bytes(docx(body)).blocks
    assert isinstance(paragraph, Paragraph) and paragraph.text == "购置办公设备"


def test_field_instructions_dropped_results_kept() -> None:
    body = (
        "<w:p><w:r><w:t>1、乡村道路养护经费绩效目标表</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> TC "1、乡村道路养护经费绩效目标表" \\f C \\l 1 </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        '<w:p><w:r><w:t>第 </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t> 页</w:t></w:r></w:p>'
    )
    texts = [b.text for b in read_bytes(docx(body)).blocks if isinstance(b, Paragraph)]
    assert texts == ["1、乡村道路养护经费绩效目标表", "第 3 页"]


def test_text_box_in_document_order_without_fallback_copy() -> None:
    box = '<w:txbxContent><w:p><w:r><w:t>单位：万元</w:t></w:r></w:p></w:txbxContent>'
    body = (
        '<w:p><w:r><w:t>表前</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps">'
        f"<w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict>{box}</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
        + p("表后")
    )
    texts = [b.text for b in read_bytes(docx(body)).blocks if isinstance(b, Paragraph)]
    assert texts == ["表前", "单位：万元", "表后"]


def test_nested_table_follows_its_parent() -> None:
    inner = tbl(tr(tc(p("一级指标")), tc(p("二级指标"))))
    body = tbl(tr(tc(p("绩效指标")), tc(p("见下表") + inner, span=6)))
    tables = [b for b in read_bytes(docx(body)).blocks if isinstance(b, Table)]
    assert [t.rows[0].texts() for t in tables] == [["绩效指标", "见下表"], ["一级指标", "二级指标"]]


def test_tab_stops_in_properties_are_not_text() -> None:
    body = '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t></w:r></w:p>'
    (paragraph,) = read_bytes(docx(body)).blocks
    assert isinstance(paragraph, Paragraph) and paragraph.text == "甲 乙"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"PK\x03\x04truncated", "damaged-docx"),
        (docx("<w:p>")[:-10], "damaged-docx"),
    ],
)
def test_damaged_packages(data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableFileError) as info:
        read_bytes(data)
    assert info.value.reason == reason


def test_zip_without_document_part() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(UnreadableFileError) as info:
        read_bytes(buffer.getvalue())
    assert info.value.reason == "no-document-part"


def test_malformed_xml() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document><w:body>")
    with pytest.raises(UnreadableFileError) as info:
        read_bytes(buffer.getvalue())
    assert info.value.reason == "damaged-docx"


def test_entities_are_never_expanded() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", bomb)
    try:
        grid = read_bytes(buffer.getvalue())
    except UnreadableFileError:
        return
    texts = [b.text for b in grid.blocks if isinstance(b, Paragraph)]
    assert all("aaaaaaaaaa" not in t for t in texts)
