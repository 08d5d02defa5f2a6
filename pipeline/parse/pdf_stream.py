"""PDF → stream, by position (pdfplumber): ruled tables cell by cell, the text around them
rebuilt into paragraphs, page numbers and the 目录 page left out, tables cut by a page break
joined again."""
from __future__ import annotations

import io
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

import pdfplumber

from ..errors import InputFileError
from .stream import (FOOTER_ZONE_PT, PAGE_NUMBER, Item, TableItem, TextItem, cell_paragraphs, merge_page_breaks, squash,
                     wrapped_at_space)
from .tables import known_label
from .anchors import opens_with_enumerator
from .values import SHOWN_AS

INDENT_TOLERANCE_EM = 0.6    # a line starting further right than this opens a paragraph
FULL_LINE_EM = 1.5           # a line ending this close to the right edge ran on
SHORT_LINE_EM = 5            # a line ending further left than this closes one (避头尾 can
                             # shorten a line by a few characters)
PARAGRAPH_GAP_EM = 1.2       # more white space than this between lines closes one too
TOC_TITLE = "目录"
# Word and LibreOffice add a quarter-em of room between Chinese and Latin text ("约 300 万吨" on
# screen, "约300万吨" in the file); only a real space character is a space.
GAP_IS_NOT_A_SPACE_PT = 6
ALIGN_SLACK_PT = 8           # a cell line with less free width than this fills the cell
LINE_TOLERANCE_PT = 3        # characters whose tops differ by less stand on one line
ALIGN_TOLERANCE_PT = 2
INDENT_SAMPLE_CHARS = 60     # paragraphs this long tell whether the document indents its first lines
MARGIN_SLACK_PT = 42         # lines ending further left than the mirrored margin: a document of short lines
SENTENCE_END = frozenset("。！？!?")     # a line ending so, short of the edge, ends its paragraph
LATIN_SPACE_EM = 0.15        # a gap this wide between two Latin characters is a space
CELL_PADDING_PT = 8          # room Word and LibreOffice (and this tool) leave inside a cell's edge, and some
PAGE_EDGE_PT = 48            # a table this close to the body's top may go on from the page before (a 1.5-spaced line of 四号 is 30 pt)
# ... and this close to its bottom may go on to the next page: a cut row keeps lines together (two lines and the
# 盖章 / 年 月 日 block go on together, leaving six lines empty); whether it did go on, the rows tell (stream.py)
PAGE_BOTTOM_SLACK_PT = 150
_FAR_PT = 1e9                # a character further than this from the page is looked up the slow way


@dataclass
class _Line:
    top: float
    bottom: float
    x0: float
    x1: float
    text: str
    size: float


def pdf_stream(data: bytes) -> list[Item]:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many kinds; all mean "not a readable PDF"
        raise InputFileError(f"PDF 文件无法解析：{exc}") from exc
    with pdf:
        return pdf_items(pdf)


def pdf_items(pdf: pdfplumber.PDF) -> list[Item]:
    """The stream of an open PDF (``check`` reads its other facts from the same pages: each page
    is interpreted once)."""
    pages = [_page_content(page) for page in pdf.pages]
    left, right = _text_column(pages, float(pdf.pages[0].width) if pdf.pages else 0.0)
    spans = [(l.top, l.bottom) for _, lines in pages for l in lines] + [(t.bbox[1], t.bbox[3]) for tables, _ in pages for t in tables]
    body = (min((s[0] for s in spans), default=0.0), max((s[1] for s in spans), default=0.0))
    page_items = [_page_items(tables, lines, left, right, body) if tables or lines else [] for tables, lines in pages]
    indenting = _indents_paragraphs([i for page in page_items for i in page if isinstance(i, TextItem)])
    items: list[Item] = []
    after_blank = False
    for page in page_items:
        if not page:                          # the 目录 (or an empty page): nothing runs on across it
            after_blank = True
            continue
        if after_blank and isinstance(page[0], TextItem):
            page[0].page_start = False
        elif indenting and items:
            _sentence_at_page_foot(items[-1], page[0])
        after_blank = False
        items.extend(page)
    return merge_page_breaks(items, known_label())


def _indents_paragraphs(texts: list[TextItem]) -> bool:
    """Whether the document's paragraphs open with an indented line (most of its long ones do)."""
    long = [t for t in texts if len(squash(t.text)) >= INDENT_SAMPLE_CHARS]
    return len(long) >= 5 and sum(t.indented for t in long) >= 0.6 * len(long)


def _sentence_at_page_foot(last: Item, first: Item) -> None:
    """A paragraph whose sentence ends right at the foot of a page, the next page opening with
    an unindented line that is no numbered heading or item: in a document that indents its
    paragraphs, that line goes on with the paragraph."""
    if isinstance(last, TextItem) and isinstance(first, TextItem) and last.full_end and first.page_start \
            and not opens_with_enumerator(first.text):
        last.open_end = True


