"""Web pages (.html, .htm, pages saved as .mht, HTML saved as .xls) → Grid.

The page is parsed with lxml.html and walked in document order:

- A ``<table>`` without a table inside it is a data table: ``rowspan`` and
  ``colspan`` are laid out as a browser lays them out, then resolved as the
  .docx reader resolves merges. A table holding other tables is page layout:
  its cells are walked as parts of the page.
- Text outside tables becomes paragraphs, one per block (``<p>``, ``<div>``,
  ``<br>`` …); a line break inside a cell is kept as a line break, as a
  paragraph break in a Word cell is.
- The page's boilerplate is left out: scripts, styles, forms' controls,
  ``<nav>``/``<header>``/``<footer>``/``<aside>`` and blocks whose class or id
  names navigation, menus, breadcrumbs, sharing or copyright.
- A page that is a PDF turned into HTML (every text run an absolutely
  positioned block, ruling lines drawn as bordered empty blocks, no
  ``<table>``) is rebuilt page by page from the positions: the bordered
  blocks give the ruling lines, the cells are found from their crossings as
  in a PDF, each text run goes to the cell it sits in, and a table continued
  on the next page is joined as in a PDF.

The encoding comes from a byte-order mark, else the ``<meta>`` charset (GBK
and GB2312 are read as GB18030, their superset), else UTF-8 when the bytes are
valid UTF-8, else GB18030. A saved .mht is a MIME message: its first HTML part
is read, quoted-printable or base64 decoded, in the charset its header gives.
"""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import regex
from lxml import etree

from perfgoals.errors import UnreadableFileError
from perfgoals.read.grid import Block, Grid, Origin, Paragraph
from perfgoals.read.limits import DEFAULT_LIMITS, Limits, check_markup
from perfgoals.read.pages import (
    Box,
    Line,
    Page,
    cell_text,
    join_lines,
    join_pages,
    table_from_boxes,
)
from perfgoals.read.placed import Placed, table_from_placed

MAX_TABLE_CELLS = 250_000  # a 300-project page table holds about 50,000
MAX_SPAN = 1000  # columns a cell may span; HTML itself caps colspan at 1000
MAX_ROWSPAN = 65534
_CHARSET = regex.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]{2,20})""", regex.I)
_XML_ENCODING = regex.compile(rb"""^<\?xml[^>]{0,100}encoding\s*=\s*["']([A-Za-z0-9_\-]{2,20})""")
_SKIPPED = frozenset(
    {
        "script", "style", "noscript", "template", "head", "iframe", "object", "embed", "svg",
        "select", "button", "input", "textarea", "nav", "header", "footer", "aside", "map",
    }
)
_BOILERPLATE_NAMES = frozenset(
    {
        "nav", "navbar", "menu", "footer", "foot", "header", "breadcrumb", "breadcrumbs",
        "crumb", "crumbs", "crumbsline", "share", "copyright", "sidebar", "banner", "topbar",
        "toolbar", "search", "fontsize", "print", "skip",
    }
)
_NAME_SPLIT = regex.compile(r"[\s_\-]+")
_BLOCKS = frozenset(
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
        "section", "article", "main", "blockquote", "pre", "center", "address", "figure",
        "figcaption", "caption", "form", "fieldset", "body", "html", "hr", "tr", "td", "th",
    }
)
_STYLE_LENGTH = regex.compile(r"(top|left|width|height|line-height|font-size)\s*:\s*(-?[\d.]+)\s*(pt|px)?", regex.I)
_POSITIONED = regex.compile(r"position\s*:\s*absolute", regex.I)
_BORDER = regex.compile(r"border(?:-(top|bottom|left|right))?\s*:\s*([^;]*)", regex.I)
_WHITESPACE = regex.compile(r"[ \t\r\n\f\v\u00a0]+")
_BREAK = "\x00"  # a line break in a cell (raw newlines in the source are only spaces)
_MIN_POSITIONED = 10  # positioned blocks under one parent that make it a printed page


