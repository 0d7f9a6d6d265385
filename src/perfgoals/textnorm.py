"""Text normalisation for comparison; text itself is always kept as written."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

import regex

# Size of every per-text memo. Filings repeat their texts (the same indicator
# in every table, one template across departments), so a few thousand entries
# catch the repeats, while a batch worker that sees every text of thousands of
# files stays at a fixed size.
TEXT_MEMO_SIZE = 8192

_SPACES = regex.compile(r"\s+")
_PUNCT = regex.compile(r"[\p{P}\p{S}]+")


@lru_cache(maxsize=1)
def simplified() -> dict[int, int]:
    """Traditional → simplified characters (``data/t2s.tsv``), for matching only."""
    table: dict[int, int] = {}
    # A plain path: importlib.resources costs more to import than the read.
    data = (Path(__file__).resolve().parent / "data" / "t2s.tsv").read_text("utf-8")
    for line in data.splitlines():
        if len(line) == 2 and not line.startswith("#"):
            table[ord(line[0])] = ord(line[1])
    return table


@lru_cache(maxsize=TEXT_MEMO_SIZE)
def normalise(text: str) -> str:
    """NFKC without whitespace, in simplified characters: full-/half-width,
    spacing and script differences (``績效指標`` → ``绩效指标``) vanish."""
    folded = _SPACES.sub("", unicodedata.normalize("NFKC", text))
    return str(folded.translate(simplified()))


@lru_cache(maxsize=TEXT_MEMO_SIZE)
def bare(text: str) -> str:
    """:func:`normalise` without punctuation and symbols, for loose equality."""
    return str(_PUNCT.sub("", normalise(text)))
