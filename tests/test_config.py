"""Every config key takes effect (one test each), ``extend`` inherits, the
command line overrides, and every fault is exit 2 naming file, key and reason."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from perfgoals.commands.check import CheckOptions
from perfgoals.config import find_config, settings_for_check
from perfgoals.configmodel import ConfigModel, validate_config
from perfgoals.errors import UsageError
from perfgoals.findings import Finding
from perfgoals.rules.registry import all_rules
from perfgoals.runner import collect_inputs, run
from perfgoals.settings import Settings

from conftest import ROOT, SAMPLE_TXT
from gen.filings import CLEAN_FILINGS
from gen.text_writer import to_text


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding the sample, as the working folder."""
    (tmp_path / "filings").mkdir()
    (tmp_path / "filings" / "dingzhou.txt").write_bytes(SAMPLE_TXT.read_bytes())
    monkeypatch.chdir(tmp_path)
    return tmp_path


def configure(folder: Path, toml: str, name: str = "perfgoals.toml", **cli: object) -> Settings:
    (folder / name).write_text(toml, encoding="utf-8")
    return settings_for_check(CheckOptions(paths=[folder / "filings"], **cli))  # type: ignore[arg-type]


def findings(folder: Path, settings: Settings) -> dict[str, list[Finding]]:
    result = run(collect_inputs([folder / "filings"], settings.exclude), settings)
    return {r.path: r.findings for r in result.files}


def rules_of(found: dict[str, list[Finding]]) -> Counter[str]:
    return Counter(f.rule for fs in found.values() for f in fs)


@pytest.fixture
def defaults(project: Path) -> Counter[str]:
    baseline = rules_of(findings(project, Settings()))
    assert baseline["PG401"] and baseline["PG402"] and baseline["PG306"]
    return baseline


# --- one test per key ---


def test_select(project: Path, defaults: Counter[str]) -> None:
    found = rules_of(findings(project, configure(project, 'select = ["PG4"]\n')))
    assert set(found) == {code for code in defaults if code.startswith("PG4")}
    everything = rules_of(findings(project, configure(project, 'select = ["ALL"]\n')))
    assert "PG408" in everything and "PG408" not in defaults  # off by default


def test_ignore(project: Path, defaults: Counter[str]) -> None:
    found = rules_of(findings(project, configure(project, 'ignore = ["PG401", "PG3"]\n')))
    assert found == Counter(
        {code: n for code, n in defaults.items() if code != "PG401" and not code.startswith("PG3")}
    )


def test_extend_select(project: Path, defaults: Counter[str]) -> None:
    found = rules_of(findings(project, configure(project, 'extend-select = ["PG408"]\n')))
    assert found["PG408"] > 0
    assert found - Counter({"PG408": found["PG408"]}) == defaults


def test_per_file_ignores_globs(project: Path, defaults: Counter[str]) -> None:
    (project / "filings" / "2019").mkdir()
    (project / "filings" / "2019" / "old.txt").write_bytes(SAMPLE_TXT.read_bytes())
    settings = configure(
        project, '[per-file-ignores]\n"2019/*.txt" = ["PG4"]\n"*/dingzhou.*" = ["PG306"]\n'
    )
    found = findings(project, settings)
    old = Counter(f.rule for f in found["filings/2019/old.txt"])
    current = Counter(f.rule for f in found["filings/dingzhou.txt"])
    assert not any(code.startswith("PG4") for code in old) and old["PG306"] == defaults["PG306"]
    assert current["PG306"] == 0 and current["PG401"] == defaults["PG401"]


def test_severity(project: Path, defaults: Counter[str]) -> None:
    settings = configure(project, '[severity]\nPG401 = "error"\npg306 = "warning"\n')
    found = [f for fs in findings(project, settings).values() for f in fs]
    assert {f.severity for f in found if f.rule == "PG401"} == {"error"}
    assert {f.severity for f in found if f.rule == "PG306"} == {"warning"}
    assert {f.severity for f in found if f.rule == "PG402"} == {"warning"}


def perfgoals(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfgoals", "check", "--no-cache", *args],
        capture_output=True, text=True, cwd=cwd, timeout=120,
    )


