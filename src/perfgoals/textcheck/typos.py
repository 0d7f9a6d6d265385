"""PG601 typo: likely wrong characters or words in a budget field.

Three signals that hold in formal budget text, each tuned for precision:

* ``rare-character``: a character that almost never occurs in modern Chinese
  (`踧踖金融市场稳定`), reported only when a frequent two-character word with
  the same or a near toneless reading can replace it (`促进`);
* ``chat-particle``: a modal particle (吗 呢 吧 啊 …) that is not part of a
  real word (吗啡, 酒吧, 呢绒 are), e.g. `购吗慰问品` → `购买`;
* ``confusion-pair``: a curated wrong form (`经废` → `经费`), reported only
  where the correction segments better than the text as written, so that a
  wrong form spanning two real words (`施工做法`, `已经废止`) is left alone;
* ``language``: any slip of the same or a near reading or a look-alike shape
  that both the segmentation and a character model of formal Chinese find
  much better corrected (`计续实施` → `继续`); see `textcheck.generic`.

The first three are the most specific and win where hits overlap.
`find_typos(..., weak=True)` adds language hits with weaker evidence, which
the rule reports only when the filing spells the corrected word elsewhere.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from perfgoals.textcheck.lexicon import (
    Lexicon,
    confusion_pairs,
    is_cjk,
    load_lexicon,
    particles,
    surnames,
)
from perfgoals.textnorm import TEXT_MEMO_SIZE

RARE_CHARACTER = "rare-character"
CHAT_PARTICLE = "chat-particle"
CONFUSION_PAIR = "confusion-pair"
LANGUAGE = "language"

# Han characters on each side of a confusion match that the segmentation
# compares; enough to see the words the match could belong to.
_CONTEXT = 4
# A correction must beat the text as written by this many nats (about a
# factor of 3 in probability) before a confusion match is reported; by more
# when a real word reaches into the match from one side (加工做准备), since
# then the text as written may well be right.
_CONFUSION_MARGIN = 1.0
_CONFUSION_MARGIN_ONE_SIDE = 4.0
# Runs of rare characters longer than this are names or terms, not slips.
_MAX_RARE_RUN = 2
# Slips are sparse: a text with more rare runs than this per 50 Han
# characters (at least 2) is written in another register altogether
# (traditional characters, classical quotations, a list of names).
_RARE_RUNS_PER_50 = 1


class TypoHit(NamedTuple):
    """One likely typo: `text[start:end] == found`, with a correction if known."""

    start: int
    end: int
    found: str
    suggestion: str | None
    reason: str


def find_typos(
    text: str, allow: frozenset[str] = frozenset(), *, weak: bool = False
) -> list[TypoHit]:
    """Likely typos in one field's text, in text order.

    `allow` holds terms (names, terms of art) never reported: a hit that
    overlaps one of their occurrences is dropped. With `weak`, language hits
    whose evidence is short of the reporting margins are included too (for
    a caller that has more evidence, such as the rest of the filing).
    """
    strong, weak_hits = typo_hits(text, allow)
    return list(weak_hits if weak else strong)


@functools.lru_cache(maxsize=TEXT_MEMO_SIZE)
def typo_hits(
    text: str, allow: frozenset[str] = frozenset()
) -> tuple[tuple[TypoHit, ...], tuple[TypoHit, ...]]:
    """`find_typos(text, allow)` and `find_typos(text, allow, weak=True)`
    together: both share the curated and the character hits and the
    language suggestions, worked out once per text."""
    if not text or not any(is_cjk(char) for char in text):
        return (), ()
    lexicon = load_lexicon()
    # Curated pairs first: they are the most specific evidence.
    specific = _confusion_hits(text, lexicon) + _character_hits(text, lexicon)
    language = _language_hits(text)
    allowed = _allowed_spans(text, allow)
    strong = _resolve(specific + [hit for hit, is_strong in language if is_strong], allowed)
    if all(is_strong for _hit, is_strong in language):
        return strong, strong
    return strong, _resolve(specific + [hit for hit, _ in language], allowed)


def _resolve(candidates: list[TypoHit], allowed: list[tuple[int, int]]) -> tuple[TypoHit, ...]:
    """The candidates outside the allowed terms, each earlier one winning
    where two overlap, in text order."""
    taken: list[TypoHit] = []
    for hit in candidates:
        if any(hit.start < end and start < hit.end for start, end in allowed):
            continue
        if any(hit.start < other.end and other.start < hit.end for other in taken):
            continue
        taken.append(hit)
    return tuple(sorted(taken, key=lambda hit: (hit.start, hit.end)))


def _language_hits(text: str) -> list[tuple[TypoHit, bool]]:
    """Language hits and whether each has the evidence to be reported alone."""
    from perfgoals.textcheck.generic import suggestions

    return [
        (
            TypoHit(found.start, found.end, text[found.start : found.end], found.word, LANGUAGE),
            found.strong,
        )
        for found in suggestions(text)
    ]


def _allowed_spans(text: str, allow: frozenset[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for term in allow:
        if not term:
            continue
        start = text.find(term)
        while start >= 0:
            spans.append((start, start + len(term)))
            start = text.find(term, start + 1)
    return spans


@functools.cache
def _confusion_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    pairs = dict(confusion_pairs())
    # Longest first, so `施工单为` wins over any shorter form inside it.
    alternatives = sorted(pairs, key=lambda wrong: (-len(wrong), wrong))
    return re.compile("|".join(map(re.escape, alternatives))), pairs


def _confusion_hits(text: str, lexicon: Lexicon) -> list[TypoHit]:
    pattern, pairs = _confusion_pattern()
    hits: list[TypoHit] = []
    for match in pattern.finditer(text):
        start, end = match.span()
        wrong = match.group()
        right = pairs[wrong]
        lo = start
        while lo > 0 and start - lo < _CONTEXT and is_cjk(text[lo - 1]):
            lo -= 1
        hi = end
        while hi < len(text) and hi - end < _CONTEXT and is_cjk(text[hi]):
            hi += 1
        words, as_written = lexicon.segment(text[lo:hi])
        reaching = _words_reaching_in(words, start - lo, end - lo)
        if reaching == 2:
            continue  # two real words meet inside the match: 施工做法, 已经废止
        _words, corrected = lexicon.segment(text[lo:start] + right + text[end:hi])
        margin = _CONFUSION_MARGIN_ONE_SIDE if reaching else _CONFUSION_MARGIN
        if corrected + margin < as_written:
            hits.append(TypoHit(start, end, wrong, right, CONFUSION_PAIR))
    return hits


def _words_reaching_in(words: list[str], start: int, end: int) -> int:
    """How many sides of `[start, end)` a word of two or more characters
    crosses into from outside, in a segmentation given as its words."""
    sides = 0
    pos = 0
    for word in words:
        word_end = pos + len(word)
        if len(word) >= 2 and pos < start < word_end:
            sides += 1
        if len(word) >= 2 and pos < end < word_end:
            sides += 1
        pos = word_end
    return sides


def _character_hits(text: str, lexicon: Lexicon) -> list[TypoHit]:
    particle_chars = particles()
    common = lexicon.common_chars
    hits: list[TypoHit] = []
    rare_runs: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char in common and char not in particle_chars:
            i += 1  # the usual case, kept to one set lookup
        elif char in particle_chars:
            hit = _particle_hit(text, i, lexicon)
            if hit is not None:
                hits.append(hit)
            i += 1
        elif is_cjk(char):
            end = i + 1
            while end < len(text) and lexicon.is_rare(text[end]):
                end += 1
            rare_runs.append((i, end))
            i = end
        else:
            i += 1
    if rare_runs:
        han = sum(1 for char in text if is_cjk(char))
        if len(rare_runs) <= max(2, _RARE_RUNS_PER_50 * han // 50):
            for start, end in rare_runs:
                hit = _rare_hit(text, start, end, lexicon)
                if hit is not None:
                    hits.append(hit)
    return hits


def _particle_hit(text: str, pos: int, lexicon: Lexicon) -> TypoHit | None:
    if lexicon.covered(text, pos):
        return None  # part of a real word: 吗啡, 酒吧, 呢绒, 呐喊
    if pos >= 2 and text[pos - 1] == "、" and is_cjk(text[pos - 2]):
        return None  # an item of a list of names: 南山口、哇让、同德
    replacement = _replace_one(text, pos, lexicon)
    if replacement is None:
        return TypoHit(pos, pos + 1, text[pos], None, CHAT_PARTICLE)
    start, end, word = replacement
    return TypoHit(start, end, text[start:end], word, CHAT_PARTICLE)


def _rare_hit(text: str, start: int, end: int, lexicon: Lexicon) -> TypoHit | None:
    if end - start > _MAX_RARE_RUN:
        return None
    if any(lexicon.covered(text, pos) for pos in range(start, end)):
        return None  # a real (if rare) word or name: 滹沱河
    if end - start == 2:
        word = _replace_two(text[start], text[start + 1], lexicon)
        if word is None:
            return None
        return TypoHit(start, end, text[start:end], word, RARE_CHARACTER)
    # After a surname a rare character is a given name (李玥), not a slip.
    after_surname = start > 0 and text[start - 1] in surnames()
    replacement = _replace_one(text, start, lexicon, pair_left=not after_surname)
    if replacement is None:
        return None  # no plausible intended word: more likely a name than a slip
    lo, hi, word = replacement
    return TypoHit(lo, hi, text[lo:hi], word, RARE_CHARACTER)


def _primary_reading(char: str, lexicon: Lexicon) -> tuple[str, ...]:
    # The first reading is the common one; the literary readings of rare
    # characters only add far-fetched candidates.
    return lexicon.readings(char)[:1]


def _replace_two(first: str, second: str, lexicon: Lexicon) -> str | None:
    """Most frequent word that reads like `first second` (one syllable exact)."""
    reading_a = _primary_reading(first, lexicon)
    reading_b = _primary_reading(second, lexicon)
    if not reading_a or not reading_b:
        return None
    for word in lexicon.two_char_words(reading_a, reading_b):
        exact = (lexicon.readings(word[0])[:1] == reading_a) + (
            lexicon.readings(word[1])[:1] == reading_b
        )
        if exact and not lexicon.is_rare(word[0]) and not lexicon.is_rare(word[1]):
            return word
    return None


def _replace_one(
    text: str, pos: int, lexicon: Lexicon, *, pair_left: bool = True
) -> tuple[int, int, str] | None:
    """Replace `text[pos]` by a near-reading character that forms a frequent
    word with a free neighbour; returns (start, end, word) of that word."""
    wrong = _primary_reading(text[pos], lexicon)
    if not wrong:
        return None
    options: list[tuple[float, int, str]] = []
    if pair_left and pos > 0 and _free_neighbour(text, pos - 1, lexicon, left=True):
        left = text[pos - 1]
        for word in lexicon.two_char_words(lexicon.readings(left), wrong):
            if word[0] == left and word[1] != text[pos]:
                options.append((lexicon.cost(word), pos - 1, word))
                break
    if pos + 1 < len(text) and _free_neighbour(text, pos + 1, lexicon, left=False):
        right = text[pos + 1]
        for word in lexicon.two_char_words(wrong, lexicon.readings(right)):
            if word[1] == right and word[0] != text[pos]:
                options.append((lexicon.cost(word), pos, word))
                break
    if not options:
        return None
    _cost, start, word = min(options)
    return start, start + 2, word


def _free_neighbour(text: str, pos: int, lexicon: Lexicon, *, left: bool) -> bool:
    """A common Han character not already bound into a word on its far side
    (in `资金吗` the 金 belongs to 资金 and cannot pair with the particle)."""
    char = text[pos]
    if not is_cjk(char) or lexicon.is_rare(char) or char in particles():
        return False
    if left:
        return not any(
            lexicon.is_word(text[start : pos + 1])
            for start in range(max(0, pos - lexicon.max_word_len + 1), pos)
        )
    return not any(end > pos + 1 for end, _cost in lexicon.words_at(text, pos))
