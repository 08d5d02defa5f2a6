"""Reading rendered documents back for assertions: text by table cell and by paragraph."""
from __future__ import annotations

import copy
import difflib
import io
import re
import zipfile
from typing import Any

import pdfplumber
from docx import Document
from lxml import etree
from pypdf import PdfReader, PdfWriter

from pipeline.embedded import strip_embedded  # noqa: F401  (re-exported for the tests)
from pipeline.model import FieldType, FormSpec
from pipeline.parse.reader import printed_keys
from pipeline.parse.stream import squash  # noqa: F401  (re-exported for the tests)
from pipeline.text import narrative_text, split_narrative

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def with_embedded_file(pdf: bytes, name: str, contents: bytes) -> bytes:
    """``pdf`` with one more embedded file, added by pypdf (as someone editing our PDF would)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_attachment(name, contents)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_pieces(data: bytes) -> list[str]:
    """One string per table cell and one per run of text outside tables, whitespace removed."""
    pieces: list[str] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            tables = page.find_tables()
            for table in tables:
                for row in table.extract():
                    pieces.extend(squash(cell) for cell in row if cell)
            boxes = [t.bbox for t in tables]
            outside = page.filter(lambda obj: not any(_inside(obj, box) for box in boxes))
            pieces.append(squash(outside.extract_text() or ""))
    return [p for p in pieces if p]


def _inside(obj: dict, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    cx = (obj.get("x0", 0) + obj.get("x1", 0)) / 2
    cy = (obj.get("top", 0) + obj.get("bottom", 0)) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def docx_pieces(data: bytes) -> list[str]:
    """One string per body paragraph (content controls included), table cell and table row."""
    root = docx_xml(data, "word/document.xml")
    pieces = []
    for p in root.iter(f"{W}p"):
        if _ancestor(p, f"{W}tc") is None:
            pieces.append(squash(_text(p)))
    for tc in root.iter(f"{W}tc"):
        pieces.append(squash("".join(_text(p) for p in tc.iter(f"{W}p"))))
    for tr in root.iter(f"{W}tr"):      # a row read left to right, as a line of print
        pieces.append(squash("".join(_text(p) for p in tr.iter(f"{W}p"))))
    return [p for p in pieces if p]


def _ancestor(el: etree._Element, tag: str) -> etree._Element | None:
    parent = el.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def _text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def docx_xml(data: bytes, part: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(part))


def docx_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def open_docx(data: bytes) -> Document:
    return Document(io.BytesIO(data))


def canonical(spec: FormSpec, data: dict[str, Any]) -> dict[str, Any]:
    """What a document can give back: printed fields, narratives in their canonical text."""
    out: dict[str, Any] = {}

    def walk(node: Any, prefix: str) -> Any:
        if isinstance(node, dict):
            kept = {k: walk(v, f"{prefix}{k}.") for k, v in node.items()}
            return {k: v for k, v in kept.items() if v not in (None, [], {})}
        if isinstance(node, list) and node and isinstance(node[0], dict):
            return [walk(row, prefix) for row in node]
        key = prefix[:-1]
        if spec.has_field(key) and spec.field(key).type is FieldType.LONGTEXT:
            return narrative_text(split_narrative(node))
        return node

    out = walk(copy.deepcopy(data), "")
    inferable = {c.path for f in spec.fields for c in f.when}     # told by which blocks hold data
    keep = printed_keys(spec) | inferable | {"form"}
    for field in spec.fields:
        if field.key not in keep and field.key.split(".")[0] in out:
            _drop(out, field.key)
    return out


def _drop(data: dict, key: str) -> None:
    parts = key.split(".")
    node = data
    for part in parts[:-1]:
        node = node.get(part, {})
    node.pop(parts[-1], None)


_CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
_SPACE_BY_CJK = re.compile(rf"(?<={_CJK})[ \t]+|[ \t]+(?={_CJK})")
LIBREOFFICE_DROPS = "、，"


def same_but_for_the_pdf(expected: Any, got: Any) -> bool:
    """Text equal but for what a PDF cannot give back: whether a space stood between Chinese
    and Latin text where a line broke (PDF writers drop the space at a line's end, and Word and
    LibreOffice break there without one too), and a 、 or ， LibreOffice 7 leaves out of its PDF
    where the mark would hang past the margin (it is missing on its own rendering too)."""
    if not (isinstance(expected, str) and isinstance(got, str)):
        return False
    a, b = _SPACE_BY_CJK.sub("", expected), _SPACE_BY_CJK.sub("", got)
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return all(op == "equal" or (op == "delete" and all(ch in LIBREOFFICE_DROPS for ch in a[i1:i2]))
               for op, i1, i2, _, _ in ops)


def flatten(node: Any, prefix: str = "") -> dict[str, Any]:
    """JSON paths → leaf values; empty values (None, "", [], {}) are no field."""
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            out.update(flatten(value, f"{prefix}.{key}" if prefix else key))
        return out
    if isinstance(node, list):
        out = {}
        for n, value in enumerate(node):
            out.update(flatten(value, f"{prefix}[{n}]"))
        return out
    return {} if node in (None, "") else {prefix: node}
