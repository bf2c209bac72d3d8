"""Calibrate the refusal threshold on the evaluation sets and record it in calibration.json.

    python -m bot.answer.calibrate [--kb DIR] [--collection NAME] [--embedding NAME] [--data FILE ...]
                                   [--laws-kb DIR [--laws-data FILE ...]] [--fusion | --reread | --apart]

For every answerable question (follow-ups condensed with their conversation) and every out-of-scope
question it computes the decision features, then picks, over a few dense weights and every threshold
between two scores, the one refusing the fewest answerable questions among those that refuse at least
--min-out-of-scope of the out-of-scope ones (default 0.94: the 0.90 bar plus the drop the k-fold
estimate shows on unseen questions), never more than --max-refused of the answerable ones. Maximising
the out-of-scope share alone traded ten answerable questions for one near-domain question.
Then, with that dense weight, it picks the same way an agreement weight and a threshold of their own for
the questions asked with no conversation before them (`first_min_score`; refusal.py says why).

With --laws-kb (a store ingested from ../shared/laws), the statute questions and follow-ups are
pooled in, their features computed on that store: documents nobody here wrote, asked colloquially,
so the threshold is not fitted to our own guides' wording alone.

Only the dev rows of the bundled datasets are used (evals/datasets/splits/<name>.dev.txt, or the "dev"
list of <name>_split.json): the held-out rows, which the regression gate and the reports read, never
shape the threshold. A file without split lists is used whole. It also reports what a k-fold split of
the dev rows gives on questions the threshold was not chosen on (each fold refused by the threshold
picked on the others).

With --fusion it chooses only the retrieval weights (bot/retrieval/fusion.json): the dense share of the
fused score and the weight of the document score, over a grid, by document hit@1 (then hit@3) of the
first passage for every dev question that names its source, asked alone. The grid's first best wins.

With --reread it calibrates only the two tests that keep a refused follow-up's second reading (the previous
question, then this one) when it names no word of the question's own: `reread_similarity`, the similarity of
a sentence of its passages to the question, and `reread_gain`, how much closer its best passages are to the
reading than to the previous question alone (`Assistant.topic_gain`). The pool: every dev conversation whose
last turn is refused as condensed and whose second reading is answerable but names no word of the question's
own, and every out-of-scope question asked after OPENERS different answered questions. A reading citing the
expected document should be kept; an out-of-scope one or one citing another document should not. Each value
lies midway between the closest reading that should not be kept and the next one that should: none of the
first kind kept, with the widest margin the pool allows; the gain on the readings the similarity leaves.

With --apart it calibrates only `apart_similarity` and `apart_named_similarity` (`Assistant.unrelated`): the pool
is every dev conversation (and out-of-scope question after OPENERS answered ones) whose last turn is read as a
follow-up - for being short alone, or tied to the conversation ("那…呢") while naming a thing the knowledge base
never uses - and names things of its own that neither its passages nor the cited documents speak of; its
similarity to the previous question. Each value, one per kind, lies midway between the least similar follow-up and
the next question leaving the topic below it: no follow-up of the pool is set apart.
"""

from __future__ import annotations

import argparse
import json
import sys
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from bot.answer.chain import Assistant, Turn
from bot.answer.condense import short_only
from bot.answer.refusal import CALIBRATION_FILE
from bot.models import ChatTurn
from bot.retrieval.hybrid import FUSION_FILE, HybridRetriever
from knowledge.cli import add_store_arguments, open_store_or_exit
from knowledge.settings import PROJECT_ROOT

