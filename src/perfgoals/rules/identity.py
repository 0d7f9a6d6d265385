"""PG1xx: project identity — codes and names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from perfgoals.rules.common import is_blank
from perfgoals.rules.registry import Doc, Hit, RuleContext, rule
from perfgoals.textnorm import normalise

if TYPE_CHECKING:
    from perfgoals.model import Filing, ProjectTable

DEFAULT_CODE_PATTERN = r"^\d{3}-\d{4}-[A-Z]{3}-[A-Z0-9]{4}$"


@rule(
    code="PG101",
    needs=frozenset({"project_code"}),
    name="project-code-format",
    severity="error",
    options={"pattern": DEFAULT_CODE_PATTERN},
    message=(
        "项目编码“{code}”不符合格式 {pattern}",
        "Project code '{code}' does not match {pattern}",
    ),
    zh=Doc(
        what="项目编码不符合规定格式（默认 `^\\d{3}-\\d{4}-[A-Z]{3}-[A-Z0-9]{4}$`，可在配置 [rules.PG101] pattern 中修改）。",
        why="项目编码用于把绩效目标与预算项目库对应；格式错误的编码无法匹配。",
        bad="434-0101-JBN-A8C（末段少一位）；434－0101－JBN－A8CL（全角连字符）。",
        good="434-0101-JBN-A8CL。",
        fix="从预算项目库复制正确的编码，使用半角字符。",
    ),
    en=Doc(
        what="The project code does not match the configured pattern (default "
        "`^\\d{3}-\\d{4}-[A-Z]{3}-[A-Z0-9]{4}$`; option [rules.PG101] pattern).",
        why="The code ties the goals to the budget project database; a malformed code matches "
        "nothing.",
        bad="434-0101-JBN-A8C (last segment short); 434－0101－JBN－A8CL (full-width hyphens).",
        good="434-0101-JBN-A8CL.",
        fix="Copy the code from the project database, in half-width characters.",
    ),
)
def project_code_format(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    code = table.project_code
    if is_blank(code):
        return
    assert code is not None
    pattern = str(context.options["pattern"])
    compiled = re.compile(pattern)
    if compiled.match(code.strip()):
        return
    fixed = normalise(code).upper()
    suggestion = fixed if compiled.match(fixed) else None
    yield Hit(args={"code": code, "pattern": pattern}, field="项目编码", suggestion=suggestion)


@rule(
    code="PG102",
    needs=frozenset({"project_code"}),
    name="project-code-unit-prefix",
    severity="warning",
    message=(
        "项目编码“{code}”的首段 {prefix} 与单位编码 {unit_code} 的前三位 {unit_prefix} 不一致",
        "Project code '{code}' starts with {prefix}, but the unit code {unit_code} starts "
        "with {unit_prefix}",
    ),
    zh=Doc(
        what="项目编码第一段与本表单位编码的前三位不同（单位 434002 下应为 434-…）。没有单位表头的表不检查。",
        why="编码首段标明项目所属单位；不一致多半是用了别的单位的编码或复制错了。",
        bad="单位 434002，项目编码 435-0101-JBN-A8CL。",
        good="单位 434002，项目编码 434-0101-JBN-A8CL。",
        fix="核对项目编码是否属于本单位。",
    ),
    en=Doc(
        what="The code's first segment differs from the first three digits of the table's unit "
        "code (434-… under unit 434002). Tables with no unit header are not checked.",
        why="The first segment names the owning unit; a mismatch is usually another unit's code.",
        bad="Unit 434002, project code 435-0101-JBN-A8CL.",
        good="Unit 434002, project code 434-0101-JBN-A8CL.",
        fix="Check that the project code belongs to this unit.",
    ),
)
def project_code_unit_prefix(table: ProjectTable, context: RuleContext) -> Iterator[Hit]:
    code, unit_code = table.project_code, table.unit_code
    if is_blank(code) or not unit_code or len(unit_code) < 3:
        return
    assert code is not None
    match = re.match(r"^\s*(\d{3})-", normalise(code))
    if match is None:
        return  # a malformed code is PG101's finding
    prefix, unit_prefix = match.group(1), unit_code[:3]
    if prefix != unit_prefix:
        yield Hit(
            args={
                "code": code,
                "prefix": prefix,
                "unit_code": unit_code,
                "unit_prefix": unit_prefix,
            },
            field="项目编码",
        )


def _duplicates(filing: Filing, attribute: str) -> Iterator[tuple[ProjectTable, ProjectTable]]:
    """(earlier, later) pairs of tables sharing a normalised value."""
    first_seen: dict[str, ProjectTable] = {}
    for table in filing.tables:
        value = getattr(table, attribute)
        if is_blank(value):
            continue
        key = normalise(value)
        if key in first_seen:
            yield first_seen[key], table
        else:
            first_seen[key] = table


def _where(table: ProjectTable) -> str:
    part = f"第{table.part}部分" if table.part else ""
    return f"{part}表 {table.table_number}"


@rule(
    code="PG103",
    needs=frozenset({"project_name"}),
    name="duplicate-project-name",
    severity="warning",
    scope="filing",
    message=(
        "项目名称“{name}”与{earlier}重复",
        "Project name '{name}' repeats {earlier_en}",
    ),
    zh=Doc(
        what="同一文件中两张表的项目名称相同。报告在后一张表上，并指出前一张。",
        why="同名项目可能是重复申报，也可能是两个不同项目用了同一个笼统的名称，审核时无法区分。",
        bad="表 4 和表 9 都叫“教育局专项经费”。",
        good="“金融风险防范专项经费”“普惠金融推进专项经费”。",
        fix="合并重复的表，或给两个项目起能区分内容的名称。",
    ),
    en=Doc(
        what="Two tables of one filing carry the same project name. Reported on the later table, "
        "naming the earlier one.",
        why="Either a duplicate filing or two projects under one vague name; reviewers cannot "
        "tell them apart.",
        bad="Tables 4 and 9 both named '教育局专项经费'.",
        good="Distinct names saying what each project does.",
        fix="Merge the duplicate, or give each project a name that says what it funds.",
    ),
)
def duplicate_project_name(filing: Filing, context: RuleContext) -> Iterator[Hit]:
    for earlier, later in _duplicates(filing, "project_name"):
        yield Hit(
            args={
                "name": later.project_name,
                "earlier": _where(earlier),
                "earlier_en": f"table {earlier.table_number}",
            },
            field="项目名称",
            table=later,
        )


@rule(
    code="PG104",
    needs=frozenset({"project_code"}),
    name="duplicate-project-code",
    severity="error",
    scope="filing",
    message=(
        "项目编码“{code}”与{earlier}重复",
        "Project code '{code}' repeats {earlier_en}",
    ),
    zh=Doc(
        what="同一文件中两张表的项目编码相同。",
        why="项目编码应唯一对应一个预算项目；重复编码会让两张表对到同一个项目上。",
        bad="表 3 与表 7 都是 434-0101-YBN-4DAD。",
        good="每张表一个不同的编码。",
        fix="从预算项目库核对每张表的编码。",
    ),
    en=Doc(
        what="Two tables of one filing carry the same project code.",
        why="A code identifies one budget project; duplicates map two tables onto one project.",
        bad="Tables 3 and 7 both 434-0101-YBN-4DAD.",
        good="A distinct code per table.",
        fix="Check each table's code against the project database.",
    ),
)
def duplicate_project_code(filing: Filing, context: RuleContext) -> Iterator[Hit]:
    for earlier, later in _duplicates(filing, "project_code"):
        yield Hit(
            args={
                "code": later.project_code,
                "earlier": _where(earlier),
                "earlier_en": f"table {earlier.table_number}",
            },
            field="项目编码",
            table=later,
        )
