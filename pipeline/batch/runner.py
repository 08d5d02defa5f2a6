"""Running one function over many tasks on any ``concurrent.futures``-style executor.

The runner only needs ``executor.submit(fn, task)`` returning a ``concurrent.futures.Future``:
a ``ProcessPoolExecutor``, a ``ThreadPoolExecutor``, the executor of a Dask ``distributed.Client``
(``client.get_executor()``) or :class:`InlineExecutor`. At most ``window`` tasks are in flight, so
the results held at any time (rendered documents) do not grow with the number of tasks.
"""
from __future__ import annotations

import os
import signal
import sys
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Generic, Iterable, Iterator, TypeVar

from ..errors import UsageError

T = TypeVar("T")
R = TypeVar("R")

DASK_SCHEME = "dask://"


@dataclass(frozen=True)
class Completed(Generic[T, R]):
    """One task's end: its result, or the exception the executor raised for it."""

    task: T
    result: R | None = None
    error: BaseException | None = None


class InlineExecutor(Executor):
    """Runs each task at once in this process (``-j 1``: no worker start-up, no pickling)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:   # noqa: BLE001 — handed to the caller through the future
            future.set_exception(exc)
        return future


def run_tasks(fn: Callable[[T], R], tasks: Iterable[T], executor: Any, window: int = 8) -> Iterator[Completed[T, R]]:
    """Submit ``fn(task)`` for every task, keeping at most ``window`` in flight, and yield each
    as it completes. An exception raised by the task, by the executor (a worker that died) or
    by ``submit`` itself is yielded with its task, never raised, so the other tasks go on."""
    window = max(1, window)
    pending: dict[Future, T] = {}
    source = iter(tasks)
    exhausted = False
    while True:
        while not exhausted and len(pending) < window:
            task = next(source, _END)
            if task is _END:
                exhausted = True
                break
            try:
                pending[executor.submit(fn, task)] = task
            except Exception as exc:   # noqa: BLE001 — e.g. a shut-down pool or a lost scheduler
                yield Completed(task, error=exc)
        if not pending:
            return
        done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
        for future in done:
            task = pending.pop(future)
            yield _completed(task, future)


_END: Any = object()


def _completed(task: T, future: Future) -> Completed:
    try:
        return Completed(task, result=future.result())
    except Exception as exc:   # noqa: BLE001
        return Completed(task, error=exc)


def default_jobs() -> int:
    return os.cpu_count() or 1


@contextmanager
def open_executor(jobs: int | None = None, address: str | None = None) -> Iterator[tuple[Any, int]]:
    """The executor the options ask for and how many tasks to keep in flight: a Dask cluster
    for ``dask://HOST:PORT``, else ``jobs`` local processes (one: in this process)."""
    if address:
        with _dask_executor(address) as pair:
            yield pair
        return
    jobs = jobs or default_jobs()
    if jobs < 1:
        raise UsageError(f"-j 必须是正整数，实际为 {jobs}")
    if jobs == 1:
        yield InlineExecutor(), 1
        return
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=ignore_interrupts)
    try:
        yield pool, 2 * jobs
    except BaseException:
        stop_workers(pool)          # Ctrl-C or any error: do not wait for the tasks in flight
        raise
    pool.shutdown(wait=True, cancel_futures=True)


def ignore_interrupts() -> None:
    """In a worker: Ctrl-C reaches the whole process group; only the main process acts on it
    (a worker interrupted inside the pool's queue lock left the pool hanging)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def stop_workers(pool: ProcessPoolExecutor, grace: float = 3.0) -> None:
    """Cancel what has not started and end the worker processes now (terminate, then kill).

    The pool's own table of processes is kept across its shutdown (which drops it), so that a
    worker a submit still in flight starts is ended too: Python 3.11 can start one while a pool
    breaks, after it has terminated the others, and then waits for it forever at exit."""
    table = getattr(pool, "_processes", None) or {}
    pool.shutdown(wait=False, cancel_futures=True)     # waits for a submit in flight
    processes = list(table.values())
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(grace)
        if process.is_alive():
            process.kill()
            process.join(grace)


@contextmanager
def _dask_executor(address: str) -> Iterator[tuple[Any, int]]:
    if not address.startswith(DASK_SCHEME):
        raise UsageError(f"--executor 应写作 {DASK_SCHEME}HOST:PORT，实际为“{address}”")
    try:
        from distributed import Client
    except ImportError:
        raise UsageError("使用 --executor dask://… 需要安装 shenbao[dask]（pip install 'shenbao[dask]'）") from None
    target = "tcp://" + address[len(DASK_SCHEME):]
    try:
        client = Client(target, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise UsageError(f"无法连接 Dask 调度器 {target}：{exc}") from exc
    try:
        threads = sum(client.nthreads().values()) or 1
        yield client.get_executor(), 2 * threads
    finally:
        client.close()


def progress_bar(items: Iterable[T], total: int, description: str, enabled: bool) -> Iterable[T]:
    """A tqdm bar on stderr when ``enabled`` (the CLI enables it only on a terminal)."""
    if not enabled:
        return items
    from tqdm import tqdm
    return tqdm(items, total=total, desc=description, unit="份", file=sys.stderr, leave=False)


@contextmanager
def progress_ticks(total: int, description: str, enabled: bool) -> Iterator[Callable[[], None]]:
    """A function that moves a tqdm bar of ``total`` on stderr one step (each item, as it is
    done), when ``enabled``; one that does nothing otherwise."""
    if not enabled:
        yield lambda: None
        return
    from tqdm import tqdm
    with tqdm(total=total, desc=description, unit="份", file=sys.stderr, leave=False) as bar:
        yield lambda: bar.update(1)
