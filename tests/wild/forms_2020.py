"""附件1 (示范单位申报书), 附件2 (试点单位申报书) and 附件3 (推荐汇总表) typed into Word by hand.

Every label is copied from the seed (shared/seeds/000_4a8d62aaa38918d7.txt). The table is laid
on a 6-column grid of this module's own (not the renderer's), with merged cells where the
template merges them.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import profile as fmt
from .profile import Profile
from .sections import DEMO_SECTIONS, PILOT_SECTIONS, get, toc_entries, write_sections
from .wordkit import Cell, WordDoc, cell, options_writer, text_lines

GRID = (21, 27, 27, 25, 24, 32)          # mm, 156 in all: the A4 text width at 28/26 mm margins
Row = list[Cell]

DEMO_TYPES = (("region", "电子商务区域示范：", "（按通知支持方向填写）"),
              ("platform", "电子商务平台示范:", "（按通知支持发现填写）"),
              ("provider", "电子商务服务商示范：", "（按通知支持方向填写）"))
PILOT_TYPES = (("region", "电子商务区域试点：", ""),
               ("platform", "电子商务平台试点:", ""),
               ("provider", "电子商务服务商试点：", ""))
SUB_BLOCKS = (("logistics", "物流和仓储类型服务商填"), ("finance", "电商金融类型服务商填"),
              ("operation", "交易托管和代运营类型服务商填"))
PROMISE = "我单位申报的所有材料，均真实、完整，如有不实，愿承担相应的责任。"
SIGN = "\n\n法定代表人签章： （公章）\n\n年  月   日"
REMARK = "备注：行业类别包括原材料、工业装备、消费品、电子信息等。"


class Filler:
    """Labels and values of one document, typed the profile's way."""

    def __init__(self, data: dict[str, Any], profile: Profile) -> None:
        self.data, self.p = data, profile

    def L(self, text: str, span: int = 1, rows: int = 1) -> Cell:        # noqa: N802 (a label cell)
        return cell(fmt.label(text, self.p), span, rows)

    def V(self, text: str | None, span: int = 1, align: str = "center") -> Cell:   # noqa: N802 (a value cell)
        return cell(text or None, span, align=align)

    def raw(self, key: str) -> Any:
        return get(self.data, key)

    def money(self, key: str) -> str | None:
        v = self.raw(key)
        return None if v is None else fmt.money(v, self.p)

    def count(self, key: str, unit: str = "") -> str | None:
        v = self.raw(key)
        return None if v is None else fmt.count(v, self.p, unit)

    def decimal(self, key: str) -> str | None:
        v = self.raw(key)
        return None if v is None else fmt.number(v, self.p)

    def percent(self, key: str) -> str | None:
        v = self.raw(key)
        return None if v is None else fmt.percent(v, self.p)

    def text(self, key: str) -> str | None:
        return self.raw(key)

    def yes_no(self, key: str) -> Callable:
        v = self.raw(key)
        return options_writer([("是", v is True), ("否", v is False)], self.p.tick, gap="   ")

    def year_label(self, year: str, rows: int) -> list[Cell]:
        """"2018 年情况", merged over `rows` rows, or typed as "2018 年" / "情况" unmerged."""
        if not self.p.split_labels:
            return [cell(f"{year} 年\n情况", rows=rows)]
        return [cell(f"{year} 年"), cell("情况")] + [cell() for _ in range(rows - 2)]

    def block_label(self, text: str, rows: int) -> list[Cell]:
        if not self.p.split_labels:
            return [cell(text, rows=rows)]
        return [cell(text)] + [cell() for _ in range(rows - 1)]


def _lead(rows: list[Row], lead: list[Cell]) -> list[Row]:
    """Prefix each row with the (possibly split) label cells of the blocks it belongs to."""
    if len(lead) == 1:
        return [([lead[0]] if n == 0 else []) + row for n, row in enumerate(rows)]
    return [[lead[n]] + row for n, row in enumerate(rows)]


def _lead_multi(rows: list[Row], *leads: list[Cell]) -> list[Row]:
    for lead in reversed(leads):
        rows = _lead(rows, lead)
    return rows


def type_cell(f: Filler, types: tuple, key: str, direction_key: str) -> Cell:
    chosen = set() if f.p.untick else {f.raw(key), f.p.extra_tick}
    direction = f.raw(direction_key) or ""
    labels = []
    for value, text, hint in types:
        ticked = value in chosen
        if ticked and value == f.raw(key) and direction:
            text += direction if f.p.direction == "replace" else hint + direction
        else:
            text += hint
        labels.append((text, ticked))
    return cell(options_writer(labels, f.p.tick, per_line=1), span=5, align="left")


