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

from pipeline.check import Finding, check_bytes
from pipeline.errors import ShenbaoError
from pipeline.loader import load_form
from pipeline.parse import parse_file

from ..readback import canonical, flatten, same_but_for_the_pdf
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
    pdf_losses: list[Mismatch] = field(default_factory=list)   # equal but for what the PDF does not carry

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
        self.pdf_losses += other.pdf_losses


def compare(document: str, fmt: str, form: str, expected: dict[str, Any], got: dict[str, Any]) -> Tally:
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
        elif fmt == "pdf" and same_but_for_the_pdf(value, have[path]):
            tally.recovered += 1
            tally.pdf_losses.append(Mismatch(document, fmt, path, value, have[path]))
        else:
            tally.wrong.append(Mismatch(document, fmt, path, value, have[path]))
    for path, value in have.items():
        if path not in want:        # read where the document has no value (or an ambiguous one): a guess
            tally.wrong.append(Mismatch(document, fmt, path, None, value))
    return tally


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool):
        return float(a) == float(b)
    return a == b


def parse_one(item: CorpusFile, fmt: str, path: Path) -> Tally:
    try:
        result = parse_file(path)
    except Exception as err:      # noqa: BLE001 — a crash on one file is a figure, not the end of the run
        tally = compare(item.name, fmt, item.form, item.meta["expected"], {})
        kind = "refused" if isinstance(err, ShenbaoError) else f"crashed ({type(err).__name__})"
        tally.failures.append(f"{item.name} [{fmt}]: parse {kind}: {err}")
        return tally
    tally = compare(item.name, fmt, item.form, item.meta["expected"], result.data)
    for key, options in item.meta.get("expect_problems", {}).items():
        if not any(p.path.lstrip("$.") == key and all(o in p.message for o in options) for p in result.problems):
            tally.unreported.append(f"{item.name} [{fmt}] {key}: no problem naming {' and '.join(options)}")
    return tally


@dataclass
class Measurement:
    by_form: dict[tuple[str, str], Tally]
    by_doc: dict[tuple[str, str], Tally]                     # (document, format) → its own tally
    false_positives: dict[tuple[str, str], list[str]]       # compliant (document, format) → content findings
    formatting: dict[tuple[str, str], list[str]]            # (document, format) → formatting errors
    findings: dict[tuple[str, str], set[str]]               # (document, format) → rule families found
    violations: dict[tuple[str, str], bool]                 # seeded violation (document, format) → caught


def measure(files: list[CorpusFile]) -> Measurement:
    """Parse each document once and check it once, in each format."""
    m = Measurement(defaultdict(Tally), {}, {}, {}, {}, {})
    for item in files:
        for fmt, path in item.formats():
            key = (item.name, fmt)
            findings = _check(path)
            m.findings[key] = {f.rule.split(".")[0] for f in findings}
            m.formatting[key] = [_show(f) for f in findings
                                 if f.severity == "error" and f.rule.split(".")[0] not in CONTENT_FAMILIES]
            if item.violation:
                m.violations[key] = item.violation in m.findings[key]
                continue
            m.by_doc[key] = parse_one(item, fmt, path)
            m.by_form[(item.form, fmt)].add(m.by_doc[key])
            if item.compliant:
                m.false_positives[key] = [_show(f) for f in findings if f.rule.split(".")[0] in CONTENT_FAMILIES]
    m.by_form = dict(m.by_form)
    return m


def _check(path: Path) -> list[Finding]:
    try:
        return check_bytes(path.read_bytes(), path.name).findings
    except Exception as err:      # noqa: BLE001 — reported as a finding of its own
        return [Finding("crash", "error", f"check {type(err).__name__}: {err}", path.name)]


def _show(finding: Finding) -> str:
    return f"{finding.rule} @ {finding.location}: {finding.message}"


def report(m: Measurement, out: Any = sys.stdout) -> None:
    w = lambda line="": print(line, file=out)     # noqa: E731
    w("Fields recovered by parse on the wild corpus")
    w(f"{'form':<14}{'format':<8}{'recovered':>12}{'%':>8}{'wrong':>7}{'missing':>9}{'unreported ambiguities':>24}")
    for (form, fmt), t in sorted(m.by_form.items()):
        w(f"{form:<14}{fmt:<8}{f'{t.recovered}/{t.total}':>12}{t.percent:>7.1f}%{len(t.wrong):>7}{len(t.missing):>9}"
          f"{len(t.unreported):>24}")
    w()
    w(f"{'document':<44}{'format':<8}{'recovered':>10}{'wrong':>7}{'missing':>9}")
    for (name, fmt), t in sorted(m.by_doc.items()):
        w(f"{name:<44}{fmt:<8}{f'{t.recovered}/{t.total}':>10}{len(t.wrong):>7}{len(t.missing):>9}")
    w()
    w("Wrong values (read, but not what the document says):")
    for t in m.by_form.values():
        for mm in t.wrong:
            w(f"  {mm}")
    w()
    w("Equal but for what the PDF does not carry (counted as recovered):")
    for t in m.by_form.values():
        for mm in t.pdf_losses:
            w(f"  {mm.document} [{mm.fmt}] {mm.path}")
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
    formatting = {k: v for k, v in m.formatting.items() if v}
    if formatting:
        w(f"formatting errors: {len(formatting)} files")
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
    parser.add_argument("--doc", default="", help="only the documents whose name contains this")
    args = parser.parse_args(argv)
    folder = ensure_corpus(pdf=not args.no_pdf)
    print(f"corpus: {folder}")
    report(measure([f for f in load_corpus(folder) if args.doc in f.name]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
