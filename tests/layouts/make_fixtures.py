"""Write the text fixtures of ``documents.py`` into ``fixtures/``. From tests/:

    python -m layouts.make_fixtures

The .txt files are checked in so that a reviewer can read them; a test fails
when they differ from what this script writes. The .docx and .xlsx variants
are written by the tests into a temporary folder, never checked in.
"""

from __future__ import annotations

from pathlib import Path

from .documents import DEFECTS, LAYOUTS, TRUNCATED
from .render import to_text

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def fixture_texts() -> dict[str, str]:
    docs = [*LAYOUTS.values(), TRUNCATED, *(doc for doc, _ in DEFECTS.values())]
    return {f"{doc.name}.txt": to_text(doc) for doc in docs}


def main() -> None:
    FIXTURES.mkdir(exist_ok=True)
    for name, text in fixture_texts().items():
        (FIXTURES / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
