"""Word comments added to a .docx package, everything else kept as it was.

The package is rewritten member by member: every part keeps its bytes, its
name, its order, its date and its compression, except the main document
(which gains the comment anchors), the content types and the document's
relationships (which gain the comments part, unless the document has one),
and the comments part itself. The XML parts changed are parsed keeping
comments and processing instructions, and written back with their own XML
declaration, so that removing the anchors gives the document's XML again.

An anchor is Word's own three pieces: ``w:commentRangeStart`` at the start of
the first paragraph of the cell (or of the paragraph), ``w:commentRangeEnd``
at the end of its last paragraph, and a run holding ``w:commentReference``
right after it.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lxml import etree

from perfgoals.errors import UnreadableFileError
from perfgoals.read.limits import DEFAULT_LIMITS, Limits
from perfgoals.read.package import (
    REL_NS,
    check_central_directory,
    check_zip_limits,
    main_part_name,
    read_member,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_NS + "}"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
STRICT_COMMENTS_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships/comments"
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

W_P, W_PPR, W_R, W_T, W_TC = W + "p", W + "pPr", W + "r", W + "t", W + "tc"
W_RANGE_START, W_RANGE_END = W + "commentRangeStart", W + "commentRangeEnd"
W_REFERENCE, W_ID = W + "commentReference", W + "id"
_WRAPPERS = (W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag")
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


@dataclass(frozen=True)
class Note:
    """One comment: its paragraphs of text, and the cell or paragraph it marks."""

    anchor: etree._Element  # a w:tc or a w:p of the main document
    paragraphs: tuple[str, ...]


Locate = Callable[[etree._Element], Sequence[Note]]


class PackageError(Exception):
    """The package cannot take comments (no main part, a broken part)."""


def _parser() -> etree.XMLParser:
    # As the reader's parser, but keeping comments and processing instructions:
    # the parts written back must lose nothing.
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )


def parse_part(data: bytes, name: str) -> etree._Element:
    if _DOCTYPE.search(data):
        raise PackageError(f"{name} declares a DTD")
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise PackageError(f"{name}: {exc.msg}") from exc


def _declaration(data: bytes) -> bytes:
    """The part's own XML declaration (and what precedes the root), to write back."""
    if data.startswith(b"<?xml"):
        end = data.find(b"?>")
        if end > 0:
            tail = data[end + 2 :]
            gap = tail[: len(tail) - len(tail.lstrip(b"\r\n"))]
            return data[: end + 2] + gap
    return b""


def serialise_part(root: etree._Element, original: bytes) -> bytes:
    tree = root.getroottree()
    return _declaration(original) + etree.tostring(tree, encoding="UTF-8", xml_declaration=False)


