"""A submitted PDF or DOCX is looked over before anything reads it (parse, check): within the
limits of limits.py and not corrupt at the level a reader would trip over, so that a zip bomb,
a PDF whose content stream inflates to gigabytes, an encrypted PDF or a page tree that loops is
refused in bounded time and memory with a Chinese message naming the file."""
from __future__ import annotations

import io
import logging
import os
import traceback
import zipfile
import zlib
from contextlib import contextmanager
from typing import Any, Iterator

from pypdf import PdfReader
from pypdf.generic import IndirectObject, StreamObject

from . import limits
from .errors import InputFileError, ShenbaoError

_CHUNK = 1 << 20
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
# Where a damaged document makes the reading fail: the PDF, zip and XML libraries.
_READER_LIBRARIES = ("pdfminer", "pdfplumber", "pypdf", "lxml", "zipfile", "fontTools")
_KIND_NAMES = {"pdf": "PDF", "docx": "DOCX"}


def ensure_within_limits(data: bytes, kind: str, name: str) -> None:
    """InputFileError when the document ``kind`` ("pdf" | "docx") cannot be read safely."""
    if len(data) > limits.MAX_DOCUMENT_BYTES:
        raise InputFileError(f"{name}：文件过大（{len(data) / limits.MB:.1f} MB，上限 "
                             f"{limits.MAX_DOCUMENT_BYTES // limits.MB} MB）")
    if kind == "pdf":
        _check_pdf(data, name)
    else:
        _check_docx(data, name)


@contextmanager
def reading_document(name: str, kind: str) -> Iterator[None]:
    """Around the reading of a document that passed :func:`ensure_within_limits`: an exception
    raised inside a PDF, zip or XML library — not in this package — means the file is damaged
    in a way the libraries do not survive (a mangled box, an undecodable stream…): it becomes
    InputFileError naming the file. An exception raised in this package's own code stays one."""
    try:
        with quiet_pdf_libraries():
            yield
    except ShenbaoError:
        raise
    except Exception as exc:   # noqa: BLE001 — sorted by where it was raised, below
        if not _raised_in_reader_library(exc):
            raise
        raise InputFileError(f"{name}：{_KIND_NAMES.get(kind, kind)} 文件已损坏或无法解析（{_reason(exc)}）") from exc


def _raised_in_reader_library(exc: BaseException) -> bool:
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames or os.path.abspath(frames[-1].filename).startswith(_PACKAGE_DIR):
        return False
    return any(_in_library(frame.filename) for frame in frames) or isinstance(exc, RecursionError)


def _in_library(filename: str) -> bool:
    return any(f"{os.sep}{lib}{os.sep}" in filename or filename.endswith(f"{os.sep}{lib}.py")
               for lib in _READER_LIBRARIES)


# ---- DOCX -----------------------------------------------------------------------------------

