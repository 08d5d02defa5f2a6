"""How one applicant types values into the template: the second corpus's variation knobs, and
the spelling of each kind of value under them. Independent of tests/wild (its own knobs)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

FULLWIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


@dataclass(frozen=True)
class Hand:
    # ticks: "ballot" ☑/☐ (U+2611/2610) before the label | "paren" label（√）/label（ ） |
    # "after" label■ / label□ (box after the label) | "wingdings" w:sym F0FE/F0A8 | "text" (only the
    # chosen option written, no box; 是/否 typed as a word)
    tick: str = "ballot"
    digits: str = "ascii"            # "ascii" | "fullwidth" (３０００, an IME left in full-width mode)
    numbers: str = "plain"           # "plain" 3000 | "spaced" 3000 万元 | "decimals" 3,000.00 | "about" 约3000万元
    dates: str = "slash"             # "slash" 2020/5/11 | "padded" 2020年05月11日 | "dotted" 2020.05.11
    spaces: bool = False             # NBSP / ideographic spaces around values, narratives indented with 　　
    tracked: bool = False            # tracked changes left in: old value deleted (w:del), new inserted (w:ins)
    comments: bool = False           # reviewer's comments anchored on values
    links: bool = False              # e-mail and website as hyperlinks (w:hyperlink, mailto fields)
    fields: bool = False             # 填报日期 and e-mail as fields (w:fldSimple, complex HYPERLINK field)
    controls: bool = False           # values typed in content controls; empty ones show "单击此处输入文字。"
    smart_tags: bool = False         # names wrapped in w:smartTag, proofErr and _GoBack around values
    breaks: bool = False             # Shift+Enter inside labels ("联系\v手机"), a tab before values
    headings: str = "plain"          # "plain" 二、 / （一）full | "dot" 二． + short（一）单位概况 |
                                     # "arabic" sub-headings 1、单位概况 | "part" 第二部分 | "bracket"（一）单位概况：（guidance）
    table_edit: str = ""             # "" | "extra_row" | "drop_blocks" (other types' rows deleted) | "split"
                                     # (table split in two by Enter) | "merged" (label and value merged in one cell)
    repeat_header: bool = True       # 附件3: header row repeated on each page (w:tblHeader)
    roundtrip: bool = False          # the DOCX saved again by LibreOffice (docx → odt → docx)
    font: str = "宋体"               # the East Asian font of the whole document
    line: int = 360                  # line spacing in 240ths (360: 1.5 lines, 240: single)
    compliant: bool = True
    notes: tuple[str, ...] = field(default_factory=tuple)

    def digits_of(self, text: str) -> str:
        return text.translate(FULLWIDTH) if self.digits == "fullwidth" else text

    def money(self, value: float | int) -> str:
        base = _plain(value)
        if self.numbers == "spaced":
            text = f"{base} 万元"
        elif self.numbers == "decimals":
            text = f"{value:,.2f}"
        elif self.numbers == "about":
            text = f"约{base}万元"
        else:
            text = base
        return self.digits_of(text)

    def count(self, value: int) -> str:
        return self.digits_of(f"{value:,}" if self.numbers == "decimals" else _plain(value))

    def decimal(self, value: float | int) -> str:
        return self.digits_of(_plain(value))

    def percent(self, value: float | int) -> str:
        return self.digits_of(_plain(value)) + ("％" if self.digits == "fullwidth" else "%")

    def date(self, iso: str) -> str:
        d = dt.date.fromisoformat(iso)
        text = {"slash": f"{d.year}/{d.month}/{d.day}", "padded": f"{d.year}年{d.month:02d}月{d.day:02d}日",
                "dotted": f"{d.year}.{d.month:02d}.{d.day:02d}"}[self.dates]
        return self.digits_of(text)

    def pad(self, text: str) -> str:
        """A value as typed with stray spaces: NBSP after, an ideographic space before."""
        return f"\u3000{text}\u00a0" if self.spaces and text else text


def _plain(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
