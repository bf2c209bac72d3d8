"""The HTTP API for other front ends (the zone's portal, a mini program, staff tools), served beside the
page at /v1: OpenAI-compatible chat completions, so existing chat clients work unchanged, and the
28-field intake.

Chat is stateless, as in the OpenAI protocol: the client sends the conversation and follow-ups are
understood from it, so any replica can answer any turn. An intake lives in the state store and belongs
to whoever started it: the start returns a secret token (only its hash is stored) that every later call
must send in the `X-Intake-Token` header.
"""

from __future__ import annotations

import json
import secrets
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any, Literal

import anyio
from anyio.to_thread import run_sync
from fastapi import FastAPI, Header, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from bot.intake.dialogue import IntakeSession
from bot.intake.handoff import make_sink
from bot.answer.guard import InputRejected, bounded_question, repair_unicode
from bot.intake.state import IntakeState, Turn, owner_hash
from bot.models import Answer, ChatTurn
from knowledge.fields import BASE_FIELDS, FIELDS_BY_ID
from knowledge.settings import Settings
from ui.auth import is_loopback
from ui.chat import HISTORY_TURNS
from ui.errors import log_failure
from ui.intake_tab import MAX_MESSAGE_CHARS, side_answer
from ui.services import Services

MODEL_ID = "zonebot"
MAX_BODY_BYTES = 1 << 20  # a long conversation is a few tens of kB
# Answers are CPU-bound: as many at once as the page allows, so neither face starves the other.
ANSWER_SLOTS = 4
TOKEN_HEADER = "X-Intake-Token"
NOT_FOUND = "没有找到这份填报：编号或填报凭证（X-Intake-Token）不对。请用开始填报时返回的编号和凭证。"


class ApiError(Exception):
    """An error the client can act on; the body follows the OpenAI error shape with a Chinese message."""

    def __init__(self, status: int, message: str, code: str, kind: str = "invalid_request_error") -> None:
        super().__init__(message)
        self.status, self.message, self.code, self.kind = status, message, code, kind

    def response(self) -> JSONResponse:
        body = {"error": {"message": self.message, "type": self.kind, "param": None, "code": self.code}}
        return JSONResponse(body, status_code=self.status)


# ---- request and response models ---------------------------------------------------------------

class ContentPart(BaseModel):
    model_config = ConfigDict(extra="ignore")
    type: str
    text: str = ""


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")
    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[ContentPart] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(p.text for p in self.content if p.type == "text")
        return self.content or ""


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")  # temperature, max_tokens, ...: nothing to tune in a cited answer
    model: str
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False


class IntakeMessage(BaseModel):
    content: str


class FieldValue(BaseModel):
    value: str


class IntakeField(BaseModel):
    id: str
    label: str
    value: Any
    display: str
    status: str


class IntakeView(BaseModel):
    session_id: str
    stage: str
    reply: str | None = Field(None, description="What the assistant said in reply to this call")
    progress: dict[str, int]
    fields: list[IntakeField]
    missing: list[str]
    transcript: list[Turn]
    payload: dict[str, Any] | None


# ---- chat ----------------------------------------------------------------------------------------

def question_and_history(request: ChatRequest, limit: int) -> tuple[str, list[ChatTurn]]:
    """The last user message is the question; earlier user and assistant messages are the history
    (system messages cannot steer a cited, grounded answer and are not followed). `limit`: the one
    server-side cap on a question's length (ZONEBOT_MAX_QUESTION_CHARS)."""
    if request.model != MODEL_ID:
        raise ApiError(404, f"没有名为“{request.model}”的模型，请使用 {MODEL_ID}。", "model_not_found")
    last = request.messages[-1]
    if last.role != "user":
        raise ApiError(400, "最后一条消息应当是用户的问题（role 为 user）。", "invalid_messages")
    try:
        question = bounded_question(last.text(), limit).strip()
    except InputRejected as exc:
        raise ApiError(400, str(exc), "question_too_long") from exc
    if not question:
        raise ApiError(400, "问题是空的：请在最后一条用户消息里写上问题，例如：节能审查要多久？", "empty_question")
    history = [ChatTurn(role=m.role, content=repair_unicode(m.text())) for m in request.messages[:-1]
               if m.role in ("user", "assistant") and m.text().strip()]
    return question, history[-HISTORY_TURNS:]


def extra(answer: Answer) -> dict[str, Any]:
    """What an OpenAI response lacks: the citations (as `bot ask --json` gives them) and the refusal."""
    contract = answer.contract_json()
    return {"citations": contract["citations"], "refused": answer.refused, "suggestions": answer.suggestions}


