"""The growth measurement: a synthetic store of copies, vectors reused, every size measured. No timing is
asserted (figures go to `python -m evals scale`)."""

from __future__ import annotations

from pathlib import Path

from evals.report import scale_section
from evals.scale import ReusedVectors, base_documents, run_scale
from knowledge.embeddings import get_embeddings
from knowledge.settings import Settings


class Counting(ReusedVectors):
    def __init__(self) -> None:
        super().__init__(get_embeddings("light"))
        self.embedded: list[str] = []
        model = self.model

        class Spy:
            def embed_documents(_, texts: list[str]) -> list[list[float]]:
                self.embedded += texts
                return model.embed_documents(texts)

        self.model = Spy()  # type: ignore[assignment]


def test_copies_reuse_vectors_under_new_ids(small_corpus: Path, light_settings: Settings) -> None:
    docs = base_documents([small_corpus], light_settings)
    copy = docs[0].copy_as(3)
    assert copy.source == f"copies/3/{docs[0].source}"
    assert [c.text for c in copy.chunks] == [c.text for c in docs[0].chunks]
    assert not {c.id for c in copy.chunks} & {c.id for d in docs for c in d.chunks}
    vectors = Counting()
    texts = [c.context_text for c in docs[0].chunks]
    first = vectors.embed_documents(texts)
    assert vectors.embed_documents([c.context_text for c in copy.chunks]) == first
    assert vectors.embedded == list(dict.fromkeys(texts))  # each distinct text embedded once


def test_run_scale_measures_each_size_and_reports_it(small_corpus: Path) -> None:
    questions = ["节能审查要多久？", "施工许可证怎么办？", "哪些项目要单独做节能审查？"]
    result = run_scale("light", small_corpus, None, questions, sizes=(3, 12), progress=False)
    assert result.base_documents == 2 and result.sources == [str(small_corpus)]
    assert [row.chunks >= size for row, size in zip(result.rows, (3, 12))] == [True, True]
    assert result.rows[1].documents > result.rows[0].documents
    assert all(set(row.latency_ms) == {"bm25", "hybrid", "ask"} for row in result.rows)
    assert all(row.latency_ms["ask"].n == len(questions) for row in result.rows)
    text = "\n".join(scale_section({"light": result}))
    assert "rebuild whole s (old)" in text and f"| {result.rows[1].chunks} |" in text
