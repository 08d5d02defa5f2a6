"""A Word document put together the way a person (or Word itself) makes one: python-docx and raw
WordprocessingML only, never shenbao's renderer.

`WordDoc` wraps a python-docx Document set up as Word saves a Chinese official document: A4, the
theme's East Asian font 宋体 (themeFontLang zh-CN), Normal 四号 with 1.5 lines (w:line=360 auto),
heading styles sized like the body, a TOC field in a content control and a PAGE field in the
footer. Every piece of layout the form modules need (paragraphs, headings in their several
guises, tables with merged cells, tick boxes of every kind) is a small method here.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
FIXED_TIME = dt.datetime(2020, 5, 12, 9, 30, 0)

# A cell's content: text (lines split on "\n"), or a function that writes into the cell.
CellContent = str | Callable[[_Cell], None] | None


@dataclass(frozen=True)
class Cell:
    content: CellContent = None
    span: int = 1          # columns
    rows: int = 1          # rows (vertical merge)
    bold: bool = False
    align: str = "center"  # "left" | "center"


def cell(content: CellContent = None, span: int = 1, rows: int = 1, bold: bool = False,
         align: str = "center") -> Cell:
    return Cell(content, span, rows, bold, align)


class WordDoc:
    """One document under construction; `bytes()` gives the saved DOCX."""

    def __init__(self, *, theme_fonts: bool = True, explicit_song: bool = True, a4: bool = True) -> None:
        self.doc = Document()
        self._numbering_id: int | None = None
        self._setup_page(a4)
        self._setup_fonts(theme_fonts, explicit_song)
        self._setup_styles()
        self._fix_core_properties()

    # ---- set-up ------------------------------------------------------------------------------

    def _setup_page(self, a4: bool) -> None:
        section = self.doc.sections[0]
        section.page_width, section.page_height = (Mm(210), Mm(297)) if a4 else (Mm(215.9), Mm(279.4))
        section.top_margin = section.bottom_margin = Mm(25.4)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.footer_distance = Mm(15)

    def _setup_fonts(self, theme_fonts: bool, explicit_song: bool) -> None:
        theme_part = next(p for p in self.doc.part.package.iter_parts() if p.partname.endswith("theme1.xml"))
        if theme_fonts:     # as a Chinese Word installation saves it: the theme's 东亚 font is 宋体
            theme_part._blob = theme_part.blob.replace(b'<a:ea typeface=""/>', '<a:ea typeface="宋体"/>'.encode())
        settings = self.doc.settings.element
        lang = settings.find(qn("w:themeFontLang"))
        lang.set(qn("w:eastAsia"), "zh-CN")
        normal = self.doc.styles["Normal"].element
        rpr = normal.get_or_add_rPr()
        if explicit_song:
            rpr.append(parse_xml(f'<w:rFonts {nsdecls("w")} w:ascii="Times New Roman" w:hAnsi="Times New Roman" '
                                 f'w:eastAsia="宋体" w:cs="Times New Roman"/>'))
        rpr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="en-US" w:eastAsia="zh-CN"/>'))
        defaults = self.doc.styles.element.find(qn("w:docDefaults"))
        for lang_el in defaults.iter(qn("w:lang")):
            lang_el.set(qn("w:eastAsia"), "zh-CN")
        # 允许标点溢出边界 off: LibreOffice's PDF export drops a 、 or ， that would hang past the
        # margin (the glyph is not in the PDF at all), which no parser could give back.
        default_ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
        default_ppr.insert(0, parse_xml(f'<w:overflowPunct {nsdecls("w")} w:val="0"/>'))

    def _setup_styles(self) -> None:
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.size = Pt(14)
        _spacing(normal.element.get_or_add_pPr(), line=360, after=0)
        for name in ("Heading 1", "Heading 2"):
            style = styles[name]
            style.font.size = Pt(14)
            style.font.bold = True
            style.font.color.rgb = None
            rpr = style.element.get_or_add_rPr()
            for tag in ("w:color", "w:rFonts"):
                for el in rpr.findall(qn(tag)):
                    rpr.remove(el)
            rpr.insert(0, parse_xml(f'<w:rFonts {nsdecls("w")} w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="宋体"/>'))
            ppr = style.element.get_or_add_pPr()
            for el in ppr.findall(qn("w:spacing")):
                ppr.remove(el)
            _spacing(ppr, line=360, before=0, after=0)
        styles.element.append(parse_xml(
            f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/>'
            '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:unhideWhenUsed/>'
            '<w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="8777"/></w:tabs></w:pPr></w:style>'))
        footer = styles["Footer"]
        footer.font.size = Pt(10.5)
        _spacing(footer.element.get_or_add_pPr(), line=240)

    def _fix_core_properties(self) -> None:
        core = self.doc.core_properties
        core.author = core.last_modified_by = "user"
        core.created = core.modified = core.last_printed = FIXED_TIME
        core.revision = 1
        core.title = ""

    # ---- paragraphs -------------------------------------------------------------------------

    def para(self, text: str = "", *, bold: bool = False, size: float | None = None, align: str | None = None,
             indent: bool = False, style: str | None = None, keep_next: bool = False) -> Paragraph:
        p = self.doc.add_paragraph(style=style)
        if text:
            run = p.add_run(text)
            run.bold = bold or None
            if size:
                run.font.size = Pt(size)
        format_paragraph(p, align=align, indent=indent, keep_next=keep_next)
        return p

    def body(self, text: str) -> Paragraph:
        """A paragraph of the applicant's prose: first line indented two characters."""
        return self.para(text, indent=True)

    def runs(self, pieces: Sequence[tuple[str, bool]], *, indent: bool = True) -> Paragraph:
        """One paragraph from (text, bold) pieces: a run-in heading followed by its text."""
        p = self.doc.add_paragraph()
        for text, bold in pieces:
            p.add_run(text).bold = bold or None
        format_paragraph(p, indent=indent)
        return p

    def heading(self, text: str, level: int, how: str = "style") -> Paragraph:
        """A heading as people make them: "style" (Heading 1/2), "bold" (a Normal paragraph made
        bold by hand), "numbered" (Heading style whose 一、/（一） comes from numbering.xml: the
        text given must then be the title without its enumerator)."""
        if how == "bold":
            return self.para(text, bold=True, indent=level > 1)
        p = self.doc.add_paragraph(text, style=f"Heading {level}")
        if level > 1:
            format_paragraph(p, indent=True)
        if how == "numbered":
            p._p.get_or_add_pPr().insert(1, parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level - 1}"/><w:numId w:val="{self._chinese_numbering()}"/></w:numPr>'))
        return p

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def _chinese_numbering(self) -> int:
        """一、 / （一） outline numbering (numFmt chineseCounting), added once to numbering.xml."""
        if self._numbering_id is None:
            numbering = self.doc.part.numbering_part.element
            abstract = parse_xml(
                f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>'
                '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>'
                '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>'
                '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/>'
                '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLineChars="200" w:firstLine="560"/></w:pPr></w:lvl>'
                '</w:abstractNum>')
            first_num = numbering.find(qn("w:num"))
            if first_num is not None:
                first_num.addprevious(abstract)
            else:
                numbering.append(abstract)
            numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
            self._numbering_id = 90
        return self._numbering_id

    # ---- cover, TOC, footer ------------------------------------------------------------------

    def cover(self, attachment: str, title_lines: Sequence[str], lines: Sequence[str], issuer: Sequence[str]) -> None:
        self.para(attachment, bold=False)
        for _ in range(3):
            self.para()
        for line in title_lines:
            self.para(line, bold=True, size=22, align="center")
        for _ in range(4):
            self.para()
        for line in lines:
            p = self.para(line)
            p.paragraph_format.left_indent = Mm(18)
        for _ in range(5):
            self.para()
        for line in issuer:
            self.para(line, size=16, align="center")
        self._new_section_after_cover()

    def _new_section_after_cover(self) -> None:
        """The cover is its own page; page numbers start on the next (titlePg: no number on it)."""
        section = self.doc.sections[0]
        section.different_first_page_header_footer = True
        self.page_break()

    def toc(self, entries: Sequence[tuple[str, int]]) -> None:
        """Word's TOC: a content control holding the field, its cached entries and a title."""
        body = self.doc.element.body
        title = (f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/><w:sz w:val="32"/></w:rPr>'
                 f'<w:t xml:space="preserve">目  录</w:t></w:r></w:p>')
        items = []
        for n, (text, page) in enumerate(entries):
            begin = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" </w:instrText></w:r>'
                     '<w:r><w:instrText xml:space="preserve">\\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                     if n == 0 else "")
            end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if n == len(entries) - 1 else ""
            items.append(f'<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr>{begin}<w:r><w:t xml:space="preserve">{_esc(text)}</w:t></w:r>'
                         f'<w:r><w:tab/></w:r><w:r><w:t>{page}</w:t></w:r>{end}</w:p>')
        sdt = parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
                        f'<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>{title}{"".join(items)}</w:sdtContent></w:sdt>')
        body.insert(len(body) - 1, sdt)      # before the final sectPr
        self.page_break()

    def page_footer(self, style: str = "- {} -") -> None:
        footer = self.doc.sections[0].footer
        p = footer.paragraphs[0]
        p.style = self.doc.styles["Footer"]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        before, after = style.split("{}")
        p.add_run(before)
        for inner in ('<w:fldChar w:fldCharType="begin"/>', '<w:instrText xml:space="preserve"> PAGE </w:instrText>',
                      '<w:fldChar w:fldCharType="separate"/>', '<w:t>2</w:t>', '<w:fldChar w:fldCharType="end"/>'):
            p._p.append(parse_xml(f'<w:r {nsdecls("w")}>{inner}</w:r>'))
        p.add_run(after)

    # ---- tables ------------------------------------------------------------------------------

    def table(self, widths_mm: Sequence[float], rows: Sequence[Sequence[Cell]]) -> Any:
        """A grid table; each row lists its cells left to right, skipping places covered by a
        cell from a row above (rows > 1). Spans are merged the way Word does (gridSpan, vMerge)."""
        table = self.doc.add_table(rows=len(rows), cols=len(widths_mm))
        table.style = self.doc.styles["Table Grid"]
        table.autofit = False
        for col, width in zip(table.columns, widths_mm):
            col.width = Mm(width)
        covered: set[tuple[int, int]] = set()
        placed: list[tuple[int, int, Cell]] = []
        for r, row in enumerate(rows):
            c = 0
            for spec in row:
                while (r, c) in covered:
                    c += 1
                if c >= len(widths_mm):
                    raise ValueError(f"row {r} has too many cells")
                for dr in range(spec.rows):
                    for dc in range(spec.span):
                        covered.add((r + dr, c + dc))
                placed.append((r, c, spec))
                c += spec.span
        for r, c, spec in placed:
            target = table.cell(r, c)
            if spec.span > 1 or spec.rows > 1:
                target = target.merge(table.cell(r + spec.rows - 1, c + spec.span - 1))
            target.width = Mm(sum(widths_mm[c:c + spec.span]))
            fill_cell(target, spec)
        return table

    # ---- output -------------------------------------------------------------------------------

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def fill_cell(target: _Cell, spec: Cell) -> None:
    content = spec.content
    if callable(content):
        content(target)
        return
    lines = (content or "").split("\n")
    first = target.paragraphs[0]
    for n, line in enumerate(lines):
        p = first if n == 0 else target.add_paragraph()
        if line:
            p.add_run(line).bold = spec.bold or None
        format_paragraph(p, align=spec.align)


