"""Document → editable Word file, written as WordprocessingML text and zipped (no object model:
python-docx's costs ~1 ms a table cell, and importing it ~50 ms of every start).

Formatting lives in styles (docDefaults, Normal, Heading 1/2, TOC 1, 表格文字 …; see
docx_parts); runs carry no direct formatting but the East-Asian hint on symbols. Output is
deterministic: same document, same bytes.
"""
from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING, Iterable

from ..loader import load_style
from ..model import Style
from .document import CELL_PADDING_PT, AttachedPage, Document, FieldArea, Grid, GridCell, Heading, PageBreak, Para, Toc
from .table_pieces import may_run_on
from .docx_parts import (
    A_NS, EMU_PER_MM, OOXML_ALIGN, R_NS, TABLE_GRID_ID, W_NS, WORD_STYLES, XML_DECLARATION, Media, image_rel_id,
    package, section_xml, twips, xml_text,
)

if TYPE_CHECKING:
    from ..attachments import Attachment
    from .pdf import TocEntry

IMAGE_SHARE_OF_PAGE = 0.85      # an embedded image leaves room for its heading
TOC_INSTRUCTION = ' TOC \\o "1-1" \\h \\z \\u '
EAST_ASIAN_SYMBOLS = "“”‘’…—·※√×"     # shared with Latin fonts; in a Chinese document drawn in 宋体
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
IMAGE_MAGIC = {b"\x89PNG": "png", b"\xff\xd8": "jpg"}    # what attachments.inspect lets through


def render_docx(doc: Document, toc: Iterable[TocEntry] = (), title: str = "") -> bytes:
    """The Word file of ``doc``; ``toc`` gives the cached TOC entries (from the PDF pass)."""
    style = load_style()
    writer = _BodyWriter(style, [(entry.text, entry.page) for entry in toc])
    for block in doc.blocks:
        writer.add(block)
    has_cover = any(isinstance(b, PageBreak) and b.end_of_cover for b in doc.blocks)
    document_xml = (XML_DECLARATION + f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}" xmlns:wp="{WP_NS}">'
                    f'<w:body>{"".join(writer.parts)}{section_xml(style, has_cover)}</w:body></w:document>')
    return package(style, title or doc.title, document_xml, list(writer.media.values()))


