"""Build the hostile-input corpus: broken, misnamed and malicious files, each
with the outcome perfgoals must give (status, rule, PG001 reason key, exit code).

Nothing here is checked in as a binary: every file is made from the fixture
generator or by hand, deterministically. Run as a script to write the corpus
to a folder and print the expectations::

    python tests/hostile/make_corpus.py /tmp/hostile
"""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the gen package
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cfb import compound_file, word_stream

from gen.docx_writer import to_docx
from gen.filings import CLEAN_FILINGS
from gen.text_writer import to_text

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XXE_MARKER = "PERFGOALS-XXE-MARKER-7f3a9c"
MiB = 1024 * 1024

Status = Literal["ok", "unreadable", "not-a-filing"]
# Whether a case needs LibreOffice: "yes" (skipped without it), "hidden" (run
# with soffice off PATH, the "no converter" path), or "any".
Soffice = Literal["yes", "hidden", "any"]


@dataclass(frozen=True)
class Case:
    name: str
    filename: str
    make: Callable[[Path], bytes | None]  # the file's bytes (None: make() created it)
    status: Status
    rule: str | None  # a rule the findings must include (PG001 for unreadable files)
    reason: str | None  # the PG001 reason key
    exit_code: int | tuple[int, ...]  # a tuple where the builder's judgement may go either way
    phrase: str  # the Chinese message must contain this: what is wrong / what to do
    soffice: Soffice = "any"
    timeout: float = 5.0


# --- building blocks -------------------------------------------------------


@cache
def clean_docx() -> bytes:
    spec, options = CLEAN_FILINGS["agriculture"]
    buffer = io.BytesIO()
    to_docx(spec, buffer, options)
    return buffer.getvalue()


@cache
def clean_text() -> str:
    spec, _ = CLEAN_FILINGS["agriculture"]
    return to_text(spec)


def package(parts: dict[str, bytes | str], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(clean_docx())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def with_document(xml: bytes | str, others: dict[str, bytes | str] | None = None) -> bytes:
    """The clean package with its document part (and any other part) replaced."""
    return package({**docx_parts(), "word/document.xml": xml, **(others or {})})


def document(body: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    )


def rewrite_document(edit: Callable[[str], str]) -> bytes:
    xml = docx_parts()["word/document.xml"].decode("utf-8")
    return with_document(edit(xml))


def patch_sizes(data: bytes, member: str, size: int) -> bytes:
    """Overwrite a member's declared uncompressed size in both zip headers."""
    patched = bytearray(data)
    name = member.encode()
    local = data.find(b"PK\x03\x04")
    while local >= 0:
        name_len = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30 : local + 30 + name_len] == name:
            struct.pack_into("<I", patched, local + 22, size)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_len] == name:
            struct.pack_into("<I", patched, central + 24, size)
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(patched)


