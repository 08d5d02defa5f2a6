"""Files attached to an application (营业执照, 身份证复印件, 财务报告, 承诺书): PDF, PNG or JPEG.

Paths in the input are relative to the input file's folder.
"""
from __future__ import annotations

import logging
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from . import limits
from .errors import ShenbaoError
from .files import os_reason

PDF_MAGIC = b"%PDF-"
IMAGE_FORMATS = {"PNG": "PNG", "JPEG": "JPEG"}
IMAGE_MODES = ("1", "L", "LA", "P", "RGB", "RGBA")   # what both documents draw as they are


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
    """The attached file's path (relative ones from ``base_dir``); AttachmentError for a value
    that cannot be a path: blank, or holding a NUL, a control character or a lone surrogate."""
    if not value.strip():
        raise AttachmentError("文件路径为空")
    if any(ord(ch) < 32 or 0xD800 <= ord(ch) <= 0xDFFF for ch in value):
        raise AttachmentError("文件路径含有控制字符或无效字符")
    path = Path(value).expanduser() if value.startswith("~") else Path(value)
    return path if path.is_absolute() or base_dir is None else base_dir / path


def inspect(path: Path) -> Attachment:
    """What the file is, or AttachmentError saying in Chinese why it cannot be used."""
    stamp = _stamp(path)
    try:
        real = path.resolve(strict=True)
    except OSError as exc:
        raise AttachmentError(f"无法读取文件 {path}：{os_reason(exc)}") from exc
    except RuntimeError as exc:                  # a symlink loop (Python < 3.13)
        raise AttachmentError(f"无法读取文件 {path}：符号链接循环") from exc
    return _inspect(real, stamp)


def _stamp(path: Path) -> tuple[float, int]:
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise AttachmentError(f"文件不存在：{path}") from None
    except OSError as exc:
        raise AttachmentError(f"无法读取文件 {path}：{os_reason(exc)}") from exc
    except ValueError as exc:
        raise AttachmentError(f"无法读取文件 {path}：路径无效") from exc
    if not path.is_file():
        raise AttachmentError(f"不是文件：{path}")
    if stat.st_size > limits.MAX_ATTACHMENT_BYTES:
        raise AttachmentError(f"文件过大（{stat.st_size / limits.MB:.1f} MB，上限 "
                              f"{limits.MAX_ATTACHMENT_BYTES // limits.MB} MB）：{path.name}")
    return stat.st_mtime, stat.st_size


@lru_cache(maxsize=256)
def _inspect(path: Path, stamp: tuple[float, int]) -> Attachment:   # stamp: re-read when the file changes
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise AttachmentError(f"无法读取文件 {path}：{exc.strerror}") from exc
    if head.startswith(PDF_MAGIC):
        return _inspect_pdf(path)
    return _inspect_image(path)


def _inspect_pdf(path: Path) -> Attachment:
    from pypdf import PdfReader                  # pypdf and Pillow: ≈100 ms to import, only for attachments
    from pypdf.errors import PyPdfError

    try:
        with _quiet_pypdf():
            reader = PdfReader(path)
        if reader.is_encrypted:
            raise AttachmentError(f"PDF 已加密，无法并入：{path.name}")
        pages = len(reader.pages)
        if pages > limits.MAX_ATTACHMENT_PAGES:
            raise AttachmentError(f"PDF 有 {pages} 页，超过 {limits.MAX_ATTACHMENT_PAGES} 页的上限：{path.name}")
        boxes = [(float(page.mediabox.width), float(page.mediabox.height)) for page in reader.pages]
    except AttachmentError:
        raise
    except (PyPdfError, ValueError, KeyError, OSError, TypeError, AttributeError, RecursionError) as exc:
        raise AttachmentError(f"PDF 文件已损坏或无法解析：{path.name}") from exc
    if not pages:
        raise AttachmentError(f"PDF 文件没有页面：{path.name}")
    for number, (width, height) in enumerate(boxes, start=1):
        if not (1 <= abs(width) <= limits.MAX_PAGE_POINTS and 1 <= abs(height) <= limits.MAX_PAGE_POINTS):
            raise AttachmentError(f"PDF 第 {number} 页的页面尺寸无效（{width:g}×{height:g} 磅）：{path.name}")
    return Attachment(path, "pdf", pages, boxes[0][0], boxes[0][1])


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
    """The image's size and mode are read from its header; then, when they are within the
    limits, it is decoded once in full, so damaged pixel data is found here and not in render."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)   # judged just below
            with Image.open(path) as image:
                kind, mode, (width, height) = image.format, image.mode, image.size
                _check_image_header(path, kind, mode, width, height)
                image.load()
    except AttachmentError:
        raise
    except Image.DecompressionBombError as exc:
        raise AttachmentError(f"图片尺寸超出上限（{limits.MAX_IMAGE_PIXELS // 1_000_000} 百万像素），"
                              f"请缩小后再附：{path.name}") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise AttachmentError(f"不是可用的 PDF、PNG 或 JPEG 文件（或文件已损坏）：{path.name}") from exc
    return Attachment(path, "image", 1, float(width), float(height))


def _check_image_header(path: Path, kind: str | None, mode: str, width: int, height: int) -> None:
    if kind not in IMAGE_FORMATS:
        raise AttachmentError(f"图片格式 {kind} 不受支持，请转换为 PNG 或 JPEG：{path.name}")
    if width * height > limits.MAX_IMAGE_PIXELS or not width or not height:
        raise AttachmentError(f"图片尺寸 {width}×{height} 像素超出上限（{limits.MAX_IMAGE_PIXELS // 1_000_000} "
                              f"百万像素），请缩小后再附：{path.name}")
    if mode not in IMAGE_MODES:
        raise AttachmentError(f"图片颜色模式 {mode} 不受支持，请另存为 RGB 的 PNG 或 JPEG：{path.name}")
