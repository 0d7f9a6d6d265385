"""Run the active rules over one filing and turn their hits into findings."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from perfgoals.collector import collector_paused
from perfgoals.errors import UnreadableFileError
from perfgoals.findings import FileResult, Finding, Location, make_fingerprint
from perfgoals.rules.registry import Hit, RuleContext, RuleSpec
from perfgoals.settings import Settings, active_rules

if TYPE_CHECKING:
    from perfgoals.model import Filing, ProjectTable, Source


def _location(spec: RuleSpec, hit: Hit, table: ProjectTable | None) -> Location:
    if table is None:
        source_table, source_row, source_column = _place(hit.source)
        return Location(
            field=hit.field,
            indicator_row=hit.indicator_row,
            line=hit.line,
            source_table=source_table,
            source_row=source_row,
            source_column=source_column,
        )
    line = hit.line
    if line is None and hit.indicator_row is not None and table.indicators:
        row = table.indicators[hit.indicator_row - 1]
        line = row.source.line
    if line is None:
        line = table.field_line(_FIELD_KEYS.get(hit.field or "", "")) if hit.field else None
    if line is None:
        line = table.source.line
    source_table, source_row, source_column = _place(_cell_of(hit, table))
    return Location(
        part=table.part,
        table=table.table_number,
        project_code=table.project_code or None,
        project_name=table.project_name or None,
        field=hit.field,
        indicator_row=hit.indicator_row,
        line=line,
        source_table=source_table,
        source_row=source_row,
        source_column=source_column,
    )


# Finding field labels (as users read them) → record field names, for lines.
_FIELD_KEYS = {
    "项目编码": "project_code",
    "项目名称": "project_name",
    "预算数": "budget",
    "财政资金": "fiscal_funds",
    "其他资金": "other_funds",
    "资金用途": "purpose",
    "资金支出计划": "spending_plan",
    "绩效目标": "goals",
    "实施期": "period",
    "单位": "unit",
}
# Indicator field labels → the indicator's column names.
INDICATOR_COLUMNS = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "level3",
    "绩效指标": "level3",
    "绩效指标描述": "description",
    "指标值": "target",
    "指标值确定依据": "basis",
    "分值": "weight",
}


def _place(source: Source | None) -> tuple[int | None, int | None, int | None]:
    """A record's source as the 1-based table, row and grid column of a
    Location, as Word counts them; all None for a text export."""
    if source is None or source.docx_table is None:
        return None, None, None
    row = source.row + 1 if source.row is not None else None
    column = source.column + 1 if row is not None and source.column is not None else None
    return source.docx_table + 1, row, column


def _cell_of(hit: Hit, table: ProjectTable) -> Source | None:
    """The cell a table's finding points at: the record the rule named, the
    indicator's cell in the field's column, the field's value; else the table
    (its title where the title is a row of the table)."""
    from perfgoals.model import Source

    if hit.source is not None and hit.source.docx_table is not None:
        return hit.source
    if hit.indicator_row is not None and table.indicators:
        if not 0 < hit.indicator_row <= len(table.indicators):
            return None
        indicator = table.indicators[hit.indicator_row - 1]
        name = INDICATOR_COLUMNS.get(hit.field or "")
        columns = indicator.source.columns or {}
        source = indicator.source
        if name in columns and source.docx_table is not None:
            return Source(
                docx_table=source.docx_table, row=source.row, column=columns[name]
            )
        return source
    if hit.field:
        found = table.field_sources.get(_FIELD_KEYS.get(hit.field, ""))
        if found is not None and found.docx_table is not None:
            return found
    if table.source.docx_table is not None:
        return table.source
    tables = [s.docx_table for s in table.field_sources.values() if s.docx_table is not None]
    if not tables:
        return None
    # The title is a paragraph above the table: the table alone, no cell.
    return Source(docx_table=min(tables))


def make_finding(
    spec: RuleSpec,
    hit: Hit,
    table: ProjectTable | None,
    path: str,
    settings: Settings,
    location: Location | None = None,
) -> Finding:
    location = location or _location(spec, hit, table)
    return Finding(
        rule=spec.code,
        name=spec.name,
        severity=_severity(spec, hit, settings, table),
        message=spec.message(settings.lang, hit.variant, _bounded_args(hit.args)),
        location=location,
        fingerprint=make_fingerprint(spec.code, path, location, hit.key),
        suggestion=hit.suggestion,
    )


# A cell quoted in a message is cut here: a million-character cell must not
# make a million-character line in every report.
MAX_QUOTED_CHARS = 1000


def _bounded_args(args: Mapping[str, object]) -> Mapping[str, object]:
    if not any(isinstance(v, str) and len(v) > MAX_QUOTED_CHARS for v in args.values()):
        return args
    return {
        k: (v[:MAX_QUOTED_CHARS] + "…" if isinstance(v, str) and len(v) > MAX_QUOTED_CHARS else v)
        for k, v in args.items()
    }


def _severity(
    spec: RuleSpec, hit: Hit, settings: Settings, table: ProjectTable | None = None
) -> str:
    """A configured severity wins; else the hit's own case; else the rule's.

    In a table whose shape was inferred (its rows rebuilt from the labels,
    PG008), a cell may hold what belongs to its neighbour: what would be an
    error there is a warning, for a person to confirm."""
    if spec.code in dict(settings.severity):
        return settings.severity_of(spec)
    severity = hit.severity or spec.severity
    if severity == "error" and table is not None and not table.recognised:
        return "warning"
    return severity


def _has_fields(spec: RuleSpec, table: ProjectTable) -> bool:
    return all(getattr(table, name) is not None for name in spec.needs)


RulePlan = tuple[tuple[RuleSpec, Mapping[str, Any]], ...]


def _rule_plan(settings: Settings, path: str) -> RulePlan:
    """The rules that check one filing at ``path``, each with its options.
    The same for every file of a run unless per-file ignores name some:
    then worked out for each file."""
    if settings.per_file_ignores:
        return _plan_of(settings, path)
    try:
        return _shared_plan(settings)
    except TypeError:  # options the config gave as lists cannot be a cache key
        return _plan_of(settings, path)


def _plan_of(settings: Settings, path: str | None) -> RulePlan:
    return tuple(
        (spec, MappingProxyType(settings.options_of(spec)))
        for spec in active_rules(settings, path)
        if spec.scope != "batch"
    )


@lru_cache(maxsize=8)
def _shared_plan(settings: Settings) -> RulePlan:
    # Read-only options: one mapping serves every filing of the run.
    return _plan_of(settings, None)


def check_filing(filing: Filing, settings: Settings, path: str) -> FileResult:
    """The findings of the active rules on one filing.

    The cyclic collector is paused meanwhile, as for reading
    (:func:`collector_paused`): the rules and the text check's data, loaded on
    first use, make many small acyclic objects too."""
    with collector_paused():
        return _check_filing(filing, settings, path)


def _check_filing(filing: Filing, settings: Settings, path: str) -> FileResult:
    result = FileResult(
        path=path,
        status="ok",
        tables=len(filing.tables),
        kind=filing.kind,
        unit_code=filing.unit_code,
        unit_name=filing.unit_name,
        source_format=filing.source_format,
        project_codes=[
            (t.project_code.strip(), t.part, t.table_number, t.project_name)
            for t in filing.tables
            if t.project_code and t.project_code.strip()
        ],
    )
    findings: list[Finding] = []
    memo: dict[object, object] = {}  # facts the rules share, for this filing only
    present: dict[frozenset[str], list[ProjectTable]] = {}  # tables having each needs set
    for spec, options in _rule_plan(settings, path):
        if filing.kind not in spec.kinds:
            continue
        tables = present.get(spec.needs)
        if tables is None:
            tables = [table for table in filing.tables if _has_fields(spec, table)]
            present[spec.needs] = tables
        if spec.needs and not tables:
            continue  # the layout has no such field (layouts.md): nothing to check
        context = RuleContext(filing=filing, options=options, lang=settings.lang, memo=memo)
        try:
            if spec.scope == "table":
                for table in tables:
                    for hit in spec.check(table, context):
                        findings.append(make_finding(spec, hit, table, path, settings))
            else:
                for hit in spec.check(filing, context):
                    findings.append(make_finding(spec, hit, hit.table, path, settings))
        except Exception as exc:  # a rule bug must not lose the rest of the report
            findings.append(rule_failed(spec, exc, path, settings))
    result.findings = sorted(findings, key=Finding.sort_key)
    if settings.table_views:
        from perfgoals.report.view import table_views

        result.views = table_views(filing, result.findings)
    return result


def rule_failed(spec: RuleSpec, exc: BaseException, path: str, settings: Settings) -> Finding:
    """A rule that raised: an error under the rule's own code, so the run fails
    (the file was not fully checked) and every report format shows it."""
    detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
    if settings.lang == "zh":
        message = (
            f"规则 {spec.code} 检查此文件时出现内部错误（{detail}），这一项未能检查完，其余规则照常运行；"
            "文件未被修改。请将此文件反馈给维护者。"
        )
    else:
        message = (
            f"Rule {spec.code} hit an internal error on this file ({detail}); this check did "
            "not finish, the other rules ran. The file was not changed; please report it with "
            "the file attached."
        )
    location = Location()
    return Finding(
        rule=spec.code,
        name=spec.name,
        severity="error",
        message=message,
        location=location,
        fingerprint=make_fingerprint(spec.code, path, location, f"rule-failed:{type(exc).__name__}"),
    )


def unreadable_result(path: str, error: UnreadableFileError, settings: Settings) -> FileResult:
    """A file that cannot be read: one PG001 finding with the reason."""
    from perfgoals.rules.registry import get_rule

    spec = get_rule("PG001")
    assert spec is not None
    hit = Hit(args={"reason": error.message(settings.lang)}, key=error.reason)
    finding = make_finding(spec, hit, None, path, settings)
    return FileResult(path=path, status="unreadable", tables=0, findings=[finding])


def check_path(path: Path, display_path: str, settings: Settings) -> FileResult:
    """Read, build and check one file; never raises for a bad file."""
    from perfgoals.pipeline import load_filing_or_reason
    from perfgoals.read.limits import limits_from

    limits = limits_from(settings.limits)
    try:
        with time_budget(limits.file_seconds):
            try:
                filing = load_filing_or_reason(path, display_path, limits)
            except UnreadableFileError as exc:
                return unreadable_result(display_path, exc, settings)
            if not filing.tables and filing.source_format == "text":
                from perfgoals.notfiling import is_not_a_filing

                if is_not_a_filing(path, limits):  # a README beside the filings: no PG002
                    return FileResult(path=display_path, status=NOT_A_FILING, tables=0)
            return check_filing(filing, settings, display_path)
    except FileTimeout:
        return unreadable_result(display_path, _timed_out(limits.file_seconds), settings)


class FileTimeout(BaseException):
    """Raised by the alarm of ``time_budget``: a BaseException, so that no
    ``except Exception`` on the way (a rule's guard) swallows it."""


@contextmanager
def time_budget(seconds: int) -> Iterator[None]:
    """Raise FileTimeout in this thread after ``seconds`` of wall-clock time.
    Only in a process's main thread (workers, a serial run), where signals go;
    elsewhere the block runs unbounded. C code (one XML parse) finishes its
    call before the alarm is seen: every part it parses is bounded in size."""
    if (
        seconds <= 0
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise FileTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _timed_out(seconds: int) -> UnreadableFileError:
    return UnreadableFileError(
        "timeout",
        f"检查此文件用时超过 {seconds} 秒，已停止（文件异常复杂，或是被人为构造的文件）。文件未被修改；"
        "请在 Word 中重新保存后再检查；如确为正常文件，可在配置文件 [limits] 中调高 file-seconds。",
        f"Checking this file took more than {seconds} seconds and was stopped (an abnormally "
        "complex or crafted file). The file was not changed; save it again from Word and "
        "re-check, or, for a real filing, raise file-seconds in the [limits] table of the "
        "config file.",
    )


NOT_A_FILING = "not-a-filing"
