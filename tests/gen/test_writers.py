"""Tests of the fixture generator: text export, .docx structure, and the clean filings."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from lxml import etree

from .docx_writer import W_NS, plausible_wrong, split_for_runs, to_docx
from .filings import CLEAN_FILINGS
from .spec import FilingSpec, IndicatorSpec, RenderOptions, TableSpec, dingzhou_like
from .text_writer import to_text

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "dingzhou-2020.txt"
NS = {"w": W_NS}
DINGZHOU = "434002定州市人民政府办公室"
CODE_PATTERN = re.compile(r"^\d{3}-\d{4}-[A-Z]{3}-[A-Z0-9]{4}$")
TITLE_LINE = re.compile(r"^(?P<title>(?P<number>\d+)、.*) TC .* \\f (?P<switch>[BC]) \\l 1 $")
HEADING_LINE = re.compile(r"^(?P<text>.*) TC .* \\f A \\l 1 $")

needs_sample = pytest.mark.skipif(not SAMPLE.exists(), reason="sample filing not available")


def _sample_lines() -> list[str]:
    return SAMPLE.read_text(encoding="utf-8").split("\n")


def _boilerplate(output: str, effect: str, satisfaction: str) -> tuple[IndicatorSpec, ...]:
    """The sample's three indicators, each value and basis repeating the description."""
    rows = (
        ("产出指标", "时效指标", output),
        ("效果指标", "可持续影响指标", effect),
        ("满意度指标", "服务对象满意度指标", satisfaction),
    )
    return tuple(IndicatorSpec(l1, l2, "", text, f"≥90{text}", text) for l1, l2, text in rows)


SAMPLE_PART2 = TableSpec(
    part=2,
    number=1,
    name="挂牌上市企业奖励金",
    code="000-9999-JSN-D0X6",
    name_label="专项资金名称",
    budget="100.00",
    fiscal_funds="100.00",
    purpose="挂牌上市企业奖励金",
    plan=("", "", "", "100.00"),
    goals="1、奖励资金到位\n2、服务对象满意",
    indicators=_boilerplate("资金到位时效高", "可持续影响度高", "服务对象满意度高"),
)

SAMPLE_PART3 = (
    TableSpec(
        part=3,
        number=1,
        name="《定州年鉴》出版印刷费用",
        code="434-3701-JBN-KPZW",
        unit_header=DINGZHOU,
        budget="1.00",
        fiscal_funds="1.00",
        purpose="编制年鉴",
        plan=("25.00", "50.00", "100.00", ""),
        goals="1、编撰年鉴\n2、服务对象满意",
        indicators=_boilerplate("时效高", "可持续影响度高", "服务对象满意"),
    ),
    TableSpec(
        part=3,
        number=2,
        name="安可替代工程经费",
        code="434-0101-YBN-0XV3",
        unit_header=DINGZHOU,
        budget="112.15",
        fiscal_funds="112.15",
        purpose="安可替代工程",
        plan=("25.00", "50.00", "100.00", ""),
        goals="1、安可替代工程完成\n2、服务对象满意",
        indicators=_boilerplate("服务对象满意", "可持续影响度高", "服务对象满意"),
    ),
)


# --- a minimal reader of the export layout, for checking the writers only ---


def _rows(lines: list[str]) -> list[list[str]]:
    """Rows of cells: a TAB starts a cell, other lines continue it, a blank line ends a row.

    Lines outside a row (headings, titles, part-1 paragraphs) are skipped.
    """
    rows: list[list[str]] = []
    row: list[str] = []
    for line in lines:
        if line.startswith("\t"):
            row.append(line[1:])
        elif line and row:
            row[-1] += f"\n{line}"
        elif row:
            rows.append(row)
            row = []
    if row:
        rows.append(row)
    return rows


