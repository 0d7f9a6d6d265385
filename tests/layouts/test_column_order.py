"""Text extracted from a page column by column: labels first, values after
them, and indicator grids written across. Paired by position where the counts
agree; left unread (and said so) where they do not."""

from __future__ import annotations

from perfgoals.builder import build_filing
from perfgoals.model import Filing
from perfgoals.read.text import read_text

HEAD = "2024年项目支出绩效目标表\n项目名称 乡村道路养护\n主管部门 交通局\n实施单位 公路站\n"
GRID_ACROSS = (
    "三级指标 新修道路(条) 验收合格率(%)\n按期完工率(%)\n"
    "年度目标值\n4 100% 95%\n"
)


def build(text: str) -> Filing:
    return build_filing(read_text(text.encode("utf-8")), "x.txt")


def test_a_grid_written_across_pairs_names_and_values_by_position() -> None:
    filing = build(HEAD + GRID_ACROSS)
    (table,) = filing.tables
    assert table.project_name == "乡村道路养护"
    assert [(i.level3, i.target, i.horizon) for i in table.indicators or []] == [
        ("新修道路(条)", "4", "annual"),
        ("验收合格率(%)", "100%", "annual"),
        ("按期完工率(%)", "95%", "annual"),
    ]
    assert not table.recognised


def test_a_value_row_that_does_not_pair_is_left_unread() -> None:
    # The 实施期 row has a wrapped value: four pieces for three names.
    text = HEAD + GRID_ACROSS + "实施期目标值\n12 100% 持续\n改善\n"
    filing = build(text)
    (table,) = filing.tables
    assert {i.horizon for i in table.indicators or []} == {"annual"}
    assert any("实施期目标值" in note and "未读取" in note for note in filing.notes)
    # Near miss: with the only value row unpaired there is no grid at all.
    lone = build(HEAD + "三级指标 新修道路 验收合格率\n年度目标值\n4 100% 95%\n")
    assert not any(t.indicators for t in lone.tables)


def test_labels_before_their_values_pair_when_the_counts_agree() -> None:
    text = (
        "项目名称 主管部门\n实施单位 实施期限\n"
        "乡村道路养护 县交通局 公路站 2023年-2024年\n"
        "一级指标 二级指标 三级指标 指标值\n产出指标 数量指标 养护里程 ≥35公里\n"
    )
    (table,) = build(text).tables
    assert (table.project_name, table.unit_name, table.period) == (
        "乡村道路养护",
        "县交通局",
        "2023年-2024年",
    )


def test_labels_before_their_values_are_not_guessed_when_the_counts_differ() -> None:
    # Three values for four labels: which label lost its value cannot be told.
    text = (
        "项目名称 主管部门\n实施单位 实施期限\n"
        "乡村道路养护 县交通局 2023年-2024年\n"
        "一级指标 二级指标 三级指标 指标值\n产出指标 数量指标 养护里程 ≥35公里\n"
    )
    filing = build(text)
    (table,) = filing.tables
    assert table.project_name == "" and table.period in ("", None)
    assert not table.unit_name
    assert any("无法逐一对应" in note for note in filing.notes)
    assert [(i.level3, i.target) for i in table.indicators or []] == [("养护里程", "≥35公里")]


def test_rows_of_a_label_and_a_short_value_are_read_row_wise() -> None:
    # Near miss: every line is short words, but no two labels stand side by side.
    text = (
        "项目名称 道路养护\n主管部门 交通局\n实施单位 公路站\n"
        "一级指标 二级指标 三级指标 指标值\n产出指标 数量指标 养护里程 ≥35公里\n"
    )
    (table,) = build(text).tables
    assert (table.project_name, table.unit_name) == ("道路养护", "交通局")
    assert not any("无法逐一对应" in note for note in build(text).notes)
