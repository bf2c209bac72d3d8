"""Loaders: each format yields the right title, heading paths and text; broken files give Chinese reasons."""

import random
from io import BytesIO
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from ingest.loaders import SUPPORTED_SUFFIXES, LoadedDocument, LoadError, load_document

MAX = 50 * 1024 * 1024


def write(tmp_path: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode(encoding) if isinstance(content, str) else content)
    return path


def by_heading(doc: LoadedDocument) -> dict[tuple[str, ...], str]:
    return {tuple(s.heading_path): s.text for s in doc.sections}


def pdf_bytes(pages: list[list[str]], title: str | None = None) -> bytes:
    """A PDF with a real text layer; STSong-Light is a CID font every PDF reader has, so no font file."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = BytesIO()
    pdf = canvas.Canvas(out)
    if title:
        pdf.setTitle(title)
    for lines in pages:
        pdf.setFont("STSong-Light", 12)
        for i, line in enumerate(lines):
            pdf.drawString(72, 760 - 20 * i, line)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


# ---------------------------------------------------------------- Markdown

MARKDOWN = """---
title: 固定资产投资项目节能审查办事指南
issuer: 示范区发展改革局
doc_number: 2024
date: 2024-03-01
source: https://example.gov.cn/jnsc.html
item_id: energy_review
stage: 立项用地规划许可
extra_key: ignored
---
# 节能审查办事指南

导语：本指南适用于示范区内的**固定资产投资项目**。

## 办理时限

自受理之日起 **２０** 个工作日，详见[政务服务网](https://example.gov.cn)。

## 申请材料

- 节能审查申请表
- 项目节能报告

| 材料 | 份数 |
| --- | --- |
| 申请表 | 1 |
| 节能报告 | 2 |

## 常见问题

### 问：要多久？

答：20个工作日。
"""


def test_markdown_front_matter_headings_lists_and_tables(tmp_path: Path) -> None:
    path = write(tmp_path, "guide.md", MARKDOWN)
    doc = load_document(path, MAX)

    assert doc.title == "固定资产投资项目节能审查办事指南"
    assert doc.meta == {
        "title": "固定资产投资项目节能审查办事指南", "issuer": "示范区发展改革局", "doc_number": "2024",
        "date": "2024-03-01", "sources": ["https://example.gov.cn/jnsc.html"], "doc_type": "document",
        "item_id": "energy_review", "stage": "立项用地规划许可",
    }
    sections = by_heading(doc)
    assert list(sections) == [(), ("办理时限",), ("申请材料",), ("常见问题", "问：要多久？")]
    assert sections[()] == "导语：本指南适用于示范区内的固定资产投资项目。"
    # emphasis and link syntax stripped, link text and full-width digits normalised
    assert sections[("办理时限",)] == "自受理之日起 20 个工作日，详见政务服务网。"
    assert sections[("申请材料",)] == "- 节能审查申请表\n- 项目节能报告\n\n材料：申请表；份数：1\n材料：节能报告；份数：2"
    assert sections[("常见问题", "问：要多久？")] == "答：20个工作日。"
    assert len(doc.content_hash) == 64 and doc.path == path


def test_markdown_table_cells_with_line_breaks_stay_rows(tmp_path: Path) -> None:
    """<br> inside a table cell separates the cell's lines: every row still reads as a row, not raw pipes."""
    text = ("# 用地预审办事指南\n\n| 环节 | 要求 |\n|---|---|\n| 受理 | 材料齐全<br>当场受理 |\n"
            "| 审查 | 自然资源局审查<br/>必要时组织论证 |\n| 办结 | 20个工作日 |\n\n其他事项另行告知。<br>详见窗口公示。\n")
    doc = load_document(write(tmp_path, "presite.md", text), MAX)
    assert doc.sections[0].text.splitlines() == [
        "环节：受理；要求：材料齐全 当场受理", "环节：审查；要求：自然资源局审查 必要时组织论证", "环节：办结；要求：20个工作日",
        "", "其他事项另行告知。", "详见窗口公示。"]


def test_markdown_nested_list_items_stay_with_their_parent(tmp_path: Path) -> None:
    """A nested item details its parent: it is written on the parent's line (after a colon, then semicolons), so
    the two are never split apart nor read as items of the outer list; an ordered sub-item keeps its number."""
    text = ("# 排水许可办事指南\n\n## 申请材料\n\n- 排水许可申请表\n- 排水设施图纸\n  - 排水管网平面图\n"
            "  - 检测井位置图\n- 水质检测报告\n    1. 有资质机构出具\n    2. 近三个月内\n\n"
            "## 流程\n\n1. 受理：窗口当场受理。\n2. 审查：现场核查排水设施。\n   - 合格的，核发许可证；\n"
            "   - 不合格的，书面告知理由。\n3. 送达。\n")
    sections = by_heading(load_document(write(tmp_path, "drain.md", text), MAX))
    assert sections[("申请材料",)].splitlines() == [
        "- 排水许可申请表", "- 排水设施图纸：排水管网平面图；检测井位置图", "- 水质检测报告：1. 有资质机构出具；2. 近三个月内"]
    assert sections[("流程",)].splitlines() == [
        "1. 受理：窗口当场受理。", "2. 审查：现场核查排水设施。合格的，核发许可证；不合格的，书面告知理由。", "3. 送达。"]


def test_markdown_h1_is_title_without_front_matter(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "faq.markdown", "# 施工许可常见问题\n\n## 收费吗？\n\n不收费。\n"), MAX)
    assert doc.title == "施工许可常见问题"
    assert doc.meta == {"doc_type": "document"}
    assert by_heading(doc) == {("收费吗？",): "不收费。"}


def test_markdown_without_any_title_uses_file_stem(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "water_permit.md", "取水许可由水务部门办理。\n"), MAX)
    assert doc.title == "water_permit"


# ---------------------------------------------------------------- TXT

TXT = """节能审查办事指南

第一章 总则
第一条 为规范节能审查工作，制定本指南。
第二条 本指南适用于示范区。
第二章 办理要求
一、办理时限
自受理之日起20个工作日内办结。
（一）特殊情形
需要专家评审的，评审时间不计入办理时限。
二、收费标准
不收费。
- 3 -
第 4 页
"""


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_txt_encodings_and_chinese_headings(tmp_path: Path, encoding: str) -> None:
    doc = load_document(write(tmp_path, "guide.txt", TXT, encoding), MAX)

    assert doc.title == "节能审查办事指南"
    assert by_heading(doc) == {
        ("第一章 总则",): "第一条 为规范节能审查工作，制定本指南。\n第二条 本指南适用于示范区。",
        ("第二章 办理要求", "一、办理时限"): "自受理之日起20个工作日内办结。",
        ("第二章 办理要求", "一、办理时限", "（一）特殊情形"): "需要专家评审的，评审时间不计入办理时限。",
        ("第二章 办理要求", "二、收费标准"): "不收费。",  # page-number lines dropped
    }


def test_txt_gb18030_only_characters(tmp_path: Path) -> None:
    # 䶮 (U+4DAE) is outside GBK: only a GB18030 decoder reads it back.
    text = "䶮字测试文件\n这是一份包含䶮字的说明，用于检查 GB18030 编码的文本文件能否被正确读取。" * 3
    doc = load_document(write(tmp_path, "rare.txt", text, "gb18030"), MAX)
    assert "䶮" in doc.sections[0].text


def test_txt_long_first_line_is_not_a_title(tmp_path: Path) -> None:
    first = "根据有关规定，建设单位在项目开工前应当依法取得节能审查意见，未按规定进行节能审查的项目不得开工建设。"
    doc = load_document(write(tmp_path, "notice.txt", first + "\n其他说明。"), MAX)
    assert doc.title == "notice"
    assert doc.sections[0].text.startswith("根据有关规定")


