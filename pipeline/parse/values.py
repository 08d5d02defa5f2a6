"""Printed text → typed value: the inverse of pipeline.render.values, tolerant of the ways
other tools print the same thing (thousands separators, full-width digits, ■ or √ for a tick)."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ..model import Field, FieldType, NUMERIC_TYPES
from .stream import squash

TICKS = frozenset("☑☒■√✓✔✗✘⊠⊗▣●")
BOXES = frozenset("□☐○◯") | TICKS
_DATE = re.compile(r"(\d{1,4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?")
_NUMBER = re.compile(r"^[-−]?\d+(\.\d+)?$")


class Unreadable(ValueError):
    """Text was found where the value belongs but it does not read as that type."""


class SeveralTicked(Unreadable):
    """More than one box of a one-choice group is ticked: every ticked option is kept."""

    def __init__(self, text: str, options: list[str]):
        super().__init__(text)
        self.options = options


@dataclass(frozen=True)
class Choice:
    value: str | None
    detail: str


def normalise(text: str) -> str:
    """Full-width digits and letters to ASCII (NFKC) — but keep 。，（） as printed."""
    return "".join(unicodedata.normalize("NFKC", ch) if ch.isalnum() else ch for ch in text)


def read_value(field: Field, text: str) -> Any:
    """The value of ``field`` printed as ``text``; None when nothing is written there."""
    text = text.strip()
    if not text:
        return None
    if field.type in NUMERIC_TYPES:
        return read_number(field, text)
    if field.type is FieldType.DATE:
        return read_date(text)
    if field.type is FieldType.BOOL:
        return read_yes_no(text)
    if field.type in (FieldType.MOBILE, FieldType.PHONE, FieldType.POSTCODE, FieldType.ORGCODE,
                      FieldType.EMAIL, FieldType.URL):
        return squash(normalise(text))
    return text


def read_number(field: Field, text: str) -> int | float:
    cleaned = squash(normalise(text)).replace(",", "").replace("，", "")
    for suffix in ("%", "％", field.unit, "万元", "亿元", "㎡", "平方米", "家", "个", "人"):
        if suffix and cleaned.endswith(suffix):
            cleaned = cleaned[: -len(suffix)]
    cleaned = cleaned.replace("−", "-")
    if not _NUMBER.match(cleaned):
        raise Unreadable(text)
    number = float(cleaned)
    return int(number) if number.is_integer() and "." not in cleaned else number


def read_date(text: str) -> str:
    match = _DATE.search(normalise(text))
    if not match:
        raise Unreadable(text)
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def read_yes_no(text: str) -> bool | None:
    """"☑是 □否" → True; neither ticked → None."""
    compact = squash(text)
    yes = re.search(r"(.)是", compact)
    no = re.search(r"(.)否", compact)
    ticked_yes = bool(yes and yes.group(1) in TICKS)
    ticked_no = bool(no and no.group(1) in TICKS)
    if ticked_yes == ticked_no:
        if ticked_yes:
            raise SeveralTicked(text, ["是", "否"])
        return None
    return ticked_yes


def read_choice(field: Field, text: str) -> Choice:
    """The ticked option and whatever is written after it (its 方向 or 请说明)."""
    chosen: list[Choice] = []
    for segment in _option_segments(text):
        mark, rest = segment[0], segment[1:].strip()
        if mark not in TICKS:
            continue
        option = max((o for o in field.options if squash(rest).startswith(squash(o.label))),
                     key=lambda o: len(o.label), default=None)
        if option is None:
            raise Unreadable(text)
        detail = rest[rest.find(option.label) + len(option.label):].strip()
        for part in (option.suffix.strip(), option.hint):
            if part and detail.startswith(part):
                detail = detail[len(part):].strip()
        chosen.append(Choice(option.value, detail))
    if len(chosen) > 1:
        raise SeveralTicked(text, [field.option(c.value).label for c in chosen])
    return chosen[0] if chosen else Choice(None, "")


def _option_segments(text: str) -> list[str]:
    """Split "☑ 电商平台　□ 电商服务" into one segment per box."""
    segments, current = [], ""
    for ch in text:
        if ch in BOXES:
            if current.strip():
                segments.append(current)
            current = ch
        elif current:
            current += "" if ch == "\n" else ch
    if current.strip():
        segments.append(current)
    return segments
