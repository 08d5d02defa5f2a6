"""Reading values out of input data by dotted field key."""
from __future__ import annotations

from typing import Any

from .model import Condition


def get_value(data: Any, key: str) -> Any:
    """The value at a dotted key; a number picks a row of a list ("demo.0.name")."""
    node = data
    for part in key.split("."):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return None
    return node


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def conditions_hold(conditions: tuple[Condition, ...], data: dict[str, Any]) -> bool:
    return all(get_value(data, c.path) == c.equals for c in conditions)


def set_value(data: dict[str, Any], key: str, value: Any) -> None:
    """Put ``value`` at the dotted ``key``, creating the objects on the way."""
    parts = key.split(".")
    node = data
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value
