"""Reading input files and writing outputs without ever leaving a half-written file."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .errors import InputFileError, UsageError
from .loader import form_ids, load_form
from .model import FormSpec


def read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputFileError(f"{path}：文件不存在") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(f"{path}：无法读取（{exc}）") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputFileError(f"{path}：不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）") from exc


def load_input(path: Path) -> tuple[FormSpec, dict[str, Any]]:
    """The form named by the file's top-level "form" member, and the data."""
    data = read_json(path)
    if not isinstance(data, dict):
        raise InputFileError(f"{path}：顶层必须是 JSON 对象（{{…}}）")
    form_id = data.get("form")
    if not isinstance(form_id, str) or not form_id:
        raise InputFileError(f"{path}：缺少顶层成员 \"form\"（表单编号，可用：{'、'.join(form_ids())}）")
    try:
        return load_form(form_id), data
    except UsageError as exc:
        raise InputFileError(f"{path}：{exc}") from exc


DOCUMENT_MAGIC = ((b"%PDF-", "pdf"), (b"PK", "docx"))


def document_kind(data: bytes, name: str) -> str:
    """"pdf" or "docx" by the file's first bytes (not its name)."""
    for magic, kind in DOCUMENT_MAGIC:
        if data.startswith(magic):
            return kind
    raise InputFileError(f"{name}：既不是 PDF 也不是 DOCX 文件")


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(f"{path}：文件不存在") from None
    except IsADirectoryError:
        raise InputFileError(f"{path}：是文件夹，不是文件") from None
    except OSError as exc:
        raise InputFileError(f"{path}：无法读取（{exc.strerror}）") from exc


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, _FILE_MODE)          # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
