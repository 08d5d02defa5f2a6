"""FormSpec → JSON Schema (draft 2020-12). The schema is generated, never written by hand."""
from __future__ import annotations

from typing import Any

from .model import Condition, Field, FieldType, FormSpec

DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Patterns shared by the schema and the validator's messages.
# ASCII digits only: \d would also accept full-width and other scripts' digits.
PATTERNS: dict[FieldType, str] = {
    FieldType.DATE: r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    FieldType.MOBILE: r"^1[3-9][0-9]{9}$",
    FieldType.PHONE: r"^(0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?|1[3-9][0-9]{9}|400-?[0-9]{3}-?[0-9]{4})$",
    FieldType.EMAIL: r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$",
    FieldType.POSTCODE: r"^[0-9]{6}$",
    FieldType.ORGCODE: r"^([0-9A-HJ-NPQRTUWXY]{18}|[0-9A-Z]{8}-?[0-9X])$",
    FieldType.URL: r"^(https?://)?[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:[0-9]+)?(/\S*)?$",
}

FORMAT_HINTS: dict[FieldType, str] = {
    FieldType.DATE: "日期，格式为 YYYY-MM-DD，例如 2020-05-12",
    FieldType.MOBILE: "11 位手机号码，例如 13912345678",
    FieldType.PHONE: "电话号码，例如 020-83133351 或 13912345678",
    FieldType.EMAIL: "电子邮箱，例如 name@example.com",
    FieldType.POSTCODE: "6 位数字邮政编码",
    FieldType.ORGCODE: "18 位统一社会信用代码或 9 位组织机构代码",
    FieldType.URL: "网址，例如 https://www.example.com",
}


def form_schema(spec: FormSpec) -> dict[str, Any]:
    root = _object_schema(spec.fields)
    root["properties"] = {"form": {"const": spec.id, "title": "表单"}, **root["properties"]}
    root["required"] = ["form", *root.get("required", [])]
    conditional = _conditional_requirements(spec.fields)
    schema: dict[str, Any] = {"$schema": DIALECT, "$id": f"urn:shenbao:form:{spec.id}:v{spec.schema_version}",
                              "title": spec.title, **root}
    if conditional:
        schema["allOf"] = conditional
    return schema


def _object_schema(fields: tuple[Field, ...]) -> dict[str, Any]:
    """Nest fields by their dotted keys into object schemas (unconditional requirements only)."""
    node: dict[str, Any] = {"type": "object", "properties": {}, "additionalProperties": False}
    for f in fields:
        _place(node, f.path, field_schema(f), required=f.required and not f.when)
    return node


def _place(node: dict[str, Any], path: tuple[str, ...], leaf: dict[str, Any], required: bool) -> None:
    head, rest = path[0], path[1:]
    if not rest:
        node["properties"][head] = leaf
        if required:
            node.setdefault("required", []).append(head)
        return
    child = node["properties"].setdefault(
        head, {"type": "object", "properties": {}, "additionalProperties": False})
    if required and head not in node.get("required", []):
        node.setdefault("required", []).append(head)
    _place(child, rest, leaf, required)


def field_schema(f: Field) -> dict[str, Any]:
    schema: dict[str, Any] = {"title": f.label, **_type_schema(f)}
    if f.example is not None and f.type is not FieldType.ROWS:
        schema["examples"] = [f.example]
    if f.max_chars:
        schema["x-max-chars"] = f.max_chars
    if f.unit:
        schema["x-unit"] = f.unit
    return schema


def _type_schema(f: Field) -> dict[str, Any]:
    t = f.type
    if t in (FieldType.TEXT, FieldType.LONGTEXT):
        return {"type": "string", **({"minLength": 1} if f.required else {})}
    if t in PATTERNS:
        extra = {"format": "date"} if t is FieldType.DATE else {}
        return {"type": "string", "pattern": PATTERNS[t], **extra}
    if t is FieldType.INTEGER:
        return {"type": "integer", "minimum": 0}
    if t in (FieldType.MONEY, FieldType.DECIMAL):
        return {"type": "number", **({} if f.signed else {"minimum": 0})}
    if t is FieldType.PERCENT:
        return {"type": "number", "minimum": 0, "maximum": 100}
    if t is FieldType.BOOL:
        return {"type": "boolean"}
    if t is FieldType.CHOICE:
        return {"type": "string", "enum": [o.value for o in f.options],
                "x-labels": {o.value: o.label for o in f.options}}
    if t is FieldType.ROWS:
        return {"type": "array", "items": _object_schema(f.columns)}
    if t is FieldType.FILES:
        return {"type": "array", "items": {"type": "string", "minLength": 1},
                "description": "PDF、PNG 或 JPEG 文件路径（相对于输入文件所在文件夹）"}
    raise AssertionError(f"unhandled field type {t}")


def _conditional_requirements(fields: tuple[Field, ...]) -> list[dict[str, Any]]:
    """One if/then per distinct condition set: "when X is v, these fields are required"."""
    by_condition: dict[tuple[Condition, ...], list[Field]] = {}
    for f in fields:
        if f.when and f.required:
            by_condition.setdefault(f.when, []).append(f)
    rules = []
    for conditions, required_fields in by_condition.items():
        if_part: dict[str, Any] = {}
        for cond in conditions:
            _merge(if_part, _path_schema(tuple(cond.path.split(".")), {"const": cond.equals}))
        then_part: dict[str, Any] = {}
        for f in required_fields:
            _merge(then_part, _path_schema(f.path, None))
        rules.append({"if": if_part, "then": then_part})
    return rules


def _path_schema(path: tuple[str, ...], leaf: dict[str, Any] | None) -> dict[str, Any]:
    """Schema fragment requiring ``path`` to exist (and, if given, to match ``leaf``)."""
    head, rest = path[0], path[1:]
    if not rest:
        return {"required": [head], **({"properties": {head: leaf}} if leaf is not None else {})}
    return {"required": [head], "properties": {head: _path_schema(rest, leaf)}}


def _merge(into: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if key == "required":
            into.setdefault("required", [])
            into["required"].extend(v for v in value if v not in into["required"])
        elif key == "properties":
            props = into.setdefault("properties", {})
            for name, sub in value.items():
                _merge(props.setdefault(name, {}), sub)
        else:
            into[key] = value
