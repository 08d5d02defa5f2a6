"""Golden "made the way Word makes it" DOCX, and small package-editing helpers for mutants.

``wordlike_docx(ours)`` rewrites a DOCX our renderer made into the shape Word itself saves:

* fonts only through the theme: docDefaults ``w:rFonts w:asciiTheme="minorHAnsi"
  w:eastAsiaTheme="minorEastAsia"``; theme1.xml ``a:minorFont``/``a:majorFont`` have an empty
  ``a:ea`` and ``<a:font script="Hans" typeface="宋体"/>``; settings ``w:themeFontLang
  w:eastAsia="zh-CN"`` (and ``a:latin`` = Times New Roman, so the look is unchanged);
* docDefaults size 10.5pt (Word zh-CN's 五号); 14pt and 1.5-line spacing only on Normal;
  every style based on Normal loses its direct copies (rFonts, sz 28, line 360, b/i off,
  color 000000) so those values really come through ``basedOn``;
* runs of CJK text carry ``<w:rFonts w:hint="eastAsia"/>``; long runs are split in two;
* the TOC: complex field, ``instrText`` split over three runs, inside the sdt with
  docPartGallery "Table of Contents"; entries are ``w:hyperlink``s with nested PAGEREF
  fields, headings carry ``_Toc`` bookmarks, the field ends in its own last paragraph;
* the cover becomes its own section (sectPr in its last paragraph) with ``titlePg``, a
  default footer and an empty first-page footer part; the body section has no
  footerReference at all and inherits them;
* the footer's PAGE is a complex field (``PAGE   \\* MERGEFORMAT``) inside an sdt with
  docPartGallery "Page Numbers (Bottom of Page)", followed by Word's empty footer paragraph;
* settings lose ``w:updateFields`` (Word does not save it).
"""
from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
FOOTER_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
FOOTER_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_NS = {"w": W_NS, "a": A_NS, "r": R_NS}


# -- helpers for mutants ---------------------------------------------------------------------
def qn(name: str) -> str:
    """``"w:sz"`` → Clark name."""
    prefix, local = name.split(":")
    return f"{{{_NS[prefix]}}}{local}"


