"""PG6xx: text quality — typos, truncated clauses, headings pasted into fields.

The engine (``perfgoals.textcheck``) is imported inside the rule functions,
so its data loads only when a PG6xx rule actually runs, once per process.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from perfgoals.rules.registry import Doc, Hit, RuleContext, rule

if TYPE_CHECKING:
    from perfgoals.model import ProjectTable

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


def _table_texts(
    table: ProjectTable, fields: tuple[str, ...]
) -> Iterator[tuple[str, str, int | None, int | None, str]]:
    """(field label, text, indicator row, line, key) for each free-text value."""
    if "project_name" in fields and table.project_name:
        yield _FIELD_LABELS["project_name"], table.project_name, None, None, "name"
    if "purpose" in fields and table.purpose:
        yield _FIELD_LABELS["purpose"], table.purpose, None, None, "purpose"
    if "goals" in fields:
        for index, goal in enumerate(table.goals or [], start=1):
            yield _FIELD_LABELS["goals"], goal.text, None, goal.source.line, f"goal{index}"
    for ind in table.indicators or []:
        for name in ("level3", "description", "target", "basis"):
            if name not in fields:
                continue
            value = getattr(ind, name)
            if value:
                yield _FIELD_LABELS[name], value, ind.row, ind.source.line, name


@rule(
    code="PG601",
    name="typo",
    severity="warning",
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
        what="字段中疑似输入法造成的错别字：现代汉语几乎不用的生僻字、混入正式文字的语气词（吗、呢、吧、啊），以及本领域常见的错词（经废→经费、保彰→保障）。给出同音或近音的常用词作为建议。离线运行，不联网。",
        why="拼音输入法选错字在绩效目标表中很常见，错字会让目标含义不清，也影响公开文件的严肃性。",
        bad="购吗办公用品；培训经废；保彰校园安全。",
        good="购买办公用品；培训经费；保障校园安全。",
        fix="按建议改正；人名、地名等专有名词可在配置 [rules.PG601] allow 中列出。",
    ),
    en=Doc(
        what="A likely input-method typo: a character almost never used in modern Chinese, a chat "
        "particle (吗 呢 吧 啊) inside formal text, or a known wrong word of the domain (经废→经费). "
        "A same- or near-pinyin common word is suggested. Works offline.",
        why="Pinyin input picks wrong characters often; typos blur the goal and look careless in "
        "a published document.",
        bad="购吗办公用品; 培训经废; 保彰校园安全.",
        good="购买办公用品; 培训经费; 保障校园安全.",
        fix="Apply the suggestion; list names and terms of art in [rules.PG601] allow.",
    ),
)
def typo(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    from perfgoals.textcheck import find_typos

    allow = frozenset(str(term) for term in context.options.get("allow", ()))
    fields = ("project_name", "purpose", "goals", "level3", "description", "target", "basis")
    for label, text, row, line, key in _table_texts(table, fields):
        for hit in find_typos(text, allow):
            start, end = max(0, hit.start - 4), min(len(text), hit.end + 4)
            yield Hit(
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
    from perfgoals.textcheck import truncated_ending

    for label, text, row, line, key in _table_texts(
        table, ("purpose", "goals", "description", "basis")
    ):
        word = truncated_ending(text)
        if word:
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
    from perfgoals.textcheck import copied_heading

    for label, text, row, line, key in _table_texts(
        table, ("purpose", "goals", "description", "basis")
    ):
        heading = copied_heading(text)
        if heading:
            yield Hit(
                args={"field": label, "heading": heading},
                field=label,
                indicator_row=row,
                line=line,
                key=key,
            )
