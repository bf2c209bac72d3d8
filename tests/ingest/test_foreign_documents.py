"""Documents nobody here wrote for: defect classes found by sending awkward real-world-style files through
ingest (PDF fonts, running headers, wrapped clauses, file-name titles, cookie banners, English parser
errors). Each test builds its input in tmp_path."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from ingest.loaders import LoadedDocument, LoadError, load_document
from ingest.splitter import split_document

MAX = 50 * 1024 * 1024


def pdf_file(path: Path, pages: list[list[str]], title: str | None = None, header: str | None = None,
             footer: str | None = None) -> Path:
    """A PDF with a real Chinese text layer; header/footer lines are drawn on every page, "{n}" is the page."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    if title:
        pdf.setTitle(title)
    for n, lines in enumerate(pages, 1):
        pdf.setFont("STSong-Light", 11)
        if header:
            pdf.drawString(72, 800, header.format(n=n))
        for i, line in enumerate(lines):
            pdf.drawString(72, 760 - 20 * i, line)
        if footer:
            pdf.drawString(200, 40, footer.format(n=n))
        pdf.showPage()
    pdf.save()
    path.write_bytes(out.getvalue())
    return path


def all_text(doc: LoadedDocument) -> str:
    return "\n".join([doc.title, *(h for s in doc.sections for h in s.heading_path), *(s.text for s in doc.sections)])


# ---------------------------------------------------------------- compatibility ideographs


def test_radical_characters_from_pdf_fonts_become_ideographs(tmp_path: Path) -> None:
    # Text copied from (or extracted out of) PDFs set in Noto/Source Han: Kangxi radicals (U+2F00…) and CJK
    # radical supplement characters (U+2E80…) that look like 一 用 人 民 门 but match no search.
    path = tmp_path / "copied.txt"
    path.write_text("建设⽤地规划许可办事指南\n⼀、办理依据\n中华⼈⺠共和国城乡规划法；有关部⻔批准后办理｡\n"
                    "⼆、办理时限\n⾃受理之⽇起10个⼯作⽇内办结。\n", encoding="utf-8")
    doc = load_document(path, MAX)

    assert doc.title == "建设用地规划许可办事指南"
    assert [s.heading_path for s in doc.sections] == [["一、办理依据"], ["二、办理时限"]]
    assert doc.sections[0].text == "中华人民共和国城乡规划法；有关部门批准后办理。"  # ｡ is a sentence end
    assert doc.sections[1].text == "自受理之日起10个工作日内办结。"
    assert not re.search(r"[\u2e80-\u2fdf]", all_text(doc))


# ---------------------------------------------------------------- PDF page furniture and layout


def test_pdf_running_header_and_footer_are_dropped(tmp_path: Path) -> None:
    pages = [["关于做好工业项目用地审批服务的通知", "一、推行标准地出让。", "二、压缩审批时限。"],
             ["三、加强事中事后监管。", "四、本通知自发布之日起施行。"],
             ["附件：审批事项清单。"]]
    path = pdf_file(tmp_path / "notice.pdf", pages, header="某某经济开发区管理委员会文件",
                    footer="开发区政务服务中心印发 第 {n} 页")
    doc = load_document(path, MAX)

    assert doc.title == "关于做好工业项目用地审批服务的通知"  # not the header on top of page 1
    text = all_text(doc)
    assert "管理委员会文件" not in text
    assert "政务服务中心印发" not in text
    assert "四、本通知自发布之日起施行。" in text and "附件：审批事项清单。" in text


def test_pdf_single_page_keeps_its_first_and_last_lines(tmp_path: Path) -> None:
    path = pdf_file(tmp_path / "one.pdf", [["排水许可办事指南", "一、适用范围", "向城镇排水设施排放污水的单位。"]])
    doc = load_document(path, MAX)
    assert doc.title == "排水许可办事指南"
    assert doc.sections[0].text == "向城镇排水设施排放污水的单位。"


def test_pdf_wrapped_numbered_clause_is_not_a_heading(tmp_path: Path) -> None:
    # A numbered clause that runs on after its number wraps at the column width: its first visual line
    # looks like a "一、" heading (short, no sentence end at the end), but it is half a sentence.
    lines = ["关于做好工业项目用地审批服务的通知",
             "为提高工业项目用地审批效率，优化营商环境，经研究，现将有关事项通知如",
             "下。",
             "一、推行标准地出让。新增工业用地原则上按照标准地出让，出让前完成区域",
             "评估，明确投资强度、容积率等控制性指标。",
             "二、新建生产储存危险化学品的建设项目应当在开工建设前进行安全条件审查",
             "并报送有关材料。",
             "三、其他事项",
             "本通知自发布之日起施行。"]
    doc = load_document(pdf_file(tmp_path / "wrapped.pdf", [lines]), MAX)

    headings = [h for s in doc.sections for h in s.heading_path]
    assert headings == ["三、其他事项"]  # a short line under the column width is still a heading
    text = doc.sections[0].text
    assert "一、推行标准地出让。新增工业用地原则上按照标准地出让，出让前完成区域评估，明确投资强度、容积率等控制性指标。" in text
    assert "二、新建生产储存危险化学品的建设项目应当在开工建设前进行安全条件审查并报送有关材料。" in text
    drafts = split_document(doc, chunk_size=250, overlap=60)
    assert [d.text[:2] for d in drafts if d.text.startswith(("一、", "二、"))] == ["一、", "二、"]  # clauses whole
    assert not any(d.article for d in drafts)  # a guide's clause is no statute article


