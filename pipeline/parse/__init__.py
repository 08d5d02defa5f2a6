"""Submitted documents → the same JSON `render` takes.

Strategies, tried in this order by "auto":
- embedded: the data a PDF of this tool carries, checked against its hash and its visible text;
- acroform: the fields of a fillable blank (`shenbao blank FORM --fillable`) filled in a PDF reader;
- layout: a PDF read by position (pdfplumber) along the form's layout;
- docx: a Word file read by its table cells and paragraphs.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from ..document_guard import reading_document
from ..embedded import extract
from ..errors import InputFileError, Problem, UsageError
from ..files import document_kind, read_bytes
from ..loader import form_ids, load_form, load_style
from ..model import FormSpec
from ..strategies import STRATEGIES
from ..render.document import Document, Grid, Heading, Para, build_document
from ..validate import validate
from .acroform import acroform_values, detect_fillable_form, read_acroform
from .docx_stream import docx_stream
from .pdf_stream import pdf_stream
from .reader import read_form
from .stream import Item, TextItem, squash



@dataclass
class ParseResult:
    form: str
    data: dict[str, Any]
    strategy: str
    problems: list[Problem] = field(default_factory=list)   # what the reading met, then validation

    @property
    def valid(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def parse_file(path: Path, form_id: str | None = None, strategy: str = "auto") -> ParseResult:
    if strategy not in STRATEGIES:
        raise UsageError(f"未知的读取方式“{strategy}”，可用：{'、'.join(STRATEGIES)}")
    data = read_bytes(path)
    kind = document_kind(data, str(path))
    with reading_document(str(path), kind):       # a library tripping over a damaged file: exit 2
        if kind == "pdf":
            return _parse_pdf(data, form_id, strategy)
        if strategy not in ("auto", "docx"):
            raise UsageError(f"读取方式“{strategy}”只适用于 PDF 文件")
        return _finish(_read_stream(docx_stream(data), form_id, "docx"))


def _parse_pdf(data: bytes, form_id: str | None, strategy: str) -> ParseResult:
    if strategy == "docx":
        raise UsageError("读取方式“docx”只适用于 DOCX 文件")
    try:
        reader = PdfReader(io.BytesIO(data))
        _ = len(reader.pages)
    except (PyPdfError, ValueError, OSError) as exc:
        raise InputFileError(f"PDF 文件已损坏或无法解析：{exc}") from exc
    attempts: list[tuple[str, Callable[[], ParseResult | None]]] = [
        ("embedded", lambda: _from_embedded(reader, data, form_id)),
        ("acroform", lambda: _from_acroform(reader, form_id)),
        ("layout", lambda: _read_stream(pdf_stream(data), form_id, "layout")),
    ]
    notes: list[str] = []
    for name, attempt in attempts:
        if strategy not in ("auto", name):
            continue
        result = attempt()
        if result is not None:
            if extract(reader) is not None and result.strategy != "embedded":   # data carried but refused
                result.problems.insert(0, Problem("$", "", EMBEDDED_REFUSED, severity="warning"))
            return _finish(result)
        notes.append(f"读取方式“{name}”不适用于此文件")
    raise InputFileError("无法从此 PDF 读出数据：" + "；".join(notes))


EMBEDDED_REFUSED = "文件带有本工具嵌入的数据（embedded），但与页面文字或校验值不符（文件生成后被修改过），已改为按页面内容读取"


def _from_embedded(reader: PdfReader, data: bytes, form_id: str | None) -> ParseResult | None:
    payload = extract(reader)
    if payload is None or (form_id and payload.form != form_id) or payload.form not in form_ids():
        return None
    if not payload.intact:
        return None
    spec = load_form(payload.form)
    if not _visible_text_matches(spec, payload.data, reader):
        return None
    return ParseResult(form=spec.id, data=payload.data, strategy="embedded")


def _from_acroform(reader: PdfReader, form_id: str | None) -> ParseResult | None:
    values = acroform_values(reader)
    if not values:
        return None
    spec = load_form(form_id) if form_id else detect_fillable_form(values)
    if spec is None:
        return None
    reading = read_acroform(spec, values)
    return ParseResult(form=spec.id, data=reading.data, strategy="acroform", problems=reading.problems)


def _visible_text_matches(spec: FormSpec, data: dict[str, Any], reader: PdfReader) -> bool:
    """Every paragraph the data prints stands in the PDF's text: data edited after the PDF
    was made, or a PDF edited after it was rendered, is refused. The text comes from pypdf in
    drawing order (our own PDFs draw each line whole), page numbers dropped — a third of the
    time pdfplumber's layout analysis would take."""
    visible = squash("".join(_page_text(page) for page in reader.pages))
    return all(squash(text) in visible for text in printed_texts(build_document(spec, data)))


def _page_number_pattern() -> re.Pattern[str]:
    """"- {n} -" → a pattern for a page-number line, spaces optional."""
    pattern = re.escape(load_style().page_number_format).replace(r"\{n\}", r"\d+").replace(r"\ ", r"\s*")
    return re.compile(pattern)


def _page_text(page) -> str:  # noqa: ANN001 (pypdf page)
    number = _page_number_pattern()
    try:
        text = page.extract_text() or ""
    except (PyPdfError, ValueError, KeyError):
        return ""
    return "".join(line for line in text.splitlines() if not number.fullmatch(line.strip()))


def printed_texts(document: Document) -> list[str]:
    """Every paragraph and every table cell line the document prints."""
    texts = []
    for block in document.blocks:
        if isinstance(block, Grid):
            texts.extend(line for cell in block.cells for line in cell.lines if line.strip())
        elif isinstance(block, (Para, Heading)) and block.text.strip():
            texts.append(block.text)
    return texts


def _item_text(item: Item) -> str:
    return item.text if isinstance(item, TextItem) else "".join("".join(r) for r in item.rows)


def _read_stream(items: list[Item], form_id: str | None, strategy: str) -> ParseResult:
    spec = load_form(form_id) if form_id else detect_form(items)
    reading = read_form(spec, items)
    return ParseResult(form=spec.id, data=reading.data, strategy=strategy, problems=reading.problems)


def detect_form(items: list[Item]) -> FormSpec:
    """The form whose title the document's first page carries (the longest title that fits)."""
    head = squash("".join(_item_text(i) for i in items[:40]))
    specs = sorted((load_form(f) for f in form_ids()), key=lambda s: len(s.title), reverse=True)
    for spec in specs:
        if squash(spec.title) in head:
            return spec
    raise InputFileError("无法从标题判断表单，请用 --form 指定（可用：" + "、".join(form_ids()) + "）")


def _finish(result: ParseResult) -> ParseResult:
    """Validation after the reading; a field the reading already said it could not read is not
    said again to be missing."""
    spec = load_form(result.form)
    unread = {p.path for p in result.problems if p.severity == "error"}
    result.problems.extend(p for p in validate(spec, result.data) if p.path not in unread)
    return result
