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
# Word's check boxes from the Wingdings fonts (w:sym in a DOCX; private-use characters in a PDF
# exported from it): the code point → the box it draws
SYMBOL_BOXES = {0xF0FE: "☑", 0xF0A8: "□", 0xF06F: "□", 0xF052: "☑", 0xF0A3: "□", 0xF054: "☒", 0xF078: "☒",
                0xF0FD: "☒", 0xF071: "□", 0xF0A1: "□", 0xF050: "☑", 0xF051: "☒", 0xF053: "☒"}
BOXES = frozenset("□☐○◯") | TICKS
# characters read as what they show: Wingdings boxes, and a no-break space as a space
SHOWN_AS = {**SYMBOL_BOXES, 0x00A0: " "}
_DATE = re.compile(r"(\d{1,4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?")
_NUMBER = re.compile(r"^[-−]?\d+(\.\d+)?$")


class Unreadable(ValueError):
    """Text was found where the value belongs but it does not read as that type."""


class SeveralTicked(Unreadable):
    """More than one box of a one-choice group is ticked: every ticked option is kept."""

    def __init__(self, text: str, options: list[str], details: tuple[str, ...] = ()):
        super().__init__(text)
        self.options = options
        self.details = [d for d in details if d]      # what is written after the ticked boxes


@dataclass(frozen=True)
class Choice:
    value: str | None
    detail: str


# the prompt Word shows in an empty content control (printed in grey, also into a PDF)
PLACEHOLDERS = frozenset({"单击此处输入文字。", "单击或点击此处输入文字。", "单击或点按此处输入文字。", "单击此处输入日期。",
                          "单击或点击以输入日期。", "Click here to enter text.", "Click or tap here to enter text.",
                          "Click here to enter a date.", "Click or tap to enter a date."})
def as_ascii(text: str) -> str:
    """A number, date, phone or address typed in full-width (an IME left in that mode): ３，０００．５、
    ２０２０／５／１１、０７５４－８８８８、ａ＠ｂ．ｃｎ → ASCII (NFKC, punctuation too)."""
    return unicodedata.normalize("NFKC", text)


NOTHING = frozenset({"无", "/", "／", "-", "—", "——", "--", "暂无", "空", "N/A", "n/a", "NA", "不适用", "没有"})
# what a number may carry around it: "约", "人民币", "￥"…, and the units it may be given in
_SQUASHED_PLACEHOLDERS = frozenset(squash(p) for p in PLACEHOLDERS)
_NUMBER_PREFIXES = ("人民币", "约", "RMB", "¥", "￥")
_SCALE = {"亿元": 1e8, "亿": 1e8, "万元": 1e4, "万": 1e4, "元": 1.0}
_COUNT_UNITS = ("%", "％", "㎡", "平方米", "m²", "m2", "家", "个", "人", "项", "次", "笔", "单")
_UNIT_IN_LABEL = re.compile(r"[（(]\s*(亿元|万元|元)\s*[）)]")


def read_value(field: Field, text: str) -> Any:
    """The value of ``field`` printed as ``text``; None when nothing is written there (for a
    number, date, phone… "无" or "/" says the same)."""
    text = text.strip()
    if not text or squash(text) in _SQUASHED_PLACEHOLDERS:
        return None
    if field.type not in (FieldType.TEXT, FieldType.LONGTEXT, FieldType.CHOICE) and squash(text) in NOTHING:
        return None
    if field.type in NUMERIC_TYPES:
        return read_number(field, text)
    if field.type is FieldType.DATE:
        return read_date(text)
    if field.type is FieldType.BOOL:
        return read_yes_no(text)
    if field.type in (FieldType.MOBILE, FieldType.PHONE, FieldType.POSTCODE, FieldType.ORGCODE,
                      FieldType.EMAIL, FieldType.URL):
        return squash(as_ascii(text))
    return text


def read_number(field: Field, text: str) -> int | float:
    """"3,000万元", "约1.2亿元" (in a 万元 field: 12000), "28.5%", "312家" → the number in the
    field's own unit."""
    cleaned = squash(as_ascii(text)).replace(",", "").replace("，", "").replace("−", "-")
    for prefix in _NUMBER_PREFIXES:
        cleaned = cleaned.removeprefix(prefix)
    factor = 1.0
    wanted = _field_scale(field)
    for suffix, scale in _SCALE.items():
        if cleaned.endswith(suffix):
            cleaned = cleaned[: -len(suffix)]
            if wanted is not None:
                factor = scale / wanted
            break
    for suffix in (field.unit, *_COUNT_UNITS):
        if suffix and cleaned.endswith(suffix):
            cleaned = cleaned[: -len(suffix)]
            break
    if not _NUMBER.match(cleaned):
        raise Unreadable(text)
    if factor != 1.0:
        return _tidy(float(cleaned) * factor)
    number = float(cleaned)
    return int(number) if number.is_integer() and "." not in cleaned else number


def _field_scale(field: Field) -> float | None:
    """How many 元 one unit of the field is: 万元 for money, or the unit its label names."""
    found = _UNIT_IN_LABEL.search(field.label)
    unit = field.unit or (found.group(1) if found else ("万元" if field.type is FieldType.MONEY else ""))
    return _SCALE.get(unit)


