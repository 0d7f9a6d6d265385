"""PDF with a text layer → Grid.

Two libraries, each where it is fast: pypdfium2 (PDFium, in C) opens the file,
counts pages and characters and gives every page's text in a few milliseconds;
pdfplumber (pdfminer, in Python, about 10-60 pages a second) finds tables from
the ruling lines, and is run only on pages whose text speaks of performance
goals (绩效, 指标). The other pages of a budget book (收支总表 …) become plain
paragraphs.

A table whose last row ends a page and that goes on at the top of the next
page with the same columns is one table: the repeated header rows and the
repeated page title are dropped. A line break inside a cell is the printer's
wrapping, so the lines of a cell are joined without a space (with one between
two Latin letters or digits).

A PDF without any text (a scan) or one that needs a password is a PG001 that
says so. Before any page is parsed, every Flate stream in the file is inflated
once, in bounded chunks, and the file is refused when one stream or all of
them together inflate beyond the limits (a decompression bomb). Pages,
characters per page and the time spent are bounded too.
"""

from __future__ import annotations

import bisect
import io
import itertools
import time
import zlib
from collections.abc import Iterator
from typing import Any

import regex

from perfgoals.errors import UnreadableFileError
from perfgoals.read.grid import Block, Grid, Origin, Paragraph, Table
from perfgoals.read.limits import DEFAULT_LIMITS, Limits
from perfgoals.read.pages import (
    Box,
    Line,
    Page,
    cell_text,
    chars_to_lines,
    join_pages,
    paragraphs,
    table_from_boxes,
)

MAX_PAGES = 3000
MAX_PAGE_CHARS = 200_000
MAX_STREAM_BYTES = 64 * 1024 * 1024  # one inflated stream; a page's text is < 1 MB
MAX_INFLATED_BYTES = 512 * 1024 * 1024  # all streams together
TIME_BUDGET_SECONDS = 180.0
# Words on a page that make it worth looking for ruled tables.
_TABLE_PAGE = regex.compile(r"绩\s*效|指\s*标")
_STREAM = regex.compile(rb"stream\r?\n")


def read_pdf(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Grid:
    """A PDF given as bytes."""
    started = time.monotonic()
    _check_streams(data)
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise _encrypted() from exc
        raise _damaged() from exc
    try:
        page_count = len(document)
        if page_count > MAX_PAGES:
            raise _too_many_pages(page_count)
        texts = _page_texts(document, page_count)
        images = not any(texts) and _has_images(document, page_count)
    finally:
        document.close()
    if page_count == 0:
        raise _damaged()
    if not any(texts):
        raise _scanned() if images else _no_text()
    pages: list[Page] = [_text_page(i, lines) for i, lines in enumerate(texts)]
    if any(_TABLE_PAGE.search(line.text) for lines in texts for line in lines):
        for index, page in _ruled_pages(data, texts, started):
            pages[index] = page
    blocks = join_pages(pages)
    grid = Grid(blocks=blocks, source_format="pdf")
    scanned = sum(1 for lines in texts if not lines)
    if scanned:
        grid.notes.append(f"{scanned} of {page_count} PDF pages have no text layer (scanned)")
    return grid


def _page_texts(document: Any, page_count: int) -> list[list[Line]]:
    """Each page's printed lines, from PDFium's text runs."""
    pages: list[list[Line]] = []
    for index in range(page_count):
        page = document[index]
        try:
            height = page.get_height()
            textpage = page.get_textpage()
            try:
                if textpage.count_chars() > MAX_PAGE_CHARS:
                    raise _too_dense(index + 1)
                runs = []
                for i in range(textpage.count_rects()):
                    left, bottom, right, top = textpage.get_rect(i)
                    text = textpage.get_text_bounded(left, bottom, right, top)
                    if text.strip():
                        runs.append(Line(height - top, left, right, top - bottom, text.strip()))
                pages.append(_lines(runs))
            finally:
                textpage.close()
        finally:
            page.close()
    return pages


def _has_images(document: Any, page_count: int) -> bool:
    """Whether the first pages hold images (a scan) rather than nothing at all."""
    import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

    for index in range(min(page_count, 5)):
        page = document[index]
        try:
            if next(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2), None):
                return True
        finally:
            page.close()
    return False


