"""Document → editable Word file (python-docx plus raw OOXML where python-docx has no API).

Formatting lives in styles (docDefaults, Normal, Heading 1/2, TOC 1, 表格文字 …); runs carry
no direct formatting except underlined blanks. Output is deterministic: fixed core-properties
dates and zip entry times.
"""
from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, timezone
from xml.sax.saxutils import escape
from typing import Iterable

from docx import Document as new_word_document
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.styles.style import StyleFactory
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph as WordParagraph
from lxml import etree

from ..loader import load_style
from ..model import ParagraphStyle, Style
from .document import AttachedPage, Document, FieldArea, Grid, Heading, PageBreak, Para, Toc
from .pdf import CELL_PADDING_PT, TocEntry

FIXED_TIME = datetime(2020, 1, 1, tzinfo=timezone.utc)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
TWIPS_PER_MM = 1440 / 25.4
IMAGE_SHARE_OF_PAGE = 0.85      # an embedded image leaves room for its heading
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TOC_INSTRUCTION = ' TOC \\o "1-1" \\h \\z \\u '
EAST_ASIAN_SYMBOLS = "“”‘’…—·※√×"     # shared with Latin fonts; in a Chinese document drawn in 宋体

# Our paragraph style keys → (Word style name, styleId). Built-in names where Word has one.
WORD_STYLES: dict[str, tuple[str, str]] = {
    "body": ("Normal", "Normal"),
    "heading1": ("heading 1", "Heading1"),
    "heading2": ("heading 2", "Heading2"),
    "heading3": ("heading 3", "Heading3"),
    "toc1": ("toc 1", "TOC1"),
    "toc_title": ("TOC Heading", "TOCHeading"),
    "table_text": ("表格文字", "TableText"),
    "cover_label": ("封面附件号", "CoverLabel"),
    "cover_title": ("封面标题", "CoverTitle"),
    "cover_field": ("封面栏目", "CoverField"),
    "cover_issuer": ("封面编制单位", "CoverIssuer"),
    "doc_title": ("Title", "Title"),
    "note": ("说明文字", "Note"),
    "footer": ("footer", "Footer"),
}
_OOXML_ALIGN = {"left": "left", "center": "center", "right": "right", "justify": "both"}


def render_docx(doc: Document, toc: Iterable[TocEntry] = (), title: str = "") -> bytes:
    """The Word file of ``doc``; ``toc`` gives the cached TOC entries (from the PDF pass)."""
    style = load_style()
    word = new_word_document()
    _setup_package(word, style, title or doc.title)
    writer = _BodyWriter(word, style, list(toc))
    for block in doc.blocks:
        writer.add(block)
    writer.flush()
    _setup_section(word, style, has_cover=any(isinstance(b, PageBreak) and b.end_of_cover for b in doc.blocks))
    out = io.BytesIO()
    word.save(out)
    return _normalise_zip(out.getvalue())


# ---- package-level setup ------------------------------------------------------------------

def _setup_package(word: WordDocument, style: Style, title: str) -> None:
    props = word.core_properties
    props.title, props.author, props.last_modified_by = title, "shenbao", "shenbao"
    props.created = props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    props.revision = 1
    props.language = "zh-CN"
    _drop_stale_parts(word)
    _setup_settings(word)
    _setup_theme(word, style)
    _setup_font_table(word, style)
    _setup_doc_defaults(word, style)
    for key, para in style.paragraphs.items():
        _setup_paragraph_style(word, style, key, para)


# python-docx's template parts that describe some other document: Word 2010's copy of the
# styles (Calibri, 11 pt) and a thumbnail of an English page
STALE_PART_TYPES = ("/stylesWithEffects", "/metadata/thumbnail")


def _drop_stale_parts(word: WordDocument) -> None:
    """Dropping a relationship leaves its part out of the saved package."""
    for rels in (word.part.rels, word.part.package.rels):
        for r_id, rel in list(rels.items()):
            if rel.reltype.endswith(STALE_PART_TYPES):
                rels.pop(r_id)


def _word_style(word: WordDocument, key: str):  # noqa: ANN202 (python-docx style object)
    """The paragraph style, found by its id in styles.xml (iterating python-docx's styles
    builds an object for each of the template's ~160 styles)."""
    found = word.styles.element.xpath(f'w:style[@w:type="paragraph" and @w:styleId="{WORD_STYLES[key][1]}"]')
    return StyleFactory(found[0]) if found else None


def _set_style(paragraph: WordParagraph, key: str) -> None:
    """The paragraph's pStyle, written directly (python-docx's setter looks the style up in
    styles.xml every time — most of a long document's render time)."""
    paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = WORD_STYLES[key][1]


