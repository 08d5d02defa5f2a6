"""A document read as a flat stream of paragraphs and tables, whatever file it came from.

Both the DOCX and the PDF readers produce this; the form reader then walks the form's layout
along it. Table rows hold each cell once, in reading order (cells merged from the left or from
above are not repeated).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Union

_SPACE = re.compile(r"\s+")
# a page number as printed: "- 3 -", "— 3 —", "3", "第 3 页"; the number is group 1
PAGE_NUMBER = re.compile(r"^[-—–－\s]*(?:第\s*)?(\d+)(?:\s*页)?[-—–－\s]*$")
FOOTER_ZONE_PT = 72          # lines this close to the bottom edge may be page numbers


def squash(text: str) -> str:
    """Text without white space: how two renderings of the same words are compared."""
    return _SPACE.sub("", text)


@dataclass
class TextItem:
    text: str
    open_end: bool = False     # PDF: its last line ran to the right edge mid-sentence
    page_start: bool = False   # PDF: first thing on its page, first line not indented


@dataclass
class TableItem:
    rows: list[list[str]]
    aligns: list[str] = field(default_factory=list)   # per column of the first row, when known
    paragraphs: bool = False   # a cell's lines are its paragraphs (DOCX), not the lines it wrapped into (PDF)


Item = Union[TextItem, TableItem]


def merge_page_breaks(items: list[Item]) -> list[Item]:
    """Join what a page break cut apart: table fragments (dropping a repeated header row) and
    paragraphs that run on to the next page."""
    out: list[Item] = []
    for item in items:
        previous = out[-1] if out else None
        if isinstance(item, TableItem) and isinstance(previous, TableItem):   # nothing stands between
            rows = item.rows[1:] if item.rows and previous.rows and item.rows[0] == previous.rows[0] else item.rows
            previous.rows.extend(rows)
        elif isinstance(item, TextItem) and isinstance(previous, TextItem) and previous.open_end and item.page_start:
            previous.text += item.text
            previous.open_end = item.open_end
        else:
            out.append(item)
    return out
