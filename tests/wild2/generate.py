"""The second "wild" corpus: forms filled in by hand the way a second applicant would — written
independently of tests/wild (its own XML writer and its own variation knobs, see hand.py) and
never with pipeline.render (a test checks the imports).

What it varies that the first corpus does not: tracked changes left in (w:del text that must not
be read), comments, smart tags, hyperlinks and fields around values, content controls with their
placeholder left in empty ones, Wingdings ☑ symbols (F0FE), Shift+Enter and tabs in cells,
ideographic and no-break spaces, full-width digits, "3000 万元", "3,000.00", "约3000万元", dates
2020/5/11, 2020年05月11日 and 2020.05.11, ticks as 是（√）, ☐/☑, a box after its label (是■ 否□) or the
choice written as text, an empty row inserted, other types' rows deleted, label and value merged
into one cell, a table split in two, 附件3 running over two pages, headings "二．", "1、", "第二部分",
"（一）单位概况：（guidance）", LibreOffice-saved DOCX, and PDFs in Noto Sans CJK at single spacing.

    python -m tests.wild2.generate OUTDIR     # NAME.docx + NAME.json (expected data and notes)
"""
from __future__ import annotations

import argparse
import copy
import io
import json
import re
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .forms import case_document, demo_document, pilot_document, summary_document
from .hand import Hand

INPUTS = Path(__file__).resolve().parents[2] / "inputs"
BUILDERS: dict[str, Callable[[dict[str, Any], Hand], bytes]] = {
    "demo-2020": demo_document, "pilot-2020": pilot_document, "summary-2020": summary_document, "case-2024": case_document}


@dataclass(frozen=True)
class Doc:
    name: str
    data: dict[str, Any]
    hand: Hand

    @property
    def form(self) -> str:
        return self.data["form"]


def sample(name: str) -> dict[str, Any]:
    return json.loads((INPUTS / f"{name}.json").read_text(encoding="utf-8"))


def renamed(data: dict[str, Any], **names: str) -> dict[str, Any]:
    text = json.dumps(data, ensure_ascii=False)
    for old, new in names.items():
        text = text.replace(old, new)
    return json.loads(text)


def _logistics() -> dict[str, Any]:
    d = renamed(sample("pilot-2020-provider-logistics"), 东莞市莞仓智慧供应链有限公司="东莞市松湖智仓供应链有限公司", 黄国强="黄志远")
    d["fill_date"] = "2020-05-09"
    return d


def _finance() -> dict[str, Any]:
    d = renamed(sample("pilot-2020-provider-finance"), 广州汇融通支付科技有限公司="广州穗融通支付科技有限公司")
    d["provider"]["revenue"] = 6325.5
    return d


def _platform() -> dict[str, Any]:
    return renamed(sample("pilot-2020-platform"), 汕头市塑联网络科技有限公司="汕头市澄海塑链网络科技有限公司")


def _region() -> dict[str, Any]:
    d = renamed(sample("pilot-2020-region"), 佛山市顺德区龙江家居电商园区运营管理有限公司="佛山市顺德区勒流五金电商园区运营管理有限公司")
    d["contact"].pop("fax", None)
    return d


def _operation() -> dict[str, Any]:
    return renamed(sample("pilot-2020-provider-operation"), 佛山市品拓电子商务有限公司="佛山市禅城区品越电子商务有限公司")


def _demo_provider() -> dict[str, Any]:
    return renamed(sample("demo-2020-provider"), 东莞市莞仓智慧供应链有限公司="东莞市大朗智链仓储服务有限公司", 黄国强="黄国栋")


def _demo_region() -> dict[str, Any]:
    return renamed(sample("demo-2020-region"), 佛山市顺德区龙江家居电商园区运营管理有限公司="佛山市顺德区均安家居电商园区运营管理有限公司")


def _demo_platform() -> dict[str, Any]:
    return renamed(sample("demo-2020-platform"), 汕头市塑联网络科技有限公司="汕头市金平区塑汇网络科技有限公司")


