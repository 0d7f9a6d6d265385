"""``perfgoals annotate``: check as ``check`` does, then write review copies
with the findings as Word comments.

Selection, config, baseline, ``--fail-on`` and the exit code are check's own
(the same functions); ``--min-severity`` drops findings below a level before
anything is written. One file gives one copy (``-o FILE``, or ``NAME.批注.docx``
beside it); folders give a mirrored tree under ``-o OUTDIR``. An input is
never written: an output that is an input, or a folder inside an input
folder, is refused before any work. A file that cannot be read is a PG001,
as in ``check``, and gets no copy.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from perfgoals.commands.check import exit_code, resolve_settings
from perfgoals.errors import UsageError
from perfgoals.findings import FileResult, drop_below
from perfgoals.options import CheckOptions
from perfgoals.runner import InputFile, RunResult, collect_inputs, run, stop_on_sigterm
from perfgoals.settings import Settings

COPY_SUFFIX = ".批注"


@dataclass
class AnnotateOptions(CheckOptions):
    min_severity: str | None = None
    author: str = "perfgoals"


def _is_under(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError):
        return False
    return True


_KEPT_SUFFIXES = (".docx", ".xlsx")


def _copy_name(name: str) -> str:
    """A .docx or .xlsx keeps its name; another input's copy adds ``.docx`` to its own."""
    return name if Path(name).suffix.lower() in _KEPT_SUFFIXES else f"{name}.docx"


def plan_outputs(
    options: AnnotateOptions, inputs: list[InputFile]
) -> tuple[list[InputFile], list[Path]]:
    """The inputs to annotate and where each copy goes; refuses any plan that
    could write an input. Copies already in the output folder (a run again
    into a folder inside the input folder) are not inputs."""
    output = options.output
    folders = [p for p in options.paths if p.is_dir()]
    single = len(inputs) == 1 and not folders
    if output is None:
        if not single:
            raise UsageError("annotating several files or a folder needs -o OUTDIR")
        source = inputs[0].path
        stem = source.name[: -len(source.suffix)] if source.suffix else source.name
        kept = source.suffix.lower() if source.suffix.lower() in _KEPT_SUFFIXES else ".docx"
        targets = [source.with_name(f"{stem}{COPY_SUFFIX}{kept}")]
    elif single and not output.is_dir() and not str(output).endswith(("/", os.sep)):
        targets = [output]
    else:
        if output.exists() and not output.is_dir():
            raise UsageError(f"-o {output} is a file; several copies need a folder")
        for folder in folders:
            if _is_under(folder, output):
                raise UsageError(
                    f"-o {output} holds the input folder {folder}; the copies would replace "
                    "the inputs. Choose another folder"
                )
        inputs = [item for item in inputs if not _is_under(item.path, output)]
        targets = []
        for item in inputs:
            root = next((f for f in folders if _is_under(item.path, f)), None)
            relative = (
                item.path.resolve().relative_to(root.resolve()) if root is not None
                else Path(item.path.name)
            )
            name = _copy_name(relative.name)
            targets.append(output / relative.parent / name)
    seen: dict[Path, Path] = {}
    for item, target in zip(inputs, targets, strict=True):
        key = Path(os.path.abspath(target))
        if key in seen:
            raise UsageError(f"{item.path} and {seen[key]} would both be written to {target}")
        seen[key] = item.path
        _refuse_input(target, inputs)
    return inputs, targets


def _refuse_input(target: Path, inputs: list[InputFile]) -> None:
    if target.is_dir():
        raise UsageError(f"output {target} is a folder")
    for item in inputs:
        same = os.path.abspath(target) == os.path.abspath(item.path)
        if not same and target.exists():
            try:
                same = os.path.samefile(target, item.path)
            except OSError:
                same = False
        if same:
            raise UsageError(f"output {target} is one of the input files; inputs are never written")


