"""Readers: bytes of one input file → Grid. The format is sniffed from content.

The package's face: :func:`read_bytes` and :func:`read_path` (in
:mod:`perfgoals.read.dispatch`, which picks the reader), :func:`sniff_format`
(in :mod:`perfgoals.read.sniff`), and the suffixes a folder walk picks up.
Each format's reader is a module of its own (``docx``, ``xlsx``, ``sheets``,
``pdf``, ``html``, ``text``); all of them return a :class:`~perfgoals.read.grid.Grid`.
"""

from __future__ import annotations

from perfgoals.read.dispatch import read_bytes, read_path
from perfgoals.read.limits import DEFAULT_LIMITS
from perfgoals.read.sniff import Format, sniff_format

__all__ = [
    "MAX_INPUT_BYTES",
    "SUPPORTED_SUFFIXES",
    "Format",
    "read_bytes",
    "read_path",
    "sniff_format",
]

# Folder walks pick these up; anything named otherwise is read when named explicitly.
SUPPORTED_SUFFIXES = frozenset(
    {".docx", ".txt", ".text", ".doc", ".wps", ".xlsx", ".xls", ".ods", ".pdf", ".html", ".htm",
     ".mht", ".mhtml"}
)
MAX_INPUT_BYTES = DEFAULT_LIMITS.max_file_bytes
