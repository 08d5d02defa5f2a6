"""A valid sample input assembled from the examples in a form definition."""
from __future__ import annotations

import copy
from typing import Any

from .model import FormSpec
from .data import conditions_hold


def sample_data(spec: FormSpec) -> dict[str, Any]:
    """Every field with an example whose conditions hold for the examples already chosen."""
    data: dict[str, Any] = {"form": spec.id}
    pending = [f for f in spec.fields if f.example is not None]
    changed = True
    while changed:
        changed = False
        for f in list(pending):
            if conditions_hold(f.when, data):
                _set(data, f.path, copy.deepcopy(f.example))
                pending.remove(f)
                changed = True
    return data


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = data
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = value
