"""``shenbao serve``: the web workbench — 填写 (fill a form), 检查 (check documents), 汇总
(collect many submissions) — on Starlette and uvicorn, everything served from this package."""
from __future__ import annotations


def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve until interrupted (Ctrl+C)."""
    import uvicorn

    from .app import create_app

    shown = "本机" if host in ("127.0.0.1", "localhost", "::1") else "同一网络的电脑"
    print(f"shenbao 网页工作台：http://{host}:{port}/ （{shown}可访问；按 Ctrl+C 停止）", flush=True)
    uvicorn.run(create_app(), host=host, port=port, log_level="warning")
