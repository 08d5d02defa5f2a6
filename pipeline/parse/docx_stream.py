"""DOCX → stream: body paragraphs and tables in order, by structure rather than position.

Read as Word shows the document: automatic numbering (numbering.xml) printed before its
paragraph, check-box content controls (w14:checkbox) as ☑/□, Wingdings boxes (w:sym) likewise;
content controls (w:sdt) entered, except the table of contents, whose entries — in a content
control, in a TOC field or in "toc N" styles — are left out. A cell continued from the row
above (w:vMerge without "restart") is skipped, a cell spanning columns counts once.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from ..errors import InputFileError
from .docx_numbering import Numbering, read_numbering
from .stream import Item, TableItem, TextItem
from .values import SHOWN_AS, SYMBOL_BOXES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
_JC_TO_ALIGN = {"left": "left", "start": "left", "center": "center", "right": "right", "end": "right"}
TICKED, UNTICKED = "☑", "□"


@dataclass
class _Reading:
    """What the walk through the body carries from paragraph to paragraph."""

    numbering: Numbering
    toc_styles: frozenset[str]
    fields: list[list] = field(default_factory=list)     # open complex fields: [instruction, ...]

    @property
    def in_toc(self) -> bool:
        return any(f[0].strip().upper().startswith("TOC") for f in self.fields)


def docx_stream(data: bytes) -> list[Item]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            root = etree.fromstring(package.read("word/document.xml"))
            styles = package.read("word/styles.xml") if "word/styles.xml" in names else None
            numbering = package.read("word/numbering.xml") if "word/numbering.xml" in names else None
            reading = _Reading(read_numbering(numbering, styles), _toc_styles(styles))
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise InputFileError(f"不是有效的 DOCX 文件：{exc}") from exc
    body = root.find(f"{W}body")
    items: list[Item] = []
    if body is not None:
        _walk(body, items, reading)
    return items


def _toc_styles(styles_xml: bytes | None) -> frozenset[str]:
    """Ids of the styles Word gives TOC entries ("toc 1" …; ids are "TOC1" or numbers in a
    Chinese Word)."""
    if not styles_xml:
        return frozenset()
    ids = set()
    for style in etree.fromstring(styles_xml).findall(f"{W}style"):
        name = style.find(f"{W}name")
        if name is not None and (name.get(f"{W}val") or "").lower().startswith("toc "):
            ids.add(style.get(f"{W}styleId", ""))
    return frozenset(ids)


def _walk(container: etree._Element, items: list[Item], reading: _Reading) -> None:
    for child in container:
        if child.tag == f"{W}p":
            text = _paragraph(child, reading)
            if text is not None:
                items.append(TextItem(text))
        elif child.tag == f"{W}tbl":
            items.append(_table(child, reading))
        elif child.tag == f"{W}sdt" and not _is_toc(child) and child.find(f"{W}sdtPr/{W}showingPlcHdr") is None:
            content = child.find(f"{W}sdtContent")
            if content is not None:
                _walk(content, items, reading)


def _is_toc(sdt: etree._Element) -> bool:
    gallery = sdt.find(f".//{W}docPartGallery")
    return gallery is not None and "Contents" in (gallery.get(f"{W}val") or "")


def _paragraph(p: etree._Element, reading: _Reading) -> str | None:
    """The paragraph's text as shown; None for an entry of the table of contents."""
    style = p.find(f"{W}pPr/{W}pStyle")
    was_in_toc = reading.in_toc
    parts: list[str] = []
    _collect(p, parts, reading)
    if was_in_toc or (style is not None and style.get(f"{W}val") in reading.toc_styles):
        return None
    return reading.numbering.label(p) + "".join(parts)


