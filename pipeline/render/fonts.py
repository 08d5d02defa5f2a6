"""The embedded Song face: registration with reportlab and glyph coverage.

Parsing the face's tables (≈22,000 glyphs: cmap, hmtx, loca) took reportlab ≈0.1 s at every
start, so what it parses is kept in the cache (pipeline/cache.py) keyed by the font file's
path, size, modification and change times (as Python keys its .pyc files; hashing the 9.5 MB took 5 ms a
start), reportlab's version and Python's: the next process reads the tables from there and the
font file's bytes only when a PDF is made (:class:`_FontFile`). Each glyph's characters, which
only shaping uses, are not cached but made again when asked for (reading them back was another
10 ms). A missing, torn or foreign entry is parsed again; the result is the same object
reportlab makes (a test compares them, and the PDFs made with either, byte for byte)."""
from __future__ import annotations

import gc
import hashlib
import marshal
import os
import struct
from contextlib import contextmanager
from fnmatch import fnmatch
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator
from weakref import WeakKeyDictionary, finalize

import reportlab
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTEncoding, TTFError, TTFNameBytes, TTFont, TTFontFace

from ..cache import PYTHON_TAG, cache_file, read_checked, write_checked
from ..errors import RenderError
from ..loader import fonts_dir, load_style

_LINE_BREAKS = frozenset("\n\r")
FACE_CACHE_FORMAT = 2
# the parser's per-file state, not the face: the file's bytes come from the file, the rest is made again
_NOT_CACHED = frozenset({"_ttf_data", "_pos", "filename", "_pdfScale", "_glyph_to_char"})


@lru_cache(maxsize=1)
def song_font() -> TTFont:
    """The Song TrueType font, registered with reportlab under the style's name."""
    style = load_style()
    font = load_font(style.pdf_font_name, fonts_dir() / style.pdf_font_file)
    pdfmetrics.registerFont(font)
    return font


def load_font(name: str, path: Path) -> TTFont:
    """reportlab's TTFont of the file at ``path``, its parsed tables from the cache when there."""
    try:
        data = _FontFile(path)                # its bytes are read when the first PDF needs glyphs
    except OSError:
        raise RenderError(f"找不到字体文件 {path}（见 fonts/README.md 如何生成）") from None
    if not len(data):
        raise RenderError(f"字体文件 {path} 是空文件（见 fonts/README.md 如何生成）")
    entry = cache_file("fonts", _entry_name(_file_identity(path, data.stat)))
    face = _cached_face(read_checked(entry), data, path)
    if face is None:
        try:
            face = SongFace(str(path))
        except (TTFError, struct.error, ValueError, IndexError, KeyError) as exc:
            raise RenderError(f"字体文件 {path} 无法读取（{exc}）；见 fonts/README.md 如何生成") from None
        write_checked(entry, _face_entry(face))
    return _font_of(name, face)


class SongFace(TTFontFace):
    """reportlab's face, whose glyph table subsetting reads glyph by glyph: makeSubset took a
    copy of the whole 9 MB table for each subset of 256 characters (3–25 ms a render, most of
    it page faults), to slice a few hundred glyphs out of it."""

    @property
    def glyphToChar(self) -> dict[int, list[int]]:  # noqa: N802 (reportlab's name)
        """The characters of each glyph. reportlab reads it only to shape text, which ours never
        is: the cache leaves it out (reading it back was 10 ms of every start) and it is made
        again from ``charToGlyph`` the first time it is asked for."""
        inverse = self.__dict__.get("_glyph_to_char")
        if inverse is None:
            inverse = {}
            for char, glyph in self.charToGlyph.items():
                inverse.setdefault(glyph, []).append(char)
            self.__dict__["_glyph_to_char"] = inverse
        return inverse

    @glyphToChar.setter
    def glyphToChar(self, value: dict[int, list[int]]) -> None:  # noqa: N802
        self.__dict__["_glyph_to_char"] = value

    def makeSubset(self, subset: list[int]) -> bytes:  # noqa: N802 (reportlab's name)
        if isinstance(self._ttf_data, _FontFile):
            self._ttf_data = self._ttf_data.contents()     # read when the first PDF needs glyphs
        return super().makeSubset(subset)

    def get_table(self, tag: str) -> Any:
        if tag != "glyf":
            return super().get_table(tag)
        pos, length = self.get_table_pos(tag)
        return _Slices(self._ttf_data, pos, length)


