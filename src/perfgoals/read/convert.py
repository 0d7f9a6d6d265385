"""Legacy formats (.doc, .wps, .rtf, .odt) → .docx bytes, through LibreOffice.

LibreOffice runs headless on a private copy of the input inside a temporary
folder, with a throw-away profile, its own HOME and TMPDIR there too, a
timeout and a memory cap; its whole process group is killed when time runs
out. The input file itself is never opened by LibreOffice, so it cannot be
locked, rewritten or have a lock file put beside it. When ``soffice`` is not
installed, the error says how to convert the file by hand.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from perfgoals.errors import UnreadableFileError
from perfgoals.read.limits import DEFAULT_LIMITS, Limits

LegacyKind = Literal["doc", "wps", "works", "rtf", "odt"]

# Output filter by name: Word 2007-365 .docx, which the .docx reader knows best.
_DOCX_FILTER = "docx:MS Word 2007 XML"
# The suffix LibreOffice sees picks its import filter before content sniffing.
_SUFFIX = {"doc": ".doc", "wps": ".doc", "works": ".wps", "rtf": ".rtf", "odt": ".odt"}
# Spaced for "这是{name}文件": a space between hanzi and Latin letters.
_NAMES_ZH = {
    "doc": "旧版 Word（.doc）",
    "wps": " WPS（.wps）",
    "works": " WPS/Works（.wps）",
    "rtf": " RTF ",
    "odt": " OpenDocument（.odt）",
}
_NAMES_EN = {
    "doc": "legacy Word (.doc)",
    "wps": "WPS (.wps)",
    "works": "WPS/Works (.wps)",
    "rtf": "RTF",
    "odt": "OpenDocument (.odt)",
}

Source = bytes | Path


def find_soffice() -> str | None:
    """The LibreOffice command on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def needs_conversion(kind: LegacyKind) -> UnreadableFileError:
    """What to do when LibreOffice is not installed."""
    return UnreadableFileError(
        "legacy-word",
        f"这是{_NAMES_ZH[kind]}文件，需要先转换为 .docx 才能检查。请在 Word 或 WPS 中打开它，"
        "选择“文件→另存为”，保存类型选“Word 文档（*.docx）”，再检查新保存的文件；"
        "或在本机安装 LibreOffice 后重新检查（perfgoals 会自动转换）。",
        f"This is a {_NAMES_EN[kind]} file; it must be converted to .docx before it can be "
        "checked. Open it in Word or WPS, choose File → Save As, type \"Word Document (*.docx)\", "
        "and check the new file; or install LibreOffice and re-check (perfgoals then converts it "
        "automatically).",
    )


def to_docx(source: Source, kind: LegacyKind, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The .docx LibreOffice makes of ``source`` (the file's bytes or its path)."""
    soffice = find_soffice()
    if soffice is None:
        raise needs_conversion(kind)
    with tempfile.TemporaryDirectory(prefix="perfgoals-convert-") as tmp:
        work = Path(tmp)
        copy = work / "in" / f"filing{_SUFFIX[kind]}"
        copy.parent.mkdir()
        if isinstance(source, Path):
            shutil.copyfile(source, copy)
        else:
            copy.write_bytes(source)
        out = work / "out"
        command = [
            soffice,
            "--headless",
            "--invisible",
            "--nologo",
            "--nodefault",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to",
            _DOCX_FILTER,
            "--outdir",
            str(out),
            str(copy),
        ]
        _run(command, work, limits)
        result = out / "filing.docx"
        if not result.is_file() or result.stat().st_size == 0:
            raise _failed(kind)
        if result.stat().st_size > limits.max_file_bytes:
            raise _failed(kind)
        return result.read_bytes()


def _run(command: list[str], work: Path, limits: Limits) -> None:
    # LibreOffice writes caches under HOME and TMPDIR: keep them in the temporary folder.
    env = {**os.environ, "HOME": str(work), "TMPDIR": str(work)}
    if os.name == "posix":
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=work,
            env=env,
            start_new_session=True,  # its own process group, so a timeout kills every helper
            preexec_fn=_child_limits(limits),  # only setrlimit calls: safe after fork
        )
    else:  # no process groups or rlimits: the timeout still holds
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=work,
            env=env,
        )
    try:
        process.wait(timeout=limits.convert_timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise UnreadableFileError(
            "conversion-timeout",
            f"自动转换为 .docx 超时（{limits.convert_timeout} 秒），文件可能已损坏或异常复杂。"
            "请在 Word 或 WPS 中打开并“另存为”.docx 后再检查。",
            f"Converting the file to .docx timed out ({limits.convert_timeout} s); it may be "
            "damaged or abnormally complex. Open it in Word or WPS, save it as .docx, and re-check.",
        ) from None
    finally:
        _kill_group(process)  # helpers left behind by a crash or by the launcher


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)


def _child_limits(limits: Limits) -> Callable[[], None]:
    """Caps for LibreOffice: memory, written file size, no core dumps.

    The memory cap is LibreOffice's own, set from ``limits`` (within the hard
    limit the caller has), not the caller's soft limit it would inherit:
    LibreOffice maps far more address space than it uses.
    """

    import resource  # POSIX only, like the call site

    def apply() -> None:
        for which, wanted in (
            (resource.RLIMIT_AS, limits.convert_memory_bytes),
            (resource.RLIMIT_FSIZE, limits.max_file_bytes),
            (resource.RLIMIT_CORE, 0),
        ):
            _soft, hard = resource.getrlimit(which)
            value = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
            with contextlib.suppress(ValueError, OSError):
                resource.setrlimit(which, (value, hard))

    return apply


def _failed(kind: LegacyKind) -> UnreadableFileError:
    return UnreadableFileError(
        "conversion-failed",
        f"这是{_NAMES_ZH[kind]}文件，但自动转换为 .docx 失败，文件可能已损坏。"
        "请在 Word 或 WPS 中打开它并“另存为”.docx 后再检查；如果打不开，请向报送单位索要完好的文件。",
        f"This is a {_NAMES_EN[kind]} file, but converting it to .docx failed; it may be "
        "damaged. Open it in Word or WPS, save it as .docx, and re-check; if it will not open, "
        "ask the department for an intact copy.",
    )
