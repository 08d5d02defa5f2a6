"""Check digits of 统一社会信用代码 (GB 32100-2015) and 组织机构代码 (GB 11714-1997)."""
from __future__ import annotations

from stdnum.cn import uscc
from stdnum.exceptions import ValidationError

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def org_code_check_digit(body: str) -> str:
    """GB 11714 check character for the 8-character body of a 组织机构代码."""
    total = sum(_ORG_ALPHABET.index(ch) * w for ch, w in zip(body, _ORG_WEIGHTS))
    digit = 11 - total % 11
    return {10: "X", 11: "0"}.get(digit, str(digit))


def org_code_problem(value: str) -> str | None:
    """Chinese description of what is wrong with a 统一社会信用代码/组织机构代码, or None."""
    code = value.replace("-", "").strip().upper()
    if len(code) == 18:
        return _uscc_problem(code)
    if len(code) == 9:
        return _org_problem(code, "组织机构代码")
    return f"长度为 {len(code)} 位，应为 18 位统一社会信用代码或 9 位组织机构代码"


def _uscc_problem(code: str) -> str | None:
    try:
        uscc.validate(code)
    except ValidationError:
        if any(ch not in "0123456789ABCDEFGHJKLMNPQRTUWXY" for ch in code):
            return "统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V）"
        return f"统一社会信用代码校验位错误（第 18 位应为 {uscc.calc_check_digit(code[:17])}）"
    return _org_problem(code[8:17], "统一社会信用代码中第 9–17 位的组织机构代码")


def _org_problem(code: str, what: str) -> str | None:
    body, check = code[:8], code[8]
    if any(ch not in _ORG_ALPHABET for ch in body):
        return f"{what}含有不允许的字符"
    expected = org_code_check_digit(body)
    if check != expected:
        return f"{what}校验位错误（应为 {expected}）"
    return None


def make_uscc(prefix8: str, org_body: str) -> str:
    """A valid 统一社会信用代码 from its registration prefix and an 8-character org-code body."""
    seventeen = prefix8 + org_body + org_code_check_digit(org_body)
    return seventeen + uscc.calc_check_digit(seventeen)
