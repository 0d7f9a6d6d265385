"""Hostile and broken files of the formats beyond Word: PDF, web pages, .mht,
.xls/.ods and Excel 2003 XML. Each is made here, deterministically, and gives
one PG001 with a plain reason (or, where the file is harmless, the findings
of a readable file) in well under a second and 300 MB."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

MiB = 1024 * 1024


def pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF with these objects (numbered from 1) and a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref))
    return out.getvalue()


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _page_pdf(content: bytes, extra_catalog: bytes = b"", more: list[bytes] | None = None) -> bytes:
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R " + extra_catalog + b" >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            content,
            *(more or []),
        ]
    )


def _pdf_bomb(_: Path) -> bytes:
    """A content stream of 1 KB that inflates past the 64 MB limit."""
    compressor = zlib.compressobj(9)
    block = b"\x00" * MiB
    data = b"".join(compressor.compress(block) for _ in range(80)) + compressor.flush()
    return _page_pdf(_stream(data, b"/Filter /FlateDecode"))


def _pdf_deep_nesting(_: Path) -> bytes:
    depth = 200_000
    content = b"[" * depth + b"]" * depth
    return _page_pdf(_stream(content))


def _pdf_javascript(_: Path) -> bytes:
    script = b"app.alert('x'); while (true) {}"
    return _page_pdf(
        _stream(b"0 0 m 100 100 l S"),
        b"/OpenAction 5 0 R",
        [b"<< /Type /Action /S /JavaScript /JS (" + script + b") >>"],
    )


def _pdf_many_pages(_: Path) -> bytes:
    count = 5000
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(count))
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] /Contents 3 0 R >>"] * count
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
            _stream(b""),
            *pages,
        ]
    )


def _pdf_truncated(folder: Path) -> bytes:
    return _fixture("agriculture.pdf")[:1500]


def _fixture(name: str) -> bytes:
    return (Path(__file__).resolve().parents[1] / "formats" / "fixtures" / name).read_bytes()


def _html_huge_spans(_: Path) -> bytes:
    cell = '<td colspan="1000" rowspan="65534">项目名称</td>'
    rows = "".join(f"<tr>{cell * 20}</tr>" for _ in range(200))
    return f"<html><body><table>{rows}</table></body></html>".encode()


def _html_deep_nesting(_: Path) -> bytes:
    depth = 100_000
    return ("<html><body>" + "<div>" * depth + "项目名称" + "</div>" * depth + "</body></html>").encode()


def _mht_no_page(_: Path) -> bytes:
    return (
        b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n"
        b"--b\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--b--\r\n"
    )


_LAUGHS = (
    '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">'
    '<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">'
    '<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">'
    '<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">'
    '<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">'
    '<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>\n'
    '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
    'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="a"><Table>'
    '<Row><Cell><Data ss:Type="String">&lol9;</Data></Cell></Row></Table></Worksheet></Workbook>'
)


def _spreadsheetml_far_row(_: Path) -> bytes:
    return (
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="绩效目标"><Table>'
        '<Row ss:Index="1048000"><Cell ss:Index="16000"><Data ss:Type="String">项目名称</Data></Cell></Row>'
        "</Table></Worksheet></Workbook>"
    ).encode()


def _ods_damaged(_: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content>not closed")
    return buffer.getvalue()


def format_cases(case: Callable[..., Any]) -> tuple[Any, ...]:
    """The cases, built with make_corpus's Case."""
    return (
        case("pdf-bomb", "bomb.pdf", _pdf_bomb, "unreadable", "PG001", "too-large", 1, "压缩炸弹"),
        case("pdf-deep-nesting", "deep.pdf", _pdf_deep_nesting, "unreadable", "PG001", "empty-pdf", 1, "没有任何文字"),
        case("pdf-javascript", "script.pdf", _pdf_javascript, "unreadable", "PG001", "empty-pdf", 1, "没有任何文字"),
        case("pdf-many-pages", "pages.pdf", _pdf_many_pages, "unreadable", "PG001", "too-large", 1, "页"),
        case("pdf-truncated", "cut.pdf", _pdf_truncated, "unreadable", "PG001", "damaged-pdf", 1, "已损坏"),
        case("pdf-scanned", "scan.pdf", lambda _: _fixture("scanned.pdf"), "unreadable", "PG001", "scanned-pdf", 1, "扫描件"),
        case("pdf-encrypted", "locked.pdf", lambda _: _fixture("encrypted.pdf"), "unreadable", "PG001", "encrypted-pdf", 1, "密码"),
        case("html-huge-spans", "spans.html", _html_huge_spans, "unreadable", "PG001", "too-complex", 1, "跨行"),
        case("html-deep-nesting", "deep.html", _html_deep_nesting, "ok", "PG002", None, 0, ""),
        case("mht-no-page", "saved.mht", _mht_no_page, "unreadable", "PG001", "damaged-mht", 1, "没有网页内容"),
        case("spreadsheetml-laughs", "laughs.xml.xls", lambda _: _LAUGHS.encode(), "unreadable", "PG001", "unsafe-xml", 1, "拒绝读取"),
        case("spreadsheetml-far-cell", "far.xls", _spreadsheetml_far_row, "unreadable", "PG001", "too-complex", 1, "单元格"),
        case("ods-damaged", "broken.ods", _ods_damaged, "unreadable", "PG001", "damaged-ods", 1, "已损坏"),
    )
