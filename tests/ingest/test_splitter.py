"""Splitter: size limits, sentence ends, heading boundaries, sentence overlap, determinism."""

import re
from pathlib import Path

import pytest

from ingest.loaders import LoadedDocument, Section, load_document
from ingest.splitter import ChunkDraft, split_document

SENTENCE_END = re.compile(r"[。！？；!?;]$")


def sentence(i: int) -> str:
    return f"第{i}项规定要求建设单位按时提交材料{'并说明理由' * (i % 4)}。"  # 18-38 characters


def make_doc(*sections: Section) -> LoadedDocument:
    return LoadedDocument(path=Path("guide.md"), title="指南", meta={}, sections=list(sections), content_hash="0" * 64)


LONG = Section(heading_path=["申请条件"], text="".join(sentence(i) for i in range(40)))
FAQ = Section(heading_path=["常见问题", "问：收费吗？"], text="答：不收费。")
LIST = Section(heading_path=["申请材料"], text="\n".join(f"材料{i}：项目申请表及附件清单" for i in range(30)))


def test_chunks_fit_and_end_at_sentence_ends() -> None:
    chunks = split_document(make_doc(LONG), chunk_size=200, overlap=60)
    assert len(chunks) > 3
    assert all(len(c.text) <= 200 for c in chunks)
    assert all(SENTENCE_END.search(c.text) for c in chunks)
    assert [c.index for c in chunks] == list(range(len(chunks)))


def test_every_sentence_is_kept_whole_in_some_chunk() -> None:
    chunks = split_document(make_doc(LONG), chunk_size=200, overlap=60)
    for i in range(40):
        assert any(sentence(i) in c.text for c in chunks), i


def test_overlap_is_whole_trailing_sentences() -> None:
    chunks = split_document(make_doc(LONG), chunk_size=200, overlap=60)
    for previous, current in zip(chunks, chunks[1:]):
        sentences = re.findall(r"[^。]+。", previous.text)
        tails = ["".join(sentences[-k:]) for k in range(1, len(sentences))]
        shared = [k for k, tail in enumerate(tails, 1) if current.text.startswith(tail)]
        assert len(shared) == 1, shared  # starts with the previous chunk's last k whole sentences
        k = shared[0]
        assert len(tails[k - 1]) <= 60 < len(tails[k])  # as many as fit in the overlap
    no_overlap = split_document(make_doc(LONG), chunk_size=200, overlap=0)
    assert "".join(c.text for c in no_overlap) == LONG.text


def test_lines_are_boundaries_and_kept_whole() -> None:
    chunks = split_document(make_doc(LIST), chunk_size=100, overlap=0)
    lines = LIST.text.split("\n")
    assert [line for c in chunks for line in c.text.split("\n")] == lines
    assert all(len(c.text) <= 100 for c in chunks)


def test_paragraph_that_fits_is_not_split_across_chunks() -> None:
    first, second = "".join(sentence(i) for i in range(8)), "".join(sentence(i) for i in range(8, 16))
    assert 150 < len(first) < 300 and 150 < len(second) < 300
    chunks = split_document(make_doc(Section(heading_path=[], text=f"{first}\n\n{second}")), 400, 0)
    assert [c.text for c in chunks] == [first, second]


def test_overlong_sentence_is_the_only_hard_cut() -> None:
    run_on = "建设单位应当" + "，".join(f"提交第{i}份证明材料" for i in range(60)) + "。"
    section = Section(heading_path=["材料"], text=f"{sentence(1)}\n{run_on}\n{sentence(2)}")
    chunks = split_document(make_doc(section), chunk_size=120, overlap=0)
    assert all(len(c.text) <= 120 for c in chunks)
    assert chunks[0].text == sentence(1) and chunks[-1].text == sentence(2)
    pieces = [c.text for c in chunks[1:-1]]
    assert "".join(pieces) == run_on
    assert all(p.endswith("，") for p in pieces[:-1])  # cut after a comma, not mid-phrase


def test_sections_stay_separate_and_keep_heading_paths() -> None:
    doc = make_doc(LONG, FAQ, Section(heading_path=["办理时限"], text="20个工作日。"))
    chunks = split_document(doc, chunk_size=200, overlap=60)
    paths = [tuple(c.heading_path) for c in chunks]
    assert paths[-2:] == [("常见问题", "问：收费吗？"), ("办理时限",)]
    assert set(paths[:-2]) == {("申请条件",)}
    assert [c.text for c in chunks[-2:]] == ["答：不收费。", "20个工作日。"]  # tiny sections: own chunks
    assert all(sentence(0) not in c.text for c in chunks[-2:])  # no overlap across headings


def test_no_empty_chunks_and_deterministic() -> None:
    doc = make_doc(Section(heading_path=["空"], text=" \n\n "), LONG, LIST)
    first = split_document(doc, chunk_size=150, overlap=40)
    assert first == split_document(doc, chunk_size=150, overlap=40)
    assert all(c.text.strip() == c.text and c.text for c in first)
    assert all(isinstance(c, ChunkDraft) for c in first)


def test_ascii_sentence_ends() -> None:
    text = "Submit the form. Then wait for review! Is a fee charged? No; it is free."
    chunks = split_document(make_doc(Section(heading_path=[], text=text)), chunk_size=40, overlap=0)
    assert [c.text for c in chunks] == ["Submit the form. Then wait for review!", "Is a fee charged? No; it is free."]


@pytest.mark.parametrize(("size", "overlap"), [(0, 0), (100, 100), (100, -1)])
def test_bad_sizes_rejected(size: int, overlap: int) -> None:
    with pytest.raises(ValueError):
        split_document(make_doc(FAQ), chunk_size=size, overlap=overlap)


def test_loaded_markdown_splits_by_heading(tmp_path: Path) -> None:
    path = tmp_path / "guide.md"
    body = "".join(sentence(i) for i in range(30))
    path.write_text(f"---\ntitle: 指南\n---\n## 申请条件\n\n{body}\n\n## 办理时限\n\n20个工作日。\n", encoding="utf-8")
    chunks = split_document(load_document(path, 1 << 20), chunk_size=300, overlap=60)
    assert [c.heading_path for c in chunks][-1] == ["办理时限"]
    assert all(c.heading_path == ["申请条件"] and len(c.text) <= 300 for c in chunks[:-1])