@pytest.mark.parametrize("meta_title", ["Microsoft Word - 节能审查通知.docx", "chrome_src.html", "untitled", "无标题"])
def test_pdf_metadata_title_that_is_a_file_name_is_ignored(tmp_path: Path, meta_title: str) -> None:
    path = pdf_file(tmp_path / "x.pdf", [["节能审查办事指南", "一、办理时限", "十五个工作日。"]], title=meta_title)
    assert load_document(path, MAX).title == "节能审查办事指南"


# ---------------------------------------------------------------- the title once


def test_title_is_not_repeated_as_a_chunk_or_heading(tmp_path: Path) -> None:
    pdf = pdf_file(tmp_path / "filing.pdf", [["企业投资项目备案办事指南", "一、备案范围", "实行备案管理的企业投资项目。"]],
                   title="企业投资项目备案办事指南")
    page = tmp_path / "nobody.html"  # no <body>: the whole page is walked, <head> included
    page.write_text("<html><head><meta charset='utf-8'><title>水土保持方案审批</title></head>"
                    "<h2>水土保持方案审批</h2><p>征占地面积在5公顷以上的项目，应当编制水土保持方案报告书。</p></html>",
                    encoding="utf-8")
    for path, title in ((pdf, "企业投资项目备案办事指南"), (page, "水土保持方案审批")):
        doc = load_document(path, MAX)
        assert doc.title == title
        drafts = split_document(doc, chunk_size=250, overlap=60)
        assert all(title not in d.text for d in drafts), drafts
        assert all(title not in d.heading_path for d in drafts), drafts

    # a long title set on two lines of the first page is no content either
    long_title = "关于做好2024年度排污许可证申领和排污登记工作的通知"
    body = ["为全面落实排污许可制度，推动构建以排污许可制为核心的固定污染", "源监管制度体系，实现固定污染源排污许可全覆盖，现就有关事项通",
            "知如下。", "一、工作目标", "全市排污单位依法取得排污许可证。"]
    wrapped = pdf_file(tmp_path / "permit.pdf", [["关于做好2024年度排污许可证", "申领和排污登记工作的通知", "某环发〔2024〕17号", *body]],
                       title=long_title)
    doc = load_document(wrapped, MAX)
    assert doc.title == long_title and doc.sections[0].text.startswith("某环发〔2024〕17号")

    only_title = tmp_path / "only.txt"  # a document that is nothing but its title keeps it as text
    only_title.write_text("节能审查办事指南\n", encoding="utf-8")
    assert load_document(only_title, MAX).sections[0].text == "节能审查办事指南"


# ---------------------------------------------------------------- HTML pop-ups and hidden text


def test_html_cookie_banner_dialogs_and_hidden_text_are_dropped(tmp_path: Path) -> None:
    page = tmp_path / "guide.html"
    page.write_text(
        "<html><body>"
        "<div id='cookie-banner' class='cookie-consent'>本网站使用Cookie以改善您的浏览体验。<button>我知道了</button></div>"
        "<div class='gdpr-box'>同意隐私条款后继续访问。</div>"
        "<div role='dialog'>请先登录后再办理。</div>"
        "<div role='navigation'>首页 政务公开 办事指南</div>"
        "<div style='display: none'>隐藏的统计文字。</div>"
        "<p hidden>隐藏的段落。</p>"
        "<div class='content'><h1>排水许可办事指南</h1><h2>一、受理条件</h2>"
        "<p>向城镇排水设施排放污水的排水户，应当申请领取排水许可证。</p>"
        "<h2>二、办理时限</h2><p>自受理之日起15个工作日内作出决定。</p></div>"
        "</body></html>", encoding="utf-8")
    doc = load_document(page, MAX)
    text = all_text(doc)
    for leaked in ("Cookie", "我知道了", "隐私条款", "请先登录", "政务公开", "隐藏的"):
        assert leaked not in text
    assert [s.heading_path for s in doc.sections] == [["一、受理条件"], ["二、办理时限"]]


# ---------------------------------------------------------------- errors users read


def _garbage_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # a zip, but not a Word package
        archive.writestr("garbage.bin", bytes(range(256)) * 8)
    return buffer.getvalue()


def _truncated_pdf(tmp_path: Path) -> bytes:
    whole = pdf_file(tmp_path / "whole.pdf", [["正文内容。"] * 20, ["第二页。"]]).read_bytes()
    return whole[: len(whole) // 3]


ALLOWED_LATIN = {"PDF", "Word", "WPS", "docx", "doc", "front", "matter", "YAML", "UTF"}


@pytest.mark.parametrize("case", ["garbage.docx", "truncated.pdf", "bad_yaml.md", "missing.txt"])
def test_reasons_for_broken_files_are_chinese_without_parser_english(tmp_path: Path, case: str) -> None:
    path = tmp_path / case
    if case == "garbage.docx":
        path.write_bytes(_garbage_docx())
    elif case == "truncated.pdf":
        path.write_bytes(_truncated_pdf(tmp_path))
    elif case == "bad_yaml.md":
        path.write_text("---\ntitle: 指南\ndate: [2024\n---\n正文。", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_document(path, MAX)
    reason = caught.value.reason
    assert re.search(r"[\u4e00-\u9fff]{4}", reason)
    english = set(re.findall(r"[A-Za-z]{2,}", reason)) - ALLOWED_LATIN
    assert not english, reason  # e.g. "There is no item named '[Content_Types].xml'", "Stream has ended"
    assert "请" in reason  # says what to do next
