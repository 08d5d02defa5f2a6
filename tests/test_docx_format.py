"""The DOCX carries the notice's formatting in real Word structure, read back from its XML."""
from __future__ import annotations

import re

import pytest

from conftest import rendered
from pipeline.loader import load_form, load_style
from pipeline.sample import sample_data
from readback import W, docx_parts, docx_xml, open_docx

PILOT = "pilot-2020"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@pytest.fixture(scope="module")
def pilot():
    return rendered(f"sample:{PILOT}", PILOT, sample_data(load_form(PILOT)))


def _attr(el, name: str) -> str | None:
    return el.get(f"{W}{name}")


def _style(styles, style_id: str):
    found = styles.find(f"{W}style[@{W}styleId='{style_id}']")
    assert found is not None, style_id
    return found


def test_page_is_a4_with_a_cover_that_has_its_own_footer(blank_render) -> None:
    body = docx_xml(blank_render.docx, "word/document.xml").find(f"{W}body")
    sect = body.find(f"{W}sectPr")
    size = sect.find(f"{W}pgSz")
    assert abs(int(_attr(size, "w")) - 11906) <= 2 and abs(int(_attr(size, "h")) - 16838) <= 2


def test_cover_page_is_unnumbered_and_footer_shows_page_field(pilot) -> None:
    doc = open_docx(pilot.docx)
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    footer_xml = section.footer._element.xml
    assert 'w:instr=" PAGE "' in footer_xml
    assert re.sub(r"<[^>]+>", "", footer_xml).split() == ["-", "1", "-"]
    assert "PAGE" not in section.first_page_footer._element.xml


def test_defaults_and_styles_give_song_14pt_one_and_a_half_lines(pilot) -> None:
    style = load_style()
    styles = docx_xml(pilot.docx, "word/styles.xml")
    r_default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert _attr(r_default.find(f"{W}rFonts"), "eastAsia") == "宋体"
    assert _attr(r_default.find(f"{W}sz"), "val") == "28"
    assert _attr(r_default.find(f"{W}lang"), "eastAsia") == "zh-CN"
    normal = _style(styles, "Normal")
    spacing = normal.find(f"{W}pPr/{W}spacing")
    assert (_attr(spacing, "line"), _attr(spacing, "lineRule")) == ("360", "auto")
    assert _attr(normal.find(f"{W}rPr/{W}rFonts"), "eastAsia") == style.east_asia_font
    for style_id in ("Heading1", "Heading2", "TOC1"):
        el = _style(styles, style_id)
        assert _attr(el.find(f"{W}rPr/{W}sz"), "val") == "28"
        assert _attr(el.find(f"{W}rPr/{W}rFonts"), "eastAsia") == "宋体"
    assert _attr(_style(styles, "Heading1").find(f"{W}pPr/{W}outlineLvl"), "val") == "0"


def test_body_runs_carry_no_direct_font_or_size(pilot) -> None:
    body = docx_xml(pilot.docx, "word/document.xml").find(f"{W}body")
    for run_pr in body.iter(f"{W}rPr"):
        fonts = run_pr.find(f"{W}rFonts")
        assert run_pr.find(f"{W}sz") is None
        assert fonts is None or dict(fonts.attrib) == {f"{W}hint": "eastAsia"}   # a script hint, no face


def test_every_symbol_run_is_marked_east_asian(pilot) -> None:
    """□ ☑ and Chinese quotes are shared with Latin fonts: Word/WPS draw them in 宋体 only with
    the East-Asian hint."""
    style = load_style()
    body = docx_xml(pilot.docx, "word/document.xml").find(f"{W}body")
    symbol_runs = [r for r in body.iter(f"{W}r")
                   if any(ch in "".join(t.text or "" for t in r.iter(f"{W}t")) for ch in (style.unticked, style.ticked, "“", "”"))]
    assert len(symbol_runs) > 5
    for run in symbol_runs:
        assert _attr(run.find(f"{W}rPr/{W}rFonts"), "hint") == "eastAsia"


def test_no_hanging_punctuation(pilot) -> None:
    """LibreOffice hangs a 、 or ， after a closing bracket past the margin and loses it in its
    PDF unless overflowPunct is off."""
    styles = docx_xml(pilot.docx, "word/styles.xml")
    default = styles.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr/{W}overflowPunct")
    assert _attr(default, "val") == "0"


def test_body_paragraphs_use_styles(pilot) -> None:
    doc = open_docx(pilot.docx)
    names = {p.style.name for p in doc.paragraphs if p.text.strip()}
    assert {"Normal", "Heading 1", "Heading 2"} <= names


