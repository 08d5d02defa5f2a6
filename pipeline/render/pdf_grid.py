"""A Grid (document.py) as a table of the PDF: measured, cut at page ends and drawn here.

reportlab's Table measured each cell through Paragraph flowables, measured every row again at
each of the build's wraps, and drew every cell through a paragraph of its own: more than a third
of a 附件2's PDF time. Here a table is measured once, from the lines the line breaker gives, and
its text is one text object. The geometry is reportlab's, so pages break where they did:
- a row is as tall as its tallest cell (its lines × leading and the paddings); a merged cell
  that needs more than its rows give shares the difference equally among them;
- boxed tables centre their text in the row, "label ____" lines set it on the row's foot;
- rules run unbroken across the table and are interrupted only by merged cells.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Callable

from reportlab.lib.colors import black
from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from reportlab.rl_config import _FUZZ as FUZZ

from ..model import Style
from .document import CELL_PADDING_PT, Grid, GridCell
from .pdf_lines import broken, carry_lines, leading_pt, shown_text, text_object
from .table_pieces import can_divide_row, continued, cut_row, divide_row, may_cut, paragraphs, piece

RULE_WIDTH_PT = 0.5
LINES_GAP_PT = 16      # space above each line of a "label ____" grid (cover)
PAGE_SHARE_FOR_ONE_PIECE = 0.85  # a table row taller than this share of a page must break inside itself
PAGE_SHARE_LEFT_EMPTY = 0.25     # a form table's value row is cut rather than leave more of a page empty


@dataclass(frozen=True)
class GridLook:
    """How a grid's text is set: its paragraph style's font, size and leading, and its kind."""

    font: str
    size: float
    leading: float
    align: str                  # the style's own alignment
    first_line_indent: float    # the style's, kept by a cell of the style's own alignment
    boxed: bool
    page_height: float          # of the frame the table is laid out in

    @property
    def top_padding(self) -> float:
        return CELL_PADDING_PT if self.boxed else LINES_GAP_PT


def grid_look(grid: Grid, style: Style) -> GridLook:
    para = style.paragraph(grid.text_style)
    return GridLook(style.pdf_font_name, para.size_pt, leading_pt(style, para), para.align,
                    para.first_line_indent_chars * para.size_pt, grid.kind == "boxed",
                    style.page.text_height_mm * mm)


@dataclass(frozen=True)
class PlacedLine:
    x: float            # from the cell's text box's left
    text: str
    paragraph: int      # which of the cell's paragraphs it belongs to


@dataclass(frozen=True)
class CellText:
    cell: GridCell
    lines: tuple[PlacedLine, ...]


@dataclass(frozen=True)
class GridLayout:
    col_x: tuple[float, ...]        # each column's left, then the table's right
    row_tops: tuple[float, ...]     # each row's top below the table's top, then the table's height
    texts: tuple[CellText, ...]     # row by row, left to right

    @property
    def width(self) -> float:
        return self.col_x[-1]

    @property
    def height(self) -> float:
        return self.row_tops[-1]

    @property
    def row_heights(self) -> list[float]:
        return [b - a for a, b in zip(self.row_tops, self.row_tops[1:])]


def lay_out(grid: Grid, look: GridLook) -> GridLayout:
    col_x = [0.0]
    for width in grid.widths_mm:
        col_x.append(col_x[-1] + width * mm)
    heights = [0.0] * grid.nrows
    merged_needs: dict[tuple[int, int], float] = {}
    texts = []
    for cell in sorted(grid.cells, key=lambda c: (c.row, c.col)):
        text = CellText(cell, tuple(_cell_lines(cell, text_width(col_x, cell), look)))
        texts.append(text)
        need = len(text.lines) * look.leading + look.top_padding + CELL_PADDING_PT
        if cell.rowspan > 1:
            rows = (cell.row, cell.row + cell.rowspan - 1)
            merged_needs[rows] = max(merged_needs.get(rows, need), need)
        else:
            heights[cell.row] = max(heights[cell.row], need)
    _share_merged_needs(heights, merged_needs)
    row_tops = [0.0]
    for height in heights:
        row_tops.append(row_tops[-1] + height)
    return GridLayout(tuple(col_x), tuple(row_tops), tuple(texts))


def text_width(col_x: tuple[float, ...] | list[float], cell: GridCell) -> float:
    """The width a cell's lines are broken to: its columns less the paddings."""
    return col_x[cell.col + cell.colspan] - col_x[cell.col] - 2 * CELL_PADDING_PT


