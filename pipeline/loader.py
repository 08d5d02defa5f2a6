"""forms/*.yaml → validated :class:`FormSpec`; forms/style.yaml → :class:`Style`.

A mistake in a definition raises :class:`FormDefinitionError` naming the file and the place.
"""
from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from importlib import import_module
from pathlib import Path
from typing import Any

from .cache import cache_file, read_entry, write_entry
from .errors import FormDefinitionError, UsageError
from .model import (
    AppendixBlock,
    Area,
    AttachmentLabelBlock,
    CheckThresholds,
    Block,
    BodyBlock,
    Cell,
    Condition,
    CoverBlock,
    CoverLine,
    Eligibility,
    EligibilityRule,
    Field,
    FieldLineBlock,
    FieldType,
    FormSpec,
    HeadingBlock,
    ListBlock,
    NarrativeBlock,
    Option,
    PageBreakBlock,
    PageStyle,
    ParagraphStyle,
    Regions,
    RepeatRow,
    Style,
    TableBlock,
    TextBlock,
    TitleBlock,
    TocBlock,
    WordTarget,
    block_refs,
)

STYLE_FILE = "style.yaml"
FRAGMENTS_DIR = "fragments"


def forms_dir() -> Path:
    return _package_dir("forms")


def fonts_dir() -> Path:
    return _package_dir("fonts")


def _package_dir(package: str) -> Path:
    """The folder of one of the project's data packages (installed as files: reportlab and the
    YAML loader read them by path). importlib.resources gave the same path for 6 ms of every
    start."""
    location = import_module(package).__file__
    assert location is not None, f"{package} is a regular package (it has an __init__.py)"
    return Path(location).parent


@lru_cache(maxsize=1)
def form_ids() -> tuple[str, ...]:
    """The forms there are (listed once: load_form keeps what it read for the process's life too)."""
    return tuple(sorted(p.stem for p in forms_dir().glob("*.yaml") if p.name != STYLE_FILE))  # not fragments/


@lru_cache(maxsize=None)
def load_form(form_id: str) -> FormSpec:
    path = forms_dir() / f"{form_id}.yaml"
    if form_id not in form_ids():
        raise UsageError(f"未知的表单“{form_id}”。可用的表单：{'、'.join(form_ids())}")
    return build_form(_read_yaml(path), source=path.name)


@lru_cache(maxsize=None)
def load_fragment(name: str) -> dict[str, Any]:
    """A piece shared by several forms (forms/fragments/<name>.yaml)."""
    path = forms_dir() / FRAGMENTS_DIR / f"{name}.yaml"
    if not path.is_file():
        raise FormDefinitionError(f"{FRAGMENTS_DIR}/{name}.yaml: 找不到共用片段 {name!r}")
    return _read_yaml(path)


@lru_cache(maxsize=None)
def load_style() -> Style:
    path = forms_dir() / STYLE_FILE
    raw = _read_yaml(path)
    try:
        return _build_style(raw)
    except (KeyError, TypeError, ValueError) as exc:
        raise FormDefinitionError(f"{path.name}: 样式定义有误：{exc!r}") from exc


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        source = path.read_bytes()
    except OSError as exc:
        raise FormDefinitionError(f"{path.name}: 无法读取：{exc}") from exc
    cached = _cache_file(source)
    data = _read_cached(cached)
    if data is None:
        data = _parse_yaml(source, path.name)
        _write_cached(cached, data)
    if not isinstance(data, dict):
        raise FormDefinitionError(f"{path.name}: 顶层必须是映射")
    return data


def _parse_yaml(source: bytes, name: str) -> Any:
    import yaml  # only when the cache misses: PyYAML's import alone costs ~15 ms

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it
    try:
        return yaml.load(source.decode("utf-8"), Loader=loader)  # noqa: S506 (a safe loader)
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise FormDefinitionError(f"{name}: 无法读取：{exc}") from exc


def _cache_file(source: bytes) -> Path | None:
    """Where the parsed definition is kept as JSON, keyed by the YAML bytes' hash (so an edited
    form is read again); None when caching is switched off (SHENBAO_CACHE_DIR="")."""
    return cache_file("forms", f"v1-{hashlib.sha256(source).hexdigest()}.json")


def _read_cached(cached: Path | None) -> Any:
    raw = read_entry(cached)
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None  # torn: parse the YAML again


