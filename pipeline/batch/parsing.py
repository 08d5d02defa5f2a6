"""``batch parse``: submitted PDFs/DOCX → their JSON, summary.xlsx, 附件3, a report."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..files import atomic_write, ensure_folder
from .. import limits
from ..render import fit_name, safe_file_name
from .inputs import Submission, submissions
from .jobs import ParseOutcome, ParseTask, error_messages, failure, parse_item
from .manifest import Manifest, content_hash, file_hash, open_manifest, output_files, tool_fingerprint
from .rendering import write_summary_report
from .report import FAILED, OK, REPORT_CSV, REPORT_JSON, SKIPPED, BatchResult, ItemReport, write_report
from .runner import Completed, InlineExecutor, progress_bar, run_tasks
from .summary import SUMMARY_JSON, XLSX_NAME, SheetRow, SummaryEntry, summary_entry, workbook_bytes

COMMAND = "parse"
_RESERVED = {Path(n).stem for n in (REPORT_JSON, REPORT_CSV, XLSX_NAME, SUMMARY_JSON)}


def batch_parse(sources: list[Path], out_dir: Path, executor: Any = None, window: int = 8,
                recommender: str | None = None, progress: bool = False) -> BatchResult:
    """Read every submission into ``out_dir/<name>.json``, then summary.xlsx and 附件3 of them.
    Files inside ``out_dir`` are never read as submissions."""
    found, unreadable = submissions(sources, skip_dir=out_dir)
    ensure_folder(out_dir)
    with open_manifest(out_dir) as manifest:
        run = _ParseRun(out_dir, manifest)
        tasks = run.plan(found)
        completions = run_tasks(parse_item, tasks, executor or InlineExecutor(), window)
        for done in progress_bar(completions, len(tasks), "读取", progress):
            run.finish(done)
    items = [ItemReport(message.split("：", 1)[0], FAILED, (), (f"[错误] {message}",)) for message in unreadable]
    items += [run.reports[s.key] for s in found]
    notes: list[str] = []
    extra = [_write_workbook(out_dir, run, items)]
    entries = [run.entries[n] for n in sorted(run.entries)]     # in the order of the submissions
    if entries:
        paths, report = write_summary_report(out_dir, entries, recommender, notes)
        extra += paths
        items.append(report)
    else:
        notes.append("没有读出任何示范（附件1）或试点（附件2）申报书，未生成附件3 推荐汇总表")
    return BatchResult(items, notes, write_report(out_dir, COMMAND, items, notes), tuple(extra))


class _ParseRun:
    def __init__(self, out_dir: Path, manifest: Manifest):
        self.out_dir, self.manifest = out_dir, manifest
        self.reports: dict[str, ItemReport] = {}
        self.pending: dict[int, tuple[Submission, str, str]] = {}    # id(task) → submission, digest, JSON name
        self.rows: list[SheetRow] = []
        self.entries: dict[int, SummaryEntry] = {}
        self._order: dict[str, int] = {}

    def plan(self, found: list[Submission]) -> list[ParseTask]:
        names = json_names(found)
        self._order = {s.key: n for n, s in enumerate(found)}
        tasks = []
        for sub in found:
            digest = content_hash(tool_fingerprint(None), *(file_hash(p) for p in sub.paths))
            if self._skip(sub, digest, names[sub.key]):
                continue
            task = ParseTask(sub.name, tuple(str(p) for p in sub.paths))
            self.pending[id(task)] = (sub, digest, names[sub.key])
            tasks.append(task)
        return tasks

    def _skip(self, sub: Submission, digest: str, name: str) -> bool:
        entry = self.manifest.up_to_date(COMMAND, sub.key, digest, self.out_dir)
        if entry is None or entry.get("outputs") != [name]:
            return False
        try:
            data = json.loads((self.out_dir / name).read_text(encoding="utf-8"))
            problems = tuple(Problem(**p) for p in entry.get("problems", []))
        except (OSError, ValueError, TypeError):      # TypeError: a manifest edited by hand
            return False
        self._collect(sub, ParseOutcome(sub.name, entry.get("form", ""), entry.get("strategy", ""), data, problems),
                      name, SKIPPED)
        return True

    def finish(self, done: Completed[ParseTask, ParseOutcome]) -> None:
        sub, digest, name = self.pending.pop(id(done.task))
        try:
            self._finish(sub, digest, name, done)
        except Exception as exc:   # noqa: BLE001 — the item fails, the batch goes on
            self._fail(sub, error_messages(exc))

    def _finish(self, sub: Submission, digest: str, name: str, done: Completed[ParseTask, ParseOutcome]) -> None:
        outcome = done.result
        failed = failure(done.error, outcome)
        if failed is not None:
            self._fail(sub, failed)
        elif outcome.errors or outcome.data is None:
            self._fail(sub, outcome.errors)
        else:
            self._write(sub, digest, name, outcome)

    def _write(self, sub: Submission, digest: str, name: str, outcome: ParseOutcome) -> None:
        text = (json.dumps(outcome.data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        try:
            atomic_write(self.out_dir / name, text)
        except OSError as exc:
            self._fail(sub, (f"[错误] {sub.name}：无法写入 {name}（{exc}）",))
            return
        self.manifest.record(COMMAND, sub.key, {
            "item": sub.name, "sha256": digest, "outputs": [name], "files": output_files({name: text}),
            "form": outcome.form,
            "strategy": outcome.strategy, "problems": [p.as_dict() for p in outcome.problems]})
        self._collect(sub, outcome, name, OK)

    def _collect(self, sub: Submission, outcome: ParseOutcome, name: str, status: str) -> None:
        messages = tuple(f"[{'错误' if p.severity == 'error' else '提醒'}] {p}" for p in outcome.problems)
        self.reports[sub.key] = ItemReport(sub.name, status, (name,), messages, form=outcome.form,
                                           valid=outcome.valid, strategy=outcome.strategy)
        files = " + ".join(p.name for p in sub.paths)
        self.rows.append(SheetRow(outcome.form, files, outcome.data or {}, outcome.problems))
        entry = summary_entry(outcome.form, outcome.data or {}, sub.name)
        if entry is not None:
            self.entries[self._order[sub.key]] = entry

    def _fail(self, sub: Submission, messages: tuple[str, ...]) -> None:
        self.manifest.forget(COMMAND, sub.key)
        self.reports[sub.key] = ItemReport(sub.name, FAILED, (), messages)


def json_names(found: list[Submission]) -> dict[str, str]:
    """``<stem>.json`` per submission; a stem met again (or one of the batch's own files) gets
    ``-2``, ``-3``… in the order of the submissions."""
    used = set(_RESERVED)
    names = {}
    for sub in found:
        stem = safe_file_name(fit_name(sub.paths[0].stem, limits.MAX_FILE_NAME_BYTES))
        candidate, n = stem, 1
        while candidate.lower() in used:
            n += 1
            candidate = f"{stem}-{n}"
        used.add(candidate.lower())
        names[sub.key] = f"{candidate}.json"
    return names


def _write_workbook(out_dir: Path, run: _ParseRun, items: list[ItemReport]) -> Path:
    failures = [(i.item, "\n".join(i.messages)) for i in items if i.failed]
    path = out_dir / XLSX_NAME
    atomic_write(path, workbook_bytes(run.rows, failures))
    return path