def _cell_lines(cell: GridCell, width: float, look: GridLook) -> list[PlacedLine]:
    """The cell's paragraphs broken into lines, each placed along the cell's alignment (a
    justified cell's lines are set as left-aligned ones: they hold no spaces to stretch)."""
    indent = look.first_line_indent if cell.align == look.align else 0.0
    out = []
    for index, paragraph in enumerate(cell.lines):
        lines = broken(shown_text(paragraph), (width - indent, width), look.font, look.size)
        for number, (unused, line) in enumerate(lines):
            offset = indent if number == 0 else 0.0
            if cell.align == "center":
                offset += unused / 2
            elif cell.align == "right":
                offset += unused
            out.append(PlacedLine(offset, line, index))
    return out


def _share_merged_needs(heights: list[float], needs: dict[tuple[int, int], float]) -> None:
    """A merged cell taller than its rows adds the difference to them in equal parts, the
    tallest cell first (as reportlab's spanFixDim)."""
    added: dict[int, float] = {}
    for need, (first, last) in sorted(((need, rows) for rows, need in needs.items()), reverse=True):
        rows = range(first, last + 1)
        have = sum(heights[r] + added.get(r, 0.0) for r in rows)
        if have >= need - FUZZ:
            continue
        share = (need - have) / len(rows)
        for r in rows:
            added[r] = added.get(r, 0.0) + share
    for r, extra in added.items():
        heights[r] += extra