def test_fail_on(project: Path) -> None:
    (project / "perfgoals.toml").write_text('select = ["PG306"]\n', "utf-8")
    assert perfgoals(project, "filings", "-q").returncode == 0  # PG306 is info
    (project / "perfgoals.toml").write_text('select = ["PG306"]\nfail-on = "info"\n', "utf-8")
    assert perfgoals(project, "filings", "-q").returncode == 1
    assert perfgoals(project, "filings", "-q", "--fail-on", "error").returncode == 0


def test_lang(project: Path) -> None:
    settings = configure(project, 'lang = "en"\nselect = ["PG401"]\n')
    assert settings.lang == "en"
    message = findings(project, settings)["filings/dingzhou.txt"][0].message
    assert message.startswith("The value '") and "repeats the description" in message
    result = perfgoals(project, "filings", "-q")
    assert "Checked 1 files" in result.stdout
    assert "共检查" in perfgoals(project, "filings", "-q", "--lang", "zh").stdout


def test_extend(project: Path, defaults: Counter[str]) -> None:
    shared = project / "shared"
    shared.mkdir()
    (shared / "base.toml").write_text(
        'ignore = ["PG401"]\nlang = "en"\n[severity]\nPG402 = "info"\nPG306 = "error"\n'
        '[rules.PG306]\nfloors = { jun = 100 }\n',
        "utf-8",
    )
    settings = configure(
        project,
        'extend = "shared/base.toml"\nignore = ["PG410"]\n[severity]\nPG306 = "warning"\n',
    )
    assert settings.lang == "en"  # inherited
    assert set(settings.ignore) == {"PG401", "PG410"}  # ignores add up
    assert dict(settings.severity) == {"PG402": "info", "PG306": "warning"}  # entries merge
    assert dict(dict(settings.rule_options)["PG306"]) == {"floors": {"jun": 100}}
    found = rules_of(findings(project, settings))
    assert "PG401" not in found and "PG410" not in found
    assert found["PG306"] > defaults["PG306"]  # a 100% June floor catches more plans


def test_exclude(project: Path) -> None:
    (project / "filings" / "archive").mkdir()
    (project / "filings" / "archive" / "old.txt").write_bytes(SAMPLE_TXT.read_bytes())
    settings = configure(project, 'exclude = ["archive/*"]\n')
    assert list(findings(project, settings)) == ["filings/dingzhou.txt"]
    assert len(findings(project, Settings())) == 2


def test_rules_options(project: Path) -> None:
    spec, _ = CLEAN_FILINGS["county-education"]
    (project / "filings" / "clean.txt").write_text(to_text(spec), encoding="utf-8")
    settings = configure(project, "[rules.PG101]\npattern = '^X'\n[rules.PG306]\nfloors = { jun = 0, oct = 0 }\n")
    found = findings(project, settings)
    assert Counter(f.rule for f in found["filings/clean.txt"])["PG101"] == len(spec.tables)
    assert "PG306" not in {f.rule for f in found["filings/dingzhou.txt"]}


def test_option_values_at_their_bounds_are_accepted(project: Path) -> None:
    settings = configure(
        project,
        "[rules.PG419]\ntotal = 100.0\nbudget_execution = 0\ntolerance = 0\n"
        "[rules.PG503]\nmin_chars = 1\n[rules.PG504]\nmax_chars = 1\n"
        "[rules.PG605]\ncontext_chars = 0\n",
    )
    assert dict(settings.rule_options)["PG605"] == (("context_chars", 0),)


def test_limits(project: Path) -> None:
    (project / "filings" / "long.txt").write_bytes(SAMPLE_TXT.read_bytes() * 28)  # about 1.1 MB
    settings = configure(project, "[limits]\nmax-file-mb = 1\n")
    found = findings(project, settings)
    assert [f.rule for f in found["filings/long.txt"]] == ["PG001"]
    assert "PG001" not in {f.rule for f in found["filings/dingzhou.txt"]}
    assert "PG001" not in {f.rule for f in findings(project, Settings())["filings/long.txt"]}


def test_pyproject_table_found_upward(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.perfgoals]\nselect = ["PG306"]\n', "utf-8")
    (project / "filings" / "deep").mkdir()
    settings = settings_for_check(CheckOptions(paths=[project / "filings" / "deep"]))
    assert settings.select == ("PG306",)


