"""The enterprise chat: streamed answers with expandable source cards, one conversation per session."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

import gradio as gr

from bot.answer.extractive import SOURCES_HEADER
from bot.answer.guard import InputRejected, bounded_question
from bot.models import Answer, ChatTurn, Citation
from knowledge.settings import get_settings
from ui.errors import friendly, log_failure, user_error

# Questions the bundled guides answer well (checked against the corpus): a suggestion must not disappoint.
SUGGESTED_QUESTIONS = (
    "我们要在园区建厂，需要办哪些手续？",
    "节能审查要多久？",
    "水土保持方案什么情况下要编报告书？",
    "区域评估要企业出钱吗？",
)
WELCOME = ("### 您好，我是园区企业服务助手\n"
           "可以问我项目立项、用地规划、施工许可、竣工验收等审批事项的办理条件、材料和时限。"
           "每个回答都附有依据来源，点开即可查看原文。")
FAILED = ("抱歉，系统暂时无法回答这个问题（内部错误，已记录）。请稍后重试；"
          "如一直出现，请拨打园区企业服务热线或到政务服务窗口咨询。")
# Follow-up questions need only the recent turns; a long history would only slow retrieval down.
HISTORY_TURNS = 6


class AnswerEngine(Protocol):
    """What the page needs from bot.answer.Assistant (shared by every session of a process)."""

    def ask(self, question: str, history: list[ChatTurn]) -> Answer: ...

    def stream(self, question: str, history: list[ChatTurn]) -> Iterator[str | Answer]: ...


@dataclass
class Conversation:
    """One browser session's chat: what the engine sees (turns) and what the page shows (messages)."""

    turns: list[ChatTurn] = field(default_factory=list)
    messages: list[dict] = field(default_factory=list)


_URL = re.compile(r"(?:https?|ftp)://[^\s<>\"'，。；、）)\[\]]+|www\.[^\s<>\"'，。；、）)\[\]]+", re.IGNORECASE)
_HOST = re.compile(r"^(?:[a-z]+://)?([^/?#:\s]+)", re.IGNORECASE)


def _host_of(url: str) -> str:
    found = _HOST.match(url)
    return found[1] if found else url


def _one_line(text: str) -> str:
    # Inside an HTML block a blank line would end the block and let Markdown mangle the rest.
    return html.escape(re.sub(r"\s+", " ", text).strip())


def as_text(markdown: str) -> str:
    """Answer text (quoted from documents) made safe to show as Markdown: no HTML tag or entity from a
    document reaches the page, a link is plain text naming its host (no clickable phishing link, no
    image fetched from elsewhere), and [text](url) is not a link. The answer's own lists and bold stay."""
    safe = html.escape(markdown, quote=False)
    safe = _URL.sub(lambda m: f"（网址：`{_host_of(m.group())}`）", safe)
    return safe.replace("](", "]\\(")


def source_cards(citations: list[Citation]) -> str:
    """Collapsed cards under an answer: number, title and heading path; opened, the cited passage."""
    if not citations:
        return ""
    cards = "".join(
        f'<details class="zb-source"><summary><span class="zb-n">{c.n}</span>'
        f'<span class="zb-title">{_one_line(c.title)}</span>'
        + (f'<span class="zb-section">{_one_line(c.section)}</span>' if c.section else "")
        + (f'<span class="zb-article">{_one_line(c.article)}</span>' if c.article else "")
        + f'</summary><blockquote class="zb-quote">{_one_line(c.quote)}</blockquote>'
        f'<div class="zb-file">来源文件：{_one_line(c.source)}</div></details>'
        for c in citations)
    return f'<div class="zb-sources"><div class="zb-sources-head">依据来源（点开查看原文）</div>{cards}</div>'


def without_source_lines(text: str) -> str:
    """The answer text without its plain "来源：" block: on the page the source cards replace it."""
    body, found, _ = text.partition(f"\n\n{SOURCES_HEADER}")
    return body.rstrip() if found else text.rstrip()


