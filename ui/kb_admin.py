"""Knowledge-base admin in the console: upload and ingest files (with progress), list and remove documents."""

from __future__ import annotations

import html
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import gradio as gr
from gradio.utils import get_upload_folder

from ingest.loaders import SUPPORTED_SUFFIXES
from ingest.pipeline import IngestReport, ingest_paths
from knowledge.store import KnowledgeStore
from ui.errors import friendly, user_error

DOC_HEADERS = ["来源文件", "标题", "类型", "段数", "导入时间"]
# One writer at a time: two staff ingesting at once would race on the same manifest records. Held only
# around each store write: parsing runs in ingest's worker process, outside it.
_write_lock = threading.Lock()
CONSOLE_ORIGIN = "console"  # the origin recorded for uploads: `ingest --prune` of a folder never removes them


def document_rows(store: KnowledgeStore) -> list[list[str | int]]:
    return [[d.source, d.title, d.doc_type, d.chunks, _local_time(d.ingested_at)] for d in store.documents()]


def summary(store: KnowledgeStore) -> str:
    stats = store.stats()
    return (f"**知识库**：{stats['documents']} 个文档，{stats['chunks']} 个片段 · 集合 `{store.name}` · "
            f"嵌入模型 `{store.model_id}`")


def report_markdown(report: IngestReport) -> str:
    lines = [f"导入完成：成功 {report.files_ok} 个文件；新增 {report.chunks_added} 段，"
             f"未变化 {report.chunks_unchanged} 段，删除旧版本 {report.chunks_removed} 段。"]
    lines += [f"- 未导入 `{Path(f.path).name}`：{f.error}" for f in report.files_failed]
    if report.instructions:
        lines.append(f"\n**注意**：以下 {len(report.instructions)} 句像是对智能助手下达的指令，已随文档导入，"
                     "但回答中不会引用，请核对文档来源：")
        lines += [f"- `{f.source}`：{_plain(f.text)[:80]}" for f in report.instructions]
    return "\n".join(lines)


def _plain(text: str) -> str:
    """Document text shown as text in Markdown (the report quotes flagged sentences)."""
    return html.escape(" ".join(text.split())).replace("`", "'").replace("](", "]\\(")


def _local_time(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


def uploaded(paths: list[str]) -> list[Path]:
    """Only files this server received as uploads (inside Gradio's upload folder): a request naming any
    other path on the server — FileData is just a path — must not put that file into the public answers."""
    folder = Path(get_upload_folder()).resolve()
    files = [Path(p).resolve() for p in paths]
    if any(not f.is_relative_to(folder) or not f.is_file() for f in files):
        raise user_error("只能导入本次上传的文件，请重新选择文件上传。")
    return files


def ingest_uploads(store: KnowledgeStore, paths: list[Path], progress: gr.Progress) -> IngestReport:
    """Ingest uploaded files under their original names: Gradio keeps each upload as <random>/<name>,
    so a file's name becomes its `source`."""
    progress(0, desc="准备导入")
    # progress=True: ingest reports through tqdm, which gr.Progress(track_tqdm=True) shows as a bar
    return ingest_paths(paths, store, progress=True, origin=CONSOLE_ORIGIN, write_lock=_write_lock)


def build_tab(store: KnowledgeStore) -> tuple[Callable[[], tuple], list[gr.components.Component]]:
    """Build the tab; returns the refresh function and its outputs, for the page's load event."""
    stats = gr.Markdown(elem_id="zb-kb-summary")
    with gr.Row():
        with gr.Column(scale=1, min_width=260):
            # No file_types filter: Gradio would refuse other files in English; ingest names them in Chinese.
            uploads = gr.File(label=f"上传文件（支持 {'、'.join(sorted(SUPPORTED_SUFFIXES))}）", file_count="multiple",
                              elem_id="zb-kb-upload")
            ingest = gr.Button("导入知识库", variant="primary", elem_id="zb-kb-ingest")
            result = gr.Markdown(elem_id="zb-kb-result")
        with gr.Column(scale=1, min_width=260):
            target = gr.Dropdown(label="选择要删除的文档", choices=[], elem_id="zb-kb-remove-choice")
            remove = gr.Button("删除所选文档", variant="stop", elem_id="zb-kb-remove")
            with gr.Group(visible=False) as ask_remove:  # asked in the page: no browser dialog to miss
                question = gr.Markdown(elem_id="zb-kb-remove-question")
                with gr.Row():
                    remove_yes = gr.Button("确认删除", variant="stop", size="sm", elem_id="zb-kb-remove-yes")
                    remove_no = gr.Button("取消", size="sm", elem_id="zb-kb-remove-no")
    docs = gr.Dataframe(headers=DOC_HEADERS, label="已导入的文档", interactive=False,
                        wrap=True, elem_id="zb-kb-docs")

    def refreshed() -> tuple:
        sources = [d.source for d in store.documents()]
        return summary(store), document_rows(store), gr.update(choices=sources, value=None)

    @friendly("导入")
    def do_ingest(files: list[str] | None,
                  progress: gr.Progress = gr.Progress(track_tqdm=True)) -> tuple:  # noqa: B008 - Gradio's idiom
        if not files:
            raise user_error("请先选择要上传的文件。")
        report = ingest_uploads(store, uploaded(list(files)), progress)
        return report_markdown(report), *refreshed(), None

    def ask(source: str | None) -> tuple:
        if not source:
            raise user_error("请先在下拉框中选择要删除的文档。")
        return gr.update(visible=True), f"确定从知识库删除 **{source}** 吗？删除后不能撤销，可重新上传导入。"

    @friendly("删除")
    def do_remove(source: str | None) -> tuple:
        if not source:
            raise user_error("请先在下拉框中选择要删除的文档。")
        with _write_lock:
            if store.document(source) is None:
                message = f"文档 `{source}` 已不在知识库中（可能已被其他同事删除）。"
            else:
                message = f"已删除 `{source}`，共 {store.remove_document(source)} 个片段。"
        return message, *refreshed(), gr.update(visible=False)

    ingest.click(do_ingest, uploads, [result, stats, docs, target, uploads], api_name="kb_ingest")
    remove.click(ask, target, [ask_remove, question], api_name="kb_remove_ask", api_visibility="private")
    remove_no.click(lambda: gr.update(visible=False), None, ask_remove, api_name="kb_remove_cancel",
                    api_visibility="private", queue=False)
    remove_yes.click(do_remove, target, [result, stats, docs, target, ask_remove], api_name="kb_remove")
    return refreshed, [stats, docs, target]
