"""The ``shenbao`` console script. It imports nothing heavy before its handlers are in place, so
that Ctrl-C while the libraries load, a reader that stops reading (``shenbao forms | head -1``)
or an error nobody foresaw ends with a line of Chinese and an exit code, never a traceback.

Exit codes: 0 ok, 1 invalid data or findings, 2 usage error or unreadable/unwritable file,
130 interrupted (Ctrl-C), 141 the output's reader went away (as for SIGPIPE).
"""
from __future__ import annotations

import os
import sys
from typing import Callable, Sequence

EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 2, 130, 141
DEBUG_VARIABLE = "SHENBAO_DEBUG"          # set to 1 to see the traceback of an unforeseen error


def run(main: Callable[[Sequence[str] | None], int] | None = None, argv: Sequence[str] | None = None) -> int:
    try:
        _prepare_streams()
        if main is None:
            from .cli import main
        code = main(argv)
        sys.stdout.flush()
        return code
    except KeyboardInterrupt:
        _say("\n已中断。")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _detach_stdout()
        return EXIT_BROKEN_PIPE
    except Exception as exc:   # noqa: BLE001 — the last line of defence: a message, not a traceback
        if os.environ.get(DEBUG_VARIABLE):
            raise
        _say(f"内部错误：{type(exc).__name__}：{exc}（请把输入文件和这条信息报告给维护者；"
             f"设置环境变量 {DEBUG_VARIABLE}=1 可看到详细信息）")
        return EXIT_INTERNAL


def console() -> None:
    """The console script's entry point."""
    sys.exit(run())


def _prepare_streams() -> None:
    """Text that cannot be encoded (a lone surrogate echoed from an input) is escaped, not
    fatal; the PDF libraries' English log lines about repairs stay out of the Chinese output."""
    import logging
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    for name in ("pypdf", "pdfminer", "fontTools", "PIL"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _say(message: str) -> None:
    try:
        print(message, file=sys.stderr)
    except (OSError, ValueError):
        pass


def _detach_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
