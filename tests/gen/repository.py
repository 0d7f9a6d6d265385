"""A repository of filings as a finance bureau keeps one: filings beside their
text exports, an identical backup copy, a README, two different filings that
share a project code by mistake, and one filing with a real defect.

Shared by the twin tests (in process) and the pre-commit test (the hook run
on a git repository of these files).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from gen.docx_writer import to_docx
from gen.filings import CLEAN_FILINGS
from gen.text_writer import to_text

README = """本仓库保存各部门报送的绩效目标表。

每份 Word 文件旁保存一份文本导出，便于比较修改。
提交前由 pre-commit 检查；备份文件夹中是上一次报送的副本。
"""


@dataclass(frozen=True)
class Repository:
    root: Path
    twins: tuple[tuple[str, str], ...]  # (later, earlier) pairs that are one filing
    duplicate_code: tuple[str, str, str]  # (one file, the other, the code they share)
    defect: tuple[str, str]  # (file, rule)
    not_filings: tuple[str, ...]


def make_repository(root: Path) -> Repository:
    root.mkdir(parents=True, exist_ok=True)
    education, education_options = CLEAN_FILINGS["county-education"]
    health, health_options = CLEAN_FILINGS["health-commission"]
    agriculture, agriculture_options = CLEAN_FILINGS["agriculture"]
    transport, transport_options = CLEAN_FILINGS["transport"]

    # A filing and its text export, side by side.
    to_docx(education, root / "教育局.docx", education_options)
    (root / "教育局.txt").write_text(to_text(education, education_options), encoding="utf-8")
    # A filing, its export, and a byte-identical backup copy in another folder.
    to_docx(agriculture, root / "农业农村局.docx", agriculture_options)
    (root / "农业农村局.txt").write_text(
        to_text(agriculture, agriculture_options), encoding="utf-8"
    )
    (root / "备份").mkdir(exist_ok=True)
    shutil.copyfile(root / "农业农村局.docx", root / "备份" / "农业农村局.docx")
    # A different filing that took over a project code of the education bureau.
    shared = education.tables[0].code
    tables = list(health.tables)
    tables[1] = replace(tables[1], code=shared)
    to_docx(replace(health, tables=tuple(tables)), root / "卫健委.docx", health_options)
    # A filing with a real defect: 预算数 ≠ 财政资金 + 其他资金.
    first = transport.tables[0]
    whole, _, cents = first.fiscal_funds.partition(".")
    short = f"{int(whole) - 1}.{cents}" if cents else str(int(whole) - 1)
    broken = replace(transport, tables=(replace(first, fiscal_funds=short), *transport.tables[1:]))
    (root / "交通运输局.txt").write_text(to_text(broken, transport_options), encoding="utf-8")
    # Notes beside the filings: no filing at all.
    (root / "README.txt").write_text(README, encoding="utf-8")
    (root / "备份" / "说明.txt").write_text("上一次报送的副本，勿改。\n", encoding="utf-8")
    return Repository(
        root=root,
        twins=(
            ("教育局.txt", "教育局.docx"),
            ("农业农村局.txt", "农业农村局.docx"),
            ("备份/农业农村局.docx", "农业农村局.docx"),
        ),
        duplicate_code=("卫健委.docx", "教育局.docx", shared),
        defect=("交通运输局.txt", "PG201"),
        not_filings=("README.txt", "备份/说明.txt"),
    )
