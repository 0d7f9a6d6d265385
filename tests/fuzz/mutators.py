"""Mutations of generated filings, shared by the property tests and the fuzz run.

Every mutation takes its parameters explicitly (relative positions in 0..1,
byte masks, texts), so hypothesis can draw and shrink them and the fuzz run
can draw them from a seeded ``random.Random``. ``check_bytes`` is the
property: a file is either refused with ``UnreadableFileError`` or read,
built and checked without any other exception and without a rule failing.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Sequence
from dataclasses import replace
from typing import Literal

from perfgoals.builder import build_filing
from perfgoals.engine import check_filing
from perfgoals.errors import UnreadableFileError
from perfgoals.findings import FileResult
from perfgoals.read import read_bytes
from perfgoals.settings import Settings

from gen.docx_writer import to_docx
from gen.filings import CLEAN_FILINGS
from gen.spec import FilingSpec, RenderOptions
from gen.text_writer import to_text

SETTINGS = Settings()

# Characters a budget officer types: common hanzi, digits, Latin letters and
# the punctuation of amounts, targets and dates. No TAB or line break: those
# are layout in a text export, not cell content.
SAFE_CHARS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理"
    "0123456789ABCDEFGHJKLMNPRSTXYZabcdefxyz%≥≤<>=.．、，。；：（）()·-—/"
)
FIELDS = ("name", "code", "purpose", "goals", "budget", "fiscal_funds", "other_funds")
INDICATOR_FIELDS = ("level3", "description", "target", "basis")


def base_specs() -> list[tuple[str, FilingSpec, RenderOptions]]:
    return [(name, spec, options) for name, (spec, options) in sorted(CLEAN_FILINGS.items())]


def with_texts(
    spec: FilingSpec,
    table_texts: Sequence[tuple[float, str, str]] = (),
    indicator_texts: Sequence[tuple[float, float, str, str]] = (),
) -> FilingSpec:
    """``spec`` with some table fields (relative table, field, text) and indicator
    fields (relative table, relative row, field, text) replaced."""
    tables = list(spec.tables)
    for where, field, text in table_texts:
        index = _index(where, len(tables))
        tables[index] = replace(tables[index], **{field: text})
    for where, row_where, field, text in indicator_texts:
        index = _index(where, len(tables))
        rows = list(tables[index].indicators)
        if not rows:
            continue
        row = _index(row_where, len(rows))
        rows[row] = replace(rows[row], **{field: text})
        tables[index] = replace(tables[index], indicators=tuple(rows))
    return replace(spec, tables=tuple(tables))


def render_docx(spec: FilingSpec, options: RenderOptions) -> bytes:
    buffer = io.BytesIO()
    to_docx(spec, buffer, options)
    return buffer.getvalue()


def render_text(spec: FilingSpec) -> bytes:
    return to_text(spec).encode("utf-8")


def _index(where: float, length: int) -> int:
    return min(length - 1, max(0, int(where * length)))


# --- package and byte mutations ---------------------------------------------


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def repack(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def drop_parts(data: bytes, which: Sequence[float]) -> bytes:
    """Remove the members at the given relative positions of the member list."""
    parts = members(data)
    names = sorted(parts)
    for where in which:
        parts.pop(names[_index(where, len(names))], None)
    return repack(parts)


def flip_bytes(data: bytes, flips: Sequence[tuple[float, int]]) -> bytes:
    """XOR the byte at each relative position with a non-zero mask."""
    if not data:
        return data
    mutable = bytearray(data)
    for where, mask in flips:
        mutable[_index(where, len(mutable))] ^= mask or 1
    return bytes(mutable)


def cut(data: bytes, where: float) -> bytes:
    return data[: _index(where, len(data) + 1)]


XmlEdit = Literal[
    "vmerge-restart", "vmerge-continue", "gridspan", "gridbefore", "hmerge",
    "delete-tr", "delete-tc", "delete-tbl", "duplicate-tr", "delete-p", "nest-sdt",
    "nest-tbl", "odd-text",
]
XML_EDITS: tuple[XmlEdit, ...] = (
    "vmerge-restart", "vmerge-continue", "gridspan", "gridbefore", "hmerge",
    "delete-tr", "delete-tc", "delete-tbl", "duplicate-tr", "delete-p", "nest-sdt",
    "nest-tbl", "odd-text",
)
# Text Word may hold in a run: tabs and breaks, fields, deleted text, odd characters.
_ODD_RUNS = (
    "<w:r><w:tab/><w:t>\u3000</w:t></w:r>",
    "<w:r><w:br/><w:cr/></w:r>",
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TC "x" \\l 1 </w:instrText></w:r>',
    '<w:del w:id="9"><w:r><w:delText>删除</w:delText></w:r></w:del>',
    "<w:r><w:t>&#xFFFD;&#x10FFFF;&#x200B;</w:t></w:r>",
    "<w:r><w:t>预算数</w:t></w:r>",
    "<w:r><w:t>一级指标</w:t></w:r>",
)
_TC_PR = re.compile(r"<w:tcPr>|<w:tcPr/>")
_TR_OPEN = re.compile(r"<w:tr(?: [^>]*)?>")


def edit_document(data: bytes, edits: Sequence[tuple[XmlEdit, float, int]]) -> bytes:
    """Apply structural edits to word/document.xml (kind, relative position, number)."""
    parts = members(data)
    xml = parts["word/document.xml"].decode("utf-8")
    for kind, where, number in edits:
        xml = _edit(xml, kind, where, number)
    parts["word/document.xml"] = xml.encode("utf-8")
    return repack(parts)


def flip_document_bytes(data: bytes, flips: Sequence[tuple[float, int]]) -> bytes:
    """Flip bytes inside word/document.xml, then re-zip: a valid zip, altered XML."""
    parts = members(data)
    parts["word/document.xml"] = flip_bytes(parts["word/document.xml"], flips)
    return repack(parts)


def _spans(xml: str, pattern: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(pattern, xml, flags=re.S)]


def _edit(xml: str, kind: XmlEdit, where: float, number: int) -> str:
    if kind in ("vmerge-restart", "vmerge-continue", "gridspan", "hmerge"):
        found = list(_TC_PR.finditer(xml))
        if not found:
            return xml
        match = found[_index(where, len(found))]
        prop = {
            "vmerge-restart": '<w:vMerge w:val="restart"/>',
            "vmerge-continue": "<w:vMerge/>",
            "gridspan": f'<w:gridSpan w:val="{number}"/>',
            "hmerge": '<w:hMerge w:val="continue"/>',
        }[kind]
        return xml[: match.start()] + f"<w:tcPr>{prop}" + ("</w:tcPr>" if match.group(0).endswith("/>") else "") + xml[match.end() :]
    if kind == "gridbefore":
        found = list(_TR_OPEN.finditer(xml))
        if not found:
            return xml
        match = found[_index(where, len(found))]
        return xml[: match.end()] + f'<w:trPr><w:gridBefore w:val="{number}"/></w:trPr>' + xml[match.end() :]
    pattern = {
        "delete-tr": r"<w:tr[ >](?:(?!<w:tr[ >]).)*?</w:tr>",
        "duplicate-tr": r"<w:tr[ >](?:(?!<w:tr[ >]).)*?</w:tr>",
        "delete-tc": r"<w:tc>(?:(?!<w:tc>).)*?</w:tc>",
        "delete-tbl": r"<w:tbl>.*?</w:tbl>",
        "delete-p": r"<w:p[ >](?:(?!<w:p[ >]).)*?</w:p>",
        "nest-sdt": r"<w:p[ >](?:(?!<w:p[ >]).)*?</w:p>",
        "nest-tbl": r"<w:tc>(?:(?!<w:tc>).)*?</w:tc>",
        "odd-text": r"<w:p[ >](?:(?!<w:p[ >]).)*?</w:p>",
    }[kind]
    spans = _spans(xml, pattern)
    if not spans:
        return xml
    start, end = spans[_index(where, len(spans))]
    if kind == "duplicate-tr":
        return xml[:end] + xml[start:end] * max(1, number % 5) + xml[end:]
    if kind == "nest-tbl":
        # The cell's content again, as a table nested in the cell (Word needs a closing paragraph).
        inner = xml[start:end].removeprefix("<w:tc>").removesuffix("</w:tc>")
        nested = f"<w:tbl><w:tr><w:tc>{inner}</w:tc></w:tr></w:tbl><w:p/>"
        return xml[: end - len("</w:tc>")] + nested * max(1, number % 4) + xml[end - len("</w:tc>") :]
    if kind == "odd-text":
        run = _ODD_RUNS[number % len(_ODD_RUNS)]
        return xml[: end - len("</w:p>")] + run + xml[end - len("</w:p>") :]
    if kind == "nest-sdt":
        depth = max(1, number % 40)
        return xml[:start] + "<w:sdt><w:sdtContent>" * depth + xml[start:end] + "</w:sdtContent></w:sdt>" * depth + xml[end:]
    return xml[:start] + xml[end:]


# --- text mutations -----------------------------------------------------------

TextEdit = Literal["insert", "delete", "duplicate", "tab", "untab", "blank", "replace"]
TEXT_EDITS: tuple[TextEdit, ...] = ("insert", "delete", "duplicate", "tab", "untab", "blank", "replace")


def edit_lines(text: str, edits: Sequence[tuple[TextEdit, float, str]]) -> str:
    """Line-level edits of a text export (kind, relative line, text for insert/replace)."""
    lines = text.split("\n")
    for kind, where, payload in edits:
        index = _index(where, len(lines))
        if kind == "insert":
            lines.insert(index, payload)
        elif kind == "delete" and len(lines) > 1:
            del lines[index]
        elif kind == "duplicate":
            lines.insert(index, lines[index])
        elif kind == "tab":
            lines[index] = "\t" + lines[index]
        elif kind == "untab":
            lines[index] = lines[index].lstrip("\t")
        elif kind == "blank":
            lines.insert(index, "")
        else:
            lines[index] = payload
    return "\n".join(lines)


ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be")


def encode(text: str, encoding: str, crlf: bool) -> bytes:
    if crlf:
        text = text.replace("\n", "\r\n")
    return text.encode(encoding, errors="replace")


# --- the property -------------------------------------------------------------


def check_bytes(data: bytes, name: str) -> FileResult | UnreadableFileError:
    """Read, build and check one input; any exception but UnreadableFileError
    escapes, and so does a rule that failed on the input."""
    try:
        grid = read_bytes(data, name)
    except UnreadableFileError as error:
        assert error.reason and error.message_zh and error.message_en
        return error
    filing = build_filing(grid, name)
    result = check_filing(filing, SETTINGS, name)
    if result.errors:
        raise AssertionError(f"rules failed: {result.errors}")
    return result


def random_text(rng: random.Random, max_len: int = 30) -> str:
    return "".join(rng.choice(SAFE_CHARS) for _ in range(rng.randint(1, max_len)))

