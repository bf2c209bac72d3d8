"""Keep the bundled corpus honest: catalogue <-> guides, required sections, front matter, datasets."""

from __future__ import annotations

import json
from pathlib import Path

import frontmatter
import pytest

from knowledge.catalogue import STAGES, load_catalogue
from knowledge.coverage import REQUIRED_SECTIONS, guide_coverage
from knowledge.settings import get_settings

SETTINGS = get_settings()
CORPUS = SETTINGS.corpus_dir
DATASETS = Path(__file__).resolve().parents[2] / "evals" / "datasets"
DOCS = sorted(CORPUS.rglob("*.md"))


def _jsonl(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATASETS / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def test_catalogue_validates_with_25_items_in_every_stage() -> None:
    catalogue = load_catalogue()
    assert len(catalogue.items) == 25
    assert {i.stage for i in catalogue.items} == set(STAGES)


def test_every_item_has_a_complete_guide() -> None:
    rows = guide_coverage(load_catalogue(), CORPUS)
    incomplete = {r.item_id: [s for s, ok in r.sections.items() if not ok] for r in rows if not r.complete}
    assert not incomplete


def test_every_guide_names_a_catalogue_item() -> None:
    ids = {i.id for i in load_catalogue().items}
    guides = [frontmatter.load(p) for p in sorted((CORPUS / "guides").glob("*.md"))]
    assert guides and all(g.get("item_id") in ids for g in guides)
    assert len(guides) == len(ids)


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_front_matter_is_valid(path: Path) -> None:
    post = frontmatter.load(path)
    assert post.get("title") and post.get("issuer") and post.get("date")
    assert post.get("doc_type") in {"guide", "policy", "faq"}
    assert isinstance(post.get("sources"), list) and post["sources"], "every fact needs a named source"
    assert len(post.content) >= 1500, "too thin to answer real questions"
    if post["doc_type"] == "guide":
        assert [h for h in REQUIRED_SECTIONS if f"## {h}" not in post.content] == []


def test_datasets_have_the_promised_sizes_and_unique_ids() -> None:
    answerable, followups, oos = _jsonl("answerable.jsonl"), _jsonl("followups.jsonl"), _jsonl("out_of_scope.jsonl")
    assert len(answerable) >= 200 and len(oos) >= 50 and len(followups) >= 30
    ids = [r["id"] for r in answerable + followups + oos]
    assert len(ids) == len(set(ids))
    assert all(len(r["turns"]) >= 2 for r in followups)


@pytest.mark.parametrize("name", ["answerable.jsonl", "followups.jsonl", "followups_free.jsonl", "followups_fresh.jsonl",
                                  "followups_blind.jsonl"])
def test_expected_sources_exist_and_contain_the_key_facts(name: str) -> None:
    # a follow-up whose last turn leaves the knowledge base (out_of_scope) names its first turn's sources and facts
    problems = []
    for row in _jsonl(name):
        texts = []
        for source in row["sources"]:
            path = CORPUS / source
            if not path.exists():
                problems.append(f"{row['id']}: missing {source}")
                continue
            texts.append(path.read_text(encoding="utf-8"))
        for fact in row["key_facts"]:
            if not any(alt in text for alt in fact.split("|") for text in texts):
                problems.append(f"{row['id']}: key fact {fact!r} not in its sources")
    assert not problems
