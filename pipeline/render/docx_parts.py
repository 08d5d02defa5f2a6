"""The parts of a WordprocessingML package around the body, written as XML text, and the zip
that holds them.

Everything here follows from the style (forms/style.yaml): page, fonts, paragraph styles, page
number format. Child elements are written in the order ECMA-376 (Part 1, §17) gives them —
Word refuses a part whose elements are out of order. Output is deterministic: fixed dates and
zip entry times.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from html import escape as _html_escape   # xml.sax.saxutils would import urllib.request: 15 ms a start

from ..errors import RenderError
from ..model import ParagraphStyle, Style

FIXED_DATE = "2020-01-01T00:00:00Z"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
TWIPS_PER_MM = 1440 / 25.4
EMU_PER_MM = 36000
# characters XML 1.0 cannot hold (a Word file with one does not open)
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
WML_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."

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
# Word's own ui priorities for its built-in styles; the others are ours (w:customStyle)
BUILT_IN_PRIORITY = {"Normal": 0, "heading 1": 9, "heading 2": 9, "heading 3": 9, "Title": 10,
                     "toc 1": 39, "TOC Heading": 39, "footer": 99}
OOXML_ALIGN = {"left": "left", "center": "center", "right": "right", "justify": "both"}
TABLE_GRID_ID = "TableGrid"


@dataclass(frozen=True)
class Media:
    """An image embedded in the package: word/media/<name>, reached through ``rel_id``."""

    name: str           # "image1.png"
    rel_id: str
    data: bytes


@dataclass(frozen=True)
class Part:
    name: str           # path in the zip
    content_type: str   # "" for parts whose extension has a Default content type
    data: str | bytes   # XML text, or an image's bytes


def xml_text(text: str) -> str:
    """``text`` escaped for element content or a double-quoted attribute."""
    return _html_escape(text, quote=False).replace('"', "&quot;")


def twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


# ---- the package -----------------------------------------------------------------------------

def package(style: Style, title: str, document_xml: str, media: list[Media]) -> bytes:
    """The zipped package: the body ``document_xml`` (its sectPr references the footer as
    ``FOOTER_REL_ID``) and the images it references, with every part around them."""
    parts = [
        Part("word/document.xml", WML_CT + "document.main+xml", document_xml),
        Part("word/styles.xml", WML_CT + "styles+xml", styles_xml(style)),
        Part("word/settings.xml", WML_CT + "settings+xml", SETTINGS_XML),
        Part("word/fontTable.xml", WML_CT + "fontTable+xml", font_table_xml(style)),
        Part("word/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml", theme_xml(style)),
        Part("word/footer1.xml", WML_CT + "footer+xml", footer_xml(style)),
        Part("docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml", core_xml(title)),
        Part("docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml", APP_XML),
        *(Part(f"word/media/{m.name}", "", m.data) for m in media),
    ]
    _refuse_illegal_characters(parts)
    return _zip([Part("[Content_Types].xml", "", content_types_xml(parts)), Part("_rels/.rels", "", PACKAGE_RELS),
                 Part("word/_rels/document.xml.rels", "", document_rels_xml(media)), *parts])


def _refuse_illegal_characters(parts: list[Part]) -> None:
    """RenderError rather than a file Word reports as damaged. Validation is where such a
    character should be stopped, with the field named; this only guards the file."""
    for part in parts:
        found = XML_ILLEGAL.search(part.data) if isinstance(part.data, str) else None
        if found:
            raise RenderError(f"内容含有 Word 文件无法保存的字符 U+{ord(found.group()):04X}，请删除后重试")


ZIP_LEVEL = 1      # XML deflates well at any level: 17 → 19 KB for a full 附件2, 1.2 → 0.7 ms


def _zip(parts: list[Part]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in parts:
            entry = zipfile.ZipInfo(part.name, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            data = part.data.encode("utf-8") if isinstance(part.data, str) else part.data
            archive.writestr(entry, data, compresslevel=ZIP_LEVEL)
    return out.getvalue()


IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg"}


def content_types_xml(parts: list[Part]) -> str:
    extensions = sorted({p.name.rsplit(".", 1)[1] for p in parts if p.name.startswith("word/media/")})
    defaults = "".join(f'<Default Extension="{ext}" ContentType="{IMAGE_TYPES[ext]}"/>' for ext in extensions)
    overrides = "".join(f'<Override PartName="/{p.name}" ContentType="{p.content_type}"/>'
                        for p in parts if p.content_type)
    return (XML_DECLARATION + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>{defaults}{overrides}</Types>')


PACKAGE_RELS = (
    XML_DECLARATION + f'<Relationships xmlns="{REL_NS}">'
    f'<Relationship Id="rId1" Type="{OFFICE_REL}officeDocument" Target="word/document.xml"/>'
    f'<Relationship Id="rId2" Type="{REL_NS}/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{OFFICE_REL}extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>")

# the main part's relationships; images follow as rId6, rId7 …
DOCUMENT_RELS = (("styles", "styles.xml"), ("settings", "settings.xml"), ("fontTable", "fontTable.xml"),
                 ("theme", "theme/theme1.xml"), ("footer", "footer1.xml"))
FOOTER_REL_ID = f"rId{1 + [kind for kind, _ in DOCUMENT_RELS].index('footer')}"


def image_rel_id(index: int) -> str:
    """The relationship id of the ``index``-th embedded image (from 0)."""
    return f"rId{len(DOCUMENT_RELS) + 1 + index}"


def document_rels_xml(media: list[Media]) -> str:
    rels = [(f"rId{n}", kind, target) for n, (kind, target) in enumerate(DOCUMENT_RELS, start=1)]
    rels += [(m.rel_id, "image", f"media/{m.name}") for m in media]
    return (XML_DECLARATION + f'<Relationships xmlns="{REL_NS}">'
            + "".join(f'<Relationship Id="{rid}" Type="{OFFICE_REL}{kind}" Target="{target}"/>'
                      for rid, kind, target in rels)
            + "</Relationships>")


def core_xml(title: str) -> str:
    return (XML_DECLARATION
            + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{xml_text(title)}</dc:title><dc:creator>shenbao</dc:creator>"
            "<cp:lastModifiedBy>shenbao</cp:lastModifiedBy><cp:revision>1</cp:revision>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{FIXED_DATE}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{FIXED_DATE}</dcterms:modified>'
            "<dc:language>zh-CN</dc:language></cp:coreProperties>")


APP_XML = (XML_DECLARATION
           + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           "<Application>shenbao</Application><DocSecurity>0</DocSecurity></Properties>")


# ---- settings, fonts, theme ------------------------------------------------------------------

# updateFields: Word refreshes the TOC and page fields on opening. characterSpacingControl
# doNotCompress: full-width punctuation keeps its width. compatibilityMode 14 (Word 2010) with
# useFELayout, as the documents were laid out so far. themeFontLang zh-CN: theme fonts resolve
# to Chinese faces.
SETTINGS_XML = (
    XML_DECLARATION + f'<w:settings xmlns:w="{W_NS}">'
    '<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/><w:updateFields w:val="true"/>'
    '<w:compat><w:useFELayout/>'
    '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="14"/>'
    '<w:compatSetting w:name="overrideTableStyleFontSizeAndJustification" '
    'w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>'
    '<w:compatSetting w:name="enableOpenTypeFeatures" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>'
    '<w:compatSetting w:name="doNotFlipMirrorIndents" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>'
    '</w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
    '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>')


def font_table_xml(style: Style) -> str:
    """The two faces the document names; 宋体 with its Latin name so Word finds SimSun."""
    return (XML_DECLARATION + f'<w:fonts xmlns:w="{W_NS}">'
            f'<w:font w:name="{xml_text(style.latin_font)}"><w:panose1 w:val="02020603050405020304"/>'
            '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
            f'<w:font w:name="{xml_text(style.east_asia_font)}"><w:altName w:val="{xml_text(style.east_asia_alt)}"/>'
            '<w:panose1 w:val="02010600030101010101"/><w:charset w:val="86"/><w:family w:val="auto"/>'
            '<w:pitch w:val="variable"/></w:font></w:fonts>')


def theme_xml(style: Style) -> str:
    """An Office theme whose fonts are the document's: a:ea is 宋体, never empty (an empty one
    sends Word to the language's default face)."""
    latin, ea = xml_text(style.latin_font), xml_text(style.east_asia_font)
    fonts = (f'<a:latin typeface="{latin}"/><a:ea typeface="{ea}"/><a:cs typeface=""/>'
             f'<a:font script="Hans" typeface="{ea}"/>')
    colours = "".join(f"<a:{name}><a:srgbClr val=\"{rgb}\"/></a:{name}>" for name, rgb in (
        ("dk2", "1F497D"), ("lt2", "EEECE1"), ("accent1", "4F81BD"), ("accent2", "C0504D"),
        ("accent3", "9BBB59"), ("accent4", "8064A2"), ("accent5", "4BACC6"), ("accent6", "F79646"),
        ("hlink", "0000FF"), ("folHlink", "800080")))
    fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = f'<a:ln w="9525" cap="flat" cmpd="sng" algn="ctr">{fill}<a:prstDash val="solid"/></a:ln>'
    return (XML_DECLARATION + f'<a:theme xmlns:a="{A_NS}" name="Office Theme"><a:themeElements>'
            '<a:clrScheme name="Office"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>'
            f'<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>{colours}</a:clrScheme>'
            f'<a:fontScheme name="Office"><a:majorFont>{fonts}</a:majorFont>'
            f'<a:minorFont>{fonts}</a:minorFont></a:fontScheme>'
            f'<a:fmtScheme name="Office"><a:fillStyleLst>{fill * 3}</a:fillStyleLst>'
            f'<a:lnStyleLst>{line * 3}</a:lnStyleLst>'
            f'<a:effectStyleLst>{"<a:effectStyle><a:effectLst/></a:effectStyle>" * 3}</a:effectStyleLst>'
            f'<a:bgFillStyleLst>{fill * 3}</a:bgFillStyleLst></a:fmtScheme>'
            "</a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>")


