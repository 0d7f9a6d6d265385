"""Text normalisation for comparison; text itself is always kept as written."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

# Size of every per-text memo. Filings repeat their texts (the same indicator
# in every table, one template across departments), so a few thousand entries
# catch the repeats, while a batch worker that sees every text of thousands of
# files stays at a fixed size.
TEXT_MEMO_SIZE = 8192

_SPACES = regex.compile(r"\s+")
_PUNCT = regex.compile(r"[\p{P}\p{S}]+")


@lru_cache(maxsize=TEXT_MEMO_SIZE)
def normalise(text: str) -> str:
    """NFKC without whitespace: full-/half-width and spacing differences vanish."""
    return str(_SPACES.sub("", unicodedata.normalize("NFKC", text)))


@lru_cache(maxsize=TEXT_MEMO_SIZE)
def bare(text: str) -> str:
    """:func:`normalise` without punctuation and symbols, for loose equality."""
    return str(_PUNCT.sub("", normalise(text)))
