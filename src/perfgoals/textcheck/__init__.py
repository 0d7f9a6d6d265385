"""Text-quality engine: pure functions over field text (PG601-PG603).

Importing this package reads no data; the lexicon is loaded on the first
call that needs it and kept in memory. Nothing here writes, prints or logs.
"""

from perfgoals.textcheck.headings import copied_heading
from perfgoals.textcheck.truncation import truncated_ending
from perfgoals.textcheck.typos import (
    CHAT_PARTICLE,
    CONFUSION_PAIR,
    LANGUAGE,
    RARE_CHARACTER,
    TypoHit,
    find_typos,
    typo_hits,
)

__all__ = [
    "CHAT_PARTICLE",
    "CONFUSION_PAIR",
    "LANGUAGE",
    "RARE_CHARACTER",
    "TypoHit",
    "copied_heading",
    "find_typos",
    "truncated_ending",
    "typo_hits",
]
