"""The compliance checker: silent on golden documents, one finding family per mutant.

The golden DOCX is our rendered pilot-2020 sample rewritten the way Word saves files
(tests/wordlike.py: fonts through the theme, sizes and spacing through Normal and basedOn, TOC
field split inside an sdt, PAGE in an sdt footer). Each mutant changes one thing; where it can,
the change is made where inheritance carries it (a style, the theme, docDefaults), not on the
paragraph the checker then reports.
"""
from __future__ import annotations

import copy
import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import pytest
from lxml import etree

from conftest import input_files, load_json
from pipeline.check import check_bytes
from pipeline.check.registry import RULE_FAMILIES, RULES
from pipeline.cli import main
from pipeline.loader import load_form, load_style
from pipeline.render import render_form
from office import SOFFICE, libreoffice_pdf
from wordlike import A_NS, edit_part, edit_parts, find_style, paragraph_text, paragraphs, qn, set_property, wordlike_docx

DOC = "word/document.xml"


def sample(name: str) -> dict:
    return load_json(next(p for p in input_files() if p.name == name))


@lru_cache(maxsize=None)
def rendered(name: str):  # noqa: ANN201
    data = sample(name)
    return render_form(load_form(data["form"]), data)


@lru_cache(maxsize=None)
def golden() -> bytes:
    return wordlike_docx(rendered("pilot-2020-region.json").docx)


def families(docx_or_pdf: bytes, form: str | None = None) -> set[str]:
    report = check_bytes(docx_or_pdf, "x", form)
    return {f.rule.split(".")[0] for f in report.findings}


def rules_of(data: bytes) -> list[str]:
    return [f"{f.rule} @ {f.location}: {f.actual}" for f in check_bytes(data, "x").findings]


# ---- golden files -----------------------------------------------------------------------------

def test_the_word_shaped_golden_document_has_no_finding() -> None:
    assert rules_of(golden()) == []


@pytest.mark.parametrize("name", [p.name for p in input_files()])
def test_every_rendered_document_checks_clean_docx_and_pdf(name: str) -> None:
    documents = rendered(name)
    assert rules_of(documents.docx) == []
    assert rules_of(documents.pdf) == []


def test_every_rule_family_has_a_docx_and_a_pdf_rule() -> None:
    for family in RULE_FAMILIES:
        kinds = set().union(*(r.kinds for r in RULES if r.name.split(".")[0] == family))
        assert kinds == {"docx", "pdf"}, family


# ---- mutants: exactly one thing wrong -----------------------------------------------------------

def _styles(fn: Callable[[etree._Element], None]) -> Callable[[bytes], bytes]:
    return lambda docx: edit_part(docx, "word/styles.xml", fn)


def _normal_size_12(styles: etree._Element) -> None:
    set_property(find_style(styles, "Normal"), "w:rPr", "w:sz", val="24")


def _normal_single_spacing(styles: etree._Element) -> None:
    set_property(find_style(styles, "Normal"), "w:pPr", "w:spacing", line="240", lineRule="auto")


def _theme_hei(theme: etree._Element) -> None:
    for font in theme.iter(f"{{{A_NS}}}font"):
        if font.get("script") == "Hans":
            font.set("typeface", "黑体")


def _japanese_theme_language(settings: etree._Element) -> None:
    lang = settings.find(qn("w:themeFontLang"))
    lang.set(qn("w:eastAsia"), "ja-JP")


def _letter_paper(doc: etree._Element) -> None:
    for size in doc.iter(qn("w:pgSz")):
        size.set(qn("w:w"), "12240")
        size.set(qn("w:h"), "15840")


def _exact_spacing_on_one_paragraph(doc: etree._Element) -> None:
    p = next(p for p in paragraphs(doc) if paragraph_text(p).startswith("佛山市顺德区龙江家居电商园区运营管理有限公司（以下简称"))
    set_property(p, "w:pPr", "w:spacing", line="400", lineRule="exact")


def _kaiti_on_one_run(doc: etree._Element) -> None:
    p = next(p for p in paragraphs(doc) if paragraph_text(p).startswith("公司实行董事会领导下"))
    run = p.find(qn("w:r"))
    set_property(run, "w:rPr", "w:rFonts", eastAsia="楷体")


