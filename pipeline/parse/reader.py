"""Walk a form's layout along a document stream and read each field's value back.

Static text of the form (headings, notes, item labels) anchors the walk; what stands between
two anchors belongs to the narrative field between them; tables are read cell by cell in the
order the form defines them. Nothing is invented: a value not found is reported as missing, a
value found but not readable is reported with its raw text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dc_field
from itertools import combinations
from typing import Any

from ..data import get_value, is_empty, set_value
from ..errors import Problem
from ..model import (
    AppendixBlock,
    AttachmentLabelBlock,
    BodyBlock,
    Cell,
    CoverBlock,
    CoverLine,
    Field,
    FieldLineBlock,
    FieldType,
    FormSpec,
    HeadingBlock,
    ListBlock,
    NarrativeBlock,
    TableBlock,
    TextBlock,
    TitleBlock,
    block_refs,
)
from ..schema import PATTERNS
from ..text import DataTable, Paragraph, narrative_text
from .anchors import Heading, cut_after, is_guidance, match_heading, norm, norm_label
from .stream import Item, TableItem, TextItem, squash
from .unfold import form_headings, unfold_narrative_tables
from .tables import LabelledTableReader, RepeatTableReader, cell_text, is_repeat_table, same_columns
from .values import SeveralTicked, Unreadable, read_choice, read_value


@dataclass
class Reading:
    data: dict[str, Any]
    problems: list[Problem] = dc_field(default_factory=list)
    conflicts: set[str] = dc_field(default_factory=set)    # keys read two ways (two boxes ticked)


def read_form(spec: FormSpec, items: list[Item]) -> Reading:
    walker = _Walker(spec, unfold_narrative_tables(spec, items))
    walker.walk()
    infer_unprinted_choices(spec, walker.data)
    found = [p for p in walker.problems if not (p.severity == "warning" and get_value(walker.data, p.path[2:]) is not None)]
    return Reading(data=walker.data, problems=found)


def infer_unprinted_choices(spec: FormSpec, data: dict[str, Any]) -> None:
    """A choice the form never prints (服务商类型) is told by which of its blocks holds data."""
    printed = printed_keys(spec)
    for choice in spec.fields:
        if choice.type is not FieldType.CHOICE or choice.key in printed or get_value(data, choice.key) is not None:
            continue
        filled = {cond.equals for f in spec.fields for cond in f.when
                  if cond.path == choice.key and not is_empty(get_value(data, f.key))}
        if len(filled) == 1:
            set_value(data, choice.key, filled.pop())


def printed_keys(spec: FormSpec) -> set[str]:
    """Keys of the fields the form prints somewhere (the others can only be inferred)."""
    return {key for block in spec.layout for key in block_refs(block)}


class _Walker:
    def __init__(self, spec: FormSpec, items: list[Item]):
        self.spec, self.items = spec, items
        self.cursor = 0
        self.open_slot: str | None = None
        self.data: dict[str, Any] = {"form": spec.id}
        self.problems: list[Problem] = []
        self.cover_texts: tuple[str, ...] = ()
        self.headings = form_headings(spec)
        self.heading_found = True        # the last heading of the form was found (a body follows it)
        self.cover_labels: tuple[str, ...] = ()
        self.ambiguous: set[str] = set()  # keys reported as ticked twice: no other place may give them a value

    # -- the walk --------------------------------------------------------------------
    def walk(self) -> None:
        for block in self.spec.layout:
            if isinstance(block, AppendixBlock):
                break                          # what follows are the attached files
            getattr(self, f"_{type(block).__name__}", lambda b: None)(block)
        self._close_slot(len(self.items))

    def _CoverBlock(self, block: CoverBlock) -> None:
        self.cover_texts = (block.attachment, *block.title, *block.issuer, self.spec.title)
        self.cover_labels = tuple(line.label for line in block.lines)
        for line in block.title:
            self._anchor(line)
        self._field_lines(block.lines)
        for line in block.issuer:
            self._anchor(line)

    def _HeadingBlock(self, block: HeadingBlock) -> None:
        self.heading_found = self._heading(block.text)

    def _TitleBlock(self, block: TitleBlock) -> None:
        self._anchor(block.text)

    def _AttachmentLabelBlock(self, block: AttachmentLabelBlock) -> None:
        self._anchor(block.text)

    def _TextBlock(self, block: TextBlock) -> None:
        for text in block.paragraphs:
            if text.strip() and self._anchor(text):
                self.heading_found = True    # the guidance under a heading marks where its text starts too

    def _ListBlock(self, block: ListBlock) -> None:
        for ref in block.refs:
            self._heading(self.spec.field(ref).label)

    def _NarrativeBlock(self, block: NarrativeBlock) -> None:
        for ref in block.refs:
            if self._heading(self.spec.field(ref).label):
                self.open_slot = ref         # a heading not found leaves its text where it is, unread

    def _BodyBlock(self, block: BodyBlock) -> None:
        if self.heading_found:
            self.open_slot = block.ref

    def _FieldLineBlock(self, block: FieldLineBlock) -> None:
        self._field_lines((block.line,))

    def _TableBlock(self, block: TableBlock) -> None:
        index = self._next_table()
        if index is None:
            self._missing_table(block)
            return
        self._close_slot(index)
        if is_repeat_table(block):
            tables = [self.items[index]]
            self.cursor = index + 1
            while (following := self._next_table()) is not None and self._no_heading_before(following) \
                    and same_columns(tables[0], self.items[following]):   # Word's "split table" (Enter in a row)
                tables.append(self.items[following])
                self.cursor = following + 1
            RepeatTableReader(self, block).read(tables)
            return
        reader = LabelledTableReader(self, block)
        tables = [self.items[index]]
        self.cursor = index + 1
        while (following := self._next_table()) is not None and self._no_heading_before(following) \
                and reader.knows(self.items[following]):       # the form's table typed as several
            tables.append(self.items[following])
            self.cursor = following + 1
        reader.read(tables)

    def _no_heading_before(self, index: int) -> bool:
        """Nothing but notes or captions between here and item ``index``: no heading of the form."""
        return not any(isinstance(i, TextItem) and any(match_heading(h, i.text) for h in self.headings)
                       for i in self.items[self.cursor:index])

    # -- anchors and narrative slots ---------------------------------------------------
    def _anchor(self, text: str) -> bool:
        """Find the form's own text; close the open narrative slot before it."""
        wanted = squash(text)
        for j in range(self.cursor, len(self.items)):
            item = self.items[j]
            if not isinstance(item, TextItem):
                continue
            found = squash(item.text)
            if found != wanted and len(wanted) >= 4 and found.endswith(wanted):
                self._split_off(j, len(wanted))      # a heading glued to the paragraph above it
                j += 1
                found = wanted
            if _same_text(found, wanted):
                self._close_slot(j)
                self.cursor = j + 1
                return True
        return False

    def _heading(self, text: str) -> bool:
        """Find a heading of the form as people type it (its enumerator and short title, the
        guidance kept or not, the text run in after it); close the open slot before it."""
        heading = Heading.of(text)
        for j in range(self.cursor, len(self.items)):
            item = self.items[j]
            if not isinstance(item, TextItem):
                continue
            if len(heading.full) >= 4 and norm(item.text) != heading.full and norm(item.text).endswith(heading.full):
                self._split_off(j, len(heading.full))     # a heading glued to the line above it
                continue
            match = match_heading(heading, item.text)
            if match is None:
                continue
            self._close_slot(j)
            if match.run_in:
                self.items[j] = TextItem(cut_after(item.text, match.consumed))
                self.cursor = j
            else:
                self.cursor = j + 1
            self._skip_guidance(heading)
            return True
        return False

    def _skip_guidance(self, heading: Heading) -> None:
        """The heading's guidance kept as a paragraph of its own is the form's, not the applicant's."""
        while self.cursor < len(self.items):
            item = self.items[self.cursor]
            if not isinstance(item, TextItem) or (item.text.strip() and not is_guidance(heading, item.text)):
                return
            self.cursor += 1

    def _split_off(self, j: int, tail: int) -> None:
        """Cut the last ``tail`` non-space characters of item j into an item of their own."""
        text, count, cut = self.items[j].text, 0, len(self.items[j].text)
        while count < tail and cut > 0:
            cut -= 1
            count += not text[cut].isspace()
        self.items[j:j + 1] = [TextItem(text[:cut].rstrip()), TextItem(text[cut:])]

    def _close_slot(self, end: int) -> None:
        if self.open_slot is None:
            return
        key, self.open_slot = self.open_slot, None
        parts = []
        for item in self.items[self.cursor:end]:
            if isinstance(item, TextItem):
                if item.text.strip():
                    parts.append(Paragraph(item.text.strip()))
            elif item.rows:
                width = max(len(r) for r in item.rows)
                rows = [tuple(c.strip().replace("\n", "") for c in r) + ("",) * (width - len(r)) for r in item.rows]
                aligns = tuple(item.aligns[:width]) + ("center",) * (width - len(item.aligns[:width]))
                parts.append(DataTable(header=rows[0], rows=tuple(rows[1:]), aligns=aligns))
        self.cursor = max(self.cursor, end)
        if parts:                   # an empty narrative is left out; validation says if it is required
            set_value(self.data, key, narrative_text(parts))

    def _next_table(self) -> int | None:
        return next((j for j in range(self.cursor, len(self.items)) if isinstance(self.items[j], TableItem)), None)

    # -- "label ____ after" lines --------------------------------------------------------
    def _field_lines(self, lines: tuple[CoverLine, ...]) -> None:
        """In a DOCX they are a borderless table; in a PDF, lines of text. A choice written on
        such a line (the cover's 试点内容) is a title, not a tick: only a box there counts."""
        index = self._next_table()
        if index is not None and self._is_field_line_table(self.items[index], lines):
            for line, row in zip(lines, self.items[index].rows):
                self._read(line.value, row[1] if len(row) > 1 else "", boxes_only=True)
            self.cursor = index + 1
            return
        for line in lines:
            self._read_text_line(line)

    def _is_field_line_table(self, table: TableItem, lines: tuple[CoverLine, ...]) -> bool:
        return bool(table.rows) and norm_label(table.rows[0][0]) == norm_label(lines[0].label)

    def _read_text_line(self, line: CoverLine) -> None:
        """The line that starts with the label ("申 报 单 位：" typed as "申报单位:" too); a long
        value's first line may stand right above it (the value sits on the rule, so it grows
        upwards)."""
        label = norm_label(line.label)
        for j in range(self.cursor, len(self.items)):
            item = self.items[j]
            if isinstance(item, TextItem) and norm(item.text).startswith(label):
                text = cut_after(item.text, len(label)).lstrip("：: ")
                after = line.after.strip()
                if after and norm(text).endswith(norm(after)):
                    text = text[: len(text) - len(after)].strip()
                self._read(line.value, self._wrapped_above(j) + text, boxes_only=True)
                self.cursor = j + 1
                return
        self._report_missing(line.value)

    def _wrapped_above(self, j: int) -> str:
        """The line right above a cover line when it is the first line of its value (not the
        form's own text, not another cover line)."""
        if j - 1 < self.cursor or not isinstance(self.items[j - 1], TextItem):
            return ""
        text = self.items[j - 1].text.strip()
        own = {norm(t) for t in self.cover_texts}
        if not text or norm(text) in own or any(norm(text).startswith(norm_label(t)) for t in self.cover_labels):
            return ""
        return text

    # -- values ----------------------------------------------------------------------
    def read_cell(self, cell: Cell, text: str) -> None:
        """A value cell's text → its field(s)."""
        lines = text.split("\n")
        if cell.sign:                                   # drop the printed signature lines
            signs = {squash(s) for s in cell.sign if s.strip()}
            while lines and (not lines[-1].strip() or squash(lines[-1]) in signs):
                lines.pop()
        if cell.also:
            keys = (cell.ref, *cell.also)
            for key, part in zip(keys, split_among(self.spec, keys, [l for l in lines if l.strip()])):
                self._read(key, part)
            return
        self._read(cell.ref, cell_text(self.spec.field(cell.ref).type, lines), cell.detail)

    def set(self, key: str, value: Any) -> None:
        set_value(self.data, key, value)

    def _read(self, key: str, text: str, detail_key: str = "", boxes_only: bool = False) -> None:
        field = self.spec.field(key)
        try:
            if field.type is FieldType.CHOICE:
                choice = read_choice(field, text, written=not boxes_only)
                value = choice.value
                if detail_key and choice.detail:
                    set_value(self.data, detail_key, choice.detail)
            else:
                value = read_value(field, text)
        except SeveralTicked as several:
            if detail_key and len(several.details) == 1:     # the 方向 written after one of them stands
                set_value(self.data, detail_key, several.details[0])
            self._forget(key)                                # nor is what another place (the cover) said kept
            self.ambiguous.add(key)
            self.problems.append(Problem(field.json_path, field.label,
                                         f"勾选了 {len(several.options)} 项（{'、'.join(several.options)}），本栏只能选一项，未读取"))
            return
        except Unreadable:
            self.problems.append(Problem(field.json_path, field.label, f"读到“{text.strip()}”，无法识别为该栏的值"))
            return
        if value is not None and key not in self.ambiguous:
            set_value(self.data, key, value)

    def _forget(self, key: str) -> None:
        *parents, last = key.split(".")
        node: Any = self.data
        for part in parents:
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, dict):
            node.pop(last, None)

    def _report_missing(self, key: str) -> None:
        field = self.spec.field(key)
        self.problems.append(Problem(field.json_path, field.label, "文件中未找到该栏", severity="warning"))

    def _missing_table(self, block: TableBlock) -> None:
        self.problems.append(Problem("$", "", f"文件中未找到表格（{len(block.rows)} 行）", severity="warning"))


