"""The shipped character model's n-gram sections are sorted: the model finds
counts by binary search (charmodel.SortedCounts)."""

from __future__ import annotations

from perfgoals.textcheck.charmodel import DATA_DIR, MODEL_FILE, CharModel, SortedCounts, load_model


def test_ngram_sections_are_sorted_and_match_their_counts() -> None:
    text = (DATA_DIR / MODEL_FILE).read_text("utf-8")
    body = text.partition("\n@")[2]
    for part in body.split("\n@"):
        name, _, content = part.partition("\n")
        if name in ("bi", "tri"):
            keys, counts = content.rstrip("\n").split("\n")
            grams = keys.split(" ")
            assert grams == sorted(grams), name
            assert len(grams) == len(counts.split(" ")), name
            assert all(len(gram) == (2 if name == "bi" else 3) for gram in grams), name


def test_sorted_counts_finds_present_and_absent_keys() -> None:
    counts = SortedCounts("ab ac ba", "3 5 7")
    assert [counts.get(key) for key in ("ab", "ac", "ba")] == [3, 5, 7]
    assert counts.get("aa") == 0 and counts.get("zz", -1) == -1 and counts.get("b") == 0


def test_model_counts_agree_with_a_plain_reading_of_the_file() -> None:
    model = load_model()
    assert isinstance(model, CharModel)
    text = (DATA_DIR / MODEL_FILE).read_text("utf-8")
    sections = dict(
        part.partition("\n")[::2] for part in text.partition("\n@")[2].split("\n@")
    )
    keys, counts = sections["tri"].rstrip("\n").split("\n")
    plain = dict(zip(keys.split(" "), map(int, counts.split(" ")), strict=True))
    for gram in list(plain)[::997]:
        assert model.tri.get(gram) == plain[gram]
    keys = sections["bi"].split("\n")[0]
    assert model.bigrams == frozenset(keys.split(" "))