def _setup_settings(word: WordDocument) -> None:
    settings = word.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is None:
        lang = OxmlElement("w:themeFontLang")
        settings.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    # schema order: updateFields comes right after w:zoom … w:proofState etc.; before defaultTabStop
    settings.find(qn("w:defaultTabStop")).addprevious(update)


def _setup_theme(word: WordDocument, style: Style) -> None:
    for part in word.part.package.iter_parts():
        if str(part.partname).startswith("/word/theme/"):
            xml = part.blob.decode("utf-8")
            xml = xml.replace('<a:ea typeface=""/>', f'<a:ea typeface="{style.east_asia_font}"/>')
            part._blob = xml.encode("utf-8")


def _setup_font_table(word: WordDocument, style: Style) -> None:
    for rel in word.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            part = rel.target_part
            xml = part.blob.decode("utf-8")
            entry = (f'<w:font w:name="{style.east_asia_font}"><w:altName w:val="{style.east_asia_alt}"/>'
                     '<w:panose1 w:val="02010600030101010101"/><w:charset w:val="86"/>'
                     '<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>')
            part._blob = re.sub(r"(</w:fonts>)", entry + r"\1", xml).encode("utf-8")


def _fonts_element(style: Style) -> OxmlElement:
    fonts = OxmlElement("w:rFonts")
    for slot in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{slot}"), style.latin_font)
    fonts.set(qn("w:eastAsia"), style.east_asia_font)
    return fonts


def _setup_doc_defaults(word: WordDocument, style: Style) -> None:
    defaults = word.styles.element.find(qn("w:docDefaults"))
    body = style.paragraph("body")
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(r_pr):
        r_pr.remove(child)
    r_pr.append(_fonts_element(style))
    _append_size(r_pr, body.size_pt)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")
    r_pr.append(lang)
    p_pr_default = defaults.find(qn("w:pPrDefault"))
    if p_pr_default is None:
        p_pr_default = OxmlElement("w:pPrDefault")
        defaults.append(p_pr_default)
    for child in list(p_pr_default):
        p_pr_default.remove(child)
    p_pr = OxmlElement("w:pPr")
    p_pr.append(_no_hanging_punctuation())
    p_pr.append(_spacing(body.line_spacing))
    p_pr_default.append(p_pr)


def _no_hanging_punctuation() -> OxmlElement:
    """overflowPunct off, in docDefaults and every style (LibreOffice reads it from the style):
    otherwise LibreOffice lets a "、" or "，" at a line end hang past the margin and drops it
    from its PDF's text."""
    overflow = OxmlElement("w:overflowPunct")
    overflow.set(qn("w:val"), "0")
    return overflow


def _append_size(r_pr: OxmlElement, size_pt: float) -> None:
    for tag in ("w:sz", "w:szCs"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), str(round(size_pt * 2)))
        r_pr.append(el)


def _spacing(line_spacing: float) -> OxmlElement:
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:before"), "0")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(round(240 * line_spacing)))
    spacing.set(qn("w:lineRule"), "auto")
    return spacing


def _setup_paragraph_style(word: WordDocument, style: Style, key: str, para: ParagraphStyle) -> None:
    name, style_id = WORD_STYLES[key]
    styles = word.styles
    word_style = _word_style(word, key)
    if word_style is None:
        word_style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        word_style.element.set(qn("w:styleId"), style_id)
    el = word_style.element
    if key != "body":
        word_style.base_style = _word_style(word, "body")
    word_style.quick_style = True
    for tag in ("w:pPr", "w:rPr"):
        old = el.find(qn(tag))
        if old is not None:
            el.remove(old)
    el.append(_style_ppr(style, key, para))
    el.append(_style_rpr(style, para))


def _style_ppr(style: Style, key: str, para: ParagraphStyle) -> OxmlElement:
    p_pr = OxmlElement("w:pPr")
    if para.outline_level:
        p_pr.append(OxmlElement("w:keepNext"))
    if key == "toc1":
        tabs = OxmlElement("w:tabs")
        tab = OxmlElement("w:tab")
        tab.set(qn("w:val"), "right")
        tab.set(qn("w:leader"), "dot")
        tab.set(qn("w:pos"), str(round(style.page.text_width_mm * TWIPS_PER_MM)))
        tabs.append(tab)
        p_pr.append(tabs)
    p_pr.append(_no_hanging_punctuation())
    p_pr.append(_spacing(para.line_spacing))
    ind = OxmlElement("w:ind")
    ind.set(qn("w:firstLineChars"), str(round(para.first_line_indent_chars * 100)))
    ind.set(qn("w:firstLine"), str(round(para.first_line_indent_chars * para.size_pt * 20)))
    p_pr.append(ind)
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), _OOXML_ALIGN[para.align])
    p_pr.append(jc)
    if para.outline_level:
        lvl = OxmlElement("w:outlineLvl")
        lvl.set(qn("w:val"), str(para.outline_level - 1))
        p_pr.append(lvl)
    return p_pr


