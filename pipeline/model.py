"""Frozen description of a form: fields (what data it holds) and layout (where it is printed).

Everything here is built by :mod:`pipeline.loader` from the YAML files in ``forms/``; no other
module knows a form's labels or structure.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Union


class FieldType(str, Enum):
    TEXT = "text"          # one line (may wrap) of plain text
    LONGTEXT = "longtext"  # narrative: paragraphs and Markdown pipe tables
    MONEY = "money"        # 万元 amount, up to 2 decimals
    DECIMAL = "decimal"    # other non-negative quantity (亿元, ㎡)
    PERCENT = "percent"    # 0–100, printed with %
    INTEGER = "integer"    # count
    DATE = "date"          # YYYY-MM-DD
    PHONE = "phone"        # landline or mobile
    MOBILE = "mobile"      # mainland mobile number
    EMAIL = "email"
    POSTCODE = "postcode"  # 6-digit 邮政编码
    ORGCODE = "orgcode"    # 统一社会信用代码 (18) or 组织机构代码 (9), check digit verified
    URL = "url"
    CHOICE = "choice"      # one of several options (a □ group where one box is ticked)
    BOOL = "bool"          # □是 □否
    ROWS = "rows"          # a repeated table row
    FILES = "files"        # attached files (PDF, PNG, JPEG), paths relative to the input file


NUMERIC_TYPES = frozenset({FieldType.MONEY, FieldType.DECIMAL, FieldType.PERCENT, FieldType.INTEGER})


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    suffix: str = ""   # printed after the label in a checkbox line (the seed's own colon)
    hint: str = ""     # printed after the suffix when nothing else is written there


@dataclass(frozen=True)
class Condition:
    """The field applies only when the field at ``path`` holds ``equals``."""

    path: str
    equals: Any


@dataclass(frozen=True)
class Field:
    key: str                      # dotted path of ASCII keys, e.g. "unit.name"
    label: str                    # the Chinese label exactly as printed
    type: FieldType
    required: bool = False
    when: tuple[Condition, ...] = ()
    options: tuple[Option, ...] = ()
    columns: tuple["Field", ...] = ()   # for ROWS
    min_rows: int = 0                   # ROWS: blank rows printed at least
    max_chars: int | None = None        # 字数 limit counted as Word counts
    unit: str = ""                      # printed after a number ("万元")
    signed: bool = False                # numbers may be negative (利润)
    example: Any = None
    aliases: tuple[str, ...] = ()       # other labels people type for it (法定代表人 for 法人代表): read, never printed

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.key.split("."))

    @property
    def json_path(self) -> str:
        return "$." + self.key

    def option(self, value: Any) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


# ---- layout -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Cell:
    """One table cell. Exactly one of label/value/text/lines says what it shows."""

    kind: str                    # "label" | "value" | "text"
    ref: str = ""                # field key for label/value
    text: str = ""               # static text for "text" (may hold \n)
    detail: str = ""             # value cell of a choice: key of the text written after the ticked box
    sign: tuple[str, ...] = ()   # static lines printed under a value (signature block)
    also: tuple[str, ...] = ()   # more field keys whose values are printed on the next lines
    option_rows: tuple[tuple[str, ...], ...] = ()   # choice options printed side by side, per line
    span: int = 1
    rows: int = 1
    align: str = "center"
    min_lines: int = 1


@dataclass(frozen=True)
class RepeatRow:
    """Rows generated from a ROWS field: a serial number then one cell per column."""

    ref: str


TableRow = Union[tuple[Cell, ...], RepeatRow]


@dataclass(frozen=True)
class TableBlock:
    widths_mm: tuple[float, ...]
    rows: tuple[TableRow, ...]
    header_rows: int = 0     # rows repeated at the top of every page the table runs onto


@dataclass(frozen=True)
class CoverLine:
    label: str
    value: str          # field key
    after: str = ""


@dataclass(frozen=True)
class CoverBlock:
    attachment: str
    title: tuple[str, ...]
    lines: tuple[CoverLine, ...]
    issuer: tuple[str, ...]


@dataclass(frozen=True)
class TocBlock:
    pass


@dataclass(frozen=True)
class HeadingBlock:
    text: str
    level: int = 1


@dataclass(frozen=True)
class TextBlock:
    """Static paragraphs of the form (notes, lists, signature lines)."""

    paragraphs: tuple[str, ...]
    align: str | None = None     # None: the note style's own (justified, indented)
    keep_with_next: bool = False # stays on the page of what follows (a pledge and its signature)


@dataclass(frozen=True)
class AttachmentLabelBlock:
    """"附件 3" at the top left of a form that has no cover."""

    text: str


@dataclass(frozen=True)
class TitleBlock:
    text: str


@dataclass(frozen=True)
class FieldLineBlock:
    """A line such as "推荐单位：<value>（盖章）" outside a table."""

    line: CoverLine


@dataclass(frozen=True)
class NarrativeBlock:
    """Sub-items （一）（二）…: each prints the field's label, then the applicant's text."""

    refs: tuple[str, ...]
    level: int = 2           # heading level of the labels (3: items 1. 2. … under a （三）)


@dataclass(frozen=True)
class BodyBlock:
    """The applicant's text for one long-text field, without a printed label."""

    ref: str


