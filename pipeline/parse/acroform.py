"""The values of a filled fillable blank (`shenbao blank FORM --fillable`), read with pypdf.

Field names are the JSON keys (pipeline.render.fillable); each value is read back by its
field's type, the same way printed text is. A check box ticked ("/Yes", or any state but
"/Off") chooses its option.
"""
from __future__ import annotations

from typing import Any

from pypdf import PdfReader

from ..data import get_value, set_value
from ..errors import Problem
from ..loader import form_ids, load_form
from ..model import Field, FieldType, FormSpec
from ..render.fillable import BOOL_OPTIONS, key_of
from .reader import Reading, infer_unprinted_choices
from .values import Unreadable, read_value

OFF_STATES = frozenset({"", "/Off", "Off"})


def acroform_values(reader: PdfReader) -> dict[str, Any]:
    """Field name → value (/V) of every terminal field; {} for a PDF without a form."""
    try:
        fields = reader.get_fields() or {}
    except (KeyError, ValueError, TypeError):
        return {}
    return {name: f.get("/V") for name, f in fields.items() if "/Kids" not in f or f.get("/FT")}


def detect_fillable_form(values: dict[str, Any]) -> FormSpec | None:
    """The form whose keys explain the most field names — most of them at least: a reader may
    add fields of its own (a signature), which are then reported and ignored."""
    best, best_score = None, 0
    for form_id in form_ids():
        spec = load_form(form_id)
        score = sum(1 for name in values if spec.field_at(key_of(name)[0]) is not None)
        if score > best_score:
            best, best_score = spec, score
    return best if best_score * 2 > len(values) else None


def read_acroform(spec: FormSpec, values: dict[str, Any]) -> Reading:
    reading = Reading(data={"form": spec.id})
    rows: dict[str, dict[int, dict[str, Any]]] = {}
    for name, raw in sorted(values.items()):
        key, option = key_of(name)
        field = spec.field_at(key)
        if field is None:
            reading.problems.append(Problem("$", "", f"表单域“{name}”不属于表单 {spec.id}，已忽略", severity="warning"))
            continue
        if option:
            _read_checkbox(spec.field(key), option, raw, reading)
        else:
            _read_text(spec, key, field, raw, reading, rows)
    for ref, by_index in rows.items():
        last = max((i for i, row in by_index.items() if row), default=-1)
        if last >= 0:    # rows keep their printed places: a gap stays an (empty) row
            set_value(reading.data, ref, [by_index.get(i, {}) for i in range(last + 1)])
    infer_unprinted_choices(spec, reading.data)
    return reading


def _read_checkbox(field: Field, option: str, raw: Any, reading: Reading) -> None:
    if str(raw or "") in OFF_STATES:
        return
    if field.type is FieldType.BOOL:
        value: Any = dict(BOOL_OPTIONS).get(option)
    else:
        value = option if field.option(option) else None
    if value is None:
        reading.problems.append(Problem(field.json_path, field.label, f"勾选框“{option}”不是该栏的选项"))
        return
    current = get_value(reading.data, field.key)
    if field.key in reading.conflicts:
        return
    if current is not None and current != value:    # neither box is taken for the answer
        reading.conflicts.add(field.key)
        _remove(reading.data, field.key)
        reading.problems.append(Problem(field.json_path, field.label, "勾选了不止一项，只能勾选一项"))
        return
    set_value(reading.data, field.key, value)


def _remove(data: dict[str, Any], key: str) -> None:
    *parents, last = key.split(".")
    node = get_value(data, ".".join(parents)) if parents else data
    if isinstance(node, dict):
        node.pop(last, None)


def _read_text(spec: FormSpec, key: str, field: Field, raw: Any, reading: Reading,
               rows: dict[str, dict[int, dict[str, Any]]]) -> None:
    text = str(raw or "").replace("\r\n", "\n").replace("\r", "\n")
    try:
        value = text.strip() or None if field.type is FieldType.LONGTEXT else read_value(field, text)
    except Unreadable:
        reading.problems.append(Problem(_json_path(key), field.label, f"读到“{text.strip()}”，无法识别为该栏的值"))
        return
    parts = key.split(".")
    index = next((i for i, p in enumerate(parts) if p.isdigit() and i), None)
    if index is not None:
        ref = ".".join(parts[:index])
        row = rows.setdefault(ref, {}).setdefault(int(parts[index]), {})
        if value is not None:
            row[field.key] = value
        return
    if value is not None:
        set_value(reading.data, key, value)


def _json_path(key: str) -> str:
    parts = [f"[{p}]" if p.isdigit() else f".{p}" for p in key.split(".")]
    return "$" + "".join(parts)