@pytest.mark.parametrize(("head", "title"), [
    # the issuers on a line of their own above the subject line
    ("某某县人力资源和社会保障局 某某县财政局\n关于印发《某某县技能等级认定补贴实施细则》的通知\n\n某人社发〔2023〕34号",
     "某某县人力资源和社会保障局 某某县财政局关于印发《某某县技能等级认定补贴实施细则》的通知"),
    # a subject line longer than any other title
    ("某某市人民政府办公室关于印发某某市2024年农村地区冬季清洁取暖改造补贴实施方案的通知\n\n某政办发〔2024〕45号",
     "某某市人民政府办公室关于印发某某市2024年农村地区冬季清洁取暖改造补贴实施方案的通知"),
    ("某人社发〔2023〕34号\n某某市人力资源和社会保障局 某某市财政局 中国人民银行某某中心支行\n"
     "关于做好2024年度一次性扩岗补助申领发放工作的通知",
     "某某市人力资源和社会保障局 某某市财政局 中国人民银行某某中心支行关于做好2024年度一次性扩岗补助申领发放工作的通知"),
    # the issuers one to a line, the number between them and the subject line
    ("某某市发展和改革委员会\n某某市财政局\n某某市城市管理综合行政执法局\n\n某发改能源〔2025〕112号\n\n"
     "关于印发《某某市充电基础设施运营补贴实施细则》的通知",
     "某某市发展和改革委员会 某某市财政局 某某市城市管理综合行政执法局关于印发《某某市充电基础设施运营补贴实施细则》的通知"),
    # a subject line set on two lines under the letterhead
    ("某某市人民政府办公室文件\n\n某政办发〔2020〕6号\n\n某某市人民政府办公室关于印发支持企业\n复工复产若干政策措施的通知",
     "某某市人民政府办公室关于印发支持企业复工复产若干政策措施的通知"),
])
def test_txt_official_subject_line_is_the_title_with_its_issuers(tmp_path: Path, head: str, title: str) -> None:
    """An official document's subject line (发文机关 + 关于 + 事由 + 文种) is its title however long, with the issuers
    on the line above it; the body starts after it."""
    body = ("各区人民政府，市政府各部门：\n为规范补贴发放管理，现将有关事项通知如下。这一段是正文的第一段，写得足够长，"
            "长到像排版后的整行文字一样宽，好让换行的判断有一个参照的版心宽度。\n一、补贴对象\n在本市参保的企业职工。")
    doc = load_document(write(tmp_path, "notice.txt", f"{head}\n\n{body}"), MAX)
    assert doc.title == title
    assert "关于" not in "\n".join(s.text for s in doc.sections)


@pytest.mark.parametrize("after", ["某科发〔2022〕18号", "各县（区）科技主管部门、财政局，各有关单位："])
def test_txt_hard_wrapped_subject_line_ends_before_the_number_or_the_offices_addressed(tmp_path: Path,
                                                                                     after: str) -> None:
    """A text folded at the column's width: the subject line is as wide as the column and ends on no full stop,
    yet the document number or the offices it is addressed to under it start lines of their own."""
    subject = "某某市科学技术局关于印发《某某市科技型中小企业研发费用后补助实施细则》的通知"
    body = ["为深入实施创新驱动发展战略，引导和激励科技型中小企业持续加大研发投入，根据省", "科技型中小企业培育行动方案和我市关于加快推进科技创新的有关部署，市科技局研究",
            "制定了本细则，现印发给你们，请认真贯彻执行。"]
    doc = load_document(write(tmp_path, "keji.txt", "\n".join([subject, after, *body])), MAX)
    assert doc.title == subject
    text = "\n".join(s.text for s in doc.sections)
    assert "的通知" not in text and "根据省科技型中小企业培育行动方案" in text


def test_txt_order_titles_by_the_rule_it_promulgates_and_keeps_the_promulgation(tmp_path: Path) -> None:
    """An order (命令/令, GB/T 9704 §10.2): its mark and number are letterhead; the rule's name further down is the
    title; the promulgation, which says when the rule takes effect, is content."""
    text = ("某某市人民政府令\n\n第12号\n\n《某某市城市生活垃圾分类管理办法》已经2021年7月19日市人民政府第86次常务会议审议"
            "通过，现予公布，自2021年10月1日起施行。\n市长　某某某\n2021年7月30日\n\n某某市城市生活垃圾分类管理办法\n\n"
            "第一章　总　则\n第一条　为了加强城市生活垃圾分类管理，制定本办法。\n")
    doc = load_document(write(tmp_path, "laji.txt", text), MAX)
    assert doc.title == "某某市城市生活垃圾分类管理办法"
    body = "\n".join(s.text for s in doc.sections)
    assert "自2021年10月1日起施行" in body and "政府令" not in body and "第12号" not in body


@pytest.mark.parametrize("crumb", ["某某市水利局 > 信息公开 > 政策文件 > 规范性文件", "您当前的位置：首页 > 服务 > 法人服务 > 办事指南",
                                   "位置：首页 » 政务公开 » 通知公告"])
def test_txt_copied_page_loses_its_breadcrumb_and_keeps_steps_written_with_arrows(tmp_path: Path, crumb: str) -> None:
    text = (f"{crumb}\n\n某某市企业上市挂牌奖励办事指南\n\n一、办理流程\n申请 > 受理 > 审核 > 公示 > 拨付\n"
            "二、办理时限\n15个工作日。\n")
    doc = load_document(write(tmp_path, "guide.txt", text), MAX)
    assert doc.title == "某某市企业上市挂牌奖励办事指南"
    body = "\n".join(s.text for s in doc.sections)
    assert "信息公开" not in body and "位置" not in body and "申请 > 受理 > 审核 > 公示 > 拨付" in body


@pytest.mark.parametrize("bar", [
    "> 发布机构：某市工业和信息化局　发布日期：2024年2月23日　解读类型：部门解读",  # opened by another label
    "来源：某市商务局 发布时间：2024-03-20",
])
def test_markdown_copy_of_a_portal_page_loses_its_info_bar(tmp_path: Path, bar: str) -> None:
    text = f"# 某市技术改造补助政策解读\n\n{bar}\n\n## 一、申报时间\n\n申报时间为2024年3月1日至4月15日。\n"
    doc = load_document(write(tmp_path, "jiedu.md", text), MAX)
    body = "\n".join(s.text for s in doc.sections)
    assert "发布" not in body and "来源" not in body and "申报时间为2024年3月1日至4月15日。" in body
    meeting = "时间：2024年4月10日 地点：市政府三楼会议室"  # a date line of the content stays
    doc = load_document(write(tmp_path, "huiyi.md", f"# 某市座谈会通知\n\n{meeting}\n"), MAX)
    assert meeting in "\n".join(s.text for s in doc.sections)


def test_txt_copied_from_a_web_page_loses_the_portal_furniture(tmp_path: Path) -> None:
    """A page copied as text keeps the portal around its article: the breadcrumb is no title, and the info bar and
    the print and font-size buttons are no content."""
    text = ("当前位置：首页 > 政务公开 > 通知公告\n\n某某市科学技术局关于开展研发投入奖补申报工作的通知\n"
            "发布时间：2023-07-18 16:42　　来源：某某市科学技术局　　【字体：大 中 小】\n\n"
            "各有关企业：\n一、申报时间\n申报时间为2023年8月1日至8月25日。\n【打印本页】【关闭窗口】\n")
    doc = load_document(write(tmp_path, "page.txt", text), MAX)
    assert doc.title == "某某市科学技术局关于开展研发投入奖补申报工作的通知"
    body = "\n".join(s.text for s in doc.sections)
    assert "申报时间为2023年8月1日至8月25日。" in body
    assert not any(word in body for word in ("当前位置", "发布时间", "字体", "打印本页", "关闭窗口"))


# ---------------------------------------------------------------- HTML

HTML = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>节能审查办事指南_示范区人民政府</title>
<meta name="PubDate" content="2024-03-01 09:30"><style>.x {{color: red}}</style></head>
<body>
<header><div class="logo">示范区人民政府门户网站</div></header>
<nav><a href="/">首页</a><a href="/zw">政务公开</a></nav>
<div class="breadcrumb">当前位置：首页 &gt; 办事指南</div>
<div id="left-menu"><ul><li>网站地图</li></ul></div>
<div class="content">
  <h1>节能审查办事指南</h1>
  <p>本指南适用于
     固定资产投资项目。</p>
  <!-- 编辑备注：不应出现 -->
  <h2>办理时限</h2>
  <p>20个工作日。</p>
  <h2>申请材料</h2>
  <h3>必要材料</h3>
  <ul><li>节能审查申请表</li><li>项目节能报告</li></ul>
  <table>
    <tr><th>材料名称</th><th>份数</th></tr>
    <tr><td>申请表</td><td>1</td></tr>
    <tr><td>节能报告</td><td>2</td></tr>
  </table>
