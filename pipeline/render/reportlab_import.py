"""Importing reportlab's paragraph module without its slowest line.

``reportlab.platypus.paragraph`` compiles, as it is imported, a case-insensitive pattern for URLs
over the range \\xa1-\\uffff (``uri_pat``); Python's ``re`` takes ≈30 ms to compile it, a tenth of a
fresh ``shenbao render``. reportlab uses it only to split URLs when it hyphenates Latin text,
which our paragraphs never ask for. While that module is imported, such a pattern is made a
stand-in that compiles it the first time it is used, so it behaves the same if it ever is."""
from __future__ import annotations

import re
import sys
from typing import Any

PARAGRAPH_MODULE = "reportlab.platypus.paragraph"


class PatternOnFirstUse:
    """A compiled pattern, compiled when one of its attributes is first asked for."""

    def __init__(self, pattern: str, flags: int):
        self._source = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = re.compile(*self._source)
        return getattr(self._compiled, name)


def _slow_to_compile(pattern: object, flags: int) -> bool:
    """Case-insensitive over most of the BMP: what makes re's compiler walk every code point."""
    return bool(flags & re.IGNORECASE) and isinstance(pattern, str) and "\uffff" in pattern


def import_paragraph_module() -> None:
    if PARAGRAPH_MODULE in sys.modules:
        return
    compile_now = re.compile

    def compile_or_defer(pattern: Any, flags: int = 0) -> Any:
        return PatternOnFirstUse(pattern, flags) if _slow_to_compile(pattern, flags) else compile_now(pattern, flags)

    re.compile = compile_or_defer       # type: ignore[assignment]
    try:
        __import__(PARAGRAPH_MODULE)
    finally:
        re.compile = compile_now


import_paragraph_module()