def applicant_rows(f: Filler, name_label: str) -> list[Row]:
    capital = f.raw("unit.registered_capital")
    capital_text = None if capital is None else fmt.number(capital, f.p) + "万元"
    return [
        [f.L(name_label), f.V(f.text("unit.name"), 3), f.L("成立时间"), f.V(fmt.date(f.raw("unit.founded"), f.p))],
        [f.L("法人代表"), f.V(f.text("unit.legal_rep")), f.L("组织机构代码"), f.V(f.text("unit.org_code"), 3)],
        [f.L("注册资本"), f.V(capital_text, 3), f.L("单位性质"), f.V(f.text("unit.nature"))],
        [f.L("网址"), f.V(f.text("unit.website"), 5)],
        [f.L("联系地址"), f.V(f.text("unit.address"), 3), f.L("邮政编码"), f.V(f.text("unit.postcode"))],
        [f.L("联系人"), f.V(f.text("contact.name")), f.L("职务"), f.V(f.text("contact.title")), f.L("联系手机"), f.V(f.text("contact.mobile"))],
        [f.L("办公电话"), f.V(f.text("contact.office_phone")), f.L("传真"), f.V(f.text("contact.fax")), f.L("电子邮箱"), f.V(f.text("contact.email"))],
        [f.L("获得资质和荣誉"), f.V(f.text("unit.honors"), 5, align="left")],
    ]


def pair(f: Filler, l1: str, v1: str | None, l2: str, v2: str | None, last_span: int = 1) -> Row:
    return [f.L(l1), f.V(v1), f.L(l2), f.V(v2, last_span)]


# ---- 附件1 ---------------------------------------------------------------------------------------

def demo_region_year(f: Filler, y: str) -> list[Row]:
    k = f"region.y{y}."
    return _lead([
        pair(f, "入园企业总数", f.count(k + "enterprise_count", "家"), "年产值（亿元）", f.decimal(k + "annual_output")),
        pair(f, "电子商务服务商入驻数", f.count(k + "provider_count", "家"), "电子商务服务合计收入（万元）", f.money(k + "ecommerce_revenue")),
    ], f.year_label(y, 2))


def demo_platform_year(f: Filler, y: str) -> list[Row]:
    k = f"platform.y{y}."
    return _lead([
        pair(f, "主营业务收入（万元）", f.money(k + "revenue"), "利润总额（万元）", f.money(k + "profit")),
        pair(f, "纳税总额（万元）", f.money(k + "tax"), "电子商务服务收入（万元）", f.money(k + "ecommerce_revenue")),
        pair(f, "员工总数", f.count(k + "employees", "人"), "中高级职业资格人员比例", f.percent(k + "senior_ratio")),
    ], f.year_label(y, 3))


def sub_block_rows(f: Filler, prefix: str, kind: str, wms_as_name: bool) -> list[Row]:
    """The type-specific rows of a 服务商 block: label over two grid columns, value in the last."""
    k = prefix + kind + "."
    if kind == "logistics":
        first = ([f.L("电子商务仓储管理软件系统名称", 2), f.V(f.text(k + "wms_name"))] if wms_as_name else
                 [f.L("是否拥有电子商务仓储管理软件系统", 2), cell(f.yes_no(k + "has_wms"), align="left")])
        return [first, [f.L("自营仓储面积（㎡）", 2), f.V(f.decimal(k + "warehouse_area"))]]
    if kind == "finance":
        return [[f.L("是否具有小额贷款牌照", 2), cell(f.yes_no(k + "microloan_license"), align="left")],
                [f.L("是否具有第三方支付牌照", 2), cell(f.yes_no(k + "payment_license"), align="left")],
                [f.L("服务电商平台数（仅限第三方支付公司填）", 2), f.V(f.count(k + "platforms_served", "个"))]]
    return [[f.L("服务品牌线上年交易额（万元）", 2), f.V(f.money(k + "online_gmv"))],
            [f.L("服务产品门类数", 2), f.V(f.count(k + "categories", "个"))]]


def provider_kinds(f: Filler) -> list[tuple[str, str]]:
    own = f.raw("provider.service_type")
    return [(k, t) for k, t in SUB_BLOCKS if f.p.other_blocks == "empty" or k == own]


def demo_provider_year(f: Filler, y: str) -> list[Row]:
    k = f"provider.y{y}."
    rows = [
        pair(f, "主营业务收入（万元）", f.money(k + "revenue"), "利润总额（万元）", f.money(k + "profit")),
        pair(f, "纳税总额（万元）", f.money(k + "tax"), "服务企业数量（个）", f.count(k + "served_count")),
        pair(f, "员工总数", f.count(k + "employees", "人"), "中高级职业资格人员比例", f.percent(k + "senior_ratio")),
    ]
    for kind, title in provider_kinds(f):
        sub = sub_block_rows(f, k, kind, wms_as_name=True)
        rows += _lead(sub, f.block_label(title, len(sub)))
    return _lead(rows, f.year_label(y, len(rows)))


