"""What a file is, from its leading bytes: a zip package, an OLE compound file,
a PDF, RTF, an image, an archive, a program, or else text.

Only the bytes decide; a file's name never does. :mod:`perfgoals.read.dispatch`
sends each kind to its reader.
"""

from __future__ import annotations

from typing import Literal

Format = Literal["docx", "ole", "pdf", "rtf", "image", "archive", "program", "text"]

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",  # TIFF, as scanners write it
    b"MM\x00*",
)
_ARCHIVE_MAGIC = (
    b"Rar!\x1a\x07",
    b"7z\xbc\xaf\x27\x1c",
    b"\x1f\x8b",  # gzip
    b"\xfd7zXZ\x00",
    b"BZh",
)
_PROGRAM_MAGIC = (b"\x7fELF", b"MZ\x90\x00", b"MZP\x00")
SNIFF_BYTES = 20  # enough for every magic number above


def sniff_format(data: bytes) -> Format:
    """What the leading bytes say the file is; ``text`` when they say nothing."""
    if data.startswith(_ZIP_MAGIC):
        return "docx"
    if data.startswith(_OLE_MAGIC):
        return "ole"
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.lstrip(b"\xef\xbb\xbf").startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith(_IMAGE_MAGIC) or _is_bmp(data):
        return "image"
    if data.startswith(_ARCHIVE_MAGIC):
        return "archive"
    if data.startswith(_PROGRAM_MAGIC):
        return "program"
    return "text"


def _is_bmp(data: bytes) -> bool:
    # "BM" alone is too common a start for text; a bitmap has its header size at 14.
    return data.startswith(b"BM") and len(data) >= 18 and data[14:18] in (
        b"\x28\x00\x00\x00", b"\x0c\x00\x00\x00", b"\x7c\x00\x00\x00", b"\x6c\x00\x00\x00"
    )
