"""The three forms as an applicant fills them, transcribed from the seeds (000_… 附件2 and 附件3,
002_… the 2024 case form): each builder takes the data and a `Hand` and returns DOCX bytes."""
from __future__ import annotations

import functools
import re
from typing import Any

from . import ooxml as x
from .hand import Hand
from .writer import Writer

GRID = [1300, 1000, 1200, 1000, 1200, 1000, 1100, 1200]       # 8 columns, 9000 twips

PILOT_TYPES = [("region", "电子商务区域试点："), ("platform", "电子商务平台试点:"), ("provider", "电子商务服务商试点：")]
PILOT_SECTIONS = [
    ("二", "单位基本情况", [
        ("（一）", "单位概况：所有制性质、组织架构、成立时间、主导产业（或主营业务）、经营规模，近年来的销售收入、利润、税金等。", "basic.overview"),
        ("（二）", "管理水平（主要股东概况、管理制度、认证资质等）。", "basic.management"),
        ("（三）", "技术水平（研发、专利、知识产权、技术支持等情况）。", "basic.technology"),
        ("（四）", "行业优势（在相关行业或区域已具备的技术优势和服务优势）。", "basic.advantage"),
        ("（五）", "服务能力（自有平台的品牌个数、交易额；第三方平台的服务企业数、运营收入等；服务商服务对象的数量、为服务对象带来的营业收入等）。", "basic.capacity")]),
    ("三", "试点有关情况", [
        ("（一）", "试点方向。对试点的主要内容、方向、涉及的主要技术或应用等进行详细描述，主要涵盖通知提及的方向，也可提出符合工业和信息化领域电子商务发展趋势的其他方向。", "pilot.direction"),
        ("（二）", "前期基础。实施的电子商务项目概况，包括项目建设期、开展此项工作技术、客户、组织机制等的积累，现有市场条件或合作机构等。", "pilot.foundation"),
        ("（三）", "目前进展。包括已开展的工作、项目建设进展、典型案例等。", "pilot.progress")]),
    ("四", "下一步工作计划", [
        ("（一）", "分阶段拟开展的主要工作。着重提出 2020 年及未来三年重点工作计划、设想。", "plan.stages"),
        ("（二）", "预期经济和社会效益（主要以量化数据呈现）。", "plan.benefits")]),
]
ATTACHMENT_LINES = ["（一）企业营业执照或管理机构证明文件。", "（二）单位法定代表人身份证复印件。",
                    "（三）电子商务平台试点单位提供 2019年度财务报告。",
                    "（四）近两年内无重大违法、违规和失信行为，未发生环保和重大安全事故的证明文件或承诺书。"]
CHINESE = "一二三四五六七八九十"


def get(data: dict[str, Any], path: str) -> Any:
    """The value at a dotted path, None where the path runs out."""
    return functools.reduce(lambda node, part: node.get(part) if isinstance(node, dict) else None, path.split("."), data)


def split_heading(text: str) -> tuple[str, str]:
    """"单位概况：所有制性质……" → ("单位概况", "所有制性质……"): the short title and its guidance."""
    match = re.search(r"[：（。]", text)
    if not match:
        return text, ""
    short, rest = text[: match.start()], text[match.start():]
    return short, rest.strip("：。").strip()


def heading_texts(hand: Hand, number: int, title: str) -> str:
    n = CHINESE[number - 1]
    return {"dot": f"{n}．{title}", "part": f"第{n}部分　{title}"}.get(hand.headings, f"{n}、{title}")


def sub_heading(hand: Hand, index: int, enum: str, text: str) -> list[str]:
    """The sub-heading paragraph(s) as typed: full, short, numbered 1、, or with the guidance in brackets."""
    short, guidance = split_heading(text)
    if hand.headings == "dot":
        return [f"{enum}{short}"]
    if hand.headings == "arabic":
        return [f"{index}、{short}："]
    if hand.headings == "bracket":
        guidance = guidance.strip("（）")
        return [f"{enum}{short}：（{guidance}）" if guidance else f"{enum}{short}："]
    return [f"{enum}{text}"]


