"""What `shenbao batch render` costs per document besides rendering it.

    python benchmarks/bench_batch_overhead.py [--batch 200] [--repeats 3]

``--batch`` valid 附件2 inputs (common.varied_inputs) go through ``batch_render`` in this process,
with ``render_form`` replaced by a document rendered once before (named after each input, so
every output file differs): what is left is reading, validating and planning the inputs, the
manifest, writing the files and the report. Each task and its result are pickled both ways, as a
process pool would. Then the same batch again, every input up to date (all skipped). Median of
``--repeats`` runs, each into a fresh folder.
"""
from __future__ import annotations

import argparse
import pickle
import statistics
import sys
import tempfile
import time
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

from common import markdown_table, varied_inputs


class PicklingExecutor:
    """Runs each task at once in this process, the task and its result pickled both ways."""

    def submit(self, fn: Callable[[Any], Any], task: Any) -> Future:
        future: Future = Future()
        future.set_result(pickle.loads(pickle.dumps(fn(pickle.loads(pickle.dumps(task))))))
        return future


def _render_once(in_dir: Path) -> Callable[..., Any]:
    """A stand-in for render_form: the first input's documents, named as each input's would be."""
    from pipeline.files import load_input
    from pipeline.render import output_folder, output_stem, render_form
    spec, data = load_input(sorted(in_dir.glob("*.json"))[0])
    rendered = render_form(spec, data, base_dir=in_dir)

    def stand_in(spec: Any, data: Any, base_dir: Path | None = None) -> Any:
        return replace(rendered, stem=output_stem(spec, data), folder=output_folder(spec, data))
    return stand_in


def run(batch: int = 200, repeats: int = 3) -> dict[str, float]:
    from pipeline.batch import batch_render, jobs
    first, again = [], []
    with tempfile.TemporaryDirectory(prefix="shenbao-bench-overhead-") as tmp_name:
        tmp = Path(tmp_name)
        in_dir = tmp / "in"
        varied_inputs(batch, in_dir)
        jobs.render_form = _render_once(in_dir)
        for n in range(repeats):
            out = tmp / f"out-{n}"
            for times, status in ((first, "ok"), (again, "skipped")):
                start = time.perf_counter()
                result = batch_render([in_dir], out, PicklingExecutor(), 4)
                times.append((time.perf_counter() - start) / batch)
                assert all(item.status == status for item in result.items), status
    return {"batch": batch, "first": statistics.median(first), "again": statistics.median(again)}


def table(result: dict[str, float]) -> str:
    return markdown_table(["run", "documents", "per document, besides rendering"],
                          [["first (all rendered)", result["batch"], f"{result['first'] * 1000:.2f} ms"],
                           ["again (all up to date)", result["batch"], f"{result['again'] * 1000:.2f} ms"]])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(table(run(args.batch, args.repeats)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