def _without_toc(doc: etree._Element) -> None:
    for sdt in list(doc.iter(qn("w:sdt"))):
        gallery = sdt.find(f".//{qn('w:docPartGallery')}")
        if gallery is not None and gallery.get(qn("w:val")) == "Table of Contents":
            sdt.getparent().remove(sdt)


def _without_page_field(docx: bytes) -> bytes:
    def strip(footer: etree._Element) -> None:
        for instr in footer.iter(qn("w:instrText")):
            instr.text = instr.text.replace("PAGE", "DATE")
        for simple in footer.iter(qn("w:fldSimple")):
            simple.set(qn("w:instr"), "DATE")
    import io
    import zipfile
    names = [n for n in zipfile.ZipFile(io.BytesIO(docx)).namelist() if n.startswith("word/footer")]
    return edit_parts(docx, {n: strip for n in names})


def _without_heading(doc: etree._Element) -> None:
    p = next(p for p in paragraphs(doc) if paragraph_text(p) == "四、下一步工作计划")
    p.getparent().remove(p)


def _blank_cell(text: str) -> Callable[[etree._Element], None]:
    def blank(doc: etree._Element) -> None:
        for t in doc.iter(qn("w:t")):
            if t.text == text:
                t.text = ""
    return blank


def _untick(doc: etree._Element) -> None:
    for t in doc.iter(qn("w:t")):
        if t.text and "☑" in t.text:
            t.text = t.text.replace("☑", "□")


def _table_as_paragraphs(doc: etree._Element) -> None:
    """Every table's rows become plain paragraphs (the data no longer in table form)."""
    for tbl in list(doc.iter(qn("w:tbl"))):
        parent, at = tbl.getparent(), tbl.getparent().index(tbl)
        for n, p in enumerate(tbl.iter(qn("w:p"))):
            parent.insert(at + n, copy.deepcopy(p))
        parent.remove(tbl)


def _doc(fn: Callable[[etree._Element], None]) -> Callable[[bytes], bytes]:
    return lambda docx: edit_part(docx, DOC, fn)


MUTANTS: dict[str, tuple[str, Callable[[bytes], bytes]]] = {
    "page-size": ("page-size", _doc(_letter_paper)),
    "font-family via the theme": ("font-family", lambda d: edit_part(d, "word/theme/theme1.xml", _theme_hei)),
    "font-family via themeFontLang": ("font-family", lambda d: edit_part(d, "word/settings.xml", _japanese_theme_language)),
    "font-family on one run": ("font-family", _doc(_kaiti_on_one_run)),
    "font-size via Normal": ("font-size", _styles(_normal_size_12)),
    "line-spacing via Normal": ("line-spacing", _styles(_normal_single_spacing)),
    "line-spacing exact on one paragraph": ("line-spacing", _doc(_exact_spacing_on_one_paragraph)),
    "toc": ("toc", _doc(_without_toc)),
    "page-numbers": ("page-numbers", _without_page_field),
    "required-section": ("required-section", _doc(_without_heading)),
    "required-field": ("required-field", _doc(_blank_cell("何志坚"))),
    "checkbox": ("checkbox", _doc(_untick)),
}


@pytest.mark.parametrize("name", list(MUTANTS))
def test_each_mutant_is_caught_and_only_its_violation_reported(name: str) -> None:
    family, mutate = MUTANTS[name]
    assert families(mutate(golden())) == {family}


def test_a_table_given_as_paragraphs_is_a_data_table_finding() -> None:
    assert "data-table" in families(_doc(_table_as_paragraphs)(golden()))


def test_an_introduction_over_500_characters_is_a_word_limit_finding() -> None:
    data = sample("case-2024-other.json")
    data["intro"] = "参评单位基本情况。" * 60            # 540 字
    mutant = wordlike_docx(render_form(load_form("case-2024"), data).docx)
    report = check_bytes(mutant, "x")
    assert {f.rule for f in report.findings} == {"word-limit"}
    assert "540" in report.findings[0].message


def test_a_second_ticked_box_is_a_checkbox_finding() -> None:
    def tick_another(doc: etree._Element) -> None:
        t = next(t for t in doc.iter(qn("w:t")) if t.text and t.text.startswith("□") and "电子商务平台试点" in t.text)
        t.text = t.text.replace("□", "☑", 1)
    assert families(_doc(tick_another)(golden())) == {"checkbox"}


