"""PG401, PG402, PG412–PG414: names and copies.

Values and bases that copy the indicator's name, the same indicator set copied
across tables, names too generic to say what is measured, and template text
left in the cells. Shared facts: :mod:`.facts`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from perfgoals.rules.common import goal_texts, is_blank
from perfgoals.rules.indicators.facts import (
    F_BASIS,
    F_GOALS,
    F_TARGET,
    HUNDRED,
    ROW_CELLS,
    copies_name,
    is_generic_name,
    is_note,
    is_satisfaction_name,
    lexicon,
    mentions,
    repeats,
)
from perfgoals.rules.indicators.view import IndicatorView, rows_of
from perfgoals.rules.registry import Doc, Hit, RuleContext, rule
from perfgoals.targets import (
    placeholder_in,
)
from perfgoals.textnorm import bare

if TYPE_CHECKING:
    from perfgoals.model import Filing, ProjectTable



@rule(
    code="PG401",
    name="value-copies-description",
    severity="warning",
    principle="细化量化",
    message=(
        "指标值“{value}”在数值后重复了指标描述“{description}”，指标值栏应只填目标值",
        "The value '{value}' repeats the description '{description}' after its number; the "
        "value column should hold the target only",
    ),
    zh=Doc(
        what="指标值在数字之后又抄了一遍绩效指标描述（或三级指标名称）。",
        why="指标值栏应只写可考核的目标值（比较符、数值、单位）；抄进去的文字既不是目标，也掩盖了缺少单位等问题。",
        bad="描述“资助资金发放及时”，指标值“≥95资助资金发放及时”。",
        good="描述“资助资金按时发放率”，指标值“≥95%”。",
        fix="删去指标值中数字后面重复的文字，只保留比较符、数值和单位；指标含义写在三级指标或指标描述中。",
    ),
    en=Doc(
        what="The value repeats the indicator's description (or 三级 name) after its number.",
        why="The value column holds the target to be assessed (comparator, number, unit); copied "
        "words are no target and hide a missing unit.",
        bad="Description 资助资金发放及时, value '≥95资助资金发放及时'.",
        good="Description 资助资金按时发放率, value '≥95%'.",
        fix="Remove the repeated words from the value; keep comparator, number and unit.",
    ),
)
def value_copies_description(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    for view in rows_of(table, context):
        ind, target, named = view.ind, view.target, view.name
        if target is None or named is None or target.kind not in ("numeric", "percent"):
            continue
        if not target.rest or is_note(target.rest):
            continue
        if any(copies_name(target.rest, n) for n in (ind.description, ind.level3) if n):
            yield Hit(
                args={"value": ind.target, "description": named[0]},
                field=F_TARGET,
                indicator_row=ind.row,
                suggestion=target.head or None,
            )


@rule(
    code="PG402",
    name="basis-copies-description",
    severity="warning",
    principle="细化量化",
    message=(
        "指标值确定依据“{basis}”只是重复了{copied}，没有说明依据",
        "The basis '{basis}' only repeats the {copied_en}; no basis is given",
    ),
    zh=Doc(
        what="指标值确定依据只重复了绩效指标描述或指标值，没有写出依据。",
        why="确定依据要说明目标值从何而来（规划、标准、历史数据、测算），审核据此判断目标是否合理；重复描述等于没填。",
        bad="描述“农村公路养护质量”，依据“农村公路养护质量”；依据“≥95%”。",
        good="依据“《县农村公路养护管理办法》”“上年实际完成值 92%”“按养护里程测算”。",
        fix="写明目标值的来源：政策文件或规划、行业标准、以前年度实际值，或测算方法。",
    ),
    en=Doc(
        what="The basis column only repeats the description or the value.",
        why="The basis tells where the target comes from (a plan, a standard, history, an "
        "estimate); a copy gives reviewers nothing to judge the target by.",
        bad="Description 农村公路养护质量, basis 农村公路养护质量; basis '≥95%'.",
        good="Basis 《县农村公路养护管理办法》, 上年实际完成值 92%, 按养护里程测算.",
        fix="State the source: a policy or plan, a standard, last years' actuals, or the estimate.",
    ),
)
def basis_copies_description(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    lex = lexicon()
    for view in rows_of(table, context):
        ind, basis = view.ind, view.ind.basis
        if is_blank(basis):
            continue  # absent column or blank cell: not this rule's business
        assert basis is not None
        if mentions(basis, lex.basis_sources):
            continue
        copied = _basis_copy(view, basis)
        if copied is not None:
            yield Hit(
                args={
                    "basis": basis,
                    "copied": "指标描述" if copied == "description" else "指标值",
                    "copied_en": "description" if copied == "description" else "value",
                },
                field=F_BASIS,
                indicator_row=ind.row,
            )


def _basis_copy(view: IndicatorView, basis: str) -> str | None:
    """``description`` or ``value`` when the basis only repeats that, else None.
    Exact copies are named before near ones, so the message names the right cell."""
    ind, folded = view.ind, bare(basis)
    names = [n for n in (ind.description, ind.level3) if n]
    target = view.target
    values = [ind.target or "", target.head, target.rest] if target is not None else []
    if any(folded == bare(n) for n in names):
        return "description"
    if any(folded == bare(v) for v in values if v):
        return "value"
    # Near copies need more in common than in PG401: a basis that states a
    # standard (评分标准) may rightly reword the name it applies to.
    if any(repeats(basis, n, overlap=_BASIS_OVERLAP) for n in names):
        return "description"
    if target is not None and repeats(basis, target.rest, overlap=_BASIS_OVERLAP):
        return "value"
    return None


_BASIS_OVERLAP = 3 / 4


_PART_NAMES = {1: "一", 2: "二", 3: "三"}


def _table_list(tables: Sequence[ProjectTable]) -> str:
    """第三部分第1、4、5表 — tables grouped by part, in order."""
    by_part: dict[int | None, list[str]] = {}
    for t in tables:
        by_part.setdefault(t.part, []).append(str(t.table_number))
    parts = []
    for part, numbers in by_part.items():
        prefix = f"第{_PART_NAMES.get(part, part)}部分" if part is not None else ""
        parts.append(f"{prefix}第{'、'.join(numbers)}表")
    return "；".join(parts)


def _signature(table: ProjectTable, context: RuleContext) -> tuple[tuple[str, str], ...]:
    """The table's indicator set: each row's name and value, normalised."""
    rows = []
    for view in rows_of(table, context):
        named, target = view.name, view.ind.target
        if named is None and is_blank(target):
            continue
        rows.append((bare(named[0]) if named else "", bare(target or "")))
    return tuple(rows)


@rule(
    code="PG412",
    name="boilerplate-indicators",
    severity="info",
    scope="filing",
    principle="指向明确",
    options={"min_tables": 5},
    message=(
        "{count} 张表的绩效指标完全相同（描述和指标值一致）：{tables}",
        "{count} tables carry the same indicators (descriptions and values): {tables}",
    ),
    zh=Doc(
        what="同一文件中许多张表（默认 5 张及以上，[rules.PG412] min_tables 可改）的指标完全相同：每行的描述和指标值都一样。每个文件报告一次，列出这些表。",
        why="不同项目做的事不同，指标也应不同；整套照抄的指标说明没有针对项目设定目标，无法考核各项目的产出和效益。",
        bad="十几张不同项目的表都只有“工作完成及时 ≥90”“社会效益明显 ≥90”“群众满意 ≥90”三行。",
        good="每个项目按自身内容设定数量、质量、时效和效益指标；满意度等通用指标可以相同。",
        fix="按每个项目的具体内容重新设定指标和目标值。",
    ),
    en=Doc(
        what="Many tables of one filing (default 5 or more, option min_tables) carry exactly the "
        "same indicators: every row's description and value alike. One finding per filing, "
        "listing the tables.",
        why="Different projects do different things; a copied indicator set sets no "
        "project-specific target and cannot assess any project's outputs.",
        bad="A dozen projects each with the same three rows 工作完成及时 ≥90, 社会效益明显 ≥90, "
        "群众满意 ≥90.",
        good="Each project has its own quantity, quality, timeliness and effect indicators; "
        "common ones such as satisfaction may repeat.",
        fix="Set indicators and targets from each project's own content.",
    ),
)
def boilerplate_indicators(filing: Filing, context: RuleContext) -> Iterator[Hit]:
    minimum = int(context.options.get("min_tables", 5))
    groups: dict[tuple[tuple[str, str], ...], list[ProjectTable]] = {}
    for table in filing.tables:
        signature = _signature(table, context)
        if len(signature) >= 2:  # one shared standard row is not a copied set
            groups.setdefault(signature, []).append(table)
    copied = [tables for tables in groups.values() if len(tables) >= max(minimum, 2)]
    if not copied:
        return
    copied.sort(key=lambda tables: (-len(tables), tables[0].part or 0, tables[0].position))
    yield Hit(
        args={
            "count": sum(len(tables) for tables in copied),
            "tables": " | ".join(_table_list(tables) for tables in copied),
        },
    )


# --------------------------------------------------------------------------
# Second wave: the 财政部 guidance on 绩效目标 (指向明确, 细化量化, 合理可行,
# 相应匹配). Each rule fires only where the layout has what it needs.


@rule(
    code="PG413",
    name="generic-indicator-name",
    severity="warning",
    principle="细化量化",
    message=(
        "指标“{name}”只重复了指标类别（或再加上“高”“好”），没有指出考核什么",
        "The indicator '{name}' only restates its category (perhaps with an adjective); it "
        "names nothing measurable",
    ),
    zh=Doc(
        what="三级指标或指标描述只是把指标类别换个说法再加上形容词（“时效高”“社会效益好”“质量优”），没有指出可以衡量的对象。以满意度为名、目标值是百分数的“服务对象满意度”是标准的满意度指标，不报告。",
        why="对应财政部绩效目标“细化量化”的要求：指标要指出具体考核的内容（完成时限、受益人数、合格率……），“时效高”说不清考核什么，年底也无法据此评价。",
        bad="时效指标“时效高”，指标值“≥90”；社会效益指标“社会效益好”。",
        good="时效指标“校舍维修完工时间”，指标值“2024年8月31日前”；社会效益指标“校舍安全隐患整改率”，指标值“100%”。",
        fix="写出这一类别下具体衡量的事项：时效写完成时限或及时率，质量写合格率或达标率，效益写受益对象和可衡量的变化。",
    ),
    en=Doc(
        what="The 三级 name or description only restates its category with an adjective (时效高, "
        "社会效益好, 质量优): nothing measurable is named. 服务对象满意度 with a percentage target "
        "is the standard satisfaction indicator and is not flagged.",
        why="The guidance asks for goals broken down into measurable indicators; 'timeliness "
        "high' does not say what is timed, so the year-end review has nothing to measure.",
        bad="时效指标 '时效高' with value '≥90'; 社会效益指标 '社会效益好'.",
        good="时效指标 校舍维修完工时间, value '2024年8月31日前'; 社会效益指标 校舍安全隐患整改率, "
        "value '100%'.",
        fix="Name what the category measures here: a deadline or on-time rate, a pass rate, the "
        "beneficiaries and a measurable change.",
    ),
)
def generic_indicator_name(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    for view in rows_of(table, context):
        names, named = view.names, view.name
        if named is None or not all(is_generic_name(n) for n in names):
            continue
        target = view.target
        figure = target.number if target is not None else None
        if figure is not None and figure <= HUNDRED and all(map(is_satisfaction_name, names)):
            continue  # 服务对象满意度 ≥90%: the standard satisfaction indicator
        yield Hit(args={"name": named[0]}, field=named[1], indicator_row=view.row)


@rule(
    code="PG414",
    name="template-placeholder",
    severity="error",
    principle="细化量化",
    message=(
        "“{text}”中留有模板占位符“{mark}”，应填写实际内容",
        "'{text}' still holds the template placeholder '{mark}'; fill in the real value",
    ),
    zh=Doc(
        what="指标名称、指标值、确定依据或绩效目标中留着模板的占位符：“≥**%”“XX”“××”“□□”，或在应填数字处的“…”（“完成…个”）。",
        why="对应“细化量化”的要求：占位符说明目标值根本没有填写，这样的指标无从考核，也说明表格是套用模板后未经核对就提交的。",
        bad="“受益学生人数 ≥XX人”；“验收合格率 ≥**%”；绩效目标“完成…所学校的改造”。",
        good="“受益学生人数 ≥1200人”；“验收合格率 ≥98%”；“完成8所学校的改造”。",
        fix="把占位符换成实际测算的数值或名称；暂时确定不了的指标，先与业务科室核实再填报。",
    ),
    en=Doc(
        what="A template placeholder left in an indicator name, value, basis or goal: '≥**%', "
        "'XX', '××', '□□', or '…' where a figure belongs ('完成…个').",
        why="The target was never filled in, so nothing can be assessed; it also shows the "
        "template was submitted unchecked.",
        bad="受益学生人数 '≥XX人'; 验收合格率 '≥**%'; goal '完成…所学校的改造'.",
        good="'≥1200人'; '≥98%'; '完成8所学校的改造'.",
        fix="Replace the placeholder with the estimated figure or the real name.",
    ),
)
def template_placeholder(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    for ind in table.indicators or ():
        for attribute, label in ROW_CELLS:
            text = getattr(ind, attribute)
            mark = placeholder_in(text) if text else None
            if mark:
                yield Hit(
                    args={"text": text, "mark": mark},
                    field=label,
                    indicator_row=ind.row,
                    key=attribute,
                )
    for text, line, key in goal_texts(table):
        mark = placeholder_in(text)
        if mark:
            yield Hit(args={"text": text, "mark": mark}, field=F_GOALS, line=line, key=key)