def _table_from_rows(title: str, part: int, number: int, rows: list[list[str]]) -> TableSpec:
    unit, ident, money, purpose, plan_head, plan_values, goals, _header, *indicators = rows
    return TableSpec(
        part=part,
        number=number,
        name=ident[3],
        code=ident[1],
        name_label=ident[2],
        unit_header=unit[0],
        money_unit=unit[1].removeprefix("单位："),
        budget=money[2],
        fiscal_funds=money[4],
        other_funds=money[6],
        purpose=purpose[1],
        plan_labels=tuple(plan_head[1:]),
        plan=tuple(plan_values[1:]),
        goals=goals[1],
        indicators=tuple(IndicatorSpec(*row) for row in indicators),
        title=title,
    )


def _read_export(text: str) -> FilingSpec:
    """The FilingSpec of a text export in the sample's layout."""
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if TITLE_LINE.match(line)]
    first_part2 = lines.index("第二部分") if "第二部分" in lines else starts[0]
    department = []
    for line in lines[2:first_part2]:
        heading = HEADING_LINE.match(line)
        if heading:
            department.append(heading["text"])
        elif line:
            department.append(line)
    tables = []
    for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        match = TITLE_LINE.match(lines[start])
        assert match is not None
        body = [line for line in lines[start + 1 : end] if not line.startswith("第")]
        part = 2 if match["switch"] == "B" else 3
        tables.append(_table_from_rows(match["title"], part, int(match["number"]), _rows(body)))
    return FilingSpec(tuple(tables), department_text=tuple(department))


# --- text writer ---


@needs_sample
def test_text_reproduces_first_two_part3_tables() -> None:
    expected = _sample_lines()[145:279]  # 第三部分 … end of table 2
    assert to_text(FilingSpec(SAMPLE_PART3)).split("\n")[:-1] == expected


@needs_sample
def test_text_reproduces_sample_opening_with_all_three_parts() -> None:
    lines = _sample_lines()
    department = tuple(_read_export("\n".join(lines[:146])).department_text)
    rendered = to_text(FilingSpec((SAMPLE_PART2, *SAMPLE_PART3), department)).split("\n")
    # The export opens with a stray space before 第一部分.
    assert rendered[0] == lines[0].strip()
    assert rendered[1:-1] == lines[1:279]


@needs_sample
def test_text_round_trips_the_whole_sample() -> None:
    sample = SAMPLE.read_text(encoding="utf-8")
    spec = _read_export(sample)
    assert len(spec.tables) == 28
    assert "\n    为大力宣传" in spec.tables[15].purpose  # a two-paragraph cell
    # Differences Word's export adds: a leading space and the last page number.
    assert to_text(spec) == sample.lstrip(" ").removesuffix("1\n\n")


def _plain_table(indicators: tuple[IndicatorSpec, ...], money_unit: str = "万元") -> TableSpec:
    return TableSpec(
        part=3,
        number=1,
        name="测试项目",
        code="434-0101-JBN-AAAA",
        unit_header=DINGZHOU,
        money_unit=money_unit,
        budget="10.00",
        fiscal_funds="10.00",
        purpose="第一段。\n第二段。",
        plan=("25.00", "50.00", "75.00", "100.00"),
        goals="1、甲\n2、乙",
        indicators=indicators,
    )


MERGE_INDICATORS = (
    IndicatorSpec("产出指标", "数量指标", "a", "A", "≥1个", "计划"),
    IndicatorSpec("产出指标", "数量指标", "b", "B", "≥2个", "计划"),
    IndicatorSpec("产出指标", "质量指标", "c", "C", "100%", "标准"),
    IndicatorSpec("满意度指标", "服务对象满意度指标", "d", "D", "≥90%", "调查"),
)


def _indicator_rows(text: str) -> list[list[str]]:
    rows = _rows(text.split("\n"))
    return rows[
        rows.index(["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"])
        + 1 :
    ]


