"""Cutting a form table's row at a page end (pipeline/render/table_pieces.py), on a model layout:
each paragraph wraps every 5 characters and a row is as tall as its tallest cell's lines."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.render.document import Grid, GridCell
from pipeline.render.table_pieces import MIN_LINES_EACH_SIDE, divide_row, paragraphs as joined_paragraphs

WIDTH = 5        # characters a line holds in the model layout


def wrap(cell: GridCell, paragraph: str) -> list[str]:
    return [paragraph[i:i + WIDTH] for i in range(0, len(paragraph), WIDTH)]


def height(grid: Grid) -> float:
    """Lines of each row's tallest cell (a cell spanning rows counts for its first)."""
    rows = [0] * grid.nrows
    for cell in grid.cells:
        lines = sum(max(len(wrap(cell, p)), 1) for p in cell.lines)
        rows[cell.row] = max(rows[cell.row], lines)
    return float(sum(rows))


def grid_with(value: tuple[str, ...], sign: int = 0) -> Grid:
    label = GridCell(row=1, col=0, rowspan=1, colspan=1, lines=("试点情况简介",), align="center")
    above = GridCell(row=0, col=0, rowspan=1, colspan=2, lines=("一行",), align="center")
    cell = GridCell(row=1, col=1, rowspan=1, colspan=1, lines=value, align="left", fields=("pilot_summary",),
                    sign_lines=sign)
    return Grid(widths_mm=(30.0, 100.0), nrows=2, cells=(above, label, cell))


def _cut_would_do(grid: Grid, value: list[str], kept: int, room: int) -> bool:
    """Keeping ``kept`` wrapped lines of the value above: fits, two lines of text each side."""
    lines = [(i, line) for i, p in enumerate(value) for line in wrap(value_of(grid), p) or [""]]
    if not 0 < kept < len(lines):
        return False
    head = grid_with(joined_paragraphs(lines[:kept]))
    text = lambda part: sum(1 for _, line in part if line.strip())  # noqa: E731
    return height(head) <= room and min(text(lines[:kept]), text(lines[kept:])) >= MIN_LINES_EACH_SIDE


def value_of(grid: Grid) -> GridCell:
    return next(c for c in grid.cells if c.fields)


paragraphs = st.lists(st.text(alphabet="甲乙丙丁戊己庚辛", min_size=0, max_size=40), min_size=1, max_size=6)


@given(paragraphs, st.integers(0, 3), st.integers(3, 30))
def test_a_cut_loses_nothing_and_keeps_two_lines_each_side(value: list[str], sign_count: int, room: int) -> None:
    sign = ("盖章：", "年  月  日", "", "")[:sign_count]
    grid = grid_with((*value, *sign), sign=sign_count)
    pieces = divide_row(grid, 1, height, float(room), wrap)
    text_lines = sum(len(wrap(value_of(grid), p)) for p in value)
    if pieces is None:        # no cut would do: none fits with two lines of text on each side
        assert not any(_cut_would_do(grid, value, kept, room) for kept in range(1, text_lines + len(value)))
        return
    head, rest = pieces
    above, below = value_of(head), value_of(rest)
    assert height(head) <= room
    assert "".join(above.lines) + "".join(below.lines) == "".join((*value, *sign))   # nothing lost, in order
    assert below.lines[len(below.lines) - sign_count:] == sign or sign_count == 0    # the signature goes on whole
    assert above.sign_lines == 0 and below.sign_lines == sign_count
    kept = [line for p in above.lines for line in wrap(above, p) if line.strip()]
    carried = [line for p in below.lines[:len(below.lines) - sign_count] for line in wrap(below, p) if line.strip()]
    assert len(kept) >= MIN_LINES_EACH_SIDE and len(carried) >= MIN_LINES_EACH_SIDE
    last = len(above.lines) - 1                                # cut where a line of its paragraph ends
    assert len(above.lines[last]) % WIDTH == 0 or above.lines[last] == value[last]


def test_the_row_labels_stay_above_and_the_rest_goes_on_under_empty_cells() -> None:
    grid = grid_with(("甲" * 40,))
    head, rest = divide_row(grid, 1, height, 5.0, wrap)
    assert [c.lines for c in head.cells if c.col == 0 and c.row == 1] == [("试点情况简介",)]
    assert [c.lines for c in rest.cells if c.col == 0] == [("",)]
    assert value_of(head).lines == ("甲" * 20,) and value_of(rest).lines == ("甲" * 20,)
