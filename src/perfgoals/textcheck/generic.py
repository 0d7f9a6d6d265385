"""A typo detector that needs no list of wrong forms: the language decides.

A character is a suspect when the segmentation leaves it standing alone or
buries it in a rare word. Its replacements are the common characters that
read the same (tones are not written, so a tone slip reads the same), read
near (z/zh, c/ch, s/sh, n/l, an/ang, en/eng, in/ing, ian/iang, uan/uang) or
look alike. A replacement is kept only when two independent models agree
that the text reads better with it:

* the segmentation (word unigram costs from jieba's dictionary) improves by
  at least `SEG_MARGIN` nats and the replacement forms a frequent word;
* a character trigram model of formal Chinese (government work reports) is
  less surprised by at least `LM_MARGIN` nats;
* or, the segmentation gaining `LOW_SEG_MARGIN`, the model `HIGH_LM_MARGIN`.

The margins were chosen so that no clean sentence of the evaluation set and
no line of the real filings gives a finding (see `bench/typo_precision.py`).
Each hit also carries whether it passed the weaker margins only: such a hit
is reported when the corrected word is written correctly elsewhere in the
same filing (see `rules/text.py`).

What is never a suspect: a character that formal text (the model's
bigrams) pairs with both its neighbours; the fifty most frequent
one-character words (了 在 的 …); numerals; province abbreviations (冀 陕 …)
and a character after a direction (南繁, 西咸); the characters of a name in
front of an organisation or place suffix (`…中心`, `…股室`, `…村委会`), of a
short quotation (“福见康养”) and of a document number's issuer (津财基指〔2022〕);
the end characters of a run cut by a space or line break (指标\n值). Terms
of art join the lexicon as words (`domain_words.txt`), and text in
traditional characters is not checked at all.

Text is checked sentence by sentence (neither model looks across a full
stop), each sentence memoised: filings repeat their sentences.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
from typing import NamedTuple

from perfgoals.textcheck.charmodel import (
    CharModel,
    load_model,
    normalise,
    pairs,
    shapes,
    shapes_digest,
)
from perfgoals.textcheck.lexicon import (
    Lexicon,
    domain_suffixes,
    is_cjk,
    load_lexicon,
    place_chars,
    split_syllable,
    traditional_chars,
)
from perfgoals.textnorm import TEXT_MEMO_SIZE

# Strong evidence, reported on its own: both models agree by a margin, or
# the character model is far more sure while the segmentation still gains.
SEG_MARGIN = 7.0
LM_MARGIN = 7.0
LOW_SEG_MARGIN = 4.0
HIGH_LM_MARGIN = 12.0
# A correction that takes a character out of a word of the segmentation as
# written (人群应保 -> 群众) must be stronger still.
BREAKING_MARGIN = 10.0
# Weak evidence: reported only when the filing spells the word right elsewhere.
WEAK_SEG_MARGIN = 4.0
WEAK_LM_MARGIN = 4.0
# The replacement must form a word at least this frequent (jieba count).
MIN_WORD_FREQ = 50
# A word rarer than this does not make its characters safe from suspicion.
RARE_WORD_FREQ = 8
# How many of the most frequent one-character words are never suspects;
# `pairs.txt` lists them under this key.
FUNCTION_WORDS = 50
FUNCTION_WORDS_KEY = "@function-words"
# Replacement characters: common ones only (summed word frequency).
MIN_ALT_CHAR_FREQ = 500
# Han characters on each side that the segmentation compares.
_WINDOW = 4
# Counting words: a correction into a numeral phrase (一件, 三年) is never
# trusted, since figures and ordinals make any neighbour look like a word.
_NUMERALS = frozenset("〇一二三四五六七八九十百千万亿两几第")
_DIRECTIONS = frozenset("东南西北")
# Han characters as `is_cjk` counts them.
_HAN_RUN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0003ffff]+")
_SENTENCE = re.compile(r"(?<=[。；！？])")
# The issuer's abbreviation of a document number: 津财基指〔2022〕23号.
_DOCUMENT_PREFIX = re.compile(r"[\u4e00-\u9fff]{1,12}(?=\s*[〔\[【［（(]\s*(?:19|20)\d\d)")
_SHORT_QUOTE = re.compile(r"[“「『\"][^”」』\"]{1,8}[”」』\"]")
# Longest name in front of an organisation or place suffix.
_NAME_ZONE = 4

_FUZZY_INITIALS = {"zh": "z", "z": "zh", "ch": "c", "c": "ch", "sh": "s", "s": "sh", "n": "l", "l": "n"}
_FUZZY_FINALS = {
    "an": "ang", "ang": "an", "en": "eng", "eng": "en", "in": "ing", "ing": "in",
    "ian": "iang", "iang": "ian", "uan": "uang", "uang": "uan",
}  # fmt: skip


class Suggestion(NamedTuple):
    """One replacement of `text[pos]` by `char`, forming `word` at `[start, end)`."""

    pos: int
    char: str
    start: int
    end: int
    word: str
    seg_gain: float
    lm_gain: float
    breaks_word: bool = False

    @property
    def strong(self) -> bool:
        """Evidence enough to report the suggestion on its own."""
        if self.breaks_word:
            return self.seg_gain >= BREAKING_MARGIN and self.lm_gain >= BREAKING_MARGIN
        return (self.seg_gain >= SEG_MARGIN and self.lm_gain >= LM_MARGIN) or (
            self.seg_gain >= LOW_SEG_MARGIN and self.lm_gain >= HIGH_LM_MARGIN
        )


@functools.lru_cache(maxsize=1024)
def near_syllables(syllable: str) -> tuple[str, ...]:
    """The syllable and its fuzzy variants (initial, final, or both)."""
    initial, final = split_syllable(syllable)
    initials = [initial] + ([_FUZZY_INITIALS[initial]] if initial in _FUZZY_INITIALS else [])
    finals = [final] + ([_FUZZY_FINALS[final]] if final in _FUZZY_FINALS else [])
    return tuple(i + f for i in initials for f in finals)


# How the tables of `Candidates` are made: change it with `_by_reading` or
# `_common_shapes`, so that a cache made by the old code is not used.
CANDIDATES_RECIPE = 1


class Candidates:
    """Replacement characters by reading and by shape, common ones only.

    Both tables depend on the data files alone: they are made once per
    machine and kept in the compiled-data cache (`compiled.derived_table`)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._lexicon = lexicon
        if not lexicon.digest:  # not the shipped table: nothing to key a cache by
            self._by_reading, self._shapes = _by_reading(lexicon), _common_shapes(lexicon)
            return
        from perfgoals.compiled import derived_table

        made_from = f"{CANDIDATES_RECIPE}|{MIN_ALT_CHAR_FREQ}|{lexicon.digest}"
        # Common characters by their common reading.
        self._by_reading = derived_table(
            "textcheck-readings", made_from, lambda: _by_reading(lexicon)
        )
        # Each character's common look-alikes.
        self._shapes = derived_table(
            "textcheck-shapes", f"{made_from}|{shapes_digest()}", lambda: _common_shapes(lexicon)
        )

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one instance per process
    def of(self, char: str) -> str:
        """Characters that could have been meant for `char`."""
        found: dict[str, None] = {}
        for reading in self._lexicon.readings(char)[:2]:
            for syllable in near_syllables(reading):
                found.update(dict.fromkeys(self._by_reading.get(syllable, "")))
        found.update(dict.fromkeys(self._shapes.get(char, "")))
        found.pop(char, None)
        return "".join(alt for alt in found if alt not in _NUMERALS)