def _collect(node: etree._Element, parts: list[str], reading: _Reading) -> None:
    for child in node:
        tag = child.tag
        if tag == f"{W}sdt" and child.find(f"{W}sdtPr/{W14}checkbox") is not None:
            parts.append(TICKED if _checked(child) else UNTICKED)
        elif tag == f"{W}sdt" and child.find(f"{W}sdtPr/{W}showingPlcHdr") is not None:
            continue                             # an empty content control showing its prompt

        elif tag == f"{W}fldChar":
            _field_char(child, reading)
            box = _form_checkbox(child)
            if box and not reading.in_toc:
                parts.append(box)
        elif tag == f"{W}instrText":
            if reading.fields:
                reading.fields[-1][0] += child.text or ""
        elif tag == f"{W}fldSimple" and (child.get(f"{W}instr") or "").strip().upper().startswith("TOC"):
            continue
        elif reading.in_toc:
            _collect(child, parts, reading)      # fields still open and close inside
        elif tag == f"{W}t":             # a Wingdings box saved as text (LibreOffice, WPS): its private-use code; NBSP a space
            parts.append((child.text or "").translate(SHOWN_AS))
        elif tag == f"{W}tab":
            parts.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
        elif tag == f"{W}sym":
            parts.append(_symbol_box(child.get(f"{W}char") or ""))
        elif tag in (f"{W}pPr", f"{W}rPr", f"{W}del", f"{W}moveFrom"):
            continue
        else:
            _collect(child, parts, reading)


def _symbol_box(code: str) -> str:
    """A w:sym's check box; Word writes its code as "F052" or "0052" (with the font's offset or not)."""
    try:
        number = int(code, 16)
    except ValueError:
        return ""
    return SYMBOL_BOXES.get(number) or SYMBOL_BOXES.get(number + 0xF000, "")


def _field_char(node: etree._Element, reading: _Reading) -> None:
    kind = node.get(f"{W}fldCharType")
    if kind == "begin":
        reading.fields.append([""])
    elif kind == "end" and reading.fields:
        reading.fields.pop()


def _form_checkbox(fld_char: etree._Element) -> str:
    """A legacy form-field check box (FORMCHECKBOX, as old templates and WPS have them): Word draws
    it with no text, so its state is read from w:ffData."""
    box = fld_char.find(f"{W}ffData/{W}checkBox")
    if box is None:
        return ""
    state = box.find(f"{W}checked")
    if state is None:
        state = box.find(f"{W}default")
    on = state is not None and state.get(f"{W}val", "1") not in ("0", "false", "off")
    return TICKED if on else UNTICKED


def _checked(sdt: etree._Element) -> bool:
    checked = sdt.find(f"{W}sdtPr/{W14}checkbox/{W14}checked")
    return checked is not None and checked.get(f"{W14}val", "1") in ("1", "true", "on")


def _table(tbl: etree._Element, reading: _Reading) -> TableItem:
    rows: list[list[str]] = []
    contents: list[list[list[Item]]] = []
    aligns: list[str] = []
    for tr in tbl.iter(f"{W}tr"):
        if _ancestor_table(tr) is not tbl:
            continue                          # a row of a table nested in a cell
        row, row_contents = [], []
        for tc in tr.iter(f"{W}tc"):
            if _ancestor_table(tc) is not tbl:
                continue
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            if merge is not None and merge.get(f"{W}val") != "restart":
                continue
            items: list[Item] = []
            _walk(tc, items, reading)
            row.append("\n".join(_flat_text(i) for i in items))
            row_contents.append(items)
            if len(rows) == 1:
                aligns.append(_align(tc.findall(f".//{W}p")))
        rows.append(row)
        contents.append(row_contents)
    return TableItem(rows=rows, aligns=aligns, paragraphs=True, contents=contents)


def _flat_text(item: Item) -> str:
    if isinstance(item, TextItem):
        return item.text
    return "\n".join(cell for row in item.rows for cell in row)


def _ancestor_table(node: etree._Element) -> etree._Element | None:
    parent = node.getparent()
    while parent is not None and parent.tag != f"{W}tbl":
        parent = parent.getparent()
    return parent


def _align(paragraphs: list[etree._Element]) -> str:
    jc = paragraphs[0].find(f"{W}pPr/{W}jc") if paragraphs else None
    return _JC_TO_ALIGN.get(jc.get(f"{W}val") if jc is not None else "", "center")
