"""Narratives typed inside table cells (the case form is often one big table): the rows from the
first one that carries a heading of the form are read as paragraphs, heading cell first."""
from __future__ import annotations

from ..model import FormSpec, HeadingBlock, NarrativeBlock
from .anchors import Heading, enumerator, match_heading, norm
from .stream import Item, TableItem, TextItem

SHORT_LINE_SLACK = 2         # a PDF cell line this many characters shorter than the longest ends a paragraph
PARAGRAPH_END = tuple("。！？；：!?;:")


def form_headings(spec: FormSpec) -> list[Heading]:
    headings = []
    for block in spec.layout:
        if isinstance(block, HeadingBlock):
            headings.append(Heading.of(block.text))
        elif isinstance(block, NarrativeBlock):
            headings.extend(Heading.of(spec.field(ref).label) for ref in block.refs)
    return headings


def unfold_narrative_tables(spec: FormSpec, items: list[Item]) -> list[Item]:
    headings = form_headings(spec)
    out: list[Item] = []
    for item in items:
        start = _first_heading_row(item, headings) if isinstance(item, TableItem) else None
        if start is None:
            out.append(item)
            continue
        if start:
            out.append(TableItem(rows=item.rows[:start], aligns=item.aligns, paragraphs=item.paragraphs))
        for row in item.rows[start:]:
            for cell in row:
                out.extend(TextItem(p) for p in _cell_paragraphs(cell, item.paragraphs) if p.strip())
    return out


def _first_heading_row(table: TableItem, headings: list[Heading]) -> int | None:
    """The first row with a cell that opens with a numbered heading of the form (a cell of
    the form's own tables may hold words of a heading, never its enumerator)."""
    for r, row in enumerate(table.rows):
        for cell in row:
            first = cell.strip().split("\n", 1)[0]
            if enumerator(norm(first))[0] and any(match_heading(h, first) for h in headings):
                return r
    return None


def _cell_paragraphs(cell: str, paragraphs: bool) -> list[str]:
    """A DOCX cell's lines are its paragraphs; a PDF cell's are the lines it was wrapped into:
    a line shorter than the cell's longest, or one ending a sentence, closes a paragraph."""
    lines = cell.split("\n")
    if paragraphs:
        return lines
    longest = max((_width(l) for l in lines), default=0)
    out, current = [], ""
    for line in lines:
        current += line
        stripped = line.rstrip()
        if _width(line) < longest - SHORT_LINE_SLACK or stripped.endswith(PARAGRAPH_END) and _width(line) < longest:
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return out


def _width(line: str) -> float:
    """Width in em: a CJK character is one, a Latin one half."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in line.strip())


def headings_present(spec: FormSpec, items: list[Item], texts: tuple[str, ...]) -> set[str]:
    """Which of the headings ``texts`` stand in the document, as people type them."""
    paragraphs = [i.text for i in unfold_narrative_tables(spec, items) if isinstance(i, TextItem)]
    return {text for text in texts if any(match_heading(Heading.of(text), p) for p in paragraphs)}
