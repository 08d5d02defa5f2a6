"""Text facts shared by validation, rendering and checking: Word's 字数 and narrative structure.

A narrative (long-text field) is plain text: every non-empty line is a paragraph, and a run of
consecutive lines starting with "|" is a Markdown pipe table (数据部分用表格形式).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

# Characters Word counts one by one in 字数: CJK ideographs (all blocks), kana, hangul,
# CJK / full-width punctuation and symbols, full-width forms, general punctuation such as “”…—.
_EAST_ASIAN = (
    "\u1100-\u11ff\u2010-\u206f\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3130-\u318f"
    "\u31a0-\u31ff\u3200-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff"
    "\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f"
)
_EAST_ASIAN_CHAR = re.compile(f"[{_EAST_ASIAN}]")
_HALF_WIDTH_PUNCT_ONLY = re.compile(r"^[!-/:-@\[-`{-~]+$")


@lru_cache(maxsize=1)
def _ideograph() -> re.Pattern[str]:
    """Compiled when first used (re walks each code point of a class: 3 ms a start; rendering
    never asks)."""
    return re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def is_ideograph(ch: str) -> bool:
    """A Han character: the text whose face is judged (punctuation may be in a Latin face)."""
    return bool(_ideograph().match(ch))


def has_ideograph(text: str) -> bool:
    return bool(_ideograph().search(text))


def word_count(text: str) -> int:
    """字数 the way Microsoft Word shows it: each East Asian character or full-width punctuation
    mark counts 1; each unbroken run of other non-space characters (a Latin word, 2024, 3.11)
    counts 1; a run of half-width punctuation alone is not counted."""
    east_asian = len(_EAST_ASIAN_CHAR.findall(text))
    other_runs = _EAST_ASIAN_CHAR.sub(" ", text).split()       # East Asian characters end a run, as spaces do
    return east_asian + sum(1 for run in other_runs if not _HALF_WIDTH_PUNCT_ONLY.match(run))


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class DataTable:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    aligns: tuple[str, ...]     # "left" | "center" | "right" per column


NarrativePart = Union[Paragraph, DataTable]


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt   # ≈25 ms to import: only when a narrative has a pipe table

    # block rules only: a cell's text is read from its inline token's content (its source), so
    # the inline parser, which would tokenize every cell again, is not run (half the time)
    return MarkdownIt("zero").enable("table").disable(["inline", "text_join"])


def split_narrative(text: str) -> list[NarrativePart]:
    """Paragraphs and pipe tables of a narrative, in order."""
    parts: list[NarrativePart] = []
    table_lines: list[str] = []

    def flush_table() -> None:
        if table_lines:
            parts.extend(_parse_table(table_lines))
            table_lines.clear()

    for line in text.replace("\r\n", "\n").split("\n"):
        stripped = line.strip()
        if stripped.startswith("|"):
            table_lines.append(stripped)
            continue
        flush_table()
        if stripped:
            parts.append(Paragraph(stripped))
    flush_table()
    return parts


def _parse_table(lines: list[str]) -> list[NarrativePart]:
    """A pipe-table block; lines that do not form a valid table stay paragraphs."""
    tokens = _markdown().parse("\n".join(lines))
    if not any(t.type == "table_open" for t in tokens):
        return [Paragraph(line) for line in lines]
    header: list[str] = []
    rows: list[list[str]] = []
    aligns: list[str] = []
    in_head = False
    for tok in tokens:
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open" and not in_head:
            rows.append([])
        elif tok.type in ("th_open", "td_open") and in_head:
            style = str(tok.attrGet("style") or "")
            aligns.append(style.replace("text-align:", "") or "center")
        elif tok.type == "inline":
            (header if in_head else rows[-1]).append(tok.content.strip())
    return [DataTable(header=tuple(header), rows=tuple(tuple(r) for r in rows), aligns=tuple(aligns))]


def narrative_text(parts: list[NarrativePart]) -> str:
    """The canonical text of a narrative (inverse of :func:`split_narrative`)."""
    lines: list[str] = []
    for part in parts:
        if isinstance(part, Paragraph):
            lines.append(part.text)
        else:
            lines.append("| " + " | ".join(part.header) + " |")
            lines.append("|" + "|".join(_align_marker(a) for a in part.aligns) + "|")
            lines.extend("| " + " | ".join(row) + " |" for row in part.rows)
    return "\n".join(lines)


def _align_marker(align: str) -> str:
    return {"left": " :--- ", "right": " ---: ", "center": " --- "}.get(align, " --- ")
