"""PG0xx: the document and its structure."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from perfgoals.rules.common import is_blank, layout_has, same_text, states_nothing
from perfgoals.rules.registry import Doc, Hit, RuleContext, rule

if TYPE_CHECKING:
    from perfgoals.model import Filing, ProjectTable


@rule(
    code="PG001",
    name="unreadable-file",
    severity="error",
    scope="filing",
    message=("文件无法读取：{reason}", "The file cannot be read: {reason}"),
    zh=Doc(
        what="文件无法作为绩效目标表读取：.docx 损坏或加密、格式无法识别、文本无法解码等。",
        why="读不出的文件无法审核；批量检查时它单独成为一条发现，其余文件照常检查。",
        bad="一个只拷贝了一半的 .docx；设置了打开密码的 .docx；旧版 .doc。",
        good="在 Word 中正常保存、未加密的 .docx，或 UTF-8 文本导出。",
        fix="按提示处理：在 Word 中重新“另存为”.docx，去掉打开密码，或把 .doc 转为 .docx。",
    ),
    en=Doc(
        what="The file cannot be read as a filing: a damaged or encrypted .docx, an unknown "
        "format, undecodable text.",
        why="An unreadable file cannot be reviewed; in a batch it becomes one finding and the "
        "other files are still checked.",
        bad="A .docx copied only halfway; a password-protected .docx; a legacy .doc.",
        good="A .docx saved normally in Word without a password, or a UTF-8 text export.",
        fix="Follow the reason: save the file again as .docx in Word, remove the password, or "
        "convert the .doc to .docx.",
    ),
)
def unreadable_file(filing: Filing, context: RuleContext) -> Iterator[Hit]:
    """Reported by the engine when reading fails; nothing to check on a read filing."""
    return iter(())


@rule(
    code="PG002",
    name="no-tables-found",
    severity="warning",
    scope="filing",
    message=(
        "文件已读取，但没有找到可识别的绩效目标表",
        "The file was read but holds no recognisable performance-goal table",
    ),
    variants={
        "unrecognised": (
            "文件看起来是绩效目标表（{seen}），但未能识别其表格格式，没有读出任何栏目；"
            "请提交 Word 原件或保留表格的导出文件",
            "The file looks like a performance-goal filing ({seen}), but its table layout "
            "was not recognised and no field was read; submit the Word original or an export "
            "that keeps the table",
        )
    },
    zh=Doc(
        what="文件能读取，但其中没有任何可识别的绩效目标表（没有项目名称、预算数、指标表等栏目）。分两种情况：文件里根本没有绩效目标表；或文件里有绩效目标表的标题、指标类别等痕迹，但表格格式未能识别（如从网页或 PDF 复制、单元格全部粘连的文本），消息会说明是哪一种。",
        why="多半是放错了文件（说明、通知、空白模板），或表格被粘贴成了图片。",
        bad="一份只有正文通知、没有表格的文件。",
        good="含有“项目名称”“预算数”“一级指标”等栏目的绩效目标表。",
        fix="确认提交的是绩效目标表本身；表格不要以图片形式粘贴。",
    ),
    en=Doc(
        what="The file was read but has no recognisable performance-goal table (no project name, "
        "budget, indicator grid …).",
        why="Usually the wrong file (a notice, an empty template) or tables pasted as pictures.",
        bad="A file holding only a notice, with no table.",
        good="A filing whose tables carry 项目名称, 预算数, 一级指标 and so on.",
        fix="Submit the performance-goal tables themselves, as tables rather than pictures.",
    ),
)
def no_tables_found(filing: Filing, context: RuleContext) -> Iterator[Hit]:
    if filing.tables:
        return
    if filing.filing_traces:
        yield Hit(args={"seen": "、".join(filing.filing_traces)}, variant="unrecognised")
    else:
        yield Hit()


# Required fields: record field → label users read. "always" fields are
# reported even where no other table of the filing has them.
_REQUIRED = (
    ("project_code", "项目编码", False),
    ("project_name", "项目名称", False),
    ("budget", "预算数", False),
    ("spending_plan", "资金支出计划", False),
    ("goals", "绩效目标", False),
    ("indicators", "绩效指标", True),
)


def _present(table: ProjectTable, field: str) -> bool:
    value = getattr(table, field)
    if field == "budget":
        return value is not None and not states_nothing(value.raw)
    if field in ("goals", "indicators"):
        return bool(value)
    if field == "spending_plan":
        return value is not None
    return not is_blank(value)


@rule(
    code="PG003",
    name="missing-field",
    severity="error",
    message=("缺少必填栏目“{field}”", "Required field {field} is missing or empty"),
    zh=Doc(
        what="必填栏目缺失或为空：项目编码、项目名称、预算数、资金支出计划、绩效目标或绩效指标表。每个缺失栏目一条。表格格式未能完全识别时（如网页文本丢失了单元格边界），未读到的栏目不报此规则，改由 PG008 提示。",
        why="缺少这些栏目，绩效目标无法审核，也无法与预算对应。模板本身没有的栏目（如多数省份没有项目编码）不报告。",
        bad="项目编码一栏留空；表格缺少一级/二级/三级指标部分。",
        good="每张表都填写了项目编码、项目名称、预算数、支出计划、绩效目标和指标。",
        fix="补全所缺栏目的内容。",
    ),
    en=Doc(
        what="A required field is absent or empty: project code, project name, budget, spending "
        "plan, goals, or the indicator grid. One finding per missing field.",
        why="Without them the goals cannot be reviewed or tied to the budget. Fields the template "
        "does not have at all (most provinces have no project code) are not reported. Where the "
        "table's layout was not fully recognised (a web page's text that lost its cell "
        "boundaries), a field not read is left to PG008 (info) instead.",
        bad="An empty 项目编码 cell; a table with no indicator grid.",
        good="Every table fills in code, name, budget, plan, goals and indicators.",
        fix="Fill in the missing field.",
    ),
)
def missing_field(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    for field, label, always in _REQUIRED:
        if _present(table, field):
            continue
        if getattr(table, field) is None and not always and not layout_has(context.filing, field):
            continue  # the template has no such field
        if not table.recognised:
            continue  # the field may be there, unread: PG008 says so
        yield Hit(args={"field": label}, field=label)


def unread_fields(table: ProjectTable, filing: Filing) -> list[str]:
    """The required fields PG003 would name, were the table's layout certain."""
    return [
        label
        for field, label, always in _REQUIRED
        if not _present(table, field)
        and (getattr(table, field) is not None or always or layout_has(filing, field))
    ]


