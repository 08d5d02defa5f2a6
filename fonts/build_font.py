#!/usr/bin/env python3
"""Build the embeddable Song-style (宋体-style) TrueType font used by reportlab.

reportlab can only embed TrueType-outline (``glyf``) fonts; the Noto Serif CJK
fonts shipped by Debian (package ``fonts-noto-cjk``) are CFF-outline OpenType
collections.  This script:

1. picks the Simplified Chinese face ("Noto Serif CJK SC") out of
   ``NotoSerifCJK-Regular.ttc`` by its name table,
2. subsets it to GBK / GB18030 two-byte characters plus the Latin, punctuation
   and symbol ranges the application forms need,
3. converts the cubic CFF outlines to quadratic TrueType outlines
   (``Cu2QuPen`` -> ``TTGlyphPen``) and rebuilds ``glyf``/``loca``/``maxp``/
   ``post`` so the result is a plain, valid TTF,
4. renames it to "Noto Serif SC" / ``NotoSerifSC-Regular`` and writes it with a
   fixed timestamp so that repeated builds are byte-identical.

Usage::

    python fonts/build_font.py [--source PATH] [--output PATH]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Iterable

from fontTools.misc.timeTools import timestampFromString
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.transformPen import TransformPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTCollection, TTFont, newTable
from fontTools.ttLib.tables._g_l_y_f import Glyph

DEFAULT_SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
DEFAULT_OUTPUT = Path(__file__).resolve().parent / "NotoSerifSC-Regular.ttf"

SOURCE_FAMILY = "Noto Serif CJK SC"
TARGET_FAMILY = "Noto Serif SC"
TARGET_STYLE = "Regular"
TARGET_PS_NAME = "NotoSerifSC-Regular"
VERSION_SUFFIX = "subset to GBK/GB18030 and converted to TrueType outlines"

# Fixed head.created / head.modified (the upstream release date of the
# Debian package 1:20220127) -> deterministic output.
FIXED_TIMESTAMP = timestampFromString("Thu Jan 27 00:00:00 2022")

MAX_ERR = 1.0  # cu2qu approximation tolerance, in font units (UPM 1000)
POST_FORMAT = 3.0  # no glyph names (the CFF names are just "cidNNNNN")

# Layout tables: reportlab does no shaping, and their glyph closure would only
# bloat the file with vertical/alternate forms.  (VORG is kept through the
# subsetter because the conversion needs it for vmtx, then it is dropped.)
DROP_TABLES = ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "DSIG"]

EXTRA_RANGES: list[tuple[int, int]] = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement
    (0x2000, 0x206F),  # General punctuation (— … ‘ ’ “ ” etc.)
    (0x3000, 0x303F),  # CJK symbols & punctuation (incl. 〇 U+3007)
    (0xFF00, 0xFFEF),  # Half-width & full-width forms
]

EXTRA_CHARS = (
    "□■○〇√✓✔☐☑"  # boxes, circles, check marks used by the forms
    "㎡℃№×÷±≤≥—…‘’“”"
)


# --------------------------------------------------------------------------
# Character set
# --------------------------------------------------------------------------

def gbk_code_points() -> set[int]:
    """Every Unicode scalar value that Python's GBK codec can encode."""
    result: set[int] = set()
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        try:
            chr(cp).encode("gbk")
        except UnicodeEncodeError:
            continue
        result.add(cp)
    return result


def gb18030_two_byte_code_points() -> set[int]:
    """Every character reachable through a GB18030 two-byte sequence."""
    result: set[int] = set()
    for lead in range(0x81, 0xFF):
        for trail in (*range(0x40, 0x7F), *range(0x80, 0xFF)):
            try:
                text = bytes((lead, trail)).decode("gb18030")
            except UnicodeDecodeError:
                continue
            result.update(ord(ch) for ch in text)
    return result


def wanted_code_points() -> set[int]:
    """The full wish list, before intersecting with the font's cmap."""
    wanted = gbk_code_points() | gb18030_two_byte_code_points()
    for first, last in EXTRA_RANGES:
        wanted.update(range(first, last + 1))
    wanted.update(ord(ch) for ch in EXTRA_CHARS)
    return wanted


# --------------------------------------------------------------------------
# Source font
# --------------------------------------------------------------------------

def family_names(font: TTFont) -> set[str]:
    """Typographic (16) and legacy (1) family names of a font."""
    names = set()
    for name_id in (16, 1):
        value = font["name"].getDebugName(name_id)
        if value:
            names.add(value)
    return names


def find_face_index(source: Path, family: str) -> int:
    """Index of the face named ``family`` inside a TrueType collection."""
    collection = TTCollection(str(source), lazy=True)
    try:
        for index, face in enumerate(collection.fonts):
            if family in family_names(face):
                return index
        found = [sorted(family_names(face)) for face in collection.fonts]
    finally:
        collection.close()
    raise SystemExit(f"{source}: no face with family {family!r}; found {found}")


