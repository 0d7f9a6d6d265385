"""Text whose cell boundaries were lost, cut back into cells.

A line of a text export may hold several cells: separated by spaces (a row
per line), or fused with no separator at all where a page was copied as text
(``项目名称校舍维修主管部门教育局``). :func:`tokens` yields the cells of a run
of paragraphs and tables in reading order, cutting lines at their spaces or,
where the cells were fused, at the labels, category names and titles inside
them. Matching is on normalised text (no spaces, simplified characters); the
cells keep the text as written.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import regex

from perfgoals.builder.labels import LabelTable
from perfgoals.read.grid import Block, Origin, Paragraph
from perfgoals.textnorm import simplified


@dataclass
class Token:
    """One cell's text and where it stands. ``fused``: cut from text whose cells
    ran together, so figures may still be fused to the name before them."""

    text: str
    origin: Origin
    fused: bool = False


def is_anchor(text: str, labels: LabelTable) -> bool:
    """A label of the template or a category name, as the whole text."""
    return labels.is_label(text) or labels.is_category(text)


def tokens(blocks: Iterable[Block], labels: LabelTable) -> Iterator[Token]:
    lines: list[tuple[str, Origin]] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append((block.text, block.origin))
        elif block.stream:
            yield from _joined_lines(lines, labels)
            lines = []
            for row in block.rows:
                for cell in row.cells:
                    yield Token(cell.text.strip(), cell.origin)
        else:
            # A table whose cells are whole lines of text (an export that
            # put a row on a line): each line splits into its cells.
            lines += [(cell.text, cell.origin) for row in block.rows for cell in row.cells]
    yield from _joined_lines(lines, labels)


def _joined_lines(lines: list[tuple[str, Origin]], labels: LabelTable) -> Iterator[Token]:
    """Lines split into cells; fused lines that follow each other are one text
    (a page of a document copied as text breaks its rows at the page's end),
    without the page's ordinal in front (2、…)."""
    run: list[str] = []
    origin = Origin()
    for text, where in [*lines, ("", Origin())]:
        if _fused(text, labels) and sum(map(len, run)) + len(text) <= MAX_FUSED_LINE:
            if not run:
                origin = where
            run.append(_PAGE_ORDINAL.sub("", text.strip()) if run else text.strip())
            continue
        if run:
            yield from _line_tokens("".join(run), origin, labels)
            run = []
        if text.strip():
            yield from _line_tokens(text, where, labels)


def _fused(text: str, labels: LabelTable) -> bool:
    """Long text with its cells run together (not spaced between them); text
    longer than any table row is prose or noise and never looked into."""
    if not _MIN_FUSED_TEXT <= len(text) <= MAX_FUSED_LINE:
        return False
    pieces = text.split()
    return len(pieces) < 2 or not _spaced(pieces) or _labels_broken(text, labels)


_MIN_FUSED_TEXT = 100
_PAGE_ORDINAL = regex.compile(r"^\d{1,3}、")


def _line_tokens(text: str, origin: Origin, labels: LabelTable) -> Iterator[Token]:
    """A line's cells: split where it has spaces between cells, and where its
    cells were fused with no separator at all, at the labels inside it."""
    text = text.strip()
    if not text:
        return
    if len(text) > MAX_FUSED_LINE:
        yield Token(text, origin)  # no table row is this long: prose or noise
        return
    pieces = text.split()
    if len(pieces) > 1 and _spaced(pieces) and not _labels_broken(text, labels):
        for piece in _join_label_pieces(pieces, labels):
            yield from _fused_tokens(piece, origin, labels, fused=False)
        return
    yield from _fused_tokens(text, origin, labels, fused=True)


def _spaced(pieces: list[str]) -> bool:
    """Spaces stand between cells (short pieces, or a short line of a few: a
    row per line) rather than inside fused text (long runs broken by a stray
    space where a printed line wrapped)."""
    if len(pieces) <= _MAX_ROW_PIECES and sum(map(len, pieces)) <= _MAX_ROW_LINE:
        return True
    return sum(len(p) for p in pieces) / len(pieces) <= _MAX_SPACED_PIECE


_MAX_ROW_PIECES = 8
_MAX_ROW_LINE = 200


_MAX_SPACED_PIECE = 16


def _labels_broken(text: str, labels: LabelTable) -> bool:
    """Spaces that fall inside labels run on into the next cell (质量 指标县级…):
    the text was wrapped where it was printed, not spaced between cells."""
    for start, end in _anchor_spans(text, labels, with_tail=False):
        if (
            any(ch.isspace() for ch in text[start:end])
            and end < len(text)
            and not (text[end].isspace())
        ):
            return True
    return False


# Longer text is never split into cells: a whole fused page of a filing is a
# few thousand characters, and the split is linear but not free.
MAX_FUSED_LINE = 100_000


def _join_label_pieces(pieces: list[str], labels: LabelTable) -> list[str]:
    """Pieces of one label that spaces broke apart (绩 效 指 标, 项目资金 (万元))."""
    joined: list[str] = []
    index = 0
    while index < len(pieces):
        for end in range(min(len(pieces), index + 5), index + 1, -1):
            candidate = "".join(pieces[index:end])
            if is_anchor(candidate, labels) and not all(
                is_anchor(p, labels) for p in pieces[index:end]
            ):
                joined.append(candidate)
                index = end
                break
        else:
            joined.append(pieces[index])
            index += 1
    return joined


def _fused_tokens(text: str, origin: Origin, labels: LabelTable, fused: bool) -> Iterator[Token]:
    """A piece of text split at the labels inside it, where it holds at least
    two (a row whose cells were fused: 项目名称校舍维修主管部门教育局)."""
    if is_anchor(text, labels) or (
        len(text) <= _MAX_LABEL_CHARS and not _labels_only(text, labels)
    ):
        yield Token(text, origin, fused)
        return
    # A title and a label that start together: the title (绩效目标自评表).
    spans = sorted(
        [*_anchor_spans(text, labels), *_title_spans(text), *_note_spans(text)],
        key=lambda span: (span[0], -span[1]),
    )
    if len(spans) < 2:
        yield Token(text, origin, fused)
        return
    position = 0
    for start, end in spans:
        if start < position:
            continue  # inside a title
        if text[position:start].strip():
            yield Token(text[position:start].strip(), origin, fused)
        yield Token(text[start:end].strip(), origin)
        position = end
    if text[position:].strip():
        yield Token(text[position:].strip(), origin, fused)


_MAX_LABEL_CHARS = 24
_MIN_HEADER_RUN = 3


def _labels_only(text: str, labels: LabelTable) -> bool:
    """A short text that is column labels back to back and nothing else
    (指标名称指标说明目标值分值备注): a header whose cells were fused. The last
    may be a short column label that is no anchor (备注)."""
    position = 0
    count = 0
    for start, end in sorted(_anchor_spans(text, labels, with_tail=False)):
        if start != position:
            return False
        position, count = end, count + 1
    rest = text[position:]
    if rest and labels.indicator_column(rest) is None:
        return False
    return count + bool(rest) >= _MIN_HEADER_RUN


# The end of a title in fused text: …绩效目标表(2023年度), …绩效自评表（2020 年度）.
_TITLE_END = regex.compile(
    r"绩效(?:目标|自评|评价指标)(?:申报|审批|批复|自评)?表\s*(?:[(（]\s*\d{4}\s*年度?\s*[)）]|\d{4}\s*年度)?"
)
_TITLE_STARTS: list[regex.Pattern[str]] = []


def _title_start() -> regex.Pattern[str]:
    """Where a fused title starts: after a sentence, a numbered page mark (1、)
    or the last figure before it, with the figure's unit (=95百分比, 20万元)."""
    if not _TITLE_STARTS:
        from perfgoals.targets import lexicon

        # One-character units begin words too (项目, 个人): only longer ones and symbols.
        units = sorted(
            (u for u in lexicon().units if len(u) >= 2 or not regex.match(r"\p{Han}", u)),
            key=len,
            reverse=True,
        )
        unit = "|".join(regex.escape(u) for u in units)
        _TITLE_STARTS.append(regex.compile(rf"(?:^|[。；;！!]|\d+、|\d(?:{unit})?(?=\p{{Han}}))"))
    return _TITLE_STARTS[0]


def _title_spans(text: str) -> Iterator[tuple[int, int]]:
    """Titles standing inside fused text, as (start, end)."""
    for match in _TITLE_END.finditer(text):
        starts = [m.end() for m in _title_start().finditer(text, 0, match.start())]
        start = max(starts, default=0)
        if match.end() - start <= _MAX_TITLE_CHARS:
            yield start, match.end()


_MAX_TITLE_CHARS = 60


# The numbered notes under a table, run on after its last row (…总分100注:1.…):
# the table ends there, so they start a cell of their own.
_NOTES = regex.compile(r"(?:备注|注)\s*[:：]\s*\d{1,2}\s*[.、．]")


def _note_spans(text: str) -> Iterator[tuple[int, int]]:
    for match in _NOTES.finditer(text):
        yield match.start(), match.end()


_PATTERNS: dict[int, regex.Pattern[str]] = {}
_SHORT_COLUMNS = frozenset({"分值", "得分", "权重"})


def _anchor_pattern(labels: LabelTable) -> regex.Pattern[str]:
    """Every label and category name of three characters or more, longest
    first, matched in normalised text (no spaces, simplified characters)."""
    pattern = _PATTERNS.get(id(labels))
    if pattern is None:
        pattern = _PATTERNS[id(labels)] = _compile_anchors(labels)
    return pattern


def _compile_anchors(labels: LabelTable) -> regex.Pattern[str]:
    words = {
        key
        for table in (
            labels.fields,
            labels.others,
            labels.sections,
            labels.amount_columns,
            labels.indicator_columns,
            labels.grid_sections,
        )
        for key in table
        # 执行率 and the like end many indicator names (严格执行率): no anchor.
        if len(key) >= 3 and not key.endswith("率")
    }
    # Short column headers that fused headers run together (分值得分权重).
    words |= {key for key in labels.indicator_columns if key in _SHORT_COLUMNS}
    # Column headers with a horizon in front (年度指标值, 长期指标值).
    words |= {
        marker + key
        for marker in labels.horizon_markers
        for key, name in labels.indicator_columns.items()
        if name in ("target", "level2", "level3") and len(key) >= 3
    }
    words |= {f"{name}指标" for name in (*labels.level1, *labels.level2)}
    ordered = sorted(words, key=len, reverse=True)
    # A label right before 表 is a word of a title (…绩效目标表), no label.
    return regex.compile("(?:" + "|".join(regex.escape(word) for word in ordered) + ")(?!表)")


_TITLE_KINDS = ("自评表", "申报表", "审批表", "批复表")

# After a label in fused text: its unit in brackets or a colon.
_LABEL_TAIL = regex.compile(
    r"\s*(?:[(（]\s*(?:万元|元|\d+(?:\.\d+)?\s*分|[A-Z](?:/[A-Z])?(?:×100%)?)\s*[)）]|[:：])"
)


def _anchor_spans(
    text: str, labels: LabelTable, with_tail: bool = True
) -> Iterator[tuple[int, int]]:
    """Where the labels stand in ``text`` (positions in the text as written)."""
    folded: list[str] = []
    where: list[int] = []
    table = simplified()
    for index, char in enumerate(text):
        if char.isspace() or char == "*":
            continue
        for part in unicodedata.normalize("NFKC", char).translate(table):
            folded.append(part)
            where.append(index)
    normal = "".join(folded)
    level1 = sorted(labels.level1, key=len, reverse=True)
    for match in _anchor_pattern(labels).finditer(normal):
        if normal.startswith(_TITLE_KINDS, match.end()):
            continue  # a word of a title (…绩效目标自评表), no label
        first = match.start()
        if match.group().endswith("指标"):
            # 产出数量指标: a 一级 stem glued in front belongs to the name.
            stem = next((w for w in level1 if normal[:first].endswith(w)), "")
            first -= len(stem)
        start, end = where[first], where[match.end() - 1] + 1
        tail = _LABEL_TAIL.match(text, end) if with_tail else None
        yield start, tail.end() if tail else end


def table_end(tokens: list[Token], first: int, last_anchor: int) -> int:
    """Where the table's cells end: its last anchor's row, up to the first
    long note (注：…) after it; and before the notes under the table (备注：,
    注：), whatever labels their prose names."""
    for index in range(first + 1, last_anchor + 1):
        if _NOTES_HEADING.match(tokens[index].text):
            return index - 1
    end = last_anchor
    for index in range(last_anchor + 1, len(tokens)):
        text = tokens[index].text
        if text.startswith(("注", "备注", "说明")) and len(text) > 30:
            break
        end = index
    return end


# The heading of the notes under a table: 备注： or 注： alone, or opening a
# numbered note (注：1.…).
_NOTES_HEADING = regex.compile(r"^(?:备注|注)\s*[:：]\s*(?:$|\d+\s*[.、．])")
