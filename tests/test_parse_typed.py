"""Reading what people type into the template, one kind of variation at a time, on small DOCX
files written here with python-docx (never with pipeline.render). The corpus in tests/wild
covers whole documents; these pin each rule of the reader down."""
from __future__ import annotations

import io

import pytest
from docx import Document

from pipeline.loader import load_form
from pipeline.parse.docx_stream import docx_stream
from pipeline.parse.reader import read_form
from pipeline.parse.values import read_value

PILOT = load_form("pilot-2020")
DEMO = load_form("demo-2020")


def _docx(*blocks: str | list[list[str]]) -> bytes:
    """Paragraphs (str) and tables (rows of cell texts) in order."""
    doc = Document()
    for block in blocks:
        if isinstance(block, str):
            doc.add_paragraph(block)
        else:
            table = doc.add_table(rows=len(block), cols=max(len(r) for r in block))
            for row, texts in zip(table.rows, block):
                for cell, text in zip(row.cells, texts):
                    cell.text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _read(spec, *blocks):  # noqa: ANN001, ANN202
    return read_form(spec, docx_stream(_docx(*blocks)))


def test_labels_people_type_instead_of_the_printed_ones() -> None:
    reading = _read(PILOT, "一、广东省工业和信息化领域电子商务第三批试点申报表", [
        ["试点单位名称", "佛山市某某科技有限公司", "成立日期", "2015.3.8"],
        ["法定代表人", "李喆", "统一社会信用代码", "91440604093681529U"],
        ["注册资本(万元)", "1,000万元", "企业性质", "民营企业"],
        ["联 系 人", "郑燊堃", "手机", "13690528476"],
        ["联系电话", "0757-83326618", "传真", "无"],
    ])
    unit, contact = reading.data["unit"], reading.data["contact"]
    assert unit == {"name": "佛山市某某科技有限公司", "founded": "2015-03-08", "legal_rep": "李喆",
                    "org_code": "91440604093681529U", "registered_capital": 1000, "nature": "民营企业"}
    assert contact == {"name": "郑燊堃", "mobile": "13690528476", "office_phone": "0757-83326618"}


def test_label_and_value_in_one_cell_and_the_value_under_its_label() -> None:
    reading = _read(PILOT, "一、广东省工业和信息化领域电子商务第三批试点申报表", [
        ["试点单位名称：广州某某有限公司", "法人代表:陈志强"],
        ["联系地址"],
        ["广州市黄埔区科学大道182号"],
    ])
    assert reading.data["unit"] == {"name": "广州某某有限公司", "legal_rep": "陈志强", "address": "广州市黄埔区科学大道182号"}


def test_a_row_of_labels_with_each_years_values_under_it() -> None:
    """附件1's indicators retyped as a matrix: the year in the first column tells 2018 from 2019."""
    reading = _read(DEMO, "一、广东省工业和信息化领域电子商务第二批示范申报表", [
        ["示范内容", "☑电子商务平台示范:（按通知支持发现填写）B2B 交易"],
        ["年份", "主营业务收入（万元）", "利润总额（万元）", "纳税总额（万元）"],
        ["2018年情况", "10,200", "730", "320"],
        ["2019年情况", "1.28亿元", "960", "410"],
    ])
    platform = reading.data["platform"]
    assert platform["y2018"] == {"revenue": 10200, "profit": 730, "tax": 320}
    assert platform["y2019"] == {"revenue": 12800, "profit": 960, "tax": 410}


def test_a_label_the_form_prints_twice_is_reported_when_nothing_tells_which() -> None:
    """主营业务收入 of the 平台 and of the 服务商 block, no group cell, no type ticked, one of them
    in the document: reported, not guessed."""
    reading = _read(PILOT, "一、广东省工业和信息化领域电子商务第三批试点申报表", [
        ["主营业务收入（万元）", "4,860", "利润总额（万元）", "428"],
    ])
    assert "platform" not in reading.data and "provider" not in reading.data
    assert any("无法确定" in p.message for p in reading.problems)


def test_the_type_ticked_tells_a_repeated_label_apart_when_the_block_is_alone() -> None:
    reading = _read(PILOT, "一、广东省工业和信息化领域电子商务第三批试点申报表", [
        ["试点内容", "□电子商务区域试点：\n□电子商务平台试点:\n■电子商务服务商试点：物流和仓储服务"],
        ["主营业务收入（万元）", "4,860", "利润总额（万元）", "428"],
    ])
    assert reading.data["provider"] == {"revenue": 4860, "profit": 428}
    assert reading.data["pilot"] == {"type": "provider", "direction": "物流和仓储服务"}


