"""The DOCX paginates like the PDF: LibreOffice's rendering of every sample's DOCX (宋体 drawn in
Noto Serif CJK, whose single line is 1.44 × the size against 宋体's 1.30 in Word) runs within one
page of our PDF, and no heading lands more than one page away from where the PDF — and so the
DOCX's cached 目录 — puts it. Headings are compared through both PDFs' bookmarks."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from conftest import input_files
from pipeline.render import Rendered

SAMPLES = [p.stem for p in input_files()]


def heading_pages(pdf: PdfReader) -> list[tuple[str, int]]:
    """(title without spaces, 1-based page) of every bookmark, in document order."""
    out: list[tuple[str, int]] = []

    def walk(items: list) -> None:  # noqa: ANN401 (pypdf's outline is a nested list)
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                out.append(("".join(item.title.split()), pdf.get_destination_page_number(item) + 1))
    walk(pdf.outline)
    return out


@pytest.mark.parametrize("stem", SAMPLES)
def test_libreoffice_lays_the_docx_out_within_a_page_of_the_pdf(stem: str, sample_exports) -> None:  # noqa: ANN001
    ours: Rendered
    ours, exported = sample_exports[stem]
    theirs = PdfReader(exported)
    assert abs(len(theirs.pages) - ours.pages) <= 1, (len(theirs.pages), ours.pages)
    ours_headings, their_headings = heading_pages(PdfReader(io.BytesIO(ours.pdf))), heading_pages(theirs)
    assert len(ours_headings) == len(their_headings)
    moves = {}
    for (title, page), (their_title, their_page) in zip(ours_headings, their_headings):
        assert their_title[:10] == title[:10]
        moves[title[:16]] = their_page - page
    assert all(abs(move) <= 1 for move in moves.values()), moves

