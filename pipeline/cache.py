"""The on-disk cache of what is slow to work out again at every start (parsed form definitions,
the Song face's parsed tables): ``~/.cache/shenbao`` (``$XDG_CACHE_HOME/shenbao``), or
``$SHENBAO_CACHE_DIR``; an empty ``SHENBAO_CACHE_DIR`` turns it off.

Entries are named by a hash of what they were made from, so a changed source is simply a miss.
Reading and writing are best effort: an absent, unreadable or read-only cache is a miss, never
an error, and an entry is written to a temporary name and renamed (no torn entry)."""
from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path

PYTHON_TAG = f"py{sys.version_info[0]}{sys.version_info[1]}"   # for entries in a version's own format (marshal)
_CHECKSUM_BYTES = 32


def cache_file(kind: str, name: str) -> Path | None:
    """Where the entry ``name`` of ``kind`` ("forms", "fonts") is kept; None when caching is off."""
    configured = os.environ.get("SHENBAO_CACHE_DIR")
    if configured == "":
        return None
    base = Path(configured) if configured else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "shenbao"
    return base / kind / name


def read_entry(path: Path | None) -> bytes | None:
    """The entry's bytes, or None when there is none or it cannot be read."""
    if path is None:
        return None
    try:
        return path.read_bytes()
    except (OSError, ValueError):
        return None


def write_entry(path: Path | None, data: bytes) -> None:
    """Keep ``data`` as the entry at ``path`` (atomically), or silently nothing when that fails."""
    if path is None:
        return
    temp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except (OSError, ValueError):
        if temp is not None:
            Path(temp).unlink(missing_ok=True)


def read_checked(path: Path | None) -> bytes | None:
    """What :func:`write_checked` kept at ``path``, or None when there is none or it is torn or
    damaged (its SHA-256 does not match): binary entries are checked before they are decoded."""
    entry = read_entry(path)
    if entry is None or len(entry) <= _CHECKSUM_BYTES:
        return None
    checksum, payload = entry[:_CHECKSUM_BYTES], entry[_CHECKSUM_BYTES:]
    return payload if hashlib.sha256(payload).digest() == checksum else None


def write_checked(path: Path | None, payload: bytes) -> None:
    """Keep ``payload`` after its SHA-256."""
    write_entry(path, hashlib.sha256(payload).digest() + payload)