def completion(answer: Answer, completion_id: str, created: int) -> dict[str, Any]:
    return {"id": completion_id, "object": "chat.completion", "created": created, "model": MODEL_ID,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": answer.answer},
                         "finish_reason": "stop"}], **extra(answer)}


def chunk(completion_id: str, created: int, delta: dict[str, Any], finish: str | None = None,
          **more: Any) -> str:
    body = {"id": completion_id, "object": "chat.completion.chunk", "created": created, "model": MODEL_ID,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **more}
    return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"


# ---- access --------------------------------------------------------------------------------------

def api_keys(settings: Settings) -> list[str]:
    raw = settings.api_keys.get_secret_value() if settings.api_keys else ""
    return [k.strip() for k in raw.split(",") if k.strip()]


def check_access(request: Request, keys: list[str]) -> None:
    """With keys set, a valid `Authorization: Bearer KEY`; without, a client on this machine."""
    if keys:
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        # compare with every key, always: the time taken must not tell how close a guess was
        matches = [secrets.compare_digest(given.strip().encode(), key.encode()) for key in keys]
        if scheme.lower() != "bearer" or not any(matches):
            raise ApiError(401, "API 密钥无效或缺失：请在请求头中提供 Authorization: Bearer <密钥>，"
                                "密钥由园区管理员在 ZONEBOT_API_KEYS 中配置。", "invalid_api_key",
                           "authentication_error")
    elif not (request.client and is_loopback(request.client.host)):
        raise ApiError(403, "本服务未配置 API 密钥，接口只允许本机调用。"
                            "如需从其他电脑调用，请管理员设置 ZONEBOT_API_KEYS。", "api_keys_not_set",
                       "permission_error")


# ---- the app -------------------------------------------------------------------------------------

