"""Files attached to an application (营业执照, 身份证复印件, 财务报告, 承诺书): PDF, PNG or JPEG.

Paths in the input are relative to the input file's folder.
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from .errors import ShenbaoError

PDF_MAGIC = b"%PDF-"
IMAGE_FORMATS = {"PNG": "PNG", "JPEG": "JPEG"}


class AttachmentError(ShenbaoError):
    """An attachment is missing, unreadable or of a kind the documents cannot hold."""

    exit_code = 1


@dataclass(frozen=True)
class Attachment:
    path: Path
    kind: str          # "pdf" | "image"
    pages: int         # pages of a PDF; 1 for an image
    width: float       # pixels of an image; points of a PDF's first page
    height: float

    @property
    def name(self) -> str:
        return self.path.name


def resolve(value: str, base_dir: Path | None) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() or base_dir is None else base_dir / path


def inspect(path: Path) -> Attachment:
    """What the file is, or AttachmentError saying in Chinese why it cannot be used."""
    return _inspect(path.resolve(), _stamp(path))


def _stamp(path: Path) -> tuple[float, int]:
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise AttachmentError(f"文件不存在：{path}") from None
    except OSError as exc:
        raise AttachmentError(f"无法读取文件 {path}：{exc.strerror}") from exc
    if not path.is_file():
        raise AttachmentError(f"不是文件：{path}")
    return stat.st_mtime, stat.st_size


@lru_cache(maxsize=256)
def _inspect(path: Path, stamp: tuple[float, int]) -> Attachment:   # stamp: re-read when the file changes
    try:
        head = path.read_bytes()[:8]
    except OSError as exc:
        raise AttachmentError(f"无法读取文件 {path}：{exc.strerror}") from exc
    if head.startswith(PDF_MAGIC):
        return _inspect_pdf(path)
    return _inspect_image(path)


def _inspect_pdf(path: Path) -> Attachment:
    try:
        with _quiet_pypdf():
            reader = PdfReader(path)
        if reader.is_encrypted:
            raise AttachmentError(f"PDF 已加密，无法并入：{path.name}")
        pages = len(reader.pages)
        box = reader.pages[0].mediabox if pages else None
    except (PyPdfError, ValueError, KeyError, OSError) as exc:
        raise AttachmentError(f"PDF 文件已损坏或无法解析：{path.name}（{exc}）") from exc
    if not pages or box is None:
        raise AttachmentError(f"PDF 文件没有页面：{path.name}")
    return Attachment(path, "pdf", pages, float(box.width), float(box.height))


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs what it repairs; a broken attachment is reported as a Problem instead."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _inspect_image(path: Path) -> Attachment:
    try:
        with Image.open(path) as image:
            kind = image.format
            image.verify()
            width, height = image.size
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise AttachmentError(f"不是可用的 PDF、PNG 或 JPEG 文件：{path.name}") from exc
    if kind not in IMAGE_FORMATS:
        raise AttachmentError(f"图片格式 {kind} 不受支持，请转换为 PNG 或 JPEG：{path.name}")
    return Attachment(path, "image", 1, float(width), float(height))
