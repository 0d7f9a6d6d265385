"""Reader speed per format on the same filing (tests/formats/fixtures: three
projects, 17 rows each, written by each format's producer): cells per second
for every reader beside the .docx reader, pages per second for PDF; and, on
a real 140-page budget-system PDF when the shared corpus is there, PDFium's
text (pypdfium2) against pdfplumber's text and pdfplumber's ruled tables.

    python bench/formats.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "formats" / "fixtures"
GUANGZHOU = ROOT.parent / "shared" / "corpus" / "real-files" / (
    "07-guangdong-guangzhou-shengtaihuanjing-xiangmujixiaomubiao-2026.pdf"
)

from perfgoals.read import read_bytes  # noqa: E402
from perfgoals.read.grid import Grid  # noqa: E402

FILES = [
    ("docx (Word)", "agriculture.docx"),
    ("xlsx (openpyxl)", "agriculture.xlsx"),
    ("xls (calamine)", "agriculture.xls"),
    ("ods (calamine)", "agriculture.ods"),
    ("Excel 2003 XML (lxml)", "agriculture-2003.xml"),
    ("HTML as .xls (lxml)", "agriculture-html.xls"),
    ("web page (lxml)", "budget-page.html"),
    ("pdf (pdfium + pdfplumber)", "agriculture.pdf"),
]


def cells(grid: Grid) -> int:
    return sum(len(row.cells) for table in grid.tables() for row in table.rows)


def timed(run: Callable[[], object], repeat: int) -> list[float]:
    run()  # warm: imports, caches
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return times


def spread(values: list[float]) -> str:
    values = sorted(values)
    low, high = values[len(values) // 4], values[(3 * len(values)) // 4]
    return f"{low:,.0f}–{high:,.0f}"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    print(f"{'reader':28} {'cells':>6} {'ms (median)':>12} {'cells/s (IQR)':>16} {'vs .docx':>9}")
    docx_rate = None
    for label, name in FILES:
        data = (FIXTURES / name).read_bytes()
        count = cells(read_bytes(data, name))
        times = timed(lambda data=data, name=name: read_bytes(data, name), args.repeat)
        rates = [count / t for t in times]
        rate = statistics.median(rates)
        docx_rate = docx_rate or rate
        print(f"{label:28} {count:>6} {statistics.median(times) * 1000:>12.1f} {spread(rates):>16} "
              f"{rate / docx_rate:>8.2f}×")
    pdf = (FIXTURES / "long-table.pdf").read_bytes()
    import pypdfium2 as pdfium

    pages = len(pdfium.PdfDocument(pdf))
    times = timed(lambda: read_bytes(pdf, "long.pdf"), args.repeat)
    print(f"\nPDF reader, long-table.pdf ({pages} pages): {spread([pages / t for t in times])} pages/s")
    if GUANGZHOU.exists():
        compare_pdf_libraries(GUANGZHOU.read_bytes(), max(1, args.repeat // 3))
    else:
        print(f"(the 140-page real PDF is not here: {GUANGZHOU})")
    return 0


def compare_pdf_libraries(data: bytes, repeat: int) -> None:
    import pdfplumber
    import pypdfium2 as pdfium

    def pdfium_text() -> None:
        document = pdfium.PdfDocument(data)
        for page in document:
            page.get_textpage().get_text_range()

    def plumber(pages: int, tables: bool) -> Callable[[], None]:
        def run() -> None:
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                for page in pdf.pages[:pages]:
                    page.find_tables() if tables else page.extract_text()
                    page.close()

        return run

    total = len(pdfium.PdfDocument(data))
    sample = 20
    print(f"\nReal budget-system PDF (Guangzhou, {total} pages, WPS 表格 export):")
    for label, run, pages in (
        ("pypdfium2 text, all pages", pdfium_text, total),
        (f"pdfplumber text, {sample} pages", plumber(sample, False), sample),
        (f"pdfplumber ruled tables, {sample} pages", plumber(sample, True), sample),
    ):
        times = timed(run, repeat)
        print(f"  {label:40} {spread([pages / t for t in times]):>12} pages/s")
    times = timed(lambda: read_bytes(data, "07.pdf"), 1)
    print(f"  {'perfgoals reader, whole file':40} {total / statistics.median(times):>12,.1f} pages/s")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
