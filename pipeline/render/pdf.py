"""Document → print-ready PDF with reportlab: embedded Song font, A4, two-pass TOC, page numbers."""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from dataclasses import dataclass, replace
from typing import Mapping

from reportlab import rl_config
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle as RLStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate, Flowable, Frame, KeepTogether, NextPageTemplate, PageBreak as RLPageBreak, PageTemplate,
    Paragraph as RLParagraph, Spacer,
)
from reportlab.pdfbase import pdfdoc
from reportlab.platypus.paraparser import ParaFrag, ParaParser

from ..loader import load_style
from ..model import Style
from ..attachments import Attachment
from .document import AttachedPage, Document, FieldArea, Grid, GridCell, Heading, PageBreak, Para, Toc
from .fonts import song_font
from .pdf_grid import PAGE_SHARE_FOR_ONE_PIECE, RULE_WIDTH_PT, GridTable, grid_look, rows_fitting
from .pdf_lines import broken, leading_pt, measure, shown_text, text_object

rl_config.useA85 = 0    # binary streams: smaller files, and no ASCII85 encoding of every page and font
_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}
TABLE_GAP_PT = 6
PRODUCER = "shenbao"


@dataclass(frozen=True)
class TocEntry:
    level: int
    text: str
    page: int


@dataclass(frozen=True)
class FieldBox:
    """Where a value is written on the page: a table cell, a "label ____" line or a narrative's
    room (for the fields of a fillable blank)."""

    page: int                                   # 1-based
    rect: tuple[float, float, float, float]     # x0, y0, x1, y1 in points, origin bottom left
    cell: GridCell | None                       # None for a narrative's FieldArea
    key: str = ""                               # the FieldArea's key


@dataclass(frozen=True)
class PdfResult:
    data: bytes
    toc: tuple[TocEntry, ...]
    pages: int
    field_boxes: tuple[FieldBox, ...] = ()


def render_pdf(doc: Document, metadata_title: str = "", embedded_files: Mapping[str, bytes] | None = None) -> PdfResult:
    """The PDF of ``doc``, carrying ``embedded_files`` (name → contents) as its embedded files."""
    style = load_style()
    song_font()
    styles = _paragraph_styles(style)
    out = io.BytesIO()
    has_cover = any(isinstance(b, PageBreak) and b.end_of_cover for b in doc.blocks)
    template = _DocTemplate(out, style, title=metadata_title or doc.title, has_cover=has_cover,
                            embedded_files=embedded_files or {})
    story = _story(doc, styles, style)
    template.build(story)
    data = merge_attached_pdf_pages(out.getvalue(), template.placements)
    return PdfResult(data=data, toc=tuple(template.toc_entries), pages=template.page,
                     field_boxes=tuple(template.field_boxes))


# ---- styles -------------------------------------------------------------------------------

def _paragraph_styles(style: Style) -> dict[str, RLStyle]:
    out = {}
    for name, para in style.paragraphs.items():
        out[name] = RLStyle(
            name, fontName=style.pdf_font_name, fontSize=para.size_pt,
            leading=leading_pt(style, para), alignment=_ALIGN[para.align],
            firstLineIndent=para.first_line_indent_chars * para.size_pt, wordWrap="CJK",
        )
    return out


@lru_cache(maxsize=256)   # per render: each render makes its own base styles
def _aligned(base: RLStyle, align: str | None) -> RLStyle:
    if align is None or _ALIGN[align] == base.alignment:
        return base
    return RLStyle(f"{base.name}-{align}", parent=base, alignment=_ALIGN[align], firstLineIndent=0)


