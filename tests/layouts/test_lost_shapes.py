"""Text whose table shape was lost on the way to the user: rows and cells are
recovered from the labels and figures they hold, and what cannot be told
apart is left alone."""

from __future__ import annotations

from perfgoals.builder import build_filing
from perfgoals.builder.figures import peel_values, split_fused_amounts
from perfgoals.builder.labels import labels
from perfgoals.builder.prose import prose_indicators
from perfgoals.model import Filing
from perfgoals.read.grid import Origin, Paragraph, Table
from perfgoals.read.text import parse_layout, read_text, strip_pinyin_readings
from perfgoals.textnorm import normalise


def build(text: str) -> Filing:
    return build_filing(read_text(text.encode("utf-8")), "x.txt")


def test_cells_one_per_line_with_no_row_ends_are_re_rowed() -> None:
    text = "".join(
        f"{cell} |\n"
        for cell in (
            "项目名称", "乡村道路养护", "主管部门", "交通局", "年度资金总额", "120",
            "一级指标", "二级指标", "三级指标", "指标值",
            "产出指标", "数量指标", "养护里程", "≥35公里", "质量指标", "验收合格率", "100%",
        )
    )  # fmt: skip
    (table,) = build(text).tables
    assert table.project_name == "乡村道路养护" and table.budget is not None
    assert [(i.level2, i.level3, i.target) for i in table.indicators or []] == [
        ("数量指标", "养护里程", "≥35公里"),
        ("质量指标", "验收合格率", "100%"),
    ]
    assert not table.recognised  # the rows were inferred: PG008, not PG003


def test_rows_closed_by_a_run_of_bars_stay_rows() -> None:
    grid = parse_layout(["项目名称 |", "乡村道路养护 | ||||", "主管部门 |", "交通局 | ||||"])
    (table,) = [b for b in grid.blocks if isinstance(b, Table)]
    assert not table.stream
    assert [row.texts() for row in table.rows] == [
        ["项目名称", "乡村道路养护"],
        ["主管部门", "交通局"],
    ]


def test_a_line_of_space_separated_cells_is_split_at_its_spaces() -> None:
    text = (
        "项目名称 乡村道路养护\n主管部门 交通局 实施单位 公路站\n"
        "绩效指标 一级指标 二级指标 三级指标 指标值\n产出指标 数量指标 养护里程 ≥35公里\n"
    )
    (table,) = build(text).tables
    assert table.project_name == "乡村道路养护"
    assert [(i.level3, i.target) for i in table.indicators or []] == [("养护里程", "≥35公里")]


def test_fused_text_is_cut_at_the_labels_inside_it() -> None:
    text = "项目名称乡村道路养护主管部门交通局实施单位公路站年度资金总额120一级指标二级指标三级指标指标值\n"
    (table,) = build(text).tables
    assert (table.project_name, table.unit_name) == ("乡村道路养护", "交通局")


def test_figures_fused_to_a_name_are_peeled_off_by_the_header_columns() -> None:
    fused = "新建围栏长度10≥300米≥300米10围栏高度10≥2米≥2米10"
    assert peel_values(fused, 4) == [
        ("新建围栏长度", False), ("10", True), ("≥300米", True), ("≥300米", True), ("10", True),
        ("围栏高度", False), ("10", True), ("≥2米", True), ("≥2米", True), ("10", True),
    ]  # fmt: skip
    # Near miss: a figure inside a name (指标1:…) is no row's end.
    assert peel_values("指标1:养护里程", 1) is None


def test_fused_amounts_split_only_where_the_rate_proves_the_split() -> None:
    keys = ["planned", "executed", "rate"]
    assert split_fused_amounts("86.586.5100%", keys) == ["86.5", "86.5", "100%"]
    assert split_fused_amounts("20015075%", keys) == ["200", "150", "75%"]
    # Near misses: a rate that no split proves (150 of 200 is not 80%), and a
    # matrix with no rate column: the figures are left as written.
    assert split_fused_amounts("20015080%", keys) is None
    assert split_fused_amounts("1111100%", ["planned", "executed", "other"]) is None


def test_indicators_written_as_prose() -> None:
    paragraphs = [
        Paragraph("一、产出指标", Origin(line=1)),
        Paragraph(
            "数量指标：新建围栏长度≥300米；验收合格率100%。时效指标：完成及时率100%。",
            Origin(line=2),
        ),
        Paragraph("二、效益指标", Origin(line=3)),
        Paragraph("社会效益指标：群众出行更加便利。", Origin(line=4)),
    ]
    found = prose_indicators(paragraphs, labels())
    assert found is not None
    table, first, last = found
    assert (first, last) == (0, 3)
    assert [r.texts() for r in table.rows[1:]] == [
        ["产出指标", "数量指标", "新建围栏长度", "≥300米"],
        ["产出指标", "数量指标", "验收合格率", "100%"],
        ["产出指标", "时效指标", "完成及时率", "100%"],
        ["效益指标", "社会效益指标", "群众出行更加便利", ""],
    ]
    # Near miss: prose that names a category without a colon list is no grid.
    assert prose_indicators([Paragraph("全面完成数量指标和质量指标。", Origin())], labels()) is None


