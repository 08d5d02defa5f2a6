"""Work that kills its worker process, as a file that crashes a reader's C code would: for the
tests of the web workbench's worker pool (top-level functions, so a worker can run them)."""
from __future__ import annotations

import os

from pipeline.batch.jobs import ParseOutcome, ParseTask, parse_item

DEADLY = "致命"


def echo_or_die(value: str) -> str:
    if value == DEADLY:
        os._exit(1)
    return value


def parse_or_die(task: ParseTask) -> ParseOutcome:
    if DEADLY in task.item:
        os._exit(1)
    return parse_item(task)
