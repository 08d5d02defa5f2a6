"""Importing reportlab's paragraph module without its slowest lines.

``reportlab.platypus.paragraph`` compiles, as it is imported, a case-insensitive pattern for URLs
over the range \\xa1-\\uffff (``uri_pat``); Python's ``re`` takes ≈30 ms to compile it, a tenth of a
fresh ``shenbao render``. reportlab uses it only to split URLs when it hyphenates Latin text,
which our paragraphs never ask for; ``reportlab.lib.textsplit`` compiles another class up to
\\uffff (≈5 ms) for a ``cjkwrap`` nobody calls. While that module is imported, such a pattern is
made a stand-in that compiles it the first time it is used, so it behaves the same if it ever is.
Pillow, which ``reportlab.lib.utils`` imports for images, loads when an image is first drawn.

The PDF's streams are deflated by ISA-L (python-isal: the same deflate format, Intel's faster
encoder) at its level 2 rather than by zlib at reportlab's 6: for a full 附件2 1.0 ms instead of
8.2 (zlib at 3: 5.3), for streams 7 % larger (175 → 188 KB; most of it is the embedded font's
glyph outlines, which deflate compresses little). zlib at level 3 where ISA-L has no wheel."""
from __future__ import annotations

import re
import sys
from typing import Any, Callable

from ..lazy_modules import load_on_first_use

PARAGRAPH_MODULE = "reportlab.platypus.paragraph"
ISAL_LEVEL = 2
ZLIB_LEVEL = 3


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
    """A class running to the end of the BMP: re's compiler walks every code point of it."""
    return isinstance(pattern, str) and "\uffff" in pattern


def import_paragraph_module() -> None:
    if PARAGRAPH_MODULE in sys.modules:
        return
    compile_now = re.compile

    def compile_or_defer(pattern: Any, flags: int = 0) -> Any:
        return PatternOnFirstUse(pattern, flags) if _slow_to_compile(pattern, flags) else compile_now(pattern, flags)

    load_on_first_use("PIL.Image")
    re.compile = compile_or_defer       # type: ignore[assignment]
    try:
        __import__(PARAGRAPH_MODULE)
    finally:
        re.compile = compile_now


def deflate() -> Callable[[bytes], bytes]:
    try:
        from isal import isal_zlib
    except ImportError:         # no wheel for this platform
        import zlib
        return lambda data: zlib.compress(data, ZLIB_LEVEL)
    return lambda data: isal_zlib.compress(data, ISAL_LEVEL)


def deflate_faster() -> None:
    from reportlab.pdfbase import pdfdoc
    compress = deflate()

    def encode(self: Any, text: str | bytes) -> bytes:    # reportlab's, with another encoder
        return compress(text.encode("utf8") if isinstance(text, str) else text)

    pdfdoc.PDFStreamFilterZCompress.encode = encode       # type: ignore[method-assign]


import_paragraph_module()
deflate_faster()
