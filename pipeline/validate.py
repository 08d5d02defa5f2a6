"""Data ⇄ FormSpec: JSON Schema for shape and types, then the rules a schema cannot say
(conditional requirements with readable messages, check digits, 字数, glyph coverage)."""
from __future__ import annotations

import math
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from .attachments import AttachmentError
from .attachments import inspect as inspect_attachment
from .attachments import resolve as resolve_attachment
from .codes import org_code_problem
from .data import conditions_hold, get_value, is_empty
from .eligibility import eligibility_problems
from . import limits
from .errors import DataError, Problem
from .loader import load_form
from .model import Condition, Field, FieldType, FormSpec
from .render.fonts import missing_glyphs
from .schema import FORMAT_HINTS, form_schema
from .schema_check import satisfies_schema
from .text import word_count

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError as SchemaError

_TYPE_NAMES = {"string": "文本", "number": "数字", "integer": "整数", "boolean": "是/否（true 或 false）",
               "object": "对象", "array": "列表", "null": "空值"}


def validate(spec: FormSpec, data: dict[str, Any], base_dir: Path | None = None) -> list[Problem]:
    """All problems with ``data``, errors first; an empty list means it may be rendered.
    Attached files are looked for relative to ``base_dir`` (the input file's folder)."""
    problems = [*_schema_problems(spec, data), *requirement_problems(spec, data)]
    already = {p.path for p in problems}
    problems.extend(p for p in _value_problems(spec, data) if p.path not in already)
    problems.extend(p for p in _attachment_problems(spec, data, base_dir) if p.path not in already)
    problems.extend(word_target_problems(spec, data))
    if not any(p.severity == "error" for p in problems):
        problems.extend(eligibility_problems(spec, data))   # thresholds only make sense on sound data
    problems.sort(key=lambda p: p.severity != "error")
    return problems


def ensure_valid(spec: FormSpec, data: dict[str, Any], strict: bool = False,
                 base_dir: Path | None = None) -> list[Problem]:
    """Raise DataError when there is any error (with ``strict``, any warning too); return the
    warnings otherwise."""
    problems = validate(spec, data, base_dir)
    errors = [p for p in problems if p.severity == "error" or strict]
    if errors:
        raise DataError(errors)
    return problems


# ---- lookups ------------------------------------------------------------------------------

def describe_conditions(spec: FormSpec, conditions: tuple[Condition, ...]) -> str:
    parts = []
    for c in conditions:
        f = spec.field(c.path)
        opt = f.option(c.equals)
        parts.append(f"{f.label}为“{opt.label if opt else c.equals}”")
    return "、".join(parts)


def _label_for(spec: FormSpec, path: list[str | int]) -> tuple[str, str]:
    """(field key without row indices, Chinese label) for a JSON path inside the data."""
    key = ".".join(str(p) for p in path if not isinstance(p, int))
    if spec.has_field(key):
        return key, spec.field(key).label
    return key, ""


def _json_path(path: list[str | int]) -> str:
    out = "$"
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else f".{p}"
    return out


# ---- JSON Schema --------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _validator(form_id: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator, FormatChecker   # only for data that fails the quick check

    return Draft202012Validator(form_schema(load_form(form_id)), format_checker=FormatChecker())


def _schema_problems(spec: FormSpec, data: dict[str, Any]) -> Iterator[Problem]:
    """At most one problem per JSON path (a bad date breaks both its pattern and its format).
    Data the quick check passes has none (pipeline/schema_check.py)."""
    if satisfies_schema(spec.id, data):
        return
    seen: set[str] = set()
    for err in _validator(spec.id).iter_errors(data):
        if err.validator == "required":
            continue            # requirements are reported field by field below
        if err.schema_path and err.schema_path[0] == "allOf":
            continue            # conditional requirements: same
        problem = _schema_problem(spec, err)
        if problem.path not in seen:
            seen.add(problem.path)
            yield problem


def _schema_problem(spec: FormSpec, err: SchemaError) -> Problem:
    path = list(err.absolute_path)
    key, label = _label_for(spec, path)
    field = spec.field(key) if spec.has_field(key) else None
    return Problem(path=_json_path(path), label=label, message=_schema_message(err, field))