# Past 10 the term coverage counts only as a tie-breaker. EmbeddingGemma, dev pools of both corpora (Dec 1),
# answerable first / later questions refused at 0.926 / 0.886 of out-of-scope ones: grid up to 10 -> 13/815,
# 21/499 (held-out 13/619, 24/400); up to 30 (30 chosen) -> 9/815, 19/499 (held-out 13/619, 20/400).
# Colloquial questions share few words with formal statutes ("车间里的电工、焊工是不是都必须持证上岗").
DENSE_WEIGHTS = (0.0, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 10.0, 15.0, 20.0, 30.0)
# Agreement is a share in steps of 1/agreement_passages; past 1.5 one document's passages outweigh the rest.
AGREEMENT_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5)
Features = tuple[float, float, float | None, bool]  # coverage, dense, agreement (None mid-conversation), scope rule
Reading = tuple[float, float | None, bool]  # a second reading's closest sentence, topic gain, whether to keep it
DATASETS = PROJECT_ROOT / "evals" / "datasets"
# the statute questions and every statute follow-up set, a new one included
LAWS_DATA = (DATASETS / "laws.jsonl", *sorted(DATASETS.glob("laws_followups*.jsonl")))
OPENERS = 5  # answered questions each out-of-scope question is asked after, for the reread pool
# The dense share of the fused score (the keyword side has the rest) and the document score's weight.
DENSE_SHARES = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
DOC_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)


def dev_ids(path: Path) -> set[str] | None:
    """The dev ids of a bundled dataset, None for a file without split lists."""
    listed = path.parent / "splits" / f"{path.stem}.dev.txt"
    if listed.exists():
        return set(listed.read_text(encoding="utf-8").split())
    split = path.parent / f"{path.stem}_split.json"
    return set(json.loads(split.read_text(encoding="utf-8"))["dev"]) if split.exists() else None


def load_rows(paths: list[str]) -> tuple[list[dict], list[dict]]:
    """(answerable and follow-up rows, out-of-scope rows) from JSONL files, each id once, dev rows only."""
    rows: dict[str, dict] = {}
    for path in paths:
        dev = dev_ids(Path(path))
        with open(path, encoding="utf-8") as f:
            for line in f:
                row = json.loads(line) if line.strip() else {}
                if dev is not None and row.get("id") not in dev:
                    continue
                if "question" in row or "turns" in row:
                    rows.setdefault(row.get("id") or json.dumps(row, ensure_ascii=False), row)
    def outside(row: dict) -> bool:  # a conversation whose last turn leaves the knowledge base is one too
        return bool(row.get("out_of_scope")) or ("turns" not in row and "key_facts" not in row)

    # the opening question of every conversation is an answerable question on its own
    openings = [{"id": f"{r['id']}#1", "question": r["turns"][0], "key_facts": []} for r in rows.values() if "turns" in r]
    return [r for r in rows.values() if not outside(r)] + openings, [r for r in rows.values() if outside(r)]


def features(bot: Assistant, row: dict) -> Features | None:
    """(coverage, dense, agreement, refused by a scope rule: another place, an unknown licence...) for the
    row's (last) question; None when it is answered without a search (an article asked for by number)."""
    turns = row["turns"] if "turns" in row else [row["question"]]
    turn = bot.prepare.invoke(Turn(turns[-1], _conversation(bot, turns[:-1])))
    if turn.direct is not None:
        return None
    decision = turn.decision
    if decision is None:  # input the guard answers itself: no features
        return 0.0, 0.0, 0.0, True
    return decision.coverage, decision.dense, decision.agreement, decision.reason not in ("ok", "low_score")


def _conversation(bot: Assistant, said: list[str]) -> list[ChatTurn]:
    """The history of a conversation in which the user said `said`, each answered by the bot."""
    history: list[ChatTurn] = []
    for text in said:
        history += [ChatTurn(role="user", content=text), ChatTurn(role="assistant", content=bot.ask(text, history).answer)]
    return history


def _score(row: Features, dense_weight: float, agreement_weight: float) -> float:
    coverage, dense, agreement, _ = row
    return coverage + dense_weight * dense + agreement_weight * (agreement or 0.0)


def refused(chosen: dict, rows: list[Features]) -> float:
    """Share of rows the thresholds in `chosen` refuse."""
    weights = chosen["dense_weight"], chosen.get("agreement_weight", 0.0)
    return sum(row[3] or _score(row, *weights) < chosen["min_score"] for row in rows) / max(len(rows), 1)


