"""``batch render``: many inputs → their DOCX and PDF, a report, optionally 附件3."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..api import rendered_files
from ..data import get_value
from ..errors import OutputError
from ..files import ensure_folder, write_all
from ..loader import load_form
from ..model import FieldType
from ..render import output_folder, output_stem
from ..validate import validate
from .inputs import RenderInput, count_render_inputs, render_inputs
from .jobs import RenderOutcome, RenderTask, error_messages, failure, render_item, warning_messages
from .manifest import Manifest, content_hash, file_hash, open_manifest, output_files, tool_fingerprint
from .report import FAILED, OK, REPORT_CSV, REPORT_JSON, SKIPPED, BatchResult, ItemReport, write_report
from .runner import Completed, InlineExecutor, progress_ticks, run_tasks
from .summary import SUMMARY_JSON, summary_data, summary_entry, write_summary_documents

COMMAND = "render"
SUMMARY_ITEM = "附件3 推荐汇总表"


def batch_render(sources: list[Path], out_dir: Path, executor: Any = None, window: int = 8,
                 strict: bool = False, summary: bool = False, recommender: str | None = None,
                 progress: bool = False) -> BatchResult:
    """Render every input into ``out_dir`` on ``executor`` (default: in this process), skipping
    inputs whose outputs are up to date; a failed input is reported, the others go on."""
    ensure_folder(out_dir)
    own_files = {(out_dir / name).resolve() for name in (REPORT_JSON, REPORT_CSV, SUMMARY_JSON)}
    total = count_render_inputs(sources, own_files) if progress else 0
    with open_manifest(out_dir) as manifest, progress_ticks(total, "生成", progress) as tick:
        run = _RenderRun(out_dir, manifest, strict, tick)
        # one pass over the inputs, each read and planned when the executor can take one more
        # task: the workers start at once, and memory does not grow with the number of inputs
        tasks = run.tasks(_unique(render_inputs(sources, own_files)))
        for done in run_tasks(render_item, tasks, executor or InlineExecutor(), window):
            run.finish(done)
    items = [run.reports[key] for key in run.order]
    notes: list[str] = []
    extra: tuple[Path, ...] = ()
    if summary:
        extra, summary_report = _summary(run, out_dir, recommender, notes)
        items += [summary_report] if summary_report else []
    return BatchResult(items, notes, write_report(out_dir, COMMAND, items, notes), extra)


def _unique(inputs: Iterable[RenderInput]) -> Iterator[RenderInput]:
    """An input named twice (a file and its folder) is rendered once."""
    seen: set[str] = set()
    for inp in inputs:
        if inp.key not in seen:
            seen.add(inp.key)
            yield inp


class _RenderRun:
    """The state of one run: what each item reports, and which outputs are whose."""

    def __init__(self, out_dir: Path, manifest: Manifest, strict: bool, tick: Callable[[], None]):
        self.out_dir, self.manifest, self.strict, self.tick = out_dir, manifest, strict, tick
        self.reports: dict[str, ItemReport] = {}
        self.order: list[str] = []                                 # input keys, as named
        self.entries: dict[str, Any] = {}                          # key → its 附件3 row, if any
        self.pending: dict[int, tuple[RenderInput, str]] = {}      # id(task) → input (data dropped), digest
        self.claimed: dict[str, str] = {}                          # output → item that makes it

    def tasks(self, inputs: Iterable[RenderInput]) -> Iterator[RenderTask]:
        """Each input planned in turn (failed, skipped, or to render); one to render becomes a
        task, its data validated here already. An input that cannot be planned for any reason
        fails alone."""
        for inp in inputs:
            self.order.append(inp.key)
            try:
                if inp.data is not None:
                    self.entries[inp.key] = _entry(inp)
                planned = self._plan_one(inp)
            except Exception as exc:   # noqa: BLE001 — the item fails, the batch goes on
                self._fail(inp, error_messages(exc))
                planned = None
            if planned is None:
                self.tick()
                continue
            task = RenderTask(inp.name, inp.form, inp.data or {}, str(inp.base_dir), self.strict, planned.warnings)
            self.pending[id(task)] = (replace(inp, raw=b"", data=None), planned.digest)
            yield task

    def _plan_one(self, inp: RenderInput) -> _Planned | None:
        """What an input to render needs later; None for one that failed or is up to date. Only
        valid data claims its output names (an invalid input of the same unit does not stop it)."""
        if inp.error or inp.data is None:
            self._fail(inp, (f"[错误] {inp.error}",))
            return None
        errors, warnings = plan_problems(inp, self.strict)
        if errors:
            self._fail(inp, errors)
            return None
        outputs = expected_outputs(inp.form, inp.data)
        clash = next((self.claimed[o] for o in outputs if o in self.claimed), None)
        if clash:
            self._fail(inp, (f"[错误] {inp.name}：输出文件 {outputs[0]} 与 {clash} 的重名（单位名称与表单相同），未生成",))
            return None
        self.claimed.update(dict.fromkeys(outputs, inp.name))
        digest = input_digest(inp, self.strict)
        entry = self.manifest.up_to_date(COMMAND, inp.key, digest, self.out_dir)
        if entry is not None and list(entry["outputs"]) == list(outputs):
            self.reports[inp.key] = ItemReport(inp.name, SKIPPED, tuple(outputs), tuple(entry.get("warnings", ())),
                                               form=inp.form)
            return None
        return _Planned(digest, warnings)

    def finish(self, done: Completed[RenderTask, RenderOutcome]) -> None:
        inp, digest = self.pending.pop(id(done.task))
        try:
            self._finish(inp, digest, done)
        except Exception as exc:   # noqa: BLE001 — the item fails, the batch goes on
            self._fail(inp, error_messages(exc))
        self.tick()

    def _finish(self, inp: RenderInput, digest: str, done: Completed[RenderTask, RenderOutcome]) -> None:
        outcome = done.result
        failed = failure(done.error, outcome)
        if failed is not None:
            self._fail(inp, failed)
        elif outcome.errors or outcome.rendered is None:
            self._fail(inp, outcome.errors)
        else:
            self._write(inp, digest, outcome)

    def _write(self, inp: RenderInput, digest: str, outcome: RenderOutcome) -> None:
        files = rendered_files(outcome.rendered, self.out_dir)
        try:
            write_all(files)
        except (OutputError, OSError) as exc:
            self._fail(inp, (f"[错误] {inp.name}：{exc}",))
            return
        written = {path.relative_to(self.out_dir).as_posix(): data for path, data in files.items()}
        outputs = list(written)
        self.manifest.record(COMMAND, inp.key, {"item": inp.name, "sha256": digest, "form": inp.form,
                                                "outputs": outputs, "files": output_files(written),
                                                "warnings": list(outcome.warnings)})
        self.reports[inp.key] = ItemReport(inp.name, OK, tuple(outputs), outcome.warnings, form=inp.form)

    def _fail(self, inp: RenderInput, messages: tuple[str, ...]) -> None:
        self.manifest.forget(COMMAND, inp.key)
        self.reports[inp.key] = ItemReport(inp.name, FAILED, (), messages, form=inp.form)


@dataclass(frozen=True)
class _Planned:
    """An input to render, as planned: the digest of what its outputs depend on, its warnings."""

    digest: str
    warnings: tuple[str, ...]


def plan_problems(inp: RenderInput, strict: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The errors that would stop the input rendering (with ``strict``, the warnings too), and
    when there are none, the warnings its report lists."""
    problems = validate(load_form(inp.form), inp.data or {}, base_dir=inp.base_dir)
    errors = tuple(f"[错误] {p}" for p in problems if p.severity == "error" or strict)
    return errors, () if errors else warning_messages(problems)


