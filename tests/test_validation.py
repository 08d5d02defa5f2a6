"""Validation: samples pass, every kind of mistake is named by label and JSON path, in Chinese."""
from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from conftest import input_files, load_json, workplan_with_summary
from pipeline.codes import make_uscc, org_code_problem, uscc_check_digit
from pipeline.loader import form_ids, load_form
from pipeline.sample import sample_data
from pipeline.schema import form_schema
from pipeline.validate import validate
from strategies import USCC_BODY, form_data

PILOT = load_form("pilot-2020")


def errors(data: dict) -> list:
    return [p for p in validate(PILOT, data) if p.severity == "error"]


def sample() -> dict:
    return sample_data(PILOT)


def test_every_form_definition_loads_and_its_schema_is_valid(form_id: str) -> None:
    spec = load_form(form_id)
    Draft202012Validator.check_schema(form_schema(spec))
    assert spec.fields and spec.layout


def test_schema_titles_are_the_printed_labels(form_id: str) -> None:
    spec = load_form(form_id)
    schema = form_schema(spec)
    for field in spec.fields:
        node = schema
        for part in field.path:
            node = node["properties"][part]
        assert node["title"] == field.label


def test_generated_sample_is_valid(form_id: str, sample: dict) -> None:
    assert [p for p in validate(load_form(form_id), sample) if p.severity == "error"] == []
    assert Draft202012Validator(form_schema(load_form(form_id))).is_valid(sample)


@pytest.mark.parametrize("path", input_files(), ids=lambda p: p.name)
def test_bundled_inputs_are_valid(path) -> None:
    data = load_json(path)
    assert [str(p) for p in validate(load_form(data["form"]), data) if p.severity == "error"] == []


@pytest.mark.parametrize("form_id", form_ids())
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_valid_data_validates(form_id: str, data: st.DataObject) -> None:
    spec = load_form(form_id)
    value = data.draw(form_data(spec))
    assert [str(p) for p in validate(spec, value) if p.severity == "error"] == []
    assert Draft202012Validator(form_schema(spec)).is_valid(value)


def _one(data: dict) -> tuple[str, str, str]:
    found = errors(data)
    assert len(found) == 1, [str(p) for p in found]
    return found[0].path, found[0].label, found[0].message


def test_missing_required_field_names_label_and_path() -> None:
    data = sample()
    del data["unit"]["legal_rep"]
    assert _one(data)[:2] == ("$.unit.legal_rep", "法人代表")


def test_conditional_requirement_says_when() -> None:
    data = sample()          # 服务商 of the 物流和仓储 type
    del data["provider"]["logistics"]["warehouse_area"]
    path, label, message = _one(data)
    assert (path, label) == ("$.provider.logistics.warehouse_area", "自营仓储面积（㎡）")
    assert "服务商类型为“物流和仓储”" in message and "必填" in message


def test_rows_for_another_type_are_not_required() -> None:
    data = sample()
    data["provider"]["service_type"] = "finance"
    del data["provider"]["logistics"]
    data["provider"]["finance"] = {"microloan_license": False, "payment_license": True}
    assert errors(data) == []


def test_region_type_requires_the_region_block() -> None:
    data = sample()
    data["pilot"]["type"] = "region"
    found = {p.path for p in errors(data)}
    assert "$.region.park_name" in found and "$.region.ecommerce_revenue" in found


@pytest.mark.parametrize("path, value, fragment", [
    (("pilot", "type"), "nope", "region（电子商务区域试点）"),
    (("unit", "founded"), "2012-02-30", "不是有效的日期"),
    (("unit", "founded"), "2012/3/1", "YYYY-MM-DD"),
    (("contact", "mobile"), "1234", "11 位手机号码"),
    (("contact", "email"), "lin@", "电子邮箱"),
    (("unit", "postcode"), "51066", "6 位数字"),
    (("provider", "senior_ratio"), 120, "不能大于 100"),
    (("provider", "revenue"), -5, "不能小于 0"),
    (("provider", "revenue"), "6800万", "应为数字"),
    (("provider", "revenue"), 12.345, "两位小数"),
    (("provider", "employees"), 1.5, "应为整数"),
    (("provider", "logistics", "has_wms"), "是", "是/否"),
    (("unit", "org_code"), "91440101MA59RJX2X1", "校验位错误"),
    (("unit", "org_code"), "12345", "18 位"),
    (("unit", "name"), "甲" * 61, "超过 60 字"),
    (("narrative", "other"), "字\U0002A700", "U+2A700"),
])
def test_bad_values_get_chinese_messages(path: tuple, value, fragment: str) -> None:
    data = sample()
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    got_path, _, message = _one(data)
    assert got_path == "$." + ".".join(path)
    assert fragment in message


def test_characters_the_font_lacks_are_each_listed_once_in_order_of_first_use() -> None:
    data = sample()
    data["narrative"]["other"] = "甲\U0002A701乙\U0002A700\n\U0002A701丙" * 50 + "\U0001F600"
    _, _, message = _one(data)
    assert message == ("含有字体无法显示的字符 “\U0002A701”（U+2A701）、“\U0002A700”（U+2A700）、"
                       "“\U0001F600”（U+1F600），请改用常用字或删除")


def test_unknown_key_is_reported_with_its_name() -> None:
    data = sample()
    data["unit"]["nmae"] = "x"
    path, _, message = _one(data)
    assert path == "$.unit" and "nmae" in message


