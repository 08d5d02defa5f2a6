"""The "wild" corpus: documents made the way applicants make them, with the data a correct parser
must read back from each.

Each document is a form builder (python-docx and raw WordprocessingML, never pipeline.render)
applied to a data dict and a variation profile; `build(doc)` returns (DOCX bytes, expected data).
`python -m tests.wild.generate OUTDIR` writes NAME.docx and NAME.json (expected data, the
profile's notes and the JSON paths whose reading must be reported as ambiguous) for each.
"""
from __future__ import annotations

import copy
import json
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from .case_form import case_document
from .data import policy_paragraph, renamed, sample, set_path, with_policy
from .forms_2020 import demo_document, pilot_document, summary_document
from .profile import Profile

BUILDERS: dict[str, Callable[[dict[str, Any], Profile], bytes]] = {
    "demo-2020": demo_document, "pilot-2020": pilot_document,
    "summary-2020": summary_document, "case-2024": case_document,
}
BASIC = ["narrative.basic.overview", "narrative.basic.advantage"]


@dataclass(frozen=True)
class WildDoc:
    name: str
    data: dict[str, Any]
    profile: Profile
    expect_problems: tuple[str, ...] = ()      # JSON paths a correct parser reports instead of guessing
    drop: tuple[str, ...] = field(default=())  # paths left out of the expected data (ambiguous by design)
    violation: str = ""                        # seeded violation: the check rule family that must report it

    @property
    def form(self) -> str:
        return self.data["form"]


def build(doc: WildDoc) -> tuple[bytes, dict[str, Any]]:
    docx = BUILDERS[doc.form](doc.data, doc.profile)
    expected = copy.deepcopy(doc.data)
    for path in doc.drop:
        set_path(expected, path, None)
    return docx, expected


# ---- data of the corpus ---------------------------------------------------------------------------

def _demo_provider() -> dict[str, Any]:
    d = renamed(sample("demo-2020-provider"), 东莞市莞仓智慧供应链有限公司="东莞市仓联智慧供应链有限公司")
    return with_policy(d, BASIC, 0)


def _demo_region() -> dict[str, Any]:
    d = renamed(sample("demo-2020-region"), 佛山市顺德区龙江家居电商园区运营管理有限公司="佛山市顺德区乐从家居电商园区运营管理有限公司",
                何志坚="何志燊")
    set_path(d, "contact.fax", None)                      # an empty optional cell
    d["region"]["y2018"]["annual_output"] = 1234.5         # "1,234.5"
    return with_policy(d, ["narrative.basic.capacity", "narrative.pilot.results"], 3)


def _demo_platform() -> dict[str, Any]:
    d = sample("demo-2020-platform")
    d = renamed(d, 汕头市塑联网络科技有限公司="广州燊达工业品电子商务有限公司", 蔡晓纯="王喆")
    d["unit"]["legal_rep"] = "李堃"
    d["platform"]["y2019"]["senior_ratio"] = 28.5
    return with_policy(d, ["narrative.basic.technology"], 6)


def _demo_operation() -> dict[str, Any]:
    d = renamed(sample("demo-2020-provider"), 东莞市莞仓智慧供应链有限公司="佛山市南海区狮山镇博爱湖智能制造电子商务产业园运营管理有限公司")
    d["demo"]["direction"] = "交易托管和代运营服务"
    p = d["provider"]
    p["service_type"] = "operation"
    for year, gmv, cats in (("y2018", 41000, 15), ("y2019", 52000, 18)):
        p[year].pop("logistics")
        p[year]["operation"] = {"online_gmv": gmv, "categories": cats}
    p["y2019"]["revenue"] = 12345.5
    return with_policy(d, ["narrative.plan.benefits"], 9)


def _pilot_finance() -> dict[str, Any]:
    d = renamed(sample("pilot-2020-provider-finance"), 广州汇融通支付科技有限公司="广州汇商通支付科技有限公司")
    return with_policy(d, BASIC, 12)


