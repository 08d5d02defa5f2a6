"""A form table read by its labels, not by the position of its cells.

People retype the official table: they delete the blocks of the other 试点 types, split a merged
cell, type a label with spaces or half-width brackets, put label and value in one cell, or leave
the value in the row under its label. So every value is found next to its label: the form's
table is turned into *slots* (the label or static texts that name a run of value cells, and the
group cells — "电子商务平台试点单位概况……", "2018 年情况" — that enclose it), and each row of the
document is matched to them. A label the form uses twice (主营业务收入 of 2018 and of 2019) is told
apart by the group cells seen above it, then by the type already ticked, then by order when the
document has as many of them as the form; otherwise it is reported, never guessed.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable

from ..data import get_value
from ..errors import Problem
from ..loader import form_ids, load_form
from ..model import Cell, FieldType, FormSpec, RepeatRow, TableBlock
from .anchors import norm_label, without_brackets
from .stream import TableItem
from .values import Unreadable, read_value

if TYPE_CHECKING:
    from .reader import _Walker

INLINE_SEPARATOR = "："


@dataclass(frozen=True)
class Slot:
    index: int                   # order in the form's table
    keys: tuple[str, ...]        # normalised label/static texts right before the values
    cells: tuple[Cell, ...]      # the value cells
    context: tuple[str, ...]     # normalised group texts enclosing it, outermost first


@dataclass
class TableShape:
    """What a form table prints, as the reader needs it."""

    slots: list[Slot] = field(default_factory=list)
    depth: dict[str, int] = field(default_factory=dict)      # group text → nesting depth
    statics: set[str] = field(default_factory=set)           # other static texts
    by_key: dict[str, list[Slot]] = field(default_factory=dict)
    by_bare_key: dict[str, list[Slot]] = field(default_factory=dict)

    def context_of(self, key: str) -> str:
        """The group text ``key`` is, or the start of (a tall cell cut short), when only one."""
        if key in self.depth:
            return key
        starts = [t for t in self.depth if len(key) >= 4 and t.startswith(key)]
        return starts[0] if len(starts) == 1 else ""

    def is_static(self, key: str) -> bool:
        """Static text of the form, or a piece of one (a group text split over two rows)."""
        texts = (*self.statics, *self.depth)
        return key in self.statics or any(key.startswith(s) for s in self.statics if len(s) >= 6) \
            or (len(key) >= 4 and any(key in t for t in texts))

    def candidates(self, text: str) -> list[Slot]:
        key = norm_label(text)
        return self.by_key.get(key) or self.by_bare_key.get(without_brackets(key), []) if key else []


def table_shape(spec: FormSpec, block: TableBlock) -> TableShape:
    shape = TableShape()
    covering: list[tuple[int, int, str]] = []          # (first column, last row, text) of tall cells
    for r, row in enumerate(block.rows):
        if isinstance(row, RepeatRow):
            continue
        covering = [c for c in covering if c[1] >= r]
        occupied = {col for col, _, _ in covering}
        column, keys, values = 0, [], []
        for cell in row:
            while column in occupied:
                column += 1
            context = tuple(text for col, _, text in sorted(covering) if col < column)
            if cell.kind == "value":
                values.append(cell)
            else:
                _close_slot(shape, keys, values, context)
                keys = [] if values else keys
                values = []
                text = norm_label(spec.field(cell.ref).label if cell.kind == "label" else cell.text)
                if cell.kind == "text" and cell.rows > 1:
                    shape.depth.setdefault(text, len(context))
                    covering.append((column, r + cell.rows - 1, text))
                    keys = []
                elif text:
                    keys.append(text)
                    if cell.kind == "text":
                        shape.statics.add(text)
            column += cell.span
        context = tuple(text for _, _, text in sorted(covering))
        _close_slot(shape, keys, values, context)
    for slot in shape.slots:
        for key in (*slot.keys, *_aliases(spec, slot)):
            shape.by_key.setdefault(key, []).append(slot)
            shape.by_bare_key.setdefault(without_brackets(key), []).append(slot)
    return shape


def _aliases(spec: FormSpec, slot: Slot) -> list[str]:
    """Other labels people type for the field a slot's label names (法定代表人 for 法人代表)."""
    field = spec.field(slot.cells[0].ref)
    if norm_label(field.label) not in slot.keys:
        return []
    return [norm_label(a) for a in field.aliases]


