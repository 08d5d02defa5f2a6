"""`shenbao batch render` / `batch parse`: outputs, reports, failures, resuming, JSON Lines,
summary.xlsx, 附件3, and the runner on a thread pool and on a Dask cluster."""
from __future__ import annotations

import csv
import hashlib
import json
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from pipeline.batch import batch_render, open_executor, run_tasks
from pipeline.batch.rendering import expected_outputs
from pipeline.batch.summary import FAILED_SHEET, SUMMARY_JSON, sheet_headers
from pipeline.cli import main
from pipeline.errors import UsageError
from pipeline.loader import load_form

from conftest import INPUTS, load_json

SAMPLES = ["demo-2020-provider.json", "pilot-2020-platform.json", "pilot-2020-provider-operation.json"]
EXPECTED_CONTENT = {   # 附件3's 试点（示范）内容 of each sample
    "demo-2020-provider.json": ("demo", "电子商务服务商示范（物流和仓储）"),
    "pilot-2020-platform.json": ("pilot", "电子商务平台试点"),
    "pilot-2020-provider-operation.json": ("pilot", "电子商务服务商试点（交易托管和代运营）"),
}
RECOMMENDER = "佛山市工业和信息化局"


def read_report(out: Path) -> dict[str, Any]:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def by_item(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {Path(i["item"]).name: i for i in report["items"]}


def leftovers(folder: Path) -> list[Path]:
    """Temporary files an interrupted or failed write would leave behind."""
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def summary_input(recommender: str = RECOMMENDER, name: str = "佛山市陶链网络科技有限公司") -> dict[str, Any]:
    """A small, fast-to-render input (附件3)."""
    return {"form": "summary-2020", "recommender": recommender,
            "demo": [{"name": name, "content": "电子商务平台示范", "remark": ""}], "pilot": []}


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# ---- batch render of a folder, then batch parse of what it wrote ---------------------------

@pytest.fixture(scope="module")
def rendered_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int, dict[str, Any]]:
    src = tmp_path_factory.mktemp("inputs")
    for name in SAMPLES:
        shutil.copy(INPUTS / name, src / name)
    out = tmp_path_factory.mktemp("rendered")
    code = main(["batch", "render", str(src), "-o", str(out), "-j", "2", "--summary", "--recommender", RECOMMENDER])
    return src, out, code, read_report(out)