def footer_xml(style: Style) -> str:
    """The page number "- n -" as a PAGE field between the format's two halves."""
    before, after = style.page_number_format.split("{n}")
    return (XML_DECLARATION + f'<w:ftr xmlns:w="{W_NS}"><w:p><w:pPr><w:pStyle w:val="{WORD_STYLES["footer"][1]}"/>'
            f'</w:pPr>{_plain_run(before)}<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
            f"{_plain_run(after)}</w:p></w:ftr>")


def _plain_run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>' if text else ""


def section_xml(style: Style, has_cover: bool) -> str:
    """The body's section: A4, the style's margins, the footer; ``has_cover``: the first page
    (the cover) has its own, empty footer (titlePg)."""
    page = style.page
    return (f'<w:sectPr><w:footerReference w:type="default" r:id="{FOOTER_REL_ID}"/>'
            f'<w:pgSz w:w="{twips(page.width_mm)}" w:h="{twips(page.height_mm)}"/>'
            f'<w:pgMar w:top="{twips(page.margin_top_mm)}" w:right="{twips(page.margin_right_mm)}" '
            f'w:bottom="{twips(page.margin_bottom_mm)}" w:left="{twips(page.margin_left_mm)}" w:header="720" '
            f'w:footer="{twips(page.footer_distance_mm)}" w:gutter="0"/><w:cols w:space="720"/>'
            f'{"<w:titlePg/>" if has_cover else ""}<w:docGrid w:linePitch="360"/></w:sectPr>')


