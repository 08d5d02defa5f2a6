"""Cutting a form table into the pieces that go on successive pages.

A page may end between two rows unless a merged value cell would be cut; a label or group cell
cut off is printed again at the top of the rest, so each page says what its rows are. A row
taller than a page (a long narrative typed into the 申报表) is itself cut in two: the value
cells' text is divided where the page ends and the row's labels are printed on both parts."""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

from .document import CELL_PADDING_PT, PT_PER_MM, Grid, GridCell

Lines = tuple[str, ...]
MIN_LINES_EACH_SIDE = 2     # a value cut at a page end keeps this many lines on either page


def may_cut(grid: Grid, row: int) -> bool:
    """A page may end above ``row`` unless a merged value cell would be cut."""
    return not any(c.row < row < c.row + c.rowspan and c.fields for c in grid.cells)


def piece(grid: Grid, first: int, end: int) -> Grid:
    """Rows ``first``…``end - 1`` of the grid; a cell cut off above is printed again at the top
    of its rest (the layout parser takes a repeated label for the group cell it is)."""
    cells = []
    for c in grid.cells:
        top, bottom = max(c.row, first), min(c.row + c.rowspan, end)
        if top >= bottom:
            continue
        cells.append(replace(c, row=top - first, rowspan=bottom - top))
    return replace(grid, nrows=end - first, cells=tuple(cells), header_rows=grid.header_rows if first == 0 else 0)


def continued(grid: Grid, first: int) -> Grid:
    """Rows ``first``… of a table without merged rows, under its header rows again."""
    return under_header(grid, piece(grid, first, grid.nrows))


def under_header(grid: Grid, rest: Grid) -> Grid:
    """``rest`` with ``grid``'s header rows above it."""
    header = piece(grid, 0, grid.header_rows)
    cells = header.cells + tuple(replace(c, row=c.row + header.nrows) for c in rest.cells)
    return replace(grid, nrows=header.nrows + rest.nrows, cells=cells, header_rows=grid.header_rows)


def cut_row(grid: Grid, row: int, divided: Callable[[GridCell], tuple[Lines, Lines]]) -> tuple[Grid, Grid]:
    """A table without merged rows cut inside ``row``: each of the row's cells keeps the
    paragraphs ``divided`` gives it above the cut and the rest below, where the rows after it
    follow under the header rows again."""
    above: list[GridCell] = []
    below: list[GridCell] = []
    for c in grid.cells:
        if c.row < row:
            above.append(c)
        elif c.row == row:
            head, rest = divided(c)
            above.append(replace(c, lines=head))
            below.append(replace(c, row=0, lines=rest))
        else:
            below.append(replace(c, row=c.row - row))
    rest = replace(grid, nrows=grid.nrows - row, cells=tuple(below), header_rows=0)
    return replace(grid, nrows=row + 1, cells=tuple(above)), under_header(grid, rest)


def can_divide_row(grid: Grid, row: int) -> bool:
    """The row's own value cells can be divided: none of them is merged over several rows and
    no merged value cell above or below runs through it."""
    own = [c for c in grid.cells if c.row == row and c.fields]
    return bool(own) and all(c.rowspan == 1 for c in own) and may_cut(grid, row) and may_cut(grid, row + 1)


