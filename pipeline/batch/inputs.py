"""What a batch works on: the inputs named on the command line, expanded and read.

Render: JSON files, folders (every *.json directly inside, sorted) and JSON Lines files (one
input object per line). Parse: PDF/DOCX files and folders (searched recursively); a PDF and a
DOCX of the same name in the same folder are one submission.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from .. import limits
from ..errors import InputFileError, UsageError
from ..files import parse_json, read_bytes
from ..loader import form_ids, load_form

JSONL_SUFFIXES = (".jsonl", ".ndjson")
SUBMISSION_SUFFIXES = (".pdf", ".docx")


@dataclass(frozen=True)
class RenderInput:
    name: str                       # shown in the report
    key: str                        # identity in the manifest (absolute path, ":line" for JSONL)
    base_dir: Path
    raw: bytes = b""                # the bytes the content hash is taken of
    form: str = ""
    data: dict[str, Any] | None = None
    error: str = ""                 # why it cannot be rendered at all (not JSON, no form…)


@dataclass(frozen=True)
class Submission:
    name: str                       # the first file as named on the command line
    key: str
    paths: tuple[Path, ...]         # the PDF first, then a DOCX of the same name


def render_inputs(sources: list[Path], skip: set[Path] = frozenset()) -> Iterator[RenderInput]:
    """Every input the sources name, in order, each read when it is reached (a batch holds one
    at a time); ``skip`` holds files the batch itself wrote."""
    if not sources:
        raise UsageError("没有指定输入文件或文件夹")
    return (item for source in sources for item in _expand_render_source(source, skip))


def count_render_inputs(sources: list[Path], skip: set[Path] = frozenset()) -> int:
    """About how many inputs the sources name (a progress bar's total), without reading them
    as JSON: the files of a folder, the non-empty lines of a JSON Lines file."""
    return sum(_count_source(source, skip) for source in sources)


def _count_source(source: Path, skip: set[Path]) -> int:
    if source.is_dir():
        return len(_json_files(source, skip)) or 1
    if source.suffix.lower() not in JSONL_SUFFIXES:
        return 1
    try:
        with source.open("rb") as handle:
            return sum(1 for line in _bounded_lines(handle) if line.strip()) or 1
    except OSError:
        return 1


def _json_files(folder: Path, skip: set[Path]) -> list[Path]:
    return [p for p in sorted(folder.glob("*.json")) if not p.name.startswith(".") and p.resolve() not in skip]


def _expand_render_source(source: Path, skip: set[Path]) -> Iterator[RenderInput]:
    if source.is_dir():
        files = _json_files(source, skip)
        if not files:
            yield _broken(source, f"{source}：文件夹中没有 .json 文件")
        for path in files:
            yield _json_input(path)
    elif source.suffix.lower() in JSONL_SUFFIXES:
        yield from _jsonl_inputs(source)
    else:
        yield _json_input(source)


def _broken(path: Path, message: str, key: str | None = None, name: str | None = None) -> RenderInput:
    return RenderInput(name=name or str(path), key=key or str(path.resolve()), base_dir=path.parent,
                       error=message)


def _json_input(path: Path) -> RenderInput:
    try:
        raw = read_bytes(path, limits.MAX_INPUT_BYTES)
    except InputFileError as exc:
        return _broken(path, str(exc))
    return _decoded(str(path), str(path.resolve()), path.parent.resolve(), raw, where=str(path))


def _jsonl_inputs(path: Path) -> Iterator[RenderInput]:
    """One input per non-empty line, the file read line by line."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        yield _broken(path, f"{path}：文件不存在")
        return
    except OSError as exc:
        yield _broken(path, f"{path}：无法读取（{exc.strerror}）")
        return
    found = False
    with handle:
        for number, line in enumerate(_bounded_lines(handle), start=1):
            if line.strip():
                found = True
                yield _decoded(f"{path}:{number}", f"{path.resolve()}:{number}", path.parent.resolve(),
                               line.rstrip(b"\r\n"), where=f"{path} 第 {number} 行")
    if not found:
        yield _broken(path, f"{path}：文件中没有任何输入（每行应为一个 JSON 对象）")


def _bounded_lines(handle: Any) -> Iterator[bytes]:
    """The file's lines; one longer than an input may be comes as its first MAX_INPUT_BYTES + 1
    bytes (refused as too large), the rest of it skipped unread into memory."""
    while line := handle.readline(limits.MAX_INPUT_BYTES + 1):
        if len(line) > limits.MAX_INPUT_BYTES and not line.endswith(b"\n"):
            while (rest := handle.readline(limits.MB)) and not rest.endswith(b"\n"):
                pass
        yield line


def _decoded(name: str, key: str, base_dir: Path, raw: bytes, where: str) -> RenderInput:
    """The input with its form and data, or with the Chinese reason it has none."""
    try:
        data = parse_json(raw, where)
    except InputFileError as exc:
        return RenderInput(name, key, base_dir, raw[:limits.MAX_INPUT_BYTES], error=str(exc))
    if not isinstance(data, dict):
        return RenderInput(name, key, base_dir, raw, error=f"{where}：顶层必须是 JSON 对象（{{…}}）")
    form = data.get("form")
    if not isinstance(form, str) or form not in form_ids():
        shown = f"未知的表单“{form}”" if isinstance(form, str) and form else "缺少顶层成员 \"form\"（表单编号）"
        return RenderInput(name, key, base_dir, raw, error=f"{where}：{shown}，可用：{'、'.join(form_ids())}")
    load_form(form)
    return RenderInput(name, key, base_dir, raw, form=form, data=data)


def submissions(sources: list[Path], skip_dir: Path | None = None) -> tuple[list[Submission], list[str]]:
    """The submissions among the sources, and the Chinese reasons some sources gave none."""
    if not sources:
        raise UsageError("没有指定要读取的文件或文件夹")
    files: list[Path] = []
    missing: list[str] = []
    for source in sources:
        if source.is_dir():
            found = [p for p in sorted(source.rglob("*")) if _is_submission(p, skip_dir)]
            if not found:
                missing.append(f"{source}：文件夹中没有 PDF 或 DOCX 文件")
            files.extend(found)
        elif source.exists():
            files.append(source)
        else:
            missing.append(f"{source}：文件不存在")
    return _group(files), missing


def _is_submission(path: Path, skip_dir: Path | None) -> bool:
    if not path.is_file() or path.suffix.lower() not in SUBMISSION_SUFFIXES:
        return False
    if path.name.startswith((".", "~$")):          # temporary files, Word's lock files
        return False
    return skip_dir is None or not path.resolve().is_relative_to(skip_dir.resolve())


def _group(files: list[Path]) -> list[Submission]:
    """One submission per folder and file name: its PDF (read first) and its DOCX."""
    groups: dict[tuple[Path, str], list[Path]] = {}
    for path in dict.fromkeys(files):                 # a file named twice is read once
        groups.setdefault((path.resolve().parent, path.stem), []).append(path)
    result = []
    for paths in groups.values():
        paths.sort(key=lambda p: (p.suffix.lower() != ".pdf", str(p)))
        result.append(Submission(name=str(paths[0]), key=str(paths[0].resolve()), paths=tuple(paths)))
    return result