# ---- styles ----------------------------------------------------------------------------------

def styles_xml(style: Style) -> str:
    """docDefaults carry the body's face, size and spacing; every paragraph style repeats them
    (LibreOffice reads some only from the style), so no text relies on an inherited value."""
    body = style.paragraph("body")
    defaults = (f"<w:docDefaults><w:rPrDefault><w:rPr>{_fonts(style)}{_size(body.size_pt)}"
                '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
                f"<w:pPrDefault><w:pPr>{_NO_HANGING_PUNCTUATION}{_spacing(body.line_spacing)}</w:pPr>"
                "</w:pPrDefault></w:docDefaults>")
    paragraph_styles = [_paragraph_style(style, key, para) for key, para in style.paragraphs.items()]
    return (XML_DECLARATION + f'<w:styles xmlns:w="{W_NS}">{defaults}'
            + paragraph_styles[list(style.paragraphs).index("body")] + _DEFAULT_STYLES
            + "".join(s for key, s in zip(style.paragraphs, paragraph_styles) if key != "body")
            + _TABLE_GRID + "</w:styles>")


# Word's default character, table and numbering styles, and the ruled table style our boxed
# tables name
_DEFAULT_STYLES = (
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
    '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
    '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>')
_BORDERS = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                   for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
_TABLE_GRID = (
    f'<w:style w:type="table" w:styleId="{TABLE_GRID_ID}"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>'
    '<w:uiPriority w:val="59"/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    f'<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>{_BORDERS}</w:tblBorders>'
    '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
    '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>')

