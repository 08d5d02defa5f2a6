"""The PDF's own table, paragraph and 目录 drawing (pdf_grid.py, pdf_lines.py) on inputs the
sample applications do not reach: what reportlab's Table, Paragraph and TableOfContents did
and the first version of our drawing got wrong."""
from __future__ import annotations

import io
from collections import Counter

import pdfplumber

from conftest import INPUTS, load_json
from pipeline.loader import load_form
from pipeline.render import render_form


def _pilot_with_overview(overview: str) -> bytes:
    data = load_json(INPUTS / "pilot-2020-region.json")
    data["narrative"]["basic"]["overview"] = overview
    return render_form(load_form("pilot-2020"), data, INPUTS).pdf


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
