"""Formatting rules for DOCX, judged on EFFECTIVE formatting (docx_facts resolves inheritance)."""
from __future__ import annotations

from collections.abc import Iterator

from ..text import has_ideograph, is_ideograph
from .docx_model import DocxFacts, ParagraphFacts, RunFacts
from .findings import ERROR, WARNING, Finding
from .registry import rule
from .sizes import size_text
from .subject import Subject

TWIPS_PER_MM = 1440 / 25.4
AUTO_LINE = 240          # w:line of single spacing under lineRule="auto"
EXCERPT_CHARS = 16


def _facts(subject: Subject) -> DocxFacts:
    assert subject.docx is not None
    return subject.docx


def where(p: ParagraphFacts) -> str:
    """"“二、单位基本情况”下 第 12 段“公司设立技术研发中心…”"."""
    excerpt = p.text.strip().replace("\n", " ")
    excerpt = excerpt[:EXCERPT_CHARS] + ("…" if len(excerpt) > EXCERPT_CHARS else "")
    place = {"header": "页眉", "footer": "页脚"}.get(p.part, "表格中" if p.in_table else "正文")
    heading = (p.heading or "")[:EXCERPT_CHARS] + ("…" if len(p.heading or "") > EXCERPT_CHARS else "")
    section = f"“{heading}”下" if heading and p.part == "body" else ""
    return f"{section}{place}第 {p.index + 1} 段“{excerpt}”"


def _cover_end(facts: DocxFacts) -> int:
    """Index of the first body paragraph after the cover (0 when the document has no cover
    page: a cover is a first page of its own, unnumbered — titlePg)."""
    if not facts.sections or not facts.sections[0].title_page:
        return 0
    return next((p.index for p in facts.body() if p.page_break_before), 0)


TITLE_STYLES = frozenset({"title", "subtitle", "标题", "副标题"})   # Word's built-in title styles


def is_title(subject: Subject, p: ParagraphFacts) -> bool:
    if (p.style_name or "").lower() in TITLE_STYLES:
        return True
    return p.alignment == "center" and len(p.text.strip()) <= subject.style.check.title_max_chars


def body_paragraphs(subject: Subject) -> Iterator[ParagraphFacts]:
    """Running text: after the cover, outside tables and the TOC, not headings or titles."""
    facts = _facts(subject)
    start = _cover_end(facts)
    for p in facts.body():
        if p.index < start or p.in_table or p.in_toc or p.heading_level or not has_ideograph(p.text):
            continue
        if not is_title(subject, p):
            yield p


def _han_runs(p: ParagraphFacts) -> Iterator[RunFacts]:
    return (r for r in p.runs if any(is_ideograph(ch) for ch in r.text))


@rule("page-size", kinds=("docx",))
def docx_page_size(subject: Subject) -> Iterator[Finding]:
    page, tolerance = subject.style.page, subject.style.check.page_tolerance_twips
    want = (round(page.width_mm * TWIPS_PER_MM), round(page.height_mm * TWIPS_PER_MM))
    for s in _facts(subject).sections:
        got = (s.page_width or 0, s.page_height or 0)
        if abs(got[0] - want[0]) > tolerance or abs(got[1] - want[1]) > tolerance:
            yield Finding("page-size", ERROR, f"纸张应为 {page.name}", f"第 {s.index + 1} 节",
                          f"{want[0]}×{want[1]} twips（{page.width_mm:g}×{page.height_mm:g} mm）",
                          f"{got[0]}×{got[1]} twips（{got[0] / TWIPS_PER_MM:.0f}×{got[1] / TWIPS_PER_MM:.0f} mm）")


@rule("font-family.body", kinds=("docx",))
def docx_font_family(subject: Subject) -> Iterator[Finding]:
    """Every Han character of the text (headings and titles aside) in a 宋体 face, judged by
    the run's eastAsia slot (Times New Roman on digits and Latin is fine)."""
    check = subject.style.check
    start = _cover_end(_facts(subject))
    for p in _facts(subject).body():
        if p.index < start or p.heading_level or is_title(subject, p):
            continue
        wrong = next((r for r in _han_runs(p) if not check.is_song(r.east_asia_font)), None)
        if wrong is not None:
            yield Finding("font-family.body", ERROR, "中文字体应为宋体", where(p),
                          subject.style.east_asia_font, wrong.east_asia_font or "（未设置）")


@rule("font-size.body", kinds=("docx",))
def docx_font_size(subject: Subject) -> Iterator[Finding]:
    want = subject.style.paragraph("body").size_pt
    tolerance = subject.style.check.size_tolerance_pt
    for p in body_paragraphs(subject):
        wrong = next((r for r in _han_runs(p) if abs(r.size_pt - want) > tolerance), None)
        if wrong is not None:
            yield Finding("font-size.body", ERROR, f"正文字号应为 {size_text(want)}", where(p),
                          size_text(want), size_text(wrong.size_pt))


@rule("line-spacing.body", kinds=("docx",))
def docx_line_spacing(subject: Subject) -> Iterator[Finding]:
    spacing = subject.style.paragraph("body").line_spacing
    want = round(spacing * AUTO_LINE)
    tolerance = subject.style.check.line_tolerance
    for p in body_paragraphs(subject):
        actual = _line_spacing_text(p)
        if p.line_rule in (None, "auto") and abs((p.line_value or AUTO_LINE) - want) <= tolerance:
            continue
        yield Finding("line-spacing.body", ERROR, f"正文行距应为 {spacing:g} 倍", where(p),
                      f"{spacing:g} 倍（w:line={want}，lineRule=auto）", actual)


def _line_spacing_text(p: ParagraphFacts) -> str:
    if p.line_rule in ("exact", "atLeast"):
        kind = "固定值" if p.line_rule == "exact" else "最小值"
        return f"{kind} {(p.line_value or 0) / 20:g} 磅"
    return f"{(p.line_value or AUTO_LINE) / AUTO_LINE:g} 倍"


@rule("toc", kinds=("docx",))
def docx_toc(subject: Subject) -> Iterator[Finding]:
    if not subject.requires_toc:
        return
    toc = _facts(subject).toc
    if toc is None:
        yield Finding("toc", ERROR, "缺少目录（TOC 域）", "全文", "目录（引用 → 目录）", "无")
    elif toc.entries == 0:
        yield Finding("toc", WARNING, "目录域尚未生成条目（在 Word 中右键“更新域”）", "目录", "目录条目", "0 条")


@rule("page-numbers", kinds=("docx",))
def docx_page_numbers(subject: Subject) -> Iterator[Finding]:
    """A PAGE field in the footer (or header) every body section uses; a cover section of its
    own with a different first page may go unnumbered."""
    sections = _facts(subject).sections
    for s in sections:
        if s.index == 0 and s.title_page and len(sections) > 1:
            continue
        if not (s.footer_has_page_field.get("default") or s.header_has_page_field.get("default")):
            yield Finding("page-numbers", ERROR, "缺少页码（页脚中没有 PAGE 域）", f"第 {s.index + 1} 节",
                          "页脚含 PAGE 域", "无")
