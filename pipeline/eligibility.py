"""The notice's 推荐条件 as warnings: where an application falls short of a threshold for its
region (珠三角 or not) and type, with the figure, the threshold and the notice's own words."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Iterator

from .data import conditions_hold, get_value, is_empty
from .errors import Problem
from .model import Area, EligibilityRule, FormSpec, Regions
from .render.values import format_number


@dataclass(frozen=True)
class Located:
    area: Area | None
    how: str            # "据联系地址“…”判断" / "申报人填写"; why it is unknown otherwise


def eligibility_problems(spec: FormSpec, data: dict[str, Any]) -> Iterator[Problem]:
    if spec.eligibility is None or not isinstance(data, dict):
        return
    located = locate(spec.eligibility.regions, data) if spec.eligibility.regions else None
    for rule in spec.eligibility.rules:
        if conditions_hold(rule.when, data):
            problem = _check(spec, rule, data, located)
            if problem:
                yield problem


def locate(regions: Regions, data: dict[str, Any]) -> Located:
    """The applicant's area: as stated in the explicit field, else from the first city the
    address names."""
    stated = get_value(data, regions.explicit) if regions.explicit else None
    by_value = {a.value: a for a in regions.areas}
    if stated in by_value:
        return Located(by_value[stated], "申报人填写")
    address = str(get_value(data, regions.detect_from) or "")
    found = [(address.find(city), area) for area in regions.areas for city in area.cities if city in address]
    if found:
        return Located(min(found, key=lambda pair: pair[0])[1], f"据联系地址“{address}”判断")
    return Located(None, "联系地址中没有可识别的地级市")


def _check(spec: FormSpec, rule: EligibilityRule, data: dict[str, Any], located: Located | None) -> Problem | None:
    if rule.any_true:
        if any(get_value(data, key) is True for key in rule.any_true):
            return None
        names = "或".join(spec.field(k).label for k in rule.any_true)
        return _warn(spec, rule.any_true[0], f"{names}均为“否”", rule)
    value = get_value(data, rule.field)
    if is_empty(value):
        return None                    # missing data is the validator's business, not a threshold's
    if rule.is_true:
        return None if value is True else _warn(spec, rule.field, "为“否”", rule)
    if rule.years:
        return _check_years(spec, rule, value, data)
    if rule.grows_from:
        return _check_growth(spec, rule, value, data)
    return _check_minimum(spec, rule, value, located)


def _check_minimum(spec: FormSpec, rule: EligibilityRule, value: Any, located: Located | None) -> Problem | None:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    field = spec.field(rule.field)
    if isinstance(rule.minimum, dict):
        if located is None or located.area is None:
            why = located.how if located else "无法判断所在地区"
            return _warn(spec, rule.field, f"无法核对推荐条件：{why}，请填写“所在地区”（unit.region）", rule)
        threshold, area, where = float(rule.minimum[located.area.value]), located.area.label, f"（{located.how}）"
    else:
        threshold, area, where = float(rule.minimum or 0), "", ""
    if value > threshold or (value == threshold and not rule.strict):
        return None
    unit = field.unit or _unit_in_label(field.label)
    relation, falls = ("大于", "未达到") if rule.strict else ("不低于", "低于")
    bar = f"{area}{relation} {format_number(threshold)}{unit}"
    return _warn(spec, rule.field, f"为 {format_number(value)}{unit}，{falls}推荐条件：{bar}{where}", rule)


def _check_years(spec: FormSpec, rule: EligibilityRule, value: Any, data: dict[str, Any]) -> Problem | None:
    regions = spec.eligibility.regions if spec.eligibility else None
    until_text = get_value(data, "fill_date") or (regions.notice_date if regions else "")
    try:
        start, until = date.fromisoformat(str(value)), date.fromisoformat(str(until_text))
    except ValueError:
        return None                    # a malformed date is reported by the validator
    years = (until - start).days / 365.25
    if years >= rule.years:
        return None
    return _warn(spec, rule.field, f"至 {until.isoformat()} 仅 {years:.1f} 年，不足 {format_number(rule.years)} 年", rule)


def _check_growth(spec: FormSpec, rule: EligibilityRule, value: Any, data: dict[str, Any]) -> Problem | None:
    earlier = get_value(data, rule.grows_from)
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (earlier, value))
    if not numbers or value > earlier:
        return None
    unit = spec.field(rule.field).unit or _unit_in_label(spec.field(rule.field).label)
    return _warn(spec, rule.field, f"为 {format_number(value)}{unit}，未高于上一年的 {format_number(earlier)}{unit}（未实现正增长）", rule)


def _unit_in_label(label: str) -> str:
    for unit in ("万元", "亿元", "㎡", "家", "个"):
        if f"（{unit}）" in label:
            return unit
    return ""


def _warn(spec: FormSpec, key: str, what: str, rule: EligibilityRule) -> Problem:
    field = spec.field(key)
    return Problem(path=field.json_path, label=field.label, severity="warning",
                   message=f"{what}。通知原文：{rule.text}")
