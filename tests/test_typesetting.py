"""Typesetting read back from the PDF of every sample, and of samples whose 申报表 values are
as long as the form allows (a row taller than a page): no number, date, code or word broken
inside itself (a break at a space the text has is a break between words), e-mails broken only
after "@" or before ".", no paragraph or label ending with one character alone, and the
申报表's pages filled where its table runs on to the next page."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import INPUTS, SEEDS, input_files, load_json, rendered
from pipeline.loader import load_form, load_style
from pipeline.render.document import Grid, Heading, Para, build_document
from readback import squash

LATIN = re.compile(r"[A-Za-z0-9]")
UNIT_AFTER_NUMBER = "年月日号%万元个家项次人"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
MIN_FILL = 0.75      # a page the table runs on from is at least three quarters full


@dataclass(frozen=True)
class Region:
    """Lines of text inside one table cell, or outside every table, on one page."""

    lines: tuple[str, ...]


def _lines(chars: list[dict]) -> list[str]:
    rows: dict[int, list[dict]] = {}
    for c in chars:
        rows.setdefault(round(c["top"]), []).append(c)
    lines = ["".join(c["text"] for c in sorted(rows[k], key=lambda c: c["x0"])) for k in sorted(rows)]
    return [line for line in lines if line.strip()]


def _regions(page) -> list[Region]:  # noqa: ANN001 (pdfplumber page)
    tables = page.find_tables()
    regions = [Region(tuple(_lines(page.crop(cell).chars))) for table in tables for cell in table.cells]
    boxes = [t.bbox for t in tables]
    outside = [c for c in page.chars if not any(b[0] <= (c["x0"] + c["x1"]) / 2 <= b[2]
                                                and b[1] <= (c["top"] + c["bottom"]) / 2 <= b[3] for b in boxes)]
    return regions + [Region(tuple(_lines(outside)))]


def _prose(count: int, skip: int = 0) -> str:
    """``count`` characters of the policy text in seed 001 (Chinese and its punctuation)."""
    text = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")
    chinese = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff" or ch in "，。；、")
    return chinese[skip:skip + count]


def _longest_values() -> dict:
    """附件1 with 试点情况简介 at its 800 字 and both 推荐单位意见 at their 500: one row is taller
    than a page, and the 意见 block is taller than what is left of one."""
    data = load_json(INPUTS / "demo-2020-region.json")
    data["pilot_summary"] = _prose(800)
    data["recommendation"] = {"assessment": _prose(500, 1000), "opinion": _prose(500, 2000)}
    return data


BUILT = {"longest-values": _longest_values}


def _data(name: str) -> dict:
    return BUILT[name]() if name in BUILT else load_json(Path(name))


def _pdf(name: str) -> bytes:
    data = _data(name)
    return rendered(f"input:{name}", data["form"], data).pdf


def _source_texts(name: str) -> list[str]:
    data = _data(name)
    document = build_document(load_form(data["form"]), data)
    texts = []
    for block in document.blocks:
        if isinstance(block, (Para, Heading)):
            texts.append(squash(block.text))
        elif isinstance(block, Grid):
            texts.extend(squash(line) for cell in block.cells for line in cell.lines)
    return [t for t in texts if t]


def _wrapped(a: str, b: str, sources: list[str]) -> bool:
    """``b`` continues ``a``'s paragraph (not a new line of the same cell)."""
    joint = squash(a)[-8:] + squash(b)[:8]
    return any(joint in text for text in sources)