</div>
<aside>相关链接</aside>
<div class="sidebar">热点新闻</div>
<footer>版权所有 示范区人民政府 网站标识码 1234</footer>
<script>var tracker = "统计代码";</script>
</body></html>
"""


@pytest.mark.parametrize(("charset", "encoding"), [("utf-8", "utf-8"), ("gb2312", "gbk")])
def test_html_drops_page_chrome_and_keeps_tables(tmp_path: Path, charset: str, encoding: str) -> None:
    doc = load_document(write(tmp_path, "guide.html", HTML.format(charset=charset), encoding), MAX)

    assert doc.title == "节能审查办事指南"
    assert doc.meta == {"date": "2024-03-01", "doc_type": "document"}
    assert by_heading(doc) == {
        (): "本指南适用于 固定资产投资项目。",
        ("办理时限",): "20个工作日。",
        ("申请材料", "必要材料"): "节能审查申请表\n项目节能报告\n材料名称：申请表；份数：1\n材料名称：节能报告；份数：2",
    }
    everything = "\n".join(s.text for s in doc.sections)
    for noise in ["门户网站", "首页", "当前位置", "网站地图", "相关链接", "热点新闻", "版权所有", "统计代码", "编辑备注"]:
        assert noise not in everything


def test_html_gbk_without_declared_charset(tmp_path: Path) -> None:
    page = "<html><body><h2>办理地点</h2><p>示范区政务服务中心二楼综合窗口，工作日上午九点至下午五点。</p></body></html>"
    doc = load_document(write(tmp_path, "place.htm", page, "gbk"), MAX)
    assert doc.title == "place"
    assert by_heading(doc) == {("办理地点",): "示范区政务服务中心二楼综合窗口，工作日上午九点至下午五点。"}


def test_html_page_wrappers_are_not_mistaken_for_chrome(tmp_path: Path) -> None:
    # ASP.NET wraps the whole page in a <form>; wrapper classes may name the sidebar they hold.
    page = """<html><body><form id="form1"><div class="page-with-sidebar">
    <div class="sidebar"><p>热点新闻</p></div>
    <div class="main"><h2>办理地点</h2><p>示范区政务服务中心二楼综合窗口，工作日上午九点至下午五点受理。</p></div>
    <form class="search"><input name="q"><p>站内搜索</p></form>
    </div></form></body></html>"""
    doc = load_document(write(tmp_path, "aspx.html", page), MAX)
    assert by_heading(doc) == {("办理地点",): "示范区政务服务中心二楼综合窗口，工作日上午九点至下午五点受理。"}


def test_html_title_falls_back_to_title_tag(tmp_path: Path) -> None:
    page = "<html><head><title>取水许可 - 示范区</title></head><body><p>由水务局办理。</p></body></html>"
    assert load_document(write(tmp_path, "water.html", page), MAX).title == "取水许可"


# ---------------------------------------------------------------- DOCX


def test_docx_headings_and_table_in_document_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("施工许可办事指南", level=0)  # Title style
    document.add_paragraph("本指南适用于房屋建筑工程。")
    document.add_heading("申请条件", level=1)
    document.add_paragraph("已取得建设工程规划许可证。")
    document.add_heading("申请材料", level=2)
    table = document.add_table(rows=3, cols=2)
    for row, values in zip(table.rows, [("材料", "份数"), ("申请表", "1"), ("施工合同", "2")]):
        for cell, value in zip(row.cells, values):
            cell.text = value
    document.add_paragraph("材料须加盖公章。")
    document.add_heading("办理时限", level=1)
    document.add_paragraph("7个工作日。")
    path = tmp_path / "permit.docx"
    document.save(str(path))

    doc = load_document(path, MAX)
    assert doc.title == "施工许可办事指南"
    assert by_heading(doc) == {
        (): "本指南适用于房屋建筑工程。",
        ("申请条件",): "已取得建设工程规划许可证。",
        ("申请条件", "申请材料"): "材料 | 份数\n申请表 | 1\n施工合同 | 2\n材料须加盖公章。",
        ("办理时限",): "7个工作日。",
    }


@pytest.mark.parametrize(("rows", "expected"), [
    # labels over columns of figures: each row reads on its own, with what its figures are
    ([["县（区）", "任务户数", "补助资金", "合计"], ["东山县", "215", "344", "537.5"], ["西河县", "102", "163.2", "255"]],
     ["县（区）：东山县；任务户数：215；补助资金：344；合计：537.5", "县（区）：西河县；任务户数：102；补助资金：163.2；合计：255"]),
    # a form of label | value pairs: its first pair is no header
    ([["事项名称", "取水许可"], ["办理时限", "20个工作日"], ["收费标准", "不收费"]],
     ["事项名称 | 取水许可", "办理时限 | 20个工作日", "收费标准 | 不收费"]),
    # a first row holding a figure is data (or a header of years, which labels nothing on its own)
    ([["指标", "2023年", "2024年"], ["户数", "215", "230"], ["资金", "344", "368"]],
     ["指标 | 2023年 | 2024年", "户数 | 215 | 230", "资金 | 344 | 368"]),
    # words over words: nothing says the first row labels the others
    ([["环节", "承办机构", "要求"], ["受理", "政务服务中心", "材料齐全"], ["审查", "水利局", "现场核查"]],
     ["环节 | 承办机构 | 要求", "受理 | 政务服务中心 | 材料齐全", "审查 | 水利局 | 现场核查"]),
])
def test_docx_table_whose_first_row_labels_columns_of_figures_reads_row_by_row(tmp_path: Path, rows: list[list[str]],
                                                                              expected: list[str]) -> None:
    """Word does not mark a header row; labels without a digit over a column of figures are one."""
    document = docx.Document()
    document.add_paragraph("各县（区）资金分配情况如下表：")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    path = tmp_path / "table.docx"
    document.save(str(path))
    lines = "\n".join(s.text for s in load_document(path, MAX).sections).splitlines()
    assert lines[1:] == expected


def test_docx_core_title_wins_and_lone_heading_1_is_not_in_paths(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = "消防设计审查指南"
    document.add_heading("消防设计审查", level=1)
    document.add_heading("适用范围", level=2)
    document.add_paragraph("特殊建设工程。")
    path = tmp_path / "fire.docx"
    document.save(str(path))

    doc = load_document(path, MAX)
    assert doc.title == "消防设计审查指南"
    assert doc.meta["title"] == "消防设计审查指南"
    assert by_heading(doc) == {("适用范围",): "特殊建设工程。"}


# ---------------------------------------------------------------- PDF


def test_pdf_chinese_text_layer_headings_and_page_numbers(tmp_path: Path) -> None:
    pages = [
        ["排水许可办事指南", "一、适用范围", "向城镇排水设施排放污水的单位。", "- 1 -"],
        ["二、办理时限", "自受理之日起7个工作日。", "第 2 页"],
    ]
    doc = load_document(write(tmp_path, "drain.pdf", pdf_bytes(pages)), MAX)

    assert doc.title == "排水许可办事指南"
    assert by_heading(doc) == {
        ("一、适用范围",): "向城镇排水设施排放污水的单位。",
        ("二、办理时限",): "自受理之日起7个工作日。",
    }


def test_pdf_line_ending_on_a_word_no_sentence_stops_on_goes_on(tmp_path: Path) -> None:
    """A short numbered line cut after 是指 (or 和, 对, 包括…) is the start of a sentence, not a heading: it joins the
    line below, so the definition is one sentence under its section."""
    pages = [["排污许可工作通知", "二、管理类别",
              "（一）排污单位根据污染物产生量、排放量、对环境的影响程度等因素，实行",
              "排污许可重点管理、简化管理和登记管理。",
              "（二）排污登记是指",
              "对污染物产生量、排放量和对环境的影响程度很小的排污单位，无需申请取得排污",
              "许可证，但应当填报排污登记表。"]]
    doc = load_document(write(tmp_path, "permit.pdf", pdf_bytes(pages)), MAX)
    assert by_heading(doc)[("二、管理类别",)].splitlines()[-1] == (
        "（二）排污登记是指对污染物产生量、排放量和对环境的影响程度很小的排污单位，无需申请取得排污许可证，但应当填报排污登记表。")


def test_pdf_metadata_title_and_wrapped_lines_rejoined(tmp_path: Path) -> None:
    pages = [["建设单位应当在开工前取得排水许可，并按照许可", "证的要求排放污水。", "其他事项另行通知。"]]
    doc = load_document(write(tmp_path, "x.pdf", pdf_bytes(pages, title="排水许可说明")), MAX)

    assert doc.title == "排水许可说明"
    assert doc.sections[0].text == "建设单位应当在开工前取得排水许可，并按照许可证的要求排放污水。\n其他事项另行通知。"


# ---------------------------------------------------------------- broken files


def scanned_pdf() -> bytes:
    out = BytesIO()
    pdf = canvas.Canvas(out)
    pdf.rect(72, 400, 300, 300, fill=1)  # stands in for a page image: drawing, no text
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=BytesIO(pdf_bytes([["保密文件内容。"]])))
    writer.encrypt("secret", algorithm="RC4-128")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def random_bytes(n: int = 4096) -> bytes:
    return random.Random(7).randbytes(n)


BROKEN = [
    ("empty.md", b"", "文件为空"),
    ("blank.txt", " \n\u3000\n\t\n", "文件为空"),
    ("nav_only.html", "<html><body><nav>首页</nav><footer>版权所有</footer></body></html>", "文件为空"),
    ("corrupt.pdf", random_bytes(), "文件损坏，无法解析为 PDF"),
    ("truncated.pdf", pdf_bytes([["正文内容。"]])[:700], "文件损坏，无法解析为 PDF"),
    ("scan.pdf", scanned_pdf(), "扫描版 PDF，没有文字层"),
    ("locked.pdf", encrypted_pdf(), "PDF 已加密"),
    ("corrupt.docx", random_bytes(), "文件损坏，无法解析为 Word 文档"),
    ("binary.txt", random_bytes(), "无法识别文本编码"),
    ("table.xlsx", b"PK\x03\x04", "不支持的文件类型 .xlsx"),
    ("bad_yaml.md", "---\ntitle: [未闭合\n---\n正文。", "front matter（两行 --- 之间的 YAML）格式错误"),
    ("list_yaml.md", "---\n- title\n- date\n---\n正文。", "front matter 必须是“键: 值”形式"),
    ("open_yaml.md", "---\ntitle: 没有结束行\n正文。", "front matter 缺少结束的 --- 行"),
    ("bad_field.md", "---\nitem_ids: {a: 1}\n---\n正文。", "front matter 字段取值不正确：item_ids"),
]


@pytest.mark.parametrize(("name", "content", "reason"), BROKEN, ids=[case[0] for case in BROKEN])
def test_broken_files_give_chinese_reasons(tmp_path: Path, name: str, content: str | bytes, reason: str) -> None:
    with pytest.raises(LoadError) as caught:
        load_document(write(tmp_path, name, content), MAX)
    assert reason in caught.value.reason
    assert str(caught.value) == caught.value.reason


def test_oversized_file_names_size_and_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", "节能审查。" * 1000)  # 15,000 bytes
    with pytest.raises(LoadError, match=r"文件过大（14.6 KB，上限 10 KB）"):
        load_document(path, max_bytes=10 * 1024)
    assert load_document(path, max_bytes=15_000).title == "big"  # one 5,000-character line: no title


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="无法读取文件"):
        load_document(tmp_path / "missing.md", MAX)


def test_supported_suffixes_are_all_dispatched(tmp_path: Path) -> None:
    assert SUPPORTED_SUFFIXES == {".md", ".markdown", ".txt", ".html", ".htm", ".xhtml", ".shtml", ".docx", ".pdf"}
    doc = load_document(write(tmp_path, "UPPER.TXT", "短标题\n正文。"), MAX)
    assert doc.title == "短标题"


PORTAL_PAGE = """<html><head><meta charset="utf-8"><title>临时占用城市道路审批</title></head><body>
<div class="topbar"><a href="/">网站首页</a> · <a href="/jgsz/">机构设置</a> · <a href="/xxgk/">信息公开</a> · <a href="/gzcy/">公众参与</a></div>
<div id="topline">某某市人民政府门户网站 ｜ 无障碍阅读 ｜ 关怀模式</div>
<div class="loc">您现在的位置：首页 &gt; 办事指南 &gt; 市政设施</div>
<table width="980"><tr>
<td class="l"><ul><li><a href="/a/">工作动态</a></li><li><a href="/b/">通知公告</a></li><li><a href="/c/">政策解读</a></li><li><a href="/d/">在线访谈</a></li></ul></td>
<td class="r"><h1>临时占用城市道路审批</h1>
<div class="meta">发布日期：2024-11-05 信息来源：市城市管理局 阅读次数：87 字号：大 中 小</div>
<p>因工程建设需要临时占用城市道路的，应当经市政工程行政主管部门批准。</p>
<p>办理所需材料及收费如下：</p>
<table border="1"><tr><th>材料</th><th>份数</th><th>收费</th></tr>
<tr><td>占道申请书</td><td>1</td><td>不收费</td></tr>
<tr><td>占道平面图</td><td>2</td><td>不收费</td></tr></table>
<p>申请表样式：</p>
<ul><li><a href="/files/sq.docx">申请书</a></li><li><a href="/files/pm.pdf">平面图</a></li><li><a href="/files/cn.wps">承诺书</a></li></ul>
<p>办理时段 | 上午 | 下午</p>
<p>工作日 | 9点至12点 | 14点至17点</p>
<div class="fx">分享至：</div>
<table><tr><td>监督电话</td><td>0000-1234567</td></tr></table>
</td></tr></table>
<div class="tools">【打印此页】 【关闭本页】</div>
</body></html>"""


def test_portal_furniture_goes_and_content_stays(tmp_path: Path) -> None:
    path = tmp_path / "road.html"
    path.write_text(PORTAL_PAGE, encoding="utf-8")
    text = "\n".join(s.text for s in load_document(path, 10 * 1024 * 1024).sections)
    for furniture in ["网站首页", "机构设置", "无障碍", "关怀模式", "您现在的位置", "工作动态", "在线访谈", "阅读次数",
                      "字号", "分享", "打印", "关闭本页"]:
        assert furniture not in text, furniture
    assert "发布日期" not in text and "信息来源" not in text  # the info bar under the title goes whole
    assert "因工程建设需要临时占用城市道路的，应当经市政工程行政主管部门批准。" in text
    assert "材料：占道申请书；份数：1；收费：不收费" in text and "材料：占道平面图；份数：2；收费：不收费" in text
    assert all(name in text for name in ["申请书", "平面图", "承诺书"])  # links to files are attachments, content
    assert "工作日 | 9点至12点 | 14点至17点" in text  # bars of the same shape in a row are a table typed as text
    assert "监督电话 | 0000-1234567" in text  # a one-row table of plain cells is data, not layout


@pytest.mark.parametrize(("tag", "heading", "title"), [
    ("施工图审查备案说明｜某某县人民政府", "", "施工图审查备案说明"),
    ("建筑垃圾处置核准 - 某某市政务服务网", "", "建筑垃圾处置核准"),
    ("政策解读｜用地预审的五个要点", "", "用地预审的五个要点"),  # a column name first, the page's own part after
    ("关于调整排污费的通知_通知公告_某某开发区管委会", "", "关于调整排污费的通知"),
    ("规划许可汇编｜放线测量要求", "<h2>放线测量要求</h2>", "放线测量要求"),  # the page's heading says which part
    ("某某县人民政府", "", "某某县人民政府"),  # nothing but the site: kept
    # a bare hyphen before the site's name; one inside a title stays
    ("污水排入排水管网许可办事指南-某某高新技术产业开发区", "", "污水排入排水管网许可办事指南"),
    ("临时占用林地审批-某某市人民政府门户网站", "", "临时占用林地审批"),
    ("京津冀-雄安协同发展事项清单", "", "京津冀-雄安协同发展事项清单"),
    ("2025-2026年度供暖收费标准", "", "2025-2026年度供暖收费标准"),
])
def test_html_title_tag_loses_its_site_and_column_parts(tmp_path: Path, tag: str, heading: str, title: str) -> None:
    page = f"<html><head><title>{tag}</title></head><body>{heading}<p>由住建部门受理。</p></body></html>"
    assert load_document(write(tmp_path, "page.html", page), MAX).title == title


@pytest.mark.parametrize("links", [
    '<p>上一篇：<a href="/a/1.html">某某区2025年第三季度重点项目建设进展情况</a></p>'
    '<p>下一篇：<a href="/a/2.html">关于公布某某区第二批区级非物质文化遗产代表性项目名录的公告</a></p>',
    # both on one line, together longer than one furniture tail
    '<div>上一篇：<a href="/a/1.html">某某区2025年第三季度重点项目和民生实事项目建设进展情况</a>　　'
    '下一篇：<a href="/a/2.html">关于公布某某区第二批区级非物质文化遗产代表性项目名录的公告</a></div>',
    '<p>上一条：没有了</p><p>下一条：<a href="/a/2.html">某某区政务服务中心窗口调整公告</a></p>',
])
def test_previous_and_next_article_links_are_furniture(tmp_path: Path, links: str) -> None:
    page = ('<html><body><h1>户外广告设施设置审批</h1><p>设置大型户外广告设施的，应当向区城市管理局申请，'
            f'审批时限为五个工作日。</p><p>咨询电话：0000-7654321</p>{links}</body></html>')
    text = "\n".join(s.text for s in load_document(write(tmp_path, "ad.html", page), MAX).sections)
    assert text == "设置大型户外广告设施的，应当向区城市管理局申请，审批时限为五个工作日。\n咨询电话：0000-7654321"


def test_docx_bold_centred_first_paragraph_is_the_title(tmp_path: Path) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    number = document.add_paragraph("某某住建〔2024〕7号")  # centred, not bold: the document number
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("关于规范建筑起重机械备案的通知").bold = True
    document.add_paragraph("各施工单位：")
    later = document.add_paragraph()  # bold and centred, but after the body began: not a title
    later.alignment = WD_ALIGN_PARAGRAPH.CENTER
    later.add_run("特此通知").bold = True
    document.save(str(tmp_path / "crane.docx"))
    doc = load_document(tmp_path / "crane.docx", MAX)
    assert doc.title == "关于规范建筑起重机械备案的通知"
    assert "关于规范建筑起重机械备案的通知" not in "\n".join(s.text for s in doc.sections)
    assert "特此通知" in doc.sections[-1].text


def test_docx_red_header_notice_titles_by_its_bold_title_and_keeps_the_number_as_metadata(tmp_path: Path) -> None:
    """A red-header notice: the issuing office's mark (bold, centred, large) and the document number (centred)
    stand above the bold title. The mark is no title, and the number is metadata, never a chunk of its own."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    from ingest.splitter import split_document

    document = docx.Document()
    mark = document.add_paragraph()
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = mark.add_run("某某市生态环境局文件")
    run.bold, run.font.size, run.font.color.rgb = True, Pt(28), RGBColor(0xFF, 0, 0)
    document.add_paragraph("某环发〔2025〕9号").alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("关于开展排污许可证执行报告质量抽查的通知").bold = True
    document.add_paragraph("各排污单位：")
    document.add_paragraph("为提高排污许可证执行报告质量，现开展抽查，有关事项通知如下。")
    document.add_paragraph().add_run("一、抽查范围").bold = True
    document.add_paragraph("2024年度应当提交年度执行报告的重点管理排污单位。")
    document.save(str(tmp_path / "chouzha.docx"))
    doc = load_document(tmp_path / "chouzha.docx", MAX)
    assert doc.title == "关于开展排污许可证执行报告质量抽查的通知"
    assert doc.meta["doc_number"] == "某环发〔2025〕9号"
    chunks = [d.text for d in split_document(doc, 250, 40)]
    assert not any("9号" in c or "局文件" in c for c in chunks)
    assert chunks[0].startswith("各排污单位：")