def test_the_form_table_typed_as_two_tables_with_a_caption_between() -> None:
    reading = _read(PILOT, "一、广东省工业和信息化领域电子商务第三批试点申报表",
                    [["试点单位名称", "广州某某有限公司"]], "（续表）", [["法人代表", "陈志强"]],
                    "二、单位基本情况", [["法人代表", "不是申报表里的"]])
    assert reading.data["unit"] == {"name": "广州某某有限公司", "legal_rep": "陈志强"}


@pytest.mark.parametrize("heading", ["（一）单位概况", "(一)单位概况:", "1.单位概况", "（一）单位概况：所有制性质、组织架构"])
def test_a_heading_typed_short_or_in_another_numbering(heading: str) -> None:
    reading = _read(PILOT, "二、单位基本情况", heading, "本公司成立于2012年。", "（二）管理水平", "通过ISO 9001认证。")
    assert reading.data["narrative"]["basic"] == {"overview": "本公司成立于2012年。", "management": "通过ISO 9001认证。"}


def test_an_applicants_own_numbered_subheading_is_not_the_forms() -> None:
    """"二、单位概况" inside another section's text names another item: it does not open 单位概况."""
    reading = _read(PILOT, "二、单位基本情况", "（一）单位概况：本公司成立于2012年。", "三、单位概况回顾", "（二）管理水平。公司通过认证。")
    assert reading.data["narrative"]["basic"]["overview"] == "本公司成立于2012年。\n三、单位概况回顾"
    assert reading.data["narrative"]["basic"]["management"] == "公司通过认证。"


def test_guidance_kept_as_its_own_paragraph_is_not_the_applicants_text() -> None:
    reading = _read(PILOT, "二、单位基本情况", "（二）管理水平", "（主要股东概况、管理制度、认证资质等）", "股东为两名自然人。")
    assert reading.data["narrative"]["basic"]["management"] == "股东为两名自然人。"


def test_cover_lines_typed_with_a_half_width_colon() -> None:
    reading = _read(PILOT, "附件2", "广东省工业和信息化领域电子商务", "第三批试点单位申报书",
                    "申报单位:佛山市某某科技有限公司（盖章）", "试点内容：☑电子商务平台试点", "填报日期:二〇二〇年五月十二日")
    assert reading.data["unit"]["name"] == "佛山市某某科技有限公司"
    assert reading.data["pilot"]["type"] == "platform"
    assert reading.data["fill_date"] == "2020-05-12"


@pytest.mark.parametrize(("key", "text", "value"), [
    ("provider.revenue", "约1.2亿元", 12000), ("provider.revenue", "5,000,000元", 500),
    ("provider.revenue", "人民币3,000万元", 3000), ("region.annual_output", "1865000万元", 186.5),
    ("provider.senior_ratio", "28.5％", 28.5), ("provider.logistics.warehouse_area", "32,000平方米", 32000),
    ("provider.logistics.has_wms", "有", True), ("provider.finance.microloan_license", "否", False),
    ("contact.fax", "/", None), ("fill_date", "2020/5/12", "2020-05-12"),
])
def test_values_as_people_write_them(key: str, text: str, value: object) -> None:
    assert read_value(PILOT.field(key), text) == value


def _legacy_checkbox(checked: bool) -> str:
    state = '<w:checked/>' if checked else '<w:default w:val="0"/>'
    return (f'<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Check1"/><w:enabled/><w:calcOnExit w:val="0"/>'
            f'<w:checkBox><w:sizeAuto/>{state}</w:checkBox></w:ffData></w:fldChar></w:r>'
            '<w:r><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def test_legacy_form_field_check_boxes() -> None:
    """Old templates (and WPS) tick with FORMCHECKBOX fields: Word draws the box, the file holds no
    character for it — its state is in w:ffData."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc = Document()
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "试点内容"
    cell = table.rows[0].cells[1]._tc
    cell.remove(cell.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"))
    for checked, label in ((False, "电子商务区域试点："), (True, "电子商务平台试点:"), (False, "电子商务服务商试点：")):
        cell.append(parse_xml(f'<w:p {nsdecls("w")}>{_legacy_checkbox(checked)}<w:r><w:t>{label}</w:t></w:r></w:p>'))
    out = io.BytesIO()
    doc.save(out)
    reading = read_form(PILOT, docx_stream(out.getvalue()))
    assert reading.data["pilot"] == {"type": "platform"}