class SongParagraph(RLParagraph):
    """A Paragraph whose single-font text is broken with Chinese 避头尾 rules.

    When a long paragraph is split at a page end, the part carried over keeps the lines already
    broken for it (same width: the same frame) instead of breaking its whole rest again on every
    page, which made one long paragraph's layout quadratic in its length."""

    def breakLinesCJK(self, maxWidths):  # noqa: N802, ANN001, ANN201 (reportlab API)
        frags = self.frags
        plain = len(frags) == 1 and hasattr(frags[0], "text") and not hasattr(frags[0], "cbDefn")
        carried = getattr(self, "_carried_lines", None)
        widths = list(maxWidths) if isinstance(maxWidths, (list, tuple)) else [maxWidths]
        if carried is not None and all(abs(w - carried[0]) < 1e-6 for w in widths):
            return frags[0].clone(kind=0, lines=carried[1], ascent=frags[0].fontSize,
                                  descent=-0.2 * frags[0].fontSize)
        if not plain or getattr(self, "_splitpara", 0):
            return super().breakLinesCJK(maxWidths)
        frag = frags[0]
        lines = [(space, [line]) for space, line in broken(frag.text, tuple(widths), frag.fontName, frag.fontSize)]
        self._line_width = widths[-1]
        return frag.clone(kind=0, lines=lines, ascent=frag.fontSize, descent=-0.2 * frag.fontSize)

    def wrap(self, availWidth, availHeight):  # noqa: N803, ANN001, ANN201 (reportlab API)
        """The lines depend on the width alone: a paragraph wrapped again at the width it was
        last wrapped at (a table measures a cell, then draws it) keeps them."""
        if availWidth == getattr(self, "_wrapped_at", None) and "blPara" in self.__dict__:
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        if getattr(self, "width", None) == availWidth:
            self._wrapped_at = availWidth
        return size

    def drawPara(self, debug=0):  # noqa: N802, ANN001, ANN201 (reportlab API)
        """The lines as one text object, placed as reportlab places them (a third of its time
        went to setting up each line); reportlab's own drawing where it would stretch a line."""
        placed = self._placed_lines()
        if placed is None:
            return super().drawPara(debug)
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(self.blPara.textColor)
        canvas.addLiteral(text_object(canvas, self.blPara.fontName, self.blPara.fontSize, placed))
        canvas.restoreState()
        return None

    def _placed_lines(self) -> list[tuple[float, float, str]] | None:
        """(x, y, text) of each line of a plain paragraph; None where reportlab would set a
        line with word spacing (a line of hard spaces justified, or one wider than the frame)."""
        para, style = self.blPara, self.style
        if para.kind != 0 or len(self.frags) != 1 or self.bulletText or getattr(self, "_offsets", None) \
                or getattr(para, "us_lines", None) or getattr(para, "link", None):
            return None
        justify_last = getattr(self, "_JustifyLast", False)
        top = self.height - para.ascent
        placed = []
        for number, (unused, words) in enumerate(para.lines):
            text = " ".join(words)
            last = number == len(para.lines) - 1 and not justify_last
            shift = _line_shift(style.alignment, unused, last, text)
            if shift is None:
                return None
            x = style.leftIndent + (style.firstLineIndent if number == 0 else 0.0) + shift
            placed.append((x, top - number * style.leading, text))
        return placed

    def split(self, availWidth, availHeight):  # noqa: N803, ANN001, ANN201 (reportlab API)
        parts = super().split(availWidth, availHeight)
        width = getattr(self, "_line_width", None)
        if len(parts) == 2 and width is not None and self.blPara.kind == 0 and len(parts[1].frags) == 1:
            kept = len(parts[0].blPara.lines)
            parts[1]._carried_lines = (width, self.blPara.lines[kept:])
            parts[1]._line_width = width
        return parts


def _line_shift(alignment: int, unused: float, last: bool, text: str) -> float | None:
    """How far right reportlab sets a line of one word with ``unused`` width left over; None
    where it would spread the line's hard spaces instead (paragraph.py's _…DrawParaLine)."""
    if alignment == TA_JUSTIFY:
        stretched = not (-1e-8 < unused <= 1e-8 or (last and unused > -1e-8))
    else:
        stretched = unused <= -1e-8
    if stretched and "\xa0" in text:
        return None
    return {TA_CENTER: 0.5 * unused, TA_RIGHT: unused}.get(alignment, 0.0)


