"""The HTML report in a real headless Chromium, at 1,280×800, over a reviewer's
batch of 156 filings and more than 10,000 findings: the overview, the filters
a click sets, the rule explanation panel, the filing view's marked cells,
hostile text shown as text, no sideways scrolling, and speed."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from perfgoals.report import html as html_report
from perfgoals.rules.registry import all_rules
from perfgoals.runner import RunResult
from perfgoals.settings import Settings

from .reviewer_run import SEALED, reviewer_run
from .test_exports import HOSTILE, sample_run

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars",
)
WIDTH, HEIGHT = 1280, 800


def _chromium() -> tuple[str, str] | None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
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
    options.add_argument(f"--window-size={WIDTH},{HEIGHT}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=found[1]))
    driver.set_window_size(WIDTH, HEIGHT)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    return reviewer_run(tmp_path_factory.mktemp("batch"))


@pytest.fixture(scope="module")
def batch_page(batch: RunResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    page = tmp_path_factory.mktemp("page") / "report.html"
    page.write_text(html_report.render(batch, Settings()), encoding="utf-8")
    return page


def by(what: str) -> Any:
    from selenium.webdriver.common.by import By

    return getattr(By, what)


def load(driver: Any, page: Path) -> float:
    driver.get("about:blank")
    started = time.perf_counter()
    driver.get(page.as_uri())
    return time.perf_counter() - started


def visible_rows(driver: Any) -> list[dict[str, str]]:
    return driver.execute_script(  # type: ignore[no-any-return]
        "return Array.prototype.filter.call(document.querySelectorAll('#findings tbody tr'),"
        " function (r) { return !r.hidden; }).map(function (r) { return {"
        " rule: r.dataset.rule, file: r.dataset.file, department: r.dataset.department,"
        " severity: r.dataset.severity }; });"
    )


def matched(driver: Any) -> tuple[int, int]:
    text = driver.find_element(by("ID"), "count").text
    shown, total = (int(part.split()[-1]) for part in text.replace("条问题", "").split("/"))
    return shown, total


def click(driver: Any, element: Any) -> None:
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    element.click()


# --- overview ------------------------------------------------------------------


def test_overview_ranks_files_by_errors_with_real_departments(
    browser: Any, batch: RunResult, batch_page: Path
) -> None:
    seconds = load(browser, batch_page)
    assert seconds < 10, seconds  # 10,000 findings: the first page is drawn, not all of them
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    total = sum(len(r.findings) for r in batch.files)
    assert total > 10_000 and len(batch.files) >= 100
    assert matched(browser) == (total, total)

    rows = browser.find_elements(by("CSS_SELECTOR"), "#files tbody tr")
    assert len(rows) == len(batch.files)
    errors = [int(row.find_elements(by("TAG_NAME"), "td")[3].get_attribute("textContent"))
              for row in rows]
    assert errors == sorted(errors, reverse=True) and errors[0] > 0
    departments = {row.get_attribute("data-department") for row in rows}
    assert not any("盖章" in d for d in departments) and len(departments) > 30
    sealed = next(row for row in rows if row.get_attribute("data-file") == SEALED)
    # Its unit reads (盖章): the department comes from its tables' headers.
    assert sealed.get_attribute("data-department") == "定州市人民政府办公室"

    bars = browser.find_elements(by("CSS_SELECTOR"), "#rule-chart .bar")
    counts = [int(bar.find_element(by("CLASS_NAME"), "bar-n").get_attribute("textContent"))
              for bar in bars]
    assert counts == sorted(counts, reverse=True)
    assert len(bars) == len({f.rule for r in batch.files for f in r.findings})
    first = bars[0].find_element(by("CLASS_NAME"), "bar-label").get_attribute("textContent")
    assert first == "PG401 指标值抄了指标描述"
    assert bars[0].get_attribute("title") == all_rules()["PG401"].zh.what  # hover explanation
    assert len(browser.find_elements(by("CSS_SELECTOR"), "#department-chart .bar")) == len(departments)
    # The overview is what the page opens on: files, rules and departments above the fold.
    for selector in ("#files", "#rule-chart", "#department-chart"):
        top = browser.execute_script(
            f"return document.querySelector('{selector}').getBoundingClientRect().top")
        assert top < HEIGHT, selector


def test_message_and_fix_fit_the_width_without_sideways_scrolling(
    browser: Any, batch_page: Path
) -> None:
    load(browser, batch_page)
    assert browser.execute_script("return document.documentElement.scrollWidth") <= WIDTH
    row = browser.find_element(by("CSS_SELECTOR"), "#findings tbody tr")
    for css in (".msg", ".fix"):
        right = browser.execute_script(
            "return arguments[0].querySelector(arguments[1]).getBoundingClientRect().right", row, css)
        assert 0 < right <= WIDTH, css


# --- filters ---------------------------------------------------------------------


def test_a_click_on_a_file_rule_or_department_filters_the_list(
    browser: Any, batch: RunResult, batch_page: Path
) -> None:
    load(browser, batch_page)
    total = sum(len(r.findings) for r in batch.files)

    target = next(r for r in batch.files if r.findings and not r.path.startswith("定州/"))
    button = browser.find_element(
        by("CSS_SELECTOR"), f'#files button[data-filter="file"][data-value="{target.path}"]')
    click(browser, button)
    rows = visible_rows(browser)
    assert {row["file"] for row in rows} == {target.path}
    assert len(rows) == len(target.findings) and matched(browser) == (len(rows), total)
    click(browser, button)  # a second click clears the filter
    assert matched(browser) == (total, total)

    bar = browser.find_element(by("CSS_SELECTOR"), '#rule-chart .bar[data-value="PG302"]')
    click(browser, bar)
    rows = visible_rows(browser)
    expected = sum(1 for r in batch.files for f in r.findings if f.rule == "PG302")
    assert {row["rule"] for row in rows} == {"PG302"} and len(rows) == expected
    assert bar.get_attribute("aria-pressed") == "true"
    panel = browser.find_element(by("ID"), "explain")
    assert panel.is_displayed() and "PG302 支出计划未到100%" in panel.text
    browser.find_element(by("ID"), "explain-close").click()
    assert not panel.is_displayed()

    unit = next(r.unit_name for r in batch.files if r.unit_name and r.findings
                and not r.path.startswith("定州/") and all(f.rule != "PG302" for f in r.findings)
                and all(f.rule != "PG302" for o in batch.files if o.unit_name == r.unit_name
                        for f in o.findings))
    department = browser.find_element(
        by("CSS_SELECTOR"), f'#department-chart .bar[data-value="{unit}"]')
    click(browser, department)
    rows = visible_rows(browser)
    # Rule and department together: PG302 findings of that department (none).
    assert rows == []
    click(browser, bar)  # rule filter off
    rows = visible_rows(browser)
    assert rows and {row["department"] for row in rows} == {unit}
    assert len(rows) == sum(len(r.findings) for r in batch.files if r.unit_name == unit)

    browser.find_element(by("ID"), "f-clear").click()
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element(by("ID"), "f-severity")).select_by_value("error")
    rows = visible_rows(browser)
    errors = sum(1 for r in batch.files for f in r.findings if f.severity == "error")
    assert {row["severity"] for row in rows} == {"error"} and len(rows) == errors
    started = time.perf_counter()
    search = browser.find_element(by("ID"), "f-search")
    search.send_keys("满意")
    assert time.perf_counter() - started < 3
    assert all(row["severity"] == "error" for row in visible_rows(browser))


def test_long_lists_are_drawn_a_page_at_a_time(browser: Any, batch_page: Path) -> None:
    load(browser, batch_page)
    first = len(visible_rows(browser))
    assert first == html_report.PAGE
    more = browser.find_element(by("ID"), "more")
    click(browser, more)
    assert len(visible_rows(browser)) == first + 5 * html_report.PAGE
    # Errors come first: no warning before the last error.
    severities = [row["severity"] for row in visible_rows(browser)]
    assert "warning" not in severities[: severities.count("error")]


# --- explanations and the filing view -------------------------------------------------


def test_rule_explanation_panel(browser: Any, batch_page: Path) -> None:
    load(browser, batch_page)
    button = browser.find_element(by("CSS_SELECTOR"), '#findings .rule-info[data-rule="PG405"]')
    from selenium.webdriver.common.action_chains import ActionChains

    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    ActionChains(browser).move_to_element(button).perform()
    doc = all_rules()["PG405"].zh
    assert button.get_attribute("title") == f"目标值不合理：{doc.what}\n修改建议：{doc.fix}"
    click(browser, button)
    panel = browser.find_element(by("ID"), "explain")
    assert panel.is_displayed()
    texts = [dd.text for dd in panel.find_elements(by("TAG_NAME"), "dd")]
    assert doc.what in texts and doc.fix in texts and doc.why in texts
    assert panel.find_element(by("ID"), "explain-title").text == "PG405 目标值不合理"
    assert panel.rect["x"] + panel.rect["width"] <= WIDTH


def test_filing_view_marks_the_cells_at_fault(browser: Any, batch: RunResult,
                                              batch_page: Path) -> None:
    load(browser, batch_page)
    # PG405 on the sample: 表 8, indicator row 3, the 指标值 cell.
    sample = next(r for r in batch.files if r.path == "定州/政府办-第1份.txt")
    finding = next(f for f in sample.findings if f.rule == "PG405")
    row = browser.find_element(
        by("CSS_SELECTOR"),
        f'#findings tr[data-rule="PG405"][data-file="{sample.path}"]')
    click(browser, row.find_element(by("CLASS_NAME"), "open-filing"))
    assert browser.find_element(by("ID"), "filing").is_displayed()
    assert not browser.find_element(by("ID"), "main").is_displayed()
    loc = finding.location
    article = browser.find_element(by("ID"), f"t-{batch.files.index(sample)}-{loc.part}-{loc.table}")
    assert article.find_element(by("TAG_NAME"), "h3").text.startswith("8、古城办办公经费")
    cell = article.find_element(
        by("CSS_SELECTOR"), f'tr[data-irow="{loc.indicator_row}"] td[data-col="{loc.field}"]')
    assert "fault" in cell.get_attribute("class").split()
    assert "≥0服务对象满意" in cell.text
    # Every finding of the table is listed beside it, and each marks a cell.
    in_table = [f for f in sample.findings
                if (f.location.part, f.location.table) == (loc.part, loc.table)]
    side = article.find_elements(by("CSS_SELECTOR"), ".side li")
    assert len(side) == len(in_table)
    marks = article.find_elements(by("CSS_SELECTOR"), ".sheet-box .mark")
    assert len(marks) >= len(in_table) - 1  # a finding about the whole table marks the title
    faults = article.find_elements(by("CSS_SELECTOR"), ".sheet-box .fault")
    assert faults and all(cell.find_elements(by("CLASS_NAME"), "mark") for cell in faults)
    clean = article.find_elements(by("CSS_SELECTOR"), 'tr[data-irow="1"] td[data-col="一级指标"]')
    assert clean and "fault" not in (clean[0].get_attribute("class") or "")
    # A head field: the 资金支出计划 of the table with PG302.
    browser.find_element(by("ID"), "filing-back").click()
    assert browser.find_element(by("ID"), "main").is_displayed()
    pg302 = next(f for f in sample.findings if f.rule == "PG302")
    row = browser.find_element(
        by("CSS_SELECTOR"), f'#findings tr[data-rule="PG302"][data-file="{sample.path}"]')
    click(browser, row.find_element(by("CLASS_NAME"), "open-filing"))
    loc = pg302.location
    article = browser.find_element(by("ID"), f"t-{batch.files.index(sample)}-{loc.part}-{loc.table}")
    plan = article.find_element(by("CSS_SELECTOR"), 'td[data-field="资金支出计划"]')
    assert "fault-error" in plan.get_attribute("class").split()
    assert "6月底 50" in plan.text
    assert browser.execute_script("return document.documentElement.scrollWidth") <= WIDTH


# --- hostile text -----------------------------------------------------------------------


def test_hostile_text_shows_as_text(browser: Any, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(html_report.render(sample_run(), Settings()), encoding="utf-8")
    load(browser, page)
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    # No script from the filing ran: the page's own five scripts only.
    assert browser.execute_script("return document.scripts.length") == 5
    row = browser.find_element(by("CSS_SELECTOR"), '#findings tr[data-rule="PG301"]')
    assert HOSTILE in row.text
    click(browser, row.find_element(by("CLASS_NAME"), "open-filing"))
    article = browser.find_element(by("CSS_SELECTOR"), "#filing-body article")
    name = article.find_element(by("CSS_SELECTOR"), 'td[data-field="项目名称"]')
    assert name.text == HOSTILE
    assert browser.execute_script("return document.querySelectorAll('#filing script').length") == 0
    options = [
        o.get_attribute("textContent")
        for o in browser.find_elements(by("CSS_SELECTOR"), "#f-department option")
    ]
    assert f"卫健委{HOSTILE}@FINDINGS@" in options and "(盖章)" not in options


def test_english_page(browser: Any, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(html_report.render(sample_run(), Settings(lang="en")), encoding="utf-8")
    load(browser, page)
    assert browser.find_element(by("TAG_NAME"), "h1").text == "Performance-goal filing check report"
    assert "5 of 5 findings match" in browser.find_element(by("ID"), "count").text
