"""PG403–PG405, PG417, PG418, PG420: an indicator's value and target.

Whether the 指标值 is quantified, carries its unit, can be missed at all, is a
spreadsheet's artefact, is a time where the row asks for one, and agrees with a
figure written into the indicator's name. Shared facts: :mod:`.facts`.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from perfgoals.rules.common import goal_texts, is_blank
from perfgoals.rules.indicators.facts import (
    F_DESCRIPTION,
    F_GOALS,
    F_LEVEL3,
    F_TARGET,
    HUNDRED,
    ROW_CELLS,
    Lexicon,
    format_figure,
    lexicon,
    mentions,
    wording,
)
from perfgoals.rules.indicators.view import IndicatorView, rows_of
from perfgoals.rules.registry import Doc, Hit, RuleContext, rule
from perfgoals.targets import (
    Target,
    figures_in,
    is_grade,
    is_trend,
    serial_date,
    spreadsheet_artefact,
    states_quantity_in_words,
    unit_of,
)
from perfgoals.textnorm import bare

if TYPE_CHECKING:
    from perfgoals.model import ProjectTable


@rule(
    code="PG403",
    name="value-not-quantified",
    severity="warning",
    principle="细化量化",
    message=(
        "指标值“{value}”没有数值，无法考核；定性指标请注明“定性”或用等级（优/良/中/差、达标）表示",
        "The value '{value}' has no number and cannot be assessed; mark a qualitative "
        "indicator as 定性 or use grades (优/良/中/差, 达标)",
    ),
    variants={
        "trend": (
            "指标值“{value}”只说明方向，没有幅度；能量化的请给出数值（如“≥5%”），确为定性的请注明“定性”（仅作提示）",
            "The value '{value}' gives a direction but no size; give a figure where one exists "
            "(e.g. '≥5%') or mark the indicator 定性 (advisory only)",
        )
    },
    zh=Doc(
        what="指标值里没有任何数值（“高”“好”“按时”），且该指标没有标明是定性指标。只写方向和节奏的"
        "（“稳步提高”“持续改善”）仅作提示。",
        why="绩效目标要细化量化；没有数值、也不是明确等级的目标，年底无法判断是否完成。",
        bad="“河道保洁及时”的指标值“按时”；“群众用水条件”的指标值“好”。",
        good="“≥95%”“3个工作日内”“2024年10月底前”；定性指标写“达标”“优良”，或在指标性质栏注明“定性”。",
        fix="改为可衡量的数值、日期或期限；确为定性指标的，用等级表述并注明“定性”。",
    ),
    en=Doc(
        what="The value has no number at all (高, 好, 按时) and the indicator is not marked as "
        "qualitative. A direction with its pace only (稳步提高, 持续改善) is reported at info.",
        why="Targets must be measurable; a value with no number and no defined grade cannot be "
        "judged met or missed at year end.",
        bad="Value '按时' for 河道保洁及时; '好' for 群众用水条件.",
        good="'≥95%', '3个工作日内', '2024年10月底前'; for a qualitative indicator '达标' or "
        "'优良', or 定性 in the 指标性质 column.",
        fix="Give a number, date or period; for a genuinely qualitative indicator use grades and "
        "mark it 定性.",
    ),
)
def value_not_quantified(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    lex = lexicon()
    for view in rows_of(table, context):
        ind, target = view.ind, view.target
        if target is None or target.kind not in ("qualitative", "text"):
            continue
        assert ind.target is not None
        columns = (ind.level3, ind.description, ind.direction, ind.nature)
        marked = " ".join(t for t in (*columns, ind.note, ind.unit) if t)
        if (
            mentions(marked, lex.qualitative_markers)
            or mentions(ind.target, lex.qualitative_markers)
            or is_grade(ind.target)
            or states_quantity_in_words(ind.target)
        ):
            continue
        if is_trend(ind.target):
            # 稳步提高, 持续改善: a deliberate direction, reported for a figure at info.
            yield Hit(
                args={"value": ind.target},
                field=F_TARGET,
                indicator_row=ind.row,
                variant="trend",
                severity="info",
            )
            continue
        yield Hit(args={"value": ind.target}, field=F_TARGET, indicator_row=ind.row)


@rule(
    code="PG404",
    name="value-missing-unit",
    severity="info",
    principle="细化量化",
    message=(
        "指标值“{value}”有数值但没有单位（%、人次、万元……）",
        "The value '{value}' has a number but no unit (%, 人次, 万元 …)",
    ),
    zh=Doc(
        what="指标值是一个数，但指标值、计量单位栏和指标名称中都没有单位。",
        why="“≥90”可以是 90%、90 人次或 90 分，含义不明，考核时会产生分歧。",
        bad="“疫苗接种覆盖率”的指标值“≥90”。",
        good="“≥90%”；或名称已带单位：“培训人次”填“≥500”，“完成时限（月）”填“10”。",
        fix="在数值后写上单位，或填写计量单位栏。",
    ),
    en=Doc(
        what="A numeric value with no unit in the value, a unit column, or the indicator's name.",
        why="'≥90' may be 90%, 90 people or 90 points; the target is ambiguous.",
        bad="Value '≥90' for 疫苗接种覆盖率.",
        good="'≥90%'; or a name that carries the unit: '≥500' for 培训人次.",
        fix="Write the unit after the number or fill in the unit column.",
    ),
)
def value_missing_unit(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    lex = lexicon()
    for view in rows_of(table, context):
        ind, target = view.ind, view.target
        if target is None or target.kind != "numeric" or target.unit is not None:
            continue
        if target.rest or target.lead or target.number is None or target.number == 0:
            continue  # words in the value are PG401/PG407's; 0 needs no unit
        if not is_blank(ind.unit):
            continue
        names = [n for n in (ind.level3, ind.description) if n]
        if any(_names_unit(n, lex) for n in names):
            continue
        yield Hit(args={"value": ind.target}, field=F_TARGET, indicator_row=ind.row)


def _names_unit(name: str, lex: Lexicon) -> bool:
    """Whether an indicator name carries the unit of its figure: ``完成时限（月）``,
    ``培训人次``, or a measure that has none (``综合指数``)."""
    folded = bare(name)
    if folded.endswith(lex.count_nouns) or folded.endswith(lex.unitless):
        return True
    text = name.strip().replace("（", "(").replace("）", ")")
    if text.endswith(")") and "(" in text:
        inner = text[text.rindex("(") + 1 : -1]
        return unit_of(inner) is not None
    return False


@rule(
    code="PG405",
    name="implausible-threshold",
    severity="error",
    principle="合理可行",
    options={"satisfaction_min": 80},
    message=(
        "指标值“{value}”恒能达到（下限为 0 或负数），不构成目标",
        "The target '{value}' is always met (its floor is 0 or below); it sets no goal",
    ),
    variants={
        "over_hundred": (
            "指标值“{value}”不可能达到：“{measure}”是比率，不会超过 100%",
            "The target '{value}' cannot be met: '{measure}' is a rate and cannot exceed 100%",
        ),
        "satisfaction": (
            "满意度目标“{value}”低于 {minimum}%",
            "The satisfaction target '{value}' is below {minimum}%",
        ),
    },
    zh=Doc(
        what="目标恒能达到或不可能达到：“≥0”；合格率、覆盖率等比率超过 100%；满意度目标低于设定下限（默认 80%，[rules.PG405] satisfaction_min 可改）。",
        why="目标要合理可行：恒能达到的目标没有约束力，不可能达到的目标无法考核，过低的满意度目标说明目标设置随意。增长、下降、收益类指标可为负，“≥0”在那里是真目标，不报告；“=0起”“≤0”的零事故目标也不报告。",
        bad="“家长满意度 ≥0”；“验收合格率 ≥120%”；“患者满意度 ≥60%”。",
        good="“家长满意度 ≥90%”；“验收合格率 100%”；“安全事故 0起”；“门诊量增长率 ≥0%”。",
        fix="按实际可达水平重新设定目标值：比率不超过 100%，满意度一般不低于 80%。",
    ),
    en=Doc(
        what="A target that is always met or cannot be met: '≥0'; a rate such as a pass or "
        "coverage rate above 100%; a satisfaction target below the configured minimum "
        "(default 80%, option satisfaction_min).",
        why="Always-met targets bind nothing, impossible ones cannot be assessed, and a low "
        "satisfaction target shows a careless setting. Growth, decline and profit measures may "
        "be negative, so '≥0' is a real target there; zero-accident targets ('0起', '≤0') are "
        "real too.",
        bad="家长满意度 '≥0'; 验收合格率 '≥120%'; 患者满意度 '≥60%'.",
        good="家长满意度 '≥90%'; 验收合格率 '100%'; 安全事故 '0起'; 门诊量增长率 '≥0%'.",
        fix="Set an attainable target: rates at most 100%, satisfaction usually at least 80%.",
    ),
)
def implausible_threshold(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    lex = lexicon()
    minimum = Decimal(str(context.options.get("satisfaction_min", 80)))
    for view in rows_of(table, context):
        ind, target = view.ind, view.target
        if target is None or target.number is None or target.kind not in ("numeric", "percent"):
            continue
        names = view.names_text
        if mentions(names, lex.signed) or mentions(target.words, lex.signed):
            continue  # a change or a balance may be negative: ≥0 and >100% are real targets
        args: dict[str, object] = {"value": ind.target}
        if _always_met(target):
            variant = "default"
        elif _over_hundred(target) and mentions(names, lex.bounded_rates):
            named = view.name
            args["measure"] = named[0] if named else ""
            variant = "over_hundred"
        elif view.is_satisfaction and _below(target, minimum):
            args["minimum"] = format_figure(minimum)
            variant = "satisfaction"
        else:
            continue
        yield Hit(args=args, field=F_TARGET, indicator_row=ind.row, variant=variant)


def _always_met(target: Target) -> bool:
    """A floor of 0 or below on a quantity that cannot be negative (≥0, >-1)."""
    number = target.number
    if number is None or target.comparator not in (">=", ">"):
        return False
    return number < 0 or (number == 0 and target.comparator == ">=")


def _over_hundred(target: Target) -> bool:
    if target.unit != "%" or target.number is None:
        return False
    if target.comparator in (">=", "=", None):
        return target.number > HUNDRED
    return target.comparator == ">" and target.number >= HUNDRED


def _below(target: Target, minimum: Decimal) -> bool:
    """A floor (≥, >, =) under the minimum, on a percentage; a bare number counts
    as one only above 10 (≥4.5 is a 5-point score)."""
    number = target.number
    if number is None or target.comparator not in (">=", ">", "="):
        return False
    if target.unit == "%":
        return number < minimum
    return target.unit is None and Decimal(10) < number < minimum


_DATE_WORDS = ("时间", "日期", "时限", "截止", "期限", "节点")


def _date_belongs(view: IndicatorView) -> bool:
    """Whether the row's target is a date: a 时效 row, or one named a date or deadline."""
    return view.kind == "timeliness" or mentions(view.names_text, _DATE_WORDS)


