"""The command line contract: formats, exit codes, selection, schemas, docs."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from perfgoals.commands.info import rules_markdown
from perfgoals.schemas import render_filing_schema

from conftest import ROOT, SAMPLE_TXT

REPORT_SCHEMA = json.loads((ROOT / "schemas" / "report-v1.schema.json").read_text("utf-8"))


def perfgoals(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfgoals", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_json_report_validates_and_exits_1_on_errors() -> None:
    result = perfgoals("check", str(SAMPLE_TXT), "--format", "json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    jsonschema.validate(report, REPORT_SCHEMA)
    (file,) = report["files"]
    assert file["status"] == "ok" and file["tables"] == 28
    assert report["summary"]["errors"] >= 1
    keys = [(f["location"]["part"] or 0, f["location"]["table"] or 0, f["rule"]) for f in file["findings"]]
    assert keys == sorted(keys)


def test_exit_0_when_nothing_reaches_fail_on() -> None:
    result = perfgoals("check", str(SAMPLE_TXT), "--select", "PG306", "--format", "json")
    assert result.returncode == 0
    assert {f["rule"] for f in json.loads(result.stdout)["files"][0]["findings"]} == {"PG306"}
    result = perfgoals("check", str(SAMPLE_TXT), "--select", "PG306", "--fail-on", "info", "-q")
    assert result.returncode == 1


@pytest.mark.parametrize(
    "args",
    [
        ("check", "does-not-exist.docx"),
        ("check", str(SAMPLE_TXT), "--select", "PG999"),
        ("check", str(SAMPLE_TXT), "--ignore", "XY"),
        ("check", str(SAMPLE_TXT), "--format", "pdf"),
        ("check", str(SAMPLE_TXT), "--fail-on", "fatal"),
        ("check", str(SAMPLE_TXT), "--format", "xlsx"),  # needs --output
        ("explain", "PG999"),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    result = perfgoals(*args)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr


def test_unreadable_file_is_pg001_and_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a-broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "b-good.txt").write_bytes(SAMPLE_TXT.read_bytes())
    result = perfgoals("check", str(tmp_path), "--format", "json", "--jobs", "1")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    jsonschema.validate(report, REPORT_SCHEMA)
    broken, good = report["files"]
    assert broken["status"] == "unreadable"
    assert [f["rule"] for f in broken["findings"]] == ["PG001"]
    assert "损坏" in broken["findings"][0]["message"]
    assert good["status"] == "ok" and good["tables"] == 28


def test_english_messages() -> None:
    result = perfgoals("check", str(SAMPLE_TXT), "--select", "PG302", "--lang", "en", "--format", "json")
    (finding,) = json.loads(result.stdout)["files"][0]["findings"]
    assert finding["message"].startswith("The last filled checkpoint")


def test_text_report_groups_by_table_and_ends_with_summary() -> None:
    result = perfgoals("check", str(SAMPLE_TXT), "--select", "PG302,PG303")
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("samples/dingzhou-2020.txt") or "dingzhou-2020.txt" in lines[0]
    assert any("表 24" in line and "政府门户网站云检测服务费" in line for line in lines)
    assert "PG302" in result.stdout and "PG303" in result.stdout
    assert lines[-1].startswith("共检查 1 个文件、28 张表")


def _check_on_a_terminal(extra_env: dict[str, str]) -> str:
    """stdout of a check whose stdout is a pseudo-terminal."""
    leader, follower = pty.openpty()
    env = {key: value for key, value in os.environ.items() if key != "NO_COLOR"} | extra_env
    process = subprocess.Popen(
        [sys.executable, "-m", "perfgoals", "check", str(SAMPLE_TXT), "--select", "PG302",
         "--no-cache", "--progress", "never"],
        stdout=follower, stderr=subprocess.DEVNULL, cwd=ROOT, env=env,
    )  # fmt: skip
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes with the process
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_text_report_is_coloured_on_a_terminal_only() -> None:
    assert "\x1b[" in _check_on_a_terminal({})
    assert "\x1b[" not in _check_on_a_terminal({"NO_COLOR": "1"})
    piped = perfgoals("check", str(SAMPLE_TXT), "--select", "PG302")
    assert "PG302" in piped.stdout and "\x1b[" not in piped.stdout


def test_statistics_and_quiet() -> None:
    result = perfgoals("check", str(SAMPLE_TXT), "--select", "PG3", "--quiet", "--statistics")
    assert "PG306" in result.stdout and "表 24" not in result.stdout


def test_parse_json_and_text() -> None:
    result = perfgoals("parse", str(SAMPLE_TXT))
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert len(data["tables"]) == 28
    tree = perfgoals("parse", str(SAMPLE_TXT), "--format", "text")
    assert tree.returncode == 0 and "政务外网专线费用" in tree.stdout


def test_parse_unreadable_says_why(tmp_path: Path) -> None:
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"PK\x03\x04broken")
    result = perfgoals("parse", str(bad))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "损坏" in result.stderr


def test_rules_and_explain() -> None:
    listing = perfgoals("rules").stdout
    assert re.search(r"^PG201  资金合计不符 +funding-sum-mismatch +错误  开$", listing, re.M)
    assert "PG201  funding-sum-mismatch" in perfgoals("rules", "--lang", "en").stdout
    text = perfgoals("explain", "PG201").stdout
    assert text.startswith("PG201 资金合计不符 funding-sum-mismatch (错误")
    for heading in ("这条规则检查什么", "为什么", "错误示例", "正确示例", "如何修改"):
        assert heading in text


def test_version_and_rules_do_not_import_heavy_modules() -> None:
    code = (
        "import sys, runpy\n"
        "sys.argv = ['perfgoals', '{cmd}']\n"
        "try:\n    runpy.run_module('perfgoals', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "heavy = [m for m in ('lxml', 'pydantic', 'docx') if m in sys.modules]\n"
        "sys.stderr.write('HEAVY=' + ','.join(heavy))\n"
    )
    for cmd in ("--version", "rules"):
        result = subprocess.run(
            [sys.executable, "-c", code.format(cmd=cmd)], capture_output=True, text=True, cwd=ROOT
        )
        assert result.stderr.strip().endswith("HEAVY="), (cmd, result.stderr)


def test_python_dash_m_matches_console_script() -> None:
    assert perfgoals("--version").stdout.startswith("perfgoals ")


def test_docs_rules_md_is_current() -> None:
    assert (ROOT / "docs" / "rules.md").read_text("utf-8") == rules_markdown(), (
        "docs/rules.md is stale: run python -m perfgoals.commands.info > docs/rules.md"
    )


def test_filing_schema_is_current() -> None:
    assert (ROOT / "schemas" / "filing-v1.schema.json").read_text("utf-8") == render_filing_schema(), (
        "schemas/filing-v1.schema.json is stale: run python -m perfgoals.schemas"
    )


def test_parse_output_validates_against_filing_schema() -> None:
    schema = json.loads((ROOT / "schemas" / "filing-v1.schema.json").read_text("utf-8"))
    data = json.loads(perfgoals("parse", str(SAMPLE_TXT)).stdout)
    jsonschema.validate(data, schema)


def test_parse_reports_an_internal_error_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from perfgoals import pipeline
    from perfgoals.commands.parse import run_parse

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("a parser bug")

    monkeypatch.setattr(pipeline, "load_filing", broken)
    assert run_parse(SAMPLE_TXT, "json", "en") == 1
    err = capsys.readouterr().err
    assert "internal error" in err and "KeyError" in err and "Traceback" not in err


def test_output_onto_an_input_or_a_folder_is_refused(tmp_path: Path) -> None:
    filing = tmp_path / "in.txt"
    filing.write_bytes(SAMPLE_TXT.read_bytes())
    for target in (filing, tmp_path):
        result = perfgoals("check", str(tmp_path), "-f", "json", "-o", str(target))
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert "--output" in result.stderr
    assert filing.read_bytes() == SAMPLE_TXT.read_bytes()


def test_an_unwritable_output_is_a_plain_error(tmp_path: Path) -> None:
    result = perfgoals("check", str(SAMPLE_TXT), "-f", "json", "-o", "/proc/no-such/report.json")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "cannot write the report" in result.stderr


def test_a_file_name_that_is_not_utf8_is_checked_and_shown_escaped(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"a\xb2\xe2name.txt"), "wb") as stream:
        stream.write(SAMPLE_TXT.read_bytes())
    result = perfgoals("check", str(tmp_path), "-f", "json", "--no-cache")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    (file,) = json.loads(result.stdout)["files"]
    assert file["status"] == "ok" and file["path"].endswith("a\\xb2\\xe2name.txt")


def test_a_pipe_in_the_folder_does_not_hang_the_cached_run(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "a.txt").write_bytes(SAMPLE_TXT.read_bytes())
    cache = tmp_path.parent / f"{tmp_path.name}-cache"
    result = perfgoals("check", str(tmp_path), "-f", "json", "--cache-dir", str(cache))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    statuses = {Path(f["path"]).name: f["status"] for f in json.loads(result.stdout)["files"]}
    assert statuses == {"a.txt": "ok", "pipe.txt": "unreadable"}


def test_parse_text_says_what_was_recognised() -> None:
    """A user sees whether a table was read as laid out or rebuilt from its labels."""
    real = ROOT / "tests" / "fixtures" / "real" / "14-anhui-jinzhai-kaifaqu-wuye-2021.txt"
    rebuilt = perfgoals("parse", str(real), "--format", "text")
    assert rebuilt.returncode == 0
    assert "识别情况 recognised" in rebuilt.stdout and "rows rebuilt from the labels" in rebuilt.stdout
    laid_out = perfgoals("parse", str(SAMPLE_TXT), "--format", "text")
    assert "read as laid out" in laid_out.stdout and "rows rebuilt" not in laid_out.stdout
