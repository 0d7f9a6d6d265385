"""Write the format fixtures in tests/formats/fixtures/: one filing as each
format's real producer writes it.

    python scripts/make_format_fixtures.py [TARGET_FOLDER]

Needs LibreOffice (``soffice``: libreoffice-writer-nogui and
libreoffice-calc-nogui). What makes each file:

- ``agriculture.docx`` / ``.txt``: the project's generator (gen/), with two
  defects (funds that do not add up, a missing target); every row
  marked "do not break across pages", the first row a repeated header row.
- ``agriculture.pdf``, ``agriculture.html``: LibreOffice Writer from the .docx.
- ``agriculture.xlsx``: each Word table on its own sheet, the paragraphs above
  it as rows above it, merged cells as merged ranges (openpyxl).
- ``agriculture.xls``, ``agriculture.ods``, ``agriculture-html.xls`` (an HTML
  table saved under an .xls name, as web systems export it): LibreOffice Calc
  from the .xlsx.
- ``agriculture-2003.xml``: Excel 2003 XML (SpreadsheetML) as Excel writes it,
  from the .xlsx (LibreOffice 7.4's own export of it fails).
- ``long-table.pdf``: one project with 45 indicators, so that the table runs
  over three pages with its header row repeated and 一级指标 merged across
  the page breaks (LibreOffice Writer).
- ``budget-page.html`` (GB2312, layout tables, navigation, breadcrumbs and a
  footer around the tables LibreOffice wrote), ``budget-page.mht``
  (quoted-printable) and ``budget-page-base64.mht``: a published budget page
  and the same page saved by a browser.
- ``budget-set.xls``: a 部门预算公开 workbook, 收支总表 and 基本支出表 beside
  the 项目支出绩效目标表 (LibreOffice Calc).
- ``scanned.pdf``: the first page of agriculture.pdf as an image, no text
  (Pillow), and ``encrypted.pdf``: agriculture.pdf with an open password
  (LibreOffice's PDF export).
"""

from __future__ import annotations

import base64
import dataclasses
import email.generator
import email.mime.multipart
import email.mime.text
import io
import json
import quopri
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import openpyxl  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402

from perfgoals.read import read_bytes  # noqa: E402
from perfgoals.read.grid import Grid, Paragraph, Table  # noqa: E402

from gen.docx_writer import to_docx  # noqa: E402
from gen.filings import CLEAN_FILINGS  # noqa: E402
from gen.spec import FilingSpec, RenderOptions  # noqa: E402
from gen.text_writer import to_text  # noqa: E402

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def soffice(source: Path, target_format: str, folder: Path, extra: tuple[str, ...] = ()) -> Path:
    """Convert one file with LibreOffice, in a private profile; the new file's path."""
    command = shutil.which("soffice") or shutil.which("libreoffice")
    if command is None:
        raise SystemExit("LibreOffice (soffice) is needed: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [command, f"-env:UserInstallation=file://{profile}", "--headless", *extra,
             "--convert-to", target_format, "--outdir", str(folder), str(source)],
            check=True, capture_output=True, timeout=180,
        )
    suffix = "." + target_format.split(":", 1)[0]
    return folder / (source.stem + suffix)


def docx_bytes(spec: object, options: object) -> bytes:
    buffer = io.BytesIO()
    to_docx(spec, buffer, options)  # type: ignore[arg-type]
    return printable(buffer.getvalue())


def printable(data: bytes) -> bytes:
    """Rows kept whole on a page (as filers set them) and each table's first row
    repeated on every page it runs over."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    xml = re.sub(r"<w:tr>", "<w:tr><w:trPr><w:cantSplit/></w:trPr>", xml)
    xml = re.sub(r"<w:tr ([^>]*)>", r"<w:tr \1><w:trPr><w:cantSplit/></w:trPr>", xml)
    xml = re.sub(
        r"(<w:tbl>(?:(?!<w:tr[ >]).)*<w:tr[^>]*><w:trPr>)<w:cantSplit/>",
        r"\1<w:cantSplit/><w:tblHeader/>",
        xml,
        flags=re.S,
    )
    parts["word/document.xml"] = xml.encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def workbook_from_grid(grid: Grid, path: Path, extra_sheets: dict[str, list[list[str]]] | None = None) -> None:
    """Each table on its own sheet, the paragraphs before it as rows above it."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in (extra_sheets or {}).items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    pending: list[str] = []
    number = 0
    for block in grid.blocks:
        if isinstance(block, Paragraph):
            if block.text.strip():
                pending.append(block.text)
            continue
        number += 1
        sheet = book.create_sheet(f"项目{number}")
        for r, text in enumerate(pending, start=1):
            sheet.cell(row=r, column=1, value=text)
        _write_table(sheet, block, len(pending) + 1)
        pending = []
    book.save(path)


