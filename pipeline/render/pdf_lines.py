"""Lines of text as the PDF breaks and sets them: widths measured once per font and size, the
lines of each text remembered for the length of one render, and lines written as one text object."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Callable, Iterable

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

from ..model import ParagraphStyle, Style
from .linebreak import break_lines

MEASURED_PIECES_KEPT = 1 << 16     # per font and size
BROKEN_CHARS_KEPT = 1 << 20        # characters of the texts whose lines are remembered (a few documents)
Line = tuple[float, str]           # (width left unused, the line's text)


class _Memo(dict):
    """A dict emptied whenever what it holds would pass a bound: a batch's memory stays flat."""

    def __init__(self, bound: int):
        super().__init__()
        self.bound, self.held = bound, 0

    def keep(self, key: Any, value: Any, weight: int = 1) -> Any:
        if self.held + weight > self.bound:
            self.clear()
            self.held = 0
        self[key] = value
        self.held += weight
        return value


@lru_cache(maxsize=16)
def measure(font: str, size: float) -> Callable[[str], float]:
    """reportlab's width of a piece of text in this font and size, remembered: line breaking
    measures the same characters and words again and again."""
    widths = _Memo(MEASURED_PIECES_KEPT)

    def width(piece: str) -> float:
        known = widths.get(piece)
        return widths.keep(piece, stringWidth(piece, font, size)) if known is None else known
    return width


# The lines each text was broken into, for the process: a table is measured, cut at a page end
# and drawn, the same labels and empty cells recur in a document (1,740 breaks of 363 texts for
# a 附件2) and from one document of a batch to the next.
_BROKEN = _Memo(BROKEN_CHARS_KEPT)


MEMO_ENTRY_WEIGHT = 100           # an entry's own cost, in characters: short texts are bounded too


def _key(text: str, widths: tuple[float, ...], font: str, size: float) -> tuple[str, tuple[float, ...], str, float]:
    while len(widths) > 1 and widths[-1] == widths[-2]:
        widths = widths[:-1]
    return text, widths, font, size


def broken(text: str, widths: tuple[float, ...], font: str, size: float) -> list[Line]:
    """``text`` broken into lines of ``widths`` (the last repeats). The list is shared: do not
    change it."""
    key = _key(text, widths, font, size)
    lines = _BROKEN.get(key)
    if lines is None:
        lines = break_lines(text, list(key[1]), measure(font, size))
        _BROKEN.keep(key, lines, len(text) + MEMO_ENTRY_WEIGHT)
    return lines


def carry_lines(lines: list[str], width: float, font: str, size: float) -> None:
    """Remember ``lines``, the rest of a paragraph cut at a page end, as the lines of their text
    at ``width``: the rest is set as broken before instead of being broken again on every page
    it runs on (which made a long cell's layout quadratic in its length)."""
    measured = measure(font, size)
    text = "".join(lines)
    _BROKEN.keep(_key(text, (width,), font, size), [(width - measured(line.rstrip(" ")), line) for line in lines],
                 len(text) + MEMO_ENTRY_WEIGHT)


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
    selects: dict[int, str] = {}        # subset → the operator selecting it
    code: list[str] = []
    subset = -1
    for x, y, text in lines:
        code.append(f"1 0 0 1 {fp_str(x, y)} Tm")
        for part, chunk in font.splitString(text, document):
            if part != subset:
                select = selects.get(part)
                if select is None:
                    select = selects[part] = f"{font.getSubsetInternalName(part, document)} {size_operator}"
                code.append(select)
                subset = part
            code.append(f"({escape(chunk)}) Tj")
    return "BT\n" + "\n".join(code) + "\nET" if code else ""
