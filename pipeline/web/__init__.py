"""``shenbao serve``: the web workbench — 填写 (fill a form), 检查 (check documents), 汇总
(collect many submissions) — on Starlette and uvicorn, everything served from this package."""
from __future__ import annotations

import socket

from ..errors import UsageError


def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 2) -> None:
    """Serve until interrupted (Ctrl+C)."""
    import uvicorn

    from ..lazy_modules import load_deferred_now
    from .app import Settings, create_app

    if workers < 0:
        raise UsageError(f"--workers 不能为负数，实际为 {workers}")
    _check_free(host, port)
    shown = "本机" if host in ("127.0.0.1", "localhost", "::1") else "同一网络的电脑"
    print(f"shenbao 网页工作台：http://{host}:{port}/ （{shown}可访问；按 Ctrl+C 停止）", flush=True)
    app = create_app(Settings(workers=workers))
    load_deferred_now()           # before requests run in threads
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _check_free(host: str, port: int) -> None:
    """A Chinese message rather than uvicorn's when the address cannot be listened on."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        raise UsageError(f"无法在 {host}:{port} 上启动：{exc.strerror}（端口已被占用？可用 --port 换一个）") from exc
