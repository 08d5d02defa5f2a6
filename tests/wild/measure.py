"""How well parse and check do on the wild corpus.

    python -m tests.wild.measure [--no-pdf]

For every document and format (DOCX, and the PDF LibreOffice made of it): parse, compare field
by field with the expected data (both canonicalised as the round-trip tests do, then flattened to
JSON paths), and count fields recovered, wrong (a value read but different, or read where the
document has none: the worst case) and missing. Then run check on the compliant documents (their
content findings are false positives) and on the seeded violations (each must be caught).
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.check import check_bytes
from pipeline.errors import ShenbaoError
from pipeline.loader import load_form
from pipeline.parse import parse_file

from ..readback import canonical
from .corpus import CorpusFile, ensure_corpus, load_corpus

CONTENT_FAMILIES = ("required-section", "required-field", "word-limit", "checkbox", "data-table")


@dataclass(frozen=True)
class Mismatch:
    document: str
    fmt: str
    path: str
    expected: Any
    got: Any

    def __str__(self) -> str:
        return f"{self.document} [{self.fmt}] {self.path}: expected {_short(self.expected)!r}, got {_short(self.got)!r}"


@dataclass
class Tally:
    total: int = 0
    recovered: int = 0
    wrong: list[Mismatch] = field(default_factory=list)
    missing: list[Mismatch] = field(default_factory=list)
    unreported: list[str] = field(default_factory=list)    # ambiguous paths the parser did not report
    failures: list[str] = field(default_factory=list)      # documents parse could not read at all

    @property
    def percent(self) -> float:
        return 100.0 * self.recovered / self.total if self.total else 0.0

    def add(self, other: "Tally") -> None:
        self.total += other.total
        self.recovered += other.recovered
        self.wrong += other.wrong
        self.missing += other.missing
        self.unreported += other.unreported
        self.failures += other.failures


def flatten(node: Any, prefix: str = "") -> dict[str, Any]:
    """JSON paths → leaf values; empty values (None, "", [], {}) are no field."""
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            out.update(flatten(value, f"{prefix}.{key}" if prefix else key))
        return out
    if isinstance(node, list):
        out = {}
        for n, value in enumerate(node):
            out.update(flatten(value, f"{prefix}[{n}]"))
        return out
    return {} if node in (None, "") else {prefix: node}


def compare(document: str, fmt: str, form: str, expected: dict[str, Any], got: dict[str, Any],
            ambiguous: list[str]) -> Tally:
    spec = load_form(form)
    want = flatten(canonical(spec, expected))
    have = flatten(canonical(spec, got))
    want.pop("form", None)
    have.pop("form", None)
    tally = Tally(total=len(want))
    for path, value in want.items():
        if path not in have:
            tally.missing.append(Mismatch(document, fmt, path, value, None))
        elif _same(have[path], value):
            tally.recovered += 1
        else:
            tally.wrong.append(Mismatch(document, fmt, path, value, have[path]))
    for path, value in have.items():
        if path not in want:        # read where the document has no value (or an ambiguous one): a guess
            tally.wrong.append(Mismatch(document, fmt, path, None, value))
    del ambiguous
    return tally


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool):
        return float(a) == float(b)
    return a == b


def parse_one(item: CorpusFile, fmt: str, path: Path) -> Tally:
    try:
        result = parse_file(path)
    except ShenbaoError as err:
        tally = compare(item.name, fmt, item.form, item.meta["expected"], {}, [])
        tally.failures.append(f"{item.name} [{fmt}]: {err}")
        return tally
    ambiguous = item.meta.get("expect_problems", [])
    tally = compare(item.name, fmt, item.form, item.meta["expected"], result.data, ambiguous)
    reported = " ".join(f"{p.path} {p.message}" for p in result.problems)
    tally.unreported += [f"{item.name} [{fmt}] {path}" for path in ambiguous if path not in reported]
    return tally


def content_findings(path: Path) -> list[str]:
    report = check_bytes(path.read_bytes(), path.name)
    return [f"{f.rule} @ {f.location}: {f.message}" for f in report.findings
            if f.rule.split(".")[0] in CONTENT_FAMILIES]


def all_findings(path: Path) -> list[str]:
    report = check_bytes(path.read_bytes(), path.name)
    return [f"{f.rule} @ {f.location}: {f.message}" for f in report.findings if f.severity == "error"]


def caught(item: CorpusFile, path: Path) -> bool:
    report = check_bytes(path.read_bytes(), path.name, item.form)
    return any(f.rule.split(".")[0] == item.violation for f in report.findings)


@dataclass
class Measurement:
    by_form: dict[tuple[str, str], Tally]
    false_positives: dict[tuple[str, str], list[str]]       # (document, format) → content findings
    other_findings: dict[tuple[str, str], list[str]]        # formatting errors on compliant documents
    violations: dict[tuple[str, str], bool]                  # (document, format) → caught


def measure(files: list[CorpusFile]) -> Measurement:
    by_form: dict[tuple[str, str], Tally] = defaultdict(Tally)
    false_positives, other, violations = {}, {}, {}
    for item in files:
        for fmt, path in item.formats():
            if item.violation:
                violations[(item.name, fmt)] = caught(item, path)
                continue
            by_form[(item.form, fmt)].add(parse_one(item, fmt, path))
            if item.compliant:
                false_positives[(item.name, fmt)] = content_findings(path)
                other[(item.name, fmt)] = [f for f in all_findings(path) if f.split(".")[0].split(" ")[0] not in CONTENT_FAMILIES]
    return Measurement(dict(by_form), false_positives, other, violations)


def report(m: Measurement, out: Any = sys.stdout) -> None:
    w = lambda line="": print(line, file=out)     # noqa: E731
    w("Fields recovered by parse on the wild corpus")
    w(f"{'form':<14}{'format':<8}{'recovered':>12}{'%':>8}{'wrong':>7}{'missing':>9}{'unreported ambiguities':>24}")
    for (form, fmt), t in sorted(m.by_form.items()):
        w(f"{form:<14}{fmt:<8}{f'{t.recovered}/{t.total}':>12}{t.percent:>7.1f}%{len(t.wrong):>7}{len(t.missing):>9}{len(t.unreported):>24}")
    w()
    w("Wrong values (read, but not what the document says):")
    for t in m.by_form.values():
        for mm in t.wrong:
            w(f"  {mm}")
    w()
    w("Missing values:")
    for t in m.by_form.values():
        for mm in t.missing:
            w(f"  {mm}")
    for t in m.by_form.values():
        for text in t.unreported + t.failures:
            w(f"  not reported / unreadable: {text}")
    w()
    flagged = {k: v for k, v in m.false_positives.items() if v}
    w(f"check on compliant documents: {len(flagged)} of {len(m.false_positives)} files with content findings (false positives)")
    for (name, fmt), findings in sorted(flagged.items()):
        w(f"  {name} [{fmt}]: {len(findings)}")
        for f in findings[:8]:
            w(f"      {f}")
        if len(findings) > 8:
            w(f"      … {len(findings) - 8} more")
    formatting = {k: v for k, v in m.other_findings.items() if v}
    if formatting:
        w(f"formatting errors on compliant documents: {len(formatting)} files")
        for (name, fmt), findings in sorted(formatting.items()):
            w(f"  {name} [{fmt}]: " + "; ".join(findings[:4]))
    w()
    missed = [k for k, v in m.violations.items() if not v]
    w(f"seeded violations caught: {sum(m.violations.values())} of {len(m.violations)}")
    for name, fmt in sorted(missed):
        w(f"  NOT caught: {name} [{fmt}]")


def _short(value: Any, limit: int = 60) -> Any:
    if isinstance(value, str) and len(value) > limit:
        return value[:limit] + "…"
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.wild.measure", description=__doc__.split("\n")[0])
    parser.add_argument("--no-pdf", action="store_true", help="DOCX only (no LibreOffice)")
    args = parser.parse_args(argv)
    folder = ensure_corpus(pdf=not args.no_pdf)
    report(measure(load_corpus(folder)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