def _schema_message(err: SchemaError, field: Field | None) -> str:
    v, inst = err.validator, err.instance
    shown = _show(inst)
    if v == "type":
        return f"应为{_TYPE_NAMES.get(str(err.validator_value), err.validator_value)}，实际为 {shown}"
    if v == "minimum":
        return f"不能小于 {err.validator_value}，实际为 {shown}"
    if v == "maximum":
        return f"不能大于 {err.validator_value}，实际为 {shown}"
    if v == "minLength":
        return "不能为空"
    if field is not None and field.type is FieldType.DATE and v in ("pattern", "format"):
        return f"不是有效的日期：应为 YYYY-MM-DD 格式的真实日期，例如 2020-05-12，实际为 {shown}"
    if v in ("pattern", "format"):
        hint = FORMAT_HINTS.get(field.type, "") if field else ""
        return f"格式不正确：应为{hint}，实际为 {shown}" if hint else f"格式不正确：{shown}"
    if v == "enum" and field is not None:
        allowed = "、".join(f"{o.value}（{o.label}）" for o in field.options)
        return f"取值 {shown} 无效，应为以下之一：{allowed}"
    if v == "const":
        return f"应为 {_show(err.validator_value)}，实际为 {shown}"
    if v == "additionalProperties":
        extra = sorted(set(inst) - set(err.schema.get("properties", {})))
        return f"含有表单中没有的字段：{'、'.join(extra)}（请检查拼写）"
    return err.message


def _show(value: Any) -> str:
    if isinstance(value, str):
        shown = "".join("�" if _unusable(ch) else ch for ch in value[:40])
        return f"“{shown}{'…' if len(value) > 40 else ''}”"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return _TYPE_NAMES["object" if isinstance(value, dict) else "array"]
    return str(value)


# ---- requirements -------------------------------------------------------------------------

def requirement_problems(spec: FormSpec, data: dict[str, Any]) -> Iterator[Problem]:
    if not isinstance(data, dict):
        return
    for f in spec.fields:
        if f.required and conditions_hold(f.when, data) and is_empty(get_value(data, f.key)):
            why = f"{describe_conditions(spec, f.when)}时必填" if f.when else "必填"
            yield Problem(path=f.json_path, label=f.label, message=f"{why}，但未填写")
        if f.type is FieldType.ROWS:
            yield from _row_requirements(f, get_value(data, f.key))


def _row_requirements(f: Field, rows: Any) -> Iterator[Problem]:
    if not isinstance(rows, list):
        return
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            continue
        for col in f.columns:
            if col.required and is_empty(row.get(col.key)):
                yield Problem(path=f"$.{f.key}[{i}].{col.key}", label=f"{f.label}第 {i + 1} 行{col.label}",
                              message="必填，但未填写")


# ---- attached files ---------------------------------------------------------------------

def _attachment_problems(spec: FormSpec, data: dict[str, Any], base_dir: Path | None) -> Iterator[Problem]:
    if not isinstance(data, dict):
        return
    for f in spec.fields:
        files = get_value(data, f.key)
        if f.type is not FieldType.FILES or not isinstance(files, list):
            continue
        for i, value in enumerate(files):
            if not isinstance(value, str):
                continue
            try:
                inspect_attachment(resolve_attachment(value, base_dir))
            except AttachmentError as exc:
                yield Problem(path=f"{f.json_path}[{i}]", label=f.label, message=str(exc))


# ---- 字数 targets ("2000 字左右") ----------------------------------------------------------

def word_target_problems(spec: FormSpec, data: dict[str, Any]) -> Iterator[Problem]:
    if not isinstance(data, dict):
        return
    for target in spec.word_targets:
        texts = [v for v in (get_value(data, k) for k in target.fields) if isinstance(v, str)]
        count = sum(word_count(t) for t in texts)
        low, high = target.bounds
        if texts and not low <= count <= high:
            advice = "请补充" if count < low else "请精简"
            yield Problem(path=_common_path(target.fields), label=target.label, severity="warning",
                          message=f"字数为 {count}，要求 {target.about} 字左右（{low}–{high} 字），{advice}")


def _common_path(keys: tuple[str, ...]) -> str:
    parts = [k.split(".") for k in keys]
    common = []
    for level in zip(*parts):
        if len(set(level)) != 1:
            break
        common.append(level[0])
    return "$" + "".join(f".{p}" for p in common)


