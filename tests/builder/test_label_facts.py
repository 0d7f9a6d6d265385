"""The per-text label facts (LabelTable.facts): the same answers as asking
each question of the text afresh, bounded, and kept per label table."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from perfgoals.builder import build_filing
from perfgoals.builder.labels import NO_FACTS, LabelTable, category_key, label_key, labels
from perfgoals.read import read_path
from perfgoals.read.grid import Table
from perfgoals.textnorm import TEXT_MEMO_SIZE

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "dingzhou-2020.txt"


def fresh() -> LabelTable:
    """A table with the shipped labels and an empty memo of its own."""
    return dataclasses.replace(labels())


def test_facts_answer_every_question_of_a_label() -> None:
    table = fresh()
    name = table.facts("项目名称")
    assert name.field == "project_name" and name.is_label
    column = table.facts("指标值（长期）")
    assert (column.indicator_column, column.horizon) == ("target", "long_term")
    assert column.is_label and column.field is None
    category = table.facts("产出指标")
    assert category.category_levels == {1} and table.is_category("产出指标")
    # Near miss: a value is no label of any kind.
    assert table.facts("校舍维修") is NO_FACTS
    assert not table.is_label("校舍维修") and table.field("校舍维修") is None


def test_text_longer_than_a_label_has_no_facts_and_is_not_kept() -> None:
    table = fresh()
    prose = "本项目用于全县中小学校舍维修改造，改善办学条件，保障师生安全。"
    assert table.facts(prose) is NO_FACTS
    assert table.field("项目名称" + "　" * 30) is None  # a label padded past the limit
    assert table._memo.cache_info().currsize == 0  # type: ignore[attr-defined]


def test_the_memo_is_bounded() -> None:
    table = fresh()
    for number in range(TEXT_MEMO_SIZE + 50):
        table.facts(f"值{number}")
    info = table._memo.cache_info()  # type: ignore[attr-defined]
    assert info.maxsize == TEXT_MEMO_SIZE and info.currsize == TEXT_MEMO_SIZE


def test_each_label_table_keeps_its_own_answers() -> None:
    base = fresh()
    assert base.field("校舍名目") is None  # asked first, so remembered by base
    other = dataclasses.replace(base, fields={**base.fields, label_key("校舍名目"): "project_name"})
    assert other.field("校舍名目") == "project_name"
    assert base.field("校舍名目") is None


def test_remembered_facts_equal_a_fresh_classification() -> None:
    """After a whole filing is built, every cell's remembered facts are what
    classifying its text afresh gives."""
    grid = read_path(SAMPLE)
    build_filing(grid, str(SAMPLE))
    table = labels()
    texts = {c.text for b in grid.blocks if isinstance(b, Table) for r in b.rows for c in r.cells}
    short = [t for t in texts if len(t) <= 24]
    assert short
    for text in short:
        facts = table.facts(text)
        assert facts == table._classify(text)
        # Each answer is the one its own table gives for the text's key.
        key = label_key(text)
        assert facts.field == table.fields.get(key)
        assert facts.other == (key in table.others)
        assert facts.section == table.sections.get(key)
        assert facts.amount_column == table.amount_columns.get(key)
        assert facts.grid_section == table.grid_sections.get(key)
        levels = {n for n, names in ((1, table.level1), (2, table.level2)) if category_key(text) in names}
        assert facts.category_levels == levels


def test_building_is_the_same_whatever_was_built_before() -> None:
    grid = read_path(SAMPLE)
    first = build_filing(grid, str(SAMPLE))
    other = SAMPLE.with_suffix(".docx")
    build_filing(read_path(other), str(other))
    assert build_filing(grid, str(SAMPLE)) == first
