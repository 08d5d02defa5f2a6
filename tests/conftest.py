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
from pipeline.text import is_ideograph, word_count

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


def workplan_with_summary(chars: int) -> dict[str, Any]:
    """The workplan-2014 sample with its 摘要 made exactly ``chars`` 字 long (as Word counts):
    its own text, then a last paragraph of its own characters, cut or repeated to length."""
    data = load_json(INPUTS / "workplan-2014.json")
    summary = data["summary"]
    hans = "".join(ch for ch in summary if is_ideograph(ch))

    def own_characters(count: int) -> str:
        return (hans * (count // len(hans) + 1))[:count]
    room = chars - word_count(summary)
    if room > 0:
        summary += "\n" + own_characters(room)
    elif room < 0:
        summary = own_characters(chars)
    assert word_count(summary) == chars
    data["summary"] = summary
    return data


@pytest.fixture(scope="session")
def sample_exports(tmp_path_factory) -> dict[str, tuple[Rendered, Path]]:  # noqa: ANN001
    """Every sample in inputs/ rendered, and its DOCX exported to PDF by LibreOffice (宋体 drawn
    in Noto Serif CJK SC, Times New Roman in its metric twin Liberation Serif), in one soffice
    call: {stem: (our rendering, LibreOffice's PDF of our DOCX)}."""
    from office import SOFFICE, libreoffice_pdfs
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed: .ci/run installs it")
    folder = tmp_path_factory.mktemp("lo")
    ours: dict[str, Rendered] = {}
    for path in input_files():
        data = load_json(path)
        ours[path.stem] = render_form(load_form(data["form"]), data, path.parent)
        (folder / f"{path.stem}.docx").write_bytes(ours[path.stem].docx)
    exported = libreoffice_pdfs([folder / f"{stem}.docx" for stem in ours], folder)
    return {stem: (ours[stem], pdf) for stem, pdf in zip(ours, exported)}
