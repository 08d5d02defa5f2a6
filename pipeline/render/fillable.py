"""A blank form as a fillable PDF (AcroForm).

The blank is laid out as the printed one (narratives get a ruled box to write in); the
renderer reports where each value cell was drawn, and a field is put there: a text field per
value (multi-line in tall cells and for narratives), a check box on each □ of a choice or 是/否
group, found on the page itself. Field names are the ASCII JSON keys ("unit-name",
"pilot-type=region"); the tooltip (/TU) is the printed label. Fields use the whole Song font
(pipeline.render.form_font) so readers, and pypdf, can draw any value typed in.
"""
from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pdfplumber
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject, BooleanObject, DecodedStreamObject, DictionaryObject, FloatObject, IndirectObject,
    NameObject, NumberObject, TextStringObject,
)

from ..loader import load_style
from ..model import Field, FieldType, FormSpec
from ..data import get_value
from .document import CELL_PADDING_PT, GridCell, build_document
from .values import format_value
from .pdf import FieldBox, render_pdf
from .pdf_lines import leading_pt

FONT_RESOURCE = "/SongForm"
FIELD_FLAG_MULTILINE = 1 << 12
ANNOTATION_FLAG_PRINT = 4
CHECK_KIND, TEXT_KIND, MULTILINE_KIND = "check", "text", "multiline"
YES, OFF = "/Yes", "/Off"
BOOL_OPTIONS = (("yes", True), ("no", False))   # the 是 box, then the 否 box
MIN_DETAIL_WIDTH_PT = 40
AUTO_SIZE = 0          # a one-line field's text shrinks to fit (/DA size 0)
Rect = tuple[float, float, float, float]


@dataclass(frozen=True)
class Widget:
    name: str       # field name (/T)
    key: str        # dotted JSON key the value belongs to
    kind: str       # check | text | multiline
    rect: Rect
    page: int
    tooltip: str
    option: str = ""     # check: the option value ("yes"/"no" for 是/否)
    align: int = 0       # /Q: 0 left, 1 centre


def field_name(key: str) -> str:
    return key.replace(".", "-")


def checkbox_name(key: str, option: str) -> str:
    return f"{field_name(key)}={option}"


def key_of(name: str) -> tuple[str, str]:
    """The dotted key and option value a field name stands for."""
    base, _, option = name.partition("=")
    return base.replace("-", "."), option


def render_fillable(spec: FormSpec) -> bytes:
    """The blank form of ``spec`` as a fillable PDF."""
    result = render_pdf(build_document(spec, None, fillable=True), metadata_title=f"{spec.title}（可填写）")
    widgets = plan_widgets(spec, result.data, result.field_boxes)
    return add_acroform(result.data, widgets)


# ---- where the fields go -------------------------------------------------------------------

def plan_widgets(spec: FormSpec, pdf: bytes, boxes: tuple[FieldBox, ...]) -> list[Widget]:
    style = load_style()
    line = leading_pt(style, style.paragraph("table_text"))
    widgets: list[Widget] = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for box in boxes:
            if box.cell is None:
                field = _field(spec, box.key)
                widgets.append(Widget(field_name(box.key), box.key, MULTILINE_KIND, _inset(box.rect), box.page,
                                      field.label))
                continue
            page = document.pages[box.page - 1]
            widgets.extend(_cell_widgets(spec, box, page, line))
    return widgets


def _cell_widgets(spec: FormSpec, box: FieldBox, page, line: float) -> list[Widget]:  # noqa: ANN001
    cell = box.cell
    assert cell is not None
    field = _field(spec, cell.fields[0])
    if field.type in (FieldType.CHOICE, FieldType.BOOL):
        # a choice named on the cover's "label ____" line is ticked in the table's boxes
        return [] if cell.underline else _checkbox_widgets(spec, field, cell, box, page)
    rect = _inset(box.rect)
    rect = (rect[0], rect[1] + cell.sign_lines * line, rect[2], rect[3])
    height = (rect[3] - rect[1]) / len(cell.fields)
    widgets = []
    for i, key in enumerate(cell.fields):
        part = (rect[0], rect[3] - (i + 1) * height, rect[2], rect[3] - i * height)
        field = _field(spec, key)
        kind = MULTILINE_KIND if height > 1.8 * line or field.type is FieldType.LONGTEXT else TEXT_KIND
        align = 1 if cell.align == "center" and kind == TEXT_KIND else 0
        widgets.append(Widget(field_name(key), key, kind, part, box.page, field.label, align=align))
    return widgets


