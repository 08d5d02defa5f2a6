"""Formatting compliance checker (``shenbao check``) for DOCX and PDF.

A document is read into facts (docx_facts: effective formatting through styles and theme;
pdf_facts: fonts, sizes and positions on the page) and into the parser's text stream; small
rules registered by name (registry.py) judge them against forms/style.yaml and the form the
document is (detected from its title, or given).
"""
from __future__ import annotations

from pathlib import Path

from ..errors import InputFileError
from ..loader import load_form, load_style
from ..model import FormSpec
from ..parse import detect_form
from ..parse.docx_stream import docx_stream
from ..parse.pdf_stream import pdf_stream
from ..parse.reader import read_form
from ..parse.stream import Item
from . import rules_content, rules_docx, rules_pdf  # noqa: F401  (registers the rules)
from .docx_facts import DocxReadError, read_docx_facts
from .findings import ERROR, WARNING, Finding, Report
from .pdf_facts import read_pdf_facts
from .registry import RULES, run_rules
from .subject import Subject

__all__ = ["ERROR", "WARNING", "Finding", "Report", "RULES", "check_bytes", "check_file", "checkable_files"]

SUFFIXES = (".docx", ".pdf")


def check_file(path: Path, form_id: str | None = None) -> Report:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(f"{path}：文件不存在") from None
    except OSError as exc:
        raise InputFileError(f"{path}：无法读取（{exc.strerror}）") from exc
    return check_bytes(data, str(path), form_id)


def check_bytes(data: bytes, name: str, form_id: str | None = None) -> Report:
    subject = _subject(data, name, form_id)
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


def _subject(data: bytes, name: str, form_id: str | None) -> Subject:
    style = load_style()
    if data.startswith(b"%PDF-"):
        facts = read_pdf_facts(data)
        items = pdf_stream(data)
        spec = _form(items, form_id)
        return Subject("pdf", style, spec, items, read_form(spec, items) if spec else None, pdf=facts)
    if data.startswith(b"PK"):
        try:
            facts = read_docx_facts(data)
        except DocxReadError as exc:
            raise InputFileError(f"{name}：DOCX 文件已损坏或无法解析：{exc}") from exc
        items = docx_stream(data)
        spec = _form(items, form_id)
        return Subject("docx", style, spec, items, read_form(spec, items) if spec else None, docx=facts)
    raise InputFileError(f"{name}：既不是 PDF 也不是 DOCX 文件")


def _form(items: list[Item], form_id: str | None) -> FormSpec | None:
    if form_id:
        return load_form(form_id)
    try:
        return detect_form(items)
    except InputFileError:
        return None
