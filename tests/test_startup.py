"""Start-up stays light: the command line imports no renderer or PDF library until a command
needs it, and form definitions are read from a cache keyed by their bytes."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import loader

HEAVY = ("reportlab", "docx", "pypdf", "pdfplumber", "pdfminer", "jsonschema", "lxml", "yaml", "openpyxl")


def _modules_loaded_by(code: str, env: dict[str, str] | None = None) -> set[str]:
    probe = f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env)
    return {name.split(".")[0] for name in json.loads(out.stdout.splitlines()[-1])}


@pytest.mark.parametrize("argv", [["--help"], ["forms"], ["schema", "demo-2020"]])
def test_light_commands_import_no_heavy_library(argv: list[str], tmp_path: Path) -> None:
    env = {**os.environ, "SHENBAO_CACHE_DIR": str(tmp_path)}
    code = ("import contextlib, io\nfrom pipeline.cli import main\n"
            f"with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    try:\n        main({argv!r})\n    except SystemExit:\n        pass\n"
            f"    main(['forms'])")  # the second read comes from the cache: no YAML parser
    loaded = _modules_loaded_by(code, env)
    assert not loaded & set(HEAVY) - {"yaml"}, loaded & set(HEAVY)


def test_second_start_reads_forms_without_yaml(tmp_path: Path) -> None:
    env = {**os.environ, "SHENBAO_CACHE_DIR": str(tmp_path)}
    code = "from pipeline.cli import main\nimport contextlib, io\nwith contextlib.redirect_stdout(io.StringIO()):\n    main(['forms'])"
    _modules_loaded_by(code, env)                     # fills the cache
    assert "yaml" not in _modules_loaded_by(code, env)


def test_cache_follows_the_definition_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHENBAO_CACHE_DIR", str(tmp_path / "cache"))
    definition = tmp_path / "form.yaml"
    definition.write_text("title: 一\nitems: [1, 2]\n", encoding="utf-8")
    assert loader._read_yaml(definition) == {"title": "一", "items": [1, 2]}
    assert loader._read_yaml(definition) == {"title": "一", "items": [1, 2]}   # from the cache
    definition.write_text("title: 二\n", encoding="utf-8")
    assert loader._read_yaml(definition) == {"title": "二"}
    cached = sorted((tmp_path / "cache" / "forms").glob("*.json"))
    assert len(cached) == 2 and {json.loads(p.read_text("utf-8"))["title"] for p in cached} == {"一", "二"}


def test_torn_cache_entry_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHENBAO_CACHE_DIR", str(tmp_path / "cache"))
    definition = tmp_path / "form.yaml"
    definition.write_text("title: 一\n", encoding="utf-8")
    loader._read_yaml(definition)
    for entry in (tmp_path / "cache" / "forms").glob("*.json"):
        entry.write_text("{\"tit", encoding="utf-8")
    assert loader._read_yaml(definition) == {"title": "一"}


def test_value_json_cannot_carry_is_not_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHENBAO_CACHE_DIR", str(tmp_path / "cache"))
    definition = tmp_path / "form.yaml"
    definition.write_text("date: 2020-05-12\n", encoding="utf-8")
    assert str(loader._read_yaml(definition)["date"]) == "2020-05-12"
    assert not list((tmp_path / "cache").rglob("*.json"))