_READ_LABELS = (
    ("project_name", "项目名称"),
    ("unit_name", "单位"),
    ("budget", "预算数"),
    ("goals", "绩效目标"),
    ("indicators", "绩效指标"),
)


@rule(
    code="PG008",
    name="layout-not-recognised",
    severity="info",
    message=(
        "表格格式未能完全识别（单元格边界丢失，已按栏目名称恢复）；未读到：{unread}；已读到：{read}。请人工核对未读到的栏目",
        "The table's layout was not fully recognised (its cell boundaries were lost and rebuilt "
        "from the labels); not read: {unread}; read: {read}. Check the fields not read by hand",
    ),
    zh=Doc(
        what="表格的单元格边界在文件中已经丢失（网页复制的文本、PDF 转出的文字、一格一行的导出等），perfgoals 按栏目名称恢复了表格，但无法确认某些必填栏目是缺失还是未能读出。这类表格中其他规则的“错误”一律降为“警告”，请人工确认。",
        why="把未能读出的栏目报告为“缺少必填栏目”会误导填报人；这里如实说明读到了什么、没读到什么。",
        bad="网页文本中表格被压成一行，项目名称之后的内容未能分开。",
        good="Word 原件或保留了表格的导出（.docx、.xlsx、Word 另存的文本），每个栏目都能读出。",
        fix="核对未读到的栏目是否已填写；尽量提交 Word 原件或保留表格的导出。",
    ),
    en=Doc(
        what="The file lost the table's cell boundaries (text copied from a web page or a PDF, "
        "one cell per line), perfgoals rebuilt the table from its labels, and cannot tell "
        "whether some required fields are missing or just unread. In such a table every other "
        "rule's errors are lowered to warnings, for a person to confirm.",
        why="Reporting an unread field as missing misleads the filer; this says plainly what was "
        "read and what was not.",
        bad="A web page's text with the table pressed into one line.",
        good="The Word original or an export that keeps the table (.docx, .xlsx, Word's text "
        "export): every field is read.",
        fix="Check that the fields not read are filled in; submit the Word original where you can.",
    ),
)
def layout_not_recognised(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    if table.recognised:
        return
    unread = unread_fields(table, context.filing)
    if not unread:
        return
    read = [label for field, label in _READ_LABELS if getattr(table, field)]
    none = "无" if context.lang == "zh" else "none"
    yield Hit(args={"unread": "、".join(unread), "read": "、".join(read) or none})


@rule(
    code="PG004",
    name="unparseable-number",
    severity="error",
    message=(
        "“{field}”应为数字，实为“{value}”",
        "{field} should be a number but holds '{value}'",
    ),
    zh=Doc(
        what="数字栏目（预算数、财政资金、其他资金、支出计划百分比）中填写了非数字的内容。",
        why="非数字无法核对资金是否平衡、支出进度是否合理。",
        bad="预算数填“十二万”；6月底填“过半”。",
        good="预算数填“12.00”；6月底填“50.00”；没有其他资金时填“—”“无”或留空（按 0 计）。",
        fix="改为阿拉伯数字，单位写在表头（单位：万元）。",
    ),
    en=Doc(
        what="A numeric cell (budget, fiscal funds, other funds, a spending-plan percentage) "
        "holds text that is not a number.",
        why="Non-numbers cannot be checked for balance or pace.",
        bad="预算数 '十二万'; 6月底 '过半'.",
        good="预算数 '12.00'; 6月底 '50.00'; no other funds written '—', '无' or left empty "
        "(counted as 0).",
        fix="Write Arabic numerals; put the unit in the header (单位：万元).",
    ),
)
def unparseable_number(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    for label, amount in (
        ("预算数", table.budget),
        ("财政资金", table.fiscal_funds),
        ("其他资金", table.other_funds),
    ):
        if amount is not None and not states_nothing(amount.raw) and amount.value is None:
            yield Hit(
                args={"field": label, "value": amount.raw},
                field=label,
                line=amount.source.line,
                source=amount.source,
            )
    if table.spending_plan is not None:
        for point in table.spending_plan.points:
            if not states_nothing(point.raw) and point.value is None:
                yield Hit(
                    args={"field": f"资金支出计划 {point.label}", "value": point.raw},
                    field="资金支出计划",
                    key=point.key,
                    line=point.source.line,
                    source=point.source,
                )


@rule(
    code="PG005",
    name="title-name-mismatch",
    severity="warning",
    message=(
        "表题写的是“{title}”，项目名称却是“{name}”",
        "The title names '{title}' but the project name is '{name}'",
    ),
    zh=Doc(
        what="表题（“N、<名称>绩效目标表”）中的项目与“项目名称”栏不一致。",
        why="多半是复制上一张表后只改了一处，审核时无法确定哪一个才是本表的项目。",
        bad="表题“3、校舍维修经费绩效目标表”，项目名称“学生资助经费”。",
        good="表题与项目名称一致（全角/半角括号、空格的差异不算不一致）。",
        fix="统一表题与项目名称。",
    ),
    en=Doc(
        what="The table title (N、<name>绩效目标表) names another project than the 项目名称 cell.",
        why="Usually a table copied from the previous one and changed in one place only.",
        bad="Title '3、校舍维修经费绩效目标表' over project name '学生资助经费'.",
        good="Title and name agree (full- vs half-width brackets and spaces do not count).",
        fix="Make the title and the project name the same.",
    ),
)
def title_name_mismatch(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    name_in_title = table.title_name
    name = table.project_name
    if not name_in_title or is_blank(name) or not table.recognised:
        # A title found inside text whose cells ran together may have taken a
        # neighbour's words (a date's 日, a unit's name): too unsure to flag.
        return
    assert name is not None
    if same_text(name_in_title, name, loose=True):
        return
    yield Hit(args={"title": name_in_title, "name": name}, field="项目名称")


@rule(
    code="PG006",
    name="table-numbering",
    severity="warning",
    scope="filing",
    message=(
        "第{part}部分表号不连续：应为 {expected}，实为 {number}",
        "Table numbers in part {part} are out of sequence: expected {expected}, found {number}",
    ),
    zh=Doc(
        what="同一部分内表题的序号不是从 1 开始依次递增（跳号、重号）。",
        why="序号错乱说明表格被删除、重复粘贴或顺序被打乱，容易漏审或重复审核。",
        bad="1、2、4、5（缺 3）；1、2、2、3（重号）。",
        good="1、2、3、4。",
        fix="检查是否漏了或多了一张表，再按顺序重新编号。",
    ),
    en=Doc(
        what="Table numbers within a part do not run 1..n in order (a gap or a repeat).",
        why="A broken sequence means a table was dropped, pasted twice or moved.",
        bad="1, 2, 4, 5 (3 missing); 1, 2, 2, 3 (repeat).",
        good="1, 2, 3, 4.",
        fix="Check for a missing or extra table, then renumber in order.",
    ),
)
def table_numbering(filing: Filing, context: RuleContext) -> Iterator[Hit]:
    expected: dict[int | None, int] = {}
    for table in filing.tables:
        if table.number is None:
            continue
        want = expected.get(table.part, 1)
        if table.number != want:
            yield Hit(
                args={"part": table.part or "", "expected": want, "number": table.number},
                table=table,
            )
        expected[table.part] = table.number + 1


@rule(
    code="PG007",
    name="unit-header-inconsistent",
    severity="warning",
    scope="filing",
    message=(
        "本表单位为“{unit}”，与本文件其他表的“{majority}”不一致",
        "This table's unit '{unit}' differs from the filing's other tables ('{majority}')",
    ),
    zh=Doc(
        what="某张表表头的单位（如“434002定州市人民政府办公室”）与同一文件其他表不同。没有单位表头的表不报告。",
        why="一个文件应是同一单位的申报；不同单位的表多半是从别的文件复制来的。",
        bad="27 张表写“434002定州市人民政府办公室”，1 张写“434003定州市发展和改革局”。",
        good="所有表的单位表头一致。",
        fix="核对该表是否属于本单位，改正表头或移出该表。",
    ),
    en=Doc(
        what="A table's unit header (e.g. 434002定州市人民政府办公室) differs from the filing's "
        "other tables. Tables with no unit header are not flagged.",
        why="A filing belongs to one unit; another unit's table was most likely pasted in.",
        bad="27 tables under 434002…, one under 434003….",
        good="All tables under the same unit.",
        fix="Check that the table belongs to this unit; correct the header or move the table.",
    ),
)
def unit_header_inconsistent(filing: Filing, context: RuleContext) -> Iterator[Hit]:
    units = [
        (table, f"{table.unit_code or ''}{table.unit_name or ''}")
        for table in filing.tables
        if table.unit_code or table.unit_name
    ]
    if len(units) < 2:
        return
    counts = Counter(unit for _, unit in units)
    majority, top = counts.most_common(1)[0]
    if top == 1 and len(counts) > 1:
        return  # no majority to measure against
    for table, unit in units:
        if unit != majority:
            yield Hit(args={"unit": unit, "majority": majority}, field="单位", table=table)
