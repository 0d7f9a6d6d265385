"""Compact lexicon behind the text-quality checks, loaded lazily and cached.

The table is generated from jieba's dictionary and pypinyin's readings by
`scripts/build_lexicon.py` and shipped as `data/textcheck/lexicon.txt`, so
neither package is needed at run time. Nothing is read at import; the first
call to `load_lexicon()` reads the file once and keeps it in memory.

File layout (UTF-8 text; not gzipped, as decompressing would cost a third
of the load time), one column per section so that loading is a handful of
C-level splits rather than a Python loop over rows:

    # comment lines, including the source versions
    #! format=2 total=<sum of frequencies> max_word_len=6 rare_char_freq=50 ...
    @chars      all characters, concatenated on one line
    @freqs      their summed word frequencies, space-separated
    @readings   their toneless pinyin readings, comma-joined per character
    @words      one line per character: the lexicon words starting with it
    @index      <fuzzy initials key> TAB <word>[<syllable>'<syllable>] ...

A `@words` line lists each word as the rest of the word followed by one code
character for its frequency bucket (`chr(65 + round(2 * log2(freq)))`); the
single-character word is the bare code. An `@index` entry is a frequent
two-character word, most frequent first, followed by its reading only when
that is not its characters' first readings (银行yin'hang). Word groups and index rows are decoded
on first use only, which keeps the load well under the time budget.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Iterator
from pathlib import Path

FORMAT_VERSION = 2
LEXICON_FILE = "lexicon.txt"
BUCKET_BASE = 65  # ord("A"): codes stay printable ASCII, never "@" (a section mark)

_INITIALS = (
    "zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h",
    "j", "q", "x", "r", "z", "c", "s", "y", "w",
)  # fmt: skip
# Pairs that input-method users and many dialects do not tell apart.
_FUZZY_INITIAL = {"zh": "z", "ch": "c", "sh": "s", "n": "l"}
_FUZZY_FINAL = {"ang": "an", "eng": "en", "ing": "in", "iang": "ian", "uang": "uan"}


# A plain path rather than importlib.resources: that import alone costs more
# than the whole load budget, and the package is always installed unpacked.
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "textcheck"


def _read_data(name: str) -> bytes:
    return (DATA_DIR / name).read_bytes()


def _data_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a small curated data file."""
    text = _read_data(name).decode("utf-8")
    return [s for line in text.splitlines() if (s := line.strip()) and not s.startswith("#")]


def _data_items(name: str) -> list[str]:
    """Whitespace-separated items of a small curated data file."""
    return [item for line in _data_lines(name) for item in line.split()]


def is_cjk(char: str) -> bool:
    """True for a Han character (basic block, extension A, compatibility, planes 2-3)."""
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
    )


def bucket_of(freq: int) -> int:
    """Frequency bucket: half-steps of log2, enough to rank and to segment."""
    return round(2 * math.log2(max(freq, 1)))


def split_syllable(syllable: str) -> tuple[str, str]:
    """Split a toneless pinyin syllable into initial and final."""
    for initial in _INITIALS:
        if syllable.startswith(initial):
            return initial, syllable[len(initial) :]
    return "", syllable


def fuzzy_initial(syllable: str) -> str:
    """The syllable's initial with the commonly confused ones merged."""
    initial = split_syllable(syllable)[0]
    return _FUZZY_INITIAL.get(initial, initial)


def reading_key(first: str, second: str) -> str:
    """Index key of a two-syllable reading: the two fuzzy initials."""
    return f"{fuzzy_initial(first)}|{fuzzy_initial(second)}"


def near_syllables(a: str, b: str) -> bool:
    """Same or near toneless syllables: fuzzy initials and finals, or a final
    that differs by one trailing letter (`ma`/`mai`, `ji`/`jin`), the usual
    slip when a syllable is typed short or long."""
    if a == b:
        return True
    ia, fa = split_syllable(a)
    ib, fb = split_syllable(b)
    if _FUZZY_INITIAL.get(ia, ia) != _FUZZY_INITIAL.get(ib, ib):
        return False
    fa = _FUZZY_FINAL.get(fa, fa)
    fb = _FUZZY_FINAL.get(fb, fb)
    if fa == fb:
        return True
    shorter, longer = sorted((fa, fb), key=len)
    return bool(shorter) and len(longer) == len(shorter) + 1 and longer.startswith(shorter)


