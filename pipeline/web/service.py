"""What the 填写 page asks of the library: validate data, render it, read a document back.

Data from a browser is never trusted with paths: attached files (FILES fields) name files on
the machine that renders, so they are taken out before validating or rendering, with a note.
"""
from __future__ import annotations

import copy
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..data import get_value
from ..errors import InputFileError, Problem, UsageError
from ..files import document_kind, read_bytes
from ..loader import form_ids, load_form
from ..model import FieldType, FormSpec
from ..parse import parse_file
from ..render import Rendered, render_form
from ..validate import ensure_valid, validate

ATTACHMENT_NOTE = "网页中不能附加文件：生成的文件中此项为空，请在提交时另行附上"
ZIP_TIME = (2020, 1, 1, 0, 0, 0)       # fixed, so the same data gives the same zip


def form_of(data: Any) -> FormSpec:
    """The form a browser's data names, or UsageError in Chinese."""
    if not isinstance(data, dict):
        raise UsageError("数据应为 JSON 对象（{…}）")
    form_id = data.get("form")
    if form_id not in form_ids():
        raise UsageError(f"数据的 form 应为以下之一：{'、'.join(form_ids())}，实际为 {json.dumps(form_id, ensure_ascii=False)}")
    return load_form(form_id)


def without_attachments(spec: FormSpec, data: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """The data with every FILES value removed, and a warning for each one that held files."""
    cleaned = copy.deepcopy(data)
    notes = []
    for f in spec.fields:
        if f.type is not FieldType.FILES or get_value(cleaned, f.key) in (None, []):
            continue
        parent = get_value(cleaned, f.key.rpartition(".")[0]) if "." in f.key else cleaned
        if isinstance(parent, dict):
            parent.pop(f.path[-1], None)
            notes.append(Problem(f.json_path, f.label, ATTACHMENT_NOTE, severity="warning"))
    return cleaned, notes


def check_data(data: Any) -> list[Problem]:
    """Every problem the CLI's ``validate`` reports for the data, attachments aside."""
    spec = form_of(data)
    cleaned, notes = without_attachments(spec, data)
    return [*validate(spec, cleaned), *notes]


@dataclass(frozen=True)
class Download:
    name: str
    content: bytes


def render_data(data: Any) -> Rendered:
    """Both documents of valid data (DataError with the problems otherwise)."""
    spec = form_of(data)
    cleaned, _ = without_attachments(spec, data)
    ensure_valid(spec, cleaned)
    return render_form(spec, cleaned)


def documents_zip(rendered: Rendered) -> Download:
    """The DOCX and the PDF in one zip; inside the form's folder when it asks for one
    (``[案例]-单位名称+案例名称/``)."""
    prefix = f"{rendered.folder}/" if rendered.folder else ""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for suffix, content in (("docx", rendered.docx), ("pdf", rendered.pdf)):
            archive.writestr(zipfile.ZipInfo(f"{prefix}{rendered.stem}.{suffix}", ZIP_TIME), content)
    return Download(f"{rendered.folder or rendered.stem}.zip", buffer.getvalue())


def load_document(path: Path, shown_name: str) -> dict[str, Any]:
    """A JSON input, or a PDF/DOCX read back by the parser, as the page continues editing it:
    {"form", "data", "strategy", "problems"}. Errors name the file as the user called it."""
    content = read_bytes(path)
    if content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return _load_json(content, shown_name)
    document_kind(content, shown_name)
    try:
        result = parse_file(path)
    except (InputFileError, UsageError) as exc:
        raise InputFileError(str(exc).replace(str(path), shown_name)) from exc
    return {"form": result.form, "data": result.data, "strategy": result.strategy,
            "problems": [p.as_dict() for p in result.problems]}


def _load_json(content: bytes, shown_name: str) -> dict[str, Any]:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputFileError(f"{shown_name}：不是有效的 JSON（{exc}）") from exc
    try:
        spec = form_of(data)
    except UsageError as exc:
        raise InputFileError(f"{shown_name}：{exc}") from exc
    return {"form": spec.id, "data": data, "strategy": "json",
            "problems": [p.as_dict() for p in check_data(data)]}


def problems_payload(problems: list[Problem]) -> dict[str, Any]:
    return {"valid": not any(p.severity == "error" for p in problems),
            "problems": [p.as_dict() for p in problems]}
