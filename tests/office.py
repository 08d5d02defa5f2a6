"""LibreOffice as the tests use it: headless, its own profile, 宋体 mapped to Noto Serif CJK SC
through tests/fontconfig (as on a desk with SimSun), many files converted in one call."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
FONTCONFIG = Path(__file__).parent / "fontconfig" / "fonts.conf"


def libreoffice_pdfs(sources: list[Path], outdir: Path, timeout: int = 600) -> list[Path]:
    """Convert every DOCX in `sources` to PDF in `outdir` with ONE soffice process."""
    if SOFFICE is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTCONFIG)}
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{outdir}/.profile", "--convert-to", "pdf",
                    "--outdir", str(outdir), *map(str, sources)], check=True, capture_output=True, timeout=timeout, env=env)
    shutil.rmtree(outdir / ".profile", ignore_errors=True)
    return [outdir / f"{p.stem}.pdf" for p in sources]


def libreoffice_pdf(docx: bytes, tmp: Path) -> bytes:
    source = tmp / "doc.docx"
    source.write_bytes(docx)
    return libreoffice_pdfs([source], tmp)[0].read_bytes()
