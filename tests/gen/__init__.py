"""Fixture generator: filings described as data, written as text exports and .docx.

Independent of ``perfgoals`` on purpose, so the parser is tested against
files it had no hand in making.
"""
