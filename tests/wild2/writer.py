"""Paragraphs, cells, ticks and narratives as the applicant of a `Hand` types them into Word."""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import ooxml as x
from .hand import Hand

PLACEHOLDER = "单击此处输入文字。"


@dataclass
class Writer:
    hand: Hand
    pkg: x.Package
    values_typed: int = 0                # how many values so far (varies which ones get a change or a note)

    # ---- values ---------------------------------------------------------------------------------
    def value(self, text: str, kind: str = "text") -> str:
        """The runs of one value as this applicant leaves it in the file."""
        h, pkg = self.hand, self.pkg
        if not text:
            if h.controls:
                return x.content_control("", pkg.next_id(), placeholder=PLACEHOLDER)
            return ""
        self.values_typed += 1
        n = self.values_typed
        shown = h.pad(text) if kind != "long" else text
        if kind == "email" and h.fields and n % 2:
            inner = x.field_complex(f'HYPERLINK "mailto:{text}"', text)
        elif kind == "email" and h.links:
            inner = x.hyperlink(text, pkg.link(f"mailto:{text}"))
        elif kind == "url" and h.links:
            inner = x.hyperlink(text, pkg.link(text))
        elif kind == "date" and h.fields:
            inner = x.field_simple('CREATEDATE \\@ "yyyy年M月d日"', text)
        elif h.tracked and n % 3 == 1 and kind in ("text", "number"):
            inner = x.deleted(_stale(text), pkg.next_id()) + x.inserted(shown, pkg.next_id())
        elif h.smart_tags and kind == "name":
            inner = x.smart_tag(x.proof_err(x.run(shown))) + x.bookmark("_GoBack", pkg.next_id())
        elif h.tracked and kind == "name":
            half = len(text) // 2
            inner = x.run(text[:half]) + x.inserted(text[half:], pkg.next_id()) + x.deleted("某", pkg.next_id())
        else:
            inner = x.run(shown)
        if h.controls and n % 2 == 0 and kind not in ("email", "url"):   # (LibreOffice shows a link's field code inside a control)
            inner = x.content_control(inner, pkg.next_id())
        elif h.comments and n % 4 == 1:        # (LibreOffice, which makes the PDFs, loses a comment's text inside a control)
            inner = pkg.comment(inner, "请核对此数据是否与财务报表一致")
        if h.breaks and kind in ("number", "date"):
            inner = x.run("\t") + inner
        return inner

    def label(self, text: str) -> str:
        h = self.hand
        if h.breaks and 4 <= len(text) <= 8 and re.fullmatch(r"[\u4e00-\u9fff]+", text):
            half = len(text) // 2
            return x.run(text[:half] + "\v" + text[half:])
        return x.run(text)

    def cell(self, *runs: str, span: int = 1, vmerge: str = "", jc: str = "center") -> x.Cell:
        return x.Cell([x.para(r, jc=jc) for r in runs] if runs else [x.para("", jc=jc)], span, vmerge)

    # ---- ticks ----------------------------------------------------------------------------------
    def option(self, label: str, ticked: bool, after: str = "") -> str:
        """One option of a choice, with what is written after it (its direction)."""
        h = self.hand
        if h.tick == "ballot":
            return x.run(("☑" if ticked else "☐") + " " + label + after)
        if h.tick == "paren":
            return x.run(label + ("（√）" if ticked else "（  ）") + after)
        if h.tick == "after":
            return x.run(label + ("■" if ticked else "□") + after)
        if h.tick == "wingdings":
            return x.symbol("F0FE" if ticked else "F0A8") + x.run(" " + label + after)
        return x.run(label + after) if ticked else ""          # "text": only the chosen one is written

    def yes_no(self, value: bool | None) -> str:
        h = self.hand
        if h.tick == "text":
            return x.run("" if value is None else ("是" if value else "否"))
        yes, no = self.option("是", value is True), self.option("否", value is False)
        return yes + x.run("   ") + no

    # ---- text -----------------------------------------------------------------------------------
    def paragraph(self, text: str, *, style: str = "", jc: str = "", bold: bool = False) -> None:
        self.pkg.add(x.para(x.run(text, bold=bold), style=style, jc=jc))

    def narrative(self, text: str) -> None:
        """Paragraphs of a narrative; its Markdown pipe tables as Word tables."""
        lines = text.split("\n")
        i = 0
        while i < len(lines):
            if lines[i].startswith("|"):
                block = []
                while i < len(lines) and lines[i].startswith("|"):
                    block.append(lines[i])
                    i += 1
                self.pkg.add(self.data_table(block), x.para(""))
                continue
            self.pkg.add(self.narrative_para(lines[i]))
            i += 1

    def narrative_para(self, line: str) -> str:
        h, pkg = self.hand, self.pkg
        lead = "\u3000\u3000" if h.spaces else ""
        if h.tracked and len(line) > 40 and self.values_typed % 2 == 0:
            self.values_typed += 1
            cut = line.index("，") + 1 if "，" in line[:40] else 20
            body = x.run(lead + line[:cut]) + x.deleted("根据上级有关要求，", pkg.next_id()) + x.inserted(line[cut:], pkg.next_id())
            return x.para(body, indent_first=0 if h.spaces else 2)
        self.values_typed += 1
        return x.para(x.run(lead + line), indent_first=0 if h.spaces else 2)

    def data_table(self, block: list[str]) -> str:
        rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in block]
        rows = [r for r in rows if not all(re.fullmatch(r":?-{3,}:?", c) for c in r)]
        width = len(rows[0])
        grid = [8400 // width] * width
        return x.table([[self.cell(x.run(c)) for c in row] for row in rows], grid, header_rows=1)


def _stale(text: str) -> str:
    """What the value said before the applicant changed it with Track Changes on."""
    digits = re.sub(r"\d", lambda m: str((int(m.group(0)) + 3) % 10), text)
    return digits if digits != text else "待定"
