"""Each new reader on its own: web pages (rowspan/colspan, layout tables,
boilerplate, charsets, .mht), PDF (scans, passwords), workbooks (many sheets,
merges), and start-up staying light."""

from __future__ import annotations

import email.mime.multipart
import email.mime.text
import subprocess
import sys
from pathlib import Path

import pytest

from perfgoals.engine import check_path
from perfgoals.errors import UnreadableFileError
from perfgoals.read import SUPPORTED_SUFFIXES, read_bytes, read_path
from perfgoals.read.grid import Paragraph, Table
from perfgoals.read.html import decode_html
from perfgoals.read.pages import Line, cell_text, join_lines
from perfgoals.settings import Settings

FIXTURES = Path(__file__).resolve().parent / "fixtures"

PAGE = """<html><head><meta charset="{charset}"><title>部门预算</title>
<script>var x = "<table><tr><td>脚本里的表</td></tr></table>";</script></head>
<body><div id="nav"><a href="/">首页</a><a href="/zwgk">政务公开</a></div>
<table class="layout"><tr><td>
<p>项目支出绩效目标表</p>
<table border="1">
<tr><td colspan="2">项目名称</td><td colspan="2">城区绿化养护</td></tr>
<tr><td rowspan="3">产出指标</td><td>数量指标</td><td>养护面积</td><td>≥120万平方米</td></tr>
<tr><td rowspan="2">质量指标</td><td>成活率</td><td>≥95%</td></tr>
<tr><td>达标率<br>（抽查）</td><td>100%</td></tr>
</table>
</td><td class="sidebar"><table><tr><td>相关链接</td></tr></table></td></tr></table>
<div class="footer">版权所有：某县人民政府</div></body></html>"""


def _page(charset: str = "utf-8") -> str:
    return PAGE.format(charset=charset)


def test_html_rowspan_colspan_and_layout() -> None:
    grid = read_bytes(_page().encode("utf-8"), "page.html")
    assert grid.source_format == "html"
    (table,) = grid.tables()
    rows = [[(c.text, c.col, c.span, c.merged_above) for c in row.cells] for row in table.rows]
    assert rows == [
        [("项目名称", 0, 2, False), ("城区绿化养护", 2, 2, False)],
        [("产出指标", 0, 1, False), ("数量指标", 1, 1, False), ("养护面积", 2, 1, False), ("≥120万平方米", 3, 1, False)],
        [("", 0, 1, True), ("质量指标", 1, 1, False), ("成活率", 2, 1, False), ("≥95%", 3, 1, False)],
        [("", 0, 1, True), ("", 1, 1, True), ("达标率\n（抽查）", 2, 1, False), ("100%", 3, 1, False)],
    ]
    texts = [b.text for b in grid.blocks if isinstance(b, Paragraph)]
    assert "项目支出绩效目标表" in texts
    everything = " ".join(texts) + " ".join(c.text for r in table.rows for c in r.cells)
    for boilerplate in ("首页", "版权所有", "相关链接", "脚本里的表", "部门预算"):
        assert boilerplate not in everything
    assert table.rows[1].cells[2].origin.table == 0 and table.rows[1].cells[2].origin.row == 1


@pytest.mark.parametrize(
    ("charset", "encoding"), [("gb2312", "gb18030"), ("GBK", "gb18030"), ("utf-8", "utf-8")]
)
def test_html_charset_from_meta(charset: str, encoding: str) -> None:
    data = _page(charset).encode("gb18030" if encoding == "gb18030" else "utf-8")
    grid = read_bytes(data, "page.htm")
    assert grid.encoding == encoding
    assert grid.tables()[0].rows[0].cells[1].text == "城区绿化养护"


def test_html_charset_from_bom_beats_a_wrong_meta() -> None:
    data = "\ufeff".encode("utf-16-le") + _page("gb2312").encode("utf-16-le")
    assert decode_html(data)[1] == "utf-16-le"
    assert read_bytes(data, "page.html").tables()[0].rows[0].cells[1].text == "城区绿化养护"


def test_html_that_says_utf8_but_is_gbk_is_still_read() -> None:
    text, encoding = decode_html(_page("utf-8").encode("gb18030"))
    assert encoding == "gb18030" and "城区绿化养护" in text


@pytest.mark.parametrize("transfer", ["quoted-printable", "base64"])
def test_mht_parts(transfer: str) -> None:
    message = email.mime.multipart.MIMEMultipart("related")
    part = email.mime.text.MIMEText(_page("gb2312"), "html", "gb2312")
    if transfer == "base64":
        assert part["Content-Transfer-Encoding"] == "base64"
    else:
        import quopri

        del part["Content-Transfer-Encoding"]
        part.set_payload(quopri.encodestring(_page("gb2312").encode("gb18030")).decode("ascii"))
        part["Content-Transfer-Encoding"] = "quoted-printable"
    message.attach(part)
    data = b"MIME-Version: 1.0\r\n" + message.as_bytes().replace(b"MIME-Version: 1.0\n", b"", 1)
    grid = read_bytes(data, "saved.mht")
    assert grid.source_format == "mht"
    assert grid.tables()[0].rows[0].cells[1].text == "城区绿化养护"


