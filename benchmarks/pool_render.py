"""Fallback batch renderer for bench_batch.py when `shenbao batch render` is not available:
every *.json of DIR rendered by pipeline.api.render_file in a ProcessPoolExecutor.

    python benchmarks/pool_render.py DIR -o OUT [-j N]

Exit code 1 when any input failed (each failure printed on stderr).
"""
from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def _render(args: tuple[str, str]) -> str | None:
    from pipeline.api import render_file
    from pipeline.errors import ShenbaoError
    path, out = args
    try:
        render_file(Path(path), Path(out))
    except ShenbaoError as exc:
        return f"{path}: {exc}"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("input_dir", type=Path)
    parser.add_argument("-o", "--out", type=Path, required=True)
    parser.add_argument("-j", "--jobs", type=int, default=1)
    args = parser.parse_args()
    work = [(str(p), str(args.out)) for p in sorted(args.input_dir.glob("*.json"))]
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        failures = [f for f in pool.map(_render, work, chunksize=1) if f]
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