def _by_reading(lexicon: Lexicon) -> dict[str, str]:
    """The common characters of each toneless reading, in lexicon order."""
    by_reading: dict[str, list[str]] = {}
    for char, freq in lexicon.char_freq.items():
        if freq < MIN_ALT_CHAR_FREQ or not is_cjk(char):
            continue
        # The common reading only: pypinyin's rarer ones (以 si) only
        # add far-fetched replacements.
        for syllable in lexicon.readings(char)[:1]:
            by_reading.setdefault(syllable, []).append(char)
    return {s: "".join(chars) for s, chars in by_reading.items()}


def _common_shapes(lexicon: Lexicon) -> dict[str, str]:
    """Each character's look-alikes that are common characters."""
    return {
        char: alike
        for char, others in shapes().items()
        if (alike := "".join(c for c in others if lexicon.char_freq.get(c, 0) >= MIN_ALT_CHAR_FREQ))
    }


@functools.cache
def _candidates() -> Candidates:
    return Candidates(load_lexicon())


def suggestions(text: str) -> list[Suggestion]:
    """Replacements that pass at least the weak margins, at most one per
    suspect character (the best), in text order."""
    if not _HAN_RUN.search(text):
        return []
    if not traditional_chars().isdisjoint(text):
        return []  # traditional script: the model knows simplified text only
    found: list[Suggestion] = []
    offset = 0
    # Sentence by sentence: filings repeat sentences across fields, and
    # neither model looks across a full stop.
    for sentence in _SENTENCE.split(text):
        for hit in _suggestions(sentence):
            found.append(
                hit._replace(
                    pos=hit.pos + offset, start=hit.start + offset, end=hit.end + offset
                )
                if offset
                else hit
            )
        offset += len(sentence)
    return found


