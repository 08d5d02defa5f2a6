"""Reading input files and writing outputs without ever leaving a half-written file."""
from __future__ import annotations

import errno
import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

from . import limits
from .errors import InputFileError, OutputError, UsageError
from .loader import form_ids, load_form
from .model import FormSpec


def read_json(path: Path) -> Any:
    return parse_json(read_bytes(path, limits.MAX_INPUT_BYTES), str(path))


class _Refused(ValueError):
    """A number or constant json refuses to read, with what it was."""


def _refuse_constant(token: str) -> Any:
    raise _Refused(f"{token} 不是 JSON 数值（只允许有限的数字）")


def _bounded_int(token: str) -> int:
    if len(token) > limits.MAX_NUMBER_CHARS:
        raise _Refused(f"数字 {token[:12]}…有 {len(token)} 位，超过 {limits.MAX_NUMBER_CHARS} 位的上限")
    return int(token)


def _bounded_float(token: str) -> float:
    if len(token) > limits.MAX_NUMBER_CHARS:
        raise _Refused(f"数字 {token[:12]}…有 {len(token)} 个字符，超过 {limits.MAX_NUMBER_CHARS} 个的上限")
    value = float(token)
    if not math.isfinite(value):
        raise _Refused(f"数字 {token} 超出范围")
    return value


def parse_json(raw: bytes, where: str) -> Any:
    """The JSON value of ``raw`` (UTF-8, a BOM allowed) within the limits of limits.py (size,
    nesting, numbers finite and of bounded length), or InputFileError naming ``where``."""
    if len(raw) > limits.MAX_INPUT_BYTES:
        raise InputFileError(f"{where}：文件过大（{len(raw) / limits.MB:.1f} MB，上限 "
                             f"{limits.MAX_INPUT_BYTES // limits.MB} MB）")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputFileError(f"{where}：不是 UTF-8 编码的文本") from None
    try:
        value = json.loads(text, parse_constant=_refuse_constant, parse_int=_bounded_int,
                           parse_float=_bounded_float)
    except json.JSONDecodeError as exc:
        raise InputFileError(f"{where}：不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）") from exc
    except _Refused as exc:
        raise InputFileError(f"{where}：不是有效的输入：{exc}") from exc
    except RecursionError:
        raise InputFileError(f"{where}：JSON 嵌套过深（上限 {limits.MAX_JSON_DEPTH} 层）") from None
    if json_depth(value) > limits.MAX_JSON_DEPTH:
        raise InputFileError(f"{where}：JSON 嵌套过深（上限 {limits.MAX_JSON_DEPTH} 层）")
    return value


def json_depth(value: Any) -> int:
    """How many objects and arrays lie inside each other in ``value`` (iteratively: no
    recursion to exhaust)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, (dict, list)):
            deepest = max(deepest, depth)
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return deepest


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
    """"pdf" or "docx" by the file's first bytes (not its name), once the document is known to
    be within the limits of limits.py (document_guard) — parse and check both start here."""
    from .document_guard import ensure_within_limits   # pypdf: only parse and check read documents

    for magic, kind in DOCUMENT_MAGIC:
        if data.startswith(magic):
            ensure_within_limits(data, kind, name)
            return kind
    raise InputFileError(f"{name}：既不是 PDF 也不是 DOCX 文件")


def read_bytes(path: Path, max_bytes: int = limits.MAX_DOCUMENT_BYTES) -> bytes:
    """The file's bytes; refused without reading it when larger than ``max_bytes``."""
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                raise InputFileError(f"{path}：文件过大（{size / limits.MB:.1f} MB，上限 {max_bytes // limits.MB} MB）")
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputFileError(f"{path}：文件不存在") from None
    except IsADirectoryError:
        raise InputFileError(f"{path}：是文件夹，不是文件") from None
    except OSError as exc:
        raise InputFileError(f"{path}：无法读取（{os_reason(exc)}）") from exc
    except ValueError as exc:                 # a NUL in the name
        raise InputFileError(f"{path}：无法读取（路径无效）") from exc
    if len(data) > max_bytes:                 # grew while read, or a device
        raise InputFileError(f"{path}：文件过大（上限 {max_bytes // limits.MB} MB）")
    return data


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()


def write_all(files: dict[Path, bytes]) -> None:
    """Write every file or none: each goes to a temporary name beside it first, and only when
    all are written are they renamed into place; a folder made for them is removed again when
    the writing fails. OutputError (exit 2) says which path could not be written and why."""
    for path in files:
        if path.is_dir():
            raise OutputError(f"无法写入 {path}：已有同名的文件夹")
    made: list[Path] = []
    temporaries: dict[Path, str] = {}
    try:
        for path, data in files.items():
            made += _make_parents(path.parent)
            temporaries[path] = _write_temporary(path, data)
        for path, tmp in temporaries.items():
            os.replace(tmp, path)
    except BaseException as exc:            # Ctrl-C too: no temporary file or empty folder stays
        for tmp in temporaries.values():
            Path(tmp).unlink(missing_ok=True)
        for folder in reversed(made):
            _remove_if_empty(folder)
        if isinstance(exc, OSError):
            raise OutputError(f"无法写入 {exc.filename or next(iter(files))}：{os_reason(exc)}") from exc
        raise


def ensure_folder(folder: Path) -> None:
    """``folder`` exists (made if need be), or OutputError saying why it cannot."""
    try:
        _make_parents(folder)
    except OSError as exc:
        raise OutputError(f"无法创建输出文件夹 {exc.filename or folder}：{os_reason(exc)}") from exc


def _make_parents(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; the ones created, outermost first."""
    if folder.is_dir():
        return []                       # the usual case, in one look
    missing = [p for p in (folder, *folder.parents) if not p.exists()][::-1]
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "不是文件夹", str(folder))
    folder.mkdir(parents=True, exist_ok=True)
    return missing


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass


_OS_REASONS = {"ELOOP": "符号链接循环", "EACCES": "没有访问权限", "EPERM": "没有访问权限",
               "ENOSPC": "磁盘空间不足", "EROFS": "文件系统只读", "ENOTDIR": "路径中有一项是文件而不是文件夹",
               "EEXIST": "路径中有一项是文件而不是文件夹", "ENAMETOOLONG": "文件名过长",
               "EISDIR": "已有同名的文件夹", "ENOENT": "路径不存在"}


def os_reason(exc: OSError) -> str:
    """Why an operating-system call failed, in Chinese where the reason is a common one."""
    return _OS_REASONS.get(errno.errorcode.get(exc.errno or 0, ""), exc.strerror or str(exc))


def _write_temporary(path: Path, data: bytes) -> str:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:40]}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, _FILE_MODE)          # mkstemp makes 0600; outputs are ordinary files
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:40]}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, _FILE_MODE)          # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