def demo_table(f: Filler) -> list[Row]:
    kind = f.raw("demo.type")
    rows: list[Row] = [[f.L("示范内容"), type_cell(f, DEMO_TYPES, "demo.type", "demo.direction")]]
    rows += applicant_rows(f, "示范单位名称")
    keep = (lambda t: True) if f.p.other_blocks == "empty" else (lambda t: t == kind)
    if keep("region"):
        block = [[f.L("名称"), f.V(f.text("region.park_name")), f.L("主导产业"), f.V(f.text("region.leading_industry"), 2)]]
        block += demo_region_year(f, "2018") + demo_region_year(f, "2019")
        rows += _lead(block, f.block_label("电子商务区域示范单位概况及主要经济指标", len(block)))
    if keep("platform"):
        block = demo_platform_year(f, "2018") + demo_platform_year(f, "2019")
        rows += _lead(block, f.block_label("电子商务平台示范单位概况及主要经济指标", len(block)))
    if keep("provider"):
        block = demo_provider_year(f, "2018") + demo_provider_year(f, "2019")
        rows += _lead(block, f.block_label("电子商务服务商示范单位概况及主要经济指标", len(block)))
    rows += [
        [f.L("试点情况简介"), f.L("工作进度、成效、主要做法、实现的经济和社会效益等"), f.V(f.text("pilot_summary"), 4, align="left")],
        [f.L("资金投入情况"), f.L("已投入（万元）"), f.V(f.money("investment"), 4)],
    ]
    gains = [[f.L("年均新增销售收入（万元）", 2), f.V(f.money("new_benefits.sales"), 3)],
             [f.L("年均新增利润（万元）", 2), f.V(f.money("new_benefits.profit"), 3)],
             [f.L("年均新增税收（万元）", 2), f.V(f.money("new_benefits.tax"), 3)]]
    rows += _lead(gains, f.block_label("试点实施后新增经济效益情况", 3))
    rows += [[f.L("真实性承诺"), cell(PROMISE, 2, align="left"), cell(SIGN, 3, align="right")]]
    opinion = [[f.L("对试点成果的评估意见"), f.V(f.text("recommendation.assessment"), 4, align="left")],
               [f.L("推荐意见"), cell(((f.text("recommendation.opinion") or "") + "\n\n盖章：\n\n年  月   日"), 4, align="right")]]
    rows += _lead(opinion, f.block_label("推荐单位意见", 2))
    return rows


# ---- 附件2 ---------------------------------------------------------------------------------------

def pilot_table(f: Filler) -> list[Row]:
    kind = f.raw("pilot.type")
    rows: list[Row] = [[f.L("试点内容"), type_cell(f, PILOT_TYPES, "pilot.type", "pilot.direction")]]
    rows += applicant_rows(f, "试点单位名称")
    keep = (lambda t: True) if f.p.other_blocks == "empty" else (lambda t: t == kind)
    if keep("region"):
        block = [pair(f, "工业园(开发区)名称", f.text("region.park_name"), "主导产业", f.text("region.leading_industry"), 2),
                 pair(f, "入园企业总数", f.count("region.enterprise_count", "家"), "年产值（亿元）", f.decimal("region.annual_output"), 2),
                 pair(f, "电子商务服务商入驻数", f.count("region.provider_count", "家"), "电子商务服务合计收入（万元）",
                      f.money("region.ecommerce_revenue"), 2)]
        rows += _lead(block, f.block_label("电子商务区域试点单位基本概况及主要经济指标（2019 年）", len(block)))
    if keep("platform"):
        block = [pair(f, "主营业务收入（万元）", f.money("platform.revenue"), "利润总额（万元）", f.money("platform.profit"), 2),
                 pair(f, "纳税总额（万元）", f.money("platform.tax"), "电子商务服务收入（万元）", f.money("platform.ecommerce_revenue"), 2),
                 pair(f, "员工总数", f.count("platform.employees", "人"), "中高级职业资格人员比例", f.percent("platform.senior_ratio"), 2)]
        third = [[f.L("入驻工业制造企业数量（家）", 2), f.V(f.count("platform.manufacturers", "家"), 2)],
                 [f.L("2019 年平台交易额（万元）", 2), f.V(f.money("platform.transaction_volume"), 2)]]
        block += _lead(third, f.block_label("平台服务工业企业情况（仅限第三方平台填）", 2))
        rows += _lead(block, f.block_label("电子商务平台试点单位概况及主要经济指标（2019 年）", len(block)))
    if keep("provider"):
        block = [pair(f, "主营业务收入（万元）", f.money("provider.revenue"), "利润总额（万元）", f.money("provider.profit"), 2),
                 pair(f, "纳税总额（万元）", f.money("provider.tax"), "服务企业数量（个）", f.count("provider.served_count"), 2),
                 pair(f, "员工总数", f.count("provider.employees", "人"), "中高级职业资格人员比例", f.percent("provider.senior_ratio"), 2)]
        for sub_kind, title in provider_kinds(f):
            sub = [[r[0], r[1]] for r in sub_block_rows(f, "provider.", sub_kind, wms_as_name=False)]
            sub = [[row[0], Cell(row[1].content, 2, 1, row[1].bold, row[1].align)] for row in sub]
            rows_sub = _lead(sub, f.block_label(title, len(sub)))
            block += rows_sub
        rows += _lead(block, f.block_label("电子商务服务商试点单位概况及主要经济指标（2019 年）", len(block)))
    rows += [[f.L("真实性承诺"), cell(PROMISE, 2, align="left"), cell(SIGN, 3, align="right")],
             [f.L("推荐单位意见"), cell(((f.text("recommendation.opinion") or "") + "\n\n盖章：\n\n年  月   日"), 5, align="right")]]
    return rows


