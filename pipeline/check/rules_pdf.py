"""Formatting rules for PDF, judged on what the pages carry (pdfplumber)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from statistics import median

from ..parse.stream import FOOTER_ZONE_PT, PAGE_NUMBER, squash
from ..text import has_ideograph
from .findings import ERROR, WARNING, Finding
from .pdf_facts import PdfFacts, PdfLine, PdfPage
from .registry import rule
from .sizes import size_text
from .subject import Subject

PT_PER_MM = 72 / 25.4
FULL_LINE_EMS = 1.5             # a line ending this close to the right edge was wrapped
CENTRED_EMS = 1.5               # a line whose middle is this close to the page's is centred
MIN_PAIRS = 3                   # a page's spacing is judged on at least this many line pairs


def _facts(subject: Subject) -> PdfFacts:
    assert subject.pdf is not None
    return subject.pdf


def page_number(page: PdfPage) -> int | None:
    for line in page.lines:
        if line.top > page.height - FOOTER_ZONE_PT:
            match = PAGE_NUMBER.match(line.text.strip())
            if match:
                return int(match.group(1))
    return None


def _has_cover(facts: PdfFacts) -> bool:
    return len(facts.pages) > 1 and page_number(facts.pages[0]) is None


def _text_right_edge(facts: PdfFacts) -> float:
    """Where wrapped lines end, taken as the left edge mirrored (margins are near enough
    equal; a hanging punctuation mark may reach past it)."""
    lefts = [line.x0 for page in facts.pages for line in page.lines if not line.in_table]
    return facts.pages[0].width - min(lefts) if lefts else 0.0


def body_lines(subject: Subject) -> Iterator[tuple[PdfPage, PdfLine]]:
    """Lines of running text: after the cover, outside tables, footer and titles, not the
    form's headings."""
    facts = _facts(subject)
    limit = subject.style.check.title_max_chars
    toc = toc_page(subject)
    right = _text_right_edge(facts)
    for page in facts.pages[1:] if _has_cover(facts) else facts.pages:
        if page is toc:
            continue
        for line in page.lines:
            if line.in_table or line.top > page.height - FOOTER_ZONE_PT or not has_ideograph(line.text):
                continue
            centred = (abs((line.x0 + line.x1) / 2 - page.width / 2) < CENTRED_EMS * line.size
                       and len(line.text) <= limit and line.x1 < right - FULL_LINE_EMS * line.size)
            if not centred and squash(line.text) not in subject.heading_keys:
                yield page, line


def _at(page: PdfPage, line: PdfLine) -> str:
    excerpt = line.text.strip()[:16]
    return f"第 {page.number} 页“{excerpt}”"


@rule("page-size", kinds=("pdf",))
def pdf_page_size(subject: Subject) -> Iterator[Finding]:
    page_style, tolerance = subject.style.page, subject.style.check.page_tolerance_pt
    want = (page_style.width_mm * PT_PER_MM, page_style.height_mm * PT_PER_MM)
    for page in _facts(subject).pages:
        if abs(page.width - want[0]) > tolerance or abs(page.height - want[1]) > tolerance:
            yield Finding("page-size", ERROR, f"纸张应为 {page_style.name}", f"第 {page.number} 页",
                          f"{want[0]:.1f}×{want[1]:.1f} pt", f"{page.width:.1f}×{page.height:.1f} pt")


@rule("font-family.body", kinds=("pdf",))
def pdf_font_family(subject: Subject) -> Iterator[Finding]:
    """The face of every Han character, one finding per page and face."""
    check = subject.style.check
    for page in _facts(subject).pages:
        wrong: Counter[str] = Counter(f for line in page.lines for f in line.cjk_fonts if not check.is_song(f))
        for font, count in sorted(wrong.items()):
            first = next(line for line in page.lines if font in line.cjk_fonts)
            yield Finding("font-family.body", ERROR, f"中文字体应为宋体（{count} 个字不是）", _at(page, first),
                          "宋体或同类宋体字体", font)


