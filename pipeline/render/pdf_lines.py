"""Lines of text as the PDF breaks and sets them: widths measured once per font and size, the
lines of each text remembered for the length of one render, and lines written as one text object."""
from __future__ import annotations

import re
from contextvars import ContextVar
from functools import lru_cache
from typing import Any, Callable, Iterable

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

from ..model import ParagraphStyle, Style
from .linebreak import break_lines

MEASURED_PIECES_KEPT = 1 << 16     # per font and size: a batch's memory stays flat
Line = tuple[float, str]           # (width left unused, the line's text)


@lru_cache(maxsize=16)
def measure(font: str, size: float) -> Callable[[str], float]:
    """reportlab's width of a piece of text in this font and size, remembered: line breaking
    measures the same characters and words again and again."""
    widths: dict[str, float] = {}

    def width(piece: str) -> float:
        known = widths.get(piece)
        if known is None:
            if len(widths) >= MEASURED_PIECES_KEPT:
                widths.clear()
            known = widths[piece] = stringWidth(piece, font, size)
        return known
    return width


# The lines each text was broken into at each set of widths, during one render_pdf: a table is
# measured, cut at a page end and drawn, and the same labels and empty cells recur — 1,740
# breaks of 363 texts for a 附件2.
BREAKS: ContextVar[dict[tuple[str, tuple[float, ...], str, float], list[Line]] | None] = ContextVar(
    "shenbao_line_breaks", default=None)


def broken(text: str, widths: tuple[float, ...], font: str, size: float) -> list[Line]:
    """``text`` broken into lines of ``widths`` (the last repeats)."""
    memo = BREAKS.get()
    key = (text, widths, font, size)
    if memo is not None and key in memo:
        return memo[key]
    lines = break_lines(text, list(widths), measure(font, size))
    if memo is not None:
        memo[key] = lines
    return lines


def leading_pt(style: Style, para: ParagraphStyle) -> float:
    """Baseline-to-baseline distance of a paragraph style (see single_line_factor in style.yaml)."""
    return para.size_pt * style.single_line_factor * para.line_spacing


_SPACE_RUN = re.compile(" {2,}")


def _hard_spaces(run: re.Match[str]) -> str:
    return "\xa0" * len(run.group())


def shown_text(text: str) -> str:
    """The text as set: runs of spaces kept (the form's "年  月   日"), an empty one a space."""
    return (_SPACE_RUN.sub(_hard_spaces, text) if "  " in text else text) or "\xa0"


def text_object(canvas: Any, font_name: str, size: float, lines: Iterable[tuple[float, float, str]]) -> str:
    """The PDF text object setting each (x, y, text) with its baseline starting at x, y, in the
    font's subsets: what reportlab's paragraphs wrote line by line through a text object of
    their own, written at once ("" for no lines)."""
    font, document, escape = getFont(font_name), canvas._doc, canvas._escape
    size_operator = f"{fp_str(size)} Tf"
    code: list[str] = []
    subset = -1
    for x, y, text in lines:
        code.append(f"1 0 0 1 {fp_str(x, y)} Tm")
        for part, chunk in font.splitString(text, document):
            if part != subset:
                code.append(f"{font.getSubsetInternalName(part, document)} {size_operator}")
                subset = part
            code.append(f"({escape(chunk)}) Tj")
    return "BT\n" + "\n".join(code) + "\nET" if code else ""
