"""The PDF follows the notice's rules, read back from the file itself."""
from __future__ import annotations

import io
import re
from collections import Counter

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import rendered
from pipeline.loader import load_style
from pipeline.render.pdf_lines import leading_pt
from readback import pdf_pieces, squash

PILOT = "pilot-2020"


@pytest.fixture(scope="module")
def pilot_pdf() -> bytes:
    from pipeline.loader import load_form
    from pipeline.sample import sample_data
    return rendered(f"sample:{PILOT}", PILOT, sample_data(load_form(PILOT))).pdf


def _pages(data: bytes) -> list[pdfplumber.page.Page]:
    return pdfplumber.open(io.BytesIO(data)).pages


def test_every_page_is_a4(blank_render) -> None:
    for page in PdfReader(io.BytesIO(blank_render.pdf)).pages:
        assert float(page.mediabox.width) == pytest.approx(595.28, abs=1)
        assert float(page.mediabox.height) == pytest.approx(841.89, abs=1)


def test_only_the_embedded_song_font_is_used(blank_render) -> None:
    reader = PdfReader(io.BytesIO(blank_render.pdf))
    used = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for desc_font in font.get("/DescendantFonts", [font]):
                desc = desc_font.get_object()["/FontDescriptor"].get_object()
                assert "/FontFile2" in desc, f"{font['/BaseFont']} is not embedded"
                used.add(re.sub(r"^/?[A-Z]{6}\+", "", str(font["/BaseFont"])))
    assert used == {"NotoSerifSC-Regular"}


def test_body_text_is_14pt_with_one_and_a_half_line_spacing(pilot_pdf) -> None:
    style = load_style()
    body = style.paragraph("body")
    sizes: Counter[float] = Counter()
    gaps: Counter[float] = Counter()
    for page in _pages(pilot_pdf)[5:]:        # narrative pages, after the 申报表
        lines = page.extract_text_lines()
        for line in lines:
            sizes.update(round(ch["size"], 1) for ch in line["chars"])
        tops = [line["top"] for line in lines if line["x0"] < 200]
        gaps.update(round(b - a, 1) for a, b in zip(tops, tops[1:]))
    assert sizes.most_common(1)[0][0] == body.size_pt
    assert gaps.most_common(1)[0][0] == pytest.approx(leading_pt(style, body), abs=0.2)
    # 1.5 lines, the single line between Word's 宋体 (1.30 × 14pt) and LibreOffice's Noto Serif CJK (1.44 ×)
    assert 1.5 * 1.30 * 14 < leading_pt(style, body) < 1.5 * 1.44 * 14


def test_cover_has_no_page_number_and_every_other_page_has_its_own(pilot_pdf) -> None:
    pages = _pages(pilot_pdf)
    footers = [squash(p.crop((0, p.height - 70, p.width, p.height)).extract_text() or "") for p in pages]
    assert not re.search(r"-\d+-", footers[0])
    for number, footer in enumerate(footers[1:], start=2):
        assert footer.endswith(f"-{number}-"), (number, footer)


def test_toc_lists_each_heading_with_the_page_it_is_on(pilot_pdf) -> None:
    pages = _pages(pilot_pdf)
    toc_text = pages[1].extract_text()
    assert squash(toc_text).startswith("目录")
    entries = re.findall(r"^(.+?)[ .]*?(\d+)$", toc_text, flags=re.M)
    entries = [(squash(title).rstrip("."), int(page)) for title, page in entries if "、" in title]
    assert len(entries) == 6
    for title, page in entries:
        body_text = squash(pages[page - 1].extract_text())
        assert title in body_text, f"{title} not on page {page}"


def test_no_character_of_the_input_is_dropped(pilot_pdf) -> None:
    from pipeline.loader import load_form
    from pipeline.sample import sample_data
    pieces = pdf_pieces(pilot_pdf)
    data = sample_data(load_form(PILOT))
    for value in (data["unit"]["name"], data["unit"]["address"], data["contact"]["email"],
                  data["unit"]["honors"]):
        assert any(squash(value) in piece for piece in pieces), value


def test_ticked_and_unticked_boxes_are_real_characters(pilot_pdf) -> None:
    text = "".join(p.extract_text() for p in _pages(pilot_pdf)[:5])
    assert "☑ 电子商务服务商试点" in text
    assert "□ 电子商务区域试点" in text
    assert "☑是" in text and "□否" in text


def test_narrative_pipe_tables_become_pdf_tables(pilot_pdf) -> None:
    tables = [t for p in _pages(pilot_pdf)[4:] for t in p.extract_tables()]
    headers = [[squash(cell or "") for cell in t[0]] for t in tables]
    assert ["年度", "销售收入（万元）", "利润（万元）", "税金（万元）"] in headers


@pytest.mark.parametrize("isal_installed", [True, False])
def test_streams_are_plain_deflate_with_either_encoder(monkeypatch: pytest.MonkeyPatch, isal_installed: bool) -> None:
    """ISA-L's output, and zlib's where ISA-L has no wheel, is the deflate every PDF reader inflates."""
    import sys
    import zlib
    from pipeline.render.reportlab_import import deflate
    if not isal_installed:
        monkeypatch.setitem(sys.modules, "isal", None)      # import isal raises ImportError
    data = ("广东省电子商务 1.5 倍行距 BT /F1+0 14 Tf (x) Tj ET\n" * 500).encode()
    packed = deflate()(data)
    assert zlib.decompress(packed) == data and len(packed) < len(data) / 10
