"""Test parameters for the wild corpora: every item (form or document) × format, the pairs a
known limit keeps from passing marked as expected failures with the limit as reason."""
from __future__ import annotations

import pytest


def with_formats(formats: tuple, items: tuple[str, ...] | list[str], known: dict[tuple[str, str], str],
                 strict: bool = False) -> list:
    params = []
    for item in items:
        for fmt in formats:
            name = fmt if isinstance(fmt, str) else fmt.values[0]
            marks = list(getattr(fmt, "marks", ()))
            if (item, name) in known:
                marks.append(pytest.mark.xfail(strict=strict, reason=known[(item, name)]))
            params.append(pytest.param(item, name, marks=marks, id=f"{item}-{name}"))
    return params
