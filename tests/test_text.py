"""字数 as Word counts it, narrative structure, and Chinese line breaking."""
from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from pipeline.render.linebreak import NO_LINE_END, NO_LINE_START, break_lines
from pipeline.text import DataTable, Paragraph, narrative_text, split_narrative, word_count


@pytest.mark.parametrize("text, count", [
    ("", 0),
    ("我单位申报的所有材料，均真实、完整。", 18),          # 15 Han + 3 full-width marks
    ("2024 年营业收入 3.11 亿元", 9),                      # 2024, 3.11 count 1 each; 7 Han
    ("ISO 9001 质量管理体系认证", 10),                    # ISO, 9001, 8 Han
    ("Hello, world!", 2),                                  # half-width marks stick to words
    ("a - b", 2),                                          # a lone half-width mark is not counted
    ("“电商+产业带”", 7),                                  # 5 Han + 2 curly quotes; "+" sticks
    ("（一）项目简介：", 8),
])
def test_word_count_matches_hand_counts(text: str, count: int) -> None:
    assert word_count(text) == count


@given(st.text(st.sampled_from("ab1.,-!（）。、“”我國한かー \t\n\u3000\xa0\u2028\x1c🀄𠀀") | st.characters(), max_size=40))
def test_word_count_is_east_asian_characters_plus_other_runs(text: str) -> None:
    """The definition, written the plain way: East Asian characters, plus the runs of other
    non-space characters that are not half-width punctuation alone."""
    import re

    from pipeline.text import _EAST_ASIAN
    east_asian = re.findall(f"[{_EAST_ASIAN}]", text)
    runs = re.findall(f"[^\\s{_EAST_ASIAN}]+", text)
    assert word_count(text) == len(east_asian) + sum(1 for r in runs if not re.fullmatch(r"[!-/:-@\[-`{-~]+", r))


def test_narrative_splits_paragraphs_and_tables() -> None:
    parts = split_narrative("第一段\n\n| 年度 | 收入 |\n| --- | ---: |\n| 2019 | 6800 |\n第二段")
    assert parts == [Paragraph("第一段"),
                     DataTable(("年度", "收入"), (("2019", "6800"),), ("center", "right")),
                     Paragraph("第二段")]


def test_lines_starting_with_a_pipe_that_are_no_table_stay_text() -> None:
    assert split_narrative("| 只是一行") == [Paragraph("| 只是一行")]


cell = st.text(alphabet="收入万元年度2019", min_size=1, max_size=6)


@given(st.lists(st.one_of(
    st.text(alphabet="申报单位电商，。", min_size=1, max_size=20).map(Paragraph),
    st.integers(1, 4).flatmap(lambda n: st.tuples(
        st.lists(cell, min_size=n, max_size=n),
        st.lists(st.lists(cell, min_size=n, max_size=n), max_size=3),
        st.lists(st.sampled_from(["left", "center", "right"]), min_size=n, max_size=n),
    ).map(lambda t: DataTable(tuple(t[0]), tuple(map(tuple, t[1])), tuple(t[2]))))),
    max_size=5))
def test_narrative_text_round_trips(parts: list) -> None:
    merged: list = []
    for part in parts:     # two tables in a row would merge into one: keep a paragraph between
        if merged and isinstance(part, DataTable) and isinstance(merged[-1], DataTable):
            merged.append(Paragraph("说明"))
        merged.append(part)
    assert split_narrative(narrative_text(merged)) == merged


def measure(text: str) -> float:
    return sum(1.0 if ord(ch) > 0x2000 else 0.5 for ch in text)


MARKS = NO_LINE_START | NO_LINE_END


def no_two_marks_in_a_row(text: str) -> bool:
    return not any(a in MARKS and b in MARKS for a, b in zip(text, text[1:]))


@given(st.text(alphabet="电子商务平台试点（）。，、“”《》ABC 2019", min_size=1, max_size=200),
       st.integers(4, 30))
def test_line_breaking_keeps_every_character(text: str, width: int) -> None:
    lines = break_lines(text, [float(width)], measure)
    assert "".join(line for _, line in lines) == text


@given(st.text(alphabet="电子商务平台（）。“”ABC 2019", min_size=1, max_size=40), st.floats(0.05, 1.5))
@example("12", 0.3)           # the last piece of a run, wider than the line alone, was looked past
def test_a_line_narrower_than_one_character_keeps_every_character(text: str, width: float) -> None:
    """A column of a many-column pipe table can be narrower than one character: each piece of a
    run then holds one character, and nothing is lost or fails."""
    lines = break_lines(text, [width], measure)
    assert "".join(line for _, line in lines) == text


@given(st.text(alphabet="电子商务平台试点（）。，、“”《》", min_size=1, max_size=200).filter(no_two_marks_in_a_row),
       st.integers(4, 30))
@example("（务“务）", 4)      # a bracketed run wider than the line was cut before its "）"
def test_no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one(text: str, width: int) -> None:
    lines = [line.rstrip(" ") for _, line in break_lines(text, [float(width)], measure)]
    assert all(measure(line) <= width for line in lines)
    assert all(line[0] not in NO_LINE_START for line in lines[1:])
    assert all(line[-1] not in NO_LINE_END for line in lines[:-1])


def test_closing_marks_never_start_a_line() -> None:
    text = "（四）行业优势（在相关行业或区域已具备的技术优势和服务优势）。"
    lines = [line for _, line in break_lines(text, [30.0, 31.0], measure)]
    assert all(line[0] not in NO_LINE_START for line in lines)
    assert all(line[-1] not in NO_LINE_END for line in lines[:-1])
