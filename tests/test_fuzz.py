"""Property tests over hostile input (issue 12): mutated samples through validate and render,
mangled JSON through the reader, truncated and bit-flipped PDFs and DOCX through parse and check.
The only exceptions allowed out of the library are its own (ShenbaoError: a Chinese message and
an exit code); anything else would be a traceback.

CI runs a bounded number of examples (about a minute). For a longer run:
    SHENBAO_FUZZ_EXAMPLES=2000 SHENBAO_FUZZ_REPORT=fuzz.json .venv/bin/python -m pytest tests/test_fuzz.py
(the report file receives, per test, how many inputs were tried and how many ended otherwise than
allowed — always 0 for a passing run)."""
from __future__ import annotations

import copy
import io
import json
import os
import tempfile
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import rendered
from pipeline.check import check_bytes
from pipeline.data import get_value, set_value
from pipeline.errors import ShenbaoError
from pipeline.files import parse_json
from pipeline.loader import form_ids, load_form
from pipeline.parse import parse_file
from pipeline.render import render_form
from pipeline.sample import sample_data
from pipeline.validate import validate

TRIED: Counter[str] = Counter()
FAILED: Counter[str] = Counter()
SCALE = int(os.environ.get("SHENBAO_FUZZ_EXAMPLES", "0"))


def examples(ci: int) -> Callable[[Any], Any]:
    """``ci`` examples in CI; SHENBAO_FUZZ_EXAMPLES of them in a longer run."""
    return settings(max_examples=SCALE or ci, deadline=None, derandomize=not SCALE,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module", autouse=True)
def fuzz_report() -> Iterator[None]:
    yield
    target = os.environ.get("SHENBAO_FUZZ_REPORT")
    if target:
        report = {name: {"tried": TRIED[name], "tracebacks": FAILED[name]} for name in sorted(TRIED)}
        Path(target).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


def only_our_errors(name: str, action: Callable[[], Any]) -> Any:
    """Run ``action``; a ShenbaoError is an answer, any other exception fails the test."""
    TRIED[name] += 1
    try:
        return action()
    except ShenbaoError:
        return None
    except Exception:
        FAILED[name] += 1
        raise


# ---- values a careless or hostile applicant types ---------------------------------------------

HOSTILE_TEXT = st.sampled_from([
    "", " ", "\t", "\n\n", "a" * 300, "a" * 5000, "广" * 700, "名\ud800称", "\udc00", "\x00", "\x01\x02",
    "=1+2", "+SUM(A1)", "-2", "@x", ".", "..", "../../etc/passwd", "C:\\\\x", "|", "| a |\n|---|", "| a | b |\n| - |",
    "|" * 50, "（" * 40, "）。" * 40, "\u200b\u200d\ufeff", "🀄" * 5, "\U0002a6a5", "燊堃喆", "Ｆｕｌｌ", "\r\n\r",
    "https://" + "x" * 400, "NaN", "Infinity", "1e400", "-0", "0" * 30,
])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-(10 ** 30), 10 ** 30),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=60), HOSTILE_TEXT)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                      max_leaves=12)


def leaf_paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path into ``value``: object members and list items, the containers included."""
    paths = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            paths += leaf_paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            paths += leaf_paths(child, (*prefix, index))
    return paths


def replaced(data: Any, path: tuple, value: Any, delete: bool) -> Any:
    data = copy.deepcopy(data)
    node = data
    for step in path[:-1]:
        node = node[step]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return data


@st.composite
def mutated_sample(draw: st.DrawFn, values: st.SearchStrategy[Any] = VALUES) -> tuple[str, dict[str, Any]]:
    form_id = draw(st.sampled_from(form_ids()))
    data = sample_data(load_form(form_id))
    for _ in range(draw(st.integers(1, 4))):
        paths = leaf_paths(data)
        path = draw(st.sampled_from(paths))
        data = replaced(data, path, draw(values), delete=draw(st.booleans()) and len(path) > 1)
    if draw(st.booleans()):
        data[draw(st.text(max_size=6))] = draw(values)
    return form_id, data


# ---- validate, render -------------------------------------------------------------------------

@examples(300)
@given(mutated_sample())
def test_validate_never_raises_on_mutated_samples(case: tuple[str, dict[str, Any]]) -> None:
    form_id, data = case
    problems = only_our_errors("validate", lambda: validate(load_form(form_id), data))
    assert problems is not None and all(p.path.startswith("$") for p in problems)


TYPED = st.text(alphabet="申报单位广东省电子商务试点（）。，、：；“”《》—…燊堃喆abcXYZ019 .-@/|\n", max_size=400)


@st.composite
def sample_with_texts(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A form's sample with some of its text fields (narratives included) replaced by text as
    typed — Markdown table fragments, long Latin runs, brackets in a row — or hostile text."""
    form_id = draw(st.sampled_from(form_ids()))
    spec = load_form(form_id)
    data = sample_data(spec)
    texts = [f for f in spec.fields if f.type.value in ("text", "longtext") and get_value(data, f.key) is not None]
    for f in draw(st.lists(st.sampled_from(texts), min_size=1, max_size=4, unique_by=lambda f: f.key)):
        set_value(data, f.key, draw(st.one_of(TYPED, HOSTILE_TEXT)))
    return form_id, data