def test_mht_without_a_page_is_one_clear_error() -> None:
    message = email.mime.multipart.MIMEMultipart("related")
    message.attach(email.mime.text.MIMEText("只有文字", "plain", "utf-8"))
    data = b"MIME-Version: 1.0\r\n" + message.as_bytes()
    with pytest.raises(UnreadableFileError) as info:
        read_bytes(data, "saved.mht")
    assert info.value.reason == "damaged-mht" and "没有网页内容" in info.value.message_zh


def test_scanned_pdf_says_it_is_a_scan_and_what_to_send() -> None:
    result = check_path(FIXTURES / "scanned.pdf", "scanned.pdf", Settings())
    (finding,) = result.findings
    assert finding.rule == "PG001" and "扫描件" in finding.message and ".docx" in finding.message


def test_encrypted_pdf_says_why() -> None:
    with pytest.raises(UnreadableFileError) as info:
        read_path(FIXTURES / "encrypted.pdf")
    assert info.value.reason == "encrypted-pdf" and "密码" in info.value.message_zh


def test_text_pdf_is_read_and_its_pages_are_origins() -> None:
    grid = read_path(FIXTURES / "agriculture.pdf")
    assert grid.source_format == "pdf" and len(grid.tables()) == 3
    paragraphs = [b for b in grid.blocks if isinstance(b, Paragraph)]
    assert any(p.text == "1、高标准农田建设绩效目标表" and p.origin.page == 1 for p in paragraphs)


def test_budget_workbook_reads_only_the_filing_sheets() -> None:
    grid = read_path(FIXTURES / "budget-set.xls")
    words = " ".join(c.text for t in grid.tables() for r in t.rows for c in r.cells)
    words += " ".join(b.text for b in grid.blocks if isinstance(b, Paragraph))
    assert "高标准农田建设" in words
    assert "收入总计" not in words and "工资福利支出" not in words
    assert grid.notes == ["2 sheets without performance goals were not read"]
    result = check_path(FIXTURES / "budget-set.xls", "budget-set.xls", Settings())
    assert result.status == "ok" and "PG001" not in {f.rule for f in result.findings}


@pytest.mark.parametrize("name", ["agriculture.xls", "agriculture.ods", "agriculture-2003.xml"])
def test_spreadsheet_merges_are_kept(name: str) -> None:
    reference = read_path(FIXTURES / "agriculture.xlsx").tables()
    tables = read_path(FIXTURES / name).tables()

    def shape(table: Table) -> list[list[tuple[str, int, int, bool]]]:
        return [[(c.text, c.col, c.span, c.merged_above) for c in row.cells] for row in table.rows]

    assert [shape(t) for t in tables] == [shape(t) for t in reference]
    assert any(c.merged_above for t in tables for r in t.rows for c in r.cells)
    assert any(c.span > 1 for t in tables for r in t.rows for c in r.cells)


def test_folder_walks_pick_up_the_new_formats() -> None:
    assert {".pdf", ".html", ".htm", ".mht", ".mhtml", ".xls", ".ods"} <= SUPPORTED_SUFFIXES


def test_cell_lines_join_as_printed() -> None:
    # a full line wrapped; a short line ended a paragraph; a numbered item starts a line
    lines = [
        Line(0, 0, 100, 10, "用于在大尹村镇和同岳乡建设高标"),
        Line(12, 0, 60, 10, "准农田2万亩。"),
        Line(24, 0, 100, 10, "项目建成后移交村集体经济组织管"),
        Line(36, 0, 99, 10, "护。"),
    ]
    assert cell_text(lines) == "用于在大尹村镇和同岳乡建设高标准农田2万亩。\n项目建成后移交村集体经济组织管护。"
    assert join_lines("1、奖励资金到位\n2、服务对象满意") == "1、奖励资金到位\n2、服务对象满意"
    assert join_lines("1500.0\n0") == "1500.00"
    assert join_lines("Performance\ngoals") == "Performance goals"


def test_start_up_imports_no_reader_library() -> None:
    code = (
        "import sys, perfgoals.cli\n"
        "from perfgoals.pipeline import load_filing\n"
        "from pathlib import Path\n"
        f"load_filing(Path({str(FIXTURES / 'agriculture.txt')!r}))\n"
        "heavy = {'pdfplumber', 'pypdfium2', 'pdfminer', 'python_calamine', 'openpyxl', 'lxml', 'email'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
