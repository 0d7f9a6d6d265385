"""The README's CI recipes install perfgoals from somewhere that exists and
run as written: ``scripts/readme_recipes.py`` runs them against this
repository (slow: two fresh environments; .ci/run runs it)."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import readme_recipes

README = (ROOT / "README.md").read_text("utf-8")


def test_recipes_install_from_a_pinned_repository_not_an_index() -> None:
    found = {recipe.name: recipe for recipe in readme_recipes.recipes(README)}
    assert set(found) == {"github", "gitlab"}
    for recipe in found.values():
        source = recipe.variables["PERFGOALS"]
        assert re.fullmatch(r"git\+https://\S+\.git@v\d+\.\d+\.\d+", source), source
        assert recipe.steps[0].command == 'pip install "$PERFGOALS"'
        checks = [step for step in recipe.steps if "perfgoals check" in step.command]
        assert checks and recipe.reports
        assert all(step.expected == (0 if "|| true" in step.command else 1) for step in checks)
    # No recipe or example installs from an index that does not serve perfgoals.
    assert not re.search(r"pip install (-U )?perfgoals\b", README)


def test_pre_commit_example_pins_the_tag_the_readme_makes() -> None:
    tag = re.search(r"git tag -a (v[\d.]+) ", README)
    assert tag is not None
    assert f"rev: {tag.group(1)}" in README
    version = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text("utf-8"),
                        re.MULTILINE)
    assert version is not None and tag.group(1) == f"v{version.group(1)}"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.skipif(importlib.util.find_spec("yaml") is None, reason="PyYAML is not installed")
def test_readme_recipes_run_against_this_repository() -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("the project is not a git checkout")
    assert readme_recipes.main([]) == 0
