"""The annotated copies open in LibreOffice as they are: converted to PDF with
the comments exported, each copy gives as many comment annotations as it has
comments. A copy LibreOffice had to repair, or could not read, fails here.

Slow (LibreOffice takes half a minute for the three copies): ``.ci/run``
runs it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import docx
import pytest

from perfgoals.annotate import annotate_bytes
from perfgoals.config import settings_from
from perfgoals.engine import check_path
from perfgoals.read.convert import find_soffice

from conftest import SAMPLE_DOCX, SAMPLE_TXT
from gen.docx_writer import to_docx as spec_to_docx
from gen.spec import RenderOptions, dingzhou_like

PDF_WITH_COMMENTS = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'
TEXT_ANNOTATION = re.compile(rb"/Subtype\s*/Text\b")


@pytest.fixture(scope="module")
def soffice() -> str:
    found = find_soffice()
    if found is None:
        pytest.skip("needs LibreOffice (soffice)")
    return found


@pytest.mark.slow
def test_copies_convert_with_every_comment(soffice: str, tmp_path: Path) -> None:
    tracked = tmp_path / "tracked.docx"
    spec_to_docx(dingzhou_like(3, seed=3), tracked, RenderOptions(tracked_changes=True))
    settings = settings_from({})
    copies: dict[str, int] = {}
    for source in (SAMPLE_DOCX, SAMPLE_TXT, tracked):
        findings = check_path(source, source.name, settings).findings
        copy = annotate_bytes(source.read_bytes(), source.name, findings)
        target = tmp_path / f"{source.stem}-{source.suffix[1:]}-annotated.docx"
        target.write_bytes(copy.data)
        assert len(docx.Document(target).comments) == copy.comments
        copies[target.stem] = copy.comments
    assert copies["dingzhou-2020-docx-annotated"] > 100
    out = tmp_path / "pdf"
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--convert-to",
            PDF_WITH_COMMENTS,
            "--outdir",
            str(out),
            *(str(tmp_path / f"{stem}.docx") for stem in copies),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    for stem, count in copies.items():
        pdf = (out / f"{stem}.pdf").read_bytes()
        assert len(TEXT_ANNOTATION.findall(pdf)) == count, stem


@pytest.mark.slow
def test_workbook_copy_opens_with_every_comment(soffice: str, tmp_path: Path) -> None:
    import zipfile

    from .test_annotate_xlsx import sample_workbook

    source = tmp_path / "sample.xlsx"
    sample_workbook(source)
    findings = check_path(source, source.name, settings_from({})).findings
    copy = annotate_bytes(source.read_bytes(), source.name, findings)
    assert copy.suffix == ".xlsx" and copy.comments > 20
    target = tmp_path / "annotated.xlsx"
    target.write_bytes(copy.data)
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--convert-to",
            "ods",
            "--outdir",
            str(tmp_path),
            str(target),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    with zipfile.ZipFile(tmp_path / "annotated.ods") as archive:
        content = archive.read("content.xml").decode("utf-8")
    assert content.count("<office:annotation") == copy.comments
