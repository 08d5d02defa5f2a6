"""Start-up stays light: the command line imports no renderer or PDF library until a command
needs it, and form definitions are read from a cache keyed by their bytes."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import loader

HEAVY = ("reportlab", "docx", "pypdf", "pdfplumber", "pdfminer", "jsonschema", "lxml", "yaml", "openpyxl")


def _modules_loaded_by(code: str, env: dict[str, str] | None = None) -> set[str]:
    probe = f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env)
    names = json.loads(out.stdout.splitlines()[-1])
    return {*names, *(name.split(".")[0] for name in names)}     # each module, and its top-level package


@pytest.mark.parametrize("argv", [["--help"], ["forms"], ["schema", "demo-2020"]])
def test_light_commands_import_no_heavy_library(argv: list[str], tmp_path: Path) -> None:
    env = {**os.environ, "SHENBAO_CACHE_DIR": str(tmp_path)}
    code = ("import contextlib, io\nfrom pipeline.cli import main\n"
            f"with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    try:\n        main({argv!r})\n    except SystemExit:\n        pass\n"
            f"    main(['forms'])")  # the second read comes from the cache: no YAML parser
    loaded = _modules_loaded_by(code, env)
    assert not loaded & set(HEAVY) - {"yaml"}, loaded & set(HEAVY)


def test_second_start_reads_forms_without_yaml(tmp_path: Path) -> None:
    env = {**os.environ, "SHENBAO_CACHE_DIR": str(tmp_path)}
    code = "from pipeline.cli import main\nimport contextlib, io\nwith contextlib.redirect_stdout(io.StringIO()):\n    main(['forms'])"
    _modules_loaded_by(code, env)                     # fills the cache
    assert "yaml" not in _modules_loaded_by(code, env)


def test_cache_follows_the_definition_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHENBAO_CACHE_DIR", str(tmp_path / "cache"))
    definition = tmp_path / "form.yaml"
    definition.write_text("title: 一\nitems: [1, 2]\n", encoding="utf-8")
    assert loader._read_yaml(definition) == {"title": "一", "items": [1, 2]}
    assert loader._read_yaml(definition) == {"title": "一", "items": [1, 2]}   # from the cache
    definition.write_text("title: 二\n", encoding="utf-8")
    assert loader._read_yaml(definition) == {"title": "二"}
    cached = sorted((tmp_path / "cache" / "forms").glob("*.json"))
    assert len(cached) == 2 and {json.loads(p.read_text("utf-8"))["title"] for p in cached} == {"一", "二"}


def test_torn_cache_entry_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHENBAO_CACHE_DIR", str(tmp_path / "cache"))
    definition = tmp_path / "form.yaml"
    definition.write_text("title: 一\n", encoding="utf-8")
    loader._read_yaml(definition)
    for entry in (tmp_path / "cache" / "forms").glob("*.json"):
        entry.write_text("{\"tit", encoding="utf-8")
    assert loader._read_yaml(definition) == {"title": "一"}


def test_value_json_cannot_carry_is_not_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHENBAO_CACHE_DIR", str(tmp_path / "cache"))
    definition = tmp_path / "form.yaml"
    definition.write_text("date: 2020-05-12\n", encoding="utf-8")
    assert str(loader._read_yaml(definition)["date"]) == "2020-05-12"
    assert not list((tmp_path / "cache").rglob("*.json"))


# ---- render ------------------------------------------------------------------------------------

RENDER_NEEDS_NONE_OF = ("pypdf", "jsonschema", "pdfplumber", "pdfminer", "yaml", "openpyxl",
                       "urllib.request", "http.client")   # no network code either (xml.sax.saxutils pulls it in)
SAMPLE = Path(__file__).resolve().parent.parent / "inputs" / "pilot-2020-region.json"


def _render_in_fresh_process(out: Path, cache: str) -> set[str]:
    env = {**os.environ, "SHENBAO_CACHE_DIR": cache}
    code = ("import contextlib, io\nfrom pipeline.cli import main\n"
            f"with contextlib.redirect_stdout(io.StringIO()):\n    assert main(['render', {str(SAMPLE)!r}, '-o', {str(out)!r}]) == 0")
    return _modules_loaded_by(code, env)


def test_render_reads_no_pdf_and_needs_no_jsonschema(tmp_path: Path) -> None:
    """Valid data passes the quick schema check; the data file is attached while reportlab
    writes the PDF; attachments (pypdf) and parse/check's guard are loaded only when needed."""
    cache = str(tmp_path / "cache")
    _render_in_fresh_process(tmp_path / "first", cache)          # fills the caches
    loaded = _render_in_fresh_process(tmp_path / "second", cache)
    assert not loaded & set(RENDER_NEEDS_NONE_OF), loaded & set(RENDER_NEEDS_NONE_OF)
    assert "reportlab" in loaded       # the probe does see what a render imports


