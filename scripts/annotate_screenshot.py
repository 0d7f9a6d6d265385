"""Make docs/annotate.png: the sample filing annotated, as LibreOffice renders it.

    python scripts/annotate_screenshot.py [PAGE]

Annotates samples/dingzhou-2020.docx, converts the copy to PDF with LibreOffice
(comments exported as PDF comments, drawn as note marks on the cells they
belong to), and renders one page with pdftoppm (poppler-utils). Needs soffice
and pdftoppm on PATH.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from perfgoals.annotate import annotate_bytes
from perfgoals.config import settings_from
from perfgoals.engine import check_path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "dingzhou-2020.docx"
TARGET = ROOT / "docs" / "annotate.png"
PDF_WITH_COMMENTS = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'
# The page and the part of it shown (pixels at the resolution below).
PAGE, RESOLUTION, CROP = 6, 110, ("-x", "90", "-y", "90", "-W", "740", "-H", "640")


def main(argv: list[str]) -> int:
    page = int(argv[1]) if len(argv) > 1 else PAGE
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if soffice is None or pdftoppm is None:
        sys.stderr.write("needs soffice (LibreOffice) and pdftoppm (poppler-utils)\n")
        return 2
    findings = check_path(SAMPLE, SAMPLE.name, settings_from({})).findings
    copy = annotate_bytes(SAMPLE.read_bytes(), SAMPLE.name, findings)
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        annotated = folder / "dingzhou-2020.批注.docx"
        annotated.write_bytes(copy.data)
        subprocess.run(
            [
                soffice,
                "--headless",
                "--norestore",
                f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                "--convert-to",
                PDF_WITH_COMMENTS,
                "--outdir",
                str(folder),
                str(annotated),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        stem = folder / "page"
        subprocess.run(
            [
                pdftoppm, "-png", "-r", str(RESOLUTION), "-f", str(page), "-l", str(page),
                "-singlefile", *CROP, str(annotated.with_suffix(".pdf")), str(stem),
            ],
            check=True,
            capture_output=True,
        )
        TARGET.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(stem.with_suffix(".png"), TARGET)
    print(f"{TARGET.relative_to(ROOT)}: page {page}, {copy.comments} comments in the copy")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
