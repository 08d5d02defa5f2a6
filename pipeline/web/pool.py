"""The server's worker processes. A worker that dies (a file that crashes a reader's C code)
breaks a ``ProcessPoolExecutor`` for every task it holds; the pool is then made anew and those
tasks run again one at a time, so only the file that kills its worker fails."""
from __future__ import annotations

import asyncio
import multiprocessing
import threading
from concurrent.futures import Executor, Future, InvalidStateError, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable
from weakref import WeakKeyDictionary

from ..batch.runner import InlineExecutor, stop_workers
from ..errors import ShenbaoError

PRELOADED = ["pipeline.batch.jobs", "pipeline.web.work"]    # imported once by the fork server
STOP_GRACE_S = 1.0          # a broken pool's workers are terminated, then killed after this


class WorkerCrashed(ShenbaoError):
    """The task's worker process died twice while working on it."""

    def __init__(self) -> None:
        super().__init__("处理此文件时工作进程意外退出（文件可能已损坏，或触发了读取库的缺陷），其他文件不受影响")


class WorkerPool:
    def __init__(self, workers: int):
        self.workers = workers           # 0: in the server's own process (tests, small machines)
        self._pool: Executor | None = None
        self._replacing = threading.Lock()
        self._alone = threading.Lock()   # retries run one at a time
        self._in_flight: WeakKeyDictionary[Executor, set[Future[Any]]] = WeakKeyDictionary()

    def executor(self) -> Executor:
        with self._replacing:
            if self._pool is None:
                self._pool = InlineExecutor() if self.workers <= 0 else self._new_pool()
            return self._pool

    def _new_pool(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("forkserver")     # never fork a threaded server
        context.set_forkserver_preload(PRELOADED)
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=context)

    def replace(self, broken: Executor) -> None:
        """Drop a pool a dead worker broke (once, however many tasks saw it break)."""
        with self._replacing:
            if self._pool is broken:
                if isinstance(broken, ProcessPoolExecutor):
                    stop_workers(broken, grace=STOP_GRACE_S)    # no idle worker left waiting
                else:
                    broken.shutdown(wait=False, cancel_futures=True)
                self._pool = None
            _fail_unfinished(self._in_flight.pop(broken, set()))

    def _submit(self, pool: Executor, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        """``pool.submit``, the future remembered until it is done: a task submitted while the
        pool broke is left pending by Python 3.11's pool (its request would wait forever);
        :meth:`replace` fails it, so it is run again like the others."""
        future = pool.submit(fn, *args)
        with self._replacing:
            if self._pool is not pool:          # replaced between the submit and now
                _fail_unfinished({future})
                return future
            futures = self._in_flight.setdefault(pool, set())
            futures.add(future)
        future.add_done_callback(futures.discard)
        return future

    def call_alone(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(*args)`` with no other retry beside it: if its worker dies now, it is the cause."""
        with self._alone:
            pool = self.executor()
            try:
                return self._submit(pool, fn, *args).result()
            except BrokenProcessPool:
                self.replace(pool)
                raise WorkerCrashed() from None

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(*args)`` in a worker, awaited without blocking the server."""
        pool = self.executor()
        try:
            return await asyncio.wrap_future(self._submit(pool, fn, *args))
        except BrokenProcessPool:
            self.replace(pool)
            return await asyncio.to_thread(self.call_alone, fn, *args)

    def close(self) -> None:
        with self._replacing:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None


def _fail_unfinished(futures: set[Future[Any]]) -> None:
    for future in list(futures):
        if not future.done():
            try:
                future.set_exception(BrokenProcessPool("工作进程池已损坏"))
            except InvalidStateError:      # finished meanwhile
                pass
