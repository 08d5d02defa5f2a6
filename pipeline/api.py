"""What the commands do, as plain functions (the CLI only parses arguments and prints)."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .errors import Problem
from .files import load_input, write_all
from .loader import load_form
from .render import Rendered, output_stem, render_form
from .validate import ensure_valid, validate


@dataclass(frozen=True)
class Written:
    paths: tuple[Path, ...]
    warnings: tuple[Problem, ...]
    pages: int


def validate_file(path: Path, strict: bool = False) -> list[Problem]:
    """Every problem of one input; with ``strict`` warnings count as errors."""
    spec, data = load_input(path)
    problems = validate(spec, data, base_dir=path.parent)
    return [replace(p, severity="error") for p in problems] if strict else problems


def render_file(path: Path, out_dir: Path, strict: bool = False) -> Written:
    """Validate then render one input; nothing is written unless both documents are made."""
    spec, data = load_input(path)
    warnings = ensure_valid(spec, data, strict, base_dir=path.parent)
    rendered = render_form(spec, data, base_dir=path.parent)
    return Written(paths=write_rendered(rendered, out_dir), warnings=tuple(warnings), pages=rendered.pages)


def render_blank(form_id: str, out_dir: Path) -> Written:
    rendered = render_form(load_form(form_id), None)
    return Written(paths=write_rendered(rendered, out_dir), warnings=(), pages=rendered.pages)


def render_fillable_blank(form_id: str, out_dir: Path) -> Path:
    """The blank form as a fillable PDF: ``<out_dir>/空白-<title>（可填写）.pdf``."""
    from .render.fillable import render_fillable   # pdfplumber: loaded only for this command
    spec = load_form(form_id)
    path = out_dir / f"{output_stem(spec, None)}（可填写）.pdf"
    write_all({path: render_fillable(spec)})
    return path


def write_rendered(rendered: Rendered, out_dir: Path) -> tuple[Path, ...]:
    """Both documents or neither (OutputError naming the path that could not be written)."""
    files = rendered_files(rendered, out_dir)
    write_all(files)
    return tuple(files)


def rendered_files(rendered: Rendered, out_dir: Path) -> dict[Path, bytes]:
    """Where :func:`write_rendered` puts each document, and its bytes: the DOCX, then the PDF."""
    target = out_dir / rendered.folder if rendered.folder else out_dir
    return {target / f"{rendered.stem}.docx": rendered.docx, target / f"{rendered.stem}.pdf": rendered.pdf}
