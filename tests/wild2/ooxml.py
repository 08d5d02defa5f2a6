"""A small WordprocessingML writer for the second corpus: raw XML strings, so that the document
can carry what a hand-edited Word file carries (tracked changes, comments, fields, content
controls, symbols, bookmarks, smart tags) exactly where an applicant leaves them.

Text conventions inside run text: "\t" is a tab (w:tab), "\v" a Shift+Enter line break (w:br).
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"')
AUTHOR = 'w:author="张晓燕" w:date="2020-05-10T09:12:00Z"'


def _text_runs(text: str, rpr: str) -> str:
    out, buf = [], []

    def flush() -> None:
        if buf:
            out.append(f'<w:t xml:space="preserve">{escape("".join(buf))}</w:t>')
            buf.clear()
    for ch in text:
        if ch == "\t":
            flush(); out.append("<w:tab/>")
        elif ch == "\v":
            flush(); out.append("<w:br/>")
        else:
            buf.append(ch)
    flush()
    return f"<w:r>{rpr}{''.join(out)}</w:r>"


def rpr(bold: bool = False, font: str = "", size: int = 0) -> str:
    parts = []
    if font:
        parts.append(f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}"/>')
    if bold:
        parts.append("<w:b/>")
    if size:
        parts.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def run(text: str, bold: bool = False) -> str:
    return _text_runs(text, rpr(bold=bold)) if text else ""


def deleted(text: str, rid: int) -> str:
    """Text the reviewer deleted with Track Changes on: still in the file, not in the document."""
    body = escape(text).replace("\v", "")
    return f'<w:del w:id="{rid}" {AUTHOR}><w:r><w:delText xml:space="preserve">{body}</w:delText></w:r></w:del>'


def inserted(text: str, rid: int) -> str:
    return f'<w:ins w:id="{rid}" {AUTHOR}>{run(text)}</w:ins>'


def bookmark(name: str, bid: int) -> str:
    return f'<w:bookmarkStart w:id="{bid}" w:name="{name}"/><w:bookmarkEnd w:id="{bid}"/>'


def proof_err(inner: str) -> str:
    return f'<w:proofErr w:type="spellStart"/>{inner}<w:proofErr w:type="spellEnd"/>'


def smart_tag(inner: str) -> str:
    return f'<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="PersonName">{inner}</w:smartTag>'


def hyperlink(text: str, rel_id: str) -> str:
    return f'<w:hyperlink r:id="{rel_id}" w:history="1"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>{escape(text)}</w:t></w:r></w:hyperlink>'


def field_simple(instr: str, shown: str) -> str:
    return f'<w:fldSimple w:instr="{escape(instr, {chr(34): "&quot;"})}">{run(shown)}</w:fldSimple>'


def field_complex(instr: str, shown: str) -> str:
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {escape(instr)} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'{run(shown)}<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def content_control(inner: str, sid: int, placeholder: str = "") -> str:
    """An inline plain-text content control; with `placeholder` it is empty and shows the prompt."""
    if placeholder:
        return (f'<w:sdt><w:sdtPr><w:id w:val="{sid}"/><w:placeholder><w:docPart w:val="DefaultPlaceholder_1081868574"/>'
                f'</w:placeholder><w:showingPlcHdr/><w:text/></w:sdtPr><w:sdtContent>'
                f'<w:r><w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr><w:t>{escape(placeholder)}</w:t></w:r></w:sdtContent></w:sdt>')
    return f'<w:sdt><w:sdtPr><w:id w:val="{sid}"/><w:text/></w:sdtPr><w:sdtContent>{inner}</w:sdtContent></w:sdt>'


def symbol(code: str, font: str = "Wingdings") -> str:
    return f'<w:r><w:sym w:font="{font}" w:char="{code}"/></w:r>'


def comment_around(inner: str, cid: int) -> str:
    return (f'<w:commentRangeStart w:id="{cid}"/>{inner}<w:commentRangeEnd w:id="{cid}"/>'
            f'<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="{cid}"/></w:r>')


def para(inner: str, style: str = "", jc: str = "", spacing: str = "", indent_first: int = 0) -> str:
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if spacing:
        ppr += spacing
    if indent_first:
        ppr += f'<w:ind w:firstLineChars="{indent_first * 100}" w:firstLine="{indent_first * 280}"/>'
    if jc:
        ppr += f'<w:jc w:val="{jc}"/>'
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{inner}</w:p>"


@dataclass
class Cell:
    paras: list[str]                  # paragraph XML
    span: int = 1
    vmerge: str = ""                  # "" | "restart" | "continue"

    def xml(self, width: int) -> str:
        pr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
        if self.span > 1:
            pr += f'<w:gridSpan w:val="{self.span}"/>'
        if self.vmerge:
            pr += '<w:vMerge w:val="restart"/>' if self.vmerge == "restart" else "<w:vMerge/>"
        body = "".join(self.paras) or "<w:p/>"
        return f"<w:tc><w:tcPr>{pr}</w:tcPr>{body}</w:tc>"


def table(rows: list[list[Cell]], grid: list[int], header_rows: int = 0) -> str:
    grid_xml = "".join(f'<w:gridCol w:w="{w}"/>' for w in grid)
    out = []
    for index, row in enumerate(rows):
        col, cells = 0, []
        for cell in row:
            cells.append(cell.xml(sum(grid[col:col + cell.span])))
            col += cell.span
        trpr = "<w:trPr><w:tblHeader/></w:trPr>" if index < header_rows else ""
        out.append(f"<w:tr>{trpr}{''.join(cells)}</w:tr>")
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    return (f'<w:tbl><w:tblPr><w:tblW w:w="{sum(grid)}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>{borders}</w:tblBorders>'
            f'<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid_xml}</w:tblGrid>{"".join(out)}</w:tbl>')


@dataclass
class Package:
    """The parts of one DOCX: body XML, external links, comments; the styles as the applicant's Word has them."""
    font: str = "宋体"
    size: int = 28                      # half-points: 四号
    line: int = 360                     # 240ths: 1.5 lines
    body: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    ids: int = 100

    def next_id(self) -> int:
        self.ids += 1
        return self.ids

    def link(self, target: str) -> str:
        self.links.append(target)
        return f"rIdL{len(self.links)}"

    def comment(self, inner: str, note: str) -> str:
        cid = len(self.comments)
        self.comments.append(f'<w:comment w:id="{cid}" {AUTHOR} w:initials="ZXY"><w:p><w:r><w:t>{escape(note)}</w:t></w:r></w:p></w:comment>')
        return comment_around(inner, cid)

    def add(self, *xml: str) -> None:
        self.body.extend(xml)

    def bytes(self) -> bytes:
        sect = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1800" w:bottom="1440" '
                'w:left="1800" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>')
        document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>'
                    f'{"".join(self.body)}{sect}</w:body></w:document>')
        rels = ['<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>',
                '<Relationship Id="rIdC" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>']
        rels += [f'<Relationship Id="rIdL{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" '
                 f'Target="{escape(t)}" TargetMode="External"/>' for i, t in enumerate(self.links)]
        parts = {
            "[Content_Types].xml": CONTENT_TYPES,
            "_rels/.rels": ROOT_RELS,
            "word/document.xml": document,
            "word/styles.xml": styles(self.font, self.size, self.line),
            "word/comments.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments {NS}>{"".join(self.comments)}</w:comments>',
            "word/_rels/document.xml.rels": ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
                                             f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{"".join(rels)}</Relationships>'),
        }
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            for name, text in parts.items():
                info = zipfile.ZipInfo(name, date_time=(2020, 5, 10, 9, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, text.encode("utf-8"))
        return buffer.getvalue()


def styles(font: str, size: int, line: int) -> str:
    fonts = f'<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{font}" w:cs="Times New Roman"/>'
    heading = ('<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="heading {n}"/><w:basedOn w:val="a"/><w:next w:val="a"/>'
               '<w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="{lvl}"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {NS}>'
            f'<w:docDefaults><w:rPrDefault><w:rPr>{fonts}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>'
            f'<w:pPrDefault><w:pPr><w:spacing w:line="{line}" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
            '<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:style>'
            + heading.format(id="1", n=1, lvl=0) + heading.format(id="2", n=2, lvl=1)
            + '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>'
            '<w:style w:type="character" w:styleId="PlaceholderText"><w:name w:val="Placeholder Text"/><w:rPr><w:color w:val="808080"/></w:rPr></w:style>'
            '<w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/><w:rPr><w:sz w:val="21"/></w:rPr></w:style>'
            '</w:styles>')


CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                 '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
                 '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>'
                 '</Types>')
ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
             '</Relationships>')