# overflowPunct off, in docDefaults and every style (LibreOffice reads it from the style):
# otherwise LibreOffice lets a "、" or "，" at a line end hang past the margin and drops it from
# its PDF's text
_NO_HANGING_PUNCTUATION = '<w:overflowPunct w:val="0"/>'


def _paragraph_style(style: Style, key: str, para: ParagraphStyle) -> str:
    name, style_id = WORD_STYLES[key]
    is_body = key == "body"
    default = ' w:default="1"' if is_body else ""
    custom = "" if name in BUILT_IN_PRIORITY else ' w:customStyle="1"'
    head = (f'<w:style w:type="paragraph"{default}{custom} w:styleId="{style_id}">'
            f'<w:name w:val="{xml_text(name)}"/>')
    if not is_body:
        head += f'<w:basedOn w:val="{WORD_STYLES["body"][1]}"/>'
    if para.outline_level or key in ("doc_title", "toc_title"):
        head += f'<w:next w:val="{WORD_STYLES["body"][1]}"/>'
    if name in BUILT_IN_PRIORITY:
        head += f'<w:uiPriority w:val="{BUILT_IN_PRIORITY[name]}"/>'
    return f"{head}<w:qFormat/>{_style_ppr(style, key, para)}{_style_rpr(style, para)}</w:style>"


def _style_ppr(style: Style, key: str, para: ParagraphStyle) -> str:
    keep = "<w:keepNext/>" if para.outline_level else ""
    tabs = (f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{twips(style.page.text_width_mm)}"/></w:tabs>'
            if key == "toc1" else "")
    indent = (f'<w:ind w:firstLineChars="{round(para.first_line_indent_chars * 100)}" '
              f'w:firstLine="{round(para.first_line_indent_chars * para.size_pt * 20)}"/>')
    outline = f'<w:outlineLvl w:val="{para.outline_level - 1}"/>' if para.outline_level else ""
    return (f"<w:pPr>{keep}{tabs}{_NO_HANGING_PUNCTUATION}{_spacing(para.line_spacing)}{indent}"
            f'<w:jc w:val="{OOXML_ALIGN[para.align]}"/>{outline}</w:pPr>')


def _style_rpr(style: Style, para: ParagraphStyle) -> str:
    return (f'<w:rPr>{_fonts(style)}<w:b w:val="0"/><w:bCs w:val="0"/><w:i w:val="0"/><w:iCs w:val="0"/>'
            f'<w:color w:val="000000"/>{_size(para.size_pt)}</w:rPr>')


def _fonts(style: Style) -> str:
    latin = xml_text(style.latin_font)
    return (f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{xml_text(style.east_asia_font)}" '
            f'w:cs="{latin}"/>')


def _size(size_pt: float) -> str:
    half_points = round(size_pt * 2)
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def _spacing(line_spacing: float) -> str:
    return f'<w:spacing w:before="0" w:after="0" w:line="{round(240 * line_spacing)}" w:lineRule="auto"/>'
