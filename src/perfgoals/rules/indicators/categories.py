"""PG406–PG411: categories and pairing.

Whether each row's words fit the 一级/二级 category it stands under, whether the
value speaks of another category, and whether a table has the categories it
needs, paired as the template asks. Shared facts: :mod:`.facts`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from perfgoals.rules.common import is_blank
from perfgoals.rules.indicators.facts import (
    F_DESCRIPTION,
    F_LEVEL1,
    F_LEVEL2,
    F_LEVEL3,
    F_TARGET,
    category_name,
    copies_name,
    fits,
    is_note,
    kinds_in,
    lexicon,
    measured_kinds,
    repeats,
)
from perfgoals.rules.indicators.view import IndicatorView, rows_of, views_per_horizon
from perfgoals.rules.registry import Doc, Hit, RuleContext, rule
from perfgoals.textnorm import bare

if TYPE_CHECKING:
    from perfgoals.model import Indicator, ProjectTable


@rule(
    code="PG406",
    name="description-category-mismatch",
    severity="warning",
    principle="指向明确",
    message=(
        "{row_kind}一行的描述“{description}”属于{other_kind}",
        "The {row_kind} row is described as '{description}', which belongs to {other_kind}",
    ),
    zh=Doc(
        what="指标描述（描述未提及任何二级指标时为三级指标）所说的内容属于另一个二级指标，而不是本行的二级指标。",
        why="二级指标决定了这一行考核什么；时效指标下写满意度、满意度指标下写可持续影响，说明指标是套用或错位的，考核口径随之错误。",
        bad="时效指标一行写“学生家长满意”；服务对象满意度指标一行写“可持续发挥作用”。",
        good="时效指标写“资助资金发放时限”，满意度指标写“受助学生满意度”。",
        fix="把描述移到对应的二级指标下，或为本行写出真正属于该二级指标的描述。",
    ),
    en=Doc(
        what="The description (or the 三级 name, where the description names no category) "
        "speaks of another 二级 category than the row's.",
        why="The 二级 category says what the row assesses; a timeliness row about satisfaction or "
        "a satisfaction row about sustainability is copied or misplaced.",
        bad="A 时效指标 row described 学生家长满意; a 服务对象满意度指标 row described "
        "可持续发挥作用.",
        good="时效指标: 资助资金发放时限; 满意度指标: 受助学生满意度.",
        fix="Move the description under its category, or describe what this category measures.",
    ),
)
def description_category_mismatch(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    for view in rows_of(table, context):
        ind, row_kind = view.ind, view.kind
        if row_kind is None:
            continue
        # The description, else the 三级 name where the description speaks of
        # no category at all (an explanation column that only defines the row).
        for text, field in ((ind.description, F_DESCRIPTION), (ind.level3, F_LEVEL3)):
            if is_blank(text):
                continue
            assert text is not None
            kinds = measured_kinds(text)
            if not kinds:
                continue
            other = _foreign_kind(kinds, row_kind)
            if other is not None:
                yield Hit(
                    args={
                        "row_kind": category_name(row_kind),
                        "description": text,
                        "other_kind": category_name(other),
                    },
                    field=field,
                    indicator_row=ind.row,
                )
            break


def _foreign_kind(kinds: frozenset[str], row_kind: str) -> str | None:
    """The kind the words belong to when none of them fits the row, else None."""
    if not kinds or any(fits(kind, row_kind) for kind in kinds):
        return None
    return min(kinds)  # deterministic when words of two foreign kinds occur


@rule(
    code="PG407",
    name="value-description-mismatch",
    severity="warning",
    principle="指向明确",
    message=(
        "指标值“{value}”中的文字说的是{other}，与本行描述“{description}”不符",
        "The words in the value '{value}' describe {other_en}, not this row's '{description}'",
    ),
    zh=Doc(
        what="指标值中的文字描述的是另一个指标：属于另一个二级指标，或抄自本表另一行。",
        why="指标值与描述不对应，多半是复制粘贴时串行；按这样的目标无法考核本行指标。",
        bad="描述“参训教师满意度”，指标值“≥90培训质量合格”。",
        good="描述“参训教师满意度”，指标值“≥90%”。",
        fix="核对本行的指标值，只填本指标的目标值。",
    ),
    en=Doc(
        what="The words in the value describe another indicator: another 二级 category, or "
        "another row of the table.",
        why="Value and description do not belong together, usually a row mixed up while copying; "
        "the row cannot be assessed against it.",
        bad="Description 参训教师满意度, value '≥90培训质量合格'.",
        good="Description 参训教师满意度, value '≥90%'.",
        fix="Check the row and give this indicator's own target.",
    ),
)
def value_description_mismatch(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    rows = rows_of(table, context)
    for view in rows:
        ind, target, named = view.ind, view.target, view.name
        if target is None or named is None or target.number is None:
            continue
        words = target.rest
        if len(bare(words)) < 2 or is_note(words):
            continue
        if any(copies_name(words, n) for n in (ind.description, ind.level3) if n):
            continue  # the row's own description: PG401
        args = {"value": ind.target, "description": named[0]}
        source = _copied_row(view, words, rows)
        if source is not None:
            yield Hit(
                args={**args, "other": f"第{source.row}行的指标", "other_en": f"row {source.row}"},
                field=F_TARGET,
                indicator_row=ind.row,
            )
            continue
        own = kinds_in(named[0]) or ({view.kind} if view.kind else set())
        value_kinds = kinds_in(words)
        if not own or not value_kinds:
            continue
        foreign = [
            kind
            for kind in value_kinds
            if not any(fits(kind, mine) or fits(mine, kind) for mine in own)
        ]
        if len(foreign) == len(value_kinds):
            other = min(foreign)
            yield Hit(
                args={**args, "other": category_name(other), "other_en": category_name(other)},
                field=F_TARGET,
                indicator_row=ind.row,
            )


def _copied_row(
    view: IndicatorView, words: str, rows: tuple[IndicatorView, ...]
) -> IndicatorView | None:
    """Another row whose description (or value words) ``words`` copy exactly, where
    that row is not about the same thing as this one."""
    folded, own = bare(words), view.name
    for other in rows:
        named = other.name
        if other is view or named is None or (own is not None and repeats(own[0], named[0])):
            continue
        other_target = other.target
        copies = {bare(named[0]), bare(other_target.rest) if other_target else ""}
        if folded in copies:
            return other
    return None


@rule(
    code="PG408",
    name="missing-level3-indicator",
    severity="info",
    enabled=False,
    message=("三级指标为空", "The 三级 indicator is empty"),
    zh=Doc(
        what="三级指标栏为空（模板有三级指标栏时）。默认关闭：许多模板只用描述栏表达三级指标。",
        why="三级指标是具体考核的指标名称；为空时只能从描述猜测考核内容。",
        bad="二级“数量指标”下三级指标空白，只写了描述。",
        good="三级指标“新建农村公路里程”。",
        fix="填写三级指标名称。",
    ),
    en=Doc(
        what="The 三级 column is empty where the template has one. Off by default: many "
        "templates put the indicator in the description column instead.",
        why="The 三级 name is the indicator assessed; without it the measure must be guessed.",
        bad="A 数量指标 row with an empty 三级 cell.",
        good="三级指标 新建农村公路里程.",
        fix="Fill in the 三级 indicator.",
    ),
)
def missing_level3_indicator(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    for view in rows_of(table, context):
        ind = view.ind
        if ind.level3 is not None and is_blank(ind.level3) and view.has_content:
            yield Hit(field=F_LEVEL3, indicator_row=ind.row)


# 一级 categories every table needs; 满意度 is advisory (set "as needed").
_REQUIRED_LEVEL1 = ("output", "effect")
@rule(
    code="PG409",
    name="missing-category",
    severity="warning",
    principle="指向明确",
    message=(
        "指标中缺少一级指标“{category}”",
        "The indicators lack the 一级 category {category}",
    ),
    variants={
        "satisfaction_only": (
            "指标中没有满意度指标（按需设置，仅作提示）",
            "The indicators have no 满意度指标 (set as needed; advisory only)",
        )
    },
    zh=Doc(
        what="指标表缺少必备的一级指标：产出指标、效益（效果）指标。只缺满意度指标时仅作提示。",
        why="绩效目标应同时说明做什么（产出）和带来什么（效益）；满意度指标按需设置，缺少时提醒考虑。",
        bad="只有产出指标的一张表；只有“满意度指标”的一张表。",
        good="产出指标、效益指标、满意度指标各至少一行（效益指标、效果指标两种叫法均可）。",
        fix="补上缺少的一级指标及其二级、三级指标。",
    ),
    en=Doc(
        what="A table lacks a required 一级 category: 产出指标 or 效益/效果指标. A missing "
        "满意度指标 alone is reported as advisory.",
        why="Goals must say what is produced and what it achieves; satisfaction indicators are "
        "set as needed, so their absence is only a reminder.",
        bad="A table with output indicators only.",
        good="At least one row each of 产出, 效益 (or 效果) and 满意度 indicators.",
        fix="Add the missing category with its indicators.",
    ),
)
def missing_category(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    for rows in views_per_horizon(table, context):
        present: set[str] = set()
        for view in rows:
            if view.has_content:
                present |= view.level1_kinds
        if not present:
            continue  # no row names a known category: nothing to measure against
        first = rows[0].row
        for key in _REQUIRED_LEVEL1:
            if key not in present:
                yield Hit(
                    args={"category": category_name(key)},
                    field=F_LEVEL1,
                    indicator_row=first,
                    key=key,
                )
        if "satisfaction" not in present:
            yield Hit(
                args={"category": category_name("satisfaction")},
                field=F_LEVEL1,
                indicator_row=first,
                key="satisfaction",
                variant="satisfaction_only",
                severity="info",
            )


@rule(
    code="PG410",
    name="output-indicators-incomplete",
    severity="warning",
    principle="细化量化",
    message=(
        "产出指标只有{present}，没有数量指标或质量指标",
        "The output indicators have only {present}: neither quantity nor quality",
    ),
    zh=Doc(
        what="产出指标下既没有数量指标，也没有质量指标（例如只有时效指标）。",
        why="产出要能数得出来或说得清质量；只有时效、成本的产出指标无法说明钱花出去做成了什么。",
        bad="产出指标只有一行时效指标“完成时限”。",
        good="产出指标含数量指标“新建校舍面积 ≥3000平方米”、质量指标“竣工验收合格率 100%”和时效指标。",
        fix="至少补充一个数量指标或质量指标。",
    ),
    en=Doc(
        what="The output indicators have neither a 数量指标 nor a 质量指标 (e.g. timeliness only).",
        why="Outputs must be counted or their quality stated; timeliness or cost alone does not "
        "say what the money produced.",
        bad="Output indicators: one 时效指标 row.",
        good="数量指标 新建校舍面积 ≥3000平方米, 质量指标 竣工验收合格率 100%, plus timeliness.",
        fix="Add at least one quantity or quality indicator.",
    ),
)
def output_indicators_incomplete(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    lex = lexicon()
    for rows in views_per_horizon(table, context):
        outputs = [view for view in rows if view.has_content and "output" in view.level1_kinds]
        if not outputs:
            continue  # no output rows at all is PG409's finding
        kinds = [view.kind for view in outputs]
        if any(kind is None for kind in kinds):
            continue  # an output row of unknown 二级: cannot tell
        if {"quantity", "quality"} & set(kinds):
            continue
        present = "、".join(dict.fromkeys(lex.level2[k].name for k in kinds if k))
        yield Hit(args={"present": present}, field=F_LEVEL2, indicator_row=outputs[0].row)


@rule(
    code="PG411",
    name="category-pairing",
    severity="error",
    principle="指向明确",
    message=(
        "二级指标“{level2}”不属于一级指标“{level1}”，应在“{expected}”下",
        "The 二级 category {level2} does not belong under {level1}; it goes under {expected}",
    ),
    zh=Doc(
        what="二级指标放在了错误的一级指标下，如时效指标放在效益指标下。",
        why="一级、二级指标的对应关系是固定的（产出：数量、质量、时效、成本；效益：经济、社会、生态、可持续影响；满意度：服务对象满意度），错位会使汇总和考核出错。",
        bad="一级“效益指标”下的二级“时效指标”。",
        good="“产出指标—时效指标”；2021 年起的模板中“成本指标—经济成本指标”。",
        fix="把该行移到正确的一级指标下。满意度指标所在行一级单元格合并或空白不算错位。",
    ),
    en=Doc(
        what="A 二级 category under the wrong 一级 category (时效指标 under 效益指标).",
        why="The pairs are fixed (产出: 数量, 质量, 时效, 成本; 效益: 经济, 社会, 生态, "
        "可持续影响; 满意度: 服务对象满意度); a misplaced row breaks totals and assessment.",
        bad="二级 时效指标 under 一级 效益指标.",
        good="产出指标—时效指标; from 2021 templates on, 成本指标—经济成本指标.",
        fix="Move the row under its 一级 category. A satisfaction row with a merged or empty "
        "一级 cell is not flagged.",
    ),
)
def category_pairing(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    lex = lexicon()
    previous: Indicator | None = None
    for view in rows_of(table, context):
        ind, level1, row_kind = view.ind, view.level1, view.kind
        carried = previous is not None and previous.level1 == ind.level1
        previous = ind
        if level1 is None or row_kind is None:
            continue
        category = lex.level2[row_kind]
        if level1 in category.parents:
            continue
        if row_kind == "satisfaction" and carried:
            # The builder carries a merged 一级 cell down; a satisfaction row often
            # has no 一级 cell of its own (layouts.md), so it inherits the one above.
            continue
        yield Hit(
            args={
                "level2": ind.level2,
                "level1": ind.level1,
                "expected": category_name(category.home),
            },
            field=F_LEVEL2,
            indicator_row=ind.row,
        )
