"""Every route of the web workbench through Starlette's TestClient: the answers are the library's
(validator, renderer, parser, checker, batch summary) and the limits hold."""
from __future__ import annotations

import base64
import io
import json
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any, Iterator

import pytest
from hypothesis import given, settings, strategies as st
from openpyxl import load_workbook
from starlette.testclient import TestClient

from conftest import INPUTS, ROOT, load_json
from pipeline.api import render_file
from pipeline.batch.summary import sheet_headers
from pipeline.cli import _parser
from pipeline.loader import form_ids, load_form
from pipeline.parse import parse_file
from pipeline.render import render_form
from pipeline.text import word_count
from pipeline.validate import validate
from pipeline.web.app import Settings, create_app
from pipeline.web.formpage import Caption, FieldView, form_sections
from pipeline.web.service import ATTACHMENT_NOTE
from pipeline.web.uploads import Limits
from small_print import small_print_pdf
from wordlike import edit_part, find_style, set_property

WEB = ROOT / "pipeline" / "web"
LOGISTICS = INPUTS / "pilot-2020-provider-logistics.json"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(workers=0))) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Rendered submissions: three applications (PDF, DOCX), and a DOCX in 小四."""
    folder = tmp_path_factory.mktemp("documents")
    out: dict[str, Path] = {}
    for name in ("pilot-2020-provider-logistics", "pilot-2020-platform", "demo-2020-region"):
        for path in render_file(INPUTS / f"{name}.json", folder / name).paths:
            out[f"{name}{path.suffix}"] = path
    small = folder / "small.docx"
    small.write_bytes(edit_part(out["pilot-2020-provider-logistics.docx"].read_bytes(), "word/styles.xml",
                                lambda s: set_property(find_style(s, "Normal"), "w:rPr", "w:sz", val="24")))
    out["small.docx"] = small
    return out


def files(*named: tuple[str, bytes]) -> list[tuple[str, tuple[str, bytes]]]:
    return [("files", (name, content)) for name, content in named]


# ---- pages --------------------------------------------------------------------------------------

def test_home_links_every_form_and_the_three_pages(client: TestClient) -> None:
    page = client.get("/").text
    for form_id in form_ids():
        assert f'href="/fill/{form_id}"' in page and load_form(form_id).title in page
    assert all(link in page for link in ('href="/check"', 'href="/collect"', "填写", "检查", "汇总"))


@pytest.mark.parametrize("form_id", form_ids())
def test_the_fill_page_has_each_field_of_the_form_once_labelled_as_printed(client: TestClient, form_id: str) -> None:
    spec = load_form(form_id)
    page = client.get(f"/fill/{form_id}").text
    for f in spec.fields:
        assert page.count(f'data-key="{f.key}"') == 1, f.key
        assert f.label.replace("&", "&amp;") in page
        for option in f.options:
            assert f'value="{option.value}"> {option.label}' in page
    assert page.count('class="value') + page.count('type="radio"') > 0


@pytest.mark.parametrize("form_id", form_ids())
def test_sections_place_every_field_once_in_printed_order_with_its_conditions(form_id: str) -> None:
    spec = load_form(form_id)
    seen: list[str] = []
    for section in form_sections(spec):
        for run in section.runs:
            for item in run.items:
                if isinstance(item, FieldView):
                    assert item.field.when == run.when
                    seen += [item.field.key] + ([item.detail.key] if item.detail else [])
    assert sorted(seen) == sorted(f.key for f in spec.fields)
    # a conditional field comes after the choice it depends on
    for f in spec.fields:
        for condition in f.when:
            assert seen.index(condition.path) < seen.index(f.key)


def test_the_logistics_block_shows_only_for_a_logistics_provider() -> None:
    runs = [run for s in form_sections(load_form("pilot-2020")) for run in s.runs]
    run = next(r for r in runs if any(isinstance(i, FieldView) and i.field.key == "provider.logistics.warehouse_area"
                                      for i in r.items))
    assert json.loads(run.when_json) == [{"path": "pilot.type", "equals": "provider"},
                                         {"path": "provider.service_type", "equals": "logistics"}]
    assert isinstance(run.items[0], Caption) and run.items[0].text == "物流和仓储类型服务商填"


def test_a_narrative_is_a_text_area_with_a_word_counter(client: TestClient) -> None:
    page = client.get("/fill/case-2024").text
    intro = re.search(r'<div class="field kind-textarea" data-key="intro"[^>]*data-max="(\d+)".*?</textarea>\s*'
                      r'<div class="count"[^>]*>字数 <b class="n">0</b> / 上限 (\d+)', page, re.S)
    assert intro and intro.group(1) == intro.group(2) == str(load_form("case-2024").field("intro").max_chars)


def test_unknown_form_is_a_chinese_404(client: TestClient) -> None:
    response = client.get("/fill/no-such-form")
    assert response.status_code == 404 and "没有表单“no-such-form”" in response.text


@pytest.mark.parametrize("path", ["/", "/fill/pilot-2020", "/check", "/collect"])
def test_pages_load_nothing_from_outside(client: TestClient, path: str) -> None:
    page = client.get(path).text
    assert not re.search(r'(src|href)="(https?:)?//', page)
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page):
        assert client.get(asset).status_code == 200


def test_static_files_hold_no_outside_address() -> None:
    for path in (WEB / "static").iterdir():
        assert not re.search(r"https?://", path.read_text(encoding="utf-8")), path.name


# ---- 填写 -----------------------------------------------------------------------------------------

def test_validate_answers_what_the_validator_says(client: TestClient) -> None:
    data = load_json(LOGISTICS)
    assert client.post("/api/validate", json=data).json() == {"valid": True, "problems": []}
    data["unit"]["postcode"] = "5106"
    data["provider"]["logistics"]["warehouse_area"] = "很大"
    answer = client.post("/api/validate", json=data).json()
    assert answer["valid"] is False
    assert answer["problems"] == [p.as_dict() for p in validate(load_form("pilot-2020"), data)]
    assert {p["path"] for p in answer["problems"]} == {"$.unit.postcode", "$.provider.logistics.warehouse_area"}


def test_validate_shows_the_eligibility_warnings(client: TestClient) -> None:
    data = load_json(LOGISTICS)
    data["provider"]["logistics"]["warehouse_area"] = 1500
    answer = client.post("/api/validate", json=data).json()
    assert answer["valid"] is True
    assert [(p["path"], p["severity"]) for p in answer["problems"]] == [("$.provider.logistics.warehouse_area", "warning")]
    assert "低于推荐条件" in answer["problems"][0]["message"]


def test_attached_file_paths_from_a_browser_are_never_opened(client: TestClient) -> None:
    data = load_json(LOGISTICS)
    data["attachments"] = {"license": ["/etc/passwd"]}
    problems = client.post("/api/validate", json=data).json()["problems"]
    assert [(p["path"], p["message"], p["severity"]) for p in problems] == [
        ("$.attachments.license", ATTACHMENT_NOTE, "warning")]
    archive = zipfile.ZipFile(io.BytesIO(client.post("/api/render", json=data).content))
    pdf = next(archive.read(n) for n in archive.namelist() if n.endswith(".pdf"))
    assert b"root:" not in pdf


@pytest.mark.parametrize("body, message", [(b"[1, 2]", "数据应为 JSON 对象"), (b"{", "请求不是有效的 JSON"),
                                           (b'{"form": "x"}', "数据的 form 应为以下之一")])
def test_validate_refuses_what_is_not_an_input_in_chinese(client: TestClient, body: bytes, message: str) -> None:
    response = client.post("/api/validate", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and message in response.json()["error"]


@settings(max_examples=30, deadline=None)
@given(st.text(alphabet=st.sampled_from("中文，。 abc 123 -.!（）“”\n　"), max_size=60))
def test_word_count_is_the_validators(text: str) -> None:
    with TestClient(create_app(Settings(workers=0))) as client:
        assert client.post("/api/wordcount", json={"texts": {"k": text}}).json() == {"counts": {"k": word_count(text)}}


def test_render_gives_the_renderers_documents_in_a_zip(client: TestClient) -> None:
    data = load_json(LOGISTICS)
    response = client.post("/api/render", json=data)
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    expected = render_form(load_form("pilot-2020"), data)
    assert response.headers["content-disposition"].endswith("UTF-8''" + _quoted(f"{expected.stem}.zip"))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.read(f"{expected.stem}.docx") == expected.docx
    assert archive.read(f"{expected.stem}.pdf") == expected.pdf


def _quoted(name: str) -> str:
    from urllib.parse import quote
    return quote(name)


def test_the_case_form_comes_in_its_folder(client: TestClient) -> None:
    data = load_json(INPUTS / "case-2024-other.json")
    archive = zipfile.ZipFile(io.BytesIO(client.post("/api/render", json=data).content))
    folder = f"[案例]-{data['unit']['name']}+{data['case']['name']}/"
    assert sorted(archive.namelist()) == sorted(f"{folder}{data['unit']['name']}-广东省电子商务优秀案例申报表.{s}"
                                                for s in ("docx", "pdf"))


def test_render_of_invalid_data_is_422_with_the_problems_and_no_file(client: TestClient) -> None:
    data = load_json(LOGISTICS)
    del data["unit"]["name"]
    response = client.post("/api/render", json=data)
    assert response.status_code == 422
    assert response.json()["problems"][0]["path"] == "$.unit.name" and "未生成文件" in response.json()["error"]


def test_preview_has_every_page_as_a_png(client: TestClient) -> None:
    data = load_json(INPUTS / "case-2024-other.json")
    answer = client.post("/api/preview", json=data).json()
    assert len(answer["pages"]) == render_form(load_form("case-2024"), data).pages
    png = base64.b64decode(answer["pages"][0].removeprefix("data:image/png;base64,"))
    assert png.startswith(b"\x89PNG") and answer["engine"].startswith("pypdfium2")


@pytest.mark.parametrize("kind", [".json", ".pdf", ".docx"])
def test_load_reads_json_and_rendered_documents_back(client: TestClient, documents: dict[str, Path], kind: str) -> None:
    expected = load_json(LOGISTICS)
    content = LOGISTICS.read_bytes() if kind == ".json" else documents[f"pilot-2020-provider-logistics{kind}"].read_bytes()
    answer = client.post("/api/load", files=files((f"我的申报书{kind}", content))).json()
    assert answer["form"] == "pilot-2020" and answer["data"] == expected
    assert answer["strategy"] == {".json": "json", ".pdf": "embedded", ".docx": "docx"}[kind]


@pytest.mark.parametrize("content, message", [(b"hello", "既不是 PDF 也不是 DOCX"), (b"%PDF-1.7 broken", "PDF"),
                                              (b"{\"form\": 1}", "数据的 form")])
def test_load_of_a_bad_file_names_it_as_the_user_did(client: TestClient, content: bytes, message: str) -> None:
    response = client.post("/api/load", files=files(("坏文件.pdf", content)))
    assert response.status_code == 400
    error = response.json()["error"]
    assert message in error and "shenbao-web-" not in error


def test_load_without_a_file_asks_for_one(client: TestClient) -> None:
    response = client.post("/api/load", files={"other": ("x", b"")})
    assert response.status_code == 400 and "请选择" in response.json()["error"]


# ---- 检查 -----------------------------------------------------------------------------------------

def test_check_reports_each_file_and_one_unreadable_file_does_not_stop_the_rest(
        client: TestClient, documents: dict[str, Path]) -> None:
    answer = client.post("/api/check", files=files(("字号不对.docx", documents["small.docx"].read_bytes()),
                                                   ("坏的.pdf", b"%PDF-1.4 not really"),
                                                   ("好的.pdf", documents["pilot-2020-provider-logistics.pdf"].read_bytes()))).json()
    small, broken, good = answer["reports"]
    assert small["file"] == "字号不对.docx" and small["compliant"] is False and small["kind"] == "docx"
    finding = next(f for f in small["findings"] if f["rule"] == "font-size.body")
    assert finding["expected"] == "14 磅（四号）" and finding["actual"] == "12 磅（小四）" and "段" in finding["location"]
    assert broken["file"] == "坏的.pdf" and "PDF" in broken["error"] and "shenbao-web-" not in broken["error"]
    assert good["compliant"] is True and good["findings"] == []


def test_check_marks_a_pdf_finding_on_its_page() -> None:
    with TestClient(create_app(Settings(workers=1))) as client:      # through the worker processes
        report = client.post("/api/check", files=files(("小四.pdf", small_print_pdf()))).json()["reports"][0]
    finding = next(f for f in report["findings"] if f["rule"] == "font-size.body")
    mark = finding["mark"]
    assert finding["location"] == "第 2 页“一、单位基本情况”" and mark["page"] == 2
    # the heading is drawn 90 pt from the left, 100 pt from the top of an A4 page (595 × 842 pt)
    assert mark["left"] == pytest.approx(90 / 595.28, abs=0.01)
    assert 0 < mark["top"] < 100 / 841.89 < mark["top"] + mark["height"] + 0.01
    assert [p["number"] for p in report["pages"]] == [2]
    assert report["pages"][0]["image"].startswith("data:image/png;base64,")
    toc = next(f for f in report["findings"] if f["rule"] == "toc")
    assert toc["mark"] is None


def test_check_opens_zips_and_says_what_it_skipped(client: TestClient, documents: dict[str, Path]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("收件/申报书.docx", documents["small.docx"].read_bytes())
        archive.writestr("收件/说明.txt", "hello")
        archive.writestr("__MACOSX/._申报书.docx", b"junk")
    answer = client.post("/api/check", files=files(("收件.zip", buffer.getvalue()))).json()
    assert [r["file"] for r in answer["reports"]] == ["收件.zip/收件/申报书.docx"]
    assert answer["notes"] == ["收件.zip/收件/说明.txt：不是 PDF 或 DOCX，已跳过"]


# ---- limits and temporary files ----------------------------------------------------------------------

@pytest.fixture
def small_limits() -> Iterator[TestClient]:
    limits = Limits(request_bytes=200_000, file_bytes=50_000, files=3, json_bytes=20_000)
    with TestClient(create_app(Settings(limits=limits, workers=0))) as client:
        yield client


def test_a_body_over_the_limit_is_413_in_chinese(small_limits: TestClient) -> None:
    response = small_limits.post("/api/check", files=files(("big.pdf", b"%PDF-" + b"0" * 300_000)))
    assert response.status_code == 413 and "上传内容太大" in response.json()["error"]


def test_a_streamed_body_over_the_limit_is_413(small_limits: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(30):
            yield b"x" * 10_000
    response = small_limits.post("/api/validate", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and "上传内容太大" in response.json()["error"]


def test_a_file_over_the_limit_and_too_many_files_are_413(small_limits: TestClient) -> None:
    response = small_limits.post("/api/check", files=files(("大.pdf", b"%PDF-" + b"0" * 60_000)))
    assert response.status_code == 413 and "大.pdf：文件太大" in response.json()["error"]
    response = small_limits.post("/api/check", files=files(*[(f"{n}.pdf", b"%PDF-") for n in range(4)]))
    assert response.status_code == 413 and "文件太多：一次最多 3 个文件" in response.json()["error"]
    response = small_limits.post("/api/validate", json={"form": "pilot-2020", "x": "字" * 10_000})
    assert response.status_code == 413 and "数据太大" in response.json()["error"]


def test_a_zip_entry_over_the_limit_is_413(small_limits: TestClient) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("炸弹.pdf", b"%PDF-" + b"0" * 5_000_000)      # a few kB packed
    assert len(buffer.getvalue()) < 50_000
    response = small_limits.post("/api/collect", files=files(("收件.zip", buffer.getvalue())))
    assert response.status_code == 413 and "收件.zip/炸弹.pdf：解压后太大" in response.json()["error"]


def test_uploads_go_in_a_temporary_folder_of_our_naming_that_is_removed(
        client: TestClient, documents: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    hostile = "../../../../tmp/evil.docx"
    answer = client.post("/api/check", files=files((hostile, documents["small.docx"].read_bytes()))).json()
    assert answer["reports"][0]["file"] == hostile
    assert list(tmp_path.iterdir()) == [] and not Path("/tmp/evil.docx").exists()


# ---- 汇总 -----------------------------------------------------------------------------------------

def _collected(client: TestClient, uploads: list[tuple[str, bytes]]) -> dict[str, Any]:
    started = client.post("/api/collect", files=files(*uploads)).json()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        state = client.get(f"/api/collect/{started['id']}").json()
        assert 0 <= state["done"] <= state["total"] == started["total"]
        if state["finished"]:
            return state
        time.sleep(0.1)
    raise AssertionError("the collect job did not finish")


@pytest.fixture(scope="module")
def collected(client: TestClient, documents: dict[str, Path]) -> dict[str, Any]:
    uploads = [("a/物流.pdf", documents["pilot-2020-provider-logistics.pdf"].read_bytes()),
               ("a/物流.docx", documents["pilot-2020-provider-logistics.docx"].read_bytes()),
               ("平台.docx", documents["pilot-2020-platform.docx"].read_bytes()),
               ("区域示范.pdf", documents["demo-2020-region.pdf"].read_bytes()),
               ("坏的.pdf", b"%PDF-1.4 nothing")]
    return _collected(client, uploads)


def test_collect_reads_each_submission_into_a_row_and_a_bad_file_fails_alone(collected: dict[str, Any]) -> None:
    assert collected["total"] == 4 and collected["done"] == 4          # 物流.pdf + 物流.docx are one
    assert [f["file"] for f in collected["failures"]] == ["坏的.pdf"]
    assert "shenbao-web-" not in collected["failures"][0]["message"]
    tables = {t["form"]: t for t in collected["tables"]}
    assert set(tables) == {"pilot-2020", "demo-2020"}
    pilot = tables["pilot-2020"]
    assert [c["label"] for c in pilot["columns"]] == sheet_headers(load_form("pilot-2020"))[2:]
    rows = {r["file"]: r for r in pilot["rows"]}
    assert set(rows) == {"a/物流.pdf + a/物流.docx", "平台.docx"}
    cells = {c["key"]: c for c in rows["平台.docx"]["cells"]}
    platform = load_json(INPUTS / "pilot-2020-platform.json")
    assert cells["unit.name"]["text"] == platform["unit"]["name"]
    assert cells["pilot.type"]["text"] == "电子商务平台试点"


def test_a_corrected_value_is_read_as_its_type_and_the_row_rechecked(client: TestClient, collected: dict[str, Any]) -> None:
    job = collected["id"]
    row = next(r for t in collected["tables"] for r in t["rows"] if r["file"] == "平台.docx")
    edit = {"row": row["index"], "key": "unit.postcode"}
    answer = client.post(f"/api/collect/{job}/edit", json={**edit, "text": "5106"}).json()
    postcode = next(c for c in answer["cells"] if c["key"] == "unit.postcode")
    assert postcode["severity"] == "error" and "6 位数字邮政编码" in postcode["messages"][0]
    assert answer["errors"] == 1
    answer = client.post(f"/api/collect/{job}/edit", json={**edit, "text": "515041"}).json()
    assert answer["errors"] == 0
    answer = client.post(f"/api/collect/{job}/edit", json={**edit, "key": "platform.employees", "text": "1,234 人"}).json()
    assert next(c for c in answer["cells"] if c["key"] == "platform.employees")["text"] == "1234"
    response = client.post(f"/api/collect/{job}/edit", json={**edit, "key": "platform.employees", "text": "很多"})
    assert response.status_code == 400 and "“很多”不是有效的数字" in response.json()["error"]
    response = client.post(f"/api/collect/{job}/edit", json={**edit, "key": "pilot.type", "text": "电子商务服务商试点"})
    assert response.status_code == 200
    client.post(f"/api/collect/{job}/edit", json={**edit, "key": "pilot.type", "text": "platform"})

    book = load_workbook(io.BytesIO(client.get(f"/api/collect/{job}/summary.xlsx").content))
    sheet = book["pilot-2020"]
    header = [c.value for c in sheet[1]]
    values = {r[0]: dict(zip(header, r)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["平台.docx"]["员工总数（platform.employees）"] == 1234
    assert values["平台.docx"]["邮政编码"] == "515041"
    assert [r[0] for r in book["未能读取"].iter_rows(min_row=2, values_only=True)] == ["坏的.pdf"]


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_attachment3_lists_the_applications(client: TestClient, collected: dict[str, Any], kind: str,
                                            tmp_path: Path) -> None:
    response = client.get(f"/api/collect/{collected['id']}/attachment3.{kind}",
                          params={"recommender": "广州市工业和信息化局"})
    assert response.status_code == 200
    path = tmp_path / f"附件3.{kind}"
    path.write_bytes(response.content)
    data = parse_file(path).data
    assert data["recommender"] == "广州市工业和信息化局"
    names = {r["name"] for r in data["pilot"]} | {r["name"] for r in data["demo"]}
    assert names == {load_json(INPUTS / f"{n}.json")["unit"]["name"]
                     for n in ("pilot-2020-provider-logistics", "pilot-2020-platform", "demo-2020-region")}


def test_unknown_collect_job_and_format_are_404(client: TestClient, collected: dict[str, Any]) -> None:
    response = client.get("/api/collect/nope")
    assert response.status_code == 404 and "找不到这次汇总" in response.json()["error"]
    assert client.get(f"/api/collect/{collected['id']}/attachment3.xls").status_code == 404


def test_attachment3_without_applications_says_so(client: TestClient) -> None:
    state = _collected(client, [("坏的.pdf", b"%PDF-1.4 nothing")])
    response = client.get(f"/api/collect/{state['id']}/attachment3.pdf")
    assert response.status_code == 400 and "没有读出任何示范" in response.json()["error"]


# ---- the command ------------------------------------------------------------------------------------

def test_serve_binds_to_this_machine_unless_told(tmp_path: Path) -> None:
    args = _parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)


def test_shenbao_serve_serves_the_pages() -> None:
    import socket
    import urllib.request
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "serve", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/collect", timeout=2) as response:
                    assert response.status == 200 and "汇总申报材料" in response.read().decode("utf-8")
                break
            except OSError:
                assert time.monotonic() < deadline and process.poll() is None, process.stderr.read()
                time.sleep(0.2)
    finally:
        process.terminate()
        out, _ = process.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}/" in out


def test_serve_on_a_port_in_use_says_so_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    from pipeline.cli import main
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    assert f"无法在 127.0.0.1:{port} 上启动" in capsys.readouterr().err


def test_deeply_nested_json_is_refused_in_chinese(client: TestClient) -> None:
    body = b"[" * 100_000 + b"]" * 100_000
    response = client.post("/api/validate", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and "嵌套过深" in response.json()["error"]


def test_a_zip_of_too_many_entries_is_413(small_limits: TestClient) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(31):
            archive.writestr(f"{n}.txt", "")
    response = small_limits.post("/api/check", files=files(("多.zip", buffer.getvalue())))
    assert response.status_code == 413 and "条目太多（31 个）" in response.json()["error"]


# ---- a worker that dies ------------------------------------------------------------------------

def test_a_dying_worker_fails_its_own_task_only() -> None:
    import asyncio

    from crashing import DEADLY, echo_or_die
    from pipeline.web.pool import WorkerCrashed, WorkerPool

    pool = WorkerPool(2)

    async def all_of(values: list[str]) -> list[Any]:
        return await asyncio.gather(*(pool.run(echo_or_die, v) for v in values), return_exceptions=True)

    try:
        values = ["甲", "乙", DEADLY, "丙", "丁"]
        results = asyncio.run(all_of(values))
        assert [r for r in results if not isinstance(r, BaseException)] == ["甲", "乙", "丙", "丁"]
        assert isinstance(results[2], WorkerCrashed) and "工作进程意外退出" in str(results[2])
        assert asyncio.run(all_of(["戊"])) == ["戊"]          # the pool was made anew
    finally:
        pool.close()


def test_a_submission_that_kills_its_worker_fails_alone_in_a_collect(documents: dict[str, Path]) -> None:
    from crashing import DEADLY, parse_or_die
    from pipeline.web.collect import JobBoard, job_payload
    from pipeline.web.pool import WorkerPool
    from pipeline.web.uploads import UploadFolder

    pool = WorkerPool(2)
    board = JobBoard(pool, window=4, read=parse_or_die)
    folder = UploadFolder(Limits())
    for name, key in (("物流.pdf", "pilot-2020-provider-logistics.pdf"), (f"{DEADLY}.pdf", "pilot-2020-platform.pdf"),
                      ("区域.pdf", "demo-2020-region.pdf")):
        folder.add(name, documents[key].read_bytes(), ".pdf")
    try:
        job = board.start(folder, [])
        deadline = time.monotonic() + 120
        while not job.finished and time.monotonic() < deadline:
            time.sleep(0.1)
        state = job_payload(job)
    finally:
        pool.close()
    assert state["done"] == 3 and [f["file"] for f in state["failures"]] == [f"{DEADLY}.pdf"]
    assert "工作进程意外退出" in state["failures"][0]["message"]
    assert sorted(r["file"] for t in state["tables"] for r in t["rows"]) == ["区域.pdf", "物流.pdf"]
    assert not folder.root.exists()


def test_unknown_pages_and_methods_are_answered_in_chinese(client: TestClient) -> None:
    assert "找不到这个页面" in client.get("/nowhere").text
    response = client.get("/api/validate")
    assert response.status_code == 405 and response.json()["error"] == "不支持这种请求方式"


def test_a_broken_pool_leaves_no_worker_behind() -> None:
    """A worker started while the pool breaks (a submit racing the crash) is ended with the
    others: Python 3.11 left such a worker waiting for work, and the interpreter waited for it
    at exit forever (a test run hung after its last test)."""
    from concurrent.futures.process import BrokenProcessPool

    from crashing import DEADLY, echo_or_die
    from pipeline.web.pool import WorkerPool

    pool = WorkerPool(2)
    executor = pool.executor()
    assert executor.submit(echo_or_die, "甲").result() == "甲"      # one worker started, now idle
    table, manager = executor._processes, executor._executor_manager_thread
    crash = executor.submit(echo_or_die, DEADLY)
    deadline = time.monotonic() + 30
    for _ in range(200):                        # submits racing the crash may start a second worker
        if crash.done() or time.monotonic() > deadline:
            break
        try:
            executor.submit(echo_or_die, "乙")
        except (BrokenProcessPool, RuntimeError):
            break
        time.sleep(0.002)
    assert isinstance(crash.exception(timeout=30), BrokenProcessPool)
    pool.replace(executor)
    assert not [p for p in table.values() if p.is_alive()]
    manager.join(timeout=20)
    assert not manager.is_alive()
    pool.close()


def test_a_task_the_broken_pool_left_pending_is_run_again() -> None:
    """Python 3.11's pool can leave a task submitted while it broke pending for ever; replacing
    the pool fails it (so its request runs it again alone) instead of waiting on it."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from pipeline.web.pool import WorkerPool

    pool = WorkerPool(1)
    executor = pool.executor()
    left_pending: Future[str] = Future()
    pool._in_flight.setdefault(executor, set()).add(left_pending)     # as _submit records it
    pool.replace(executor)
    assert isinstance(left_pending.exception(timeout=5), BrokenProcessPool)
    pool.close()
