"""PG6xx: text quality — typos, truncated clauses, headings pasted into fields,
document numbers and text written for another level of government.

The engine (``perfgoals.textcheck``) is imported inside the rule functions,
so its data loads only when a PG6xx rule actually runs, once per process.
PG604 and PG605 read their words from ``data/government.toml``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from functools import cache, lru_cache
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from perfgoals.compiled import load_toml
from perfgoals.rules.common import goal_texts
from perfgoals.rules.registry import Doc, Hit, RuleContext, rule
from perfgoals.targets import alternation
from perfgoals.textnorm import TEXT_MEMO_SIZE

if TYPE_CHECKING:
    from perfgoals.model import Filing, ProjectTable
    from perfgoals.textcheck.typos import TypoHit

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "government.toml"

# Free-text fields a filer writes (never label or category cells).
_FIELD_LABELS = {
    "purpose": "资金用途",
    "goals": "绩效目标",
    "description": "绩效指标描述",
    "level3": "三级指标",
    "basis": "指标值确定依据",
    "target": "指标值",
    "project_name": "项目名称",
}


# The fields PG602 and PG603 read: prose, where a sentence can be cut or pasted.
_PROSE_FIELDS = ("purpose", "goals", "description", "basis")
_ALL_FIELDS = ("project_name", "purpose", "goals", "level3", "description", "target", "basis")
_INDICATOR_FIELDS = ("level3", "description", "target", "basis")

_T = TypeVar("_T")
# The indicator's free texts, in _INDICATOR_FIELDS order, in one call.
_INDICATOR_TEXTS = attrgetter(*_INDICATOR_FIELDS)


def _flagged_texts(
    table: ProjectTable, fields: tuple[str, ...], check: Callable[[str], _T]
) -> Iterator[tuple[str, str, int | None, int | None, str, _T]]:
    """(field label, text, indicator row, line, key, what ``check`` found) for
    each free-text value of ``fields`` in which ``check`` finds something, in
    table order. Findings are rare and filings repeat their texts, so only a
    text with a finding is described (``check`` is a memoised function)."""
    if "project_name" in fields and table.project_name:
        found = check(table.project_name)
        if found:
            yield _FIELD_LABELS["project_name"], table.project_name, None, None, "name", found
    if "purpose" in fields and table.purpose:
        found = check(table.purpose)
        if found:
            yield _FIELD_LABELS["purpose"], table.purpose, None, None, "purpose", found
    if "goals" in fields:
        for index, goal in enumerate(table.goals or [], start=1):
            found = check(goal.text)
            if found:
                label = _FIELD_LABELS["goals"]
                yield label, goal.text, None, goal.source.line, f"goal{index}", found
    names = [name for name in _INDICATOR_FIELDS if name in fields]
    for ind in table.indicators or []:
        for name in names:
            value = getattr(ind, name)
            if value:
                found = check(value)
                if found:
                    yield _FIELD_LABELS[name], value, ind.row, ind.source.line, name, found


def _filing_texts(filing: Filing) -> Iterator[str]:
    """Every text PG601 reads, in the order of its findings: the tables' free
    texts, then part 1's."""
    for table in filing.tables:
        if table.project_name:
            yield table.project_name
        if table.purpose:
            yield table.purpose
        for goal in table.goals or []:
            yield goal.text
        for ind in table.indicators or []:
            for name in _INDICATOR_FIELDS:
                value = getattr(ind, name)
                if value:
                    yield value
    for text, _line, _key in _department_texts(filing):
        yield text