def test_a_project_list_becomes_one_table_per_project() -> None:
    text = (
        "| 单位名称 | 项目名称 | 预算数 | 一级指标 | 二级指标 | 三级指标 | 指标值 | |\n"
        "| 交通局 | 道路养护 | 120 | 产出指标 | 数量指标 | 养护里程 | ≥35公里 | |\n"
        "| 产出指标 | 质量指标 | 验收合格率 | 100% | ||||\n"
        "| 桥梁检测 | 80 | 产出指标 | 数量指标 | 检测座数 | 12座 | ||\n"
    )
    tables = build(text).tables
    assert [t.project_name for t in tables] == ["道路养护", "桥梁检测"]
    assert [len(t.indicators or []) for t in tables] == [2, 1]
    assert tables[0].indicators is not None and tables[0].indicators[1].target == "100%"


def test_every_project_of_a_list_is_in_the_unit_stated_above_it() -> None:
    rows = (
        "| 单位名称 | 项目名称 | 预算数 | 一级指标 | 二级指标 | 三级指标 | 指标值 | |\n"
        "| 交通局 | 道路养护 | 1,200,000.00 | 产出指标 | 数量指标 | 养护里程 | ≥35公里 | |\n"
        "| 桥梁检测 | 800,000.00 | 产出指标 | 数量指标 | 检测座数 | 12座 | ||\n"
    )
    tables = build("| 金额单位：元 | |\n" + rows).tables
    assert [(t.budget.unit if t.budget else None) for t in tables] == ["元", "元"]
    # Near miss: with no unit stated, none is made up for either project.
    assert [(t.budget.unit if t.budget else "?") for t in build(rows).tables] == [None, None]


def test_traditional_script_and_pinyin_readings_are_matched_as_labels() -> None:
    assert strip_pinyin_readings("績效目標(biāo) 長度(km)") == ("績效目標 長度(km)", 1)
    assert normalise("項目名稱") == "项目名称"
    table = build("| 項目名稱 | 防疫補助 |\n| 年度資金總額 | 390 |\n| 年度目標 | 完成防疫 |\n").tables[0]
    assert table.project_name == "防疫補助"  # kept as written
    assert table.budget is not None and table.budget.raw == "390"


def test_a_budget_book_table_is_no_performance_table() -> None:
    # Failing for a table count: a 项目支出表 of the budget book lists projects
    # and amounts, and has no goal, indicator or plan.
    assert build("| 项目名称 | 预算数 |\n| 道路养护 | 120 |\n| 桥梁检测 | 80 |\n").tables == []
    # Near miss: the same rows under a performance-goal title are a filing's table.
    titled = build("道路养护项目绩效目标表\n| 项目名称 | 道路养护 |\n| 预算数 | 120 |\n")
    assert [t.project_name for t in titled.tables] == ["道路养护"]


def test_a_line_longer_than_any_row_is_never_looked_into() -> None:
    """Recovery is bounded: a page-long run of label words is read as text in
    about the time it takes to split it, and holds no table."""
    import time

    noise = "项目名称 说明 " * 50_000
    started = time.perf_counter()
    filing = build(noise + "\n")
    assert time.perf_counter() - started < 5
    assert filing.tables == []


def test_two_figures_fused_into_one_split_only_one_way() -> None:
    # A score equal to its weight (2020) and a weight before a percentage
    # (20100%): the row had one figure too few, and one split proves it.
    assert peel_values("更换灯具50件50件2020", 4) == [
        ("更换灯具", False), ("50件", True), ("50件", True), ("20", True), ("20", True),
    ]  # fmt: skip
    assert peel_values("验收合格率20100%100%20", 4) == [
        ("验收合格率", False), ("20", True), ("100%", True), ("100%", True), ("20", True),
    ]  # fmt: skip
    # Near miss: 100% alone is a percentage, never a weight and 0%; and a row
    # whose short figure splits no way is left as written.
    assert peel_values("验收合格率100%100%", 3) is None
    assert peel_values("验收合格率2021年100%", 3) is None


def test_a_label_written_down_the_rows_left_of_the_grid_is_no_cell() -> None:
    text = "".join(
        f"{cell} |\n"
        for cell in (
            "项目名称", "乡村道路养护", "年度资金总额", "120",
            "一级指标", "二级指标", "三级指标", "指标值",
            "绩效指标", "产出指标", "数量指标", "养护里程", "≥35公里", "验收合格率", "100%",
        )
    )  # fmt: skip
    (table,) = build(text).tables
    assert [(i.level1, i.level3, i.target) for i in table.indicators or []] == [
        ("产出指标", "养护里程", "≥35公里"),
        ("产出指标", "验收合格率", "100%"),
    ]


def test_the_notes_under_a_rebuilt_table_are_no_part_of_it() -> None:
    text = "".join(
        f"{cell}\n\n"
        for cell in (
            "项目名称", "乡村道路养护", "年度资金总额", "120",
            "一级指标", "二级指标", "三级指标", "指标值",
            "产出指标", "数量指标", "养护里程", "≥35公里",
            "备注:", "1.预算数为调整后", "财政资金", "总额(含结转)。",
        )
    )  # fmt: skip
    (table,) = build(text).tables
    assert table.fiscal_funds is None  # the notes' 财政资金 is prose, not a field
    assert [i.level3 for i in table.indicators or []] == ["养护里程"]
