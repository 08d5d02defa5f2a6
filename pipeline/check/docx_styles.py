"""Style, theme and docDefaults resolution for WordprocessingML (the half of the DOCX fact
reader that knows how Word inherits formatting; docx_facts.py walks the document).

Order, weakest first, per property: docDefaults → table style (text in tables; its basedOn
chain) → paragraph style (basedOn chain; no pStyle = the ``w:default="1"`` paragraph style) →
character style (``rStyle``, basedOn chain) → direct formatting. Not resolved: numbering
(``numPr`` levels' pPr/rPr), table-style conditional formats (``tblStylePr`` firstRow …) and
Word's compatibility quirks that let a table style beat the Normal style.

Theme fonts: ``w:eastAsiaTheme="minorEastAsia"`` etc. name a slot of ``a:minorFont`` /
``a:majorFont`` in word/theme/theme1.xml. A theme attribute beats the plain attribute at the
same level. When the slot's typeface is empty, Word picks the ``<a:font script=…>`` entry for
the language in settings.xml ``w:themeFontLang`` (zh-CN → "Hans", ja-JP → "Jpan" …); when the
theme has no such entry we report the language's usual default (``SCRIPT_DEFAULTS``, e.g.
"SimSun" for Hans, "MS Mincho" for Jpan). When nothing tells us the face we report
``"<minorEastAsia?>"``-style markers (never a real font name, so a font rule flags it).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
Element = etree._Element


def w(tag: str) -> str:
    """Clark name of a w: element or attribute."""
    return f"{{{W_NS}}}{tag}"


def a(tag: str) -> str:
    return f"{{{A_NS}}}{tag}"


def on(el: Element | None, attr: str = "val") -> bool:
    """An OOXML on/off property: present and not val="0/false/off"."""
    if el is None:
        return False
    return el.get(w(attr), "true").lower() not in ("0", "false", "off")


# themeFontLang language → theme script code (ISO 15924, as theme1.xml spells it)
LANG_SCRIPTS = {
    "zh-cn": "Hans", "zh-sg": "Hans", "zh": "Hans", "zh-hans": "Hans",
    "zh-tw": "Hant", "zh-hk": "Hant", "zh-mo": "Hant", "zh-hant": "Hant",
    "ja-jp": "Jpan", "ja": "Jpan", "ko-kr": "Hang", "ko": "Hang",
    "ar-sa": "Arab", "he-il": "Hebr", "th-th": "Thai",
}
# Used only when the theme lacks the script entry: (minor, major) face Word would use.
SCRIPT_DEFAULTS = {
    "Hans": ("SimSun", "SimSun"),
    "Hant": ("PMingLiU", "PMingLiU"),
    "Jpan": ("MS Mincho", "MS Gothic"),
    "Hang": ("Batang", "Malgun Gothic"),
}
_SLOTS = {"EastAsia": "ea", "HAnsi": "latin", "Ascii": "latin", "Bidi": "cs"}


class ThemeFonts:
    """Resolves ``minorEastAsia`` / ``majorHAnsi`` … through the theme and themeFontLang."""

    def __init__(self, theme: Element | None, settings: Element | None) -> None:
        self.present = theme is not None
        self.schemes: dict[str, dict[str, str]] = {}
        for kind in ("minor", "major"):
            node = theme.find(f".//{a(kind + 'Font')}") if theme is not None else None
            faces: dict[str, str] = {}
            if node is not None:
                for child in node:
                    if child.tag == a("font"):
                        faces["script:" + child.get("script", "")] = child.get("typeface", "")
                    elif child.tag in (a("latin"), a("ea"), a("cs")):
                        faces[etree.QName(child).localname] = child.get("typeface", "")
            self.schemes[kind] = faces
        lang = settings.find(w("themeFontLang")) if settings is not None else None
        self.langs = {
            "latin": lang.get(w("val")) if lang is not None else None,
            "ea": lang.get(w("eastAsia")) if lang is not None else None,
            "cs": lang.get(w("bidi")) if lang is not None else None,
        }

    def resolve(self, token: str) -> str:
        """``minorEastAsia`` → "宋体" (or a ``<token?>`` marker when nothing names a face)."""
        kind = "major" if token.startswith("major") else "minor"
        slot = _SLOTS.get(token[5:], "latin")
        faces = self.schemes.get(kind, {})
        face = faces.get(slot, "")
        if face:
            return face
        lang = (self.langs.get(slot) or "").lower()
        script = LANG_SCRIPTS.get(lang) or LANG_SCRIPTS.get(lang.split("-")[0])
        if script:
            face = faces.get("script:" + script, "")
            if face:
                return face
            if script in SCRIPT_DEFAULTS:
                return SCRIPT_DEFAULTS[script][0 if kind == "minor" else 1]
        return f"<{token}?>"


@dataclass(frozen=True)
class RunProps:
    """Resolved run properties (fonts as face names, size in half-points)."""
    east_asia: str | None = None
    ascii: str | None = None
    size_half_points: int | None = None


@dataclass(frozen=True)
class ParaProps:
    line_rule: str | None = None
    line_value: int | None = None
    outline_level: int | None = None   # 0-based w:outlineLvl; 9 = body text
    alignment: str | None = None       # w:jc (None = left/both as Word starts)
    page_break_before: bool = False


def _font_slot(fonts: Element, plain: str, theme_attr: str, theme: ThemeFonts) -> str | None:
    token = fonts.get(w(theme_attr))
    if token and (theme.present or fonts.get(w(plain)) is None):
        return theme.resolve(token)
    return fonts.get(w(plain))


def apply_rpr(props: RunProps, rpr: Element | None, theme: ThemeFonts) -> RunProps:
    """Lay one rPr over ``props`` (values set in ``rpr`` win)."""
    if rpr is None:
        return props
    ea, ascii_, size = props.east_asia, props.ascii, props.size_half_points
    fonts = rpr.find(w("rFonts"))
    if fonts is not None:
        ea = _font_slot(fonts, "eastAsia", "eastAsiaTheme", theme) or ea
        ascii_ = _font_slot(fonts, "ascii", "asciiTheme", theme) or ascii_
    sz = rpr.find(w("sz"))
    if sz is not None and (sz.get(w("val")) or "").isdigit():
        size = int(sz.get(w("val")))
    return RunProps(ea, ascii_, size)


def apply_ppr(props: ParaProps, ppr: Element | None) -> ParaProps:
    if ppr is None:
        return props
    rule, value, level = props.line_rule, props.line_value, props.outline_level
    spacing = ppr.find(w("spacing"))
    if spacing is not None:
        line = spacing.get(w("line"))
        if line is not None and line.lstrip("-").isdigit():
            value, rule = int(line), spacing.get(w("lineRule"), "auto")
        elif spacing.get(w("lineRule")) is not None:
            rule = spacing.get(w("lineRule"))
    outline = ppr.find(w("outlineLvl"))
    if outline is not None and (outline.get(w("val")) or "").isdigit():
        level = int(outline.get(w("val")))
    jc = ppr.find(w("jc"))
    alignment = jc.get(w("val")) if jc is not None else props.alignment
    brk = ppr.find(w("pageBreakBefore"))
    page_break = on(brk) if brk is not None else props.page_break_before
    return ParaProps(rule, value, level, alignment, page_break)


class Styles:
    """styles.xml: style chains, defaults, and cached folds per style combination."""

    def __init__(self, root: Element | None, theme: ThemeFonts) -> None:
        self.theme = theme
        self.by_id: dict[str, Element] = {}
        self.defaults: dict[str, str] = {}
        self.rpr_default = self.ppr_default = None
        self._runs: dict[tuple, RunProps] = {}
        self._paras: dict[tuple, ParaProps] = {}
        if root is None:
            return
        for style in root.iter(w("style")):
            sid, kind = style.get(w("styleId")), style.get(w("type"), "paragraph")
            if sid is None:
                continue
            self.by_id.setdefault(sid, style)
            if style.get(w("default")) is not None and on(style, "default"):
                self.defaults.setdefault(kind, sid)
        self.rpr_default = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
        self.ppr_default = root.find(f"{w('docDefaults')}/{w('pPrDefault')}/{w('pPr')}")

    def chain(self, style_id: str | None) -> list[Element]:
        """The style and its basedOn ancestors, weakest (root) first; cycles cut."""
        out: list[Element] = []
        seen: set[str] = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            out.append(style)
            based = style.find(w("basedOn"))
            style_id = based.get(w("val")) if based is not None else None
        return out[::-1]

    def name(self, style_id: str | None) -> str | None:
        style = self.by_id.get(style_id or "")
        node = style.find(w("name")) if style is not None else None
        return node.get(w("val")) if node is not None else None

    def paragraph_style(self, ppr: Element | None) -> str | None:
        node = ppr.find(w("pStyle")) if ppr is not None else None
        sid = node.get(w("val")) if node is not None else None
        return sid if sid in self.by_id else self.defaults.get("paragraph")

    def table_style(self, tbl: Element) -> str | None:
        node = tbl.find(f"{w('tblPr')}/{w('tblStyle')}")
        sid = node.get(w("val")) if node is not None else None
        return sid if sid in self.by_id else self.defaults.get("table")

    def _layers(self, style_ids: Iterable[str | None], tag: str) -> list[Element | None]:
        return [s.find(w(tag)) for sid in style_ids for s in self.chain(sid)]

    def run_props(self, table: str | None, para: str | None, char: str | None,
                  direct: Element | None) -> RunProps:
        key = (table, para, char)
        if key not in self._runs:
            props = apply_rpr(RunProps(), self.rpr_default, self.theme)
            for rpr in self._layers(key, "rPr"):
                props = apply_rpr(props, rpr, self.theme)
            self._runs[key] = props
        return apply_rpr(self._runs[key], direct, self.theme)

    def para_props(self, table: str | None, para: str | None,
                   direct: Element | None) -> ParaProps:
        key = (table, para)
        if key not in self._paras:
            props = apply_ppr(ParaProps(), self.ppr_default)
            for ppr in self._layers(key, "pPr"):
                props = apply_ppr(props, ppr)
            self._paras[key] = props
        return apply_ppr(self._paras[key], direct)

    def heading_level_by_name(self, style_id: str | None) -> int | None:
        """N for a style (or its ancestor) named "heading N" / "标题 N"."""
        for style in reversed(self.chain(style_id)):
            name = self.name(style.get(w("styleId"))) or ""
            lowered = name.lower().replace(" ", "")
            for prefix in ("heading", "标题"):
                digits = lowered[len(prefix):]
                if lowered.startswith(prefix) and digits.isdigit() and 1 <= int(digits) <= 9:
                    return int(digits)
        return None

    def is_toc_style(self, style_id: str | None) -> bool:
        """A style named "toc N" / "TOC Heading" (or based on one)."""
        for style in self.chain(style_id):
            name = (self.name(style.get(w("styleId"))) or "").lower()
            if name == "toc heading" or (name.startswith("toc ") and name[4:].isdigit()):
                return True
        return False