def test_batch_render_reads_no_pdf_and_writes_no_spreadsheet(tmp_path: Path) -> None:
    """`batch render` (without --summary, which renders one document more) imports neither the
    PDF readers `batch parse` uses nor the spreadsheet library of summary.xlsx."""
    env = {**os.environ, "SHENBAO_CACHE_DIR": str(tmp_path / "cache")}

    def batch_into(out: Path) -> str:
        return ("import contextlib, io\nfrom pipeline.cli import main\n"
                f"with contextlib.redirect_stdout(io.StringIO()):\n"
                f"    assert main(['batch', 'render', {str(SAMPLE)!r}, '-o', {str(out)!r}, '-j', '1']) == 0")
    _modules_loaded_by(batch_into(tmp_path / "first"), env)              # fills the caches
    loaded = _modules_loaded_by(batch_into(tmp_path / "second"), env)
    assert not loaded & set(RENDER_NEEDS_NONE_OF), loaded & set(RENDER_NEEDS_NONE_OF)
    assert "reportlab" in loaded and list((tmp_path / "second").glob("*.pdf"))


def test_font_cache_gives_the_same_pdf_bytes(tmp_path: Path) -> None:
    """The Song face read from the cache (cold: parsed and stored; warm: read back) makes the
    very PDF that reportlab's own parse makes (caching off)."""
    cache = tmp_path / "cache"
    outputs = {}
    for run, setting in (("uncached", ""), ("cold", str(cache)), ("warm", str(cache))):
        _render_in_fresh_process(tmp_path / run, setting)
        (pdf,) = (tmp_path / run).glob("*.pdf")
        outputs[run] = pdf.read_bytes()
    assert list((cache / "fonts").iterdir())
    assert outputs["cold"] == outputs["uncached"] and outputs["warm"] == outputs["uncached"]


def _font_attributes(font: object) -> dict[str, object]:
    """What a font is made of; the file's bytes (bytes, or the file mapped) and each glyph's
    characters (made again from the cmap when the face comes from the cache) by value."""
    face = font.face   # type: ignore[attr-defined]
    made_again = ("_pos", "_pdfScale", "_ttf_data", "glyphToChar", "_glyph_to_char")
    shown = {k: (v, type(v), getattr(v, "ustr", None)) for k, v in vars(face).items() if k not in made_again}
    shown["file bytes"] = bytes(face._ttf_data[:])
    shown["glyph characters"] = {glyph: sorted(set(chars)) for glyph, chars in face.glyphToChar.items()}
    return {**{k: (v, type(v)) for k, v in vars(font).items() if k not in ("face", "state", "encoding")}, **shown}


def test_font_from_cache_is_what_reportlab_parses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab.pdfbase.ttfonts import TTFont

    from pipeline.render.fonts import load_font
    monkeypatch.setenv("SHENBAO_CACHE_DIR", str(tmp_path))
    style = loader.load_style()
    path = loader.fonts_dir() / style.pdf_font_file
    parsed = _font_attributes(TTFont("Song", str(path)))
    assert _font_attributes(load_font("Song", path)) == parsed       # cold: parsed, then stored
    assert len(list((tmp_path / "fonts").iterdir())) == 1
    assert _font_attributes(load_font("Song", path)) == parsed       # warm: from the cache


def test_damaged_or_unwritable_font_cache_is_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.render.fonts import load_font
    style = loader.load_style()
    path = loader.fonts_dir() / style.pdf_font_file
    monkeypatch.setenv("SHENBAO_CACHE_DIR", str(tmp_path / "cache"))
    expected = _font_attributes(load_font("Song", path))
    (entry,) = (tmp_path / "cache" / "fonts").iterdir()
    for damaged in (entry.read_bytes()[:1000], b"", entry.read_bytes()[:-5] + b"xxxxx"):
        entry.write_bytes(damaged)
        assert _font_attributes(load_font("Song", path)) == expected
        assert entry.read_bytes() != damaged                          # and stored again
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"")
    monkeypatch.setenv("SHENBAO_CACHE_DIR", str(blocker))             # no folder can be made there
    assert _font_attributes(load_font("Song", path)) == expected


def test_changed_font_file_is_a_cache_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.render.fonts import load_font
    monkeypatch.setenv("SHENBAO_CACHE_DIR", str(tmp_path / "cache"))
    original = loader.fonts_dir() / loader.load_style().pdf_font_file
    copy = tmp_path / "font.ttf"
    copy.write_bytes(original.read_bytes())
    load_font("Song", copy)
    copy.write_bytes(original.read_bytes() + b"\0\0\0\0")             # another size: another entry
    load_font("Song", copy)
    same_size = bytearray(copy.read_bytes())
    same_size[-1] = 1
    copy.write_bytes(bytes(same_size))
    stat = copy.stat()
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))   # rewritten a second later
    load_font("Song", copy)
    same_size[-2] = 1
    stat = copy.stat()
    copy.write_bytes(bytes(same_size))
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns))     # put in place with the old time (cp -p)
    font = load_font("Song", copy)
    assert len(list((tmp_path / "cache" / "fonts").iterdir())) == 4
    assert font.face._ttf_data[:] == copy.read_bytes() and font.face.filename == str(copy)


