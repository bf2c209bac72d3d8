"""Look and feel: a calm government-service blue, system CJK fonts (nothing fetched from the internet),
source cards and a progress bar that read well on a laptop and at 390 px."""

from __future__ import annotations

import gradio as gr

FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "system-ui", "sans-serif")
MONO = ("Noto Sans Mono CJK SC", "ui-monospace", "monospace")


def theme() -> gr.themes.Base:
    return gr.themes.Soft(primary_hue=gr.themes.colors.blue, secondary_hue=gr.themes.colors.sky,
                          neutral_hue=gr.themes.colors.slate, font=FONTS, font_mono=MONO,
                          radius_size=gr.themes.sizes.radius_md).set(
        body_background_fill="#f4f6fa",
        block_border_width="1px",
        button_primary_background_fill="#1d4ed8",
        button_primary_background_fill_hover="#1e40af",
        button_primary_text_color="#ffffff",
    )


HEADER_CLASS = "zb-header-wrap"
# Raw <head> markup: Gradio scopes custom CSS to inside its `.contain` box, but the page padding that wastes
# a phone's width (32 px a side) sits on an element outside it.
HEAD = ('<meta name="theme-color" content="#1d4ed8">'
        "<style>@media (max-width: 640px) { .gradio-container .main.app { padding: 10px !important; } }</style>")


def header(title: str, subtitle: str) -> str:
    return (f'<div class="zb-header"><div class="zb-emblem" aria-hidden="true">园</div>'
            f'<div><div class="zb-name">{title}</div><div class="zb-sub">{subtitle}</div></div></div>')


CSS = """
.gradio-container { width: 100% !important; max-width: 1180px !important; margin: 0 auto !important; }
.zb-header { display: flex; align-items: center; gap: 14px; padding: 16px 20px; border-radius: 12px;
  background: linear-gradient(120deg, #1e3a8a 0%, #1d4ed8 60%, #2563eb 100%); color: #fff; }
.zb-emblem { flex: none; width: 44px; height: 44px; border-radius: 50%; background: #fff; color: #b91c1c;
  font-weight: 700; font-size: 22px; display: flex; align-items: center; justify-content: center; }
.zb-header .zb-name { font-size: 20px; font-weight: 700; letter-spacing: 1px; color: #fff !important; }
.zb-header .zb-sub { font-size: 13px; color: #dbeafe !important; margin-top: 2px; }
.zb-header-wrap .html-container { padding: 0 !important; }
/* Welcome text of an empty chat: centred, with air around it */
.placeholder-content .placeholder { padding: 0 24px; text-align: center; }
.zb-note { font-size: 12px; color: #64748b; }
.zb-note p { margin: 0; }

/* Source cards under an answer */
.zb-sources { margin-top: 10px; border-top: 1px dashed #cbd5e1; padding-top: 8px; }
.zb-sources-head { font-size: 12px; color: #64748b; margin-bottom: 6px; }
details.zb-source { border: 1px solid #dbe3ef; border-radius: 8px; background: #f8fafc; margin: 6px 0;
  overflow: hidden; }
details.zb-source > summary { cursor: pointer; padding: 7px 10px; list-style: none; display: flex;
  flex-wrap: wrap; align-items: baseline; gap: 4px 8px; font-size: 14px; }
details.zb-source > summary::-webkit-details-marker { display: none; }
details.zb-source > summary::after { content: "展开"; margin-left: auto; font-size: 12px; color: #1d4ed8; }
details.zb-source[open] > summary::after { content: "收起"; }
.zb-n { flex: none; min-width: 20px; height: 20px; border-radius: 10px; background: #1d4ed8; color: #fff;
  font-size: 12px; line-height: 20px; text-align: center; padding: 0 5px; }
.zb-title { font-weight: 600; color: #0f172a; }
.zb-section { color: #475569; font-size: 13px; }
.zb-article { color: #1e3a8a; font-size: 13px; font-weight: 600; margin-left: 6px; }
blockquote.zb-quote { margin: 0 10px 6px !important; padding: 6px 10px !important; border-left: 3px solid #93c5fd;
  background: #fff; color: #1e293b; font-size: 14px; line-height: 1.7; }
.zb-file { font-size: 12px; color: #94a3b8; padding: 0 10px 8px; word-break: break-all; }

/* Intake progress */
.zb-progress { padding: 10px 12px; border: 1px solid #dbe3ef; border-radius: 10px; background: #fff; }
.zb-progress-top { display: flex; justify-content: space-between; font-size: 14px; margin-bottom: 6px;
  gap: 8px; flex-wrap: wrap; }
.zb-progress-bar { height: 8px; border-radius: 4px; background: #e2e8f0; overflow: hidden; }
.zb-progress-bar > div { height: 100%; background: linear-gradient(90deg, #2563eb, #0ea5e9); }
.zb-badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; }
.zb-badge.ok { background: #dcfce7; color: #166534; }
.zb-badge.warn { background: #fef3c7; color: #92400e; }
.zb-badge.no { background: #fee2e2; color: #991b1b; }

/* Downloads are offered, not uploads: no "remove this file" cross */
#zb-intake-files .label-clear-button { display: none; }

/* Toast titles: Gradio shows the English type name ("Warning") whatever title is passed */
.toast-title { font-size: 0 !important; }
.toast-title::before { font-size: 15px; }
.toast-title.error::before { content: "出错了"; }
.toast-title.warning::before { content: "请注意"; }
.toast-title.info::before { content: "提示"; }
.toast-title.success::before { content: "完成"; }
.toast-title .toast-count { font-size: 13px; margin-left: 4px; }

@media (max-width: 640px) {
  .zb-header { padding: 12px 14px; border-radius: 10px; }
  .zb-header .zb-name { font-size: 17px; letter-spacing: 0; }
  /* Answers with source cards need the width more than the avatar gutter does */
  #zb-chat .message-row.bot-row, #zb-intake-chat .message-row.bot-row { max-width: calc(100% - 16px); }
  .zb-emblem { width: 36px; height: 36px; font-size: 18px; }
}
"""