def test_docx_body_without_a_centred_bold_opening_keeps_the_file_name(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph().add_run("关于规范建筑起重机械备案的通知").bold = True  # bold, but left-aligned
    document.add_paragraph("各施工单位：")
    document.save(str(tmp_path / "crane.docx"))
    assert load_document(tmp_path / "crane.docx", MAX).title == "crane"


@pytest.mark.parametrize(("first", "second"), [
    ("车辆通行证窗口设在交警大队车管所一楼，每个工作日上午8", ":30开始受理，下午17:00停止受理。"),
    ("车辆通行证窗口设在交警大队车管所一楼，每个工作日上午8:", "30开始受理，下午17:00停止受理。"),
    ("车辆通行证窗口设在交警大队车管所一楼，每个工作日上午8:30开始受理，下午17:00-", "17:30停止受理。"),
])
def test_pdf_times_cut_by_a_line_wrap_stay_whole(tmp_path: Path, first: str, second: str) -> None:
    # the first line is as wide as the text column: a wrap, whatever ASCII stands on either side of it
    doc = load_document(write(tmp_path, "pass.pdf", pdf_bytes([["车辆通行证办理须知", first, second]])), MAX)
    text = "\n".join(s.text for s in doc.sections)
    assert "，每个工作日上午8:30开始受理，下午17:" in text and not any(gap in text for gap in (" :", ": ", "- "))
    assert "停止受理。" in text and "\n" not in text


def test_pdf_wrapped_latin_words_keep_their_space(tmp_path: Path) -> None:
    pages = [["Filing Notes", "填写说明：企业名称、注册地址和Registered", "Capital（注册资本）均须与营业执照一致，不得简写。"]]
    text = "\n".join(s.text for s in load_document(write(tmp_path, "notes.pdf", pdf_bytes(pages)), MAX).sections)
    assert "Registered Capital（注册资本）" in text


@pytest.mark.parametrize(("name", "page"), [
    ("guide.md", "# 燃气接入指南\n\n![办事大厅实景照片](img/hall.jpg)\n\n## 办理地点\n\n[![二维码](img/qr.png)](https://example.org)"
                 "市民中心三楼燃气窗口。\n"),
    ("guide.html", '<html><body><h1>燃气接入指南</h1><p><img src="img/hall.jpg" alt="办事大厅实景照片"></p><h2>办理地点</h2>'
                   '<p><a href="https://example.org"><img src="img/qr.png" alt="二维码"></a>市民中心三楼燃气窗口。</p></body></html>'),
])
def test_image_alt_text_is_not_content(tmp_path: Path, name: str, page: str) -> None:
    doc = load_document(write(tmp_path, name, page), MAX)
    assert [(s.heading_path, s.text) for s in doc.sections] == [(["办理地点"], "市民中心三楼燃气窗口。")]


COPIED_FROM_PDF = """某某县建筑起重机械使用登记须知

一、登记范围
在本县行政区域内使用塔式起重机、施工升降机等建筑起重机械的，使用单位应当在
机械安装验收合格之日起三十日内，向县住房和城乡建设局办理使用登记，登记标志置
于机械的显著位置。

第 1 页 共 3 页
某某县建筑起重机械使用登记须知
二、提交材料
使用单位应当提交安装验收资料、起重机械产权备案证明、特种作业人员资格证书和
安全管理制度；材料不全的，登记机关一次性告知需要补正的全部内容，申请人补正后
重新提交。

第 2 页 共 3 页
某某县建筑起重机械使用登记须知
三、注意事项
（一）机械拆卸后重新安装的，应当重新办理使用登记，原登记标志同时交回登记机
关，不得继续使用。
（二）登记不收取任何费用。
第 3 页 共 3 页
"""


def test_txt_copied_from_a_pdf_loses_running_lines_and_joins_wraps(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "crane.txt", COPIED_FROM_PDF), MAX)
    assert doc.title == "某某县建筑起重机械使用登记须知"
    sections = {tuple(s.heading_path): s.text for s in doc.sections}
    assert sections[("一、登记范围",)] == ("在本县行政区域内使用塔式起重机、施工升降机等建筑起重机械的，使用单位应当在机械安装验收合格"
                                        "之日起三十日内，向县住房和城乡建设局办理使用登记，登记标志置于机械的显著位置。")
    assert sections[("二、提交材料",)].count("\n") == 0  # one paragraph, its two sentences whole
    assert sections[("三、注意事项",)].splitlines() == [  # an item starts a line; its wrapped rest joins it
        "（一）机械拆卸后重新安装的，应当重新办理使用登记，原登记标志同时交回登记机关，不得继续使用。",
        "（二）登记不收取任何费用。"]
    assert "登记须知" not in "\n".join(sections.values()) and "页" not in "\n".join(sections.values())


