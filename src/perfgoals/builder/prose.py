"""Indicators written as prose: a notice that sets its goals in sentences.

Some filings are published as a notice rather than a table: the indicators
stand under numbered headings (``一、产出指标``), each 二级 category named and
followed by a colon, its indicators one after another with their targets::

    一、产出指标
    数量指标：新建围栏长度≥300米；验收合格率100%。时效指标：完成及时率100%。

:func:`prose_indicators` reads such text into the rows of an indicator grid
(一级 | 二级 | 三级 | 指标值), so that the rules read them like any table. A
target is the figure that ends an item (comparator, number, unit); an item
with no figure is a qualitative indicator with an empty target, as written.
"""

from __future__ import annotations

import regex

from perfgoals.builder.labels import LabelTable
from perfgoals.read.grid import Block, Cell, Origin, Paragraph, Row, Table

_NUMBERED_HEADING = regex.compile(r"^[一二三四五六七八九十]+\s*[、.．]\s*")
# An item ends at a full stop or semicolon, or at a comma right after its target.
_ITEM_END = regex.compile(r"[;；。]")
_COMMA = regex.compile(r"[,，]")
_TRAILING_TARGET = regex.compile(
    r"(?:[≥≤><=＞＜]=?|不低于|不少于|不高于|不超过)?\s*\d+(?:\.\d+)?\s*"
    r"(?:%|％|‰|\p{Han}{1,3})?(?:/\p{Han}{1,2})?\s*$"
)
_MAX_ITEM = 80
# What a notice states in the sentences above its indicators: the project it
# carries out (实施…项目), the money it is given (资金50万元), its goal (项目总体
# 绩效目标是：…。); and the project its title is about (关于…绩效目标设定的公示).
_NOTICE_PROJECT = regex.compile(r"实施\s*([^,，。；;：:、]{4,60}?项目)\s*[,，。；;]")
_NOTICE_TITLE = regex.compile(
    r"^关于(.{4,60}?)(?:的)?绩效目标(?:设定|申报|编制)?(?:情况)?的?(?:公示|公告|通知)$"
)
_NOTICE_MONEY = regex.compile(
    r"(?:资金|投资|经费)(?:共计|合计|总额|总计)?\s*(\d+(?:\.\d+)?\s*(?:万元|元))"
)
_NOTICE_GOAL = regex.compile(r"(?:总体|年度)?绩效目标(?:是|为)\s*[:：]\s*([^。]{4,300}。?)")
_MIN_ROWS = 2
_HEADER = ("一级指标", "二级指标", "三级指标", "指标值")


def prose_indicators(
    paragraphs: list[Paragraph], labels: LabelTable
) -> tuple[Table, int, int] | None:
    """An indicator grid read from prose, with the indexes of the first and the
    last paragraph it was read from; None where the text has none."""
    pattern = _category_pattern(labels)
    rows: list[Row] = []
    level1 = ""
    used: list[int] = []
    for number, paragraph in enumerate(paragraphs):
        text = paragraph.text.strip()
        heading = _NUMBERED_HEADING.sub("", text).strip(" ：:")
        if heading != text and labels.category_levels(heading) & {1}:
            level1 = heading
            used.append(number)
            continue
        matches = list(pattern.finditer(text))
        for index, match in enumerate(matches):
            end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
            level2 = match.group(1) or match.group(2)
            for item in _items(text[match.end() : end]):
                name, target = _split_target(item)
                if name:
                    rows.append(_row((level1, level2, name, target), paragraph.origin))
                    used.append(number)
    if len(rows) < _MIN_ROWS:
        return None
    origin = paragraphs[used[0]].origin
    table = Table(rows=[_row(_HEADER, origin), *rows], origin=origin, recovered=True)
    return table, used[0], used[-1]


def has_level1_heading(blocks: list[Block], labels: LabelTable) -> bool:
    """Whether a table's cells hold a numbered 一级 heading (一、产出指标): a
    notice printed one paragraph per line, read as cells."""
    for block in blocks:
        if isinstance(block, Paragraph):
            continue
        for row in block.rows:
            for cell in row.cells:
                text = cell.text
                if len(text) <= _MAX_HEADING and text[:1] in _NUMERALS:
                    heading = _NUMBERED_HEADING.sub("", text).strip(" ：:")
                    if heading != text and 1 in labels.category_levels(heading):
                        return True
    return False


_MAX_HEADING = 16
_NUMERALS = frozenset("一二三四五六七八九十")


def _category_pattern(labels: LabelTable) -> regex.Pattern[str]:
    """A 二级 category name followed by a colon (数量指标：), or with its 指标 or
    目标 and a comma (可持续影响指标，); a bare word before a comma is prose."""
    names = sorted((n for n in labels.level2 if len(n) >= 2), key=len, reverse=True)
    alternation = "|".join(regex.escape(n) for n in names)
    return regex.compile(
        rf"((?:{alternation})(?:指标|目标))\s*[:：,，]|((?:{alternation}))\s*[:：]"
    )


def _items(text: str) -> list[str]:
    items: list[str] = []
    for part in _ITEM_END.split(text):
        start = 0
        for comma in _COMMA.finditer(part):
            if _TRAILING_TARGET.search(part[start : comma.start()]):
                items.append(part[start : comma.start()])
                start = comma.end()
        items.append(part[start:])
    stripped = [item.strip(" ,，、") for item in items]
    return [item for item in stripped if item and len(item) <= _MAX_ITEM]


def _split_target(item: str) -> tuple[str, str]:
    """(name, target): the figure that ends the item is its target."""
    match = _TRAILING_TARGET.search(item)
    if match is None or match.start() == 0:
        return item.strip(), ""
    return item[: match.start()].strip(" ：:，,"), match.group().strip()


def _row(texts: tuple[str, ...], origin: Origin) -> Row:
    return Row(
        cells=[Cell(text=text, col=col, origin=origin) for col, text in enumerate(texts)],
        origin=origin,
    )


def notice_fields(blocks: list[Block]) -> list[Row]:
    """Field rows (项目名称, 资金总额, 绩效目标) read from the sentences of a notice
    above its prose indicators; a field stated twice in different words, or
    not at all, is left out."""
    texts: list[tuple[str, Origin]] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            texts.append((block.text.strip(), block.origin))
        else:
            texts += [(c.text.strip(), c.origin) for r in block.rows for c in r.cells]
    rows: list[Row] = []
    names = {m.group(1).strip() for text, _ in texts for m in _NOTICE_PROJECT.finditer(text)}
    titled = {m.group(1).strip() for text, _ in texts if (m := _NOTICE_TITLE.match(text))}
    name = _only(names) or (_only(titled) if not names else None)
    for label, found in (
        ("项目名称", name),
        ("资金总额", _only({m.group(1) for t, _ in texts for m in _NOTICE_MONEY.finditer(t)})),
        ("绩效目标", _only({m.group(1) for t, _ in texts for m in _NOTICE_GOAL.finditer(t)})),
    ):
        if found is not None:
            origin = next((o for t, o in texts if found in t), Origin())
            rows.append(_row((label, found), origin))
    return rows


def _only(found: set[str]) -> str | None:
    return next(iter(found)) if len(found) == 1 else None