def format_paragraph(p: Paragraph, *, align: str | None = None, indent: bool = False, keep_next: bool = False) -> None:
    ppr = p._p.get_or_add_pPr()
    if align:
        p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
                       "right": WD_ALIGN_PARAGRAPH.RIGHT, "both": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
    if indent:
        ind = ppr.get_or_add_ind()
        ind.set(qn("w:firstLineChars"), "200")
        ind.set(qn("w:firstLine"), "560")
    if keep_next:
        p.paragraph_format.keep_with_next = True


def _spacing(ppr: Any, *, line: int, before: int | None = None, after: int | None = None) -> None:
    """Spacing as Word writes it: w:line in 240ths of a line, rule "auto"."""
    spacing = ppr.get_or_add_spacing()
    for name, value in (("w:before", before), ("w:after", after), ("w:line", line)):
        if value is not None:
            spacing.set(qn(name), str(value))
    spacing.set(qn("w:lineRule"), "auto")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---- tick boxes ---------------------------------------------------------------------------------

TICKS = {"☑", "■", "√", "✓", "☒"}


def add_box(p: Paragraph, ticked: bool, how: str) -> None:
    """One tick box at the end of paragraph `p`: a glyph ("☑", "■", "√", "✓", "☒"; unticked
    "□") or a Word content-control check box ("sdt": w14:checkbox inside w:sdt)."""
    if how == "sdt":
        p._p.append(content_control_checkbox(ticked))
        return
    p.add_run(how if ticked else "□")


