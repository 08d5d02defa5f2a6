"""汇总: many submissions read in the worker pool while the page polls the job's progress; the
table of their data, values corrected in the page, summary.xlsx and 附件3 made from it."""
from __future__ import annotations

import tempfile
import threading
import time
import uuid
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Callable

from ..batch.jobs import ParseOutcome, ParseTask, failure, parse_item
from ..batch.runner import run_tasks
from ..batch.summary import (SheetRow, cell_value, sheet_headers, summary_data, summary_entry, workbook_bytes,
                             write_summary_documents)
from ..data import get_value, set_value
from ..errors import DataError, InputFileError, Problem
from ..loader import load_form
from ..model import Field, FieldType, FormSpec
from ..parse.values import Unreadable, read_value
from ..validate import validate
from .pool import WorkerCrashed, WorkerPool
from .uploads import Upload, UploadFolder

NOT_EDITABLE = (FieldType.ROWS, FieldType.FILES)


@dataclass
class Row:
    index: int
    file: str
    form: str
    strategy: str
    data: dict[str, Any]
    reading: list[Problem]        # what the reader met (not re-checked when a value changes)
    problems: list[Problem]       # reading + validation of the data as it stands

    def sheet_row(self) -> SheetRow:
        return SheetRow(self.form, self.file, self.data, tuple(self.problems))


@dataclass
class Failed:
    file: str
    message: str


@dataclass
class CollectJob:
    id: str
    total: int
    notes: list[str]
    done: int = 0
    finished: bool = False
    rows: list[Row] = field(default_factory=list)
    failures: list[Failed] = field(default_factory=list)
    created: float = field(default_factory=time.monotonic)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def row(self, index: int) -> Row:
        found = next((r for r in self.rows if r.index == index), None)
        if found is None:
            raise InputFileError(f"没有第 {index} 份申报材料")
        return found


def submission_tasks(uploads: list[Upload]) -> list[ParseTask]:
    """One task per submission: a PDF and a DOCX of the same name (same folder of the same zip)
    are one, the PDF read first — as ``batch parse`` pairs them."""
    groups: dict[str, list[Upload]] = {}
    for upload in uploads:
        shown = PurePosixPath(upload.name)
        groups.setdefault(str(shown.with_suffix("")).lower(), []).append(upload)
    tasks = []
    for members in groups.values():
        members.sort(key=lambda u: u.path.suffix != ".pdf")
        tasks.append(ParseTask(" + ".join(u.name for u in members), tuple(str(u.path) for u in members)))
    return tasks


class JobBoard:
    """The collect jobs of this server, the oldest dropped beyond ``keep``."""

    def __init__(self, pool: WorkerPool, window: int, keep: int = 20,
                 read: Callable[[ParseTask], ParseOutcome] = parse_item):
        self.pool = pool
        self.window = window
        self.keep = keep
        self.read = read                  # top-level, so a worker process can run it
        self.jobs: dict[str, CollectJob] = {}
        self.lock = threading.Lock()

    def start(self, folder: UploadFolder, notes: list[str]) -> CollectJob:
        tasks = submission_tasks(folder.uploads)
        job = CollectJob(uuid.uuid4().hex, len(tasks), notes)
        with self.lock:
            self.jobs[job.id] = job
            for old in sorted(self.jobs.values(), key=lambda j: j.created)[:-self.keep]:
                self.jobs.pop(old.id, None)
        names = {str(u.path): u.name for u in folder.uploads}
        thread = threading.Thread(target=self._read, args=(job, tasks, folder, names), daemon=True)
        thread.start()
        return job

    def get(self, job_id: str) -> CollectJob | None:
        return self.jobs.get(job_id)

    def _read(self, job: CollectJob, tasks: list[ParseTask], folder: UploadFolder, names: dict[str, str]) -> None:
        """Every task in the pool; those a dying worker took down with it run again alone."""
        order = {id(task): n for n, task in enumerate(tasks)}
        again = []
        try:
            executor = self.pool.executor()
            for done in run_tasks(self.read, tasks, executor, self.window):
                if isinstance(done.error, BrokenProcessPool):
                    self.pool.replace(executor)
                    again.append(done.task)
                    continue
                _record(job, order[id(done.task)], done.task, done.result, failure(done.error, done.result), names)
            for task in again:
                try:
                    outcome, failed = self.pool.call_alone(self.read, task), None
                except WorkerCrashed as exc:
                    outcome, failed = None, (str(exc),)
                _record(job, order[id(task)], task, outcome, failed, names)
        finally:
            folder.close()
            job.finished = True


def _record(job: CollectJob, number: int, task: ParseTask, outcome: ParseOutcome | None,
            failed: tuple[str, ...] | None, names: dict[str, str]) -> None:
    messages = failed or (outcome.errors if outcome else ()) or (() if outcome and outcome.data is not None
                                                                  else ("[错误] 没有读出数据",))
    with job.lock:
        if messages:
            job.failures.append(Failed(task.item, "；".join(_shown(m, names) for m in messages)))
        else:
            assert outcome is not None and outcome.data is not None
            spec = load_form(outcome.form)
            checked = validate(spec, outcome.data)
            reading = [p for p in outcome.problems if p not in checked]
            job.rows.append(Row(number, task.item, outcome.form, outcome.strategy, outcome.data, reading,
                                list(outcome.problems)))
        job.done += 1


def _shown(message: str, names: dict[str, str]) -> str:
    for path, name in names.items():
        message = message.replace(path, name)
    return message.removeprefix("[错误] ")


