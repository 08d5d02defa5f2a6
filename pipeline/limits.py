"""Every limit on what the tool is given, in one place (README: 限制). Each is checked before the
work it bounds starts, so a hostile or careless input costs bounded time and memory and is
answered with a message, never a traceback."""
from __future__ import annotations

MB = 1024 * 1024

# ---- input JSON ---------------------------------------------------------------------------
MAX_INPUT_BYTES = 4 * MB            # one input file, or one line of a JSON Lines file
MAX_JSON_DEPTH = 16                 # objects and arrays inside each other (the forms need 5)
MAX_NUMBER_CHARS = 24               # characters of one number as written in the JSON
MAX_NUMBER = 10 ** 12               # magnitude of any number (万元, ㎡, 人…); NaN/Infinity refused

# ---- text ---------------------------------------------------------------------------------
# 字数 (Word's count, a Latin word is one 字) is the notice's limit; a hard cap in characters
# keeps the layout bounded whatever the text is made of.
CHARS_PER_WORD_LIMIT = 2            # a field limited to N 字 holds at most 2·N characters
MAX_SHORT_TEXT_CHARS = 200          # a one-line field without a 字 limit
MAX_LONG_TEXT_CHARS = 100_000       # a narrative (one field)

# ---- output files -------------------------------------------------------------------------
MAX_FILE_NAME_BYTES = 200           # an output's name in UTF-8 (file systems allow 255; room for
                                    # the extension and the temporary name it is written under)
NAME_HASH_CHARS = 8                 # a shortened unit name ends with this much of its SHA-256

# ---- attached files -----------------------------------------------------------------------
MAX_ATTACHMENT_BYTES = 50 * MB      # one attached file
MAX_IMAGE_PIXELS = 40_000_000       # width × height of an attached image (e.g. 8000 × 5000)
MAX_ATTACHMENT_PAGES = 200          # pages of one attached PDF
MAX_PAGE_POINTS = 14_400            # a page side, in points (200 inches, the PDF maximum)

# ---- documents read by parse / check ------------------------------------------------------
MAX_DOCUMENT_BYTES = 50 * MB        # a submitted PDF or DOCX
MAX_DOCX_PART_BYTES = 64 * MB       # one part of a DOCX (word/document.xml…), decompressed
MAX_DOCX_TOTAL_BYTES = 256 * MB     # all parts together, decompressed
MAX_DOCX_PARTS = 2_000              # members of the zip
MAX_PDF_PAGES = 500                 # pages of a submitted PDF
MAX_PDF_STREAM_BYTES = 32 * MB      # one stream of a PDF (a page's content…), decompressed
MAX_PDF_TOTAL_STREAM_BYTES = 512 * MB   # all its streams together, decompressed
MAX_PDF_OBJECTS = 200_000           # objects in a PDF's cross-reference table


def text_char_limit(max_words: int | None, long_text: bool) -> int:
    """The hard cap in characters of a text field whose 字 limit is ``max_words`` (if any)."""
    if max_words:
        return max(CHARS_PER_WORD_LIMIT * max_words, 40)
    return MAX_LONG_TEXT_CHARS if long_text else MAX_SHORT_TEXT_CHARS
