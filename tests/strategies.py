"""Hypothesis strategies that build valid input data for any form from its definition."""
from __future__ import annotations

import string
from datetime import date
from typing import Any

from hypothesis import strategies as st

from pipeline.codes import make_uscc
from pipeline.data import conditions_hold, set_value
from pipeline.model import Field, FieldType, FormSpec

# Characters the embedded font has, including rare ones applicants' names use.
CJK_TEXT = "申报单位广东省工业信息化电子商务试点示范燊堃喆龑珺祎彧琇瑄，。、；：（）"
LATIN = string.ascii_letters + string.digits
USCC_BODY = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def text(max_size: int = 30) -> st.SearchStrategy[str]:
    """Trimmed text with single spaces, as applicants type it."""
    return st.text(alphabet=CJK_TEXT + LATIN + " ", min_size=1, max_size=max_size).map(
        lambda s: " ".join(s.split())).filter(bool)


def narrative() -> st.SearchStrategy[str]:
    paragraph = text(80).map(lambda s: s.strip().lstrip("|") or "段落")
    table = st.tuples(st.integers(2, 4), st.integers(1, 3)).flatmap(
        lambda shape: st.lists(st.lists(text(8).map(lambda s: s.replace("|", "").strip() or "0"),
                                        min_size=shape[0], max_size=shape[0]),
                               min_size=shape[1] + 1, max_size=shape[1] + 1))
    table_text = table.map(lambda rows: "\n".join(
        ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
        + ["| " + " | ".join(r) + " |" for r in rows[1:]]))
    return st.lists(st.one_of(paragraph, table_text), min_size=1, max_size=4).map("\n".join)


def value_for(field: Field) -> st.SearchStrategy[Any]:
    t = field.type
    money = st.decimals(min_value=-999999 if field.signed else 0, max_value=9999999, places=2,
                        allow_nan=False, allow_infinity=False).map(lambda d: float(d) if d % 1 else int(d))
    strategies = {
        FieldType.TEXT: text(min(field.max_chars or 30, 30)),
        FieldType.LONGTEXT: narrative(),
        FieldType.MONEY: money,
        FieldType.DECIMAL: money.map(abs),
        FieldType.PERCENT: st.integers(0, 10000).map(lambda n: n / 100 if n % 100 else n // 100),
        FieldType.INTEGER: st.integers(0, 10**7),
        FieldType.DATE: st.dates(date(1949, 10, 1), date(2099, 12, 31)).map(lambda d: d.isoformat()),
        FieldType.PHONE: st.from_regex(r"\A0[0-9]{2,3}-[0-9]{7,8}\Z"),
        FieldType.MOBILE: st.from_regex(r"\A1[3-9][0-9]{9}\Z"),
        FieldType.EMAIL: st.from_regex(r"\A[a-z]{1,8}@[a-z]{1,8}\.(com|cn)\Z"),
        FieldType.POSTCODE: st.from_regex(r"\A5[0-9]{5}\Z"),
        FieldType.ORGCODE: st.tuples(st.sampled_from(["91440101", "91440606", "12440000"]),
                                     st.text(USCC_BODY, min_size=8, max_size=8)).map(lambda a: make_uscc(*a)),
        FieldType.URL: st.from_regex(r"\Ahttps://www\.[a-z]{1,10}\.com\Z"),
        FieldType.CHOICE: st.sampled_from([o.value for o in field.options]),
        FieldType.BOOL: st.booleans(),
        FieldType.FILES: st.just([]),      # real files are exercised in test_attachments
    }
    if t is FieldType.ROWS:
        row = st.fixed_dictionaries({c.key: value_for(c) for c in field.columns if c.required},
                                    optional={c.key: value_for(c) for c in field.columns if not c.required})
        return st.lists(row, max_size=6)
    return strategies[t]


@st.composite
def form_data(draw: st.DrawFn, spec: FormSpec, optional: bool = True) -> dict[str, Any]:
    """Valid data: every applicable required field, and (if ``optional``) some optional ones.
    Fields without conditions are drawn first so that conditions can be judged."""
    data: dict[str, Any] = {"form": spec.id}
    ordered = sorted(spec.fields, key=lambda f: len(f.when))
    for f in ordered:
        if not conditions_hold(f.when, data):
            continue
        if f.required or (optional and draw(st.booleans())):
            set_value(data, f.key, draw(value_for(f)))
    return data