def chars_per_line(grid: Grid, cell: GridCell, size_pt: float) -> int:
    """Full-width characters one line of ``cell`` holds."""
    return int((sum(grid.widths_mm[cell.col:cell.col + cell.colspan]) * PT_PER_MM - 2 * CELL_PADDING_PT) // size_pt)


def may_run_on(grid: Grid, row: int, size_pt: float) -> bool:
    """A word processor may cut ``row`` at a page end (the DOCX leaves it free to): its value can
    be divided and is long enough to keep two lines on either page."""
    if not can_divide_row(grid, row):
        return False
    longest = max((c for c in grid.cells if c.row == row and c.fields), key=lambda c: sum(map(len, c.lines)))
    return sum(map(len, longest.lines)) > 2 * MIN_LINES_EACH_SIDE * chars_per_line(grid, longest, size_pt)


def divide_row(grid: Grid, row: int, height: Callable[[Grid], float], room: float,
               wrap: Callable[[GridCell, str], list[str]]) -> tuple[Grid, Grid] | None:
    """``grid`` cut inside ``row`` where a line of the row's longest value ends: the head holds
    the rows above and as many of that value's lines as fit in ``room`` (the row's other cells
    whole), the rest holds its other lines, its signature lines (盖章 / 年 月 日) and the rows
    below. Each part keeps at least two lines of text (no line stands alone at the foot or the
    head of a page); None when that cannot be. ``height`` lays a grid out; ``wrap`` breaks one
    paragraph of a cell into its lines, as the layout does."""
    own = [c for c in grid.cells if c.row == row and c.fields]
    cell = max(own, key=lambda c: sum(map(len, c.lines)))
    text, sign = cell.lines[:len(cell.lines) - cell.sign_lines], cell.lines[len(cell.lines) - cell.sign_lines:]
    lines = [(index, line_text) for index, paragraph in enumerate(text) for line_text in wrap(cell, paragraph) or [""]]

    def parts(kept: int) -> tuple[Lines, Lines]:
        return paragraphs(lines[:kept]), paragraphs(lines[kept:]) + sign

    def head_height(kept: int) -> float:
        return height(piece(_with_lines(grid, cell, parts(kept)[0]), 0, row + 1))

    low, high = 0, len(lines) - 1          # lines kept above: all of them did not fit
    while low < high:                      # the most that fit (height grows with the lines kept)
        middle = (low + high + 1) // 2
        low, high = (middle, high) if head_height(middle) <= room else (low, middle - 1)
    while low > 0 and _text_lines(lines[low:]) < MIN_LINES_EACH_SIDE:
        low -= 1                           # too little would go on: move lines down
    if _text_lines(lines[:low]) < MIN_LINES_EACH_SIDE:
        return None
    head, rest = parts(low)
    split = _split_row(grid, row, cell, head, rest)
    return piece(split, 0, row + 1), _rest_of_divided(split, row + 1)


def paragraphs(lines: list[tuple[int, str]]) -> Lines:
    """Wrapped lines put back into their paragraphs (a paragraph cut by the page is two)."""
    out: list[str] = []
    last = None
    for index, text in lines:
        if index == last:
            out[-1] += text
        else:
            out.append(text)
            last = index
    return tuple(out)


def _text_lines(lines: list[tuple[int, str]]) -> int:
    return sum(1 for _, text in lines if text.strip())


def _rest_of_divided(grid: Grid, first: int) -> Grid:
    """Rows ``first``… of a grid whose row ``first`` continues the row above, as Word shows a
    row cut by a page: only the value goes on; a group cell above it is printed again from the
    next row (the layout parser joins a continued row whose other cells are empty)."""
    rest = piece(grid, first, grid.nrows)
    cut_off = {c.col for c in grid.cells if c.row < first < c.row + c.rowspan}
    cells: list[GridCell] = []
    for c in rest.cells:
        if c.row == 0 and c.col in cut_off:
            cells.append(replace(c, rowspan=1, lines=("",)))
            if c.rowspan > 1:
                cells.append(replace(c, row=1, rowspan=c.rowspan - 1))
        else:
            cells.append(c)
    return replace(rest, cells=tuple(cells))


def _with_lines(grid: Grid, cell: GridCell, lines: Lines) -> Grid:
    return replace(grid, cells=tuple(replace(c, lines=lines) if c is cell else c for c in grid.cells))


def _split_row(grid: Grid, row: int, cell: GridCell, head: Lines, rest: Lines) -> Grid:
    """The grid with ``row`` doubled: ``cell`` holds ``head`` above and ``rest`` below, the
    row's other cells are on both, cells running through it span one row more."""
    cells: list[GridCell] = []
    for c in grid.cells:
        if c is cell:
            cells += [replace(c, lines=head, sign_lines=0), replace(c, row=row + 1, lines=rest)]
        elif c.row == row and c.rowspan == 1:      # the row's other cells stay above, as Word cuts a row
            cells += [c, replace(c, row=row + 1, lines=("",), fields=(), detail="", sign_lines=0)]
        elif c.row <= row < c.row + c.rowspan:
            cells.append(replace(c, rowspan=c.rowspan + 1))
        else:
            cells.append(replace(c, row=c.row + 1) if c.row > row else c)
    return replace(grid, nrows=grid.nrows + 1, cells=tuple(cells))
