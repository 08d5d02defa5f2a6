"""The way people do it today: fill a docxtpl template of 附件2, convert with LibreOffice.

    python benchmarks/bench_libreoffice.py [--repeats 3] [--shenbao]

Per document, over the same pilot-2020 samples shenbao renders in bench_render.py:
- docxtpl: benchmarks/templates/pilot-2020.docx (made by make_template.py) filled in-process
  and saved; median of ``--repeats`` after a warm-up;
- soffice: `soffice --headless --convert-to pdf --outdir …` on that DOCX, one LibreOffice process
  per document (as a script converting files one by one runs it), with a private profile
  (-env:UserInstallation) that is created during the warm-up; median of ``--repeats``.
The batch version (N documents, one soffice call for all of them) is in bench_batch.py.
With --shenbao, shenbao's DOCX+PDF render of the same samples is timed here too and the ratio
(LibreOffice path / shenbao) printed; run_all.py takes shenbao's time from bench_render.py.
"""
from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from common import (
    HERE,
    Sample,
    fmt_s,
    longest_pilot,
    markdown_table,
    median_time,
    samples,
    timed,
)

TEMPLATE = HERE / "templates" / "pilot-2020.docx"


# ---- docxtpl ----------------------------------------------------------------------------------

def _jinja_env():
    import jinja2

    from pipeline.loader import load_form
    labels = {o.value: o.label for o in load_form("pilot-2020").field("pilot.type").options}

    def checkboxes(value: Any) -> str:
        return "  ".join(("☑" if code == value else "□") + label for code, label in labels.items())

    def yesno(value: Any) -> str:
        if value is None or isinstance(value, jinja2.Undefined):
            return "□是 □否"
        return "☑是 □否" if value else "□是 ☑否"

    def cndate(value: Any) -> str:
        if not value or isinstance(value, jinja2.Undefined):
            return ""
        d = date.fromisoformat(str(value))
        return f"{d.year}年{d.month}月{d.day}日"

    env = jinja2.Environment(undefined=jinja2.ChainableUndefined, autoescape=False)
    env.filters.update(checkboxes=checkboxes, yesno=yesno, cndate=cndate,
                       choice=lambda v: labels.get(v, ""))
    return env


def context(data: dict[str, Any]) -> dict[str, Any]:
    """The data as the template wants it: narratives as lists of non-empty lines."""
    from make_template import SECTIONS, loop_name
    ctx = dict(data)
    narrative = data.get("narrative", {})
    paras = {}
    for key in [k for _, keys in SECTIONS for k in keys] + ["narrative.other"]:
        node: Any = narrative
        for part in key.split(".")[1:]:
            node = node.get(part, {}) if isinstance(node, dict) else {}
        text = node if isinstance(node, str) else ""
        paras[loop_name(key)] = [line for line in text.splitlines() if line.strip()]
    ctx["narrative"] = paras
    return ctx


def fill(data: dict[str, Any], env=None) -> bytes:
    """One filled DOCX, the docxtpl way (the template is read from disk each time, as a script does)."""
    from docxtpl import DocxTemplate
    template = DocxTemplate(str(TEMPLATE))
    template.render(context(data), jinja_env=env or _jinja_env())
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


# ---- LibreOffice ------------------------------------------------------------------------------

def soffice_available() -> bool:
    return shutil.which("soffice") is not None


def soffice_command(profile: Path, out_dir: Path, docx_files: list[Path]) -> list[str]:
    return ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
            "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, docx_files)]


def convert(profile: Path, out_dir: Path, docx_files: list[Path]) -> None:
    proc = subprocess.run(soffice_command(profile, out_dir, docx_files), capture_output=True, text=True, check=False)
    missing = [p for p in docx_files if not (out_dir / (p.stem + ".pdf")).exists()]
    if proc.returncode or missing:
        raise RuntimeError(f"soffice failed ({proc.returncode}), {len(missing)} PDFs missing: {proc.stderr[-500:]}")


@dataclass
class OfficeTiming:
    sample: Sample
    docxtpl: float
    soffice: float
    pdf_pages: int

    @property
    def total(self) -> float:
        return self.docxtpl + self.soffice


def run(repeats: int = 3, progress=print) -> list[OfficeTiming]:
    from pypdf import PdfReader
    env = _jinja_env()
    out = []
    with tempfile.TemporaryDirectory(prefix="shenbao-bench-office-") as tmp_name:
        tmp = Path(tmp_name)
        profile = tmp / "lo-profile"
        for sample in samples("pilot-2020"):
            progress(f"  docxtpl + soffice {sample.name} …")
            t_fill = median_time(lambda s=sample: fill(s.data, env), repeats)
            docx = tmp / f"{sample.name}.docx"
            docx.write_bytes(fill(sample.data, env))
            pdf_dir = tmp / "pdf"
            times = []
            for i in range(repeats + 1):               # the first one warms up (and makes the profile)
                shutil.rmtree(pdf_dir, ignore_errors=True)
                t, _ = timed(lambda d=docx, o=pdf_dir: convert(profile, o, [d]))
                if i:
                    times.append(t)
            pages = len(PdfReader(pdf_dir / f"{sample.name}.pdf").pages)
            out.append(OfficeTiming(sample, t_fill, statistics.median(times), pages))
    return out


def table(results: list[OfficeTiming], shenbao: dict[str, float] | None = None) -> str:
    star = longest_pilot().name
    rows = []
    for r in results:
        mark = " ★" if r.sample.name == star else ""
        row = [f"`{r.sample.name}`{mark}", r.pdf_pages, fmt_s(r.docxtpl), fmt_s(r.soffice), f"**{fmt_s(r.total)}**"]
        if shenbao is not None:
            ours = shenbao.get(r.sample.name)
            row += [fmt_s(ours), f"**{r.total / ours:.2f}×**" if ours else "—"]
        rows.append(row)
    header = ["sample (附件2)", "pages (LO PDF)", "docxtpl fill", "soffice → PDF", "LibreOffice path"]
    if shenbao is not None:
        header += ["shenbao DOCX+PDF", "ratio LO / shenbao"]
    return markdown_table(header, rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--shenbao", action="store_true", help="time shenbao's render too and print the ratio")
    args = parser.parse_args()
    if not soffice_available():
        print("soffice not found: the LibreOffice path cannot be measured on this machine.")
        return 0
    if not TEMPLATE.exists():
        print(f"{TEMPLATE} is missing: run python benchmarks/make_template.py")
        return 2
    log = lambda m: print(m, file=sys.stderr)
    results = run(args.repeats, progress=log)
    ours = None
    if args.shenbao:
        import bench_render
        ours = {s.name: bench_render.time_sample(s, args.repeats).total for s in samples("pilot-2020")}
    print(table(results, ours))
    return 0


if __name__ == "__main__":
    sys.exit(main())