def narratives(w: Writer, data: dict[str, Any], sections, first: int = 2) -> None:
    for number, (_, title, subs) in enumerate(sections, start=first):
        w.paragraph(heading_texts(w.hand, number, title), style="1")
        for index, (enum, text, key) in enumerate(subs, start=1):
            for line in sub_heading(w.hand, index, enum, text):
                w.paragraph(line, style="2")
            body = get(data, "narrative." + key) or ""
            w.narrative(body)


# ---- 附件2 pilot-2020 -------------------------------------------------------------------------------

def pilot_document(data: dict[str, Any], hand: Hand) -> bytes:
    pkg = x.Package(font=hand.font, line=hand.line)
    w = Writer(hand, pkg)
    content = "试 点 内 容：" + dict(PILOT_TYPES)[data["pilot"]["type"]].rstrip("：:")
    cover(w, data, "附件2", "第三批试点单位申报书", content, "广东省工业和信息化厅    编制")
    w.paragraph(heading_texts(hand, 1, "广东省工业和信息化领域电子商务第三批试点申报表"), style="1")
    rows = pilot_rows(w, data)
    if hand.table_edit == "split":          # Enter pressed in the row before the blocks: two tables
        cut = 10
        pkg.add(x.table(rows[:cut], GRID), x.para(""), x.table(rows[cut:], GRID))
    else:
        pkg.add(x.table(rows, GRID))
    w.paragraph("备注：行业类别包括原材料、工业装备、消费品、电子信息等。")
    narratives(w, data, PILOT_SECTIONS)
    closing_sections(w, data)
    return pkg.bytes()


def closing_sections(w: Writer, data: dict[str, Any]) -> None:
    """五、附件 with its list, 六、其他有关材料 with the applicant's text, and the template's 注 line."""
    w.paragraph(heading_texts(w.hand, 5, "附件"), style="1")
    for line in ATTACHMENT_LINES:
        w.paragraph(line)
    w.paragraph(heading_texts(w.hand, 6, "其他有关材料"), style="1")
    if data["narrative"].get("other"):
        w.narrative(data["narrative"]["other"])
    w.paragraph("注：请编写目录和页码，纸张规格：A4；字体：宋体 4号；行间距：1.5 倍。数据部分用表格形式。")


def cover(w: Writer, data: dict[str, Any], attachment: str, batch: str, content: str, issuer: str) -> None:
    """The cover as typed: 申报单位 with the name, the content written as text, the date."""
    w.paragraph(attachment)
    w.paragraph("广东省工业和信息化领域电子商务", jc="center", bold=True)
    w.paragraph(batch, jc="center", bold=True)
    w.pkg.add(x.para(x.run("申 报 单 位：") + w.value(data["unit"]["name"]) + x.run("（盖章）")))
    w.pkg.add(x.para(x.run(content)))
    w.pkg.add(x.para(x.run("填 报 日 期 ：") + w.value(w.hand.date(data["fill_date"]), "date")))
    w.paragraph(issuer, jc="center")
    w.paragraph("二○二○年四月", jc="center")


def pilot_rows(w: Writer, data: dict[str, Any]) -> list[list[x.Cell]]:
    kind = data["pilot"]["type"]
    rows = applicant_rows(w, data, "试点", PILOT_TYPES, data["pilot"])
    rows += block_rows(w, data, kind)
    rows += pledge_rows(w)
    rows.append([w.cell(x.run("推荐单位意见")), x.Cell([x.para(""), x.para(x.run("盖章："), jc="right"), x.para(x.run("年  月   日"), jc="right")], 7)])
    return rows


def pledge_rows(w: Writer) -> list[list[x.Cell]]:
    c = w.cell
    return [[c(x.run("真实性承诺")), c(x.run("我单位申报的所有材料，均真实、完整，如有不实，愿承担相应的责任。"), span=3, jc="left"),
             x.Cell([x.para(""), x.para(x.run("法定代表人签章： （公章）"), jc="right"), x.para(x.run("年  月   日"), jc="right")], 4)]]


