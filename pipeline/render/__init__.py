"""Rendering: data → Document → PDF and DOCX."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import reportlab_import  # noqa: F401  (first: reportlab's paragraph module without its 30 ms pattern)
from reportlab.platypus.doctemplate import LayoutError  # noqa: E402

from .. import limits
from ..errors import RenderError
from ..embedded import EMBEDDED_NAME, payload_file
from ..model import FormSpec
from ..data import get_value
from .document import build_document
from .docx import render_docx
from .pdf import render_pdf

_UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\ud800-\udfff]|^\.')   # "^\.": no hidden files


@dataclass(frozen=True)
class Rendered:
    stem: str          # file name without extension: "<单位名称>-<form title>"
    folder: str        # sub-folder the form asks for ("[案例]-单位名称+案例名称"), or ""
    pdf: bytes
    docx: bytes
    pages: int


def output_stem(spec: FormSpec, data: dict[str, Any] | None) -> str:
    name = str(get_value(data or {}, spec.file_name_field) or "").strip() or "空白"
    suffix = f"-{spec.title}"
    return safe_file_name(fit_name(name, limits.MAX_FILE_NAME_BYTES - len(suffix.encode("utf-8"))) + suffix)


def output_folder(spec: FormSpec, data: dict[str, Any] | None) -> str:
    """The form's folder template filled from the data; "" when the form names none or for
    the blank form."""
    if not spec.output_folder or not data:
        return ""
    filled = re.sub(r"{([^}]+)}", lambda m: str(get_value(data or {}, m.group(1)) or "").strip() or "空白",
                    spec.output_folder)
    return safe_file_name(fit_name(filled, limits.MAX_FILE_NAME_BYTES))


def safe_file_name(name: str) -> str:
    return _UNSAFE_IN_FILE_NAMES.sub("_", name)


def fit_name(name: str, max_bytes: int) -> str:
    """``name`` when its UTF-8 fits in ``max_bytes``; else its beginning, "…" and the start of
    the SHA-256 of the whole name, so that two long names that begin alike stay apart."""
    if len(name.encode("utf-8", "surrogatepass")) <= max_bytes:
        return name
    tail = "…" + hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:limits.NAME_HASH_CHARS]
    budget = max(max_bytes - len(tail.encode("utf-8")), 0)
    head = name.encode("utf-8", "surrogatepass")[:budget].decode("utf-8", "ignore")
    return head + tail


def render_form(spec: FormSpec, data: dict[str, Any] | None, base_dir: Path | None = None) -> Rendered:
    """Both documents for ``data`` (already validated), or the blank form for None; attached
    files are found relative to ``base_dir``."""
    document = build_document(spec, data, base_dir)
    stem = output_stem(spec, data)
    try:
        pdf = render_pdf(document, metadata_title=stem,
                         embedded_files={EMBEDDED_NAME: payload_file(spec, data)} if data else None)
    except LayoutError as exc:   # a value cell merged over rows, taller than a page: never cut
        raise RenderError("有表格单元格的内容超过一页，无法排版（所在表格含跨行合并的单元格）；"
                          "请缩短较长的填写内容，或改写为正文段落") from exc
    docx = render_docx(document, toc=pdf.toc, title=stem)
    return Rendered(stem=stem, folder=output_folder(spec, data), pdf=pdf.data, docx=docx, pages=pdf.pages)
