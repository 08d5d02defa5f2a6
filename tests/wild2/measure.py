"""How well parse and check do on the second corpus.

    python -m tests.wild2.measure [--no-pdf] [-v]

Per form and format: fields recovered, wrong (read but different, or read where the document
has none) and missing; then `check` on the compliant documents: every content finding there is a
false positive.
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.check import check_bytes
from pipeline.loader import load_form
from pipeline.parse import parse_file

from ..readback import canonical, flatten, same_but_for_the_pdf
from .corpus import CorpusFile, ensure_corpus, load_corpus

CONTENT_FAMILIES = ("required-section", "required-field", "word-limit", "checkbox", "data-table")


@dataclass
class Score:
    total: int = 0
    recovered: int = 0
    wrong: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        self.total += other.total
        self.recovered += other.recovered
        self.wrong += other.wrong
        self.missing += other.missing
        self.failures += other.failures


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) < 70 else text[:67] + "…"


def score(name: str, fmt: str, form: str, expected: dict[str, Any], got: dict[str, Any]) -> Score:
    spec = load_form(form)
    want, have = flatten(canonical(spec, expected)), flatten(canonical(spec, got))
    want.pop("form", None)
    have.pop("form", None)
    result = Score(total=len(want))
    for path, value in want.items():
        if path not in have:
            result.missing.append(f"{name} [{fmt}] {path}: expected {_short(value)}")
        elif _same(value, have[path]) or (fmt == "pdf" and same_but_for_the_pdf(value, have[path])):
            result.recovered += 1
        else:
            result.wrong.append(f"{name} [{fmt}] {path}: expected {_short(value)}, got {_short(have[path])}")
    for path, value in have.items():
        if path not in want:
            result.wrong.append(f"{name} [{fmt}] {path}: expected nothing, got {_short(value)}")
    return result


def _same(a: Any, b: Any) -> bool:
    numbers = (int, float)
    if isinstance(a, numbers) and isinstance(b, numbers) and not isinstance(a, bool) and not isinstance(b, bool):
        return float(a) == float(b)
    return a == b


def parse_score(item: CorpusFile, fmt: str, path: Path) -> Score:
    try:
        data = parse_file(path).data
    except Exception as err:      # noqa: BLE001 — a failure on one file is a figure
        result = score(item.name, fmt, item.form, item.meta["expected"], {})
        result.failures.append(f"{item.name} [{fmt}]: {type(err).__name__}: {err}")
        return result
    return score(item.name, fmt, item.form, item.meta["expected"], data)


def content_findings(path: Path) -> list[str]:
    report = check_bytes(path.read_bytes(), path.name)
    return [f"{f.rule}: {f.message}" for f in report.findings
            if f.rule.split(".")[0] in CONTENT_FAMILIES]


@dataclass
class Measurement:
    by_form: dict[tuple[str, str], Score]
    by_doc: dict[tuple[str, str], Score]
    false_positives: dict[tuple[str, str], list[str]]


def measure(files: list[CorpusFile], with_check: bool = True) -> Measurement:
    by_form: dict[tuple[str, str], Score] = defaultdict(Score)
    by_doc: dict[tuple[str, str], Score] = {}
    false_positives: dict[tuple[str, str], list[str]] = {}
    for item in files:
        for fmt, path in item.formats():
            result = parse_score(item, fmt, path)
            by_doc[(item.name, fmt)] = result
            by_form[(item.form, fmt)].add(result)
            if with_check and item.meta["compliant"]:
                false_positives[(item.name, fmt)] = content_findings(path)
    return Measurement(dict(by_form), by_doc, false_positives)


def report(m: Measurement, verbose: bool) -> str:
    lines = ["| form | format | fields recovered | wrong | missing |", "|---|---|---|---|---|"]
    for (form, fmt), s in sorted(m.by_form.items()):
        pct = 100.0 * s.recovered / s.total if s.total else 0.0
        lines.append(f"| {form} | {fmt} | {s.recovered}/{s.total} ({pct:.0f} %) | {len(s.wrong)} | {len(s.missing)} |")
    noisy = {k: v for k, v in m.false_positives.items() if v}
    lines.append(f"\ncheck: content findings on {len(noisy)} of {len(m.false_positives)} compliant files")
    for (name, fmt), found in sorted(noisy.items()):
        lines.append(f"  {name} [{fmt}]: " + "; ".join(found[:3]))
    if verbose:
        for (name, fmt), s in sorted(m.by_doc.items()):
            for entry in s.failures + s.wrong + s.missing:
                lines.append("  " + entry)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.wild2.measure")
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every wrong and missing value")
    args = parser.parse_args(argv)
    files = load_corpus(ensure_corpus(pdf=not args.no_pdf))
    print(report(measure(files), args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
