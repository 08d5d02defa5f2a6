"""Rules are small functions registered by name (as WeasyPrint registers its validators)."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .findings import Finding
from .subject import Subject

RULE_FAMILIES = ("page-size", "font-family", "font-size", "line-spacing", "toc", "page-numbers",
                 "word-limit", "required-section", "data-table", "required-field", "checkbox")
RuleFunction = Callable[[Subject], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    name: str
    kinds: frozenset[str]       # "docx", "pdf"
    needs_form: bool
    check: RuleFunction


RULES: list[Rule] = []     # a name may have one rule for DOCX and another for PDF


def rule(name: str, kinds: tuple[str, ...] = ("docx", "pdf"), needs_form: bool = False) -> Callable[[RuleFunction], RuleFunction]:
    """Register ``fn`` as the rule ``name`` for documents of ``kinds``."""
    if name.split(".")[0] not in RULE_FAMILIES:
        raise ValueError(f"rule {name!r} is not in a known family {RULE_FAMILIES}")

    def register(fn: RuleFunction) -> RuleFunction:
        if any(r.name == name and r.kinds & set(kinds) for r in RULES):
            raise ValueError(f"rule {name!r} registered twice for {kinds}")
        RULES.append(Rule(name, frozenset(kinds), needs_form, fn))
        return fn
    return register


def run_rules(subject: Subject) -> list[Finding]:
    findings: list[Finding] = []
    for r in RULES:
        if subject.kind in r.kinds and (subject.spec is not None or not r.needs_form):
            findings.extend(r.check(subject))
    return findings