def run_annotate(options: AnnotateOptions) -> int:
    if options.jobs is not None and options.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if not options.author.strip():
        raise UsageError("--author must not be empty")
    options.lang = "zh"  # the comments are for the filers: in Chinese
    settings = resolve_settings(options)
    inputs = collect_inputs(options.paths, settings.exclude)
    inputs, targets = plan_outputs(options, inputs) if inputs else ([], [])
    stop_on_sigterm()
    from perfgoals.cache import open_cache

    result_cache = open_cache(options.paths, options.use_cache, options.cache_dir, settings)
    run_result = run(inputs, settings, jobs=options.jobs or os.cpu_count() or 1, result_cache=result_cache)
    if options.baseline is not None:
        from perfgoals.baseline import apply_baseline_options

        apply_baseline_options(run_result, options)
    drop_below(run_result.files, options.min_severity)
    by_display = {item.display: (item, target) for item, target in zip(inputs, targets, strict=True)}
    failed = _write_copies(run_result, by_display, options, settings)
    from perfgoals.progress import closing_summary

    sys.stderr.write(closing_summary(run_result, settings.lang, len(inputs)))
    if run_result.interrupted:
        return 130
    code = exit_code(run_result, settings.fail_on)
    return 2 if failed else code


def _write_copies(
    run_result: RunResult,
    by_display: dict[str, tuple[InputFile, Path]],
    options: AnnotateOptions,
    settings: Settings,
) -> bool:
    """Write each readable file's copy; returns whether a copy could not be written."""
    from perfgoals.annotate import annotate_bytes
    from perfgoals.engine import NOT_A_FILING, unreadable_result
    from perfgoals.errors import UnreadableFileError
    from perfgoals.pipeline import internal_error
    from perfgoals.read.limits import limits_from
    from perfgoals.report.output import write_atomic

    limits = limits_from(settings.limits)
    failed = False
    for position, result in enumerate(run_result.files):
        item, target = by_display[result.path]
        if result.status == NOT_A_FILING:
            continue  # text holding no filing (a README): no copy, no complaint
        if result.status != "ok":
            _say_unreadable(result)
            continue
        try:
            data = _read_input(item.path, limits.max_total_bytes)
            copy = annotate_bytes(
                data, item.path.name, result.findings, options.author, limits,
                prefer=target.suffix.lower() if target.suffix.lower() in _KEPT_SUFFIXES else None,
            )
        except UnreadableFileError as exc:
            run_result.files[position] = unreadable_result(result.path, exc, settings)
            _say_unreadable(run_result.files[position])
            continue
        except Exception as exc:  # a bug of ours on this file: a reason, never a traceback
            run_result.files[position] = unreadable_result(result.path, internal_error(exc), settings)
            _say_unreadable(run_result.files[position])
            continue
        if target.suffix.lower() != copy.suffix:
            target = target.with_name(target.name + copy.suffix)  # never a workbook named .docx
            _refuse_input(target, [item])
        try:
            write_atomic(target, copy.data)
        except OSError as exc:
            sys.stderr.write(f"perfgoals: error: cannot write {target}: {exc.strerror or exc}\n")
            failed = True
            continue
        kind = "" if copy.in_place else "（由解析出的表格生成的 Word 文档）"
        if copy.suffix == ".xlsx":
            kind = "（单元格批注）"
        sys.stdout.write(f"{result.path} → {target}：{copy.comments} 条批注{kind}\n")
    sys.stdout.flush()
    return failed


def _read_input(path: Path, limit: int) -> bytes:
    from perfgoals.errors import UnreadableFileError

    with path.open("rb") as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise UnreadableFileError(
            "too-large",
            f"文件超过 {limit // (1 << 20)} MB，无法生成批注副本。",
            f"The file is over {limit // (1 << 20)} MB; no annotated copy is made.",
        )
    return data


def _say_unreadable(result: FileResult) -> None:
    for finding in result.findings:
        sys.stdout.write(f"{result.path}: {finding.rule} {finding.message}（未生成批注副本）\n")
