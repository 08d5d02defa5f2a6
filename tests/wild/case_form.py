"""广东省电子商务优秀案例申报表 (粤商务电函〔2024〕143 号 附件) typed into Word by hand.

Labels copied from shared/seeds/002_2c6431a02d3d04bd.txt. Applicants often make the whole form
one big table, the narratives typed into its cells; others keep the table for the header rows
only and write the 简介 and 案例概述 as paragraphs below it.
"""
from __future__ import annotations

from typing import Any

from .profile import Profile
from .sections import CASE_SUMMARY, Item, item_heading_text, write_item
from .wordkit import Cell, WordDoc, cell, format_paragraph, options_writer, write_narrative

GRID = (34, 34, 24, 64)
DOMAINS = (("park", "电子商务园区"), ("enterprise", "电子商务企业"), ("platform", "电商平台"), ("service", "电商服务"),
           ("marketing", "电商营销"), ("silk_road", "丝路电商"), ("rural", "数商兴农"), ("industrial_belt", "电商+产业带"),
           ("other", "其他电子商务"))
DOMAIN_LINES = ((0, 1), (2, 3, 4), (5, 6, 7), (8,))
INTRO_HEADING, INTRO_SHORT = "一、参评单位简介（500 字以内）：", "一、参评单位简介"
INTRO_GUIDANCE = "参评单位基本情况，包括但不限于主营业务情况，近年营业总收入、市场占有率、电子商务金额，以及科技创新能力、各类资质、所获荣誉等。"
SUMMARY_HEADING, SUMMARY_SHORT = "二、案例概述：（2000 字左右）", "二、案例概述"
PROMISE = ("我单位承诺，此次申报 “广东省电子商务优秀案例”，所有申报材料及所附资料和资质均真实、合法。"
           "如有不实之处，愿负相应的法律责任，并承担由此产生的一切后果。")


def domain_cell(data: dict[str, Any], profile: Profile) -> Cell:
    chosen = set() if profile.untick else {data["case"]["domain"], profile.extra_tick}
    other = data["case"].get("domain_other") or ""

    def write(target: Any) -> None:
        for n, line in enumerate(DOMAIN_LINES):
            options = []
            for i in line:
                value, text = DOMAINS[i]
                if value == "other":
                    text += " （请说明）" + (other if "other" in chosen else "")
                options.append((text, value in chosen))
            sub = target.paragraphs[0] if n == 0 else target.add_paragraph()
            options_writer(options, profile.tick, gap="  ")(_OneParagraph(target, sub))
    return cell(write, 3, align="left")


class _OneParagraph:
    """A cell seen through one of its paragraphs, so options_writer writes a line of boxes there."""

    def __init__(self, target: Any, p: Any) -> None:
        self._target, self.paragraphs = target, [p]

    def add_paragraph(self) -> Any:
        return self._target.add_paragraph()


def header_rows(data: dict[str, Any], profile: Profile) -> list[list[Cell]]:
    contact = data["contact"]
    joined = contact["phone"] + profile.contact_join + contact["email"]
    return [
        [cell("参评单位"), cell(data["unit"].get("name"), 3)],
        [cell("参评案例（项目名称）"), cell(data["case"]["name"], 3)],
        [cell("参评领域"), domain_cell(data, profile)],
        [cell("该案例是否曾经获评\n其他奖励"), cell(data["case"].get("awards"), 3)],
        [cell("项目主要负责人"), cell(data["leader"].get("name"), 3)],
        [cell("日常联系人"), cell(contact["name"]), cell("联系电话及邮箱"), cell(joined, align="left")],
    ]


def _narrative_cell(heading: str, text: str | None, profile: Profile, guidance: str = "", item: Item | None = None) -> Cell:
    def write(target: Any) -> None:
        first = target.paragraphs[0]
        if item is not None and profile.headings.startswith("run_in") and text:
            write_narrative(target, text, first_run_in=(heading, True), reuse_first=first)
            return
        first.add_run(heading).bold = True
        format_paragraph(first, align="left")
        if guidance:
            p = target.add_paragraph(guidance)
            format_paragraph(p, indent=True)
        if text:
            write_narrative(target, text)
    return cell(write, 4, align="left")


def case_document(data: dict[str, Any], profile: Profile) -> bytes:
    doc = WordDoc(theme_fonts=profile.theme_fonts, explicit_song=profile.explicit_song)
    doc.page_footer()
    doc.para("附件")
    doc.para("广东省电子商务优秀案例申报表", bold=True, size=22, align="center")
    short = profile.headings not in ("full", "run_in")
    intro_heading = INTRO_SHORT + profile.colon if short else INTRO_HEADING
    summary_heading = SUMMARY_SHORT + profile.colon if short else SUMMARY_HEADING
    keep_guidance = profile.headings in ("full", "short_guidance")
    rows = header_rows(data, profile)
    if profile.in_table:
        rows.append([_narrative_cell(intro_heading, data.get("intro"), profile, INTRO_GUIDANCE if keep_guidance else "")])
        rows.append([cell(summary_heading, 4, bold=True, align="left")])
        for item in CASE_SUMMARY:
            if item.key in profile.omit:
                continue
            text = data.get("summary", {}).get(item.key.split(".")[1])
            heading = item_heading_text(item, profile)
            guidance = item.guidance if profile.headings == "short_guidance" else ""
            rows.append([_narrative_cell(heading, text, profile, guidance, item)])
        rows.append([cell(PROMISE + "\n\n参评单位（盖章）：\n年    月    日", 4, align="left")])
        rows.append([cell("市商务局意见：\n\n\n单位（盖章）：\n年    月    日", 4, align="left")])
        doc.table(GRID, rows)
        return doc.bytes()
    doc.table(GRID, rows)
    doc.heading(intro_heading, 1, profile.heading_style if profile.heading_style != "numbered" else "style")
    if keep_guidance:
        doc.body(INTRO_GUIDANCE)
    if data.get("intro"):
        write_narrative(doc.doc, data["intro"])
    doc.heading(summary_heading, 1, profile.heading_style if profile.heading_style != "numbered" else "style")
    for item in CASE_SUMMARY:
        if item.key in profile.omit:
            continue
        write_item(doc, item, data.get("summary", {}).get(item.key.split(".")[1]), profile)
    doc.body(PROMISE)
    doc.para("参评单位（盖章）：", align="right")
    doc.para("年    月    日", align="right")
    doc.para("市商务局意见：")
    doc.para()
    doc.para("单位（盖章）：", align="right")
    doc.para("年    月    日", align="right")
    return doc.bytes()