class _Slices:
    """A table whose slices are bytes, copied one slice at a time."""

    def __init__(self, data: bytes, offset: int, length: int):
        self._data, self._offset, self._length = data, offset, length

    def __getitem__(self, key: slice) -> bytes:
        start, stop, _ = key.indices(self._length)
        return self._data[self._offset + start:self._offset + max(start, stop)]


class _FontFile:
    """The bytes of a font file, read whole from the file opened at load the first time
    subsetting asks for them (a start that only validates never reads them), then kept. Not
    mapped: a file cut short in place while a process holds a mapping of it (``cp`` over it,
    build_font.py writing it again) kills that process (SIGBUS). A file changed between load and
    that read is a named error (its glyphs would not match the tables); changed after it, it
    changes nothing in this process, which draws with the font it loaded."""

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = os.open(path, os.O_RDONLY)
        self._closer = finalize(self, os.close, self._fd)
        self.stat = os.fstat(self._fd)
        self._bytes: bytes | None = None

    def __len__(self) -> int:
        return self.stat.st_size

    def __getitem__(self, key: int | slice) -> Any:
        return self.contents()[key]

    def contents(self) -> bytes:
        if self._bytes is None:
            assert self._fd is not None
            now = os.fstat(self._fd)
            data = os.pread(self._fd, self.stat.st_size + 1, 0) \
                if (now.st_size, now.st_mtime_ns) == (self.stat.st_size, self.stat.st_mtime_ns) else b""
            if len(data) != self.stat.st_size:
                raise RenderError(f"字体文件 {self.path} 在程序运行中被改动（已改写或截短）；请重新运行（服务请重启）")
            self._bytes = data
            self._closer()
            self._fd = None
        return self._bytes


def _file_identity(path: Path, stat: os.stat_result) -> str:
    """The file's place and times; the change time too, which no copy (``cp -p``) or ``touch``
    can set back, so a same-size font put in place with its old modification time is new."""
    return f"{path.resolve()}|{stat.st_dev}|{stat.st_ino}|{stat.st_size}|{stat.st_mtime_ns}|{stat.st_ctime_ns}"


def _entry_name(identity: str) -> str:
    digest = hashlib.sha256(identity.encode("utf-8", "surrogateescape")).hexdigest()
    return f"face-v{FACE_CACHE_FORMAT}-{PYTHON_TAG}-rl{reportlab.Version}-{digest}.marshal"


def _face_entry(face: TTFontFace) -> bytes:
    """The face's parsed tables as marshal data."""
    attributes = {k: v for k, v in vars(face).items() if k not in _NOT_CACHED}
    names = {k: v.ustr for k, v in attributes.items() if isinstance(v, TTFNameBytes)}
    plain = {k: v for k, v in attributes.items() if k not in names}
    return marshal.dumps({"names": names, "plain": plain})


def _cached_face(payload: bytes | None, data: _FontFile, path: Path) -> TTFontFace | None:
    if payload is None:
        return None
    try:
        with _collector_paused():           # ≈100,000 small containers: no collection pass between them
            stored: Any = marshal.loads(payload)
        names, plain = stored["names"], stored["plain"]
        attributes = {**plain, **{k: TTFNameBytes(v.encode("utf-8"), "utf-8") for k, v in names.items()}}
    except (ValueError, EOFError, TypeError, KeyError, AttributeError):
        return None
    face = SongFace.__new__(SongFace)
    face.__dict__.update(attributes)
    face.__dict__.update(_ttf_data=data, _pos=0, filename=str(path))
    return face


@contextmanager
def _collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _font_of(name: str, face: TTFontFace) -> TTFont:
    """What ``TTFont(name, file)`` makes, around the face parsed or read from the cache."""
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob)
    return font


@lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    return frozenset(song_font().face.charToGlyph)


def missing_glyphs(text: str) -> list[str]:
    """Characters of ``text`` the embedded font cannot draw, each listed once, in order."""
    codes = set(map(ord, set(text))).difference(_covered())      # set operations: no loop per character
    missing = {chr(code) for code in codes} - _LINE_BREAKS
    return [ch for ch in dict.fromkeys(text) if ch in missing] if missing else []
