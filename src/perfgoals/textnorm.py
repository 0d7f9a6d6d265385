"""Text normalisation for comparison; text itself is always kept as written."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

_SPACES = regex.compile(r"\s+")
_PUNCT = regex.compile(r"[\p{P}\p{S}]+")


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """NFKC without whitespace: full-/half-width and spacing differences vanish."""
    return str(_SPACES.sub("", unicodedata.normalize("NFKC", text)))


@lru_cache(maxsize=65536)
def bare(text: str) -> str:
    """:func:`normalise` without punctuation and symbols, for loose equality."""
    return str(_PUNCT.sub("", normalise(text)))