@dataclass(frozen=True)
class PageBreakBlock:
    pass


@dataclass(frozen=True)
class ListBlock:
    """The labels of some fields printed as the form's list (五、附件 （一）…（四）)."""

    refs: tuple[str, ...]


@dataclass(frozen=True)
class AppendixBlock:
    """The files of some FILES fields appended after the body, each item from a new page under
    its own heading (in the TOC, with the page numbers continuing)."""

    refs: tuple[str, ...]
    prefix: str = "附件"      # heading = prefix + the item's label without its final 。/;
                              # "{n}" in it: the item's number among the items attached (附件1 …)


Block = Union[CoverBlock, TocBlock, HeadingBlock, TextBlock, TitleBlock, FieldLineBlock,
              TableBlock, NarrativeBlock, BodyBlock, PageBreakBlock, AttachmentLabelBlock,
              ListBlock, AppendixBlock]


def block_refs(block: Block) -> tuple[str, ...]:
    """Keys of the fields a layout block prints (cell details and extra lines included)."""
    if isinstance(block, CoverBlock):
        return tuple(line.value for line in block.lines)
    if isinstance(block, FieldLineBlock):
        return (block.line.value,)
    if isinstance(block, (NarrativeBlock, ListBlock, AppendixBlock)):
        return block.refs
    if isinstance(block, BodyBlock):
        return (block.ref,)
    if isinstance(block, TableBlock):
        keys: list[str] = []
        for row in block.rows:
            if isinstance(row, RepeatRow):
                keys.append(row.ref)
            else:
                keys.extend(k for cell in row for k in (cell.ref, cell.detail, *cell.also) if k)
        return tuple(keys)
    return ()


@dataclass(frozen=True)
class WordTarget:
    """A 字数 target over several fields: "2000 字左右" is ``about`` with a tolerance."""

    label: str
    fields: tuple[str, ...]
    about: int
    tolerance: float          # share of ``about`` either side that is still "左右"

    @property
    def bounds(self) -> tuple[int, int]:
        return round(self.about * (1 - self.tolerance)), round(self.about * (1 + self.tolerance))


@dataclass(frozen=True)
class Area:
    value: str                  # "prd"
    label: str                  # "珠三角地区"
    cities: tuple[str, ...]


@dataclass(frozen=True)
class Regions:
    detect_from: str            # field key of the address the city is read from
    explicit: str               # field key where the applicant may state the area
    areas: tuple[Area, ...]
    notice_date: str            # "YYYY-MM-DD", reference date without a 填报日期


