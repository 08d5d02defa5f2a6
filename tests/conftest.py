"""Shared fixtures: forms, samples and rendered documents (rendered once per test session)."""
from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.loader import form_ids, load_form
from pipeline.render import Rendered, render_form
from pipeline.sample import sample_data

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
# The forms' seeds, copied from shared/seeds so a clone tests on its own; test_seed_copies
# checks the copies still equal shared/seeds wherever that folder sits beside the clone.
SEEDS = ROOT / "tests" / "seeds"
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"

_rendered: dict[str, Rendered] = {}


def rendered(key: str, form_id: str, data: dict[str, Any] | None) -> Rendered:
    """Render once per session under ``key``."""
    if key not in _rendered:
        _rendered[key] = render_form(load_form(form_id), data)
    return _rendered[key]


def input_files() -> list[Path]:
    return sorted(INPUTS.glob("*.json"))


def load_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(params=form_ids())
def form_id(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def sample(form_id: str) -> dict[str, Any]:
    return sample_data(load_form(form_id))


@pytest.fixture
def blank_render(form_id: str) -> Rendered:
    return rendered(f"blank:{form_id}", form_id, None)


@pytest.fixture
def sample_render(form_id: str) -> Rendered:
    return rendered(f"sample:{form_id}", form_id, sample_data(load_form(form_id)))


def pdf_file(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)


@pytest.fixture(scope="session")
def wild_corpus():  # noqa: ANN201
    """The wild corpus (tests/wild): DOCX made as applicants make them, their expected data and,
    where LibreOffice is installed, their PDFs; built once and cached under tests/.wild-cache."""
    from tests.wild.corpus import ensure_corpus, load_corpus
    return load_corpus(ensure_corpus())
