"""Check digits of 统一社会信用代码 (GB 32100-2015) and 组织机构代码 (GB 11714-1997).

Both are a weighted sum of the characters' values; the tests check ours against python-stdnum's.
stdnum is not imported here: it loads ssl, socket and pydoc for its online look-ups (10 ms of
every start), and it takes the first 8 characters for digits, whereas GB 32100 lets the
登记管理部门代码 and 机构类别代码 (positions 1–2) be letters (N, Y …)."""
from __future__ import annotations

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"      # no I, O, Z, S, V


def uscc_check_digit(seventeen: str) -> str:
    """GB 32100 check character for the first 17 characters of a 统一社会信用代码."""
    total = sum(_USCC_ALPHABET.index(ch) * w for ch, w in zip(seventeen, _USCC_WEIGHTS))
    return _USCC_ALPHABET[-total % 31]


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
    if any(ch not in _USCC_ALPHABET for ch in code):
        return "统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V）"
    if not code[2:8].isdigit():
        return "统一社会信用代码第 3–8 位应为行政区划代码（6 位数字）"
    expected = uscc_check_digit(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码校验位错误（第 18 位应为 {expected}）"
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
    return seventeen + uscc_check_digit(seventeen)