@rule(
    code="PG601",
    name="typo",
    severity="warning",
    scope="filing",
    options={"allow": []},
    message=(
        "疑似错别字“{found}”，应为“{suggestion}”？（{context}）",
        "Likely typo '{found}', did you mean '{suggestion}'? ({context})",
    ),
    variants={
        "no_suggestion": (
            "疑似错别字“{found}”（{context}）",
            "Likely typo '{found}' ({context})",
        )
    },
    zh=Doc(
        what="表格各字段和第一部分部门整体绩效目标中疑似输入法造成的错别字：现代汉语几乎不用的生僻字、混入正式文字的语气词（吗、呢、吧、啊）、本领域常见的错词（经废→经费、保彰→保障），以及任何同音、近音（含平翘舌、前后鼻音、n/l）或形近的错字——换成常用词后，分词和公文用字模型都明显更通顺时才报告（计续实施→继续）；证据稍弱的，只有同一文件别处写对了这个词才报告。地名、单位名、发文字号和引号内的短名称不改。给出建议用词。离线运行，不联网。",
        why="拼音输入法选错字在绩效目标表中很常见，错字会让目标含义不清，也影响公开文件的严肃性。",
        bad="购吗办公用品；培训经废；保彰校园安全。",
        good="购买办公用品；培训经费；保障校园安全。",
        fix="按建议改正；人名、地名等专有名词可在配置 [rules.PG601] allow 中列出。",
    ),
    en=Doc(
        what="A likely input-method typo in a table field or in part 1's department goals: a character almost never used in modern Chinese, a chat "
        "particle (吗 呢 吧 啊) inside formal text, a known wrong word of the domain (经废→经费), "
        "or any character of the same or a near reading or a look-alike shape whose replacement "
        "both a word segmentation and a character model of official Chinese find much better "
        "(计续实施→继续); weaker evidence is reported only when the filing spells the word "
        "right elsewhere. Names before an organisation suffix, document numbers and short "
        "quoted names are left alone. A correction is suggested. Works offline.",
        why="Pinyin input picks wrong characters often; typos blur the goal and look careless in "
        "a published document.",
        bad="购吗办公用品; 培训经废; 保彰校园安全.",
        good="购买办公用品; 培训经费; 保障校园安全.",
        fix="Apply the suggestion; list names and terms of art in [rules.PG601] allow.",
    ),
)
def typo(filing: Filing, context: RuleContext) -> Iterator[Hit]:
    allow = frozenset(str(term) for term in context.options.get("allow", ()))
    # The filing's whole text, for the weaker hits: joined only if one needs it.
    whole: list[str] = []
    # Filings repeat their texts (the same indicator in many tables): each
    # distinct text is checked once; the result depends on the filing
    # (``whole``), so this memo lives for this filing only.
    typos: dict[str, tuple[TypoHit, ...]] = {}

    def hits_of(text: str) -> tuple[TypoHit, ...]:
        hits = typos.get(text)
        if hits is None:
            strong, weaker = _field_typos(text, allow)
            if weaker:
                if not whole:
                    whole.append("\n".join(_filing_texts(filing)))
                strong = _with_weaker(text, strong, weaker, whole[0])
            hits = typos[text] = strong
        return hits

    for table in filing.tables:
        for label, text, row, line, key, hits in _flagged_texts(table, _ALL_FIELDS, hits_of):
            for hit in hits:
                yield _typo_hit(hit, text, label, key, table, row, line)
    for text, line, key in _department_texts(filing):
        for hit in hits_of(text):
            yield _typo_hit(hit, text, F_DEPARTMENT, key, None, None, line)


@lru_cache(maxsize=TEXT_MEMO_SIZE)
def _field_typos(
    text: str, allow: frozenset[str]
) -> tuple[tuple[TypoHit, ...], tuple[TypoHit, ...]]:
    """A field's confident typos, and the language hits with weaker evidence
    that may join them (overlapping none of them): those are reported where
    the filing spells their corrected word elsewhere (:func:`_with_weaker`)."""
    from perfgoals.textcheck import LANGUAGE, typo_hits

    strong, weak = typo_hits(text, allow)
    weaker = tuple(
        hit
        for hit in weak
        if hit.reason == LANGUAGE
        and hit.suggestion
        and hit not in strong
        and not any(hit.start < other.end and other.start < hit.end for other in strong)
    )
    return strong, weaker


def _with_weaker(
    text: str, strong: tuple[TypoHit, ...], weaker: tuple[TypoHit, ...], whole: str
) -> tuple[TypoHit, ...]:
    """The confident typos and the weaker ones whose corrected word the filing
    (``whole``) writes more often than this field does, in text order."""
    hits = list(strong)
    for hit in weaker:
        assert hit.suggestion is not None
        if whole.count(hit.suggestion) > text.count(hit.suggestion) and not any(
            hit.start < other.end and other.start < hit.end for other in hits
        ):
            hits.append(hit)
    return tuple(sorted(hits, key=lambda hit: (hit.start, hit.end)))


