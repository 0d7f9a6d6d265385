"""Bytes or a path → Grid: which reader reads an input, and the refusals.

:func:`read_bytes` and :func:`read_path` sniff the content
(:func:`perfgoals.read.sniff.sniff_format`) and hand it to the reader for
its kind: Word and workbook packages, legacy Office files (through LibreOffice
where needed), PDF, saved web pages and SpreadsheetML, or a text export. The
name only helps to word a message (a ``.docx`` that is not a Word file) and to
pick LibreOffice's import filter. Every failure is an ``UnreadableFileError``
whose message tells budget staff what is wrong and what to do, in Chinese and
English.
"""

from __future__ import annotations

import errno
import io
import stat
from pathlib import Path
from typing import BinaryIO, Literal

from perfgoals.errors import UnreadableFileError
from perfgoals.read.grid import Grid
from perfgoals.read.limits import DEFAULT_LIMITS, Limits
from perfgoals.read.sniff import SNIFF_BYTES, Format, sniff_format

_WORD_SUFFIXES = (".docx", ".doc", ".wps", ".docm", ".dotx")
_MARKUP_HEAD = 4096


def read_bytes(data: bytes, name: str = "", limits: Limits = DEFAULT_LIMITS) -> Grid:
    """Read one input file given as bytes; ``name`` (optional) only words messages."""
    if not data:
        raise _empty()
    kind = sniff_format(data[:SNIFF_BYTES])
    if kind == "docx":
        return _read_package(io.BytesIO(data), data, limits)
    if kind == "ole":
        return _read_ole(data, name, limits)
    if kind == "rtf":
        return _convert(data, "rtf", limits)
    if kind == "pdf":
        from perfgoals.read.pdf import read_pdf

        return read_pdf(data, limits)
    if kind == "text":
        return _read_markup_or_text(data, name, limits)
    raise _not_a_filing(kind)


