"""The ways `parse` can read a document, in the order "auto" tries them (a light module: the
command line offers them as choices without importing the readers)."""
from __future__ import annotations

STRATEGIES = ("auto", "embedded", "acroform", "layout", "docx")
