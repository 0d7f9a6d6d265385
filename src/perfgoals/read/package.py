"""Opening a .docx package safely: zip checks, size limits, a hardened XML parser.

A filing may come from anyone. Before anything is inflated, the declared
sizes and compression ratios are checked; while inflating, the actual size is
counted; XML is parsed with entities, DTDs and network access off.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass

from lxml import etree

from perfgoals.errors import UnreadableFileError

OFFICE_DOCUMENT_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
STRICT_OFFICE_DOCUMENT_REL = (
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
)
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass(frozen=True)
class Limits:
    """Resource limits no real filing comes near."""

    max_part_bytes: int = 256 * 1024 * 1024
    max_total_bytes: int = 512 * 1024 * 1024
    max_ratio: int = 200  # uncompressed/compressed, for parts above ratio_floor_bytes
    ratio_floor_bytes: int = 4 * 1024 * 1024
    max_members: int = 10_000


DEFAULT_LIMITS = Limits()


def _xml_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=True,  # large tables are legitimate; entity expansion is off
        remove_comments=True,
        remove_pis=True,
    )


def _damaged(detail_zh: str, detail_en: str) -> UnreadableFileError:
    return UnreadableFileError(
        "damaged-docx",
        f"Word 文件已损坏，无法打开（{detail_zh}）。请在 Word 中打开并重新“另存为”.docx 后再检查。",
        f"The Word file is damaged and cannot be opened ({detail_en}). "
        "Open it in Word, save it again as .docx, and re-check.",
    )


def check_zip_limits(archive: zipfile.ZipFile, limits: Limits) -> None:
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise _too_large(f"压缩包内文件数 {len(infos)}", f"{len(infos)} members")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > limits.max_part_bytes or total > limits.max_total_bytes:
            raise _too_large(
                f"解压后大小 {info.file_size} 字节", f"{info.file_size} bytes uncompressed"
            )
        if info.file_size > limits.ratio_floor_bytes and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise _too_large("压缩比异常", "abnormal compression ratio")


def _too_large(detail_zh: str, detail_en: str) -> UnreadableFileError:
    return UnreadableFileError(
        "too-large",
        f"文件解压后异常庞大（{detail_zh}），超出正常绩效目标表的范围，已拒绝读取。请确认文件来源，或从 Word 重新保存。",
        f"The file inflates to an abnormal size ({detail_en}), far beyond any real filing; "
        "it was refused. Check where it came from, or save it again from Word.",
    )


def read_member(archive: zipfile.ZipFile, name: str, limits: Limits) -> bytes:
    """Inflate one member, counting the bytes actually produced."""
    try:
        with archive.open(name) as stream:
            data = stream.read(limits.max_part_bytes + 1)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise _damaged(f"{name} 无法解压", f"{name} cannot be inflated: {exc}") from exc
    except RuntimeError as exc:  # zipfile raises RuntimeError for encrypted members
        raise _damaged(f"{name} 已加密", f"{name} is encrypted") from exc
    if len(data) > limits.max_part_bytes:
        raise _too_large(f"{name} 超过 {limits.max_part_bytes} 字节", f"{name} too large")
    return data


def main_part_name(archive: zipfile.ZipFile, limits: Limits) -> str:
    names = set(archive.namelist())
    if "_rels/.rels" in names:
        try:
            rels = etree.fromstring(read_member(archive, "_rels/.rels", limits), _xml_parser())
        except etree.XMLSyntaxError:
            rels = None
        if rels is not None:
            for rel in rels.iter(REL_NS + "Relationship"):
                if rel.get("Type") in (OFFICE_DOCUMENT_REL, STRICT_OFFICE_DOCUMENT_REL):
                    target = posixpath.normpath(rel.get("Target", "").lstrip("/"))
                    if target in names:
                        return target
    if "word/document.xml" in names:
        return "word/document.xml"
    raise UnreadableFileError(
        "no-document-part",
        "这是一个压缩包，但其中没有 Word 正文（word/document.xml），不是有效的 .docx 文件。请在 Word 中重新保存为 .docx。",
        "The file is a zip archive but holds no Word document body (word/document.xml); "
        "it is not a valid .docx. Save it again from Word as .docx.",
    )


def open_docx_part(data: bytes, limits: Limits = DEFAULT_LIMITS) -> etree._Element:
    """The parsed main document part of a .docx given as bytes."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise _damaged(
            "不是完整的 zip 压缩包，可能下载或拷贝不完整", f"not a complete zip: {exc}"
        ) from exc
    with archive:
        check_zip_limits(archive, limits)
        name = main_part_name(archive, limits)
        xml = read_member(archive, name, limits)
    try:
        root = etree.fromstring(xml, _xml_parser())
    except etree.XMLSyntaxError as exc:
        raise _damaged(
            f"正文 XML 格式错误：{exc.msg}", f"malformed document XML: {exc.msg}"
        ) from exc
    if root is None:
        raise _damaged("正文为空", "empty document body")
    return root
