"""How a value of each field type is printed (the parser reads these forms back)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ..model import Field, FieldType, NUMERIC_TYPES, Style

NBSP = "\u00a0"
BLANK_DATE = f"{NBSP * 8}年{NBSP * 5}月{NBSP * 5}日"   # no-break spaces survive PDF and Word alike


def format_number(value: Any) -> str:
    """Thousands separators, no trailing zeros: 12800 → "12,800", 960.50 → "960.5"."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return f"{int(number):,}"
    text = f"{number:,.2f}".rstrip("0").rstrip(".")
    return text


def format_date(value: str) -> str:
    d = date.fromisoformat(value)
    return f"{d.year}年{d.month}月{d.day}日"


def format_value(field: Field, value: Any) -> str:
    """The text printed for a non-choice value; "" for an empty value."""
    if value is None or value == "":
        return ""
    if field.type in NUMERIC_TYPES:
        text = format_number(value)
        return text + "%" if field.type is FieldType.PERCENT else text + field.unit
    if field.type is FieldType.DATE:
        return format_date(value)
    return str(value)


def checkbox(style: Style, ticked: bool) -> str:
    return style.ticked if ticked else style.unticked


def yes_no_text(style: Style, value: Any) -> str:
    """"□是   □否" with the right box ticked (neither for an empty value)."""
    return f"{checkbox(style, value is True)}是   {checkbox(style, value is False)}否"


OPTION_GAP = "\u3000"   # between options printed on one line


def choice_lines(style: Style, field: Field, value: Any, detail: str,
                 option_rows: tuple[tuple[str, ...], ...] = ()) -> list[str]:
    """"☑ 电子商务区域试点：<detail>" for the chosen option, "□ …<hint>" for the others: one
    option per line, or the options of each of ``option_rows`` side by side."""
    rows = option_rows or tuple((o.value,) for o in field.options)
    lines = []
    for row in rows:
        texts = []
        for opt in (field.option(v) for v in row):
            chosen = opt.value == value
            after = detail if chosen and detail else opt.hint
            texts.append(f"{checkbox(style, chosen)} {opt.label}{opt.suffix}{after}")
        lines.append(OPTION_GAP.join(texts))
    return lines


def choice_label(field: Field, value: Any) -> str:
    opt = field.option(value)
    return opt.label if opt else ""