# ---- page templates -----------------------------------------------------------------------

class _DocTemplate(BaseDocTemplate):
    def __init__(self, out: io.BytesIO, style: Style, title: str, has_cover: bool, embedded_files: Mapping[str, bytes]):
        page = style.page
        size = (page.width_mm * mm, page.height_mm * mm)
        super().__init__(
            out, pagesize=size, leftMargin=page.margin_left_mm * mm, rightMargin=page.margin_right_mm * mm,
            topMargin=page.margin_top_mm * mm, bottomMargin=page.margin_bottom_mm * mm,
            title=title, author=PRODUCER, creator=PRODUCER, producer=PRODUCER, subject=title,
            invariant=1, lang="zh-CN", initialFontName=style.pdf_font_name,
        )
        self.style = style
        self.embedded_files = embedded_files
        self.toc_entries: list[TocEntry] = []
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        cover = PageTemplate(id="cover", frames=[frame])
        numbered = PageTemplate(id="numbered", frames=[frame], onPage=self._footer)
        # the first template is the first page's: unnumbered only when that page is a cover
        self.addPageTemplates([cover, numbered] if has_cover else [numbered, cover])

    def _footer(self, canvas, doc) -> None:  # noqa: ANN001 (reportlab callback)
        text = self.style.page_number_format.format(n=doc.page)
        size = self.style.paragraph("body").size_pt * 0.75
        canvas.saveState()
        canvas.setFont(self.style.pdf_font_name, size)
        canvas.drawCentredString(self.pagesize[0] / 2, self.style.page.footer_distance_mm * mm, text)
        canvas.restoreState()

    def beforeDocument(self) -> None:
        self.toc_entries = []
        self.late_tocs: list[_LateToc] = []
        self.placements: list[Placement] = []
        self.field_boxes: list[FieldBox] = []

    def record_field_box(self, box: tuple[float, float, float, float], cell: GridCell | None, key: str = "") -> None:
        """Called while drawing: ``box`` in the canvas's current coordinates."""
        x0, y0 = self.canv.absolutePosition(box[0], box[1])
        x1, y1 = self.canv.absolutePosition(box[2], box[3])
        self.field_boxes.append(FieldBox(self.page, (x0, y0, x1, y1), cell, key))

    def afterFlowable(self, flowable: Flowable) -> None:
        heading = getattr(flowable, "toc_heading", None)
        if heading is None:
            return
        level, text, key = heading
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=level - 1, closed=False)
        if level == 1:
            self.toc_entries.append(TocEntry(level, text, self.page))

    def _endBuild(self) -> None:
        """After the last page and before the file is written, the TOC's page numbers are
        written into the form its page shows (one build instead of reportlab's two)."""
        self._doSave = 0
        super()._endBuild()
        for toc in self.late_tocs:
            toc.fill(self.canv, [entry.page for entry in self.toc_entries])
        _embed_files(self.canv._doc, self.embedded_files)
        self.canv.save()


def _embed_files(document: pdfdoc.PDFDocument, files: Mapping[str, bytes]) -> None:
    """Each file as an embedded file of the PDF: an entry of the catalog's /Names
    /EmbeddedFiles name tree (keys in sorted order), pointing at a file specification whose
    /EF /F stream holds the contents, compressed."""
    if not files:
        return
    names: list[object] = []
    for name in sorted(files):
        stream = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("EmbeddedFile")}),
                                  files[name], filters=[pdfdoc.PDFZCompress])
        spec = pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("Filespec"), "F": pdfdoc.PDFString(name), "UF": pdfdoc.PDFString(name),
            "EF": pdfdoc.PDFDictionary({"F": document.Reference(stream)}),
        })
        names += [pdfdoc.PDFString(name), document.Reference(spec)]
    tree = pdfdoc.PDFDictionary({"Names": pdfdoc.PDFArray(names)})
    document.Catalog.Names = pdfdoc.PDFDictionary({"EmbeddedFiles": document.Reference(tree)})


