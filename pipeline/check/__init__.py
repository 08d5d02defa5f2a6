"""Formatting compliance checker (``shenbao check``) for DOCX and PDF.

A document is read into facts (docx_facts: effective formatting through styles and theme;
pdf_facts: fonts, sizes and positions on the page) and into the parser's text stream; small
rules registered by name (registry.py) judge them against forms/style.yaml and the form the
document is (detected from its title, or given).
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

from ..document_guard import reading_document
from ..errors import InputFileError, ShenbaoError
from ..files import document_kind, read_bytes
from ..loader import load_form, load_style
from ..model import FormSpec
from ..parse import detect_form
from ..parse.docx_stream import docx_stream
from ..parse.pdf_stream import pdf_items
from ..parse.acroform import acroform_values, detect_fillable_form, read_acroform
from ..parse.reader import Reading, read_form
from ..parse.stream import Item
from . import rules_content, rules_docx, rules_pdf  # noqa: F401  (registers the rules)
from .docx_facts import DocxReadError, read_docx_facts
from .findings import ERROR, WARNING, Finding, Report
from .pdf_facts import open_pdf, pdf_facts
from .registry import RULES, run_rules
from .subject import Subject

__all__ = ["ERROR", "WARNING", "Finding", "Report", "RULES", "Unreadable", "check_bytes", "check_file",
           "check_folder", "checkable_files"]

SUFFIXES = (".docx", ".pdf")


@dataclass(frozen=True)
class Unreadable:
    """A file of a folder that could not be checked, and why."""

    file: str
    error: str


def check_file(path: Path, form_id: str | None = None) -> Report:
    return check_bytes(read_bytes(path), str(path), form_id)


def check_folder(folder: Path, form_id: str | None = None) -> list[Report | Unreadable]:
    """Every .docx/.pdf under ``folder``, each checked on its own."""
    paths = checkable_files(folder)
    if not paths:
        raise InputFileError(f"{folder}：文件夹中没有 .docx 或 .pdf 文件")
    results: list[Report | Unreadable] = []
    for path in paths:
        try:
            results.append(check_file(path, form_id))
        except ShenbaoError as exc:
            results.append(Unreadable(str(path), str(exc)))
    return results


def check_bytes(data: bytes, name: str, form_id: str | None = None) -> Report:
    kind = document_kind(data, name)
    with reading_document(name, kind):            # a library tripping over a damaged file: exit 2
        return _check(data, name, form_id, kind)


def _check(data: bytes, name: str, form_id: str | None, kind: str) -> Report:
    subject = _subject(data, name, form_id, kind)
    report = Report(file=name, kind=subject.kind, form=subject.spec.id if subject.spec else None)
    if subject.spec is None:
        report.findings.append(Finding("required-section.form", WARNING,
                                       "无法从标题判断是哪个表单，未检查章节、必填项、勾选框和字数（可用 --form 指定）",
                                       "首页", "表单标题", "未找到"))
    report.findings.extend(run_rules(subject))
    return report


def checkable_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()
                  and not p.name.startswith(("~$", ".")))


def _subject(data: bytes, name: str, form_id: str | None, kind: str) -> Subject:
    style = load_style()
    if kind == "pdf":
        with open_pdf(data, name) as pdf:           # each page interpreted once, for both
            facts = pdf_facts(pdf, name)
            items = pdf_items(pdf)
        spec, reading = _pdf_reading(data, items, form_id)
        return Subject("pdf", style, spec, items, reading, pdf=facts)
    try:
        facts = read_docx_facts(data)
    except DocxReadError as exc:
        raise InputFileError(f"{name}：DOCX 文件已损坏或无法解析：{exc}") from exc
    items = docx_stream(data)
    spec = _form(items, form_id)
    return Subject("docx", style, spec, items, read_form(spec, items) if spec else None, docx=facts)


def _pdf_reading(data: bytes, items: list[Item], form_id: str | None) -> tuple[FormSpec | None, Reading | None]:
    """The values as the parser reads them: a filled fillable blank's from its fields, any
    other PDF's from its text."""
    values = acroform_values(PdfReader(io.BytesIO(data)))
    if values and any(v not in (None, "", "/Off") for v in values.values()):
        spec = load_form(form_id) if form_id else detect_fillable_form(values)
        if spec is not None:
            return spec, read_acroform(spec, values)
    spec = _form(items, form_id)
    return spec, read_form(spec, items) if spec else None


def _form(items: list[Item], form_id: str | None) -> FormSpec | None:
    if form_id:
        return load_form(form_id)
    try:
        return detect_form(items)
    except InputFileError:
        return None