def applicant_rows(w: Writer, data: dict[str, Any], word: str, types: list[tuple[str, str]],
                   choice: dict[str, Any]) -> list[list[x.Cell]]:
    """The choice of 试点/示范 content and the applicant's rows, as 附件1 and 附件2 print them alike."""
    h, unit, contact = w.hand, data["unit"], data["contact"]
    kind = choice["type"]
    choices = [w.option(label, value == kind, choice.get("direction", "") if value == kind else "")
               for value, label in types]
    c, L, V = w.cell, w.label, w.value
    rows = [[c(L(f"{word}内容")), x.Cell([x.para(r, jc="left") for r in choices if r], 7)]]
    rows += [
        [c(L(f"{word}单位名称")), c(V(unit["name"]), span=3), c(L("成立时间"), span=2), c(V(h.date(unit["founded"]), "date"), span=2)],
        [c(L("法人代表")), c(V(unit["legal_rep"], "name"), span=3), c(L("组织机构代码"), span=2), c(V(unit["org_code"]), span=2)],
        [c(L("注册资本")), c(V(h.money(unit["registered_capital"]) + ("" if h.numbers in ("spaced", "about") else "万元"), "number"), span=3),
         c(L("单位性质"), span=2), c(V(unit["nature"]), span=2)],
        [c(L("网址")), c(V(unit.get("website") or "", "url"), span=7)],
        [c(L("联系地址")), c(V(unit["address"]), span=3), c(L("邮政编码"), span=2), c(V(h.digits_of(unit["postcode"])), span=2)],
    ]
    if h.table_edit == "merged":            # 职务 typed into the cell of its label, the two cells merged
        rows.append([c(L("联系人")), c(V(contact["name"], "name")), c(x.run("职务：") + V(contact.get("title") or ""), span=3),
                     c(L("联系手机")), c(V(h.digits_of(contact["mobile"])), span=2)])
    else:
        rows.append([c(L("联系人")), c(V(contact["name"], "name")), c(L("职务")), c(V(contact.get("title") or ""), span=2),
                     c(L("联系手机")), c(V(h.digits_of(contact["mobile"])), span=2)])
    rows.append([c(L("办公电话")), c(V(contact["office_phone"])), c(L("传真")), c(V(contact.get("fax") or ""), span=2),
                 c(L("电子邮箱")), c(V(contact["email"], "email"), span=2)])
    rows.append([c(L("获得资质和荣誉")), c(V(unit.get("honors") or "", "long"), span=7, jc="left")])
    if h.table_edit == "extra_row":         # an empty row the applicant inserted and left
        rows.append([c(), c(span=3), c(span=2), c(span=2)])
    return rows