def _pilot_region() -> dict[str, Any]:
    d = renamed(sample("pilot-2020-region"), 佛山市顺德区龙江家居电商园区运营管理有限公司="佛山市南海区狮山镇博爱湖智能制造电子商务产业园运营管理有限公司")
    return with_policy(d, ["narrative.pilot.direction"], 15)


def _pilot_platform() -> dict[str, Any]:
    d = renamed(sample("pilot-2020-platform"), 汕头市塑联网络科技有限公司="汕头市堃塑网络科技有限公司")
    return with_policy(d, ["narrative.basic.management"], 18)


def _pilot_logistics() -> dict[str, Any]:
    return renamed(sample("pilot-2020-provider-logistics"), 东莞市莞仓智慧供应链有限公司="东莞市喆仓供应链管理有限公司")


def _pilot_operation() -> dict[str, Any]:
    d = renamed(sample("pilot-2020-provider-operation"), 佛山市品拓电子商务有限公司="中山市小榄镇品拓电子商务有限公司")
    set_path(d, "unit.website", None)
    return with_policy(d, ["narrative.basic.capacity"], 21)


def _case_other() -> dict[str, Any]:
    return renamed(sample("case-2024-other"), 深圳市邻速科技有限公司="深圳市邻达科技有限公司")


def _case_belt() -> dict[str, Any]:
    return renamed(sample("case-2024-industrial-belt"), 汕头市玩联数字科技有限公司="汕头市澄海区燊达玩具电子商务有限公司", 陈泽鹏="陈堃", 林晓纯="林喆")


def _case_enterprise() -> dict[str, Any]:
    d = renamed(sample("case-2024-other"), 深圳市邻速科技有限公司="惠州市邻里喆购科技有限公司", 周雅琪="周子堃")
    d["case"]["domain"] = "enterprise"
    d["case"].pop("domain_other")
    d["case"]["awards"] = "2023年惠州市电子商务示范企业"
    d["contact"]["phone"] = "0752-2816688"
    d["contact"]["email"] = "zhouzk@linli-go.cn"
    return d


def _case_two_domains() -> dict[str, Any]:
    d = renamed(sample("case-2024-industrial-belt"), 汕头市玩联数字科技有限公司="汕头市潮玩互联数字科技有限公司")
    d["contact"]["phone"] = "13923456781"
    return d


def _summary_other() -> dict[str, Any]:
    return {
        "form": "summary-2020",
        "recommender": "广州市工业和信息化局",
        "demo": [{"name": "广州燊达工业品电子商务有限公司", "content": "电子商务平台示范", "remark": "第一批试点"},
                 {"name": "广州汇商通支付科技有限公司", "content": "电子商务服务商示范（电商金融）", "remark": ""}],
        "pilot": [{"name": "广州市番禺区大石街道星河湾跨境电子商务产业服务有限公司", "content": "电子商务区域试点", "remark": "番禺区"},
                  {"name": "广州堃鹏供应链管理有限公司", "content": "电子商务服务商试点（物流和仓储）", "remark": "黄埔区"},
                  {"name": "广州喆远数字科技有限公司", "content": "电子商务平台试点", "remark": ""}],
    }