@functools.lru_cache(maxsize=TEXT_MEMO_SIZE)
def _suggestions(text: str) -> tuple[Suggestion, ...]:
    lexicon = load_lexicon()
    model = load_model()
    norm = normalise(text)
    places = place_chars() | _function_words(lexicon) | _NUMERALS
    seen = model.bigrams
    protected: set[int] | None = None
    found: list[Suggestion] = []
    for lo, hi in _han_runs(text):
        if hi - lo < 2:
            continue
        # Formal text pairs most characters with both neighbours: those are
        # never suspects, and a run without any other needs no segmentation.
        # A run that a line break or a space cuts may have lost the rest of
        # its word there (指标\n值): its end characters are not suspects.
        first = lo + 1 if lo > 0 and text[lo - 1].isspace() else lo
        last = hi - 1 if hi < len(text) and text[hi].isspace() else hi
        odd = [
            i
            for i in range(first, last)
            if text[i] not in places
            and not (i > 0 and norm[i - 1 : i + 1] in seen and norm[i : i + 2] in seen)
        ]
        if not odd:
            continue
        if protected is None:
            protected = _protected(text)
        words, _cost = lexicon.segment(text[lo:hi])
        spans = _word_spans(words, lo)
        for i in odd:
            start, end = spans[i]
            if i in protected or (
                end - start >= 2 and lexicon.cost(text[start:end]) < _rare_word_cost(lexicon)
            ):
                continue  # a name, or a character of a word that is not rare
            best = _best(text, norm, i, first, last, lexicon, model, _candidates(), spans)
            if best is not None:
                found.append(best)
    return tuple(found)


@functools.cache
def _function_words(lexicon: Lexicon) -> frozenset[str]:
    """The most frequent one-character words (了 在 是 和 的 …): standing
    alone is what they do, so they are never suspects."""
    return frozenset(pairs().get(FUNCTION_WORDS_KEY, ""))


@functools.cache
def _rare_word_cost_cached(total: int) -> float:
    return math.log(total) - math.log(RARE_WORD_FREQ)


def _rare_word_cost(lexicon: Lexicon) -> float:
    return _rare_word_cost_cached(lexicon.total)


class _WordSpans:
    """For each position, the span of the word of the segmentation holding it,
    found by bisection among the words' bounds: only a few positions of a run
    are ever asked about."""

    __slots__ = ("_bounds",)

    def __init__(self, words: list[str], offset: int) -> None:
        self._bounds = list(itertools.accumulate(map(len, words), initial=offset))

    def __getitem__(self, pos: int) -> tuple[int, int]:
        bounds = self._bounds
        if not bounds[0] <= pos < bounds[-1]:
            raise KeyError(pos)
        at = bisect.bisect_right(bounds, pos)
        return bounds[at - 1], bounds[at]


def _word_spans(words: list[str], offset: int) -> _WordSpans:
    """The spans of the words of a segmentation of text starting at `offset`."""
    return _WordSpans(words, offset)


def _han_runs(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in _HAN_RUN.finditer(text)]


@functools.cache
def _suffix_pattern() -> re.Pattern[str]:
    suffixes = sorted(domain_suffixes(), key=lambda suffix: (-len(suffix), suffix))
    return re.compile("|".join(map(re.escape, suffixes)))