def test_command_line_overrides_and_adds(project: Path) -> None:
    settings = configure(
        project,
        'select = ["PG4"]\nextend-select = ["PG408"]\nignore = ["PG401"]\nfail-on = "info"\n',
        select="PG3", extend_select="PG409", ignore="PG306", fail_on="warning", lang="en",
    )
    assert settings.select == ("PG3",)  # replaced
    assert settings.extend_select == ("PG408", "PG409")  # added
    assert settings.ignore == ("PG401", "PG306")  # added
    assert (settings.fail_on, settings.lang) == ("warning", "en")


# --- faults: exit 2 naming the file, the key and the reason ---


@pytest.mark.parametrize(
    ("toml", "key", "reason"),
    [
        ('selekt = ["PG4"]\n', "selekt", "unknown key"),
        ('select = ["PG999"]\n', "select[0]", "unknown rule code or prefix 'PG999'"),
        ('select = "PG4"\n', "select", "valid list"),
        ('ignore = ["PG4", "XY"]\n', "ignore[1]", "unknown rule code or prefix 'XY'"),
        ('extend-select = ["PG9"]\n', "extend-select[0]", "unknown rule code"),
        ('[per-file-ignores]\n"2019/*.docx" = ["PG99"]\n', 'per-file-ignores."2019/*.docx"[0]',
         "unknown rule code"),
        ('[per-file-ignores]\n"*.docx" = "PG4"\n', 'per-file-ignores."*.docx"', "valid list"),
        ('[severity]\nPG4 = "error"\n', "severity.PG4", "exact codes"),
        ('[severity]\nPG401 = "fatal"\n', "severity.PG401", "'error', 'warning' or 'info'"),
        ('fail-on = "fatal"\n', "fail-on", "'error', 'warning' or 'info'"),
        ('lang = "fr"\n', "lang", "'zh' or 'en'"),
        ('exclude = "archive"\n', "exclude", "valid list"),
        ('extend = "missing.toml"\n', "extend", "file not found: missing.toml"),
        ("[rules.PG999]\npattern = 'x'\n", "rules.PG999", "unknown rule code"),
        ("[rules.PG101]\npatern = 'x'\n", "rules.PG101.patern", "no such option (options: pattern)"),
        ("[rules.PG101]\npattern = '(['\n", "rules.PG101.pattern", "invalid regular expression"),
        ("[rules.PG405]\nsatisfaction_min = '80'\n", "rules.PG405.satisfaction_min",
         "must be a number, not a string"),
        ("[rules.PG405]\nsatisfaction_min = 180\n", "rules.PG405.satisfaction_min",
         "percentage from 0 to 100"),
        ("[rules.PG306]\nfloors = { june = 40 }\n", "rules.PG306.floors", "unknown checkpoint 'june'"),
        ("[rules.PG306]\nfloors = { jun = '40' }\n", "rules.PG306.floors", "must be a number"),
        ("[rules.PG412]\nmin_tables = 1\n", "rules.PG412.min_tables", "at least 2"),
        ("[rules.PG601]\nallow = ['专班', 3]\n", "rules.PG601.allow", "items must be strings"),
        ("[rules.PG419]\ntotal = 0\n", "rules.PG419.total", "must be above 0"),
        ("[rules.PG419]\ntolerance = -1\n", "rules.PG419.tolerance", "must not be negative"),
        ("[rules.PG503]\nmin_chars = 0\n", "rules.PG503.min_chars", "at least 1"),
        ("[rules.PG504]\nmax_chars = 2.5\n", "rules.PG504.max_chars", "whole number"),
        ("[rules.PG605]\ncontext_chars = -2\n", "rules.PG605.context_chars", "at least 0"),
        ("[limits]\nmax-file = 8\n", "limits.max-file", "unknown key 'max-file'; known: max-file-mb"),
        ("[limits]\nmax-ratio = 0\n", "limits.max-ratio", "must be a positive integer"),
        ("[limits]\nconvert-timeout = '30'\n", "limits.convert-timeout", "positive integer"),
    ],
)
def test_fault_names_file_key_and_reason(project: Path, toml: str, key: str, reason: str) -> None:
    with pytest.raises(UsageError) as caught:
        configure(project, toml)
    message = str(caught.value)
    assert message.startswith(f"{project / 'perfgoals.toml'}: key '{key}': "), message
    assert reason in message