@dataclass(frozen=True)
class EligibilityRule:
    """One 推荐条件. Exactly one check is set: at_least (more_than: strict), is_true, any_true,
    years_since or grows."""

    text: str                                   # the notice's wording
    when: tuple[Condition, ...] = ()
    field: str = ""                             # at_least / is_true / years_since
    minimum: dict[str, float] | float | None = None   # by area value, or one figure
    strict: bool = False                        # more_than: "应大于", the figure itself falls short
    is_true: bool = False
    any_true: tuple[str, ...] = ()
    years: float = 0
    grows_from: str = ""                        # with field: the later figure must be higher


@dataclass(frozen=True)
class Eligibility:
    regions: Regions | None
    rules: tuple[EligibilityRule, ...]


@dataclass(frozen=True)
class FormSpec:
    id: str
    title: str
    schema_version: int
    file_name_field: str
    toc: bool
    fields: tuple[Field, ...]
    layout: tuple[Block, ...]
    source: str = ""
    output_folder: str = ""       # e.g. "[案例]-{unit.name}+{case.name}": outputs go in that folder
    word_targets: tuple[WordTarget, ...] = ()
    eligibility: Eligibility | None = None
    _index: dict[str, Field] = field(default_factory=dict, compare=False, repr=False)

    def field(self, key: str) -> Field:
        return self._index[key]

    def has_field(self, key: str) -> bool:
        return key in self._index

    def field_at(self, key: str) -> Field | None:
        """The field a dotted key names, where a cell of a repeated row ("demo.0.name") names
        the rows field's column; None for a key of no field."""
        parts = key.split(".")
        for i, part in enumerate(parts[1:], start=1):
            if part.isdigit():
                rows = self._index.get(".".join(parts[:i]))
                column = ".".join(parts[i + 1:])
                if rows is None or rows.type is not FieldType.ROWS:
                    return None
                return next((c for c in rows.columns if c.key == column), None)
        return self._index.get(key)


@dataclass(frozen=True)
class PageStyle:
    width_mm: float
    height_mm: float
    margin_top_mm: float
    margin_bottom_mm: float
    margin_left_mm: float
    margin_right_mm: float
    footer_distance_mm: float
    name: str = "A4"

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - self.margin_left_mm - self.margin_right_mm

    @property
    def text_height_mm(self) -> float:
        return self.height_mm - self.margin_top_mm - self.margin_bottom_mm


@dataclass(frozen=True)
class ParagraphStyle:
    name: str
    size_pt: float
    line_spacing: float            # multiple of a single line
    first_line_indent_chars: float = 0
    align: str = "justify"
    outline_level: int = 0


@dataclass(frozen=True)
class CheckThresholds:
    """What the compliance checker allows around the style (forms/style.yaml, check:)."""

    song_faces: tuple[str, ...]
    size_tolerance_pt: float
    line_tolerance: int                      # 240ths of a line
    page_tolerance_twips: int
    page_tolerance_pt: float
    pdf_line_ratio: tuple[float, float]      # baseline distance ÷ size for "1.5 lines" in a PDF
    title_max_chars: int

    def is_song(self, font: str | None) -> bool:
        """Whether a font name (a PDF's, subset prefix stripped, or a DOCX's) is a 宋体 face."""
        if not font:
            return False
        name = _face_key(font)
        return any(name.startswith(_face_key(face)) for face in self.song_faces)


def _face_key(name: str) -> str:
    return name.replace(" ", "").replace("-", "").replace("_", "").lower()


@dataclass(frozen=True)
class Style:
    page: PageStyle
    east_asia_font: str
    east_asia_alt: str
    latin_font: str
    pdf_font_file: str
    pdf_font_name: str
    single_line_factor: float
    paragraphs: dict[str, ParagraphStyle]
    page_number_format: str
    toc_title: str
    unticked: str
    ticked: str
    check: CheckThresholds

    def paragraph(self, name: str) -> ParagraphStyle:
        return self.paragraphs[name]