def load_source(source: Path, family: str) -> TTFont:
    """Load the requested face (from a .ttc, or a single .otf/.ttf)."""
    with source.open("rb") as handle:
        is_collection = handle.read(4) == b"ttcf"
    index = find_face_index(source, family) if is_collection else -1
    font = TTFont(str(source), fontNumber=index, recalcTimestamp=False)
    if family not in family_names(font):
        raise SystemExit(f"{source}: face is {family_names(font)}, not {family!r}")
    return font


# --------------------------------------------------------------------------
# Subsetting
# --------------------------------------------------------------------------

def available_code_points(font: TTFont, wanted: Iterable[int]) -> list[int]:
    """Wanted code points that the font actually maps to a glyph."""
    cmap = font.getBestCmap()
    return sorted(cp for cp in set(wanted) if cp in cmap)


def subset_options() -> Options:
    options = Options()
    options.layout_features = []  # reportlab does no shaping
    options.drop_tables = sorted(set(options.drop_tables) | set(DROP_TABLES))
    options.hinting = False  # CFF hints are useless after conversion
    options.notdef_outline = True
    options.recommended_glyphs = True
    options.glyph_names = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.prune_unicode_ranges = True
    return options


def subset_font(font: TTFont, code_points: list[int]) -> None:
    subsetter = Subsetter(options=subset_options())
    subsetter.populate(unicodes=code_points)
    subsetter.subset(font)


# --------------------------------------------------------------------------
# CFF -> TrueType conversion
# --------------------------------------------------------------------------

def quadratic_glyphs(font: TTFont, max_err: float) -> dict[str, Glyph]:
    """Redraw every CFF glyph as a quadratic TrueType glyph."""
    glyph_set = font.getGlyphSet()
    glyphs: dict[str, Glyph] = {}
    for name in font.getGlyphOrder():
        tt_pen = TTGlyphPen(None)
        glyph_set[name].draw(Cu2QuPen(tt_pen, max_err, reverse_direction=True))
        glyphs[name] = tt_pen.glyph()
    return glyphs


def vertical_origins(font: TTFont) -> dict[str, int]:
    """Per-glyph vertical origin Y from VORG (needed to redo vmtx TSBs)."""
    if "VORG" not in font:
        ascent = font["OS/2"].sTypoAscender
        return {name: ascent for name in font.getGlyphOrder()}
    vorg = font["VORG"]
    return {
        name: vorg.VOriginRecords.get(name, vorg.defaultVertOriginY)
        for name in font.getGlyphOrder()
    }


def install_glyf(font: TTFont, glyphs: dict[str, Glyph]) -> None:
    glyph_order = font.getGlyphOrder()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    glyf.compile(font)  # computes bounding boxes, sets head.indexToLocFormat


def update_metrics(font: TTFont, origins: dict[str, int]) -> None:
    """Make hmtx LSBs (and vmtx TSBs) agree with the new glyf bounds."""
    glyf = font["glyf"]
    hmtx = font["hmtx"]
    vmtx = font["vmtx"] if "vmtx" in font else None
    for name in font.getGlyphOrder():
        glyph = glyf[name]
        empty = glyph.numberOfContours == 0
        advance, _ = hmtx[name]
        hmtx[name] = (advance, 0 if empty else glyph.xMin)
        if vmtx is not None:
            v_advance, _ = vmtx[name]
            vmtx[name] = (v_advance, 0 if empty else origins[name] - glyph.yMax)


def build_maxp_v1(font: TTFont) -> None:
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.numGlyphs = len(font.getGlyphOrder())
    maxp.maxZones = 1
    maxp.maxTwilightPoints = 0
    maxp.maxStorage = 0
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxStackElements = 0
    maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = 0
    maxp.maxComponentDepth = 0
    maxp.recalc(font)  # maxPoints, maxContours, ...


def set_post_format(font: TTFont) -> None:
    post = font["post"]
    post.formatType = POST_FORMAT
    post.extraNames = []
    post.mapping = {}


def cff_to_truetype(font: TTFont, max_err: float = MAX_ERR) -> None:
    """Replace the CFF table with glyf/loca and fix the dependent tables."""
    if "CFF " not in font:
        raise SystemExit("source face has no CFF table; nothing to convert")
    origins = vertical_origins(font)
    install_glyf(font, quadratic_glyphs(font, max_err))
    for tag in ("CFF ", "CFF2", "VORG"):
        if tag in font:
            del font[tag]
    update_metrics(font, origins)
    build_maxp_v1(font)
    set_post_format(font)
    head = font["head"]
    head.glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


# --------------------------------------------------------------------------
# A drawn ☑ (the source font has □ and ✓ but no ☑)
# --------------------------------------------------------------------------

CHECKED_BOX = 0x2611
EMPTY_BOX = 0x25A1
CHECK_MARK = 0x2713
CHECK_SCALE = 0.8   # tick width as a share of the box width


