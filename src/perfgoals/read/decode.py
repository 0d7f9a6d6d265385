"""Decoding a text export: which encoding, decided by the whole evidence.

A byte-order mark decides when there is one (UTF-32 marks are tested before
UTF-16 ones, which they begin with). Without one, the NULs decide between
the wide encodings and the narrow ones: UTF-16 text of Chinese and ASCII has
NULs in one byte lane of some tenth or more of its code units, UTF-32 in three
lanes of four; a UTF-8 or GB18030 export has none, or a stray one. A wide
encoding is taken only if the NUL proportion says so *and* the whole file
decodes strictly in it; otherwise UTF-8, then GB18030, each strictly. So a
single NUL byte in a UTF-8 export leaves it UTF-8.

Before the text goes to the layout parsers, it is held against the limits:
characters, cells (``|`` and TAB separators) and cells in one row, so ten
megabytes of ``|`` on one line are refused in milliseconds.
"""

from __future__ import annotations

import codecs

from perfgoals.errors import UnreadableFileError
from perfgoals.read.limits import DEFAULT_LIMITS, Limits, over_limit

_SAMPLE_BYTES = 1 << 16
# A wide encoding needs NULs in at least this share of the units of its high lane(s).
_MIN_LANE_NULS = 0.02
# And the narrow encodings tolerate NULs in at most this share of the bytes.
_MAX_STRAY_NULS = 0.01
# Excel's last column: no table row has more cells than a sheet can hold.
MAX_ROW_CELLS = 16_384

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # (mark, codec that strips or reads it, name reported)
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)


def decode_text(data: bytes, limits: Limits = DEFAULT_LIMITS) -> tuple[str, str]:
    """(text, encoding) of a text export; UnreadableFileError when it is empty,
    holds only a byte-order mark, decodes in no known encoding, or is over a limit."""
    text, encoding = _decode(data)
    if not text.lstrip("\ufeff"):
        raise empty_file()
    check_text(text, limits)
    return text, encoding


def _decode(data: bytes) -> tuple[str, str]:
    for mark, codec, name in _BOMS:
        if data.startswith(mark):
            if data == mark:
                raise empty_file()
            if codec == "utf-32" and len(data) % 4:
                # FF FE 00 00 is also a UTF-16 mark followed by U+0000 …
                try:
                    return _strict(data, "utf-16"), "utf-16"
                except UnreadableFileError:
                    pass
            return _strict(data, codec), name
    wide = _wide_encoding(data)
    fallback: tuple[str, str] | None = None
    if wide is not None:
        try:
            text = _whole(data, wide)
        except UnicodeDecodeError:
            pass  # NULs in the right lanes but not that encoding: try the narrow ones
        else:
            if not _control_heavy(text):
                return text, wide
            fallback = text, wide  # binary data; the reader says so if nothing fits better
    for encoding in ("utf-8", "gb18030"):
        try:
            return _whole(data, encoding), encoding
        except UnicodeDecodeError:
            continue
    if fallback is not None:
        return fallback
    raise UnreadableFileError(
        "undecodable-text",
        "文件不是可识别的文本：既不是 UTF-8、GB18030，也不是 UTF-16 或 UTF-32。"
        "请从 Word 另存为 .docx，或另存为“UTF-8 文本”后重试。",
        "The file is not readable text (neither UTF-8, GB18030, UTF-16 nor UTF-32). "
        "Save it from Word as .docx, or as UTF-8 text, and try again.",
    )


def _wide_encoding(data: bytes) -> str | None:
    """UTF-32 or UTF-16 (and byte order) when the NULs of the first 64 KiB sit
    in the lanes those encodings leave them in, else None."""
    sample = data[:_SAMPLE_BYTES]
    nuls = sample.count(0)
    if len(sample) < 4 or nuls <= max(1, len(sample) * _MAX_STRAY_NULS):
        return None
    quads = len(sample) // 4
    if quads and len(data) % 4 == 0:
        lanes = [sample[i : quads * 4 : 4].count(0) / quads for i in range(4)]
        if lanes[2] > 0.9 and lanes[3] > 0.9:
            return "utf-32-le"
        if lanes[0] > 0.9 and lanes[1] > 0.9:
            return "utf-32-be"
    pairs = len(sample) // 2
    even = sample[0 : pairs * 2 : 2].count(0) / pairs
    odd = sample[1 : pairs * 2 : 2].count(0) / pairs
    if odd >= _MIN_LANE_NULS and odd > 4 * even:
        return "utf-16-le"
    if even >= _MIN_LANE_NULS and even > 4 * odd:
        return "utf-16-be"
    return None


_CONTROL = frozenset(chr(c) for c in (*range(0, 9), *range(14, 32), 127))


def _control_heavy(text: str) -> bool:
    sample = text[:_SAMPLE_BYTES]
    return sum(1 for ch in sample if ch in _CONTROL) > max(8, len(sample) // 200)


def _whole(data: bytes, encoding: str) -> str:
    """Decode strictly, dropping only a character cut off at the very end (a
    copy that stopped mid-character); invalid bytes anywhere else raise."""
    return str(codecs.getincrementaldecoder(encoding)().decode(data, final=False))


def _strict(data: bytes, encoding: str) -> str:
    try:
        return _whole(data, encoding)
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(
            "undecodable-text",
            f"文件声明为 {encoding} 编码，但第 {exc.start} 字节处的内容无法解码，文件可能已损坏。"
            "请重新导出后再检查。",
            f"The file declares {encoding} but byte {exc.start} cannot be decoded; "
            "it may be damaged. Export it again and re-check.",
        ) from exc


def check_text(text: str, limits: Limits) -> None:
    """Refuse text that would make more cells, rows or characters than the
    limits allow, counting separators before any line is split."""
    if len(text) > limits.max_chars:
        raise over_limit("文字字符数", "characters of text", limits.max_chars, "max-chars")
    for separator in ("|", "\t"):
        if text.count(separator) > limits.max_cells:
            raise over_limit("单元格数", "table cells", limits.max_cells, "max-cells")
    if text.count("\n") > limits.max_text_lines:
        raise over_limit("文本行数", "lines of text", limits.max_text_lines, "max-text-lines")
    if text.count("|") > MAX_ROW_CELLS and any(
        line.count("|") > MAX_ROW_CELLS for line in text.split("\n")
    ):
        raise over_limit("一行中的单元格数", "cells in one row", MAX_ROW_CELLS, "max-cells")


def empty_file() -> UnreadableFileError:
    """The same finding for a file of no bytes and one of only a byte-order mark."""
    return UnreadableFileError(
        "empty-file",
        "文件是空的（没有任何文字），可能保存或拷贝时出错。请重新导出或重新拷贝后再检查。",
        "The file is empty (it holds no text); it was probably not saved or copied "
        "completely. Export or copy it again and re-check.",
    )