def _breaks(name: str) -> list[str]:
    pdf = _pdf(name)
    sources = _source_texts(name)
    emails = {m.group() for text in sources for m in EMAIL.finditer(text)}
    found = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for number, page in enumerate(doc.pages, 1):
            for region in _regions(page):
                for a, b in zip(region.lines, region.lines[1:]):
                    if not _wrapped(a, b, sources) or a != a.rstrip():
                        continue                  # a new line, or a break at a space the text has
                    where = f"p{number}: {a[-12:]!r} / {b[:12]!r}"
                    email = next((e for e in emails if squash(a)[-3:] + squash(b)[:3] in e), None)
                    if email:
                        if not (a.endswith("@") or b.startswith(".")):
                            found.append(f"e-mail broken elsewhere than @ or . {where}")
                    elif LATIN.match(a[-1]) and LATIN.match(b[0]):
                        found.append(f"run broken {where}")
                    elif a[-1].isdigit() and b[0] in UNIT_AFTER_NUMBER:
                        found.append(f"number parted from its unit {where}")
                last = region.lines[-1].strip() if region.lines else ""
                if len(region.lines) > 1 and len(last) == 1 and _wrapped(region.lines[-2], last, sources):
                    found.append(f"one character alone p{number}: {region.lines[-2][-6:]!r} / {last!r}")
    return found


SAMPLES = [str(p) for p in input_files()] + list(BUILT)
IDS = [Path(p).stem for p in SAMPLES]


@pytest.mark.parametrize("name", SAMPLES, ids=IDS)
def test_no_run_is_broken_inside_itself(name: str) -> None:
    assert _breaks(name) == []


def _content_bottom(page, footer_top: float) -> float:  # noqa: ANN001
    bottoms = [c["bottom"] for c in page.chars if c["top"] < footer_top]
    bottoms += [r["bottom"] for r in page.rects + page.lines if r["top"] < footer_top]
    return max(bottoms, default=0.0)


@pytest.mark.parametrize("name", SAMPLES, ids=IDS)
def test_a_table_runs_on_only_from_a_full_page(name: str) -> None:
    """Where a table continues on the next page (its top at the top margin, the page before
    ending in a table), the page before is at least three quarters full."""
    assert _pages_left_emptier(_pdf(name)) == []


def _pages_left_emptier(pdf: bytes) -> list[str]:
    """Pages a table runs on from that are less than MIN_FILL full."""
    page_style = load_style().page
    mm = 72 / 25.4
    top, text_height = page_style.margin_top_mm * mm, page_style.text_height_mm * mm
    footer_top = top + text_height + 2
    emptier = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        pages = doc.pages
        for number, (page, following) in enumerate(zip(pages, pages[1:]), 1):
            this_tables, next_tables = page.find_tables(), following.find_tables()
            if not this_tables or not next_tables:
                continue
            ends_in_table = max(t.bbox[3] for t in this_tables) >= _content_bottom(page, footer_top) - 2
            next_starts_with_table = min(t.bbox[1] for t in next_tables) <= top + 2
            if ends_in_table and next_starts_with_table:
                fill = (_content_bottom(page, footer_top) - top) / text_height
                if fill < MIN_FILL:
                    emptier.append(f"p{number}: {fill:.0%}")
    return emptier


@pytest.mark.parametrize("name", list(BUILT))
def test_a_row_cut_by_the_page_reads_back_whole(name: str, tmp_path: Path) -> None:
    """The values of a row cut at a page end come back whole from the page alone (no embedded
    data): the parser joins the row's two parts as it joins a row Word cut."""
    from pipeline.embedded import strip_embedded
    from pipeline.parse import parse_file
    from readback import canonical, flatten
    data = _data(name)
    spec = load_form(data["form"])
    path = tmp_path / "page-only.pdf"
    path.write_bytes(strip_embedded(_pdf(name)))
    read = parse_file(path)
    assert read.strategy == "layout"
    assert flatten(canonical(spec, read.data)) == flatten(canonical(spec, data))


@pytest.mark.parametrize("name", SAMPLES, ids=IDS)
def test_a_note_under_a_table_shares_a_page_with_it(name: str) -> None:
    """The form's short note under a table (附件1/2's 备注) never goes to a page of its own."""
    data = _data(name)
    assert _notes_without_their_table(load_form(data["form"]), data, _pdf(name)) == []