def _protected(text: str) -> set[int]:
    """Positions inside a name in front of an organisation or place suffix,
    inside a short quotation (“福见康养”, “一降三减”: names and slogans) and
    in the issuer's abbreviation of a document number."""
    protected: set[int] = set()
    for match in _SHORT_QUOTE.finditer(text):
        protected.update(range(match.start(), match.end()))
    for match in _DOCUMENT_PREFIX.finditer(text):
        protected.update(range(match.start(), match.end()))
    for match in _suffix_pattern().finditer(text):
        at = match.start()
        lo = at
        while lo > 0 and at - lo < _NAME_ZONE and is_cjk(text[lo - 1]):
            lo -= 1
        protected.update(range(lo, match.end()))
    return protected


def _best(
    text: str,
    norm: str,
    i: int,
    lo: int,
    hi: int,
    lexicon: Lexicon,
    model: CharModel,
    candidates: Candidates,
    spans: _WordSpans,
) -> Suggestion | None:
    if i > lo and text[i - 1] in _DIRECTIONS:
        return None  # 南繁, 西咸: after a direction, an abbreviation names a place
    max_word_cost = math.log(lexicon.total) - math.log(MIN_WORD_FREQ)
    alts = candidates.of(text[i])
    formed = _word_formed(text, i, alts, lo, hi, lexicon, max_word_cost)
    if not formed:
        return None
    # The character model first: it is cheap, and most options fail it.
    lm_end = min(len(norm), i + 3)
    lm_before = model.cost(norm, i, lm_end)
    head = norm[max(0, i - 2) : i]
    tail = norm[i + 1 : lm_end]
    gains: list[tuple[str, int, int, str, float]] = []
    for alt, (start, end, word) in formed.items():
        lm_gain = lm_before - model.cost(head + alt + tail, len(head), len(head) + lm_end - i)
        if lm_gain >= WEAK_LM_MARGIN:
            gains.append((alt, start, end, word, lm_gain))
    if not gains:
        return None
    wlo = max(lo, i - _WINDOW)
    whi = min(hi, i + _WINDOW + 1)
    _w, before = lexicon.segment(text[wlo:whi])
    best: Suggestion | None = None
    for alt, start, end, word, lm_gain in gains:
        _w, after = lexicon.segment(text[wlo:i] + alt + text[i + 1 : whi])
        seg_gain = before - after
        if seg_gain < WEAK_SEG_MARGIN:
            continue
        breaks = any(
            not (start <= spans[j][0] and spans[j][1] <= end)
            for j in range(start, end)
            if j != i and spans[j][1] - spans[j][0] >= 2
        )
        option = Suggestion(i, alt, start, end, word, seg_gain, lm_gain, breaks)
        if best is None or seg_gain + lm_gain > best.seg_gain + best.lm_gain:
            best = option
    return best


def _word_formed(
    text: str, i: int, alts: str, lo: int, hi: int, lexicon: Lexicon, max_cost: float
) -> dict[str, tuple[int, int, str]]:
    """For each character of `alts` that forms a frequent word of 2-4
    characters at `i`, the most frequent such word as (start, end, word)."""
    best: dict[str, tuple[float, int, int, str]] = {}
    for start in range(max(lo, i - 3), i + 1):
        for end in range(max(i + 1, start + 2), min(hi, start + 4) + 1):
            head = text[start:i]
            tail = text[i + 1 : end]
            if not _NUMERALS.isdisjoint(head) or not _NUMERALS.isdisjoint(tail):
                continue
            if head:
                rest = head[1:]
                # With a second character in place, only the words it begins.
                group = lexicon.words_beginning(head[0], rest[0]) if rest else lexicon.group(head[0])
                # The words among all the spellings: one set operation, as
                # most replacements form no word at all.
                for key in group.keys() & {rest + alt + tail for alt in alts}:
                    alt, word_cost = key[len(rest)], group[key]
                    if word_cost <= max_cost and (alt not in best or word_cost < best[alt][0]):
                        best[alt] = (word_cost, start, end, head + alt + tail)
            else:
                # Only characters that pair with the next one start a word here.
                for alt in set(alts).intersection(pairs().get(tail[0], "")):
                    cost = lexicon.words_beginning(alt, tail[0]).get(tail)
                    if (
                        cost is not None
                        and cost <= max_cost
                        and (alt not in best or cost < best[alt][0])
                    ):
                        best[alt] = (cost, start, end, alt + tail)
    return {alt: found[1:] for alt, found in best.items()}
