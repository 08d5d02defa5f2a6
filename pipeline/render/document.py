"""FormSpec + data → a renderer-neutral document: the one place that decides WHAT is printed.

The DOCX and PDF renderers only decide HOW each of these blocks looks.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Union

from ..loader import load_style
from ..attachments import Attachment, inspect, resolve
from ..model import (
    AppendixBlock, AttachmentLabelBlock, BodyBlock, ListBlock, Cell, CoverBlock, CoverLine, Field, FieldLineBlock, FieldType, FormSpec,
    HeadingBlock, NarrativeBlock, PageBreakBlock, RepeatRow, Style, TableBlock, TextBlock,
    TitleBlock, TocBlock,
)
from ..text import DataTable, Paragraph, split_narrative, word_count
from ..data import get_value
from .linebreak import tokens
from .values import BLANK_DATE, choice_label, choice_lines, format_value, yes_no_text

FIELD_LINE_WIDTHS_MM = (42.0, 84.0, 30.0)   # label | underlined value | "（盖章）"
COVER_GAPS = (2, 6, 7)   # blank cover_field lines: the cover fits one page at 1.44 single lines too
FILLABLE_NARRATIVE_LINES = 12   # body lines of room for each narrative in a fillable blank
FILLABLE_ROWS = 10              # rows of a repeated table in a fillable blank (at least)
CAPTION_MAX_CHARS = 60   # a paragraph this short right before (after) a table is its caption (note)
CELL_PADDING_PT = 2      # left and right (and top/bottom in boxed tables) of every cell, both renderers
PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class Para:
    text: str
    style: str                    # key of Style.paragraphs
    align: str | None = None      # overrides the style's alignment
    keep_with_next: bool = False  # a caption stays on the page of the table after it


@dataclass(frozen=True)
class Heading:
    text: str
    level: int


@dataclass(frozen=True)
class GridCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    lines: tuple[str, ...]
    align: str
    header: bool = False
    underline: bool = False       # "lines" grids: the value sits on a rule
    fields: tuple[str, ...] = ()  # value cells: the keys printed here, one per line group
    detail: str = ""              # a choice cell: key of the text written after the ticked box
    sign_lines: int = 0           # static signature lines at the bottom of a value cell


@dataclass(frozen=True)
class Grid:
    widths_mm: tuple[float, ...]
    nrows: int
    cells: tuple[GridCell, ...]
    header_rows: int = 0          # rows repeated at the top of each page
    kind: str = "boxed"           # "boxed": ruled table; "lines": label ____ lines, no box
    text_style: str = "table_text"
    keep_with_next: bool = False  # the short note under the table never goes to a page alone


@dataclass(frozen=True)
class FieldArea:
    """Room to write a narrative in a fillable blank: ``lines`` body lines, no text."""

    key: str
    lines: int


@dataclass(frozen=True)
class Toc:
    title: str


@dataclass(frozen=True)
class PageBreak:
    end_of_cover: bool = False    # pages before it carry no page number


@dataclass(frozen=True)
class AttachedPage:
    """One page of an attached file (an image, or page ``index`` of a PDF), drawn as large as
    the rest of the page allows."""

    attachment: Attachment
    index: int = 0


DocBlock = Union[Para, Heading, Grid, Toc, PageBreak, AttachedPage, FieldArea]


@dataclass(frozen=True)
class Document:
    title: str
    blocks: tuple[DocBlock, ...]

    @property
    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]


def build_document(spec: FormSpec, data: dict[str, Any] | None, base_dir: Path | None = None,
                   fillable: bool = False) -> Document:
    """The printed content of ``spec`` filled with ``data`` (None or {} gives the blank form);
    attached files are found relative to ``base_dir``. ``fillable`` lays out the blank for a
    PDF form: room for each narrative, no printed "年 月 日" under date fields."""
    builder = _Builder(spec, data or {}, load_style(), base_dir, fillable)
    for block in spec.layout:
        builder.add(block)
    return Document(title=spec.title, blocks=tuple(builder.blocks))


class _Builder:
    def __init__(self, spec: FormSpec, data: dict[str, Any], style: Style, base_dir: Path | None,
                 fillable: bool = False):
        self.spec, self.data, self.style, self.base_dir = spec, data, style, base_dir
        self.fillable = fillable
        self.blocks: list[DocBlock] = []

    def value(self, key: str) -> Any:
        return get_value(self.data, key)

    def add(self, block: Any) -> None:
        handler = getattr(self, f"_add_{type(block).__name__}")
        handler(block)

    # -- blocks ------------------------------------------------------------------------
    def _add_CoverBlock(self, block: CoverBlock) -> None:
        add = self.blocks.append
        if block.attachment:
            add(Para(block.attachment, "cover_label", "left"))
        self._blank_lines(COVER_GAPS[0])
        for line in block.title:
            add(Para(line, "cover_title"))
        self._blank_lines(COVER_GAPS[1])
        add(self._field_lines(block.lines, "cover_field"))
        self._blank_lines(COVER_GAPS[2])
        for line in block.issuer:
            add(Para(line, "cover_issuer"))
        add(PageBreak(end_of_cover=True))

    def _blank_lines(self, count: int) -> None:
        self.blocks.extend(Para("", "cover_field") for _ in range(count))

    def _add_TocBlock(self, block: TocBlock) -> None:
        self.blocks.append(Toc(self.style.toc_title))
        self.blocks.append(PageBreak())

    def _add_HeadingBlock(self, block: HeadingBlock) -> None:
        self.blocks.append(Heading(block.text, block.level))

    def _add_TitleBlock(self, block: TitleBlock) -> None:
        self.blocks.append(Para(block.text, "doc_title"))

    def _add_TextBlock(self, block: TextBlock) -> None:
        previous = self.blocks[-1] if self.blocks else None
        if isinstance(previous, Grid) and block.paragraphs and not block.keep_with_next \
                and word_count(block.paragraphs[0]) <= CAPTION_MAX_CHARS:
            self.blocks[-1] = replace(previous, keep_with_next=True)   # the form's note on this table
        for text in block.paragraphs:
            self.blocks.append(Para(text, "note", block.align, keep_with_next=block.keep_with_next))

    def _add_AttachmentLabelBlock(self, block: AttachmentLabelBlock) -> None:
        self.blocks.append(Para(block.text, "cover_label", "left"))

    def _add_FieldLineBlock(self, block: FieldLineBlock) -> None:
        self.blocks.append(self._field_lines((block.line,), "table_text"))

    def _add_PageBreakBlock(self, block: PageBreakBlock) -> None:
        self.blocks.append(PageBreak())

    def _add_NarrativeBlock(self, block: NarrativeBlock) -> None:
        for ref in block.refs:
            self.blocks.append(Heading(self.spec.field(ref).label, block.level))
            self._add_narrative(ref)

    def _add_ListBlock(self, block: ListBlock) -> None:
        for ref in block.refs:
            self.blocks.append(Para(self.spec.field(ref).label, "note"))

    def _add_AppendixBlock(self, block: AppendixBlock) -> None:
        attached = [ref for ref in block.refs if isinstance(self.value(ref), list) and self.value(ref)]
        for number, ref in enumerate(attached, start=1):
            files = self.value(ref)
            self.blocks.append(PageBreak())
            prefix = block.prefix.replace("{n}", str(number))
            self.blocks.append(Heading(prefix + self.spec.field(ref).label.rstrip("。;；"), 1))
            for n, value in enumerate(files):
                attachment = inspect(resolve(str(value), self.base_dir))
                for index in range(attachment.pages):
                    if n or index:
                        self.blocks.append(PageBreak())
                    self.blocks.append(AttachedPage(attachment, index))

    def _add_BodyBlock(self, block: BodyBlock) -> None:
        self._add_narrative(block.ref)

    def _add_TableBlock(self, block: TableBlock) -> None:
        previous = self.blocks[-1] if self.blocks else None
        if isinstance(previous, Para) and previous.style == "note" and word_count(previous.text) <= CAPTION_MAX_CHARS:
            self.blocks[-1] = replace(previous, keep_with_next=True)   # the form's caption of this table
        self.blocks.append(_TableBuilder(self).build(block))

    # -- pieces ------------------------------------------------------------------------
    def _field_lines(self, lines: tuple[CoverLine, ...], style: str) -> Grid:
        """"申 报 单 位：<value>（盖章）" lines: label, the value on a rule, an optional suffix."""
        cells = []
        for row, line in enumerate(lines):
            field = self.spec.field(line.value)
            text = self._plain_value(field, self.value(line.value))
            if not text and field.type is FieldType.DATE and not self.fillable:
                text = BLANK_DATE
            cells += [GridCell(row, 0, 1, 1, (line.label,), "left", header=True),
                      GridCell(row, 1, 1, 1, (text,), "center", underline=True, fields=(line.value,)),
                      GridCell(row, 2, 1, 1, (line.after,), "left", header=True)]
        return Grid(widths_mm=FIELD_LINE_WIDTHS_MM, nrows=len(lines), cells=tuple(cells),
                    kind="lines", text_style=style)

    def _plain_value(self, field: Field, value: Any) -> str:
        if field.type is FieldType.CHOICE:
            return choice_label(field, value)
        return format_value(field, value)

    def _add_narrative(self, key: str) -> None:
        if self.fillable:
            self.blocks.append(FieldArea(key, FILLABLE_NARRATIVE_LINES))
        else:
            self._add_narrative_text(self.value(key))

    def _add_narrative_text(self, text: Any) -> None:
        parts = split_narrative(text) if isinstance(text, str) else []
        if not parts:
            self.blocks.extend(Para("", "body") for _ in range(2))
        for part, following in zip(parts, [*parts[1:], None]):
            if isinstance(part, Paragraph):
                caption = isinstance(following, DataTable) and word_count(part.text) <= CAPTION_MAX_CHARS
                self.blocks.append(Para(part.text, "body", keep_with_next=caption))
            else:
                self.blocks.append(data_table_grid(part, self.style))


def data_table_grid(table: DataTable, style: Style) -> Grid:
    """A narrative's pipe table across the text width, header row repeated on each page;
    columns share the width by how much text they hold."""
    ncols = len(table.header)
    rows = [table.header] + [tuple(r) + ("",) * (ncols - len(r)) for r in table.rows]
    widths = column_widths([[row[c] for row in rows] for c in range(ncols)], style.page.text_width_mm)
    cells = [GridCell(0, c, 1, 1, (text,), "center", header=True) for c, text in enumerate(table.header)]
    for r, row in enumerate(rows[1:], start=1):
        cells.extend(GridCell(r, c, 1, 1, (row[c],), table.aligns[c] if c < len(table.aligns) else "center")
                     for c in range(ncols))
    return fit_columns(Grid(widths_mm=widths, nrows=len(rows), cells=tuple(cells), header_rows=1), style)


def column_widths(columns: list[list[str]], total_mm: float) -> tuple[float, ...]:
    """Widths in proportion to each column's longest text (in ems), each between a minimum and
    half the table, summing to ``total_mm``."""
    def ems(text: str) -> float:
        return sum(1.0 if ord(ch) >= 0x2E80 else 0.55 for ch in text)
    floor, ceiling = 3.0, max(3.0, ems("一") * 40)
    natural = [min(max(max((ems(t) for t in col), default=0), floor), ceiling) for col in columns]
    share_cap = sum(natural) / 2 if len(columns) > 2 else sum(natural)
    weights = [min(n, share_cap) for n in natural]
    return tuple(round(total_mm * w / sum(weights), 2) for w in weights)


@lru_cache(maxsize=1 << 14)         # the same characters and runs, cell after cell
def em_width(text: str) -> float:
    """A generous estimate of a text's width in ems, for the Song face of the PDF and for Word's
    宋体 + Times New Roman: CJK 1, capitals and wide letters 0.75, other Latin 0.58."""
    return sum(1.0 if ord(ch) >= 0x2E80 else 0.75 if ch.isupper() or ch in "@%&mwMW" else 0.58 for ch in text)


def fit_columns(grid: Grid, style: Style, keep_first: bool = False) -> Grid:
    """Columns widened until the widest unbreakable run of each cell (a number, a date, a code,
    a word) fits, the width taken from columns with room to spare (with ``keep_first`` not from
    the first: a form's block labels, by which readers of the printed form find its rows); the
    table keeps its total width. What cannot be made to fit is left to the line breaker."""
    size = style.paragraph(grid.text_style).size_pt
    widths = list(grid.widths_mm)
    needs = [(cell.col, cell.colspan, _run_mm(_widest_run(cell.lines), size)) for cell in grid.cells]
    # a column gives width only down to what its own cells need, and never below three
    # characters (a label narrower than that reads as a column of single characters)
    floor = [min(w, _run_mm(3, size)) for w in widths]
    for col, span, need in needs:
        share = sum(widths[col:col + span])
        for c in range(col, col + span):
            floor[c] = max(floor[c], min(widths[c], need * widths[c] / share) if span > 1 else need)
    for col, span, need in sorted(needs, key=lambda n: n[1]):      # single columns first
        inside = range(col, col + span)
        short = need - sum(widths[c] for c in inside)
        spare = {c: widths[c] - floor[c] for c in range(int(keep_first), len(widths)) if c not in inside and widths[c] > floor[c]}
        taken = min(short, sum(spare.values()))
        if taken <= 0:
            continue
        total_spare = sum(spare.values())
        for c, room in spare.items():
            widths[c] -= taken * room / total_spare
        widths[col + span - 1] += taken
    if widths == list(grid.widths_mm):
        return grid
    return replace(grid, widths_mm=tuple(round(w, 2) for w in widths))


def _widest_run(lines: tuple[str, ...]) -> float:
    """E-mails do not count: one longer than its cell breaks after "@" or before a "."."""
    runs = {t for line in lines for t in tokens(line)}      # a long value repeats its characters
    return max((em_width(t) for t in runs if not t.isspace() and "@" not in t), default=0.0)


def _run_mm(ems: float, size_pt: float) -> float:
    return (ems * size_pt + 2 * CELL_PADDING_PT + 1) / PT_PER_MM


def row_key(ref: str, index: int, column: str) -> str:
    """The dotted key of one cell of a repeated row: "demo.0.name"."""
    return f"{ref}.{index}.{column}"


class _TableBuilder:
    """Lays a TableBlock's rows on a grid, expanding repeated rows and vertical merges."""

    def __init__(self, owner: _Builder):
        self.owner = owner
        self.cells: list[GridCell] = []
        self.row = 0
        self.covered: dict[int, int] = {}   # column → remaining rows of a vertical merge above

    def build(self, block: TableBlock) -> Grid:
        for row in block.rows:
            if isinstance(row, RepeatRow):
                self._repeat(row, len(block.widths_mm))
            else:
                self._static_row(row)
        return fit_columns(Grid(widths_mm=block.widths_mm, nrows=self.row, cells=tuple(self.cells),
                                header_rows=block.header_rows), self.owner.style, keep_first=True)

    def _static_row(self, row: tuple[Cell, ...]) -> None:
        col = 0
        busy = {c for c, n in self.covered.items() if n > 0}
        for cell in row:
            while col in busy:
                col += 1
            value = cell.kind == "value"
            self.cells.append(GridCell(self.row, col, cell.rows, cell.span, self._lines(cell),
                                       cell.align, header=not value,
                                       fields=(cell.ref, *cell.also) if value else (),
                                       detail=cell.detail, sign_lines=len(cell.sign)))
            if cell.rows > 1:
                for c in range(col, col + cell.span):
                    self.covered[c] = cell.rows
            col += cell.span
        self.covered = {c: n - 1 for c, n in self.covered.items() if n - 1 > 0}
        self.row += 1

    def _repeat(self, repeat: RepeatRow, ncols: int) -> None:
        field = self.owner.spec.field(repeat.ref)
        rows = self.owner.value(repeat.ref)
        rows = rows if isinstance(rows, list) else []
        least = max(field.min_rows, FILLABLE_ROWS) if self.owner.fillable else field.min_rows
        for i in range(max(len(rows), least)):
            row = rows[i] if i < len(rows) and isinstance(rows[i], dict) else None
            serial = str(i + 1) if row is not None else ""
            self.cells.append(GridCell(self.row, 0, 1, 1, (serial,), "center"))
            for c, col in enumerate(field.columns[: ncols - 1], start=1):
                text = format_value(col, row.get(col.key)) if row else ""
                self.cells.append(GridCell(self.row, c, 1, 1, (text,), "center",
                                           fields=(row_key(repeat.ref, i, col.key),)))
            self.row += 1

    def _lines(self, cell: Cell) -> tuple[str, ...]:
        spec, style = self.owner.spec, self.owner.style
        if cell.kind == "text":
            lines = cell.text.split("\n")
        elif cell.kind == "label":
            lines = [spec.field(cell.ref).label]
        else:
            lines = self._value_lines(spec.field(cell.ref), cell, style)
        lines = lines + [""] * (cell.min_lines - len(lines))
        return tuple(lines)

    def _value_lines(self, field: Field, cell: Cell, style: Style) -> list[str]:
        value = self.owner.value(cell.ref)
        if field.type is FieldType.CHOICE:
            detail = str(self.owner.value(cell.detail) or "") if cell.detail else ""
            return choice_lines(style, field, value, detail, cell.option_rows)
        if field.type is FieldType.BOOL:
            return [yes_no_text(style, value)]
        lines = []
        for key in (cell.ref, *cell.also):
            text = format_value(self.owner.spec.field(key), self.owner.value(key))
            lines.extend(text.split("\n") if text else [""] if key == cell.ref else [])
        return lines + list(cell.sign)
