"""Readers: bytes of one input file → Grid. The format is sniffed from content."""

from __future__ import annotations

from pathlib import Path

from perfgoals.errors import UnreadableFileError
from perfgoals.read.grid import Grid

SUPPORTED_SUFFIXES = frozenset({".docx", ".txt", ".text"})
MAX_INPUT_BYTES = 200 * 1024 * 1024

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff_format(data: bytes) -> str:
    """``docx``, ``ole``, ``pdf``, ``rtf`` or ``text`` — from the bytes, never the name."""
    if data.startswith(_ZIP_MAGIC):
        return "docx"
    if data.startswith(_OLE_MAGIC):
        return "ole"
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.lstrip(b"\xef\xbb\xbf").startswith(b"{\\rtf"):
        return "rtf"
    return "text"


def read_bytes(data: bytes) -> Grid:
    if not data:
        raise UnreadableFileError(
            "empty-file",
            "文件是空的（0 字节），可能保存或拷贝时出错。请重新导出后再检查。",
            "The file is empty (0 bytes); it was probably not saved or copied completely. "
            "Export it again and re-check.",
        )
    kind = sniff_format(data)
    if kind == "docx":
        from perfgoals.read.docx import read_docx

        return read_docx(data)
    if kind == "text":
        from perfgoals.read.text import read_text

        return read_text(data)
    if kind == "ole":
        raise _ole_error(data)
    name = {"pdf": "PDF", "rtf": "RTF"}[kind]
    raise UnreadableFileError(
        f"unsupported-{kind}",
        f"这是 {name} 文件，无法读取其中的表格。请提交 Word 原文件（.docx），或在 Word 中另存为 .docx。",
        f"This is a {name} file; its tables cannot be read. Submit the Word original (.docx), "
        "or save it from Word as .docx.",
    )


def _ole_error(data: bytes) -> UnreadableFileError:
    if "EncryptedPackage".encode("utf-16-le") in data:
        return UnreadableFileError(
            "password-protected",
            "文件设置了打开密码，无法读取。请在 Word 中取消密码（文件→信息→保护文档→用密码进行加密，清空密码）后另存，再检查。",
            "The file is password protected. Remove the password in Word "
            "(File → Info → Protect Document → Encrypt with Password, clear it), save, and re-check.",
        )
    return UnreadableFileError(
        "legacy-word",
        "这是旧版 Word（.doc）或 WPS 格式，无法直接读取。请在 Word 或 WPS 中“另存为”.docx 后再检查。",
        "This is a legacy Word (.doc) or WPS file and cannot be read directly. "
        "Save it as .docx in Word or WPS and re-check.",
    )


def read_path(path: Path) -> Grid:
    """Read one input file; never opens it for writing."""
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise UnreadableFileError(
                "too-large",
                f"文件过大（{size // (1024 * 1024)} MB），超出正常绩效目标表的范围，已跳过。",
                f"The file is too large ({size // (1024 * 1024)} MB) for a filing; skipped.",
            )
        with path.open("rb") as stream:
            data = stream.read()
    except OSError as exc:
        raise UnreadableFileError(
            "os-error",
            f"无法打开文件：{exc.strerror or exc}。请确认文件存在且有读取权限。",
            f"The file cannot be opened: {exc.strerror or exc}. Check that it exists and is readable.",
        ) from exc
    return read_bytes(data)
