"""The `shenbao` command: argument parsing, printing and exit codes only.

Exit codes for every command: 0 ok, 1 invalid data or findings, 2 usage error or unreadable file.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Callable, Sequence

from . import api
from .errors import DataError, Problem, ShenbaoError
from .loader import form_ids, load_form
from .parse import STRATEGIES, parse_file
from .sample import sample_data
from .schema import form_schema

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except DataError as exc:
        _print_problems(exc.problems, sys.stderr)
        print(f"数据有 {len(exc.problems)} 处错误，未生成任何文件。", file=sys.stderr)
        return exc.exit_code
    except ShenbaoError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="shenbao", description="广东电子商务示范/试点申报书：生成、校验")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    strict_help = "把提醒（如低于推荐条件、字数偏离）也当作错误"
    p = command("validate", _validate, "校验输入 JSON")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    p.add_argument("--strict", action="store_true", help=strict_help)

    p = command("render", _render, "生成 DOCX 与 PDF")
    p.add_argument("file", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True, metavar="DIR")
    p.add_argument("--strict", action="store_true", help=strict_help)

    p = command("blank", _blank, "生成空白表单")
    p.add_argument("form", choices=form_ids())
    p.add_argument("-o", "--output", type=Path, required=True, metavar="DIR")

    p = command("schema", _schema, "打印表单的字段（--json：JSON Schema）")
    p.add_argument("form", choices=form_ids())
    p.add_argument("--json", action="store_true")

    p = command("sample", _sample, "打印一份有效的示例输入")
    p.add_argument("form", choices=form_ids())

    p = command("parse", _parse, "从提交的 PDF/DOCX 读回数据（输出与输入相同格式的 JSON）")
    p.add_argument("file", type=Path)
    p.add_argument("--form", choices=form_ids(), help="表单编号（默认按标题判断）")
    p.add_argument("--strategy", choices=STRATEGIES, default="auto", help="读取方式（默认 auto：依次尝试）")
    p.add_argument("--json", action="store_true", help="输出含读取方式与问题列表的报告，数据在 data 中")

    command("forms", _forms, "列出可用的表单")
    return parser


def _validate(args: argparse.Namespace) -> int:
    problems = api.validate_file(args.file, strict=args.strict)
    errors = [p for p in problems if p.severity == "error"]
    if args.json:
        _print_json({"file": str(args.file), "valid": not errors,
                     "problems": [p.as_dict() for p in problems]})
    else:
        _print_problems(problems, sys.stdout)
        warnings = len(problems) - len(errors)
        verdict = "校验通过。" if not errors else f"共 {len(errors)} 处错误。"
        print(verdict + (f"另有 {warnings} 处提醒。" if warnings else ""))
    return EXIT_INVALID if errors else EXIT_OK


def _render(args: argparse.Namespace) -> int:
    written = api.render_file(args.file, args.output, strict=args.strict)
    _print_problems(list(written.warnings), sys.stderr)
    for path in written.paths:
        print(path)
    return EXIT_OK


def _blank(args: argparse.Namespace) -> int:
    for path in api.render_blank(args.form, args.output).paths:
        print(path)
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    spec = load_form(args.form)
    if args.json:
        _print_json(form_schema(spec))
        return EXIT_OK
    print(f"{spec.id}：{spec.title}")
    width = max(len(f.key) for f in spec.fields)
    for f in spec.fields:
        need = "必填" if f.required and not f.when else ("条件必填" if f.required else "选填")
        print(f"  {f.key:<{width}} {f.type.value:<9} {need:<4} {f.label}")
    return EXIT_OK


def _sample(args: argparse.Namespace) -> int:
    _print_json(sample_data(load_form(args.form)))
    return EXIT_OK


def _parse(args: argparse.Namespace) -> int:
    result = parse_file(args.file, form_id=args.form, strategy=args.strategy)
    if args.json:
        _print_json({"file": str(args.file), "form": result.form, "strategy": result.strategy,
                     "valid": result.valid, "problems": [p.as_dict() for p in result.problems],
                     "data": result.data})
    else:
        _print_json(result.data)
        _print_problems(result.problems, sys.stderr)
        print(f"读取方式：{result.strategy}", file=sys.stderr)
    return EXIT_OK if result.valid else EXIT_INVALID


def _forms(args: argparse.Namespace) -> int:
    for form_id in form_ids():
        print(f"{form_id}\t{load_form(form_id).title}")
    return EXIT_OK


def _print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def _print_problems(problems: list[Problem], stream) -> None:  # noqa: ANN001
    for p in problems:
        tag = "错误" if p.severity == "error" else "提醒"
        print(f"[{tag}] {p}", file=stream)


if __name__ == "__main__":
    sys.exit(main())
