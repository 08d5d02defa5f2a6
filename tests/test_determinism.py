"""The same input gives the same PDF bytes and the same DOCX bytes (so golden tests work)."""
from __future__ import annotations

from pipeline.loader import load_form
from pipeline.render import render_form
from pipeline.sample import sample_data


def test_rendering_twice_gives_identical_bytes(form_id: str) -> None:
    spec = load_form(form_id)
    first = render_form(spec, sample_data(spec))
    second = render_form(spec, sample_data(spec))
    assert first.pdf == second.pdf
    assert first.docx == second.docx


def test_different_input_gives_different_pdf(form_id: str) -> None:
    spec = load_form(form_id)
    data = sample_data(spec)
    other = sample_data(spec)
    key = spec.file_name_field.split(".")
    node = other
    for part in key[:-1]:
        node = node[part]
    node[key[-1]] += "分公司"
    assert render_form(spec, data).pdf != render_form(spec, other).pdf
