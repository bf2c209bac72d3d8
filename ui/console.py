"""The staff console: ask and see why (retrieval ranks, scores, timings), mark answers, export them as
evaluation cases; plus the knowledge-base admin and evaluation tabs."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

import gradio as gr

from bot.models import Answer
from knowledge.store import KnowledgeStore
from ui import evaluation, kb_admin
from ui.chat import AnswerEngine, checked_question, render_answer
from ui.errors import friendly, notify, user_error, warn
from ui.feedback import VERDICT_LABELS, FeedbackStore, Verdict
from ui.theme import HEADER_CLASS, header

RETRIEVED_HEADERS = ["名次", "融合分", "关键词名次", "向量名次", "关键词分", "向量相似度",
                     "来源文件", "标题", "章节路径", "片段"]
RETRIEVED_WIDTHS = ["5%", "7%", "7%", "7%", "7%", "7%", "12%", "12%", "12%", "24%"]
FEEDBACK_HEADERS = ["编号", "时间", "问题", "结论", "是否拒答", "应引用来源", "关键事实", "备注"]
STAGE_NAMES = {"condense": "理解问题（含追问改写）", "retrieve": "检索", "decide": "判断能否回答",
               "compose": "组织回答", "total": "合计"}
EMPTY_STATUS = '<div class="zb-note">输入问题后点“提问”，这里显示是否拒答和耗时。</div>'


def _num(value: float | None, digits: int = 4) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def retrieved_rows(answer: Answer) -> list[list[str | int]]:
    return [[i, _num(r.fused_score), r.keyword_rank or "—", r.dense_rank or "—", _num(r.keyword_score, 3),
             _num(r.dense_score, 3), r.chunk.source, r.chunk.title, r.chunk.section or "（无）",
             r.chunk.text[:120] + ("…" if len(r.chunk.text) > 120 else "")]
            for i, r in enumerate(answer.retrieved, 1)]


def timing_rows(answer: Answer) -> list[list[str]]:
    return [[STAGE_NAMES.get(stage, stage), f"{ms:.1f}"] for stage, ms in answer.timings_ms.items()]


def status_html(answer: Answer) -> str:
    badge = ('<span class="zb-badge no">拒答</span>' if answer.refused else '<span class="zb-badge ok">已回答</span>')
    total = answer.timings_ms.get("total", sum(answer.timings_ms.values()))
    mode = "生成式" if answer.mode == "generative" else "抽取式"
    return (f'<div class="zb-progress">{badge} <span class="zb-badge warn">{mode}</span>'
            f' 引用 {len(answer.citations)} 处，检索到 {len(answer.retrieved)} 段，用时 {total:.0f} 毫秒</div>')


def feedback_rows(feedback: FeedbackStore) -> list[list[str | int]]:
    return [[fb.id, _local_time(fb.created_at), fb.question, VERDICT_LABELS[fb.verdict], "是" if fb.refused else "否",
             "、".join(fb.sources), "；".join(fb.key_facts), fb.note] for fb in feedback.all()]


def _local_time(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


def build_console(engine: AnswerEngine, store: KnowledgeStore, feedback: FeedbackStore,
                  logout_link: str | None = None, delete_cache: tuple[int, int] | None = None) -> gr.Blocks:
    with gr.Blocks(title="园区企业服务助手 · 员工控制台", fill_width=True, delete_cache=delete_cache) as console:
        gr.HTML(elem_classes=HEADER_CLASS, value=header("员工控制台", "问答调试 · 标注 · 知识库管理 · 评测"))
        with gr.Row(equal_height=True):
            gr.Markdown("这里的提问不会出现在企业的对话里；导入和删除文档会立即影响企业看到的回答。",
                        elem_classes="zb-note")
            if logout_link:
                gr.Button("退出登录", link=logout_link, size="sm", scale=0, min_width=90)
        with gr.Tabs():
            with gr.Tab("问答调试", id="inspect"):
                records = _inspect_tab(engine, store, feedback)
            with gr.Tab("知识库管理", id="kb"):
                refresh_kb, kb_outputs = kb_admin.build_tab(store)
            with gr.Tab("评测", id="eval"):
                evaluation.build_tab(store.settings, feedback)
        # Re-read on every page load: staff see each other's latest marks and documents.
        console.load(lambda: feedback_rows(feedback), None, records, api_name="feedback_list")
        console.load(refresh_kb, None, kb_outputs, api_name="kb_documents")
    return console


def _inspect_tab(engine: AnswerEngine, store: KnowledgeStore, feedback: FeedbackStore) -> gr.Dataframe:
    """Build the tab; returns the table of marks, which the page fills on load."""
    limit = store.settings.max_question_chars
    last = gr.State(None)
    with gr.Row(equal_height=True):
        question = gr.Textbox(label="测试问题", placeholder="例如：节能审查要多久？", max_length=limit,
                              scale=5, submit_btn=False, elem_id="zb-console-question")
        ask = gr.Button("提问", variant="primary", scale=1, min_width=90, elem_id="zb-console-ask")
    status = gr.HTML(EMPTY_STATUS)
    with gr.Row():
        with gr.Column(scale=3):
            answer_md = gr.Markdown(label="回答", elem_id="zb-console-answer", latex_delimiters=[])
        with gr.Column(scale=2, min_width=220):
            timings = gr.Dataframe(headers=["阶段", "耗时（毫秒）"], label="各阶段耗时", interactive=False,
                                   elem_id="zb-console-timings")
    retrieved = gr.Dataframe(headers=RETRIEVED_HEADERS, label="检索到的片段（按融合分排序）", interactive=False,
                             wrap=True, column_widths=RETRIEVED_WIDTHS, elem_id="zb-console-retrieved")
    with gr.Accordion("标注这条回答（保存后可导出为评测用例）", open=True):
        with gr.Row():
            verdict = gr.Radio([(label, v.value) for v, label in VERDICT_LABELS.items()], label="结论",
                               value=Verdict.RIGHT.value, elem_id="zb-verdict")
            sources = gr.Dropdown(label="应引用的来源文件（默认为回答引用的文件）", multiselect=True, choices=[],
                                  allow_custom_value=False, elem_id="zb-expected-sources")
        with gr.Row():
            key_facts = gr.Textbox(label="关键事实（每行一条，可用 | 分隔同义说法）", lines=2,
                                   placeholder="例如：20个工作日")
            note = gr.Textbox(label="备注", lines=2, placeholder="哪里对、哪里错；应当拒答时写明原因")
        save = gr.Button("保存标注", variant="primary", elem_id="zb-save-feedback")
    with gr.Accordion("标注记录与导出", open=False):
        records = gr.Dataframe(headers=FEEDBACK_HEADERS, interactive=False, wrap=True, elem_id="zb-feedback")
        with gr.Row():
            export = gr.Button("导出评测用例（JSONL）", elem_id="zb-export")
            export_file = gr.File(label="评测用例文件", interactive=False)

    @friendly("提问")
    def inspect(q: str) -> tuple:
        answer = engine.ask(checked_question(q, limit), [])
        cited = list(dict.fromkeys(c.source for c in answer.citations))
        choices = sorted({d.source for d in store.documents()} | set(cited))
        return (status_html(answer), render_answer(answer), timing_rows(answer), retrieved_rows(answer),
                answer.model_dump(mode="json"), gr.update(choices=choices, value=cited),
                Verdict.SHOULD_REFUSE.value if answer.refused else Verdict.RIGHT.value)

    @friendly("保存标注")
    def mark(state: dict | None, verdict_value: str, expected: list[str] | None, facts: str, remark: str) -> tuple:
        if not state:
            raise user_error("请先提问，再标注这条回答。")
        chosen = Verdict(verdict_value)
        if chosen is Verdict.WRONG and not expected and not remark.strip():
            raise user_error("标为“回答错误”时，请选择应引用的来源文件，或在备注里写明错在哪里。")
        answer = Answer.model_validate(state)
        fid = feedback.add(question=answer.question, answer=answer.answer, refused=answer.refused, verdict=chosen,
                           note=remark, sources=list(expected or []) if chosen is not Verdict.SHOULD_REFUSE else [],
                           key_facts=[line.strip() for line in facts.splitlines() if line.strip()])
        notify(f"已保存第 {fid} 条标注。")
        return feedback_rows(feedback), "", ""

    @friendly("导出")
    def export_cases() -> str:
        result = feedback.export()
        if not result.rows:
            raise user_error("还没有可导出的标注。请先在上方提问并保存标注。")
        folder = store.settings.gradio_temp_dir  # private to the service and purged, not the shared /tmp
        folder.mkdir(parents=True, exist_ok=True)
        path = Path(tempfile.mkdtemp(prefix="feedback-", dir=folder)) / f"console-cases-{datetime.now():%Y%m%d-%H%M}.jsonl"
        path.write_text(result.jsonl(), encoding="utf-8")
        if result.skipped:
            warn(f"有 {len(result.skipped)} 条“回答错误”的标注没有指定应引用的来源，未导出（编号："
                       f"{'、'.join(map(str, result.skipped))}）。")
        return str(path)

    outputs = [status, answer_md, timings, retrieved, last, sources, verdict]
    question.submit(inspect, question, outputs, api_name="inspect")
    ask.click(inspect, question, outputs, api_name="inspect_click", api_visibility="private")
    save.click(mark, [last, verdict, sources, key_facts, note], [records, key_facts, note], api_name="mark")
    export.click(export_cases, None, export_file, api_name="export_feedback")
    return records
