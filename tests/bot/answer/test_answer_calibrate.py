"""Choosing the refusal threshold, the held-out estimate of its rates, and the second-reading similarity."""

from __future__ import annotations

from bot.answer.calibrate import AGREEMENT_WEIGHTS, choose, choose_apart, choose_midway, choose_reread, held_out, refused

# (coverage, dense similarity, agreement on one document, refused by a scope rule)
ANSWERABLE = [(0.9 + i / 1000, 0.6, 0.8, False) for i in range(95)] + [(0.2, 0.1, 0.4, False)] * 5
OUT_OF_SCOPE = [(0.3, 0.2, 0.4, False)] * 18 + [(0.95, 0.7, 1.0, True)] * 2  # two caught only by a scope rule


def test_threshold_refuses_out_of_scope_within_the_allowed_share_of_answerable() -> None:
    chosen = choose(ANSWERABLE, OUT_OF_SCOPE, max_refused=0.05)
    assert chosen["out_of_scope_refused"] == 1.0
    assert chosen["answerable_refused"] == refused(chosen, ANSWERABLE) <= 0.05


def test_held_out_rates_come_from_thresholds_chosen_without_the_fold() -> None:
    estimate = held_out(ANSWERABLE, OUT_OF_SCOPE, max_refused=0.05, folds=5)
    assert estimate["heldout_folds"] == 5
    assert estimate["heldout_out_of_scope_refused"] == 1.0
    assert 0.0 < estimate["heldout_answerable_refused"] <= 0.1


def test_the_second_reading_similarity_keeps_no_reading_that_should_be_dropped() -> None:
    pool = [(0.52, True), (0.47, True), (0.41, True), (0.43, False), (0.30, False), (0.20, True)]
    assert choose_midway(pool) == 0.45  # midway between 0.43 (drop) and 0.47 (keep): 0.41 and 0.20 are lost
    assert choose_midway([(0.3, True), (0.4, False)]) is None  # no reading to keep is closer than all to drop
    assert choose_midway([(0.5, True)]) is None  # nothing to drop: no evidence where to stop


def test_the_topic_gain_is_chosen_on_the_readings_the_similarity_does_not_keep() -> None:
    """(closest sentence, topic gain, keep): the gain threshold lies midway among the readings the similarity
    leaves, so a reading it keeps (0.52) does not lower it; None gains (another document) stay out."""
    pool = [(0.52, 0.005, True), (0.43, -0.03, False), (0.30, 0.03, True), (0.20, 0.01, True),
            (0.25, -0.01, False), (0.35, None, True), (0.41, -0.05, True)]
    chosen = choose_reread(pool)
    assert chosen["reread_similarity"] == 0.475  # midway between 0.43 (drop) and 0.52 (keep)
    assert chosen["reread_gain"] == 0.0  # midway between -0.01 (drop) and 0.01 (keep)
    assert (chosen["reread_keep"], chosen["reread_drop"]) == (5, 2)
    assert (chosen["reread_kept"], chosen["reread_kept_wrongly"]) == (3, 0)  # 0.52 on similarity, 0.30 and 0.20 on gain


def test_the_apart_similarity_sets_no_follow_up_apart() -> None:
    """(similarity to the previous question, follow-up, tied to the conversation): per kind, the threshold lies
    midway between the least similar follow-up and the next out-of-scope question below it; those above the least
    similar follow-up stay. The two kinds are chosen apart: a tied question's pool does not move the other's."""
    short = [(0.06, False), (0.12, False), (0.157, False), (0.161, True), (0.20, False), (0.22, True), (0.31, True)]
    tied = [(0.13, False), (0.21, False), (0.229, True), (0.236, True), (0.25, False), (0.3, True)]
    chosen = choose_apart([(s, f, False) for s, f in short] + [(s, f, True) for s, f in tied])
    assert chosen["apart_similarity"] == 0.159
    assert (chosen["apart_follow_ups"], chosen["apart_out_of_scope"], chosen["apart_caught"]) == (3, 4, 3)
    assert chosen["apart_named_similarity"] == 0.2195
    assert (chosen["apart_named_follow_ups"], chosen["apart_named_out_of_scope"], chosen["apart_named_caught"]) == (3, 3, 2)
    assert choose_apart([(0.2, False, False), (0.1, True, False)])["apart_similarity"] is None  # none below every follow-up
    assert choose_apart([(0.1, False, False)])["apart_similarity"] is None  # no follow-up: no evidence where to stop
    assert choose_apart([(0.1, False, False), (0.2, True, False)])["apart_named_similarity"] is None  # no tied question