def test_text_merged_level1_leaves_continuation_cells_empty() -> None:
    spec = FilingSpec((_plain_table(MERGE_INDICATORS),))
    merged = _indicator_rows(to_text(spec))
    assert [row[0] for row in merged] == ["产出指标", "", "", "满意度指标"]
    assert [row[1] for row in merged] == ["数量指标", "数量指标", "质量指标", "服务对象满意度指标"]
    repeated = _indicator_rows(to_text(spec, RenderOptions(level1_merged=False)))
    assert [row[0] for row in repeated] == ["产出指标"] * 3 + ["满意度指标"]
    both = _indicator_rows(to_text(spec, RenderOptions(level2_merged=True)))
    assert [row[1] for row in both] == ["数量指标", "", "质量指标", "服务对象满意度指标"]


def test_text_layout_details() -> None:
    table = _plain_table(MERGE_INDICATORS, money_unit="元")
    text = to_text(FilingSpec((table,)))
    lines = text.split("\n")
    assert lines[:3] == [
        "第三部分",
        "预算项目绩效目标",
        "1、测试项目绩效目标表 TC 1、测试项目绩效目标表 \\f C \\l 1 ",
    ]
    assert lines[3:6] == [f"\t{DINGZHOU}", "\t单位：元", ""]
    assert "\t第一段。\n第二段。\n\n" in text  # paragraphs after the first have no TAB
    assert "\t1、甲\n2、乙\n\n\n\t一级指标" in text  # the goals cell's extra empty line
    assert text.endswith("\t调查\n\n\n")  # two blank lines end a table
    untitled = to_text(FilingSpec((table,), part_headings=False), RenderOptions(title_field="none"))
    assert untitled.startswith("1、测试项目绩效目标表\n\t")
    separate = to_text(FilingSpec((table,)), RenderOptions(header_as_own_table=True))
    assert f"\t{DINGZHOU}\n\t单位：元\n\n\n\t项目编码" in separate


# --- docx writer ---


def _docx_xml(spec: FilingSpec, options: RenderOptions | None = None) -> etree._Element:
    buffer = io.BytesIO()
    to_docx(spec, buffer, options)
    with zipfile.ZipFile(buffer) as package:
        return etree.fromstring(package.read("word/document.xml"))


def _attr(element: etree._Element | None, name: str) -> str | None:
    return None if element is None else element.get(f"{{{W_NS}}}{name}")


def _span(tc: etree._Element) -> int:
    return int(_attr(tc.find("w:tcPr/w:gridSpan", NS), "val") or 1)


def _vmerge(tc: etree._Element) -> str | None:
    element = tc.find("w:tcPr/w:vMerge", NS)
    if element is None:
        return None
    return _attr(element, "val") or "continue"


def _paragraph_text(p: etree._Element, accept: bool = True) -> str:
    """Text of a paragraph with tracked changes accepted (or rejected)."""
    kept = "w:ins" if accept else "w:del"
    parts = p.xpath(f"w:r/w:t | {kept}/w:r/w:t | {kept}/w:r/w:delText", namespaces=NS)
    assert isinstance(parts, list)
    return "".join(part.text or "" for part in parts if isinstance(part, etree._Element))


def _cell_text(tc: etree._Element, accept: bool = True) -> str:
    return "\n".join(_paragraph_text(p, accept) for p in tc.findall("w:p", NS))


def _tables(root: etree._Element) -> list[etree._Element]:
    return root.findall("w:body/w:tbl", NS)


def _cells(tr: etree._Element) -> list[etree._Element]:
    return tr.findall("w:tc", NS)


def _field_instruction(p: etree._Element) -> str:
    simple = p.find("w:fldSimple", NS)
    if simple is not None:
        return _attr(simple, "instr") or ""
    return "".join(t.text or "" for t in p.findall("w:r/w:instrText", NS))


def _titles(root: etree._Element) -> Iterator[etree._Element]:
    for tbl in _tables(root):
        title = tbl.getprevious()
        if title is not None and title.tag == f"{{{W_NS}}}p" and len(title):
            yield title


