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
from typing import Iterable

from docx import Document as new_word_document
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table as WordTable, _Cell
from docx.text.paragraph import Paragraph as WordParagraph

from ..loader import load_style
from ..model import ParagraphStyle, Style
from .document import AttachedPage, Document, FieldArea, Grid, Heading, PageBreak, Para, Toc
from .pdf import CELL_PADDING_PT, TocEntry

FIXED_TIME = datetime(2020, 1, 1, tzinfo=timezone.utc)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
TWIPS_PER_MM = 1440 / 25.4
IMAGE_SHARE_OF_PAGE = 0.85      # an embedded image leaves room for its heading
TOC_INSTRUCTION = ' TOC \\o "1-1" \\h \\z \\u '

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
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
_OOXML_ALIGN = {"left": "left", "center": "center", "right": "right", "justify": "both"}


def render_docx(doc: Document, toc: Iterable[TocEntry] = (), title: str = "") -> bytes:
    """The Word file of ``doc``; ``toc`` gives the cached TOC entries (from the PDF pass)."""
    style = load_style()
    word = new_word_document()
    _setup_package(word, style, title or doc.title)
    writer = _BodyWriter(word, style, list(toc))
    for block in doc.blocks:
        writer.add(block)
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
    style_id = WORD_STYLES[key][1]
    return next(s for s in word.styles if s.type == WD_STYLE_TYPE.PARAGRAPH and s.style_id == style_id)


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
    p_pr.append(_spacing(body.line_spacing))
    p_pr_default.append(p_pr)


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
    existing = [s for s in styles if s.type == WD_STYLE_TYPE.PARAGRAPH and s.style_id == style_id]
    if existing:
        word_style = existing[0]
    else:
        word_style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        word_style.element.set(qn("w:styleId"), style_id)
    el = word_style.element
    if key != "body":
        word_style.base_style = styles["Normal"]
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
    def __init__(self, word: WordDocument, style: Style, toc: list[TocEntry]):
        self.word, self.style, self.toc = word, style, toc
        self.break_pending = False

    def add(self, block: object) -> None:
        if isinstance(block, Para):
            self._paragraph(block)
        elif isinstance(block, Heading):
            self._heading(block)
        elif isinstance(block, Grid):
            self._table(block)
        elif isinstance(block, Toc):
            self._toc(block)
        elif isinstance(block, PageBreak):
            self.break_pending = True
        elif isinstance(block, AttachedPage):
            self._attached(block)
        elif isinstance(block, FieldArea):   # room to write: empty body lines
            for _ in range(block.lines):
                self._new_paragraph("body")

    def _new_paragraph(self, style_key: str) -> WordParagraph:
        paragraph = self.word.add_paragraph()
        _set_style(paragraph, style_key)
        if self.break_pending:
            paragraph.paragraph_format.page_break_before = True
            self.break_pending = False
        return paragraph

    def _paragraph(self, para: Para) -> None:
        paragraph = self._new_paragraph(para.style)
        if para.keep_with_next:
            paragraph.paragraph_format.keep_with_next = True
        if para.align and para.align != self.style.paragraph(para.style).align:
            paragraph.alignment = _ALIGN[para.align]
            if para.align != "justify":
                paragraph.paragraph_format.first_line_indent = 0
        if para.text:
            paragraph.add_run(para.text)

    def _attached(self, page: AttachedPage) -> None:
        """Images are embedded, fitted to the text area; a PDF is named (its pages are in the PDF)."""
        attachment = page.attachment
        if attachment.kind == "pdf" and page.index:
            return                       # one line names the whole PDF
        paragraph = self._new_paragraph("note")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = 0
        if attachment.kind == "image":
            box_w, box_h = self.style.page.text_width_mm, self.style.page.text_height_mm * IMAGE_SHARE_OF_PAGE
            scale = min(box_w / attachment.width, box_h / attachment.height)
            paragraph.add_run().add_picture(str(attachment.path), width=Mm(attachment.width * scale))
        else:
            paragraph.add_run(f"（PDF 文件“{attachment.name}”，共 {attachment.pages} 页，见 PDF 版）")

    def _heading(self, heading: Heading) -> None:
        self._new_paragraph(f"heading{heading.level}").add_run(heading.text)

    def _toc(self, toc: Toc) -> None:
        title = self._new_paragraph("toc_title")
        title.add_run(toc.title)
        sdt = _toc_sdt()
        content = sdt.find(qn("w:sdtContent"))
        title._p.addprevious(sdt)
        content.append(title._p)
        entries = self.toc or [TocEntry(1, "", 0)]
        for i, entry in enumerate(entries):
            p = self.word.add_paragraph(style=_word_style(self.word, "toc1"))
            if i == 0:
                _field_char(p, "begin")
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = TOC_INSTRUCTION
                run = OxmlElement("w:r")
                run.append(instr)
                p._p.append(run)
                _field_char(p, "separate")
            if entry.text:
                p.add_run(entry.text)
                p.add_run().add_tab()
                p.add_run(str(entry.page))
            if i == len(entries) - 1:
                _field_char(p, "end")
            content.append(p._p)

    def _table(self, grid: Grid) -> None:
        if self.break_pending:
            self._new_paragraph("body")
        table = self.word.add_table(rows=grid.nrows, cols=len(grid.widths_mm))
        table.style = self.word.styles["Table Grid" if grid.kind == "boxed" else "Normal Table"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _fixed_layout(table, grid.widths_mm)
        for r in range(grid.header_rows):
            _row_property(table.rows[r], "w:tblHeader")
        for row in table.rows:
            _row_property(row, "w:cantSplit")
        tcs = [list(row._tr.tc_lst) for row in table.rows]
        for cell in grid.cells:
            self._fill_cell(_Cell(_merged_tc(tcs, cell, grid.widths_mm), table), cell, grid.text_style)

    def _fill_cell(self, target: _Cell, cell, text_style: str) -> None:  # noqa: ANN001
        target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        if cell.underline:
            _bottom_border(target)
        for i, line in enumerate(cell.lines):
            paragraph = target.paragraphs[0] if i == 0 else target.add_paragraph()
            _set_style(paragraph, text_style)
            paragraph.alignment = _ALIGN[cell.align]
            if line:
                paragraph.add_run(line)


def _merged_tc(tcs: list[list], cell, widths_mm: tuple[float, ...]):  # noqa: ANN001, ANN202 (CT_Tc)
    """The cell's first tc, spanning its columns (gridSpan) and rows (vMerge), written
    directly: python-docx's merge recomputes the grid for every call. Merges never overlap,
    so the tc elements taken before the first merge stay the right ones."""
    width = Mm(sum(widths_mm[cell.col:cell.col + cell.colspan]))
    for r in range(cell.row, cell.row + cell.rowspan):
        tc = tcs[r][cell.col]
        if cell.colspan > 1:
            tc.get_or_add_tcPr().grid_span = cell.colspan
            tc.width = width
            for extra in tcs[r][cell.col + 1:cell.col + cell.colspan]:
                extra.getparent().remove(extra)
        if cell.rowspan > 1:
            tc.get_or_add_tcPr().vMerge_val = "restart" if r == cell.row else "continue"
    return tcs[cell.row][cell.col]


def _bottom_border(cell) -> None:  # noqa: ANN001 (python-docx cell)
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    bottom = OxmlElement("w:bottom")
    for attr, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
        bottom.set(qn(attr), value)
    borders.append(bottom)
    tc_pr.append(borders)


def _toc_sdt() -> OxmlElement:
    sdt = OxmlElement("w:sdt")
    sdt_pr = OxmlElement("w:sdtPr")
    obj = OxmlElement("w:docPartObj")
    gallery = OxmlElement("w:docPartGallery")
    gallery.set(qn("w:val"), "Table of Contents")
    obj.append(gallery)
    obj.append(OxmlElement("w:docPartUnique"))
    sdt_pr.append(obj)
    sdt.append(sdt_pr)
    sdt.append(OxmlElement("w:sdtContent"))
    return sdt


def _field_char(paragraph: WordParagraph, kind: str) -> None:
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run.append(char)
    paragraph._p.append(run)


def _fixed_layout(table: WordTable, widths_mm: tuple[float, ...]) -> None:
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    margins = OxmlElement("w:tblCellMar")      # the PDF's cell padding, so both wrap alike
    for side in ("top", "left", "bottom", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(CELL_PADDING_PT * 20)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl_pr.append(margins)
    for col, width in zip(table.columns, widths_mm):
        col.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm):
            cell.width = Mm(width)


def _row_property(row, tag: str) -> None:  # noqa: ANN001
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement(tag))


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