def _table_cells(table: ProjectTable) -> Iterator[tuple[str, str, int | None, str]]:
    """(field, text, indicator row, key) of the table's free-text cells."""
    for label, text in (("项目名称", table.project_name), ("资金用途", table.purpose)):
        if text:
            yield label, text, None, label
    for text, _, key in goal_texts(table):
        yield F_GOALS, text, None, key
    for ind in table.indicators or ():
        for attribute, label in ROW_CELLS:
            value = getattr(ind, attribute)
            if value:
                yield label, value, ind.row, attribute


@rule(
    code="PG417",
    name="spreadsheet-artefact",
    severity="warning",
    principle="细化量化",
    message=(
        "“{text}”是电子表格的残留（{artefact}），不是填写的内容",
        "'{text}' is spreadsheet residue ({artefact}), not a written value",
    ),
    variants={
        "serial": (
            "“{text}”是电子表格的日期序列号，应写成日期（{date}）",
            "'{text}' is a spreadsheet date serial; write the date ({date})",
        )
    },
    zh=Doc(
        what="从电子表格粘贴时留下的痕迹：本应是日期的地方出现日期序列号（“45291”即 2023年12月31日），公式错误值（“#VALUE!”“#REF!”“#DIV/0!”），科学计数法数字（“1.0E+4”）。",
        why="对应“细化量化”的要求：目标值必须让人读得懂、能核对；序列号、错误值和科学计数法说明数值没有经过核对，实际目标无法确定。",
        bad="时效指标“完成时限”指标值“45291”；数量指标“≥1.2E+4人次”；确定依据“#REF!”。",
        good="“2023年12月31日前”；“≥12000人次”；“《县2024年培训计划》”。",
        fix="在电子表格中把单元格设为文本或日期格式后重新复制，或直接按实际内容改写。",
    ),
    en=Doc(
        what="Residue of a spreadsheet paste: a date serial where a date belongs ('45291' is "
        "2023-12-31), an error value ('#VALUE!', '#REF!', '#DIV/0!'), an exponent-form number "
        "('1.0E+4').",
        why="A target must be readable and checkable; serials, error values and exponent "
        "numbers show the figures were never checked.",
        bad="完成时限 '45291'; '≥1.2E+4人次'; basis '#REF!'.",
        good="'2023年12月31日前'; '≥12000人次'; '《县2024年培训计划》'.",
        fix="Format the spreadsheet cells as text or dates and copy again, or retype the value.",
    ),
)
def spreadsheet_artefact_rule(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    for label, text, row, key in _table_cells(table):
        artefact = spreadsheet_artefact(text)
        if artefact:
            yield Hit(
                args={"text": text, "artefact": artefact}, field=label, indicator_row=row, key=key
            )
    for view in rows_of(table, context):
        ind = view.ind
        when = serial_date(ind.target) if ind.target and _date_belongs(view) else None
        if when is not None:
            shown = f"{when.year}年{when.month}月{when.day}日"
            yield Hit(
                args={"text": ind.target, "date": shown},
                field=F_TARGET,
                indicator_row=ind.row,
                key="serial",
                variant="serial",
                suggestion=shown,
            )
    period = table.period  # 实施期, where the layout has one
    when = serial_date(period) if period else None
    if when is not None:
        shown = f"{when.year}年{when.month}月{when.day}日"
        yield Hit(
            args={"text": period, "date": shown},
            field="实施期",
            key="period",
            variant="serial",
            suggestion=shown,
        )


def _names_time_or_rate(view: IndicatorView) -> bool:
    """Whether the row's name makes a bare figure a time or a rate (完成时限,
    办理天数, 按时完成率, 完成时限（月）): then a missing unit is PG404's."""
    words = wording()
    for name in view.names:
        folded = bare(name)
        if mentions(folded, words.time_measures) or folded.endswith(words.rates):
            return True
        text = name.strip().replace("（", "(").replace("）", ")")
        if text.endswith(")") and "(" in text:
            inner = unit_of(text[text.rindex("(") + 1 : -1])
            if inner is not None and inner in (*words.time_measures, *_TIME_UNITS):
                return True
    return False


_TIME_UNITS = ("年", "月", "日", "天", "周", "小时", "工作日", "个月", "个工作日", "季度")
_YEARS = (Decimal(1990), Decimal(2100))


@rule(
    code="PG418",
    name="timeliness-target-not-time",
    severity="warning",
    principle="细化量化",
    message=(
        "时效指标的指标值“{value}”不是日期、期限、时长或及时率",
        "The timeliness target '{value}' is neither a date, a period, a duration nor an "
        "on-time rate",
    ),
    zh=Doc(
        what="时效指标的指标值只是一个没有单位的数（“≥90”），既不是日期（“2024年10月31日前”）、期间、时长（“3个工作日内”），也不是及时率（“≥95%”）。名称已说明时间或比率的（“完成时限”“按时完成率”）缺单位时由 PG404 提示。",
        why="对应“细化量化”的要求：时效指标考核的是“什么时候完成、多长时间内完成”，“≥90”说不出是 90 天、90 分还是 90%，无法判断是否按时。",
        bad="时效指标“时效高”指标值“≥90”；“资助资金发放及时”指标值“≥90及时”。",
        good="“资助资金发放时间”指标值“2024年10月31日前”；“申请办结时限”指标值“≤5个工作日”；“按时发放率”指标值“100%”。",
        fix="改为完成日期、期限、时长，或写成及时率并带上“%”。",
    ),
    en=Doc(
        what="A 时效指标 target that is a bare figure ('≥90'): neither a date ('2024年10月31日前'), "
        "a period, a duration ('3个工作日内') nor an on-time rate ('≥95%'). Where the name says "
        "it is a time or a rate (完成时限, 按时完成率), a missing unit is PG404's.",
        why="Timeliness is about when or how fast; '≥90' may be 90 days, 90 points or 90%, so "
        "nobody can tell whether the work was on time.",
        bad="时效指标 '时效高' with '≥90'; '资助资金发放及时' with '≥90及时'.",
        good="'2024年10月31日前'; '≤5个工作日'; 按时发放率 '100%'.",
        fix="Give a deadline, a period or a duration, or an on-time rate with '%'.",
    ),
)
def timeliness_target_not_time(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    for view in rows_of(table, context):
        if view.kind != "timeliness":
            continue
        ind, target = view.ind, view.target
        if target is None or target.kind != "numeric" or target.unit is not None:
            continue  # dates, periods, durations and rates are times; words are PG403's
        assert target.number is not None and ind.target is not None
        if _YEARS[0] <= target.number <= _YEARS[1] and not target.rest:
            continue  # a year on its own (2024) is a date
        if serial_date(ind.target) is not None or _names_time_or_rate(view):
            continue  # a date serial is PG417's; a named time or rate lacks a unit (PG404)
        yield Hit(args={"value": ind.target}, field=F_TARGET, indicator_row=ind.row)


@rule(
    code="PG420",
    name="target-contradicts-name",
    severity="info",
    principle="细化量化",
    message=(
        "指标名称“{name}”中写的是 {named}，指标值却是“{value}”",
        "The name '{name}' states {named}, but the target is '{value}'",
    ),
    zh=Doc(
        what="指标名称（三级指标或描述）自带一个数值，与指标值中同单位的数值不同，如名称“质量达标率100%”、指标值“≥98%”。名称中有多个数值的不比较。",
        why="对应“细化量化”的要求：量化的指标只能有一个目标值；名称和指标值各说一个数，考核时不知以哪个为准。",
        bad="“竣工验收合格率100%”，指标值“≥98%”；“培训教师500人次”，指标值“≥600人次”。",
        good="名称“竣工验收合格率”，指标值“100%”；名称“培训教师人次”，指标值“≥600人次”。",
        fix="把数值从名称中删去，只在指标值中填写目标。",
    ),
    en=Doc(
        what="The indicator name (三级 or description) carries its own figure, which differs "
        "from the target's figure in the same unit (name '质量达标率100%', target '≥98%'). Names "
        "with several figures are not compared.",
        why="A quantified indicator has one target; with one figure in the name and another in the value "
        "nobody knows which one is assessed.",
        bad="'竣工验收合格率100%' with '≥98%'; '培训教师500人次' with '≥600人次'.",
        good="Name 竣工验收合格率, target '100%'; name 培训教师人次, target '≥600人次'.",
        fix="Remove the figure from the name; state the target in the value only.",
    ),
)
def target_contradicts_name(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    for view in rows_of(table, context):
        ind, target = view.ind, view.target
        if target is None or target.number is None or target.unit is None:
            continue
        wanted = {target.number, target.upper}
        for name, label in ((ind.level3, F_LEVEL3), (ind.description, F_DESCRIPTION)):
            figures = figures_in(name) if name else ()
            if len(figures) != 1 or figures[0][1] != target.unit:
                continue  # no figure, several, or one of another measure (3个工作日办结率)
            number, unit = figures[0]
            if number not in wanted:
                yield Hit(
                    args={"name": name, "named": f"{format_figure(number)}{unit}", "value": ind.target},
                    field=label,
                    indicator_row=ind.row,
                )
                break
