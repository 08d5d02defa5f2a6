"""What an earlier run made, so that a re-run skips items that are up to date.

``DIR/.shenbao-batch.json`` maps each item (its input's absolute path, ``:line`` for JSON Lines)
to the SHA-256 of everything its outputs depend on — the input's bytes, the attached files, the
form definition, the tool's code and version, the options — and to the outputs it wrote. An item
is skipped when that hash is unchanged and every output still exists.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from ..files import atomic_write
from ..loader import FRAGMENTS_DIR, STYLE_FILE, forms_dir

MANIFEST_NAME = ".shenbao-batch.json"
MANIFEST_VERSION = 1
_PACKAGE_DIR = Path(__file__).resolve().parent.parent


@dataclass
class Manifest:
    """Entries per command ("render", "parse"), each {item key: entry}; saved after every item
    so an interrupted run resumes where it stopped."""

    path: Path
    entries: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)

    @classmethod
    def load(cls, out_dir: Path) -> "Manifest":
        path = out_dir / MANIFEST_NAME
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(path)                         # none yet, or unreadable: everything is redone
        if not isinstance(raw, dict) or raw.get("version") != MANIFEST_VERSION:
            return cls(path)
        entries = {k: v for k, v in raw.get("entries", {}).items() if isinstance(v, dict)}
        return cls(path, entries)

    def up_to_date(self, command: str, key: str, digest: str, out_dir: Path) -> dict[str, Any] | None:
        """The earlier entry when the item need not be redone."""
        entry = self.entries.get(command, {}).get(key)
        if not entry or entry.get("sha256") != digest:
            return None
        outputs = entry.get("outputs")
        if not isinstance(outputs, list) or not outputs or not all(isinstance(o, str) for o in outputs):
            return None                  # none, or a manifest edited by hand: redo the item
        if not outputs_intact(out_dir, outputs, entry.get("files")):
            return None
        return entry

    def record(self, command: str, key: str, entry: dict[str, Any]) -> None:
        self.entries.setdefault(command, {})[key] = entry
        self.save()

    def forget(self, command: str, key: str) -> None:
        if self.entries.get(command, {}).pop(key, None) is not None:
            self.save()

    def save(self) -> None:
        text = json.dumps({"version": MANIFEST_VERSION, "entries": self.entries}, ensure_ascii=False, indent=1)
        atomic_write(self.path, text.encode("utf-8"))


def output_files(out_dir: Path, outputs: list[str]) -> dict[str, dict[str, Any]]:
    """Size and SHA-256 of each output as written, recorded so that a re-run notices one that
    was truncated, replaced or edited since."""
    return {name: {"size": (out_dir / name).stat().st_size, "sha256": file_hash(out_dir / name)}
            for name in outputs}


def outputs_intact(out_dir: Path, outputs: list[str], recorded: Any) -> bool:
    if not isinstance(recorded, dict):
        return False                 # an entry from before sizes and hashes were recorded: redo
    for name in outputs:
        path, facts = out_dir / name, recorded.get(name)
        if not isinstance(facts, dict) or not path.is_file() or path.stat().st_size != facts.get("size"):
            return False
        if file_hash(path) != facts.get("sha256"):
            return False
    return True


def content_hash(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


@lru_cache(maxsize=None)
def tool_fingerprint(form_id: str | None) -> str:
    """The version, the code and the form definitions outputs depend on: ``form_id``'s file
    with the shared fragments and style, or every form for None (parsing detects the form)."""
    root = forms_dir()
    forms = [root / f"{form_id}.yaml"] if form_id else sorted(root.glob("*.yaml"))
    files = [*forms, root / STYLE_FILE, *sorted((root / FRAGMENTS_DIR).glob("*.yaml")),
             *sorted(_PACKAGE_DIR.rglob("*.py"))]
    parts: list[bytes | str] = [_version()]
    for path in dict.fromkeys(files):
        parts += [str(path.relative_to(path.parents[1])), path.read_bytes() if path.is_file() else b""]
    return content_hash(*parts)


def _version() -> str:
    try:
        return metadata.version("shenbao")
    except metadata.PackageNotFoundError:
        return "unknown"


def file_hash(path: Path) -> str:
    """The SHA-256 of a file, or a marker when it cannot be read (the item then fails itself)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return f"missing:{path}"
