"""Generate benchmarks/templates/pilot-2020.docx: 附件2 as people fill it today, a docxtpl
(Jinja-in-Word) template — the baseline shenbao is compared against in bench_libreoffice.py.

    python benchmarks/make_template.py            # rewrites the template (deterministic)

The template is what a careful hand-made one looks like: A4, 宋体 4 号 (14 pt), 1.5 lines; a cover;
a static 目录; the 申报表 as a label/value table (labels taken from forms/pilot-2020.yaml so they
stay in sync) with □/☑ choices; the narratives as `{%p for para in … %}` paragraph loops; a
`- N -` PAGE footer. It is a fair, not a perfect, copy of the form: no merged cells, and the
narratives' Markdown pipe tables come out as plain text lines (docxtpl has no table syntax),
so the docxtpl path does *less* work than shenbao does.
"""
from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from pipeline.loader import load_form

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "templates" / "pilot-2020.docx"

# Narrative sections in the order the form prints them: (heading, [field keys]).
SECTIONS = [
    ("二、单位基本情况", ["narrative.basic.overview", "narrative.basic.management", "narrative.basic.technology",
                   "narrative.basic.advantage", "narrative.basic.capacity"]),
    ("三、试点有关情况", ["narrative.pilot.direction", "narrative.pilot.foundation", "narrative.pilot.progress"]),
    ("四、下一步工作计划", ["narrative.plan.stages", "narrative.plan.benefits"]),
]

# 申报表 rows: pairs of field keys, each printed as label | value (None = empty cell).
TABLE_ROWS = [
    ("unit.name", "unit.founded"), ("unit.legal_rep", "unit.org_code"),
    ("unit.registered_capital", "unit.nature"), ("unit.website", None), ("unit.address", "unit.postcode"),
    ("contact.name", "contact.title"), ("contact.mobile", "contact.office_phone"),
    ("contact.fax", "contact.email"), ("unit.honors", None),
    ("region.park_name", "region.leading_industry"), ("region.enterprise_count", "region.annual_output"),
    ("region.provider_count", "region.ecommerce_revenue"),
    ("platform.revenue", "platform.profit"), ("platform.tax", "platform.ecommerce_revenue"),
    ("platform.employees", "platform.senior_ratio"), ("platform.manufacturers", "platform.transaction_volume"),
    ("provider.revenue", "provider.profit"), ("provider.tax", "provider.served_count"),
    ("provider.employees", "provider.senior_ratio"),
    ("provider.logistics.has_wms", "provider.logistics.warehouse_area"),
    ("provider.finance.microloan_license", "provider.finance.payment_license"),
    ("provider.finance.platforms_served", None),
    ("provider.operation.online_gmv", "provider.operation.categories"),
]


def loop_name(key: str) -> str:
    """The context name a narrative's paragraph list is given: narrative.basic.overview → basic_overview."""
    return key.removeprefix("narrative.").replace(".", "_")


def value_tag(spec, key: str) -> str:
    field = spec.field(key)
    kind = field.type.value
    if kind == "bool":
        return "{{ " + key + "|yesno }}"
    if kind == "date":
        return "{{ " + key + "|cndate }}"
    suffix = field.unit or ("%" if kind == "percent" else "")
    return "{{ " + key + " }}" + suffix


def _font(run_or_style, size_pt: float = 14) -> None:
    run_or_style.font.name = "宋体"
    run_or_style.font.size = Pt(size_pt)
    r_pr = run_or_style.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), "宋体")