# ---- PDF, calibrated on LibreOffice's export of the golden DOCX -----------------------------

needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: .ci/run installs it")


@needs_libreoffice
def test_libreoffice_pdf_of_the_golden_docx_checks_clean(tmp_path: Path) -> None:
    pdf = libreoffice_pdf(golden(), tmp_path)
    assert rules_of(pdf) == []


@needs_libreoffice
@pytest.mark.parametrize("name", ["font-size via Normal", "line-spacing via Normal", "font-family via the theme"])
def test_the_pdf_of_a_mutant_is_caught_too(name: str, tmp_path: Path) -> None:
    family, mutate = MUTANTS[name]
    assert family in families(libreoffice_pdf(mutate(golden()), tmp_path))


# ---- the command ----------------------------------------------------------------------------------

def test_cli_reports_by_rule_with_locations_and_exit_1(tmp_path: Path, capsys) -> None:
    path = tmp_path / "a.docx"
    path.write_bytes(MUTANTS["font-size via Normal"][1](golden()))
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "font-size.body" in out and "正文字号应为 14 磅（四号）" in out and "12 磅（小四）" in out and "下正文第" in out
    assert main(["check", str(path), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["compliant"] is False and report["form"] == "pilot-2020"
    assert {"rule", "severity", "message", "location", "expected", "actual"} <= set(report["findings"][0])


def test_cli_checks_a_folder_one_line_per_file(tmp_path: Path, capsys) -> None:
    (tmp_path / "good.docx").write_bytes(golden())
    (tmp_path / "good.pdf").write_bytes(rendered("pilot-2020-region.json").pdf)
    (tmp_path / "bad.docx").write_bytes(MUTANTS["toc"][1](golden()))
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 nothing")
    assert main(["check", str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    lines = out.strip().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("不合规") and "bad.docx" in lines[0]
    assert lines[1].startswith("合规") and lines[2].startswith("合规")
    assert err.startswith("无法读取") and "broken.pdf" in err and err.count("broken.pdf") == 1


def test_an_empty_folder_is_not_a_pass(tmp_path: Path, capsys) -> None:
    assert main(["check", str(tmp_path)]) == 2
    assert "没有 .docx 或 .pdf" in capsys.readouterr().err


def test_a_filled_fillable_pdf_is_checked_by_its_fields(tmp_path: Path) -> None:
    from pipeline.render.fillable import field_values, render_fillable
    from test_fillable import field_names, fill
    data = sample("pilot-2020-region.json")
    spec = load_form("pilot-2020")
    blank = render_fillable(spec)
    filled = fill(blank, field_values(spec, data, field_names(blank)))
    assert {f.rule for f in check_bytes(filled, "x").findings} == set()
    assert {f.rule for f in check_bytes(blank, "x").findings} >= {"required-field", "checkbox"}


def test_a_word_title_style_is_a_title_not_body_text() -> None:
    def title_style(doc: etree._Element) -> None:
        p = next(p for p in paragraphs(doc) if paragraph_text(p).startswith("公司实行董事会领导下"))
        set_property(p, "w:pPr", "w:pStyle", val="Title")
    assert "font-size" not in families(_doc(title_style)(golden()))


def test_an_unreadable_file_exits_2(tmp_path: Path, capsys) -> None:
    path = tmp_path / "x.docx"
    path.write_bytes(b"PK\x03\x04 not really")
    assert main(["check", str(path)]) == 2
    assert "无法" in capsys.readouterr().err


def test_a_pdf_without_text_is_said_to_be_unchecked() -> None:
    import io
    from reportlab.pdfgen.canvas import Canvas
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(595.28, 841.89))
    canvas.rect(100, 100, 300, 300)
    canvas.showPage()
    canvas.save()
    report = check_bytes(out.getvalue(), "scan.pdf")
    assert any(f.rule == "font-family.no-text" and f.severity == "warning" for f in report.findings)


def test_the_thresholds_come_from_the_style_file() -> None:
    check = load_style().check
    assert check.is_song("SimSun") and check.is_song("NotoSerifCJKsc-Regular") and not check.is_song("SimHei")