def test_theme_and_settings_say_chinese(pilot) -> None:
    settings = docx_xml(pilot.docx, "word/settings.xml")
    assert _attr(settings.find(f"{W}themeFontLang"), "eastAsia") == "zh-CN"
    assert _attr(settings.find(f"{W}updateFields"), "val") == "true"
    theme = docx_xml(pilot.docx, "word/theme/theme1.xml")
    assert {ea.get("typeface") for ea in theme.iter(f"{A}ea")} == {"宋体"}
    fonts = docx_xml(pilot.docx, "word/fontTable.xml")
    song = fonts.find(f"{W}font[@{W}name='宋体']")
    assert song is not None and _attr(song.find(f"{W}altName"), "val") == "SimSun"


def test_toc_is_a_field_in_a_content_control_with_cached_entries_matching_the_pdf(pilot) -> None:
    body = docx_xml(pilot.docx, "word/document.xml").find(f"{W}body")
    sdt = next(s for s in body.iter(f"{W}sdt")
               if s.find(f".//{W}docPartGallery[@{W}val='Table of Contents']") is not None)
    instr = "".join(t.text for t in sdt.iter(f"{W}instrText"))
    assert instr.strip().startswith("TOC \\o")
    kinds = [_attr(c, "fldCharType") for c in sdt.iter(f"{W}fldChar")]
    assert kinds == ["begin", "separate", "end"]
    entries = []
    for p in sdt.iter(f"{W}p"):
        if p.find(f"{W}pPr/{W}pStyle[@{W}val='TOC1']") is not None:
            texts = [t.text for t in p.iter(f"{W}t")]
            assert p.find(f".//{W}tab") is not None
            entries.append((texts[0], int(texts[-1])))
    headings = [h.text for h in __import__("pipeline.render.document", fromlist=["x"])
                .build_document(load_form(PILOT), sample_data(load_form(PILOT))).headings if h.level == 1]
    assert [title for title, _ in entries] == headings
    assert all(page >= 3 for _, page in entries)


def test_tables_merge_cells_like_the_form(pilot) -> None:
    doc_xml = docx_xml(pilot.docx, "word/document.xml")
    spans = [int(_attr(g, "val")) for g in doc_xml.iter(f"{W}gridSpan")]
    restarts = [v for v in doc_xml.iter(f"{W}vMerge") if _attr(v, "val") == "restart"]
    assert 5 in spans and 2 in spans
    assert len(restarts) >= 7        # 3 blocks + 4 sub-blocks of the 申报表
    assert doc_xml.find(f".//{W}tblLayout[@{W}type='fixed']") is not None


def test_checkboxes_show_the_choice(pilot) -> None:
    doc = open_docx(pilot.docx)
    first = doc.tables[1].cell(0, 1).text   # tables[0] is the cover's field lines
    assert "☑ 电子商务服务商试点：物流和仓储服务" in first
    assert "□ 电子商务区域试点：" in first


def test_docx_and_pdf_print_exactly_the_same_characters(pilot) -> None:
    """Outside the TOC and the page footers, both documents hold the same characters."""
    import io
    from collections import Counter

    import pdfplumber
    with pdfplumber.open(io.BytesIO(pilot.pdf)) as pdf:
        pdf_chars = Counter(ch["text"] for i, page in enumerate(pdf.pages) if i != 1
                            for ch in page.chars if ch["top"] < page.height - 70 and not ch["text"].isspace())
    body = docx_xml(pilot.docx, "word/document.xml").find(f"{W}body")
    docx_chars = Counter(ch for t in body.iter(f"{W}t") if next(t.iterancestors(f"{W}sdt"), None) is None
                         for ch in (t.text or "") if not ch.isspace())
    assert pdf_chars == docx_chars


def test_docx_parts_are_well_formed_and_have_fixed_dates(pilot) -> None:
    parts = docx_parts(pilot.docx)
    core = parts["docProps/core.xml"].decode()
    assert "2020-01-01T00:00:00Z" in core
    assert "[Content_Types].xml" in parts


def test_no_template_part_describes_another_document(pilot) -> None:
    """python-docx's template carries Word 2010's stylesWithEffects (Calibri, 11 pt) and an
    English thumbnail; neither may reach our files, nor any relationship to them."""
    parts = docx_parts(pilot.docx)
    assert not any("stylesWithEffects" in name or "thumbnail" in name for name in parts)
    for name, content in parts.items():
        if name.endswith(".rels") or name == "[Content_Types].xml":
            assert b"stylesWithEffects" not in content and b"thumbnail" not in content, name