def _write_cached(cached: Path | None, data: Any) -> None:
    """Best effort, atomic; a definition JSON cannot carry exactly (dates, non-string keys) is
    not cached."""
    try:
        text = json.dumps(data, ensure_ascii=False)
        if json.loads(text) != data:
            return
    except (TypeError, ValueError):
        return
    write_entry(cached, text.encode("utf-8"))


def _build_style(raw: dict[str, Any]) -> Style:
    paragraphs = {
        name: ParagraphStyle(name=name, **spec) for name, spec in raw["paragraph_styles"].items()
    }
    return Style(
        page=PageStyle(**raw["page"]),
        east_asia_font=raw["font"]["east_asia"],
        east_asia_alt=raw["font"]["east_asia_alt"],
        latin_font=raw["font"]["latin"],
        pdf_font_file=raw["font"]["pdf_file"],
        pdf_font_name=raw["font"]["pdf_name"],
        single_line_factor=float(raw["single_line_factor"]),
        paragraphs=paragraphs,
        page_number_format=raw["page_number_format"],
        toc_title=raw["toc_title"],
        unticked=raw["checkbox"]["unticked"],
        ticked=raw["checkbox"]["ticked"],
        check=_build_check_thresholds(raw["check"]),
    )


def _build_check_thresholds(raw: dict[str, Any]) -> CheckThresholds:
    low, high = raw["pdf_line_ratio"]
    return CheckThresholds(
        song_faces=tuple(str(f) for f in raw["song_faces"]), size_tolerance_pt=float(raw["size_tolerance_pt"]),
        line_tolerance=int(raw["line_tolerance"]), page_tolerance_twips=int(raw["page_tolerance_twips"]),
        page_tolerance_pt=float(raw["page_tolerance_pt"]), pdf_line_ratio=(float(low), float(high)),
        title_max_chars=int(raw["title_max_chars"]),
    )


# ---- form definition ----------------------------------------------------------------------

class _Where:
    """Tracks the place inside a definition file for error messages."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, where: str, message: str) -> FormDefinitionError:
        return FormDefinitionError(f"{self.source}: {where}: {message}")


def build_form(raw: dict[str, Any], source: str = "<memory>") -> FormSpec:
    where = _Where(source)
    for key in ("id", "title", "fields", "layout", "file_name_field"):
        if key not in raw:
            raise where.fail(key, "缺少必需的键")
    group_conditions = {
        prefix: _conditions(spec.get("when", {}), where, f"groups.{prefix}")
        for prefix, spec in (raw.get("groups") or {}).items()
    }
    fields = tuple(
        _build_field(item, where, f"fields[{i}]", group_conditions)
        for i, item in enumerate(_expand_fields(raw["fields"], where))
    )
    index = _index_fields(fields, where)
    layout = tuple(_build_block(item, where, f"layout[{i}]") for i, item in enumerate(raw["layout"]))
    spec = FormSpec(
        id=str(raw["id"]), title=str(raw["title"]), schema_version=int(raw.get("schema_version", 1)),
        file_name_field=str(raw["file_name_field"]), toc=bool(raw.get("toc", False)),
        fields=fields, layout=layout, source=source, output_folder=str(raw.get("output_folder", "")),
        word_targets=tuple(_build_word_target(t, where, f"word_targets[{i}]")
                           for i, t in enumerate(raw.get("word_targets", ()))),
        eligibility=_build_eligibility(raw["eligibility"], where) if "eligibility" in raw else None,
        _index=index,
    )
    _check_references(spec, where)
    return spec


def _expand_fields(items: list[Any], where: _Where) -> list[Any]:
    """Replace each `{use: NAME, labels: {key: label}}` by the fragment's fields."""
    out: list[Any] = []
    for i, item in enumerate(items):
        if isinstance(item, dict) and "use" in item:
            labels = item.get("labels", {})
            fragment = [dict(f) for f in _fragment_part(str(item["use"]), "fields", where, f"fields[{i}]")]
            for f in fragment:
                f["label"] = labels.get(f["key"], f["label"])
            out.extend(fragment)
        else:
            out.append(item)
    return out


def _fragment_part(name: str, part: str, where: _Where, at: str) -> Any:
    fragment = load_fragment(name)
    if part not in fragment:
        raise where.fail(at, f"共用片段 {name!r} 没有 {part}")
    return fragment[part]


