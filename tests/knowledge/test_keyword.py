"""The keyword index: BM25 rankings as a rebuilt index gives them, kept current by in-place updates."""

from __future__ import annotations

import math

from knowledge.keyword import KeywordIndex, tokenize
from knowledge.records import ChunkRecord

TEXTS = [
    "节能审查的办理时限为20个工作日，专家评审时间不计算在内。",
    "施工许可证的办理时限为7日。建设单位应当自领取施工许可证之日起三个月内开工。",
    "年综合能源消费量1000吨标准煤以上的项目，应当单独开展节能审查。",
    "建设用地规划许可证由自然资源部门核发，办理时限为10个工作日。",
    "环境影响评价文件应当在开工建设前报批，审批时限为60日。",
    "取水许可申请由水行政主管部门受理，申请材料包括取水许可申请书。",
]


def chunk(i: int, text: str) -> ChunkRecord:
    return ChunkRecord(id=f"c{i:03d}", text=text, source=f"doc{i % 3}.md", title="办事指南")


def ranking(index: KeywordIndex, query: str) -> list[tuple[str, float]]:
    return [(h.chunk.id, round(h.score, 9)) for h in index.search(query, k=10)]


QUERIES = ["节能审查要多久", "施工许可证 办理时限", "取水许可申请材料", "办理时限", "火星基地"]


def test_scores_are_lucene_bm25_over_the_live_chunks() -> None:
    index = KeywordIndex([chunk(i, t) for i, t in enumerate(TEXTS)])
    df = sum("节能" in tokenize(c.context_text) for c in index.chunks)
    assert index.idf("节能") == math.log(1 + (len(TEXTS) - df + 0.5) / (df + 0.5))
    assert index.idf("火星") == 0.0
    hits = index.search("节能审查要多久", k=3)
    assert {h.chunk.id for h in hits[:2]} == {"c000", "c002"}
    assert all(h.score > 0 for h in hits) and hits == sorted(hits, key=lambda h: -h.score)
    assert index.search("火星基地", k=3) == []


def test_updates_in_place_give_the_rankings_of_a_fresh_index() -> None:
    chunks = [chunk(i, t) for i, t in enumerate(TEXTS * 3)]  # repeated texts: ties, resolved by id
    grown = KeywordIndex(chunks[:4])
    assert grown.add(chunks[2:]) == len(chunks) - 4  # already indexed ids are skipped
    assert grown.remove(["c001", "c007", "missing"]) == 2
    kept = [c for c in chunks if c.id not in {"c001", "c007"}]
    fresh = KeywordIndex(list(reversed(kept)))  # insertion order does not matter
    assert len(grown) == len(fresh) == len(kept)
    for query in QUERIES:
        assert ranking(grown, query) == ranking(fresh, query)
    assert grown.idf("施工") == fresh.idf("施工")


def test_removing_most_chunks_compacts_without_changing_results() -> None:
    chunks = [chunk(i, t) for i, t in enumerate(TEXTS * 4)]
    index = KeywordIndex(chunks)
    gone = [c.id for c in chunks[:20]]
    index.remove(gone)
    assert index.add([chunks[0]]) == 1  # a removed id can come back
    fresh = KeywordIndex(chunks[20:] + [chunks[0]])
    assert [c.id for c in index.chunks] == [c.id for c in chunks[20:]] + ["c000"]
    for query in QUERIES:
        assert ranking(index, query) == ranking(fresh, query)
    index.remove([c.id for c in index.chunks])
    assert len(index) == 0 and index.search("节能审查", k=3) == [] and index.idf("节能") == 0.0
