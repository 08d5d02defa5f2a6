"""A valid sample input assembled from the examples in a form definition."""
from __future__ import annotations

import copy
from typing import Any

from .model import FormSpec
from .data import conditions_hold, set_value


def sample_data(spec: FormSpec) -> dict[str, Any]:
    """Every field with an example whose conditions hold for the examples already chosen."""
    data: dict[str, Any] = {"form": spec.id}
    pending = [f for f in spec.fields if f.example is not None]
    changed = True
    while changed:
        changed = False
        for f in list(pending):
            if conditions_hold(f.when, data):
                set_value(data, f.key, copy.deepcopy(f.example))
                pending.remove(f)
                changed = True
    return data

