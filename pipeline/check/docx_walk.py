"""The walk over a WordprocessingML part: paragraphs in document order through sdt (block,
row, cell and run level), tables (nested), hyperlink / ins / smartTag / fldSimple / customXml
wrappers; deleted content skipped; complex and simple fields tracked across paragraphs."""
from __future__ import annotations

from .docx_model import FieldFacts, ParagraphFacts, RunFacts
from .docx_styles import W_NS, Element, Styles, w

WORD_DEFAULT_SIZE_PT = 10.0          # Word's size when nothing sets w:sz anywhere
SYMBOLS = {                           # (font, w:char) → the character it shows
    ("wingdings", "F0FE"): "☑", ("wingdings", "F0A8"): "□", ("wingdings", "F06F"): "□",
    ("wingdings", "F0FD"): "☒", ("wingdings", "F078"): "☒", ("wingdings", "F0FC"): "✓",
    ("wingdings 2", "F052"): "☑", ("wingdings 2", "F0A3"): "□", ("wingdings 2", "F054"): "☒",
    ("wingdings 2", "F050"): "✓",
}
_INLINE_WRAPPERS = {"hyperlink", "ins", "smartTag", "customXml", "moveTo", "dir", "bdo"}
_BLOCK_WRAPPERS = {"customXml", "ins", "moveTo"}
W_PREFIX = f"{{{W_NS}}}"


def _tag(el: Element) -> str:
    """Local name of a w: element; "" for anything else (comments, other namespaces)."""
    return el.tag[len(W_PREFIX):] if isinstance(el.tag, str) and el.tag.startswith(W_PREFIX) else ""


class Field:
    def __init__(self, kind: str, instr: str, sdts: tuple[str, ...], paragraph: int) -> None:
        self.kind, self.parts, self.sdts, self.paragraph = kind, [instr], sdts, paragraph
        self.result = kind == "simple"
        self.entries = 0

    @property
    def is_toc(self) -> bool:
        return "".join(self.parts).split()[:1] == ["TOC"]


class Para:
    """Accumulates one paragraph's runs while walking it."""

    def __init__(self, table: str | None, style: str | None) -> None:
        self.table, self.style = table, style
        self.runs: list[RunFacts] = []
        self.toc = False
        self.toc_result: Field | None = None
        self.breaks_page = False       # holds a page break (w:br w:type="page")


