"""The corpus on disk: DOCX, expected data and LibreOffice PDFs, cached under tests/.wild-cache
in a folder named by a hash of everything that makes them (generator, inputs, seeds)."""
from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..office import SOFFICE, libreoffice_pdfs
from .data import INPUTS, POLICY_SEEDS
from .generate import write_corpus

HERE = Path(__file__).resolve().parent
CACHE = HERE.parent / ".wild-cache"


@dataclass(frozen=True)
class CorpusFile:
    name: str
    docx: Path
    pdf: Path | None
    meta: dict[str, Any]

    @property
    def form(self) -> str:
        return self.meta["form"]

    @property
    def violation(self) -> str:
        return self.meta.get("violation") or ""

    @property
    def compliant(self) -> bool:
        return bool(self.meta["compliant"])

    def formats(self) -> list[tuple[str, Path]]:
        return [("docx", self.docx)] + ([("pdf", self.pdf)] if self.pdf else [])


def corpus_hash() -> str:
    digest = hashlib.sha256()
    sources = sorted(HERE.glob("*.py")) + sorted(INPUTS.glob("*.json")) + list(POLICY_SEEDS) + [HERE.parent / "office.py"]
    for path in sources:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def ensure_corpus(root: Path = CACHE, pdf: bool = True) -> Path:
    """The corpus folder, generated (and converted to PDF when LibreOffice is here) if absent."""
    def build(work: Path) -> None:
        sources = write_corpus(work)
        if pdf and SOFFICE:
            libreoffice_pdfs(sources, work)
    return cached_folder(root, corpus_hash() + ("" if pdf and SOFFICE else "-docx-only"), build)


def cached_folder(root: Path, key: str, build: Callable[[Path], None]) -> Path:
    """``root/key``, made by ``build`` into a temporary folder and renamed into place when absent;
    folders of other keys (earlier generator versions) are removed."""
    target = root / key
    if (target / "DONE").exists():
        return target
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="building-", dir=root))
    build(work)
    (work / "DONE").write_text("ok", encoding="utf-8")
    if target.exists():
        shutil.rmtree(target)
    work.rename(target)
    for stale in root.iterdir():
        if stale.is_dir() and stale != target and not stale.name.startswith("building-"):
            shutil.rmtree(stale, ignore_errors=True)
    return target


def load_corpus(folder: Path) -> list[CorpusFile]:
    files = []
    for meta_path in sorted(folder.glob("*.json")):
        pdf = meta_path.with_suffix(".pdf")
        files.append(CorpusFile(meta_path.stem, meta_path.with_suffix(".docx"), pdf if pdf.exists() else None,
                                json.loads(meta_path.read_text(encoding="utf-8"))))
    return files