def test_docx_grid_spans_and_merges() -> None:
    spec = FilingSpec((_plain_table(MERGE_INDICATORS),))
    (tbl,) = _tables(_docx_xml(spec))
    assert len(tbl.findall("w:tblGrid/w:gridCol", NS)) == 7
    rows = tbl.findall("w:tr", NS)
    spans = [[_span(tc) for tc in _cells(tr)] for tr in rows]
    assert spans[:8] == [
        [5, 2],
        [1, 2, 1, 3],
        [1] * 7,
        [1, 6],
        [1, 2, 1, 2, 1],
        [1, 2, 1, 2, 1],
        [1, 6],
        [1, 1, 1, 2, 1, 1],
    ]
    assert all(row == [1, 1, 1, 2, 1, 1] for row in spans[8:])
    first_cells = [_cells(tr)[0] for tr in rows]
    assert [_vmerge(tc) for tc in first_cells] == [
        None,
        None,
        "restart",
        "continue",
        "restart",
        "continue",
        None,
        None,
        "restart",
        "continue",
        "continue",
        None,
    ]
    for tc in first_cells:
        if _vmerge(tc) == "continue":
            (p,) = tc.findall("w:p", NS)
            assert len(p) == 0 and not p.attrib  # an empty <w:p/>, as Word writes it
    assert _cell_text(first_cells[2]) == "预算规模及资金用途"
    purpose = rows[3].findall("w:tc", NS)[1]
    assert [_paragraph_text(p) for p in purpose.findall("w:p", NS)] == ["第一段。", "第二段。"]
    goals = rows[6].findall("w:tc", NS)[1]
    assert len(goals.findall("w:p", NS)) == 2


def test_docx_repeated_level1_and_merged_level2() -> None:
    spec = FilingSpec((_plain_table(MERGE_INDICATORS),))
    options = RenderOptions(level1_merged=False, level2_merged=True)
    (tbl,) = _tables(_docx_xml(spec, options))
    indicator_rows = [_cells(tr) for tr in tbl.findall("w:tr", NS)[8:]]
    assert [_vmerge(cells[0]) for cells in indicator_rows] == [None] * 4
    assert [_cell_text(cells[0]) for cells in indicator_rows] == ["产出指标"] * 3 + ["满意度指标"]
    assert [_vmerge(cells[1]) for cells in indicator_rows] == ["restart", "continue", None, None]


def test_docx_title_fields_and_runs() -> None:
    spec = FilingSpec((SAMPLE_PART2, *SAMPLE_PART3), department_text=("一、总体绩效目标", "正文。"))
    root = _docx_xml(spec)
    titles = list(_titles(root))
    assert [_field_instruction(p) for p in titles] == [
        ' TC "1、挂牌上市企业奖励金绩效目标表" \\f B \\l 1 ',
        ' TC "1、《定州年鉴》出版印刷费用绩效目标表" \\f C \\l 1 ',
        ' TC "2、安可替代工程经费绩效目标表" \\f C \\l 1 ',
    ]
    first = titles[0]
    types = [_attr(f, "fldCharType") for f in first.findall("w:r/w:fldChar", NS)]
    assert types == ["begin", "end"]
    assert len(first.findall("w:r/w:t", NS)) > 1  # split across runs
    assert _paragraph_text(first) == "1、挂牌上市企业奖励金绩效目标表"
    texts = [_paragraph_text(p) for p in root.findall("w:body/w:p", NS)]
    assert texts[:4] == ["第一部分", "部门整体绩效目标", "一、总体绩效目标", "正文。"]
    heading = root.findall("w:body/w:p", NS)[2]
    assert _field_instruction(heading) == ' TC "总体绩效目标" \\f A \\l 1 '

    simple = _docx_xml(spec, RenderOptions(title_field="simple", split_runs=False))
    titles = list(_titles(simple))
    assert _field_instruction(titles[1]).startswith(' TC "1、《定州年鉴》')
    assert len(titles[1].findall("w:r", NS)) == 1
    none = _docx_xml(spec, RenderOptions(title_field="none"))
    assert not none.findall(".//w:instrText", NS) and not none.findall(".//w:fldSimple", NS)