def test_batch_render_writes_every_output_and_a_report(rendered_batch) -> None:
    src, out, code, report = rendered_batch
    assert code == 0
    assert report["command"] == "render" and report["failed"] == 0
    items = by_item(report)
    for name in SAMPLES:
        item = items[name]
        data = load_json(src / name)
        assert item["status"] == "ok", item
        assert item["outputs"] == expected_outputs(data["form"], data)
        for output in item["outputs"]:
            assert (out / output).stat().st_size > 10_000
        assert (out / item["outputs"][1]).read_bytes().startswith(b"%PDF-")
    with (out / "report.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["item", "status", "outputs", "message"]
    assert {Path(r["item"]).name for r in rows} >= set(SAMPLES)
    assert all(r["status"] == "ok" for r in rows)
    assert leftovers(out) == []


def test_batch_render_summary_lists_what_it_rendered_and_renders_again(rendered_batch, tmp_path: Path) -> None:
    _, out, _, report = rendered_batch
    summary = json.loads((out / SUMMARY_JSON).read_text(encoding="utf-8"))
    assert summary["form"] == "summary-2020" and summary["recommender"] == RECOMMENDER
    listed = {(section, row["name"], row["content"]) for section in ("demo", "pilot") for row in summary[section]}
    expected = {(sec, load_json(INPUTS / n)["unit"]["name"], content) for n, (sec, content) in EXPECTED_CONTENT.items()}
    assert listed == expected
    assert (out / "附件3-推荐汇总表.docx").is_file() and (out / "附件3-推荐汇总表.pdf").is_file()
    assert by_item(report)["附件3 推荐汇总表"]["status"] == "ok"
    assert main(["render", str(out / SUMMARY_JSON), "-o", str(tmp_path)]) == 0   # the JSON checks in


def test_batch_parse_gives_the_inputs_back_with_summary_xlsx_and_附件3(rendered_batch, tmp_path: Path) -> None:
    src, rendered, _, _ = rendered_batch
    out = tmp_path / "summary"
    assert main(["batch", "parse", str(rendered), "-o", str(out), "-j", "1"]) == 0
    report = read_report(out)
    assert report["failed"] == 0
    submissions = [i for i in report["items"] if i["item"] != "附件3 推荐汇总表"]
    assert len(submissions) == len(SAMPLES) + 1          # the samples and the 附件3 the render wrote
    for name in SAMPLES:
        data = load_json(src / name)
        stem = Path(expected_outputs(data["form"], data)[1]).stem
        assert json.loads((out / f"{stem}.json").read_text(encoding="utf-8")) == data
    # summary.xlsx: a sheet per form, the printed labels as headers, a row per submission
    book = load_workbook(out / "summary.xlsx")
    assert book.sheetnames == ["demo-2020", "pilot-2020", "summary-2020"]
    pilot = list(book["pilot-2020"].iter_rows(values_only=True))
    headers = list(pilot[0])
    assert headers == sheet_headers(load_form("pilot-2020"))
    assert headers[:2] == ["文件", "问题"] and "试点单位名称" in headers and "试点内容" in headers
    rows = [dict(zip(headers, row, strict=True)) for row in pilot[1:]]
    names = {load_json(src / n)["unit"]["name"] for n in SAMPLES if n.startswith("pilot")}
    assert {r["试点单位名称"] for r in rows} == names
    assert all(r["问题"] is None for r in rows)
    assert all(r["文件"].endswith(".pdf + " + r["文件"].split(" + ")[0][:-4] + ".docx") for r in rows)
    platform = next(r for r in rows if r["试点内容"] == "电子商务平台试点")
    expected = load_json(src / "pilot-2020-platform.json")["platform"]["revenue"]
    assert platform["主营业务收入（万元）（platform.revenue）"] == expected     # numbers stay numbers
    assert len(list(book["demo-2020"].iter_rows())) == 2
    # 附件3 from the parsed 示范/试点 submissions
    summary = json.loads((out / SUMMARY_JSON).read_text(encoding="utf-8"))
    listed = {(section, row["name"], row["content"]) for section in ("demo", "pilot") for row in summary[section]}
    assert listed == {(sec, load_json(INPUTS / n)["unit"]["name"], c) for n, (sec, c) in EXPECTED_CONTENT.items()}
    assert summary["recommender"]            # guessed from the addresses, with a note saying so
    assert any("--recommender" in note for note in report["notes"])
    assert (out / "附件3-推荐汇总表.docx").is_file() and (out / "附件3-推荐汇总表.pdf").is_file()
    assert main(["render", str(out / SUMMARY_JSON), "-o", str(tmp_path / "again")]) == 0


def test_the_manifest_records_each_output_as_it_is_on_disk(rendered_batch, tmp_path: Path) -> None:
    """Sizes and hashes are taken of the bytes written, not read back: they must be the files'."""
    src, out, _, _ = rendered_batch
    parsed = tmp_path / "parsed"
    assert main(["batch", "parse", str(out), "-o", str(parsed)]) == 0
    for folder in (out, parsed):
        manifest = json.loads((folder / ".shenbao-batch.json").read_text("utf-8"))
        recorded = [facts for entries in manifest["entries"].values() for entry in entries.values()
                    for facts in entry["files"].items()]
        assert recorded and not (folder / ".shenbao-batch.journal").exists()
        for name, facts in recorded:
            data = (folder / name).read_bytes()
            assert facts == {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def test_an_output_edited_in_place_is_made_again(tmp_path: Path) -> None:
    source, out = write_json(tmp_path / "a.json", summary_input()), tmp_path / "out"
    (first,) = batch_render([source], out).items
    docx = out / next(o for o in first.outputs if o.endswith(".docx"))
    made = docx.read_bytes()
    docx.write_bytes(made[:-1] + bytes([made[-1] ^ 1]))            # same size, one bit changed
    assert batch_render([source], out).items[0].status == "ok" and docx.read_bytes() == made
    assert batch_render([source], out).items[0].status == "skipped"


def test_rerun_skips_everything_up_to_date(rendered_batch) -> None:
    src, out, _, _ = rendered_batch
    before = {p: p.stat().st_mtime_ns for p in out.glob("*.pdf") if not p.name.startswith("附件3")}
    assert main(["batch", "render", str(src), "-o", str(out), "-j", "1"]) == 0
    items = by_item(read_report(out))
    assert [items[n]["status"] for n in SAMPLES] == ["skipped"] * len(SAMPLES)
    assert {p: p.stat().st_mtime_ns for p in before} == before


# ---- failures, resuming after a change -----------------------------------------------------

def test_failed_items_are_reported_while_the_others_complete(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    write_json(src / "a-good.json", summary_input())
    bad = summary_input(recommender="")
    bad["demo"][0]["content"] = ""
    write_json(src / "b-invalid.json", bad)
    (src / "c-not-json.json").write_text("{\"form\": \"summary-2020\",", encoding="utf-8")
    assert main(["batch", "render", str(src), "-o", str(out)]) == 1
    items = by_item(read_report(out))
    assert items["a-good.json"]["status"] == "ok"
    assert items["b-invalid.json"]["status"] == "failed" and items["b-invalid.json"]["outputs"] == []
    messages = "\n".join(items["b-invalid.json"]["messages"])
    assert "推荐单位（$.recommender）" in messages and "试点（示范）内容" in messages
    assert items["c-not-json.json"]["status"] == "failed"
    assert "c-not-json.json：不是有效的 JSON" in items["c-not-json.json"]["messages"][0]
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(("report", "."))) == [
        f"{RECOMMENDER}-推荐汇总表.docx", f"{RECOMMENDER}-推荐汇总表.pdf"]
    assert leftovers(out) == []
    with (out / "report.csv").open(encoding="utf-8-sig", newline="") as handle:
        failed = {Path(r["item"]).name: r["message"] for r in csv.DictReader(handle) if r["status"] == "failed"}
    assert set(failed) == {"b-invalid.json", "c-not-json.json"} and "不是有效的 JSON" in failed["c-not-json.json"]

    # fixed, the failed one is rendered; the good one is not redone
    write_json(src / "b-invalid.json", summary_input("东莞市工业和信息化局", "东莞市莞仓智慧供应链有限公司"))
    (src / "c-not-json.json").unlink()
    assert main(["batch", "render", str(src), "-o", str(out)]) == 0
    items = by_item(read_report(out))
    assert items["a-good.json"]["status"] == "skipped" and items["b-invalid.json"]["status"] == "ok"

    # a changed input is rendered again, alone
    changed = summary_input("东莞市工业和信息化局", "东莞市莞仓智慧供应链有限公司")
    changed["demo"][0]["remark"] = "第一批试点"
    write_json(src / "b-invalid.json", changed)
    assert main(["batch", "render", str(src), "-o", str(out)]) == 0
    items = by_item(read_report(out))
    assert items["a-good.json"]["status"] == "skipped" and items["b-invalid.json"]["status"] == "ok"

    # an output that disappeared is made again
    (out / f"{RECOMMENDER}-推荐汇总表.pdf").unlink()
    assert main(["batch", "render", str(src), "-o", str(out)]) == 0
    assert by_item(read_report(out))["a-good.json"]["status"] == "ok"
    assert (out / f"{RECOMMENDER}-推荐汇总表.pdf").is_file()


def test_a_run_that_could_not_write_its_manifest_resumes_from_the_journal(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Each item's record is journaled as it ends; the manifest is written whole at the end. A
    run that never wrote it (killed, or the disk full) leaves the journal, which the next run
    reads — a last line left unfinished is passed over, and what follows it read."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    names = {"a": "佛山市工业和信息化局", "b": "东莞市工业和信息化局", "c": "中山市工业和信息化局"}
    for key, recommender in names.items():
        write_json(src / f"{key}.json", summary_input(recommender))

    def statuses() -> dict[str, str]:
        assert main(["batch", "render", str(src), "-o", str(out)]) in (0, 1)
        return {Path(i["item"]).stem: i["status"] for i in read_report(out)["items"]}

    def disk_full(self: Any) -> None:
        raise OSError(28, "No space left on device")

    journal, manifest = out / ".shenbao-batch.journal", out / ".shenbao-batch.json"
    with monkeypatch.context() as patched:
        patched.setattr("pipeline.batch.manifest.Manifest.save", disk_full)
        assert statuses() == {"a": "ok", "b": "ok", "c": "ok"}
        assert not manifest.exists() and len(journal.read_bytes().splitlines()) == 3
        with journal.open("ab") as handle:
            handle.write(b'{"version": 1, "command": "render", "ke')      # killed while writing
        write_json(src / "c.json", summary_input(names["c"], "中山市某某网络科技有限公司"))
        assert statuses() == {"a": "skipped", "b": "skipped", "c": "ok"}
    assert statuses() == {"a": "skipped", "b": "skipped", "c": "skipped"}
    assert not journal.exists()
    assert set(json.loads(manifest.read_text("utf-8"))["entries"]["render"]) == {
        str((src / f"{key}.json").resolve()) for key in names}

    # a failure drops the item's record, so once fixed it is rendered, not skipped
    write_json(src / "b.json", summary_input(""))
    assert statuses()["b"] == "failed"
    write_json(src / "b.json", summary_input(names["b"]))
    assert statuses() == {"a": "skipped", "b": "ok", "c": "skipped"}
    assert leftovers(out) == [] and not journal.exists()


def test_warnings_found_when_planning_are_reported_and_the_data_not_validated_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every input is validated when the batch is planned; the worker renders what it is given
    with those warnings. A task that does not carry them is validated by the worker."""
    from pipeline.batch import jobs
    from pipeline.sample import sample_data
    data = sample_data(load_form("case-2024"))              # its short 案例概述 is a warning
    source, out = write_json(tmp_path / "case.json", data), tmp_path / "out"
    validated_by_worker = []
    real = jobs.ensure_valid
    monkeypatch.setattr(jobs, "ensure_valid", lambda *a, **k: validated_by_worker.append(a) or real(*a, **k))

    (item,) = batch_render([source], out).items
    assert item.status == "ok" and any(m.startswith("[提醒]") and "字数为" in m for m in item.messages)
    assert validated_by_worker == []
    (again,) = batch_render([source], out).items
    assert again.status == "skipped" and again.messages == item.messages
    (strict,) = batch_render([source], tmp_path / "strict", strict=True).items
    assert strict.status == "failed" and any(m.startswith("[错误]") and "字数为" in m for m in strict.messages)

    task = jobs.RenderTask("case.json", "case-2024", data, str(tmp_path))
    assert jobs.render_item(task).warnings == item.messages and len(validated_by_worker) == 1
    invalid = jobs.RenderTask("bad.json", "summary-2020", summary_input(recommender=""), str(tmp_path))
    outcome = jobs.render_item(invalid)
    assert outcome.rendered is None and "推荐单位" in outcome.errors[0]


def test_inputs_are_planned_as_the_workers_take_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One pass: the first input is rendered before the last is read (the workers do not wait
    for the whole batch to be planned); an input named first still claims its output names
    first, and an invalid one claims none."""
    from pipeline.batch import inputs, jobs
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    invalid = summary_input()
    invalid["demo"][0]["content"] = ""
    write_json(src / "a-invalid.json", invalid)
    write_json(src / "b.json", summary_input())
    write_json(src / "c-same-name.json", summary_input(name="佛山市铝联网络科技有限公司"))
    write_json(src / "d.json", summary_input("东莞市工业和信息化局"))
    events: list[str] = []
    read, render = inputs._json_input, jobs.render_form
    monkeypatch.setattr(inputs, "_json_input", lambda path: events.append(f"read {path.name}") or read(path))
    monkeypatch.setattr(jobs, "render_form", lambda *a, **k: events.append("render") or render(*a, **k))
    result = batch_render([src], out, window=1)
    assert [i.status for i in result.items] == ["failed", "ok", "failed", "ok"]
    assert "重名" in result.items[2].messages[0] and "b.json" in result.items[2].messages[0]
    assert events.index("render") < events.index("read d.json")
    assert events.count("render") == 2


def test_the_progress_bar_counts_every_input_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its total is the inputs named (a folder's files, a JSON Lines file's lines); each moves it
    one step as it is done — failed when planned, skipped, or rendered."""
    from contextlib import contextmanager
    shown: dict[str, int] = {}

    @contextmanager
    def bar(total: int, description: str, enabled: bool):
        shown.update(total=total, steps=0)
        yield lambda: shown.update(steps=shown["steps"] + 1)
    monkeypatch.setattr("pipeline.batch.rendering.progress_ticks", bar)
    src = tmp_path / "in"
    src.mkdir()
    write_json(src / "a.json", summary_input())
    (src / "b.json").write_text("{oops", encoding="utf-8")
    lines = tmp_path / "more.jsonl"
    lines.write_text(json.dumps(summary_input("东莞市工业和信息化局"), ensure_ascii=False) + "\n\n{oops\n", encoding="utf-8")
    result = batch_render([src, lines], tmp_path / "out", progress=True)
    assert [i.status for i in result.items] == ["ok", "failed", "ok", "failed"]
    assert shown == {"total": 4, "steps": 4}
    result = batch_render([src, lines], tmp_path / "out", progress=True)
    assert [i.status for i in result.items] == ["skipped", "failed", "skipped", "failed"]
    assert shown == {"total": 4, "steps": 4}


def test_two_inputs_with_the_same_output_name(tmp_path: Path) -> None:
    first = write_json(tmp_path / "1.json", summary_input())
    second = write_json(tmp_path / "2.json", summary_input(name="佛山市铝联网络科技有限公司"))
    result = batch_render([first, second], tmp_path / "out")
    assert [i.status for i in result.items] == ["ok", "failed"]
    assert "重名" in result.items[1].messages[0] and "1.json" in result.items[1].messages[0]


def test_unexpected_errors_are_reported_not_swallowed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("渲染器坏了")
    monkeypatch.setattr("pipeline.batch.jobs.render_form", broken)
    result = batch_render([write_json(tmp_path / "x.json", summary_input())], tmp_path / "out")
    assert result.items[0].status == "failed"
    assert "意外错误 RuntimeError：渲染器坏了" in result.items[0].messages[0]
    assert not (tmp_path / "out" / f"{RECOMMENDER}-推荐汇总表.pdf").exists()


def test_json_lines_input(tmp_path: Path) -> None:
    lines = [json.dumps(summary_input(), ensure_ascii=False), "",
             json.dumps(summary_input(recommender=""), ensure_ascii=False), "{oops"]
    path = tmp_path / "all.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["batch", "render", str(path), "-o", str(out)]) == 1
    items = {i["item"]: i for i in read_report(out)["items"]}
    assert set(items) == {f"{path}:1", f"{path}:3", f"{path}:4"}
    assert items[f"{path}:1"]["status"] == "ok"
    assert (out / f"{RECOMMENDER}-推荐汇总表.pdf").is_file()
    assert items[f"{path}:3"]["status"] == "failed" and "推荐单位" in items[f"{path}:3"]["messages"][0]
    assert "第 4 行：不是有效的 JSON" in items[f"{path}:4"]["messages"][0]


def test_batch_parse_reports_unreadable_files(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "坏的.pdf").write_bytes(b"%PDF-1.7\nnot really")
    (src / "假的.docx").write_text("这不是 Word 文件", encoding="utf-8")
    (src / "说明.txt").write_text("不读", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["batch", "parse", str(src), "-o", str(out)]) == 1
    items = by_item(read_report(out))
    assert set(items) == {"坏的.pdf", "假的.docx"}
    assert all(i["status"] == "failed" for i in items.values())
    assert "PDF 文件已损坏" in items["坏的.pdf"]["messages"][0]
    assert "既不是 PDF 也不是 DOCX" in items["假的.docx"]["messages"][0]
    book = load_workbook(out / "summary.xlsx")
    assert book.sheetnames == [FAILED_SHEET]
    assert {row[0] for row in book[FAILED_SHEET].iter_rows(min_row=2, values_only=True)} == {
        str(src / "坏的.pdf"), str(src / "假的.docx")}
    assert not (out / SUMMARY_JSON).exists()


# ---- executors -----------------------------------------------------------------------------

def _square(n: int) -> int:
    if n == 3:
        raise ValueError("三不行")
    return n * n


def test_runner_with_a_thread_pool() -> None:
    with ThreadPoolExecutor(max_workers=3) as pool:
        done = list(run_tasks(_square, range(6), pool, window=2))
    assert sorted(d.task for d in done) == list(range(6))
    assert {d.task: d.result for d in done if d.error is None} == {0: 0, 1: 1, 2: 4, 4: 16, 5: 25}
    assert [str(d.error) for d in done if d.error is not None] == ["三不行"]


def test_batch_render_on_a_thread_pool(tmp_path: Path) -> None:
    inputs = [write_json(tmp_path / f"{city}.json", summary_input(f"{city}市工业和信息化局"))
              for city in ("广州", "深圳", "佛山")]
    with ThreadPoolExecutor(max_workers=2) as pool:
        result = batch_render(inputs, tmp_path / "out", pool, window=4)
    assert [i.status for i in result.items] == ["ok"] * 3
    for city in ("广州", "深圳", "佛山"):
        assert (tmp_path / "out" / f"{city}市工业和信息化局-推荐汇总表.pdf").read_bytes().startswith(b"%PDF-")


def test_dask_missing_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(UsageError, match=r"shenbao\[dask\]"):
        with open_executor(address="dask://127.0.0.1:8786"):
            pass


def test_batch_render_on_a_dask_cluster(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    distributed = pytest.importorskip("distributed", reason="dask[distributed] 未安装（pip install 'shenbao[dask]'）")
    inputs = [write_json(tmp_path / "a.json", summary_input()),
              write_json(tmp_path / "b.json", summary_input("东莞市工业和信息化局"))]
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:     # tasks and results pickled
        address = cluster.scheduler_address.replace("tcp://", "dask://")
        code = main(["batch", "render", *map(str, inputs), "-o", str(tmp_path / "out"), "--executor", address])
    assert code == 0, capsys.readouterr().err
    assert [i["status"] for i in read_report(tmp_path / "out")["items"]] == ["ok", "ok"]
    assert (tmp_path / "out" / "东莞市工业和信息化局-推荐汇总表.pdf").is_file()


def test_a_workplan_goes_through_batch_render_and_batch_parse(tmp_path: Path) -> None:
    """A form outside 附件1–3 (workplan-2014): rendered, read back whole, its sheet in summary.xlsx
    with the enterprises table one row per line."""
    src = tmp_path / "inputs"
    src.mkdir()
    shutil.copy(INPUTS / "workplan-2014.json", src / "workplan-2014.json")
    data = load_json(src / "workplan-2014.json")
    assert main(["batch", "render", str(src), "-o", str(tmp_path / "rendered"), "-j", "1"]) == 0
    assert by_item(read_report(tmp_path / "rendered"))["workplan-2014.json"]["outputs"] == expected_outputs("workplan-2014", data)
    assert main(["batch", "parse", str(tmp_path / "rendered"), "-o", str(tmp_path / "parsed"), "-j", "1"]) == 0
    stem = Path(expected_outputs("workplan-2014", data)[1]).stem
    assert json.loads((tmp_path / "parsed" / f"{stem}.json").read_text(encoding="utf-8")) == data
    sheet = list(load_workbook(tmp_path / "parsed" / "summary.xlsx")["workplan-2014"].iter_rows(values_only=True))
    row = dict(zip(sheet[0], sheet[1], strict=True))
    assert row["申报对象（基地名称）"] == data["base"]["name"] and row["问题"] is None
    assert row["用于电子商务相关产业的总体办公建筑面积（㎡）"] == data["base"]["office_area"]
    listed = row[load_form("workplan-2014").field("enterprises").label].split("\n")
    assert len(listed) == len(data["enterprises"]) and data["enterprises"][0]["name"] in listed[0]
