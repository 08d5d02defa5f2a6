"""Chinese line breaking with 避头尾 (kinsoku) for the PDF renderer.

reportlab's CJK wrap hangs at most one closing mark and ignores opening marks at a line end,
so "）。" or "（" can be stranded. Here a line is filled greedily by tokens (one CJK character,
or one unbroken run: Latin letters/digits, a number with its unit "22号" "15年", a date
"2013年4月22日", a short bracketed unit "（万元）"), then the break is moved back until the next
line does not start with a closing mark and this line does not end with an opening mark. A
paragraph does not end with one character alone on its last line when the line above can give
it a companion.
"""
from __future__ import annotations

import re
from typing import Callable

NO_LINE_START = frozenset(
    "!),.:;?]}¢°·’”‰′″℃∶、。〃〆〕〗〞﹚﹜！＂％＇），．：；？］｝～"
    "」』】〉》〙〛｠｡｣､･ゝゞ々ー—…‥"
)
NO_LINE_END = frozenset("([{£¥‘“〈《「『【〔〖〘〚〝﹙﹛＄（．［｛￡￥")
MAX_BACKTRACK = 4
BREAK_AFTER = frozenset("-@./_?&= 年月")

_LATIN_RUN = r"[A-Za-z0-9\u00c0-\u024f@#$%&*+\-=/\\._~^'\"]+"
_UNIT = r"(?:[万亿千百]?[元人个家次项号款笔倍户台套件吨年月日天]|[万亿%‰℃㎡])"
_TOKEN = re.compile(
    r"\s"
    r"|\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?"       # a date, or a year: 2013年4月22日, 2019年
    r"|\d{1,2}月(?:\d{1,2}日)?"
    rf"|{_LATIN_RUN}(?:(?<=\d){_UNIT})?"          # a word, a code, a number with its unit
    r"|[（(][^（）()\s]{1,3}[）)]"                   # a short bracketed unit: （万元）（个）
    r"|.", re.DOTALL)

Measure = Callable[[str], float]


LONE_TAIL_TOKENS = 8    # what can follow a line before its last character: the character and a few spaces


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def break_lines(text: str, max_widths: list[float], measure: Measure) -> list[tuple[float, str]]:
    """Lines of ``text`` as (unused width, line text); ``max_widths[i]`` is line i's width
    (the last one repeats)."""
    toks = tokens(text)
    lines: list[tuple[float, str]] = []
    start = 0
    while start < len(toks):
        width = max_widths[min(len(lines), len(max_widths) - 1)]
        end = _fill(toks, start, width, measure)
        end = _respect_kinsoku(toks, start, end)
        while end < len(toks) and toks[end] == " ":
            end += 1      # a space at the break stays, invisibly, at the end of the line: text
                          # copied or extracted from the PDF keeps it
        if end < len(toks):
            next_width = max_widths[min(len(lines) + 1, len(max_widths) - 1)]
            end = _no_lone_last_character(toks, start, end, next_width, measure)
        line = "".join(toks[start:end])
        lines.append((width - measure(line.rstrip(" ")), line))
        start = end
    return lines


def _no_lone_last_character(toks: list[str], start: int, end: int, next_width: float, measure: Measure) -> int:
    """When the text after this line would be one character alone on the last line ("真实性承 /
    诺"), the break moves one token earlier, if this line keeps two tokens, the two fit in
    ``next_width`` and no closing/opening mark is stranded."""
    if end - start < 3 or len(toks) - end > LONE_TAIL_TOKENS or sum(len(t.strip()) for t in toks[end:]) != 1:
        return end                    # (only the paragraph's last few tokens are looked at: linear in its length)
    candidate = end - 1
    moved = "".join(toks[candidate:]).rstrip(" ")
    if (toks[candidate][0] in NO_LINE_START or toks[candidate - 1][-1] in NO_LINE_END
            or toks[candidate] == " " or measure(moved) > next_width + 1e-6):
        return end
    return candidate


def _fill(toks: list[str], start: int, width: float, measure: Measure) -> int:
    """Index after the last token that fits on a line starting at ``start`` (at least one)."""
    used = 0.0
    end = start
    while end < len(toks):
        w = measure(toks[end])
        if used + w > width + 1e-6 and end > start:
            if toks[end] == " ":
                return end
            break
        used += w
        end += 1
    if end == start + 1 and measure(toks[start]) > width and len(toks[start]) > 1:
        toks[start:start + 1] = _split_long_token(toks[start], width, measure)
        return start + 1
    return end


def _split_long_token(token: str, width: float, measure: Measure) -> list[str]:
    """A run wider than the line (an e-mail, a URL, a long code) is cut into pieces that fit,
    after a separator such as - / where one stands in the last two thirds of a piece; an e-mail
    only after its "@" or before a ".", the places a reader expects."""
    pieces = []
    rest = token
    while rest and measure(rest) > width:
        fit = 1
        while fit < len(rest) and measure(rest[: fit + 1]) <= width:
            fit += 1
        if "@" in token:
            cut = max((i + 1 for i, ch in enumerate(rest[:fit]) if ch == "@"), default=0)
            cut = max([cut, *(i for i, ch in enumerate(rest[:fit + 1]) if ch == "." and i > 0)])
        else:
            cut = max((i + 1 for i, ch in enumerate(rest[:fit]) if ch in BREAK_AFTER), default=0)
        if cut <= fit // 3:
            cut = fit
        if "@" not in token:          # an e-mail's cut before "." stands
            cut = _kinsoku_cut(rest, cut)
        pieces.append(rest[:cut])
        rest = rest[cut:]
    return pieces + ([rest] if rest else [])


def _kinsoku_cut(run: str, cut: int) -> int:
    """``cut`` moved back until the piece after it does not start with a closing mark nor the
    piece before it end with an opening one ("（务“务 / ）" becomes "（务 / “务）"); ``cut`` itself
    when no place before it will do, or when the piece is all that is left of the run (a line
    narrower than its last character)."""
    if cut >= len(run):
        return cut
    for candidate in range(cut, 0, -1):
        if run[candidate] not in NO_LINE_START and run[candidate - 1] not in NO_LINE_END:
            return candidate
    return cut


def _respect_kinsoku(toks: list[str], start: int, end: int) -> int:
    if end >= len(toks):
        return end
    for candidate in range(end, max(start + 1, end - MAX_BACKTRACK) - 1, -1):
        if candidate <= start:
            break
        next_tok, last_tok = toks[candidate], toks[candidate - 1]
        if next_tok[0] not in NO_LINE_START and last_tok[-1] not in NO_LINE_END:
            return candidate
    return end
