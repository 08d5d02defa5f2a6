"""What a batch adds up: the 附件3 推荐汇总表 (form summary-2020) of its 示范/试点 applications,
and ``summary.xlsx`` with one sheet per form and one row per submission."""
from __future__ import annotations

import io
import json
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from ..api import write_rendered
from ..data import get_value
from ..errors import Problem
from ..files import atomic_write
from ..loader import load_form
from ..model import NUMERIC_TYPES, Field, FieldType, FormSpec
from ..render import render_form
from ..render.values import choice_label
from ..validate import ensure_valid
from .report import FORMULA_STARTS

# openpyxl (≈80 ms to import) is loaded by the functions that write summary.xlsx: a render batch
# never does
if TYPE_CHECKING:
    from openpyxl import Workbook

SUMMARY_FORM = "summary-2020"
SUMMARY_JSON = "附件3-推荐汇总表.json"
XLSX_NAME = "summary.xlsx"
# The forms whose applications 附件3 lists, the section they go under and their choice field.
SECTIONS = {"demo-2020": ("demo", "demo.type"), "pilot-2020": ("pilot", "pilot.type")}
PROVIDER_VALUE, SERVICE_TYPE_KEY = "provider", "provider.service_type"
RECOMMENDER_PLACEHOLDER = "（请填写推荐单位）"
EXCEL_CELL_LIMIT = 32767


# ---- 附件3 ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class SummaryEntry:
    section: str        # "demo" | "pilot"
    name: str           # 单位名称
    content: str        # 试点（示范）内容 as 附件3 writes it: 电子商务服务商试点（物流和仓储）
    city: str           # the first city the 联系地址 names, or ""
    source: str         # the item it comes from


def summary_entry(form_id: str, data: dict[str, Any], source: str) -> SummaryEntry | None:
    """The 附件3 row of one 附件1/附件2 application; None for other forms."""
    if form_id not in SECTIONS:
        return None
    section, choice_key = SECTIONS[form_id]
    spec = load_form(form_id)
    name = str(get_value(data, "unit.name") or "").strip()
    return SummaryEntry(section, name, _content(spec, data, choice_key), _city(spec, data), source)


def _content(spec: FormSpec, data: dict[str, Any], choice_key: str) -> str:
    value = get_value(data, choice_key)
    content = choice_label(spec.field(choice_key), value) if value else ""
    service = get_value(data, SERVICE_TYPE_KEY)
    if value == PROVIDER_VALUE and service and spec.has_field(SERVICE_TYPE_KEY):
        content += f"（{choice_label(spec.field(SERVICE_TYPE_KEY), service)}）"
    return content


def _city(spec: FormSpec, data: dict[str, Any]) -> str:
    regions = spec.eligibility.regions if spec.eligibility else None
    if regions is None:
        return ""
    address = str(get_value(data, regions.detect_from) or "")
    found = [(address.find(c), c) for area in regions.areas for c in area.cities if c in address]
    return min(found)[1] if found else ""


def summary_data(entries: Iterable[SummaryEntry], recommender: str | None) -> tuple[dict[str, Any], list[str]]:
    """The summary-2020 input for the entries (in their order), and the warnings about it."""
    warnings: list[str] = []
    rows: dict[str, list[dict[str, str]]] = {"demo": [], "pilot": []}
    seen: set[tuple[str, str, str]] = set()
    usable = []
    for e in entries:
        if not e.name or not e.content:
            missing = "、".join(w for w, v in (("单位名称", e.name), ("示范/试点内容", e.content)) if not v)
            warnings.append(f"{e.source}：未读出{missing}，未列入附件3")
        elif (e.section, e.name, e.content) in seen:
            warnings.append(f"{e.source}：{e.name}（{e.content}）已列入附件3，不再重复列出")
        else:
            seen.add((e.section, e.name, e.content))
            rows[e.section].append({"name": e.name, "content": e.content, "remark": ""})
            usable.append(e)
    if not recommender:
        recommender, note = _guess_recommender(usable)
        warnings.append(note)
    return {"form": SUMMARY_FORM, "recommender": recommender, **rows}, warnings


def _guess_recommender(entries: list[SummaryEntry]) -> tuple[str, str]:
    cities = Counter(e.city for e in entries if e.city)
    if not cities:
        return RECOMMENDER_PLACEHOLDER, (f"未指定 --recommender，联系地址中也没有可识别的地级市，"
                                         f"附件3 的推荐单位暂写“{RECOMMENDER_PLACEHOLDER}”")
    city = cities.most_common(1)[0][0]
    guess = f"{city}市工业和信息化局"
    mixed = f"（申报单位分属{'、'.join(cities)}，请核对）" if len(cities) > 1 else ""
    return guess, f"未指定 --recommender，附件3 的推荐单位按联系地址推断为“{guess}”{mixed}"


