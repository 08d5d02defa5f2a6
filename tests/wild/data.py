"""The data each corpus document is typed from: Guangdong applicants of our own invention (new
names, rare characters, a 31-character unit name), their narratives lengthened with policy
prose taken from the seeds' provincial and municipal e-commerce notices (seeds 001 and 003)."""
from __future__ import annotations

import copy
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
INPUTS = ROOT / "inputs"
POLICY_SEEDS = (ROOT / "tests" / "seeds" / "001_3c56c2009a91f803.txt", ROOT / "tests" / "seeds" / "003_9983207631891c88.txt")
_ITEM = re.compile(r"\n(?=\s*[（(][一二三四五六七八九十]+[）)])")
_ITEM_HEAD = re.compile(r"\s*[（(][一二三四五六七八九十]+[）)]\s*([^。]{2,30})。(.*)", re.S)
_ATTRIBUTION = re.compile(r"[（(][^（）()]*(?:负责|牵头|配合)[^（）()]*[）)]")


@lru_cache(maxsize=None)
def policy_paragraphs() -> tuple[tuple[str, str], ...]:
    """(title, body) of every numbered measure of the two notices, attributions removed."""
    found = []
    for path in POLICY_SEEDS:
        for chunk in _ITEM.split(path.read_text(encoding="utf-8")):
            m = _ITEM_HEAD.match(chunk.split("\n\n\n")[0].replace("\n", ""))
            if m and len(m.group(2)) > 120:
                body = _ATTRIBUTION.sub("", m.group(2)).strip()
                body = re.sub(r"\s*,\s*", "，", body).replace("; ", "；")
                found.append((m.group(1), body))
    return tuple(found)


def policy_paragraph(n: int) -> str:
    title, body = policy_paragraphs()[n % len(policy_paragraphs())]
    return f"对照政策要求，本单位重点落实“{title}”的有关部署：{body}"


def sample(name: str) -> dict[str, Any]:
    return json.loads((INPUTS / f"{name}.json").read_text(encoding="utf-8"))


def replace_everywhere(node: Any, old: str, new: str) -> Any:
    if isinstance(node, dict):
        return {k: replace_everywhere(v, old, new) for k, v in node.items()}
    if isinstance(node, list):
        return [replace_everywhere(v, old, new) for v in node]
    return node.replace(old, new) if isinstance(node, str) else node


def renamed(data: dict[str, Any], **names: str) -> dict[str, Any]:
    """Another applicant: each old name (unit, short name, people) replaced wherever it occurs."""
    out = copy.deepcopy(data)
    for old, new in names.items():
        out = replace_everywhere(out, old, new)
    return out


def set_path(data: dict[str, Any], key: str, value: Any) -> None:
    node = data
    parts = key.split(".")
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    if value is None:
        node.pop(parts[-1], None)
    else:
        node[parts[-1]] = value


def with_policy(data: dict[str, Any], keys: list[str], start: int) -> dict[str, Any]:
    """Narratives under `keys` each get one more paragraph of policy prose (different ones)."""
    out = copy.deepcopy(data)
    for n, key in enumerate(keys):
        node = out
        for part in key.split(".")[:-1]:
            node = node[part]
        last = key.split(".")[-1]
        node[last] = node[last] + "\n" + policy_paragraph(start + n)
    return out
