"""Facts about a PDF that formatting rules judge: page sizes, and each text line with the
fonts of its CJK characters, its size, position, and whether it stands in a table."""
from __future__ import annotations

import ast
import io
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

import pdfplumber
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from ..errors import InputFileError
from ..text import is_ideograph


@dataclass(frozen=True)
class PdfLine:
    text: str
    cjk_fonts: tuple[str, ...]     # font of each CJK character's run, subset prefix removed
    size: float                    # most common character size
    x0: float
    x1: float
    top: float
    bottom: float                  # ≈ the baseline (pdfplumber measures down from the page top)
    in_table: bool


@dataclass(frozen=True)
class PdfPage:
    number: int
    width: float
    height: float
    lines: tuple[PdfLine, ...]
    tables: int


@dataclass(frozen=True)
class PdfFacts:
    pages: tuple[PdfPage, ...]


_DAMAGED = (PDFSyntaxError, PdfminerException, PyPdfError, ValueError, KeyError)


@contextmanager
def open_pdf(data: bytes, name: str) -> Iterator[pdfplumber.PDF]:
    """The PDF open for reading its facts (and, in ``check``, its text stream from the same
    pages); an encrypted or damaged file is refused naming ``name``."""
    try:
        if PdfReader(io.BytesIO(data)).is_encrypted:
            raise InputFileError(f"{name}：PDF 已加密，无法检查（请提交未加密的文件）")
        pdf = pdfplumber.open(io.BytesIO(data))
    except _DAMAGED as exc:
        raise _damaged(name, exc) from exc
    with pdf:
        yield pdf


def pdf_facts(pdf: pdfplumber.PDF, name: str) -> PdfFacts:
    try:
        facts = PdfFacts(tuple(_page(page) for page in pdf.pages))
    except _DAMAGED as exc:
        raise _damaged(name, exc) from exc
    if not facts.pages:
        raise InputFileError(f"{name}：PDF 没有任何页面")
    return facts


def _damaged(name: str, exc: Exception) -> InputFileError:
    return InputFileError(f"{name}：PDF 文件已损坏或无法解析（{exc or type(exc).__name__}）")


def _page(page) -> PdfPage:  # noqa: ANN001 (pdfplumber page)
    boxes = [t.bbox for t in page.find_tables()]
    lines = []
    for line in page.extract_text_lines(return_chars=True, strip=True):
        chars = [c for c in line["chars"] if c["text"].strip()]
        if not chars:
            continue
        centre = ((line["x0"] + line["x1"]) / 2, (line["top"] + line["bottom"]) / 2)
        lines.append(PdfLine(
            text=line["text"],
            cjk_fonts=tuple(font_name(c["fontname"]) for c in chars if is_ideograph(c["text"])),
            size=Counter(round(c["size"], 1) for c in chars).most_common(1)[0][0],
            x0=line["x0"], x1=line["x1"], top=line["top"], bottom=line["bottom"],
            in_table=any(b[0] <= centre[0] <= b[2] and b[1] <= centre[1] <= b[3] for b in boxes),
        ))
    return PdfPage(page.page_number, float(page.width), float(page.height), tuple(lines), len(boxes))


def font_name(raw: str) -> str:
    """"ABCDEF+NotoSerifSC" → "NotoSerifSC"; a GBK name read as bytes ("b'\\xcb\\xce…'") → 宋体."""
    name = raw.split("+", 1)[1] if len(raw) > 7 and raw[6] == "+" else raw
    if name.startswith(("b'", 'b"')):
        try:
            name = ast.literal_eval(name).decode("gb18030")
        except (ValueError, SyntaxError, UnicodeDecodeError):
            pass
    return name
