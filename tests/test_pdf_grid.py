"""Tables of the PDF, measured, cut and drawn by pipeline/render/pdf_grid.py.

The layout's own promises, over random grids: every cell is as tall as its lines need, a row
through which no cell is merged is exactly as tall as its tallest cell, and every line is set
inside its cell. And read back from rendered PDFs: a long data table repeats its header row on
every page it runs on and loses, repeats or reorders no row; a cell taller than a page runs on
and reads back whole."""
from __future__ import annotations

import io
import re

import pdfplumber
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import INPUTS, load_json
from pipeline.loader import load_form, load_style
from pipeline.render import render_form
from pipeline.render.document import CELL_PADDING_PT, Grid, GridCell
from pipeline.render.fonts import song_font
from pipeline.render.pdf_grid import GridTable, grid_look, lay_out

STYLE = load_style()
song_font()          # registered with reportlab, which measures the text
WORDS = st.text(alphabet=st.sampled_from(list("电子商务平台示范单位2019年万元ABC，。 ")), max_size=90)


@st.composite
def grids(draw: st.DrawFn) -> Grid:
    """A grid of 1–4 columns whose cells may be merged over rows and columns, every position
    covered once, as document.py makes them."""
    ncols = draw(st.integers(1, 4))
    nrows = draw(st.integers(1, 6))
    widths = tuple(draw(st.lists(st.floats(15, 60), min_size=ncols, max_size=ncols)))
    taken: set[tuple[int, int]] = set()
    cells = []
    for row in range(nrows):
        for col in range(ncols):
            if (row, col) in taken:
                continue
            colspan = draw(st.integers(1, ncols - col))
            while any((row, c) in taken for c in range(col, col + colspan)):
                colspan -= 1
            rowspan = draw(st.integers(1, nrows - row))
            taken |= {(r, c) for r in range(row, row + rowspan) for c in range(col, col + colspan)}
            lines = tuple(draw(st.lists(WORDS, min_size=0, max_size=3)))
            cells.append(GridCell(row, col, rowspan, colspan, lines, draw(st.sampled_from(["left", "center", "right"]))))
    return Grid(widths_mm=widths, nrows=nrows, cells=tuple(cells), kind=draw(st.sampled_from(["boxed", "lines"])))


@settings(max_examples=150, deadline=None)
@given(grids())
def test_every_cell_is_as_tall_as_its_lines_and_no_taller_than_it_must(grid: Grid) -> None:
    look = grid_look(grid, STYLE)
    layout = lay_out(grid, look)
    need = {t.cell: len(t.lines) * look.leading + look.top_padding + CELL_PADDING_PT for t in layout.texts}
    heights = layout.row_heights
    for cell, cell_need in need.items():
        assert sum(heights[cell.row:cell.row + cell.rowspan]) >= cell_need - 1e-6
    for row in range(grid.nrows):
        if any(c.row <= row < c.row + c.rowspan and c.rowspan > 1 for c in grid.cells):
            continue                                # a merged cell may add to it
        tallest = max((n for c, n in need.items() if c.row == row), default=0.0)
        assert abs(heights[row] - tallest) < 1e-6


@settings(max_examples=150, deadline=None)
@given(grids())
def test_every_line_is_set_inside_its_cell(grid: Grid) -> None:
    table = GridTable(grid, grid_look(grid, STYLE))
    for text in table.layout.texts:
        x0, bottom, x1, top = table._cell_box(text.cell)
        for x, baseline, line in table._placed(text):
            assert x0 + CELL_PADDING_PT - 1e-6 <= x
            assert bottom + CELL_PADDING_PT - 1e-6 <= baseline - 0.2 * table.look.size
            assert baseline + table.look.size <= top + 1e-6


def _pilot_with_overview(overview: str) -> bytes:
    data = load_json(INPUTS / "pilot-2020-region.json")
    data["narrative"]["basic"]["overview"] = overview
    return render_form(load_form("pilot-2020"), data, INPUTS).pdf


def _table_pages(pdf: bytes, header: str) -> list[list[list[str]]]:
    """The rows (cell texts) of the table whose first row is ``header``, page by page."""
    pages = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for table in page.extract_tables():
                rows = [[re.sub(r"\s+", "", cell or "") for cell in row] for row in table]
                if rows and "".join(rows[0]) == header:
                    pages.append(rows)
    return pages


def test_a_long_data_table_repeats_its_header_on_every_page_and_keeps_every_row() -> None:
    rows = [(f"甲{i:02d}", "说明" * (i % 7 + 1), f"{i}万元") for i in range(70)]
    overview = "| 项目 | 说明 | 金额 |\n|---|---|---|\n" + "".join(f"| {a} | {b} | {c} |\n" for a, b, c in rows)
    pages = _table_pages(_pilot_with_overview(overview), "项目说明金额")
    assert len(pages) >= 3                         # it runs on over pages, header first on each
    read = [tuple(row) for page in pages for row in page[1:]]
    assert read == rows


def test_a_data_table_cell_taller_than_a_page_runs_on_and_reads_back_whole() -> None:
    text = "".join(f"第{i}段说明文字，数据部分用表格形式。" for i in range(400))
    pages = _table_pages(_pilot_with_overview(f"| 项目 | 说明 |\n|---|---|\n| 甲 | {text} |\n| 乙 | 短 |"), "项目说明")
    assert len(pages) >= 3
    body = [row for page in pages for row in page[1:]]
    assert "".join(row[1] for row in body[:-1]) == text
    assert body[0][0] == "甲" and body[-1] == ["乙", "短"]


def test_a_merged_value_cell_taller_than_a_page_is_a_named_render_error(monkeypatch) -> None:  # noqa: ANN001
    """No form merges a value cell over rows, and the page may not end inside one: should a form
    do it with a value taller than a page, the render stops with a message, not a traceback."""
    import pytest
    from pipeline.errors import RenderError
    from pipeline.render.document import Document
    tall = Grid(widths_mm=(30.0, 120.0), nrows=2, cells=(
        GridCell(0, 0, 2, 1, ("意见",), "center"),
        GridCell(0, 1, 2, 1, ("字" * 6000,), "left", fields=("opinion",)),
    ))
    import pipeline.render as render_module
    monkeypatch.setattr(render_module, "build_document", lambda *args, **kwargs: Document(title="t", blocks=(tall,)))
    with pytest.raises(RenderError, match="超过一页"):
        render_module.render_form(load_form("pilot-2020"), None)


RUNS = st.text(alphabet=st.sampled_from(list("电子商务ABCxyz0123456789@./-（）。“”  ")), min_size=20, max_size=300)


@settings(max_examples=60, deadline=None)
@given(RUNS, st.floats(6, 30), st.floats(40, 690))
@example("7电《子/7C84B03@314x8@z、8.商电0）务1.34平电C0电A3  ，@", 7.8, 143.0)
def test_a_row_cut_at_the_page_end_leaves_a_head_no_taller_than_the_room(text: str, width: float, room: float) -> None:
    """The head of a row cut inside itself holds the lines that fit, broken again on their own:
    a run cut short may break at other places ("/7", "C8" were "/", "7C", "8" on their own, one
    line more than the room, and reportlab stopped: "Splitting error")."""
    cells = (GridCell(0, 0, 1, 1, ("栏",), "center", header=True), GridCell(1, 0, 1, 1, (text,), "left"))
    grid = Grid((width,), 2, cells, header_rows=1)
    table = GridTable(grid, grid_look(grid, STYLE), splits_in_rows=True)
    parts = table.split(500, room)
    if len(parts) == 2:
        assert parts[0].wrap(500, room)[1] <= room + 1e-6
