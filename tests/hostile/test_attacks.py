"""Every class of attack of the hostile review holds: bombs under the declared
limits, quadratic corners, outputs onto inputs, odd encodings, unreadable
paths, corrupt caches and baselines, rules that raise, misleading messages.

Each test asserts the exit code or outcome, the finding, and the time; the
inputs are made by ``attacks.py``. Full-size bombs run as the user runs them,
in a subprocess under 300 MB, in ``test_attacks_slow.py``.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import attacks
import pytest

from perfgoals.baseline import read_baseline
from perfgoals.cache import ResultCache
from perfgoals.engine import FileTimeout, check_filing, check_path, time_budget
from perfgoals.errors import UnreadableFileError, UsageError
from perfgoals.findings import FileResult, Location, make_fingerprint
from perfgoals.pipeline import load_filing
from perfgoals.read import read_bytes
from perfgoals.read.decode import decode_text
from perfgoals.read.limits import Limits
from perfgoals.report import TEXT_FORMATS
from perfgoals.runner import RunResult, collect_inputs, effective_jobs, printable, run
from perfgoals.settings import Settings

MiB = 1024 * 1024
ROOT = Path(__file__).resolve().parents[2]
SAMPLE_TXT = ROOT / "samples" / "dingzhou-2020.txt"


def perfgoals(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfgoals", *args],
        cwd=cwd, capture_output=True, text=True, timeout=timeout,
    )


def outcome(path: Path, limits: Limits | None = None) -> tuple[FileResult, float]:
    settings = Settings() if limits is None else Settings(limits=_pairs(limits))
    started = time.perf_counter()
    result = check_path(path, path.name, settings)
    return result, time.perf_counter() - started


def _pairs(limits: Limits) -> tuple[tuple[str, int], ...]:
    from dataclasses import asdict

    return tuple(asdict(limits).items())


def refused(result: FileResult) -> str:
    """The PG001 message of an unreadable result (asserting it is one)."""
    assert result.status == "unreadable", [f.message for f in result.findings]
    (finding,) = result.findings
    assert finding.rule == "PG001" and finding.severity == "error"
    return finding.message


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


# -- bombs that keep every declared size and ratio in bounds --------------------


def test_empty_paragraphs_at_90_to_1_are_refused_while_inflating(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.docx", attacks.empty_paragraphs_docx(24 * MiB))
    result, seconds = outcome(path)
    message = refused(result)
    assert "max-xml-elements" in message and "XML 元素数" in message
    assert seconds < 3


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/styles.xml"])
def test_workbook_parts_openpyxl_reads_whole_are_counted_first(tmp_path: Path, part: str) -> None:
    # 40 MB inflated: under the 128 MB part limit and the 100:1 ratio as declared.
    path = write(tmp_path, "bomb.xlsx", attacks.xlsx_big_part(part, 40 * MiB))
    result, seconds = outcome(path)
    assert "max-xml-elements" in refused(result)
    assert seconds < 3


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("cells.html", lambda: attacks.html_cells(2_600_000)),
        ("cells.xml", lambda: attacks.spreadsheetml_cells(1_300_000)),
        ("cells.ods", lambda: attacks.ods_cells(1_300, 1000)),
    ],
)
def test_the_other_formats_count_elements_before_a_tree(tmp_path: Path, name: str, make: object) -> None:
    assert callable(make)
    path = write(tmp_path, name, make())
    result, seconds = outcome(path)
    assert "max-xml-elements" in refused(result)
    assert seconds < 5


def test_ten_megabytes_of_bars_on_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, "pipes.txt", attacks.pipes_line(10 * MiB))
    result, seconds = outcome(path)
    assert "max-cells" in refused(result)
    assert seconds < 2


def test_bars_over_a_row_of_a_sheet_are_refused_but_a_wide_real_row_is_read() -> None:
    with pytest.raises(UnreadableFileError, match="max-cells"):
        decode_text(("|" * 20_000 + "\n").encode())
    text, _ = decode_text(("| a " * 100 + "|\n").encode())
    assert text.count("|") == 101


def test_limits_are_named_in_both_languages(tmp_path: Path) -> None:
    path = write(tmp_path, "pipes.txt", attacks.pipes_line(2 * MiB))
    with pytest.raises(UnreadableFileError) as info:
        load_filing(path)
    assert info.value.reason == "too-large"
    assert "max-cells" in info.value.message_zh and "max-cells" in info.value.message_en


def test_smaller_configured_limits_refuse_what_defaults_read(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", SAMPLE_TXT.read_bytes())
    assert outcome(path)[0].status == "ok"
    for limits, key in (
        (Limits(max_paragraphs=10), "max-paragraphs"),
        (Limits(max_cells=100), "max-cells"),
        (Limits(max_chars=1000), "max-chars"),
        (Limits(max_table_rows=5), "max-table-rows"),
    ):
        assert key in refused(outcome(path, limits)[0]), key


def test_docx_walk_stops_at_the_paragraph_limit(tmp_path: Path) -> None:
    body = "<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 300
    path = write(tmp_path, "p.docx", attacks.docx_with_body(body))
    assert outcome(path)[0].status in ("ok", "unreadable")
    assert "max-paragraphs" in refused(outcome(path, Limits(max_paragraphs=100))[0])


# -- quadratic corners ------------------------------------------------------------


def test_sixteen_thousand_columns_of_a_sheet_are_read_in_seconds(tmp_path: Path) -> None:
    path = write(tmp_path, "wide.xlsx", attacks.wide_xlsx(16_384))
    result, seconds = outcome(path)
    assert result.status == "ok"  # read (no filing in it), not refused
    assert seconds < 5


def test_sixteen_thousand_columns_of_a_word_table_are_read_in_seconds(tmp_path: Path) -> None:
    path = write(tmp_path, "wide.docx", attacks.wide_table_docx(16_384))
    result, seconds = outcome(path)
    assert result.status == "ok"
    assert seconds < 5


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("long.xlsx", lambda: attacks.long_xlsx(100_000)),
        ("long.txt", lambda: attacks.long_filing_text(100_000).encode()),
        ("long.docx", lambda: attacks.long_table_docx(100_000)),
    ],
)
def test_a_hundred_thousand_rows_take_seconds(tmp_path: Path, name: str, make: object) -> None:
    assert callable(make)
    path = write(tmp_path, name, make())
    result, seconds = outcome(path)
    message = refused(result)
    assert any(key in message for key in ("max-table-rows", "max-text-lines", "max-xml-elements"))
    assert seconds < 10  # 1-5 s on an idle 2-core machine


def test_thousands_of_indicator_rows_are_checked_in_seconds(tmp_path: Path) -> None:
    """Below the table-row limit, the builder and every rule run: linear in rows."""
    small, _ = outcome(write(tmp_path, "small.txt", attacks.long_filing_text(500).encode()))
    path = write(tmp_path, "rows.txt", attacks.long_filing_text(3_000).encode())
    result, seconds = outcome(path)
    assert result.status == "ok" and small.status == "ok"
    assert seconds < 15


def test_jobs_are_capped_at_files_and_cpus() -> None:
    cpus = os.cpu_count() or 1
    assert effective_jobs(1000, 3) == 3
    assert effective_jobs(1000, 100_000) == 4 * cpus
    assert effective_jobs(2, 100) == 2
    assert effective_jobs(0, 5) == 1


def test_jobs_1000_on_three_files(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        write(tmp_path, name, SAMPLE_TXT.read_bytes())
    started = time.perf_counter()
    process = perfgoals("check", ".", "--jobs", "1000", "--no-cache", "-q", cwd=tmp_path)
    assert process.returncode == 1, process.stderr
    assert "Traceback" not in process.stderr
    assert time.perf_counter() - started < 30


def test_a_file_over_its_time_budget_is_a_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import perfgoals.engine as engine

    def slow(*args: object, **kwargs: object) -> object:
        time.sleep(10)
        raise AssertionError("not reached")

    monkeypatch.setattr(engine, "check_filing", slow)
    path = write(tmp_path, "a.txt", SAMPLE_TXT.read_bytes())
    result, seconds = outcome(path, Limits(file_seconds=1))
    assert "file-seconds" in refused(result)
    assert result.findings[0].fingerprint  # a stable finding
    assert seconds < 3


def test_time_budget_restores_the_previous_handler() -> None:
    import signal

    before = signal.getsignal(signal.SIGALRM)
    with pytest.raises(FileTimeout), time_budget(1):
        time.sleep(3)
    assert signal.getsignal(signal.SIGALRM) == before
    with time_budget(5):
        pass
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


# -- outputs never onto inputs ---------------------------------------------------


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    write(tmp_path, "a.txt", SAMPLE_TXT.read_bytes())
    return tmp_path


def test_write_baseline_onto_an_input_is_refused(folder: Path) -> None:
    before = (folder / "a.txt").read_bytes()
    process = perfgoals("check", "a.txt", "--write-baseline", "a.txt", cwd=folder)
    assert process.returncode == 2 and "never written" in process.stderr
    assert (folder / "a.txt").read_bytes() == before


@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
def test_an_output_through_a_link_to_an_input_is_refused(folder: Path, option: str) -> None:
    (folder / "link.json").symlink_to("a.txt")
    before = (folder / "a.txt").read_bytes()
    process = perfgoals("check", ".", option, "link.json", "--no-cache", cwd=folder)
    assert process.returncode == 2 and "through a link" in process.stderr
    assert (folder / "a.txt").read_bytes() == before
    assert (folder / "link.json").is_symlink()


def test_output_on_a_link_writes_its_target_and_keeps_the_link(folder: Path) -> None:
    (folder / "out").mkdir()
    (folder / "report.json").symlink_to("out/real.json")
    process = perfgoals("check", "a.txt", "-f", "json", "-o", "report.json", cwd=folder)
    assert process.returncode == 1, process.stderr
    assert (folder / "report.json").is_symlink()
    assert json.loads((folder / "out" / "real.json").read_text())["files"]


def test_output_and_baseline_on_one_file_are_refused(folder: Path) -> None:
    process = perfgoals("check", "a.txt", "-o", "x.json", "--write-baseline", "x.json", cwd=folder)
    assert process.returncode == 2 and "same file" in process.stderr


def test_new_output_gets_the_umask_and_a_replaced_one_keeps_its_mode(folder: Path) -> None:
    from perfgoals.report.output import write_atomic

    previous = os.umask(0o022)
    try:
        write_atomic(folder / "new.json", b"{}")
        assert stat.S_IMODE((folder / "new.json").stat().st_mode) == 0o644
        os.chmod(folder / "new.json", 0o600)
        write_atomic(folder / "new.json", b"{}\n")
        assert stat.S_IMODE((folder / "new.json").stat().st_mode) == 0o600
    finally:
        os.umask(previous)
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("target", ["/dev/stdout", "-"])
def test_output_to_standard_output_never_replaces_the_device(folder: Path, target: str) -> None:
    process = perfgoals("check", "a.txt", "-f", "json", "-o", target, cwd=folder)
    assert process.returncode == 1, process.stderr
    assert json.loads(process.stdout)["files"][0]["path"] == "a.txt"
    assert os.path.islink("/dev/stdout") or not os.path.isfile("/dev/stdout")


def test_output_to_a_device_writes_it_as_a_stream(folder: Path) -> None:
    process = perfgoals("check", "a.txt", "-f", "json", "-o", "/dev/null", cwd=folder)
    assert process.returncode == 1, process.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_an_interrupted_run_writes_no_baseline(folder: Path) -> None:
    from perfgoals.baseline import apply_baseline_options
    from perfgoals.commands.check import CheckOptions

    result = run(collect_inputs([folder / "a.txt"]), Settings())
    result.interrupted = True
    options = CheckOptions(paths=[folder], write_baseline=folder / "baseline.json")
    apply_baseline_options(result, options)
    assert not (folder / "baseline.json").exists()
    assert any(f.findings for f in result.files)  # nothing hidden either
    result.interrupted = False
    apply_baseline_options(result, options)
    assert json.loads((folder / "baseline.json").read_text())["entries"]


# -- text decoding --------------------------------------------------------------


def test_a_stray_nul_leaves_utf8_text_utf8(tmp_path: Path) -> None:
    data = attacks.utf8_with_nul()
    assert decode_text(data)[1] == "utf-8"
    result, seconds = outcome(write(tmp_path, "nul.txt", data))
    assert result.status == "ok" and result.tables == 3
    assert seconds < 2


@pytest.mark.parametrize(
    ("little", "bom"), [(True, True), (False, True), (True, False), (False, False)]
)
def test_utf32_is_read(tmp_path: Path, little: bool, bom: bool) -> None:
    data = attacks.utf32(little, bom)
    grid = read_bytes(data, "a.txt")
    assert grid.encoding is not None and grid.encoding.startswith("utf-32")
    result, _ = outcome(write(tmp_path, "utf32.txt", data))
    assert result.status == "ok" and result.tables == 3


@pytest.mark.parametrize("encoding", sorted(attacks.BOM_ONLY))
def test_a_bom_only_file_is_the_empty_file_finding(tmp_path: Path, encoding: str) -> None:
    bom, _ = outcome(write(tmp_path, "bom.txt", attacks.BOM_ONLY[encoding]))
    empty, _ = outcome(write(tmp_path, "empty.txt", b""))
    assert refused(bom)
    assert refused(empty)
    assert "文件是空的" in bom.findings[0].message and "文件是空的" in empty.findings[0].message
    assert bom.findings[0].fingerprint == make_fingerprint("PG001", "bom.txt", Location(), "empty-file")
    assert empty.findings[0].fingerprint == make_fingerprint("PG001", "empty.txt", Location(), "empty-file")
    with pytest.raises(UnreadableFileError) as info:
        read_bytes(attacks.BOM_ONLY[encoding], "bom.txt")
    assert info.value.reason == "empty-file"


def test_utf16_without_bom_is_still_read_and_gb18030_too() -> None:
    text = attacks.clean_text()
    assert decode_text(text.encode("utf-16-le"))[1] == "utf-16-le"
    assert decode_text(text.encode("utf-16-be"))[1] == "utf-16-be"
    assert decode_text(text.encode("gb18030"))[1] == "gb18030"
    # NULs spread over both lanes are not UTF-16
    noisy = text.encode("utf-8").replace("。".encode(), "。\x00".encode())
    assert decode_text(noisy)[1] == "utf-8"


# -- paths ----------------------------------------------------------------------


def _deny(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    """Reading ``denied`` (a file or a folder) fails with EACCES, as for a user
    without permission: root, which runs CI here, reads everything."""
    import builtins
    import errno

    denied = denied.resolve()

    def refuse(path: object) -> None:
        if Path(os.fsdecode(path)).resolve() == denied:  # type: ignore[arg-type]
            raise PermissionError(errno.EACCES, "Permission denied", str(path))

    real_open, real_scandir, real_io_open = Path.open, os.scandir, builtins.open
    real_access = os.access

    def path_open(self: Path, *args: object, **kwargs: object) -> object:
        refuse(self)
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    def scandir(path: object = ".") -> object:
        refuse(path)
        return real_scandir(path)  # type: ignore[call-overload]

    def access(path: object, mode: int, *args: object, **kwargs: object) -> bool:
        if Path(os.fsdecode(path)).resolve() == denied:  # type: ignore[arg-type]
            return False
        return real_access(path, mode, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", path_open)
    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "access", access)
    assert real_io_open


def _cli(folder: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, dict[str, dict[str, object]]]:
    """The check command in this process (so the denial above applies)."""
    from typer.testing import CliRunner

    from perfgoals.cli import app

    monkeypatch.chdir(folder)
    invoked = CliRunner().invoke(app, ["check", *args, "--no-cache", "-f", "json"])
    assert invoked.exception is None or isinstance(invoked.exception, SystemExit), invoked.output
    report = json.loads(invoked.stdout)
    return invoked.exit_code, {entry["path"]: entry for entry in report["files"]}


def test_an_unreadable_file_named_on_the_command_line_is_a_finding(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As pre-commit passes files: the batch goes on, the file is a PG001 (not
    the CLI library's "is not readable" and exit 2)."""
    write(folder, "secret.txt", SAMPLE_TXT.read_bytes())
    _deny(monkeypatch, folder / "secret.txt")
    code, files = _cli(folder, monkeypatch, "a.txt", "secret.txt")
    assert code == 1
    assert files["a.txt"]["status"] == "ok"
    assert files["secret.txt"]["status"] == "unreadable"
    findings = files["secret.txt"]["findings"]
    assert isinstance(findings, list) and "没有读取权限" in findings[0]["message"]