class Lexicon:
    """Word costs for segmentation, character frequencies and readings."""

    def __init__(self, text: str, extra_words: Iterable[str] = (), digest: str = "") -> None:
        # The content digest of the table's file, for what is derived from it.
        self.digest = digest
        head, _, body = text.partition("\n@")
        header: dict[str, str] = {}
        for line in head.split("\n"):
            if line.startswith("#!"):
                header.update(item.partition("=")[::2] for item in line[2:].split())
        if int(header.get("format", "0")) != FORMAT_VERSION:
            raise ValueError(f"lexicon format {header.get('format')} is not {FORMAT_VERSION}")
        sections: dict[str, str] = {}
        for part in body.split("\n@"):
            name, _, content = part.partition("\n")
            sections[name] = content
        self.total = int(header["total"])
        self.max_word_len = int(header["max_word_len"])
        self.rare_char_freq = int(header["rare_char_freq"])
        self._log_total = math.log(self.total)
        chars = sections["chars"]
        self._chars, self._freqs = chars, sections["freqs"]
        self._raw_readings: dict[str, str] = dict(
            zip(chars, sections["readings"].split(" "), strict=True)
        )
        self._raw_groups: dict[str, str] = dict(
            zip(chars, sections["words"].split("\n"), strict=True)
        )
        self._raw_index: dict[str, str] = dict(
            line.split("\t", 1) for line in sections["index"].rstrip("\n").split("\n")
        )
        self._groups: dict[str, dict[str, float]] = {}
        self._pairs: dict[str, dict[str, float]] = {}
        # Cost of every bucket code, so decoding a group is one comprehension.
        self._code_cost = {chr(BUCKET_BASE + b): self._cost_of_bucket(b) for b in range(64)}
        self._index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        self._extra: dict[str, dict[str, float]] = {}
        # Curated words get the cost of a moderately frequent word (bucket of 64).
        extra_cost = self._cost_of_bucket(bucket_of(64))
        for word in extra_words:
            self._extra.setdefault(word[0], {})[word[1:]] = extra_cost

    @functools.cached_property
    def char_freq(self) -> dict[str, int]:
        """Each character's summed word frequency."""
        return dict(zip(self._chars, map(int, self._freqs.split(" ")), strict=True))

    @functools.cached_property
    def common_chars(self) -> frozenset[str]:
        """Characters common enough never to count as rare: one set lookup
        settles almost every character of a field. The shipped table's are
        kept in the compiled-data cache: their frequencies need not be read."""
        if not self.digest:
            return frozenset(self._common_chars())
        from perfgoals.compiled import derived_table

        table = derived_table(
            "textcheck-common", self.digest, lambda: {"chars": self._common_chars()}
        )
        return frozenset(table.get("chars", ""))

    def _common_chars(self) -> str:
        return "".join(c for c, freq in self.char_freq.items() if freq >= self.rare_char_freq)

    def _cost_of_bucket(self, bucket: int) -> float:
        return self._log_total - bucket * math.log(2) / 2

    def group(self, first: str) -> dict[str, float]:
        """Costs of the lexicon words starting with `first`, by their rest."""
        return self._group(first)

    def _group(self, first: str) -> dict[str, float]:
        group = self._groups.get(first)
        if group is None:
            raw = self._raw_groups.get(first, "")
            cost = self._code_cost
            group = {entry[:-1]: cost[entry[-1]] for entry in raw.split(" ")} if raw else {}
            for rest, extra in self._extra.get(first, {}).items():
                group.setdefault(rest, extra)
            self._groups[first] = group
        return group

    def words_beginning(self, first: str, second: str) -> dict[str, float]:
        """Like `group(first)`, for the one-character word and the words whose
        second character is `second` only (none with `second` empty): a
        segmentation asks no other, and decoding a common character's whole
        group (thousands of words) for them is most of a short check's time.
        The words of a group are written in order, so those with one second
        character stand together and are found by two searches of the line."""
        group = self._groups.get(first)
        if group is not None:
            return group  # decoded already: it holds these words too
        key = first + second
        found = self._pairs.get(key)
        if found is not None:
            return found
        if second and second < "\x80":  # the frequency codes are ASCII: only Han is sure
            return self._group(first)
        line = self._raw_groups.get(first, "")
        cost = self._code_cost
        found = {}
        space = line.find(" ")
        head = line if space < 0 else line[:space]
        if len(head) == 1:  # the one-character word: its code alone, written first
            found[""] = cost[head]
        start = 0 if line.startswith(second) else line.find(" " + second) + 1
        if second and (start > 0 or line.startswith(second)):
            last = max(start, line.rfind(" " + second) + 1)
            end = line.find(" ", last)
            for entry in line[start : end if end >= 0 else len(line)].split(" "):
                found[entry[:-1]] = cost[entry[-1]]
        for rest, extra in self._extra.get(first, {}).items():
            if not rest or (second and rest.startswith(second)):
                found.setdefault(rest, extra)
        self._pairs[key] = found
        return found

    def is_rare(self, char: str) -> bool:
        """A Han character that (almost) never occurs in modern text."""
        return char not in self.common_chars and is_cjk(char)

    def readings(self, char: str) -> tuple[str, ...]:
        """Toneless pinyin readings of a character (all heteronyms)."""
        raw = self._raw_readings.get(char, "-")
        return () if raw == "-" else tuple(raw.split(","))

    def word_cost(self, word: str) -> float | None:
        """Negative log probability of a lexicon word, None if not a word."""
        if not word:
            return None
        return self.words_beginning(word[0], word[1:2]).get(word[1:])

    def cost(self, word: str) -> float:
        """Like `word_cost`, with infinity for a non-word: a ranking key."""
        cost = self.word_cost(word)
        return math.inf if cost is None else cost

    def is_word(self, word: str) -> bool:
        """True for a lexicon word (of any length)."""
        return self.word_cost(word) is not None

    def words_at(self, text: str, start: int) -> Iterator[tuple[int, float]]:
        """(end, cost) of every lexicon word of two or more characters at `start`."""
        group = self.words_beginning(text[start], text[start + 1 : start + 2])
        stop = min(len(text), start + self.max_word_len)
        for end in range(start + 2, stop + 1):
            cost = group.get(text[start + 1 : end])
            if cost is not None:
                yield end, cost

    def covered(self, text: str, pos: int) -> bool:
        """True when a word of two or more characters in `text` covers
        `text[pos]`: the character is part of a real word there."""
        return any(
            end > pos
            for start in range(max(0, pos - self.max_word_len + 1), pos + 1)
            for end, _cost in self.words_at(text, start)
        )

    def segment(self, text: str) -> tuple[list[str], float]:
        """Most probable segmentation of a Han string (unigram, as jieba does
        for words it knows) and its cost. Unknown characters stand alone."""
        n = len(text)
        best = [0.0] + [math.inf] * n
        back = [0] * (n + 1)
        unknown = self._log_total + 2.0  # rarer than anything the table holds
        max_len = self.max_word_len
        for i in range(n):
            base = best[i]
            # The words at i, as `words_at` gives them, looked up in place:
            # this loop is most of a check's time.
            group = self.words_beginning(text[i], text[i + 1 : i + 2])
            single = group.get("", unknown)
            if base + single < best[i + 1]:
                best[i + 1] = base + single
                back[i + 1] = i
            for end in range(i + 2, min(n, i + max_len) + 1):
                cost = group.get(text[i + 1 : end])
                if cost is not None and base + cost < best[end]:
                    best[end] = base + cost
                    back[end] = i
        words: list[str] = []
        end = n
        while end > 0:
            words.append(text[back[end] : end])
            end = back[end]
        words.reverse()
        return words, best[n]

    def two_char_words(self, first: Iterable[str], second: Iterable[str]) -> list[str]:
        """Frequent two-character words whose reading is near one of
        `first` x `second`, most frequent first, without duplicates."""
        firsts = tuple(first)
        seconds = tuple(second)
        seen: dict[str, None] = {}
        for key in dict.fromkeys(reading_key(a, b) for a in firsts for b in seconds):
            for word, syllables in self._index_entries(key):
                if word in seen:
                    continue
                if any(near_syllables(syllables[0], a) for a in firsts) and any(
                    near_syllables(syllables[1], b) for b in seconds
                ):
                    seen[word] = None
        return sorted(seen, key=lambda word: (self.cost(word), word))

    def _plain(self, word: str) -> tuple[str, ...]:
        return tuple(self.readings(char)[0] if self.readings(char) else "" for char in word)

    def _index_entries(self, key: str) -> list[tuple[str, tuple[str, ...]]]:
        entries = self._index.get(key)
        if entries is None:
            raw = self._raw_index.get(key, "")
            entries = [
                (item[:2], tuple(item[2:].split("'")) if len(item) > 2 else self._plain(item))
                for item in raw.split(" ")
                if item
            ]
            self._index[key] = entries
        return entries


