"""The facts the DOCX reader hands to the formatting rules (frozen dataclasses)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RunFacts:
    text: str
    east_asia_font: str | None     # face for CJK text (w:eastAsia slot), theme resolved
    ascii_font: str | None         # face for Basic Latin (w:ascii slot)
    size_pt: float                    # w:sz / 2; WORD_DEFAULT_SIZE_PT when never set


@dataclass(frozen=True)
class ParagraphFacts:
    text: str
    style_id: str | None           # effective: the default paragraph style when no pStyle
    style_name: str | None
    heading_level: int | None      # 1..9, None for body text
    line_rule: str | None          # 'auto' | 'exact' | 'atLeast'; None = never set (single)
    line_value: int | None         # 240ths of a line (auto) or twips (exact/atLeast)
    runs: tuple[RunFacts, ...]
    part: str                         # 'body' | 'header' | 'footer'
    in_table: bool
    in_sdt: bool
    in_toc: bool                      # TOC field range, a TOC-gallery sdt, or a "toc N" style
    index: int                        # order within its part
    heading: str | None            # nearest heading at or before it (body only)
    part_name: str = "word/document.xml"
    alignment: str | None = None      # effective w:jc: "center", "both", "left", …
    page_break_before: bool = False   # starts a page (pageBreakBefore, or a page break ends the one before)


@dataclass(frozen=True)
class FieldFacts:
    kind: str                         # 'simple' | 'complex'
    instruction: str                  # instrText joined across runs, as written
    part_name: str
    in_sdt: bool
    galleries: tuple[str, ...]        # docPartGallery values of the enclosing sdts (named ones)
    paragraph_index: int              # paragraph (in its part) where the field begins

    @property
    def name(self) -> str:
        words = self.instruction.split()
        return words[0].upper() if words else ""


@dataclass(frozen=True)
class SectionFacts:
    index: int
    page_width: int | None         # twips
    page_height: int | None
    orientation: str                  # 'portrait' | 'landscape'
    title_page: bool
    footer_has_page_field: Mapping[str, bool]   # 'default'/'first'/'even', inheritance applied
    header_has_page_field: Mapping[str, bool]
    footer_parts: Mapping[str, str | None] = field(default_factory=dict)
    header_parts: Mapping[str, str | None] = field(default_factory=dict)
    first_paragraph: int = 0          # body paragraph indexes this section spans
    last_paragraph: int = -1
    page_number_start: int | None = None     # w:pgNumType w:start
    page_number_format: str | None = None    # w:pgNumType w:fmt


@dataclass(frozen=True)
class TocFacts:
    kind: str                         # 'simple' | 'complex'
    instruction: str
    in_sdt: bool
    gallery: bool                     # an enclosing sdt has docPartGallery "Table of Contents"
    entries: int                      # cached result paragraphs with text


@dataclass(frozen=True)
class DocxFacts:
    paragraphs: tuple[ParagraphFacts, ...]
    sections: tuple[SectionFacts, ...]
    toc: TocFacts | None
    update_fields: bool
    fonts_in_table: tuple[str, ...]
    fields: tuple[FieldFacts, ...] = ()
    even_and_odd_headers: bool = False
    font_alt_names: Mapping[str, str] = field(default_factory=dict)

    def body(self) -> tuple[ParagraphFacts, ...]:
        return tuple(p for p in self.paragraphs if p.part == "body")