def _page_field(paragraph) -> None:
    paragraph.add_run("- ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text.strip() == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
    paragraph.add_run(" -")


def build() -> bytes:
    spec = load_form("pilot-2020")
    word = Document()
    normal = word.styles["Normal"]
    _font(normal)
    normal.paragraph_format.line_spacing = 1.5
    normal.paragraph_format.first_line_indent = Pt(28)
    for name in ("Heading 1", "Heading 2"):
        style = word.styles[name]
        _font(style, 16 if name == "Heading 1" else 14)
        style.font.bold = False
        style.font.color.rgb = None
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(28)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.different_first_page_header_footer = True
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(footer)

    def para(text: str = "", align=None, indent: bool = True, size: float | None = None):
        p = word.add_paragraph()
        if align is not None:
            p.alignment = align
        if not indent:
            p.paragraph_format.first_line_indent = 0
        if text:
            run = p.add_run(text)
            if size:
                run.font.size = Pt(size)
        return p

    # Cover
    para("附件2", indent=False)
    for _ in range(3):
        para(indent=False)
    for line in ("广东省工业和信息化领域电子商务", "第三批试点单位申报书"):
        para(line, WD_ALIGN_PARAGRAPH.CENTER, indent=False, size=22)
    for _ in range(4):
        para(indent=False)
    para("申 报 单 位：{{ unit.name }}（盖章）", indent=False)
    para("试 点 内 容：{{ pilot.type|choice }}", indent=False)
    para("填 报 日 期 ：{{ fill_date|cndate }}", indent=False)
    for _ in range(4):
        para(indent=False)
    para("广东省工业和信息化厅    编制", WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    para("二○二○年四月", WD_ALIGN_PARAGRAPH.CENTER, indent=False).add_run().add_break(WD_BREAK.PAGE)

    # 目录 (static, as hand-made templates usually have it)
    para("目  录", WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    for heading in ["一、广东省工业和信息化领域电子商务第三批试点申报表", *(h for h, _ in SECTIONS),
                    "五、附件", "六、其他有关材料"]:
        para(heading, indent=False)
    para(indent=False).add_run().add_break(WD_BREAK.PAGE)

    # 一、申报表
    word.add_heading("一、广东省工业和信息化领域电子商务第三批试点申报表", level=1)
    rows = [[spec.field("pilot.type").label, "{{ pilot.type|checkboxes }}", spec.field("pilot.direction").label,
             "{{ pilot.direction }}"]]
    for left, right in TABLE_ROWS:
        row = [spec.field(left).label, value_tag(spec, left)]
        row += [spec.field(right).label, value_tag(spec, right)] if right else ["", ""]
        rows.append(row)
    rows.append(["真实性承诺", "我单位申报的所有材料，均真实、完整，如有不实，愿承担相应的责任。",
                 "法定代表人签章：（公章）", "年  月   日"])
    rows.append(["推荐单位意见", "{{ recommendation.opinion }}", "盖章：", "年  月   日"])
    table = word.add_table(rows=len(rows), cols=4)
    table.style = word.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            cell = table.cell(r, c)
            cell.width = Mm((30, 47, 30, 47)[c])
            p = cell.paragraphs[0]
            p.paragraph_format.first_line_indent = 0
            p.paragraph_format.line_spacing = 1.0
            run = p.add_run(text)
            run.font.size = Pt(12)
    para("备注：行业类别包括原材料、工业装备、消费品、电子信息等。", indent=False).add_run().add_break(WD_BREAK.PAGE)

    # 二、… 四、 narratives
    for heading, keys in SECTIONS:
        word.add_heading(heading, level=1)
        for key in keys:
            para(spec.field(key).label)
            para("{%p for para in narrative." + loop_name(key) + " %}")
            para("{{ para }}")
            para("{%p endfor %}")
    word.add_heading("五、附件", level=1)
    for key in ("attachments.license", "attachments.id_card", "attachments.financial_report",
                "attachments.commitment"):
        para(spec.field(key).label)
    word.add_heading("六、其他有关材料", level=1)
    para("{%p for para in narrative.other %}")
    para("{{ para }}")
    para("{%p endfor %}")
    para("注：请编写目录和页码，纸张规格：A4；字体：宋体 4号；行间距：1.5 倍。数据部分用表格形式。", indent=False)
    assert section.start_type == WD_SECTION.NEW_PAGE

    word.core_properties.title = "附件2 docxtpl 模板（benchmarks）"
    buffer = io.BytesIO()
    word.save(buffer)
    return _deterministic_zip(buffer.getvalue())


def _deterministic_zip(data: bytes) -> bytes:
    """Fixed member times (and core.xml dates) so the committed template only changes with its content."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                import re
                content = re.sub(rb"<dcterms:(created|modified)([^>]*)>[^<]*<",
                                 rb"<dcterms:\1\2>2020-04-01T00:00:00Z<", content)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 4, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, content)
    return out.getvalue()


def main() -> int:
    TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    TEMPLATE.write_bytes(build())
    print(f"wrote {TEMPLATE.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