def _close_slot(shape: TableShape, keys: list[str], values: list[Cell], context: tuple[str, ...]) -> None:
    if values and keys:
        shape.slots.append(Slot(len(shape.slots), tuple(keys), tuple(values), context))


@dataclass
class _DocCell:
    text: str
    slots: list[Slot] = field(default_factory=list)   # a label of the form
    context: str = ""                                 # a group text
    static: bool = False                              # other static text
    inline: str = ""                                  # "单位名称：广州……" — the value typed after the label

    @property
    def is_value(self) -> bool:
        return not (self.slots or self.context or self.static)


class LabelledTableReader:
    """Reads the static rows of one form table from one or more document tables."""

    def __init__(self, walker: "_Walker", block: TableBlock):
        self.walker, self.block = walker, block
        self.shape = table_shape(walker.spec, block)
        self.used: set[int] = set()
        self.context: dict[int, str] = {}

    def knows(self, table: TableItem) -> bool:
        """The table holds at least one label of a slot not read yet."""
        return any(self._classify(text).slots for row in table.rows for text in row)

    def read(self, tables: list[TableItem]) -> None:
        rows = [[self._classify(text) for text in row] for table in tables for row in table.rows]
        counts = Counter(key for row in rows for cell in row for key in {s.keys[-1] for s in cell.slots})
        consumed: set[int] = set()
        for r, row in enumerate(rows):
            if r in consumed:
                continue
            header = _header_columns(row)
            if header:                        # labels across, a row of values under them for each year
                consumed.update(self._read_under(header, rows, r + 1, counts))
                continue
            for i, cell in enumerate(row):
                if cell.context:
                    self._enter(cell.context)
                elif cell.slots and not _names_same_slot(cell, row[i + 1:i + 2]):
                    values = self._values_after(rows, r, i, consumed)
                    self._assign(cell, values, counts)

    def _read_under(self, header: dict[int, "_DocCell"], rows: list[list["_DocCell"]], start: int,
                    counts: Counter) -> set[int]:
        """The rows under a header of labels, up to the next row with a label: each column's
        value belongs to its header's label (told apart by the row's group cell, "2018 年")."""
        used = set()
        for r in range(start, len(rows)):
            if any(cell.slots for cell in rows[r]):
                break
            used.add(r)
            for cell in rows[r]:
                if cell.context:
                    self._enter(cell.context)
            for i, label in header.items():
                if i < len(rows[r]):
                    self._assign(label, [rows[r][i].text], counts)
        return used

    # -- classification ------------------------------------------------------------------
    def _classify(self, text: str) -> _DocCell:
        cell = _DocCell(text)
        key = norm_label(text)
        if not key:
            return cell
        cell.slots = self.shape.candidates(key)
        if cell.slots:
            return cell
        context = self.shape.context_of(key)
        if context:
            cell.context = context
        elif self.shape.is_static(key):
            cell.static = True
        else:
            self._split_inline(cell, text)
        return cell

    def _split_inline(self, cell: _DocCell, text: str) -> None:
        """"单位名称：广州……" in one cell: the label, then its value."""
        first, sep, rest = text.replace(":", INLINE_SEPARATOR).partition(INLINE_SEPARATOR)
        if sep and rest.strip():
            slots = self.shape.candidates(first)
            if slots:
                cell.slots, cell.inline = slots, rest.strip()

    def _enter(self, text: str) -> None:
        depth = self.shape.depth[text]
        self.context = {d: t for d, t in self.context.items() if d < depth}
        self.context[depth] = text

    # -- values ----------------------------------------------------------------------------
    def _values_after(self, rows: list[list[_DocCell]], r: int, i: int, consumed: set[int]) -> list[str]:
        row, cell = rows[r], rows[r][i]
        if cell.inline:
            return [cell.inline]
        values = []
        for later in row[i + 1:]:
            if not later.is_value:
                break
            values.append(later.text)
        if not any(v.strip() for v in values) and r + 1 < len(rows) and r + 1 not in consumed \
                and all(c.is_value for c in rows[r + 1]):
            below = [c.text for c in rows[r + 1] if c.text.strip()]
            if len(below) == 1:                      # the value typed in the row under its label
                consumed.add(r + 1)
                return below
        return values

    def _assign(self, cell: _DocCell, values: list[str], counts: Counter) -> None:
        slot = self._choose(cell.slots, counts)
        if slot is None:
            return
        self.used.add(slot.index)
        texts = _fit(values, len(slot.cells))
        if texts is None:
            first = self.walker.spec.field(slot.cells[0].ref)
            self.walker.problems.append(Problem(first.json_path, first.label,
                                                f"“{cell.text.strip()}”后有 {len(values)} 格内容，与表单的 {len(slot.cells)} 格对不上，未读取"))
            return
        for value_cell, text in zip(slot.cells, texts):
            self.walker.read_cell(value_cell, text)

    def _choose(self, slots: list[Slot], counts: Counter) -> Slot | None:
        left = [s for s in slots if s.index not in self.used]
        if len(left) > 1:
            left = _best(left, lambda s: sum(t in s.context for t in self.context.values()))
        if len(left) > 1:
            same_label = [s for s in self.shape.slots if s.keys[-1] == left[0].keys[-1]]
            if counts[left[0].keys[-1]] == len(same_label):   # as many in the document as in the form
                return min(left, key=lambda s: s.index)
            left = [s for s in left if self._applies(s)]
        if len(left) == 1:
            return left[0]
        if left:
            labels = "、".join(self.walker.spec.field(s.cells[0].ref).json_path for s in left)
            field = self.walker.spec.field(left[0].cells[0].ref)
            self.walker.problems.append(Problem(field.json_path, field.label,
                                                f"表格中“{field.label}”无法确定属于哪一栏（{labels}），未读取"))
            self.used.update(s.index for s in left)
        return None

    def _applies(self, slot: Slot) -> bool:
        """No choice read so far rules the slot's field out (the blocks of another 试点 type)."""
        data = self.walker.data
        for cell in slot.cells:
            for cond in self.walker.spec.field(cell.ref).when:
                found = get_value(data, cond.path)
                if found is not None and found != cond.equals:
                    return False
        return True