def choose(answerable: list[Features], oos: list[Features], max_refused: float, min_oos: float = 1.0,
           dense_weights: tuple[float, ...] = DENSE_WEIGHTS, agreement_weights: tuple[float, ...] = (0.0,)) -> dict:
    """Among the weights and thresholds refusing at most `max_refused` of the answerable
    questions: those refusing at least `min_oos` of the out-of-scope ones (default: all), the fewest
    answerable refused; when none reaches it, the most out-of-scope refused. Thresholds lie midway between
    neighbouring scores, so each keeps the widest margin its data allows."""
    def rate(rows: list[Features], weights: tuple[float, float]) -> Callable[[float], float]:
        placed = sum(row[3] for row in rows)
        scores = sorted(_score(row, *weights) for row in rows if not row[3])
        return lambda threshold: (bisect_left(scores, threshold) + placed) / max(len(rows), 1)

    best: tuple[tuple[bool, float, float], dict] | None = None
    for weights in ((d, a) for d in dense_weights for a in agreement_weights):
        ans_rate, oos_rate = rate(answerable, weights), rate(oos, weights)
        scores = sorted({_score(row, *weights) for row in [*answerable, *oos]})
        for threshold in [0.0, *(round((low + high) / 2, 4) for low, high in zip(scores, scores[1:]))]:
            ans, out = ans_rate(threshold), oos_rate(threshold)
            if ans > max_refused:
                continue
            key = (out >= min_oos, -ans, out) if out >= min_oos else (False, out, -ans)
            if best is None or key > best[0]:
                best = (key, {"dense_weight": weights[0], "agreement_weight": weights[1], "min_score": threshold,
                              "answerable_refused": round(ans, 4), "out_of_scope_refused": round(out, 4)})
    assert best is not None  # threshold 0 refuses only what the scope rules refuse
    return best[1]


def held_out(answerable: list[Features], oos: list[Features], max_refused: float, folds: int, min_oos: float = 1.0,
             **weights: tuple[float, ...]) -> dict:
    """Refusal rates on each fold under the thresholds chosen on the other folds (`choose`'s weights), pooled."""
    ans_refused = oos_refused = 0.0
    for k in range(folds):
        def split(rows: list) -> tuple[list, list]:
            return [r for i, r in enumerate(rows) if i % folds != k], [r for i, r in enumerate(rows) if i % folds == k]
        (ans_train, ans_test), (oos_train, oos_test) = split(answerable), split(oos)
        chosen = choose(ans_train, oos_train, max_refused, min_oos, **weights)
        ans_refused += refused(chosen, ans_test) * len(ans_test)
        oos_refused += refused(chosen, oos_test) * len(oos_test)
    return {"heldout_answerable_refused": round(ans_refused / len(answerable), 4),
            "heldout_out_of_scope_refused": round(oos_refused / len(oos), 4), "heldout_folds": folds}


def reread_pool(bot: Assistant, answerable: list[dict], oos: list[dict]) -> list[Reading]:
    """(closest sentence similarity, topic gain or None, whether the reading should be kept) for every
    conversation whose second reading only those two tests decide (see the module's docstring). Sets `bot`'s
    reread thresholds to None, so that its turns are decided as condensed or on an own word only."""
    bot.limits = replace(bot.limits, reread_similarity=None, reread_gain=None)
    pool = []
    for turns, sources in _conversations(answerable, oos):
        turn = bot.prepare.invoke(Turn(turns[-1], _conversation(bot, turns[:-1])))
        if turn.checked is None or turn.decision is None or turn.decision.reason != "low_score":
            continue
        reading = bot.second_reading(turn)
        if reading is not None and not reading.own_word:
            pool.append((bot.closest_sentence(turn.checked.text, reading.retrieved),
                         bot.topic_gain(reading, turn.history), reading.retrieved[0].chunk.source in (sources or [])))
    return pool


