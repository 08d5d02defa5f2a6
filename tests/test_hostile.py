"""Hostile and careless input (issue 12): each reproducer of the issue, run as a command where it
was one, answered with a Chinese message naming the file or the field (label and JSON path), the
documented exit code, no traceback and nothing left behind."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import NameObject, StreamObject

from pipeline import limits
from pipeline.batch.report import as_csv_text
from pipeline.cli import main
from pipeline.loader import load_form
from pipeline.render import linebreak, render_form
from pipeline.sample import sample_data
from pipeline.validate import validate

from conftest import ROOT

PILOT_NAME_LABEL = "试点单位名称（$.unit.name）"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=300)


def write(path: Path, data: Any) -> Path:
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=True)
    path.write_text(text, encoding="utf-8")
    return path


def pilot(**unit: Any) -> dict[str, Any]:
    data = sample_data(load_form("pilot-2020"))
    data["unit"].update(unit)
    return data


def assert_clean_failure(result: subprocess.CompletedProcess, code: int, *needles: str) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for needle in needles:
        assert needle in result.stderr + result.stdout, result.stderr


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*")) if folder.exists() else []


# ---- 1. nesting and digits ------------------------------------------------------------------

def test_deep_nesting_and_huge_integers_are_refused_and_the_batch_goes_on(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    deep = write(src / "deep.json", "[" * 100_000 + "]" * 100_000)
    digits = write(src / "digits.json", '{"form": "pilot-2020", "unit": {"registered_capital": ' + "9" * 5000 + "}}")
    assert_clean_failure(run("validate", str(deep)), 2, "deep.json：JSON 嵌套过深")
    assert_clean_failure(run("validate", str(digits)), 2, "digits.json", "5000 位")
    write(src / "good.json", sample_data(load_form("summary-2020")))
    out = tmp_path / "out"
    result = run("batch", "render", str(src), "-o", str(out), "-j", "1")
    assert_clean_failure(result, 1)
    items = {Path(i["item"]).name: i for i in json.loads((out / "report.json").read_text("utf-8"))["items"]}
    assert items["good.json"]["status"] == "ok" and len(items["good.json"]["outputs"]) == 2
    assert items["deep.json"]["status"] == items["digits.json"]["status"] == "failed"


# ---- 2. lone surrogates -----------------------------------------------------------------------

def test_a_lone_surrogate_is_a_validation_error_naming_the_field(tmp_path: Path) -> None:
    data = pilot(name="名\ud800称")
    data["attachments"] = {"license": ["证\udc00.png"]}
    path = write(tmp_path / "in.json", data)
    result = run("validate", str(path))
    assert_clean_failure(result, 1, PILOT_NAME_LABEL, "U+D800", "$.attachments.license[0]")
    result = run("render", str(path), "-o", str(tmp_path / "out"))
    assert_clean_failure(result, 1, "未生成任何文件")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("noncharacter", ["\ufffe", "\uffff"])
def test_a_noncharacter_is_a_validation_error_naming_the_field(tmp_path: Path, noncharacter: str) -> None:
    """U+FFFE and U+FFFF are valid JSON but XML cannot hold them: named before rendering."""
    path = write(tmp_path / "in.json", pilot(name=f"名{noncharacter}称"))
    result = run("render", str(path), "-o", str(tmp_path / "out"))
    assert_clean_failure(result, 1, PILOT_NAME_LABEL, f"U+{ord(noncharacter):04X}")
    assert not (tmp_path / "out").exists()


# ---- 3. Latin runs: one 字 each, but bounded in characters -----------------------------------

def test_text_is_capped_in_characters_as_well_as_字(tmp_path: Path) -> None:
    long_name = write(tmp_path / "name.json", pilot(name="a" * 300))
    assert_clean_failure(run("validate", str(long_name)), 1, PILOT_NAME_LABEL, "300 个字符")
    long_address = write(tmp_path / "address.json", pilot(address="a" * 5000))
    result = run("render", str(long_address), "-o", str(tmp_path / "out"))
    assert_clean_failure(result, 1, "联系地址（$.unit.address）", "5000 个字符")
    summary = sample_data(load_form("summary-2020"))
    summary["demo"][0]["name"] = "a" * 5000
    problems = validate(load_form("summary-2020"), summary)
    assert any(p.path == "$.demo[0].name" and "字符" in p.message for p in problems)
    assert not (tmp_path / "out").exists()


def test_text_at_the_character_caps_renders(tmp_path: Path) -> None:
    spec = load_form("pilot-2020")
    name_cap = limits.text_char_limit(spec.field("unit.name").max_chars, long_text=False)
    data = pilot(name="a" * name_cap, address="b" * limits.text_char_limit(80, long_text=False))
    data["unit"]["name"] = "a" * name_cap
    assert not [p for p in validate(spec, data) if p.severity == "error"]
    rendered = render_form(spec, data)
    assert rendered.pdf.startswith(b"%PDF") and len(rendered.stem.encode()) <= limits.MAX_FILE_NAME_BYTES


# ---- 4. NaN and Infinity ------------------------------------------------------------------------

@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_non_finite_numbers_are_refused(tmp_path: Path, token: str) -> None:
    text = json.dumps(pilot()).replace('"registered_capital": 5000', f'"registered_capital": {token}')
    assert token in text
    result = run("render", str(write(tmp_path / "in.json", text)), "-o", str(tmp_path / "out"))
    assert_clean_failure(result, 2, "in.json：不是有效的输入")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("form_id", ["pilot-2020", "demo-2020"])
def test_non_finite_and_huge_numbers_from_the_library_are_validation_errors(form_id: str) -> None:
    spec = load_form(form_id)
    for value in (float("nan"), float("inf"), 10.0 ** 13):
        data = sample_data(spec)
        data["unit"]["registered_capital"] = value
        problems = [p for p in validate(spec, data) if p.path == "$.unit.registered_capital"]
        assert problems and problems[0].label == "注册资本", (value, problems)


# ---- 5. file names in bytes ------------------------------------------------------------------

def test_long_unit_names_give_short_unique_file_names(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first, second = "广" * 58, "广" * 57 + "州"
    for n, name in enumerate((first, second)):
        result = run("render", str(write(tmp_path / f"{n}.json", pilot(name=name))), "-o", str(out))
        assert_clean_failure(result, 0)
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 4 and len({n.rsplit(".", 1)[0] for n in names}) == 2
    assert all(len(n.encode()) <= limits.MAX_FILE_NAME_BYTES + len(".docx") for n in names)


def test_a_case_with_long_names_goes_into_a_short_folder(tmp_path: Path) -> None:
    data = sample_data(load_form("case-2024"))
    data["unit"]["name"], data["case"]["name"] = "广" * 60, "州" * 60
    out = tmp_path / "out"
    result = run("render", str(write(tmp_path / "case.json", data)), "-o", str(out))
    assert_clean_failure(result, 0)
    (folder,) = out.iterdir()
    assert folder.name.startswith("[案例]-广") and len(folder.name.encode()) <= limits.MAX_FILE_NAME_BYTES
    assert sorted(p.suffix for p in folder.iterdir()) == [".docx", ".pdf"]


def test_a_unit_named_dot_makes_no_hidden_file(tmp_path: Path) -> None:
    result = run("render", str(write(tmp_path / "in.json", pilot(name="."))), "-o", str(tmp_path / "out"))
    assert_clean_failure(result, 0)
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]


# ---- 6. where the output goes ----------------------------------------------------------------

def test_output_folder_that_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "afile"
    target.write_text("x")
    result = run("render", str(write(tmp_path / "in.json", pilot())), "-o", str(target))
    assert_clean_failure(result, 2, "afile", "无法写入")
    assert target.read_text() == "x"
    data = sample_data(load_form("case-2024"))
    result = run("render", str(write(tmp_path / "case.json", data)), "-o", str(target / "sub"))
    assert_clean_failure(result, 2, "无法写入")


def test_a_folder_with_the_pdf_name_leaves_no_half_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    data = pilot()
    stem = render_stem(data)
    (out / f"{stem}.pdf").mkdir(parents=True)
    result = run("render", str(write(tmp_path / "in.json", data)), "-o", str(out))
    assert_clean_failure(result, 2, "已有同名的文件夹")
    assert [p.name for p in out.iterdir()] == [f"{stem}.pdf"]


def test_a_case_that_cannot_be_written_leaves_no_empty_folder(tmp_path: Path, monkeypatch) -> None:
    import errno
    from pipeline import files
    from pipeline.api import render_file
    from pipeline.errors import OutputError

    def disk_full(*args: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(args[1]))
    monkeypatch.setattr(files.os, "replace", disk_full)
    out = tmp_path / "out"
    with pytest.raises(OutputError, match="磁盘空间不足"):
        render_file(write(tmp_path / "case.json", sample_data(load_form("case-2024"))), out)
    assert files_in(out) == [] and not out.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_an_unwritable_folder(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    result = run("render", str(write(tmp_path / "in.json", pilot())), "-o", str(locked / "out"))
    assert_clean_failure(result, 2, "没有访问权限")


def render_stem(data: dict[str, Any]) -> str:
    from pipeline.render import output_stem
    return output_stem(load_form(data["form"]), data)


# ---- 7. attachments -----------------------------------------------------------------------------

def _png(path: Path, size: tuple[int, int], mode: str = "1") -> None:
    Image.new(mode, size).save(path, "PNG")


def _corrupt_png(path: Path) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (200, 200), (200, 30, 30)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    start = data.index(b"IDAT") + 10
    data[start:start + 30] = b"\0" * 30
    path.write_bytes(bytes(data))


def _zero_box_pdf(path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.pages[0].mediabox.lower_left = (0, 0)
    writer.pages[0].mediabox.upper_right = (0, 0)
    writer.write(path)


ATTACHMENTS = {
    "loop.png": (lambda p: os.symlink(p.name, p), "无法读取文件"),
    "bomb.png": (lambda p: _png(p, (20000, 20000)), "图片尺寸超出上限"),
    "big.png": (lambda p: _png(p, (13000, 13000)), "图片尺寸 13000×13000 像素超出上限"),
    "cmyk.jpg": (lambda p: Image.new("CMYK", (40, 30)).save(p, "JPEG"), "图片颜色模式 CMYK 不受支持"),
    "corrupt.png": (_corrupt_png, "不是可用的 PDF、PNG 或 JPEG 文件（或文件已损坏）"),
    "zero.pdf": (_zero_box_pdf, "PDF 第 1 页的页面尺寸无效"),
}


def test_bad_attachments_are_validation_errors(tmp_path: Path) -> None:
    for name, (make, _) in ATTACHMENTS.items():
        make(tmp_path / name)
    data = pilot()
    data["attachments"] = {"license": [*ATTACHMENTS, "a\0b.png", "  "]}
    path = write(tmp_path / "in.json", data)
    started = time.monotonic()
    result = run("render", str(path), "-o", str(tmp_path / "out"))
    assert time.monotonic() - started < 60         # the 13000² image is not decoded
    needles = [f"$.attachments.license[{i}]）：{expected}" for i, (_, expected) in enumerate(ATTACHMENTS.values())]
    assert_clean_failure(result, 1, *needles, "$.attachments.license[6]）：文件路径含有控制字符",
                         "$.attachments.license[7]）：文件路径为空")
    assert not (tmp_path / "out").exists()


# ---- 8. one very long paragraph: linear ---------------------------------------------------------

def test_a_paragraph_split_over_pages_is_broken_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rest of a paragraph carried to the next page keeps its lines: the characters line
    breaking goes through (ours, and reportlab's for what it breaks) stay a small multiple of
    the text, whatever the number of pages (the rest used to be broken again on every page)."""
    import reportlab.platypus.paragraph as rl_paragraph
    seen: list[int] = []

    def counting(original: Any) -> Any:
        def wrapper(text: Any, *args: Any, **kwargs: Any) -> Any:
            seen.append(len(text))
            return original(text, *args, **kwargs)
        return wrapper
    monkeypatch.setattr("pipeline.render.pdf_lines.break_lines", counting(linebreak.break_lines))
    monkeypatch.setattr(rl_paragraph, "wordSplit", counting(rl_paragraph.wordSplit))
    data = pilot()
    text = ("广东省电子商务试点单位申报，数据部分用表格形式（见下表）。" * 1000)[:20_000]
    data["narrative"]["basic"]["overview"] = text
    rendered = render_form(load_form("pilot-2020"), data)
    assert rendered.pages > 25
    assert sum(n for n in seen if n > 1000) <= 4 * len(text)    # two layout passes (TOC), wrap + split