def test_reportlab_url_pattern_is_compiled_on_first_use_and_matches_the_same() -> None:
    import re

    import pipeline.render  # noqa: F401  (imports reportlab's paragraph module through the stand-in)
    from reportlab.platypus import paragraph

    from pipeline.render.reportlab_import import PatternOnFirstUse
    assert isinstance(paragraph.uri_pat, PatternOnFirstUse)
    eager = re.compile(paragraph.uri_pat.pattern, paragraph.uri_pat.flags)
    for uri in ("https://www.Example.com/a/b?c=1", "HTTP://例子.中国/路径", "ftp://10.0.0.1:21/x", "localhost",
                "not a url", "mailto:a@b.cn", "https://-bad-.com"):
        lazy_match, eager_match = paragraph.uri_pat.match(uri), eager.match(uri)
        assert (lazy_match and lazy_match.groups()) == (eager_match and eager_match.groups()), uri


def test_song_face_subsets_byte_for_byte_as_reportlab() -> None:
    """SongFace hands subsetting its glyph table a slice at a time; the subset fonts it makes are
    the ones reportlab's own face makes (Latin, CJK, rare characters, punctuation)."""
    from reportlab.pdfbase.ttfonts import TTFontFace

    from pipeline.render.fonts import SongFace
    path = str(loader.fonts_dir() / loader.load_style().pdf_font_file)
    plain, ours = TTFontFace(path), SongFace(path)
    subsets = [list(range(32, 127)), [ord(c) for c in "申报单位广东省燊堃喆（）。、“”□☑—…"],
               list(range(0x4E00, 0x4E00 + 256)), [0, 0xA0, 0x3000, 0xFF01, 0x2460]]
    for subset in subsets:
        assert ours.makeSubset(subset) == plain.makeSubset(subset)


@pytest.mark.parametrize("content", [b"", b"\0" * 64, b"true" + bytes(range(256)) * 4])
def test_an_empty_or_damaged_font_file_is_named(content: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.errors import RenderError
    from pipeline.render.fonts import load_font
    monkeypatch.setenv("SHENBAO_CACHE_DIR", str(tmp_path / "cache"))
    font = tmp_path / "broken.ttf"
    font.write_bytes(content)
    with pytest.raises(RenderError, match="字体文件 .*broken.ttf"):
        load_font("Song", font)


@pytest.mark.parametrize("change", ["cut short", "rewritten"])
@pytest.mark.parametrize("when", ["before its first PDF", "after it"])
def test_a_font_file_changed_under_a_running_process(change: str, when: str, tmp_path: Path) -> None:
    """A server keeps its font: the file cut short in place (``cp`` over it, build_font.py) or
    rewritten with other bytes after the font was loaded. Before the first PDF read the file's
    bytes, that is a named error (they would not match the tables; a mapped file killed the
    process with SIGBUS); after it, the process goes on drawing with the font it loaded."""
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    name = loader.load_style().pdf_font_file
    (fonts / name).write_bytes((loader.fonts_dir() / name).read_bytes())
    code = (
        "import json, os, sys\nfrom pathlib import Path\nfrom pipeline.render import fonts\n"
        "from pipeline.errors import RenderError\nfrom pipeline.loader import load_form\n"
        "from pipeline.render import render_form\nfrom pipeline.sample import sample_data\n"
        f"path = Path({str(fonts / name)!r})\n"
        "fonts.load_font('warm', path)                # the next load reads the tables from the cache\n"
        "fonts.fonts_dir = lambda: path.parent\n"
        "spec = load_form('pilot-2020')\nfirst = render_form(spec, sample_data(spec)).pdf if "
        f"{when!r} == 'after it' else fonts.song_font()\n"
        f"if {change!r} == 'cut short':\n    os.truncate(path, 1_000_000)\n"
        "else:\n    data = bytearray(path.read_bytes()); data[-1000:] = bytes(1000); path.write_bytes(bytes(data))\n"
        "    os.utime(path, ns=(0, os.stat(path).st_mtime_ns + 1_000_000_000))\n"
        "try:\n    pdf = render_form(spec, sample_data(spec)).pdf\n"
        "    print(json.dumps('same' if pdf == first else 'rendered'))\n"
        "except RenderError as exc:\n    print(json.dumps(str(exc)))\n")
    env = {**os.environ, "SHENBAO_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    message = json.loads(done.stdout.splitlines()[-1])
    if when == "after it":
        assert message == "same"
    else:
        assert name in message and "被改动" in message
