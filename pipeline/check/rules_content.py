"""Rules on what a document says, for the form it is (the same for DOCX and PDF): required
sections and fields, check boxes, word limits, data in tables."""
from __future__ import annotations

from collections.abc import Iterator

from ..errors import Problem
from ..model import FieldType, TableBlock
from ..parse.reader import Reading
from ..parse.stream import TableItem
from ..parse.unfold import headings_present
from ..validate import iter_values, max_chars_rule, requirement_problems, word_target_problems
from .findings import ERROR, WARNING, Finding
from .registry import rule
from .subject import Subject

CHECKBOX_TYPES = (FieldType.CHOICE, FieldType.BOOL)


def _field_type(subject: Subject, path: str) -> FieldType | None:
    assert subject.spec is not None
    key = path.removeprefix("$.").replace("[", ".").replace("]", "")
    field = subject.spec.field_at(key)
    return field.type if field else None


def _reading(subject: Subject) -> Reading:
    assert subject.reading is not None
    return subject.reading


@rule("required-section", needs_form=True)
def required_sections(subject: Subject) -> Iterator[Finding]:
    """Each heading of the form stands in the document, matched as the parser matches it: by
    its enumerator and short title ("（一）单位概况" for the printed guidance sentence)."""
    assert subject.spec is not None
    present = headings_present(subject.spec, subject.items, subject.form_headings)
    previous = "文首"
    for heading in subject.form_headings:
        if heading not in present:
            yield Finding("required-section", ERROR, f"缺少章节“{heading}”", f"“{previous}”之后", heading, "未找到")
        previous = heading


@rule("required-field", needs_form=True)
def required_fields(subject: Subject) -> Iterator[Finding]:
    for p in requirement_problems(subject.spec, _reading(subject).data):
        if _field_type(subject, p.path) not in CHECKBOX_TYPES:
            yield _from_problem("required-field", p, "已填写", actual="未填写")


@rule("checkbox", needs_form=True)
def checkboxes(subject: Subject) -> Iterator[Finding]:
    """One box of a choice ticked (a 是/否 pair likewise): none, or several, is a finding."""
    reading = _reading(subject)
    unread = {p.path for p in reading.problems if p.severity == ERROR}
    for p in requirement_problems(subject.spec, reading.data):
        if _field_type(subject, p.path) in CHECKBOX_TYPES and p.path not in unread:
            yield Finding("checkbox", ERROR, "未勾选（应勾选一项）", f"{p.label}（{p.path}）", "勾选一项", "未勾选")
    for p in reading.problems:
        if p.severity == ERROR and _field_type(subject, p.path) in CHECKBOX_TYPES:
            yield Finding("checkbox", ERROR, "勾选有误（应只勾选一项）", f"{p.label}（{p.path}）", "勾选一项", p.message)


@rule("word-limit", needs_form=True)
def word_limits(subject: Subject) -> Iterator[Finding]:
    """字数 counted as Word counts it: hard limits (以内) are errors, targets (左右) warnings."""
    data = _reading(subject).data
    for path, field, value in iter_values(subject.spec, data):
        message = max_chars_rule(field, value)
        if message:
            yield Finding("word-limit", ERROR, message, f"{field.label}（{path}）", f"≤ {field.max_chars} 字", message.split("，")[0])
    for p in word_target_problems(subject.spec, data):
        yield _from_problem("word-limit", p, "字数在要求范围内", severity=WARNING)


@rule("data-table", needs_form=True)
def data_tables(subject: Subject) -> Iterator[Finding]:
    """数据部分用表格形式: each table of the form stands as a table in the document."""
    assert subject.spec is not None
    wanted = sum(1 for b in subject.spec.layout if isinstance(b, TableBlock))
    found = sum(1 for i in subject.items if isinstance(i, TableItem))
    if found < wanted:
        yield Finding("data-table", ERROR, "数据部分应使用表格形式", "全文", f"至少 {wanted} 个表格", f"{found} 个")


def _from_problem(rule_name: str, p: Problem, expected: str, severity: str = ERROR, actual: str = "") -> Finding:
    return Finding(rule_name, severity, p.message, f"{p.label}（{p.path}）", expected, actual or p.message)
