"""Rendering: data → Document → PDF and DOCX."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..embedded import embed
from ..model import FormSpec
from ..data import get_value
from .document import build_document
from .docx import render_docx
from .pdf import render_pdf

_UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclass(frozen=True)
class Rendered:
    stem: str          # file name without extension: "<单位名称>-<form title>"
    folder: str        # sub-folder the form asks for ("[案例]-单位名称+案例名称"), or ""
    pdf: bytes
    docx: bytes
    pages: int


def output_stem(spec: FormSpec, data: dict[str, Any] | None) -> str:
    name = str(get_value(data or {}, spec.file_name_field) or "").strip() or "空白"
    return safe_file_name(f"{name}-{spec.title}")


def output_folder(spec: FormSpec, data: dict[str, Any] | None) -> str:
    """The form's folder template filled from the data; "" when the form names none or for
    the blank form."""
    if not spec.output_folder or not data:
        return ""
    filled = re.sub(r"{([^}]+)}", lambda m: str(get_value(data or {}, m.group(1)) or "").strip() or "空白",
                    spec.output_folder)
    return safe_file_name(filled)


def safe_file_name(name: str) -> str:
    return _UNSAFE_IN_FILE_NAMES.sub("_", name)


def render_form(spec: FormSpec, data: dict[str, Any] | None, base_dir: Path | None = None) -> Rendered:
    """Both documents for ``data`` (already validated), or the blank form for None; attached
    files are found relative to ``base_dir``."""
    document = build_document(spec, data, base_dir)
    stem = output_stem(spec, data)
    pdf = render_pdf(document, metadata_title=stem)
    docx = render_docx(document, toc=pdf.toc, title=stem)
    pdf_bytes = embed(pdf.data, spec, data) if data else pdf.data
    return Rendered(stem=stem, folder=output_folder(spec, data), pdf=pdf_bytes, docx=docx, pages=pdf.pages)
