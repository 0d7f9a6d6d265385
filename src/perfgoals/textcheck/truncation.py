"""PG602 truncated text: a clause that stops on a word needing a continuation.

A clause cannot end on a preposition or conjunction (`政务外网专线按照`,
`资金拨付和`). Whether the last characters really are that word, and not the
end of a longer one (参与, 存在, 面对, 方向, 来自, 原因), is decided by
segmenting the clause's tail with the lexicon, the way a reader would: the
longest dictionary word covering the end decides, unless the segmentation
gives the shared characters to a word on its left.
"""

from __future__ import annotations

import functools
import re

from perfgoals.textcheck.lexicon import dangling_words, is_cjk, load_lexicon

_CLAUSE_END = re.compile(r"[。；;！!？?\n\r]")
# Punctuation left at the end of a clause that does not complete it.
_TRAILING = " \t\u3000，,、：:"
# Characters of the clause tail that are segmented: longer than any word.
_TAIL = 12


def truncated_ending(text: str) -> str | None:
    """The dangling word ending the first clause that stops mid-phrase, or None."""
    finals = _final_chars()
    for clause in _CLAUSE_END.split(text):
        clause = clause.rstrip(_TRAILING)
        # Cheap filter first: most clauses end on a character no dangling
        # word ends with, and need no lexicon at all.
        if clause and clause[-1] in finals:
            word = _dangling_end(clause)
            if word is not None:
                return word
    return None


@functools.cache
def _final_chars() -> frozenset[str]:
    return frozenset(word[-1] for word in dangling_words())


def _dangling_end(clause: str) -> str | None:
    start = len(clause)
    while start > 0 and len(clause) - start < _TAIL and is_cjk(clause[start - 1]):
        start -= 1
    tail = clause[start:]
    if not tail:
        return None
    lexicon = load_lexicon()
    words, _cost = lexicon.segment(tail)
    last = words[-1]
    if last not in dangling_words():
        return None  # the tail ends on a longer word: 参与, 存在, 方向
    longest = min(len(tail), lexicon.max_word_len)
    covering = any(lexicon.is_word(tail[-size:]) for size in range(len(last) + 1, longest + 1))
    # A longer word ending here (自在, 比对, 民和) keeps the clause whole unless
    # a word further left claims the shared characters (为人民和: 人民 / 和).
    if covering and (len(words) < 2 or len(words[-2]) < 2):
        return None
    return last