def corpus() -> list[WildDoc]:
    """Every document of the corpus, in a fixed order."""
    return [
        WildDoc("demo-provider-word-clean", _demo_provider(), Profile(
            notes=("full printed headings in Heading 1/2 styles", "cover, TOC field, PAGE footer", "☑ ticks",
                   "other types' blocks left in, empty", "plain numbers, 2020年5月15日 dates"))),
        WildDoc("demo-region-numbered-short", _demo_region(), Profile(
            headings="short", heading_style="numbered", tick="■", numbers="unit", dates="dot", label_spaces=True,
            split_labels=True, direction="after",
            notes=("short headings （一）单位概况：", "一、/（一） from numbering.xml (chineseCounting), not in the text",
                   "■ ticks", "3,000万元 / 1,234.5 / 338家", "2020.5.15 dates", "labels with spaces (联 系 人)",
                   "merged labels typed unmerged (2018 年 / 情况 in two rows)", "direction typed after the printed hint",
                   "fax left empty", "燊 in the legal representative's name"))),
        WildDoc("demo-platform-runin-bold", _demo_platform(), Profile(
            headings="run_in", heading_style="bold", tick="√", dates="iso", percent_sign=False, half_brackets=True,
            other_blocks="deleted", theme_fonts=False,
            notes=("run-in headings: heading and text in one paragraph", "headings bold by hand in Normal paragraphs",
                   "√ typed in place of the box", "half-width brackets (万元)", "2013-05-20 dates", "28.5 without %",
                   "other types' blocks deleted", "rFonts eastAsia=宋体 without theme fonts", "燊 堃 喆 in names"))),
        WildDoc("demo-operation-sdt-guidance", _demo_operation(), Profile(
            headings="short_guidance", colon=":", tick="sdt", numbers="thousands", keep_note=False,
            notes=("short headings with ':' and the guidance kept as a separate paragraph",
                   "Word content-control check boxes (w14:checkbox)", "7,504 / 12,345.5 thousands separators",
                   "31-character unit name wrapping in its cell", "代运营 sub-block filled, others empty",
                   "closing 注 line deleted"))),
        WildDoc("pilot-finance-sdt-short", _pilot_finance(), Profile(
            headings="short", colon="：", tick="sdt", numbers="thousands",
            notes=("short headings （一）单位概况：", "content-control check boxes incl. 是/否", "thousands separators",
                   "other types' blocks left in, empty"))),
        WildDoc("pilot-region-longname-numbered", _pilot_region(), Profile(
            headings="full", heading_style="numbered", tick="✓", other_blocks="deleted", dates="dot",
            notes=("full headings with numbering.xml enumerators", "✓ typed in place of the box",
                   "31-character unit name", "other types' blocks deleted", "2015.12.8 dates"))),
        WildDoc("pilot-platform-runin-split", _pilot_platform(), Profile(
            headings="run_in_short", colon="", heading_style="bold", tick="☒", split_labels=True, label_spaces=True,
            numbers="unit", cover=True,
            notes=("run-in short headings （一）单位概况。本单位……", "bold Normal headings", "☒ ticks",
                   "merged block labels unmerged", "labels with spaces", "12,800万元 amounts with unit"))),
        WildDoc("pilot-operation-guidance-plain", _pilot_operation(), Profile(
            headings="short_guidance", tick="☑", half_brackets=True, dates="iso", toc=True,
            notes=("short headings, guidance as its own paragraph", "half-width brackets", "website left empty",
                   "ISO dates"))),
        WildDoc("pilot-logistics-two-ticks", _pilot_logistics(), Profile(
            tick="☑", extra_tick="region", compliant=False,
            notes=("two boxes ticked in the single choice 试点内容 (区域 and 服务商): ambiguous, must be reported",)),
            expect_problems=("pilot.type",), drop=("pilot.type",)),
        WildDoc("case-other-one-table", _case_other(), Profile(
            in_table=True, tick="☑", contact_join="；", toc=False, cover=False, keep_note=False,
            notes=("the whole form one big table, narratives in its cells (nested data tables)",
                   "联系电话及邮箱 in one cell: 0755-…；a@b.cn", "其他电子商务 （请说明）即时零售", "full headings"))),
        WildDoc("case-belt-short-paragraphs", _case_belt(), Profile(
            headings="short", colon="", tick="■", contact_join=" / ", toc=False, cover=False,
            notes=("short headings （一）项目简介 without colon, guidance deleted", "■ ticks",
                   "phone / e-mail in one cell separated by ' / '", "燊 堃 喆 in names", "data table in 效益性"))),
        WildDoc("case-enterprise-sdt-runin", _case_enterprise(), Profile(
            in_table=True, headings="run_in", tick="sdt", contact_join="\n", toc=False, cover=False,
            notes=("one big table, run-in headings inside the cells", "content-control check boxes",
                   "phone and e-mail on two lines of one cell"))),
        WildDoc("case-two-domains", _case_two_domains(), Profile(
            tick="√", extra_tick="enterprise", headings="short_guidance", toc=False, cover=False, compliant=False,
            notes=("two boxes ticked in 参评领域 (single choice): must be reported, both options named",
                   "short headings with guidance paragraphs", "mobile number as 联系电话")),
            expect_problems=("case.domain",), drop=("case.domain",)),
        WildDoc("summary-foshan-spaces", sample("summary-2020"), Profile(
            label_spaces=True, toc=False, cover=False,
            notes=("the 11-row table with an empty row left after each group",))),
        WildDoc("summary-guangzhou-halfwidth", _summary_other(), Profile(
            half_brackets=True, split_labels=True, other_blocks="deleted", toc=False, cover=False,
            notes=("half-width brackets 试点(示范)单位名称", "示范/试点 group rows not merged", "empty 备注 cells",
                   "31-character unit name", "燊 堃 喆"))),
    ]


