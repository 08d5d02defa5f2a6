"""``report.json`` and ``report.csv``: one line per item with its status, outputs and messages."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..files import atomic_write

OK, FAILED, SKIPPED = "ok", "failed", "skipped"
REPORT_JSON, REPORT_CSV = "report.json", "report.csv"
CSV_COLUMNS = ("item", "status", "outputs", "message")
# A spreadsheet takes a cell beginning with one of these for a formula (=1+2, @SUM…, -2+3, a DDE
# call): text from the inputs (a unit name, a file name) must never become one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_csv_text(value: str) -> str:
    """``value`` for a CSV cell: one that a spreadsheet would read as a formula gets a leading
    apostrophe, which spreadsheets show as a plain text marker (OWASP's advice)."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


@dataclass(frozen=True)
class ItemReport:
    item: str
    status: str                        # ok | failed | skipped
    outputs: tuple[str, ...] = ()      # relative to the output folder
    messages: tuple[str, ...] = ()     # "[错误] …" / "[提醒] …"
    form: str = ""
    valid: bool | None = None          # parse: whether the data read validates
    strategy: str = ""                 # parse: how it was read

    @property
    def failed(self) -> bool:
        return self.status == FAILED

    def as_dict(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"item": self.item, "status": self.status, "form": self.form,
                                 "outputs": list(self.outputs), "messages": list(self.messages)}
        if self.valid is not None:
            entry["valid"] = self.valid
        if self.strategy:
            entry["strategy"] = self.strategy
        return entry


@dataclass(frozen=True)
class BatchResult:
    items: list[ItemReport]
    notes: list[str]                   # warnings about the batch as a whole (附件3's 推荐单位…)
    reports: tuple[Path, ...]          # report.json, report.csv
    extra: tuple[Path, ...] = ()       # summary.xlsx, 附件3's JSON, DOCX and PDF

    @property
    def failed(self) -> list[ItemReport]:
        return [i for i in self.items if i.failed]

    @property
    def invalid(self) -> list[ItemReport]:
        return [i for i in self.items if i.valid is False and not i.failed]

    @property
    def counts(self) -> dict[str, int]:
        return counts(self.items)


def counts(items: list[ItemReport]) -> dict[str, int]:
    return {status: sum(1 for i in items if i.status == status) for status in (OK, SKIPPED, FAILED)}


def write_report(out_dir: Path, command: str, items: list[ItemReport], notes: list[str]) -> tuple[Path, Path]:
    """Both report files, each written to a temporary name and renamed into place."""
    summary = {"command": command, "total": len(items), **counts(items), "notes": notes,
               "items": [i.as_dict() for i in items]}
    json_path, csv_path = out_dir / REPORT_JSON, out_dir / REPORT_CSV
    atomic_write(json_path, json.dumps(summary, ensure_ascii=False, indent=2).encode("utf-8"))
    atomic_write(csv_path, _csv(items).encode("utf-8-sig"))       # the BOM lets Excel read UTF-8
    return json_path, csv_path


def _csv(items: list[ItemReport]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for i in items:
        writer.writerow([as_csv_text(cell) for cell in (i.item, i.status, "; ".join(i.outputs), "\n".join(i.messages))])
    return buffer.getvalue()
