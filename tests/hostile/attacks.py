"""Hostile inputs beyond the corpus of ``make_corpus``: bombs that keep every
declared size and ratio in bounds, quadratic corners, odd encodings, broken
zips. Every file is made here, deterministically; nothing is checked in.

    python tests/hostile/attacks.py /tmp/attacks   # writes every file, prints sizes
"""

from __future__ import annotations

import io
import random
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the gen package
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import clean_docx, clean_text, document, docx_parts, package

MiB = 1024 * 1024
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _streamed_zip(parts: dict[str, bytes], big_name: str, chunks: Iterator[bytes]) -> bytes:
    """A package whose ``big_name`` member is written chunk by chunk (never whole
    in memory), the others as given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if name != big_name:
                # An OpenDocument's mimetype comes first and uncompressed.
                archive.writestr(zipfile.ZipInfo(name) if name == "mimetype" else name, data)
        with archive.open(big_name, "w", force_zip64=True) as stream:
            for chunk in chunks:
                stream.write(chunk)
    return buffer.getvalue()


def _paragraph_block(seed: int, size: int, every: int) -> bytes:
    """About ``size`` bytes of empty paragraphs; one in ``every`` carries a random
    revision id, which sets how well the block compresses."""
    rng = random.Random(seed)
    pieces = []
    total = 0
    while total < size:
        piece = (
            f'<w:p w:rsidR="{rng.getrandbits(32):08X}"/>'.encode()
            if rng.randrange(every) == 0
            else b"<w:p/>"
        )
        pieces.append(piece)
        total += len(piece)
    return b"".join(pieces)


def empty_paragraphs_docx(inflated: int = 127 * MiB, every: int = 160) -> bytes:
    """A .docx whose body is ``inflated`` bytes of empty paragraphs, compressed
    about 90:1: under the declared-ratio and declared-size limits."""
    block = _paragraph_block(17, MiB, every)
    head = document("")[: document("").index("<w:body>") + len("<w:body>")].encode()
    tail = b"</w:body></w:document>"

    def chunks() -> Iterator[bytes]:
        yield head
        for _ in range(inflated // len(block)):
            yield block
        yield tail

    return _streamed_zip(docx_parts(), "word/document.xml", chunks())


def docx_with_body(body: str, extra: dict[str, bytes | str] | None = None) -> bytes:
    parts: dict[str, bytes | str] = dict(docx_parts())
    parts["word/document.xml"] = document(body)
    parts.update(extra or {})
    return package(parts)


def long_table_docx(rows: int, columns: int = 3) -> bytes:
    """One table of ``rows`` rows (100,000 of them: a quadratic loop shows)."""
    rng = random.Random(rows)
    body = "".join(
        "<w:tr>"
        + "".join(
            f"<w:tc><w:p><w:r><w:t>{rng.getrandbits(40):x}</w:t></w:r></w:p></w:tc>"
            for _ in range(columns)
        )
        + "</w:tr>"
        for _ in range(rows)
    )
    return docx_with_body(f"<w:tbl>{body}</w:tbl>")


def long_table_text(rows: int) -> bytes:
    """A TAB export of one table of ``rows`` rows."""
    rng = random.Random(rows)
    return "".join(
        f"\t{rng.getrandbits(40):x}\n\t指标{r}\n\t{r}\n\n" for r in range(rows)
    ).encode("utf-8")


def wide_table_docx(columns: int) -> bytes:
    row = "<w:tr>" + "".join(
        f"<w:tc><w:p><w:r><w:t>{c}</w:t></w:r></w:p></w:tc>" for c in range(columns)
    ) + "</w:tr>"
    return docx_with_body("<w:tbl>" + row * 2 + "</w:tbl>")


def alt_chunk_docx() -> bytes:
    """Content carried as an altChunk (an HTML page Word merges in on opening)."""
    body = (
        '<w:p><w:r><w:t>封面</w:t></w:r></w:p>'
        '<w:altChunk xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships" r:id="rIdChunk1"/>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rIdChunk1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/aFChunk" Target="chunk.html"/></Relationships>'
    )
    return docx_with_body(body, {
        "word/_rels/document.xml.rels": rels,
        "word/chunk.html": "<html><body><table><tr><td>项目名称</td></tr></table></body></html>",
    })


def duplicate_document_docx() -> bytes:
    """Two ``word/document.xml`` members: programs differ on which one they show."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in docx_parts().items():
            archive.writestr(name, data)
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns of the duplicate name
            archive.writestr("word/document.xml", document("<w:p><w:r><w:t>另一份</w:t></w:r></w:p>"))
    return buffer.getvalue()


def deflate64_docx() -> bytes:
    """The clean filing with its body's compression method set to Deflate64 (9),
    as Windows' own "send to compressed folder" writes large files."""
    data = bytearray(clean_docx())
    name = b"word/document.xml"
    for signature, method_at, name_at in ((b"PK\x03\x04", 8, 30), (b"PK\x01\x02", 10, 46)):
        start = 0
        while (at := data.find(signature, start)) >= 0:
            if data[at + name_at : at + name_at + len(name)] == name:
                data[at + method_at : at + method_at + 2] = (9).to_bytes(2, "little")
            start = at + 4
    return bytes(data)


