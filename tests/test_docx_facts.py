"""The DOCX fact reader: effective formatting through docDefaults, styles, theme and direct
formatting; the walk through sdt, tables, fields, headers and footers; sections' footers.

Real documents: our rendered DOCX and its Word-shaped rewrite (tests/wordlike.py). Targeted
cases: small packages built here from XML strings."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from wordlike import edit_part, qn, read_part, set_property, wordlike_docx

from pipeline.check.docx_facts import DocxFacts, DocxReadError, read_docx_facts
from pipeline.files import load_input
from pipeline.render import render_form

ROOT = Path(__file__).resolve().parent.parent
INPUT = ROOT / "inputs" / "pilot-2020-region.json"
BODY_STYLES = {"Normal", "Note"}


@pytest.fixture(scope="module")
def ours() -> bytes:
    spec, data = load_input(INPUT)
    return render_form(spec, data, base_dir=INPUT.parent).docx


@pytest.fixture(scope="module")
def wordlike(ours: bytes) -> bytes:
    return wordlike_docx(ours)


@pytest.fixture(scope="module", params=["ours", "wordlike"])
def facts(request: pytest.FixtureRequest, ours: bytes, wordlike: bytes) -> DocxFacts:
    return read_docx_facts(ours if request.param == "ours" else wordlike)


# -- real documents ---------------------------------------------------------------------------
def test_body_text_is_songti_14pt_one_and_a_half_lines(facts: DocxFacts) -> None:
    body = [p for p in facts.body() if p.style_id in BODY_STYLES and p.runs and not p.in_table]
    assert len(body) > 40
    for p in body:
        assert (p.line_rule, p.line_value) == ("auto", 360), p.text
        for run in p.runs:
            assert (run.east_asia_font, run.size_pt) == ("宋体", 14.0), (p.text, run)


def test_every_run_anywhere_is_songti(facts: DocxFacts) -> None:
    runs = [r for p in facts.paragraphs for r in p.runs]
    assert len(runs) > 300
    assert {r.east_asia_font for r in runs} == {"宋体"}
    assert {r.ascii_font for r in runs} == {"Times New Roman"}
    table_runs = [r for p in facts.paragraphs if p.in_table for r in p.runs]
    assert table_runs and {r.size_pt for r in table_runs} >= {14.0}


def test_headings_have_levels_and_locate_what_follows(facts: DocxFacts) -> None:
    headings = [p for p in facts.body() if p.heading_level]
    assert {p.heading_level for p in headings} == {1, 2}
    assert [p.text for p in headings if p.heading_level == 1][:2] == [
        "一、广东省工业和信息化领域电子商务第三批试点申报表", "二、单位基本情况"]
    assert not any(p.heading_level for p in facts.paragraphs if p.in_toc)
    after = next(p for p in facts.body() if p.style_id == "Normal" and p.text.strip())
    assert after.heading and after.heading[0] in "一二三四五六（"
    for h in headings:
        assert h.heading == h.text.strip()


def test_toc_is_found_in_its_sdt(facts: DocxFacts) -> None:
    toc = facts.toc
    assert toc is not None and toc.kind == "complex"
    assert toc.in_sdt and toc.gallery
    assert " ".join(toc.instruction.split()) == 'TOC \\o "1-1" \\h \\z \\u'
    assert toc.entries == 6
    toc_paras = [p for p in facts.body() if p.in_toc and p.text.strip()]
    assert toc_paras[0].text.replace(" ", "") == "目录"
    assert all(p.in_sdt for p in toc_paras)


def test_every_section_footer_has_page_and_the_cover_is_title_page(facts: DocxFacts) -> None:
    assert facts.sections
    for section in facts.sections:
        assert section.footer_has_page_field["default"], section
        assert (section.page_width, section.page_height) == (11906, 16838)
        assert section.orientation == "portrait"
    first = facts.sections[0]
    assert first.title_page and not first.footer_has_page_field["first"]
    assert facts.body()[first.first_paragraph].text == "附件2"
    assert facts.sections[-1].last_paragraph == len(facts.body()) - 1
    footer = [p for p in facts.paragraphs if p.part == "footer" and p.text]
    assert [p.text for p in footer] == ["- 1 -"]


def test_our_docx_specifics(ours: bytes) -> None:
    facts = read_docx_facts(ours)
    assert facts.update_fields and len(facts.sections) == 1
    page = [f for f in facts.fields if f.name == "PAGE"]
    assert [(f.kind, f.in_sdt) for f in page] == [("simple", False)]
    assert "宋体" in facts.fonts_in_table and facts.font_alt_names["宋体"] == "SimSun"


def test_wordlike_goes_through_theme_inheritance_and_sdts(wordlike: bytes) -> None:
    styles = read_part(wordlike, "word/styles.xml")
    normal = next(s for s in styles.iter(qn("w:style")) if s.get(qn("w:styleId")) == "Normal")
    assert normal.find(f"{qn('w:rPr')}/{qn('w:rFonts')}") is None
    defaults = styles.find(f".//{qn('w:rPrDefault')}//{qn('w:rFonts')}")
    assert defaults.get(qn("w:eastAsiaTheme")) == "minorEastAsia" and defaults.get(qn("w:eastAsia")) is None
    heading = next(s for s in styles.iter(qn("w:style")) if s.get(qn("w:styleId")) == "Heading1")
    assert heading.find(f"{qn('w:rPr')}/{qn('w:sz')}") is None
    assert heading.find(f"{qn('w:pPr')}/{qn('w:spacing')}") is None
    theme = read_part(wordlike, "word/theme/theme1.xml")
    assert theme.find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}ea").get("typeface") == ""
    document = read_part(wordlike, "word/document.xml")
    assert len(list(document.iter(qn("w:instrText")))) >= 3 + 6      # split TOC + PAGEREFs
    final = document.find(f"{qn('w:body')}/{qn('w:sectPr')}")
    assert final.find(qn("w:footerReference")) is None              # inherited, not its own

    facts = read_docx_facts(wordlike)
    assert not facts.update_fields and len(facts.sections) == 2
    cover, body = facts.sections
    assert body.footer_parts["default"] == cover.footer_parts["default"]
    assert cover.footer_parts["first"] and not body.title_page
    page = [f for f in facts.fields if f.name == "PAGE"]
    assert [(f.kind, f.galleries) for f in page] == [("complex", ("Page Numbers (Bottom of Page)",))]
    assert [f.name for f in facts.fields].count("PAGEREF") == 6


def test_wordlike_keeps_the_text(ours: bytes, wordlike: bytes) -> None:
    def texts(data: bytes) -> list[str]:
        return [p.text for p in read_docx_facts(data).body() if p.text]
    assert texts(ours) == texts(wordlike)


def test_edit_part_changes_one_part_and_keeps_entry_order(ours: bytes) -> None:
    def smaller(styles):
        normal = next(s for s in styles.iter(qn("w:style")) if s.get(qn("w:styleId")) == "Normal")
        set_property(normal, "w:rPr", "w:sz", val="24")
    edited = edit_part(ours, "word/styles.xml", smaller)
    names = lambda d: zipfile.ZipFile(io.BytesIO(d)).namelist()
    assert names(edited) == names(ours)
    body = [p for p in read_docx_facts(edited).body() if p.style_id == "Normal" and p.runs]
    assert {r.size_pt for p in body for r in p.runs} == {12.0}


# -- hand-made packages -----------------------------------------------------------------------
NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def theme_xml(ea: str = "", scripts: str = '<a:font script="Hans" typeface="宋体"/>') -> str:
    font = f'<a:latin typeface="Calibri"/><a:ea typeface="{ea}"/><a:cs typeface=""/>{scripts}'
    return ('<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="T">'
            f'<a:themeElements><a:fontScheme name="T"><a:majorFont>{font}</a:majorFont>'
            f'<a:minorFont>{font}</a:minorFont></a:fontScheme></a:themeElements></a:theme>')


def make_docx(body: str, styles: str = "", defaults: str = "", theme: str | None = None,
              settings: str = "", footers: dict[str, str] | None = None) -> bytes:
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                       f'<Relationship Id="rId1" Type="{REL}officeDocument" Target="word/document.xml"/>'
                       "</Relationships>",
        "word/document.xml": f"<w:document {NS}><w:body>{body}</w:body></w:document>",
        "word/styles.xml": f"<w:styles {NS}><w:docDefaults>{defaults}</w:docDefaults>{styles}</w:styles>",
        "word/settings.xml": f"<w:settings {NS}>{settings}</w:settings>",
    }
    rels = [("styles", "styles.xml"), ("settings", "settings.xml")]
    if theme is not None:
        parts["word/theme/theme1.xml"] = theme
        rels.append(("theme", "theme/theme1.xml"))
    for rid, xml in (footers or {}).items():
        kind = "header" if xml.startswith("<w:hdr") else "footer"
        parts[f"word/{rid}.xml"] = xml
        rels.append((kind, f"{rid}.xml", rid))
    rel_xml = "".join(f'<Relationship Id="{r[2] if len(r) > 2 else "x" + r[0]}" Type="{REL}{r[0]}" '
                      f'Target="{r[1]}"/>' for r in rels)
    parts["word/_rels/document.xml.rels"] = (
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rel_xml}'
        "</Relationships>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, xml in parts.items():
            zf.writestr(name, xml)
    return out.getvalue()


def style(sid: str, kind: str = "paragraph", based: str = "", ppr: str = "", rpr: str = "",
          default: bool = False, name: str = "") -> str:
    xml = f'<w:style w:type="{kind}" w:styleId="{sid}"' + (' w:default="1"' if default else "") + ">"
    xml += f'<w:name w:val="{name or sid}"/>' + (f'<w:basedOn w:val="{based}"/>' if based else "")
    xml += (f"<w:pPr>{ppr}</w:pPr>" if ppr else "") + (f"<w:rPr>{rpr}</w:rPr>" if rpr else "")
    return xml + "</w:style>"


def para(text: str, pstyle: str = "", ppr: str = "", rpr: str = "") -> str:
    props = (f'<w:pStyle w:val="{pstyle}"/>' if pstyle else "") + ppr
    return (f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}"
            f"<w:r>{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}<w:t>{text}</w:t></w:r></w:p>")


def only(data: bytes, text: str):
    found = [p for p in read_docx_facts(data).paragraphs if p.text == text]
    assert len(found) == 1, [p.text for p in read_docx_facts(data).paragraphs]
    return found[0]


DEFAULTS = ('<w:rPrDefault><w:rPr><w:rFonts w:eastAsia="黑体" w:ascii="Arial"/><w:sz w:val="20"/>'
            "</w:rPr></w:rPrDefault>")
CHAIN = (style("Normal", default=True, rpr='<w:rFonts w:eastAsia="仿宋"/>')
         + style("A", based="Normal", rpr='<w:sz w:val="28"/>', ppr='<w:spacing w:line="240"/>')
         + style("B", based="A", rpr='<w:rFonts w:eastAsia="宋体"/>')
         + style("C", based="B", ppr='<w:spacing w:line="360" w:lineRule="auto"/>'))


def test_based_on_chain_resolves_each_property_from_its_own_level() -> None:
    data = make_docx(para("链", "C") + para("无样式") + para("未知样式", "Nope"), CHAIN, DEFAULTS)
    chained = only(data, "链")
    assert chained.runs[0].east_asia_font == "宋体"        # B
    assert chained.runs[0].size_pt == 14.0                 # A
    assert chained.runs[0].ascii_font == "Arial"           # docDefaults
    assert (chained.line_rule, chained.line_value) == ("auto", 360)   # C beats A
    for text in ("无样式", "未知样式"):                     # the w:default="1" paragraph style
        p = only(data, text)
        assert p.style_id == "Normal" and p.runs[0].east_asia_font == "仿宋"
        assert p.runs[0].size_pt == 10.0 and p.line_rule is None


def test_direct_formatting_wins() -> None:
    body = para("直接", "C", ppr='<w:spacing w:line="400" w:lineRule="exact"/>',
                rpr='<w:rFonts w:eastAsia="黑体"/><w:sz w:val="24"/>')
    p = only(make_docx(body, CHAIN, DEFAULTS), "直接")
    assert (p.runs[0].east_asia_font, p.runs[0].size_pt) == ("黑体", 12.0)
    assert (p.line_rule, p.line_value) == ("exact", 400)


def test_character_style_beats_paragraph_style_and_loses_to_direct() -> None:
    styles = CHAIN + style("EmBase", "character", rpr='<w:rFonts w:eastAsia="楷体"/><w:sz w:val="32"/>') \
        + style("Em", "character", based="EmBase")
    body = (para("字符样式", "C", rpr='<w:rStyle w:val="Em"/>')
            + para("字符样式加直接", "C", rpr='<w:rStyle w:val="Em"/><w:sz w:val="28"/>'))
    data = make_docx(body, styles, DEFAULTS)
    assert (only(data, "字符样式").runs[0].east_asia_font, only(data, "字符样式").runs[0].size_pt) == ("楷体", 16.0)
    assert only(data, "字符样式加直接").runs[0].size_pt == 14.0


def _table(style_id: str, *paras: str) -> str:
    tbl_style = f'<w:tblStyle w:val="{style_id}"/>' if style_id else ""
    return (f"<w:tbl><w:tblPr>{tbl_style}</w:tblPr><w:tr><w:tc>{''.join(paras)}</w:tc></w:tr></w:tbl>")


def test_table_style_applies_only_in_tables_and_below_paragraph_styles() -> None:
    defaults = '<w:rPrDefault><w:rPr><w:rFonts w:eastAsia="宋体"/><w:sz w:val="28"/></w:rPr></w:rPrDefault>'
    styles = (style("Normal", default=True) + style("Big", based="Normal", rpr='<w:sz w:val="32"/>')
              + style("TableNormal", "table", default=True, rpr='<w:sz w:val="18"/>')
              + style("GridBase", "table", rpr='<w:sz w:val="21"/>', ppr='<w:spacing w:line="240"/>')
              + style("Grid", "table", based="GridBase"))
    nested = _table("Grid", para("外层"), _table("", para("内层")), para("外层续"))
    body = (para("表外") + _table("Grid", para("表内"), para("表内大", "Big")) + nested)
    data = make_docx(body, styles, defaults)
    outside, inside, big = only(data, "表外"), only(data, "表内"), only(data, "表内大")
    assert (outside.in_table, outside.runs[0].size_pt, outside.line_rule) == (False, 14.0, None)
    assert (inside.in_table, inside.runs[0].size_pt, inside.line_value) == (True, 10.5, 240)
    assert big.runs[0].size_pt == 16.0 and big.line_value == 240
    assert only(data, "内层").runs[0].size_pt == 9.0        # no tblStyle: the default table style
    assert only(data, "外层续").runs[0].size_pt == 10.5     # back in the outer table
    assert [p.text for p in read_docx_facts(data).paragraphs] == [
        "表外", "表内", "表内大", "外层", "内层", "外层续"]


THEME_DEFAULTS = ('<w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" '
                  'w:eastAsiaTheme="minorEastAsia"/></w:rPr></w:rPrDefault>')
JPAN_HANS = '<a:font script="Jpan" typeface="ＭＳ 明朝"/><a:font script="Hans" typeface="宋体"/>'


@pytest.mark.parametrize("lang, scripts, ea, expected", [
    ("zh-CN", JPAN_HANS, "", "宋体"),
    ("ja-JP", JPAN_HANS, "", "ＭＳ 明朝"),
    ("zh-CN", "", "", "SimSun"),                 # no Hans entry: the language's default face
    ("ja-JP", "", "", "MS Mincho"),
    (None, JPAN_HANS, "", "<minorEastAsia?>"),    # nothing says which face: not a real name
    ("ja-JP", JPAN_HANS, "华文宋体", "华文宋体"),   # a non-empty a:ea wins over the language
])
def test_theme_fonts_and_theme_font_lang(lang, scripts, ea, expected) -> None:
    settings = f'<w:themeFontLang w:val="en-US" w:eastAsia="{lang}"/>' if lang else ""
    data = make_docx(para("主题"), style("Normal", default=True), THEME_DEFAULTS,
                     theme_xml(ea, scripts), settings)
    run = only(data, "主题").runs[0]
    assert run.east_asia_font == expected and run.ascii_font == "Calibri"


def test_theme_attribute_beats_plain_at_its_level_but_not_a_stronger_level() -> None:
    styles = (style("Normal", default=True, rpr='<w:rFonts w:eastAsia="黑体" w:eastAsiaTheme="minorEastAsia"/>')
              + style("Plain", based="Normal", rpr='<w:rFonts w:eastAsia="楷体"/>'))
    data = make_docx(para("同级") + para("更强", "Plain"), styles, "", theme_xml(),
                     '<w:themeFontLang w:eastAsia="zh-CN"/>')
    assert only(data, "同级").runs[0].east_asia_font == "宋体"
    assert only(data, "更强").runs[0].east_asia_font == "楷体"


def test_nothing_set_anywhere() -> None:
    p = only(make_docx(para("空")), "空")
    assert (p.runs[0].east_asia_font, p.runs[0].ascii_font, p.runs[0].size_pt) == (None, None, 10.0)
    assert p.style_id is None and p.line_rule is None and p.heading_level is None


def _fld(instr_parts: list[str], result: str) -> str:
    instr = "".join(f'<w:r><w:instrText xml:space="preserve">{i}</w:instrText></w:r>' for i in instr_parts)
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r>{instr}'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{result}<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def test_toc_instruction_split_across_runs_outside_an_sdt() -> None:
    entries = "".join(f'<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r><w:t>第{i}章</w:t></w:r></w:p>'
                      for i in range(3))
    begin = ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
             '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" </w:instrText></w:r>'
             '<w:r><w:instrText xml:space="preserve">\\h \\z </w:instrText></w:r>'
             '<w:r><w:instrText xml:space="preserve">\\u </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r></w:p>')
    body = begin + entries + '<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>' + para("正文")
    facts = read_docx_facts(make_docx(body))
    assert facts.toc is not None
    assert facts.toc.instruction == ' TOC \\o "1-3" \\h \\z \\u '
    assert (facts.toc.kind, facts.toc.in_sdt, facts.toc.gallery, facts.toc.entries) == ("complex", False, False, 3)
    assert [p.in_toc for p in facts.paragraphs] == [True] * 5 + [False]
    assert facts.paragraphs[1].text == "第0章"               # instructions are not text


def test_simple_toc_field_in_a_gallery_sdt() -> None:
    body = ('<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj>'
            '</w:sdtPr><w:sdtContent><w:p><w:fldSimple w:instr=" TOC \\o &quot;1-2&quot; ">'
            "<w:r><w:t>一、概况</w:t></w:r></w:fldSimple></w:p></w:sdtContent></w:sdt>")
    facts = read_docx_facts(make_docx(body))
    assert (facts.toc.kind, facts.toc.in_sdt, facts.toc.gallery, facts.toc.entries) == ("simple", True, True, 1)
    assert facts.paragraphs[0].text == "一、概况" and facts.paragraphs[0].in_toc


def _part(tag: str, body: str) -> str:
    return f"<w:{tag} {NS}>{body}</w:{tag}>"


def _sect(*refs: str, title: bool = False, size: str = 'w:w="11906" w:h="16838"') -> str:
    xml = "".join(f'<w:{kind}Reference w:type="{which}" r:id="{rid}"/>'
                  for kind, which, rid in (r.split(":") for r in refs))
    return f"<w:sectPr>{xml}<w:pgSz {size}/>{'<w:titlePg/>' if title else ''}</w:sectPr>"


def test_sections_inherit_footers_and_find_page_fields() -> None:
    page_sdt = ('<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Page Numbers (Bottom of Page)"/>'
                f'</w:docPartObj></w:sdtPr><w:sdtContent><w:p>{_fld([" PA", "GE "], "<w:r><w:t>1</w:t></w:r>")}'
                "</w:p></w:sdtContent></w:sdt>")
    footers = {
        "fPage": _part("ftr", page_sdt),
        "fEmpty": _part("ftr", "<w:p/>"),
        "fTotal": _part("ftr", '<w:p><w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>9</w:t></w:r></w:fldSimple></w:p>'),
        "hPage": _part("hdr", '<w:p><w:fldSimple w:instr="PAGE \\* Arabic"><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>'),
    }
    cover = _sect("footer:default:fPage", "footer:first:fEmpty", title=True)
    landscape = _sect(size='w:w="16838" w:h="11906"')
    body = (f"<w:p><w:pPr>{cover}</w:pPr><w:r><w:t>封面</w:t></w:r></w:p>"
            f"<w:p><w:pPr>{landscape}</w:pPr><w:r><w:t>横向</w:t></w:r></w:p>"
            + para("正文") + _sect("footer:default:fTotal", "header:default:hPage"))
    facts = read_docx_facts(make_docx(body, footers=footers))
    s1, s2, s3 = facts.sections
    assert s1.title_page and s1.footer_has_page_field == {"default": True, "first": False, "even": False}
    assert not s2.title_page and s2.footer_has_page_field["default"]          # inherited
    assert s2.footer_parts == s1.footer_parts and s2.orientation == "landscape"
    assert not s3.footer_has_page_field["default"]                            # NUMPAGES only
    assert s3.footer_parts["first"] == "word/fEmpty.xml" and not s3.footer_has_page_field["first"]
    assert s3.header_has_page_field["default"] and not s1.header_has_page_field["default"]
    assert (s1.first_paragraph, s1.last_paragraph, s3.first_paragraph, s3.last_paragraph) == (0, 0, 2, 2)
    assert sorted(f.name for f in facts.fields) == ["NUMPAGES", "PAGE", "PAGE"]
    assert {p.part for p in facts.paragraphs} == {"body", "footer", "header"}
    page = next(f for f in facts.fields if f.part_name == "word/fPage.xml")
    assert page.instruction == " PAGE " and page.in_sdt
    assert page.galleries == ("Page Numbers (Bottom of Page)",)


def test_walk_reaches_wrapped_runs_and_skips_deletions() -> None:
    run = lambda t: f"<w:r><w:t>{t}</w:t></w:r>"
    body = ("<w:p>" + run("甲")
            + f'<w:hyperlink w:anchor="x">{run("乙")}</w:hyperlink>'
            + f'<w:ins w:id="1" w:author="a">{run("丙")}</w:ins>'
            + '<w:del w:id="2" w:author="a"><w:r><w:delText>删</w:delText></w:r></w:del>'
            + f'<w:smartTag w:uri="u" w:element="e">{run("丁")}</w:smartTag>'
            + f'<w:fldSimple w:instr=" DATE ">{run("戊")}</w:fldSimple>'
            + f"<w:sdt><w:sdtPr/><w:sdtContent>{run('己')}</w:sdtContent></w:sdt>"
            + '<w:r><w:tab/><w:t xml:space="preserve"> 庚 </w:t><w:br/>'
              '<w:sym w:font="Wingdings" w:char="F0FE"/><w:sym w:font="Wingdings" w:char="F0A8"/></w:r>'
            + "</w:p>"
            + f"<w:sdt><w:sdtPr/><w:sdtContent>{para('块内')}</w:sdtContent></w:sdt>")
    facts = read_docx_facts(make_docx(body))
    first, second = facts.paragraphs
    assert first.text == "甲乙丙丁戊己\t 庚 \n☑□"
    assert [r.text for r in first.runs][:6] == list("甲乙丙丁戊己")
    assert not first.in_sdt and second.in_sdt and second.index == 1


def test_heading_levels_through_outline_chain_and_names() -> None:
    styles = (style("Normal", default=True)
              + style("H1", based="Normal", ppr='<w:outlineLvl w:val="0"/>', name="heading 1")
              + style("MyH", based="H1")
              + style("H2", based="Normal", name="heading 2")          # no outlineLvl: by name
              + style("TocHead", based="H1", ppr='<w:outlineLvl w:val="9"/>', name="TOC Heading"))
    body = (para("前言") + para("第一章", "MyH") + para("正文一") + para("第一节", "H2")
            + para("正文二") + para("目录", "TocHead") + para("直接", ppr='<w:outlineLvl w:val="2"/>'))
    facts = read_docx_facts(make_docx(body, styles))
    got = [(p.text, p.heading_level, p.heading) for p in facts.paragraphs]
    assert got == [("前言", None, None), ("第一章", 1, "第一章"), ("正文一", None, "第一章"),
                   ("第一节", 2, "第一节"), ("正文二", None, "第一节"), ("目录", None, "第一节"),
                   ("直接", 3, "直接")]
    assert facts.paragraphs[5].in_toc


def test_not_a_docx() -> None:
    with pytest.raises(DocxReadError):
        read_docx_facts(b"%PDF-1.7 not a zip")
    empty = io.BytesIO()
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(DocxReadError):
        read_docx_facts(empty.getvalue())
