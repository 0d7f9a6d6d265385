"""Filings in the layouts of layouts.md other than the sample's: documents
described as data (``documents.py``), written as the text forms, .docx and
.xlsx (``render.py``), checked field by field and rule by rule."""
