"""The 填写 page of a form, built from its FormSpec: the fields in the order the form prints
them, grouped under the form's own headings, each run of fields that applies only under one
condition (a 试点/服务商 type) kept together so the page can show it only then."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Union

from ..model import (Block, BodyBlock, Condition, CoverBlock, Field, FieldLineBlock, FieldType, FormSpec,
                     HeadingBlock, ListBlock, AppendixBlock, NarrativeBlock, RepeatRow, TableBlock, TitleBlock)

OTHER_SECTION = "其他"
COVER_SECTION = "封面"


@dataclass(frozen=True)
class Caption:
    """A printed caption inside a section (a sub-heading, a table's merged title cell)."""

    text: str


@dataclass(frozen=True)
class FieldView:
    field: Field
    detail: Field | None = None     # the text written after the ticked box (试点方向)


Item = Union[Caption, FieldView]


@dataclass
class Run:
    """Consecutive items that apply under the same conditions."""

    when: tuple[Condition, ...]
    items: list[Item] = field(default_factory=list)

    @property
    def when_json(self) -> str:
        return json.dumps([{"path": c.path, "equals": c.equals} for c in self.when], ensure_ascii=False)


@dataclass
class Section:
    title: str
    runs: list[Run] = field(default_factory=list)

    def add(self, item: Item, when: tuple[Condition, ...]) -> None:
        if not self.runs or self.runs[-1].when != when:
            self.runs.append(Run(when))
        self.runs[-1].items.append(item)


def form_sections(spec: FormSpec) -> list[Section]:
    """Every field of the form once, in printed order, under the heading it is printed below."""
    builder = _Builder(spec)
    for block in spec.layout:
        builder.block(block)
    builder.rest()
    return [s for s in builder.sections if s.runs]


class _Builder:
    def __init__(self, spec: FormSpec):
        self.spec = spec
        self.sections: list[Section] = [Section(spec.title)]
        self.placed: set[str] = set()
        self.top_level = {f.key for f in spec.fields}     # not the columns of a repeated row
        # choice key → the text field written after its ticked box; that field goes with the choice
        self.detail_of = {c.ref: c.detail for b in spec.layout if isinstance(b, TableBlock)
                          for row in b.rows if not isinstance(row, RepeatRow) for c in row if c.detail}
        self.details = set(self.detail_of.values())
        self.pending_caption = ""

    def block(self, block: Block) -> None:
        if isinstance(block, HeadingBlock):
            if block.level == 1:
                self.sections.append(Section(block.text))
            else:
                self.pending_caption = block.text
        elif isinstance(block, TitleBlock):
            self.sections.append(Section(block.text))
        elif isinstance(block, CoverBlock):
            self.sections.append(Section(COVER_SECTION))
            for line in block.lines:
                self.field(line.value)
        elif isinstance(block, FieldLineBlock):
            self.field(block.line.value)
        elif isinstance(block, TableBlock):
            self.table(block)
        elif isinstance(block, (NarrativeBlock, ListBlock, AppendixBlock)):
            for ref in block.refs:
                self.field(ref)
        elif isinstance(block, BodyBlock):
            self.field(block.ref)

    def table(self, table: TableBlock) -> None:
        for row in table.rows:
            if isinstance(row, RepeatRow):
                self.field(row.ref)
                continue
            for cell in row:
                if cell.kind == "text" and cell.rows > 1 and cell.text.strip():
                    self.pending_caption = cell.text.replace("\n", "")
                for key in (cell.ref, *cell.also):
                    self.field(key)

    def field(self, key: str) -> None:
        if key not in self.top_level or key in self.placed or key in self.details:
            return
        f = self.spec.field(key)
        caption, self.pending_caption = self.pending_caption, ""
        for condition in f.when:          # the choice a conditional field depends on comes first
            self.field(condition.path)
        self.pending_caption = caption
        detail = self.detail_of.get(key)
        self.placed.update((key, detail) if detail else (key,))
        section = self.sections[-1]
        if self.pending_caption:
            section.add(Caption(self.pending_caption), f.when)
            self.pending_caption = ""
        section.add(FieldView(f, self.spec.field(detail) if detail else None), f.when)

    def rest(self) -> None:
        """Fields no block prints (they still belong to the data), at the end."""
        left = [f for f in self.spec.fields if f.key not in self.placed and f.key not in self.details]
        if left:
            self.sections.append(Section(OTHER_SECTION))
            for f in left:
                self.field(f.key)


def input_kind(f: Field) -> str:
    """How the page asks for a field's value."""
    return {FieldType.LONGTEXT: "textarea", FieldType.CHOICE: "choice", FieldType.BOOL: "bool",
            FieldType.ROWS: "rows", FieldType.FILES: "files", FieldType.DATE: "date"}.get(f.type, "input")
