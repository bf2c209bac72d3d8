"""Statute structure recognised the same way in every format: articles, 编/章/节, items, enactment lines."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from ingest.loaders import load_document
from ingest.splitter import split_document
from knowledge.statute import article_label
from tests.ingest.test_loaders import pdf_bytes

MAX = 10 * 1024 * 1024
TITLE = "示范消防条例"
ENACTED = "2001年5月1日示范区管委会第三次会议通过 2021年4月29日修正"
# A statute in miniature, as lines (one paragraph each): chapters, short articles, one with items.
LINES = [
    "第一章 总则",
    "第一条 为了预防火灾，制定本条例。",
    "第二条 消防工作贯彻预防为主、防消结合的方针。",
    "第二章 法律责任",
    "第三条 违反本条例规定，有下列行为之一的，责令停止施工，并处三万元以上三十万元以下罚款：",
    "（一）依法应当进行消防设计审查的建设工程，未经依法审查擅自施工的；",
    "（二）依法应当进行消防验收的建设工程，未经消防验收擅自投入使用的。",
    "第4条 建设单位未在验收后备案的，处五千元以下罚款。",
]


def statute_file(tmp_path: Path, suffix: str) -> Path:
    path = tmp_path / f"statute{suffix}"
    if suffix == ".md":
        body = "\n\n".join(f"## {line}" if line.startswith("第") and line[2] in "章" else line for line in LINES)
        path.write_text(f"# {TITLE}\n\n{ENACTED}\n\n<!-- INFO END -->\n\n{body}\n", encoding="utf-8")
    elif suffix == ".txt":
        path.write_text("\n".join([TITLE, ENACTED, *LINES]) + "\n", encoding="utf-8")
    elif suffix == ".html":
        paragraphs = "".join(f"<p>{line}</p>" for line in [ENACTED, *LINES])
        path.write_text(f"<html><head><title>{TITLE}</title></head><body><h1>{TITLE}</h1>{paragraphs}</body></html>",
                        encoding="utf-8")
    elif suffix == ".docx":
        document = docx.Document()
        document.core_properties.title = TITLE
        for line in [ENACTED, *LINES]:
            document.add_paragraph(line)
        document.save(str(path))
    elif suffix == ".pdf":
        path.write_bytes(pdf_bytes([[TITLE, ENACTED, *LINES]], title=TITLE))
    return path


@pytest.mark.parametrize("suffix", [".md", ".txt", ".html", ".docx", ".pdf"])
def test_articles_are_units_in_every_format(tmp_path: Path, suffix: str) -> None:
    doc = load_document(statute_file(tmp_path, suffix), MAX)
    drafts = split_document(doc, chunk_size=250, overlap=60)

    assert [d.article for d in drafts] == ["第一条", "第二条", "第三条", "第四条"]
    assert all(d.text.startswith(d.article.replace("第四条", "第4条")) for d in drafts)  # never two articles
    assert drafts[0].heading_path[-1].replace(" ", "") == "第一章总则"
    assert drafts[2].heading_path[-1].replace(" ", "") == "第二章法律责任"
    assert "（二）" in drafts[2].text  # the items stay with their article
    assert not any("通过" in d.text for d in drafts)  # the enactment lines are not content


def test_markdown_enactment_block_gives_the_latest_date(tmp_path: Path) -> None:
    doc = load_document(statute_file(tmp_path, ".md"), MAX)
    assert doc.title == TITLE
    assert doc.meta["date"] == "2021-04-29"
    assert "INFO END" not in "".join(s.text for s in doc.sections)


def test_long_article_splits_between_items_and_repeats_the_lead_in(tmp_path: Path) -> None:
    items = [f"（{n}）第{n}类违法情形，未经许可擅自开展相关建设活动并造成一定影响的；" for n in "一二三四五六七八"]
    lead = "第九条 违反本条例规定，有下列行为之一的，处一万元以上十万元以下罚款："
    path = tmp_path / "long.txt"
    path.write_text("\n".join([TITLE, "第八条 总则。", lead, *items, "第十条 附则。"]), encoding="utf-8")
    drafts = split_document(load_document(path, MAX), chunk_size=150, overlap=30)

    ninth = [d for d in drafts if d.article == "第九条"]
    assert len(ninth) >= 3
    assert all(d.text.startswith(lead) for d in ninth)  # every piece knows what its items are about
    assert [line for d in ninth for line in d.text.splitlines() if line != lead] == items  # each item once


def test_guide_clauses_are_units_but_not_articles(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_text("关于优化审批的通知\n一、压缩时限。审批时限压缩至10个工作日。\n（一）材料齐全的当场受理。\n"
                    "二、减少材料。不得要求重复提交材料。\n", encoding="utf-8")
    drafts = split_document(load_document(path, MAX), chunk_size=250, overlap=60)
    # each clause is a chunk of its own, but `article` is only a statute's 第X条 (DESIGN.md §5)
    assert [(d.article, d.text.splitlines()[0][:2]) for d in drafts] == [("", "一、"), ("", "二、")]


@pytest.mark.parametrize(("written", "label"), [("第58条", "第五十八条"), ("第 五十八 条", "第五十八条"),
                                                ("第114条", "第一百一十四条"), ("第十条之一", "第十条之一")])
def test_article_labels_are_written_as_statutes_write_them(written: str, label: str) -> None:
    assert article_label(written) == label


# A guide whose sections are numbered clauses, and a rule set whose sections hold articles.
GUIDE = ["一、受理范围", "在园区内新建、扩建仓储设施的单位。", "二、提交方式。申请人通过线上窗口提交，也可现场递交。",
         "（一）线上提交的，上传扫描件。", "三、咨询方式", "工作日到综合窗口咨询。"]
RULES = ["一、总体要求", "第一条 为规范仓储设施备案，制定本规则。", "二、备案程序", "第二条 备案机关当场出具回执。"]
ARTICLE_OR_NONE = re.compile(r"第[零〇一二两三四五六七八九十百千]+条(之[一二三四五六七八九十]+)?")


def document_file(tmp_path: Path, suffix: str, title: str, lines: list[str], bold: bool = False) -> Path:
    """One document in a format; `bold`: clause lines written as bold paragraphs, the way editors mark sections."""
    path = tmp_path / f"doc{suffix}"
    clause = re.compile(r"[一二三四五六七八九十]+、")
    if suffix == ".md":
        path.write_text("\n\n".join([f"# {title}", *lines]) + "\n", encoding="utf-8")
    elif suffix == ".txt":
        path.write_text("\n".join([title, *lines]) + "\n", encoding="utf-8")
    elif suffix == ".html":
        def para(line: str) -> str:
            return f"<p><strong>{line}</strong></p>" if bold and clause.match(line) else f"<p>{line}</p>"
        path.write_text(f"<html><body><h1>{title}</h1>{''.join(para(x) for x in lines)}</body></html>",
                        encoding="utf-8")
    elif suffix == ".docx":
        document = docx.Document()
        document.add_heading(title, 0)
        for line in lines:
            document.add_paragraph().add_run(line).bold = bold and bool(clause.match(line))
        document.save(str(path))
    elif suffix == ".pdf":
        path.write_bytes(pdf_bytes([[title, *lines]], title=title))
    return path


@pytest.mark.parametrize("suffix", [".md", ".txt", ".html", ".docx", ".pdf"])
@pytest.mark.parametrize("lines", [GUIDE, RULES], ids=["guide", "rules"])
def test_article_is_a_statute_article_or_empty_in_every_format(tmp_path: Path, suffix: str, lines: list[str]) -> None:
    drafts = split_document(load_document(document_file(tmp_path, suffix, "仓储设施备案指引", lines), MAX),
                            chunk_size=250, overlap=60)
    assert drafts
    assert all(d.article == "" or ARTICLE_OR_NONE.fullmatch(d.article) for d in drafts), [d.article for d in drafts]


def test_guide_clause_headings_are_sections_and_sentence_clauses_stay_whole(tmp_path: Path) -> None:
    drafts = split_document(load_document(document_file(tmp_path, ".txt", "仓储设施备案指引", GUIDE), MAX),
                            chunk_size=250, overlap=60)
    by_text = {d.text.splitlines()[0]: d for d in drafts}
    assert by_text["在园区内新建、扩建仓储设施的单位。"].heading_path == ["一、受理范围"]
    assert by_text["二、提交方式。申请人通过线上窗口提交，也可现场递交。"].text.endswith("上传扫描件。")  # its item stays
    assert by_text["工作日到综合窗口咨询。"].heading_path == ["三、咨询方式"]


@pytest.mark.parametrize("suffix", [".html", ".docx"])
def test_bold_clause_paragraphs_are_section_headings(tmp_path: Path, suffix: str) -> None:
    # Between articles the clause lines are not units of their own: only the bold says they are headings.
    doc = load_document(document_file(tmp_path, suffix, "仓储设施备案规则", RULES, bold=True), MAX)
    drafts = split_document(doc, chunk_size=250, overlap=60)
    assert [(d.heading_path, d.article) for d in drafts] == [(["一、总体要求"], "第一条"), (["二、备案程序"], "第二条")]
    assert doc.title == "仓储设施备案规则"


def test_a_short_clause_list_is_content_not_headings(tmp_path: Path) -> None:
    lines = ["需提交以下材料：", "一、营业执照", "二、备案申请表", "三、场地租赁合同"]
    drafts = split_document(load_document(document_file(tmp_path, ".md", "仓储设施备案材料", lines), MAX),
                            chunk_size=250, overlap=60)
    assert "三、场地租赁合同" in "\n".join(d.text for d in drafts)


NOTICE_WITH_ATTACHMENTS = [
    "各燃气经营企业：",
    "一、申请范围",
    "在本区从事管道燃气、瓶装燃气经营的企业，应当取得燃气经营许可证。",
    "二、联系方式",
    "区城市管理局燃气科，电话0000-2223334。",
    "附件：1．燃气经营许可申请表填写说明",
    "2．各片区受理窗口",
    "某某区城市管理局",
    "附件1",
    "燃气经营许可申请表填写说明",
    "申请表一式两份，由法定代表人签字并加盖企业公章。",
    "附件2：各片区受理窗口",
    "东片区：区政务服务中心一楼12号窗口。",
]


@pytest.mark.parametrize("suffix", [".txt", ".html", ".docx"])
def test_attachments_are_sections_of_their_own(tmp_path: Path, suffix: str) -> None:
    """Attachments after a notice's last numbered clause are their own sections, not part of that clause; the body's
    list of them ("附件：1．…") stays with the body."""
    doc = load_document(document_file(tmp_path, suffix, "关于开展燃气经营许可换证工作的通知", NOTICE_WITH_ATTACHMENTS,
                                      bold=True), MAX)
    drafts = split_document(doc, chunk_size=250, overlap=60)
    by_path = {" › ".join(d.heading_path): d.text for d in drafts}
    assert by_path["二、联系方式"].startswith("区城市管理局燃气科") and "附件1" not in by_path["二、联系方式"]
    assert "附件：1．燃气经营许可申请表填写说明" in by_path["二、联系方式"]
    assert by_path["附件1 燃气经营许可申请表填写说明"] == "申请表一式两份，由法定代表人签字并加盖企业公章。"
    assert by_path["附件2：各片区受理窗口"] == "东片区：区政务服务中心一楼12号窗口。"
    assert all(d.article == "" for d in drafts)


def test_an_attachment_ends_a_statute_article(tmp_path: Path) -> None:
    lines = ["第一条 为了规范燃气经营，制定本办法。", "第二条 违反本办法的，按附件所列标准处罚。", "附件", "燃气经营违法行为处罚标准",
             "未取得许可从事经营的，处五万元以上五十万元以下罚款。"]
    drafts = split_document(load_document(document_file(tmp_path, ".txt", "某某区燃气经营管理办法", lines), MAX),
                            chunk_size=250, overlap=60)
    assert [(d.article, d.heading_path) for d in drafts] == [
        ("第一条", []), ("第二条", []), ("", ["附件 燃气经营违法行为处罚标准"])]
    assert drafts[1].text == "第二条 违反本办法的，按附件所列标准处罚。"
