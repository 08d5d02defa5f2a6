"""Shared helpers of the benchmark scripts: samples, timing, tables, the machine line."""
from __future__ import annotations

import copy
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "benchmarks"
# Fresh processes run as on a user's machine: Python keeps compiled modules (__pycache__). A shell
# that sets PYTHONDONTWRITEBYTECODE would make every start compile the changed modules again.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
INPUTS = ROOT / "inputs"

# The targets (issue 6, item 4): a full 附件2 with several pages of narrative, one core.
TARGET_RENDER_S = 0.5     # DOCX + PDF
TARGET_PARSE_S = 0.5
# Issue 11: one full 附件2 in one process; a batch of 200 at -j 2, and against the LibreOffice batch.
TARGET_IN_PROCESS_S = 0.060
TARGET_BATCH_PER_S = 15.0
TARGET_BATCH_RATIO = 10.0

LIBRARIES = ("reportlab", "fastjsonschema", "python-docx", "pypdf", "pdfplumber", "jsonschema", "docxtpl", "lxml")


# ---- samples ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Sample:
    path: Path
    form: str
    data: dict[str, Any]
    narrative_chars: int          # 字数 of all long-text fields, counted as Word does

    @property
    def name(self) -> str:
        return self.path.stem


def samples(form: str | None = None) -> list[Sample]:
    from pipeline.data import get_value
    from pipeline.files import load_input
    from pipeline.model import FieldType
    from pipeline.text import word_count
    out = []
    for path in sorted(INPUTS.glob("*.json")):
        spec, data = load_input(path)
        if form and spec.id != form:
            continue
        chars = sum(word_count(str(get_value(data, f.key) or "")) for f in spec.fields
                    if f.type is FieldType.LONGTEXT)
        out.append(Sample(path, spec.id, data, chars))
    return out


def longest_pilot() -> Sample:
    """The full 附件2 sample with the longest narrative — the one the targets are about."""
    return max(samples("pilot-2020"), key=lambda s: s.narrative_chars)


def varied_inputs(count: int, out_dir: Path, form: str = "pilot-2020") -> list[Path]:
    """``count`` valid inputs made from the form's samples in turn, each unit renamed with a
    counter (so every output file name differs). Each one is validated before it is written."""
    from pipeline.loader import load_form
    from pipeline.validate import validate
    out_dir.mkdir(parents=True, exist_ok=True)
    base = samples(form)
    spec = load_form(form)
    paths = []
    for i in range(count):
        sample = base[i % len(base)]
        data = copy.deepcopy(sample.data)
        data["unit"]["name"] = f"{data['unit']['name']}{i + 1:03d}"
        errors = [p for p in validate(spec, data, base_dir=INPUTS) if p.severity == "error"]
        if errors:
            raise SystemExit(f"generated input {i + 1} does not validate: {errors[0]}")
        path = out_dir / f"{i + 1:04d}-{sample.name}.json"
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        paths.append(path)
    return paths


# ---- timing -----------------------------------------------------------------------------------

def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def median_time(fn: Callable[[], Any], repeats: int, warmup: int = 1) -> float:
    """Median wall time of ``repeats`` calls after ``warmup`` untimed ones."""
    for _ in range(warmup):
        fn()
    return statistics.median(timed(fn)[0] for _ in range(repeats))


def measure_command(cmd: list[str], cwd: Path | None = None) -> dict[str, Any]:
    """Run ``cmd`` under benchmarks/measure.py in a fresh process, so that its wall time and
    the max RSS of it and its reaped children (getrusage RUSAGE_CHILDREN) are its own."""
    wrapper = [sys.executable, str(HERE / "measure.py"), "--", *cmd]
    proc = subprocess.run(wrapper, cwd=cwd, capture_output=True, text=True, check=False)
    try:
        result = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        raise SystemExit(f"measure.py failed for {cmd}:\n{proc.stdout}\n{proc.stderr}") from None
    return result


# ---- output -----------------------------------------------------------------------------------

def fmt_s(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def verdict(value: float, target: float) -> str:
    return f"✅ < {fmt_s(target)}" if value < target else f"❌ > {fmt_s(target)} (×{value / target:.1f})"


def markdown_table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def soffice_version() -> str | None:
    try:
        out = subprocess.run(["soffice", "--version"], capture_output=True, text=True, timeout=60, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    return " ".join(out.split()[:2]) or None


def machine_line() -> str:
    libs = []
    for name in LIBRARIES:
        try:
            libs.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pass
    office = soffice_version()
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    parts = [f"CPU: {cpu_model()} × {os.cpu_count()} cores", f"{mem_gb:.0f} GiB RAM",
             f"{platform.system()} {platform.release()}", f"Python {platform.python_version()}",
             ", ".join(libs)]
    if office:
        parts.append(office)
    return " · ".join(parts)


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def per_document_main(description: str, run: Callable[..., Any], table: Callable[[Any], str],
                      headline: Callable[[Any], str], repeats: int) -> int:
    """The command line of a per-document benchmark: --repeats, then its table and headline."""
    import argparse
    parser = argparse.ArgumentParser(description=description.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=repeats)
    args = parser.parse_args()
    results = run(args.repeats, progress=lambda m: print(m, file=sys.stderr))
    print(table(results))
    print()
    print(headline(results))
    return 0