def _checkbox_widgets(spec: FormSpec, field: Field, cell: GridCell, box: FieldBox, page) -> list[Widget]:  # noqa: ANN001
    """A check box on each □ in the cell, in reading order: the options in the form's order
    (or 是 then 否); and a text field after the boxes for the choice's detail."""
    chars = _chars_in(page, box.rect)
    marks = [c for c in chars if c["text"] == load_style().unticked]
    options = [value for value, _ in BOOL_OPTIONS] if field.type is FieldType.BOOL else [o.value for o in field.options]
    widgets = []
    for option, mark in zip(options, marks):
        label = _option_label(field, option)
        widgets.append(Widget(checkbox_name(field.key, option), field.key, CHECK_KIND, _mark_rect(mark, page),
                              box.page, f"{field.label}：{label}", option=option))
    if cell.detail and chars:
        right_of_text = max(c["x1"] for c in chars) + CELL_PADDING_PT
        x0, y0, x1, y1 = _inset(box.rect)
        if x1 - right_of_text >= MIN_DETAIL_WIDTH_PT:
            detail = _field(spec, cell.detail)
            widgets.append(Widget(field_name(detail.key), detail.key, TEXT_KIND, (right_of_text, y0, x1, y1),
                                  box.page, detail.label))
    return widgets


def _field(spec: FormSpec, key: str) -> Field:
    field = spec.field_at(key)
    if field is None:
        raise KeyError(f"表单 {spec.id} 没有字段 {key}")
    return field


def field_values(spec: FormSpec, data: dict[str, Any], names: list[str]) -> dict[str, str]:
    """What a person filling the blank with ``data`` enters in each named field: the printed
    text of each value, "/Yes" in the box of the chosen option ("/Off" in the others)."""
    values = {}
    for name in names:
        key, option = key_of(name)
        field, value = _field(spec, key), get_value(data, key)
        if option:
            wanted = dict(BOOL_OPTIONS)[option] if field.type is FieldType.BOOL else option
            values[name] = YES if value is not None and value == wanted else OFF
        else:
            values[name] = format_value(field, value)
    return values


def _option_label(field: Field, option: str) -> str:
    if field.type is FieldType.BOOL:
        return "是" if option == "yes" else "否"
    return field.option(option).label


def _chars_in(page, rect: Rect) -> list[dict]:  # noqa: ANN001 (pdfplumber page)
    x0, y0, x1, y1 = rect
    height = float(page.height)
    inside = [c for c in page.chars
              if x0 <= c["x0"] and c["x1"] <= x1 + 0.5 and height - y1 <= c["top"] and c["bottom"] <= height - y0 + 0.5]
    return sorted(inside, key=lambda c: (round(c["top"]), c["x0"]))


def _mark_rect(char: dict, page) -> Rect:  # noqa: ANN001
    """A square on the glyph □: its advance width wide, centred on the em box."""
    height = float(page.height)
    side = char["x1"] - char["x0"]
    middle = height - (char["top"] + char["bottom"]) / 2
    return (char["x0"], middle - side / 2, char["x1"], middle + side / 2)


def _inset(rect: Rect) -> Rect:
    x0, y0, x1, y1 = rect
    pad = CELL_PADDING_PT / 2
    return (x0 + pad, y0 + pad, x1 - pad, y1 - pad)


# ---- the AcroForm ---------------------------------------------------------------------------

