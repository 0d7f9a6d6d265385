"""What the two commands a pre-commit hook runs most load: a check of one
text export needs neither the CLI framework nor the readers of other formats,
and --version needs nothing of the checker."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT, SAMPLE_TXT

# Libraries of the other formats (.xlsx, .xls/.ods, PDF, HTML, .docx, the
# reviewer's workbook) and of the full command line.
OTHER_FORMATS = ("openpyxl", "python_calamine", "pdfplumber", "pypdfium2", "docx", "lxml",
                 "xlsxwriter", "email")
CLI_FRAMEWORK = ("typer", "click", "rich")
VALIDATION = "pydantic"


def loaded_by(*args: str) -> set[str]:
    """Top-level modules in sys.modules after ``perfgoals *args`` (the console
    entry point, run in a fresh interpreter)."""
    code = (
        "import sys\n"
        f"sys.argv = ['perfgoals', *{list(args)!r}]\n"
        "from perfgoals.launch import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "names = sorted({m.split('.')[0] for m in sys.modules})\n"
        "sys.stderr.write('\\nMODULES=' + ' '.join(names))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    marker = result.stderr.rpartition("MODULES=")
    assert marker[1], result.stderr
    return set(marker[2].split())


def model_needs_pydantic() -> bool:
    """Whether the records module itself still imports pydantic (until the
    records are plain dataclasses, a check loads pydantic through it)."""
    code = "import sys, perfgoals.model; print('pydantic' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    return result.stdout.strip() == "True"


@pytest.fixture(scope="module")
def check_modules() -> set[str]:
    return loaded_by("check", str(SAMPLE_TXT), "--no-cache", "-q")


def test_text_check_loads_no_reader_of_other_formats(check_modules: set[str]) -> None:
    assert "perfgoals" in check_modules
    assert check_modules.isdisjoint(OTHER_FORMATS), check_modules & set(OTHER_FORMATS)


def test_text_check_loads_no_cli_framework(check_modules: set[str]) -> None:
    assert check_modules.isdisjoint(CLI_FRAMEWORK), check_modules & set(CLI_FRAMEWORK)


def test_text_check_loads_no_pydantic(check_modules: set[str]) -> None:
    # Turns itself on once perfgoals.model no longer imports pydantic.
    if model_needs_pydantic():
        pytest.xfail("perfgoals.model still imports pydantic")
    assert VALIDATION not in check_modules


def test_version_loads_nothing_of_the_checker() -> None:
    modules = loaded_by("--version")
    heavy = {*OTHER_FORMATS, *CLI_FRAMEWORK, VALIDATION, "regex", "tomllib", "json"}
    assert modules.isdisjoint(heavy), modules & heavy