def _summary_long() -> dict[str, Any]:
    """A city's list long enough to run over two pages."""
    d = sample("summary-2020")
    d["recommender"] = "东莞市工业和信息化局"
    towns = ["松山湖", "长安", "虎门", "厚街", "寮步", "大朗", "常平", "塘厦", "清溪", "凤岗", "黄江", "樟木头",
             "石龙", "石碣", "高埗", "麻涌", "中堂", "望牛墩", "道滘", "洪梅", "沙田", "厚街", "大岭山", "谢岗"]
    kinds = ["电子商务平台试点", "电子商务区域试点", "电子商务服务商试点（物流和仓储）", "电子商务服务商试点（交易托管和代运营）"]
    d["pilot"] = [{"name": f"东莞市{town}{['智造', '云链', '优品', '数联'][i % 4]}电子商务有限公司",
                   "content": kinds[i % 4], "remark": f"{town}镇" if i % 3 else ""}
                  for i, town in enumerate(towns)]
    return d


def _summary_split() -> dict[str, Any]:
    d = renamed(sample("summary-2020"), 佛山市工业和信息化局="江门市工业和信息化局", 佛山="江门")
    d["demo"] = d["demo"][:2]
    return d


def _case_other() -> dict[str, Any]:
    return renamed(sample("case-2024-other"), 深圳市邻速科技有限公司="深圳市邻家速达科技有限公司", 刘建华="刘建新")


def _case_belt() -> dict[str, Any]:
    return renamed(sample("case-2024-industrial-belt"), 汕头市玩联数字科技有限公司="汕头市澄海区玩趣数字科技有限公司")


def corpus() -> list[Doc]:
    return [
        Doc("pilot-logistics-tracked-paren", _logistics(), Hand(
            tick="paren", digits="fullwidth", dates="slash", tracked=True, comments=True, links=True, headings="dot",
            notes=("tracked changes: old values deleted (w:del), new ones inserted (w:ins)", "reviewer comments on values",
                   "ticks 是（√）否（ ）, 区域试点（  ）", "full-width digits ３０００、２０２０/５/９", "e-mail and website as hyperlinks",
                   "headings 二．单位基本情况 / （一）单位概况"))),
        Doc("pilot-finance-controls-after", _finance(), Hand(
            tick="after", numbers="decimals", dates="padded", controls=True, smart_tags=True, headings="arabic",
            table_edit="split",
            notes=("values in content controls, empty ones with 单击此处输入文字。", "box after its label: 是■ 否□",
                   "3,000.00 / 6,325.50", "2020年05月13日", "smart tags, proofErr, _GoBack around names",
                   "sub-headings 1、单位概况：", "the table split in two by Enter before the blocks"))),
        Doc("pilot-platform-wingdings-lo", _platform(), Hand(
            tick="wingdings", numbers="spaced", dates="dotted", spaces=True, breaks=True, fields=True, headings="part",
            table_edit="extra_row", roundtrip=True,
            notes=("Wingdings ☑/□ symbols (w:sym F0FE/F0A8)", "3000 万元 with a space", "2020.05.13", "ideographic and no-break spaces, narratives indented with 　　",
                   "Shift+Enter inside labels, a tab before numbers", "填报日期 a CREATEDATE field, e-mail a HYPERLINK field",
                   "第二部分 headings", "an empty row inserted", "saved again by LibreOffice (docx → odt → docx)"))),
        Doc("pilot-region-text-sans", _region(), Hand(
            tick="text", numbers="about", dates="padded", headings="bracket", table_edit="drop_blocks",
            font="Noto Sans CJK SC", line=240, compliant=False,
            notes=("the choice written as text, no boxes (试点内容: only 电子商务区域试点：…)", "约8650万元",
                   "other types' blocks deleted", "（一）单位概况：（guidance in brackets）", "fax empty",
                   "Noto Sans CJK at single spacing (PDF cut at other places; not the notice's format)"))),
        Doc("pilot-operation-ballot-merged", _operation(), Hand(
            tick="ballot", digits="fullwidth", numbers="spaced", dates="slash", table_edit="merged", links=True, tracked=True,
            notes=("☐/☑ U+2610/2611", "职务：… typed in the merged label cell", "full-width digits with 万元", "tracked changes"))),
        Doc("demo-provider-after-tracked", _demo_provider(), Hand(
            tick="after", digits="fullwidth", numbers="spaced", dates="padded", tracked=True, comments=True,
            headings="arabic", smart_tags=True,
            notes=("附件1 with 2018/2019 rows", "box after its label (■/□)", "full-width digits, 万元 spaced",
                   "tracked changes and comments", "sub-headings 1、", "year cells 2018 年/情况 on two lines"))),
        Doc("demo-region-paren-lo", _demo_region(), Hand(
            tick="paren", numbers="about", dates="dotted", breaks=True, spaces=True, headings="part",
            table_edit="extra_row", roundtrip=True, links=True,
            notes=("区域示范（√）", "约…万元", "2020.05.15", "year cells typed 2018年情况 on one line", "Shift+Enter in labels",
                   "第二部分 headings", "an empty row inserted", "saved again by LibreOffice"))),
        Doc("demo-platform-controls-sans", _demo_platform(), Hand(
            tick="wingdings", numbers="decimals", dates="slash", controls=True, fields=True, headings="bracket",
            table_edit="merged", font="Noto Sans CJK SC", line=240, compliant=False,
            notes=("Wingdings symbols", "3,000.00", "content controls, empty ones prompting", "date and e-mail as fields",
                   "guidance in brackets after short headings", "职务 merged into its label cell", "Noto Sans CJK, single spacing"))),
        Doc("summary-long-two-pages", _summary_long(), Hand(
            digits="fullwidth", tracked=True, table_edit="extra_row",
            notes=("24 试点 rows: the table runs over two pages, header row repeated", "full-width 序号",
                   "a tracked change in some names", "an empty row inserted among the rows"))),
        Doc("summary-split-lo", _summary_split(), Hand(
            table_edit="split", repeat_header=False, spaces=True, roundtrip=True, font="Noto Sans CJK SC", line=240,
            compliant=False,
            notes=("the table split in two by Enter before 试点 (no header in the second)", "spaces around values",
                   "saved again by LibreOffice", "Noto Sans CJK, single spacing"))),
        Doc("case-other-controls-links", _case_other(), Hand(
            tick="ballot", controls=True, links=True, tracked=True, comments=True, headings="bracket",
            notes=("☐/☑", "content controls", "e-mail a hyperlink", "tracked changes in values and narratives",
                   "comments", "（一）项目简介：（guidance）"))),
        Doc("case-belt-paren-breaks-lo", _case_belt(), Hand(
            tick="paren", breaks=True, spaces=True, digits="fullwidth", fields=True, headings="dot", roundtrip=True,
            font="Noto Sans CJK SC", line=240, compliant=False,
            notes=("电商+产业带（√）", "phone and e-mail split by Shift+Enter", "full-width digits in the phone",
                   "e-mail as a HYPERLINK field", "saved again by LibreOffice", "Noto Sans CJK, single spacing"))),
    ]


