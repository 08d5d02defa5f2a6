"""The web workbench: routes only — each reads the request, calls the library (through
service.py, collect.py, work.py) and answers. Heavy work runs in the worker pool."""
from __future__ import annotations

import asyncio
import json
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, AsyncIterator, Callable
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from ..errors import DataError, ShenbaoError
from ..loader import form_ids, load_form
from ..sample import sample_data
from ..text import has_ideograph, word_count
from . import collect, service
from .formpage import form_sections, input_kind
from .pages import page_images
from .pool import WorkerPool
from .uploads import BodyLimit, Limits, TooLarge, UploadFolder
from .work import CheckTask, check_item

HERE = Path(__file__).parent
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW_ENGINE = "pypdfium2（PDFium）"


@dataclass
class Settings:
    limits: Limits = field(default_factory=Limits)
    workers: int = 2                 # worker processes; 0 runs the work in the server's process


class Workbench:
    """What the routes share: limits, the worker pool, the collect jobs."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.pool = WorkerPool(settings.workers)
        self.jobs = collect.JobBoard(self.pool, window=2 * max(1, settings.workers))

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await self.pool.run(fn, *args)

    def close(self) -> None:
        self.pool.close()


def _templates() -> Jinja2Templates:
    env = Environment(loader=PackageLoader("pipeline.web", "templates"), autoescape=select_autoescape(),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(input_kind=input_kind, form_ids=form_ids, load_form=load_form)
    return Jinja2Templates(env=env)


TEMPLATES = _templates()


def bench(request: Request) -> Workbench:
    return request.app.state.bench


# ---- pages -----------------------------------------------------------------------------------

async def index(request: Request) -> HTMLResponse:
    forms = [load_form(f) for f in form_ids()]
    return TEMPLATES.TemplateResponse(request, "index.html", {"forms": forms, "page": "home"})


async def fill_page(request: Request) -> HTMLResponse:
    form_id = request.path_params["form_id"]
    if form_id not in form_ids():
        raise HTTPException(404, f"没有表单“{form_id}”")
    spec = load_form(form_id)
    return TEMPLATES.TemplateResponse(request, "fill.html", {
        "spec": spec, "sections": form_sections(spec), "page": "fill",
        "sample": json.dumps(sample_data(spec), ensure_ascii=False).replace("</", "<\\/")})   # inside <script>


async def check_page(request: Request) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, "check.html", {"page": "check", "limits": bench(request).settings.limits})


async def collect_page(request: Request) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, "collect.html", {"page": "collect", "limits": bench(request).settings.limits})


# ---- 填写 ------------------------------------------------------------------------------------

async def api_validate(request: Request) -> JSONResponse:
    data = await _json_body(request)
    return JSONResponse(service.problems_payload(service.check_data(data)))


async def api_wordcount(request: Request) -> JSONResponse:
    """{"texts": {key: text}} → {"counts": {key: 字数}}, counted as validation counts."""
    body = await _json_body(request)
    texts = body.get("texts") if isinstance(body, dict) else None
    if not isinstance(texts, dict):
        raise ShenbaoError("请求应为 {\"texts\": {…}}")
    return JSONResponse({"counts": {k: word_count(v) for k, v in texts.items() if isinstance(v, str)}})


async def api_render(request: Request) -> Response:
    data = await _json_body(request)
    rendered = await bench(request).run(service.render_data, data)
    download = service.documents_zip(rendered)
    return _attachment(download.content, download.name, "application/zip")


async def api_preview(request: Request) -> JSONResponse:
    data = await _json_body(request)
    rendered = await bench(request).run(service.render_data, data)
    pages = await bench(request).run(_page_urls, rendered.pdf)
    return JSONResponse({"pages": pages, "engine": PREVIEW_ENGINE, "stem": rendered.stem})


def _page_urls(pdf: bytes) -> list[str]:
    return [url for _, url in page_images(pdf)]


async def api_load(request: Request) -> JSONResponse:
    with UploadFolder(bench(request).settings.limits) as folder:
        files = await _uploaded(request, folder, max_files=1)
        if not files:
            raise ShenbaoError("请选择一个 JSON、PDF 或 DOCX 文件")
        upload = folder.add(files[0].filename or "文件", await files[0].read(), _load_suffix(files[0]))
        return JSONResponse(await bench(request).run(service.load_document, upload.path, upload.name))


def _load_suffix(upload: UploadFile) -> str:
    return ".json" if (upload.filename or "").lower().endswith(".json") else ".upload"


# ---- 检查 ------------------------------------------------------------------------------------

async def api_check(request: Request) -> JSONResponse:
    with UploadFolder(bench(request).settings.limits) as folder:
        notes = await _add_documents(request, folder)
        tasks = [CheckTask(u.name, str(u.path)) for u in folder.uploads]
        reports = await asyncio.gather(*(bench(request).run(check_item, t) for t in tasks),
                                       return_exceptions=True)
    return JSONResponse({"reports": [_report_or_error(r, t) for r, t in zip(reports, tasks)], "notes": notes})


def _report_or_error(result: Any, task: CheckTask) -> dict[str, Any]:
    if isinstance(result, ShenbaoError):        # its worker died (WorkerCrashed)
        return {"file": task.name, "error": str(result)}
    if isinstance(result, BaseException):
        return {"file": task.name, "error": f"检查时出错：{type(result).__name__}：{result}"}
    return result


# ---- 汇总 ------------------------------------------------------------------------------------

async def api_collect_start(request: Request) -> JSONResponse:
    folder = UploadFolder(bench(request).settings.limits)
    try:
        notes = await _add_documents(request, folder)
    except BaseException:
        folder.close()
        raise
    job = bench(request).jobs.start(folder, notes)     # the job removes the folder when read
    return JSONResponse({"id": job.id, "total": job.total, "notes": notes})


async def api_collect_status(request: Request) -> JSONResponse:
    return JSONResponse(collect.job_payload(_job(request)))


async def api_collect_edit(request: Request) -> JSONResponse:
    body = await _json_body(request)
    if not isinstance(body, dict) or not isinstance(body.get("row"), int) or not isinstance(body.get("key"), str):
        raise ShenbaoError("请求应为 {\"row\": 序号, \"key\": 字段, \"text\": 新值}")
    row = collect.correct(_job(request), body["row"], body["key"], str(body.get("text", "")))
    return JSONResponse(row)


async def api_collect_xlsx(request: Request) -> Response:
    return _attachment(collect.summary_xlsx(_job(request)), "summary.xlsx", XLSX_TYPE)


async def api_collect_attachment3(request: Request) -> Response:
    kind = request.path_params["kind"]
    if kind not in ("docx", "pdf"):
        raise HTTPException(404, "附件3 只有 docx 和 pdf 两种格式")
    recommender = (request.query_params.get("recommender") or "").strip() or None
    made = await asyncio.to_thread(collect.attachment3, _job(request), recommender)
    content, media = (made.docx, DOCX_TYPE) if kind == "docx" else (made.pdf, "application/pdf")
    response = _attachment(content, f"附件3-推荐汇总表.{kind}", media)
    response.headers["X-Shenbao-Warnings"] = quote(json.dumps(made.warnings, ensure_ascii=False))
    return response


def _job(request: Request) -> collect.CollectJob:
    job = bench(request).jobs.get(request.path_params["job_id"])
    if job is None:
        raise HTTPException(404, "找不到这次汇总（服务已重启或已过期），请重新上传")
    return job


# ---- request helpers ------------------------------------------------------------------------

async def _json_body(request: Request) -> Any:
    limit = bench(request).settings.limits.json_bytes
    body = await request.body()
    if len(body) > limit:
        raise TooLarge(f"数据太大：不超过 {limit // 1048576} MB")
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ShenbaoError(f"请求不是有效的 JSON：{exc}") from exc
    except RecursionError as exc:
        raise ShenbaoError("请求的 JSON 嵌套过深") from exc


async def _uploaded(request: Request, folder: UploadFolder, max_files: int) -> list[UploadFile]:
    try:
        form = await request.form(max_files=max_files + 1, max_fields=50)
    except MultiPartException as exc:
        if "Too many files" in str(exc.message):
            raise TooLarge(f"文件太多：一次最多 {max_files} 个文件") from exc
        raise ShenbaoError(f"上传的内容无法读取：{exc.message}") from exc
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
    if len(files) > max_files:
        raise TooLarge(f"文件太多：一次最多 {max_files} 个文件")
    return files


async def _add_documents(request: Request, folder: UploadFolder) -> list[str]:
    files = await _uploaded(request, folder, folder.limits.files)
    if not files:
        raise ShenbaoError("请选择要上传的 PDF、DOCX 文件或 zip 压缩包")
    notes: list[str] = []
    for upload in files:
        notes += folder.add_documents(upload.filename or "文件", await upload.read())
    return notes


def _attachment(content: bytes, name: str, media_type: str) -> Response:
    fallback = (name if name.isascii() else "shenbao" + Path(name).suffix).replace('"', "_")   # without filename*
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
    return Response(content, media_type=media_type, headers={"Content-Disposition": disposition})


# ---- errors and limits ----------------------------------------------------------------------

async def _shenbao_error(request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, DataError):
        payload = service.problems_payload(exc.problems)
        return JSONResponse({**payload, "error": f"数据有 {len(exc.problems)} 处错误，未生成文件"}, status_code=422)
    status = 413 if isinstance(exc, TooLarge) else 400
    return JSONResponse({"error": str(exc)}, status_code=status)


HTTP_MESSAGES = {404: "找不到这个页面", 405: "不支持这种请求方式"}    # for Starlette's English defaults


async def _http_error(request: Request, exc: HTTPException) -> Response:
    message = exc.detail if has_ideograph(str(exc.detail)) else HTTP_MESSAGES.get(exc.status_code, f"请求出错（{exc.status_code}）")
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=exc.status_code, headers=exc.headers)
    return TEMPLATES.TemplateResponse(request, "error.html", {"message": message, "page": ""},
                                      status_code=exc.status_code, headers=exc.headers)


async def _unexpected(request: Request, exc: Exception) -> Response:
    """A bug of ours: a Chinese message rather than a bare 500 (details in the server's log)."""
    return JSONResponse({"error": f"服务器内部错误（{type(exc).__name__}），请把操作步骤告诉管理员"}, status_code=500)


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings()
    workbench = Workbench(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        workbench.close()

    routes = [
        Route("/", index),
        Route("/fill/{form_id}", fill_page),
        Route("/check", check_page),
        Route("/collect", collect_page),
        Route("/api/validate", api_validate, methods=["POST"]),
        Route("/api/wordcount", api_wordcount, methods=["POST"]),
        Route("/api/render", api_render, methods=["POST"]),
        Route("/api/preview", api_preview, methods=["POST"]),
        Route("/api/load", api_load, methods=["POST"]),
        Route("/api/check", api_check, methods=["POST"]),
        Route("/api/collect", api_collect_start, methods=["POST"]),
        Route("/api/collect/{job_id}", api_collect_status),
        Route("/api/collect/{job_id}/edit", api_collect_edit, methods=["POST"]),
        Route("/api/collect/{job_id}/summary.xlsx", api_collect_xlsx),
        Route("/api/collect/{job_id}/attachment3.{kind:str}", api_collect_attachment3),
        Mount("/static", StaticFiles(packages=[("pipeline.web", "static")]), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={ShenbaoError: _shenbao_error, HTTPException: _http_error,
                                        Exception: _unexpected})
    app.state.bench = workbench
    app.add_middleware(BodyLimit, limit=settings.limits.request_bytes)
    return app
