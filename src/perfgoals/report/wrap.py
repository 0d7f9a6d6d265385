"""Line breaking for mixed Chinese and Latin text on a terminal.

A CJK character takes two columns and may break anywhere, a Latin word only
at spaces; closing punctuation (，。、；：！？）」』 …) never starts a line and
opening brackets never end one, as Chinese typesetting (禁则) requires. Lines
after the first hang at ``indent`` columns. Styled spans (text, style) keep
their style across the break, so the text report wraps before colouring.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from unicodedata import category, east_asian_width

Span = tuple[str, str]  # text, rich style ("" for none)

# Never at the start of a line.
NO_START = frozenset("，。、；：！？）」』】〕》〉”’…—·‥〟｝］｝％‰,.;:!?)]}%、〜～ー・")
# Never at the end of a line.
NO_END = frozenset("（「『【〔《〈“‘([{")


def char_width(char: str) -> int:
    if category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if east_asian_width(char) in ("W", "F") else 1


def text_width(text: str) -> int:
    return sum(char_width(char) for char in text)


def _is_wide(char: str) -> bool:
    return east_asian_width(char) in ("W", "F")


def _tokens(spans: Sequence[Span]) -> Iterator[tuple[str, str]]:
    """Break opportunities: a run of spaces, a Latin word, or one wide character
    (with the no-start punctuation glued to what precedes it later)."""
    for text, style in spans:
        word = ""
        for char in text:
            if char == " " or _is_wide(char) or (
                not char.isascii() and (char in NO_START or char in NO_END)
            ):
                if word:
                    yield word, style
                    word = ""
                yield char, style
            else:
                word += char
        if word:
            yield word, style


def _glued(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A number stays with the Chinese word before it: ``错误 1`` never breaks."""
    out: list[tuple[str, str]] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if (
            token[0] == " "
            and out
            and index + 1 < len(tokens)
            and _is_wide(out[-1][0][-1:] or " ")
            and tokens[index + 1][0][:1].isdigit()
            and out[-1][1] == token[1] == tokens[index + 1][1]
        ):
            out[-1] = (out[-1][0] + " " + tokens[index + 1][0], token[1])
            index += 2
            continue
        out.append(token)
        index += 1
    return out


def _split_long(token: str, width: int) -> list[str]:
    pieces: list[str] = []
    current = ""
    for char in token:
        if current and text_width(current + char) > width:
            pieces.append(current)
            current = ""
        current += char
    if current:
        pieces.append(current)
    return pieces


def _merge(tokens: list[tuple[str, str]]) -> list[Span]:
    spans: list[Span] = []
    for text, style in tokens:
        if spans and spans[-1][1] == style:
            spans[-1] = (spans[-1][0] + text, style)
        else:
            spans.append((text, style))
    return spans


def wrap_spans(spans: Sequence[Span], width: int | None, indent: int = 0) -> list[list[Span]]:
    """Lines of spans no wider than ``width`` (None: one line, unbroken);
    continuation lines start with ``indent`` spaces."""
    if width is None or text_width("".join(text for text, _ in spans)) <= width:
        return [list(spans)]
    indent = min(indent, max(width // 2, 0))
    lines: list[list[tuple[str, str]]] = []
    line: list[tuple[str, str]] = []
    used = 0
    room = width

    def finish() -> None:
        nonlocal line, used, room
        while line and line[-1][0] == " ":
            line.pop()
        lines.append(line)
        line = []
        used = 0
        room = width - indent

    for token, style in _glued(list(_tokens(spans))):
        size = text_width(token)
        if token == " " and not line and lines:
            continue  # no space at a continuation line's start
        if size > room:  # a word longer than a whole line
            for piece in _split_long(token, room):
                if used and used + text_width(piece) > room:
                    finish()
                line.append((piece, style))
                used += text_width(piece)
            continue
        if used + size <= room or token == " ":
            line.append((token, style))
            used += size
            continue
        # Break before this token, moving back past anything that must not
        # end a line or that the token (or what follows) must not start.
        carry: list[tuple[str, str]] = [(token, style)]
        while line and (carry[0][0] in NO_START or line[-1][0] in NO_END):
            if len(line) == 1:
                break
            carry.insert(0, line.pop())
        finish()
        for item in carry:
            if item[0] == " " and not line:
                continue
            line.append(item)
            used += text_width(item[0])
    if line:
        finish()
    pad = " " * indent
    result: list[list[Span]] = []
    for number, tokens in enumerate(lines):
        merged = _merge(tokens)
        if number and indent:
            merged.insert(0, (pad, ""))
        result.append(merged)
    return result


def wrap_text(text: str, width: int | None, indent: int = 0) -> list[str]:
    return ["".join(t for t, _ in line) for line in wrap_spans([(text, "")], width, indent)]