def _header_columns(row: list[_DocCell]) -> dict[int, _DocCell]:
    """Column → label for a row of two or more labels and nothing else (its first cell may name
    the column of years: "年份", "指标")."""
    labels = {i: cell for i, cell in enumerate(row) if cell.slots and not cell.inline}
    if len(labels) < 2 or any(i not in labels for i in range(1, len(row))):
        return {}
    return labels


def _names_same_slot(cell: _DocCell, following: list[_DocCell]) -> bool:
    """"试点情况简介" then "工作进度、成效……": both name one slot; the last one reads it."""
    return bool(following) and bool(set(s.index for s in cell.slots) & set(s.index for s in following[0].slots))


def _best(slots: list[Slot], score: Any) -> list[Slot]:
    top = max(score(s) for s in slots)
    return [s for s in slots if score(s) == top]


def _fit(values: list[str], wanted: int) -> list[str] | None:
    """The document's cells after a label, fitted to the form's value cells."""
    if len(values) == wanted:
        return values
    filled = [v for v in values if v.strip()]
    if wanted == 1 and len(filled) <= 1:
        return filled or [""]
    if len(filled) == wanted:
        return filled
    return None


def same_columns(first: TableItem, other: TableItem) -> bool:
    """Whether ``other`` has as many columns as ``first``: a piece of the same table."""
    def width(table: TableItem) -> int:
        return max((len(row) for row in table.rows), default=0)
    return width(first) == width(other) > 1