def test_profit_may_be_negative() -> None:
    data = sample()
    data["provider"]["profit"] = -120.5
    assert errors(data) == []


def test_validation_does_not_change_the_callers_data() -> None:
    data = sample()
    before = copy.deepcopy(data)
    validate(PILOT, data)
    assert data == before


def test_summary_rows_need_name_and_content() -> None:
    spec = load_form("summary-2020")
    data = sample_data(spec)
    data["pilot"].append({"name": "某公司"})
    found = [p for p in validate(spec, data) if p.severity == "error"]
    assert [(p.path, "必填" in p.message) for p in found] == [("$.pilot[1].content", True)]


@given(st.sampled_from(["91440101", "91440606", "12440000", "52440000"]),
       st.text(USCC_BODY, min_size=8, max_size=8))
def test_made_uscc_codes_pass_and_any_single_change_fails(prefix: str, body: str) -> None:
    code = make_uscc(prefix, body)
    assert org_code_problem(code) is None
    for i in range(18):
        for replacement in "0A":
            if code[i] != replacement:
                mutated = code[:i] + replacement + code[i + 1:]
                assert org_code_problem(mutated) is not None, mutated


USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@given(st.text(USCC_ALPHABET, min_size=17, max_size=17))
def test_uscc_check_digit_is_python_stdnum_s(seventeen: str) -> None:
    from stdnum.cn import uscc
    assert uscc_check_digit(seventeen) == uscc.calc_check_digit(seventeen)


@given(st.text("0123456789", min_size=8, max_size=8), st.text(USCC_ALPHABET, min_size=10, max_size=10))
def test_uscc_verdict_is_python_stdnum_s(registration: str, rest: str) -> None:
    """Where stdnum judges (the first 8 characters digits), a code passes the 统一社会信用代码
    checks exactly when it passes stdnum's; ours also checks the 组织机构代码 inside it."""
    from stdnum.cn import uscc
    for code in (registration + rest, registration + rest[:9] + uscc.calc_check_digit(registration + rest[:9])):
        problem = org_code_problem(code)
        assert (problem is None or "组织机构代码" in problem) == uscc.is_valid(code), (code, problem)


def test_uscc_registration_authority_may_be_a_letter() -> None:
    """GB 32100: position 1 is the 登记管理部门 (N 农业, Y 其他 …), position 2 the 机构类别."""
    for prefix in ("N2440101", "Y1440000", "91440101"):
        assert org_code_problem(make_uscc(prefix, "MA59RJX2")) is None
    assert "行政区划" in org_code_problem(make_uscc("914401A1", "MA59RJX2"))


def test_nine_character_organisation_code() -> None:
    assert org_code_problem("72743051-1") is None or "校验位" in org_code_problem("72743051-1")
    from pipeline.codes import org_code_check_digit
    good = "D2143569" + org_code_check_digit("D2143569")
    assert org_code_problem(good) is None
    assert org_code_problem(good[:8] + ("0" if good[8] != "0" else "1")) is not None


def test_sample_json_is_plain_json(form_id: str, sample: dict) -> None:
    assert json.loads(json.dumps(sample, ensure_ascii=False)) == sample


CASE = load_form("case-2024")


def _case_with(intro: str = "简介", summary_chars: int = 2000) -> dict:
    data = sample_data(CASE)
    data["intro"] = intro
    quarter = summary_chars // 4
    for i, key in enumerate(("background", "innovation", "benefit", "demonstration")):
        data["summary"][key] = "案" * (quarter + (summary_chars % 4 if i == 0 else 0))
    return data


@pytest.mark.parametrize("chars, ok", [(500, True), (501, False)])
def test_intro_limit_is_500_chars_counted_like_word(chars: int, ok: bool) -> None:
    problems = [p for p in validate(CASE, _case_with(intro="字" * (chars - 1) + "A1")) if p.severity == "error"]
    assert (problems == []) is ok
    if not ok:
        assert problems[0].path == "$.intro" and problems[0].label.startswith("一、参评单位简介")
        assert f"字数为 {chars}" in problems[0].message


@pytest.mark.parametrize("chars, warned", [(1499, True), (1500, False), (2000, False), (2500, False), (2501, True)])
def test_case_summary_about_2000_chars_warns_outside_a_quarter(chars: int, warned: bool) -> None:
    warnings = [p for p in validate(CASE, _case_with(summary_chars=chars)) if p.severity == "warning"]
    assert bool(warnings) is warned
    if warned:
        assert warnings[0].path == "$.summary" and f"字数为 {chars}" in warnings[0].message
        assert "1500–2500" in warnings[0].message


def test_other_domain_needs_its_explanation() -> None:
    data = _case_with()
    data["case"]["domain"] = "other"
    assert [p.path for p in validate(CASE, data) if p.severity == "error"] == ["$.case.domain_other"]


@pytest.mark.parametrize("chars, ok", [(3500, True), (3501, False)])
def test_workplan_summary_limit_is_3500_chars_counted_like_word(chars: int, ok: bool) -> None:
    spec = load_form("workplan-2014")
    problems = [p for p in validate(spec, workplan_with_summary(chars)) if p.severity == "error"]
    assert (problems == []) is ok
    if not ok:
        assert [(p.path, p.label) for p in problems] == [("$.summary", "摘要")]
        assert f"字数为 {chars}" in problems[0].message
