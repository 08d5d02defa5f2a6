"""The PDF reader looks a table cell's characters up by position (pdf_stream._CharIndex): it must
give exactly the characters, in exactly the order, that testing every character of the page
gives — whatever the coordinates, odd ones (overlapping, negative heights, huge, inf, NaN) included."""
from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.parse.pdf_stream import _CharIndex, _inside

coordinate = st.one_of(st.floats(-50, 900, allow_nan=False), st.sampled_from([math.inf, -math.inf, math.nan]),
                       st.floats(allow_nan=True))
plain = st.floats(-50, 900, allow_nan=False)


@st.composite
def characters(draw: st.DrawFn, odd: bool) -> dict[str, float]:
    value = coordinate if odd else plain
    x0, top = draw(value), draw(value)
    return {"x0": x0, "x1": x0 + draw(st.floats(0, 40) if not odd else value),
            "top": top, "bottom": top + draw(st.floats(-5, 40) if not odd else value), "text": "字"}


boxes = st.tuples(coordinate, coordinate, coordinate, coordinate)


def _by_testing_each(chars: list[dict[str, float]], box: tuple[float, float, float, float]) -> list[dict[str, float]]:
    return [c for c in sorted(chars, key=lambda c: (c["top"], c["x0"])) if _inside(c, box)]


def _lookup_is_testing_each(chars: list[dict[str, float]], cells: list) -> None:
    index = _CharIndex(chars)
    for box in cells:
        assert [id(c) for c in index.inside(box)] == [id(c) for c in _by_testing_each(chars, box)]


@settings(max_examples=300, deadline=None)
@given(st.lists(characters(odd=False), max_size=60), st.lists(boxes, min_size=1, max_size=5))
def test_cell_lookup_is_testing_every_character(chars: list[dict[str, float]], cells: list) -> None:
    _lookup_is_testing_each(chars, cells)


@settings(max_examples=300, deadline=None)
@given(st.lists(characters(odd=True), max_size=30), st.lists(boxes, min_size=1, max_size=5))
def test_cell_lookup_with_odd_coordinates(chars: list[dict[str, float]], cells: list) -> None:
    _lookup_is_testing_each(chars, cells)


def test_unordered_tops_are_tested_one_by_one() -> None:
    """NaN tops leave the sorted characters out of order (a bisection would miss the one at 66)."""
    tops = [(66.66201767358658, 76.66201767358658), (math.nan, math.nan), (-1e17, -9.999999999999998e16),
            (math.inf, math.inf), (math.nan, math.nan)]
    chars = [{"x0": 10.0, "x1": 20.0, "top": top, "bottom": bottom, "text": "字"} for top, bottom in tops]
    _lookup_is_testing_each(chars, [(0, 32.78735816987476, 100, 119.1765010557749)])
    assert [c["top"] for c in _CharIndex(chars).inside((0, 32.78735816987476, 100, 119.1765010557749))] == [66.66201767358658]


def test_characters_of_a_row_band() -> None:
    """A page of lines: a cell's box picks out its own characters, left to right, line by line."""
    chars = [{"x0": 10.0 * col, "x1": 10.0 * col + 9, "top": 20.0 * row, "bottom": 20.0 * row + 12, "text": str(col)}
             for row in range(30) for col in range(8)]
    found = _CharIndex(list(reversed(chars))).inside((15, 40, 40, 80))        # rows 2–3, columns 2–3
    assert [(c["top"], c["x0"]) for c in found] == [(40.0, 20.0), (40.0, 30.0), (60.0, 20.0), (60.0, 30.0)]