def block_rows(w: Writer, data: dict[str, Any], kind: str) -> list[list[x.Cell]]:
    """The three blocks of 试点 types; those of other types left empty, or deleted ("drop_blocks")."""
    h, c, L = w.hand, w.cell, w.label
    keep = [kind] if h.table_edit == "drop_blocks" else ["region", "platform", "provider"]

    def V(key: str, fmt) -> str:          # noqa: N802 — the value of one field, typed by this hand
        value = get(data, key)
        return w.value("" if value is None else fmt(value), "number")

    def pair_row(group: x.Cell, a: tuple[str, str, Any], b: tuple[str, str, Any]) -> list[x.Cell]:
        return [group, c(L(a[0]), span=2), c(V(a[1], a[2])), c(L(b[0]), span=2), c(V(b[1], b[2]), span=2)]

    def sub_row(group: x.Cell, sub: x.Cell, label: str, key: str, fmt) -> list[x.Cell]:
        return [group, sub, c(L(label), span=3), c(V(key, fmt), span=2)]

    money, count, dec, pct = h.money, h.count, h.decimal, h.percent
    yes_no = w.yes_no
    cont = x.Cell([x.para("")], 1, "continue")
    rows: list[list[x.Cell]] = []
    if "region" in keep:
        g = c(x.run("电子商务区域试点单位基本概况及主要经济指标（2019 年）"), vmerge="restart")
        rows += [pair_row(g, ("工业园(开发区)名称", "region.park_name", str), ("主导产业", "region.leading_industry", str)),
                 pair_row(cont, ("入园企业总数", "region.enterprise_count", count), ("年产值（亿元）", "region.annual_output", dec)),
                 pair_row(cont, ("电子商务服务商入驻数", "region.provider_count", count), ("电子商务服务合计收入（万元）", "region.ecommerce_revenue", money))]
    if "platform" in keep:
        g = c(x.run("电子商务平台试点单位概况及主要经济指标（2019 年）"), vmerge="restart")
        sub = c(x.run("平台服务工业企业情况（仅限第三方平台填）"), span=2, vmerge="restart")
        rows += [pair_row(g, ("主营业务收入（万元）", "platform.revenue", money), ("利润总额（万元）", "platform.profit", money)),
                 pair_row(cont, ("纳税总额（万元）", "platform.tax", money), ("电子商务服务收入（万元）", "platform.ecommerce_revenue", money)),
                 pair_row(cont, ("员工总数", "platform.employees", count), ("中高级职业资格人员比例", "platform.senior_ratio", pct)),
                 sub_row(cont, sub, "入驻工业制造企业数量（家）", "platform.manufacturers", count),
                 sub_row(cont, x.Cell([x.para("")], 2, "continue"), "2019 年平台交易额（万元）", "platform.transaction_volume", money)]
    if "provider" in keep:
        g = c(x.run("电子商务服务商试点单位概况及主要经济指标（2019 年）"), vmerge="restart")
        rows += [pair_row(g, ("主营业务收入（万元）", "provider.revenue", money), ("利润总额（万元）", "provider.profit", money)),
                 pair_row(cont, ("纳税总额（万元）", "provider.tax", money), ("服务企业数量（个）", "provider.served_count", count)),
                 pair_row(cont, ("员工总数", "provider.employees", count), ("中高级职业资格人员比例", "provider.senior_ratio", pct))]
        subs = [("物流和仓储类型服务商填", [("是否拥有电子商务仓储管理软件系统", "provider.logistics.has_wms", None),
                                          ("自营仓储面积（㎡）", "provider.logistics.warehouse_area", dec)]),
                ("电商金融类型服务商填", [("是否具有小额贷款牌照", "provider.finance.microloan_license", None),
                                        ("是否具有第三方支付牌照", "provider.finance.payment_license", None),
                                        ("服务电商平台数（仅限第三方支付公司填）", "provider.finance.platforms_served", count)]),
                ("交易托管和代运营类型服务商填", [("服务品牌线上年交易额（万元）", "provider.operation.online_gmv", money),
                                                ("服务产品门类数", "provider.operation.categories", count)])]
        for title, lines in subs:
            for i, (label, key, fmt) in enumerate(lines):
                sub = c(x.run(title), span=2, vmerge="restart") if i == 0 else x.Cell([x.para("")], 2, "continue")
                if fmt is None:
                    value = get(data, key)
                    if value is None and h.tick == "text":
                        cell = c(w.value(""), span=2)
                    else:
                        cell = x.Cell([x.para(yes_no(value))], 2)
                    rows.append([cont, sub, c(L(label), span=3), cell])
                else:
                    rows.append(sub_row(cont, sub, label, key, fmt))
    return rows


# ---- 附件3 summary-2020 -----------------------------------------------------------------------------

def summary_document(data: dict[str, Any], hand: Hand) -> bytes:
    pkg = x.Package(font=hand.font, line=hand.line)
    w = Writer(hand, pkg)
    w.paragraph("附件 3")
    w.paragraph("推荐汇总表", jc="center", bold=True)
    pkg.add(x.para(x.run("推荐单位：") + w.value(data["recommender"]) + x.run("（盖章）")))
    grid = [1000, 3700, 2900, 1400]
    c = w.cell
    header = [c(x.run("序号")), c(w.label("试点（示范）单位名称")), c(w.label("试点（示范）内容")), c(x.run("备  注"))]
    rows = [header]
    tables = []
    for key, title in (("demo", "示范"), ("pilot", "试点")):
        if hand.table_edit == "split" and key == "pilot":     # Enter pressed before 试点: a second table
            tables.append(rows)
            rows = []
        rows.append([c(x.run(title), span=4)])
        entries = data.get(key) or []
        for number, entry in enumerate(entries, start=1):
            rows.append([c(x.run(hand.digits_of(str(number)))), c(w.value(entry["name"]), jc="left"),
                         c(w.value(entry["content"])), c(w.value(entry.get("remark") or ""))])
            if hand.table_edit == "extra_row" and number == 2:
                rows.append([c(), c(), c(), c()])
        for _ in range(max(0, 4 - len(entries))):       # the template's empty rows left
            rows.append([c(), c(), c(), c()])
    tables.append(rows)
    for i, rows in enumerate(tables):
        if i:
            pkg.add(x.para(""))
        pkg.add(x.table(rows, grid, header_rows=1 if hand.repeat_header and i == 0 else 0))
    return pkg.bytes()


