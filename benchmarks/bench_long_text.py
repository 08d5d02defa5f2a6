"""Render time against the length of one narrative paragraph: 10k → 100k characters.

    python benchmarks/bench_long_text.py [--repeats 3] [--sizes 10000 20000 50000 100000]

The ★ 附件2 sample with its 一、(一) 单位概况 replaced by one paragraph of N characters (Chinese
text with its punctuation, as typed), rendered to DOCX and PDF by render_form in this process;
median of ``--repeats`` after a warm-up. Time per 1,000 characters stays flat when rendering is
linear in the text's length (one 100k-character paragraph took 54 s before the PDF stopped
breaking the rest of a split paragraph again on every page; issue 12).
"""
from __future__ import annotations

import argparse
import copy
import sys

from common import fmt_s, longest_pilot, machine_line, markdown_table, median_time

PHRASE = "广东省电子商务试点单位申报，数据部分用表格形式（见下表），2020 年营业收入 6800 万元。"
FIELD = ("narrative", "basic", "overview")
LIMIT_NOTE = "100,000 characters is the hard cap of one narrative (pipeline/limits.py)"


def paragraph(chars: int) -> str:
    return (PHRASE * (chars // len(PHRASE) + 1))[:chars]


def run(sizes: list[int], repeats: int) -> list[list[str]]:
    from pipeline.loader import load_form
    from pipeline.render import render_form
    star = longest_pilot()
    spec = load_form(star.form)
    rows = []
    base = None
    for size in sizes:
        data = copy.deepcopy(star.data)
        data[FIELD[0]][FIELD[1]][FIELD[2]] = paragraph(size)
        pages = render_form(spec, data).pages
        seconds = median_time(lambda: render_form(spec, data), repeats)
        per_k = seconds / (size / 1000)
        base = base or per_k
        rows.append([f"{size:,}", str(pages), f"**{fmt_s(seconds)}**", f"{per_k * 1000:.1f} ms",
                     f"{per_k / base:.2f}×"])
        print(f"{size}: {seconds:.2f} s", file=sys.stderr)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 20_000, 50_000, 100_000])
    args = parser.parse_args()
    rows = run(args.sizes, args.repeats)
    print(markdown_table(["characters in one paragraph", "pages", "render DOCX+PDF", "per 1,000 characters",
                          "vs the shortest"], rows))
    print()
    print(f"{machine_line()} · median of {args.repeats} after a warm-up · {LIMIT_NOTE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
