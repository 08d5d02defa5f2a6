"""Uploaded files: limited in size and number, written into a per-request temporary folder under
names of our own (a user's file name is only ever shown, never used as a path), zip archives
opened with the same care (entry count and sizes bounded, names not trusted)."""
from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from starlette.responses import JSONResponse

from ..errors import InputFileError
from ..files import document_kind

DOCUMENT_SUFFIXES = (".pdf", ".docx")
ZIP_MAGIC = b"PK\x03\x04"
ZIP_ENTRIES_PER_FILE = 10     # a zip may hold this many entries (folders, other files) per file allowed


@dataclass(frozen=True)
class Limits:
    """What one request may bring (the whole body is limited by the app's middleware)."""

    request_bytes: int = 200 * 1024 * 1024
    file_bytes: int = 30 * 1024 * 1024
    files: int = 300
    json_bytes: int = 5 * 1024 * 1024

    @property
    def request_mb(self) -> int:
        return self.request_bytes // (1024 * 1024)

    @property
    def file_mb(self) -> int:
        return self.file_bytes // (1024 * 1024)


class TooLarge(InputFileError):
    """An upload over a limit: answered with 413."""


@dataclass(frozen=True)
class Upload:
    name: str          # as the user named it (shown only); a zip entry: "archive.zip/inner/name.pdf"
    path: Path         # our own name inside the request's folder


class UploadFolder:
    """A temporary folder for one request's files, removed by ``close`` (or the ``with`` block)."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.root = Path(tempfile.mkdtemp(prefix="shenbao-web-"))
        self.uploads: list[Upload] = []

    def __enter__(self) -> "UploadFolder":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def add(self, name: str, content: bytes, suffix: str) -> Upload:
        if len(self.uploads) >= self.limits.files:
            raise TooLarge(f"文件太多：一次最多 {self.limits.files} 个文件")
        if len(content) > self.limits.file_bytes:
            raise TooLarge(f"{name}：文件太大（{len(content) / 1048576:.1f} MB），每个文件不超过 {self.limits.file_mb} MB")
        path = self.root / f"{len(self.uploads) + 1:05d}{suffix}"
        path.write_bytes(content)
        upload = Upload(name, path)
        self.uploads.append(upload)
        return upload

    def add_documents(self, name: str, content: bytes) -> list[str]:
        """A PDF/DOCX file, or every PDF/DOCX inside a zip; returns the notes on what was left out."""
        if content.startswith(ZIP_MAGIC) and name.lower().endswith(".zip"):
            return self._add_zip(name, content)
        self.add(name, content, document_suffix(name, content))
        return []

    def _add_zip(self, name: str, content: bytes) -> list[str]:
        try:
            archive = zipfile.ZipFile(io.BytesIO(content))
            entries = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise InputFileError(f"{name}：不是有效的 zip 压缩包（{exc}）") from exc
        if len(entries) > ZIP_ENTRIES_PER_FILE * self.limits.files:
            raise TooLarge(f"{name}：压缩包中的条目太多（{len(entries)} 个）")
        notes = []
        for entry in entries:
            inner = _entry_name(entry)
            if entry.is_dir() or inner is None:
                continue
            shown = f"{name}/{inner}"
            if not inner.lower().endswith(DOCUMENT_SUFFIXES):
                notes.append(f"{shown}：不是 PDF 或 DOCX，已跳过")
                continue
            data = _read_entry(archive, entry, shown, self.limits.file_bytes)
            self.add(shown, data, document_suffix(inner, data))
        return notes


def _entry_name(entry: zipfile.ZipInfo) -> str | None:
    """The entry's name for display, decoded as a Chinese Windows zip writes it; None for the
    entries an archiver adds (__MACOSX, dot files, Office lock files)."""
    name = entry.filename
    if not entry.flag_bits & 0x800:                      # not marked UTF-8: cp437 per the spec …
        try:
            name = name.encode("cp437").decode("gbk")    # … but 简体中文 Windows writes GBK
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if not parts or parts[0] == "__MACOSX" or parts[-1].startswith((".", "~$")):
        return None
    return "/".join(p for p in parts if p not in ("", ".", ".."))


def _read_entry(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, shown: str, limit: int) -> bytes:
    """The entry's bytes, read no further than the limit whatever its header claims."""
    if entry.file_size > limit:
        raise TooLarge(f"{shown}：解压后太大（{entry.file_size / 1048576:.1f} MB），每个文件不超过 {limit // 1048576} MB")
    try:
        with archive.open(entry) as stream:
            data = stream.read(limit + 1)
    except RuntimeError as exc:                          # an encrypted entry
        raise InputFileError(f"{shown}：压缩包中的文件已加密，无法读取") from exc
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputFileError(f"{shown}：无法从压缩包中解出（{exc}）") from exc
    if len(data) > limit:
        raise TooLarge(f"{shown}：解压后超过 {limit // 1048576} MB")
    return data


def document_suffix(name: str, content: bytes) -> str:
    """".pdf" or ".docx" by the content's first bytes (as the CLI tells them); ".bin" for
    anything else (the reader then says what it is not)."""
    try:
        return "." + document_kind(content, name)
    except InputFileError:
        return ".bin"


class BodyLimit:
    """413 with a Chinese message for a request body over the limit, by its Content-Length or
    as it streams in (chunked); nothing beyond the limit is read."""

    def __init__(self, app: Any, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        seen = 0

        async def counted() -> Any:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise TooLarge(self.message)
            return message

        try:
            await self.app(scope, counted, send)
        except TooLarge:
            await self._refuse(scope, receive, send)

    @property
    def message(self) -> str:
        return f"上传内容太大：一次不超过 {self.limit // 1048576} MB"

    async def _refuse(self, scope: Any, receive: Any, send: Any) -> None:
        await JSONResponse({"error": self.message}, status_code=413)(scope, receive, send)