def read_mht(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Grid:
    """A web page saved as a single file (.mht/.mhtml)."""
    try:
        message = email.message_from_bytes(data, policy=email.policy.compat32)
    except Exception as exc:
        raise _damaged("mht") from exc
    for part in message.walk():
        if part.get_content_type() != "text/html":
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        grid = read_html(payload, limits, declared=part.get_content_charset())
        grid.source_format = "mht"
        return grid
    raise UnreadableFileError(
        "damaged-mht",
        "这是网页存档文件（.mht），但其中没有网页内容，无法读取。请在浏览器中重新打开原网页并另存，或提交 Word 原文件（.docx）。",
        "This is a saved web archive (.mht) but it holds no web page. Save the page again from "
        "the browser, or submit the Word original (.docx).",
    )


def decode_html(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """The page's text and the encoding it was read in."""
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, "replace"), encoding
    candidates: list[str] = []
    if declared:
        candidates.append(declared)
    head = data[:8192]
    for pattern in (_XML_ENCODING, _CHARSET):
        found = pattern.search(head)
        if found:
            candidates.append(found.group(1).decode("ascii"))
    for name in candidates:
        named = _normal_encoding(name)
        if named is None:
            continue
        if named == "utf-8":
            try:
                return data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                continue  # a page that says UTF-8 but is not: guess below
        return data.decode(named, "replace"), named
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("gb18030", "replace"), "gb18030"


def _normal_encoding(name: str) -> str | None:
    lowered = name.lower().replace("_", "-")
    if lowered in ("gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"):
        return "gb18030"
    if lowered in ("utf8", "utf-8"):
        return "utf-8"
    import codecs

    try:
        return codecs.lookup(lowered).name
    except LookupError:
        return None


def read_html(
    data: bytes, limits: Limits = DEFAULT_LIMITS, declared: str | None = None
) -> Grid:
    """A web page given as bytes."""
    import lxml.html

    text, encoding = decode_html(data, declared)
    text = text.replace("\x00", "")
    if not text.strip():
        raise _damaged("html")
    check_markup(text, limits)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise _damaged("html") from exc
    walker = _Walker()
    walker.walk(root)
    blocks = walker.finish()
    return Grid(blocks=blocks, source_format="html", encoding=encoding)


@dataclass
class _Fragment:
    top: float
    left: float
    size: float
    text: str


class _Walker:
    """Walks a page in document order, gathering blocks and printed pages."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.pages: list[Page] = []  # printed pages not yet joined
        self.buffer: list[str] = []
        self.tables = 0
        self.cells = 0
        self.printed = 0  # printed pages seen

    def finish(self) -> list[Block]:
        self._flush()
        self._flush_pages()
        return self.blocks

    def _flush(self) -> None:
        text = _WHITESPACE.sub(" ", "".join(self.buffer)).strip()
        self.buffer = []
        if text:
            self._flush_pages()
            self.blocks.append(Paragraph(text, Origin()))

    def _flush_pages(self) -> None:
        if self.pages:
            self.blocks.extend(join_pages(self.pages))
            self.pages = []

    def walk(self, root: Any) -> None:
        # An explicit stack: a page nested thousands of elements deep is no recursion bomb.
        stack: list[tuple[Any, bool]] = [(root, False)]
        while stack:
            element, leaving = stack.pop()
            if leaving:
                if _tag(element) in _BLOCKS:
                    self._flush()
                if element.tail:
                    self.buffer.append(element.tail)
                continue
            tag = _tag(element)
            if tag is None:  # a comment or processing instruction
                if element.tail:
                    self.buffer.append(element.tail)
                continue
            if tag in _SKIPPED or _is_boilerplate(element):
                if element.tail:
                    self.buffer.append(element.tail)
                continue
            if tag == "br":
                self._flush()
                if element.tail:
                    self.buffer.append(element.tail)
                continue
            if tag == "table" and not _has_table_inside(element):
                self._flush()
                self._data_table(element)
                if element.tail:
                    self.buffer.append(element.tail)
                continue
            if _positioned_children(element) >= _MIN_POSITIONED:
                self._flush()
                self._printed_page(element)
                if element.tail:
                    self.buffer.append(element.tail)
                continue
            if tag in _BLOCKS:
                self._flush()
            if element.text:
                self.buffer.append(element.text)
            stack.append((element, True))
            stack.extend((child, False) for child in reversed(element))

    def _data_table(self, table: Any) -> None:
        k = self.tables
        self.tables += 1
        rows = list(_rows(table))
        placed: list[Placed] = []
        taken: set[tuple[int, int]] = set()
        for r, row in enumerate(rows):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                colspan = min(max(_int(cell.get("colspan")), 1), MAX_SPAN)
                # As a browser does: a rowspan ends with the table.
                rowspan = min(max(_int(cell.get("rowspan")), 1), MAX_ROWSPAN, len(rows) - r)
                self.cells += colspan * rowspan
                if self.cells > MAX_TABLE_CELLS:
                    raise _too_large()
                taken.update((r + dr, c + dc) for dr in range(rowspan) for dc in range(colspan))
                text = _cell_text(cell)
                placed.append(Placed(r, c, rowspan, colspan, text, Origin(table=k, row=r, cell=c)))
                c += colspan
        table_block = table_from_placed(placed, lambda r: Origin(table=k, row=r), Origin(table=k))
        if table_block is not None:
            self._flush_pages()
            self.blocks.append(table_block)

    def _printed_page(self, element: Any) -> None:
        fragments: list[_Fragment] = []
        edges: list[dict[str, Any]] = []
        for child in element.iter():
            if child is element or _tag(child) is None:
                continue
            style = child.get("style") or ""
            if not _POSITIONED.search(style):
                continue
            lengths = {m.group(1).lower(): float(m.group(2)) for m in _STYLE_LENGTH.finditer(style)}
            top, left = lengths.get("top"), lengths.get("left")
            if top is None or left is None:
                continue
            text = _WHITESPACE.sub(" ", child.text_content() or "").strip()
            if text:
                size = lengths.get("line-height") or lengths.get("font-size") or 10.0
                fragments.append(_Fragment(top, left, size, text))
            else:
                edges.extend(_border_edges(style, top, left, lengths))
            if len(fragments) + len(edges) > MAX_TABLE_CELLS:
                raise _too_large()
        self.printed += 1
        self.pages.append(_page_from_positions(self.printed, fragments, edges))


def _page_from_positions(number: int, fragments: list[_Fragment], edges: list[dict[str, Any]]) -> Page:
    boxes = _cells_from_edges(edges)
    owner: dict[int, list[_Fragment]] = {}
    loose: list[_Fragment] = []
    for fragment in fragments:
        x = fragment.left + min(fragment.size, 6.0) / 2
        y = fragment.top + fragment.size / 2
        found = None
        for t, table in enumerate(boxes):
            for b, (x0, top, x1, bottom) in enumerate(table):
                if x0 <= x <= x1 and top <= y <= bottom:
                    found = (t, b)
                    break
            if found:
                break
        if found is None:
            loose.append(fragment)
        else:
            owner.setdefault(found[0] * 1_000_000 + found[1], []).append(fragment)
    items: list[tuple[float, Block, list[float] | None]] = []
    for t, table in enumerate(boxes):
        cells = [(box, _lines_text(owner.get(t * 1_000_000 + b, []))) for b, box in enumerate(table)]
        built = table_from_boxes(cells, number, t)
        if built is not None:
            items.append((min(box[1] for box in table), built[0], built[1]))
    for line in _group_lines(loose):
        text = " ".join(f.text for f in sorted(line, key=lambda f: f.left))
        items.append((line[0].top, Paragraph(text, Origin(page=number)), None))
    items.sort(key=lambda item: item[0])
    page = Page(number)
    for _, block, columns in items:
        if columns is not None:
            page.edges[len(page.blocks)] = columns
        page.blocks.append(block)
    return page


def _group_lines(fragments: list[_Fragment]) -> list[list[_Fragment]]:
    lines: list[list[_Fragment]] = []
    for fragment in sorted(fragments, key=lambda f: (f.top, f.left)):
        if lines and abs(lines[-1][0].top - fragment.top) <= 2.0:
            lines[-1].append(fragment)
        else:
            lines.append([fragment])
    return lines


def _lines_text(fragments: list[_Fragment]) -> str:
    lines = []
    for line in _group_lines(fragments):
        line.sort(key=lambda f: f.left)
        text = join_lines("\n".join(f.text for f in line))
        right = max(f.left + len(f.text) * f.size for f in line)
        lines.append(Line(line[0].top, line[0].left, right, line[0].size, text))
    return cell_text(lines)


def _border_edges(
    style: str, top: float, left: float, lengths: dict[str, float]
) -> Iterator[dict[str, Any]]:
    width = lengths.get("width", 0.0)
    height = lengths.get("height", 0.0)
    for match in _BORDER.finditer(style):
        side, value = (match.group(1) or "all").lower(), match.group(2).lower()
        if "none" in value or "hidden" in value or regex.match(r"\s*0(pt|px)?\s", value + " "):
            continue
        sides = ("top", "bottom", "left", "right") if side == "all" else (side,)
        for s in sides:
            if s in ("top", "bottom"):
                if width <= 0:
                    continue
                y = top if s == "top" else top + height
                yield {"x0": left, "x1": left + width, "top": y, "bottom": y, "width": width,
                       "height": 0.0, "orientation": "h", "object_type": "line"}
            else:
                if height <= 0:
                    continue
                x = left if s == "left" else left + width
                yield {"x0": x, "x1": x, "top": top, "bottom": top + height, "width": 0.0,
                       "height": height, "orientation": "v", "object_type": "line"}


def _cells_from_edges(edges: list[dict[str, Any]]) -> list[list[Box]]:
    if not edges:
        return []
    from pdfplumber import table as finder

    merged = finder.merge_edges(edges, 3, 3, 3, 3)
    intersections = finder.edges_to_intersections(merged, 3, 3)
    cells = finder.intersections_to_cells(intersections)
    tables = finder.cells_to_tables(cells)
    return [[(float(a), float(b), float(c), float(d)) for a, b, c, d in table] for table in tables]


def _rows(table: Any) -> Iterator[list[Any]]:
    """The table's own rows (not those of a table inside it), in order."""
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            yield [c for c in child if _tag(c) in ("td", "th")]
        elif tag in ("thead", "tbody", "tfoot"):
            for row in child:
                if _tag(row) == "tr":
                    yield [c for c in row if _tag(c) in ("td", "th")]


def _cell_text(cell: Any) -> str:
    parts: list[str] = []
    stack: list[tuple[Any, bool]] = [(cell, False)]
    while stack:
        element, leaving = stack.pop()
        tag = _tag(element)
        if leaving:
            if tag in _BLOCKS and element is not cell:
                parts.append(_BREAK)
            if element.tail and element is not cell:
                parts.append(element.tail)
            continue
        if tag is None or tag in _SKIPPED:
            if element.tail:
                parts.append(element.tail)
            continue
        if tag == "br":
            parts.append(_BREAK)
            if element.tail:
                parts.append(element.tail)
            continue
        if tag in _BLOCKS and element is not cell:
            parts.append(_BREAK)
        if element.text:
            parts.append(element.text)
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))
    lines = [_WHITESPACE.sub(" ", line).strip() for line in "".join(parts).split(_BREAK)]
    return "\n".join(line for line in lines if line)