def add_checked_box(font: TTFont) -> None:
    """Compose ☑ (U+2611) from □ with ✓ drawn inside it, so a ticked box is one character
    that both renders and extracts as ☑."""
    cmap = font.getBestCmap()
    if CHECKED_BOX in cmap or EMPTY_BOX not in cmap or CHECK_MARK not in cmap:
        return
    box_name, tick_name = cmap[EMPTY_BOX], cmap[CHECK_MARK]
    glyf, glyph_set = font["glyf"], font.getGlyphSet()
    box, tick = glyf[box_name], glyf[tick_name]
    scale = CHECK_SCALE * (box.xMax - box.xMin) / (tick.xMax - tick.xMin)
    dx = (box.xMin + box.xMax) / 2 - scale * (tick.xMin + tick.xMax) / 2
    dy = (box.yMin + box.yMax) / 2 - scale * (tick.yMin + tick.yMax) / 2
    pen = TTGlyphPen(glyph_set)
    glyph_set[box_name].draw(pen)
    glyph_set[tick_name].draw(TransformPen(pen, (scale, 0, 0, scale, dx, dy)))
    name = "uni2611"
    glyph = pen.glyph()
    glyph.recalcBounds(glyf)
    font.setGlyphOrder(font.getGlyphOrder() + [name])
    glyf.glyphOrder = font.getGlyphOrder()
    glyf[name] = glyph
    font["hmtx"][name] = (font["hmtx"][box_name][0], glyph.xMin)
    if "vmtx" in font:
        font["vmtx"][name] = font["vmtx"][box_name]
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap[CHECKED_BOX] = name
    font["maxp"].numGlyphs = len(font.getGlyphOrder())


# --------------------------------------------------------------------------
# Naming and header
# --------------------------------------------------------------------------

def rename(font: TTFont) -> None:
    """Give the derivative its own name ("Noto Serif SC", no 'Source')."""
    name = font["name"]
    old_version = name.getDebugName(5) or ""
    version = old_version.split(";")[0].strip() or "Version 1.000"
    font_revision = version.replace("Version", "").strip()
    for name_id in (16, 17, 21, 22):
        name.removeNames(nameID=name_id)
    name.setName(TARGET_FAMILY, 1, 3, 1, 0x409)
    name.setName(TARGET_STYLE, 2, 3, 1, 0x409)
    name.setName(f"{font_revision};{TARGET_PS_NAME};shenbao-subset", 3, 3, 1, 0x409)
    full_name = TARGET_FAMILY if TARGET_STYLE == "Regular" else f"{TARGET_FAMILY} {TARGET_STYLE}"
    name.setName(full_name, 4, 3, 1, 0x409)
    name.setName(f"{version}; {VERSION_SUFFIX}", 5, 3, 1, 0x409)
    name.setName(TARGET_PS_NAME, 6, 3, 1, 0x409)
    # Keep only the Windows/Unicode English records for the renamed IDs so no
    # stale "Noto Serif CJK SC" (or localized) family name survives.
    name.names = [
        record for record in name.names
        if record.nameID not in (1, 2, 3, 4, 5, 6)
        or (record.platformID, record.platEncID, record.langID) == (3, 1, 0x409)
    ]
    name.names.sort(key=lambda r: (r.platformID, r.platEncID, r.langID, r.nameID))


def fix_header(font: TTFont) -> None:
    head = font["head"]
    head.created = FIXED_TIMESTAMP
    head.modified = FIXED_TIMESTAMP
    font.recalcTimestamp = False
    font.recalcBBoxes = True


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------

def build(source: Path, output: Path, max_err: float = MAX_ERR) -> TTFont:
    started = time.monotonic()
    font = load_source(source, SOURCE_FAMILY)
    print(f"source: {source} face {SOURCE_FAMILY!r} "
          f"({font['maxp'].numGlyphs} glyphs)")

    wanted = wanted_code_points()
    code_points = available_code_points(font, wanted)
    print(f"characters: {len(wanted)} wanted, {len(code_points)} present in font")

    subset_font(font, code_points)
    print(f"subset: {len(font.getGlyphOrder())} glyphs "
          f"({time.monotonic() - started:.1f}s)")

    cff_to_truetype(font, max_err)
    print(f"converted to TrueType outlines ({time.monotonic() - started:.1f}s)")
    add_checked_box(font)

    rename(font)
    fix_header(font)
    output.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(output))
    size = output.stat().st_size
    print(f"wrote {output} ({size:,} bytes, {len(font.getBestCmap())} characters, "
          f"{len(font.getGlyphOrder())} glyphs, {time.monotonic() - started:.1f}s)")
    return font


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE,
                        help=f"Noto Serif CJK collection (default: {DEFAULT_SOURCE})")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help=f"output TTF (default: {DEFAULT_OUTPUT})")
    parser.add_argument("--max-err", type=float, default=MAX_ERR,
                        help="cubic->quadratic tolerance in font units (default: 1.0)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    build(args.source, args.output, args.max_err)
    return 0


if __name__ == "__main__":
    sys.exit(main())