def _applicant_doc(data: dict[str, Any], profile: Profile, *, attachment: str, title: tuple[str, str], kind_label: str,
                   kind_text: str, issuer: str, table_heading: str, sections: tuple, table: list[Row]) -> bytes:
    doc = WordDoc(theme_fonts=profile.theme_fonts, explicit_song=profile.explicit_song)
    f = Filler(data, profile)
    if profile.cover:
        name = data["unit"]["name"]
        doc.cover(attachment, title, [f"申 报 单 位：{name}（盖章）", f"{kind_label}{kind_text}",
                                      f"填 报 日 期 ：{fmt.date(data['fill_date'], profile)}"], [issuer, "二○二○年四月"])
    if profile.toc:
        doc.toc(toc_entries(sections, table_heading))
    doc.page_footer()
    doc.heading(table_heading if profile.heading_style != "numbered" else table_heading[2:], 1, profile.heading_style)
    doc.table(GRID, table)
    doc.para(REMARK)
    doc.page_break()
    write_sections(doc, sections, data, profile)
    del f
    return doc.bytes()


def demo_document(data: dict[str, Any], profile: Profile) -> bytes:
    f = Filler(data, profile)
    kind = next(t for v, t, _ in DEMO_TYPES if v == data["demo"]["type"]).rstrip("：:")
    return _applicant_doc(data, profile, attachment="附件1", title=("广东省工业和信息化领域电子商务", "第二批示范单位申报书"),
                          kind_label="示 范 内 容：", kind_text=kind, issuer="广东省工业和信息化厅    编 制",
                          table_heading="一、广东省工业和信息化领域电子商务第二批示范申报表", sections=DEMO_SECTIONS,
                          table=demo_table(f))


def pilot_document(data: dict[str, Any], profile: Profile) -> bytes:
    f = Filler(data, profile)
    kind = next(t for v, t, _ in PILOT_TYPES if v == data["pilot"]["type"]).rstrip("：:")
    return _applicant_doc(data, profile, attachment="附件2", title=("广东省工业和信息化领域电子商务", "第三批试点单位申报书"),
                          kind_label="试 点 内 容：", kind_text=kind, issuer="广东省工业和信息化厅    编制",
                          table_heading="一、广东省工业和信息化领域电子商务第三批试点申报表", sections=PILOT_SECTIONS,
                          table=pilot_table(f))


# ---- 附件3 ---------------------------------------------------------------------------------------

def summary_document(data: dict[str, Any], profile: Profile) -> bytes:
    doc = WordDoc(theme_fonts=profile.theme_fonts, explicit_song=profile.explicit_song)
    f = Filler(data, profile)
    doc.para("附件 3")
    doc.para("推荐汇总表", bold=True, size=22, align="center")
    doc.para(f"推荐单位：{data.get('recommender', '')}（盖章）")
    rows: list[Row] = [[f.L("序号"), f.L("试点（示范）单位名称"), f.L("试点（示范）内容"), f.L("备注")]]
    for group, title in (("demo", "示范"), ("pilot", "试点")):
        rows.append([cell(title, 4, bold=True)] if not profile.split_labels else [cell(title), cell(), cell(), cell()])
        entries = data.get(group, [])
        blanks = 1 if profile.other_blocks == "empty" else 0
        for n, entry in enumerate(entries, 1):
            rows.append([cell(str(n)), f.V(entry["name"], align="left"), f.V(entry["content"]), f.V(entry.get("remark") or None)])
        rows += [[cell(), cell(), cell(), cell()] for _ in range(blanks)]
    doc.table((16, 62, 50, 28), rows)
    doc.page_footer()
    return doc.bytes()


__all__ = ["demo_document", "pilot_document", "summary_document", "text_lines"]
