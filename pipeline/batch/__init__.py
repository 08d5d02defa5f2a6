"""Batch runs: many inputs rendered, or many submissions read, in parallel on any
``concurrent.futures``-style executor (local processes, threads, a Dask cluster), resumable,
with a report per item; reading also yields summary.xlsx and the 附件3 推荐汇总表."""
from __future__ import annotations

from .parsing import batch_parse
from .rendering import batch_render
from .report import BatchResult, ItemReport
from .runner import InlineExecutor, open_executor, run_tasks

__all__ = ["BatchResult", "InlineExecutor", "ItemReport", "batch_parse", "batch_render", "open_executor",
           "run_tasks"]
