"""Opening a .docx package safely: zip checks, size limits, a hardened XML parser.

A filing may come from anyone. Before anything is inflated, the central
directory's size and entry count are checked from the end-of-directory
record, then the declared sizes and compression ratios of the parts that will
be read; while inflating, the bytes actually produced are counted. XML is
parsed with entities, DTDs and network access off, and a part that declares
a DTD at all is refused: Word never writes one (OPC forbids it), so one is
there only to expand entities or to read files (XXE).
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
from typing import BinaryIO

from lxml import etree

from perfgoals.errors import UnreadableFileError
from perfgoals.read.limits import DEFAULT_LIMITS, Limits, MiB, over_limit

OFFICE_DOCUMENT_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
STRICT_OFFICE_DOCUMENT_REL = (
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
)
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

PackageSource = bytes | BinaryIO

_EOCD = b"PK\x05\x06"
_EOCD_SIZE = 22
_ZIP64_LOCATOR_SIZE = 20
_ZIP64_EOCD_SIZE = 56
_ZIP64_EOCD = b"PK\x06\x06"
_CENTRAL_ENTRY = b"PK\x01\x02"
_MAX_COMMENT = 0xFFFF
# A central-directory entry is 46 bytes plus its name and extras: a real one
# stays well under 1 KiB.
_CENTRAL_BYTES_PER_MEMBER = 1024
_CHUNK = 1 << 20


def _xml_parser() -> etree.XMLParser:
    # huge_tree stays off: libxml2's own caps (nesting depth 256, 10 MB text
    # nodes) are far beyond Word's output and stop pathological documents.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


_DOCTYPE_MARKS = tuple(
    "<!DOCTYPE".encode(encoding) for encoding in ("ascii", "utf-16-le", "utf-16-be")
)


def parse_xml(xml: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> etree._Element:
    """Parse one package part; a DTD, malformed XML, an empty part or one of
    more elements than ``max_xml_elements`` (its tree would not fit) is refused."""
    _refuse_doctype(xml, name)
    if xml.count(b"<") > limits.max_xml_elements:  # "<" bounds the elements: see read_member
        ElementCounter(name, limits).feed(xml)
    return _tree(xml, name)


def parse_member(archive: zipfile.ZipFile, name: str, limits: Limits) -> etree._Element:
    """Inflate and parse one member: ``read_member`` has counted its elements
    against ``limits`` while inflating it, so they are not counted again."""
    xml = read_member(archive, name, limits)
    _refuse_doctype(xml, name)
    return _tree(xml, name)


def _refuse_doctype(xml: bytes, name: str) -> None:
    if any(mark in xml for mark in _DOCTYPE_MARKS):
        raise _unsafe(name)


def _tree(xml: bytes, name: str) -> etree._Element:
    """The parsed part, its DTD and element count already checked."""
    try:
        root = etree.fromstring(xml, _xml_parser())
    except etree.XMLSyntaxError as exc:
        if "depth" in exc.msg or "too long" in exc.msg.lower() or "huge" in exc.msg.lower():
            raise _too_complex(name) from exc
        raise _damaged(
            "正文内容残缺或格式错误", "its text is cut off or malformed", f"{name}: {exc.msg}"
        ) from exc
    if root is None:
        raise _damaged("正文是空的", "its text part is empty", name)
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise _unsafe(name)  # a DTD in an encoding the byte check above does not cover
    return root


def _damaged(detail_zh: str, detail_en: str, technical: str = "") -> UnreadableFileError:
    """Plain words for the reader; the parser's own words, if any, only at the end
    of the English message, for whoever reports the file to a maintainer."""
    suffix = f" (Technical detail: {technical[:160]})" if technical else ""
    return UnreadableFileError(
        "damaged-docx",
        f"Word 文件已损坏，无法打开（{detail_zh}）。请在 Word 中打开并重新“另存为”.docx 后再检查；"
        "如果 Word 也打不开，请向报送单位索要完好的文件。",
        f"The Word file is damaged and cannot be opened: {detail_en}. Open it in Word, save it "
        "again as .docx, and re-check; if Word cannot open it either, ask the department for an "
        f"intact copy.{suffix}",
    )


def _truncated() -> UnreadableFileError:
    # Same key as other damage: the key is part of finding fingerprints (baselines).
    return UnreadableFileError(
        "damaged-docx",
        "Word 文件不完整或已损坏：文件末尾缺失，多半是下载、邮件附件或 U 盘拷贝没有完成。"
        "请重新拷贝或重新下载原文件后再检查。",
        "The Word file is incomplete or damaged: its end is missing, most likely because a "
        "download, e-mail attachment or USB copy did not finish. Copy or download the original "
        "again and re-check.",
    )


def _unsafe(name: str) -> UnreadableFileError:
    return UnreadableFileError(
        "unsafe-xml",
        "文件中含有 Word 从不写入的特殊声明（可被用来读取本机文件或耗尽内存），可能是被人为构造的文件，"
        "为安全起见已拒绝读取。请向报送单位核实文件来源，并请其在 Word 中重新保存后再提交。",
        "The file contains a declaration Word never writes (one that can be used to read files "
        "on this computer or exhaust its memory); it may have been crafted on purpose and was "
        "refused for safety. Check where it came from and ask the department to save it again "
        f"from Word. (Technical detail: a DOCTYPE in {name}.)",
    )


def _too_complex(name: str) -> UnreadableFileError:
    return UnreadableFileError(
        "too-complex",
        "文件结构异常（内容嵌套过深或单段文字过长），不是 Word 正常保存的文件，已拒绝读取。"
        "请在 Word 中重新保存后再检查。",
        "The file's structure is abnormal (nested too deeply or holding an overlong run of "
        "text); Word does not save files like this, so it was refused. Save it again from Word "
        f"and re-check. (Technical detail: {name}.)",
    )


def _too_large(detail_zh: str, detail_en: str) -> UnreadableFileError:
    return UnreadableFileError(
        "too-large",
        f"文件内部规模异常（{detail_zh}），远超任何正常的绩效目标表，可能是恶意构造的“压缩炸弹”，"
        "已拒绝读取。请向报送单位核实文件来源，或请其在 Word 中重新保存后再提交。",
        f"The file is abnormally large inside ({detail_en}), far beyond any real filing; it may "
        "be a crafted 'zip bomb' and was refused. Check where it came from, or ask the "
        "department to save it again from Word.",
    )


def _duplicate_part(name: str) -> UnreadableFileError:
    """Two members of one name: which one an office program shows is up to the
    program, so what is checked might not be what is read."""
    return UnreadableFileError(
        "duplicate-part",
        f"文件内部有两份正文（{name} 出现了不止一次），不同软件打开时显示的内容可能不同，"
        "无法确定应检查哪一份，已拒绝读取。请在 Word 中打开并重新保存后再检查。",
        f"The file holds its body twice ({name} occurs more than once); different programs may "
        "show different content, so which one to check cannot be told and it was refused. Open "
        "it in Word, save it again, and re-check.",
    )


def password_protected() -> UnreadableFileError:
    return UnreadableFileError(
        "password-protected",
        "文件设置了打开密码，无法读取。请在 Word 中打开，选择“文件→信息→保护文档→用密码进行加密”，"
        "清空密码后保存，再检查；WPS 中为“文件→文档加密→密码加密”。",
        "The file is password protected. Open it in Word, choose File → Info → Protect Document → "
        "Encrypt with Password, clear the password, save, and re-check (in WPS: File → Document "
        "Encryption → Password Encryption).",
    )


def _stream(source: PackageSource) -> BinaryIO:
    return io.BytesIO(source) if isinstance(source, bytes) else source


def check_central_directory(stream: BinaryIO, limits: Limits) -> None:
    """Refuse a zip with too many members or no end record before ``zipfile`` reads
    its directory: zipfile builds an object per entry, whatever their number."""
    end = stream.seek(0, io.SEEK_END)
    tail_size = min(end, _EOCD_SIZE + _MAX_COMMENT)
    stream.seek(end - tail_size)
    tail = stream.read(tail_size)
    at = tail.rfind(_EOCD, 0, max(0, len(tail) - _EOCD_SIZE + 4))
    if at < 0:
        raise _truncated()
    eocd_position = end - tail_size + at
    entries, cd_size = struct.unpack_from("<6xHI", tail, at + 4)
    cd_end = eocd_position
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF:
        # Zip64: the real counts are in the record before the locator.
        record_position = eocd_position - _ZIP64_LOCATOR_SIZE - _ZIP64_EOCD_SIZE
        if record_position >= 0:
            stream.seek(record_position)
            record = stream.read(_ZIP64_EOCD_SIZE)
            if record.startswith(_ZIP64_EOCD):
                entries, cd_size = struct.unpack_from("<QQ", record, 32)
                cd_end = record_position
    if entries > limits.max_members:
        raise _too_large(f"压缩包内有 {entries} 个文件", f"{entries} members in the package")
    if cd_size > limits.max_members * _CENTRAL_BYTES_PER_MEMBER:
        raise _too_large("内部目录过大", f"a {cd_size // MiB} MB directory")
    # Where zipfile will look: just before the end record, whatever the offsets
    # say (it allows for data prepended to the archive the same way).
    _count_central_entries(stream, max(0, cd_end - cd_size), cd_size, limits)


def _count_central_entries(stream: BinaryIO, offset: int, size: int, limits: Limits) -> None:
    """The directory may hold more entries than the end record admits."""
    stream.seek(offset)
    directory = stream.read(size)
    position, count = 0, 0
    while position + 46 <= len(directory) and directory.startswith(_CENTRAL_ENTRY, position):
        count += 1
        if count > limits.max_members:
            raise _too_large(
                f"压缩包内超过 {limits.max_members} 个文件",
                f"more than {limits.max_members} members in the package",
            )
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", directory, position + 28)
        position += 46 + name_len + extra_len + comment_len


def check_zip_limits(archive: zipfile.ZipFile, limits: Limits) -> None:
    """The declared total of every member (nothing is inflated here)."""
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise _too_large(f"压缩包内有 {len(infos)} 个文件", f"{len(infos)} members")
    total = sum(info.file_size for info in infos)
    if total > limits.max_total_bytes:
        raise _too_large(f"解压后共 {total // MiB} MB", f"{total // MiB} MB uncompressed in all")


def check_member_limits(info: zipfile.ZipInfo, limits: Limits) -> None:
    """Declared size and ratio of a part about to be inflated."""
    if info.file_size > limits.max_part_bytes:
        raise _too_large(
            f"其中一部分解压后有 {info.file_size // MiB} MB",
            f"{info.filename} is {info.file_size // MiB} MB uncompressed",
        )
    if info.file_size > limits.ratio_floor_bytes and info.file_size > limits.max_ratio * max(
        info.compress_size, 1
    ):
        ratio = info.file_size // max(info.compress_size, 1)
        raise _too_large(
            f"其中一部分被压缩了 {ratio} 倍",
            f"{info.filename} compressed {ratio}:1",
        )


def read_member(archive: zipfile.ZipFile, name: str, limits: Limits) -> bytes:
    """Inflate one member after checking its declared size, counting what comes
    out: bytes, the real ratio, and (for XML) elements, so a part that keeps its
    declared sizes in bounds but inflates to millions of empty paragraphs is
    refused after a few megabytes, not after building a tree of gigabytes."""
    info = archive.getinfo(name)
    check_member_limits(info, limits)
    if info.flag_bits & 0x1:
        raise password_protected()
    if info.compress_type not in _SUPPORTED_METHODS:
        raise _unsupported_method(name, info.compress_type)
    budget = min(limits.max_part_bytes, info.file_size)
    ratio_budget = max(limits.ratio_floor_bytes, limits.max_ratio * max(info.compress_size, 1))
    counter = ElementCounter(name, limits)
    chunks: list[bytes] = []
    size = 0
    # Every element's start tag has a "<" (so do end tags and declarations):
    # the "<" of the bytes so far, one fast pass, bound the elements from
    # above. Only once that bound passes the limit are the chunks not yet
    # counted exactly (three passes) fed to the counter, which refuses the
    # part at the same chunk as exact counting all along would.
    bound = exact = 0  # chunks[:exact] went through the counter
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > budget:  # more than declared: a lying header
                    raise _too_large(
                        "解压出的内容超过文件自己声明的大小", f"{name} exceeds its declared size"
                    )
                if size > ratio_budget:
                    raise _too_large(
                        f"其中一部分被压缩了超过 {limits.max_ratio} 倍",
                        f"{name} inflates more than {limits.max_ratio}:1",
                    )
                chunks.append(chunk)
                bound += chunk.count(b"<")
                if bound > counter.limit:
                    for kept in chunks[exact:]:
                        counter.feed(kept)
                    exact = len(chunks)
                    bound = counter.count
    except UnreadableFileError:
        raise
    except NotImplementedError as exc:  # a compression method zipfile lacks
        raise _unsupported_method(name, info.compress_type) from exc
    except RuntimeError as exc:  # zipfile's way of saying "encrypted"
        raise password_protected() from exc
    except MemoryError as exc:
        raise _too_large("解压所需内存超出限度", f"{name} does not fit in memory") from exc
    except Exception as exc:  # zlib.error, BadZipFile (CRC), EOFError …
        raise _damaged(
            "文件内部数据损坏，无法解压",
            "its internal data is corrupt and cannot be unpacked",
            f"{name}: {exc}",
        ) from exc
    return b"".join(chunks)


class ElementCounter:
    """Counts the elements of an XML part as its bytes stream in (start tags:
    every ``<`` that does not open an end tag, a comment or a declaration)
    and refuses the part past ``max_xml_elements``. A tag cut between two
    chunks is counted at most once too often: the count is a safe upper bound."""

    def __init__(self, name: str, limits: Limits) -> None:
        self.name = name
        self.limit = limits.max_xml_elements
        self.count = 0

    def feed(self, chunk: bytes) -> None:
        self.count += chunk.count(b"<") - chunk.count(b"</") - chunk.count(b"<?")
        if self.count > self.limit:
            raise over_limit(
                f"{self.name} 中的 XML 元素数", f"XML elements in {self.name}", self.limit,
                "max-xml-elements",
            )


def scan_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, budget: int, tag: bytes = b""
) -> int:
    """Inflate a member only to count what it produces (bytes, ratio, elements),
    keeping nothing: for parts another library reads whole without limits.
    Returns how often ``tag`` (a start-tag name such as ``row``) occurs, with
    or without a namespace prefix."""
    check_member_limits(info, limits)
    if info.compress_type not in _SUPPORTED_METHODS:
        raise _unsupported_method(info.filename, info.compress_type)
    ratio_budget = max(limits.ratio_floor_bytes, limits.max_ratio * max(info.compress_size, 1))
    counter = ElementCounter(info.filename, limits)
    produced = tagged = 0
    marks = (b"<" + tag + b" ", b"<" + tag + b">", b":" + tag + b" ", b":" + tag + b">")
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            if tag:
                tagged += sum(chunk.count(mark) for mark in marks)
            produced += len(chunk)
            if produced > min(budget, info.file_size):
                raise _too_large(
                    f"{info.filename} 解压后超过 {min(budget, info.file_size) // MiB or 1} MB",
                    f"{info.filename} inflates past {min(budget, info.file_size) // MiB or 1} MB",
                )
            if produced > ratio_budget:
                raise _too_large(
                    f"其中一部分被压缩了超过 {limits.max_ratio} 倍",
                    f"{info.filename} inflates more than {limits.max_ratio}:1",
                )
            counter.feed(chunk)
    return tagged


_SUPPORTED_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
_METHOD_NAMES = {9: "Deflate64", 12: "BZIP2", 14: "LZMA", 93: "Zstandard", 98: "PPMd", 99: "AES"}


def _unsupported_method(name: str, method: int) -> UnreadableFileError:
    """Word and Excel only store or deflate; another method (Deflate64 from
    Windows' own zip tool, 7-Zip's LZMA) means the package was re-zipped by hand."""
    label = _METHOD_NAMES.get(method, f"method {method}")
    if method == 99:
        return password_protected()  # WinZip's AES encryption
    return UnreadableFileError(
        "unsupported-compression",
        f"文件内部使用了 Word/Excel 从不使用的压缩方式（{label}），多半是被压缩软件重新打包过。"
        "请在 Word 或 Excel 中打开原文件并重新保存后再检查。",
        f"The file is packed with a compression method Word and Excel never use ({label}), most "
        "likely re-zipped by an archiving tool. Open the original in Word or Excel, save it "
        f"again, and re-check. (Technical detail: {name}.)",
    )


def main_part_name(archive: zipfile.ZipFile, limits: Limits) -> str:
    names = set(archive.namelist())
    if "_rels/.rels" in names:
        try:
            rels: etree._Element | None = parse_member(archive, "_rels/.rels", limits)
        except UnreadableFileError as exc:
            if exc.reason in ("unsafe-xml", "too-large", "password-protected"):
                raise
            rels = None  # a damaged relationship part: fall back to the usual name
        if rels is not None:
            for rel in rels.iter(REL_NS + "Relationship"):
                if rel.get("Type") in (OFFICE_DOCUMENT_REL, STRICT_OFFICE_DOCUMENT_REL):
                    target = posixpath.normpath(rel.get("Target", "").lstrip("/"))
                    if target in names:
                        return target
    if "word/document.xml" in names:
        return "word/document.xml"
    raise _not_word_package(archive, names, limits)


def _not_word_package(
    archive: zipfile.ZipFile, names: set[str], limits: Limits
) -> UnreadableFileError:
    """Say what the zip is instead, so the reader knows what to send."""
    if "xl/workbook.xml" in names:
        return spreadsheet_error()
    if "ppt/presentation.xml" in names:
        return UnreadableFileError(
            "presentation",
            "这是 PowerPoint 演示文稿，不是 Word 文件。请提交 Word 格式（.docx）的绩效目标表。",
            "This is a PowerPoint presentation, not a Word file. Submit the performance-goal "
            "tables as a Word file (.docx).",
        )
    if "mimetype" in names and archive.getinfo("mimetype").file_size < 256:
        mimetype = read_member(archive, "mimetype", limits).strip()
        if mimetype == ODT_MIMETYPE:
            return UnreadableFileError(
                "opendocument-text",
                "这是 OpenDocument 文本（.odt），需要先转换为 .docx 才能检查。请在 WPS、LibreOffice "
                "或 Word 中打开，“另存为”Word 文档（*.docx）后再检查。",
                "This is an OpenDocument text (.odt); it must be converted to .docx before it "
                "can be checked. Open it in WPS, LibreOffice or Word, save it as a Word document "
                "(*.docx), and re-check.",
            )
        if b"spreadsheet" in mimetype:
            return spreadsheet_error()
    documents = sorted(n for n in names if n.lower().endswith((".docx", ".doc", ".wps")))
    if documents:
        return UnreadableFileError(
            "zip-archive",
            f"这是一个压缩包（.zip），里面有 {len(documents)} 个文件（如 {posixpath.basename(documents[0])}），"
            "不是单个 Word 文件。请先解压，再检查解压出的文件。",
            f"This is a zip archive holding {len(documents)} files (such as "
            f"{posixpath.basename(documents[0])}), not a single Word file. Unpack it and check "
            "the files inside.",
        )
    return UnreadableFileError(
        "no-document-part",
        "这是一个压缩包，但其中没有 Word 正文，不是有效的 .docx 文件。"
        "请在 Word 中重新保存为 .docx 后再检查。",
        "The file is a zip archive but holds no Word document body (word/document.xml); it is "
        "not a valid .docx. Save it again from Word as .docx and re-check.",
    )


def spreadsheet_error() -> UnreadableFileError:
    return UnreadableFileError(
        "spreadsheet",
        "这是 Excel 表格文件，不是 Word 文件，perfgoals 只读取 Word 格式的绩效目标表。"
        "请提交 Word 文件（.docx），或把表格复制到 Word 中另存为 .docx 后再检查。",
        "This is an Excel spreadsheet, not a Word file; perfgoals reads performance-goal tables "
        "from Word files. Submit the .docx, or copy the table into Word, save it as .docx, and "
        "re-check.",
    )


def open_docx_part(source: PackageSource, limits: Limits = DEFAULT_LIMITS) -> etree._Element:
    """The parsed main document part of a .docx, given as bytes or a seekable stream."""
    stream = _stream(source)
    try:
        check_central_directory(stream, limits)
        archive = zipfile.ZipFile(stream)
    except UnreadableFileError:
        raise
    except MemoryError as exc:
        raise _too_large("内部目录过大", "its directory does not fit in memory") from exc
    except Exception as exc:  # BadZipFile, struct.error, UnicodeDecodeError on names …
        raise _damaged(
            "文件结构不完整，可能下载或拷贝时中断",
            "its structure is incomplete, perhaps from an interrupted download or copy",
            str(exc),
        ) from exc
    with archive:
        check_zip_limits(archive, limits)
        name = main_part_name(archive, limits)
        if archive.namelist().count(name) > 1:
            raise _duplicate_part(name)
        return parse_member(archive, name, limits)


def scan_part(data: bytes, name: str, limits: Limits) -> None:
    """Count what one member of a zip package given as bytes inflates to
    (bytes, ratio, elements) before a library that reads it whole without
    limits does (calamine and an .ods's content.xml). A package that cannot be
    opened is left to that library to refuse."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with archive:
        try:
            info = archive.getinfo(name)
        except KeyError:
            return
        try:
            scan_member(archive, info, limits, limits.max_part_bytes)
        except UnreadableFileError:
            raise
        except Exception as exc:  # zlib.error, BadZipFile (CRC), EOFError …
            raise _damaged(
                "文件内部数据损坏，无法解压", "its internal data is corrupt and cannot be unpacked",
                f"{name}: {exc}",
            ) from exc