OFFICE_RUNNING_HEADER = """某某市自然资源和规划局              行政许可事项服务指南

临时用地审批服务指南
一、适用范围：在本市行政区域内因建设项目施工、地质勘查需要临时使用国有土地或者农民集体所有土地的，
应当向市自然资源和规划局申请临时用地审批。
二、办理时限：法定办理时限为二十个工作日，承诺办理时限为十个工作日，申请材料齐全的当场受理，需要
现场踏勘的，踏勘时间不计入办理时限。

第 1 页 共 2 页
某某市自然资源和规划局              行政许可事项服务指南

三、使用期限：临时用地使用期限一般不超过二年，建设周期较长的能源、交通、水利等基础设施建设项目施
工使用的临时用地，期限不超过四年。
第 2 页 共 2 页
"""


def test_txt_running_header_before_the_title_is_not_the_title(tmp_path: Path) -> None:
    """A header repeated on every page ("office   kind of document") is no title when a title line follows it."""
    doc = load_document(write(tmp_path, "linshi.txt", OFFICE_RUNNING_HEADER), MAX)
    assert doc.title == "临时用地审批服务指南"
    text = "\n".join(s.text for s in doc.sections)
    assert "行政许可事项服务指南" not in text and "临时用地审批服务指南" not in text
    assert text.startswith("一、适用范围：在本市行政区域内")


