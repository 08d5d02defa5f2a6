"""What an earlier run made, so that a re-run skips items that are up to date.

``DIR/.shenbao-batch.json`` maps each item (its input's absolute path, ``:line`` for JSON Lines)
to the SHA-256 of everything its outputs depend on — the input's bytes, the attached files, the
form definition, the tool's code and version, the options — and to the outputs it wrote. An item
is skipped when that hash is unchanged and every output still exists.

Each item's change is appended to ``DIR/.shenbao-batch.journal`` (one JSON line) as it ends, so an
interrupted run resumes where it stopped; the manifest is written whole, and the journal
removed, when the run ends. (Rewriting the whole manifest after every item cost time growing
with the number of items, for every item.)
"""
from __future__ import annotations

import hashlib
import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import IO, Any, Iterator

from ..files import atomic_write
from ..loader import FRAGMENTS_DIR, STYLE_FILE, forms_dir

MANIFEST_NAME = ".shenbao-batch.json"
JOURNAL_NAME = ".shenbao-batch.journal"
MANIFEST_VERSION = 1
_PACKAGE_DIR = Path(__file__).resolve().parent.parent


@dataclass
class Manifest:
    """Entries per command ("render", "parse"), each {item key: entry}; every change is
    journaled at once, the whole written by :meth:`save` (see :func:`open_manifest`)."""

    path: Path
    entries: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    _journal: IO[bytes] | None = field(default=None, repr=False)

    @property
    def journal_path(self) -> Path:
        return self.path.with_name(JOURNAL_NAME)

    @classmethod
    def load(cls, out_dir: Path) -> "Manifest":
        """The manifest with the changes journaled since it was last written whole (by a run
        that was interrupted)."""
        manifest = cls(out_dir / MANIFEST_NAME, _read_entries(out_dir / MANIFEST_NAME))
        manifest._replay()
        return manifest

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
        self._append(command, key, entry)

    def forget(self, command: str, key: str) -> None:
        if self.entries.get(command, {}).pop(key, None) is not None:
            self._append(command, key, None)

    def save(self) -> None:
        """Write the manifest whole, then drop the journal it now holds."""
        text = json.dumps({"version": MANIFEST_VERSION, "entries": self.entries}, ensure_ascii=False, indent=1)
        atomic_write(self.path, text.encode("utf-8"))
        self._close_journal()
        self.journal_path.unlink(missing_ok=True)

    def _append(self, command: str, key: str, entry: dict[str, Any] | None) -> None:
        """One line per change (None: the entry is dropped), on disk before the next item ends."""
        if self._journal is None:
            self._journal = self.journal_path.open("ab")
            if self._journal.tell():
                self._journal.write(b"\n")     # after a line an earlier run may have left unfinished
        line = json.dumps({"version": MANIFEST_VERSION, "command": command, "key": key, "entry": entry},
                          ensure_ascii=False)
        self._journal.write(line.encode("utf-8") + b"\n")
        self._journal.flush()

    def _replay(self) -> None:
        """Apply the journal's changes in order. A line that cannot be read (the last one of a
        run killed while writing it) is passed over."""
        try:
            lines = self.journal_path.read_bytes().splitlines()
        except OSError:
            return
        for line in lines:
            try:
                change = json.loads(line)
            except ValueError:
                continue
            if isinstance(change, dict) and change.get("version") == MANIFEST_VERSION:
                self._apply(change.get("command"), change.get("key"), change.get("entry"))

    def _apply(self, command: Any, key: Any, entry: Any) -> None:
        if not isinstance(command, str) or not isinstance(key, str):
            return
        if isinstance(entry, dict):
            self.entries.setdefault(command, {})[key] = entry
        elif entry is None:
            self.entries.get(command, {}).pop(key, None)

    def _close_journal(self) -> None:
        if self._journal is not None:
            self._journal.close()
            self._journal = None


@contextmanager
def open_manifest(out_dir: Path) -> Iterator[Manifest]:
    """The output folder's manifest, written whole when the run ends, however it ends (an
    interrupted run included). If that fails, its journal stays and the next run reads it."""
    manifest = Manifest.load(out_dir)
    try:
        yield manifest
    finally:
        try:
            manifest.save()
        except OSError:
            manifest._close_journal()


def _read_entries(path: Path) -> dict[str, dict[str, dict[str, Any]]]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}                                    # none yet, or unreadable: everything is redone
    if not isinstance(raw, dict) or raw.get("version") != MANIFEST_VERSION or not isinstance(raw.get("entries"), dict):
        return {}
    return {k: v for k, v in raw["entries"].items() if isinstance(v, dict)}


def output_files(written: dict[str, bytes]) -> dict[str, dict[str, Any]]:
    """Size and SHA-256 of each output (name → the bytes just written to it), recorded so that
    a re-run notices one that was truncated, replaced or edited since."""
    return {name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()} for name, data in written.items()}


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
