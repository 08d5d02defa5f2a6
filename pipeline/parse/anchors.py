"""The form's own words as people retype them: headings matched by their enumerator and short
title, labels compared without spaces and with either kind of bracket or colon.

A printed heading such as "（一）单位概况：所有制性质、组织架构……" reads, in a document someone
filled in, as the whole sentence, as "（一）单位概况", as "(一)单位概况:" or as "（一）单位概况：本单位成立
于……" (the heading run into the first paragraph). All of these match; what follows the heading
and its guidance in the same paragraph is the applicant's text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .stream import squash

# half-width → full-width forms of the marks a label may be typed with
_MARKS = str.maketrans({"(": "（", ")": "）", ":": "：", ";": "；", ",": "，", "?": "？", "!": "！",
                        "[": "【", "]": "】", "．": ".", "、": "、"})
_ENUMERATOR = re.compile(r"^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+[、.]|（\d{1,2}）|\d{1,2}[、.](?!\d)"
                         r"|第[一二三四五六七八九十\d]{1,3}(?:部分|章|节|篇))")
_SHORT_TITLE_END = "：（。，；"
# the guidance typed in brackets after the short title, one level of brackets inside it
_BRACKETED_GUIDANCE = re.compile(r"[：。，；]?（((?:[^（）]|（[^（）]*）)*)）[。]?")
_PUNCTUATION = re.compile(r"[\s：:；;，,。.、（）()“”\"'《》【】\[\]—\-…·]+")


def norm(text: str) -> str:
    """Text as compared with the form's: no white space, full-width brackets and colons."""
    return squash(text).translate(_MARKS)


def norm_label(text: str) -> str:
    """A label cell's text: ``norm`` without a trailing colon."""
    return norm(text).rstrip("：")


def bare(text: str) -> str:
    """Only the words: no punctuation, brackets or spaces (guidance compared loosely)."""
    return _PUNCTUATION.sub("", text.translate(_MARKS))


def without_brackets(text: str) -> str:
    """"主营业务收入（万元）" → "主营业务收入": a label typed without its unit."""
    return re.sub(r"（[^（）]*）", "", norm_label(text))


def enumerator(text: str) -> tuple[str, str]:
    """("（一）", rest) of a normalised heading; ("", text) when it has none."""
    match = _ENUMERATOR.match(text)
    if not match:
        return "", text
    found = match.group(1)
    return found.replace(".", "、") if not found.startswith("（") else found, text[match.end():]


def opens_with_enumerator(text: str) -> bool:
    return bool(_ENUMERATOR.match(norm(text)))


_CHINESE_ORDINALS = {ch: n for n, ch in enumerate("一二三四五六七八九十", start=1)}


def ordinal(enum: str) -> int | None:
    """"（三）", "三、", "3." → 3: the same item numbered in another style ("1." for "（一）")."""
    digits = "".join(ch for ch in enum if ch.isdigit())
    if digits:
        return int(digits)
    word = "".join(ch for ch in enum if ch in _CHINESE_ORDINALS)
    if not word:
        return None
    if "十" not in word:
        return _CHINESE_ORDINALS[word[0]]
    tens, _, ones = word.partition("十")
    return (_CHINESE_ORDINALS[tens] if tens else 1) * 10 + (_CHINESE_ORDINALS[ones] if ones else 0)


@dataclass(frozen=True)
class Heading:
    """A heading of the form split into what people keep of it."""

    full: str          # normalised
    enum: str          # "（一）", "二、" or ""
    short: str         # "单位概况"
    guidance: str      # "：所有制性质……等。" — what the form prints after the short title

    @classmethod
    def of(cls, text: str) -> "Heading":
        full = norm(text)
        enum, body = enumerator(full)
        end = min((i for i, ch in enumerate(body) if ch in _SHORT_TITLE_END and i > 0), default=len(body))
        return cls(full, enum, body[:end], body[end:])


@dataclass(frozen=True)
class HeadingMatch:
    consumed: int      # non-space characters of the paragraph that belong to the form
    run_in: bool       # the applicant's text follows in the same paragraph


def match_heading(heading: Heading, paragraph: str) -> HeadingMatch | None:
    """How ``paragraph`` (as typed) carries ``heading``; None when it does not."""
    text = norm(paragraph)
    if not text:
        return None
    if text == heading.full or (len(heading.full) > 6 and heading.full.startswith(text) and len(text) >= len(heading.enum) + 4):
        return HeadingMatch(len(text), False)
    enum, body = enumerator(text)
    if enum and heading.enum and ordinal(enum) != ordinal(heading.enum):
        return None                  # another item (an applicant's own "五、保障措施" inside a narrative)
    if not body.startswith(heading.short) or not heading.short:
        return None
    tail = body[len(heading.short):]
    consumed = len(text) - len(tail)
    bracketed = _BRACKETED_GUIDANCE.match(tail)
    if bracketed and len(bare(bracketed.group(1))) >= 4 and bare(bracketed.group(1)) in bare(heading.guidance):
        rest = tail[bracketed.end():]        # "（一）单位概况：（所有制性质……）": the guidance in brackets
        if not rest.strip("：。，；"):
            return HeadingMatch(len(text), False)
        lead = len(rest) - len(rest.lstrip("：。，；"))
        return HeadingMatch(consumed + bracketed.end() + lead, True)
    if not tail.strip("：。，；"):
        return HeadingMatch(len(text), False)
    guidance = heading.guidance
    common = _common_prefix(tail, guidance)
    if guidance and common == len(guidance):              # the whole guidance, then the applicant's text
        return HeadingMatch(consumed + common, True)
    if common == len(tail):                               # guidance cut short, nothing after it
        return HeadingMatch(len(text), False)
    if not enum and not heading.enum:
        return None
    if tail[0] in "：。，；":                               # "（一）单位概况：本单位成立于……"
        return HeadingMatch(consumed + 1, True)
    return None


def is_guidance(heading: Heading, paragraph: str) -> bool:
    """A paragraph that repeats the heading's guidance (kept apart from a short heading)."""
    words = bare(paragraph)
    return len(words) >= 4 and words in bare(heading.guidance)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def cut_after(text: str, consumed: int) -> str:
    """``text`` past its first ``consumed`` non-space characters."""
    count = 0
    for i, ch in enumerate(text):
        if count == consumed:
            return text[i:].strip()
        count += not ch.isspace()
    return ""