def _notes_without_their_table(spec, data: dict, pdf: bytes) -> list[str]:  # noqa: ANN001 (FormSpec)
    """Notes kept with the table above them that are on a page without a table above them."""
    blocks = build_document(spec, data).blocks
    notes = [squash(b.text) for b, before in zip(blocks[1:], blocks) if isinstance(before, Grid) and before.keep_with_next]
    found = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for number, page in enumerate(doc.pages, 1):
            lines = [(squash(line["text"]), line["top"]) for line in page.extract_text_lines()]
            for note in notes:
                tops = [top for text, top in lines if text and note.startswith(text)]
                if tops and not any(t.bbox[3] <= tops[0] + 1 for t in page.find_tables()):
                    found.append(f"p{number}: {note[:12]}")
    return found


LONG_TABLE_VALUES = {   # the 申报表 values that may run to hundreds of 字, with their caps
    form_id: {key: load_form(form_id).field(key).max_chars for key in keys}
    for form_id, keys in {"demo-2020": ("unit.honors", "pilot_summary", "recommendation.assessment",
                                        "recommendation.opinion"),
                          "pilot-2020": ("unit.honors", "recommendation.opinion")}.items()}


@pytest.mark.parametrize("form_id", list(LONG_TABLE_VALUES))
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(data=st.data())
def test_long_table_values_of_any_length_run_on_and_read_back(form_id: str, data: st.DataObject, tmp_path_factory) -> None:  # noqa: ANN001
    """Each long 申报表 value at a length between a sixth of its cap and the cap, together: the
    document renders, no page a table runs on from is left more than a quarter empty, and the
    page alone (no embedded data) gives every value back."""
    from pipeline.data import set_value
    from pipeline.embedded import strip_embedded
    from pipeline.parse import parse_file
    from pipeline.render import render_form
    from pipeline.sample import sample_data
    from readback import canonical, flatten
    spec = load_form(form_id)
    values = sample_data(spec)
    for n, (key, cap) in enumerate(LONG_TABLE_VALUES[form_id].items()):
        length = data.draw(st.integers(cap // 6, cap), label=key)
        set_value(values, key, _prose(length, skip=n * 900))
    pdf = render_form(spec, values).pdf
    assert _pages_left_emptier(pdf) == []
    assert _notes_without_their_table(spec, values, pdf) == []
    path = tmp_path_factory.mktemp("long") / "page-only.pdf"
    path.write_bytes(strip_embedded(pdf))
    read = parse_file(path)
    assert read.strategy == "layout"
    assert flatten(canonical(spec, read.data)) == flatten(canonical(spec, values))


def test_a_note_under_a_data_table_shares_a_page_with_it() -> None:
    """A table with a header row is followed by a small gap (a Spacer); the note kept with it
    was kept with that gap alone, so the table could end a page and its note start the next.
    The table is pushed down a line at a time, through the end of the page; nothing is lost."""
    from dataclasses import replace

    from pipeline.render.document import Document, data_table_grid
    from pipeline.render.pdf import render_pdf
    from pipeline.text import DataTable
    note = "注：以上数据均为年度合计。"
    rows = tuple((str(2000 + r), f"{100 * r + 7}") for r in range(6))
    grid = replace(data_table_grid(DataTable(("年度", "收入（万元）"), rows, ("center", "right")), load_style()),
                   keep_with_next=True)
    alone, lost = [], []
    for lines in range(45):
        blocks = (*(Para("正文" * 20, "body") for _ in range(lines)), grid, Para(note, "note"))
        with pdfplumber.open(io.BytesIO(render_pdf(Document("表", blocks)).data)) as doc:
            text = squash("".join(page.extract_text() for page in doc.pages))
            for page in doc.pages:
                tops = [line["top"] for line in page.extract_text_lines() if squash(line["text"]) == squash(note)]
                if tops and not any(t.bbox[3] <= tops[0] + 1 for t in page.find_tables()):
                    alone.append(lines)
        if text.count(squash(note)) != 1 or not all(year + value in text for year, value in rows):
            lost.append(lines)
    assert (alone, lost) == ([], [])


def test_a_note_that_is_also_the_next_tables_caption_leaves_the_table_above_in_place() -> None:
    """Kept with the table above and (as a caption) with the table below, the note chained the
    two tables: reportlab started the chain on a new page, leaving the text's page otherwise empty."""
    from dataclasses import replace

    from pipeline.render.document import Document, data_table_grid
    from pipeline.render.pdf import render_pdf
    from pipeline.text import DataTable
    note = "注：以上数据均为年度合计，下表为分月数据。"

    def table(rows: int, column: str) -> Grid:
        body = tuple((str(2000 + r), str(100 * r + 7)) for r in range(rows))
        return data_table_grid(DataTable(("年度", column), body, ("center", "right")), load_style())

    for lines in (3, 6):
        blocks = (*(Para("正文" * 20, "body") for _ in range(lines)), replace(table(8, "收入"), keep_with_next=True),
                  Para(note, "note", keep_with_next=True), table(30, "利润"), Para("结束段。", "body"))
        with pdfplumber.open(io.BytesIO(render_pdf(Document("表", blocks)).data)) as doc:
            first_page_tables = doc.pages[0].find_tables()
            text = squash("".join(page.extract_text() for page in doc.pages))
        assert first_page_tables, lines
        assert text.count(squash(note)) == 1 and "结束段" in text


CAPTION = "表1 近三年主要经营指标"


def _captioned_table(filler: int, rows: int) -> dict:
    """The ★ 附件2 with 一、(一) as ``filler`` characters of prose, a caption and a pipe table of
    ``rows`` rows after it."""
    data = load_json(INPUTS / "pilot-2020-region.json")
    table = ["| 年度 | 营业收入（万元） | 利润（万元） | 员工（人） |", "| --- | ---: | ---: | ---: |"]
    table += [f"| {1990 + i} | {1000 + 37 * i} | {100 + i} | {50 + i} |" for i in range(rows)]
    data["narrative"]["basic"]["overview"] = "\n".join([_prose(filler), CAPTION, *table])
    return data


def _table_rows_by_page(pdf: bytes) -> list[tuple[int, float | None, int, float]]:
    """For each page: its number, the caption's top (None if not there), the data rows of the
    captioned table on it (its year column), and how full the page's text area is."""
    page_style = load_style().page
    mm = 72 / 25.4
    top, text_height = page_style.margin_top_mm * mm, page_style.text_height_mm * mm
    out = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for number, page in enumerate(doc.pages, 1):
            lines = page.extract_text_lines()
            caption = next((line["top"] for line in lines if squash(line["text"]) == squash(CAPTION)), None)
            years = sum(1 for line in lines if re.match(r"^(199\d|20[0-4]\d) \d+ \d+ \d+$", line["text"].strip()))
            body = [c["bottom"] for c in page.chars if c["top"] < top + text_height + 2]
            out.append((number, caption, years, (max(body, default=top) - top) / text_height))
    return out


@pytest.mark.parametrize("rows", [5, 30])
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(filler=st.integers(100, 1300))
def test_a_caption_starts_its_table_where_it_stands(rows: int, filler: int) -> None:
    """A caption stays with its table's header and first rows, as Word keeps a paragraph with
    the first row of the table after it; a long table does not take it to a new page when
    they fit under the text (it did: the page before was left as little as 6 % full); and no
    page holds a single row of the table."""
    from pipeline.render import render_form
    data = _captioned_table(filler, rows)
    pages = _table_rows_by_page(render_form(load_form("pilot-2020"), data, INPUTS).pdf)
    (where,) = [i for i, (_, caption, _, _) in enumerate(pages) if caption is not None]
    number, caption_top, first_rows, _ = pages[where]
    assert first_rows >= min(2, rows), f"p{number}: the caption with {first_rows} rows under it"
    if caption_top < 80 and where:        # at the top of a page: the page before had no room
        assert pages[where - 1][3] >= MIN_FILL, f"p{number - 1} left {pages[where - 1][3]:.0%} full"
    counts = [count for _, _, count, _ in pages if count]
    assert sum(counts) == rows and all(count >= 2 for count in counts), counts