def apart_pool(bot: Assistant, answerable: list[dict], oos: list[dict]) -> list[tuple[float, bool, bool]]:
    """(similarity to the previous question, whether it is a follow-up, whether it is tied to the conversation)
    for every conversation whose last turn `Assistant.unrelated` measures and only that decides: read as a
    follow-up, either for being short alone or tied to the conversation and naming a thing the knowledge base never
    uses, naming things of its own its passages and the cited documents never speak of, and with no sentence of
    its passages as close to it as `reread_similarity` (which keeps it a follow-up whatever its similarity).
    Follow-ups of the answerable rows should stay with the conversation; out-of-scope questions (a conversation
    leaving the knowledge base, or one asked after OPENERS different answered questions) should stand apart.
    Sets `bot`'s apart similarities to None."""
    bot.limits = replace(bot.limits, apart_similarity=None, apart_named_similarity=None)
    pool = []
    for turns, sources in _conversations(answerable, oos):
        turn = bot.searched(turns[-1], _conversation(bot, turns[:-1]))
        if turn.checked is None or turn.condensed in ("", turn.checked.text):
            continue
        short = short_only(turn.checked.text, turns[-2])
        if bot.limits.reread_similarity is not None and bot.closest_sentence(
                turn.checked.text, turn.retrieved) >= bot.limits.reread_similarity:
            continue
        if (short or bot.names_unknown_thing(turn)) and (similarity := bot.unrelated(turn)) is not None:
            pool.append((similarity, sources is not None, not short))
    return pool


def _conversations(answerable: list[dict], oos: list[dict]) -> list[tuple[list[str], list[str] | None]]:
    """(turns, the sources answering the last; None when it is out of scope) of every dev conversation, and
    of every out-of-scope question asked after OPENERS different answered questions."""
    singles = [r["question"] for r in answerable if "question" in r and r.get("sources")]
    conversations: list[tuple[list[str], list[str] | None]] = [
        (r["turns"], r.get("sources") or []) for r in answerable if "turns" in r]
    conversations += [([singles[(i * 7 + k * 13) % len(singles)], r["question"]], None)
                      for i, r in enumerate(r for r in oos if "question" in r) for k in range(OPENERS)]
    return conversations + [(r["turns"], None) for r in oos if "turns" in r]


def choose_apart(pool: list[tuple[float, bool, bool]]) -> dict:
    """For questions short alone (apart_similarity) and those tied to the conversation (apart_named_similarity)
    apart: each midway between the least similar follow-up and the next out-of-scope question below it, so no
    follow-up of the pool stands apart and as many out-of-scope questions as that allows do."""
    chosen: dict = {}
    for key, tied in (("apart", False), ("apart_named", True)):
        stays = [s for s, follow_up, t in pool if follow_up and t == tied]
        below = [s for s, follow_up, t in pool if not follow_up and t == tied and (not stays or s < min(stays))]
        value = round((max(below) + min(stays)) / 2, 4) if below and stays else None
        chosen |= {f"{key}_similarity": value, f"{key}_follow_ups": len(stays),
                   f"{key}_out_of_scope": sum(not f and t == tied for _, f, t in pool),
                   f"{key}_caught": len(below) if value is not None else 0}
    return chosen | {"apart_calibrated": date.today().isoformat()}


def choose_midway(pool: list[tuple[float, bool]]) -> float | None:
    """Midway between the closest reading that should not be kept and the next that should; None when
    none that should is closer than all that should not, or the pool has none that should not."""
    drops = [s for s, keep in pool if not keep]
    above = [s for s, keep in pool if keep and drops and s > max(drops)]
    return round((max(drops) + min(above)) / 2, 4) if above else None