def deflated_zip(name: str, head: bytes, filler: bytes, total: int) -> bytes:
    """A one-member zip whose member is ``head`` then ``filler`` up to ``total`` bytes,
    compressed in a stream so the whole never sits in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=False) as stream:
            stream.write(head)
            block = filler * (MiB // len(filler))
            written = len(head)
            while written < total:
                chunk = block[: total - written]
                stream.write(chunk)
                written += len(chunk)
    return buffer.getvalue()


def random_chinese(size_bytes: int, seed: int, line_chars: int | None) -> bytes:
    """UTF-8 text of random CJK characters, with a line break every ``line_chars``."""
    rng = random.Random(seed)
    count = size_bytes // 3
    units = struct.unpack(f"<{count}H", rng.randbytes(2 * count))
    text = "".join(map(chr, (0x4E00 + u % 20902 for u in units)))
    if line_chars:
        text = "\n".join(text[i : i + line_chars] for i in range(0, len(text), line_chars))
    return text.encode("utf-8")


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@cache
def soffice_export(target: str) -> bytes:
    """The clean .docx saved by LibreOffice as ``target`` (doc, rtf, odt)."""
    soffice = find_soffice()
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is needed for this case")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "filing.docx"
        source.write_bytes(clean_docx())
        subprocess.run(
            [
                soffice, "--headless", "--norestore",
                f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}",
                "--convert-to", target, "--outdir", tmp, str(source),
            ],
            check=True, capture_output=True, timeout=120,
            env={**os.environ, "HOME": tmp},
        )
        return (Path(tmp) / f"filing.{target}").read_bytes()


# --- the cases ---------------------------------------------------------------


def _truncated(_: Path) -> bytes:
    data = clean_docx()
    return data[: len(data) // 2]


def _malformed_xml(_: Path) -> bytes:
    xml = docx_parts()["word/document.xml"]
    return with_document(xml[: len(xml) * 2 // 3])


def _invalid_xml_char(_: Path) -> bytes:
    return with_document(document("<w:p><w:r><w:t>预算&#1;数</w:t></w:r></w:p>"))


def _empty_document_part(_: Path) -> bytes:
    return with_document(b"")


def _no_document(_: Path) -> bytes:
    return package({"hello.txt": "你好", "notes/readme.md": "# 说明"})


def _rels_traversal(_: Path) -> bytes:
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="../../../../../etc/hostname"/></Relationships>'
    )
    return package({"_rels/.rels": rels, "[Content_Types].xml": "<Types/>"})


def _pptx(_: Path) -> bytes:
    return package({"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<presentation/>"})


def _zip_of_filings(_: Path) -> bytes:
    return package({"报送/农业农村局.docx": clean_docx(), "报送/说明.docx": clean_docx()})


def _bomb_ratio(_: Path) -> bytes:
    # 100 MB of spaces inside a valid document start: about 100 KB on disk.
    head = document("")[:-len("</w:body></w:document>")].encode()
    return deflated_zip("word/document.xml", head, b" ", 100 * MiB)


def _bomb_declared(_: Path) -> bytes:
    return patch_sizes(clean_docx(), "word/document.xml", 3 * 1024 * MiB)


def _bomb_lying(_: Path) -> bytes:
    # Declares 1 000 bytes; the deflate stream holds 50 MB of spaces.
    data = deflated_zip("word/document.xml", b"<w:document>", b" ", 50 * MiB)
    return patch_sizes(data, "word/document.xml", 1000)


def _bomb_members(_: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for index in range(20_000):
            archive.writestr(f"m/{index}", b"")
    return buffer.getvalue()


def _directory_lies(_: Path) -> bytes:
    # The end record admits 1 member; the directory holds 30 000.
    data = bytearray(_bomb_members(_)[:])
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, end + 8, 1, 1)
    return bytes(data)


def _zip_encrypted_flag(_: Path) -> bytes:
    data = bytearray(clean_docx())
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at >= 0:
            data[at + flag_at] |= 0x01
            at = data.find(signature, at + 4)
    return bytes(data)


_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY l0 "哈哈哈哈哈哈哈哈哈哈">'
    + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    + f']><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p>'
    "</w:body></w:document>"
)


def _xxe_document(marker_path: Path) -> str:
    return (
        f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "{marker_path.as_uri()}">]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>1、&x;绩效目标表</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )


def marker_file(folder: Path) -> Path:
    # Hidden, so a folder walk over the corpus does not check it as a filing.
    path = folder / ".xxe-secret.txt"
    path.write_text(XXE_MARKER, encoding="utf-8")
    return path


def _xxe(folder: Path) -> bytes:
    return with_document(_xxe_document(marker_file(folder)))


def _xxe_utf16(folder: Path) -> bytes:
    xml = _xxe_document(marker_file(folder)).replace('<?xml version="1.0"?>', "")
    return with_document('<?xml version="1.0" encoding="UTF-16"?>'.encode("utf-16") + xml.encode("utf-16-le"))


def _xxe_parameter(folder: Path) -> bytes:
    uri = marker_file(folder).as_uri()
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY % p SYSTEM "{uri}"> %p;]>'
        f'<w:document xmlns:w="{W_NS}"><w:body/></w:document>'
    )
    return with_document(xml)


def _xxe_rels(folder: Path) -> bytes:
    rels = (
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "{marker_file(folder).as_uri()}">]>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/&x;.xml"/></Relationships>'
    )
    return with_document(docx_parts()["word/document.xml"], {"_rels/.rels": rels})


def _deep_nesting(_: Path) -> bytes:
    depth = 5000
    return with_document(document("<w:sdt><w:sdtContent>" * depth + "</w:sdtContent></w:sdt>" * depth))


def _table_cut_in_half(_: Path) -> bytes:
    def cut(xml: str) -> str:
        # Keep the first half of the rows of every table.
        def halve(match: re.Match[str]) -> str:
            rows = re.findall(r"<w:tr[ >].*?</w:tr>", match.group(0), flags=re.S)
            head = match.group(0)[: match.group(0).index(rows[0])] if rows else match.group(0)
            return head + "".join(rows[: len(rows) // 2]) + "</w:tbl>"

        return re.sub(r"<w:tbl>.*?</w:tbl>", halve, xml, flags=re.S)

    return rewrite_document(cut)


def _zero_rows(_: Path) -> bytes:
    return rewrite_document(lambda xml: re.sub(r"<w:tr[ >].*?</w:tr>", "", xml, flags=re.S))


def _cell(text: str, extra: str = "") -> str:
    return f"<w:tc><w:tcPr>{extra}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def _thousand_columns(_: Path) -> bytes:
    header = "<w:tr>" + "".join(_cell(f"列{i}") for i in range(1000)) + "</w:tr>"
    rows = "".join(
        "<w:tr>" + "".join(_cell(str(r * i)) for i in range(1000)) + "</w:tr>" for r in range(30)
    )
    return with_document(document(f"<w:tbl>{header}{rows}</w:tbl>"))


def _thousand_indicator_columns(_: Path) -> bytes:
    labels = ["一级指标", "二级指标", "三级指标", "指标值", "绩效指标描述", "指标值确定依据"]
    title = "<w:p><w:r><w:t>1、宽表项目绩效目标表</w:t></w:r></w:p>"
    header = "<w:tr>" + "".join(_cell(labels[i % len(labels)]) for i in range(1000)) + "</w:tr>"
    rows = "".join(
        "<w:tr>" + "".join(_cell(f"值{r}-{i}") for i in range(1000)) + "</w:tr>" for r in range(30)
    )
    return with_document(document(f"{title}<w:tbl>{header}{rows}</w:tbl>"))


def _huge_spans(_: Path) -> bytes:
    def widen(xml: str) -> str:
        xml = xml.replace("<w:tcPr>", '<w:tcPr><w:gridSpan w:val="2147483647"/>', 40)
        return xml.replace("<w:tr>", '<w:tr><w:trPr><w:gridBefore w:val="99999999999"/></w:trPr>', 5)

    return rewrite_document(widen)


def _fake_doc(_: Path) -> bytes:
    return compound_file({"WordDocument": word_stream() + b"\x00" * 8192, "1Table": b"\x00" * 4096})


def _tc_words(_: Path) -> bytes:
    return ("第三部分\n" + "说明 TC 项目 " * 400_000 + "\n").encode("utf-8")


def _cut_mid_character(_: Path) -> bytes:
    data = clean_text().encode("utf-8")
    cut = data.index("资金支出计划".encode()) + 4  # inside the second character
    return data[:cut]


def _cut_utf16(_: Path) -> bytes:
    text = clean_text()
    data = text[: text.index("\t一级指标")].encode("utf-16-le")
    return data + "\t一".encode("utf-16-le")[:3]  # stops inside a code unit


def _cut_mid_table(_: Path) -> bytes:
    text = clean_text()
    return text[: text.index("\t一级指标")].encode("utf-8")


CASES: tuple[Case, ...] = (
    # Readable files, misnamed or odd: read for what they are.
    Case("clean-docx", "clean.docx", lambda _: clean_docx(), "ok", None, None, 0, ""),
    Case("docx-named-txt", "filing.txt", lambda _: clean_docx(), "ok", None, None, 0, ""),
    Case("text-named-docx", "export.docx", lambda _: clean_text().encode(), "ok", None, None, 0, ""),
    Case(
        "utf16-no-bom", "utf16.txt",
        lambda _: clean_text().replace("\n", "\r\n").encode("utf-16-le"), "ok", None, None, 0, "",
    ),
    Case("gb18030", "gbk.txt", lambda _: clean_text().encode("gb18030"), "ok", None, None, 0, ""),
    Case("text-cut-mid-table", "cut.txt", _cut_mid_table, "ok", "PG003", None, 1, ""),
    Case("text-cut-mid-character", "cut-char.txt", _cut_mid_character, "ok", "PG003", None, 1, ""),
    Case("docx-table-cut-in-half", "half.docx", _table_cut_in_half, "ok", "PG003", None, 1, ""),
    # Titles over empty tables: missing fields (PG003) or no table at all (PG002).
    Case("docx-zero-row-tables", "zero-rows.docx", _zero_rows, "ok", None, None, (0, 1), ""),
    # A label-less table: no table found (PG002) or one missing every field (PG003).
    Case("thousand-columns", "wide.docx", _thousand_columns, "ok", None, None, (0, 1), ""),
    Case(
        "thousand-indicator-columns", "wide-grid.docx", _thousand_indicator_columns,
        "ok", None, None, 0, "",
    ),
    # Absurd spans shift cells out of their columns: findings, but read.
    Case("huge-grid-spans", "spans.docx", _huge_spans, "ok", None, None, (0, 1), ""),
    Case(
        "random-chinese-20mb", "random.txt",
        # Text without a single label of a filing: not a filing (skipped; exit 3 alone).
        lambda _: random_chinese(20 * MiB, 1, 80), "not-a-filing", None, None, 3, "",
    ),
    Case(
        "one-line-20mb", "one-line.txt",
        lambda _: random_chinese(20 * MiB, 2, None), "not-a-filing", None, None, 3, "",
    ),
    Case("tc-words-line", "tc.txt", _tc_words, "not-a-filing", None, None, 3, ""),
    # Broken files.
    Case("empty-docx", "empty.docx", lambda _: b"", "unreadable", "PG001", "empty-file", 1, "0 字节"),
    Case("empty-txt", "empty.txt", lambda _: b"", "unreadable", "PG001", "empty-file", 1, "空的"),
    Case(
        "not-a-zip", "random.docx", lambda _: random.Random(3).randbytes(50_000),
        "unreadable", "PG001", "not-a-word-file", 1, "内容不是 Word 文件",
    ),
    Case("truncated-docx", "truncated.docx", _truncated, "unreadable", "PG001", "damaged-docx", 1, "不完整"),
    Case(
        "zip-magic-only", "magic.docx", lambda _: b"PK\x03\x04 not really a zip",
        "unreadable", "PG001", "damaged-docx", 1, "不完整",
    ),
    Case("no-document-part", "nodoc.docx", _no_document, "unreadable", "PG001", "no-document-part", 1, "没有 Word 正文"),
    Case("empty-document-part", "emptypart.docx", _empty_document_part, "unreadable", "PG001", "damaged-docx", 1, "已损坏"),
    Case("malformed-xml", "malformed.docx", _malformed_xml, "unreadable", "PG001", "damaged-docx", 1, "格式错误"),
    Case("invalid-xml-char", "badchar.docx", _invalid_xml_char, "unreadable", "PG001", "damaged-docx", 1, "已损坏"),
    Case("rels-traversal", "traversal.docx", _rels_traversal, "unreadable", "PG001", "no-document-part", 1, "没有 Word 正文"),
    Case(
        "damaged-ole", "damaged.doc", lambda _: compound_file({"WordDocument": word_stream()})[:700],
        "unreadable", "PG001", "damaged-legacy", 1, "已损坏",
    ),
    Case("utf16-cut-odd-byte", "cut16.txt", _cut_utf16, "ok", "PG003", None, 1, ""),
    # Wrong formats.
    Case("pptx-named-docx", "slides.docx", _pptx, "unreadable", "PG001", "presentation", 1, "PowerPoint"),
    Case(
        "xls", "sheet.xls", lambda _: compound_file({"Workbook": b"\x09\x08" + b"\x00" * 64}),
        "unreadable", "PG001", "damaged-xls", 1, "Excel",
    ),
    Case("zip-of-filings", "filings.zip", _zip_of_filings, "unreadable", "PG001", "zip-archive", 1, "请先解压"),
    Case(
        "pdf-named-docx", "scan.docx", lambda _: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
        "unreadable", "PG001", "damaged-pdf", 1, "PDF",
    ),
    Case(
        "png-named-txt", "photo.txt", lambda _: b"\x89PNG\r\n\x1a\n" + random.Random(4).randbytes(4000),
        "unreadable", "PG001", "image-file", 1, "图片",
    ),
    Case(
        "rar-named-docx", "bundle.docx", lambda _: b"Rar!\x1a\x07\x01\x00" + bytes(200),
        "unreadable", "PG001", "archive-file", 1, "解压",
    ),
    Case(
        "binary-named-txt", "binary.txt", lambda _: random.Random(5).randbytes(65_536),
        "unreadable", "PG001", "undecodable-text", 1, "不是可识别的文本",
    ),
    Case(
        "control-chars-named-txt", "controls.txt", lambda _: bytes(range(1, 32)) * 2000,
        "unreadable", "PG001", "binary-not-text", 1, "不是文本",
    ),
    # Protected files.
    Case(
        "encrypted-docx", "locked.docx",
        lambda _: compound_file({"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00", "EncryptedPackage": bytes(8192)}),
        "unreadable", "PG001", "password-protected", 1, "密码",
    ),
    Case(
        "encrypted-doc", "locked.doc", lambda _: compound_file({"WordDocument": word_stream(encrypted=True)}),
        "unreadable", "PG001", "password-protected", 1, "密码",
    ),
    Case("zip-encrypted-member", "zipcrypt.docx", _zip_encrypted_flag, "unreadable", "PG001", "password-protected", 1, "密码"),
    # Hostile files.
    Case("bomb-ratio", "bomb-ratio.docx", _bomb_ratio, "unreadable", "PG001", "too-large", 1, "压缩炸弹"),
    Case("bomb-declared-size", "bomb-size.docx", _bomb_declared, "unreadable", "PG001", "too-large", 1, "压缩炸弹"),
    Case("bomb-lying-size", "bomb-lie.docx", _bomb_lying, "unreadable", "PG001", "damaged-docx", 1, "已损坏"),
    Case("bomb-members", "bomb-members.docx", _bomb_members, "unreadable", "PG001", "too-large", 1, "压缩炸弹"),
    Case("directory-lies", "dir-lies.docx", _directory_lies, "unreadable", "PG001", "too-large", 1, "压缩炸弹"),
    Case("billion-laughs", "laughs.docx", lambda _: with_document(_LAUGHS), "unreadable", "PG001", "unsafe-xml", 1, "拒绝读取"),
    Case("xxe-file", "xxe.docx", _xxe, "unreadable", "PG001", "unsafe-xml", 1, "拒绝读取"),
    Case("xxe-utf16", "xxe16.docx", _xxe_utf16, "unreadable", "PG001", "unsafe-xml", 1, "拒绝读取"),
    Case("xxe-parameter-entity", "xxe-param.docx", _xxe_parameter, "unreadable", "PG001", "unsafe-xml", 1, "拒绝读取"),
    Case("xxe-in-relationships", "xxe-rels.docx", _xxe_rels, "unreadable", "PG001", "unsafe-xml", 1, "拒绝读取"),
    Case("deep-nesting", "deep.docx", _deep_nesting, "unreadable", "PG001", "too-complex", 1, "嵌套过深"),
    # Legacy formats: converted with LibreOffice, or a message saying how.
    Case(
        "fake-doc-no-converter", "old.doc", _fake_doc, "unreadable", "PG001", "legacy-word", 1,
        "另存为", soffice="hidden",
    ),
    Case(
        "wps-no-converter", "old.wps", _fake_doc, "unreadable", "PG001", "legacy-word", 1,
        "WPS", soffice="hidden",
    ),
    Case("legacy-doc", "legacy.doc", lambda _: soffice_export("doc"), "ok", None, None, 0, "", soffice="yes", timeout=30),
    Case("legacy-wps", "legacy.wps", lambda _: soffice_export("doc"), "ok", None, None, 0, "", soffice="yes", timeout=30),
    Case("legacy-rtf", "legacy.rtf", lambda _: soffice_export("rtf"), "ok", None, None, 0, "", soffice="yes", timeout=30),
    Case("legacy-odt", "legacy.odt", lambda _: soffice_export("odt"), "ok", None, None, 0, "", soffice="yes", timeout=30),
    # LibreOffice opens a Word stream with a header and nothing else as an empty document.
    Case("garbage-doc-converter", "garbage.doc", _fake_doc, "ok", "PG002", None, 0, "", soffice="yes", timeout=30),
)

# PDF, web pages, .mht, .xls/.ods and Excel 2003 XML.
from formats_cases import format_cases  # noqa: E402

CASES = (*CASES, *format_cases(Case))


def available(case: Case) -> bool:
    return case.soffice != "yes" or find_soffice() is not None


def write(case: Case, folder: Path) -> Path:
    """Write one case's file into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / case.filename
    data = case.make(folder)
    if data is not None:
        path.write_bytes(data)
    return path


def build(folder: Path, cases: tuple[Case, ...] = CASES) -> dict[str, Path]:
    """Write every available case into ``folder``; returns case name → path."""
    return {case.name: write(case, folder) for case in cases if available(case)}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    paths = build(Path(argv[1]))
    for case in CASES:
        if case.name in paths:
            size = paths[case.name].stat().st_size
            print(f"{case.name:28} {case.filename:18} {size:>10}  {case.status:10} "
                  f"{case.rule or '-':6} {case.reason or '-':20} exit {case.exit_code}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