def _write_table(sheet: object, table: Table, first_row: int) -> None:
    for r, row in enumerate(table.rows):
        for cell in row.cells:
            if cell.merged_above:
                continue
            sheet.cell(row=first_row + r, column=cell.col + 1, value=cell.text)  # type: ignore[attr-defined]
            down = 0
            for below in table.rows[r + 1 :]:
                if any(c.merged_above and c.col == cell.col for c in below.cells):
                    down += 1
                else:
                    break
            if cell.span > 1 or down:
                start = f"{get_column_letter(cell.col + 1)}{first_row + r}"
                end = f"{get_column_letter(cell.col + cell.span)}{first_row + r + down}"
                sheet.merge_cells(f"{start}:{end}")  # type: ignore[attr-defined]


def spreadsheetml(xlsx: Path) -> bytes:
    """The workbook as Excel 2003 XML: one Worksheet per sheet, merges as
    ss:MergeAcross / ss:MergeDown, covered cells left out."""
    book = openpyxl.load_workbook(xlsx)
    out = [
        '<?xml version="1.0"?>',
        '<?mso-application progid="Excel.Sheet"?>',
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:html="http://www.w3.org/TR/REC-html40">',
        ' <DocumentProperties xmlns="urn:schemas-microsoft-com:office:office"><Author>财务科</Author></DocumentProperties>',
    ]
    for sheet in book.worksheets:
        starts = {}
        covered = set()
        for merged in sheet.merged_cells.ranges:
            starts[(merged.min_row, merged.min_col)] = (
                merged.max_col - merged.min_col, merged.max_row - merged.min_row
            )
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    if (r, c) != (merged.min_row, merged.min_col):
                        covered.add((r, c))
        out.append(f' <Worksheet ss:Name="{escape(sheet.title)}">')
        out.append("  <Table>")
        for r in range(1, sheet.max_row + 1):
            cells = []
            skipped = False
            for c in range(1, sheet.max_column + 1):
                if (r, c) in covered:
                    skipped = True
                    continue
                value = sheet.cell(row=r, column=c).value
                across, down = starts.get((r, c), (0, 0))
                if value is None and not across and not down:
                    skipped = True
                    continue
                attrs = f' ss:Index="{c}"' if skipped else ""
                skipped = False
                if across:
                    attrs += f' ss:MergeAcross="{across}"'
                if down:
                    attrs += f' ss:MergeDown="{down}"'
                text = "" if value is None else escape(str(value)).replace("\n", "&#10;")
                data = f'<Data ss:Type="String">{text}</Data>' if value is not None else ""
                cells.append(f"<Cell{attrs}>{data}</Cell>")
            out.append(f'   <Row ss:Index="{r}">' + "".join(cells) + "</Row>")
        out.append("  </Table>")
        out.append(" </Worksheet>")
    out.append("</Workbook>")
    return ("\n".join(out) + "\n").encode("utf-8")


PAGE = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>2024年饶阳县农业农村局部门预算公开_饶阳县人民政府</title>
<script type="text/javascript">var _hmt = _hmt || []; function doZoom(size) {{ document.getElementById('zoom').style.fontSize = size + 'px'; }}</script>
<style type="text/css">.nav li {{ float: left; }} .footer {{ clear: both; }}</style>
</head>
<body>
<div class="header"><img src="/images/logo.png" alt="饶阳县人民政府" /><div class="search"><form action="/search"><input type="text" name="q" /><button>搜索</button></form></div></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<table width="1000" border="0" cellspacing="0" cellpadding="0" align="center">
<tr><td class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 财政预决算</td></tr>
<tr><td>
  <table width="100%" border="0" cellspacing="0" cellpadding="0">
  <tr><td class="title"><h1>2024年饶阳县农业农村局部门预算公开</h1></td></tr>
  <tr><td class="info">发布时间：2024-02-06　来源：饶阳县农业农村局　<span class="fontsize">字号：<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a></span></td></tr>
  <tr><td id="zoom" class="content">
{body}
  </td></tr>
  <tr><td class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></td></tr>
  </table>
</td></tr>
</table>
<div class="footer"><p>主办：饶阳县人民政府办公室　地址：饶阳县城</p><p>冀ICP备05001234号　网站标识码：1311240001</p></div>
</body>
</html>
"""


def published_page(writer_html: Path) -> str:
    """The tables LibreOffice wrote, inside a county site's page."""
    text = writer_html.read_text(encoding="utf-8")
    body = text[text.index("<body") :]
    body = body[body.index(">") + 1 : body.rindex("</body>")]
    return PAGE.format(body=body)