def expected_outputs(form_id: str, data: dict[str, Any]) -> list[str]:
    """The DOCX and PDF an input renders to, relative to the output folder (as rendered_files)."""
    spec = load_form(form_id)
    folder, stem = output_folder(spec, data), output_stem(spec, data)
    prefix = f"{folder}/" if folder else ""
    return [f"{prefix}{stem}.docx", f"{prefix}{stem}.pdf"]


def input_digest(inp: RenderInput, strict: bool) -> str:
    """What the outputs depend on: the input's bytes, the files it attaches, the form and the
    tool, the options."""
    spec = load_form(inp.form)
    attached = [file_hash(inp.base_dir / name)
                for f in spec.fields if f.type is FieldType.FILES
                for name in _as_list(get_value(inp.data, f.key)) if isinstance(name, str)]
    return content_hash(inp.raw, tool_fingerprint(inp.form), f"strict={strict}", *attached)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _entry(inp: RenderInput) -> Any:
    """The input's 附件3 row; None when its data cannot give one (it then fails validation,
    and only rendered inputs are listed)."""
    try:
        return summary_entry(inp.form, inp.data or {}, inp.name)
    except (TypeError, AttributeError, ValueError, KeyError):
        return None


def _summary(run: _RenderRun, out_dir: Path, recommender: str | None,
             notes: list[str]) -> tuple[tuple[Path, ...], ItemReport | None]:
    entries = [run.entries[key] for key in run.order
               if run.reports[key].status in (OK, SKIPPED) and run.entries.get(key) is not None]
    if not entries:
        notes.append("没有生成任何示范（附件1）或试点（附件2）申报书，未生成附件3 推荐汇总表")
        return (), None
    return write_summary_report(out_dir, entries, recommender, notes)


def write_summary_report(out_dir: Path, entries: list, recommender: str | None,
                         notes: list[str]) -> tuple[tuple[Path, ...], ItemReport]:
    """附件3 for the entries, reported as one more item (failed, with why, if it cannot be made)."""
    data, warnings = summary_data(entries, recommender)
    notes.extend(warnings)
    try:
        paths = write_summary_documents(out_dir, data)
    except Exception as exc:   # noqa: BLE001 — reported like any item
        return (), ItemReport(SUMMARY_ITEM, FAILED, (), error_messages(exc), form="summary-2020")
    outputs = tuple(p.relative_to(out_dir).as_posix() for p in paths)
    return paths, ItemReport(SUMMARY_ITEM, OK, outputs, tuple(f"[提醒] {w}" for w in warnings), form="summary-2020")