# ---- attached files -----------------------------------------------------------------------

MIN_ATTACHMENT_HEIGHT_PT = 200    # less room than this left on a page: start the file on the next


@dataclass(frozen=True)
class Placement:
    """Where a page of an attached PDF goes: a rectangle on a page of the output."""

    page: int                      # 1-based page of the output
    box: tuple[float, float, float, float]   # x, y, width, height in points
    attachment: Attachment
    index: int


class _AttachedPageFlowable(Flowable):
    """Takes the rest of the frame; draws an image there, or records the box for a PDF page
    that is merged in after the build (so the TOC and page numbers count it)."""

    def __init__(self, page: AttachedPage):
        super().__init__()
        self.page = page

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:  # noqa: D102
        self.width, self.height = avail_width, max(avail_height, MIN_ATTACHMENT_HEIGHT_PT)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:  # noqa: D102
        return []

    def draw(self) -> None:
        attachment = self.page.attachment
        x, y, w, h = _fit(attachment.width, attachment.height, self.width, self.height)
        if attachment.kind == "image":
            self.canv.drawImage(str(attachment.path), x, y, w, h)
            return
        origin_x, origin_y = self.canv.absolutePosition(0, 0)
        doc = self.canv._doctemplate
        doc.placements.append(Placement(self.canv.getPageNumber(), (origin_x, origin_y, self.width, self.height),
                                        attachment, self.page.index))


def _fit(width: float, height: float, box_width: float, box_height: float) -> tuple[float, float, float, float]:
    """The largest box of the given proportions inside the frame, centred, at its top."""
    scale = min(box_width / width, box_height / height)
    w, h = width * scale, height * scale
    return (box_width - w) / 2, box_height - h, w, h


def merge_attached_pdf_pages(data: bytes, placements: list[Placement]) -> bytes:
    """Draw each attached PDF page into the box the build kept for it."""
    if not placements:
        return data
    from pypdf import PdfReader, PdfWriter, Transformation   # only for attached PDFs: ≈60 ms to import

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    sources: dict[Path, PdfWriter] = {}
    for placement in placements:
        path = placement.attachment.path
        if path not in sources:
            sources[path] = PdfWriter(clone_from=PdfReader(path))
        source = sources[path].pages[placement.index]
        if source.rotation:
            source.transfer_rotation_to_content()
        box = source.mediabox
        x, y, w, h = placement.box
        dx, dy, fitted_w, _ = _fit(float(box.width), float(box.height), w, h)
        scale = fitted_w / float(box.width)
        move = Transformation().translate(-float(box.left), -float(box.bottom)).scale(scale).translate(x + dx, y + dy)
        writer.pages[placement.page - 1].merge_transformed_page(source, move)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# ---- story --------------------------------------------------------------------------------

def _story(doc: Document, styles: dict[str, RLStyle], style: Style) -> list[Flowable]:
    story: list[Flowable] = []
    headings = 0
    for block, previous in zip(doc.blocks, [None, *doc.blocks]):
        if isinstance(block, Para) and isinstance(previous, Grid) and previous.keep_with_next \
                and not block.keep_with_next:   # a note that is also the next table's caption goes with that
            gap = story.pop().height if previous.header_rows else 0.0     # the Spacer under a data table
            story[-1] = _TableWithNote(story[-1], _paragraph(block, styles), style.page.text_height_mm * mm, gap)
        elif isinstance(block, Para):
            story.append(_paragraph(block, styles))
        elif isinstance(block, Heading):
            headings += 1
            story.append(_heading(block, styles, f"h{headings}"))
        elif isinstance(block, Grid):
            story.extend(_kept_with_start(_pop_kept_with_next(story), _tables(block, style), block))
            if block.header_rows:
                story.append(Spacer(1, TABLE_GAP_PT))   # a data table does not touch the text below
        elif isinstance(block, Toc):
            story.extend(_toc(block, _toc_entries(doc), styles, style))
        elif isinstance(block, PageBreak):
            if block.end_of_cover:
                story.append(NextPageTemplate("numbered"))
            story.append(RLPageBreak())
        elif isinstance(block, AttachedPage):
            story.append(_AttachedPageFlowable(block))
        elif isinstance(block, FieldArea):
            story.append(_FieldAreaFlowable(block, leading_pt(style, style.paragraph("body"))))
    return story


