"""Documents nobody here wrote for: frames, XHTML, Markdown extensions, Word text boxes and notes,
links out of the ingested folder, Office lock files and byte-identical copies."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from ingest.loaders import LoadError, load_document
from ingest.pipeline import ingest_paths
from knowledge.store import KnowledgeStore

MAX = 10 * 1024 * 1024


def _text(doc) -> str:
    return "\n".join(s.text for s in doc.sections)


def test_frameset_page_is_reported_with_its_frames_not_stored_as_its_fallback(tmp_path: Path) -> None:
    page = tmp_path / "frames.html"
    page.write_text('<html><head><title>政务公开</title></head><frameset cols="20%,80%"><frame src="menu.html">'
                    '<frame src="main.html"><noframes><body><p>您的浏览器不支持框架，请访问主页面。</p></body>'
                    "</noframes></frameset></html>", encoding="utf-8")
    with pytest.raises(LoadError, match="框架网页.*main.html"):
        load_document(page, MAX)


@pytest.mark.parametrize("suffix", [".xhtml", ".shtml"])
def test_xhtml_and_shtml_pages_load_as_html(tmp_path: Path, suffix: str) -> None:
    page = tmp_path / f"notice{suffix}"
    page.write_text('<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
                    "<head><title>消防验收通知</title></head><body><h2>一、服务对象</h2>"
                    "<p>园区内已竣工的项目。</p></body></html>", encoding="utf-8")
    doc = load_document(page, MAX)
    assert doc.sections[0].heading_path == ["一、服务对象"] and "园区内已竣工的项目。" in _text(doc)


def test_markdown_setext_headings_inline_html_footnotes_and_code(tmp_path: Path) -> None:
    md = tmp_path / "guide.md"
    md.write_text("节能审查政策解读\n================\n\n新办法<span style=\"color:red\">自6月1日起施行</span>，"
                  "需要审查[^1]。&nbsp;见下。\n\n适用范围\n--------\n\n<div class=\"note\">注意：<b>改扩建项目</b>按新增能耗计算。"
                  "</div><br>第二行。\n\n```\n# 不是标题\n| 不是 | 表格 |\n```\n\n[^1]: 见《办法》第八条。\n",
                  encoding="utf-8")
    doc = load_document(md, MAX)
    text = _text(doc)
    assert doc.title == "节能审查政策解读"
    assert [s.heading_path for s in doc.sections] == [[], ["适用范围"]]
    assert "新办法自6月1日起施行，需要审查。 见下。" in text
    assert "注意：改扩建项目按新增能耗计算。\n第二行。" in text
    assert "# 不是标题\n| 不是 | 表格 |" in text and "```" not in text
    assert "注1：见《办法》第八条。" in text
    assert not any(mark in text for mark in ("<", "[^", "&nbsp;", "==="))


def _docx_with_text_box_nested_table_and_footnote() -> bytes:
    document = docx.Document()
    document.add_heading("危险化学品经营许可办事指南", level=0)
    document.add_heading("申请条件", level=1)
    para = document.add_paragraph("经营场所应符合国家标准。")
    para.add_run()._r.append(parse_xml(f'<w:footnoteReference {nsdecls("w")} w:id="1"/>'))
    box = document.add_paragraph()
    box.add_run()._r.append(parse_xml(
        f'<w:pict {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><v:shape><v:textbox><w:txbxContent>'
        "<w:p><w:r><w:t>温馨提示：请先完成网上预审。</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict>"))
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "安全评价报告"
    inner = table.cell(0, 1).add_table(rows=2, cols=2)
    for r, (a, b) in enumerate([("新申请", "原件"), ("延期", "复印件")]):
        inner.cell(r, 0).text, inner.cell(r, 1).text = a, b
    buf = io.BytesIO()
    document.save(buf)
    # python-docx writes no footnotes part: add one to the package
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    reopened = docx.Document(io.BytesIO(buf.getvalue()))
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    blob = (f'<w:footnotes {w}><w:footnote w:type="separator" w:id="0"><w:p><w:r><w:separator/></w:r></w:p>'
            '</w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>依据《管理办法》第六条。</w:t></w:r></w:p></w:footnote>'
            "</w:footnotes>").encode()
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml", blob,
                reopened.part.package)
    reopened.part.relate_to(part, RT.FOOTNOTES)
    out = io.BytesIO()
    reopened.save(out)
    return out.getvalue()


def test_docx_text_boxes_nested_tables_and_footnotes_are_read(tmp_path: Path) -> None:
    path = tmp_path / "指南.DOCX"
    path.write_bytes(_docx_with_text_box_nested_table_and_footnote())
    text = _text(load_document(path, MAX))
    assert "温馨提示：请先完成网上预审。" in text
    assert "安全评价报告 | 新申请 原件；延期 复印件" in text
    assert "经营场所应符合国家标准。\n注1：依据《管理办法》第六条。" in text
    assert text.count("温馨提示") == 1


def test_office_lock_file_is_skipped_in_a_folder_and_explained_when_named(tmp_path: Path,
                                                                          light_store: KnowledgeStore) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "指南.md").write_text("# 指南\n\n办理时限为5个工作日。\n", encoding="utf-8")
    lock = folder / "~$指南.docx"
    lock.write_bytes(b"\x06zs" + b"\x00" * 160)
    report = ingest_paths([folder], light_store, progress=False)
    assert report.files_ok == 1 and report.files_failed == []
    with pytest.raises(LoadError, match="临时锁定文件"):
        load_document(lock, MAX)


def test_links_out_of_the_folder_are_refused_and_links_inside_ingested_once(tmp_path: Path,
                                                                           light_store: KnowledgeStore) -> None:
    folder, outside = tmp_path / "docs", tmp_path / "secret.txt"
    folder.mkdir()
    outside.write_text("机密名单\n\n内部人员名单，不应导入。\n", encoding="utf-8")
    (folder / "须知.txt").write_text("备案须知\n\n备案不收取任何费用。\n", encoding="utf-8")
    (folder / "out.txt").symlink_to(outside)
    (folder / "alias.txt").symlink_to(folder / "须知.txt")
    report = ingest_paths([folder], light_store, progress=False)
    assert [Path(f.path).name for f in report.files_failed] == ["out.txt"]
    assert "符号链接" in report.files_failed[0].error
    assert {d.source for d in light_store.documents()} == {"须知.txt"}
    assert not any("机密" in c.text for c in light_store.all_chunks())


def test_identical_copies_are_stored_once_and_a_stored_copy_goes_with_prune(tmp_path: Path,
                                                                            light_store: KnowledgeStore) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    body = "环评登记备案须知\n\n一、备案方式\n网上填报登记表。\n"
    (folder / "b须知（副本）.txt").write_text(body, encoding="utf-8")
    ingest_paths([folder], light_store, progress=False)  # the copy alone: stored
    (folder / "a须知.txt").write_text(body, encoding="utf-8")
    report = ingest_paths([folder], light_store, prune=True, progress=False)
    assert report.files_failed == [] and [Path(s.path).name for s in report.skipped] == ["b须知（副本）.txt"]
    assert "内容完全相同" in report.skipped[0].error
    assert {d.source for d in light_store.documents()} == {"a须知.txt"}


def test_html_cells_spanning_rows_give_their_text_to_each_row_and_keep_the_columns(tmp_path: Path) -> None:
    """A merged time-limit cell (rowspan) belongs to every row it covers; without it the next cell slid into
    its column and the bot answered "审批时限：否". A hostile span is capped."""
    page = tmp_path / "时限表.html"
    page.write_text(
        "<html><body><h1>审批时限一览</h1><table><tr><th>类别</th><th>审批时限</th><th>要否专家评审</th></tr>"
        "<tr><td>报告书</td><td rowspan='2'>15个工作日</td><td>是</td></tr>"
        "<tr><td>报告表</td><td>否</td></tr>"
        "<tr><td colspan='99999'>注：补偿费另行缴纳</td><td rowspan='99999'>x</td></tr></table></body></html>",
        encoding="utf-8")
    text = _text(load_document(page, MAX))
    assert "类别：报告表；审批时限：15个工作日；要否专家评审：否" in text
    assert "注：补偿费另行缴纳" in text