def build(doc: Doc) -> tuple[bytes, dict[str, Any]]:
    return BUILDERS[doc.form](doc.data, doc.hand), copy.deepcopy(doc.data)


def as_final(docx: bytes) -> bytes:
    """The document with its tracked changes accepted (Word's "No Markup" view): what its PDF shows.
    A PDF exported while the markup is shown (deleted text struck through) is not in this corpus."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                text = re.sub(r"<w:del [^>]*>.*?</w:del>", "", data.decode("utf-8"))
                data = re.sub(r"<w:ins [^>]*>(.*?)</w:ins>", r"\1", text).encode("utf-8")
            target.writestr(info, data)
    return out.getvalue()


def write_corpus(outdir: Path) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for doc in corpus():
        docx, expected = build(doc)
        (outdir / f"{doc.name}.docx").write_bytes(docx)
        if doc.hand.tracked:
            (outdir / "final").mkdir(exist_ok=True)
            (outdir / "final" / f"{doc.name}.docx").write_bytes(as_final(docx))
        meta = {"form": doc.form, "expected": expected, "compliant": doc.hand.compliant,
                "roundtrip": doc.hand.roundtrip, "varies": list(doc.hand.notes)}
        (outdir / f"{doc.name}.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
        written.append(outdir / f"{doc.name}.docx")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.wild2.generate", description="写出第二套手填文档语料")
    parser.add_argument("outdir", type=Path, help="输出目录：NAME.docx 与 NAME.json（预期数据）")
    written = write_corpus(parser.parse_args(argv).outdir)
    print("\n".join(map(str, written)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