def write_summary_documents(out_dir: Path, data: dict[str, Any]) -> tuple[Path, ...]:
    """附件3 as its input JSON (``shenbao render`` takes it), DOCX and PDF, all three named
    ``附件3-推荐汇总表`` (not after the 推荐单位: a rendered summary-2020 input may hold that
    name); validated first."""
    spec = load_form(SUMMARY_FORM)
    ensure_valid(spec, data)
    rendered = replace(render_form(spec, data), stem=Path(SUMMARY_JSON).stem)
    json_path = out_dir / SUMMARY_JSON
    atomic_write(json_path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return (json_path, *write_rendered(rendered, out_dir))


# ---- summary.xlsx ---------------------------------------------------------------------------

@dataclass(frozen=True)
class SheetRow:
    form: str
    file: str
    data: dict[str, Any]
    problems: tuple[Problem, ...]


FILE_HEADER, PROBLEM_HEADER = "文件", "问题"
FAILED_SHEET = "未能读取"


def workbook_bytes(rows: list[SheetRow], failures: list[tuple[str, str]]) -> bytes:
    """One sheet per form (titled by its id, rows by file name); a sheet of the files that could
    not be read at all when there are any."""
    from openpyxl import Workbook
    book = Workbook()
    book.remove(book.active)
    for form_id in sorted({r.form for r in rows}):
        spec = load_form(form_id)
        _form_sheet(book, spec, sorted((r for r in rows if r.form == form_id), key=lambda r: r.file))
    if failures or not rows:
        sheet = book.create_sheet(FAILED_SHEET)
        _header(sheet, [FILE_HEADER, "错误"], [40, 100])
        for name, message in failures:
            append_row(sheet, [_cell(name), _cell(message)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sheet_headers(spec: FormSpec) -> list[str]:
    """文件, 问题, then each field's printed label; a label two fields share gets its key."""
    labels = Counter(f.label for f in spec.fields)
    return [FILE_HEADER, PROBLEM_HEADER,
            *(f.label if labels[f.label] == 1 else f"{f.label}（{f.key}）" for f in spec.fields)]


def _form_sheet(book: Workbook, spec: FormSpec, rows: list[SheetRow]) -> None:
    sheet = book.create_sheet(spec.id[:31])
    headers = sheet_headers(spec)
    _header(sheet, headers, [min(max(len(h) * 2, 10), 40) for h in headers])
    for row in rows:
        problems = "\n".join(f"[{'错误' if p.severity == 'error' else '提醒'}] {p}" for p in row.problems)
        append_row(sheet, [_cell(row.file), _cell(problems),
                           *(_cell(cell_value(f, get_value(row.data, f.key))) for f in spec.fields)])
    sheet.auto_filter.ref = sheet.dimensions


def append_row(sheet: Any, values: list[Any]) -> None:
    """A row whose text stays text: a string that begins like a formula is stored as a string
    cell marked with Excel's quote prefix, never as a formula."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"
            cell.quotePrefix = True


def _header(sheet: Any, headers: list[str], widths: list[int]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    append_row(sheet, headers)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C2" if len(headers) > 2 else "A2"


def cell_value(field: Field, value: Any) -> Any:
    """A field's value as a spreadsheet cell: numbers stay numbers (the bureau sums them),
    choices and 是/否 read as printed, rows and files joined into lines."""
    if value is None or value == "" or value == []:
        return None
    if field.type is FieldType.CHOICE:
        return choice_label(field, value) or str(value)
    if field.type is FieldType.BOOL:
        return "是" if value is True else "否" if value is False else str(value)
    if field.type in NUMERIC_TYPES:
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)
    if field.type is FieldType.ROWS and isinstance(value, list):
        return "\n".join(f"{n}. " + _row_text(field, row) for n, row in enumerate(value, start=1))
    if field.type is FieldType.FILES and isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _row_text(field: Field, row: Any) -> str:
    if not isinstance(row, dict):
        return str(row)
    parts = [(c.label, cell_value(c, row.get(c.key))) for c in field.columns]
    return "；".join(f"{label}：{value}" for label, value in parts if value is not None)


def _cell(value: Any) -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return value if len(value) <= EXCEL_CELL_LIMIT else value[:EXCEL_CELL_LIMIT - 6] + "…（已截断）"