@pytest.mark.parametrize("letterhead", [
    "某某县住房和城乡建设局文件\n\n某建发〔2025〕17号\n",  # the office's mark above the number
    "某建发〔2025〕17号          某某县住房和城乡建设局文件\n",  # both on one line, as TXT copies of red headers have it
    "某某县住房和城乡建设局文件\n某建发[2025]17号\n",  # [] typed for 〔〕
])
def test_txt_letterhead_is_neither_title_nor_content(tmp_path: Path, letterhead: str) -> None:
    text = (letterhead + "\n关于做好2025年度既有住宅加装电梯工作的通知\n\n各乡镇人民政府，县直有关单位：\n"
            "现就既有住宅加装电梯有关事项通知如下。\n一、加装电梯应当经本单元房屋专有部分面积占比三分之二以上的业主同意。\n")
    doc = load_document(write(tmp_path, "dianti.txt", text), MAX)
    assert doc.title == "关于做好2025年度既有住宅加装电梯工作的通知"
    assert doc.meta["doc_number"] in ("某建发〔2025〕17号", "某建发[2025]17号")
    body = "\n".join(s.text for s in doc.sections)
    assert "文件" not in body and "17号" not in body and body.startswith("各乡镇人民政府")


def test_txt_folded_at_a_number_of_characters_joins_numbers_cut_by_the_fold(tmp_path: Path) -> None:
    """A text folded every N characters: a line holding digits is as long in characters as the others but
    narrower on the page; its fold is a wrap too, so "1" + "4:00" is "14:00" and a phone number is whole."""
    paragraphs = ["一、受理地点：县政务服务中心三楼东侧大厅不动产登记综合窗口，受理时间为每个法定工作日的上午8:30-11:30，"
                  "下午14:00-17:30，法定节假日不受理。",
                  "二、咨询方式：不动产登记中心服务咨询电话0000-3334445，投诉电话0000-3334446，也可通过县政务服务网"
                  "留言咨询，工作人员在两个工作日内答复。"]
    fold = 30  # characters per line
    folded = [p[k:k + fold] for p in paragraphs for k in range(0, len(p), fold)]
    assert "下午14" in folded[1] and folded[2].startswith(":00") and folded[3].endswith("0000-33344")  # cut numbers
    doc = load_document(write(tmp_path, "budongchan.txt", "\n".join(["不动产登记受理须知", *folded]) + "\n"), MAX)
    assert [line for s in doc.sections for line in s.text.splitlines()] == paragraphs


def test_txt_folded_with_indented_paragraphs_joins_the_first_line_of_a_numbered_one(tmp_path: Path) -> None:
    """Each paragraph opens with two full-width spaces, so its first line holds two characters less than the
    fold: a numbered one ("（一）……达到企业现有在职") is no heading but the start of a sentence going on below."""
    paragraphs = ["第六条 小型微利企业申请贷款贴息应当符合下列条件：",
                  "（一）当年新招用符合贴息申请条件的人员数量达到企业现有在职职工人数的百分之十五，超过一百人的企业达到百分之八，"
                  "新招用人员以社会保险缴费记录为准；",
                  "（二）与新招用人员签订一年以上劳动合同并依法缴纳社会保险费，且无拖欠职工工资、欠缴社会保险费等严重违法违规信用"
                  "记录。"]
    fold = 30  # characters per line, the indentation counted
    folded = [line for p in paragraphs for line in (lambda q: [q[k:k + fold] for k in range(0, len(q), fold)])(
        "\u3000\u3000" + p)]
    assert len(folded[1].strip()) == fold - 2 and not folded[1].rstrip().endswith(("。", "；"))
    doc = load_document(write(tmp_path, "tiexi.txt", "\n".join(["某某市贷款贴息管理办法", *folded]) + "\n"), MAX)
    assert [line for s in doc.sections for line in s.text.splitlines()] == paragraphs
    assert all(not any(p.startswith("（") for p in s.heading_path) for s in doc.sections)


def test_txt_with_a_paragraph_per_line_is_not_joined(tmp_path: Path) -> None:
    text = ("起重机械登记咨询\n\n咨询窗口设在政务服务中心二楼\n工作日上午受理\n\n县住房和城乡建设局\n"
            "2024年9月1日\n")
    doc = load_document(write(tmp_path, "ask.txt", text), MAX)
    assert doc.sections[0].text.splitlines() == ["咨询窗口设在政务服务中心二楼", "工作日上午受理", "",
                                                 "县住房和城乡建设局", "2024年9月1日"]


def test_pdf_drawn_table_keeps_each_row_on_one_line(tmp_path: Path) -> None:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = BytesIO()
    pdf = canvas.Canvas(out)
    pdf.setFont("STSong-Light", 12)
    pdf.drawString(72, 780, "临时占道审批事项一览")
    pdf.drawString(72, 750, "下列事项均可在政务服务中心综合窗口一次办结，材料齐全的当场受理。")
    rows = [("事项", "时限", "收费"), ("占道施工", "5个工作日", "不收费"), ("占道堆放", "3个工作日", "不收费"),
            ("挖掘道路", "7个工作日", "按面积收取修复费")]
    y = 710
    for row in rows:
        pdf.line(72, y + 14, 500, y + 14)
        for x, cell in zip((78, 220, 340), row, strict=True):
            pdf.drawString(x, y, cell)
        y -= 24
    pdf.line(72, y + 14, 500, y + 14)
    for x in (72, 214, 334, 500):
        pdf.line(x, y + 14, x, y + 14 + 24 * len(rows))
    pdf.drawString(72, y - 20, "逾期未办结的，可向政务服务中心投诉。")
    pdf.showPage()
    pdf.save()
    doc = load_document(write(tmp_path, "road.pdf", out.getvalue()), MAX)
    lines = "\n".join(s.text for s in doc.sections).splitlines()
    # the first row labels a column of figures (the time limits): each row reads with its labels, as in Word
    assert lines == ["下列事项均可在政务服务中心综合窗口一次办结，材料齐全的当场受理。", "事项：占道施工；时限：5个工作日；收费：不收费",
                     "事项：占道堆放；时限：3个工作日；收费：不收费", "事项：挖掘道路；时限：7个工作日；收费：按面积收取修复费",
                     "逾期未办结的，可向政务服务中心投诉。"]


