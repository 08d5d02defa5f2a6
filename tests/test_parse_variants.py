"""The kinds of variation the second wild corpus (tests/wild2) found the parser missing, each
tested on its own: ticks after their option, a choice written out, full-width values, Word's
content-control prompts and tracked deletions, Wingdings boxes saved as text, headings numbered
another way, guidance in brackets, a repeated table split in two, a PDF's text column."""
from __future__ import annotations

import io
import zipfile

import pytest

from pipeline.loader import load_form
from pipeline.parse.anchors import Heading, match_heading
from pipeline.parse.docx_stream import docx_stream
from pipeline.parse.pdf_stream import _indents_paragraphs, _sentence_at_page_foot
from pipeline.parse.reader import read_form
from pipeline.parse.stream import TableItem, TextItem
from pipeline.parse.values import read_choice, read_value, read_yes_no

PILOT = load_form("pilot-2020")
CASE = load_form("case-2024")
SUMMARY = load_form("summary-2020")
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@pytest.mark.parametrize(("text", "value"), [
    ("是（√）   否（  ）", True), ("是（ ）否（√）", False), ("是(√) 否( )", True), ("是■ 否□", True),
    ("是□   否■", False), ("☑是 □否", True), ("□是 ■否", False), ("是（  ）否（  ）", None),
])
def test_yes_no_with_the_mark_before_or_after_the_word(text: str, value: bool | None) -> None:
    assert read_yes_no(text) is value


@pytest.mark.parametrize("text", [
    "电子商务区域试点：（  ）\n电子商务平台试点:（  ）\n电子商务服务商试点：（√）物流和仓储服务",
    "电子商务区域试点□：\n电子商务平台试点□:\n电子商务服务商试点■：物流和仓储服务",
    "电子商务服务商试点：物流和仓储服务",                      # written out, the other options deleted
    "电子商务服务商试点：物流和\n仓储服务",                      # …over two lines of a PDF cell
])
def test_a_choice_ticked_after_its_option_or_written_out(text: str) -> None:
    choice = read_choice(PILOT.field("pilot.type"), text)
    assert (choice.value, choice.detail) == ("provider", "物流和仓储服务")


def test_a_written_choice_naming_two_options_is_no_choice() -> None:
    assert read_choice(PILOT.field("pilot.type"), "电子商务区域试点 电子商务平台试点").value is None
    assert read_choice(PILOT.field("pilot.type"), "电子商务平台试点", written=False).value is None


def test_a_domain_ticked_in_brackets_after_it() -> None:
    text = "电子商务园区（  ）  电子商务企业（  ）\n丝路电商（  ）  数商兴农（  ）  电商+产业带（√）\n其他电子商务（  ） （请说明）"
    assert read_choice(CASE.field("case.domain"), text).value == "industrial_belt"


@pytest.mark.parametrize(("key", "text", "value"), [
    ("provider.revenue", "３０００", 3000), ("provider.revenue", "６，３２５．５万元", 6325.5),
    ("provider.senior_ratio", "２１．６％", 21.6), ("provider.revenue", "3,000.00", 3000),
    ("provider.revenue", "3000 万元", 3000), ("provider.revenue", "约8650万元", 8650),
    ("fill_date", "２０２０/５/９", "2020-05-09"), ("fill_date", "2020年05月13日", "2020-05-13"),
    ("fill_date", "2020.05.13", "2020-05-13"), ("contact.mobile", "１３７１２８９６４５２", "13712896452"),
    ("contact.email", "ａｂ＠ｃｄ．ｃｎ", "ab@cd.cn"), ("unit.name", "单击此处输入文字。", None),
    ("contact.fax", "Click or tap here to enter text.", None),
])
def test_values_typed_in_full_width_or_left_as_a_prompt(key: str, text: str, value: object) -> None:
    assert read_value(PILOT.field(key), text) == value