MIN_ROWS_EACH_SIDE = 2    # a data table cut by the page keeps this many of its rows on either page


def _pop_kept_with_next(story: list[Flowable]) -> list[Flowable]:
    """The flowables at the end of ``story`` kept with what comes next (a heading, a caption)."""
    lead: list[Flowable] = []
    while story and getattr(story[-1], "keepWithNext", 0) and isinstance(story[-1], RLParagraph):
        lead.insert(0, story.pop())
    return lead


def _kept_with_start(lead: list[Flowable], tables: list[Flowable], grid: Grid) -> list[Flowable]:
    if not lead:
        return tables
    if len(tables) != 1 or not grid.header_rows or grid.keep_with_next \
            or grid.nrows - grid.header_rows < 2 * MIN_ROWS_EACH_SIDE:
        return [*lead, *tables]            # reportlab keeps them together (a short or form table)
    return [_KeptWithTableStart(lead, tables[0], grid.header_rows)]


class _KeptWithTableStart(KeepTogether):
    """A heading or caption kept with the start of a data table, as Word keeps a paragraph with
    the first row of the table after it: they move to the next page only when the table's
    header and first rows cannot follow them on this one. reportlab keeps such a run together
    whole, so a caption before a long table took it to a new page and left the page before as
    little as 6 % full. The table is cut so that neither page holds fewer than
    MIN_ROWS_EACH_SIDE of its rows."""

    def __init__(self, lead: list[Flowable], table: GridTable, header_rows: int):
        for flowable in lead:
            flowable.__dict__["keepWithNext"] = 0      # this decides, not reportlab's grouping
        super().__init__([*lead, table])
        self.lead, self.table, self.header_rows = lead, table, header_rows

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:  # noqa: D102
        whole = super().split(avail_width, avail_height)    # reportlab's: all here, or all on the next page
        if not whole or not isinstance(whole[0], type(self.FrameBreak)):
            return whole                                    # no move to the next page
        lead_height = sum(f.wrap(avail_width, avail_height)[1] + f.getSpaceAfter() for f in self.lead)
        room = avail_height - lead_height - self.table.getSpaceBefore()
        rows = self.table.row_heights
        data_rows = len(rows) - self.header_rows
        fitting = min(rows_fitting(rows, room) - self.header_rows,
                      data_rows - MIN_ROWS_EACH_SIDE)       # and enough go on with the rest
        if fitting < MIN_ROWS_EACH_SIDE:
            return whole
        cut = sum(rows[:self.header_rows + fitting])
        parts = self.table.split(avail_width, cut + 1e-3)
        if len(parts) != 2:
            return whole
        return [*self.lead, parts[0], self.FrameBreak(), parts[1]]    # the rest starts the next page,
        # not the room the rows held back leave here (under the header again, fewer rows on)


