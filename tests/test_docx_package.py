"""The DOCX package as we write it ourselves: complete and consistent (every relationship has its
part, every part its content type), elements in the order ECMA-376 gives them (Word refuses a
part whose elements are out of order; LibreOffice does not mind, so the other tests would not
notice; checked with openxml-audit), text escaped, images embedded once, and rendering without
python-docx."""
from __future__ import annotations

import io
import os
import posixpath
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from openxml_audit import FileFormat, OpenXmlValidator
from PIL import Image

from conftest import input_files
from pipeline.attachments import inspect
from pipeline.errors import RenderError
from pipeline.loader import load_style
from pipeline.render.docx import render_docx
from pipeline.render.document import AttachedPage, Document, Heading, Para
from test_startup import _modules_loaded_by

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@pytest.fixture(scope="module")
def with_images(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A document embedding a PNG twice (under two names) and a JPEG."""
    folder = tmp_path_factory.mktemp("images")
    Image.new("RGB", (1200, 1700), "white").save(folder / "license.png")
    (folder / "copy.png").write_bytes((folder / "license.png").read_bytes())
    Image.new("RGB", (600, 400), "gray").save(folder / "id.jpeg")
    blocks = [Heading("附件", 1)] + [AttachedPage(inspect(folder / name)) for name in ("license.png", "copy.png", "id.jpeg")]
    return render_docx(Document("图片", tuple(blocks)), title="图片")


def _packages(sample_render, with_images: bytes) -> list[bytes]:  # noqa: ANN001
    return [sample_render.docx, with_images]


def _parts(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return {info.filename: package.read(info) for info in package.infolist()}


def test_render_imports_no_python_docx(tmp_path: Path) -> None:
    """python-docx (and docxtpl, built on it) are for reading users' files and the benchmarks;
    a render, from the command line as a user runs it, never loads them."""
    source = next(p for p in input_files() if p.name == "pilot-2020-region.json")
    code = ("import contextlib, io\nfrom pipeline.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    code = main(['render', {str(source)!r}, '-o', {str(tmp_path / 'out')!r}])\n"
            "assert not code, code")
    loaded = _modules_loaded_by(code, {**os.environ, "SHENBAO_CACHE_DIR": str(tmp_path / "cache")})
    assert list((tmp_path / "out").rglob("*.docx"))
    assert "pipeline" in loaded and not loaded & {"docx", "docxtpl"}
    assert not _modules_loaded_by("import pipeline.render") & {"docx", "docxtpl"}


def test_every_relationship_has_its_part_and_every_part_its_type(sample_render, with_images: bytes) -> None:
    for docx in _packages(sample_render, with_images):
        parts = _parts(docx)
        assert next(iter(parts)) == "[Content_Types].xml"
        assert {info.date_time for info in _infos(docx)} == {(1980, 1, 1, 0, 0, 0)}
        types = etree.fromstring(parts["[Content_Types].xml"])
        overrides = {o.get("PartName").lstrip("/"): o.get("ContentType") for o in types.iter(f"{CT}Override")}
        defaults = {d.get("Extension"): d.get("ContentType") for d in types.iter(f"{CT}Default")}
        assert set(overrides) <= set(parts)
        for name in parts:
            if name != "[Content_Types].xml":
                assert name in overrides or name.rsplit(".", 1)[1] in defaults, name
        reached = {"[Content_Types].xml"}
        for rels_name in [n for n in parts if n.endswith(".rels")]:
            reached.add(rels_name)
            source_dir = posixpath.dirname(posixpath.dirname(rels_name))
            ids = [r.get("Id") for r in etree.fromstring(parts[rels_name]).iter(f"{REL}Relationship")]
            assert len(ids) == len(set(ids)), rels_name
            for rel in etree.fromstring(parts[rels_name]).iter(f"{REL}Relationship"):
                target = posixpath.normpath(posixpath.join(source_dir, rel.get("Target")))
                assert target in parts, (rels_name, target)
                reached.add(target)
        assert reached == set(parts)           # no part left over
        for name, data in parts.items():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(data)         # well-formed


def _infos(docx: bytes) -> list[zipfile.ZipInfo]:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return package.infolist()


def test_every_reference_in_the_body_resolves(sample_render, with_images: bytes) -> None:
    for docx in _packages(sample_render, with_images):
        parts = _parts(docx)
        rels = {r.get("Id"): r for r in etree.fromstring(parts["word/_rels/document.xml.rels"])}
        body = etree.fromstring(parts["word/document.xml"])
        refs = [el.get(f"{R}id") or el.get(f"{R}embed") for el in body.iter()
                if el.get(f"{R}id") or el.get(f"{R}embed")]
        assert refs and all(ref in rels for ref in refs)
        styles = etree.fromstring(parts["word/styles.xml"])
        defined = {s.get(f"{W}styleId") for s in styles.iter(f"{W}style")}
        used = {el.get(f"{W}val") for tag in ("pStyle", "tblStyle") for el in body.iter(f"{W}{tag}")}
        assert used <= defined
        based = {el.get(f"{W}val") for el in styles.iter(f"{W}basedOn")} | {el.get(f"{W}val") for el in styles.iter(f"{W}next")}
        assert based <= defined


def test_the_package_validates_against_the_ooxml_schemas(sample_render, with_images: bytes, tmp_path: Path) -> None:
    """Element order, required children, attribute values: Word repairs or refuses a file
    that breaks the schemas (LibreOffice does not mind, so the round trips would not tell)."""
    validator = OpenXmlValidator(file_format=FileFormat.OFFICE_2019, max_errors=0)
    for n, docx in enumerate(_packages(sample_render, with_images)):
        path = tmp_path / f"{n}.docx"
        path.write_bytes(docx)
        result = validator.validate(path)
        assert result.is_valid, [str(e) for e in result.errors]


def test_each_image_is_embedded_once_with_its_type_and_fits_the_page(with_images: bytes) -> None:
    parts = _parts(with_images)
    media = sorted(n for n in parts if n.startswith("word/media/"))
    assert media == ["word/media/image1.png", "word/media/image2.jpg"]
    assert parts["word/media/image1.png"].startswith(b"\x89PNG") and parts["word/media/image2.jpg"].startswith(b"\xff\xd8")
    types = etree.fromstring(parts["[Content_Types].xml"])
    defaults = {d.get("Extension"): d.get("ContentType") for d in types.iter(f"{CT}Default")}
    assert defaults.items() >= {"png": "image/png", "jpg": "image/jpeg"}.items()
    body = etree.fromstring(parts["word/document.xml"])
    rels = {r.get("Id"): r.get("Target") for r in etree.fromstring(parts["word/_rels/document.xml.rels"])}
    assert [rels[b.get(f"{R}embed")] for b in body.iter(f"{A}blip")] == [
        "media/image1.png", "media/image1.png", "media/image2.jpg"]
    assert [d.get("id") for d in body.iter(f"{WP}docPr")] == ["1", "2", "3"]
    page = load_style().page
    for extent, (w, h) in zip(body.iter(f"{WP}extent"), [(1200, 1700), (1200, 1700), (600, 400)]):
        cx, cy = int(extent.get("cx")), int(extent.get("cy"))
        assert cx <= page.text_width_mm * 36000 + 1 and cy <= page.text_height_mm * 36000
        assert abs(cx / cy - w / h) < 0.001
    assert [p.find(f"{W}pPr/{W}jc").get(f"{W}val") for p in body.iter(f"{W}p") if p.find(f".//{WP}inline") is not None] \
        == ["center"] * 3


XML_SPECIAL = st.text(alphabet="申报&<>\"'；“”□☑ a1\u3000\u00a0", max_size=40)


@settings(max_examples=60, deadline=None)
@given(text=XML_SPECIAL, title=XML_SPECIAL)
def test_any_text_comes_back_as_written(text: str, title: str) -> None:
    """Markup characters, quotes and runs of spaces survive: the text read back from the XML
    is the text written, in the body and in the document's title."""
    docx = render_docx(Document(title, (Para(text, "body"),)), title=title)
    parts = _parts(docx)
    body = etree.fromstring(parts["word/document.xml"])
    assert "".join(t.text or "" for t in body.iter(f"{W}t")) == text
    core = etree.fromstring(parts["docProps/core.xml"])
    assert (core.find("{http://purl.org/dc/elements/1.1/}title").text or "") == title


@pytest.mark.parametrize("bad", ["\uffff", "\ufffe", "\x0b", "\ud800"])
def test_a_character_xml_cannot_hold_is_refused_not_written(bad: str) -> None:
    with pytest.raises(RenderError, match=f"U\\+{ord(bad):04X}"):
        render_docx(Document("标题", (Para(f"正文{bad}", "body"),)))
