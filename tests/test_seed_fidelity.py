"""Every printed word of each form's seed appears in the rendered blank PDF and DOCX.

The expected text is read from the seed itself (shared/seeds), not restated here: the seed's
section for the form is cut into fragments at line ends and wide gaps, and each fragment must
stand inside one table cell or one run of text of the rendered document.
"""
from __future__ import annotations

import re

import pytest

from conftest import SEEDS, SHARED_SEEDS, rendered
from readback import docx_pieces, pdf_pieces, squash

NOTICE_2020 = "000_4a8d62aaa38918d7.txt"
CASE_2024 = "002_2c6431a02d3d04bd.txt"
WORKPLAN_2014 = "004_d4f23a9cb387bd90.txt"   # the notice, then its 附件 编制要点: the plan's outline
# form id → (seed, line that starts the form's section, start of the line after it or None: to the end)
SECTIONS = {
    "demo-2020": (NOTICE_2020, "附件1", "附件2"),
    "pilot-2020": (NOTICE_2020, "附件2", "附件 3"),
    "summary-2020": (NOTICE_2020, "附件 3", "公开方式"),
    "case-2024": (CASE_2024, "附件", None),
    "workplan-2014": (WORKPLAN_2014, "一、摘要", None),
}
_WIDE_GAP = re.compile(r"\s{2,}")
_PAGE_NUMBER = re.compile(r"^-\s*\d+\s*-$")   # the seed's own page footers ("- 2 -") are not form text
_MARKDOWN = re.compile(r"^#+\s*|\*\*")        # a seed converted to Markdown: "#### 一、摘要", "**三、…**"


def seed_fragments(form_id: str) -> list[str]:
    seed, start, stop = SECTIONS[form_id]
    lines = [_MARKDOWN.sub("", line.strip()) for line in (SEEDS / seed).read_text(encoding="utf-8").splitlines()]
    first = next(i for i, line in enumerate(lines) if line.strip() == start)
    last = next((i for i, line in enumerate(lines) if i > first and stop and line.strip().startswith(stop)),
                len(lines))
    fragments = []
    for line in lines[first:last]:
        fragments.extend(part for part in _WIDE_GAP.split(line.strip())
                         if squash(part) and not _PAGE_NUMBER.match(part.strip()))
    return fragments


def present(fragment: str, pieces: list[str]) -> bool:
    """In one piece; or, for a seed line whose single spaces separate cells ("序号 试点… 备注"),
    each of its space-separated words in some piece."""
    if any(squash(fragment) in piece for piece in pieces):
        return True
    words = fragment.split()
    return len(words) > 1 and all(any(squash(w) in piece for piece in pieces) for w in words)


def missing(fragments: list[str], pieces: list[str]) -> list[str]:
    return [f for f in fragments if not present(f, pieces)]


@pytest.mark.parametrize("form_id", sorted(SECTIONS))
def test_seed_has_enough_text_to_mean_something(form_id: str) -> None:
    assert len(seed_fragments(form_id)) > (100 if form_id == "pilot-2020" else 5)


@pytest.mark.parametrize("form_id", sorted(SECTIONS))
def test_every_seed_fragment_is_in_the_blank_pdf(form_id: str) -> None:
    pieces = pdf_pieces(rendered(f"blank:{form_id}", form_id, None).pdf)
    assert missing(seed_fragments(form_id), pieces) == []


@pytest.mark.parametrize("form_id", sorted(SECTIONS))
def test_every_seed_fragment_is_in_the_blank_docx(form_id: str) -> None:
    pieces = docx_pieces(rendered(f"blank:{form_id}", form_id, None).docx)
    assert missing(seed_fragments(form_id), pieces) == []


@pytest.mark.parametrize("form_id", sorted(SECTIONS))
def test_section_headings_keep_the_seed_order(form_id: str) -> None:
    heading = re.compile(r"^[一二三四五六七八九十]、")
    expected = [squash(f) for f in seed_fragments(form_id) if heading.match(f)]
    text = "".join(pdf_pieces(rendered(f"blank:{form_id}", form_id, None).pdf))
    body = text[text.index(expected[0] if expected else "") :] if expected else text
    positions = [body.find(h, 1 if i else 0) for i, h in enumerate(expected)]
    assert -1 not in positions
    # the TOC lists them once before; in the body they must come in the seed's order
    last_positions = [body.rfind(h) for h in expected]
    assert last_positions == sorted(last_positions)


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="shared/seeds is not beside this clone")
@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_seed_copies_equal_shared_seeds(seed: str) -> None:
    assert (SEEDS / seed).read_bytes() == (SHARED_SEEDS / seed).read_bytes()
