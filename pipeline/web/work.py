"""The work of one uploaded file, as top-level functions of picklable arguments: they run in
the app's worker processes, so a file that crashes its reader fails alone."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..batch.jobs import error_messages
from ..check import check_bytes
from ..files import read_bytes
from .pages import find_marks, page_images

PAGES_SHOWN = 6         # page images of one checked PDF at most (the first pages with findings)
PAGE_SCALE = 1.5        # 108 dpi: sharp at 380 px wide, readable when clicked to full width


@dataclass(frozen=True)
class CheckTask:
    name: str           # as the user named the file
    path: str           # our own name in the request's folder


def check_item(task: CheckTask) -> dict[str, Any]:
    """The checker's report of one file as the page shows it; a PDF's findings carry the place
    on the page (``mark``) and the pages with findings come as images."""
    try:
        content = read_bytes(Path(task.path))
        report = check_bytes(content, task.name)
        result: dict[str, Any] = {**report.as_dict(), "kind": report.kind, "pages": []}
        if report.kind == "pdf":
            _add_marks(result, content)
        return result
    except Exception as exc:   # noqa: BLE001 — every failure becomes this file's message
        return {"file": task.name, "error": "；".join(clean_message(m, task) for m in error_messages(exc))}


def _add_marks(result: dict[str, Any], content: bytes) -> None:
    findings = result["findings"]
    marks = find_marks(content, [f["location"] for f in findings])
    for finding, mark in zip(findings, marks):
        finding["mark"] = mark.as_dict() if mark else None
    wanted = sorted({m.page for m in marks if m})
    result["pages"] = [{"number": n, "image": url} for n, url in page_images(content, wanted[:PAGES_SHOWN], PAGE_SCALE)]
    result["pages_left_out"] = max(0, len(wanted) - PAGES_SHOWN)


def clean_message(message: str, task: CheckTask) -> str:
    """A message as the user reads it: their file name for our temporary path, no tag."""
    return message.removeprefix("[错误] ").replace(task.path, task.name)
