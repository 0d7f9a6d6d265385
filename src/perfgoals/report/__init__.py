"""Reporters: one module per output format. Reporters never compute findings."""

from __future__ import annotations

TEXT_FORMATS = ("text", "concise", "json", "sarif", "github", "gitlab", "junit", "csv", "html")
BINARY_FORMATS = ("xlsx",)
FILE_ONLY_FORMATS = ("xlsx", "csv", "html")