def long_filing_text(rows: int) -> str:
    """The clean export's first table with ``rows`` indicator rows: the builder
    and every indicator rule see them all."""
    text = clean_text()
    head = text[: text.index("\t产出指标")]
    body = "".join(
        f"\t{'产出指标' if r == 0 else ''}\n\t数量指标\n\t完成数量{r}\n\t第{r}项工作的完成数量\n"
        f"\t≥{r % 997 + 1}个\n\t实施方案\n\n"
        for r in range(rows)
    )
    return head + body


def long_filing_docx(rows: int) -> bytes:
    """The same table as a Word table."""
    from xml.sax.saxutils import escape

    lines = long_filing_text(rows).split("\n")
    body: list[str] = []
    row: list[str] = []
    in_table = False
    for line in lines:
        if line.startswith("\t"):
            in_table = True
            row.append(f"<w:tc><w:p><w:r><w:t>{escape(line[1:])}</w:t></w:r></w:p></w:tc>")
        elif not line.strip():
            if row:
                body.append("<w:tr>" + "".join(row) + "</w:tr>")
                row = []
        else:
            if in_table:
                body.append("</w:tbl>")
                in_table = False
            body.append(f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>")
    if row:
        body.append("<w:tr>" + "".join(row) + "</w:tr>")
    xml = "".join(body)
    # Each run of rows is one table.
    xml = xml.replace("</w:p><w:tr>", "</w:p><w:tbl><w:tr>")
    if in_table:
        xml += "</w:tbl>"
    return docx_with_body(xml)


# -- workbooks -----------------------------------------------------------------


def workbook_parts(sheet_xml: str, shared: str | None = None, styles: str | None = None) -> dict[str, str]:
    overrides = (
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    )
    relations = (
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    )
    parts = {
        "xl/workbook.xml": (
            f'<workbook xmlns="{S_NS}" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="表1" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>'
        ),
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    if shared is not None:
        overrides += (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
        relations += (
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        )
        parts["xl/sharedStrings.xml"] = shared
    if styles is not None:
        overrides += (
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.styles+xml"/>'
        )
        relations += (
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/styles" Target="styles.xml"/>'
        )
        parts["xl/styles.xml"] = styles
    parts["[Content_Types].xml"] = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f"{overrides}</Types>"
    )
    parts["_rels/.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    parts["xl/_rels/workbook.xml.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{relations}</Relationships>"
    )
    return parts


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet(rows: list[list[str]]) -> str:
    body = "".join(
        f'<row r="{r + 1}">'
        + "".join(
            f'<c r="{_column(c)}{r + 1}" t="inlineStr"><is><t>{text}</t></is></c>'
            for c, text in enumerate(row)
            if text
        )
        + "</row>"
        for r, row in enumerate(rows)
    )
    return f'<worksheet xmlns="{S_NS}"><sheetData>{body}</sheetData></worksheet>'


def wide_xlsx(columns: int = 16_384) -> bytes:
    """One row of text in every column of the sheet, A to XFD."""
    return package(workbook_parts(sheet([[f"c{c}" for c in range(columns)], ["项目名称"]])))


def long_xlsx(rows: int = 100_000) -> bytes:
    return package(workbook_parts(sheet([[f"r{r}", "指标", str(r)] for r in range(rows)])))


def xlsx_big_part(part: str, inflated: int = 900 * MiB) -> bytes:
    """A workbook whose sharedStrings.xml or styles.xml inflates to ``inflated``
    bytes of tiny elements, compressed about 90:1 (under every declared limit)."""
    rng = random.Random(5)
    if part == "xl/sharedStrings.xml":
        head = f'<sst xmlns="{S_NS}">'.encode()
        piece = lambda: f"<si><t>{rng.getrandbits(12):03x}</t></si>".encode()  # noqa: E731
        tail = b"</sst>"
    else:
        head = f'<styleSheet xmlns="{S_NS}"><cellXfs>'.encode()
        piece = lambda: f'<xf numFmtId="{rng.getrandbits(8)}"/>'.encode()  # noqa: E731
        tail = b"</cellXfs></styleSheet>"
    block = bytearray()
    while len(block) < MiB:
        block += b"<si><t/></si>" * 40 if part.endswith("sharedStrings.xml") else b"<xf/>" * 80
        block += piece()
    block_bytes = bytes(block)

    def chunks() -> Iterator[bytes]:
        yield head
        for _ in range(inflated // len(block_bytes)):
            yield block_bytes
        yield tail

    parts = workbook_parts(
        sheet([["项目名称", "x"]]),
        shared=f'<sst xmlns="{S_NS}"/>',
        styles=f'<styleSheet xmlns="{S_NS}"/>',
    )
    return _streamed_zip({k: v.encode() for k, v in parts.items()}, part, chunks())


# -- the other formats -----------------------------------------------------------


def html_cells(cells: int = 4_000_000) -> bytes:
    """A web page of empty table cells (9 bytes each): a tree of gigabytes."""
    row = "<td></td>" * (cells // 2)
    return f"<html><body><table><tr>{row}</tr><tr>{row}</tr></table></body></html>".encode()


def spreadsheetml_cells(cells: int = 2_000_000) -> bytes:
    """An Excel 2003 XML workbook of empty cells."""
    row = "<Row>" + "<Cell/>" * 1000 + "</Row>"
    return (
        '<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
        '<Worksheet ss:Name="a"><Table>' + row * (cells // 1000) + "</Table></Worksheet></Workbook>"
    ).encode()


def ods_cells(rows: int = 2_000, columns: int = 1000) -> bytes:
    """An OpenDocument spreadsheet whose content.xml inflates to some 120 MB
    of small cells (4 million elements), under the declared limits."""
    head = (
        b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        b'<office:spreadsheet><table:table table:name="a">'
    )
    rng = random.Random(columns)
    row = (
        b"<table:table-row>"
        + b"".join(
            b"<table:table-cell><text:p>%d</text:p></table:table-cell>" % rng.randrange(10**6)
            for _ in range(columns)
        )
        + b"</table:table-row>"
    )
    tail = b"</table:table></office:spreadsheet></office:body></office:document-content>"

    def chunks() -> Iterator[bytes]:
        yield head
        for _ in range(rows):
            yield row
        yield tail

    parts = {
        "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
        "META-INF/manifest.xml": (
            b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
            b'manifest:1.0"/>'
        ),
    }
    return _streamed_zip(parts, "content.xml", chunks())


# -- text exports --------------------------------------------------------------


def pipes_line(size: int = 10 * MiB) -> bytes:
    return b"|" * size + b"\n"


def utf8_with_nul() -> bytes:
    """A clean UTF-8 export with one stray NUL byte in the middle."""
    data = clean_text().encode("utf-8")
    middle = len(data) // 2
    return data[:middle] + b"\x00" + data[middle:]


def utf32(little: bool = True, bom: bool = True) -> bytes:
    encoding = ("utf-32-le" if little else "utf-32-be")
    bom_bytes = b"\xff\xfe\x00\x00" if little else b"\x00\x00\xfe\xff"
    return (bom_bytes if bom else b"") + clean_text().encode(encoding)


BOM_ONLY = {"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff",
            "utf-32-le": b"\xff\xfe\x00\x00"}

MILLION_DIGITS = "9" * 1_000_000


def million_digit_budget() -> bytes:
    """The clean export with its first 预算数 holding a million digits."""
    text = clean_text()
    import re

    match = re.search(r"(预算数[^\n]*\n?\t?)(\d[\d.,]*)", text)
    assert match is not None, "the clean export has a 预算数 figure"
    return (text[: match.start(2)] + MILLION_DIGITS + text[match.end(2) :]).encode("utf-8")


BUILDERS: dict[str, tuple[str, Callable[[], bytes]]] = {
    "empty-paragraphs": ("empty-paragraphs.docx", empty_paragraphs_docx),
    "shared-strings": ("shared-strings.xlsx", lambda: xlsx_big_part("xl/sharedStrings.xml")),
    "styles": ("styles.xlsx", lambda: xlsx_big_part("xl/styles.xml")),
    "pipes": ("pipes.txt", pipes_line),
    "wide-xlsx": ("wide.xlsx", wide_xlsx),
    "long-xlsx": ("long.xlsx", long_xlsx),
    "long-docx": ("long.docx", lambda: long_table_docx(100_000)),
    "long-filing-text": ("long-filing.txt", lambda: long_filing_text(100_000).encode()),
    "long-filing-docx": ("long-filing.docx", lambda: long_filing_docx(100_000)),
    "long-text": ("long.txt", lambda: long_table_text(100_000)),
    "wide-docx": ("wide.docx", lambda: wide_table_docx(16_384)),
    "html-cells": ("cells.html", html_cells),
    "spreadsheetml-cells": ("cells.xml", spreadsheetml_cells),
    "ods-cells": ("cells.ods", ods_cells),
    "nul": ("nul.txt", utf8_with_nul),
    "utf32": ("utf32.txt", utf32),
    "bom-only": ("bom.txt", lambda: BOM_ONLY["utf-8"]),
    "million-digits": ("million.txt", million_digit_budget),
    "deflate64": ("deflate64.docx", deflate64_docx),
    "alt-chunk": ("altchunk.docx", alt_chunk_docx),
    "duplicate-document": ("duplicate.docx", duplicate_document_docx),
}


def main(argv: list[str]) -> int:
    folder = Path(argv[1] if len(argv) > 1 else "attacks")
    folder.mkdir(parents=True, exist_ok=True)
    only = set(argv[2:])
    for key, (name, build) in BUILDERS.items():
        if only and key not in only:
            continue
        data = build()
        (folder / name).write_bytes(data)
        print(f"{name}\t{len(data):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
