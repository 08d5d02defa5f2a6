"""The `shenbao` command: argument parsing, printing and exit codes only.

Exit codes for every command: 0 ok, 1 invalid data or findings, 2 usage error or unreadable file,
130 interrupted (pipeline/entry.py, the console script, adds the last line of defence).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

from .errors import DataError, Problem, ShenbaoError
from .loader import form_ids, load_form
from .strategies import STRATEGIES

# Each command imports what it needs when it runs (renderers, pypdf, pdfplumber, jsonschema…),
# so `shenbao --help` and `shenbao forms` start in a few tens of milliseconds.
if TYPE_CHECKING:
    from .batch import BatchResult

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
        print("\n已中断。未完成的文件没有写入；批量任务已完成的项目已记录，重新运行同一命令即可续跑。", file=sys.stderr)
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
    p.add_argument("--fillable", action="store_true", help="只生成可填写的 PDF（表单域）")

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

    p = command("check", _check, "检查 DOCX/PDF 是否符合格式要求（目录、页码、A4、宋体四号、1.5 倍行距、字数…）")
    p.add_argument("file", type=Path, help="文件，或文件夹（检查其中所有 .docx/.pdf）")
    p.add_argument("--form", choices=form_ids(), help="表单编号（默认按标题判断）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出报告")

    command("forms", _forms, "列出可用的表单")

    p = command("serve", _serve, "启动网页工作台（填写、检查、汇总），在浏览器中打开显示的地址")
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1：仅本机；0.0.0.0：同一网络的电脑都可访问）")
    p.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    p.add_argument("--workers", type=int, default=2, help="读取、检查、生成文件的工作进程数（默认 2）")
    _add_batch(sub)
    return parser


def _add_batch(sub: argparse._SubParsersAction) -> None:
    batch = sub.add_parser("batch", help="批量生成或读取（并行、可续跑，输出报告）",
                           description="批量生成或读取；每项的结果写入 DIR/report.json 与 report.csv")
    steps = batch.add_subparsers(dest="batch_command", required=True, metavar="STEP")
    p = steps.add_parser("render", help="批量生成 DOCX 与 PDF", description="批量生成 DOCX 与 PDF")
    p.set_defaults(handler=_batch_render)
    p.add_argument("inputs", nargs="+", type=Path, metavar="INPUT", help="JSON 文件、文件夹（其中的 *.json）或 .jsonl 文件")
    _batch_options(p)
    p.add_argument("--strict", action="store_true", help="把提醒（如低于推荐条件、字数偏离）也当作错误")
    p.add_argument("--summary", action="store_true", help="同时为生成的示范/试点申报书生成附件3 推荐汇总表")
    p.add_argument("--recommender", help="附件3 的推荐单位（默认按联系地址推断）")
    p = steps.add_parser("parse", help="批量读取提交的 PDF/DOCX，生成 summary.xlsx 与附件3",
                         description="批量读取提交的 PDF/DOCX，生成 summary.xlsx 与附件3")
    p.set_defaults(handler=_batch_parse)
    p.add_argument("inputs", nargs="+", type=Path, metavar="FILE", help="PDF/DOCX 文件或文件夹（含子文件夹）")
    _batch_options(p)
    p.add_argument("--recommender", help="附件3 的推荐单位（默认按联系地址推断）")


def _batch_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", type=Path, required=True, metavar="DIR")
    p.add_argument("-j", "--jobs", type=int, metavar="N", help="并行进程数（默认 CPU 核数）")
    p.add_argument("--executor", metavar="dask://HOST:PORT", help="在 Dask 集群上运行（需安装 shenbao[dask]）")


def _validate(args: argparse.Namespace) -> int:
    from . import api
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
    from . import api
    written = api.render_file(args.file, args.output, strict=args.strict)
    _print_problems(list(written.warnings), sys.stderr)
    for path in written.paths:
        print(path)
    return EXIT_OK


def _blank(args: argparse.Namespace) -> int:
    from . import api
    if args.fillable:
        print(api.render_fillable_blank(args.form, args.output))
        return EXIT_OK
    for path in api.render_blank(args.form, args.output).paths:
        print(path)
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from .schema import form_schema
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
    from .sample import sample_data
    _print_json(sample_data(load_form(args.form)))
    return EXIT_OK


def _parse(args: argparse.Namespace) -> int:
    from .parse import parse_file
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


def _batch_render(args: argparse.Namespace) -> int:
    from .batch import batch_render, open_executor     # openpyxl, tqdm: loaded only for batch
    with open_executor(args.jobs, args.executor) as (executor, window):
        result = batch_render(args.inputs, args.output, executor, window, strict=args.strict,
                              summary=args.summary, recommender=args.recommender, progress=sys.stderr.isatty())
    return _batch_done(result)


def _batch_parse(args: argparse.Namespace) -> int:
    from .batch import batch_parse, open_executor
    with open_executor(args.jobs, args.executor) as (executor, window):
        result = batch_parse(args.inputs, args.output, executor, window, recommender=args.recommender,
                             progress=sys.stderr.isatty())
    return _batch_done(result)


def _batch_done(result: BatchResult) -> int:
    for item in result.failed + result.invalid:
        print(f"{item.item}：", file=sys.stderr)
        for message in item.messages:
            print(f"  {message}", file=sys.stderr)
    for note in result.notes:
        print(f"[提醒] {note}", file=sys.stderr)
    c = result.counts
    invalid = f"，{len(result.invalid)} 份读出的数据未通过校验" if result.invalid else ""
    print(f"共 {len(result.items)} 项：完成 {c['ok']}，跳过 {c['skipped']}（已是最新），失败 {c['failed']}{invalid}。",
          file=sys.stderr)
    for path in (*result.reports, *result.extra):
        print(path)
    return EXIT_INVALID if result.failed or result.invalid else EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from .check import check_file
    from .check.report import format_report
    if args.file.is_dir():
        return _check_folder(args)
    report = check_file(args.file, form_id=args.form)
    if args.json:
        _print_json(report.as_dict())
    else:
        print(format_report(report))
    return EXIT_OK if report.compliant else EXIT_INVALID


def _check_folder(args: argparse.Namespace) -> int:
    from .check import Report, Unreadable, check_folder
    from .check.report import summary_line
    results = check_folder(args.file, form_id=args.form)
    if args.json:
        _print_json([r.as_dict() if isinstance(r, Report) else {"file": r.file, "error": r.error} for r in results])
    for r in results:
        if isinstance(r, Unreadable):
            print(f"无法读取  {r.error if r.error.startswith(r.file) else f'{r.file}：{r.error}'}", file=sys.stderr)
        elif not args.json:
            print(summary_line(r))
    if any(isinstance(r, Unreadable) for r in results):
        return EXIT_USAGE
    return EXIT_OK if all(r.compliant for r in results) else EXIT_INVALID


def _forms(args: argparse.Namespace) -> int:
    for form_id in form_ids():
        print(f"{form_id}\t{load_form(form_id).title}")
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from .web import serve   # the web stack is loaded only for this command

    serve(args.host, args.port, args.workers)
    return EXIT_OK


def _print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def _print_problems(problems: list[Problem], stream) -> None:  # noqa: ANN001
    for p in problems:
        tag = "错误" if p.severity == "error" else "提醒"
        print(f"[{tag}] {p}", file=stream)


if __name__ == "__main__":
    from .entry import run
    sys.exit(run(main))