class PartWalker:
    def __init__(self, styles: Styles, kind: str, name: str) -> None:
        self.styles, self.kind, self.name = styles, kind, name
        self.paragraphs: list[ParagraphFacts] = []
        self.fields: list[Field] = []
        self.stack: list[Field] = []
        self.sdts: list[str] = []           # galleries of the enclosing sdts ("" if none)
        self.heading: str | None = None
        self.section_ends: list[tuple[Element, int]] = []
        self.page_pending = False           # the paragraph before ended its page

    # -- blocks ---------------------------------------------------------------------------
    def blocks(self, parent: Element, tables: tuple[str | None, ...]) -> None:
        for child in parent:
            tag = _tag(child)
            if tag == "p":
                self.paragraph(child, tables)
            elif tag == "tbl":
                self.table(child, tables)
            elif tag == "sdt":
                self.sdt(child, lambda c: self.blocks(c, tables))
            elif tag in _BLOCK_WRAPPERS:
                self.blocks(child, tables)

    def sdt(self, sdt: Element, walk) -> None:
        gallery = sdt.find(f"{w('sdtPr')}/{w('docPartObj')}/{w('docPartGallery')}")
        if gallery is None:
            gallery = sdt.find(f"{w('sdtPr')}/{w('docPartList')}/{w('docPartGallery')}")
        self.sdts.append(gallery.get(w("val"), "") if gallery is not None else "")
        content = sdt.find(w("sdtContent"))
        if content is not None:
            walk(content)
        self.sdts.pop()

    def table(self, tbl: Element, tables: tuple[str | None, ...]) -> None:
        inner = tables + (self.styles.table_style(tbl),)
        self._nested(tbl, "tr", lambda tr: self._nested(tr, "tc", lambda tc: self.blocks(tc, inner)))

    def _nested(self, parent: Element, tag: str, walk) -> None:
        """Children ``tag`` of a table or row, also through sdt / customXml wrappers."""
        for child in parent:
            name = _tag(child)
            if name == tag:
                walk(child)
            elif name == "sdt":
                self.sdt(child, lambda c: self._nested(c, tag, walk))
            elif name in _BLOCK_WRAPPERS:
                self._nested(child, tag, walk)

    # -- paragraphs and runs ---------------------------------------------------------------
    def paragraph(self, p: Element, tables: tuple[str | None, ...]) -> None:
        ppr = p.find(w("pPr"))
        style = self.styles.paragraph_style(ppr)
        table = tables[-1] if tables else None
        acc = Para(table, style)
        acc.toc = any(f.is_toc for f in self.stack)
        in_sdt = bool(self.sdts)
        toc_sdt = "Table of Contents" in self.sdts
        self.inline(p, acc)
        text = "".join(r.text for r in acc.runs)
        if acc.toc_result is not None and text.strip():
            acc.toc_result.entries += 1
        props = self.styles.para_props(table, style, ppr)
        level = self._level(props.outline_level, style)
        if self.kind == "body" and level is not None and text.strip():
            self.heading = text.strip()
        self.paragraphs.append(ParagraphFacts(
            text=text, style_id=style, style_name=self.styles.name(style), heading_level=level,
            line_rule=props.line_rule, line_value=props.line_value, runs=tuple(acc.runs),
            part=self.kind, in_table=bool(tables), in_sdt=in_sdt,
            in_toc=acc.toc or toc_sdt or self.styles.is_toc_style(style),
            index=len(self.paragraphs), heading=self.heading if self.kind == "body" else None,
            part_name=self.name, alignment=props.alignment,
            page_break_before=props.page_break_before or self.page_pending))
        sect = ppr.find(w("sectPr")) if ppr is not None else None
        self.page_pending = acc.breaks_page or sect is not None
        if sect is not None:
            self.section_ends.append((sect, len(self.paragraphs) - 1))

    def _level(self, outline: int | None, style: str | None) -> int | None:
        if outline is not None:
            return outline + 1 if 0 <= outline < 9 else None
        return self.styles.heading_level_by_name(style)

    def inline(self, parent: Element, acc: Para) -> None:
        for child in parent:
            tag = _tag(child)
            if tag == "r":
                self.run(child, acc)
            elif tag in _INLINE_WRAPPERS:
                self.inline(child, acc)
            elif tag == "sdt":
                self.sdt(child, lambda c: self.inline(c, acc))
            elif tag == "fldSimple":
                fld = Field("simple", child.get(w("instr"), ""), tuple(self.sdts),
                             len(self.paragraphs))
                self.fields.append(fld)
                self.stack.append(fld)
                acc.toc = acc.toc or fld.is_toc
                self.inline(child, acc)
                self.stack.pop()

    def run(self, r: Element, acc: Para) -> None:
        pieces: list[str] = []
        for child in r:
            tag = _tag(child)
            if tag == "fldChar":
                self.field_char(child.get(w("fldCharType"), ""), acc)
            elif tag == "instrText":
                if self.stack and not self.stack[-1].result:
                    self.stack[-1].parts.append(child.text or "")
            elif self.stack and not all(f.result for f in self.stack):
                continue                   # inside a field's instructions
            else:
                pieces.append(_run_text(tag, child))
                if tag == "br" and child.get(w("type")) == "page":
                    acc.breaks_page = True
            acc.toc = acc.toc or any(f.is_toc for f in self.stack)
        text = "".join(pieces)
        if not text:
            return
        toc = next((f for f in self.stack if f.is_toc and f.result), None)
        acc.toc_result = acc.toc_result or toc
        rpr = r.find(w("rPr"))
        rstyle = rpr.find(w("rStyle")) if rpr is not None else None
        char = rstyle.get(w("val")) if rstyle is not None else None
        props = self.styles.run_props(acc.table, acc.style, char, rpr)
        size = props.size_half_points / 2 if props.size_half_points is not None else WORD_DEFAULT_SIZE_PT
        acc.runs.append(RunFacts(text, props.east_asia, props.ascii, size))

    def field_char(self, kind: str, acc: Para) -> None:
        if kind == "begin":
            fld = Field("complex", "", tuple(self.sdts), len(self.paragraphs))
            fld.result = False
            self.fields.append(fld)
            self.stack.append(fld)
        elif kind == "separate" and self.stack:
            self.stack[-1].result = True
        elif kind == "end" and self.stack:
            acc.toc = acc.toc or self.stack[-1].is_toc
            self.stack.pop()


def _run_text(tag: str, el: Element) -> str:
    if tag == "t":
        return el.text or ""
    if tag in ("tab", "ptab"):
        return "\t"
    if tag in ("br", "cr"):
        return "\n"
    if tag == "noBreakHyphen":
        return "-"
    if tag == "sym":
        font, char = (el.get(w("font")) or "").lower(), (el.get(w("char")) or "").upper()
        if (font, char) in SYMBOLS:
            return SYMBOLS[(font, char)]
        try:
            return chr(int(char, 16))
        except ValueError:
            return ""
    return ""


def field_facts(fld: Field, part: str) -> FieldFacts:
    galleries = tuple(g for g in fld.sdts if g)
    return FieldFacts(fld.kind, "".join(fld.parts), part, bool(fld.sdts), galleries, fld.paragraph)