def _style_rpr(style: Style, para: ParagraphStyle) -> OxmlElement:
    r_pr = OxmlElement("w:rPr")
    r_pr.append(_fonts_element(style))
    for tag in ("w:b", "w:bCs", "w:i", "w:iCs"):
        off = OxmlElement(tag)
        off.set(qn("w:val"), "0")
        r_pr.append(off)
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "000000")
    r_pr.append(color)
    _append_size(r_pr, para.size_pt)
    return r_pr


def _setup_section(word: WordDocument, style: Style, has_cover: bool) -> None:
    section = word.sections[0]
    page = style.page
    section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
    section.top_margin, section.bottom_margin = Mm(page.margin_top_mm), Mm(page.margin_bottom_mm)
    section.left_margin, section.right_margin = Mm(page.margin_left_mm), Mm(page.margin_right_mm)
    section.footer_distance = Mm(page.footer_distance_mm)
    _fix_a4_twips(section, page.width_mm, page.height_mm)
    section.different_first_page_header_footer = has_cover
    footer_para = section.footer.paragraphs[0]
    footer_para.style = _word_style(word, "footer")
    before, after = style.page_number_format.split("{n}")
    footer_para.add_run(before)
    footer_para._p.append(_page_field())
    footer_para.add_run(after)


def _fix_a4_twips(section, width_mm: float, height_mm: float) -> None:  # noqa: ANN001
    """Word writes A4 as exactly 11906 × 16838 twips; Mm() rounding gives 11905."""
    pg_sz = section._sectPr.find(qn("w:pgSz"))
    pg_sz.set(qn("w:w"), str(round(width_mm * TWIPS_PER_MM)))
    pg_sz.set(qn("w:h"), str(round(height_mm * TWIPS_PER_MM)))


def _page_field() -> OxmlElement:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    return field


# ---- body ---------------------------------------------------------------------------------