@functools.cache
def load_lexicon() -> Lexicon:
    """The shipped lexicon, read on first use and kept for the process."""
    from perfgoals.compiled import content_digest

    raw = _read_data(LEXICON_FILE)
    return Lexicon(
        raw.decode("utf-8"), extra_words=(*extra_words(), *domain_words()), digest=content_digest(raw)
    )


@functools.cache
def confusion_pairs() -> tuple[tuple[str, str], ...]:
    """Curated (wrong, right) pairs from `confusions.tsv`."""
    pairs: list[tuple[str, str]] = []
    for line in _data_lines("confusions.tsv"):
        wrong, right = line.split("\t")
        pairs.append((wrong.strip(), right.strip()))
    return tuple(pairs)


@functools.cache
def particles() -> frozenset[str]:
    """Chat and modal particle characters."""
    return frozenset(_data_lines("particles.txt"))


@functools.cache
def surnames() -> frozenset[str]:
    """Common single-character surnames."""
    return frozenset(_data_items("surnames.txt"))


@functools.cache
def dangling_words() -> frozenset[str]:
    """Prepositions and conjunctions that cannot end a clause."""
    return frozenset(_data_lines("dangling.txt"))


@functools.cache
def extra_words() -> tuple[str, ...]:
    """Curated real words the generated table lacks."""
    return tuple(_data_lines("extra_words.txt"))


@functools.cache
def domain_words() -> tuple[str, ...]:
    """Budget and finance terms of art, segmented as words and never "corrected"."""
    return tuple(_data_items("domain_words.txt"))


@functools.cache
def domain_suffixes() -> tuple[str, ...]:
    """Organisation and place suffixes: the name in front of one is left alone."""
    return tuple(_data_items("domain_suffixes.txt"))


@functools.cache
def traditional_chars() -> frozenset[str]:
    """Frequent traditional-script characters."""
    return frozenset(_data_items("traditional.txt"))


@functools.cache
def place_chars() -> frozenset[str]:
    """One-character abbreviations of provinces and regions."""
    return frozenset(_data_items("place_chars.txt"))