# ---- 2024 优秀案例申报表 case-2024 -------------------------------------------------------------------

CASE_DOMAINS = [[("park", "电子商务园区"), ("enterprise", "电子商务企业")],
                [("platform", "电商平台"), ("service", "电商服务"), ("marketing", "电商营销")],
                [("silk_road", "丝路电商"), ("rural", "数商兴农"), ("industrial_belt", "电商+产业带")],
                [("other", "其他电子商务")]]
CASE_SECTIONS = [("（一）", "项目简介：项目背景，项目需求，重点与难点等。", "background"),
                 ("（二）", "技术性与创新性：项目实施过程中，具有较高技术水平；具有创新性，包括商业模式创新、管理创新等。", "innovation"),
                 ("（三）", "效益性：全面实现项目预期目标，有未来发展思路和前景，有效满足服务对象需求，解决服务对象问题，具有良好的经济效益和社会效益。", "benefit"),
                 ("（四）", "示范性：在电子商务细分领域中具有较高水平，对同类服务开展具有借鉴和示范意义。", "demonstration")]


def case_document(data: dict[str, Any], hand: Hand) -> bytes:
    pkg = x.Package(font=hand.font, line=hand.line)
    w = Writer(hand, pkg)
    w.paragraph("附件")
    w.paragraph("广东省电子商务优秀案例申报表", jc="center", bold=True)
    c, L, V = w.cell, w.label, w.value
    case, contact = data["case"], data["contact"]
    domain_lines = []
    for line in CASE_DOMAINS:
        parts = []
        for value, label in line:
            after = ""
            if value == "other":
                after = " （请说明）" + (case.get("domain_other") or "" if case["domain"] == "other" else "")
            parts.append(w.option(label, case["domain"] == value, after))
        joined = x.run("  ").join(p for p in parts if p)
        if joined:
            domain_lines.append(x.para(joined, jc="left"))
    phone = V(hand.digits_of(contact["phone"]))
    email = V(contact["email"], "email")
    contact_cell = x.Cell([x.para(phone + x.run("\v") + email)] if hand.breaks else [x.para(phone), x.para(email)])
    rows = [[c(L("参评单位")), c(V(data["unit"]["name"]), span=3)],
            [c(L("参评案例（项目名称）")), c(V(case["name"]), span=3)],
            [c(L("参评领域")), x.Cell(domain_lines, 3)],
            [c(L("该案例是否曾经获评其他奖励")), c(V(case.get("awards") or ""), span=3)],
            [c(L("项目主要负责人")), c(V(data["leader"]["name"], "name"), span=3)],
            [c(L("日常联系人")), c(V(contact["name"], "name")), c(L("联系电话及邮箱")), contact_cell]]
    if hand.table_edit == "extra_row":
        rows.insert(4, [c(), c(span=3)])
    pkg.add(x.table(rows, [2000, 2000, 1600, 3400]))
    w.paragraph(heading_texts(hand, 1, "参评单位简介（500 字以内）："), style="1")
    w.paragraph("参评单位基本情况，包括但不限于主营业务情况，近年营业总收入、市场占有率、电子商务金额，以及科技创新能力、各类资质、所获荣誉等。")
    w.narrative(data["intro"])
    w.paragraph(heading_texts(hand, 2, "案例概述：（2000 字左右）"), style="1")
    for index, (enum, text, key) in enumerate(CASE_SECTIONS, start=1):
        for line in sub_heading(hand, index, enum, text):
            w.paragraph(line, style="2")
        w.narrative(data["summary"][key])
    w.paragraph("我单位承诺，此次申报 “广东省电子商务优秀案例”，所有申报材料及所附资料和资质均真实、合法。如有不实之处，愿负相应的法律责任，并承担由此产生的一切后果。")
    w.paragraph("参评单位（盖章）：", jc="right")
    w.paragraph("年    月    日", jc="right")
    w.paragraph("市商务局意见：")
    w.paragraph("单位（盖章）：", jc="right")
    w.paragraph("年    月    日", jc="right")
    return pkg.bytes()