def test_dev_rows_come_from_split_lists_or_a_split_file(tmp_path) -> None:
    """Only dev ids shape the threshold: from splits/<name>.dev.txt, or the "dev" list of <name>_split.json."""
    import json

    from bot.answer.calibrate import dev_ids, load_rows

    rows = [{"id": "a", "question": "q1", "key_facts": ["x"]}, {"id": "b", "question": "q2", "key_facts": ["y"]},
            {"id": "c", "question": "q3", "reason": "other"}]
    data = tmp_path / "laws.jsonl"
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    assert dev_ids(data) is None  # no lists: the file is used whole
    (tmp_path / "laws_split.json").write_text(json.dumps({"dev": ["a", "c"], "heldout": ["b"]}), encoding="utf-8")
    answerable, oos = load_rows([str(data)])
    assert [r["id"] for r in answerable] == ["a"] and [r["id"] for r in oos] == ["c"]


def test_with_an_out_of_scope_floor_the_fewest_answerable_are_refused() -> None:
    """Refusing the last near-domain question would cost 5 answerable ones: at a 0.9 floor it stays answered."""
    answerable = [(0.9, 0.6, 0.6, False)] * 95 + [(0.5, 0.3, 0.6, False)] * 5
    oos = [(0.2, 0.1, 0.6, False)] * 18 + [(0.6, 0.3, 0.6, False)] * 2
    assert choose(answerable, oos, max_refused=0.05)["out_of_scope_refused"] == 1.0
    floored = choose(answerable, oos, max_refused=0.05, min_oos=0.9)
    assert (floored["out_of_scope_refused"], floored["answerable_refused"]) == (0.9, 0.0)


def test_a_conversation_leaving_the_knowledge_base_counts_as_out_of_scope_and_its_opening_as_answerable(tmp_path) -> None:
    import json

    from bot.answer.calibrate import load_rows

    rows = [{"id": "f", "turns": ["施工许可要多久", "要交钱吗"], "sources": ["s.md"], "key_facts": ["不收费"]},
            {"id": "s", "turns": ["施工许可要多久", "车险怎么理赔"], "sources": ["s.md"], "key_facts": ["15日"],
             "out_of_scope": True}]
    data = tmp_path / "talk.jsonl"
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    answerable, oos = load_rows([str(data)])
    assert [r["id"] for r in oos] == ["s"]
    # the last turn of the answered conversation, and both openings on their own
    assert [r["id"] for r in answerable] == ["f", "f#1", "s#1"] and answerable[1]["question"] == "施工许可要多久"


def test_agreement_on_one_document_keeps_questions_coverage_and_similarity_would_refuse() -> None:
    """Everyday questions on a covered topic: low coverage and similarity like the out-of-scope ones, but
    every top passage from one document. The agreement weight lets the threshold keep them."""
    answerable = [(0.9, 0.6, 0.8, False)] * 90 + [(0.2, 0.45, 1.0, False)] * 10
    oos = [(0.3, 0.45, 0.4, False)] * 20
    without = choose(answerable, oos, max_refused=0.2)  # dense weights only
    assert (without["out_of_scope_refused"], without["answerable_refused"]) == (1.0, 0.1)
    chosen = choose(answerable, oos, max_refused=0.2, agreement_weights=AGREEMENT_WEIGHTS)
    assert chosen["agreement_weight"] > 0 and chosen["answerable_refused"] == 0.0
    assert chosen["out_of_scope_refused"] == 1.0 == refused(chosen, oos)


def test_a_county_is_covered_by_the_documents_of_the_city_it_lies_in() -> None:
    from bot.answer.refusal import other_place
    from bot.models import RetrievedChunk
    from knowledge.records import ChunkRecord

    chunk = ChunkRecord(id="c0", text="犬只登记服务费按下表收取：首次登记300元/只。", source="weihai.md",
                        title="威海市养犬管理实施细则", section="第三章 登记")
    retrieved = [RetrievedChunk(chunk=chunk, fused_score=0.9)]
    assert other_place("我住威海环翠区，第一次办养犬登记交多少钱？", retrieved) is None
    assert other_place("我住环翠区，第一次办养犬登记交多少钱？", retrieved) is None  # 环翠区 lies in 威海
    assert other_place("我住烟台芝罘区，第一次办养犬登记交多少钱？", retrieved) in ("烟台", "芝罘区")
