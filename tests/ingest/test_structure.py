"""Statute structure recognised the same way in every format: articles, 编/章/节, items, enactment lines."""

from __future__ import annotations

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


def test_guide_clauses_are_units_labelled_by_number(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_text("关于优化审批的通知\n一、压缩时限。审批时限压缩至10个工作日。\n（一）材料齐全的当场受理。\n"
                    "二、减少材料。不得要求重复提交材料。\n", encoding="utf-8")
    drafts = split_document(load_document(path, MAX), chunk_size=250, overlap=60)
    assert [(d.article, d.text.splitlines()[0][:2]) for d in drafts] == [("一、", "一、"), ("二、", "二、")]


@pytest.mark.parametrize(("written", "label"), [("第58条", "第五十八条"), ("第 五十八 条", "第五十八条"),
                                                ("第114条", "第一百一十四条"), ("第十条之一", "第十条之一")])
def test_article_labels_are_written_as_statutes_write_them(written: str, label: str) -> None:
    assert article_label(written) == label