# ---- 附件1 demo-2020 --------------------------------------------------------------------------------

DEMO_TYPES = [("region", "电子商务区域示范："), ("platform", "电子商务平台示范:"), ("provider", "电子商务服务商示范：")]
DEMO_SECTIONS = [
    PILOT_SECTIONS[0],
    ("三", "2018 年以来开展试点工作的主要情况", [
        ("（一）", "目标任务进度及完成情况。", "pilot.progress"),
        ("（二）", "主要成效（取得的经济和社会效益）。", "pilot.results"),
        ("（三）", "主要做法经验及典型案例分析等。", "pilot.practices"),
        ("（四）", "存在的主要问题。", "pilot.problems")]),
    PILOT_SECTIONS[2],
]


def demo_document(data: dict[str, Any], hand: Hand) -> bytes:
    pkg = x.Package(font=hand.font, line=hand.line)
    w = Writer(hand, pkg)
    content = "示 范 内 容：" + dict(DEMO_TYPES)[data["demo"]["type"]].rstrip("：:")
    cover(w, data, "附件1", "第二批示范单位申报书", content, "广东省工业和信息化厅    编 制")
    w.paragraph(heading_texts(hand, 1, "广东省工业和信息化领域电子商务第二批示范申报表"), style="1")
    rows = applicant_rows(w, data, "示范", DEMO_TYPES, data["demo"]) + demo_blocks(w, data) + demo_tail(w, data)
    pkg.add(x.table(rows, GRID))
    w.paragraph("备注：行业类别包括原材料、工业装备、消费品、电子信息等。")
    for number, (_, title, subs) in enumerate(DEMO_SECTIONS, start=2):
        w.paragraph(heading_texts(hand, number, title), style="1")
        if number == 3:
            w.paragraph("对照 2017、2018 年申报书提出的试点计划和目标任务，重点说明以下情况：")
        for index, (enum, text, key) in enumerate(subs, start=1):
            for line in sub_heading(hand, index, enum, text):
                w.paragraph(line, style="2")
            w.narrative(get(data, "narrative." + key) or "")
    closing_sections(w, data)
    return pkg.bytes()


