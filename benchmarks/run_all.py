"""Run every benchmark and print one Markdown report, ready to paste into the README.

    python benchmarks/run_all.py [--batch 200] [--small 50] [--repeats 3] [--no-libreoffice] [--markdown FILE]

Sections: the machine; the issue's targets next to the figures; start-up and `shenbao render`
as fresh processes against `soffice --convert-to pdf` of the same DOCX; per-document render (DOCX and
PDF separately) for every sample; parse per strategy; the docxtpl + LibreOffice path per 附件2
sample with its ratio to shenbao; batch throughput at -j 1 and -j 2 with peak memory at
``--small`` and ``--batch`` documents and the LibreOffice batch ratio. Progress goes to stderr,
the report to stdout (and to FILE with --markdown). With the defaults it takes about 22 minutes
on 2 cores of an AMD EPYC (most of it the 200-document batches); `--batch 50` takes about 10.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import bench_batch
import bench_libreoffice
import bench_parse
import bench_render
import bench_startup
from common import (
    ROOT,
    TARGET_BATCH_PER_S,
    TARGET_BATCH_RATIO,
    TARGET_IN_PROCESS_S,
    TARGET_PARSE_S,
    TARGET_RENDER_S,
    fmt_s,
    load_average,
    longest_pilot,
    machine_line,
    markdown_table,
)


def code_line() -> str:
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30, check=False).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return ""
    head = git("rev-parse", "--short", "HEAD") or "?"
    dirty = git("status", "--porcelain", "--", "pipeline", "forms", "fonts")
    return f"commit `{head}`" + (" + uncommitted changes in pipeline/ or forms/" if dirty else "")


def targets_table(render, parse, office, batch) -> str:
    star = longest_pilot()
    r = next(x for x in render if x.sample.name == star.name)
    p = next(x for x in parse if x.sample.name == star.name)
    what = f"full 附件2 `{star.name}` ({r.pages} pages, {star.narrative_chars} 字 of narrative), one core"

    def mark(value: float, target: float) -> str:
        return "✅" if value < target else f"❌ missed (×{value / target:.1f})"

    rows = [[f"render DOCX+PDF, {what}", f"**{fmt_s(r.total)}** (PDF {fmt_s(r.pdf)}, DOCX {fmt_s(r.docx)})",
             f"< {fmt_s(TARGET_RENDER_S)} (issue 6); ≤ {fmt_s(TARGET_IN_PROCESS_S)} (issue 11)",
             mark(r.total, TARGET_IN_PROCESS_S)]]
    for strategy in bench_parse.STRATEGIES:
        rows.append([f"parse `--strategy {strategy}`, same document", f"**{fmt_s(p.times[strategy])}**",
                     f"< {fmt_s(TARGET_PARSE_S)}", mark(p.times[strategy], TARGET_PARSE_S)])
    if batch:
        small = bench_batch._find(batch, "shenbao", batch["small"], 2)
        big = bench_batch._find(batch, "shenbao", batch["batch"], 2)
        if small and big:
            growth = big.maxrss_mb / small.maxrss_mb - 1
            rows.append([f"batch peak memory (largest process), {small.docs} → {big.docs} documents at -j 2",
                         f"**{small.maxrss_mb:.0f} MB → {big.maxrss_mb:.0f} MB** ({growth:+.1%})",
                         "flat in the number of documents", "✅" if abs(growth) < 0.10 else "❌ grows"])
    if office:
        o = next((x for x in office if x.sample.name == star.name), None)
        if o:
            rows.append([f"docxtpl + soffice / shenbao, {star.name}", (f"**{o.total / r.total:.2f}×** "
                         f"({fmt_s(o.total)} vs {fmt_s(r.total)})"), "reported", "> 1 means shenbao is faster"])
    if batch:
        for jobs in (1, 2):
            lo = bench_batch._find(batch, "LibreOffice", batch["batch"], jobs)
            ours = bench_batch._find(batch, "shenbao", batch["batch"], jobs)
            if lo and ours and lo.ok and ours.ok:
                ratio = lo.wall / ours.wall
                rows.append([f"docxtpl + soffice / shenbao, batch of {lo.docs} at -j {jobs}",
                             f"**{ratio:.2f}×** ({fmt_s(lo.wall)} vs {fmt_s(ours.wall)})",
                             f"≥ {TARGET_BATCH_RATIO:.0f}× at -j 2 (issue 11)" if jobs == 2 else "reported",
                             ("✅" if ratio >= TARGET_BATCH_RATIO else f"❌ missed ({ratio:.1f}×)") if jobs == 2 else ""])
        ours = bench_batch._find(batch, "shenbao", batch["batch"], 2)
        if ours and ours.ok:
            rate = ours.docs / ours.wall
            rows.append([f"`shenbao batch render` of {ours.docs} at -j 2", f"**{rate:.1f} documents/s**",
                         f"≥ {TARGET_BATCH_PER_S:.0f} documents/s (issue 11)",
                         "✅" if rate >= TARGET_BATCH_PER_S else f"❌ missed ({rate:.1f})"])
    return markdown_table(["figure", "measured", "target", ""], rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batch", type=int, default=200, help="documents in the batch runs (default 200)")
    parser.add_argument("--small", type=int, default=50, help="documents in the small memory run (default 50)")
    parser.add_argument("--repeats", type=int, default=3, help="timed repeats per document, after a warm-up (default 3)")
    parser.add_argument("--no-libreoffice", action="store_true", help="skip the docxtpl + soffice comparison")
    parser.add_argument("--markdown", type=Path, help="also write the report to this file")
    args = parser.parse_args()
    log = lambda m: print(m, file=sys.stderr, flush=True)
    started, load_start = time.perf_counter(), load_average()
    code_start = code_line()
    command = "python benchmarks/run_all.py" + "".join(
        f" --{k} {v}" for k, v in (("batch", args.batch), ("small", args.small), ("repeats", args.repeats)))
    if args.no_libreoffice:
        command += " --no-libreoffice"

    log("the command in fresh processes, against soffice …")
    startup = bench_startup.run(max(args.repeats, 5), progress=log)
    log("render per document …")
    render = bench_render.run(args.repeats, progress=log)
    log("parse per document …")
    parse = bench_parse.run(args.repeats, progress=log)
    office = None
    if not args.no_libreoffice and bench_libreoffice.soffice_available():
        log("docxtpl + LibreOffice per document …")
        office = bench_libreoffice.run(args.repeats, progress=log)
    log("batches …")
    batch = bench_batch.run(args.batch, args.small, office is not None, progress=log)
    minutes = (time.perf_counter() - started) / 60

    ours = {r.sample.name: r.total for r in render}
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    out = [
        f"**Machine:** {machine_line()}",
        "",
        (f"**Code:** {code_line() if code_line() == code_start else code_start + ' at the start, ' + code_line() + ' at the end'} · measured {when} · load average (1/5/15 min) {load_start} at the start, "
        f"{load_average()} at the end · the whole run took {minutes:.1f} min"),
        "",
        f"**Reproduce:** `{command}`",
        "",
        "### Targets",
        "",
        targets_table(render, parse, office, batch),
        "",
        f"### The command as a user runs it (fresh processes, median of {max(args.repeats, 5)} after a warm-up)",
        "",
        bench_startup.table(startup),
        "",
        f"### Render, per document (median of {args.repeats} after a warm-up, one process)",
        "",
        ("`document model` is build_document (shared by both); `PDF` is render_pdf + the embedded data; "
        "`DOCX` is render_docx (it takes the PDF's TOC page numbers). ★ = the full 附件2 with the longest narrative."),
        "",
        bench_render.table(render),
        "",
        f"### Parse, per document (median of {args.repeats} after a warm-up, one process; validation included)",
        "",
        bench_parse.table(parse),
        "",
    ]
    if office is not None:
        out += [
            f"### The way people do it today: docxtpl + LibreOffice, per document (median of {args.repeats})",
            "",
            ("benchmarks/templates/pilot-2020.docx (from benchmarks/make_template.py) filled with docxtpl, then "
            "`soffice --headless --convert-to pdf` — one soffice process per document, warm profile."),
            "",
            bench_libreoffice.table(office, ours),
            "",
        ]
    out += [
        f"### Batch: {args.batch} applications (pilot-2020 samples, renamed and validated)",
        "",
        (f"Run by: {batch['path']}. Each run is a fresh process; wall time includes start-up; peak RSS is the "
        "largest single process (getrusage RUSAGE_CHILDREN). The LibreOffice batch fills the template and runs "
        "one soffice over all of a worker's files (its cheapest way), one soffice per worker."),
        "",
        bench_batch.table(batch),
        "",
        bench_batch.memory_line(batch),
    ]
    report = "\n".join(out) + "\n"
    print(report)
    if args.markdown:
        args.markdown.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