def _text_column(pages: list[tuple[list[Any], list[_Line]]], page_width: float) -> tuple[float, float]:
    """The text column's edges, from the whole document (one page may hold only short lines):
    where lines start and end — tables only without lines, as a table may stand out of the
    column. When no line comes near the right margin that mirrors the left one (a form of a few
    short lines), that margin is the edge: margins are (nearly) equal."""
    line_edges = [(l.x0, l.x1) for _, lines in pages for l in lines]
    table_edges = [(t.bbox[0], t.bbox[2]) for tables, _ in pages for t in tables]
    edges = line_edges or table_edges
    left = min((e[0] for e in edges), default=0.0)
    right = max((e[1] for e in edges), default=0.0)
    mirrored = page_width - left
    if line_edges and left < page_width / 2 and right < mirrored - MARGIN_SLACK_PT:
        right = mirrored
    return left, right


def _page_content(page: Any) -> tuple[list[Any], list[_Line]]:
    """The ruled tables of a page and its other lines of text, page numbers and 目录 left out."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    outside = page.filter(lambda obj: not any(_inside(obj, box) for box in boxes)) if boxes else page
    lines = [_line(raw) for raw in outside.extract_text_lines(strip=False, keep_blank_chars=True,
                                                              x_tolerance=GAP_IS_NOT_A_SPACE_PT)]
    lines = [l for l in lines if l.text.strip() and not _is_page_number(l, page.height)]
    if lines and squash(lines[0].text) == TOC_TITLE:
        return [], []
    return tables, lines


def _page_items(tables: list[Any], lines: list[_Line], left: float, right: float,
                body: tuple[float, float]) -> list[Item]:
    placed: list[tuple[float, Item]] = [(top, item) for top, item in _paragraphs(lines, left, right)]
    for table in tables:
        placed.append((table.bbox[1], _table_item(table, body)))
    placed.sort(key=lambda pair: pair[0])
    items = [item for _, item in placed]
    for later in items[1:]:                 # only the first thing on a page may continue the last
        if isinstance(later, TextItem):
            later.page_start = False
    return items


def _table_item(table: Any, body: tuple[float, float]) -> TableItem:
    """A ruled table: each row's cells (merged ones once), each cell's text read line by line
    from its characters. A table typed inside a cell (pdfplumber gives its rows as rows of the
    outer table, inside the outer cell's box) is kept as that cell's own table, between the
    cell's text above and below it."""
    chars = _CharIndex(table.page.chars)
    boxes = [[cell for cell in row.cells if cell is not None] for row in table.rows]
    every = [cell for row in boxes for cell in row]
    nested = {cell: [o for o in every if o != cell and _contains(cell, o)] for cell in every}
    in_a_cell = {inner for cell in every for inner in nested[cell]}      # cells of a cell's table
    inner_rows = {r for r, row in enumerate(boxes) if row and all(cell in in_a_cell for cell in row)}
    rows: list[list[str]] = []
    contents: list[list[list[Item]]] = []
    for r, row in enumerate(boxes):
        if r in inner_rows:
            continue
        texts, row_contents = [], []
        for cell in [c for c in row if c not in in_a_cell]:
            own = [c for c in chars.inside(cell) if not any(_inside(c, o) for o in nested[cell])]
            texts.append(_cell_lines_text(own, cell))
            row_contents.append(_cell_contents(own, cell, nested[cell], boxes, chars))
        rows.append(texts)
        contents.append(row_contents)
    has_nested = any(nested[cell] for cell in every)
    return TableItem(rows=rows, aligns=_aligns(table), contents=contents if has_nested else None,
                     at_page_top=table.bbox[1] <= body[0] + PAGE_EDGE_PT,
                     at_page_bottom=table.bbox[3] >= body[1] - PAGE_BOTTOM_SLACK_PT)


class _CharIndex:
    """A page's characters in reading order (by top, then x0), looked up by the box their centre
    falls in: only those whose top lies within a character's height of the box are tested."""

    def __init__(self, chars: list[dict[str, Any]]) -> None:
        self.chars = sorted(chars, key=lambda c: (c["top"], c["x0"]))
        self.tops = [c["top"] for c in self.chars]
        self.reach = max((abs(c["bottom"] - c["top"]) for c in self.chars), default=0.0) + 1
        # NaN or a coordinate so large that 1 pt is lost in rounding: every character is tested
        self.ordered = all(abs(t) < _FAR_PT for t in self.tops) and self.reach < _FAR_PT

    def inside(self, box: tuple[float, float, float, float]) -> list[dict[str, Any]]:
        """The characters whose centre is in ``box``, in reading order."""
        if not self.ordered:
            return [c for c in self.chars if _inside(c, box)]
        start = bisect_left(self.tops, box[1] - self.reach)
        end = bisect_right(self.tops, box[3] + self.reach)
        return [c for c in self.chars[start:end] if _inside(c, box)]


def _contains(outer: tuple[float, float, float, float], inner: tuple[float, float, float, float]) -> bool:
    return outer[0] <= inner[0] + 0.5 and inner[2] <= outer[2] + 0.5 and outer[1] <= inner[1] + 0.5 \
        and inner[3] <= outer[3] + 0.5 and (inner[2] - inner[0]) < (outer[2] - outer[0]) - 1


def _cell_contents(own: list[dict[str, Any]], cell: Any, inside: list[Any], boxes: list[list[Any]],
                   chars: _CharIndex) -> list[Item]:
    """The cell's paragraphs, with the table typed inside it where it stands."""
    if not inside:
        return [TextItem(p) for p in cell_paragraphs(_cell_lines_text(own, cell)) if p.strip()]
    top, bottom = min(b[1] for b in inside), max(b[3] for b in inside)
    above = [c for c in own if c["bottom"] <= top + 1]
    below = [c for c in own if c["top"] >= bottom - 1]
    rows = [[_cell_lines_text(chars.inside(b), b).replace("\n", "") for b in row if b in inside]
            for row in boxes if any(b in inside for b in row)]
    items: list[Item] = [TextItem(p) for p in cell_paragraphs(_cell_lines_text(above, cell)) if p.strip()]
    items.append(TableItem(rows=rows, aligns=["center"] * max((len(r) for r in rows), default=0)))
    items += [TextItem(p) for p in cell_paragraphs(_cell_lines_text(below, cell)) if p.strip()]
    return items


def _cell_lines_text(chars: list[dict[str, Any]], cell: tuple[float, float, float, float]) -> str:
    """A cell's lines joined by "\n" (a line wrapped at a space between Latin words keeps it);
    where a new paragraph begins — its first line indented, or the line above ending a sentence
    well short of the cell's edge — by a blank line."""
    lines: list[list[dict[str, Any]]] = []
    for c in chars:
        if lines and abs(c["top"] - lines[-1][0]["top"]) <= LINE_TOLERANCE_PT:
            lines[-1].append(c)
        else:
            lines.append([c])
    texts = [chars_text(line) for line in lines]
    left = min((min(c["x0"] for c in line) for line in lines), default=0.0)
    centred = all(abs((min(c["x0"] for c in line) + max(c["x1"] for c in line)) / 2 - (cell[0] + cell[2]) / 2)
                  <= ALIGN_TOLERANCE_PT + 1 for line in lines)
    out = ""
    for i, (line, text) in enumerate(zip(lines, texts)):
        if i:
            above, size = lines[i - 1], line[0]["size"]
            indented = not centred and min(c["x0"] for c in line) - left > INDENT_TOLERANCE_EM * size
            room = cell[2] - max(c["x1"] for c in above)          # what the line above left of the cell
            ended = texts[i - 1].rstrip()[-1:] in SENTENCE_END and room > FULL_LINE_EM * size
            # a Latin word that would have fitted after the line above was moved down: a space stood there
            short = room > (line[0]["x1"] - line[0]["x0"]) + CELL_PADDING_PT and _latin(texts[i - 1][-1:]) and _latin(text[:1])
            spaced = short or wrapped_at_space(texts[i - 1], text)
            out += "\n\n" if indented or ended else (" \n" if spaced else "\n")
        out += text
    return out.strip()


def _inside(obj: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    cx = (obj.get("x0", 0) + obj.get("x1", 0)) / 2
    cy = (obj.get("top", 0) + obj.get("bottom", 0)) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def _line(raw: dict[str, Any]) -> _Line:
    chars = raw.get("chars", [])
    sizes = [c["size"] for c in chars if not c["text"].isspace()] or [12.0]
    text = chars_text(chars) if chars else raw["text"]
    inked = [c for c in chars if not c["text"].isspace()]      # a paragraph indented by typed 　　 starts at its first mark
    x0 = min((c["x0"] for c in inked), default=raw["x0"])
    return _Line(raw["top"], raw["bottom"], x0, raw["x1"], text, max(set(sizes), key=sizes.count))


def chars_text(chars: list[dict[str, Any]]) -> str:
    """One line's characters as text. Space characters are kept; a gap becomes a space only
    between two Latin characters (justified Chinese text is spread by gaps that are no
    spaces, and Word and LibreOffice leave room between Chinese and Latin text)."""
    out: list[str] = []
    previous = None
    for c in sorted(chars, key=lambda c: c["x0"]):
        if previous is not None and c["x0"] - previous["x1"] > LATIN_SPACE_EM * c["size"] \
                and _latin(previous["text"]) and _latin(c["text"]) and out[-1] != " ":
            out.append(" ")
        out.append(c["text"].translate(SHOWN_AS))
        previous = c
    return "".join(out)


def _latin(text: str) -> bool:
    return text.isascii() and not text.isspace()


def _is_page_number(line: _Line, height: float) -> bool:
    return line.bottom > height - FOOTER_ZONE_PT and bool(PAGE_NUMBER.match(line.text.strip()))


def _paragraphs(lines: list[_Line], left: float, right: float) -> list[tuple[float, TextItem]]:
    """Lines → paragraphs: a line continues the one above when that one ran to the right edge,
    this one starts at the left edge, and both have one size."""
    if not lines:
        return []
    out: list[tuple[float, TextItem]] = []
    previous: _Line | None = None
    for line in lines:
        if previous is not None and _continues(previous, line, left, right):
            out[-1][1].text += (" " if wrapped_at_space(out[-1][1].text, line.text) else "") + line.text
        else:
            out.append((line.top, TextItem(line.text, page_start=not out and _flush_left(line, left),
                                           indented=not _flush_left(line, left))))
        out[-1][1].open_end = line.x1 >= right - SHORT_LINE_EM * line.size and line.text.rstrip()[-1:] not in SENTENCE_END
        out[-1][1].full_end = line.x1 >= right - FULL_LINE_EM * line.size
        previous = line
    for _, item in out:
        item.text = item.text.strip()
    return out


def _flush_left(line: _Line, left: float) -> bool:
    return line.x0 <= left + INDENT_TOLERANCE_EM * line.size


def _continues(above: _Line, line: _Line, left: float, right: float) -> bool:
    em = line.size
    full = above.x1 >= right - FULL_LINE_EM * em or (
        above.x1 >= right - SHORT_LINE_EM * em and above.text.rstrip()[-1:] not in SENTENCE_END)
    # a line opening with an item's number after a line that ended a sentence at the edge opens a
    # paragraph (a heading, an item) even when not indented: "（三）目前进展", "2.典型案例。", "第三部分"
    return (abs(above.size - line.size) < 0.5
            and full
            and not (above.text.rstrip()[-1:] in SENTENCE_END and opens_with_enumerator(line.text))
            and _flush_left(line, left)
            and line.top - above.bottom < PARAGRAPH_GAP_EM * em)


def _aligns(table: Any) -> list[str]:
    """Each column's alignment, voted by the lines of its data cells that do not fill the cell:
    equal margins → center, text against one side → left or right."""
    if len(table.rows) < 2:
        return []
    chars = sorted((c for c in table.page.chars if not c["text"].isspace()), key=lambda c: c["top"])
    tops = [c["top"] for c in chars]
    votes: list[dict[str, int]] = []
    for row in table.rows[1:]:
        cells = [c for c in row.cells if c is not None]
        votes.extend({} for _ in range(len(cells) - len(votes)))
        band = chars[bisect_left(tops, row.bbox[1] - 1):bisect_right(tops, row.bbox[3])]
        for column, cell in enumerate(cells):
            for vote in _line_votes(band, cell):
                votes[column][vote] = votes[column].get(vote, 0) + 1
    return [max(v, key=v.get) if v else "center" for v in votes]


def _line_votes(chars: list[dict[str, Any]], cell: tuple[float, float, float, float]) -> list[str]:
    x0, top, x1, bottom = cell
    votes = []
    for left_edge, right_edge in _line_extents([c for c in chars if x0 <= c["x0"] and c["x1"] <= x1 + 0.5
                                                and top <= c["top"] and c["bottom"] <= bottom + 0.5]):
        left, right = left_edge - x0, x1 - right_edge
        if left + right < ALIGN_SLACK_PT:
            continue                                  # a full line says nothing
        if abs(left - right) <= ALIGN_TOLERANCE_PT:
            votes.append("center")
        else:
            votes.append("left" if left < right else "right")
    return votes


def _line_extents(chars: list[dict[str, Any]]) -> list[tuple[float, float]]:
    """(x0, x1) of each line the characters (sorted by top) form."""
    extents: list[list[float]] = []
    line_top = None
    for c in chars:
        if line_top is None or c["top"] - line_top > LINE_TOLERANCE_PT:
            extents.append([c["x0"], c["x1"]])
            line_top = c["top"]
        else:
            extents[-1][0] = min(extents[-1][0], c["x0"])
            extents[-1][1] = max(extents[-1][1], c["x1"])
    return [(a, b) for a, b in extents]
