"""Fillable blanks: `blank --fillable` → filled with pypdf → `parse` gives the data back."""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from conftest import input_files, load_json
from pipeline.cli import main
from pipeline.loader import form_ids, load_form
from pipeline.model import FieldType
from pipeline.parse import parse_file
from pipeline.parse.reader import printed_keys
from pipeline.render.fillable import OFF, YES, field_values, key_of, render_fillable
from readback import canonical, squash
from strategies import form_data


@lru_cache(maxsize=None)
def fillable(form_id: str) -> bytes:
    return render_fillable(load_form(form_id))


def field_names(pdf: bytes) -> list[str]:
    return list(PdfReader(io.BytesIO(pdf)).get_fields())


def fill(pdf: bytes, values: dict[str, str]) -> bytes:
    """Set each field's value the way a PDF reader stores it (/V, and /AS on check boxes),
    with pypdf's object model — fast, no appearance streams (see the appearance test)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        for ref in page.get("/Annots", []):
            widget = ref.get_object()
            field = widget.get("/Parent", widget).get_object() if "/T" not in widget else widget
            name = field.get("/T")
            if name not in values:
                continue
            value = values[name]
            if field.get("/FT") == "/Btn":
                field[NameObject("/V")] = NameObject(value)
                widget[NameObject("/AS")] = NameObject(value)
            else:
                field[NameObject("/V")] = TextStringObject(value)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def parse_bytes(tmp: Path, pdf: bytes, **kwargs: Any):  # noqa: ANN201
    path = tmp / "filled.pdf"
    path.write_bytes(pdf)
    return parse_file(path, **kwargs)


@pytest.mark.parametrize("form_id", form_ids())
def test_every_printed_value_has_a_field_named_by_its_key_with_the_label_as_tooltip(form_id: str) -> None:
    spec = load_form(form_id)
    reader = PdfReader(io.BytesIO(fillable(form_id)))
    fields = reader.get_fields()
    keys = {key_of(name)[0] for name in fields}
    unfillable = (FieldType.ROWS, FieldType.FILES)      # rows: one field per cell; files are attached, not typed
    printed = {f.key for f in spec.fields if f.key in printed_keys(spec) and f.type not in unfillable}
    rows = {f.key for f in spec.fields if f.type is FieldType.ROWS}
    assert printed <= keys | rows
    for row_field in rows:
        assert any(k.startswith(row_field + ".0.") for k in keys)
    for name, f in fields.items():
        assert name.isascii() and " " not in name
        field = spec.field_at(key_of(name)[0])
        assert field is not None and field.label in f["/TU"]
    for f in spec.fields:
        if f.type is FieldType.CHOICE and f.key in keys:
            boxes = {key_of(n)[1] for n in fields if key_of(n)[0] == f.key and key_of(n)[1]}
            assert boxes == {o.value for o in f.options}, f.key


def test_narratives_are_multiline_fields_and_the_font_is_the_whole_song_face() -> None:
    reader = PdfReader(io.BytesIO(fillable("pilot-2020")))
    fields = reader.get_fields()
    assert fields["narrative-basic-overview"]["/Ff"] & (1 << 12)
    form = reader.trailer["/Root"]["/AcroForm"]
    assert form["/NeedAppearances"] is True or form["/NeedAppearances"] == True  # noqa: E712
    font = next(iter(form["/DR"]["/Font"].values())).get_object()
    assert font["/Subtype"] == "/Type0" and font["/Encoding"] == "/Identity-H" and "/ToUnicode" in font
    descendant = font["/DescendantFonts"][0].get_object()
    font_file = descendant["/FontDescriptor"]["/FontFile2"].get_object()
    assert font_file["/Length1"] > 5_000_000      # the whole face, not a subset


@pytest.mark.parametrize("path", input_files(), ids=lambda p: p.name)
def test_each_sample_filled_in_parses_back_by_its_fields(path: Path, tmp_path: Path) -> None:
    data = load_json(path)
    spec = load_form(data["form"])
    blank = fillable(spec.id)
    result = parse_bytes(tmp_path, fill(blank, field_values(spec, data, field_names(blank))))
    assert result.strategy == "acroform" and result.form == spec.id
    assert canonical(spec, result.data) == canonical(spec, data)
    assert [str(p) for p in result.problems if p.severity == "error"] == []


@pytest.mark.parametrize("form_id", form_ids())
@settings(max_examples=6, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_generated_data_round_trips_through_the_fillable_blank(form_id: str, data: st.DataObject, tmp_path: Path) -> None:
    spec = load_form(form_id)
    value = data.draw(form_data(spec))
    blank = fillable(form_id)
    result = parse_bytes(tmp_path, fill(blank, field_values(spec, value, field_names(blank))), form_id=form_id)
    assert canonical(spec, result.data) == canonical(spec, value)


def test_values_filled_by_pypdf_get_appearances_in_the_song_face(tmp_path: Path) -> None:
    """pypdf writes appearance streams with the form's font: flattened, the page shows the
    values, rare characters included, and the ticked box."""
    blank = fillable("pilot-2020")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(blank)))
    page = writer.pages[2]   # the 申报表
    writer.update_page_form_field_values(page, {"unit-legal_rep": "郑燊堃", "contact-name": "李喆",
                                                "pilot-type=platform": YES}, flatten=True)
    out = io.BytesIO()
    writer.write(out)
    with pdfplumber.open(io.BytesIO(out.getvalue())) as pdf:
        text = squash(pdf.pages[2].extract_text())
    assert "郑燊堃" in text and "李喆" in text
    result = parse_bytes(tmp_path, out.getvalue(), form_id="pilot-2020")
    assert result.data["unit"]["legal_rep"] == "郑燊堃" and result.data["pilot"]["type"] == "platform"


def test_two_ticked_boxes_of_one_choice_are_reported_not_guessed(tmp_path: Path) -> None:
    blank = fillable("pilot-2020")
    result = parse_bytes(tmp_path, fill(blank, {"pilot-type=region": YES, "pilot-type=platform": YES,
                                                "unit-registered_capital": "三千"}))
    messages: dict[str, str] = {}
    for p in result.problems:
        messages[p.path] = messages.get(p.path, "") + p.message
    assert "不止一项" in messages["$.pilot.type"]
    assert "三千" in messages["$.unit.registered_capital"]
    assert not result.valid


def test_an_unfilled_box_stays_off() -> None:
    values = field_values(load_form("pilot-2020"), {"pilot": {"type": "region"}}, ["pilot-type=region", "pilot-type=provider"])
    assert values == {"pilot-type=region": YES, "pilot-type=provider": OFF}


def test_cli_writes_the_fillable_blank_and_parse_reads_it(tmp_path: Path, capsys) -> None:
    assert main(["blank", "case-2024", "--fillable", "-o", str(tmp_path)]) == 0
    written = Path(capsys.readouterr().out.strip())
    assert written.parent == tmp_path and written.name.endswith("（可填写）.pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == [written.name]
    assert main(["parse", str(written), "--strategy", "acroform"]) == 1    # empty: required values missing
    assert "必填" in capsys.readouterr().err


def test_acroform_strategy_on_a_pdf_without_fields_says_so(tmp_path: Path, capsys) -> None:
    spec = load_form("summary-2020")
    from pipeline.render import render_form
    path = tmp_path / "plain.pdf"
    path.write_bytes(render_form(spec, load_json(next(p for p in input_files() if p.name == "summary-2020.json"))).pdf)
    assert main(["parse", str(path), "--strategy", "acroform"]) == 2
    assert "acroform" in capsys.readouterr().err


def test_the_fillable_blank_is_deterministic() -> None:
    assert render_fillable(load_form("summary-2020")) == fillable("summary-2020")