def test_pdf_table_rows_do_not_widen_the_text_column(tmp_path: Path) -> None:
    """A table row joined onto one line is wider than the text: the paragraphs' wraps are still joined. A running
    header set in two parts is dropped though on the table's page it reads like a row."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = BytesIO()
    pdf = canvas.Canvas(out)

    def header() -> None:
        pdf.setFont("STSong-Light", 9)
        pdf.drawString(72, 810, "市政服务事项指南汇编（2026年版）")
        pdf.drawString(400, 810, "某市城市管理局")

    header()
    pdf.setFont("STSong-Light", 12)
    pdf.drawString(72, 780, "排水接管审批事项")
    y = 750
    pdf.setFont("STSong-Light", 9)
    for row in [("排水接管审批事项", "法定办理时限规定", "承诺办理时限规定", "收费标准及其依据"),
                ("城镇排水接管许可", "二十个法定工作日", "五个承诺的工作日", "不收取任何的费用")]:
        for x, cell in zip((72, 190, 308, 426), row, strict=True):
            pdf.drawString(x, y, cell)
        y -= 24
    pdf.setFont("STSong-Light", 12)
    for line in ("排水许可证由城镇排水主管部门核发，有效期一般", "为五年，期满需要延续的，应当在届满三十日前提出", "申请。"):
        pdf.drawString(72, y, line)
        y -= 18
    pdf.showPage()
    header()
    pdf.setFont("STSong-Light", 12)
    pdf.drawString(72, 780, "排水户应当按照许可的排水种类和水量排放污水。")
    pdf.showPage()
    pdf.save()
    doc = load_document(write(tmp_path, "drain.pdf", out.getvalue()), MAX)
    text = "\n".join(s.text for s in doc.sections)
    assert "汇编" not in text and "排水户应当按照许可的排水种类和水量排放污水。" in text
    assert "有效期一般为五年，期满需要延续的，应当在届满三十日前提出申请。" in text
    assert "排水接管审批事项 | 法定办理时限规定 | 承诺办理时限规定 | 收费标准及其依据" in text


ELDERS = "月收入低于1200元的60周岁以上老人"


def allowance_table(elders: str) -> bytes:
    """A three-column table whose last row starts with `elders`, a line of which ends just short of the second
    column (a line break in it wraps the cell onto a second line), and a sign-off under it."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = BytesIO()
    pdf = canvas.Canvas(out)
    pdf.setFont("STSong-Light", 12)
    pdf.drawString(72, 780, "冬季取暖补贴发放标准")
    pdf.drawString(72, 750, "符合条件的对象向所在社区提出申请，经审核后按下表标准发放。")
    second = 90 + pdfmetrics.stringWidth(ELDERS, "STSong-Light", 12)
    y = 710
    for row in [("补贴对象", "补贴标准", "发放时间"), ("城市低保家庭", "每户每月200元", "每季度首月"),
                ("农村特困供养人员", "每人每月150元", "每季度首月"), (elders, "每人每月100元", "每年一月")]:
        for x, cell in zip((78, second, second + 110), row, strict=True):
            for i, part in enumerate(cell.split("\n")):
                pdf.drawString(x, y - 16 * i, part)
        y -= 24 + 16 * row[0].count("\n")
    pdf.drawString(72, y - 20, "县民政局")
    pdf.drawString(72, y - 40, "2026年1月5日")
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def test_pdf_row_whose_long_cell_nearly_touches_the_next_column_is_still_a_row(tmp_path: Path) -> None:
    """Layout mode leaves no gap after the long cell, so the row has two cells there and three in the plain text;
    it is found by its text all the same, and reads with its labels like the rows above it."""
    raw = allowance_table(ELDERS)
    assert "老人每人每月100元" in PdfReader(BytesIO(raw)).pages[0].extract_text(extraction_mode="layout")
    doc = load_document(write(tmp_path, "heating.pdf", raw), MAX)
    assert "\n".join(s.text for s in doc.sections).splitlines() == [
        "符合条件的对象向所在社区提出申请，经审核后按下表标准发放。",
        "补贴对象：城市低保家庭；补贴标准：每户每月200元；发放时间：每季度首月",
        "补贴对象：农村特困供养人员；补贴标准：每人每月150元；发放时间：每季度首月",
        "补贴对象：月收入低于1200元的60周岁以上老人；补贴标准：每人每月100元；发放时间：每年一月",
        "县民政局", "2026年1月5日"]


def test_pdf_long_cell_wrapped_onto_a_second_line_makes_no_extra_column(tmp_path: Path) -> None:
    """The same row with its long cell wrapped: the plain lines of its first layout line are not its text, so the
    wrapped line is never taken for a cell of a fourth column; the row stays the lines it was, and the short lines
    of the sign-off under the table stay lines."""
    doc = load_document(write(tmp_path, "heating.pdf", allowance_table(f"{ELDERS}\n及其配偶")), MAX)
    assert "\n".join(s.text for s in doc.sections).splitlines()[3:] == [
        ELDERS, "及其配偶", "每人每月100元", "每年一月", "县民政局", "2026年1月5日"]


def test_pdf_two_columns_under_a_wider_title_join_every_wrap(tmp_path: Path) -> None:
    """A page set in two columns comes out one column after the other; its lines are far narrower than the
    title above them. The first visual line of each paragraph still wraps into the next, and a line starting
    with punctuation (never the start of a line) always continues the line above."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = BytesIO()
    pdf = canvas.Canvas(out)
    pdf.setFont("STSong-Light", 14)
    pdf.drawString(60, 790, "某某高新区科技型中小企业创新券申领与兑付操作指引（试行稿）")
    pdf.setFont("STSong-Light", 10)
    columns = [
        ["一、适用范围", "注册在高新区的科技型中小企业向", "服务机构购买检验检测、研发设计等专业", "服务的，可申领创新券。",
         "二、额度", "单家企业每年度申领额度不超过二", "十万元，按合同金额的百分之五十抵扣应", "付费用。"],
        ["三、兑付", "服务完成后由服务机构凭发票", "、服务合同及验收单向科技局申请兑付，", "科技局在十个工作日内拨付。",
         "四、监督", "弄虚作假骗取创新券的，科技局收回", "已兑付资金并三年内不得申领。"],
    ]
    for x, lines in zip((60, 320), columns, strict=True):
        for i, line in enumerate(lines):
            pdf.drawString(x, 750 - 16 * i, line)
    pdf.showPage()
    pdf.save()
    doc = load_document(write(tmp_path, "voucher.pdf", out.getvalue()), MAX)

    assert by_heading(doc) == {
        ("一、适用范围",): "注册在高新区的科技型中小企业向服务机构购买检验检测、研发设计等专业服务的，可申领创新券。",
        ("二、额度",): "单家企业每年度申领额度不超过二十万元，按合同金额的百分之五十抵扣应付费用。",
        ("三、兑付",): "服务完成后由服务机构凭发票、服务合同及验收单向科技局申请兑付，科技局在十个工作日内拨付。",
        ("四、监督",): "弄虚作假骗取创新券的，科技局收回已兑付资金并三年内不得申领。",
    }


def test_pdf_form_value_wrapping_inside_its_box_is_joined(tmp_path: Path) -> None:
    """A form of label and value boxes: each pair is one row; a value too long for its box wraps inside it and
    its second line belongs to that row."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = BytesIO()
    pdf = canvas.Canvas(out)
    pdf.setFont("STSong-Light", 11)
    pdf.drawString(72, 790, "临时用电接入服务要素表")
    rows = [("办理对象：", ["施工工地临时用电的建设单位"]), ("办理时限：", ["3个工作日"]),
            ("所需材料：", ["1.用电申请书；2.施工许可证或开工证明；3.临时用电方案（", "附负荷清单、接入点位置图）"]),
            ("收费标准：", ["按核定容量收取"]), ("咨询电话：", ["0512-66881234"])]
    y = 750
    for label, value in rows:
        pdf.drawString(72, y, label)
        for i, line in enumerate(value):
            pdf.drawString(170, y - 15 * i, line)
        y -= 15 * len(value) + 12
    pdf.drawString(72, y - 10, "说明：材料不全的一次性告知需补正的全部内容。")
    pdf.showPage()
    pdf.save()
    doc = load_document(write(tmp_path, "power.pdf", out.getvalue()), MAX)
    lines = "\n".join(s.text for s in doc.sections).splitlines()

    assert "所需材料： | 1.用电申请书；2.施工许可证或开工证明；3.临时用电方案（附负荷清单、接入点位置图）" in lines
    assert "咨询电话： | 0512-66881234" in lines
    assert "说明：材料不全的一次性告知需补正的全部内容。" in lines


GBK_TABLE_PAGE = """<html><head><meta charset="gbk"><title>关于开展2025年度企业上云补助申报的通知</title></head><body>
<table width="960"><tr><td><a href="/">网站首页</a>|<a href="/a">新闻中心</a>|<a href="/b">公示公告</a>|<a href="/c">招商引资</a></td></tr></table>
<table width="960"><tr><td>首页 &gt;&gt; 公示公告</td></tr></table>
<table width="960"><tr><td>
<div align="center"><b>关于开展2025年度企业上云补助申报的通知</b></div>
<div align="center">发布日期：2025-11-03　信息来源：工信科　点击：87　【大】【中】【小】</div>
<p>各有关企业：</p>
<p>对上云费用在5万元以上的规上企业，按实际费用的30%给予补助，最高不超过10万元。</p>
<p>说明会时间：2025年11月20日上午9:00</p>
<p>企业可扫码查看申报进度。</p>
<div align="right"><a href="javascript:print()">打印</a>　<a href="javascript:close()">关闭</a></div>
</td><td width="260">
<div class="box"><div class="box-t">相关文章</div><ul>
<li><a href="/x/1.html">关于公布2025年度第一批数字化转型示范企业名单的通知</a></li>
<li><a href="/x/2.html">某某区促进制造业数字化转型若干措施政策解读</a></li>
<li><a href="/x/3.html">2025年全区工业经济运行情况分析会召开</a></li></ul></div>
<div class="ewm"><img src="/ewm.png"><p>扫一扫在手机上打开本页</p></div>
</td></tr></table>
<table width="960"><tr><td align="center">主办：某某区工业和信息化局　电话：0000-5556666<br>Copyright &copy; 2025 某某区 All Rights Reserved</td></tr></table>
</body></html>"""


