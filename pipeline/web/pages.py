"""A PDF's pages as PNG images (pypdfium2, the PDFium engine pdfplumber already depends on),
and where on a page a checker finding points."""
from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass
from typing import Iterable, Iterator

import pypdfium2 as pdfium

PREVIEW_SCALE = 96 / 72          # 96 dpi: an A4 page 794 px wide
PNG_PREFIX = "data:image/png;base64,"
_PAGE_PLACE = re.compile(r"第 (\d+) 页(?:“([^”]+)”)?")


def page_images(pdf: bytes, pages: Iterable[int] | None = None, scale: float = PREVIEW_SCALE) -> Iterator[tuple[int, str]]:
    """(page number from 1, PNG data URL) for the pages asked for (all by default)."""
    document = pdfium.PdfDocument(pdf)
    try:
        wanted = range(1, len(document) + 1) if pages is None else sorted(set(pages))
        for number in wanted:
            if 1 <= number <= len(document):
                yield number, _png_url(document[number - 1], scale)
    finally:
        document.close()


def _png_url(page: pdfium.PdfPage, scale: float) -> str:
    image = page.render(scale=scale).to_pil()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return PNG_PREFIX + base64.b64encode(buffer.getvalue()).decode("ascii")


@dataclass(frozen=True)
class Mark:
    """A place on a page as shares of its width and height from the top left (0–1)."""

    page: int
    left: float = 0.0
    top: float = 0.0
    width: float = 0.0
    height: float = 0.0

    @property
    def has_box(self) -> bool:
        return self.width > 0 and self.height > 0

    def as_dict(self) -> dict[str, float | int]:
        return {"page": self.page, "left": self.left, "top": self.top, "width": self.width, "height": self.height}


def page_of(location: str) -> tuple[int, str] | None:
    """The page a PDF finding names (``第 3 页“excerpt”``) and the excerpt quoted, if any."""
    match = _PAGE_PLACE.search(location)
    return (int(match.group(1)), match.group(2) or "") if match else None


def find_marks(pdf: bytes, locations: list[str]) -> list[Mark | None]:
    """For each location: the page it names and the box of its quoted text on that page (only
    the page when the text is not found); None for a location naming no page."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [_mark(document, location) for location in locations]
    finally:
        document.close()


def _mark(document: pdfium.PdfDocument, location: str) -> Mark | None:
    place = page_of(location)
    if place is None or not 1 <= place[0] <= len(document):
        return None
    number, excerpt = place
    page = document[number - 1]
    box = _text_box(page, excerpt.rstrip("…").strip()) if excerpt else None
    if box is None:
        return Mark(number)
    width, height = page.get_size()
    left, bottom, right, top = box
    return Mark(number, left / width, 1 - top / height, (right - left) / width, (top - bottom) / height)


def _text_box(page: pdfium.PdfPage, text: str) -> tuple[float, float, float, float] | None:
    textpage = page.get_textpage()
    try:
        searcher = textpage.search(text, match_case=True)
        found = searcher.get_next()
        if not found:
            return None
        start, count = found
        boxes = [textpage.get_charbox(i) for i in range(start, start + count)]
    finally:
        textpage.close()
    boxes = [b for b in boxes if b[2] > b[0]]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