class RepeatTableReader:
    """The repeated rows of a table (附件3): columns found by their header labels, each group of
    rows under its static marker row (示范, 试点)."""

    def __init__(self, walker: "_Walker", block: TableBlock):
        self.walker, self.block = walker, block
        self.repeats = [row for row in block.rows if isinstance(row, RepeatRow)]
        self.markers = {}
        previous = None
        for row in block.rows:
            if isinstance(row, RepeatRow) and previous is not None:
                self.markers[norm_label(previous)] = row
            previous = row[0].text if not isinstance(row, RepeatRow) and len(row) == 1 and row[0].kind == "text" else None

    def read(self, tables: list[TableItem]) -> None:
        """The rows of ``tables``, one table cut into pieces: columns and group run on across them."""
        spec = self.walker.spec
        columns: dict[int, Any] = {}
        current: RepeatRow | None = None
        found: dict[str, list[dict[str, Any]]] = {}
        for row in (row for table in tables for row in table.rows):
            header = self._header(row)
            if header:
                columns = header
                continue
            marker = self.markers.get(norm_label(" ".join(row)))
            if marker is not None:
                current = marker
                continue
            if not columns:
                continue
            current = current or self.repeats[0]
            values = self._row_values(spec.field(current.ref), row, columns)
            if values:
                found.setdefault(current.ref, []).append(values)
        for ref, rows in found.items():
            self.walker.set(ref, rows)

    def _header(self, row: list[str]) -> dict[int, Any]:
        """Column index → (column label, ...) for a row of column labels."""
        labels: dict[str, str] = {}
        for repeat in self.repeats:
            for column in self.walker.spec.field(repeat.ref).columns:
                labels.setdefault(norm_label(column.label), column.key)
                labels.setdefault(without_brackets(column.label), column.key)
        mapping = {i: labels.get(norm_label(t)) or labels.get(without_brackets(t)) for i, t in enumerate(row)}
        mapping = {i: key for i, key in mapping.items() if key}
        return mapping if len(mapping) >= 2 else {}

    def _row_values(self, rows_field: Any, row: list[str], columns: dict[int, str]) -> dict[str, Any]:
        by_key = {c.key: c for c in rows_field.columns}
        values: dict[str, Any] = {}
        for i, key in columns.items():
            if i >= len(row) or key not in by_key:
                continue
            text = cell_text(by_key[key].type, row[i].split("\n"))
            try:
                value = read_value(by_key[key], text)
            except Unreadable:
                value = text
            if value is not None:
                values[key] = value
        return values


def is_repeat_table(block: TableBlock) -> bool:
    return any(isinstance(row, RepeatRow) for row in block.rows)


def cell_text(field_type: FieldType, lines: list[str]) -> str:
    """A wrapped cell's lines as the value's text: a choice keeps its lines (one box a line);
    anything else is joined as it stands (a break at a space keeps the space at the end of its
    line — the PDF reader puts it back where a line ended short of the cell's edge)."""
    if field_type is FieldType.CHOICE:
        return "\n".join(lines)
    return "".join(lines).strip()


@lru_cache(maxsize=1)
def known_label() -> Callable[[str], bool]:
    """Whether a cell's text is a label or block text some form's table prints (or an alias of
    one): what tells a row a page break cut from two rows that merely meet at a page break."""
    keys: set[str] = set()
    bare: set[str] = set()
    for form_id in form_ids():
        spec = load_form(form_id)
        for block in spec.layout:
            if isinstance(block, TableBlock) and not is_repeat_table(block):
                shape = table_shape(spec, block)
                keys.update(shape.by_key, shape.depth, shape.statics)
                bare.update(shape.by_bare_key)

    def known(text: str) -> bool:
        key = norm_label(text)
        return bool(key) and (key in keys or without_brackets(key) in bare)
    return known
