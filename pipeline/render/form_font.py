"""The Song face as a complete PDF font resource for form fields.

reportlab embeds only the glyphs a document prints; a fillable form must be able to show
whatever a user types, so its fields' default font (AcroForm /DR) is the whole TrueType font
as a Type0/CIDFontType2 font (Identity-H, glyph id = CID) with a ToUnicode map — the shape
PDF readers, and pypdf when it writes appearance streams, need to encode any character.
"""
from __future__ import annotations

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, IndirectObject, NameObject,
    NumberObject, TextStringObject,
)

from ..loader import fonts_dir, load_style
from .fonts import song_font

DEFAULT_WIDTH = 1000       # CJK glyphs are one em wide; only the others are listed in /W
BFCHAR_CHUNK = 100         # a CMap's bfchar block holds at most 100 entries


def add_form_font(writer: PdfWriter) -> IndirectObject:
    """Add the full Song font to ``writer``; the reference to its Type0 font dictionary."""
    face = song_font().face
    name = NameObject("/" + face.name.decode("ascii") if isinstance(face.name, bytes) else "/" + face.name)
    descriptor = DictionaryObject({
        NameObject("/Type"): NameObject("/FontDescriptor"),
        NameObject("/FontName"): name,
        NameObject("/Flags"): NumberObject(face.flags),
        NameObject("/FontBBox"): ArrayObject(NumberObject(v) for v in face.bbox),
        NameObject("/ItalicAngle"): FloatObject(face.italicAngle),
        NameObject("/Ascent"): NumberObject(face.ascent),
        NameObject("/Descent"): NumberObject(face.descent),
        NameObject("/CapHeight"): NumberObject(face.capHeight),
        NameObject("/StemV"): NumberObject(face.stemV),
        NameObject("/FontFile2"): writer._add_object(_font_file()),
    })
    cid_font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/CIDFontType2"),
        NameObject("/BaseFont"): name,
        NameObject("/CIDSystemInfo"): DictionaryObject({
            NameObject("/Registry"): TextStringObject("Adobe"),
            NameObject("/Ordering"): TextStringObject("Identity"),
            NameObject("/Supplement"): NumberObject(0),
        }),
        NameObject("/FontDescriptor"): writer._add_object(descriptor),
        NameObject("/DW"): NumberObject(DEFAULT_WIDTH),
        NameObject("/W"): _widths(_glyph_widths(face.charToGlyph, face.charWidths)),
        NameObject("/CIDToGIDMap"): NameObject("/Identity"),
    })
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type0"),
        NameObject("/BaseFont"): name,
        NameObject("/Encoding"): NameObject("/Identity-H"),
        NameObject("/DescendantFonts"): ArrayObject([writer._add_object(cid_font)]),
        NameObject("/ToUnicode"): writer._add_object(_compressed(to_unicode_cmap(face.charToGlyph))),
    })
    return writer._add_object(font)


def _font_file() -> DecodedStreamObject:
    data = (fonts_dir() / load_style().pdf_font_file).read_bytes()
    stream = _compressed(data)
    stream[NameObject("/Length1")] = NumberObject(len(data))
    return stream


def _compressed(data: bytes):  # noqa: ANN202 (pypdf stream object)
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream.flate_encode()


def _glyph_widths(char_to_glyph: dict[int, int], char_widths: dict[int, int]) -> list[int]:
    """Advance width (per 1000 em) of each glyph id that some character maps to."""
    widths = [DEFAULT_WIDTH] * (max(char_to_glyph.values(), default=0) + 1)
    for code_point, gid in char_to_glyph.items():
        widths[gid] = char_widths.get(code_point, DEFAULT_WIDTH)
    return widths


def _widths(glyph_widths: list[int]) -> ArrayObject:
    """/W entries "gid [w]" for every glyph not one em wide, consecutive glyphs grouped."""
    out = ArrayObject()
    run_start, run = None, []
    for gid, width in enumerate([*glyph_widths, DEFAULT_WIDTH]):
        if width != DEFAULT_WIDTH:
            if run_start is None:
                run_start = gid
            run.append(NumberObject(round(width)))
            continue
        if run_start is not None:
            out.extend([NumberObject(run_start), ArrayObject(run)])
            run_start, run = None, []
    return out


def to_unicode_cmap(char_to_glyph: dict[int, int]) -> bytes:
    """A ToUnicode CMap from 2-byte glyph ids to the (lowest) code point each glyph draws."""
    first_char: dict[int, int] = {}
    for code_point in sorted(char_to_glyph):
        first_char.setdefault(char_to_glyph[code_point], code_point)
    entries = [f"<{gid:04X}> <{_utf16_hex(cp)}>" for gid, cp in sorted(first_char.items()) if gid]
    blocks = []
    for i in range(0, len(entries), BFCHAR_CHUNK):
        chunk = entries[i:i + BFCHAR_CHUNK]
        blocks.append(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar")
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            + "\n".join(blocks)
            + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n").encode("ascii")


def _utf16_hex(code_point: int) -> str:
    return chr(code_point).encode("utf-16-be", "surrogatepass").hex().upper()
