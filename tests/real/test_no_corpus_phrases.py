"""The reader finds anchors and shapes, not these filings' strings: no module
or data file of the package holds a phrase that is distinctive of one real
filing (a project name, an indicator's name or target as the truth records it)
unless the product spec's own vocabulary has it too."""

from __future__ import annotations

from pathlib import Path

from real.scoring import truths

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "perfgoals"
SPEC = ROOT / "tests" / "fixtures" / "spec" / "layouts.md"
REAL = ROOT / "tests" / "fixtures" / "real"
# Generated word lists (a dictionary's frequencies, a model of formal prose)
# hold everyday words by design; the code and the hand-kept data may not.
GENERATED = {"lexicon.txt", "charmodel.txt", "pairs.txt", "shapes.txt"}
MIN_CHARS = 6
# Indicator names the common templates themselves suggest (财政部's lists of
# common indicators), which rule explanations quote as examples.
TEMPLATE_VOCABULARY = {"竣工验收合格率"}


def _phrases() -> set[str]:
    phrases: set[str] = set()
    for _, truth in truths(REAL):
        for table in truth["tables"]:
            phrases.add(table.get("project_name") or "")
            phrases.add(table.get("unit_name") or "")
            for ind in table.get("indicators", []):
                phrases.update((ind.get("level3") or "", ind.get("target") or ""))
    spec = SPEC.read_text("utf-8")
    return {
        p for p in phrases if len(p) >= MIN_CHARS and p not in spec and p not in TEMPLATE_VOCABULARY
    }


def _sources() -> list[Path]:
    files = [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.toml"), *PACKAGE.rglob("*.tsv")]
    files += [p for p in (PACKAGE / "data").rglob("*.txt") if p.name not in GENERATED]
    return sorted(files)


def test_the_check_has_phrases_to_look_for() -> None:
    assert len(_phrases()) > 100


def test_no_package_file_holds_a_phrase_of_a_real_filing() -> None:
    phrases = _phrases()
    offenders = []
    for path in _sources():
        text = path.read_text("utf-8")
        offenders += [(path.name, p) for p in phrases if p in text]
    assert offenders == []