def _violation(base: WildDoc, kind: str, family: str, *, data: dict[str, Any] | None = None,
               **profile: Any) -> WildDoc:
    return WildDoc(f"{base.name}--{kind}", data if data is not None else base.data,
                   replace(base.profile, compliant=False, notes=(f"seeded violation: {kind}",), **profile),
                   violation=family)


def _without(data: dict[str, Any], key: str) -> dict[str, Any]:
    out = copy.deepcopy(data)
    set_path(out, key, None)
    return out


def violations() -> list[WildDoc]:
    """Compliant documents with one thing wrong each, that check must catch (rule family)."""
    docs = {d.name: d for d in corpus()}
    demo, pilot = docs["demo-provider-word-clean"], docs["pilot-finance-sdt-short"]
    case, summary = docs["case-belt-short-paragraphs"], docs["summary-foshan-spaces"]
    long_intro = copy.deepcopy(case.data)
    long_intro["intro"] = long_intro["intro"] + "\n" + policy_paragraph(2)       # well over 500 字
    out = []
    for base, cell_key in ((demo, "unit.legal_rep"), (pilot, "contact.name")):
        out += [_violation(base, "removed-section", "required-section", omit=("下一步工作计划",)),
                _violation(base, "emptied-cell", "required-field", data=_without(base.data, cell_key)),
                _violation(base, "unticked-choice", "checkbox", untick=True)]
    out += [_violation(case, "removed-section", "required-section", omit=("summary.demonstration",)),
            _violation(case, "emptied-cell", "required-field", data=_without(case.data, "leader.name")),
            _violation(case, "unticked-choice", "checkbox", untick=True),
            _violation(case, "long-intro", "word-limit", data=long_intro),
            _violation(summary, "emptied-cell", "required-field", data=_without(summary.data, "recommender"))]
    return out


def write_corpus(outdir: Path) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for doc in corpus() + violations():
        docx, expected = build(doc)
        (outdir / f"{doc.name}.docx").write_bytes(docx)
        meta = {"form": doc.form, "expected": expected, "expect_problems": list(doc.expect_problems),
                "compliant": doc.profile.compliant, "violation": doc.violation, "varies": list(doc.profile.notes),
                "profile": {k: v for k, v in asdict(doc.profile).items() if k != "notes"}}
        (outdir / f"{doc.name}.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
        written.append(outdir / f"{doc.name}.docx")
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("用法：python -m tests.wild.generate 输出目录", file=sys.stderr)
        return 2
    for path in write_corpus(Path(args[0])):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