# ---- the table -----------------------------------------------------------------------------

def field_of_path(spec: FormSpec, path: str) -> str:
    """The top-level field key a problem's JSON path falls in ("$.demo[0].name" → "demo"); ""
    for a path of no field."""
    key = path.removeprefix("$").lstrip(".").split("[", 1)[0]
    while key and not spec.has_field(key):
        key = key.rpartition(".")[0]
    return key


def job_payload(job: CollectJob) -> dict[str, Any]:
    with job.lock:
        payload: dict[str, Any] = {"id": job.id, "total": job.total, "done": job.done, "finished": job.finished,
                                   "notes": job.notes, "failures": [vars(f) for f in job.failures]}
        if job.finished:
            payload["tables"] = tables(sorted(job.rows, key=lambda r: r.index))
    return payload


def tables(rows: list[Row]) -> list[dict[str, Any]]:
    """One table per form, as summary.xlsx has one sheet per form."""
    out = []
    for form_id in sorted({r.form for r in rows}):
        spec = load_form(form_id)
        out.append({"form": form_id, "title": spec.title,
                    "columns": [{"key": f.key, "label": label, "editable": f.type not in NOT_EDITABLE}
                                for f, label in zip(spec.fields, sheet_headers(spec)[2:])],   # as summary.xlsx heads them
                    "rows": [row_payload(spec, r) for r in rows if r.form == form_id]})
    return out


def row_payload(spec: FormSpec, row: Row) -> dict[str, Any]:
    by_field: dict[str, list[Problem]] = {}
    for p in row.problems:
        by_field.setdefault(field_of_path(spec, p.path), []).append(p)
    cells = []
    for f in spec.fields:
        found = by_field.pop(f.key, [])
        value = cell_value(f, get_value(row.data, f.key))
        cells.append({"key": f.key, "text": "" if value is None else str(value),
                      "severity": _worst(found), "messages": [_tagged(p) for p in found]})
    rest = [p for ps in by_field.values() for p in ps]
    return {"index": row.index, "file": row.file, "strategy": row.strategy, "cells": cells,
            "errors": sum(p.severity == "error" for p in row.problems),
            "warnings": sum(p.severity != "error" for p in row.problems),
            "other": [_tagged(p) for p in rest]}


def _worst(problems: list[Problem]) -> str:
    if any(p.severity == "error" for p in problems):
        return "error"
    return "warning" if problems else ""


def _tagged(p: Problem) -> str:
    return f"[{'错误' if p.severity == 'error' else '提醒'}] {p}"


# ---- corrections -----------------------------------------------------------------------------

def correct(job: CollectJob, index: int, key: str, text: str) -> dict[str, Any]:
    """Set one value of one submission from the text typed in the page, read as the field's
    type (as the parser reads a printed value); the row re-validated."""
    with job.lock:
        row = job.row(index)
        spec = load_form(row.form)
        if not spec.has_field(key) or key not in {f.key for f in spec.fields}:
            raise InputFileError(f"表单 {spec.id} 没有字段 {key}")
        f = spec.field(key)
        if f.type in NOT_EDITABLE:
            raise InputFileError(f"{f.label}：此项不能在表格中修改")
        set_value(row.data, key, typed_value(f, text))
        row.reading = [p for p in row.reading if field_of_path(spec, p.path) != key]
        row.problems = [*row.reading, *validate(spec, row.data)]
        return row_payload(spec, row)


def typed_value(f: Field, text: str) -> Any:
    text = text.strip()
    if f.type is FieldType.CHOICE and text:
        option = next((o for o in f.options if text in (o.label, o.value)), None)
        if option is None:
            labels = "、".join(o.label for o in f.options)
            raise InputFileError(f"{f.label}：“{text}”不是可选项（{labels}）")
        return option.value
    try:
        value = read_value(f, text)
    except Unreadable:
        raise InputFileError(f"{f.label}：“{text}”不是有效的{_type_name(f)}") from None
    if f.type is FieldType.BOOL and text and value is None:
        raise InputFileError(f"{f.label}：请填写“是”或“否”")
    return value


def _type_name(f: Field) -> str:
    return "日期（如 2020-05-12）" if f.type is FieldType.DATE else "数字"


# ---- downloads ---------------------------------------------------------------------------------

def summary_xlsx(job: CollectJob) -> bytes:
    with job.lock:
        return workbook_bytes([r.sheet_row() for r in job.rows], [(f.file, f.message) for f in job.failures])


@dataclass(frozen=True)
class Attachment3:
    docx: bytes
    pdf: bytes
    warnings: list[str]


def attachment3(job: CollectJob, recommender: str | None) -> Attachment3:
    """附件3 推荐汇总表 of the 示范/试点 applications, made as ``batch parse`` makes it."""
    with job.lock:
        entries = [e for r in sorted(job.rows, key=lambda r: r.index)
                   if (e := summary_entry(r.form, r.data, r.file)) is not None]
    if not entries:
        raise InputFileError("没有读出任何示范（附件1）或试点（附件2）申报书，无法生成附件3 推荐汇总表")
    data, warnings = summary_data(entries, recommender)
    with tempfile.TemporaryDirectory(prefix="shenbao-web-") as folder:
        try:
            paths = write_summary_documents(Path(folder), data)
        except DataError as exc:
            raise InputFileError("附件3 数据有误：" + "；".join(str(p) for p in exc.problems)) from exc
        by_suffix = {p.suffix: p.read_bytes() for p in paths}
    return Attachment3(by_suffix[".docx"], by_suffix[".pdf"], warnings)