def test_docx_tracked_changes_hide_the_real_text_from_naive_readers() -> None:
    spec = FilingSpec(SAMPLE_PART3)
    plain = _docx_xml(spec)
    assert not plain.findall(".//w:ins", NS) and not plain.findall(".//w:del", NS)
    root = _docx_xml(spec, RenderOptions(tracked_changes=True))
    assert root.findall(".//w:del/w:r/w:delText", NS) and root.findall(".//w:ins/w:r/w:t", NS)
    revisions = root.findall(".//w:ins", NS) + root.findall(".//w:del", NS)
    ids = [_attr(e, "id") for e in revisions]
    assert len(ids) == len(set(ids))
    tbl = _tables(root)[1]
    rows = tbl.findall("w:tr", NS)
    budget = rows[2].findall("w:tc", NS)[2]
    assert _cell_text(budget) == "112.15"
    assert _cell_text(budget, accept=False) != "112.15"
    name = rows[1].findall("w:tc", NS)[3]
    assert _cell_text(name) == "安可替代工程经费"
    assert "".join(t.text or "" for t in name.findall("w:p/w:r/w:t", NS)) == ""


def test_docx_header_as_own_table() -> None:
    spec = FilingSpec(SAMPLE_PART3)
    tables = _tables(_docx_xml(spec, RenderOptions(header_as_own_table=True)))
    assert len(tables) == 4
    header, main = tables[0], tables[1]
    assert len(header.findall("w:tr", NS)) == 1
    assert len(header.findall("w:tblGrid/w:gridCol", NS)) == 2
    assert [_cell_text(tc) for tc in header.findall("w:tr/w:tc", NS)] == [DINGZHOU, "单位：万元"]
    assert len(main.findall("w:tblGrid/w:gridCol", NS)) == 7
    assert _cell_text(_cells(main.findall("w:tr", NS)[0])[0]) == "项目编码"
    between = header.getnext()
    assert between is not None and between.tag == f"{{{W_NS}}}p"


def test_docx_opens_in_python_docx(tmp_path: Path) -> None:
    path = tmp_path / "filing.docx"
    spec = dingzhou_like(5, seed=1)
    to_docx(spec, path)
    document = docx.Document(str(path))
    assert len(document.tables) == 5
    first = document.tables[0]
    assert first.rows[1].cells[1].text == spec.tables[0].code
    assert first.rows[2].cells[2].text == spec.tables[0].budget
    assert document.element.body[-1].tag == f"{{{W_NS}}}sectPr"


def test_docx_writes_300_tables() -> None:
    # How long this takes is bench/parse.py's business, not an assertion here.
    spec = dingzhou_like(300, seed=7)
    buffer = io.BytesIO()
    to_docx(spec, buffer, RenderOptions(tracked_changes=True))
    with zipfile.ZipFile(buffer) as archive:
        xml = archive.read("word/document.xml")
    assert xml.count(b"<w:tbl>") + xml.count(b"<w:tbl ") == 300


def _docx_rows(tbl: etree._Element) -> list[list[str]]:
    return [
        ["" if _vmerge(tc) == "continue" else _cell_text(tc) for tc in _cells(tr)]
        for tr in tbl.findall("w:tr", NS)
    ]


CASES = [
    *((name, spec, options) for name, (spec, options) in CLEAN_FILINGS.items()),
    ("synthetic-0", dingzhou_like(12, seed=0), RenderOptions(tracked_changes=True)),
    ("synthetic-3", dingzhou_like(12, seed=3), RenderOptions(header_as_own_table=True)),
]


