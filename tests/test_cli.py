"""The command line: exit codes, Chinese messages, and no output left behind on failure."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.loader import load_form
from pipeline.sample import sample_data


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True)


def write(tmp_path: Path, data, name: str = "in.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_render_writes_docx_and_pdf_named_after_the_unit(tmp_path: Path, capsys) -> None:
    data = sample_data(load_form("summary-2020"))
    assert main(["render", str(write(tmp_path, data)), "-o", str(tmp_path / "out")]) == 0
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["广州市工业和信息化局-推荐汇总表.docx", "广州市工业和信息化局-推荐汇总表.pdf"]
    assert (tmp_path / "out" / names[1]).read_bytes().startswith(b"%PDF")


def test_invalid_data_exits_1_names_the_field_and_writes_nothing(tmp_path: Path) -> None:
    data = sample_data(load_form("pilot-2020"))
    data["unit"]["postcode"] = "5106"
    out = tmp_path / "out"
    result = run("render", str(write(tmp_path, data)), "-o", str(out))
    assert result.returncode == 1
    assert "邮政编码（$.unit.postcode）" in result.stderr and "未生成任何文件" in result.stderr
    assert not out.exists() or list(out.iterdir()) == []


@pytest.mark.parametrize("content, message", [
    ("{not json", "不是有效的 JSON"),
    ("[1, 2]", "顶层必须是 JSON 对象"),
    ('{"unit": {}}', "缺少顶层成员 \"form\""),
    ('{"form": "pilot-2099"}', "未知的表单"),
])
def test_unreadable_input_exits_2(tmp_path: Path, content: str, message: str) -> None:
    result = run("validate", str(write(tmp_path, content)))
    assert result.returncode == 2
    assert message in result.stderr


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = run("render", str(tmp_path / "nope.json"), "-o", str(tmp_path))
    assert result.returncode == 2 and "文件不存在" in result.stderr


def test_usage_error_exits_2() -> None:
    assert run("render").returncode == 2
    assert run("schema", "no-such-form").returncode == 2


def test_validate_json_output(tmp_path: Path) -> None:
    data = sample_data(load_form("pilot-2020"))
    del data["contact"]["email"]
    result = run("validate", str(write(tmp_path, data)), "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False
    assert report["problems"] == [{"path": "$.contact.email", "label": "电子邮箱",
                                   "message": "必填，但未填写", "severity": "error"}]


def test_validate_ok_exits_0(tmp_path: Path) -> None:
    result = run("validate", str(write(tmp_path, sample_data(load_form("pilot-2020")))))
    assert result.returncode == 0 and "校验通过" in result.stdout


def test_schema_json_and_sample_agree(tmp_path: Path) -> None:
    from jsonschema import Draft202012Validator
    schema = json.loads(run("schema", "pilot-2020", "--json").stdout)
    sample = json.loads(run("sample", "pilot-2020").stdout)
    assert Draft202012Validator(schema).is_valid(sample)
    assert schema["properties"]["unit"]["properties"]["org_code"]["title"] == "组织机构代码"


def test_blank_renders_the_empty_form(tmp_path: Path) -> None:
    result = run("blank", "pilot-2020", "-o", str(tmp_path))
    assert result.returncode == 0
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".docx", ".pdf"]


def test_failed_write_leaves_no_partial_file(tmp_path: Path, monkeypatch) -> None:
    from pipeline import files

    def explode(*args, **kwargs):
        raise OSError("disk full")
    monkeypatch.setattr(files.os, "replace", explode)
    with pytest.raises(OSError):
        files.atomic_write(tmp_path / "x.pdf", b"%PDF")
    assert list(tmp_path.iterdir()) == []


def test_case_form_goes_into_the_folder_the_notice_names(tmp_path: Path) -> None:
    data = sample_data(load_form("case-2024"))
    result = run("render", str(write(tmp_path, data)), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "out" / f"[案例]-{data['unit']['name']}+{data['case']['name']}"
    assert sorted(p.suffix for p in folder.iterdir()) == [".docx", ".pdf"]
    assert "字数为" in result.stderr            # the short sample summary is a warning, not a failure


def test_strict_turns_warnings_into_errors(tmp_path: Path) -> None:
    data = sample_data(load_form("case-2024"))
    result = run("render", str(write(tmp_path, data)), "-o", str(tmp_path / "out"), "--strict")
    assert result.returncode == 1 and not (tmp_path / "out").exists()
    assert run("validate", str(write(tmp_path, data)), "--strict").returncode == 1


def test_blank_case_form_is_written_without_a_case_folder(tmp_path: Path) -> None:
    assert run("blank", "case-2024", "-o", str(tmp_path)).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["空白-广东省电子商务优秀案例申报表.docx",
                                                          "空白-广东省电子商务优秀案例申报表.pdf"]
