"""Errors that carry a reason a department's budget staff can act on."""

from __future__ import annotations


class UnreadableFileError(Exception):
    """The file cannot be read as a filing; becomes a PG001 finding.

    ``reason`` is a stable machine-readable key; ``message_zh``/``message_en``
    say what is wrong and what to do, for a non-technical reader.
    """

    def __init__(self, reason: str, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.reason = reason
        self.message_zh = message_zh
        self.message_en = message_en

    def message(self, lang: str) -> str:
        return self.message_zh if lang == "zh" else self.message_en


class UsageError(Exception):
    """A bad option, path or config: exit code 2."""