def _docx(body: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", f'<w:document {W}><w:body>{body}</w:body></w:document>')
    return out.getvalue()


def test_docx_tracked_deletions_prompts_and_symbol_text_are_read_as_word_shows_them() -> None:
    body = ('<w:p><w:del w:id="1" w:author="a"><w:r><w:delText>待定</w:delText></w:r></w:del>'
            '<w:ins w:id="2" w:author="a"><w:r><w:t>3000</w:t></w:r></w:ins></w:p>'
            '<w:p><w:sdt><w:sdtPr><w:showingPlcHdr/><w:text/></w:sdtPr><w:sdtContent><w:r><w:t>单击此处输入文字。</w:t></w:r>'
            '</w:sdtContent></w:sdt></w:p>'
            '<w:p><w:r><w:rPr><w:rFonts w:ascii="Wingdings"/></w:rPr><w:t>\uf0fe</w:t></w:r><w:r><w:t>是\u00a0\uf0a8否</w:t></w:r></w:p>')
    assert [i.text for i in docx_stream(_docx(body))] == ["3000", "", "☑是 □否"]


@pytest.mark.parametrize("typed", ["第二部分　单位基本情况", "二．单位基本情况"])
def test_a_section_heading_numbered_another_way(typed: str) -> None:
    assert match_heading(Heading.of("二、单位基本情况"), typed) is not None
    assert match_heading(Heading.of("三、试点有关情况"), typed) is None


def test_guidance_typed_in_brackets_after_the_short_heading() -> None:
    heading = Heading.of("（一）单位概况：所有制性质、组织架构、成立时间、主导产业（或主营业务）、经营规模，近年来的销售收入、利润、税金等。")
    alone = match_heading(heading, "（一）单位概况：（所有制性质、组织架构、成立时间、主导产业（或主营业务）、经营规模）")
    assert alone is not None and not alone.run_in
    run_in = match_heading(heading, "（一）单位概况：（所有制性质、组织架构）本公司成立于2012年。")
    assert run_in is not None and run_in.run_in


def test_a_repeated_table_split_in_two_by_enter_is_read_as_one() -> None:
    first = TableItem(rows=[["序号", "试点（示范）单位名称", "试点（示范）内容", "备注"], ["示范"],
                            ["1", "广州甲有限公司", "电子商务平台示范", ""]])
    second = TableItem(rows=[["试点"], ["1", "广州乙有限公司", "电子商务区域试点", "番禺区"]])
    items = [TextItem("附件 3"), TextItem("推荐汇总表"), TextItem("推荐单位：广州市工业和信息化局（盖章）"), first, TextItem(""), second]
    data = read_form(SUMMARY, items).data
    assert [r["name"] for r in data["demo"]] == ["广州甲有限公司"]
    assert data["pilot"] == [{"name": "广州乙有限公司", "content": "电子商务区域试点", "remark": "番禺区"}]


def test_a_choice_ticked_twice_in_the_table_keeps_no_value_from_the_cover() -> None:
    items = [TextItem("试 点 内 容：☑电子商务服务商试点"), TextItem("一、广东省工业和信息化领域电子商务第三批试点申报表"),
             TableItem(rows=[["试点内容", "☑电子商务区域试点：\n□电子商务平台试点:\n☑电子商务服务商试点："]], paragraphs=True)]
    reading = read_form(PILOT, items)
    assert "type" not in reading.data.get("pilot", {})
    assert any(p.path == "$.pilot.type" for p in reading.problems)


def _paragraph(text: str, **flags: bool) -> TextItem:
    return TextItem(text, **flags)


@pytest.mark.parametrize(("next_text", "joined"), [("近三年研发投入逐年增长。", True), ("（三）目前进展", False), ("2.典型案例。", False)])
def test_a_sentence_ending_at_the_foot_of_a_page(next_text: str, joined: bool) -> None:
    """In a document that indents its paragraphs, an unindented first line on the next page goes
    on with the paragraph whose sentence ended at the edge — unless it opens a numbered item."""
    body = [_paragraph("公司" * 40, indented=True) for _ in range(6)]
    assert _indents_paragraphs(body)
    assert not _indents_paragraphs([_paragraph("公司" * 40) for _ in range(6)])
    last = _paragraph("……拥有软件著作权42项、发明专利5项。", full_end=True)
    _sentence_at_page_foot(last, _paragraph(next_text, page_start=True))
    assert last.open_end is joined
