"""Reading values out of input data by dotted field key."""
from __future__ import annotations

from typing import Any

from .model import Condition


def get_value(data: Any, key: str) -> Any:
    node = data
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
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
