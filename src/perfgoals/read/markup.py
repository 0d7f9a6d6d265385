"""Whether a file's first bytes are a web page, a saved page (.mht) or an
Excel 2003 XML workbook. Kept apart from the readers so that sniffing a text
export imports neither lxml nor the email package."""

from __future__ import annotations


def looks_like_html(head: bytes) -> bool:
    """Whether the start of a file (as bytes, any common encoding) is a web page."""
    text = _ascii_head(head)
    start = text.lstrip()
    if start.startswith(("<!doctype html", "<html", "<meta", "<table", "<head", "<body")):
        return True
    if start.startswith("<?xml") or start.startswith("<!--"):
        return "<html" in text
    return False


def looks_like_spreadsheetml(head: bytes) -> bool:
    text = _ascii_head(head)
    return text.lstrip().startswith("<?xml") and (
        'progid="excel.sheet"' in text or "urn:schemas-microsoft-com:office:spreadsheet" in text
    ) and "<html" not in text


def looks_like_mht(head: bytes) -> bool:
    text = _ascii_head(head)
    return "mime-version:" in text and "multipart/related" in text


def _ascii_head(head: bytes) -> str:
    data = head[:4096]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = data.decode("utf-16", "replace").encode("ascii", "replace")
    return data.lstrip(b"\xef\xbb\xbf").decode("latin-1").lower()