def mht(html: str, transfer: str) -> bytes:
    """The page as a browser saves it: a multipart/related MIME message."""
    message = email.mime.multipart.MIMEMultipart("related", type="text/html")
    message["Subject"] = "2024年饶阳县农业农村局部门预算公开"
    message["Snapshot-Content-Location"] = "http://www.raoyang.gov.cn/zwgk/czyjs/2024/0206.html"
    payload = html.encode("utf-8")
    part = email.mime.text.MIMEText("", "html", "utf-8")
    del part["Content-Transfer-Encoding"]
    if transfer == "quoted-printable":
        part.set_payload(quopri.encodestring(payload).decode("ascii"))
    else:
        part.set_payload(base64.encodebytes(payload).decode("ascii"))
    part["Content-Transfer-Encoding"] = transfer
    part["Content-Location"] = "http://www.raoyang.gov.cn/zwgk/czyjs/2024/0206.html"
    message.attach(part)
    out = io.BytesIO()
    email.generator.BytesGenerator(out, mangle_from_=False).flatten(message)
    return b"MIME-Version: 1.0\r\n" + out.getvalue().replace(b"MIME-Version: 1.0\n", b"", 1)


def scanned(pdf: Path) -> bytes:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    image = document[0].render(scale=1.0).to_pil().convert("L")
    out = io.BytesIO()
    image.save(out, "PDF", resolution=72.0)
    return out.getvalue()


def with_defects(spec: FilingSpec, options: RenderOptions) -> tuple[FilingSpec, RenderOptions]:
    """The clean filing with defects a reviewer flags, so that every format's
    findings can be compared: funds that do not add up to the budget and an
    indicator without a target."""
    first = spec.tables[0]
    indicators = list(first.indicators)
    indicators[2] = dataclasses.replace(indicators[2], target="")
    first = dataclasses.replace(first, other_funds="350.00", indicators=tuple(indicators))
    return dataclasses.replace(spec, tables=(first, *spec.tables[1:])), options


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else ROOT / "tests" / "formats" / "fixtures"
    target.mkdir(parents=True, exist_ok=True)
    spec, options = with_defects(*CLEAN_FILINGS["agriculture"])
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        docx = target / "agriculture.docx"
        docx.write_bytes(docx_bytes(spec, options))
        (target / "agriculture.txt").write_text(to_text(spec), encoding="utf-8")
        shutil.copy(soffice(docx, "pdf", work), target / "agriculture.pdf")
        writer_html = soffice(docx, "html:HTML (StarWriter)", work)
        shutil.copy(writer_html, target / "agriculture.html")
        grid = read_bytes(docx.read_bytes())
        xlsx = target / "agriculture.xlsx"
        workbook_from_grid(grid, xlsx)
        for kind, name in (("xls", "agriculture.xls"), ("ods", "agriculture.ods")):
            shutil.copy(soffice(xlsx, kind, work), target / name)
        shutil.copy(soffice(xlsx, "html:HTML (StarCalc)", work), target / "agriculture-html.xls")
        (target / "agriculture-2003.xml").write_bytes(spreadsheetml(xlsx))

        first = spec.tables[0]
        many = tuple(
            dataclasses.replace(indicator, level3=f"{indicator.level3}{n + 1}")
            for n in range(5)
            for indicator in first.indicators
        )
        long_spec = dataclasses.replace(spec, tables=(dataclasses.replace(first, indicators=many),))
        long_docx = work / "long-table.docx"
        long_docx.write_bytes(docx_bytes(long_spec, options))
        shutil.copy(soffice(long_docx, "pdf", work), target / "long-table.pdf")
        (target / "long-table.txt").write_text(to_text(long_spec), encoding="utf-8")

        page = published_page(writer_html)
        (target / "budget-page.html").write_bytes(page.encode("gb18030"))
        utf8_page = page.replace("charset=gb2312", "charset=utf-8")
        (target / "budget-page.mht").write_bytes(mht(utf8_page, "quoted-printable"))
        (target / "budget-page-base64.mht").write_bytes(mht(utf8_page, "base64"))

        set_xlsx = work / "budget-set.xlsx"
        workbook_from_grid(
            grid,
            set_xlsx,
            {
                "收支总表": [
                    ["2024年部门收支总表"], ["单位：万元"],
                    ["收入", "预算数", "支出", "预算数"],
                    ["一般公共预算拨款收入", "2028.50", "农林水支出", "2028.50"],
                    ["收入总计", "2028.50", "支出总计", "2028.50"],
                ],
                "基本支出表": [
                    ["2024年一般公共预算基本支出表"],
                    ["科目编码", "科目名称", "合计"],
                    ["301", "工资福利支出", "312.40"],
                ],
            },
        )
        shutil.copy(soffice(set_xlsx, "xls", work), target / "budget-set.xls")

        (target / "scanned.pdf").write_bytes(scanned(target / "agriculture.pdf"))
        password = json.dumps(
            {
                "EncryptFile": {"type": "boolean", "value": "true"},
                "DocumentOpenPassword": {"type": "string", "value": "caiwu2024"},
            }
        )
        encrypted = soffice(docx, f"pdf:writer_pdf_Export:{password}", work / "locked")
        shutil.copy(encrypted, target / "encrypted.pdf")
    for path in sorted(target.iterdir()):
        print(f"{path.name:28} {path.stat().st_size:>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