class _BodyWriter:
    """The body's WordprocessingML, block by block, and the images it embeds."""

    def __init__(self, style: Style, toc: list[tuple[str, int]]):
        self.style, self.toc = style, toc
        self.break_pending = False
        self.parts: list[str] = []
        self.media: dict[str, Media] = {}      # by the image's SHA-256: one part per distinct image
        self.drawings = 0
        self.symbols = re.compile(f"[{re.escape(style.unticked + style.ticked + EAST_ASIAN_SYMBOLS)}]")

    def add(self, block: object) -> None:
        if isinstance(block, Para):
            self._paragraph(block)
        elif isinstance(block, Heading):
            self.parts.append(self._p(f"heading{block.level}", self._run(block.text)))
        elif isinstance(block, Grid):
            self._table(block)
        elif isinstance(block, Toc):
            self._toc(block)
        elif isinstance(block, PageBreak):
            self.break_pending = True
        elif isinstance(block, AttachedPage):
            self._attached(block)
        elif isinstance(block, FieldArea):   # room to write: empty body lines
            self.parts.extend(self._p("body") for _ in range(block.lines))

    def _p(self, style_key: str, runs: str = "", align: str | None = None, keep_with_next: bool = False,
           no_indent: bool = False) -> str:
        """One paragraph; a page break waiting is put before it. pPr children in schema order."""
        props = [f'<w:pStyle w:val="{WORD_STYLES[style_key][1]}"/>']
        if keep_with_next:
            props.append("<w:keepNext/>")
        if self.break_pending:
            props.append("<w:pageBreakBefore/>")
            self.break_pending = False
        if no_indent:
            props.append('<w:ind w:firstLine="0"/>')
        if align:
            props.append(f'<w:jc w:val="{OOXML_ALIGN[align]}"/>')
        return f'<w:p><w:pPr>{"".join(props)}</w:pPr>{runs}</w:p>'

    def _run(self, text: str) -> str:
        """A run of ``text``; one that holds a check box or Chinese quotes is marked East Asian
        (w:hint), so Word and WPS draw those shared symbols in 宋体, not the Latin face."""
        props = '<w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr>' if self.symbols.search(text) else ""
        space = ' xml:space="preserve"' if text != text.strip() or "  " in text else ""
        return f"<w:r>{props}<w:t{space}>{xml_text(text)}</w:t></w:r>"

    def _paragraph(self, para: Para) -> None:
        align = para.align if para.align and para.align != self.style.paragraph(para.style).align else None
        runs = self._run(para.text) if para.text else ""
        self.parts.append(self._p(para.style, runs, align, para.keep_with_next,
                                  no_indent=bool(align) and align != "justify"))

    def _attached(self, page: AttachedPage) -> None:
        """Images are embedded, fitted to the text area; a PDF is named (its pages are in the PDF)."""
        attachment = page.attachment
        if attachment.kind == "pdf" and page.index:
            return                       # one line names the whole PDF
        if attachment.kind != "image":
            text = f"（PDF 文件“{attachment.name}”，共 {attachment.pages} 页，见 PDF 版）"
            self.parts.append(self._p("note", self._run(text), "center", no_indent=True))
            return
        self.parts.append(self._p("note", self._picture(attachment), "center", no_indent=True))

    def _picture(self, attachment: Attachment) -> str:
        """A run holding the image inline, as wide as fits the text area and 85 % of its height."""
        media = self._embed(attachment.path.read_bytes())
        box_w, box_h = self.style.page.text_width_mm, self.style.page.text_height_mm * IMAGE_SHARE_OF_PAGE
        scale = min(box_w / attachment.width, box_h / attachment.height)
        cx = int(attachment.width * scale * EMU_PER_MM)
        cy = round(cx * attachment.height / attachment.width)
        self.drawings += 1
        extent = f'cx="{cx}" cy="{cy}"'
        return ('<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
                f'<wp:extent {extent}/><wp:docPr id="{self.drawings}" name="Picture {self.drawings}"/>'
                f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{A_NS}" noChangeAspect="1"/></wp:cNvGraphicFramePr>'
                f'<a:graphic xmlns:a="{A_NS}"><a:graphicData uri="{PIC_NS}"><pic:pic xmlns:pic="{PIC_NS}">'
                f'<pic:nvPicPr><pic:cNvPr id="0" name="{xml_text(attachment.name)}"/><pic:cNvPicPr/></pic:nvPicPr>'
                f'<pic:blipFill><a:blip r:embed="{media.rel_id}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
                f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext {extent}/></a:xfrm><a:prstGeom prst="rect">'
                "<a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>")

    def _embed(self, data: bytes) -> Media:
        key = hashlib.sha256(data).hexdigest()
        if key not in self.media:
            extension = next(ext for magic, ext in IMAGE_MAGIC.items() if data.startswith(magic))
            number = len(self.media)
            self.media[key] = Media(f"image{number + 1}.{extension}", image_rel_id(number), data)
        return self.media[key]

    def _toc(self, toc: Toc) -> None:
        """The TOC field in its content control, with the PDF's entries as its cached result."""
        begin = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                 f'<w:r><w:instrText xml:space="preserve">{xml_text(TOC_INSTRUCTION)}</w:instrText></w:r>'
                 '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        lines = [f"{self._run(text)}<w:r><w:tab/></w:r>{self._run(str(page))}"
                 for text, page in self.toc if text] or [""]
        lines[0] = begin + lines[0]
        lines[-1] += end
        style_id = WORD_STYLES["toc1"][1]
        entries = "".join(f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>{line}</w:p>' for line in lines)
        self.parts.append('<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
                          '<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>'
                          f'{self._p("toc_title", self._run(toc.title))}{entries}</w:sdtContent></w:sdt>')

    def _table(self, grid: Grid) -> None:
        if self.break_pending:
            self.parts.append(self._p("body"))
        widths = [twips(w) for w in grid.widths_mm]
        style = f'<w:tblStyle w:val="{TABLE_GRID_ID}"/>' if grid.kind == "boxed" else ""
        margins = "".join(f'<w:{side} w:w="{round(CELL_PADDING_PT * 20)}" w:type="dxa"/>'
                          for side in ("top", "left", "bottom", "right"))
        out = [f'<w:tbl><w:tblPr>{style}<w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/>'
               f'<w:tblLayout w:type="fixed"/><w:tblCellMar>{margins}</w:tblCellMar>'
               '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
               'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
               *(f'<w:gridCol w:w="{w}"/>' for w in widths), "</w:tblGrid>"]
        starts = {(c.row, c.col): c for c in grid.cells}
        below = {(r, c.col): c for c in grid.cells for r in range(c.row + 1, c.row + c.rowspan)}
        size = self.style.paragraph(grid.text_style).size_pt
        for row in range(grid.nrows):
            header = "<w:tblHeader/>" if row < grid.header_rows else ""
            keep = "" if may_run_on(grid, row, size) else "<w:cantSplit/>"   # as the PDF cuts a long value
            with_next = grid.keep_with_next and row == grid.nrows - 1       # the last row stays with the note
            out.append(f"<w:tr><w:trPr>{keep}{header}</w:trPr>")
            col = 0
            while col < len(widths):
                cell = starts.get((row, col)) or below.get((row, col))
                if cell is None:     # a column no cell covers: an empty cell keeps the grid whole
                    out.append(self._tc(widths[col], 1, None, None, grid.text_style))
                    col += 1
                    continue
                merge = None if cell.rowspan == 1 else "restart" if cell.row == row else "continue"
                content = cell if cell.row == row else None
                out.append(self._tc(sum(widths[col:col + cell.colspan]), cell.colspan, merge, content,
                                    grid.text_style, underline=cell.underline, keep_with_next=with_next))
                col += cell.colspan
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self.parts.append("".join(out))

    def _tc(self, width: int, span: int, merge: str | None, cell: GridCell | None, text_style: str,
            underline: bool = False, keep_with_next: bool = False) -> str:
        """One cell; tcPr children in schema order (tcW, gridSpan, vMerge, tcBorders, vAlign)."""
        props = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
        if span > 1:
            props.append(f'<w:gridSpan w:val="{span}"/>')
        if merge:
            props.append(f'<w:vMerge w:val="{merge}"/>' if merge == "restart" else "<w:vMerge/>")
        if underline:
            props.append('<w:tcBorders><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tcBorders>')
        props.append('<w:vAlign w:val="center"/>')
        style_id = WORD_STYLES[text_style][1]
        lines = cell.lines if cell is not None else ("",)
        align = f'<w:jc w:val="{OOXML_ALIGN[cell.align]}"/>' if cell is not None else ""
        keep = "<w:keepNext/>" if keep_with_next else ""
        paragraphs = "".join(f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{keep}{align}</w:pPr>'
                             f'{self._run(line) if line else ""}</w:p>' for line in lines)
        return f'<w:tc><w:tcPr>{"".join(props)}</w:tcPr>{paragraphs}</w:tc>'
