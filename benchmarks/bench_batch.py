"""Batch throughput and peak memory, shenbao against the docxtpl + LibreOffice path.

    python benchmarks/bench_batch.py [--batch 200] [--small 50] [--no-libreoffice]

``--batch`` applications (default 200) are generated from the pilot-2020 samples in turn, each
unit renamed with a counter and validated (common.varied_inputs), into a temporary folder. Then,
each in a fresh process under benchmarks/measure.py (wall time; max RSS by getrusage
RUSAGE_CHILDREN, i.e. the largest single process — the CLI or one of its workers):
- `shenbao batch render DIR -o OUT -j 1` and `-j 2` on the ``--batch`` inputs, and `-j 2` on
  ``--small`` of them, to show peak memory does not grow with the number of documents. Where
  `shenbao batch` does not exist, benchmarks/pool_render.py (a ProcessPoolExecutor over
  pipeline.api.render_file) stands in, and the table says so;
- benchmarks/lo_batch.py -j 1 and -j 2: the docxtpl template filled and converted by soffice
  (one soffice call per worker over all its files, each worker its own profile, warmed up first).
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from common import (
    HERE,
    fmt_s,
    load_average,
    markdown_table,
    measure_command,
    varied_inputs,
)


@dataclass
class BatchRun:
    tool: str               # "shenbao" | "LibreOffice"
    path: str               # how it was run
    docs: int
    jobs: int
    wall: float
    maxrss_mb: float
    ok: bool
    note: str = ""

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.wall


def shenbao_executable() -> list[str]:
    beside = Path(sys.executable).parent / "shenbao"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("shenbao")
    return [found] if found else [sys.executable, "-c", "import sys; from pipeline.cli import main; sys.exit(main())"]


def batch_command_available() -> bool:
    """`shenbao batch render` exists and takes -j."""
    try:
        proc = subprocess.run([*shenbao_executable(), "batch", "render", "--help"], capture_output=True,
                              text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return proc.returncode == 0 and "-j" in proc.stdout


def render_command(in_dir: Path, out_dir: Path, jobs: int, use_cli: bool) -> list[str]:
    if use_cli:
        return [*shenbao_executable(), "batch", "render", str(in_dir), "-o", str(out_dir), "-j", str(jobs)]
    return [sys.executable, str(HERE / "pool_render.py"), str(in_dir), "-o", str(out_dir), "-j", str(jobs)]


def _count_pdfs(out_dir: Path) -> int:
    return sum(1 for _ in out_dir.rglob("*.pdf")) if out_dir.exists() else 0


def run(batch: int = 200, small: int = 50, libreoffice: bool = True, progress=print) -> dict:
    use_cli = batch_command_available()
    path = ("`shenbao batch render DIR -o OUT -j N`" if use_cli
            else "ProcessPoolExecutor over pipeline.api.render_file (benchmarks/pool_render.py): "
                 "`shenbao batch` was not available")
    progress(f"  batch path: {path}")
    runs: list[BatchRun] = []
    loads = [load_average()]
    with tempfile.TemporaryDirectory(prefix="shenbao-bench-batch-") as tmp_name:
        tmp = Path(tmp_name)
        big_in = tmp / f"in-{batch}"
        small_in = tmp / f"in-{small}"
        progress(f"  generating {batch} + {small} validated inputs …")
        varied_inputs(batch, big_in)
        varied_inputs(small, small_in)

        plan = [(small_in, small, 2), (big_in, batch, 1), (big_in, batch, 2)]
        for in_dir, docs, jobs in plan:
            out = tmp / f"out-shenbao-{docs}-j{jobs}"
            progress(f"  shenbao: {docs} documents at -j {jobs} …")
            m = measure_command(render_command(in_dir, out, jobs, use_cli))
            pdfs = _count_pdfs(out)
            ok = m["returncode"] == 0 and pdfs >= docs
            note = "" if ok else f"exit {m['returncode']}, {pdfs} PDFs; " + " / ".join(m["stderr_tail"][-2:])
            runs.append(BatchRun("shenbao", "cli" if use_cli else "pool", docs, jobs, m["wall_s"],
                                 m["maxrss_mb"], ok, note))
            loads.append(load_average())

        if libreoffice and shutil.which("soffice"):
            profiles = tmp / "lo-profiles"
            warm_in = tmp / "in-warm"
            varied_inputs(2, warm_in)
            progress("  LibreOffice: warming up the profiles …")
            measure_command([sys.executable, str(HERE / "lo_batch.py"), str(warm_in), "-o", str(tmp / "out-lo-warm"),
                             "-j", "2", "--profiles", str(profiles)])
            for jobs in (1, 2):
                out = tmp / f"out-lo-{batch}-j{jobs}"
                progress(f"  docxtpl + soffice: {batch} documents with {jobs} worker(s) …")
                m = measure_command([sys.executable, str(HERE / "lo_batch.py"), str(big_in), "-o", str(out),
                                     "-j", str(jobs), "--profiles", str(profiles)])
                pdfs = len(list((out / "pdf").glob("*.pdf"))) if (out / "pdf").exists() else 0
                ok = m["returncode"] == 0 and pdfs == batch
                note = "" if ok else f"exit {m['returncode']}, {pdfs} PDFs; " + " / ".join(m["stderr_tail"][-2:])
                runs.append(BatchRun("LibreOffice", "docxtpl+soffice", batch, jobs, m["wall_s"], m["maxrss_mb"],
                                     ok, note))
                loads.append(load_average())
    return {"path": path, "use_cli": use_cli, "runs": runs, "batch": batch, "small": small, "loads": loads}


def _find(result: dict, tool: str, docs: int, jobs: int) -> BatchRun | None:
    return next((r for r in result["runs"] if r.tool == tool and r.docs == docs and r.jobs == jobs), None)


def table(result: dict) -> str:
    rows = []
    for r in result["runs"]:
        ratio = ""
        if r.tool == "LibreOffice":
            ours = _find(result, "shenbao", r.docs, r.jobs)
            if ours and ours.ok and r.ok:
                ratio = f"**{r.wall / ours.wall:.2f}×**"
        tool = "shenbao" if r.tool == "shenbao" else "docxtpl + soffice"
        rows.append([tool, r.docs, r.jobs, fmt_s(r.wall), f"{r.docs_per_s:.2f}", fmt_s(r.wall / r.docs),
                     f"{r.maxrss_mb:.0f} MB", ratio, "ok" if r.ok else f"**failed**: {r.note}"])
    return markdown_table(["batch", "documents", "-j", "wall", "documents/s", "per document", "peak RSS (largest process)",
                           "ratio LO / shenbao", "status"], rows)


def memory_line(result: dict) -> str:
    small = _find(result, "shenbao", result["small"], 2)
    big = _find(result, "shenbao", result["batch"], 2)
    if not (small and big):
        return ""
    growth = big.maxrss_mb / small.maxrss_mb - 1
    flat = "flat ✅" if abs(growth) < 0.10 else f"grows ❌ ({growth:+.0%})"
    return (f"Peak memory at -j 2: {small.maxrss_mb:.0f} MB for {small.docs} documents, {big.maxrss_mb:.0f} MB for "
            f"{big.docs} ({growth:+.1%}) — target flat in the number of documents: {flat}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batch", type=int, default=200, help="documents in the throughput runs (default 200)")
    parser.add_argument("--small", type=int, default=50, help="documents in the small memory run (default 50)")
    parser.add_argument("--no-libreoffice", action="store_true")
    args = parser.parse_args()
    result = run(args.batch, args.small, not args.no_libreoffice, progress=lambda m: print(m, file=sys.stderr))
    print(f"Batch path: {result['path']}")
    print()
    print(table(result))
    print()
    print(memory_line(result))
    print(f"Load average before/after each run: {' → '.join(result['loads'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
