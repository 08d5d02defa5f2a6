"""The command as a user runs it, in fresh processes, against LibreOffice on the same document.

- `shenbao --help`, `shenbao forms`: start-up (nothing heavy is imported for them);
- `shenbao render <full 附件2> -o DIR`: validate, DOCX, PDF with embedded data, written;
- `soffice --headless --convert-to pdf` of that DOCX, warm profile: what it replaces.

Each is run ``repeats`` times after one warm-up (the OS file cache and LibreOffice's profile
are warm, as on a desk); the median wall time is reported, and the ratio of the two in this run.

    python benchmarks/bench_startup.py [--repeats 7]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench_libreoffice import soffice_available, soffice_command
from common import INPUTS, fmt_s, load_average, markdown_table

SAMPLE = INPUTS / "pilot-2020-region.json"
TARGET_START_S = 0.15
TARGET_RENDER_S = 0.5
TARGET_RATIO = 4.0


@dataclass
class StartupTimings:
    help: float
    forms: float
    render: float
    soffice: float | None
    load_before: str
    load_after: str

    @property
    def ratio(self) -> float | None:
        return self.soffice / self.render if self.soffice else None


def _shenbao() -> str:
    return str(Path(sys.executable).with_name("shenbao"))


def wall(cmd: list[str], repeats: int) -> float:
    times = []
    for i in range(repeats + 1):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        if i:                       # the first run warms the file cache
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(repeats: int = 7, progress=print) -> StartupTimings:
    before = load_average()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        progress("  shenbao --help, forms …")
        help_s = wall([_shenbao(), "--help"], repeats)
        forms_s = wall([_shenbao(), "forms"], repeats)
        progress("  shenbao render (fresh process) …")
        render_s = wall([_shenbao(), "render", str(SAMPLE), "-o", str(out / "ours")], repeats)
        soffice_s = None
        if soffice_available():
            progress("  soffice --convert-to pdf of its DOCX …")
            docx = next((out / "ours").glob("*.docx"))
            source = out / "doc.docx"
            shutil.copy(docx, source)
            soffice_s = wall(soffice_command(out / "profile", out / "lo", [source]), repeats)
    return StartupTimings(help_s, forms_s, render_s, soffice_s, before, load_average())


def table(t: StartupTimings) -> str:
    def mark(ok: bool) -> str:
        return "✅" if ok else "❌"
    rows = [
        ["`shenbao --help`", f"**{fmt_s(t.help)}**", f"< {fmt_s(TARGET_START_S)}", mark(t.help < TARGET_START_S)],
        ["`shenbao forms`", f"**{fmt_s(t.forms)}**", f"< {fmt_s(TARGET_START_S)}", mark(t.forms < TARGET_START_S)],
        [f"`shenbao render {SAMPLE.name} -o DIR` (fresh process)", f"**{fmt_s(t.render)}**",
         f"≤ {fmt_s(TARGET_RENDER_S)}", mark(t.render <= TARGET_RENDER_S)],
    ]
    if t.soffice is not None:
        rows.append(["`soffice --headless --convert-to pdf` of its DOCX", f"**{fmt_s(t.soffice)}**", "", ""])
        rows.append(["ratio LibreOffice ÷ shenbao", f"**{t.ratio:.1f}×**", f"≥ {TARGET_RATIO:.0f}× (aim 10×)",
                     mark(t.ratio >= TARGET_RATIO)])
    note = f"\nLoad average {t.load_before} at the start, {t.load_after} at the end (2 cores shared)."
    return markdown_table(["fresh process, median wall time", "measured", "target (issue 11)", ""], rows) + note


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    print(table(run(args.repeats, progress=lambda m: print(m, file=sys.stderr, flush=True))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
