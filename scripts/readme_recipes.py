"""Run the README's GitHub Actions and GitLab CI recipes against this repository.

    python scripts/readme_recipes.py [--ref COMMIT] [--keep]

The commands are taken from the README's YAML blocks as a user copies them;
only the ``PERFGOALS`` variable changes, to ``git+file://<this repository>@<ref>``
(default: the commit at HEAD; uncommitted changes are not installed). Each
recipe runs in its own fresh virtual environment and work folder holding
``filings/`` with the bundled sample, so a recipe that does not install, or a
package that misses a data file, fails here. Exit 0 when every step behaved as
on a real runner: installs succeed, the check steps exit 1 on the sample's
findings (0 where the recipe says ``|| true``) and write their reports.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "dingzhou-2020.txt"


@dataclass(frozen=True)
class Step:
    command: str
    expected: int  # the exit status a real runner would see


@dataclass(frozen=True)
class Recipe:
    name: str
    variables: dict[str, str]
    steps: list[Step]
    reports: list[str]  # files the recipe publishes


def yaml_block(readme: str, heading: str) -> dict[str, Any]:
    """The first ```yaml block under ``heading``."""
    import yaml  # pre-commit's dependency; on the developer's machine with [test]

    section = readme.split(heading, 1)[1]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    loaded = yaml.safe_load(block)
    assert isinstance(loaded, dict), heading
    return loaded


def _expected(command: str) -> int:
    if command.rstrip().endswith("|| true"):
        return 0
    return 1 if command.startswith("perfgoals check") else 0


def recipes(readme: str) -> list[Recipe]:
    """The GitHub and GitLab recipes: variables, commands, published reports."""
    github = yaml_block(readme, "### GitHub Actions")
    (job,) = github["jobs"].values()
    github_steps = [Step(step["run"], _expected(step["run"])) for step in job["steps"]
                    if "run" in step]
    sarif = [step["with"]["sarif_file"] for step in job["steps"]
             if "upload-sarif" in step.get("uses", "")]
    gitlab = yaml_block(readme, "### GitLab CI")
    (gl_job,) = gitlab.values()
    gl_steps = [Step(line, _expected(line)) for line in gl_job["script"]]
    gl_reports = list(gl_job["artifacts"]["reports"].values())
    return [
        Recipe("github", dict(job.get("env", {})), github_steps, sarif),
        Recipe("gitlab", dict(gl_job.get("variables", {})), gl_steps, gl_reports),
    ]


def _check_report(path: Path) -> str | None:
    """Why a published report is wrong, or None."""
    if not path.is_file():
        return f"{path.name} was not written"
    data = path.read_bytes()
    if path.suffix == ".xml":
        suites = ET.fromstring(data)
        failures = sum(int(s.get("failures", "0")) for s in suites.iter("testsuite"))
        return None if failures else f"{path.name} has no failing test case"
    loaded = json.loads(data)
    findings = (
        sum(len(run["results"]) for run in loaded["runs"]) if isinstance(loaded, dict)
        else len(loaded)
    )
    return None if findings else f"{path.name} holds no finding"


def run_recipe(recipe: Recipe, source: str, work: Path) -> list[str]:
    """Run one recipe in a fresh venv under ``work``; the problems found."""
    folder = work / recipe.name
    (folder / "filings").mkdir(parents=True)
    shutil.copyfile(SAMPLE, folder / "filings" / SAMPLE.name)
    venv = work / f"{recipe.name}-venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    env = {
        key: value for key, value in os.environ.items()
        if not key.startswith(("GIT_", "VIRTUAL_ENV", "PYTHON"))
    }
    env |= {**recipe.variables, "PERFGOALS": source,
            "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
            "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    problems = []
    for step in recipe.steps:
        print(f"[{recipe.name}] $ {step.command}", flush=True)
        done = subprocess.run(["bash", "-c", step.command], cwd=folder, env=env,
                              capture_output=True, text=True, timeout=1800)
        if done.returncode != step.expected:
            problems.append(
                f"[{recipe.name}] {step.command!r} exited {done.returncode}, "
                f"expected {step.expected}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
            )
            break
    else:
        for report in recipe.reports:
            problem = _check_report(folder / report)
            if problem:
                problems.append(f"[{recipe.name}] {problem}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", help="commit or tag to install (default: HEAD)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)
    ref = args.ref or subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    source = f"git+file://{ROOT}@{ref}"
    work = Path(tempfile.mkdtemp(prefix="perfgoals-recipes-"))
    problems: list[str] = []
    try:
        for recipe in recipes((ROOT / "README.md").read_text("utf-8")):
            problems.extend(run_recipe(recipe, source, work))
    finally:
        if args.keep:
            print(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    for problem in problems:
        print(problem, file=sys.stderr)
    print("README recipes: " + ("FAILED" if problems else f"passed (installed {source})"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
