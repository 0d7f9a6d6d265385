"""Shared helpers for the text-check tests: the sample's lines and the case file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CASES = HERE / "typo_cases.tsv"
SAMPLE_CANDIDATES = (
    Path("/work/shared/corpus/dingzhou-2020.txt"),
    ROOT / "samples" / "dingzhou-2020.txt",
)
# Word's table-of-contents field residue in the text export: ` TC 标题 \f A \l 1 `.
_TOC_RESIDUE = re.compile(r"\s+TC\s.*?\\l\s*\d+\s*$")


def sample_path() -> Path | None:
    """The real sample filing, if present."""
    return next((path for path in SAMPLE_CANDIDATES if path.is_file()), None)


def sample_lines(path: Path) -> list[str]:
    """Every line of the text export, TABs and TOC residue stripped."""
    text = path.read_text(encoding="utf-8")
    return [_TOC_RESIDUE.sub("", line.replace("\t", "")) for line in text.split("\n")]


@dataclass(frozen=True)
class Case:
    """One line of typo_cases.tsv."""

    label: str  # "typo" or "ok"
    text: str
    wrong: str | None = None
    right: str | None = None


def load_cases() -> list[Case]:
    cases: list[Case] = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if parts[0] == "typo":
            right = None if parts[3] == "-" else parts[3]
            cases.append(Case("typo", parts[1], parts[2], right))
        else:
            cases.append(Case(parts[0], parts[1]))
    return cases