def _lines(runs: list[Line]) -> list[Line]:
    """Text runs side by side on one baseline joined into lines; a wide gap is a space."""
    lines: list[list[Line]] = []
    spans: list[tuple[float, float]] = []  # each line's top and bottom so far
    for run in sorted(runs, key=lambda r: (r.top, r.x0)):
        bottom = run.top + run.size
        for i in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
            top, low = spans[i]
            overlap = min(low, bottom) - max(top, run.top)
            if overlap > 0.3 * min(low - top, run.size) or (run.size < 0.5 * (low - top) and top <= run.top <= low):
                lines[i].append(run)
                spans[i] = (min(top, run.top), max(low, bottom))
                break
        else:
            lines.append([run])
            spans.append((run.top, bottom))
    out: list[Line] = []
    for group in lines:
        group.sort(key=lambda r: r.x0)
        text = group[0].text
        for before, run in itertools.pairwise(group):
            gap = run.x0 - before.x1
            text += (" " if gap > 3 * max(run.size, 1.0) else "") + run.text
        top = min(r.top for r in group)
        out.append(Line(top, group[0].x0, max(r.x1 for r in group), max(r.size for r in group), text))
    return out


def _text_page(index: int, lines: list[Line]) -> Page:
    page = Page(index + 1)
    for _, text in paragraphs(lines):
        page.blocks.append(Paragraph(text, Origin(page=index + 1)))
    return page


def _ruled_pages(
    data: bytes, texts: list[list[Line]], started: float
) -> Iterator[tuple[int, Page]]:
    """Pages read for ruled tables: those that speak of performance goals, and
    the page after such a page that ended with a table (it may go on there)."""
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            goes_on = False
            for index, lines in enumerate(texts):
                speaks = any(_TABLE_PAGE.search(line.text) for line in lines)
                if not goes_on and not speaks:
                    continue
                if time.monotonic() - started > TIME_BUDGET_SECONDS:
                    raise _too_slow()
                page = pdf.pages[index]
                try:
                    result = _read_ruled_page(page, index + 1)
                finally:
                    page.close()
                goes_on = speaks and bool(result.blocks) and isinstance(result.blocks[-1], Table)
                yield index, result
    except UnreadableFileError:
        raise
    except RecursionError as exc:
        raise _damaged() from exc
    except Exception as exc:  # pdfminer raises many kinds on a damaged file
        if "password" in type(exc).__name__.lower() or "encrypt" in str(exc).lower():
            raise _encrypted() from exc
        raise _damaged() from exc


def _read_ruled_page(page: Any, number: int) -> Page:
    found = page.find_tables()
    placed_tables: list[tuple[float, Table, list[float]]] = []
    boxes: list[tuple[float, float, float, float]] = []
    for k, table in enumerate(found):
        cells = [box for row in table.rows for box in row.cells if box is not None]
        texts = _cell_texts(page, cells)
        built = table_from_boxes(list(zip(cells, texts, strict=True)), number, k)
        if built is None:
            continue
        placed_tables.append((table.bbox[1], built[0], built[1]))
        boxes.append(table.bbox)

    def outside(obj: dict[str, Any]) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    text_page = page.filter(outside) if boxes else page
    printed = [
        Line(line["top"], line["x0"], line["x1"], line["bottom"] - line["top"], line["text"].strip())
        for line in text_page.extract_text_lines(return_chars=False)
        if line["text"].strip()
    ]
    lines = [(top, Paragraph(text, Origin(page=number))) for top, text in paragraphs(printed)]
    result = Page(number)
    ordered: list[tuple[float, int, Block, list[float] | None]] = [
        (top, 1, table, edges) for top, table, edges in placed_tables
    ]
    ordered += [(top, 0, para, None) for top, para in lines]
    ordered.sort(key=lambda item: (item[0], item[1]))
    for _, _, block, edges in ordered:
        if edges is not None:
            result.edges[len(result.blocks)] = edges
        result.blocks.append(block)
    return result


def _cell_texts(page: Any, cells: list[Box]) -> list[str]:
    """Each cell's text from the page's characters, each character in the cell
    its middle falls in; a horizontal band of the table is searched, not every cell."""
    edges = sorted({y for box in cells for y in (box[1], box[3])})
    bands: list[list[int]] = [[] for _ in edges]
    for i, box in enumerate(cells):
        for band in range(bisect.bisect_left(edges, box[1]), bisect.bisect_left(edges, box[3])):
            bands[band].append(i)
    owned: list[list[tuple[float, float, float, float, str]]] = [[] for _ in cells]
    for char in page.chars:
        if not char.get("upright", True) or not char["text"].strip():
            continue
        x = (char["x0"] + char["x1"]) / 2
        y = (char["top"] + char["bottom"]) / 2
        band = bisect.bisect_right(edges, y) - 1
        if band < 0 or band >= len(bands):
            continue
        for i in bands[band]:
            box = cells[i]
            if box[0] <= x <= box[2] and box[1] <= y <= box[3]:
                owned[i].append((char["x0"], char["top"], char["x1"], char["bottom"], char["text"]))
                break
    return [cell_text(chars_to_lines(chars)) for chars in owned]


