"""A quick yes/no answer to "does the data satisfy the form's JSON Schema?", so that valid data
never needs jsonschema (≈70 ms to import at every start); jsonschema still gives the messages
whenever the answer is no.

The check is fastjsonschema's code for the schema, compiled once and kept in the cache
(pipeline/cache.py) as a code object keyed by the schema's hash, fastjsonschema's version and
Python's. It is at least as strict as jsonschema on everything JSON can hold (tests/
test_schema_check.py compares the two on mutated samples of every form): its patterns end at
the string's end where jsonschema's ``$`` also allows a final newline, "date" is checked by the
same rule as jsonschema's FormatChecker, and data holding anything but JSON's types is never
answered here. A wrong "yes" would let invalid data through, a wrong "no" only costs time."""
from __future__ import annotations

import hashlib
import json
import marshal
import re
from datetime import date
from functools import lru_cache
from types import CodeType
from typing import Any, Callable

from .cache import PYTHON_TAG, cache_file, read_checked, write_checked
from .loader import load_form
from .schema import form_schema

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_JSON_SCALARS = (str, int, float, bool, type(None))
VALIDATE_FUNCTION = "validate"


def _is_date(value: str) -> bool:
    """jsonschema's "date" format: four-two-two ASCII digits that make a real date."""
    try:
        return bool(_ISO_DATE.fullmatch(value) and date.fromisoformat(value))
    except ValueError:
        return False


FORMATS: dict[str, Callable[[str], bool]] = {"date": _is_date}


def satisfies_schema(form_id: str, data: Any) -> bool:
    """True only when ``data`` (JSON types only) satisfies the form's JSON Schema; False when it
    does not, or when this check cannot tell (then ask jsonschema)."""
    if not _json_only(data):
        return False
    check = _compiled(form_id)
    try:
        check(data, custom_formats=FORMATS)
    except Exception:        # noqa: BLE001  JsonSchemaValueException, or anything the check trips on: ask jsonschema
        return False
    return True


def _json_only(data: Any) -> bool:
    """Whether ``data`` holds only what JSON gives (dict with str keys, list, str, numbers,
    booleans, null): fastjsonschema also takes a tuple for an array, jsonschema does not."""
    stack = [data]
    while stack:
        node = stack.pop()
        if type(node) is dict:
            if not all(type(key) is str for key in node):
                return False
            stack.extend(node.values())
        elif type(node) is list:
            stack.extend(node)
        elif type(node) not in _JSON_SCALARS:
            return False
    return True


@lru_cache(maxsize=None)
def _compiled(form_id: str) -> Callable[..., Any]:
    schema = form_schema(load_form(form_id))
    entry = cache_file("schemas", _entry_name(schema))
    code = _cached_code(read_checked(entry))
    if code is None:
        code = compile(_generated_source(schema), f"<schema check {form_id}>", "exec")
        write_checked(entry, marshal.dumps(code))
    namespace: dict[str, Any] = {}
    exec(code, namespace)        # noqa: S102  fastjsonschema's generated code for our own schema
    return namespace[VALIDATE_FUNCTION]


def _entry_name(schema: dict[str, Any]) -> str:
    import fastjsonschema      # its generated code imports it anyway (for its exception)

    digest = hashlib.sha256(json.dumps(schema, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
    return f"check-{PYTHON_TAG}-fjs{fastjsonschema.VERSION}-{digest}.marshal"


def _cached_code(payload: bytes | None) -> CodeType | None:
    if payload is None:
        return None
    try:
        code = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    return code if isinstance(code, CodeType) else None


def _generated_source(schema: dict[str, Any]) -> str:
    import fastjsonschema

    source = fastjsonschema.compile_to_code(schema, formats=FORMATS, use_default=False)
    name = re.search(r"^def (\w+)\(", source, re.MULTILINE)
    assert name is not None, "fastjsonschema's code defines its validation function first"
    return f"{source}\n{VALIDATE_FUNCTION} = {name.group(1)}\n"