def render_answer(answer: Answer) -> str:
    parts = [as_text(without_source_lines(answer.answer) if answer.citations else answer.answer.strip())]
    if answer.refused and answer.suggestions:
        parts.append("您可以换个问法，或问问这些事项：\n" + "\n".join(f"- {as_text(s)}" for s in answer.suggestions))
    parts.append(source_cards(answer.citations))
    return "\n\n".join(p for p in parts if p)


def checked_question(question: str | None, limit: int | None = None) -> str:
    """The page's and the console's server-side input check (the textbox limit is only a browser hint)."""
    try:
        question = bounded_question(question, limit or get_settings().max_question_chars).strip()
    except InputRejected as exc:
        raise user_error(str(exc)) from exc
    if not question:
        raise user_error("请先输入您的问题，例如：节能审查要多久？")
    return question


def respond(engine: AnswerEngine, question: str, conv: Conversation | None,
            limit: int | None = None) -> Iterator[tuple[list[dict], Conversation]]:
    """Stream one answer into the conversation; yields (messages to show, updated conversation)."""
    conv = conv or Conversation()
    question = checked_question(question, limit)
    history = conv.turns[-HISTORY_TURNS:]
    shown = [*conv.messages, {"role": "user", "content": as_text(question)}]
    yield [*shown, {"role": "assistant", "content": "正在查找相关办事指南……"}], conv
    partial = ""
    answer: Answer | None = None
    try:
        for piece in engine.stream(question, history):
            if isinstance(piece, Answer):
                answer = piece
            else:
                partial += piece
                yield [*shown, {"role": "assistant", "content": as_text(without_source_lines(partial))}], conv
    except Exception as exc:  # the user gets an apology in the chat, not a broken page
        log_failure("answering", exc)
    if answer is None:
        reply = FAILED
    else:
        reply = render_answer(answer)
        conv.turns += [ChatTurn(role="user", content=question), ChatTurn(role="assistant", content=answer.answer)]
    conv.messages = [*shown, {"role": "assistant", "content": reply}]
    yield conv.messages, conv


def build_chat_tab(engine: AnswerEngine, limit: int) -> None:
    """Components and events of the 政策咨询 tab (inside an open gr.Blocks)."""
    conv = gr.State(None)
    chatbot = gr.Chatbot(show_label=False, placeholder=WELCOME, examples=[{"text": q} for q in SUGGESTED_QUESTIONS],
                         height="62vh", min_height=360, latex_delimiters=[], buttons=["copy"], feedback_options=None,
                         elem_id="zb-chat", autoscroll=True)
    box = gr.Textbox(show_label=False, placeholder="请输入您的问题，例如：节能审查要多久？", submit_btn="发送",
                     max_length=limit, elem_id="zb-question", autofocus=True)
    with gr.Row():
        gr.Markdown("回答依据园区公开的办事指南和政策文件自动生成，仅供参考，以受理窗口的意见为准。",
                    elem_classes="zb-note")
        new_chat = gr.Button("开始新对话", size="sm", variant="secondary", scale=0, min_width=110)

    @friendly("回答")
    def chat(question: str, state: Conversation | None) -> Iterator[tuple[list[dict], Conversation, str]]:
        for messages, updated in respond(engine, question, state, limit):
            yield messages, updated, ""  # the box empties as soon as the question is shown

    @friendly("回答")
    def chat_example(state: Conversation | None, evt: gr.SelectData) -> Iterator[tuple[list[dict], Conversation, str]]:
        yield from chat(evt.value["text"], state)

    # show_progress="hidden": the first yield already shows a "looking it up" bubble, and a hint such as
    # "please type a question" must not cover the whole chat with Gradio's error overlay.
    box.submit(chat, [box, conv], [chatbot, conv, box], api_name="chat", trigger_mode="once", show_progress="hidden")
    chatbot.example_select(chat_example, [conv], [chatbot, conv, box], api_name="chat_example",
                           api_visibility="private", show_progress="hidden")
    new_chat.click(lambda: ([], Conversation()), None, [chatbot, conv], api_name="new_chat", queue=False)
    # The chat's own trash icon empties the display; the conversation the engine sees must go with it.
    chatbot.clear(Conversation, None, conv, api_name="clear_chat", api_visibility="private", queue=False)
