"""五、附件: attached PDFs and images are appended with the TOC and page numbers continuing;
a missing or unreadable file is a validation error, never a crash."""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image
from reportlab.pdfgen import canvas

from conftest import input_files, load_json
from pipeline.api import render_file
from pipeline.errors import DataError
from pipeline.validate import validate
from pipeline.loader import load_form
from readback import docx_parts, squash

PLATFORM = next(p for p in input_files() if p.name == "pilot-2020-platform.json")


def _files(folder: Path) -> None:
    Image.new("RGB", (1200, 1700), "white").save(folder / "license.png")
    Image.new("RGB", (600, 400), "gray").save(folder / "id.jpg")
    pdf = canvas.Canvas(str(folder / "report.pdf"), pagesize=(595, 842))
    for n in (1, 2):
        pdf.drawString(100, 700, f"FINANCIAL REPORT PAGE {n}")
        pdf.showPage()
    pdf.save()


def _input(folder: Path, attachments: dict) -> Path:
    data = load_json(PLATFORM)
    data["attachments"] = attachments
    path = folder / "in.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> tuple[bytes, bytes, Path]:
    folder = tmp_path_factory.mktemp("att")
    _files(folder)
    written = render_file(_input(folder, {"license": ["license.png"], "id_card": ["id.jpg"],
                                          "financial_report": ["report.pdf"]}), folder / "out")
    docx, pdf = written.paths
    return pdf.read_bytes(), docx.read_bytes(), folder


def _pages(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def test_attachments_follow_the_body_with_numbers_continuing(rendered) -> None:
    pdf, _, _ = rendered
    texts = _pages(pdf)
    last = len(texts)
    assert "FINANCIAL REPORT PAGE 2" in texts[last - 1] and "FINANCIAL REPORT PAGE 1" in texts[last - 2]
    for number, text in enumerate(texts[1:], start=2):
        assert squash(text).endswith(f"-{number}-")


def test_toc_lists_each_attachment_item_on_its_page(rendered) -> None:
    pdf, _, _ = rendered
    texts = _pages(pdf)
    toc = {squash(title).rstrip("."): int(page)
           for title, page in re.findall(r"^(附件.+?)[ .]*(\d+)$", texts[1], flags=re.M)}
    assert list(toc) == ["附件（一）企业营业执照或管理机构证明文件", "附件（二）单位法定代表人身份证复印件",
                         "附件（三）电子商务平台试点单位提供2019年度财务报告"]
    for title, page in toc.items():
        assert squash(texts[page - 1]).startswith(title)
    assert toc["附件（三）电子商务平台试点单位提供2019年度财务报告"] == len(texts) - 1


def test_images_are_drawn_on_their_pages(rendered) -> None:
    pdf, _, _ = rendered
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        image_pages = [i for i, page in enumerate(doc.pages) if page.images]
    assert len(image_pages) == 2


def test_docx_embeds_images_and_names_pdfs(rendered) -> None:
    _, docx, _ = rendered
    parts = docx_parts(docx)
    assert len([name for name in parts if name.startswith("word/media/")]) == 2
    assert "“report.pdf”，共 2 页" in parts["word/document.xml"].decode()


def test_rendering_with_attachments_is_deterministic(rendered) -> None:
    pdf, docx, folder = rendered
    again = render_file(folder / "in.json", folder / "again")
    assert again.paths[1].read_bytes() == pdf and again.paths[0].read_bytes() == docx


@pytest.mark.parametrize("name, content, message", [
    ("missing.png", None, "文件不存在"),
    ("notes.pdf", b"plain text", "不是可用的 PDF、PNG 或 JPEG 文件"),
    ("broken.pdf", b"%PDF-1.4 garbage", "PDF 文件已损坏或无法解析"),
    ("pic.gif", "GIF", "不受支持"),
])
def test_bad_attachment_is_a_validation_error(tmp_path: Path, name: str, content, message: str) -> None:
    if content == "GIF":
        Image.new("RGB", (10, 10)).save(tmp_path / name)
    elif content is not None:
        (tmp_path / name).write_bytes(content)
    path = _input(tmp_path, {"license": [name]})
    data = json.loads(path.read_text(encoding="utf-8"))
    problems = [p for p in validate(load_form("pilot-2020"), data, base_dir=tmp_path) if p.severity == "error"]
    assert [(p.path, p.label) for p in problems] == [("$.attachments.license[0]", "（一）企业营业执照或管理机构证明文件。")]
    assert message in problems[0].message
    with pytest.raises(DataError):
        render_file(path, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_workplan_documents_are_numbered_附件1_2_in_the_order_given(tmp_path: Path) -> None:
    """四、相关文件: only the kinds given are appended, numbered as they come, in the TOC."""
    _files(tmp_path)
    data = load_json(next(p for p in input_files() if p.name == "workplan-2014.json"))
    data["attachments"] = {"local_policy": ["report.pdf"], "base_policy": ["license.png"]}
    source = tmp_path / "plan.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    texts = _pages(render_file(source, tmp_path / "out").paths[1].read_bytes())
    toc = {title: int(page) for title, page in re.findall(r"(附件\d.+?)\.+(\d+)", squash(texts[1]))}   # entries may wrap
    assert list(toc) == ["附件1已出台的本地电子商务发展规划、促进扶持政策和规范管理办法等相关文件",
                         "附件2已出台的基地电子商务发展政策文件"]
    for title, page in toc.items():
        assert squash(texts[page - 1]).startswith(title)
    assert toc["附件2已出台的基地电子商务发展政策文件"] == len(texts)            # one image, one page
    assert "FINANCIAL REPORT PAGE 2" in texts[len(texts) - 2]
    for number, text in enumerate(texts[1:], start=2):
        assert squash(text).endswith(f"-{number}-")