def content_control_checkbox(ticked: bool) -> Any:
    glyph = "☒" if ticked else "☐"
    return parse_xml(
        f'<w:sdt xmlns:w="{W_NS}" xmlns:w14="{W14_NS}"><w:sdtPr><w:id w:val="{1000 + (1 if ticked else 0)}"/>'
        f'<w14:checkbox><w14:checked w14:val="{1 if ticked else 0}"/>'
        '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/><w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/>'
        f'</w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:rPr><w:rFonts w:ascii="MS Gothic" w:eastAsia="MS Gothic" '
        f'w:hAnsi="MS Gothic" w:hint="eastAsia"/></w:rPr><w:t>{glyph}</w:t></w:r></w:sdtContent></w:sdt>')


def options_writer(options: Sequence[tuple[str, bool]], how: str, *, per_line: int | None = None,
                   gap: str = "  ", tail: Callable[[Paragraph, int], None] | None = None) -> Callable[[_Cell], None]:
    """A cell of tick boxes, each followed by its option text; `per_line` options a paragraph
    (None: one paragraph for all). `tail(p, i)` may add text after option i."""
    def write(target: _Cell) -> None:
        size = per_line or len(options)
        p = target.paragraphs[0]
        for i, (label, ticked) in enumerate(options):
            if i and i % size == 0:
                p = target.add_paragraph()
            elif i:
                p.add_run(gap)
            if how in ("√", "✓") and ticked:
                p.add_run(how)            # typed in front of the printed box's place
            else:
                add_box(p, ticked, how)
            p.add_run(label)
            if tail:
                tail(p, i)
        for q in target.paragraphs:
            format_paragraph(q, align="left")
    return write


