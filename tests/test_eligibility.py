"""推荐条件: every threshold of every form warns just below its limit and not at it."""
from __future__ import annotations

import copy
from typing import Any

import pytest

from conftest import input_files, load_json
from pipeline.data import conditions_hold, set_value
from pipeline.eligibility import locate
from pipeline.loader import form_ids, load_form
from pipeline.model import EligibilityRule, FormSpec
from pipeline.validate import ensure_valid, validate
from pipeline.errors import DataError


def _rules() -> list[tuple[str, int, EligibilityRule]]:
    out = []
    for form_id in form_ids():
        spec = load_form(form_id)
        if spec.eligibility:
            out.extend((form_id, i, rule) for i, rule in enumerate(spec.eligibility.rules))
    return out


def _input_for(spec: FormSpec, rule: EligibilityRule) -> dict[str, Any]:
    """A bundled sample of the form to which the rule applies."""
    for path in input_files():
        data = load_json(path)
        if data["form"] == spec.id and conditions_hold(rule.when, data):
            return data
    pytest.fail(f"no sample in inputs/ for {spec.id} where {rule.when}")


def _warnings_on(spec: FormSpec, data: dict, key: str, rule: EligibilityRule | None = None) -> list:
    """Warnings on ``key`` (only those quoting ``rule``'s text, when given)."""
    return [p for p in validate(spec, data) if p.severity == "warning" and p.path == "$." + key
            and (rule is None or rule.text in p.message)]


def test_bundled_samples_meet_every_condition() -> None:
    for path in input_files():
        data = load_json(path)
        spec = load_form(data["form"])
        assert [str(p) for p in validate(spec, data) if p.severity == "warning"] == [], path.name


@pytest.mark.parametrize("form_id, index, rule", _rules(), ids=lambda v: str(v) if isinstance(v, (str, int)) else "")
def test_each_threshold_on_both_sides(form_id: str, index: int, rule: EligibilityRule) -> None:
    spec = load_form(form_id)
    data = copy.deepcopy(_input_for(spec, rule))
    if rule.minimum is not None:
        area = locate(spec.eligibility.regions, data).area if isinstance(rule.minimum, dict) else None
        limit = rule.minimum[area.value] if area else rule.minimum
        enough, short = (limit + 1, limit) if rule.strict else (limit, limit - 1)   # 应大于 / 不低于
        set_value(data, rule.field, enough)
        assert _warnings_on(spec, data, rule.field, rule) == []
        set_value(data, rule.field, short)
        found = _warnings_on(spec, data, rule.field, rule)
        assert len(found) == 1 and rule.text in found[0].message
    elif rule.is_true:
        set_value(data, rule.field, False)
        assert len(_warnings_on(spec, data, rule.field, rule)) == 1
    elif rule.any_true:
        for key in rule.any_true:
            set_value(data, key, False)
        assert len(_warnings_on(spec, data, rule.any_true[0], rule)) == 1
        set_value(data, rule.any_true[-1], True)
        assert _warnings_on(spec, data, rule.any_true[0], rule) == []
    elif rule.grows_from:
        from pipeline.data import get_value
        earlier = get_value(data, rule.grows_from)
        set_value(data, rule.field, earlier + 1)
        assert _warnings_on(spec, data, rule.field, rule) == []
        set_value(data, rule.field, earlier)
        assert "未实现正增长" in _warnings_on(spec, data, rule.field, rule)[0].message
    elif rule.years:
        data["fill_date"] = "2020-05-10"
        set_value(data, rule.field, "2019-05-01")
        assert _warnings_on(spec, data, rule.field, rule) == []
        set_value(data, rule.field, "2019-06-01")
        assert "不足 1 年" in _warnings_on(spec, data, rule.field, rule)[0].message


PILOT = load_form("pilot-2020")


def _platform() -> dict:
    return next(load_json(p) for p in input_files() if p.name == "pilot-2020-platform.json")


def test_area_comes_from_the_address_city() -> None:
    data = _platform()                       # 汕头: 其他地区, bar 300万元
    data["platform"]["ecommerce_revenue"] = 350
    assert _warnings_on(PILOT, data, "platform.ecommerce_revenue") == []
    data["unit"]["address"] = "广州市天河区体育西路 1 号"
    found = _warnings_on(PILOT, data, "platform.ecommerce_revenue")
    assert "珠三角地区不低于 1,000万元" in found[0].message and "据联系地址" in found[0].message


def test_stated_area_wins_over_the_address() -> None:
    data = _platform()
    data["platform"]["ecommerce_revenue"] = 350
    data["unit"]["region"] = "prd"
    assert "申报人填写" in _warnings_on(PILOT, data, "platform.ecommerce_revenue")[0].message


def test_unknown_area_asks_for_it() -> None:
    data = _platform()
    data["unit"]["address"] = "科技东路 9 号"
    assert "unit.region" in _warnings_on(PILOT, data, "platform.ecommerce_revenue")[0].message


def test_warnings_do_not_stop_rendering_unless_strict() -> None:
    data = _platform()
    data["platform"]["ecommerce_revenue"] = 100
    assert [p.severity for p in ensure_valid(PILOT, data)] == ["warning"]
    with pytest.raises(DataError):
        ensure_valid(PILOT, data, strict=True)


WORKPLAN = load_form("workplan-2014")


def _workplan() -> dict:
    return next(load_json(p) for p in input_files() if p.name == "workplan-2014.json")


def test_office_area_must_be_more_than_2万平方米_in_the_notice_words() -> None:
    data = _workplan()
    data["base"]["office_area"] = 20000
    found = _warnings_on(WORKPLAN, data, "base.office_area")
    assert [p.message for p in found] == [
        "为 20,000㎡，未达到推荐条件：大于 20,000㎡。通知原文：申报对象用于电子商务相关产业的总体办公建筑面积应大于2万平方米，信息化基础设施完备。"]
    data["base"]["office_area"] = 20000.5
    assert _warnings_on(WORKPLAN, data, "base.office_area") == []


def test_operation_counts_a_year_to_the_plan_date() -> None:
    data = _workplan()
    data["fill_date"], data["base"]["operation_start"] = "2015-02-10", "2014-06-01"
    found = _warnings_on(WORKPLAN, data, "base.operation_start")
    assert len(found) == 1 and "至 2015-02-10 仅 0.7 年，不足 1 年" in found[0].message
    assert found[0].message.endswith("通知原文：拥有明确的经营管理主体并已正式投入运营1年以上。")