def test_fault_exits_2_on_the_command_line(project: Path) -> None:
    (project / "perfgoals.toml").write_text("[rules.PG101]\npatern = 'x'\n", "utf-8")
    result = perfgoals(project, "filings")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "perfgoals.toml: key 'rules.PG101.patern': rule PG101 has no such option" in result.stderr


def test_invalid_toml_and_pyproject_faults(project: Path) -> None:
    (project / "perfgoals.toml").write_text("select = [\n", "utf-8")
    result = perfgoals(project, "filings")
    assert result.returncode == 2 and "invalid TOML" in result.stderr
    (project / "perfgoals.toml").unlink()
    (project / "pyproject.toml").write_text('[tool.perfgoals]\nignore = ["PG0x"]\n', "utf-8")
    result = perfgoals(project, "filings")
    assert result.returncode == 2
    assert "pyproject.toml: key 'ignore[0]': unknown rule code or prefix 'PG0x'" in result.stderr


def test_extend_cycle_is_a_fault(project: Path) -> None:
    (project / "a.toml").write_text('extend = "perfgoals.toml"\n', "utf-8")
    with pytest.raises(UsageError, match=r"key 'extend': perfgoals.toml extends back .* cycle"):
        configure(project, 'extend = "a.toml"\n')


# --- the README documents every key and option with a valid example ---


def readme_config_example() -> str:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return section.split("```toml\n", 1)[1].split("```", 1)[0]


def test_readme_example_covers_every_key_and_validates(tmp_path: Path) -> None:
    example = readme_config_example()
    raw = tomllib.loads(example)
    keys = {field.alias or name for name, field in ConfigModel.model_fields.items()}
    assert keys == set(raw), keys ^ set(raw)
    # Rule options shown are real ones with values of the right kind (validated
    # below); the full list of options is docs/rules.md, generated from the registry.
    assert len(raw["rules"]) >= 3
    assert all(set(options) <= set(all_rules()[code].options) for code, options in raw["rules"].items())
    validated = validate_config(raw, tmp_path / "perfgoals.toml")
    assert validated["extend"] == "../shared-perfgoals.toml"


# --- a config that cannot be parsed is exit 2 naming file, line and reason -----


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("pyproject.toml", '[project]\nname = "filings"\n[tool.perfgoals\nselect = ["PG4"]\n', 3),
        ("perfgoals.toml", 'select = ["PG4"]\nignore = "PG401\n', 2),
        (".perfgoals.toml", "fail-on = error\n", 1),
    ],
)
def test_syntax_error_found_by_search(project: Path, name: str, text: str, line: int) -> None:
    (project / name).write_text(text, "utf-8")
    result = perfgoals(project, "filings")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{project / name}:{line}:" in result.stderr and "invalid TOML" in result.stderr


def test_broken_pyproject_without_our_table_is_still_an_error(project: Path) -> None:
    """A pyproject.toml that cannot be parsed may hold [tool.perfgoals]: never
    skipped silently (the defaults would run in its place)."""
    (project / "pyproject.toml").write_text('[project\nname = "x"\n', "utf-8")
    result = perfgoals(project, "filings")
    assert result.returncode == 2 and f"{project / 'pyproject.toml'}:1:" in result.stderr
    # Near miss: a valid pyproject.toml without [tool.perfgoals] is passed over.
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n', "utf-8")
    assert perfgoals(project, "filings").returncode == 1


def test_syntax_error_in_named_and_extended_files(project: Path) -> None:
    (project / "ci.toml").write_text('extend = "shared.toml"\n', "utf-8")
    (project / "shared.toml").write_text('ignore = ["PG4"]\n\n[severity\n', "utf-8")
    result = perfgoals(project, "filings", "--config", "ci.toml")
    assert result.returncode == 2
    assert f"{project / 'shared.toml'}:3:" in result.stderr and "invalid TOML" in result.stderr
    (project / "shared.toml").write_text('ignore = ["PG4"]\n', "utf-8")
    assert perfgoals(project, "filings", "--config", "ci.toml").returncode == 1
    (project / "ci.toml").write_text("select = [\n", "utf-8")
    result = perfgoals(project, "filings", "--config", "ci.toml")
    assert result.returncode == 2 and "error: ci.toml:2: invalid TOML" in result.stderr