def choose_reread(pool: list[Reading]) -> dict:
    """reread_similarity on the whole pool, then reread_gain on the readings that similarity does not keep."""
    similarity = choose_midway([(s, keep) for s, _, keep in pool])
    rest = [(g, keep) for s, g, keep in pool if g is not None and (similarity is None or s < similarity)]
    gain = choose_midway(rest)
    kept = [keep for s, g, keep in pool
            if (similarity is not None and s >= similarity) or (gain is not None and g is not None and g >= gain)]
    return {"reread_similarity": similarity, "reread_gain": gain, "reread_keep": sum(k for _, _, k in pool),
            "reread_drop": sum(not k for _, _, k in pool), "reread_kept": len(kept),
            "reread_kept_wrongly": kept.count(False), "reread_calibrated": date.today().isoformat()}


def fusion_hits(retriever: HybridRetriever, rows: list[dict]) -> dict[tuple[float, float], tuple[int, int]]:
    """(dense share, document weight) -> (questions whose first passage is from a named source, those with
    one among the first three) for the rows that name their sources, each asked alone."""
    hits: dict[tuple[float, float], list[int]] = {(d, w): [0, 0] for d in DENSE_SHARES for w in DOC_WEIGHTS}
    for row in rows:
        if "question" not in row or not row.get("sources"):
            continue
        query = retriever.expand(row["question"])
        found = retriever.candidates(query)  # searched once, fused under every weight
        for (retriever.dense_weight, retriever.doc_weight), counts in hits.items():
            top = [r.chunk.source for r in retriever.rank(query, found, 3)]
            counts[0] += bool(top) and top[0] in row["sources"]
            counts[1] += any(source in row["sources"] for source in top)
    return {weights: (first, three) for weights, (first, three) in hits.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.answer.calibrate", description="标定拒答阈值并写入 calibration.json。")
    add_store_arguments(parser)
    parser.add_argument("--data", nargs="+", default=[str(DATASETS / f"{k}.jsonl") for k in ("answerable", "followups", "followups_catalogue", "followups_free", "out_of_scope")],
                        metavar="FILE", help="评测集 JSONL 文件（默认 evals/datasets 下的五个）")
    parser.add_argument("--laws-kb", type=Path, metavar="DIR", help="由 ../shared/laws 导入的法规知识库；给出时一并用法规题标定")
    parser.add_argument("--laws-data", nargs="+", default=[str(p) for p in LAWS_DATA],
                        metavar="FILE", help="法规评测集（默认 laws.jsonl 与全部追问集）")
    parser.add_argument("--max-refused", type=float, default=0.03, help="可回答问题允许被拒答的比例上限")
    parser.add_argument("--min-out-of-scope", type=float, default=0.94,
                        help="范围外问题至少拒答的比例（0.90 的要求加上未见问题上约 0.04 的回落）")
    parser.add_argument("--folds", type=int, default=5, help="估计未见问题上拒答率时的交叉验证折数")
    parser.add_argument("--reread", action="store_true", help="只标定追问重读的两个阈值：句子相似度 reread_similarity 与话题增益 reread_gain")
    parser.add_argument("--apart", action="store_true", help="只标定追问另起话题的相似度阈值 apart_similarity 与 apart_named_similarity")
    parser.add_argument("--fusion", action="store_true", help="只选检索融合权重（向量分的占比与文档分的权重）")
    args = parser.parse_args(argv)
    pools = [(args, load_rows(args.data))]
    if args.laws_kb:
        pools.append((argparse.Namespace(**{**vars(args), "kb": args.laws_kb}), load_rows(args.laws_data)))
    if not all(answerable and oos for _, (answerable, oos) in pools):
        parser.error("评测集中需要同时有可回答问题和范围外问题")
    if args.reread:
        return _calibrate_reread(pools)
    if args.apart:
        return _calibrate_apart(pools)
    if args.fusion:
        return _calibrate_fusion(pools)
    ans_features: list[Features] = []
    oos_features: list[Features] = []
    for store_args, (answerable, oos) in pools:
        store = open_store_or_exit(store_args)
        bot = Assistant(store)
        ans_features += [f for r in answerable if (f := features(bot, r)) is not None]
        oos_features += [f for r in oos if (f := features(bot, r)) is not None]
    chosen = choose(ans_features, oos_features, args.max_refused, args.min_out_of_scope)
    chosen |= held_out(ans_features, oos_features, args.max_refused, args.folds, args.min_out_of_scope)
    chosen |= _first_turn(ans_features, oos_features, chosen["dense_weight"], args)
    chosen |= {"answerable": len(ans_features), "out_of_scope": len(oos_features),
               "statutes": bool(args.laws_kb), "model": store.model_id, "calibrated": date.today().isoformat()}
    _record(store.settings.embedding, chosen)
    return 0


def _first_turn(answerable: list[Features], oos: list[Features], dense_weight: float,
                args: argparse.Namespace) -> dict:
    """The agreement weight and threshold of questions asked with no conversation before them, with the
    dense weight already chosen; their rates, and the k-fold estimate, under first_turn_ keys."""
    first_ans, first_oos = [r for r in answerable if r[2] is not None], [r for r in oos if r[2] is not None]
    weights = {"dense_weights": (dense_weight,), "agreement_weights": AGREEMENT_WEIGHTS}
    first = choose(first_ans, first_oos, args.max_refused, args.min_out_of_scope, **weights)
    first |= held_out(first_ans, first_oos, args.max_refused, args.folds, args.min_out_of_scope, **weights)
    return {"agreement_weight": first["agreement_weight"], "first_min_score": first["min_score"],
            "first_turns": len(first_ans), "first_turn_out_of_scope": len(first_oos)} | {
        f"first_turn_{key}": first[key] for key in ("answerable_refused", "out_of_scope_refused",
                                                   "heldout_answerable_refused", "heldout_out_of_scope_refused")}


def _calibrate_reread(pools: list[tuple[argparse.Namespace, tuple[list[dict], list[dict]]]]) -> int:
    pool: list[Reading] = []
    for store_args, (answerable, oos) in pools:
        store = open_store_or_exit(store_args)
        pool += reread_pool(Assistant(store), answerable, oos)
    _record(store.settings.embedding, choose_reread(pool))
    return 0


def _calibrate_apart(pools: list[tuple[argparse.Namespace, tuple[list[dict], list[dict]]]]) -> int:
    pool: list[tuple[float, bool, bool]] = []
    for store_args, (answerable, oos) in pools:
        store = open_store_or_exit(store_args)
        pool += apart_pool(Assistant(store), answerable, oos)
    _record(store.settings.embedding, choose_apart(pool))
    return 0


def _calibrate_fusion(pools: list[tuple[argparse.Namespace, tuple[list[dict], list[dict]]]]) -> int:
    totals: dict[tuple[float, float], tuple[int, int]] = {}
    questions = 0
    for store_args, (answerable, _) in pools:
        store = open_store_or_exit(store_args)
        for weights, (first, three) in fusion_hits(HybridRetriever(store), answerable).items():
            totals[weights] = (totals.get(weights, (0, 0))[0] + first, totals.get(weights, (0, 0))[1] + three)
        questions += sum("question" in r and bool(r.get("sources")) for r in answerable)
    for (dense, doc), (first, three) in totals.items():
        print(f"dense {dense} doc {doc}: hit@1 {first}/{questions}, hit@3 {three}/{questions}", file=sys.stderr)
    (dense, doc), (first, three) = max(totals.items(), key=lambda item: item[1])  # max keeps the first of a tie
    _record(store.settings.embedding, {
        "dense_weight": dense, "doc_weight": doc, "questions": questions, "hit1": round(first / questions, 4),
        "hit3": round(three / questions, 4), "model": store.model_id, "calibrated": date.today().isoformat()},
        FUSION_FILE)
    return 0


def _record(embedding: str, values: dict, path: Path = CALIBRATION_FILE) -> None:
    """`values` into the embedding profile's entry of `path`, its other values kept."""
    table = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    table[embedding] = table.get(embedding, {}) | values
    path.write_text(json.dumps(table, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(values, ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(main())
