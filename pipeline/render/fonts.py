"""The embedded Song face: registration with reportlab and glyph coverage."""
from __future__ import annotations

from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..errors import RenderError
from ..loader import fonts_dir, load_style

_LINE_BREAKS = frozenset("\n\r")


@lru_cache(maxsize=1)
def song_font() -> TTFont:
    """The Song TrueType font, registered with reportlab under the style's name."""
    style = load_style()
    path = fonts_dir() / style.pdf_font_file
    if not path.is_file():
        raise RenderError(f"找不到字体文件 {path}（见 fonts/README.md 如何生成）")
    font = TTFont(style.pdf_font_name, str(path))
    pdfmetrics.registerFont(font)
    return font


@lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    return frozenset(song_font().face.charToGlyph)


def missing_glyphs(text: str) -> list[str]:
    """Characters of ``text`` the embedded font cannot draw, each listed once, in order."""
    covered = _covered()
    seen: dict[str, None] = {}
    for ch in text:
        if ch not in _LINE_BREAKS and ord(ch) not in covered:
            seen.setdefault(ch)
    return list(seen)