class _BodyWriter:
    """Writes the body's WordprocessingML as text (python-docx's object model costs ~1 ms a
    table cell) and hands it to the document in pieces; python-docx is used only for what
    needs a package part (an embedded image)."""

    def __init__(self, word: WordDocument, style: Style, toc: list[TocEntry]):
        self.word, self.style, self.toc = word, style, toc
        self.break_pending = False
        self.pending: list[str] = []

    def add(self, block: object) -> None:
        if isinstance(block, Para):
            self._paragraph(block)
        elif isinstance(block, Heading):
            self.pending.append(self._p(f"heading{block.level}", block.text))
        elif isinstance(block, Grid):
            self._table(block)
        elif isinstance(block, Toc):
            self._toc(block)
        elif isinstance(block, PageBreak):
            self.break_pending = True
        elif isinstance(block, AttachedPage):
            self._attached(block)
        elif isinstance(block, FieldArea):   # room to write: empty body lines
            self.pending.extend(self._p("body", "") for _ in range(block.lines))

    def flush(self) -> None:
        """Moves the written XML into the document, before its section properties."""
        if not self.pending:
            return
        body = self.word.element.body
        wrapper = etree.fromstring(f'<w:body xmlns:w="{W_NS}">{"".join(self.pending)}</w:body>')
        sect_pr = body.find(qn("w:sectPr"))
        for child in list(wrapper):
            sect_pr.addprevious(child)
        self.pending = []

    def _p(self, style_key: str, text: str, align: str | None = None, keep_with_next: bool = False,
           no_indent: bool = False) -> str:
        """One paragraph; a page break waiting is put before it."""
        props = [f'<w:pStyle w:val="{WORD_STYLES[style_key][1]}"/>']
        if keep_with_next:
            props.append("<w:keepNext/>")
        if self.break_pending:
            props.append("<w:pageBreakBefore/>")
            self.break_pending = False
        if no_indent:
            props.append('<w:ind w:firstLine="0"/>')
        if align:
            props.append(f'<w:jc w:val="{_OOXML_ALIGN[align]}"/>')
        return f'<w:p><w:pPr>{"".join(props)}</w:pPr>{_run(text, self.style) if text else ""}</w:p>'

    def _paragraph(self, para: Para) -> None:
        align = para.align if para.align and para.align != self.style.paragraph(para.style).align else None
        self.pending.append(self._p(para.style, para.text, align, para.keep_with_next,
                                    no_indent=bool(align) and align != "justify"))

    def _attached(self, page: AttachedPage) -> None:
        """Images are embedded, fitted to the text area; a PDF is named (its pages are in the PDF)."""
        attachment = page.attachment
        if attachment.kind == "pdf" and page.index:
            return                       # one line names the whole PDF
        if attachment.kind != "image":
            text = f"（PDF 文件“{attachment.name}”，共 {attachment.pages} 页，见 PDF 版）"
            self.pending.append(self._p("note", text, "center", no_indent=True))
            return
        self.flush()
        paragraph = self.word.add_paragraph()
        _set_style(paragraph, "note")
        if self.break_pending:
            paragraph.paragraph_format.page_break_before = True
            self.break_pending = False
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = 0
        box_w, box_h = self.style.page.text_width_mm, self.style.page.text_height_mm * IMAGE_SHARE_OF_PAGE
        scale = min(box_w / attachment.width, box_h / attachment.height)
        paragraph.add_run().add_picture(str(attachment.path), width=Mm(attachment.width * scale))

    def _toc(self, toc: Toc) -> None:
        parts = [self._p("toc_title", toc.title)]
        entries = self.toc or [TocEntry(1, "", 0)]
        style_id = WORD_STYLES["toc1"][1]
        for i, entry in enumerate(entries):
            runs = []
            if i == 0:
                runs.append('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                            f'<w:r><w:instrText xml:space="preserve">{escape(TOC_INSTRUCTION)}</w:instrText></w:r>'
                            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
            if entry.text:
                runs.append(f"{_run(entry.text, self.style)}<w:r><w:tab/></w:r>{_run(str(entry.page), self.style)}")
            if i == len(entries) - 1:
                runs.append('<w:r><w:fldChar w:fldCharType="end"/></w:r>')
            parts.append(f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>{"".join(runs)}</w:p>')
        self.pending.append('<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
                            f'<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>{"".join(parts)}'
                            '</w:sdtContent></w:sdt>')

    def _table(self, grid: Grid) -> None:
        if self.break_pending:
            self.pending.append(self._p("body", ""))
        twips = [round(w * TWIPS_PER_MM) for w in grid.widths_mm]
        style = '<w:tblStyle w:val="TableGrid"/>' if grid.kind == "boxed" else ""
        margins = "".join(f'<w:{side} w:w="{round(CELL_PADDING_PT * 20)}" w:type="dxa"/>'
                          for side in ("top", "left", "bottom", "right"))
        out = [f'<w:tbl><w:tblPr>{style}<w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/>'
               f'<w:tblLayout w:type="fixed"/><w:tblCellMar>{margins}</w:tblCellMar>'
               '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
               'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
               *(f'<w:gridCol w:w="{w}"/>' for w in twips), "</w:tblGrid>"]
        starts = {(c.row, c.col): c for c in grid.cells}
        below = {(r, c.col): c for c in grid.cells for r in range(c.row + 1, c.row + c.rowspan)}
        for row in range(grid.nrows):
            header = "<w:tblHeader/>" if row < grid.header_rows else ""
            out.append(f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>")
            col = 0
            while col < len(twips):
                cell = starts.get((row, col)) or below.get((row, col))
                if cell is None:     # a column no cell covers: an empty cell keeps the grid whole
                    out.append(self._tc(twips[col], 1, None, None, grid.text_style))
                    col += 1
                    continue
                merge = None if cell.rowspan == 1 else "restart" if cell.row == row else "continue"
                content = cell if cell.row == row else None
                out.append(self._tc(sum(twips[col:col + cell.colspan]), cell.colspan, merge, content, grid.text_style,
                                    underline=cell.underline))
                col += cell.colspan
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self.pending.append("".join(out))

    def _tc(self, width: int, span: int, merge: str | None, cell, text_style: str,  # noqa: ANN001 (GridCell)
            underline: bool = False) -> str:
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
        align = f'<w:jc w:val="{_OOXML_ALIGN[cell.align]}"/>' if cell is not None else ""
        paragraphs = "".join(f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{align}</w:pPr>'
                             f'{_run(line, self.style) if line else ""}</w:p>' for line in lines)
        return f'<w:tc><w:tcPr>{"".join(props)}</w:tcPr>{paragraphs}</w:tc>'


def _run(text: str, style: Style) -> str:
    """A run of ``text``; one that holds a check box or Chinese quotes is marked East Asian
    (w:hint), so Word and WPS draw those shared symbols in 宋体, not the Latin face."""
    hint = any(ch in text for ch in (style.unticked, style.ticked, *EAST_ASIAN_SYMBOLS))
    props = '<w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr>' if hint else ""
    space = ' xml:space="preserve"' if text != text.strip() or "  " in text else ""
    return f"<w:r>{props}<w:t{space}>{escape(text)}</w:t></w:r>"


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed entry times so equal input gives equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