def text_lines(target: _Cell, paragraphs: Sequence[str], *, indent: bool = False) -> None:
    first = target.paragraphs[0]
    for n, line in enumerate(paragraphs):
        p = first if n == 0 else target.add_paragraph()
        p.add_run(line)
        format_paragraph(p, align="left" if not indent else "both", indent=indent)


# ---- narratives ---------------------------------------------------------------------------------

def narrative_blocks(text: str) -> list[str | list[list[str]]]:
    """The applicant's prose as paragraphs and data tables (a narrative's "| a | b |" lines are
    what the applicant typed as a Word table)."""
    blocks: list[str | list[list[str]]] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("|"):
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                continue
            if blocks and isinstance(blocks[-1], list):
                blocks[-1].append(cells)
            else:
                blocks.append([cells])
        elif stripped:
            blocks.append(stripped)
    return blocks


def write_narrative(container: Any, text: str, *, first_run_in: tuple[str, bool] | None = None,
                    indent: bool = True, reuse_first: Paragraph | None = None) -> None:
    """Paragraphs and tables of a narrative into the document body or a table cell.
    `first_run_in`: (heading text, bold) written at the start of the first paragraph."""
    for n, block in enumerate(narrative_blocks(text)):
        if isinstance(block, list):
            _data_table(container, block)
            continue
        p = reuse_first if (n == 0 and reuse_first is not None) else container.add_paragraph()
        if n == 0 and first_run_in:
            p.add_run(first_run_in[0]).bold = first_run_in[1] or None
        p.add_run(block)
        format_paragraph(p, indent=indent, align="both")


def _data_table(container: Any, rows: list[list[str]]) -> None:
    ncols = max(len(r) for r in rows)
    if hasattr(container, "styles"):          # the document body
        table = container.add_table(rows=len(rows), cols=ncols)
        table.style = container.styles["Table Grid"]
    else:                                      # a cell: nested table
        table = container.add_table(rows=len(rows), cols=ncols)
        _borders(table)
    for r, row in enumerate(rows):
        for c in range(ncols):
            cell_ = table.cell(r, c)
            text = row[c] if c < len(row) else ""
            if text:
                cell_.paragraphs[0].add_run(text).bold = (r == 0) or None
            format_paragraph(cell_.paragraphs[0], align="center")
    if not hasattr(container, "styles"):
        container.add_paragraph()             # Word keeps a paragraph after a nested table


def _borders(table: Any) -> None:
    tblpr = table._tbl.tblPr
    tblpr.append(parse_xml(
        f'<w:tblBorders {nsdecls("w")}>' + "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")) + "</w:tblBorders>"))