@pytest.mark.parametrize(("name", "spec", "options"), CASES, ids=[case[0] for case in CASES])
def test_docx_and_text_hold_the_same_cells(
    name: str, spec: FilingSpec, options: RenderOptions
) -> None:
    root = _docx_xml(spec, options)
    docx_rows = [row for tbl in _tables(root) for row in _docx_rows(tbl)]
    assert docx_rows == _rows(to_text(spec, options).split("\n")), name


# --- the filings themselves ---


def _number(text: str) -> Decimal:
    return Decimal(text) if text else Decimal(0)


def _problems(spec: FilingSpec) -> Iterator[str]:
    """Everything a careful reviewer would remark on, as far as it is mechanical."""
    names = [t.name for t in spec.tables]
    codes = [t.code for t in spec.tables]
    if len(set(names)) != len(names) or len(set(codes)) != len(codes):
        yield "duplicate names or codes"
    units = {t.unit_header for t in spec.tables}
    if len(units) != 1:
        yield f"unit headers differ: {units}"
    for part in (2, 3):
        numbers = [t.number for t in spec.tables if t.part == part]
        if numbers != list(range(1, len(numbers) + 1)):
            yield f"part {part} numbered {numbers}"
    everything = "\n".join([*spec.department_text, *(str(t) for t in spec.tables)])
    for bad in ("XX", "××", "**", "【", "】", "…"):
        if bad in everything:
            yield f"placeholder or bracket {bad!r}"
    for table in spec.tables:
        yield from (f"{table.name}: {p}" for p in _table_problems(table))


def _behind_calendar(plan: tuple[str, ...]) -> bool:
    """Below 40% at 6月底 or 80% at 10月底 (the default PG306 floors)."""
    june, october = (_number(plan[1]), _number(plan[2]))
    return june < 40 or october < 80


def _table_problems(table: TableSpec) -> Iterator[str]:
    if not CODE_PATTERN.match(table.code) or table.code[:3] != table.unit_header[:3]:
        yield f"code {table.code}"
    if _number(table.budget) != _number(table.fiscal_funds) + _number(table.other_funds):
        yield "budget does not add up"
    if _number(table.budget) <= 0:
        yield "budget not positive"
    filled = [Decimal(v) for v in table.plan if v]
    if not filled or filled != sorted(filled) or filled[-1] != 100:
        yield f"plan {table.plan}"
    if len(filled) > 1 and _behind_calendar(table.plan):
        yield f"plan back-loaded {table.plan}"
    first = table.plan.index(next(v for v in table.plan if v))
    last = len(table.plan) - 1 - table.plan[::-1].index(next(v for v in reversed(table.plan) if v))
    if "" in table.plan[first:last]:
        yield f"plan gap {table.plan}"
    items = table.goals.split("\n")
    if [item.split("、", 1)[0] for item in items] != [str(i) for i in range(1, len(items) + 1)]:
        yield f"goal numbering {items}"
    if len({item.split("、", 1)[1] for item in items}) != len(items):
        yield "repeated goal"
    if not table.purpose.endswith("。"):
        yield "purpose does not end a sentence"
    yield from _indicator_problems(table.indicators)


def _indicator_problems(indicators: tuple[IndicatorSpec, ...]) -> Iterator[str]:
    level2 = {(i.level1, i.level2) for i in indicators}
    if not {("产出指标", "数量指标"), ("产出指标", "质量指标")} <= level2:
        yield "产出指标 lacks 数量指标 or 质量指标"
    if not {i.level1 for i in indicators} & {"效益指标", "效果指标"}:
        yield "no 效益指标"
    satisfaction = [i for i in indicators if i.level1 == "满意度指标"]
    if not any(i.level3 == "服务对象满意度" for i in satisfaction):
        yield "no 服务对象满意度"
    for ind in indicators:
        if not re.fullmatch(
            r"[≥≤]?\d+(\.\d+)?(%|[^\d\s%≥≤]{1,4})|\d{4}年\d{1,2}月\d{1,2}日前", ind.target
        ):
            yield f"target {ind.target!r}"
        floor = re.fullmatch(r"≥(\d+)%", ind.target)
        if ind.level1 == "满意度指标" and (floor is None or int(floor[1]) < 90):
            yield f"satisfaction target {ind.target}"
        if ind.level2 == "时效指标" and "日前" not in ind.target:
            yield f"timeliness target {ind.target}"
        if ind.basis in (ind.description, ind.target, ind.level3) or not ind.basis:
            yield f"basis {ind.basis!r}"
        if ind.description in ind.target or re.search(r"\d", ind.level3 + ind.description):
            yield f"indicator {ind.level3}"