def demo_blocks(w: Writer, data: dict[str, Any]) -> list[list[x.Cell]]:
    """区域, 平台 and 服务商 blocks with their 2018 and 2019 rows; the year cell typed on one line or two."""
    h, c, L = w.hand, w.cell, w.label
    money, count, dec, pct = h.money, h.count, h.decimal, h.percent
    cont = x.Cell([x.para("")], 1, "continue")

    def V(key: str, fmt) -> str:          # noqa: N802
        value = get(data, key)
        return w.value("" if value is None else fmt(value), "number")

    def year(y: str) -> x.Cell:
        text = f"{y}年情况" if h.breaks else f"{y} 年\v情况"
        return c(x.run(text), vmerge="restart")

    def pair(group: x.Cell, yr: x.Cell, a, b) -> list[x.Cell]:
        return [group, yr, c(L(a[0])), c(V(a[1], a[2]), span=2), c(L(b[0]), span=2), c(V(b[1], b[2]))]

    rows: list[list[x.Cell]] = []
    g = c(x.run("电子商务区域示范单位概况及主要经济指标"), vmerge="restart")
    rows.append([g, c(L("名称"), span=2), c(V("region.park_name", str), span=2), c(L("主导产业"), span=2), c(V("region.leading_industry", str))])
    for y in ("2018", "2019"):
        k = f"region.y{y}."
        rows += [pair(cont, year(y), ("入园企业总数", k + "enterprise_count", count), ("年产值（亿元）", k + "annual_output", dec)),
                 pair(cont, cont, ("电子商务服务商入驻数", k + "provider_count", count), ("电子商务服务合计收入（万元）", k + "ecommerce_revenue", money))]

    def indicators(kind: str, title: str, second: tuple[str, str]) -> None:
        """The three indicator rows of each year under the block's title (its third label differs)."""
        for y in ("2018", "2019"):
            k = f"{kind}.y{y}."
            g = c(x.run(title), vmerge="restart") if y == "2018" else cont
            rows.extend([pair(g, year(y), ("主营业务收入（万元）", k + "revenue", money), ("利润总额（万元）", k + "profit", money)),
                         pair(cont, cont, ("纳税总额（万元）", k + "tax", money), (second[0], k + second[1], money if kind == "platform" else count)),
                         pair(cont, cont, ("员工总数", k + "employees", count), ("中高级职业资格人员比例", k + "senior_ratio", pct))])
            if kind == "provider":
                rows.extend(provider_subs(k))

    def provider_subs(k: str) -> list[list[x.Cell]]:
        out = []
        subs = [("物流和仓储类型服务商填", [("电子商务仓储管理软件系统名称", k + "logistics.wms_name", str),
                                          ("自营仓储面积（㎡）", k + "logistics.warehouse_area", dec)]),
                ("电商金融类型服务商填", [("是否具有小额贷款牌照", k + "finance.microloan_license", None),
                                        ("是否具有第三方支付牌照", k + "finance.payment_license", None),
                                        ("服务电商平台数（仅限第三方支付公司填）", k + "finance.platforms_served", count)]),
                ("交易托管和代运营类型服务商填", [("服务品牌线上年交易额（万元）", k + "operation.online_gmv", money),
                                                ("服务产品门类数", k + "operation.categories", count)])]
        for title, lines in subs:
            for i, (label, key, fmt) in enumerate(lines):
                sub = c(x.run(title), vmerge="restart") if i == 0 else x.Cell([x.para("")], 1, "continue")
                value = V(key, fmt) if fmt is not None else w.yes_no(get(data, key))
                out.append([cont, cont, sub, c(L(label), span=3), c(value, span=2)])
        return out

    indicators("platform", "电子商务平台示范单位概况及主要经济指标", ("电子商务服务收入（万元）", "ecommerce_revenue"))
    indicators("provider", "电子商务服务商示范单位概况及主要经济指标", ("服务企业数量（个）", "served_count"))
    return rows


def demo_tail(w: Writer, data: dict[str, Any]) -> list[list[x.Cell]]:
    h, c, L = w.hand, w.cell, w.label
    nb = data["new_benefits"]
    cont = x.Cell([x.para("")], 1, "continue")
    g = c(x.run("试点实施后新增经济效益情况"), vmerge="restart")
    rows = [[c(x.run("试点情况简介")), c(x.run("工作进度、成效、主要做法、实现的经济和社会效益等"), span=2), c(w.value(data["pilot_summary"], "long"), span=5, jc="left")],
            [c(x.run("资金投入情况")), c(L("已投入（万元）"), span=2), c(w.value(h.money(data["investment"]), "number"), span=5)],
            [g, c(L("年均新增销售收入（万元）"), span=3), c(w.value(h.money(nb["sales"]), "number"), span=4)],
            [cont, c(L("年均新增利润（万元）"), span=3), c(w.value(h.money(nb["profit"]), "number"), span=4)],
            [cont, c(L("年均新增税收（万元）"), span=3), c(w.value(h.money(nb["tax"]), "number"), span=4)]]
    rows += pledge_rows(w)
    op = c(x.run("推荐单位意见"), vmerge="restart")
    rows += [[op, c(x.run("对试点成果的评估意见"), span=2), c(span=5)],
             [cont, c(x.run("推荐意见"), span=2), x.Cell([x.para(""), x.para(x.run("盖章："), jc="right"), x.para(x.run("年  月   日"), jc="right")], 5)]]
    return rows