def _check_streams(data: bytes) -> None:
    """Inflate every Flate stream once in bounded chunks; refuse a bomb."""
    total = 0
    for match in _STREAM.finditer(data):
        inflater = zlib.decompressobj()
        start = match.end()
        size = 0
        position = start
        while position < len(data):
            chunk = data[position : position + 65536]
            position += len(chunk)
            try:
                out = inflater.decompress(chunk, MAX_STREAM_BYTES + 1 - size)
                size += len(out)
                while inflater.unconsumed_tail and size <= MAX_STREAM_BYTES:
                    out = inflater.decompress(inflater.unconsumed_tail, MAX_STREAM_BYTES + 1 - size)
                    size += len(out)
                    if not out:
                        break
            except zlib.error:
                break
            if size > MAX_STREAM_BYTES or inflater.eof:
                break
        total += size
        if size > MAX_STREAM_BYTES or total > MAX_INFLATED_BYTES:
            raise _bomb()


def _encrypted() -> UnreadableFileError:
    return UnreadableFileError(
        "encrypted-pdf",
        "这个 PDF 文件设置了打开密码（已加密），无法读取。请提交未加密的 PDF，或 Word 原文件（.docx）。",
        "This PDF is password-protected (encrypted) and cannot be read. Submit an unencrypted "
        "PDF or the Word original (.docx).",
    )


def _scanned() -> UnreadableFileError:
    return UnreadableFileError(
        "scanned-pdf",
        "这个 PDF 是扫描件（每页都是图片，没有文字层），无法读取其中的表格。"
        "请提交 Word 原文件（.docx），或由 Word、WPS 直接“导出为 PDF”的文件，不要打印后再扫描。",
        "This PDF is a scan (every page is an image with no text layer), so its tables cannot be "
        "read. Submit the Word original (.docx), or a PDF exported directly from Word or WPS "
        "rather than printed and scanned.",
    )


def _no_text() -> UnreadableFileError:
    return UnreadableFileError(
        "empty-pdf",
        "这个 PDF 没有任何文字（页面为空白或只有图形），无法读取其中的表格。请提交 Word 原文件（.docx），或由 Word、WPS 直接导出的 PDF。",
        "This PDF holds no text at all (blank pages or drawings only), so no table can be read. "
        "Submit the Word original (.docx) or a PDF exported directly from Word or WPS.",
    )


def _damaged() -> UnreadableFileError:
    return UnreadableFileError(
        "damaged-pdf",
        "这个 PDF 文件已损坏或结构异常，无法读取。请重新导出或重新下载后再检查，或提交 Word 原文件（.docx）。",
        "This PDF is damaged or malformed and cannot be read. Export or download it again, or "
        "submit the Word original (.docx).",
    )


def _too_many_pages(count: int) -> UnreadableFileError:
    return UnreadableFileError(
        "too-large",
        f"这个 PDF 有 {count} 页，远超正常绩效目标表，已跳过。请只提交绩效目标表所在的部分。",
        f"This PDF has {count} pages, far more than any filing, and was skipped. Submit only the "
        "part that holds the performance-goal tables.",
    )


def _too_dense(page: int) -> UnreadableFileError:
    return UnreadableFileError(
        "too-large",
        f"这个 PDF 第 {page} 页的文字量异常巨大，不像绩效目标表，已跳过。请确认是否放错了文件。",
        f"Page {page} of this PDF holds an abnormal amount of text, unlike any filing, and was "
        "skipped. Check that it is the right file.",
    )


def _too_slow() -> UnreadableFileError:
    return UnreadableFileError(
        "too-large",
        "这个 PDF 的表格过多或结构过于复杂，读取超时，已跳过。请只提交绩效目标表所在的页面。",
        "Reading this PDF's tables took too long, and it was skipped. Submit only the pages "
        "that hold the performance-goal tables.",
    )


def _bomb() -> UnreadableFileError:
    return UnreadableFileError(
        "too-large",
        "这个 PDF 内部的压缩数据解压后异常巨大（疑似“压缩炸弹”），已拒绝读取。请确认文件来源，或提交 Word 原文件（.docx）。",
        "This PDF holds compressed data that inflates to an abnormal size (a decompression "
        "bomb) and was refused. Check where it came from, or submit the Word original (.docx).",
    )
