"""The checker's report as readable Chinese text, grouped by rule."""
from __future__ import annotations

from itertools import groupby

from .findings import ERROR, Report

KIND_NAMES = {"docx": "DOCX", "pdf": "PDF"}
SHOWN_PER_RULE = 5      # the text report lists this many places per rule (--json lists all)


def format_report(report: Report) -> str:
    form = f"表单 {report.form}" if report.form else "表单未知"
    lines = [f"检查：{report.file}（{KIND_NAMES[report.kind]}，{form}）"]
    ordered = sorted(report.findings, key=lambda f: (f.severity != ERROR, f.rule))
    for (rule, severity), group in groupby(ordered, key=lambda f: (f.rule, f.severity)):
        items = list(group)
        tag = "错误" if severity == ERROR else "提醒"
        lines.append(f"[{tag}] {rule}：{items[0].message}（{len(items)} 处）")
        for f in items[:SHOWN_PER_RULE]:
            detail = f"应为 {f.expected}，实为 {f.actual}" if f.expected or f.actual else ""
            note = f"：{f.message}" if f.message != items[0].message else ""
            lines.append(f"    - {f.location}{note}{'；' if note and detail else '：' if detail else ''}{detail}")
        if len(items) > SHOWN_PER_RULE:
            lines.append(f"    - ……另有 {len(items) - SHOWN_PER_RULE} 处（--json 列出全部）")
    lines.append(_verdict(report))
    return "\n".join(lines)


def summary_line(report: Report) -> str:
    return f"{'合规' if report.compliant else '不合规'}  {report.file}  {_counts(report)}"


def _verdict(report: Report) -> str:
    return ("结论：符合格式要求。" if report.compliant else "结论：不符合格式要求。") + _counts(report)


def _counts(report: Report) -> str:
    errors = len(report.errors)
    warnings = len(report.findings) - errors
    return f"{errors} 处错误，{warnings} 处提醒"
