"""Facts about a DOCX that formatting rules judge: every paragraph with its runs' EFFECTIVE
fonts and sizes, line spacing, heading level; sections with their page size and the footers /
headers they really use; the TOC field; fields such as PAGE.

Read straight from the package XML (python-docx reports None for anything inherited and skips
content controls). docx_styles.py resolves inheritance; this module walks the content:
body in document order including ``w:sdt`` (block, row, cell and run level), tables (nested),
``w:hyperlink`` / ``w:ins`` / ``w:smartTag`` / ``w:fldSimple`` / ``w:customXml`` children,
then every header and footer part. Deleted content (``w:del``, ``w:moveFrom``) is skipped.
Not walked: text boxes and drawings (``w:txbxContent``), footnotes, endnotes, comments.
"""
from __future__ import annotations

from collections.abc import Mapping

from .docx_model import (
    DocxFacts,
    FieldFacts,
    ParagraphFacts,
    RunFacts,
    SectionFacts,
    TocFacts,
)
from .docx_package import DocxReadError, Package
from .docx_styles import Element, Styles, ThemeFonts, on, w
from .docx_walk import PartWalker, field_facts

__all__ = [
    "DocxFacts",
    "DocxReadError",
    "FieldFacts",
    "ParagraphFacts",
    "RunFacts",
    "SectionFacts",
    "TocFacts",
    "read_docx_facts",
]

_KINDS = ("default", "first", "even")


def _twips(el: Element | None, attr: str) -> int | None:
    value = el.get(w(attr)) if el is not None else None
    try:
        return int(float(value)) if value is not None else None
    except ValueError:
        return None


def _sections(ends: list[tuple[Element, int]], parts: Mapping[str, str],
              page_parts: set[str]) -> tuple[SectionFacts, ...]:
    """One SectionFacts per sectPr; header/footer references inherit from the previous section."""
    out: list[SectionFacts] = []
    inherited: dict[str, dict[str, str | None]] = {"footer": {}, "header": {}}
    first = 0
    for index, (sect, last) in enumerate(ends):
        for ref_kind in ("footer", "header"):
            for ref in sect.findall(w(f"{ref_kind}Reference")):
                rid = ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
                inherited[ref_kind][ref.get(w("type"), "default")] = parts.get(rid or "")
        footers = {k: inherited["footer"].get(k) for k in _KINDS}
        headers = {k: inherited["header"].get(k) for k in _KINDS}
        size, numbering = sect.find(w("pgSz")), sect.find(w("pgNumType"))
        width, height = _twips(size, "w"), _twips(size, "h")
        orient = size.get(w("orient")) if size is not None else None
        if orient is None:
            orient = "landscape" if width and height and width > height else "portrait"
        out.append(SectionFacts(
            index=index, page_width=width, page_height=height, orientation=orient,
            title_page=on(sect.find(w("titlePg"))),
            footer_has_page_field={k: v in page_parts for k, v in footers.items()},
            header_has_page_field={k: v in page_parts for k, v in headers.items()},
            footer_parts=footers, header_parts=headers, first_paragraph=first,
            last_paragraph=last, page_number_start=_twips(numbering, "start"),
            page_number_format=numbering.get(w("fmt")) if numbering is not None else None))
        first = last + 1
    return tuple(out)


def read_docx_facts(data: bytes) -> DocxFacts:
    """Read a DOCX's formatting facts. Raises DocxReadError when it is not a readable DOCX."""
    pkg = Package(data)
    settings = pkg.xml(pkg.related(pkg.main, "settings"))
    theme = ThemeFonts(pkg.xml(pkg.related(pkg.main, "theme")), settings)
    styles = Styles(pkg.xml(pkg.related(pkg.main, "styles")), theme)
    document = pkg.xml(pkg.main)
    body = document.find(w("body"))
    walkers = [PartWalker(styles, "body", pkg.main)]
    if body is not None:
        walkers[0].blocks(body, ())
        final = body.find(w("sectPr"))
        if final is not None:
            walkers[0].section_ends.append((final, len(walkers[0].paragraphs) - 1))
    parts = {rid: target for rid, kind, target in pkg.rels(pkg.main) if kind in ("header", "footer")}
    for rid, kind, target in pkg.rels(pkg.main):
        root = pkg.xml(target) if kind in ("header", "footer") else None
        if root is not None and target not in {x.name for x in walkers}:
            walkers.append(PartWalker(styles, kind, target))
            walkers[-1].blocks(root, ())
    fields = tuple(field_facts(f, x.name) for x in walkers for f in x.fields)
    page_parts = {f.part_name for f in fields if f.name == "PAGE"}
    toc_field = next((f for f in walkers[0].fields if f.is_toc), None)
    toc = None
    if toc_field is not None:
        toc = TocFacts(toc_field.kind, "".join(toc_field.parts), bool(toc_field.sdts),
                       "Table of Contents" in toc_field.sdts, toc_field.entries)
    fonts = pkg.xml(pkg.related(pkg.main, "fontTable"))
    names, alt = _font_table(fonts)
    return DocxFacts(
        paragraphs=tuple(p for x in walkers for p in x.paragraphs),
        sections=_sections(walkers[0].section_ends, parts, page_parts),
        toc=toc,
        update_fields=settings is not None and on(settings.find(w("updateFields"))),
        fonts_in_table=names, fields=fields,
        even_and_odd_headers=settings is not None and on(settings.find(w("evenAndOddHeaders"))),
        font_alt_names=alt)


def _font_table(root: Element | None) -> tuple[tuple[str, ...], dict[str, str]]:
    if root is None:
        return (), {}
    names, alt = [], {}
    for font in root.iter(w("font")):
        name = font.get(w("name"))
        if name:
            names.append(name)
            alt_el = font.find(w("altName"))
            if alt_el is not None and alt_el.get(w("val")):
                alt[name] = alt_el.get(w("val"))
    return tuple(names), alt
