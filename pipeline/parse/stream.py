"""A document read as a flat stream of paragraphs and tables, whatever file it came from.

Both the DOCX and the PDF readers produce this; the form reader then walks the form's layout
along it. Table rows hold each cell once, in reading order (cells merged from the left or from
above are not repeated).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Union

_SPACE = re.compile(r"\s+")
# a page number as printed: "- 3 -", "— 3 —", "3", "第 3 页"; the number is group 1
PAGE_NUMBER = re.compile(r"^[-—–－\s]*(?:第\s*)?(\d+)(?:\s*页)?[-—–－\s]*$")
FOOTER_ZONE_PT = 72          # lines this close to the bottom edge may be page numbers


def squash(text: str) -> str:
    """Text without white space: how two renderings of the same words are compared."""
    return _SPACE.sub("", text)


def wrapped_at_space(line: str, following: str) -> bool:
    """Whether a line break stood where a space was (PDF writers drop the space at a line's
    end): only between Latin words, and only when the word ending the line is not the whole
    line (a word longer than the line is cut anywhere; between Chinese and Latin text a break
    needs no space, so none is put back)."""
    stripped = line.rstrip()
    if stripped != line or not stripped[-1:].isascii() or not stripped[-1:].isalnum():
        return False
    if not following[:1].isascii() or not following[:1].isalnum():
        return False
    latin_tail = len(stripped) - len(re.sub(r"[!-~]+$", "", stripped))
    return latin_tail < len(stripped)


def cell_paragraphs(cell: str) -> list[str]:
    """A PDF cell's paragraphs: the PDF reader marks where one begins by a blank line; the
    other line breaks are where the cell wrapped."""
    return ["".join(paragraph.split("\n")) for paragraph in cell.split("\n\n")]


@dataclass
class TextItem:
    text: str
    open_end: bool = False     # PDF: its last line ran to the right edge mid-sentence
    page_start: bool = False   # PDF: first thing on its page, first line not indented
    indented: bool = False     # PDF: its first line indented
    full_end: bool = False     # PDF: its last line ran to the right edge (a sentence may end there)


@dataclass
class TableItem:
    rows: list[list[str]]
    aligns: list[str] = field(default_factory=list)   # per column of the first row, when known
    paragraphs: bool = False   # a cell's lines are its paragraphs (DOCX), not the lines it wrapped into (PDF)
    contents: list[list[list["Item"]]] | None = None   # each cell's paragraphs and nested tables (DOCX; a PDF's with one)
    at_page_top: bool = False      # PDF: starts at the top of the page's body
    at_page_bottom: bool = False   # PDF: runs to the bottom of the page's body


Item = Union[TextItem, TableItem]


def _row_goes_on(last: list[str], first: list[str]) -> bool:
    """The first row on a page is the rest of a row the page break cut (Word and LibreOffice let
    a row break across pages): the same cells, and either one left empty under a cell that has
    text (a label that fitted above, a short value) while another goes on, or — a row of one
    cell, a narrative typed in a table — a text cut in the middle of a sentence."""
    if len(last) != len(first) or not any(c.strip() for c in first):
        return False
    if len(last) == 1:
        return bool(last[0].strip()) and last[0].rstrip()[-1] not in SENTENCE_ENDS
    return any(not b.strip() and a.strip() for a, b in zip(last, first))


SENTENCE_ENDS = frozenset("。！？；：!?;:）)”")


Known = Callable[[str], bool]     # is this cell's text a label some form prints?


def _no_labels(text: str) -> bool:
    return False


def _labels_kept(cut: list[list[str]], joined: list[list[str]], known: Known, strictly: bool = False) -> bool:
    """Joining rows loses none of the form's labels they show (``strictly``: it completes
    more of them): "纳税总额" / "（万元）" become one label; two labels are not glued into one."""
    before = sum(known(text) for row in cut for text in row)
    after = sum(known(text) for row in joined for text in row)
    return after > before if strictly else after >= before


def _completes_labels(last: list[str], first: list[str], known: Known) -> bool:
    """Every cell of the row goes on below (none left empty): it is one row when joining makes
    more of the form's labels whole ("纳税总额（万" / "元）") and leaves none broken."""
    return len(last) == len(first) and _labels_kept([last, first], [_joined(last, first)], known, strictly=True)


def _cut_row_goes_on(last: list[str], first: list[str], known: Known) -> bool:
    """``first`` is the rest of ``last`` (see :func:`_row_goes_on`). Where the rows show a form's
    labels, joining them must lose none. A row of data goes on unless ``first`` shows it is a row
    of its own: text under a cell that cannot have been cut (one number or Latin word: "12" /
    "13"), or a cell repeating the one above ("电子商务服务商示范" twice) — the next row of 附件3
    with its 备注 left empty, not the rest of the row above."""
    if not _row_goes_on(last, first):
        return _completes_labels(last, first, known)
    cut, joined = [last, first], [_joined(last, first)]
    if any(known(text) for row in cut + joined for text in row):
        return _labels_kept(cut, joined, known)
    return not any(b.strip() and (_UNBREAKABLE.fullmatch(squash(a)) or squash(a) == squash(b))
                   for a, b in zip(last, first))


_UNBREAKABLE = re.compile(r"[0-9A-Za-z.,%+\-/:@]+")     # a number, a code, a Latin word: never wrapped


