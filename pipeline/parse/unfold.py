"""Narratives typed inside table cells (the case form is often one big table): the rows from the
first one that carries a heading of the form are read as paragraphs, heading cell first."""
from __future__ import annotations

from ..model import FormSpec, HeadingBlock, NarrativeBlock
from .anchors import Heading, enumerator, match_heading, norm
from .stream import Item, TableItem, TextItem, cell_paragraphs



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
        inner: TableItem | None = None
        for r in range(start, len(item.rows)):
            row = item.rows[r]
            if item.contents is None and len(row) > 1 and r > start:   # a PDF: a table typed inside the cell
                if inner is None or out[-1] is not inner:
                    inner = TableItem(rows=[], aligns=["center"] * len(row))
                    out.append(inner)
                inner.rows.append(list(row))
                continue
            for c, cell in enumerate(row):
                if item.contents is not None:          # the cell's paragraphs and tables as they stand
                    out.extend(i for i in item.contents[r][c] if not isinstance(i, TextItem) or i.text.strip())
                else:
                    out.extend(TextItem(p) for p in cell_paragraphs(cell) if p.strip())
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


def headings_present(spec: FormSpec, items: list[Item], texts: tuple[str, ...]) -> set[str]:
    """Which of the headings ``texts`` stand in the document, as people type them."""
    paragraphs = [i.text for i in unfold_narrative_tables(spec, items) if isinstance(i, TextItem)]
    return {text for text in texts if any(match_heading(Heading.of(text), p) for p in paragraphs)}
