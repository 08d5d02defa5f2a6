"""The second corpus on disk, cached under tests/.wild2-cache in a folder named by a hash of the
generator, the inputs and tests/office.py: the DOCX (those marked `roundtrip` saved again by
LibreOffice through ODT) and LibreOffice's PDF of each."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

from ..office import FONTCONFIG, SOFFICE, libreoffice_pdfs
from ..wild.corpus import CorpusFile, cached_folder, load_corpus  # noqa: F401 — the same files on disk
from .generate import INPUTS, write_corpus

HERE = Path(__file__).resolve().parent
CACHE = HERE.parent / ".wild2-cache"


def corpus_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted(HERE.glob("*.py")) + sorted(INPUTS.glob("*.json")) + [HERE.parent / "office.py"]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def saved_by_libreoffice(sources: list[Path], work: Path) -> None:
    """Each DOCX opened in LibreOffice, saved as ODT, and that saved again as DOCX in its place."""
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTCONFIG)}
    odt_dir = work / "odt"
    profile = f"-env:UserInstallation=file://{work}/.profile-rt"
    run = [SOFFICE, "--headless", profile, "--convert-to"]
    subprocess.run(run + ["odt", "--outdir", str(odt_dir), *map(str, sources)], check=True, capture_output=True, timeout=300, env=env)
    odts = [odt_dir / f"{p.stem}.odt" for p in sources]
    subprocess.run(run + ["docx:MS Word 2007 XML", "--outdir", str(work), *map(str, odts)], check=True,
                   capture_output=True, timeout=300, env=env)
    shutil.rmtree(odt_dir, ignore_errors=True)
    shutil.rmtree(work / ".profile-rt", ignore_errors=True)


def ensure_corpus(root: Path = CACHE, pdf: bool = True) -> Path:
    def build(work: Path) -> None:
        sources = write_corpus(work)
        if SOFFICE:
            again = [p for p in sources if json.loads(p.with_suffix(".json").read_text(encoding="utf-8")).get("roundtrip")]
            if again:
                saved_by_libreoffice(again, work)
        if pdf and SOFFICE:      # tracked changes accepted first (final/NAME.docx): the PDF as printed without markup
            libreoffice_pdfs([work / "final" / p.name if (work / "final" / p.name).exists() else p for p in sources], work)
    return cached_folder(root, corpus_hash() + ("" if pdf and SOFFICE else "-docx-only"), build)