@examples(30)
@given(sample_with_texts())
def test_whatever_validates_renders(case: tuple[str, dict[str, Any]]) -> None:
    form_id, data = case
    spec = load_form(form_id)
    problems = only_our_errors("validate typed text", lambda: validate(spec, data))
    if problems is None or any(p.severity == "error" for p in problems):
        return
    TRIED["render"] += 1
    try:
        render_form(spec, data)        # valid data must render: not even a ShenbaoError is acceptable
    except Exception:
        FAILED["render"] += 1
        raise


def mangled(data: bytes) -> st.SearchStrategy[bytes]:
    """``data`` truncated, with bytes flipped, or with random bytes spliced in."""
    size = len(data)

    def flip(changes: list[tuple[int, int]]) -> bytes:
        out = bytearray(data)
        for position, mask in changes:
            out[position % size] ^= mask
        return bytes(out)
    truncated = st.integers(0, size - 1).map(lambda n: data[:n])
    flipped = st.lists(st.tuples(st.integers(0, size - 1), st.integers(1, 255)), min_size=1, max_size=12).map(flip)
    spliced = st.tuples(st.integers(0, size), st.binary(min_size=1, max_size=64)).map(
        lambda t: data[:t[0]] + t[1] + data[t[0]:])
    return st.one_of(truncated, flipped, spliced)


SAMPLE_JSON = json.dumps(sample_data(load_form("pilot-2020")), ensure_ascii=False).encode("utf-8")


@examples(200)
@given(mangled(SAMPLE_JSON))
def test_mangled_json_is_read_or_refused(raw: bytes) -> None:
    def read_and_validate() -> Any:
        data = parse_json(raw, "in.json")
        if isinstance(data, dict) and data.get("form") in form_ids():
            validate(load_form(data["form"]), data)
        return data
    only_our_errors("read JSON", read_and_validate)


# ---- parse, check -----------------------------------------------------------------------------

def documents() -> dict[str, bytes]:
    """Our own documents of the two shortest forms, as submitted."""
    out = {}
    for form_id in ("summary-2020", "case-2024"):
        result = rendered(f"sample:{form_id}", form_id, sample_data(load_form(form_id)))
        out[f"{form_id}.pdf"], out[f"{form_id}.docx"] = result.pdf, result.docx
    return out


DOCUMENTS = documents()


def _xml_mangled(docx: bytes) -> st.SearchStrategy[bytes]:
    """The DOCX with its document.xml mangled inside an intact zip (the XML readers, not zip)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}

    def rezip(xml: bytes) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
            for name, data in parts.items():
                package.writestr(name, xml if name == "word/document.xml" else data)
        return out.getvalue()
    return mangled(parts["word/document.xml"]).map(rezip)


def _parse(name: str, data: bytes) -> Any:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return parse_file(path)


MANGLED_DOCUMENTS = st.sampled_from(sorted(DOCUMENTS)).flatmap(
    lambda name: st.tuples(st.just(name), st.one_of(mangled(DOCUMENTS[name]), _xml_mangled(DOCUMENTS[name]))
                           if name.endswith(".docx") else mangled(DOCUMENTS[name])))


@examples(60)
@given(MANGLED_DOCUMENTS)
def test_mangled_documents_parse_or_are_refused(case: tuple[str, bytes]) -> None:
    name, data = case
    only_our_errors("parse", lambda: _parse(name, data))


@examples(50)
@given(MANGLED_DOCUMENTS)
def test_mangled_documents_check_or_are_refused(case: tuple[str, bytes]) -> None:
    name, data = case
    only_our_errors("check", lambda: check_bytes(data, name))
