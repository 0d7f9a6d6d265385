"""Screenshots of the HTML report at 1,280×800 for the README, and the text
report as an 80-column terminal shows it.

    python scripts/report_screenshots.py        # write docs/report-*.png and docs/text-report.txt

The batch is the browser tests' one (tests/report/reviewer_run.py): 120
synthetic filings of 40 departments, each with one defect, and two copies of
the sample filing. Needs chromium and chromedriver (see .ci/run).
"""

from __future__ import annotations

import io
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
sys.path.insert(0, str(ROOT / "tests"))

from perfgoals.report import html as html_report  # noqa: E402
from perfgoals.report import text as text_report  # noqa: E402
from perfgoals.runner import collect_inputs, run  # noqa: E402
from perfgoals.settings import Settings  # noqa: E402
from report.reviewer_run import reviewer_run  # noqa: E402

WIDTH, HEIGHT = 1280, 800


def text_report_excerpt() -> str:
    """The sample's text report at 80 columns, as a terminal shows it."""
    import os

    previous = Path.cwd()
    os.chdir(ROOT)
    try:
        result = run(collect_inputs([Path("samples/dingzhou-2020.txt")]), Settings())
    finally:
        os.chdir(previous)
    result.elapsed = None
    stream = io.StringIO()
    text_report.render(result, stream, color=False, width=80)
    return stream.getvalue()


def main() -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    (DOCS / "text-report.txt").write_text(text_report_excerpt(), encoding="utf-8")
    work = Path(tempfile.mkdtemp(prefix="perfgoals-shots-"))
    batch = reviewer_run(work, sample_copies=2)
    page = work / "report.html"
    page.write_text(html_report.render(batch, Settings()), encoding="utf-8")

    options = webdriver.ChromeOptions()
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                 f"--window-size={WIDTH},{HEIGHT}", f"--user-data-dir={work / 'profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(
        options=options, service=Service(shutil.which("chromedriver") or "chromedriver")
    )
    try:
        driver.set_window_size(WIDTH, HEIGHT)
        driver.get(page.as_uri())
        driver.save_screenshot(str(DOCS / "report-overview.png"))

        bar = driver.find_element(By.CSS_SELECTOR, '#rule-chart .bar[data-value="PG405"]')
        bar.click()
        time.sleep(0.2)
        driver.save_screenshot(str(DOCS / "report-rule.png"))
        driver.find_element(By.ID, "explain-close").click()

        sample = batch.files.index(next(r for r in batch.files if r.path.startswith("定州/")))
        row = driver.find_element(
            By.CSS_SELECTOR, f'#findings tr[data-rule="PG405"][data-fi="{sample}"]')
        driver.execute_script(
            "arguments[0].querySelector('.open-filing').click()", row)
        time.sleep(0.2)
        driver.save_screenshot(str(DOCS / "report-filing.png"))
    finally:
        driver.quit()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