def add_acroform(pdf: bytes, widgets: list[Widget]) -> bytes:
    from .form_font import add_form_font   # the full font is only needed here

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    style = load_style()
    single = style.paragraph("table_text").size_pt
    multi = style.paragraph("body").size_pt
    resources = DictionaryObject({NameObject("/Font"): DictionaryObject({
        NameObject(FONT_RESOURCE): add_form_font(writer),
        NameObject("/ZaDb"): DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                                               NameObject("/Subtype"): NameObject("/Type1"),
                                               NameObject("/BaseFont"): NameObject("/ZapfDingbats")}),
    })})
    fields = ArrayObject()
    by_name: dict[str, list[Widget]] = defaultdict(list)
    for widget in widgets:
        by_name[widget.name].append(widget)
    for name, group in by_name.items():
        fields.append(_add_field(writer, group, AUTO_SIZE if group[0].kind == TEXT_KIND else multi))
    writer._root_object[NameObject("/AcroForm")] = writer._add_object(DictionaryObject({
        NameObject("/Fields"): fields,
        NameObject("/DR"): resources,
        NameObject("/DA"): TextStringObject(f"{FONT_RESOURCE} {single:g} Tf 0 g"),
        NameObject("/NeedAppearances"): BooleanObject(True),
    }))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _add_field(writer: PdfWriter, group: list[Widget], size: float) -> IndirectObject:
    """One field; its widget merged into it, or its several widgets as kids (a value printed in
    two places — the cover and the table — is one field shown twice)."""
    first = group[0]
    field = DictionaryObject({
        NameObject("/T"): TextStringObject(first.name),
        NameObject("/TU"): TextStringObject(first.tooltip),
    })
    field.update(_field_type_entries(first, size))
    if len(group) == 1:
        field.update(_widget_entries(writer, first))
        return _attach(writer, writer._add_object(field), first)
    parent = writer._add_object(field)
    kids = ArrayObject()
    for widget in group:
        kid = DictionaryObject(_widget_entries(writer, widget))
        kid[NameObject("/Parent")] = parent
        kids.append(_attach(writer, writer._add_object(kid), widget))
    field[NameObject("/Kids")] = kids
    return parent


def _attach(writer: PdfWriter, ref: IndirectObject, widget: Widget) -> IndirectObject:
    page = writer.pages[widget.page - 1]
    if "/Annots" not in page:
        page[NameObject("/Annots")] = ArrayObject()
    page["/Annots"].append(ref)
    ref.get_object()[NameObject("/P")] = page.indirect_reference
    return ref


def _field_type_entries(widget: Widget, size: float) -> dict:
    if widget.kind == CHECK_KIND:
        return {NameObject("/FT"): NameObject("/Btn"), NameObject("/V"): NameObject(OFF),
                NameObject("/DA"): TextStringObject("/ZaDb 0 Tf 0 g")}
    entries = {NameObject("/FT"): NameObject("/Tx"), NameObject("/V"): TextStringObject(""),
               NameObject("/DA"): TextStringObject(f"{FONT_RESOURCE} {size:g} Tf 0 g"),
               NameObject("/Q"): NumberObject(widget.align)}
    if widget.kind == MULTILINE_KIND:
        entries[NameObject("/Ff")] = NumberObject(FIELD_FLAG_MULTILINE)
    return entries


def _widget_entries(writer: PdfWriter, widget: Widget) -> dict:
    x0, y0, x1, y1 = widget.rect
    entries = {
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/Widget"),
        NameObject("/Rect"): ArrayObject(FloatObject(round(v, 2)) for v in widget.rect),
        NameObject("/F"): NumberObject(ANNOTATION_FLAG_PRINT),
    }
    width, height = x1 - x0, y1 - y0
    if widget.kind == CHECK_KIND:
        entries[NameObject("/MK")] = DictionaryObject({NameObject("/CA"): TextStringObject("4")})
        entries[NameObject("/AS")] = NameObject(OFF)
        entries[NameObject("/AP")] = DictionaryObject({NameObject("/N"): DictionaryObject({
            NameObject(YES): writer._add_object(_appearance(width, height, _tick(width, height))),
            NameObject(OFF): writer._add_object(_appearance(width, height, b"")),
        })})
    else:
        entries[NameObject("/AP")] = DictionaryObject({
            NameObject("/N"): writer._add_object(_appearance(width, height, b"/Tx BMC EMC\n"))})
    return entries


def _tick(width: float, height: float) -> bytes:
    """A tick drawn inside the □ (no font needed)."""
    w, h = width, height
    points = [(0.22 * w, 0.52 * h), (0.42 * w, 0.28 * h), (0.80 * w, 0.78 * h)]
    path = " ".join(f"{x:.2f} {y:.2f} {op}" for (x, y), op in zip(points, ("m", "l", "l")))
    return f"q 0 g 0 G {max(w, h) * 0.1:.2f} w 1 J 1 j {path} S Q\n".encode("ascii")


def _appearance(width: float, height: float, content: bytes) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(content)
    stream.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(round(width, 2)),
                                          FloatObject(round(height, 2))]),
    })
    return stream