def test_an_unreadable_subfolder_is_a_finding_not_a_silent_skip(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (folder / "locked").mkdir()
    write(folder / "locked", "b.txt", SAMPLE_TXT.read_bytes())
    _deny(monkeypatch, folder / "locked")
    code, files = _cli(folder, monkeypatch, ".")
    assert code == 1
    assert set(files) == {"a.txt", "locked"}
    findings = files["locked"]["findings"]
    assert isinstance(findings, list) and len(findings) == 1
    assert findings[0]["rule"] == "PG001" and "文件夹" in findings[0]["message"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_real_permissions(folder: Path) -> None:
    (folder / "locked").mkdir()
    write(folder, "secret.txt", SAMPLE_TXT.read_bytes()).chmod(0)
    (folder / "locked").chmod(0)
    try:
        process = perfgoals("check", ".", "secret.txt", "-f", "json", "--no-cache", cwd=folder)
    finally:
        (folder / "locked").chmod(0o755)
    assert process.returncode == 1, process.stderr
    files = {f["path"]: f["status"] for f in json.loads(process.stdout)["files"]}
    assert files == {"a.txt": "ok", "secret.txt": "unreadable", "locked": "unreadable"}


def test_a_file_that_vanishes_before_it_is_read(folder: Path) -> None:
    inputs = collect_inputs([folder])
    (folder / "a.txt").unlink()
    result = run(inputs, Settings())
    (entry,) = result.files
    assert entry.status == "unreadable" and "文件不存在" in entry.findings[0].message


def test_symlink_loops_are_reported_not_raised(tmp_path: Path) -> None:
    (tmp_path / "loop1.txt").symlink_to("loop2.txt")
    (tmp_path / "loop2.txt").symlink_to("loop1.txt")
    write(tmp_path, "a.txt", SAMPLE_TXT.read_bytes())
    started = time.perf_counter()
    named = perfgoals("check", "loop1.txt", "-f", "json", cwd=tmp_path)
    walked = perfgoals("check", ".", "-f", "json", "--no-cache", cwd=tmp_path)
    for process in (named, walked):
        assert process.returncode == 1 and "Traceback" not in process.stderr, process.stderr
        files = {f["path"]: f for f in json.loads(process.stdout)["files"]}
        assert files["loop1.txt"]["status"] == "unreadable"
        assert "循环" in files["loop1.txt"]["findings"][0]["message"]
    assert time.perf_counter() - started < 20


FORGED = "x\na.txt:1: PG999 [error] forged"


def test_control_characters_in_names_are_escaped_in_every_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from perfgoals.commands.check import CheckOptions, render

    write(tmp_path, f"{FORGED}.txt", SAMPLE_TXT.read_bytes())
    write(tmp_path, "\x1b[31mred\u202e.txt", SAMPLE_TXT.read_bytes())
    monkeypatch.chdir(tmp_path)
    result = run(collect_inputs([Path(".")]), Settings())
    for fmt in TEXT_FORMATS:
        rendered = render(result, CheckOptions(paths=[tmp_path], format=fmt), Settings())
        shown = rendered if isinstance(rendered, str) else rendered.decode("utf-8")
        assert FORGED not in shown and "\x1b" not in shown and "\u202e" not in shown, fmt
        assert any(v in shown for v in ("x\\na.txt", "x\\\\na.txt", "x%5Cna.txt", "x/na.txt")), fmt
    concise = perfgoals("check", ".", "-f", "concise", "--no-cache", cwd=tmp_path)
    assert concise.returncode == 1
    assert not any(line.startswith("a.txt:1: PG999") for line in concise.stdout.splitlines())


def test_printable_escapes_only_what_it_must() -> None:
    assert printable("第1部分/预算.docx") == "第1部分/预算.docx"
    assert printable("a\tb\rc\x7f\u2028.txt") == "a\\tb\\rc\\x7f\\u2028.txt"


# -- caches and baselines ------------------------------------------------------


@pytest.fixture()
def cache_with_entry(tmp_path: Path) -> tuple[ResultCache, Path, FileResult]:
    cache = ResultCache(tmp_path / "cache", Settings())
    result = run(collect_inputs([SAMPLE_TXT]), Settings()).files[0]
    assert cache.put(result.path, "d" * 64, result)
    entry = cache._entry(cache.key(result.path, "d" * 64))
    assert cache.get(result.path, "d" * 64) == result
    return cache, entry, result


def _bad_entries(entry: Path, key: str) -> Iterator[tuple[str, object]]:
    good = json.loads(entry.read_text("utf-8"))
    wrong = json.loads(json.dumps(good))
    wrong["result"]["tables"] = "many"
    yield "wrong types", wrong
    finding = json.loads(json.dumps(good))
    finding["result"]["findings"] = [[1, 2, 3]]
    yield "short finding", finding
    yield "deep", "[" * 100_000 + "]" * 100_000
    yield "not json", "\x00\xff"
    yield "a list", []
    other = json.loads(json.dumps(good))
    other["result"]["path"] = "other.txt"
    yield "another file's result", other


def test_bad_cache_entries_are_misses_that_are_rewritten(
    cache_with_entry: tuple[ResultCache, Path, FileResult],
) -> None:
    cache, entry, result = cache_with_entry
    for label, content in _bad_entries(entry, cache.key(result.path, "d" * 64)):
        text = content if isinstance(content, str) else json.dumps(content)
        entry.write_text(text, "utf-8", errors="surrogateescape")
        started = time.perf_counter()
        assert cache.get(result.path, "d" * 64) is None, label
        assert time.perf_counter() - started < 1, label
        assert cache.put(result.path, "d" * 64, result), label
        assert cache.get(result.path, "d" * 64) == result, label


@pytest.mark.parametrize("kind", ["fifo", "folder", "link", "huge"])
def test_odd_things_in_an_entry_place_are_misses_and_replaced(
    cache_with_entry: tuple[ResultCache, Path, FileResult], kind: str
) -> None:
    cache, entry, result = cache_with_entry
    entry.unlink()
    if kind == "fifo":
        os.mkfifo(entry)
    elif kind == "folder":
        (entry / "inside").mkdir(parents=True)
    elif kind == "link":
        entry.symlink_to(SAMPLE_TXT)
    else:
        with entry.open("wb") as stream:
            stream.truncate(64 * MiB)  # sparse: no disk used
    started = time.perf_counter()
    assert cache.get(result.path, "d" * 64) is None
    assert time.perf_counter() - started < 1
    assert cache.put(result.path, "d" * 64, result) and cache.writable
    assert cache.get(result.path, "d" * 64) == result
    assert SAMPLE_TXT.exists()  # the link's target untouched


def test_a_corrupt_cache_does_not_break_later_runs(folder: Path) -> None:
    first = perfgoals("check", ".", "-q", cwd=folder)
    entries = [p for p in (folder / ".perfgoals_cache").rglob("*.json")]
    assert first.returncode == 1 and entries
    for entry in entries:
        entry.write_text('{"format": 1, "key": "x", "result": {"findings": 5}}', "utf-8")
    for _ in range(2):
        again = perfgoals("check", ".", "-q", cwd=folder)
        assert again.returncode == 1 and "Traceback" not in again.stderr, again.stderr
    assert all(json.loads(e.read_text("utf-8"))["result"]["path"] == "a.txt" for e in entries)


@pytest.mark.parametrize("source", ["/dev/zero", "fifo", "deep", "values", "folder"])
def test_bad_baselines_are_usage_errors_before_the_batch(folder: Path, source: str) -> None:
    if source == "fifo":
        os.mkfifo(folder / "fifo.json")
        path = "fifo.json"
    elif source == "deep":
        (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
        path = "deep.json"
    elif source == "values":
        (folder / "values.json").write_text("[" + "0," * 9_000_000 + "0]")
        path = "values.json"
    elif source == "folder":
        (folder / "dir.json").mkdir()
        path = "dir.json"
    else:
        path = source
    started = time.perf_counter()
    process = perfgoals("check", "a.txt", "--baseline", path, "-f", "json", "-o", "r.json", cwd=folder, timeout=20)
    assert process.returncode == 2 and "baseline" in process.stderr, process.stderr
    assert "Traceback" not in process.stderr
    assert not (folder / "r.json").exists()  # refused before any work
    assert time.perf_counter() - started < 10


def test_read_baseline_in_process_says_why() -> None:
    with pytest.raises(UsageError, match="not a regular file"):
        read_baseline(Path("/dev/zero"))


# -- a rule that raises ---------------------------------------------------------


@pytest.fixture()
def break_rule() -> Iterator[object]:
    """Make a rule's check raise (rule specs are frozen: restored afterwards)."""
    from perfgoals.rules.registry import get_rule

    broken: list[tuple[object, object]] = []

    def breaker(code: str) -> None:
        spec = get_rule(code)
        assert spec is not None

        def explode(*args: object) -> object:
            raise ArithmeticError("boom")

        broken.append((spec, spec.check))
        object.__setattr__(spec, "check", explode)

    yield breaker
    for spec, check in broken:
        object.__setattr__(spec, "check", check)


def test_a_rule_that_raises_is_an_error_finding_and_the_rest_still_run(break_rule: object) -> None:
    assert callable(break_rule)
    reference = check_path(SAMPLE_TXT, "a.txt", Settings())
    break_rule("PG201")
    result = check_path(SAMPLE_TXT, "a.txt", Settings())
    crashed = [f for f in result.findings if f.rule == "PG201"]
    assert len(crashed) == 1 and crashed[0].severity == "error"
    assert "ArithmeticError: boom" in crashed[0].message and "PG201" in crashed[0].message
    others = {f.rule for f in result.findings} - {"PG201"}
    assert others == {f.rule for f in reference.findings} - {"PG201"}


def test_a_rule_that_raises_shows_in_every_format_and_fails_the_run(break_rule: object) -> None:
    from perfgoals.commands.check import CheckOptions, exit_code, render

    assert callable(break_rule)
    break_rule("PG101")
    result = check_path(SAMPLE_TXT, "a.txt", Settings(select=("PG101",)))
    run_result = RunResult(files=[result])
    assert exit_code(run_result, "error") == 1
    for fmt in TEXT_FORMATS:
        rendered = render(run_result, CheckOptions(paths=[SAMPLE_TXT], format=fmt), Settings())
        shown = rendered if isinstance(rendered, str) else rendered.decode("utf-8")
        assert "PG101" in shown and "boom" in shown, fmt


def test_a_million_digit_budget_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    path = write(tmp_path, "million.txt", attacks.million_digit_budget())
    result, seconds = outcome(path)
    assert result.status == "ok" and not result.errors
    assert "PG004" in {f.rule for f in result.findings}
    assert all(len(f.message) < 2000 for f in result.findings)
    assert seconds < 5
    process = perfgoals("check", "million.txt", "-f", "concise", "--no-cache", cwd=tmp_path)
    assert process.returncode == 1 and "PG004" in process.stdout


def test_rule_findings_of_a_filing_never_carry_internal_errors() -> None:
    filing = load_filing(SAMPLE_TXT)
    result = check_filing(filing, Settings(), "a.txt")
    assert not result.errors


# -- messages -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "reason", "phrase"),
    [
        (attacks.deflate64_docx, "unsupported-compression", "Deflate64"),
        (attacks.alt_chunk_docx, "embedded-content", "altChunk"),
        (attacks.duplicate_document_docx, "duplicate-part", "两份正文"),
    ],
)
def test_messages_say_what_is_wrong(make: object, reason: str, phrase: str) -> None:
    assert callable(make)
    with pytest.raises(UnreadableFileError) as info:
        read_bytes(make(), "a.docx")
    assert info.value.reason == reason
    assert phrase in info.value.message_zh
    assert "密码" not in info.value.message_zh


def test_a_clean_docx_is_still_read() -> None:
    grid = read_bytes(attacks.clean_docx(), "a.docx")
    assert grid.tables()
