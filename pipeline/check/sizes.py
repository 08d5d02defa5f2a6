"""Chinese type sizes (字号), for messages: 14 pt is 四号."""
from __future__ import annotations

ZIHAO_PT = {"初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18, "三号": 16, "小三": 15,
            "四号": 14, "小四": 12, "五号": 10.5, "小五": 9, "六号": 7.5, "小六": 6.5, "七号": 5.5, "八号": 5}


def size_text(pt: float) -> str:
    """"14 磅（四号）", or "13 磅" for a size without a name."""
    name = next((n for n, size in ZIHAO_PT.items() if abs(size - pt) < 0.01), "")
    return f"{pt:g} 磅（{name}）" if name else f"{pt:g} 磅"
