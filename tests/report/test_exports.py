"""Reviewer exports: CSV (Excel-ready), XLSX (read back with openpyxl) and the
offline HTML page (escaping, and in a real headless Chromium: no console
error, filters, hostile text shown as text)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from perfgoals.findings import FileResult
from perfgoals.report import csv as csv_report
from perfgoals.report import html as html_report
from perfgoals.report import xlsx as xlsx_report
from perfgoals.runner import RunResult
from perfgoals.settings import Settings

from .helpers import file_result, finding

HOSTILE = "<script>alert(1)</script>"


def sample_run() -> RunResult:
    """Three files: two departments, three rules, a hostile project name and
    department, a formula-looking name, and an unreadable file."""
    education = file_result(
        "县教育局/绩效目标表.docx",
        finding("PG201", path="县教育局/绩效目标表.docx"),
        finding(
            "PG301",
            message="资金支出计划在“6月底”回落",
            path="县教育局/绩效目标表.docx",
            table=7,
            project_code="434-0101-JBN-B2CD",
            project_name=HOSTILE,
            field="资金支出计划",
            line=412,
        ),
        tables=28,
    )
    education.unit_name = "定州市教育局"
    education.unit_code = "434001"
    health = file_result(
        "health/plan.txt",
        finding(
            "PG405",
            message="满意度指标值“≥0%”没有约束力",
            severity="warning",
            path="health/plan.txt",
            project_name="=HYPERLINK(\"http://example.invalid\")",
            indicator_row=6,
        ),
        tables=12,
    )
    health.unit_name = f"卫健委{HOSTILE}@FINDINGS@"
    broken = file_result(
        "broken.docx",
        finding("PG001", message="文件不是有效的 .docx", path="broken.docx", part=None,
                table=None, project_code=None, project_name=None, field=None),
        status="unreadable",
        tables=0,
    )
    return RunResult(files=[broken, education, health], elapsed=1.5)


def all_findings(run: RunResult) -> list[tuple[FileResult, str]]:
    return [(r, f.rule) for r in run.files for f in r.findings]


# --- CSV -------------------------------------------------------------------


def test_csv_has_a_bom_one_row_per_finding_and_no_live_formulas() -> None:
    run = sample_run()
    data = csv_report.render(run, Settings())
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["文件", "部门", "部分"]
    assert len(rows) == 1 + len(all_findings(run))
    by_rule = {row[6]: row for row in rows[1:]}
    assert by_rule["PG301"][5] == HOSTILE  # CSV keeps text exactly
    assert by_rule["PG301"][1] == "定州市教育局"
    assert by_rule["PG301"][8] == "错误"
    assert by_rule["PG405"][5].startswith("'=HYPERLINK")  # never a formula in Excel
    assert by_rule["PG405"][10] == "6"


def test_csv_headers_follow_the_language() -> None:
    data = csv_report.render(sample_run(), Settings(lang="en"))
    header = data.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("file,department,part,table,project code,project name,rule")


# --- XLSX ------------------------------------------------------------------


def test_xlsx_reads_back_with_rows_filter_frozen_header_and_chinese(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    run = sample_run()
    target = tmp_path / "report.xlsx"
    target.write_bytes(xlsx_report.render(run, Settings()))
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["问题清单", "文件汇总", "规则汇总"]

    sheet = book["问题清单"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("文件", "部门", "部分", "表", "项目编码", "项目名称")
    assert len(rows) == 1 + len(all_findings(run))
    assert sheet.auto_filter.ref == f"A1:N{len(rows)}"
    assert sheet.freeze_panes == "A2"
    pg301 = next(row for row in rows if row[6] == "PG301")
    assert pg301[:6] == ("县教育局/绩效目标表.docx", "定州市教育局", 3, 7, "434-0101-JBN-B2CD", HOSTILE)
    assert pg301[8] == "错误" and pg301[11] == 412
    assert pg301[12] == "资金支出计划在“6月底”回落"
    pg405 = next(row for row in rows if row[6] == "PG405")
    assert pg405[5] == "=HYPERLINK(\"http://example.invalid\")"  # kept as text
    assert sheet.cell(row=rows.index(pg405) + 1, column=6).data_type == "s"
    assert pg405[10] == 6
    assert sheet.column_dimensions["M"].width >= 20  # the message column is readable

    files = list(book["文件汇总"].iter_rows(values_only=True))
    assert files[0][:4] == ("文件", "部门", "单位编码", "状态")
    assert [row[0] for row in files[1:]] == [r.path for r in run.files]
    assert files[1][3] == "无法读取" and files[2][4:] == (28, 2, 0, 0, 2)
    assert book["文件汇总"].auto_filter.ref and book["文件汇总"].freeze_panes == "A2"

    rules = list(book["规则汇总"].iter_rows(values_only=True))
    assert {row[0]: row[3] for row in rules[1:]} == {"PG001": 1, "PG201": 1, "PG301": 1,
                                                     "PG405": 1}


def test_xlsx_is_reproducible_and_empty_runs_work(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    run = sample_run()
    assert xlsx_report.render(run, Settings()) == xlsx_report.render(run, Settings())
    target = tmp_path / "empty.xlsx"
    target.write_bytes(xlsx_report.render(RunResult(files=[]), Settings(lang="en")))
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Findings", "Files", "Rules"]
    assert next(book["Findings"].iter_rows(values_only=True))[0] == "file"


# --- HTML (static) -----------------------------------------------------------


def test_html_escapes_filing_text_and_embeds_safe_json() -> None:
    page = html_report.render(sample_run(), Settings())
    assert HOSTILE not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # The embedded JSON cannot close its element, and still parses back.
    blob = re.search(
        r'<script type="application/json" id="perfgoals-summary">(.*?)</script>', page, re.S
    )
    assert blob is not None and "<" not in blob.group(1)
    data = json.loads(blob.group(1))
    assert data["files"][2]["unit_name"] == f"卫健委{HOSTILE}@FINDINGS@"
    assert (data["summary"]["files"], data["summary"]["tables"]) == (3, 40)
    assert data["summary"]["unreadable"] == 1
    # A placeholder in a filing's text stays text (one-pass template).
    assert page.count('<table id="findings">') == 1
    assert "@FINDINGS@" in page


def test_html_loads_nothing_from_the_network() -> None:
    page = html_report.render(sample_run(), Settings())
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert "default-src 'none'" in page
    assert "<style>" in page and "<script>" in page


# --- HTML in a real browser ---------------------------------------------------

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)


def _chromium() -> tuple[str, str] | None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    found = _chromium()
    if found is None:
        pytest.skip("chromium and chromedriver are not installed")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = found[0]
    profile = tempfile.mkdtemp(prefix="perfgoals-chromium-")
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=found[1]))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _open(driver: object, tmp_path: Path, run: RunResult, lang: str = "zh") -> None:
    page = tmp_path / "report.html"
    page.write_text(html_report.render(run, Settings(lang=lang)), encoding="utf-8")
    driver.get(page.as_uri())  # type: ignore[attr-defined]


def _visible_rules(driver: object) -> list[str]:
    from selenium.webdriver.common.by import By

    rows = driver.find_elements(By.CSS_SELECTOR, "#findings tbody tr")  # type: ignore[attr-defined]
    return [row.get_attribute("data-rule") for row in rows if row.is_displayed()]


def test_page_loads_without_console_errors_and_filters(browser: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver = browser
    _open(driver, tmp_path, sample_run())
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]  # type: ignore[attr-defined]
    assert errors == []
    assert sorted(_visible_rules(driver)) == ["PG001", "PG201", "PG301", "PG405"]
    count = driver.find_element(By.ID, "count").text  # type: ignore[attr-defined]
    assert "4 / 4" in count

    Select(driver.find_element(By.ID, "f-rule")).select_by_value("PG301")  # type: ignore[attr-defined]
    assert _visible_rules(driver) == ["PG301"]
    assert "1 / 4" in driver.find_element(By.ID, "count").text  # type: ignore[attr-defined]
    Select(driver.find_element(By.ID, "f-rule")).select_by_value("")  # type: ignore[attr-defined]

    Select(driver.find_element(By.ID, "f-department")).select_by_value("定州市教育局")  # type: ignore[attr-defined]
    assert sorted(_visible_rules(driver)) == ["PG201", "PG301"]
    files = driver.find_elements(By.CSS_SELECTOR, "#files tbody tr")  # type: ignore[attr-defined]
    assert [row.get_attribute("data-file") for row in files if row.is_displayed()] == [
        "县教育局/绩效目标表.docx"
    ]
    Select(driver.find_element(By.ID, "f-department")).select_by_value("")  # type: ignore[attr-defined]

    Select(driver.find_element(By.ID, "f-severity")).select_by_value("warning")  # type: ignore[attr-defined]
    assert _visible_rules(driver) == ["PG405"]
    Select(driver.find_element(By.ID, "f-severity")).select_by_value("")  # type: ignore[attr-defined]

    search = driver.find_element(By.ID, "f-search")  # type: ignore[attr-defined]
    search.send_keys("满意度")
    assert _visible_rules(driver) == ["PG405"]
    search.clear()
    search.send_keys(" ")  # an input event with an empty needle shows all again
    assert len(_visible_rules(driver)) == 4


def test_hostile_project_name_shows_as_text(browser: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    _open(driver, tmp_path, sample_run())
    # No script from the filing ran: no alert is open, and the text is there verbatim.
    assert driver.execute_script("return document.scripts.length") == 2  # type: ignore[attr-defined]
    row = driver.find_element(By.CSS_SELECTOR, '#findings tr[data-rule="PG301"]')  # type: ignore[attr-defined]
    assert HOSTILE in [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
    option_texts = [
        o.get_attribute("textContent")
        for o in driver.find_elements(By.CSS_SELECTOR, "#f-department option")  # type: ignore[attr-defined]
    ]
    assert f"卫健委{HOSTILE}@FINDINGS@" in option_texts


def test_columns_sort_by_number_and_back(browser: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    _open(driver, tmp_path, sample_run(), lang="en")
    headers = driver.find_elements(By.CSS_SELECTOR, "#findings thead th")  # type: ignore[attr-defined]
    table_header = next(h for h in headers if h.text.strip().startswith("table"))
    table_header.click()
    assert table_header.get_attribute("aria-sort") == "ascending"
    assert _visible_rules(driver) == ["PG001", "PG201", "PG405", "PG301"]
    table_header.click()
    assert table_header.get_attribute("aria-sort") == "descending"
    assert _visible_rules(driver)[0] == "PG301"


# --- end to end ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "html"])
def test_exports_end_to_end(fmt: str, fixture_folder: Path, tmp_path: Path) -> None:
    target = tmp_path / f"report.{fmt}"
    result = subprocess.run(
        [sys.executable, "-m", "perfgoals", "check", ".", "--jobs", "2", "--no-cache",
         "--format", fmt, "--output", str(target)],
        capture_output=True, text=True, cwd=fixture_folder, timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert "共检查" in result.stderr  # the closing summary goes to stderr
    data = target.read_bytes()
    assert {"csv": b"\xef\xbb\xbf", "xlsx": b"PK\x03\x04", "html": b"<!DOCTYPE html>"}[fmt] == (
        data[: 15 if fmt == "html" else 4 if fmt == "xlsx" else 3]
    )
    missing = subprocess.run(
        [sys.executable, "-m", "perfgoals", "check", ".", "--format", fmt],
        capture_output=True, text=True, cwd=fixture_folder, timeout=120,
    )
    assert missing.returncode == 2 and "--output" in missing.stderr
