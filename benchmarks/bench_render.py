"""Per-document render time, PDF and DOCX timed separately, for every sample in inputs/.

    python benchmarks/bench_render.py [--repeats 5]

Calls the library the way pipeline.render.render_form does — build_document, then render_pdf
(+ the embedded data), then render_docx with the PDF's TOC — timing each step; median of
``--repeats`` runs after one warm-up, in this one process (one core). Validation is timed too
(``shenbao render`` validates first).
"""
from __future__ import annotations

import statistics
import sys
from dataclasses import dataclass

from common import (
    TARGET_RENDER_S,
    Sample,
    fmt_s,
    longest_pilot,
    markdown_table,
    per_document_main,
    samples,
    timed,
    verdict,
)


@dataclass
class RenderTiming:
    sample: Sample
    pages: int
    validate: float
    document: float
    pdf: float              # render_pdf, the embedded data included
    docx: float             # render_docx

    @property
    def total(self) -> float:
        """DOCX + PDF: what render_form costs (document model included)."""
        return self.document + self.pdf + self.docx


def time_sample(sample: Sample, repeats: int) -> RenderTiming:
    from pipeline.loader import load_form
    from pipeline.render import output_stem
    from pipeline.render.document import build_document
    from pipeline.render.docx import render_docx
    from pipeline.validate import validate

    spec, data, base = load_form(sample.form), sample.data, sample.path.parent
    stem = output_stem(spec, data)
    steps: dict[str, list[float]] = {"validate": [], "document": [], "pdf": [], "docx": []}
    pages = 0
    for i in range(repeats + 1):                       # the first round is the warm-up
        t_val, _ = timed(lambda: validate(spec, data, base_dir=base))
        t_doc, document = timed(lambda: build_document(spec, data, base))
        t_pdf, pdf = timed(lambda d=document: _pdf_and_embed(d, stem, spec, data))
        t_docx, _ = timed(lambda d=document, p=pdf: render_docx(d, toc=p.toc, title=stem))
        pages = pdf.pages
        if i:
            for key, value in (("validate", t_val), ("document", t_doc), ("pdf", t_pdf), ("docx", t_docx)):
                steps[key].append(value)
    med = {k: statistics.median(v) for k, v in steps.items()}
    return RenderTiming(sample, pages, med["validate"], med["document"], med["pdf"], med["docx"])


def _pdf_and_embed(document, stem, spec, data):
    from pipeline.embedded import EMBEDDED_NAME, payload_file
    from pipeline.render.pdf import render_pdf
    return render_pdf(document, metadata_title=stem, embedded_files={EMBEDDED_NAME: payload_file(spec, data)})


def run(repeats: int = 5, progress=print) -> list[RenderTiming]:
    out = []
    for sample in samples():
        progress(f"  render {sample.name} …")
        out.append(time_sample(sample, repeats))
    return out


def table(results: list[RenderTiming]) -> str:
    star = longest_pilot().name
    rows = []
    for r in results:
        mark = " ★" if r.sample.name == star else ""
        target = verdict(r.total, TARGET_RENDER_S) if r.sample.form == "pilot-2020" else ""
        rows.append([f"`{r.sample.name}`{mark}", r.pages, r.sample.narrative_chars, fmt_s(r.validate),
                     fmt_s(r.document), fmt_s(r.pdf), fmt_s(r.docx), f"**{fmt_s(r.total)}**", target])
    return markdown_table(["sample", "pages", "narrative 字", "validate", "document model", "PDF", "DOCX",
                           "DOCX+PDF", "target (附件2)"], rows)


def headline(results: list[RenderTiming]) -> str:
    star = longest_pilot().name
    r = next(r for r in results if r.sample.name == star)
    return (f"Full 附件2 with the longest narrative (`{star}`, {r.pages} pages, {r.sample.narrative_chars} 字): "
            f"DOCX+PDF **{fmt_s(r.total)}** (PDF {fmt_s(r.pdf)}, DOCX {fmt_s(r.docx)}) — "
            f"target {fmt_s(TARGET_RENDER_S)}: {verdict(r.total, TARGET_RENDER_S)}")


def main() -> int:
    return per_document_main(__doc__, run, table, headline, repeats=5)


if __name__ == "__main__":
    sys.exit(main())
