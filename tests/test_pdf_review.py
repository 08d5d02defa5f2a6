"""The PDF's tables and line breaking on inputs the sample applications do not reach: a
column narrower than a character, a row no page holds after shorter rows, a caption's table cut
early. Each test names what went wrong (some of it reportlab's Table did as well)."""
from __future__ import annotations

import io
from collections import Counter

import pdfplumber

from pipeline.render.document import Document, Grid, GridCell, Para
from pipeline.render.pdf import render_pdf
from test_pdf_grid import _pilot_with_overview


def _chars(pdf: bytes) -> Counter[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return Counter(char["text"] for page in doc.pages for char in page.chars)


def test_a_pipe_table_of_many_columns_narrower_than_a_character_renders_every_cell() -> None:
    """60 columns leave each cell less room than one digit: a two-digit cell is set a digit a
    line (the line breaker failed on the last digit, with a traceback)."""
    columns = 60
    table = ("|" + "|".join(f"列{i}" for i in range(columns)) + "|\n|" + "---|" * columns + "\n|"
             + "|".join(f"{i}" for i in range(columns)) + "|\n")
    added = _chars(_pilot_with_overview(table)) - _chars(_pilot_with_overview("概况。"))
    wanted = Counter("".join(f"列{i}{i}" for i in range(columns)))
    assert all(added[ch] >= count for ch, count in wanted.items())


def _page_texts(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return ["".join((page.extract_text() or "").split()) for page in doc.pages]


def test_a_cell_taller_than_a_page_after_a_short_row_runs_on_from_the_page_it_starts_on() -> None:
    """A data table's row that no page can hold is cut where the page ends, as Word runs it on;
    moving it whole left the table's own header standing twice on one page (the rest set under
    the header again in the room the short row left)."""
    text = "".join(f"第{i}段栏目说明文字。" for i in range(400))
    pages = _page_texts(_pilot_with_overview(f"| 栏号 | 栏目内容 |\n|---|---|\n| 甲 | 短 |\n| 乙 | {text} |\n| 丙 | 尾 |"))
    on = [page for page in pages if "栏目内容" in page]
    assert len(on) >= 3
    assert all(page.count("栏目内容") == 1 for page in on)
    assert "第0段" in on[0] and "甲短" in on[0]


def _captioned_table(body_chars: int) -> list[str]:
    """Page texts of a paragraph, a caption and a data table whose last row is five lines tall."""
    cells = [GridCell(0, 0, 1, 1, ("栏目",), "center", header=True), GridCell(0, 1, 1, 1, ("内容",), "center", header=True)]
    for row, text in enumerate(["甲", "乙", "丙", "丁" * 130], start=1):
        cells += [GridCell(row, 0, 1, 1, (str(row),), "center"), GridCell(row, 1, 1, 1, (text,), "left")]
    doc = Document("t", (Para("正文" * (body_chars // 2), "body"), Para("表1 标题", "body", keep_with_next=True),
                         Grid((30.0, 126.0), 5, tuple(cells), header_rows=1)))
    return _page_texts(render_pdf(doc).data)


def test_a_captioned_table_cut_early_for_the_rows_after_it_goes_on_on_the_next_page() -> None:
    """A caption's table is cut higher than the page would allow so that two rows go on with the
    rest; the rest went into the room left on the same page, under the header again."""
    for body_chars in (480, 520, 560):
        pages = [page for page in _captioned_table(body_chars) if "栏目内容" in page]
        assert all(page.count("栏目内容") == 1 for page in pages), body_chars
        assert len(pages) == 1 or pages[-1].count("丁") > 100 and "3丙" in pages[-1]


def test_a_table_that_runs_rows_on_cuts_the_row_at_the_page_end_and_shows_its_header_once_a_page() -> None:
    """In a table with a row taller than a page every row runs on at a page end, as reportlab's
    splitInRow did: moved whole, a six-line row went into the room left under the header again."""
    rows = [("乙" if i == 12 else str(i), "很长的说明" * 300 if i == 12 else "中等长度的内容" * 22) for i in range(16)]
    table = "| 栏 | 栏目内容 |\n|---|---|\n" + "".join(f"| {a} | {b} |\n" for a, b in rows)
    pages = [page for page in _page_texts(_pilot_with_overview(table)) if "栏目内容" in page]
    assert len(pages) >= 4
    assert all(page.count("栏目内容") == 1 for page in pages)


def test_a_header_row_no_page_holds_with_a_row_is_printed_once_and_the_table_ends() -> None:
    """A pipe table's header cell taller than a page: repeated on every page, the header was cut
    and then set whole again above its own rest, page after page, without end."""
    header = "".join(f"第{i}栏表头说明。" for i in range(600))
    pdf = _pilot_with_overview(f"| 甲 | {header} |\n|---|---|\n| Z9 | Y8 |\n")
    text = "".join(_page_texts(pdf))
    assert text.count("第599栏表头说明") == 1 and text.count("第0栏表头说明") == 1
    assert "Z9" in text and "Y8" in text
