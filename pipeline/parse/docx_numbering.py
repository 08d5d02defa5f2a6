"""Word's automatic numbering (numbering.xml) as the text Word shows: "二、", "（一）", "1.".

A heading typed as "单位概况" in a list whose level prints "（%1）" in chineseCounting shows as
"（一）单位概况"; the reader needs that enumerator to know the heading.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CHINESE_DIGITS = "零一二三四五六七八九"
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
          (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


@dataclass(frozen=True)
class Level:
    fmt: str
    text: str
    start: int


@dataclass
class Numbering:
    """The list definitions of a document and the counters as its paragraphs run."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)      # numId → ilvl → Level
    style_numbers: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId → (numId, ilvl)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    def label(self, p: etree._Element) -> str:
        """The enumerator Word prints before paragraph ``p`` ("" when it is not numbered)."""
        found = self._number_of(p)
        if found is None:
            return ""
        num_id, ilvl = found
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels or levels[ilvl].fmt in ("bullet", "none"):
            return ""
        counts = self.counters.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        text = levels[ilvl].text
        for lvl, level in levels.items():
            if f"%{lvl + 1}" in text:
                text = text.replace(f"%{lvl + 1}", format_number(counts.get(lvl, level.start), level.fmt))
        return text

    def _number_of(self, p: etree._Element) -> tuple[str, int] | None:
        num_pr = p.find(f"{W}pPr/{W}numPr")
        if num_pr is not None:
            num_id = num_pr.find(f"{W}numId")
            ilvl = num_pr.find(f"{W}ilvl")
            if num_id is None:
                return None
            return num_id.get(f"{W}val", ""), int(ilvl.get(f"{W}val", "0")) if ilvl is not None else 0
        style = p.find(f"{W}pPr/{W}pStyle")
        return self.style_numbers.get(style.get(f"{W}val", "")) if style is not None else None


def read_numbering(numbering_xml: bytes | None, styles_xml: bytes | None) -> Numbering:
    numbering = Numbering()
    if numbering_xml:
        root = etree.fromstring(numbering_xml)
        abstract = {a.get(f"{W}abstractNumId"): _levels(a) for a in root.findall(f"{W}abstractNum")}
        for num in root.findall(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            levels = dict(abstract.get(ref.get(f"{W}val") if ref is not None else "", {}))
            for override in num.findall(f"{W}lvlOverride"):
                start = override.find(f"{W}startOverride")
                ilvl = int(override.get(f"{W}ilvl", "0"))
                if start is not None and ilvl in levels:
                    old = levels[ilvl]
                    levels[ilvl] = Level(old.fmt, old.text, int(start.get(f"{W}val", "1")))
            numbering.levels[num.get(f"{W}numId", "")] = levels
    if styles_xml:
        for style in etree.fromstring(styles_xml).findall(f"{W}style"):
            num_pr = style.find(f"{W}pPr/{W}numPr")
            num_id = num_pr.find(f"{W}numId") if num_pr is not None else None
            if num_id is not None:
                ilvl = num_pr.find(f"{W}ilvl")
                numbering.style_numbers[style.get(f"{W}styleId", "")] = (
                    num_id.get(f"{W}val", ""), int(ilvl.get(f"{W}val", "0")) if ilvl is not None else 0)
    return numbering


def _levels(abstract: etree._Element) -> dict[int, Level]:
    levels = {}
    for lvl in abstract.findall(f"{W}lvl"):
        fmt = lvl.find(f"{W}numFmt")
        text = lvl.find(f"{W}lvlText")
        start = lvl.find(f"{W}start")
        levels[int(lvl.get(f"{W}ilvl", "0"))] = Level(
            fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
            text.get(f"{W}val", "") if text is not None else "",
            int(start.get(f"{W}val", "1")) if start is not None else 1)
    return levels


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "japaneseCounting",
               "ideographDigital", "taiwaneseCounting", "taiwaneseCountingThousand"):
        return chinese_number(n)
    if fmt in ("lowerLetter", "upperLetter") and n > 0:
        letters = _LETTERS[(n - 1) % 26] * ((n - 1) // 26 + 1)
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman") and n > 0:
        roman = _roman(n)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (list numbers stay small)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CHINESE_DIGITS[tens] + "十")
    return head + (_CHINESE_DIGITS[ones] if ones else "")


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out