def read_part(docx: bytes, part_name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        return etree.fromstring(zf.read(part_name))


def write_parts(docx: bytes, parts: Mapping[str, bytes | None]) -> bytes:
    """Replace (bytes), delete (None) or add parts; entries keep their order, new ones last."""
    src = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = [i.filename for i in src.infolist()]
        for info in src.infolist():
            data = parts.get(info.filename, src.read(info.filename))
            if data is not None:
                dst.writestr(info, data)
        for name, data in parts.items():
            if name not in names and data is not None:
                dst.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data,
                             compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def edit_parts(docx: bytes, edits: Mapping[str, Callable[[etree._Element], None]]) -> bytes:
    changed = {}
    for name, fn in edits.items():
        root = read_part(docx, name)
        fn(root)
        changed[name] = serialize(root)
    return write_parts(docx, changed)


def edit_part(docx: bytes, part_name: str, fn: Callable[[etree._Element], None]) -> bytes:
    """Parse one XML part, let ``fn`` change it in place, write the package back."""
    return edit_parts(docx, {part_name: fn})


def find_style(styles: etree._Element, style_id: str) -> etree._Element:
    for style in styles.iter(qn("w:style")):
        if style.get(qn("w:styleId")) == style_id:
            return style
    raise KeyError(style_id)


def set_property(container: etree._Element, pr_tag: str, prop_tag: str, **attrs: str) -> etree._Element:
    """Set ``<pr_tag><prop_tag w:k=v/></pr_tag>`` on a style / paragraph / run / docDefaults
    container (``pr_tag`` is "w:rPr" or "w:pPr"), replacing any existing ``prop_tag``."""
    pr = container if container.tag == qn(pr_tag) else container.find(qn(pr_tag))
    if pr is None:
        pr = etree.SubElement(container, qn(pr_tag))
        if container.tag in (qn("w:p"), qn("w:r")):
            container.insert(0, pr)
    old = pr.find(qn(prop_tag))
    new = etree.Element(qn(prop_tag), {qn(f"w:{k}"): v for k, v in attrs.items()})
    if old is not None:
        old.addprevious(new)
        pr.remove(old)
    else:
        pr.append(new)
    return new


def remove_property(container: etree._Element, pr_tag: str, prop_tag: str) -> None:
    pr = container if container.tag == qn(pr_tag) else container.find(qn(pr_tag))
    for old in (pr.findall(qn(prop_tag)) if pr is not None else []):
        pr.remove(old)


def paragraph_text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def paragraphs(root: etree._Element) -> Iterator[etree._Element]:
    return root.iter(qn("w:p"))


def _el(tag: str, attrs: dict[str, str] | None = None, *children: etree._Element,
        text: str | None = None) -> etree._Element:
    el = etree.Element(qn(tag), {qn(k): v for k, v in (attrs or {}).items()})
    el.extend(children)
    if text is not None:
        el.text = text
        if text != text.strip():
            el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return el


def _field_run(kind: str) -> etree._Element:
    return _el("w:r", None, _el("w:fldChar", {"w:fldCharType": kind}))


def _instr_run(text: str) -> etree._Element:
    return _el("w:r", None, _el("w:instrText", text=text))


# -- styles, theme, settings -----------------------------------------------------------------
_DUPLICATES = ("w:b", "w:bCs", "w:i", "w:iCs", "w:color")


def _styles_through_theme(styles: etree._Element) -> None:
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    set_property(rpr, "w:rPr", "w:rFonts", asciiTheme="minorHAnsi", eastAsiaTheme="minorEastAsia",
                 hAnsiTheme="minorHAnsi", cstheme="minorBidi")
    set_property(rpr, "w:rPr", "w:sz", val="21")
    set_property(rpr, "w:rPr", "w:szCs", val="21")
    ppr_default = defaults.find(qn("w:pPrDefault"))
    for child in list(ppr_default):
        ppr_default.remove(child)
    normal = find_style(styles, "Normal")
    body_size = normal.find(f"{qn('w:rPr')}/{qn('w:sz')}").get(qn("w:val"))
    based_on_normal = {"Normal"}
    changed = True
    while changed:                   # every style whose basedOn chain reaches Normal
        changed = False
        for style in styles.iter(qn("w:style")):
            based = style.find(qn("w:basedOn"))
            sid = style.get(qn("w:styleId"))
            if sid not in based_on_normal and based is not None and based.get(qn("w:val")) in based_on_normal:
                based_on_normal.add(sid)
                changed = True
    for style in styles.iter(qn("w:style")):
        if style.get(qn("w:styleId")) in based_on_normal and style.get(qn("w:type")) == "paragraph":
            _drop_duplicates(style, body_size, style is normal)


def _drop_duplicates(style: etree._Element, body_size: str, is_normal: bool) -> None:
    rpr, ppr = style.find(qn("w:rPr")), style.find(qn("w:pPr"))
    if rpr is not None:
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is not None and fonts.get(qn("w:eastAsia")) == "宋体":
            rpr.remove(fonts)
        for tag in _DUPLICATES:
            remove_property(rpr, "w:rPr", tag)
        sz = rpr.find(qn("w:sz"))
        if not is_normal and sz is not None and sz.get(qn("w:val")) == body_size:
            remove_property(rpr, "w:rPr", "w:sz")
            remove_property(rpr, "w:rPr", "w:szCs")
    spacing = ppr.find(qn("w:spacing")) if ppr is not None else None
    if spacing is not None and not is_normal and spacing.get(qn("w:line")) == "360":
        ppr.remove(spacing)


def _theme_ea_empty(theme: etree._Element) -> None:
    for kind in ("minorFont", "majorFont"):
        scheme = theme.find(f".//a:{kind}", _NS)
        scheme.find("a:ea", _NS).set("typeface", "")
        hans = [f for f in scheme.findall("a:font", _NS) if f.get("script") == "Hans"]
        if hans:
            hans[0].set("typeface", "宋体")
        else:
            scheme.append(etree.Element(f"{{{A_NS}}}font", script="Hans", typeface="宋体"))
        if kind == "minorFont":
            scheme.find("a:latin", _NS).set("typeface", "Times New Roman")


def _settings_like_word(settings: etree._Element) -> None:
    for node in settings.findall(qn("w:updateFields")):
        settings.remove(node)
    lang = settings.find(qn("w:themeFontLang"))
    if lang is None:
        lang = etree.SubElement(settings, qn("w:themeFontLang"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


# -- document --------------------------------------------------------------------------------
def _hint_and_split_runs(body: etree._Element) -> None:
    for run in list(body.iter(qn("w:r"))):
        texts = run.findall(qn("w:t"))
        text = "".join(t.text or "" for t in texts)
        if not CJK.search(text):
            continue
        if run.find(qn("w:rPr")) is None:
            run.insert(0, _el("w:rPr", None, _el("w:rFonts", {"w:hint": "eastAsia"})))
        if len(texts) == 1 and len(text) > 20:          # Word splits runs at rsid changes
            half = copy.deepcopy(run)
            texts[0].text = text[: len(text) // 2]
            half.find(qn("w:t")).text = text[len(text) // 2:]
            run.addnext(half)


def _toc_sdt(body: etree._Element) -> etree._Element | None:
    for sdt in body.iter(qn("w:sdt")):
        gallery = sdt.find(".//w:docPartGallery", _NS)
        if gallery is not None and gallery.get(qn("w:val")) == "Table of Contents":
            return sdt
    return None


def _split_instruction(sdt: etree._Element) -> None:
    instr = next(sdt.iter(qn("w:instrText")))
    text = instr.text or ""
    cuts = [m.start() for m in re.finditer(r" \\", text)]
    pieces, last = [], 0
    for cut in cuts[1:3]:                                # ' TOC \o "1-1" ' | '\h \z ' | …
        pieces.append(text[last:cut + 1])
        last = cut + 1
    pieces.append(text[last:])
    run = instr.getparent()
    for piece in reversed(pieces[1:]):
        run.addnext(_instr_run(piece))
    instr.text = pieces[0]
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _toc_entries_as_hyperlinks(sdt: etree._Element, body: etree._Element) -> None:
    headings = [p for p in body.iter(qn("w:p")) if _style_of(p).startswith("Heading")]
    content = sdt.find(qn("w:sdtContent"))
    end_run = None
    for n, p in enumerate(content.findall(qn("w:p"))):
        entry = [r for r in p.findall(qn("w:r")) if r.find(qn("w:fldChar")) is None
                 and r.find(qn("w:instrText")) is None]
        for r in p.findall(qn("w:r")):
            char = r.find(qn("w:fldChar"))
            if char is not None and char.get(qn("w:fldCharType")) == "end":
                end_run = r
        if not _style_of(p).startswith("TOC1") or len(entry) < 3:
            continue
        title, page = "".join(paragraph_text(r) for r in entry[:-2]), entry[-1]
        anchor = f"_Toc{4200 + n}"
        _bookmark_heading(headings, title, anchor, n)
        link = _el("w:hyperlink", {"w:anchor": anchor, "w:history": "1"})
        entry[0].addprevious(link)
        link.extend(entry[:-1])
        link.extend([_field_run("begin"), _instr_run(f" PAGEREF {anchor} \\h "),
                     _field_run("separate"), page, _field_run("end")])
    if end_run is not None:
        end_run.getparent().remove(end_run)
        content.append(_el("w:p", None, end_run))


def _style_of(p: etree._Element) -> str:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val"), "") if style is not None else ""


def _bookmark_heading(headings: list[etree._Element], title: str, anchor: str, n: int) -> None:
    for p in headings:
        if paragraph_text(p) == title and p.find(qn("w:bookmarkStart")) is None:
            runs = p.findall(qn("w:r"))
            runs[0].addprevious(_el("w:bookmarkStart", {"w:id": str(n), "w:name": anchor}))
            runs[-1].addnext(_el("w:bookmarkEnd", {"w:id": str(n)}))
            return


def _cover_section(body: etree._Element, sdt: etree._Element | None, first_rid: str) -> None:
    final = body.find(qn("w:sectPr"))
    before = sdt.getprevious() if sdt is not None else None
    if before is None or before.tag != qn("w:p"):
        final.insert(0, _el("w:footerReference", {"w:type": "first", "r:id": first_rid}))
        return
    cover = copy.deepcopy(final)
    cover.insert(1, _el("w:footerReference", {"w:type": "first", "r:id": first_rid}))
    ppr = before.find(qn("w:pPr"))
    if ppr is None:
        ppr = _el("w:pPr")
        before.insert(0, ppr)
    ppr.append(cover)
    for tag in ("w:footerReference", "w:headerReference", "w:titlePg"):
        for node in final.findall(qn(tag)):
            final.remove(node)
    heading = sdt.find(".//w:pageBreakBefore", _NS)      # the section break starts the page
    if heading is not None:
        heading.getparent().remove(heading)


# -- footers ---------------------------------------------------------------------------------
def _page_field_in_sdt(footer: etree._Element) -> None:
    for simple in list(footer.iter(qn("w:fldSimple"))):
        if (simple.get(qn("w:instr")) or "").split()[:1] != ["PAGE"]:
            continue
        runs = [_field_run("begin"), _instr_run("PAGE   \\* MERGEFORMAT"), _field_run("separate"),
                *simple.findall(qn("w:r")), _field_run("end")]
        for run in runs:
            simple.addprevious(run)
        para = simple.getparent()
        para.remove(simple)
        gallery = _el("w:docPartGallery", {"w:val": "Page Numbers (Bottom of Page)"})
        sdt_pr = _el("w:sdtPr", None, _el("w:id", {"w:val": "-1705238520"}),
                     _el("w:docPartObj", None, gallery, _el("w:docPartUnique")))
        sdt = _el("w:sdt", None, sdt_pr)
        para.addprevious(sdt)
        sdt.append(_el("w:sdtContent", None, para))
        empty = _el("w:p", None, _el("w:pPr", None, _el("w:pStyle", {"w:val": "Footer"})))
        sdt.addnext(empty)


def _empty_footer(template: etree._Element) -> bytes:
    root = etree.Element(template.tag, nsmap=template.nsmap)
    root.append(_el("w:p", None, _el("w:pPr", None, _el("w:pStyle", {"w:val": "Footer"}))))
    return serialize(root)


# -- the transform ---------------------------------------------------------------------------
def wordlike_docx(our_docx: bytes) -> bytes:
    """Our renderer's DOCX rewritten into the shape Word saves (see the module docstring)."""
    with zipfile.ZipFile(io.BytesIO(our_docx)) as zf:
        names = zf.namelist()
    rels = read_part(our_docx, "word/_rels/document.xml.rels")
    footers = [r.get("Target") for r in rels if r.get("Type") == FOOTER_TYPE]
    first_name = next(f"footer{n}.xml" for n in range(1, 99) if f"word/footer{n}.xml" not in names)
    first_rid = next(f"rId{n}" for n in range(100, 999)
                     if not any(r.get("Id") == f"rId{n}" for r in rels))

    def document(root: etree._Element) -> None:
        body = root.find(qn("w:body"))
        sdt = _toc_sdt(body)
        if sdt is not None:
            _split_instruction(sdt)
            _toc_entries_as_hyperlinks(sdt, body)
        _cover_section(body, sdt, first_rid)
        _hint_and_split_runs(body)

    def relationships(root: etree._Element) -> None:
        etree.SubElement(root, f"{{{PKG_REL_NS}}}Relationship", Id=first_rid, Type=FOOTER_TYPE,
                         Target=first_name)

    def content_types(root: etree._Element) -> None:
        etree.SubElement(root, f"{{{CT_NS}}}Override", PartName=f"/word/{first_name}",
                         ContentType=FOOTER_CT)

    edits: dict[str, Callable[[etree._Element], None]] = {
        "word/styles.xml": _styles_through_theme, "word/theme/theme1.xml": _theme_ea_empty,
        "word/settings.xml": _settings_like_word, "word/document.xml": document,
        "word/_rels/document.xml.rels": relationships, "[Content_Types].xml": content_types,
    }
    for target in footers:
        edits[f"word/{target}"] = _page_field_in_sdt
    out = edit_parts(our_docx, edits)
    template = read_part(out, f"word/{footers[0]}") if footers else etree.Element(qn("w:ftr"))
    return write_parts(out, {f"word/{first_name}": _empty_footer(template)})