def annotate_package(
    data: bytes,
    locate: Locate,
    author: str,
    initials: str,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[bytes, int]:
    """The package ``data`` with the comments ``locate`` finds in its main part.

    Returns the new package and the number of comments added.
    """
    archive = open_package(data, limits)
    with archive:
        main = main_part_name(archive, limits)
        names = archive.namelist()
        document_bytes = read_member(archive, main, limits)
        document = parse_part(document_bytes, main)
        notes = locate(document)
        if not notes:
            return data, 0
        rels_name = rels_of(main)
        rels_bytes = read_member(archive, rels_name, limits) if rels_name in names else None
        rels = parse_part(rels_bytes, rels_name) if rels_bytes is not None else empty_rels()
        comments_name = related_part(rels, main, names, (COMMENTS_REL, STRICT_COMMENTS_REL))
        changed: dict[str, bytes] = {}
        added: list[tuple[str, bytes]] = []
        if comments_name is not None:
            comments_bytes = read_member(archive, comments_name, limits)
            comments = parse_part(comments_bytes, comments_name)
        else:
            comments_bytes = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
            comments = etree.Element(W + "comments", nsmap={"w": W_NS})
            comments_name = free_name(posixpath.join(posixpath.dirname(main), "comments.xml"), names)
            add_relationship(rels, comments_name, main)
            types_bytes = read_member(archive, "[Content_Types].xml", limits)
            types = parse_part(types_bytes, "[Content_Types].xml")
            add_override(types, comments_name)
            changed["[Content_Types].xml"] = serialise_part(types, types_bytes)
            if rels_bytes is not None:
                changed[rels_name] = serialise_part(rels, rels_bytes)
            else:
                added.append((rels_name, serialise_part(rels, comments_bytes)))
        next_id = _next_id(document, comments)
        for offset, note in enumerate(notes):
            comment_id = str(next_id + offset)
            _anchor(note.anchor, comment_id)
            comments.append(_comment(comment_id, note.paragraphs, author, initials))
        changed[main] = serialise_part(document, document_bytes)
        new_comments = serialise_part(comments, comments_bytes)
        if comments_name in names:
            changed[comments_name] = new_comments
        else:
            added.append((comments_name, new_comments))
        return rewrite_package(archive, changed, added, limits), len(notes)


def open_package(data: bytes, limits: Limits) -> zipfile.ZipFile:
    """The zip of ``data``, its directory checked against the limits first."""
    stream = io.BytesIO(data)
    try:
        check_central_directory(stream, limits)
        archive = zipfile.ZipFile(stream)
    except UnreadableFileError:
        raise
    except Exception as exc:
        raise PackageError(f"not a readable package: {exc}") from exc
    check_zip_limits(archive, limits)
    return archive


def rewrite_package(
    archive: zipfile.ZipFile,
    changed: dict[str, bytes],
    added: list[tuple[str, bytes]],
    limits: Limits,
) -> bytes:
    """The package again: each member in its place with its own bytes, date and
    compression, ``changed`` ones with their new bytes, ``added`` at the end."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in archive.infolist():
            body = changed.get(info.filename)
            if body is None:
                body = read_member(archive, info.filename, limits)
            target.writestr(info, body)
        for name, body in added:
            target.writestr(_new_info(name), body)
    return out.getvalue()


def _new_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def rels_of(part: str) -> str:
    return posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")


def empty_rels() -> etree._Element:
    return etree.fromstring(
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'
    )


def related_part(
    rels: etree._Element, main: str, names: list[str], kinds: tuple[str, ...]
) -> str | None:
    """The part ``main`` relates to with one of ``kinds``, where the package has it."""
    for rel in rels.iter(REL_NS + "Relationship"):
        if rel.get("Type") in kinds and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            if target.startswith("/"):
                name = posixpath.normpath(target.lstrip("/"))
            else:
                name = posixpath.normpath(posixpath.join(posixpath.dirname(main), target))
            if name in names:
                return name
    return None


def free_name(name: str, names: list[str]) -> str:
    stem, suffix = posixpath.splitext(name)
    number = 1
    while name in names:
        number += 1
        name = f"{stem}{number}{suffix}"
    return name


def add_relationship(
    rels: etree._Element, part: str, owner: str, kind: str = COMMENTS_REL
) -> str:
    """A relationship from ``owner`` to ``part``; returns its new id."""
    used = {rel.get("Id") for rel in rels.iter(REL_NS + "Relationship")}
    number = len(used) + 1
    while f"rId{number}" in used:
        number += 1
    rel = etree.SubElement(rels, REL_NS + "Relationship")
    rel.set("Id", f"rId{number}")
    rel.set("Type", kind)
    rel.set("Target", posixpath.relpath(part, posixpath.dirname(owner) or "."))
    return f"rId{number}"


def add_override(types: etree._Element, part: str, content_type: str = COMMENTS_TYPE) -> None:
    override = etree.SubElement(types, "{" + CT_NS + "}Override")
    override.set("PartName", "/" + part)
    override.set("ContentType", content_type)


def _next_id(document: etree._Element, comments: etree._Element) -> int:
    """Above every comment id the document or its comments already use."""
    highest = -1
    for element in (*document.iter(W_RANGE_START, W_REFERENCE), *comments.iter(W + "comment")):
        try:
            highest = max(highest, int(element.get(W_ID, "-1")))
        except ValueError:
            continue
    return highest + 1


def _comment(comment_id: str, paragraphs: tuple[str, ...], author: str, initials: str) -> etree._Element:
    comment = etree.Element(W + "comment")
    comment.set(W_ID, comment_id)
    comment.set(W + "author", author)
    comment.set(W + "initials", initials)
    for index, text in enumerate(paragraphs or ("",)):
        p = etree.SubElement(comment, W_P)
        if index == 0:
            etree.SubElement(etree.SubElement(p, W_R), W + "annotationRef")
        r = etree.SubElement(p, W_R)
        t = etree.SubElement(r, W_T)
        t.text = _xml_safe(text)
        t.set(XML_SPACE, "preserve")
    return comment


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def cell_paragraphs(tc: etree._Element) -> list[etree._Element]:
    """The paragraphs of a cell (or of a content control in it), not of nested tables."""
    found: list[etree._Element] = []
    for child in tc:
        if child.tag == W_P:
            found.append(child)
        elif child.tag in _WRAPPERS:
            found.extend(cell_paragraphs(child))
    return found


def _anchor(target: etree._Element, comment_id: str) -> None:
    paragraphs = [target] if target.tag == W_P else cell_paragraphs(target)
    if not paragraphs:  # a cell without a paragraph is invalid; give it one
        paragraph = etree.SubElement(target, W_P)
        paragraphs = [paragraph]
    first, last = paragraphs[0], paragraphs[-1]
    start = etree.Element(W_RANGE_START)
    start.set(W_ID, comment_id)
    position = 1 if len(first) and first[0].tag == W_PPR else 0
    first.insert(position, start)
    end = etree.SubElement(last, W_RANGE_END)
    end.set(W_ID, comment_id)
    run = etree.SubElement(last, W_R)
    reference = etree.SubElement(run, W_REFERENCE)
    reference.set(W_ID, comment_id)