def _check_docx(data: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
            _check_docx_sizes(infos, name)
            for info in infos:
                _read_bounded(package, info)
    except InputFileError:
        raise
    except Exception as exc:   # noqa: BLE001 — zipfile raises many kinds for a damaged package
        raise InputFileError(f"{name}：DOCX 文件已损坏或无法解析（{_reason(exc)}）") from exc


def _check_docx_sizes(infos: list[zipfile.ZipInfo], name: str) -> None:
    """Declared sizes, before anything is inflated (zipfile never inflates past them)."""
    if len(infos) > limits.MAX_DOCX_PARTS:
        raise InputFileError(f"{name}：DOCX 文件含 {len(infos)} 个部件，超过 {limits.MAX_DOCX_PARTS} 个的上限")
    for info in infos:
        if info.file_size > limits.MAX_DOCX_PART_BYTES:
            raise InputFileError(f"{name}：DOCX 文件的部件 {info.filename} 解压后有 "
                                 f"{info.file_size / limits.MB:.0f} MB，超过 "
                                 f"{limits.MAX_DOCX_PART_BYTES // limits.MB} MB 的上限")
    total = sum(info.file_size for info in infos)
    if total > limits.MAX_DOCX_TOTAL_BYTES:
        raise InputFileError(f"{name}：DOCX 文件解压后共 {total / limits.MB:.0f} MB，超过 "
                             f"{limits.MAX_DOCX_TOTAL_BYTES // limits.MB} MB 的上限")


def _read_bounded(package: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Inflate one part in chunks, keeping none: its checksum is verified at the end, and
    zipfile stops at the declared size (checked above)."""
    with package.open(info) as member:
        while member.read(_CHUNK):
            pass


# ---- PDF ------------------------------------------------------------------------------------

def _check_pdf(data: bytes, name: str) -> None:
    try:
        with quiet_pdf_libraries():
            reader = PdfReader(io.BytesIO(data), strict=False)
            encrypted = reader.is_encrypted
            if not encrypted:
                _check_pdf_streams(reader, name)
                pages = len(reader.pages)
    except InputFileError:
        raise
    except Exception as exc:   # noqa: BLE001 — pypdf raises many kinds for a damaged file
        raise InputFileError(f"{name}：PDF 文件已损坏或无法解析（{_reason(exc)}）") from exc
    if encrypted:
        raise InputFileError(f"{name}：PDF 文件已加密（设有打开密码或权限密码），无法读取；请提交未加密的文件")
    if pages == 0:
        raise InputFileError(f"{name}：PDF 文件没有页面")
    if pages > limits.MAX_PDF_PAGES:
        raise InputFileError(f"{name}：PDF 文件有 {pages} 页，超过 {limits.MAX_PDF_PAGES} 页的上限")


def _check_pdf_streams(reader: PdfReader, name: str) -> None:
    """Every stream of the file, inflated in chunks and not kept: none larger than
    MAX_PDF_STREAM_BYTES, all together not larger than MAX_PDF_TOTAL_STREAM_BYTES."""
    numbers = [(number, generation) for generation, table in reader.xref.items() for number in table]
    if len(numbers) > limits.MAX_PDF_OBJECTS:
        raise InputFileError(f"{name}：PDF 文件含 {len(numbers)} 个对象，超过 {limits.MAX_PDF_OBJECTS} 个的上限")
    total = 0
    for number, generation in numbers:
        obj = reader.get_object(IndirectObject(number, generation, reader))
        if not isinstance(obj, StreamObject):
            continue
        size = _stream_size(obj)
        if size > limits.MAX_PDF_STREAM_BYTES:
            raise InputFileError(f"{name}：PDF 文件的对象 {number} 解压后超过 "
                                 f"{limits.MAX_PDF_STREAM_BYTES // limits.MB} MB 的上限")
        total += size
        if total > limits.MAX_PDF_TOTAL_STREAM_BYTES:
            raise InputFileError(f"{name}：PDF 文件的内容解压后超过 "
                                 f"{limits.MAX_PDF_TOTAL_STREAM_BYTES // limits.MB} MB 的上限")


def _stream_size(stream: StreamObject) -> int:
    """The size of a stream once its first filter is undone (a Flate stream inflated up to
    just past the limit); a damaged Flate stream counts as what inflated before the damage."""
    raw: Any = stream._data      # noqa: SLF001 — the encoded bytes; get_data() would inflate all
    raw = bytes(raw or b"")
    filters = stream.get("/Filter")
    first = filters[0] if isinstance(filters, list) and filters else filters
    if first not in ("/FlateDecode", "/Fl"):
        return len(raw)
    inflater = zlib.decompressobj()
    size = 0
    try:
        size += len(inflater.decompress(raw, _CHUNK))
        while inflater.unconsumed_tail and size <= limits.MAX_PDF_STREAM_BYTES:
            size += len(inflater.decompress(inflater.unconsumed_tail, _CHUNK))
    except zlib.error:
        pass
    return size


@contextmanager
def quiet_pdf_libraries() -> Iterator[None]:
    """pypdf and pdfminer log, in English, what they repair; what matters is reported in Chinese."""
    loggers = [logging.getLogger(n) for n in ("pypdf", "pdfminer")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "结构循环或嵌套过深"
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}"[:200] if text else type(exc).__name__
