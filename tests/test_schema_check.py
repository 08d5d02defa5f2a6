"""The quick schema check (pipeline/schema_check.py) never passes data jsonschema would refuse,
and passes all the valid data: compared with jsonschema on mutated samples of every form, with
values chosen to sit on the edges of the schema's types, patterns and formats."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import schema_check
from pipeline.loader import form_ids, load_form
from pipeline.sample import sample_data
from pipeline.schema import PATTERNS
from pipeline.validate import _validator, validate
from strategies import form_data
from test_fuzz import VALUES, leaf_paths, mutated_sample, replaced

PATTERN_EXAMPLES = ["2020-05-12", "13912345678", "020-83133351", "a@b.cn", "528318", "91440606MA4UJ8K04K",
                    "https://www.example.com/a"]
EDGE_STRINGS = [
    *PATTERN_EXAMPLES, *(s + "\n" for s in PATTERN_EXAMPLES), *(" " + s for s in PATTERN_EXAMPLES),
    "2020-02-30", "2020-02-29", "2019-02-29", "0000-01-01", "2020-13-01", "2020-5-12", "２０２０-05-12", "20200512",
    "2020-05-12T00:00", "５２８３１８", "5283189", "https://a.cn/\x1c", "https://a.cn/\u3000x", "a.cn\n",
    "region", "platform", "provider", "Region", "", " ", "\ud800", "\x00",
]
EDGE_NUMBERS = [0, -0.0, 1.0, 1.5, -1, 100, 100.0, 100.01, 10**20, 2**63, 2**64, -(2**63) - 1, 1e308, True, False]
EDGES = st.one_of(st.sampled_from(EDGE_STRINGS), st.sampled_from(EDGE_NUMBERS), st.lists(st.sampled_from(EDGE_STRINGS), max_size=2))
CI = settings(max_examples=400, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def edge_sample(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A sample with one or two of its values replaced by an edge value: mostly one step from
    valid, so the two validators are compared where they could disagree."""
    form_id = draw(st.sampled_from(form_ids()))
    data = sample_data(load_form(form_id))
    for _ in range(draw(st.integers(1, 2))):
        leaves = [p for p in leaf_paths(data) if not isinstance(_at(data, p), (dict, list))]
        path = draw(st.sampled_from(leaves))
        data = replaced(data, path, draw(EDGES), delete=False)
    return form_id, data


def _at(data: Any, path: tuple) -> Any:
    for step in path:
        data = data[step]
    return data


def _schema_valid(form_id: str, data: Any) -> bool:
    return next(iter(_validator(form_id).iter_errors(data)), None) is None


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def test_edge_strings_cover_every_pattern() -> None:
    assert len(PATTERN_EXAMPLES) == len(PATTERNS)


@CI
@given(st.one_of(edge_sample(), mutated_sample(st.one_of(EDGES, VALUES))))
def test_quick_check_passes_only_what_jsonschema_passes(case: tuple[str, dict[str, Any]]) -> None:
    form_id, data = case
    quick, full = schema_check.satisfies_schema(form_id, data), _schema_valid(form_id, data)
    assert not quick or full, "the quick check let through data jsonschema refuses"
    if full and not quick:      # the one place it is stricter: a pattern's "$" before a final newline
        assert any(s.endswith("\n") for s in _strings(data)), "the quick check refused valid data"


@pytest.mark.parametrize("form_id", form_ids())
@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_quick_check_passes_valid_data(form_id: str, data: st.DataObject) -> None:
    value = data.draw(form_data(load_form(form_id)))
    assert _schema_valid(form_id, value)
    assert schema_check.satisfies_schema(form_id, value)


@pytest.mark.parametrize("form_id", form_ids())
def test_samples_pass_without_jsonschema(form_id: str) -> None:
    assert schema_check.satisfies_schema(form_id, sample_data(load_form(form_id)))


def test_a_tuple_is_left_to_jsonschema() -> None:
    data = sample_data(load_form("pilot-2020"))
    data["attachments"] = {"license": ("a.pdf",)}
    assert not schema_check.satisfies_schema("pilot-2020", data)
    assert any(p.path == "$.attachments.license" for p in validate(load_form("pilot-2020"), data))


def test_damaged_cache_entry_is_compiled_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHENBAO_CACHE_DIR", str(tmp_path))
    data = sample_data(load_form("summary-2020"))
    schema_check._compiled.cache_clear()
    assert schema_check.satisfies_schema("summary-2020", data)
    (entry,) = (tmp_path / "schemas").iterdir()
    entry.write_bytes(entry.read_bytes()[:-10] + b"\x00" * 10)
    schema_check._compiled.cache_clear()
    assert schema_check.satisfies_schema("summary-2020", data)
    data["recommender"] = 5
    assert not schema_check.satisfies_schema("summary-2020", data)
    schema_check._compiled.cache_clear()