def _build_word_target(raw: Any, where: _Where, at: str) -> WordTarget:
    try:
        return WordTarget(label=str(raw["label"]), fields=tuple(raw["fields"]), about=int(raw["about"]),
                          tolerance=float(raw["tolerance"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise where.fail(at, f"字数目标需要 label、fields、about、tolerance：{exc!r}") from exc


def _build_eligibility(raw: dict[str, Any], where: _Where) -> Eligibility:
    regions = None
    if "regions" in raw:
        source = raw["regions"]
        if isinstance(source, dict) and "use" in source:
            fragment = load_fragment(str(source["use"]))
            source = {**fragment["regions"], "notice_date": fragment.get("notice_date", "")}
        regions = Regions(
            detect_from=str(source["detect_from"]), explicit=str(source.get("explicit", "")),
            areas=tuple(Area(value=str(a["value"]), label=str(a["label"]), cities=tuple(a["cities"]))
                        for a in source["areas"]),
            notice_date=str(source.get("notice_date", "")),
        )
    rules = tuple(_build_rule(r, where, f"eligibility.rules[{i}]") for i, r in enumerate(raw.get("rules", ())))
    return Eligibility(regions=regions, rules=rules)


def _build_rule(raw: dict[str, Any], where: _Where, at: str) -> EligibilityRule:
    common = dict(text=str(raw.get("text", "")), when=_conditions(raw.get("when", {}), where, f"{at}.when"))
    if "at_least" in raw:
        return EligibilityRule(field=str(raw["at_least"]["field"]), minimum=raw["at_least"]["value"], **common)
    if "more_than" in raw:
        return EligibilityRule(field=str(raw["more_than"]["field"]), minimum=raw["more_than"]["value"],
                               strict=True, **common)
    if "is_true" in raw:
        return EligibilityRule(field=str(raw["is_true"]), is_true=True, **common)
    if "any_true" in raw:
        return EligibilityRule(any_true=tuple(raw["any_true"]), **common)
    if "years_since" in raw:
        return EligibilityRule(field=str(raw["years_since"]["field"]), years=float(raw["years_since"]["years"]),
                               **common)
    if "grows" in raw:
        earlier, later = raw["grows"]
        return EligibilityRule(field=str(later), grows_from=str(earlier), **common)
    raise where.fail(at, "推荐条件需要 at_least、more_than、is_true、any_true、years_since 或 grows 之一")


def _index_fields(fields: tuple[Field, ...], where: _Where) -> dict[str, Field]:
    index: dict[str, Field] = {}
    for f in fields:
        if f.key in index:
            raise where.fail(f.key, "字段键重复")
        index[f.key] = f
        for col in f.columns:
            index[f"{f.key}.{col.key}"] = col
    return index


def _conditions(raw: dict[str, Any], where: _Where, at: str) -> tuple[Condition, ...]:
    if not isinstance(raw, dict):
        raise where.fail(at, "when 必须是 {字段键: 取值} 映射")
    return tuple(Condition(path=str(k), equals=v) for k, v in raw.items())


def _inherited_conditions(key: str, groups: dict[str, tuple[Condition, ...]]) -> tuple[Condition, ...]:
    parts = key.split(".")
    found: list[Condition] = []
    for n in range(1, len(parts)):
        found.extend(groups.get(".".join(parts[:n]), ()))
    return tuple(found)


_KEY = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*")   # ASCII, no "-" or "=": fillable field names


def _build_field(raw: Any, where: _Where, at: str,
                 groups: dict[str, tuple[Condition, ...]]) -> Field:
    if not isinstance(raw, dict) or "key" not in raw or "label" not in raw or "type" not in raw:
        raise where.fail(at, "字段需要 key、label、type")
    key = str(raw["key"])
    if not _KEY.fullmatch(key):
        raise where.fail(f"{at}.key", f"字段键 {key!r} 只能由小写字母、数字、下划线和“.”组成（可填写 PDF 的域名由它而来）")
    try:
        ftype = FieldType(raw["type"])
    except ValueError:
        raise where.fail(f"{at}.type", f"未知类型 {raw['type']!r}") from None
    bad = next((o["value"] for o in raw.get("options", ()) if not _KEY.fullmatch(str(o["value"]))), None)
    if bad is not None:
        raise where.fail(f"{at}.options", f"选项值 {bad!r} 只能由小写字母、数字、下划线组成")
    options = tuple(Option(value=str(o["value"]), label=str(o["label"]), suffix=str(o.get("suffix", "")),
                           hint=str(o.get("hint", ""))) for o in raw.get("options", ()))
    if ftype is FieldType.CHOICE and not options:
        raise where.fail(at, "choice 字段需要 options")
    columns = tuple(_build_field(c, where, f"{at}.columns[{i}]", {})
                    for i, c in enumerate(raw.get("columns", ())))
    if ftype is FieldType.ROWS and not columns:
        raise where.fail(at, "rows 字段需要 columns")
    when = _inherited_conditions(key, groups) + _conditions(raw.get("when", {}), where, f"{at}.when")
    return Field(
        key=key, label=str(raw["label"]), type=ftype, required=bool(raw.get("required", False)),
        when=when, options=options, columns=columns, min_rows=int(raw.get("min_rows", 0)),
        max_chars=raw.get("max_chars"), unit=str(raw.get("unit", "")),
        signed=bool(raw.get("signed", False)), example=raw.get("example"),
        aliases=tuple(str(a) for a in raw.get("aliases", ())),
    )


def _build_block(raw: Any, where: _Where, at: str) -> Block:
    if raw == "toc":
        return TocBlock()
    if raw == "page_break":
        return PageBreakBlock()
    if not isinstance(raw, dict) or len(raw) != 1:
        raise where.fail(at, "版面块必须是只有一个键的映射，或 toc / page_break")
    (kind, body), = raw.items()
    builders = {
        "cover": _build_cover,
        "heading": _build_heading,
        "title": lambda b, w, a: TitleBlock(text=str(b)),
        "text": _build_text,
        "attachment": lambda b, w, a: AttachmentLabelBlock(text=str(b)),
        "list": lambda b, w, a: ListBlock(refs=tuple(b)),
        "appendix": lambda b, w, a: AppendixBlock(**_refs_with(b, "prefix", str)),
        "line": lambda b, w, a: FieldLineBlock(line=_build_line(b)),
        "table": _build_table,
        "narrative": lambda b, w, a: NarrativeBlock(**_refs_with(b, "level", int)),
        "body": lambda b, w, a: BodyBlock(ref=str(b)),
    }
    if kind not in builders:
        raise where.fail(at, f"未知的版面块 {kind!r}")
    return builders[kind](body, where, f"{at}.{kind}")


def _build_heading(raw: Any, where: _Where, at: str) -> HeadingBlock:
    """`heading: 一、标题` (level 1) or `heading: {text: （一）小标题, level: 2}`."""
    if isinstance(raw, dict):
        if "text" not in raw:
            raise where.fail(at, "标题需要 text")
        return HeadingBlock(text=str(raw["text"]), level=int(raw.get("level", 1)))
    return HeadingBlock(text=str(raw))


def _refs_with(raw: Any, option: str, kind: type) -> dict[str, Any]:
    """`[key, …]` or `{refs: [key, …], <option>: …}` → the block's keyword arguments."""
    if isinstance(raw, dict):
        return {"refs": tuple(raw["refs"]), **({option: kind(raw[option])} if option in raw else {})}
    return {"refs": tuple(raw)}


def _build_text(raw: Any, where: _Where, at: str) -> TextBlock:
    """`text: 一段`, `text: [段, 段]` or `text: {paragraphs: [...], align: right}`."""
    if isinstance(raw, dict):
        return TextBlock(paragraphs=tuple(raw["paragraphs"]), align=raw.get("align"),
                         keep_with_next=bool(raw.get("keep_with_next", False)))
    return TextBlock(paragraphs=tuple(raw) if isinstance(raw, list) else (str(raw),))


def _build_line(raw: dict[str, Any]) -> CoverLine:
    return CoverLine(label=str(raw["label"]), value=str(raw["value"]), after=str(raw.get("after", "")))


def _build_cover(raw: dict[str, Any], where: _Where, at: str) -> CoverBlock:
    try:
        return CoverBlock(
            attachment=str(raw.get("attachment", "")), title=tuple(raw["title"]),
            lines=tuple(_build_line(x) for x in raw["lines"]), issuer=tuple(raw.get("issuer", ())),
        )
    except (KeyError, TypeError) as exc:
        raise where.fail(at, f"封面定义有误：{exc!r}") from exc


def _build_table(raw: dict[str, Any], where: _Where, at: str) -> TableBlock:
    widths = raw["widths_mm"]
    if isinstance(widths, dict) and "use" in widths:
        widths = _fragment_part(str(widths["use"]), "grid_mm", where, f"{at}.widths_mm")
    raw_rows: list[Any] = []
    for i, row in enumerate(raw["rows"]):
        if isinstance(row, dict) and "use" in row:
            raw_rows.extend(_fragment_part(str(row["use"]), "rows", where, f"{at}.rows[{i}]"))
        else:
            raw_rows.append(row)
    rows = []
    for i, row in enumerate(raw_rows):
        if isinstance(row, dict) and "repeat" in row:
            rows.append(RepeatRow(ref=str(row["repeat"])))
        else:
            rows.append(tuple(_build_cell(c, where, f"{at}.rows[{i}][{j}]") for j, c in enumerate(row)))
    table = TableBlock(widths_mm=tuple(float(w) for w in widths), rows=tuple(rows),
                       header_rows=int(raw.get("header_rows", 0)))
    _check_grid(table, where, at)
    return table


def _build_cell(raw: dict[str, Any], where: _Where, at: str) -> Cell:
    common = dict(span=int(raw.get("span", 1)), rows=int(raw.get("rows", 1)),
                  align=str(raw.get("align", "center")), min_lines=int(raw.get("min_lines", 1)))
    if "label" in raw:
        return Cell(kind="label", ref=str(raw["label"]), **common)
    if "value" in raw:
        return Cell(kind="value", ref=str(raw["value"]), detail=str(raw.get("detail", "")),
                    sign=tuple(raw.get("sign", ())), also=tuple(raw.get("also", ())),
                    option_rows=tuple(tuple(r) for r in raw.get("option_rows", ())), **common)
    if "text" in raw:
        return Cell(kind="text", text=str(raw["text"]), **common)
    if "lines" in raw:
        return Cell(kind="text", text="\n".join(raw["lines"]), **common)
    raise where.fail(at, "单元格需要 label、value、text 或 lines 之一")


def _check_grid(table: TableBlock, where: _Where, at: str) -> None:
    """Every static row must fill the grid exactly, counting cells merged from rows above."""
    ncols = len(table.widths_mm)
    carried: dict[int, int] = {}   # column → rows still covered by a vertical merge
    for i, row in enumerate(table.rows):
        if isinstance(row, RepeatRow):
            continue
        col, covered = 0, {c for c, n in carried.items() if n > 0}
        for cell in row:
            while col in covered:
                col += 1
            if cell.rows > 1:
                for c in range(col, col + cell.span):
                    carried[c] = cell.rows
            col += cell.span
        while col in covered:
            col += 1
        if col != ncols:
            raise where.fail(f"{at}.rows[{i}]", f"该行占 {col} 列，表格有 {ncols} 列")
        carried = {c: n - 1 for c, n in carried.items() if n - 1 > 0}


def _check_references(spec: FormSpec, where: _Where) -> None:
    def need(key: str, at: str) -> None:
        if key and not spec.has_field(key):
            raise where.fail(at, f"引用了不存在的字段 {key!r}")

    if not spec.has_field(spec.file_name_field):
        raise where.fail("file_name_field", f"引用了不存在的字段 {spec.file_name_field!r}")
    for f in spec.fields:
        for cond in f.when:
            need(cond.path, f"{f.key}.when")
    for i, block in enumerate(spec.layout):
        for key in block_refs(block):
            need(key, f"layout[{i}]")
        if isinstance(block, TableBlock):
            for row in block.rows:
                for cell in () if isinstance(row, RepeatRow) else row:
                    _check_option_rows(spec, cell, where, f"layout[{i}]")
    for target in spec.word_targets:
        for key in target.fields:
            need(key, "word_targets")
    if spec.eligibility:
        for rule in spec.eligibility.rules:
            for key in (rule.field, rule.grows_from, *rule.any_true, *(c.path for c in rule.when)):
                need(key, "eligibility")
        if spec.eligibility.regions:
            need(spec.eligibility.regions.detect_from, "eligibility.regions")
            need(spec.eligibility.regions.explicit, "eligibility.regions")
    for key in re.findall(r"{([^}]+)}", spec.output_folder):
        need(key, "output_folder")


def _check_option_rows(spec: FormSpec, cell: Cell, where: _Where, at: str) -> None:
    if not cell.option_rows:
        return
    listed = [v for row in cell.option_rows for v in row]
    values = [o.value for o in spec.field(cell.ref).options]
    if sorted(listed) != sorted(values):
        raise where.fail(at, f"option_rows 必须恰好列出 {cell.ref} 的每个选项一次")
