"""The narrative part of a form as applicants write it: level-1 headings, level-2 headings in
their many guises, and the applicant's prose (paragraphs and data tables) under each.

Every printed heading below is copied from the seed (shared/seeds/000_… for 附件1/2,
002_… for the 优秀案例申报表), split into enumerator, short title and the guidance the template
prints after it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .profile import Profile
from .wordkit import WordDoc, format_paragraph, write_narrative


@dataclass(frozen=True)
class Item:
    key: str            # the data key of the narrative written under it
    enum: str           # （一）
    title: str          # 单位概况
    rest: str           # what the template prints after the title: "：所有制性质、……税金等。"

    @property
    def full(self) -> str:
        return self.enum + self.title + self.rest

    @property
    def guidance(self) -> str:
        """The guidance as a separate paragraph: the rest without its leading colon/brackets."""
        text = self.rest.lstrip("：:。")
        if text.startswith("（") and text.endswith("）。"):
            text = text[1:-2] + "。"
        return text


@dataclass(frozen=True)
class Section:
    enum: str                       # 二、
    title: str                      # 单位基本情况
    items: tuple[Item, ...] = ()
    intro: str = ""                 # a printed line under the heading (三、 of 附件1)
    body_key: str = ""              # a narrative directly under the heading (六、其他有关材料)
    listed: tuple[str, ...] = ()    # printed list lines (五、附件)


BASIC = (
    Item("narrative.basic.overview", "（一）", "单位概况", "：所有制性质、组织架构、成立时间、主导产业（或主营业务）、经营规模，近年来的销售收入、利润、税金等。"),
    Item("narrative.basic.management", "（二）", "管理水平", "（主要股东概况、管理制度、认证资质等）。"),
    Item("narrative.basic.technology", "（三）", "技术水平", "（研发、专利、知识产权、技术支持等情况）。"),
    Item("narrative.basic.advantage", "（四）", "行业优势", "（在相关行业或区域已具备的技术优势和服务优势）。"),
    Item("narrative.basic.capacity", "（五）", "服务能力", "（自有平台的品牌个数、交易额；第三方平台的服务企业数、运营收入等；服务商服务对象的数量、为服务对象带来的营业收入等）。"),
)
PLAN = (
    Item("narrative.plan.stages", "（一）", "分阶段拟开展的主要工作", "。着重提出 2020 年及未来三年重点工作计划、设想。"),
    Item("narrative.plan.benefits", "（二）", "预期经济和社会效益", "（主要以量化数据呈现）。"),
)
ATTACHMENT_LINES = ("（一）企业营业执照或管理机构证明文件。", "（二）单位法定代表人身份证复印件。")
ATTACHMENT_LAST = "（四）近两年内无重大违法、违规和失信行为，未发生环保和重大安全事故的证明文件或承诺书。"
NOTE = "注：请编写目录和页码，纸张规格：A4；字体：宋体 4号；行间距：1.5 倍。数据部分用表格形式。"

DEMO_SECTIONS = (
    Section("二、", "单位基本情况", BASIC),
    Section("三、", "2018 年以来开展试点工作的主要情况", (
        Item("narrative.pilot.progress", "（一）", "目标任务进度及完成情况", "。"),
        Item("narrative.pilot.results", "（二）", "主要成效", "（取得的经济和社会效益）。"),
        Item("narrative.pilot.practices", "（三）", "主要做法经验及典型案例分析等", "。"),
        Item("narrative.pilot.problems", "（四）", "存在的主要问题", "。"),
    ), intro="对照 2017、2018 年申报书提出的试点计划和目标任务，重点说明以下情况："),
    Section("四、", "下一步工作计划", PLAN),
    Section("五、", "附件", listed=(*ATTACHMENT_LINES, "（三）电子商务平台示范单位须提供 2019 年度财务报告。", ATTACHMENT_LAST)),
    Section("六、", "其他有关材料", body_key="narrative.other"),
)
PILOT_SECTIONS = (
    Section("二、", "单位基本情况", BASIC),
    Section("三、", "试点有关情况", (
        Item("narrative.pilot.direction", "（一）", "试点方向", "。对试点的主要内容、方向、涉及的主要技术或应用等进行详细描述，主要涵盖通知提及的方向，也可提出符合工业和信息化领域电子商务发展趋势的其他方向。"),
        Item("narrative.pilot.foundation", "（二）", "前期基础", "。实施的电子商务项目概况，包括项目建设期、开展此项工作技术、客户、组织机制等的积累，现有市场条件或合作机构等。"),
        Item("narrative.pilot.progress", "（三）", "目前进展", "。包括已开展的工作、项目建设进展、典型案例等。"),
    )),
    Section("四、", "下一步工作计划", PLAN),
    Section("五、", "附件", listed=(*ATTACHMENT_LINES, "（三）电子商务平台试点单位提供 2019年度财务报告。", ATTACHMENT_LAST)),
    Section("六、", "其他有关材料", body_key="narrative.other"),
)
CASE_SUMMARY = (
    Item("summary.background", "（一）", "项目简介", "：项目背景，项目需求，重点与难点等。"),
    Item("summary.innovation", "（二）", "技术性与创新性", "：项目实施过程中，具有较高技术水平；具有创新性，包括商业模式创新、管理创新等。"),
    Item("summary.benefit", "（三）", "效益性", "：全面实现项目预期目标，有未来发展思路和前景，有效满足服务对象需求，解决服务对象问题，具有良好的经济效益和社会效益。"),
    Item("summary.demonstration", "（四）", "示范性", "：在电子商务细分领域中具有较高水平，对同类服务开展具有借鉴和示范意义。"),
)


def get(data: dict[str, Any], key: str) -> Any:
    node: Any = data
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def level1(doc: WordDoc, section: Section, profile: Profile) -> None:
    if profile.heading_style == "numbered":
        doc.heading(section.title, 1, "numbered")
    else:
        doc.heading(section.enum + section.title, 1, profile.heading_style)


def item_heading_text(item: Item, profile: Profile) -> str:
    """The heading as typed (without the enumerator when numbering.xml supplies it)."""
    enum = "" if profile.heading_style == "numbered" else item.enum
    if profile.headings in ("full", "run_in"):
        return enum + item.title + item.rest
    return enum + item.title + profile.colon


def write_item(doc: WordDoc, item: Item, text: str | None, profile: Profile) -> None:
    """A level-2 heading and the applicant's text under it, in the profile's guise."""
    heading = item_heading_text(item, profile)
    if profile.headings.startswith("run_in") and text:
        if profile.headings == "run_in_short" and not profile.colon:
            heading += "。"
        if profile.heading_style == "numbered":
            p = doc.heading(heading, 2, "numbered")      # the text continues in the heading paragraph
            p.runs[0].bold = True
            write_narrative(doc.doc, text, reuse_first=p)
        else:
            write_narrative(doc.doc, text, first_run_in=(heading, profile.heading_style == "bold"))
        return
    doc.heading(heading, 2, profile.heading_style)
    if profile.headings == "short_guidance":
        doc.body(item.guidance)
    if text:
        write_narrative(doc.doc, text)


def write_sections(doc: WordDoc, sections: tuple[Section, ...], data: dict[str, Any], profile: Profile) -> None:
    for section in sections:
        if section.title in profile.omit:
            continue
        level1(doc, section, profile)
        if section.intro:
            doc.body(section.intro)
        for item in section.items:
            if item.key in profile.omit:
                continue
            write_item(doc, item, get(data, item.key), profile)
        for line in section.listed:
            doc.body(line)
        if section.body_key and get(data, section.body_key):
            write_narrative(doc.doc, get(data, section.body_key))
    if profile.keep_note:
        doc.body(NOTE)


def toc_entries(sections: tuple[Section, ...], table_heading: str) -> list[tuple[str, int]]:
    pages = [3, 6, 10, 13, 15, 15]
    return [(table_heading, pages[0])] + [(s.enum + s.title, pages[n + 1]) for n, s in enumerate(sections)]


__all__ = ["Item", "Section", "DEMO_SECTIONS", "PILOT_SECTIONS", "CASE_SUMMARY", "write_sections", "write_item",
           "toc_entries", "get", "format_paragraph"]
