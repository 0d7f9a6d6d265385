"""A reviewer's batch for the HTML report: 120 synthetic filings of 40
departments, each with one defect (through the real reader and builder), and
copies of the sample filing, which has hundreds of findings, until the batch
holds more than 10,000 findings. One copy's unit reads ``(盖章)``: its
department must come from its tables' headers instead.

Shared by the browser tests and ``scripts/report_screenshots.py``.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from mutate import MUTATIONS
from perfgoals.engine import check_path
from perfgoals.findings import FileResult
from perfgoals.runner import RunResult
from perfgoals.settings import Settings

from gen.synth import synthesize
from gen.text_writer import to_text

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_TXT = ROOT / "samples" / "dingzhou-2020.txt"
SYNTHETIC = 120
SAMPLE_COPIES = 36
SEALED = "定州/政府办-第2份.txt"


def reviewer_run(folder: Path, lang: str = "zh", sample_copies: int = SAMPLE_COPIES) -> RunResult:
    settings = Settings(lang=lang, table_views=True)
    names = sorted(MUTATIONS)
    results: list[FileResult] = []
    for seed in range(SYNTHETIC):
        spec = MUTATIONS[names[seed % len(names)]][0](synthesize(4, seed=seed))
        path = folder / f"filing-{seed:03d}.txt"
        path.write_text(to_text(spec), encoding="utf-8")
        result = check_path(path, path.name, settings)
        if result.unit_name:
            result.path = f"{result.unit_name}/{path.name}"
        results.append(result)
    sample = check_path(SAMPLE_TXT, "samples/dingzhou-2020.txt", settings)
    for copy in range(1, sample_copies + 1):
        result = dataclasses.replace(sample, path=f"定州/政府办-第{copy}份.txt",
                                     findings=list(sample.findings))
        if result.path == SEALED:
            result.unit_name = "(盖章)"
        results.append(result)
    return RunResult(files=results, elapsed=12.3)