def _joined(above: list[str], below: list[str]) -> list[str]:
    """Cells of a row cut by the page, put together; a space stood at the cut between two
    Latin words (as where a cell wraps: " \n")."""
    return [a + ((" \n" if wrapped_at_space(a.rsplit("\n", 1)[-1], b) else "\n") + b if b else "")
            for a, b in zip(above, below)]


def _join_tables(previous: TableItem, item: TableItem, known: Known = _no_labels) -> None:
    """``item`` continues ``previous`` on the next page (a repeated header row is dropped; a row
    the break cut is joined again; cells holding tables keep them)."""
    if previous.contents is not None or item.contents is not None:
        previous.contents, item.contents = _contents_of(previous), _contents_of(item)
    skip = 1 if item.rows and previous.rows and item.rows[0] == previous.rows[0] else 0
    rows, contents = item.rows[skip:], (item.contents or [])[skip:]
    cut = bool(rows and previous.rows and previous.at_page_bottom and item.at_page_top)
    if cut and len(rows[0]) == len(previous.rows[-1]) and not any(c.strip() for c in rows[0]):
        rows, contents = rows[1:], contents[1:]      # only the bottom of a cut row went on: nothing in it
    if cut and rows:
        rows, contents = _group_cells_carried_on(previous, rows, contents, known)
    goes_on = cut and bool(rows) and _cut_row_goes_on(previous.rows[-1], rows[0], known)
    if goes_on or (cut and _table_runs_on(previous.contents, contents)):
        previous.rows[-1] = _joined(previous.rows[-1], rows[0])
        if previous.contents is not None:
            previous.contents[-1] = [_join_cell(a, b, known) for a, b in zip(previous.contents[-1], contents[0])]
        rows, contents = rows[1:], contents[1:]
    previous.rows.extend(rows)
    if previous.contents is not None:
        previous.contents.extend(contents)
    previous.at_page_bottom = item.at_page_bottom


def _group_cells_carried_on(previous: TableItem, rows: list[list[str]], contents: list[list[list[Item]]],
                            known: Known) -> tuple[list[list[str]], list[list[list[Item]]]]:
    """A row cut by the page inside cells merged over it from above (a block label such as
    "……概况及主要经济指标"): the row above lists only its own cells, the row below begins with
    the rest of those merged cells. Their text goes back to the merged cells above, and the row
    below keeps its own cells, so that it can be joined to the row it continues — when that
    completes more of the forms' labels than it breaks (a new block starting on the next page
    has the same shape: its labels are whole already)."""
    last, first = previous.rows[-1], rows[0]
    extra = len(first) - len(last)
    if extra <= 0:
        return rows, contents
    shaped = _row_goes_on(last, first[extra:])
    if not (shaped or _completes_labels(last, first[extra:], known)):
        return rows, contents
    block = next((row for row in reversed(previous.rows) if len(row) == len(first)), None)
    if block is None:
        return rows, contents
    heads = first[:extra]
    if not shaped and any(head.strip() and known(cell) for cell, head in zip(block, heads)):
        return rows, contents          # a whole label above (办公电话) is not what a cut group cell goes on from
    whole_block = _joined(block[:extra], heads)
    # text in the merged cells' rest must complete labels; empty rests only must break none
    if not _labels_kept([last, first, block[:extra]], [_joined(last, first[extra:]), whole_block], known,
                        strictly=any(head.strip() for head in heads)):
        return rows, contents
    block[:extra] = whole_block
    return [first[extra:], *rows[1:]], ([contents[0][extra:], *contents[1:]] if contents else contents)


def _table_runs_on(above: list[list[list[Item]]] | None, below: list[list[list[Item]]]) -> bool:
    """A cell ends with a table and the same cell on the next page begins with one: it runs on."""
    if not above or not below:
        return False
    return any(a and b and isinstance(a[-1], TableItem) and isinstance(b[0], TableItem) for a, b in zip(above[-1], below[0]))


def _contents_of(table: TableItem) -> list[list[list[Item]]]:
    if table.contents is not None:
        return table.contents
    return [[[TextItem(p) for p in cell_paragraphs(cell) if p.strip()] for cell in row] for row in table.rows]


def _join_cell(above: list[Item], below: list[Item], known: Known = _no_labels) -> list[Item]:
    """A cell's items from two pages: a paragraph cut by the break is one again."""
    if above and below and isinstance(above[-1], TextItem) and isinstance(below[0], TextItem) \
            and above[-1].text.rstrip()[-1:] not in SENTENCE_ENDS:
        return [*above[:-1], TextItem(above[-1].text + below[0].text), *below[1:]]
    if above and below and isinstance(above[-1], TableItem) and isinstance(below[0], TableItem):
        above[-1].at_page_bottom = below[0].at_page_top = True
        _join_tables(above[-1], below[0], known)
        return [*above, *below[1:]]
    return [*above, *below]


def merge_page_breaks(items: list[Item], known: Known = _no_labels) -> list[Item]:
    """Join what a page break cut apart: table fragments (dropping a repeated header row) and
    paragraphs that run on to the next page; ``known`` tells the forms' labels."""
    out: list[Item] = []
    for item in items:
        previous = out[-1] if out else None
        if isinstance(item, TableItem) and isinstance(previous, TableItem):   # nothing stands between
            _join_tables(previous, item, known)
        elif isinstance(item, TextItem) and isinstance(previous, TextItem) and previous.open_end and item.page_start:
            previous.text += item.text
            previous.open_end = item.open_end
        else:
            out.append(item)
    return out