def _tidy(number: float) -> int | float:
    rounded = round(number, 6)
    return int(rounded) if rounded.is_integer() else rounded


_CHINESE_DIGIT = {"〇": 0, "○": 0, "零": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                  "八": 8, "九": 9}


def read_date(text: str) -> str:
    """"2020年5月12日", "2020.5.12", "2020-05-12", "2020/5/12", "二〇二〇年五月十二日"."""
    match = _DATE.search(as_ascii(_arabic(text)))
    if not match:
        raise Unreadable(text)
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def _arabic(text: str) -> str:
    """Chinese numerals of a date as digits: 二〇二〇 → 2020, 十二 → 12."""
    def number(match: re.Match[str]) -> str:
        word = match.group(0)
        if "十" not in word:
            return "".join(str(_CHINESE_DIGIT[ch]) for ch in word)
        tens, _, ones = word.partition("十")
        return str((_CHINESE_DIGIT[tens] if tens else 1) * 10 + (_CHINESE_DIGIT[ones] if ones else 0))
    return re.sub(r"[〇○零一二三四五六七八九十]+", number, text)


# a mark typed in brackets after an option, "是（√）否（ ）": the brackets are its box
_BRACKET_MARK = re.compile(r"[（(【\[]\s*([√✓✔☑■●✗✘×xX])?\s*[）)】\]]")
_UNMARKED = "×xX"


def boxes_before(text: str, labels: list[str]) -> str:
    """The boxes of a group moved in front of their options, as the template prints them:
    "是（√）否（ ）", "是■ 否□", "电商+产业带（√）" → "☑是□否" …; text whose boxes already stand first
    is returned as it was."""
    text = _BRACKET_MARK.sub(lambda m: "□" if not m.group(1) or m.group(1) in _UNMARKED else "☑", text)
    stripped = text.lstrip()
    if not stripped or stripped[0] in BOXES:
        return text
    for label in sorted(labels, key=len, reverse=True):
        text = re.sub(re.escape(label) + r"([：:]?)[ \t\u3000\u00a0]*([" + "".join(sorted(BOXES)) + "])",
                      lambda m, label=label: m.group(2) + label + m.group(1), text)
    return text


def read_yes_no(text: str) -> bool | None:
    """"☑是 □否", "是（√）否（ ）", "是■ 否□" → True; neither ticked → None; "是" or "有" typed alone →
    True, "否" or "无" → False."""
    compact = squash(boxes_before(text, ["是", "否"]))
    if compact in ("是", "有", "√", "✓"):
        return True
    if compact in ("否", "无", "没有", "×"):
        return False
    yes = re.search(r"(.)是", compact)
    no = re.search(r"(.)否", compact)
    ticked_yes = bool(yes and yes.group(1) in TICKS)
    ticked_no = bool(no and no.group(1) in TICKS)
    if ticked_yes == ticked_no:
        if ticked_yes:
            raise SeveralTicked(text, ["是", "否"])
        return None
    return ticked_yes


def read_choice(field: Field, text: str, written: bool = True) -> Choice:
    """The ticked option and whatever is written after it (its 方向 or 请说明); boxes may follow
    their options ("电商+产业带（√）"); with no box at all, the one option the text opens with is
    the choice (the others deleted, the chosen one written out) unless ``written`` is False (a
    cover's "试点内容：…" line names the choice without being where the form asks to tick it)."""
    text = boxes_before(text, [o.label for o in field.options])
    if not any(ch in BOXES for ch in text):
        return _written_choice(field, text) if written else Choice(None, "")
    chosen: list[Choice] = []
    for segment in _option_segments(text):
        mark, rest = segment[0], segment[1:].strip()
        if mark not in TICKS:
            continue
        choice = _option_at_start(field, rest)
        if choice is None:
            raise Unreadable(text)
        chosen.append(choice)
    if len(chosen) > 1:
        raise SeveralTicked(text, [field.option(c.value).label for c in chosen], tuple(c.detail for c in chosen))
    return chosen[0] if chosen else Choice(None, "")


def _option_at_start(field: Field, rest: str) -> Choice | None:
    """The option ``rest`` opens with, and what is written after its label."""
    option = max((o for o in field.options if squash(rest).startswith(squash(o.label))),
                 key=lambda o: len(o.label), default=None)
    if option is None:
        return None
    detail = rest[rest.find(option.label) + len(option.label):].strip()
    for part in (option.suffix.strip(), option.hint):
        if part and detail.startswith(part):
            detail = detail[len(part):].strip()
    return Choice(option.value, detail)


def _written_choice(field: Field, text: str) -> Choice:
    """No box anywhere: the choice is the one option named, if the text opens with it and names no other."""
    written = "".join(line.strip() for line in text.splitlines())     # a PDF cell's wrapped lines joined
    found = _option_at_start(field, written)
    named = {o.value for o in field.options if squash(o.label) in squash(text)}
    if found is not None and named == {found.value}:
        return found
    return Choice(None, "")


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