@pytest.mark.parametrize("name", sorted(CLEAN_FILINGS))
def test_clean_filings_are_clean(name: str) -> None:
    spec, _options = CLEAN_FILINGS[name]
    assert list(_problems(spec)) == []


def test_clean_filings_cover_the_layouts() -> None:
    assert len(CLEAN_FILINGS) >= 3
    options = [options for _spec, options in CLEAN_FILINGS.values()]
    assert any(not o.level1_merged for o in options)
    assert any(o.header_as_own_table for o in options)
    units = {t.money_unit for spec, _o in CLEAN_FILINGS.values() for t in spec.tables}
    assert units == {"元", "万元"}
    names = [t.name for spec, _o in CLEAN_FILINGS.values() for t in spec.tables]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("seed", range(5))
def test_dingzhou_like_is_clean_and_deterministic(seed: int) -> None:
    spec = dingzhou_like(40, seed)
    assert len(spec.tables) == 40
    assert spec == dingzhou_like(40, seed)
    assert list(_problems(spec)) == []


def test_dingzhou_like_varies_departments_and_scales() -> None:
    units = {dingzhou_like(3, seed).tables[0].unit_header for seed in range(5)}
    assert len(units) == 5
    assert dingzhou_like(0).tables == ()
    big = dingzhou_like(300, seed=2)
    assert len({t.name for t in big.tables}) == 300
    assert list(_problems(big)) == []
    assert big != dingzhou_like(300, seed=3)


def test_run_splitting_and_wrong_drafts() -> None:
    assert split_for_runs("1、编撰年鉴") == ["1", "、编撰年鉴"]
    assert "".join(split_for_runs("安可替代工程经费")) == "安可替代工程经费"
    assert split_for_runs("") == [""]
    for text in ("112.15", "≥90%", "2024年12月31日前", "100%", "安可替代工程经费", "5座"):
        assert plausible_wrong(text) != text


def test_other_checkpoint_sets_and_titles() -> None:
    quarterly = replace(
        _plain_table(MERGE_INDICATORS),
        part=None,
        number=None,
        plan_labels=("一季度", "二季度", "三季度"),
        plan=("30", "70", "100"),
    )
    titled = replace(quarterly, title="2024年项目支出绩效目标申报表")
    spec = FilingSpec((quarterly, titled))
    text = to_text(spec)
    assert text.startswith("测试项目绩效目标表 TC 测试项目绩效目标表 \\f C \\l 1 \n")
    assert "\n2024年项目支出绩效目标申报表 TC 2024年项目支出绩效目标申报表 \\f C \\l 1 \n" in text
    assert "\t资金支出计划（%）\n\t一季度\n\t二季度\n\t三季度\n\n\t\n\t30\n\t70\n\t100\n" in text
    tbl = _tables(_docx_xml(spec))[0]
    rows = tbl.findall("w:tr", NS)
    assert [_span(tc) for tc in _cells(rows[4])] == [1, 2, 2, 2]
    with pytest.raises(ValueError):
        replace(quarterly, plan=("30", "100"))


def test_generator_does_not_import_the_parser() -> None:
    for module in Path(__file__).parent.glob("*.py"):
        source = module.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+perfgoals\b", source, re.MULTILINE), module
