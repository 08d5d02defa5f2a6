"""How well parse and check do on the second corpus (compared as tests/wild compares: the same
canonical form, field by field).

    python -m tests.wild2.measure [--no-pdf] [-v]

Per form and format: fields recovered, wrong (read but different, or read where the document
has none) and missing; then `check` on the compliant documents: every content finding there is a
false positive.
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass

from ..wild.measure import CONTENT_FAMILIES, Tally, _check, _show, parse_one
from .corpus import CorpusFile, ensure_corpus, load_corpus


@dataclass
class Measurement:
    by_form: dict[tuple[str, str], Tally]
    by_doc: dict[tuple[str, str], Tally]
    false_positives: dict[tuple[str, str], list[str]]    # compliant (document, format) → content findings


def measure(files: list[CorpusFile], with_check: bool = True) -> Measurement:
    by_form: dict[tuple[str, str], Tally] = defaultdict(Tally)
    by_doc: dict[tuple[str, str], Tally] = {}
    false_positives: dict[tuple[str, str], list[str]] = {}
    for item in files:
        for fmt, path in item.formats():
            by_doc[(item.name, fmt)] = parse_one(item, fmt, path)
            by_form[(item.form, fmt)].add(by_doc[(item.name, fmt)])
            if with_check and item.compliant:
                false_positives[(item.name, fmt)] = [_show(f) for f in _check(path)
                                                     if f.rule.split(".")[0] in CONTENT_FAMILIES]
    return Measurement(dict(by_form), by_doc, false_positives)


def report(m: Measurement, verbose: bool) -> str:
    lines = ["| form | format | fields recovered | wrong | missing |", "|---|---|---|---|---|"]
    for (form, fmt), t in sorted(m.by_form.items()):
        lines.append(f"| {form} | {fmt} | {t.recovered}/{t.total} ({t.percent:.0f} %) | {len(t.wrong)} | {len(t.missing)} |")
    noisy = {k: v for k, v in m.false_positives.items() if v}
    lines.append(f"\ncheck: content findings on {len(noisy)} of {len(m.false_positives)} compliant files")
    lines += [f"  {name} [{fmt}]: " + "; ".join(found[:3]) for (name, fmt), found in sorted(noisy.items())]
    if verbose:
        for t in m.by_doc.values():
            lines += ["  " + str(entry) for entry in t.failures + t.wrong + t.missing]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.wild2.measure")
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every wrong and missing value")
    args = parser.parse_args(argv)
    print(report(measure(load_corpus(ensure_corpus(pdf=not args.no_pdf))), args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