def build_api(services: Services) -> FastAPI:
    """The /v1 sub-application (mounted by ui.app before the page, so its routes win)."""
    api = FastAPI(title="zonebot API", docs_url=None, redoc_url=None, openapi_url=None)
    engine, state = services.assistant, services.state
    keys = api_keys(services.settings)
    slots = anyio.CapacityLimiter(ANSWER_SLOTS)
    sink = make_sink(services.settings)
    answer_aside = side_answer(engine)

    @api.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        return exc.response()

    @api.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ())[1:])
        if first.get("type") == "json_invalid":
            message = "请求体不是合法的 JSON：请检查引号、逗号和括号是否成对。"
        elif not where:
            message = "请求体应当是一个 JSON 对象，并带请求头 Content-Type: application/json。"
        elif first.get("type") == "missing":
            message = f"请求缺少字段 {where}。"
        else:
            message = f"字段 {where} 的值不符合要求，请对照接口说明（OpenAI chat completions 格式）。"
        return ApiError(400, message, "invalid_request").response()

    @api.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = {404: "没有这个接口。", 405: "这个接口不支持该请求方法。"}.get(exc.status_code, "请求有误。")
        return ApiError(exc.status_code, message, "not_found" if exc.status_code == 404 else "bad_request").response()

    @api.exception_handler(Exception)
    async def failed(_: Request, exc: Exception) -> JSONResponse:
        log_failure("api", exc)
        return ApiError(500, "系统内部出错，已记录。请稍后重试；如一直出现，请联系园区服务窗口。", "internal_error",
                        "server_error").response()

    @api.middleware("http")
    async def guard(request: Request, call_next: Any) -> Response:
        try:
            check_access(request, keys)
            if int(request.headers.get("content-length") or 0) > MAX_BODY_BYTES:
                raise ApiError(413, f"请求太大（超过{MAX_BODY_BYTES // 1024} KB）：请只发送最近几轮对话。",
                               "request_too_large")
        except ApiError as exc:
            return exc.response()
        except ValueError:
            return ApiError(400, "请求头 Content-Length 不是数字。", "invalid_request").response()
        return await call_next(request)

    @api.get("/models")
    def models() -> dict[str, Any]:
        return {"object": "list", "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "zonebot"}]}

    @api.post("/chat/completions", response_model=None)
    async def chat_completions(body: ChatRequest) -> dict[str, Any] | StreamingResponse:
        question, history = question_and_history(body, services.settings.max_question_chars)
        completion_id, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
        if not body.stream:
            answer = await run_sync(engine.ask, question, history, limiter=slots)
            return completion(answer, completion_id, created)
        return StreamingResponse(stream_answer(question, history, completion_id, created),
                                 media_type="text/event-stream", headers={"Cache-Control": "no-cache"})

    async def stream_answer(question: str, history: list[ChatTurn], completion_id: str,
                            created: int) -> AsyncIterator[str]:
        pieces: Iterator[str | Answer] = engine.stream(question, history)
        yield chunk(completion_id, created, {"role": "assistant", "content": ""})
        sent = ""
        try:
            while (piece := await run_sync(next, pieces, None, limiter=slots)) is not None:
                if isinstance(piece, Answer):
                    rest = piece.answer[len(sent):] if piece.answer.startswith(sent) else ""
                    if rest:
                        yield chunk(completion_id, created, {"content": rest})
                    yield chunk(completion_id, created, {}, "stop", **extra(piece))
                    break
                sent += piece
                yield chunk(completion_id, created, {"content": piece})
        except Exception as exc:  # headers are gone: the client learns of it in the stream
            log_failure("api stream", exc)
            error = {"message": "系统内部出错，已记录，请稍后重试。", "type": "server_error", "code": "internal_error"}
            yield f"data: {json.dumps({'error': error}, ensure_ascii=False)}\n\n"
        yield "data: [DONE]\n\n"

    # ---- intake ----------------------------------------------------------------------------------

    def view(session: IntakeSession, reply: str | None = None) -> dict[str, Any]:
        done, total = session.progress
        s = session.state
        return IntakeView(session_id=s.session_id, stage=s.stage, reply=reply, progress={"done": done, "total": total},
                          fields=[IntakeField(**{k: row[k] for k in IntakeField.model_fields})
                                  for row in session.fields_table()],
                          missing=session.missing(), transcript=s.transcript, payload=s.payload).model_dump()

    def owned(session_id: str, token: str | None) -> IntakeSession:
        """The caller's session, inside the current turn; unknown id and wrong token look the same."""
        loaded = state.load(session_id) if len(session_id) <= 64 else None
        if loaded is None or not token or not loaded.owned_by(token):
            raise ApiError(404, NOT_FOUND, "intake_not_found")
        return IntakeSession(loaded, state, side_answer=answer_aside, sink=sink)

    @api.post("/intake/sessions", status_code=201)
    def intake_start() -> dict[str, Any]:
        token = secrets.token_urlsafe(32)
        fresh = IntakeState(owner=owner_hash(token))
        with state.turn(fresh.session_id):
            session = IntakeSession(fresh, state, side_answer=answer_aside, sink=sink)
            reply = session.opening()
            return {**view(session, reply), "token": token}

    @api.get("/intake/sessions/{session_id}")
    def intake_read(session_id: str, token: str | None = Header(None, alias=TOKEN_HEADER)) -> dict[str, Any]:
        return view(owned(session_id, token))

    @api.post("/intake/sessions/{session_id}/messages")
    def intake_message(session_id: str, body: IntakeMessage,
                       token: str | None = Header(None, alias=TOKEN_HEADER)) -> dict[str, Any]:
        message = repair_unicode(body.content).strip()
        if not message:
            raise ApiError(400, "请输入要填写的内容，例如：联系人张三，电话13812345678。", "empty_message")
        if len(message) > MAX_MESSAGE_CHARS:
            raise ApiError(400, f"一次输入太长了（{len(message)}字），请分几次发送，每次不超过{MAX_MESSAGE_CHARS}字。",
                           "message_too_long")
        with state.turn(session_id):
            session = owned(session_id, token)
            return view(session, session.handle(message))

    @api.put("/intake/sessions/{session_id}/fields/{field_id}")
    def intake_correct(session_id: str, field_id: str, body: FieldValue,
                       token: str | None = Header(None, alias=TOKEN_HEADER)) -> dict[str, Any]:
        if field_id not in FIELDS_BY_ID:
            raise ApiError(404, f"没有字段“{field_id}”。可用的字段编号：{'、'.join(f.id for f in BASE_FIELDS)}。",
                           "unknown_field")
        if not repair_unicode(body.value).strip():
            raise ApiError(400, f"{FIELDS_BY_ID[field_id].label}不能清空；如暂时没有，请发送消息“"
                                f"{FIELDS_BY_ID[field_id].label}先跳过”。", "empty_value")
        with state.turn(session_id):
            session = owned(session_id, token)
            error = session.correct(field_id, repair_unicode(body.value).strip())
        if error:
            raise ApiError(422, f"{FIELDS_BY_ID[field_id].label}：{error}", "invalid_value")
        return view(session)

    @api.post("/intake/sessions/{session_id}/confirm")
    def intake_confirm(session_id: str, token: str | None = Header(None, alias=TOKEN_HEADER)) -> dict[str, Any]:
        with state.turn(session_id):
            session = owned(session_id, token)
            if session.stage != "confirming":
                raise ApiError(409, "还不能确认：请先填完全部信息（或说明哪些先不填），助手列出核对清单后再确认。",
                               "not_ready")
            return view(session, session.confirm())

    return api