class _TableWithNote(Flowable):
    """A table and the short note under it (the form's 备注), which never goes to a page of its
    own: when the two do not fit, the table is cut higher, so its last rows go on with the note.
    A note that is also the caption of the table after it is left to that table: reportlab keeps
    flowables marked keep-with-next together by starting the whole run on a new page, which
    would take the table above along and leave the page before it empty."""

    def __init__(self, table: Flowable, note: Flowable, page_height: float, gap: float = 0.0):
        super().__init__()
        self.table, self.note, self.page_height, self.gap = table, note, page_height, gap
        self._note_height = self._table_width = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:  # noqa: D102
        _, note = self.note.wrap(avail_width, avail_height)
        self._note_height = note + self.note.getSpaceBefore() + self.gap
        self._table_width, table = self.table.wrap(avail_width, avail_height - self._note_height)
        self.width, self.height = max(self._table_width, avail_width), table + self._note_height
        return self.width, self.height

    def getSpaceBefore(self) -> float:  # noqa: N802, D102 (reportlab API)
        return self.table.getSpaceBefore()

    def getSpaceAfter(self) -> float:  # noqa: N802, D102 (reportlab API)
        return self.note.getSpaceAfter()

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:  # noqa: D102
        self.wrap(avail_width, avail_height)
        table_fits = self.table.wrap(avail_width, avail_height)[1] <= avail_height
        # the table is cut where it would be alone; only its last page leaves room for the note
        room = avail_height - self._note_height if table_fits else avail_height
        parts = self.table.split(avail_width, room)
        if len(parts) < 2 and table_fits and isinstance(self.table, GridTable):
            parts = self.table.divide_last_row(avail_width, room)     # its last lines go on with the note
        if len(parts) >= 2:
            return [*parts[:-1], _TableWithNote(parts[-1], self.note, self.page_height, self.gap)]
        if table_fits and self.height > self.page_height:
            return [self.table, self.note]       # together they fill more than a page
        return []                                # both go on to the next page

    def draw(self) -> None:
        self.table.drawOn(self.canv, (self.width - self._table_width) / 2, self._note_height)
        self.note.drawOn(self.canv, 0, 0)        # after the table: text is read in this order


FIELD_AREA_RULE_GREY = 0.6


class _FieldAreaFlowable(Flowable):
    """A ruled box of ``lines`` body lines where a narrative is written (fillable blank)."""

    def __init__(self, area: FieldArea, line_height: float):
        super().__init__()
        self.area, self.line_height = area, line_height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:  # noqa: D102
        self.width, self.height = avail_width, self.area.lines * self.line_height
        return self.width, self.height

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.setStrokeGray(FIELD_AREA_RULE_GREY)
        self.canv.setLineWidth(RULE_WIDTH_PT)
        self.canv.rect(0, 0, self.width, self.height)
        self.canv.restoreState()
        self.canv._doctemplate.record_field_box((0, 0, self.width, self.height), None, self.area.key)


def _song(text: str, style: RLStyle) -> SongParagraph:
    """A paragraph of plain text, its one fragment made directly: reportlab's markup parser
    (an HTML parser per paragraph) was a third of the PDF's time. Runs of spaces are kept (the
    form's "年  月   日")."""
    shown = shown_text(text)
    return SongParagraph(shown, style, frags=[_fragment_of(style).clone(text=shown)])


@lru_cache(maxsize=256)     # by the style object itself: hashing its colour was 3 % of the build
def _fragment_of(style: RLStyle) -> ParaFrag:
    return _style_fragment(style.fontName, style.fontSize, style.textColor)


@lru_cache(maxsize=64)
def _style_fragment(font: str, size: float, color: object) -> ParaFrag:
    """The fragment reportlab's parser makes for a character in this font, size and colour."""
    probe = RLStyle("probe", fontName=font, fontSize=size, textColor=color)
    return ParaParser().parse("x", probe)[1][0]


def _paragraph(para: Para, styles: dict[str, RLStyle]) -> RLParagraph:
    flowable = _song(para.text, _aligned(styles[para.style], para.align))
    flowable.keepWithNext = para.keep_with_next
    return flowable


def _heading(heading: Heading, styles: dict[str, RLStyle], key: str) -> RLParagraph:
    para = _song(heading.text, styles[f"heading{heading.level}"])
    para.toc_heading = (heading.level, heading.text, key)
    para.keepWithNext = True
    return para


