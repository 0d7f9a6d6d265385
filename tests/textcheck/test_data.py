"""Data files behind the text checks: confusion pairs, lists, the generated lexicon."""

from __future__ import annotations

import importlib.util
import re
import sys
from types import ModuleType

import pytest

from perfgoals.textcheck import CONFUSION_PAIR, find_typos
from perfgoals.textcheck.lexicon import (
    DATA_DIR,
    LEXICON_FILE,
    confusion_pairs,
    dangling_words,
    extra_words,
    load_lexicon,
    particles,
    surnames,
)

from .helpers import ROOT

PAIRS = confusion_pairs()


def test_confusion_pairs_are_many_and_distinct() -> None:
    wrongs = [wrong for wrong, _right in PAIRS]
    assert len(PAIRS) >= 60
    assert len(set(wrongs)) == len(wrongs)
    assert all(wrong != right and wrong and right for wrong, right in PAIRS)


@pytest.mark.parametrize(("wrong", "right"), PAIRS, ids=lambda item: str(item))
def test_wrong_form_is_no_word_and_is_caught(wrong: str, right: str) -> None:
    assert not load_lexicon().is_word(wrong)
    hits = find_typos(f"{wrong}。")
    assert [(hit.found, hit.suggestion, hit.reason) for hit in hits] == [
        (wrong, right, CONFUSION_PAIR)
    ]


def test_small_lists() -> None:
    assert all(len(char) == 1 for char in particles())
    assert {"吗", "呢", "吧", "啊"} <= particles()
    assert {"按照", "对于", "和", "与", "在"} <= dangling_words()
    assert all(len(name) == 1 for name in surnames())
    assert all(len(word) >= 2 for word in extra_words())


def test_lexicon_header_and_size() -> None:
    path = DATA_DIR / LEXICON_FILE
    assert path.stat().st_size <= 2_000_000
    head = path.read_text(encoding="utf-8")[:400]
    assert re.search(r"jieba \d+\.\d+(\.\d+)?", head)
    assert re.search(r"pypinyin \d+\.\d+(\.\d+)?", head)


def _build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_lexicon", ROOT / "scripts" / "build_lexicon.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_lexicon", module)
    spec.loader.exec_module(module)
    return module


def test_wrong_forms_are_not_in_jiebas_full_dictionary() -> None:
    pytest.importorskip("jieba")
    assert _build_script().bad_confusions(_build_script().read_dictionary()) == []


def test_regenerating_gives_the_committed_file() -> None:
    jieba = pytest.importorskip("jieba")
    pypinyin = pytest.importorskip("pypinyin")
    committed = (DATA_DIR / LEXICON_FILE).read_text(encoding="utf-8")
    source = f"jieba {jieba.__version__} dict.txt; pypinyin {pypinyin.__version__}"
    if source not in committed[:400]:
        pytest.skip(f"the lexicon was built from other versions than {source}")
    assert _build_script().build_text() == committed


def test_language_check_data_is_small_and_sourced() -> None:
    from perfgoals.textcheck.charmodel import MODEL_FILE, PAIRS_FILE, SHAPES_FILE

    total = sum(path.stat().st_size for path in DATA_DIR.iterdir())
    assert total <= 3_000_000
    head = (DATA_DIR / MODEL_FILE).read_text(encoding="utf-8")[:600]
    assert "china-provincial-gov-reports-2026@" in head and "held out" in head
    sources = (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    for name in (LEXICON_FILE, MODEL_FILE, SHAPES_FILE, PAIRS_FILE):
        assert f"`{name}`" in sources
    assert "Apache-2.0" in sources
    notice = ROOT / "scripts" / "textcheck_sources"
    assert (notice / "NOTICE").is_file() and (notice / "LICENSE-Apache-2.0.txt").is_file()


def test_derived_tables_match_their_build() -> None:
    spec = importlib.util.spec_from_file_location(
        "build_charmodel", ROOT / "scripts" / "build_charmodel.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from perfgoals.textcheck.charmodel import PAIRS_FILE, SHAPES_FILE

    assert module.shapes_text() == (DATA_DIR / SHAPES_FILE).read_text(encoding="utf-8")
    assert module.pairs_text() == (DATA_DIR / PAIRS_FILE).read_text(encoding="utf-8")


def test_domain_words_are_words_and_place_characters_single() -> None:
    from perfgoals.textcheck.lexicon import domain_suffixes, domain_words, place_chars

    lexicon = load_lexicon()
    assert all(lexicon.is_word(word) for word in domain_words())
    assert all(len(char) == 1 for char in place_chars())
    assert {"中心", "股室", "村委会"} <= set(domain_suffixes())


def test_each_group_lists_its_words_in_order() -> None:
    """`Lexicon.words_beginning` finds a second character's words together:
    the builder writes every group's words sorted."""
    from perfgoals.textcheck.lexicon import load_lexicon

    lexicon = load_lexicon()
    for first, line in lexicon._raw_groups.items():
        entries = line.split(" ") if line else []
        rests = [entry[:-1] for entry in entries]
        assert rests == sorted(rests), first
        assert all(len(entry) >= 1 and entry[-1] < "\x80" for entry in entries), first


@pytest.mark.parametrize("first", list("中国资金经费保障计划项目人民服务的了一"))
def test_words_beginning_a_pair_are_those_of_the_group(first: str) -> None:
    from perfgoals.textcheck.lexicon import Lexicon, load_lexicon

    shared = load_lexicon()
    group = shared.group(first)
    seconds = {rest[0] for rest in group if rest} | {"", "a", "龘"}
    for second in sorted(seconds):
        fresh = Lexicon.__new__(Lexicon)  # nothing decoded yet
        fresh.__dict__.update(shared.__dict__, _groups={}, _pairs={})
        words = fresh.words_beginning(first, second)
        if second and second < "\x80":
            assert words == group
            continue
        assert words == {
            rest: cost
            for rest, cost in group.items()
            if not rest or (second and rest.startswith(second))
        }