# ---- per-value rules ----------------------------------------------------------------------

def _value_problems(spec: FormSpec, data: dict[str, Any]) -> Iterator[Problem]:
    for path, field, value in iter_values(spec, data):
        for rule in _VALUE_RULES:
            message = rule(field, value)
            if message:
                yield Problem(path=path, label=field.label, message=message)


def iter_values(spec: FormSpec, data: Any) -> Iterator[tuple[str, Field, Any]]:
    """(JSON path, field, value) for every non-empty leaf value the data holds for the form."""
    if not isinstance(data, dict):
        return
    for f in spec.fields:
        value = get_value(data, f.key)
        if is_empty(value):
            continue
        if f.type is FieldType.ROWS and isinstance(value, list):
            for i, row in enumerate(value):
                for col in f.columns:
                    cell = row.get(col.key) if isinstance(row, dict) else None
                    if not is_empty(cell):
                        yield f"$.{f.key}[{i}].{col.key}", col, cell
        else:
            yield f.json_path, f, value


def _org_code_rule(field: Field, value: Any) -> str | None:
    if field.type is FieldType.ORGCODE and isinstance(value, str):
        return org_code_problem(value)
    return None


def max_chars_rule(field: Field, value: Any) -> str | None:
    """The notice's limit, in 字 as Word counts them (also what ``check`` judges)."""
    if field.max_chars and isinstance(value, str):
        count = word_count(value)
        if count > field.max_chars:
            return f"字数为 {count}，超过 {field.max_chars} 字的上限"
    return None


def _char_cap_rule(field: Field, value: Any) -> str | None:
    """The hard cap in characters that keeps layout bounded (a run of Latin letters is one 字)."""
    if not isinstance(value, str):
        return None
    cap = limits.text_char_limit(field.max_chars, field.type is FieldType.LONGTEXT)
    if len(value) > cap:
        return f"共 {len(value)} 个字符，超过 {cap} 个字符的上限（排版所限，与字数上限分别计算）"
    return None


def _number_rule(field: Field, value: Any) -> str | None:
    if isinstance(value, float) and not math.isfinite(value):
        return f"不是有效的数值（{value}）"
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) > limits.MAX_NUMBER:
        return f"数值过大：绝对值不能超过 {limits.MAX_NUMBER:.0e}".replace("e+", "×10^")
    return None


def _character_rule(field: Field, value: Any) -> str | None:
    """Characters no document can hold: lone surrogates (half of a UTF-16 pair) and control
    characters other than line breaks and tabs."""
    if not isinstance(value, str):
        return None
    bad = sorted(set(_UNUSABLE.findall(value)))
    if bad:
        listed = "、".join(f"U+{ord(ch):04X}" for ch in bad[:5]) + ("等" if len(bad) > 5 else "")
        return f"含有无法写入文件的字符 {listed}（控制字符、不成对的代理项或非字符），请删除"
    return None


# Control characters (Unicode category Cc) but line breaks and tabs, and lone surrogates (Cs).
_UNUSABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")   # XML cannot hold these


def _unusable(ch: str) -> bool:
    return bool(_UNUSABLE.match(ch))


def _decimals_rule(field: Field, value: Any) -> str | None:
    if field.type in (FieldType.MONEY, FieldType.PERCENT, FieldType.DECIMAL) and isinstance(value, float):
        exponent = Decimal(repr(value)).as_tuple().exponent
        if isinstance(exponent, int) and exponent < -2:
            return f"最多保留两位小数，实际为 {value}"
    return None


def _glyph_rule(field: Field, value: Any) -> str | None:
    if not isinstance(value, str) or _character_rule(field, value):
        return None
    missing = missing_glyphs(value)
    if missing:
        listed = "、".join(f"“{ch}”（U+{ord(ch):04X}）" for ch in missing)
        return f"含有字体无法显示的字符 {listed}，请改用常用字或删除"
    return None


_VALUE_RULES: tuple[Callable[[Field, Any], str | None], ...] = (
    _org_code_rule, _char_cap_rule, max_chars_rule, _number_rule, _decimals_rule, _character_rule, _glyph_rule,
)