def test_narratives_are_capped(tmp_path: Path) -> None:
    data = pilot()
    data["narrative"]["basic"]["overview"] = "字" * (limits.MAX_LONG_TEXT_CHARS + 1)
    result = run("validate", str(write(tmp_path / "in.json", data)))
    assert_clean_failure(result, 1, "$.narrative.basic.overview", f"{limits.MAX_LONG_TEXT_CHARS} 个字符的上限")


# ---- 9. documents that inflate -----------------------------------------------------------------

def _docx_bomb(path: Path, size: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", b"<" + b" " * size)


def _pdf_with_stream(path: Path, size: int) -> None:
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    stream = StreamObject()
    stream.set_data(b"0 0 m\n" * (size // 6))
    stream = stream.flate_encode()
    page[NameObject("/Contents")] = writer._add_object(stream)
    writer.write(path)


def test_a_docx_part_that_inflates_past_the_limit_is_refused(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(limits, "MAX_DOCX_PART_BYTES", 2 * limits.MB)
    bomb = tmp_path / "bomb.docx"
    _docx_bomb(bomb, 3 * limits.MB)
    assert main(["parse", str(bomb)]) == 2
    assert main(["check", str(bomb)]) == 2
    err = capsys.readouterr().err
    assert err.count("bomb.docx：DOCX 文件的部件 word/document.xml 解压后有 3 MB") == 2


def test_a_pdf_stream_that_inflates_past_the_limit_is_refused(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(limits, "MAX_PDF_STREAM_BYTES", 2 * limits.MB)
    bomb = tmp_path / "bomb.pdf"
    _pdf_with_stream(bomb, 3 * limits.MB)
    assert bomb.stat().st_size < 200_000
    assert main(["parse", str(bomb)]) == 2
    assert main(["check", str(bomb)]) == 2
    assert capsys.readouterr().err.count("解压后超过 2 MB 的上限") == 2


# ---- 10. an invalid input does not take a valid one's names ----------------------------------

def test_an_invalid_input_does_not_claim_the_output_names(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    invalid = pilot()
    invalid["unit"]["postcode"] = "5106"
    write(src / "a-invalid.json", invalid)
    write(src / "b-valid.json", pilot())
    result = run("batch", "render", str(src), "-o", str(out), "-j", "1")
    assert_clean_failure(result, 1, "邮政编码（$.unit.postcode）")
    items = {Path(i["item"]).name: i for i in json.loads((out / "report.json").read_text("utf-8"))["items"]}
    assert items["a-invalid.json"]["status"] == "failed" and items["b-valid.json"]["status"] == "ok"
    assert all((out / o).is_file() for o in items["b-valid.json"]["outputs"])


def test_an_item_that_cannot_be_planned_fails_alone(tmp_path: Path, monkeypatch) -> None:
    from pipeline.batch import batch_render
    src = tmp_path / "in"
    src.mkdir()
    write(src / "a.json", pilot(name="甲公司"))
    write(src / "b.json", pilot(name="乙公司"))
    real = __import__("pipeline.batch.rendering", fromlist=["expected_outputs"]).expected_outputs

    def flaky(form_id: str, data: dict[str, Any]) -> list[str]:
        if data["unit"]["name"] == "甲公司":
            raise RuntimeError("计划时出错")
        return real(form_id, data)
    monkeypatch.setattr("pipeline.batch.rendering.expected_outputs", flaky)
    result = batch_render([src], tmp_path / "out")
    assert [i.status for i in result.items] == ["failed", "ok"]
    assert "计划时出错" in result.items[0].messages[0]


# ---- 11. Ctrl-C ---------------------------------------------------------------------------------

CONSOLE_SCRIPT = "from pipeline.entry import console; console()"     # what the installed `shenbao` runs


def _interrupt_after(args: list[str], delay: float | Any, cwd: Path) -> tuple[subprocess.CompletedProcess, float]:
    """Run the console script, then Ctrl-C it after ``delay`` seconds, or once ``delay()`` holds."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-c", CONSOLE_SCRIPT, *args], cwd=cwd, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    if callable(delay):
        deadline = time.monotonic() + 240
        while not delay() and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
    else:
        time.sleep(delay)
    os.killpg(process.pid, signal.SIGINT)              # as a terminal's Ctrl-C: the whole group
    started = time.monotonic()
    out, err = process.communicate(timeout=60)
    return subprocess.CompletedProcess(args, process.returncode, out, err), time.monotonic() - started


def test_ctrl_c_stops_a_parallel_batch_within_seconds(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for n in range(16):
        write(src / f"{n:02}.json", pilot(name=f"第{n}号公司"))
    first_written = lambda: (out / ".shenbao-batch.journal").exists()     # noqa: E731 — one item done
    result, took = _interrupt_after(["batch", "render", str(src), "-o", str(out), "-j", "2"], first_written, tmp_path)
    assert_clean_failure(result, 130, "已中断")
    assert took < 10
    manifest = json.loads((out / ".shenbao-batch.json").read_text("utf-8"))     # written whole on the way out
    done = manifest["entries"]["render"]
    assert done and not (out / ".shenbao-batch.journal").exists()
    for entry in done.values():
        for name, facts in entry["files"].items():
            assert (out / name).stat().st_size == facts["size"]
    assert not [p for p in files_in(out) if p.name.endswith(".tmp")]
    result = run("batch", "render", str(src), "-o", str(out), "-j", "2")   # resumes and completes
    assert_clean_failure(result, 0)
    assert f"跳过 {len(done)}（已是最新）" in result.stderr


def test_ctrl_c_while_starting_prints_no_traceback(tmp_path: Path) -> None:
    """Ctrl-C 0.3 s in, while the libraries load or the first file is read: a folder of PDFs to
    check keeps the command busy for seconds, so the interrupt never comes after it ended (a
    check of an empty folder now ends in less than that)."""
    folder = tmp_path / "docs"
    folder.mkdir()
    pdf = render_form(load_form("pilot-2020"), pilot()).pdf
    for n in range(6):
        (folder / f"{n}.pdf").write_bytes(pdf)
    result, _ = _interrupt_after(["check", str(folder)], 0.3, tmp_path)
    assert_clean_failure(result, 130, "已中断")


# ---- 12. a reader that stops reading -----------------------------------------------------------

@pytest.mark.parametrize("args", [["schema", "demo-2020", "--json"], ["forms"], ["check", "{pdf}", "--json"],
                                  ["check", "{dir}"]])
def test_a_closed_pipe_is_not_a_traceback(tmp_path: Path, args: list[str]) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    rendered = render_form(load_form("summary-2020"), sample_data(load_form("summary-2020")))
    (folder / "a.pdf").write_bytes(rendered.pdf)
    for n in range(3):
        (folder / f"b{n}.docx").write_bytes(rendered.docx)
    args = [a.format(pdf=folder / "a.pdf", dir=folder) for a in args]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "pipeline.cli", *args], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    process.stdout.close()                          # like `| head -0`: nobody reads
    err = process.stderr.read()
    process.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipe" not in err
    assert process.returncode in (0, 1, 141)


# ---- 13. formula injection -------------------------------------------------------------------

def test_formulas_in_names_stay_text_in_summary_xlsx_and_report_csv(tmp_path: Path) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    result = run("render", str(write(tmp_path / "in.json", pilot(name="=1+2"))), "-o", str(docs))
    assert_clean_failure(result, 0)
    (docs / "report.json").write_text("not a pdf")   # unreadable: listed with its name
    bad = docs / "=HYPERLINK(1).pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    result = run("batch", "parse", bad.name, *[p.name for p in docs.glob("=1+2*.pdf")], "-o", str(out), "-j", "1",
                 cwd=docs)
    assert_clean_failure(result, 1)
    book = load_workbook(out / "summary.xlsx")
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
    with (out / "report.csv").open(encoding="utf-8-sig", newline="") as handle:
        items = [row["item"] for row in csv.DictReader(handle)]
    assert "'=HYPERLINK(1).pdf" in items
    assert as_csv_text("@SUM(A1)") == "'@SUM(A1)" and as_csv_text("[错误] x") == "[错误] x"


# ---- minor ones ---------------------------------------------------------------------------------

def test_check_dir_names_the_unreadable_file_and_no_english_log_lines(tmp_path: Path) -> None:
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "truncated.pdf").write_bytes(render_form(load_form("summary-2020"), None).pdf[:3000])
    result = run("check", str(tmp_path))
    assert_clean_failure(result, 2, "broken.docx", "truncated.pdf")
    assert "EOF marker" not in result.stderr.split("（")[0]
    assert not [line for line in result.stderr.splitlines() if line and line.isascii()]


def test_parse_and_check_agree_on_an_empty_password_pdf(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=io.BytesIO(render_form(load_form("summary-2020"), None).pdf))
    writer.encrypt(user_password="", owner_password="owner")
    path = tmp_path / "locked.pdf"
    writer.write(path)
    for command in ("parse", "check"):
        assert_clean_failure(run(command, str(path)), 2, "locked.pdf：PDF 文件已加密")


def test_resume_redoes_an_output_truncated_after_it_was_written(tmp_path: Path) -> None:
    from pipeline.batch import batch_render
    src = write(tmp_path / "in.json", sample_data(load_form("summary-2020")))
    out = tmp_path / "out"
    first = batch_render([src], out)
    pdf = out / next(o for o in first.items[0].outputs if o.endswith(".pdf"))
    pdf.write_bytes(pdf.read_bytes()[:1000])
    again = batch_render([src], out)
    assert again.items[0].status == "ok" and pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000
    assert batch_render([src], out).items[0].status == "skipped"


def test_the_readme_states_every_limit_as_limits_py_has_it() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    constants = {name: value for name, value in vars(limits).items() if name.isupper() and isinstance(value, int)}
    for name, value in constants.items():
        if name in ("MB", "NAME_HASH_CHARS"):
            continue
        row = next((line for line in readme.splitlines() if f"`{name}`" in line), None)
        assert row is not None, f"README 限制 does not mention {name}"
        shown = f"{value // limits.MB} MB" if value >= limits.MB and value % limits.MB == 0 else f"{value:,}"
        if name == "MAX_NUMBER":
            shown = f"10{''.join('⁰¹²³⁴⁵⁶⁷⁸⁹'[int(d)] for d in str(len(str(value)) - 1))}"
        assert shown in row.split(f"`{name}`", 1)[1], (name, shown, row)


def test_parse_and_check_agree_on_a_page_tree_that_loops(tmp_path: Path) -> None:
    pdf = render_form(load_form("summary-2020"), sample_data(load_form("summary-2020"))).pdf
    pages = re.search(rb"(\d+) 0 obj\s*<<\s*/Count \d+ /Kids", pdf)       # the page tree's root…
    assert pages is not None
    looped = pdf.replace(b"/Kids [", b"/Kids [ " + pages.group(1) + b" 0 R ", 1)   # …made its own child
    assert looped != pdf
    path = tmp_path / "loop.pdf"
    path.write_bytes(looped)
    for command in ("parse", "check"):
        assert_clean_failure(run(command, str(path)), 2, "loop.pdf：PDF 文件已损坏或无法解析")


def test_a_batch_output_folder_that_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "afile"
    target.write_text("x")
    result = run("batch", "render", str(write(tmp_path / "in.json", pilot())), "-o", str(target), "-j", "1")
    assert_clean_failure(result, 2, "无法创建输出文件夹", "afile")


def test_a_long_pipe_table_cell_renders() -> None:
    """A data table whose cell is taller than a page: that table alone lets reportlab break
    inside its rows (it used to be a LayoutError)."""
    data = pilot()
    data["narrative"]["basic"]["overview"] = "| 项目 | 说明 |\n|---|---|\n| 甲 | " + "字" * 5000 + " |"
    assert render_form(load_form("pilot-2020"), data).pdf.startswith(b"%PDF")


@pytest.mark.parametrize("form_id, key, value", [
    ("demo-2020", "pilot_summary", "字" * 800),                      # the notice's own limit: 800 字
    ("pilot-2020", "unit.honors", "W" * 1200),                       # the character cap, one 字
])
def test_a_form_cell_taller_than_a_page_runs_on_to_the_next(tmp_path: Path, form_id: str, key: str,
                                                            value: str) -> None:
    """A value making its row of the 申报表 taller than a page (it used to be a LayoutError,
    then exit 2): the row is cut where the page ends and its value goes on at the top of the
    next page, as Word cuts a row; read back from the page alone, the value is whole."""
    from pipeline.data import get_value, set_value
    from pipeline.embedded import strip_embedded
    from pipeline.parse import parse_file
    data = sample_data(load_form(form_id))
    set_value(data, key, value)
    result = run("render", str(write(tmp_path / "in.json", data)), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    pdf = next((tmp_path / "out").glob("*.pdf"))
    pdf.write_bytes(strip_embedded(pdf.read_bytes()))
    read = parse_file(pdf)
    assert read.strategy == "layout" and get_value(read.data, key) == value
