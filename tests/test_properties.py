"""Property-based tests of the readers: whatever the bytes, a file is refused
with ``UnreadableFileError`` or read, built and checked without any other
exception; and a valid filing's records survive a round trip through the
text export (text → records → text of an equivalent spec → records).

Kept short here (50 examples each); ``tests/fuzz/fuzz_readers.py`` runs the
same mutations for tens of thousands of cases.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from fuzz.mutators import (
    ENCODINGS,
    INDICATOR_FIELDS,
    SAFE_CHARS,
    TEXT_EDITS,
    XML_EDITS,
    base_specs,
    check_bytes,
    cut,
    drop_parts,
    edit_document,
    edit_lines,
    encode,
    flip_bytes,
    flip_document_bytes,
    render_docx,
    render_text,
    with_texts,
)
from perfgoals.builder import build_filing
from perfgoals.builder.labels import labels
from perfgoals.engine import check_path
from perfgoals.model import Filing
from perfgoals.read import read_bytes
from perfgoals.settings import Settings

from gen.spec import FilingSpec, IndicatorSpec, RenderOptions, TableSpec
from gen.text_writer import to_text

SHORT = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
BASES = base_specs()
FORMAT_KEYS = {"source", "field_sources", "notes", "encoding", "source_format", "path"}

unit = st.floats(min_value=0, max_value=1, allow_nan=False)
safe_text = st.text(alphabet=SAFE_CHARS, min_size=1, max_size=24)
# Cell and line material: labels, layout marks and residue the readers react to.
tokens = st.one_of(
    st.sampled_from(
        [
            "\t", "\t项目编码", "\t项目名称", "\t预算数", "\t资金支出计划（%）", "\t3月底", "\t12月底",
            "\t一级指标", "\t二级指标", "\t三级指标", "\t指标值", "\t产出指标", "\t数量指标",
            "\t绩效目标", "\t100.00", "| ", " |", "|---|---|", " TC 1、x \\f C \\l 1 ", "第三部分",
            "1、某某经费绩效目标表", "- 3 -", "12", "<br>", "&amp;", "\u3000", "\ufeff", "\r",
        ]
    ),
    safe_text,
    st.text(max_size=8),
)
text_exports = st.lists(st.lists(tokens, max_size=5).map("".join), max_size=80).map("\n".join)


@SHORT
@given(data=st.binary(max_size=4096), name=st.sampled_from(["a.txt", "a.docx", "a.doc", "a.wps", ""]))
def test_any_bytes_are_read_or_refused(data: bytes, name: str) -> None:
    check_bytes(data, name)


@SHORT
@given(text=text_exports, encoding=st.sampled_from(ENCODINGS), crlf=st.booleans())
def test_any_text_export_is_read_or_refused(text: str, encoding: str, crlf: bool) -> None:
    check_bytes(encode(text, encoding, crlf), "a.txt")


@SHORT
@given(
    base=st.sampled_from(range(len(BASES))),
    edits=st.lists(st.tuples(st.sampled_from(TEXT_EDITS), unit, safe_text), min_size=1, max_size=8),
    encoding=st.sampled_from(ENCODINGS),
    crlf=st.booleans(),
    cut_at=st.one_of(st.none(), unit),
)
def test_mutated_text_exports(
    base: int,
    edits: list[tuple[Any, float, str]],
    encoding: str,
    crlf: bool,
    cut_at: float | None,
) -> None:
    _, spec, _ = BASES[base]
    data = encode(edit_lines(to_text(spec), edits), encoding, crlf)
    check_bytes(cut(data, cut_at) if cut_at is not None else data, "a.txt")


render_options = st.builds(
    RenderOptions,
    level1_merged=st.booleans(),
    level2_merged=st.booleans(),
    header_as_own_table=st.booleans(),
    split_runs=st.booleans(),
    title_field=st.sampled_from(["tc", "simple", "none"]),
    tracked_changes=st.booleans(),
)
table_texts = st.lists(
    st.tuples(unit, st.sampled_from(["name", "code", "purpose", "goals", "budget"]), safe_text),
    max_size=4,
)
indicator_texts = st.lists(
    st.tuples(unit, unit, st.sampled_from(INDICATOR_FIELDS), safe_text), max_size=4
)
mutation = st.one_of(
    st.tuples(st.just("none")),
    st.tuples(st.just("drop"), st.lists(unit, min_size=1, max_size=4)),
    st.tuples(st.just("flip"), st.lists(st.tuples(unit, st.integers(1, 255)), min_size=1, max_size=8)),
    st.tuples(st.just("flip-xml"), st.lists(st.tuples(unit, st.integers(1, 255)), min_size=1, max_size=8)),
    st.tuples(st.just("cut"), unit),
    st.tuples(
        st.just("xml"),
        st.lists(st.tuples(st.sampled_from(XML_EDITS), unit, st.integers(0, 3000)), min_size=1, max_size=6),
    ),
)


def _mutate(data: bytes, how: tuple[Any, ...]) -> bytes:
    kind = how[0]
    if kind == "drop":
        return drop_parts(data, how[1])
    if kind == "flip":
        return flip_bytes(data, how[1])
    if kind == "flip-xml":
        return flip_document_bytes(data, how[1])
    if kind == "cut":
        return cut(data, how[1])
    if kind == "xml":
        return edit_document(data, how[1])
    return data


@SHORT
@given(
    base=st.sampled_from(range(len(BASES))),
    options=render_options,
    texts=table_texts,
    rows=indicator_texts,
    how=mutation,
)
def test_mutated_docx_is_read_or_refused(
    base: int,
    options: RenderOptions,
    texts: list[tuple[float, str, str]],
    rows: list[tuple[float, float, str, str]],
    how: tuple[Any, ...],
) -> None:
    _, spec, _ = BASES[base]
    check_bytes(_mutate(render_docx(with_texts(spec, texts, rows), options), how), "a.docx")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(base=st.sampled_from(range(len(BASES))), how=mutation)
def test_check_path_never_reports_an_internal_error(
    tmp_path: Path, base: int, how: tuple[Any, ...]
) -> None:
    _, spec, options = BASES[base]
    path = tmp_path / "filing.docx"
    path.write_bytes(_mutate(render_docx(spec, options), how))
    result = check_path(path, "filing.docx", Settings())
    reasons = {f.fingerprint for f in result.findings if f.rule == "PG001"}
    assert result.status in ("ok", "unreadable")
    assert not result.errors
    if result.status == "unreadable":
        (finding,) = result.findings
        assert "内部错误" not in finding.message and len(reasons) == 1


# --- round trip -------------------------------------------------------------


def _is_label(text: str) -> bool:
    table = labels()
    return any(
        lookup(text)
        for lookup in (table.field, table.section, table.indicator_column, table.checkpoint)
    ) or bool(getattr(table, "is_label", lambda _: False)(text))


def load_text(data: bytes) -> Filing:
    return build_filing(read_bytes(data, "filing.txt"), "filing.txt")


def content(filing: Filing) -> Any:
    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in FORMAT_KEYS}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(asdict(filing))


def spec_from_filing(filing: Filing) -> FilingSpec:
    """The spec a writer needs to print ``filing`` again: records → spec."""
    tables = []
    for table in filing.tables:
        assert table.budget and table.fiscal_funds and table.other_funds and table.spending_plan
        tables.append(
            TableSpec(
                part=table.part,
                number=table.number,
                name=table.project_name or "",
                code=table.project_code or "",
                name_label=table.name_label or "项目名称",
                unit_header=f"{table.unit_code or ''}{table.unit_name or ''}",
                money_unit=table.money_unit or "万元",
                budget=table.budget.raw,
                fiscal_funds=table.fiscal_funds.raw,
                other_funds=table.other_funds.raw,
                purpose=table.purpose or "",
                plan_labels=tuple(p.label for p in table.spending_plan.points),
                plan=tuple(p.raw for p in table.spending_plan.points),
                goals=table.goals_text or "",
                indicators=tuple(
                    IndicatorSpec(
                        i.level1, i.level2, i.level3 or "", i.description or "",
                        i.target or "", i.basis or "",
                    )
                    for i in table.indicators or []
                ),
                title=table.title,
            )
        )
    department = filing.department
    paragraphs = (
        tuple(text for s in department.sections for text in (s.heading, *s.paragraphs))
        if department
        else ()
    )
    return FilingSpec(
        tables=tuple(tables),
        department_text=paragraphs,
        part_headings=any(t.part is not None for t in filing.tables),
    )


@SHORT
@given(base=st.sampled_from(range(len(BASES))), texts=table_texts, rows=indicator_texts)
def test_valid_filing_round_trips_through_the_text_export(
    base: int, texts: list[tuple[float, str, str]], rows: list[tuple[float, float, str, str]]
) -> None:
    _, spec, _ = BASES[base]
    # A valid filing: no random text that reads as a label or a title word.
    assume(not any(_is_label(t) for *_, t in [*texts, *rows]))
    assume(not any("绩效" in t or "表" in t for _, field, t in texts if field == "name"))
    changed = with_texts(spec, texts, rows)
    first = load_text(render_text(changed))
    assert len(first.tables) == len(changed.tables)
    for table, written in zip(first.tables, changed.tables, strict=True):
        assert table.project_name == written.name and table.project_code == written.code
        assert table.purpose == written.purpose and table.goals_text == written.goals
        assert table.budget is not None and table.budget.raw == written.budget
        assert [
            (i.level3, i.description, i.target, i.basis) for i in table.indicators or []
        ] == [(i.level3, i.description, i.target, i.basis) for i in written.indicators]
    second = load_text(render_text(spec_from_filing(first)))
    assert content(second) == content(first)