def test_table_layout_portal_page_loses_breadcrumb_info_bar_buttons_boxes_and_footer(tmp_path: Path) -> None:
    """An old table-layout page: one-cell tables are boxes, not data; a breadcrumb without its 当前位置 label, the
    info bar (date, source, clicks, font switch), bare print/close buttons, a related-articles column with long
    linked titles, a QR-code box and a footer block (主办, 电话, Copyright) all go; the notice's sentences stay."""
    path = tmp_path / "cloud.html"
    path.write_bytes(GBK_TABLE_PAGE.encode("gbk"))
    text = "\n".join(s.text for s in load_document(path, MAX).sections)
    assert text.splitlines() == [
        "各有关企业：",
        "对上云费用在5万元以上的规上企业，按实际费用的30%给予补助，最高不超过10万元。",
        "说明会时间：2025年11月20日上午9:00",
        "企业可扫码查看申报进度。",
    ]


@pytest.mark.parametrize(("bar", "kept"), [
    ('<div class="bread">首页 &gt; 办事服务 &gt; 办事指南</div>', None),
    ('<div>时间：2025-10-09　　作者：审批科　　阅读：<span>312</span>次</div>', None),
    ('<div>发布时间：2025-10-09 15:20　来源：区行政审批局</div>', None),
    ('<div>发布时间：2025-10-09</div>', None),
    ('<p>时间：2025年10月9日下午3:00</p>', "时间：2025年10月9日下午3:00"),  # a meeting's time: content
])
def test_breadcrumb_and_article_info_lines_are_no_chunk(tmp_path: Path, bar: str, kept: str | None) -> None:
    page = (f'<html><body>{bar}<h1>户外招牌设置备案</h1><p>设置户外招牌的，应当在设置前向街道办事处备案。</p></body></html>')
    text = "\n".join(s.text for s in load_document(write(tmp_path, "sign.html", page), MAX).sections)
    assert text == "\n".join(filter(None, [kept, "设置户外招牌的，应当在设置前向街道办事处备案。"]))


def test_a_footer_giving_several_marks_on_separate_lines_goes_whole(tmp_path: Path) -> None:
    """A footer cell listing its copyright, filing and site marks on lines of their own: the block the first mark
    removes takes the others with it, and the page still loads (it was once refused as unreadable)."""
    rules = ["场馆每周开放时间不少于35小时的，给予开放补助。", "免费开放时段每周不少于14小时，低收费时段收费不超过市场价的一半。",
             "补助资金按年度核定，由区县体育主管部门会同财政部门于每年7月15日前报送申请。"]
    page = ("<html><body><h1>场馆开放补助办法</h1>" + "".join(f"<p>{rule}</p>" for rule in rules) +
            "<table><tr><td>Copyright © 某某市体育局 All Rights Reserved<br>某ICP备10000000号-1　网站标识码：0000000000"
            "<br>地址：某某市人民路1号</td></tr></table></body></html>")
    text = "\n".join(s.text for s in load_document(write(tmp_path, "venue.html", page), MAX).sections)
    assert text.splitlines() == rules


def test_txt_numbered_label_value_lines_are_clauses_not_headings(tmp_path: Path) -> None:
    """"二、受理部门：某某局" gives its value on its line: a clause, short or long, never a section heading; a clause
    numbered like an open heading ("五、…" after "四、申请材料：") ends that heading's section."""
    text = ("建筑起重机械使用登记办事指南\r\n\u3000\u3000一、事项名称：建筑起重机械使用登记\r\n"
            "\u3000\u3000二、受理部门：某某区住房和城乡建设局\r\n"
            "\u3000\u3000三、办理时限：法定办结时限七个工作日，承诺办结时限三个工作日，材料齐全的当场受理。\r\n"
            "\u3000\u3000四、申请材料：\r\n\u3000\u3000\u3000\u3000（一）使用登记申请表；\r\n"
            "\u3000\u3000\u3000\u3000（二）检验检测报告。\r\n\u3000\u3000五、收费标准：不收费\r\n"
            "\u3000\u3000六、咨询电话：0000-7766554\r\n")
    doc = load_document(write(tmp_path, "crane.txt", text.encode("utf-8")), MAX)
    assert doc.title == "建筑起重机械使用登记办事指南"
    assert [(s.heading_path, s.text) for s in doc.sections] == [
        ([], "一、事项名称：建筑起重机械使用登记\n二、受理部门：某某区住房和城乡建设局\n"
             "三、办理时限：法定办结时限七个工作日，承诺办结时限三个工作日，材料齐全的当场受理。"),
        (["四、申请材料："], "（一）使用登记申请表；\n（二）检验检测报告。"),
        ([], "五、收费标准：不收费\n六、咨询电话：0000-7766554"),
    ]


def test_html_question_and_answer_table_keeps_each_pair_together(tmp_path: Path) -> None:
    """A 政策问答 table of 问/答 label cells: each question heads its answer (no chunk ends on a bare 问 line); a
    table of two plain columns stays a data table."""
    page = ("<html><body><h2>人才引进政策问答</h2><p>现就常见问题答复如下。</p><table border='1'>"
            "<tr><td><b>问</b></td><td><b>1.博士来区工作有哪些补贴？</b></td></tr>"
            "<tr><td>答</td><td>给予每月3000元生活补贴，连续发放三年。</td></tr>"
            "<tr><td><b>问：</b></td><td><b>2.补贴到哪里申领？</b></td></tr>"
            "<tr><td>答：</td><td>向区人才服务中心申领。</td></tr></table>"
            "<table><tr><td>事项</td><td>时限</td></tr><tr><td>补贴审核</td><td>十个工作日</td></tr></table>"
            "</body></html>")
    doc = load_document(write(tmp_path, "rencai.html", page), MAX)
    assert [(s.heading_path, s.text) for s in doc.sections] == [
        (["人才引进政策问答"], "现就常见问题答复如下。"),
        (["人才引进政策问答", "1.博士来区工作有哪些补贴？"], "给予每月3000元生活补贴，连续发放三年。"),
        (["人才引进政策问答", "2.补贴到哪里申领？"], "向区人才服务中心申领。\n事项 | 时限\n补贴审核 | 十个工作日"),
    ]


def test_pdf_short_items_under_long_lines_and_a_note_after_a_table_stay_apart(tmp_path: Path) -> None:
    """Many short lines under a few long ones are items, not a narrow column; a short note under a table's last
    row is no wrap of its last cell (a value wraps inside its box only between the table's rows)."""
    items = ["营业执照副本", "法定代表人身份证", "授权委托书", "项目立项文件", "用地证明文件", "环评批复文件",
             "节能审查意见", "安全评价报告", "消防设计文件", "施工图审查合格书", "施工合同", "监理合同",
             "中标通知书", "资金证明", "质量监督手续", "安全监督手续", "人防审查意见", "规划许可证",
             "建设工程规划许可证附图", "地质勘察报告", "现场踏勘记录", "承诺书"]
    lines = ["申请人应当提交下列材料，材料须加盖单位公章并按顺序装订成册，复印件注明与原件一致：", *items,
             "以上材料均须提交原件一份、复印件两份，窗口核验原件后当场退还申请人。"]
    doc = load_document(write(tmp_path, "items.pdf", pdf_bytes([lines])), MAX)
    assert all(item in "\n".join(s.text for s in doc.sections).splitlines() for item in items[1:])

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = BytesIO()
    pdf = canvas.Canvas(out)
    pdf.setFont("STSong-Light", 11)
    pdf.drawString(72, 790, "窗口服务一览")
    for i, (label, value) in enumerate([("受理窗口：", "一楼3号窗口"), ("办理时限：", "五个工作日"),
                                        ("咨询电话：", "0000-1234567转分机号808和809")]):
        pdf.drawString(72, 760 - 20 * i, label)
        pdf.drawString(170, 760 - 20 * i, value)
    pdf.drawString(72, 680, "某某区政务服务中心")
    pdf.showPage()
    pdf.save()
    doc = load_document(write(tmp_path, "window.pdf", out.getvalue()), MAX)
    lines = "\n".join(s.text for s in doc.sections).splitlines()
    assert "咨询电话： | 0000-1234567转分机号808和809" in lines and "某某区政务服务中心" in lines