class GridTable(Flowable):
    """A grid as a flowable. A table with merged rows is cut by the form's rules (a page may
    end inside a block merged in its first column, whose label is printed again; a value row
    taller than the room is divided, see table_pieces); one without merged rows is cut between
    rows with its header rows repeated, or, when ``splits_in_rows``, inside a row taller than
    a page. Tells the document where its value cells were drawn (the fillable blank's fields)."""

    def __init__(self, grid: Grid, look: GridLook, splits_in_rows: bool = False, cut_by_form: bool | None = None):
        super().__init__()
        self.grid, self.look, self.splits_in_rows = grid, look, splits_in_rows
        self.cut_by_form = any(c.rowspan > 1 for c in grid.cells) if cut_by_form is None else cut_by_form
        self.hAlign = "CENTER"      # as reportlab's Table: a narrower table stands in the frame's middle

    @cached_property
    def layout(self) -> GridLayout:
        return lay_out(self.grid, self.look)

    @property
    def row_heights(self) -> list[float]:
        return self.layout.row_heights

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:  # noqa: D102
        self.width, self.height = self.layout.width, self.layout.height
        return self.width, self.height

    def _like(self, grid: Grid, **kwargs: bool) -> GridTable:
        return GridTable(grid, self.look, **kwargs)

    # ---- cutting at a page end ------------------------------------------------------------

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:  # noqa: D102
        if self.cut_by_form:
            return self._split_by_form(avail_width, avail_height)
        return self._split_between_rows(avail_height)

    def _split_between_rows(self, avail_height: float) -> list[Flowable]:
        """Cut above the first row that does not fit, or, in a table whose rows run on, inside
        it (as reportlab's splitInRow: moved whole, it would go into the room left on this page
        under the header again)."""
        grid = self.grid
        fitting = rows_fitting(self.row_heights, avail_height)
        if fitting == grid.nrows:
            return [self]
        if self.splits_in_rows:
            parts = self._split_in_row(fitting, avail_height)
            if parts:
                return parts
        if fitting > grid.header_rows:
            return [self._like(piece(grid, 0, fitting)), self._like(continued(grid, fitting), splits_in_rows=self.splits_in_rows)]
        return []

    def header_leaves_room(self) -> bool:
        """A page holds the header rows and a row after them (a line of one, when rows run on):
        else a header repeated on each page would leave no room, or be cut and set whole again
        above its own rest, page after page."""
        heights, look, header_rows = self.row_heights, self.look, self.grid.header_rows
        after = max(heights[header_rows:], default=0.0)
        if self.splits_in_rows:
            after = min(after, look.top_padding + CELL_PADDING_PT + look.leading)
        return sum(heights[:header_rows]) + after <= look.page_height + FUZZ

    def _split_in_row(self, row: int, avail_height: float) -> list[Flowable]:
        """Row ``row`` cut where the page ends: each cell keeps the lines that fit above (never
        a header row: its rest would go on under the whole header again). The lines kept are
        broken again on their own, and a run cut short may break at other places: one line
        fewer is kept until they fit."""
        if row < self.grid.header_rows:
            return []
        room = avail_height - self.layout.row_tops[row] - self.look.top_padding - CELL_PADDING_PT
        lines = {text.cell: [(line.paragraph, line.text) for line in text.lines] for text in self.layout.texts}
        for kept in range(int((room + FUZZ) // self.look.leading), 0, -1):
            head, rest = cut_row(self.grid, row, lambda cell: _divided(lines[cell], kept))
            head_table = self._like(head)
            if head_table.layout.height <= avail_height + FUZZ:
                self._carry_rest(row, lines, kept)
                return [head_table, self._like(rest, splits_in_rows=True)]
        return []

    def _carry_rest(self, row: int, lines: dict[GridCell, list[tuple[int, str]]], kept: int) -> None:
        """The lines of each cell's paragraph cut at the page end, remembered for its rest."""
        col_x, look = self.layout.col_x, self.look
        for cell in (c for c in self.grid.cells if c.row == row and len(lines[c]) > kept):
            if cell.align == look.align and look.first_line_indent:
                continue                    # the rest's first line would be indented: break it again
            paragraph = lines[cell][kept][0]
            rest = [text for index, text in lines[cell][kept:] if index == paragraph]
            carry_lines(rest, text_width(col_x, cell), look.font, look.size)

    def _split_by_form(self, avail_width: float, avail_height: float) -> list[Flowable]:
        grid, tops = self.grid, self.layout.row_tops
        divided = self._divide_tall_row(avail_height)
        if divided:
            return divided
        end = max((r for r in range(1, grid.nrows) if tops[r] <= avail_height and may_cut(grid, r)), default=0)
        while end > 0:      # a label printed again at the top may make the head taller
            head = self._like(piece(grid, 0, end))
            if head.wrap(avail_width, avail_height)[1] <= avail_height:
                return [head, self._like(piece(grid, end, grid.nrows))]
            end -= 1
        return []

    def divide_last_row(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """The table cut inside the row at ``avail_height`` even where moving that row whole would
        do (the note under the table must not go on alone); [] when it cannot be cut there."""
        return self._divide_tall_row(avail_height, always=True)

    def _divide_tall_row(self, avail_height: float, always: bool = False) -> list[Flowable]:
        """The first row that does not fit, cut at the page end when it is taller than a page
        would hold (it can never fit whole), when moving it whole would leave more than a
        quarter of the page empty, or ``always``; [] otherwise."""
        grid, tops, look = self.grid, self.layout.row_tops, self.look
        row = max((r for r in range(grid.nrows) if tops[r] <= avail_height), default=0)
        if not can_divide_row(grid, row):
            return []
        height: Callable[[Grid], float] = lambda part: lay_out(part, look).height  # noqa: E731
        page = look.page_height
        if not always and height(piece(grid, row, row + 1)) <= page * PAGE_SHARE_FOR_ONE_PIECE \
                and avail_height - tops[row] <= page * PAGE_SHARE_LEFT_EMPTY:
            return []

        def wrap(cell: GridCell, paragraph: str) -> list[str]:
            """The cell's paragraph in the lines the layout breaks it into."""
            return [line for _, line in broken(paragraph, (text_width(self.layout.col_x, cell),), look.font, look.size)]
        pieces = divide_row(grid, row, height, avail_height, wrap)
        if pieces is None:
            return []
        return [self._like(pieces[0]), self._like(pieces[1], cut_by_form=True)]   # the rest may need cutting again

    # ---- drawing ---------------------------------------------------------------------------

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(black)
        text = text_object(canvas, self.look.font, self.look.size,
                           (line for cell in self.layout.texts for line in self._placed(cell)))
        if text:
            canvas.addLiteral(text)
        self._draw_rules()
        canvas.restoreState()
        record = canvas._doctemplate.record_field_box
        for text_of_cell in self.layout.texts:
            if text_of_cell.cell.fields:
                record(self._cell_box(text_of_cell.cell), text_of_cell.cell)

    def _cell_box(self, cell: GridCell) -> tuple[float, float, float, float]:
        """x0, y0, x1, y1 of the cell (merged ones whole), from the table's bottom left."""
        col_x, tops, height = self.layout.col_x, self.layout.row_tops, self.layout.height
        return (col_x[cell.col], height - tops[cell.row + cell.rowspan],
                col_x[cell.col + cell.colspan], height - tops[cell.row])

    def _placed(self, text: CellText) -> list[tuple[float, float, str]]:
        """Each line's baseline start: the block of lines in the middle of the cell (boxed) or on
        its foot (lines), the first baseline one size below the block's top."""
        x0, bottom, _, top = self._cell_box(text.cell)
        look = self.look
        block = len(text.lines) * look.leading
        if look.boxed:
            block_top = bottom + (top - bottom + CELL_PADDING_PT - look.top_padding + block) / 2
        else:
            block_top = bottom + CELL_PADDING_PT + block
        left = x0 + CELL_PADDING_PT
        return [(left + line.x, block_top - look.size - k * look.leading, line.text)
                for k, line in enumerate(text.lines)]

    def _draw_rules(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(black)
        canvas.setLineWidth(RULE_WIDTH_PT)
        for x0, y0, x1, y1 in self._rules():
            canvas.line(x0, y0, x1, y1)

    def _rules(self) -> list[tuple[float, float, float, float]]:
        """Boxed: the frame (top, bottom, left, right), then the inner rules row by row and column
        by column; lines: a rule under each underlined cell."""
        grid, col_x, tops, height = self.grid, self.layout.col_x, self.layout.row_tops, self.layout.height
        across = lambda row, first, end: _unblocked(  # noqa: E731
            col_x[first], col_x[end], _blocks_across(grid, row, col_x))
        along = lambda col: _unblocked(0.0, height, _blocks_along(grid, col, tops, height))  # noqa: E731
        rules: list[tuple[float, float, float, float]] = []

        def horizontal(row: int, first: int, end: int) -> None:
            y = height - tops[row]
            rules.extend((a, y, b, y) for a, b in across(row, first, end))

        def vertical(col: int) -> None:
            rules.extend((col_x[col], a, col_x[col], b) for a, b in along(col))
        ncols = len(grid.widths_mm)
        if grid.kind == "boxed":
            horizontal(0, 0, ncols)
            horizontal(grid.nrows, 0, ncols)
            vertical(0)
            vertical(ncols)
            for row in range(1, grid.nrows):
                horizontal(row, 0, ncols)
            for col in range(1, ncols):
                vertical(col)
        for cell in grid.cells:
            if cell.underline:
                horizontal(cell.row + cell.rowspan, cell.col, cell.col + cell.colspan)
        return rules


def _divided(lines: list[tuple[int, str]], kept: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A cell's (paragraph, line) list as its paragraphs above and below line ``kept``."""
    return paragraphs(lines[:kept]) or ("",), paragraphs(lines[kept:]) or ("",)


def rows_fitting(heights: list[float], room: float) -> int:
    """How many rows from the first fit in ``room``."""
    used = 0.0
    count = 0
    for height in heights:
        used += height
        if used > room + FUZZ:
            break
        count += 1
    return count


def _blocks_across(grid: Grid, row: int, col_x: tuple[float, ...]) -> list[tuple[float, float]]:
    """Where the rule above ``row`` would cross a cell merged over it."""
    return sorted((col_x[c.col], col_x[c.col + c.colspan]) for c in grid.cells if c.row < row < c.row + c.rowspan)


def _blocks_along(grid: Grid, col: int, tops: tuple[float, ...], height: float) -> list[tuple[float, float]]:
    """Where the rule left of ``col`` would cross a cell merged over it."""
    return sorted((height - tops[c.row + c.rowspan], height - tops[c.row])
                  for c in grid.cells if c.col < col < c.col + c.colspan)


def _unblocked(start: float, end: float, blocks: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The stretches of start…end outside the (sorted) blocks."""
    out = []
    for low, high in blocks:
        if high <= start + FUZZ or low >= end - FUZZ:
            continue
        if low > start:
            out.append((start, low))
        start = max(start, high)
    if start < end - FUZZ:
        out.append((start, end))
    return out