def _same_text(found: str, wanted: str) -> bool:
    return found == wanted or (len(wanted) > 6 and found.startswith(wanted))


def split_among(spec: FormSpec, keys: tuple[str, ...], lines: list[str]) -> list[str]:
    """Share a cell's text among the fields it holds one after another: by its printed lines
    (a wrapped e-mail takes two), or by what separates values typed on one line
    ("0755-8888 8888；a@b.cn"): the first split in which every part reads as its field's type."""
    for pieces, joiner in ((lines, ""), (_VALUE_SEPARATOR.split(" ".join(lines)), " ")):
        pieces = [p for p in pieces if p.strip()]
        for cuts in combinations(range(1, len(pieces)), len(keys) - 1):
            bounds = (0, *cuts, len(pieces))
            parts = [joiner.join(pieces[a:b]).strip() for a, b in zip(bounds, bounds[1:])]
            if all(_reads_as(spec.field(k), part) for k, part in zip(keys, parts)):
                return parts
    return lines


_VALUE_SEPARATOR = re.compile(r"[；;，,、/|]|\s{2,}|\s(?=\S+@)")


def _reads_as(field: Field, text: str) -> bool:
    try:
        value = read_value(field, text)
    except Unreadable:
        return False
    pattern = PATTERNS.get(field.type)
    return value is not None and (pattern is None or bool(re.match(pattern, str(value))))