def _toc_entries(doc: Document) -> list[tuple[str, str]]:
    """(text, bookmark key) of each level-1 heading, keyed as :func:`_story` keys them."""
    headings = [b for b in doc.blocks if isinstance(b, Heading)]
    return [(h.text, f"h{n}") for n, h in enumerate(headings, 1) if h.level == 1]


def _toc(toc: Toc, entries: list[tuple[str, str]], styles: dict[str, RLStyle], style: Style) -> list[Flowable]:
    return [_song(toc.title, styles["toc_title"]), _LateToc(entries, styles["toc1"])]


TOC_FORM = "shenbao-toc"
TOC_ROOM_BEFORE_NUMBER = 8 * mm      # an entry's text stops this far from the right edge
TOC_PADDING_PT = 3                    # above and below each entry
TOC_LEADER = " . "


class _LateToc(Flowable):
    """The table of contents, laid out in the document's one build: its lines (the level-1
    headings) are known before, their page numbers only at the end. The page shows a form
    XObject that :meth:`fill` draws after the last page (reportlab would build twice): each
    entry's text, then dot leaders up to its page number at the right edge; each entry links
    to its heading."""

    def __init__(self, entries: list[tuple[str, str]], entry_style: RLStyle):
        super().__init__()
        self.entries, self.entry_style = entries, entry_style
        self.avail_width = 0.0
        self.entry_lines: list[list[tuple[float, str]]] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:  # noqa: D102
        style = self.entry_style
        self.avail_width = avail_width
        self.entry_lines = [broken(shown_text(text), (avail_width - TOC_ROOM_BEFORE_NUMBER,), style.fontName,
                                   style.fontSize) for text, _ in self.entries]
        self.width, self.height = avail_width, sum(self._entry_height(lines) for lines in self.entry_lines)
        return self.width, self.height

    def _entry_height(self, lines: list[tuple[float, str]]) -> float:
        return len(lines) * self.entry_style.leading + 2 * TOC_PADDING_PT

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:  # noqa: D102
        return []

    def draw(self) -> None:
        self.canv.doForm(TOC_FORM)
        top = self.height
        for lines, (_, key) in zip(self.entry_lines, self.entries):
            bottom = top - self._entry_height(lines)
            self.canv.linkRect("", key, (0, bottom, self.width, top), relative=1)
            top = bottom
        self.canv._doctemplate.late_tocs.append(self)

    def fill(self, canvas, pages: list[int]) -> None:  # noqa: ANN001 (reportlab canvas)
        style = self.entry_style
        width = measure(style.fontName, style.fontSize)
        placed = []
        top = self.height
        for lines, page in zip(self.entry_lines, pages):
            first = top - TOC_PADDING_PT - style.fontSize
            placed += [(0.0, first - k * style.leading, text) for k, (_, text) in enumerate(lines)]
            number = str(page)
            room = self.avail_width - width(lines[-1][1]) - width(number)
            leader = TOC_LEADER * max(int(room / width(TOC_LEADER)), 0)
            placed.append((self.avail_width - width(leader) - width(number), placed[-1][1], leader + number))
            top -= self._entry_height(lines)
        canvas.beginForm(TOC_FORM)
        canvas.setFillColor(style.textColor)
        canvas.addLiteral(text_object(canvas, style.fontName, style.fontSize, placed))
        canvas.endForm()


def _tables(grid: Grid, style: Style) -> list[Flowable]:
    """The grid as one table. One without merged rows that has a row taller than a page (a long
    value, a long cell of a pipe table) may break inside its rows: it could not be laid out at
    all otherwise. Header rows that leave a page no room for a row are printed once, not
    repeated."""
    table = GridTable(grid, grid_look(grid, style))
    if not table.cut_by_form and max(table.row_heights, default=0.0) > table.look.page_height * PAGE_SHARE_FOR_ONE_PIECE:
        table.splits_in_rows = True
    if grid.header_rows and not table.header_leaves_room():
        table = GridTable(replace(grid, header_rows=0), table.look, table.splits_in_rows)
    return [table]
