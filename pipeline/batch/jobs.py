"""The work of one batch item, as top-level functions of picklable arguments returning plain
dataclasses: they run in a worker process or on a Dask worker. Nothing is written here; the
caller writes what comes back (so a remote worker needs no access to the output folder).

A failure never escapes as an exception: it comes back as the item's Chinese messages.
"""
from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DataError, Problem, ShenbaoError
from ..loader import load_form
from ..render import Rendered, render_form
from ..validate import ensure_valid


@dataclass(frozen=True)
class RenderTask:
    item: str                 # the name shown in the report ("inputs/a.json", "all.jsonl:3")
    form: str
    data: dict[str, Any]
    base_dir: str             # attachments are found relative to it (the input file's folder)
    strict: bool = False
    warnings: tuple[str, ...] | None = None   # when the caller has validated the data: its warnings


@dataclass(frozen=True)
class RenderOutcome:
    item: str
    rendered: Rendered | None = None
    warnings: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParseTask:
    item: str
    paths: tuple[str, ...]    # one submission: the PDF first, then a DOCX of the same name


@dataclass(frozen=True)
class ParseOutcome:
    item: str
    form: str = ""
    strategy: str = ""
    data: dict[str, Any] | None = None
    problems: tuple[Problem, ...] = ()
    errors: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        return not self.errors and not any(p.severity == "error" for p in self.problems)


def render_item(task: RenderTask) -> RenderOutcome:
    """Validate (unless the task says it was) and render one input (both documents in memory)."""
    try:
        spec = load_form(task.form)
        base_dir = Path(task.base_dir)
        warnings = task.warnings
        if warnings is None:
            warnings = warning_messages(ensure_valid(spec, task.data, task.strict, base_dir=base_dir))
        rendered = render_form(spec, task.data, base_dir=base_dir)
    except Exception as exc:   # noqa: BLE001 — every failure becomes the item's messages
        return RenderOutcome(task.item, errors=error_messages(exc))
    return RenderOutcome(task.item, rendered=rendered, warnings=warnings)


def warning_messages(problems: list[Problem]) -> tuple[str, ...]:
    """The report's messages of the problems of valid data (all warnings)."""
    return tuple(f"[提醒] {p}" for p in problems)


def parse_item(task: ParseTask) -> ParseOutcome:
    """Read one submission; a DOCX beside its PDF is read too and compared with it."""
    from ..parse import parse_file   # pypdf, pdfplumber (≈130 ms to import): a render batch never reads
    try:
        first = parse_file(Path(task.paths[0]))
        problems = list(first.problems)
        for other in task.paths[1:]:
            problems.extend(_compare(Path(task.paths[0]), Path(other), first.data))
    except Exception as exc:   # noqa: BLE001
        return ParseOutcome(task.item, errors=error_messages(exc))
    return ParseOutcome(task.item, form=first.form, strategy=first.strategy, data=first.data,
                        problems=tuple(problems))


def _compare(first: Path, other: Path, data: dict[str, Any]) -> list[Problem]:
    from ..parse import parse_file
    try:
        second = parse_file(other)
    except ShenbaoError as exc:
        return [Problem("$", "", f"同名文件 {other.name} 无法读取（{exc}），以 {first.name} 为准", "warning")]
    differing = sorted(_differences(_pruned(data), _pruned(second.data)))
    if not differing:
        return []
    shown = "、".join(differing[:8]) + ("等" if len(differing) > 8 else "")
    return [Problem("$", "", f"{first.name} 与同名的 {other.name} 读出的数据不一致（{shown}），以 {first.name} 为准",
                    "warning")]


def _pruned(value: Any) -> Any:
    """The value without empty members: an empty 备注 one reader gives as "" another omits."""
    if isinstance(value, dict):
        kept = {k: _pruned(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_pruned(v) for v in value]
    return value


def _differences(a: Any, b: Any, path: str = "$") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        return [d for key in sorted(set(a) | set(b)) for d in _differences(a.get(key), b.get(key), f"{path}.{key}")]
    return [] if a == b else [path]


def failure(error: BaseException | None, outcome: Any) -> tuple[str, ...] | None:
    """The messages of a task that raised or returned nothing; None when it returned a result."""
    if error is not None:
        return error_messages(error)
    return ("[错误] 没有结果",) if outcome is None else None


def error_messages(exc: BaseException) -> tuple[str, ...]:
    """The Chinese messages for a failed item: each problem of invalid data, the message of any
    other error of ours, and for anything unexpected its type, message and where it happened."""
    if isinstance(exc, DataError):
        return tuple(f"[错误] {p}" for p in exc.problems)
    if isinstance(exc, ShenbaoError):
        return (f"[错误] {exc}",)
    where = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    place = f"（{Path(where[0].filename).name} 第 {where[0].lineno} 行）" if where else ""
    return (f"[错误] 意外错误 {type(exc).__name__}：{exc}{place}",)