@rule("font-family.no-text", kinds=("pdf",))
def pdf_without_text(subject: Subject) -> Iterator[Finding]:
    """A scan has no characters to judge: say so rather than pass it silently."""
    if not any(page.lines for page in _facts(subject).pages):
        yield Finding("font-family.no-text", WARNING, "PDF 中没有可提取的文字（可能是扫描件），未能检查字体、字号和行距",
                      "全文", "文字版 PDF", "无文字")


@rule("font-size.body", kinds=("pdf",))
def pdf_font_size(subject: Subject) -> Iterator[Finding]:
    want = subject.style.paragraph("body").size_pt
    tolerance = subject.style.check.size_tolerance_pt
    reported: set[int] = set()
    for page, line in body_lines(subject):
        if abs(line.size - want) > tolerance and page.number not in reported:
            reported.add(page.number)
            yield Finding("font-size.body", ERROR, f"正文字号应为 {size_text(want)}", _at(page, line),
                          size_text(want), size_text(line.size))


@rule("line-spacing.body", kinds=("pdf",))
def pdf_line_spacing(subject: Subject) -> Iterator[Finding]:
    """Baseline distance ÷ size between consecutive lines of one paragraph (the first line was
    wrapped: it reaches the right edge), judged per page on the median."""
    low, high = subject.style.check.pdf_line_ratio
    right = _text_right_edge(_facts(subject))
    body = {id(line) for _, line in body_lines(subject)}
    by_page: dict[int, list[tuple[float, PdfLine]]] = {}
    for page in _facts(subject).pages:
        for above, line in zip(page.lines, page.lines[1:]):
            wrapped = above.x1 >= right - FULL_LINE_EMS * line.size
            if id(above) in body and id(line) in body and wrapped and abs(above.size - line.size) < 0.5:
                by_page.setdefault(page.number, []).append(((line.bottom - above.bottom) / line.size, line))
    for number, pairs in sorted(by_page.items()):
        if len(pairs) < MIN_PAIRS:
            continue
        ratio = median(r for r, _ in pairs)
        if not low <= ratio <= high:
            page = _facts(subject).pages[number - 1]
            spacing = subject.style.paragraph("body").line_spacing
            yield Finding("line-spacing.body", ERROR, f"正文行距应为 {spacing:g} 倍", _at(page, pairs[0][1]),
                          f"行距为字号的 {low:g}–{high:g} 倍", f"{ratio:.2f} 倍（{ratio * pairs[0][1].size:.1f} 磅）")


TOC_WITHIN_PAGES = 6


def toc_page(subject: Subject) -> PdfPage | None:
    """The page titled 目录, among the first few."""
    title = squash(subject.style.toc_title)
    for page in _facts(subject).pages[:TOC_WITHIN_PAGES]:
        if any(squash(line.text) == title for line in page.lines):
            return page
    return None


@rule("toc", kinds=("pdf",))
def pdf_toc(subject: Subject) -> Iterator[Finding]:
    if subject.requires_toc and toc_page(subject) is None:
        yield Finding("toc", ERROR, "缺少目录页", f"前 {TOC_WITHIN_PAGES} 页", "标题为“目录”的一页", "无")


@rule("page-numbers", kinds=("pdf",))
def pdf_page_numbers(subject: Subject) -> Iterator[Finding]:
    """Each page after the cover carries its number at the foot, in sequence."""
    facts = _facts(subject)
    pages = facts.pages[1:] if _has_cover(facts) else facts.pages
    expected = None
    for page in pages:
        number = page_number(page)
        if number is None:
            yield Finding("page-numbers", ERROR, "缺少页码", f"第 {page.number} 页", "页脚有页码", "无")
        elif expected is not None and number != expected:
            yield Finding("page-numbers", ERROR, "页码不连续", f"第 {page.number} 页", str(expected), str(number))
        expected = None if number is None else number + 1