def test_not_utf8_too_big_too_deep_not_regular(project: Path) -> None:
    config = project / "perfgoals.toml"
    config.write_bytes('select = ["PG4"]\n# 说明\n'.encode("gbk"))
    result = perfgoals(project, "filings")
    assert result.returncode == 2 and f"{config}:2: invalid TOML: not UTF-8" in result.stderr
    config.write_text("# padding\n" * 120_000, "utf-8")
    result = perfgoals(project, "filings")
    assert result.returncode == 2 and "config is larger than 1024 KB" in result.stderr
    config.write_text("x = " + "[" * 40 + "]" * 40 + "\n", "utf-8")
    result = perfgoals(project, "filings")
    assert result.returncode == 2 and "levels deep" in result.stderr
    config.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", "utf-8")
    result = perfgoals(project, "filings")
    assert result.returncode == 2 and "levels deep" in result.stderr
    assert "Traceback" not in result.stderr
    config.unlink()
    os.mkfifo(config)  # would block a reader forever
    result = perfgoals(project, "filings")
    assert result.returncode == 2 and "not a regular file" in result.stderr


def test_errors_come_before_any_file_is_checked(project: Path) -> None:
    (project / "perfgoals.toml").write_text("select = [\n", "utf-8")
    result = perfgoals(project, "filings", "--format", "json")
    assert result.returncode == 2 and result.stdout == ""
    assert "共检查" not in result.stderr  # no summary: the batch never started


# --- where the config is found ---


def test_config_is_searched_from_the_working_folder(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    (project / "perfgoals.toml").write_text('select = ["PG306"]\n', "utf-8")
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "a.txt").write_bytes(SAMPLE_TXT.read_bytes())
    # The working folder's config applies to a path outside it (cli.md) ...
    settings = settings_for_check(CheckOptions(paths=[elsewhere / "a.txt"]))
    assert settings.select == ("PG306",)
    # ... and from a folder without any, the checked path's own config is used.
    (elsewhere / "perfgoals.toml").write_text('select = ["PG401"]\n', "utf-8")
    os.chdir(tmp_path_factory.mktemp("no-config"))
    assert find_config(Path.cwd()) is None
    assert settings_for_check(CheckOptions(paths=[elsewhere / "a.txt"])).select == ("PG401",)


def test_show_settings_names_each_value_s_origin(project: Path) -> None:
    (project / "base.toml").write_text('ignore = ["PG410"]\n[rules.PG405]\nsatisfaction_min = 85\n',
                                       "utf-8")
    (project / "pyproject.toml").write_text(
        '[tool.perfgoals]\nextend = "base.toml"\nignore = ["PG306"]\nfail-on = "warning"\n', "utf-8"
    )
    result = perfgoals(project, "--show-settings", "--lang", "en", "--ignore", "PG5", "filings")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    base, pyproject = project / "base.toml", project / "pyproject.toml"
    assert f"# config file: {pyproject}" in lines
    assert f'ignore = ["PG410", "PG306", "PG5"]  # {base} + {pyproject} + --ignore' in lines
    assert f'fail-on = "warning"  # {pyproject}' in lines
    assert 'lang = "en"  # --lang' in lines
    assert "select = (rules on by default)  # default" in lines
    assert f"rules.PG405.satisfaction_min = 85  # {base}" in lines
    assert "limits.max-file-mb = 64  # default" in lines
    assert any(line.startswith("# rules on (") and "PG306" not in line for line in lines)
    assert result.stderr == ""  # no summary: nothing was checked


def test_show_settings_reports_a_broken_config(project: Path) -> None:
    (project / "perfgoals.toml").write_text("lang = \n", "utf-8")
    result = perfgoals(project, "--show-settings", "filings")
    assert result.returncode == 2 and f"{project / 'perfgoals.toml'}:1:" in result.stderr


def test_a_path_inside_an_unreadable_folder_is_no_reason_to_fail_the_config_search(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As pre-commit names files: the config search passes such a path over
    (the file's own PG001 says why it cannot be read), never a traceback."""
    import os

    from perfgoals.config import locate_config
    from perfgoals.options import CheckOptions

    real_stat = os.stat

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if "locked" in str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(os, "stat", stat)
    options = CheckOptions(paths=[Path("filings/locked/a.txt")])
    assert locate_config(options) is None
