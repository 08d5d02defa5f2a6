"""Parse time per document for each strategy, for every sample in inputs/.

    python benchmarks/bench_parse.py [--repeats 3]

Each sample is rendered once; then `pipeline.parse.parse_file` reads back
- embedded: the PDF as rendered (its embedded data, checked against hash and visible text),
- layout:   the same PDF with the embedded data stripped (as tests/test_parse.py does),
- docx:     the DOCX.
Median of ``--repeats`` runs after one warm-up, in this one process (one core). The time
includes the validation parse_file runs on what it read. A strategy that falls back to another
or gives an invalid result is flagged.
"""
from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.embedded import strip_embedded

from common import (
    TARGET_PARSE_S,
    Sample,
    fmt_s,
    longest_pilot,
    markdown_table,
    median_time,
    per_document_main,
    samples,
    verdict,
)

STRATEGIES = ("embedded", "layout", "docx")


@dataclass
class ParseTiming:
    sample: Sample
    times: dict[str, float]
    notes: list[str] = field(default_factory=list)


def time_sample(sample: Sample, repeats: int, tmp: Path) -> ParseTiming:
    from pipeline.loader import load_form
    from pipeline.parse import parse_file
    from pipeline.render import render_form

    rendered = render_form(load_form(sample.form), sample.data, base_dir=sample.path.parent)
    files = {"embedded": tmp / f"{sample.name}.pdf", "layout": tmp / f"{sample.name}-stripped.pdf",
             "docx": tmp / f"{sample.name}.docx"}
    files["embedded"].write_bytes(rendered.pdf)
    files["layout"].write_bytes(strip_embedded(rendered.pdf))
    files["docx"].write_bytes(rendered.docx)
    times, notes = {}, []
    for strategy in STRATEGIES:
        result = parse_file(files[strategy], form_id=None, strategy=strategy)
        if result.strategy != strategy:
            notes.append(f"{strategy}: read by {result.strategy}")
        if not result.valid:
            notes.append(f"{strategy}: result does not validate")
        times[strategy] = median_time(lambda s=strategy: parse_file(files[s], strategy=s), repeats, warmup=0)
    return ParseTiming(sample, times, notes)


def run(repeats: int = 3, progress=print) -> list[ParseTiming]:
    out = []
    with tempfile.TemporaryDirectory(prefix="shenbao-bench-parse-") as tmp:
        for sample in samples():
            progress(f"  parse {sample.name} …")
            out.append(time_sample(sample, repeats, Path(tmp)))
    return out


def table(results: list[ParseTiming]) -> str:
    star = longest_pilot().name
    rows = []
    for r in results:
        mark = " ★" if r.sample.name == star else ""
        target = ""
        if r.sample.form == "pilot-2020":
            worst = max(r.times[s] for s in ("embedded", "layout"))
            target = verdict(worst, TARGET_PARSE_S) + " (slowest PDF strategy)"
        rows.append([f"`{r.sample.name}`{mark}", *(fmt_s(r.times[s]) for s in STRATEGIES), target,
                     "; ".join(r.notes)])
    return markdown_table(["sample", "embedded (PDF)", "layout (PDF, data stripped)", "docx", "target (附件2)",
                           "notes"], rows)


def headline(results: list[ParseTiming]) -> str:
    star = longest_pilot().name
    r = next(r for r in results if r.sample.name == star)
    parts = [f"{s} {fmt_s(r.times[s])} ({'✅' if r.times[s] < TARGET_PARSE_S else '❌'})" for s in STRATEGIES]
    return f"Parse of the full 附件2 `{star}`: " + ", ".join(parts) + f" — target {fmt_s(TARGET_PARSE_S)}"


def main() -> int:
    return per_document_main(__doc__, run, table, headline, repeats=3)


if __name__ == "__main__":
    sys.exit(main())
