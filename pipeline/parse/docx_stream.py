"""DOCX → stream: body paragraphs and tables in order, by structure rather than position.

Content controls (w:sdt) are entered, except the table of contents; a cell continued from the
row above (w:vMerge without "restart") is skipped, a cell spanning columns counts once.
"""
from __future__ import annotations

import io
import zipfile

from lxml import etree

from ..errors import InputFileError
from .stream import Item, TableItem, TextItem

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_JC_TO_ALIGN = {"left": "left", "start": "left", "center": "center", "right": "right", "end": "right"}


def docx_stream(data: bytes) -> list[Item]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            root = etree.fromstring(package.read("word/document.xml"))
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise InputFileError(f"不是有效的 DOCX 文件：{exc}") from exc
    body = root.find(f"{W}body")
    if body is None:
        raise InputFileError("不是有效的 DOCX 文件：word/document.xml 中没有正文（w:body）")
    items: list[Item] = []
    _walk(body, items)
    return items


def _walk(container: etree._Element, items: list[Item]) -> None:
    for child in container:
        if child.tag == f"{W}p":
            items.append(TextItem(paragraph_text(child)))
        elif child.tag == f"{W}tbl":
            items.append(_table(child))
        elif child.tag == f"{W}sdt" and not _is_toc(child):
            content = child.find(f"{W}sdtContent")
            if content is not None:
                _walk(content, items)


def _is_toc(sdt: etree._Element) -> bool:
    gallery = sdt.find(f".//{W}docPartGallery")
    return gallery is not None and "Contents" in (gallery.get(f"{W}val") or "")


def paragraph_text(p: etree._Element) -> str:
    parts = []
    for node in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}sym"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}tab":
            parts.append("\t")
        elif node.tag == f"{W}br":
            parts.append("\n")
        else:
            parts.append(_symbol(node))
    return "".join(parts)


def _symbol(sym: etree._Element) -> str:
    """Word's Wingdings check boxes (w:sym) as the characters this tool prints."""
    char = (sym.get(f"{W}char") or "").upper()
    return {"F0FE": "☑", "F0A8": "□", "F06F": "□", "F052": "☑", "F0A3": "□", "F054": "☒"}.get(char, "")


def _table(tbl: etree._Element) -> TableItem:
    rows: list[list[str]] = []
    aligns: list[str] = []
    for tr in tbl.findall(f"{W}tr"):
        row = []
        for tc in tr.findall(f"{W}tc"):
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            if merge is not None and merge.get(f"{W}val") != "restart":
                continue
            paragraphs = tc.findall(f".//{W}p")
            row.append("\n".join(paragraph_text(p) for p in paragraphs))
            if len(rows) == 1:
                aligns.append(_align(paragraphs))
        rows.append(row)
    return TableItem(rows=rows, aligns=aligns)


def _align(paragraphs: list[etree._Element]) -> str:
    jc = paragraphs[0].find(f"{W}pPr/{W}jc") if paragraphs else None
    return _JC_TO_ALIGN.get(jc.get(f"{W}val") if jc is not None else "", "center")