def read_path(path: Path, limits: Limits = DEFAULT_LIMITS) -> Grid:
    """Read one input file; never opens it for writing.

    A .docx is read in place through its zip directory, so only the parts
    used are inflated; other formats are read whole, up to a size limit.
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(path)
        with path.open("rb") as stream:
            head = stream.read(SNIFF_BYTES)
            if not head:
                raise _empty()
            if sniff_format(head) == "docx":
                return _read_package(stream, path, limits)
            if info.st_size > limits.max_file_bytes:
                raise _too_large_file(info.st_size)
            stream.seek(0)
            data = stream.read(limits.max_file_bytes + 1)
    except OSError as exc:
        raise _os_error(exc) from exc
    if len(data) > limits.max_file_bytes:
        raise _too_large_file(len(data))  # it grew while being read
    return read_bytes(data, path.name, limits)


def _read_package(stream: BinaryIO, original: bytes | Path, limits: Limits) -> Grid:
    from perfgoals.read.docx import read_docx
    from perfgoals.read.xlsx import (
        is_workbook,
        named_like_workbook,
        read_xlsx,
        truncated_workbook,
    )

    if is_workbook(stream):
        return read_xlsx(stream, limits)
    if _is_ods(stream):
        from perfgoals.read.sheets import read_calamine

        return read_calamine(_whole(stream, original, limits), "ods", limits)
    try:
        return read_docx(stream, limits)
    except UnreadableFileError as exc:
        if exc.reason == "damaged-docx" and named_like_workbook(stream):
            raise truncated_workbook() from exc  # not a Word file: say so
        if exc.reason != "opendocument-text":
            raise
        return _convert(original, "odt", limits, unconverted=exc)


def _is_ods(stream: BinaryIO) -> bool:
    """An OpenDocument spreadsheet: its first member, stored, is ``mimetype``."""
    stream.seek(0)
    head = stream.read(128)
    stream.seek(0)
    return b"mimetype" in head and b"opendocument.spreadsheet" in head


def _whole(stream: BinaryIO, original: bytes | Path, limits: Limits) -> bytes:
    if isinstance(original, bytes):
        return original
    stream.seek(0, io.SEEK_END)
    if stream.tell() > limits.max_file_bytes:
        raise _too_large_file(stream.tell())
    stream.seek(0)
    return stream.read()


def _read_ole(data: bytes, name: str, limits: Limits) -> Grid:
    from perfgoals.read.ole import OleError, classify
    from perfgoals.read.package import password_protected

    try:
        kind = classify(data)
    except OleError as exc:
        raise UnreadableFileError(
            "damaged-legacy",
            "这是旧版 Office（Word 97-2003 或 WPS）格式的文件，但文件已损坏（内部目录无法读取），"
            "多半是拷贝不完整。请重新拷贝原文件，或在 Word/WPS 中打开并另存为 .docx 后再检查。",
            "This is a legacy Office (Word 97-2003 or WPS) file, but it is damaged (its internal "
            "directory cannot be read), most likely an incomplete copy. Copy the original again, "
            "or open it in Word or WPS, save it as .docx, and re-check.",
        ) from exc
    if kind in ("encrypted-ooxml", "word-encrypted"):
        raise password_protected()
    if kind == "excel":
        from perfgoals.read.sheets import read_calamine

        return read_calamine(data, "xls", limits)
    if kind == "word":
        return _convert(data, "wps" if name.lower().endswith(".wps") else "doc", limits)
    if kind == "works":
        return _convert(data, "works", limits)
    if kind == "powerpoint":
        raise UnreadableFileError(
            "presentation",
            "这是 PowerPoint 演示文稿，不是 Word 文件。请提交 Word 格式（.docx）的绩效目标表。",
            "This is a PowerPoint presentation, not a Word file. Submit the performance-goal "
            "tables as a Word file (.docx).",
        )
    raise UnreadableFileError(
        "legacy-office",
        "这是旧版 Office 格式的文件，但不是 Word 文档，无法读取。请提交 Word 格式（.docx）的绩效目标表。",
        "This is a legacy Office file but not a Word document, so it cannot be read. Submit the "
        "performance-goal tables as a Word file (.docx).",
    )


def _convert(
    source: bytes | Path,
    kind: Literal["doc", "wps", "works", "rtf", "odt"],
    limits: Limits,
    unconverted: UnreadableFileError | None = None,
) -> Grid:
    from perfgoals.read import convert
    from perfgoals.read.docx import read_docx

    if convert.find_soffice() is None:
        raise unconverted or convert.needs_conversion(kind)
    grid = read_docx(convert.to_docx(source, kind, limits), limits)
    grid.notes.append(f"converted from {kind} to .docx with LibreOffice")
    return grid


def _read_markup_or_text(data: bytes, name: str, limits: Limits) -> Grid:
    """A web page, a saved page (.mht), an Excel 2003 XML workbook, or a text export."""
    from perfgoals.read import markup

    head = data[:_MARKUP_HEAD]
    if markup.looks_like_mht(head):
        from perfgoals.read.html import read_mht

        return read_mht(data, limits)
    if markup.looks_like_spreadsheetml(head):
        from perfgoals.read.sheets import read_spreadsheetml

        return read_spreadsheetml(data, limits)
    if markup.looks_like_html(head):
        from perfgoals.read.html import read_html

        return read_html(data, limits)
    return _read_text(data, name)


def _read_text(data: bytes, name: str) -> Grid:
    from perfgoals.read.text import read_text

    if not name.lower().endswith(_WORD_SUFFIXES):
        return read_text(data)
    # Named like a Word file but not one: a text export renamed by hand is read
    # as text when it holds tables; anything else is reported as what it is not.
    try:
        grid = read_text(data)
    except UnreadableFileError:
        grid = None
    if grid is not None and grid.tables():
        return grid
    suffix = name[name.rfind(".") :]
    raise UnreadableFileError(
        "not-a-word-file",
        f"文件扩展名是 {suffix}，但内容不是 Word 文件（可能已损坏、下载不完整，或是其他文件改了扩展名）。"
        "请在 Word 中打开原文件并重新“另存为”.docx，再检查。",
        f"The file is named {suffix} but its content is not a Word file (it may be damaged, "
        "incompletely downloaded, or another file renamed). Open the original in Word, save it "
        "again as .docx, and re-check.",
    )


def _not_a_filing(kind: Format) -> UnreadableFileError:
    if kind == "pdf":
        return UnreadableFileError(
            "unsupported-pdf",
            "这是 PDF 文件，无法读取其中的表格。请提交 Word 原文件（.docx）；"
            "如只有 PDF，请向报送单位索要 Word 版本。",
            "This is a PDF file; its tables cannot be read. Submit the Word original (.docx); if "
            "only the PDF exists, ask the department for the Word version.",
        )
    if kind == "image":
        return UnreadableFileError(
            "image-file",
            "这是图片文件（扫描件或截图），不是 Word 文件，无法读取其中的文字。请提交 Word 原文件（.docx）。",
            "This is an image (a scan or screenshot), not a Word file; its text cannot be read. "
            "Submit the Word original (.docx).",
        )
    if kind == "archive":
        return UnreadableFileError(
            "archive-file",
            "这是压缩包（RAR、7z 或 gz 等），不是 Word 文件。请先解压，再检查解压出的文件。",
            "This is a compressed archive (RAR, 7z, gz …), not a Word file. Unpack it and check "
            "the files inside.",
        )
    return UnreadableFileError(
        "program-file",
        "这是程序文件，不是绩效目标表，已跳过。请确认提交的文件是否正确。",
        "This is a program file, not a filing, and was skipped. Check that the right file was "
        "submitted.",
    )


def _empty() -> UnreadableFileError:
    return UnreadableFileError(
        "empty-file",
        "文件是空的（0 字节），可能保存或拷贝时出错。请重新导出或重新拷贝后再检查。",
        "The file is empty (0 bytes); it was probably not saved or copied completely. "
        "Export or copy it again and re-check.",
    )


def _too_large_file(size: int) -> UnreadableFileError:
    megabytes = size // (1024 * 1024)
    return UnreadableFileError(
        "too-large",
        f"文件过大（{megabytes} MB），远超正常绩效目标表，已跳过。请确认是否放错了文件。",
        f"The file is too large ({megabytes} MB) for a filing and was skipped. Check that it is "
        "the right file.",
    )


_OS_ERRORS_ZH = {
    errno.ENOENT: "文件不存在",
    errno.EACCES: "没有读取权限",
    errno.EPERM: "没有读取权限",
    errno.EBUSY: "文件正被其他程序占用",
    errno.EIO: "读取时出现磁盘或 U 盘错误",
    errno.ELOOP: "快捷方式（链接）循环指向自己",
    errno.ENAMETOOLONG: "文件路径过长",
}


def _os_error(exc: OSError) -> UnreadableFileError:
    cause_zh = _OS_ERRORS_ZH.get(exc.errno or 0, "系统无法读取该文件")
    cause_en = exc.strerror or str(exc)
    return UnreadableFileError(
        "os-error",
        f"无法打开文件：{cause_zh}。请确认文件存在、未被其他程序占用，且有读取权限；"
        "如在 U 盘上，请先拷贝到本机再检查。",
        f"The file cannot be opened: {cause_en}. Check that it exists, is not locked by another "
        "program, and is readable; if it is on a USB stick, copy it to this computer first.",
    )


def _not_regular(path: Path) -> UnreadableFileError:
    return UnreadableFileError(
        "not-a-file",
        "这不是普通文件（可能是设备、管道或快捷方式的目标不存在），已跳过。请检查给出的路径。",
        "This is not a regular file (a device, a pipe, or a broken link) and was skipped. "
        "Check the path given.",
    )
