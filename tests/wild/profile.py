"""How one applicant fills the template in: a variation profile, and the way values are typed."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Profile:
    # narrative headings: "full" (the printed sentence with its guidance), "short" (（一）单位概况),
    # "short_guidance" (short heading, guidance kept as its own paragraph), "run_in" (heading and
    # text in one paragraph, full heading), "run_in_short" (same with the short heading)
    headings: str = "full"
    heading_style: str = "style"     # "style" (Heading 1/2) | "bold" (Normal, bold by hand) | "numbered" (numbering.xml)
    colon: str = "："                # after a short heading: "：" | ":" | "" (none)
    tick: str = "☑"                  # "☑" "■" "√" "✓" "☒" or "sdt" (Word content-control check box)
    numbers: str = "plain"           # "plain" 7504 | "thousands" 7,504 | "unit" 7,504万元
    dates: str = "cn"                # "cn" 2020年5月12日 | "dot" 2020.5.12 | "iso" 2020-05-12
    percent_sign: bool = True        # 28.5% or 28.5
    label_spaces: bool = False       # 联 系 人
    half_brackets: bool = False      # (万元)
    split_labels: bool = False       # merged labels typed into separate, unmerged cells
    other_blocks: str = "empty"      # blocks of the other types: "empty" (left in) | "deleted"
    direction: str = "replace"       # 示范/试点方向: "replace" the printed hint | "after" it
    cover: bool = True
    toc: bool = True
    keep_note: bool = True           # the template's closing 注：… line kept
    theme_fonts: bool = True         # 宋体 from the theme (a:ea) …
    explicit_song: bool = True       # … and/or w:rFonts w:eastAsia="宋体" on Normal
    in_table: bool = False           # case form: narratives typed inside the big table
    contact_join: str = "；"          # case form: phone and e-mail in one cell, joined by this ("\n": two lines)
    policy_paragraphs: int = 0       # paragraphs of policy prose (seeds 001/003) added to narratives
    extra_tick: str = ""             # a second option ticked in a single choice (ambiguous by design)
    untick: bool = False             # seeded violation: no box of the form's choice ticked
    omit: tuple[str, ...] = ()       # seeded violation: sections (titles) or items (data keys) left out
    compliant: bool = True           # formatting and content as the notice asks: check must be silent
    notes: tuple[str, ...] = field(default_factory=tuple)   # what this document varies, for the report


_CN_DIGITS = "〇一二三四五六七八九"


def money(value: float | int, profile: Profile, unit: str = "万元") -> str:
    text = number(value, profile)
    return text + unit if profile.numbers == "unit" and unit else text


def number(value: float | int, profile: Profile) -> str:
    if isinstance(value, float) and value.is_integer() and profile.numbers == "plain":
        return str(int(value))
    if profile.numbers == "plain":
        return str(value)
    if isinstance(value, float):
        whole, _, frac = repr(value).partition(".")
        return f"{int(whole):,}" + (f".{frac}" if frac and frac != "0" else "")
    return f"{value:,}"


def count(value: int, profile: Profile, unit: str = "") -> str:
    """An integer indicator; with "unit" numbers the applicant adds 家/人/个."""
    return number(value, profile) + (unit if profile.numbers == "unit" else "")


def percent(value: float | int, profile: Profile) -> str:
    return f"{value}%" if profile.percent_sign else str(value)


def date(iso: str, profile: Profile) -> str:
    d = dt.date.fromisoformat(iso)
    return {"cn": f"{d.year}年{d.month}月{d.day}日", "dot": f"{d.year}.{d.month}.{d.day}",
            "iso": d.isoformat()}[profile.dates]


def label(text: str, profile: Profile) -> str:
    """A printed label as this applicant's copy of the template has it."""
    if profile.half_brackets:
        text = re.sub(r"（([^（）]*)）", r"(\1)", text)
    if profile.label_spaces and len(text) <= 4 and re.fullmatch(r"[\u4e00-\u9fff]+", text):
        text = " ".join(text) if len(text) == 3 else ("  ".join(text) if len(text) == 2 else text)
    return text