def _tag(element: Any) -> str | None:
    tag = element.tag
    if not isinstance(tag, str):
        return None
    return tag.rsplit("}", 1)[-1].lower()


def _is_boilerplate(element: Any) -> bool:
    names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    if not names.strip():
        return False
    return any(token in _BOILERPLATE_NAMES for token in _NAME_SPLIT.split(names) if token)


def _has_table_inside(table: Any) -> bool:
    return next(table.iterdescendants("table"), None) is not None


def _positioned_children(element: Any) -> int:
    count = 0
    for child in element:
        if isinstance(child.tag, str) and _POSITIONED.search(child.get("style") or ""):
            count += 1
            if count >= _MIN_POSITIONED:
                break
    return count


def _int(value: str | None) -> int:
    if not value:
        return 1
    digits = regex.match(r"\s*(\d{1,7})", value)
    return int(digits.group(1)) if digits else 1


def _damaged(kind: str) -> UnreadableFileError:
    return UnreadableFileError(
        f"damaged-{kind}",
        "这个网页文件是空的或已损坏，无法读取。请在浏览器中重新打开原网页并另存，或提交 Word 原文件（.docx）。",
        "This web page file is empty or damaged and cannot be read. Save the page again from the "
        "browser, or submit the Word original (.docx).",
    )


def _too_large() -> UnreadableFileError:
    return UnreadableFileError(
        "too-complex",
        f"网页中的表格超过 {MAX_TABLE_CELLS:,} 个单元格（多半是异常的跨行、跨列设置），无法安全读取。"
        "请确认是否放错了文件。",
        f"A table in this web page spans more than {MAX_TABLE_CELLS:,} cells (usually an abnormal "
        "rowspan or colspan) and cannot be read safely. Check that it is the right file.",
    )