def _typo_hit(
    hit: TypoHit,
    text: str,
    label: str,
    key: str,
    table: ProjectTable | None,
    row: int | None,
    line: int | None,
) -> Hit:
    start, end = max(0, hit.start - 4), min(len(text), hit.end + 4)
    return Hit(
        args={
            "found": hit.found,
            "suggestion": hit.suggestion or "",
            "context": text[start:end].replace("\n", " "),
        },
        field=label,
        indicator_row=row,
        line=line,
        key=f"{key}:{hit.found}",
        suggestion=hit.suggestion,
        variant="default" if hit.suggestion else "no_suggestion",
        table=table,
    )


@rule(
    code="PG602",
    name="truncated-text",
    severity="warning",
    message=(
        "“{text}”以“{word}”结尾，句子似乎没有写完",
        "'{text}' ends on '{word}': the sentence looks cut off",
    ),
    zh=Doc(
        what="自由填写的栏目（绩效目标、资金用途、指标描述、依据）以不能结句的介词或连词结尾，如“按照”“根据”“和”“以及”。",
        why="句子没写完，目标或用途就不完整，多半是复制粘贴时截断了。",
        bad="校舍维修工程按照。",
        good="校舍维修工程按照设计图纸施工。",
        fix="把句子补完整。",
    ),
    en=Doc(
        what="A free-text field (goal, purpose, description, basis) ends on a preposition or "
        "conjunction that cannot end a clause (按照, 根据, 和, 以及 …).",
        why="An unfinished sentence leaves the goal or purpose incomplete; usually a paste cut "
        "short.",
        bad="校舍维修工程按照",
        good="校舍维修工程按照设计图纸施工",
        fix="Finish the sentence.",
    ),
)
def truncated_text(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    for label, text, row, line, key, word in _flagged_texts(
        table, _PROSE_FIELDS, _truncated_ending
    ):
        shown = text if len(text) <= 40 else "…" + text[-40:]
        yield Hit(
            args={"text": shown.replace("\n", " "), "word": word},
            field=label,
            indicator_row=row,
            line=line,
            key=key,
        )


@rule(
    code="PG603",
    name="copied-section-text",
    severity="info",
    message=(
        "“{field}”中含有从其他部分复制来的标题“{heading}”",
        "{field} carries a heading copied from elsewhere: '{heading}'",
    ),
    zh=Doc(
        what="表格栏目中夹带了其他部分的标题或编号，如资金用途中出现“（三）基础教育科。”。",
        why="多半是从部门职责等其他部分整段复制过来的，内容可能与本项目无关。",
        bad="资金用途：……负责全县中小学学籍管理。（三）基础教育科。负责全县中小学日常管理……",
        good="资金用途：用于市政府文稿起草和会务保障的印刷费、会议费。",
        fix="删去复制来的标题，只写与本项目相关的内容。",
    ),
    en=Doc(
        what="A table field carries a heading or list marker copied from another part of the "
        "filing, e.g. a purpose containing '（三）基础教育科。'.",
        why="Usually a paragraph pasted from the department's duties; it may not describe this "
        "project.",
        bad="Purpose: …（三）基础教育科。负责全县中小学日常管理…",
        good="Purpose: printing and meeting costs of drafting and conference support.",
        fix="Remove the pasted heading and keep only what concerns this project.",
    ),
)
def copied_section_text(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    for label, _text, row, line, key, heading in _flagged_texts(
        table, _PROSE_FIELDS, _copied_heading
    ):
        yield Hit(
            args={"field": label, "heading": heading},
            field=label,
            indicator_row=row,
            line=line,
            key=key,
        )


# --------------------------------------------------------------------------
# Second wave: document numbers and the level of government text speaks for


class Government(NamedTuple):
    document_number: re.Pattern[str]
    place: re.Pattern[str]
    suffixes: dict[str, str]  # place-name suffix → level word (自治区 → 省)
    also: dict[str, frozenset[str]]
    whole_level: re.Pattern[str]  # 全省人民, 全市经济 …
    context_before: tuple[str, ...]


@cache
def government() -> Government:
    raw: dict[str, Any] = load_toml(DATA_FILE.name)
    numbers, levels = raw["document_numbers"], raw["levels"]
    opens = "".join(re.escape(c) for c in numbers["wrong_open"])
    closes = "".join(re.escape(c) for c in numbers["wrong_close"])
    # Year in the wrong brackets, then the serial number and 号: 冀财预【2023】15号.
    # A court case number (（2023）冀01民初5号) has letters after the bracket.
    document_number = re.compile(rf"[{opens}]\s*(?:19|20)\d{{2}}\s*[{closes}]\s*\d{{1,5}}\s*号")
    suffixes: dict[str, str] = levels["suffixes"]
    not_before: dict[str, list[str]] = levels["not_before"]
    suffix_alt = "|".join(
        re.escape(s) + (f"(?!{alternation(not_before[s])})" if s in not_before else "")
        for s in sorted(suffixes, key=len, reverse=True)
    )
    level_words = sorted(set(suffixes.values()))
    return Government(
        document_number=document_number,
        place=re.compile(rf"[\u4e00-\u9fff]{{1,{int(levels['max_name'])}}}(?:{suffix_alt})"),
        suffixes=suffixes,
        also={k: frozenset(v) for k, v in levels["also"].items()},
        whole_level=re.compile(
            rf"全({alternation(level_words)})(?:{alternation(levels['speaks_for'])})"
        ),
        context_before=tuple(levels["context_before"]),
    )


def document_numbers_in(text: str) -> list[str]:
    """Document numbers written with other brackets than 〔〕 (NFKC form)."""
    return list(_document_numbers(text))


# The per-text checks below are pure functions of the text, asked again for
# each table that repeats an indicator or a goal: memoised, within the same
# bound as the other text memos.
@lru_cache(maxsize=TEXT_MEMO_SIZE)
def _document_numbers(text: str) -> tuple[str, ...]:
    return tuple(m.group() for m in government().document_number.finditer(_nfkc(text)))


@lru_cache(maxsize=TEXT_MEMO_SIZE)
def _truncated_ending(text: str) -> str | None:
    from perfgoals.textcheck import truncated_ending

    return truncated_ending(text)


@lru_cache(maxsize=TEXT_MEMO_SIZE)
def _copied_heading(text: str) -> str | None:
    from perfgoals.textcheck import copied_heading

    return copied_heading(text)


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=TEXT_MEMO_SIZE)  # every table of a filing names its unit
def unit_level(name: str | None) -> str | None:
    """The level of government a unit's name places it at: the suffix of the
    last place name it starts with (定州市人民政府办公室 → 市, 武汉市青山区教育局
    → 区, 河北省财政厅 → 省); None when the name starts with no place name."""
    if not name:
        return None
    gov = government()
    text, position, level = _nfkc(name).strip(), 0, None
    while match := gov.place.match(text, position):
        found = match.group()
        suffix = next(s for s in sorted(gov.suffixes, key=len, reverse=True) if found.endswith(s))
        level, position = gov.suffixes[suffix], match.end()
    return level


def other_level_phrases(text: str, level: str, context_chars: int = 4) -> list[str]:
    """Phrases of ``text`` that speak for a whole level of government other than
    ``level`` (全省人民 in a 市 unit's text), outside comparisons and joint work."""
    gov = government()
    allowed = {level, *gov.also.get(level, ())}
    found = []
    normalised = _nfkc(text)
    for match in gov.whole_level.finditer(normalised):
        if match.group(1) in allowed:
            continue
        before = re.split(r"[,.;:!?，。；：！？、\s]", normalised[: match.start()])[-1]
        if any(word in before[-context_chars:] for word in gov.context_before):
            continue  # 高于全省居民…, 服务全省经济: the wider level named, not spoken for
        found.append(match.group())
    return found


def _level_of(filing: Filing, table: ProjectTable | None) -> str | None:
    """The unit's level: the table's unit, else the filing's, else the unit most
    tables name."""
    names = [table.unit_name if table is not None else None, filing.unit_name]
    names += [name for name, _ in Counter(t.unit_name for t in filing.tables).most_common()]
    return next((lvl for name in names if (lvl := unit_level(name)) is not None), None)


F_GOALS = "绩效目标"
F_DEPARTMENT = "部门整体绩效目标"


def _department_texts(filing: Filing) -> Iterator[tuple[str, int | None, str]]:
    """(text, line, key) of part 1's headings and paragraphs."""
    if filing.department is None:
        return
    for s_index, section in enumerate(filing.department.sections, start=1):
        yield section.heading, section.source.line, f"dept{s_index}"
        for p_index, paragraph in enumerate(section.paragraphs, start=1):
            yield paragraph, section.source.line, f"dept{s_index}.{p_index}"


def _cited_numbers(table: ProjectTable) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(field, document numbers) of the fields of a table that cite some, name
    first. Few do: only those are described."""
    for label, text in (
        ("项目名称", table.project_name),
        ("表题", table.title),
        ("资金用途", table.purpose),
    ):
        if text and (numbers := _document_numbers(text)):
            yield label, numbers
    for text, _, _ in goal_texts(table):
        if numbers := _document_numbers(text):
            yield F_GOALS, numbers
    for ind in table.indicators or ():
        for name, value in zip(_INDICATOR_FIELDS, _INDICATOR_TEXTS(ind), strict=True):
            if value and (numbers := _document_numbers(value)):
                yield _FIELD_LABELS[name], numbers


@rule(
    code="PG604",
    name="document-number-brackets",
    severity="info",
    scope="filing",
    principle="公文格式",
    message=(
        "发文字号中的“{number}”应写作“{fixed}”：年份用六角括号〔〕",
        "The document number's '{number}' should read '{fixed}': the year goes in 〔〕",
    ),
    zh=Doc(
        what="发文字号的年份用了“【】”“[]”“（）”等括号，而不是六角括号“〔〕”，如“冀财预【2023】15号”。同一张表中同一个文号只报告一次（表题与项目名称重复时报在项目名称上）。",
        why="《党政机关公文格式》（GB/T 9704—2012）规定发文字号的年份用六角括号括入；绩效目标表是公开文件，引用文件时按规范书写，便于检索和核对所依据的文件。",
        bad="冀财预【2023】15号；财教[2022]8号；冀政办字（2021）3号。",
        good="冀财预〔2023〕15号；财教〔2022〕8号；冀政办字〔2021〕3号。",
        fix="把年份两侧的括号改为六角括号“〔〕”（可从输入法的符号表插入）。",
    ),
    en=Doc(
        what="A document number (发文字号) whose year is in 【】, [] or （） instead of 〔〕, e.g. "
        "'冀财预【2023】15号'. One finding per number per table (on the project name when the "
        "title repeats it).",
        why="GB/T 9704—2012, the national standard for official documents, puts the year of a "
        "document number in 〔〕; citing documents correctly lets readers find the basis.",
        bad="冀财预【2023】15号; 财教[2022]8号; 冀政办字（2021）3号.",
        good="冀财预〔2023〕15号; 财教〔2022〕8号; 冀政办字〔2021〕3号.",
        fix="Replace the brackets around the year with 〔〕.",
    ),
)
def document_number_brackets(filing: Filing, context: RuleContext) -> Iterator[Hit]:
    for table in filing.tables:
        seen: set[str] = set()
        for label, numbers in _cited_numbers(table):
            for number in numbers:
                key = re.sub(r"\s", "", number)
                if key in seen:
                    continue
                seen.add(key)
                yield _number_hit(number, key, label, table, None)
    seen_department: set[str] = set()
    for text, line, _ in _department_texts(filing):
        for number in _document_numbers(text):
            key = re.sub(r"\s", "", number)
            if key not in seen_department:
                seen_department.add(key)
                yield _number_hit(number, key, F_DEPARTMENT, None, line)


def _number_hit(
    number: str, key: str, label: str, table: ProjectTable | None, line: int | None
) -> Hit:
    year, serial = re.findall(r"\d+", key)[:2]
    fixed = f"〔{year}〕{serial}号"
    return Hit(
        args={"number": number, "fixed": fixed},
        field=label,
        line=line,
        key=key,
        suggestion=fixed,
        table=table,
    )


@rule(
    code="PG605",
    name="other-level-text",
    severity="info",
    scope="filing",
    principle="指向明确",
    options={"context_chars": 4},
    message=(
        "“{phrase}”是{other}一级的提法，而本单位是{level}级单位，疑似从其他文件复制",
        "'{phrase}' speaks for a whole {other_en} while the unit is at {level_en} level; "
        "likely pasted",
    ),
    zh=Doc(
        what="绩效目标（各表的绩效目标和第一部分部门整体绩效目标）中出现代表另一级政府的提法，如市级单位写“全省人民……”“全省经济……”。单位级别从单位名称中的地名后缀（省、市、县、区、旗、乡、镇）判断，判断不出时不检查；区级单位提“全市”不报告；“高于全省平均”“服务全省经济”等比较、参与的说法不报告。",
        why="对应“指向明确”的要求：绩效目标要符合本部门的职能和本级的发展规划；以上级政府口吻写的目标多半是从上级文件照搬的，本单位无法对其负责，也无法考核。",
        bad="某市政府办公室的部门目标：“全省人民生活水平和健康素质显著提高”。",
        good="“全市居民健康素养水平达到 25%”；或“群众性精神文明创建活动覆盖全市 90% 的社区”。",
        fix="按本单位的职责和辖区改写目标：写本级（全市、全县）能完成和考核的内容。",
    ),
    en=Doc(
        what="Goal text (tables' goals and part 1's department goals) that speaks for another "
        "level of government than the unit's, e.g. '全省人民…' in a city office's filing. The "
        "unit's level comes from the place-name suffix in its name (省, 市, 县, 区, 旗, 乡, 镇); "
        "unknown levels are not checked. A district speaking of 全市 is not flagged, nor are "
        "comparisons and joint work (高于全省平均, 服务全省经济).",
        why="Goals must fit the unit's own functions and its level's plans; a goal in a "
        "higher government's voice is usually pasted from its documents and nobody here can "
        "answer for it.",
        bad="A city office's department goal: '全省人民生活水平和健康素质显著提高'.",
        good="'全市居民健康素养水平达到 25%'.",
        fix="Rewrite the goal for the unit's own remit (全市, 全县): what it can achieve and be "
        "assessed on.",
    ),
)
def other_level_text(filing: Filing, context: RuleContext) -> Iterator[Hit]:
    window = int(context.options.get("context_chars", 4))
    # The filing's level, for a table whose unit names none (once per filing).
    filing_level = _level_of(filing, None)
    for table in filing.tables:
        level = unit_level(table.unit_name)
        if level is None:
            level = filing_level
        if level is None:
            continue
        for text, line, key in goal_texts(table):
            for phrase in other_level_phrases(text, level, window):
                yield _level_hit(phrase, level, F_GOALS, table, line, f"{key}:{phrase}")
    level = filing_level
    if level is None:
        return
    for text, line, key in _department_texts(filing):
        for phrase in other_level_phrases(text, level, window):
            yield _level_hit(phrase, level, F_DEPARTMENT, None, line, f"{key}:{phrase}")


_LEVEL_EN = {
    "省": "province", "市": "city", "州": "prefecture", "盟": "league", "县": "county",
    "区": "district", "旗": "banner", "镇": "town", "乡": "township",
}  # fmt: skip


def _level_hit(
    phrase: str, level: str, label: str, table: ProjectTable | None, line: int | None, key: str
) -> Hit:
    other = phrase[1]
    return Hit(
        args={
            "phrase": phrase,
            "other": other,
            "level": level,
            "other_en": _LEVEL_EN.get(other, other),
            "level_en": _LEVEL_EN.get(level, level),
        },
        field=label,
        line=line,
        key=key,
        table=table,
    )
