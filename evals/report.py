"""report.md (Markdown tables, plots, every failing case grouped so a person can read them) and
results.json (every figure) for one run."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from evals import plots
from evals.answers import PROBLEMS, CaseOutcome, ProfileAnswers
from evals.chunking import ChunkingResult, ChunkingRow
from evals.embedding_options import EmbeddingOptions
from evals.intake import IntakeEvalResult
from evals.load import ANSWERS_PER_LEVEL, SETUPS, LoadResult
from evals.perf import BASELINE_STAGE, Latency, PerfResult
from evals.retrieval import ProfileRetrieval
from evals.scale import ScaleResult
from evals.runner import Results

EXCERPT = 160  # characters of an answer shown beside a failure
STAGE_NAMES = {"embed": "embed query (model only)", "vector": "bare store vector query (Chroma only)",
               "dense": "dense query = embed + vector", "bm25": "BM25 (jieba)", "hybrid": "hybrid retrieval",
               "ask": "full ask (answer chain)"}


def cell(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return lines + [""]


def ms(value: float) -> str:
    return f"{value:.1f}"


def p50_p95(latency: Latency | None) -> str | None:
    return f"{ms(latency.p50)} / {ms(latency.p95)}" if latency else None


def write_report(results: Results, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(results.model_dump_json(indent=2), encoding="utf-8")
    lines = header(results) + gate_section(results)
    if results.retrieval:
        lines += retrieval_section(results.retrieval, out)
    if results.answers:
        lines += answers_section(results.answers, out)
    if results.intake:
        lines += intake_section(results.intake)
    if results.perf:
        lines += perf_section(results.perf, out)
    if results.chunking:
        lines += chunking_section(results.chunking)
    if results.scale:
        lines += scale_section(results.scale)
    if results.load:
        lines += load_section(results.load)
    path = out / "report.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def header(results: Results) -> list[str]:
    m = results.meta
    lines = ["# 评测报告 (evaluation report)", "",
             f"- 开始 (started): {m.started}; 用时 (duration): {m.duration_s:.0f} s; 机器 (machine): {m.machine}; "
             f"峰值内存 (peak RSS, this process): {m.peak_rss_mb:.0f} MB; 负载 (1-min load average, start → end): "
             + " → ".join(f"{x:.1f}" for x in m.load_average),
             f"- 评测 (evaluations): {', '.join(m.commands)}; 嵌入档 (profiles): {', '.join(m.profiles)}",
             f"- 数据集 (datasets): {', '.join(m.datasets)} — "
             + ", ".join(f"{k} {v}" for k, v in m.cases.items()) + (f" (--limit {m.limit})" if m.limit else ""),
             f"- 知识库分段数 (chunks per profile): {', '.join(f'{k} {v}' for k, v in m.corpus_chunks.items()) or '–'}"]
    lines += [f"- **跳过 (skipped) {p}**: {why}" for p, why in m.skipped.items()]
    lines += [f"- **出错 (failed) {step}**: {error}" for step, error in m.errors.items()]
    return lines + [""]


def gate_section(results: Results) -> list[str]:
    if not results.gate:
        return []
    failed = [g for g in results.gate if not g.passed]
    verdict = "全部通过 (all pass)" if not failed else f"**{len(failed)} 项未通过 (failed)**"
    rows = [(g.figure, g.value, f"{'≥' if g.kind == 'min' else '≤'} {g.bound}", "ok" if g.passed else "FAIL")
            for g in results.gate]
    return ["## 回归门槛 (regression gate, evals/thresholds.json)", "", verdict, ""] + \
        table(["figure", "value", "threshold", "status"], rows)


def retrieval_section(results: dict[str, ProfileRetrieval], out: Path) -> list[str]:
    lines = ["## 检索 (retrieval)", "",
             "文档级：检索结果按来源去重后排名，命中 = 排名中出现预期来源。"
             "(Document level: chunks deduplicated by source; a hit is an expected source.)", ""]
    rows = [(p, mode, s.hit1, s.hit3, s.hit5, s.mrr10, s.ndcg10, ms(s.latency_ms_p50))
            for p, r in results.items() for mode, s in r.modes.items()]
    lines += table(["profile", "mode", "hit@1", "hit@3", "hit@5", "MRR@10", "nDCG@10", "p50 ms"], rows)
    rows = []
    for p, r in results.items():
        best = max((m for m in r.modes if m != "hybrid"), key=lambda m: r.modes[m].mrr10)
        h, b = r.modes["hybrid"], r.modes[best]
        rows.append((p, best, h.hit5 - b.hit5, h.mrr10 - b.mrr10, h.ndcg10 - b.ndcg10))
    lines += ["混合检索相对最好的单路检索 (hybrid minus the best single mode of the same run):", ""]
    lines += table(["profile", "baseline mode", "Δ hit@5", "Δ MRR@10", "Δ nDCG@10"], rows)
    lines += [f"![retrieval]({plots.retrieval_plot(results, out).name})", ""]
    styles = sorted({s for r in results.values() for s in r.hybrid_hit5_by_style})
    lines += ["混合检索 hit@5，按提问风格 (hybrid hit@5 by question style):", ""]
    lines += table(["style", *results],
                   [(s, *(r.hybrid_hit5_by_style.get(s) for r in results.values())) for s in styles])
    for p, r in results.items():
        lines += [f"### 检索未命中 (hybrid misses at 5), {p}: {len(r.misses)}", ""]
        by_style = defaultdict(list)
        for miss in r.misses:
            by_style[miss.style].append(miss)
        for style, misses in sorted(by_style.items()):
            lines += [f"**{style}** ({len(misses)})", ""]
            lines += [f"- `{m.id}` {m.question} — 预期 (expected) {', '.join(m.expected)}; "
                      f"检索到 (got) {', '.join(m.got) or '无'}" for m in misses] + [""]
    return lines


def answers_section(results: dict[str, ProfileAnswers], out: Path) -> list[str]:
    profiles = list(results)

    def row(label: str, get) -> tuple:
        return (label, *(get(a) for a in results.values()))

    lines = ["## 问答 (answers)", "",
             "关键事实召回 = 回答包含全部关键事实的题目占比（拒答计为未包含）；"
             "引用准确率 = 作答题目中首个引用是预期来源的占比。"
             "(Key-fact recall: share of questions whose answer holds every key fact, refusals count as misses; "
             "citation precision: over answered questions, the first citation is an expected source.)", ""]
    rows = [row("answer mode", lambda a: a.mode),
            row("answerable questions", lambda a: a.answerable.n if a.answerable else None),
            row("key-fact recall", lambda a: a.answerable.key_fact_recall if a.answerable else None),
            row("per-fact recall", lambda a: a.answerable.fact_recall if a.answerable else None),
            row("citation precision", lambda a: a.answerable.citation_precision if a.answerable else None),
            row("false-refusal rate", lambda a: a.answerable.false_refusal_rate if a.answerable else None),
            row("out-of-scope questions", lambda a: a.out_of_scope_n),
            row("refusal accuracy", lambda a: a.refusal_accuracy),
            row("refusal accuracy mid-conversation", lambda a: a.refusal_in_conversation),
            row("out-of-scope topic switch refused (n)", lambda a: switch_refused(a.topic_switch_refused,
                                                                              a.topic_switch_n)),
            row("follow-ups", lambda a: a.followups.n if a.followups else None),
            row("follow-up accuracy (key-fact recall)", lambda a: a.followups.key_fact_recall if a.followups else None),
            row("follow-up citation precision", lambda a: a.followups.citation_precision if a.followups else None),
            row("follow-up false-refusal rate", lambda a: a.followups.false_refusal_rate if a.followups else None),
            row("ask p50 ms", lambda a: a.latency_ms_p50), row("ask p95 ms", lambda a: a.latency_ms_p95)]
    lines += table(["figure", *profiles], rows)
    lines += split_tables(results)
    lines += [f"![answers]({plots.answers_plot(results, out).name})", ""]
    styles = sorted({s for a in results.values() if a.answerable for s in a.answerable.by_group})
    lines += ["关键事实召回，按提问风格 (key-fact recall by style):", ""]
    lines += table(["style", *profiles], [(s, *(a.answerable.by_group.get(s) if a.answerable else None
                                               for a in results.values())) for s in styles])
    reasons = sorted({r for a in results.values() for r in a.refusal_by_reason})
    lines += ["拒答准确率，按原因 (refusal accuracy by reason):", ""]
    lines += table(["reason", *profiles],
                   [(r, *(a.refusal_by_reason.get(r) for a in results.values())) for r in reasons])
    lines += [f"![by style]({plots.answers_by_style_plot(results, out).name})", ""]
    lines += ["未通过原因，一题可有多个原因 (failures by cause; a case may have several):", ""]
    kinds = ("answerable", "followup", "out_of_scope")
    lines += table(["cause", *(f"{p} {kind}" for p in profiles for kind in kinds)],
                   [(label, *(sum(code in o.problems for o in a.failures if o.kind == kind)
                              for a in results.values() for kind in kinds))
                    for code, label in PROBLEMS.items()])
    for p, a in results.items():
        lines += failures(p, a.failures)
    return lines


def switch_refused(share: float | None, n: int) -> str | None:
    """Share of out-of-scope topic switches refused, with their number."""
    return f"{share:.3f} ({n})" if share is not None else None


def split_tables(results: dict[str, ProfileAnswers]) -> list[str]:
    """Dev and held-out figures, follow-ups per style, and the composer beside the same-run baselines
    (key-fact recall, mean body length in characters; rows whose key fact is in the question are not counted)."""
    lines = ["开发集与保留集 (dev and held-out splits; the gate reads held-out):", ""]
    rows = []
    for p, a in results.items():
        for split, s in a.splits.items():
            ans, fu = s.answerable, s.followups
            rows.append((p, split, ans and ans.n, ans and ans.flagged, ans and ans.key_fact_recall,
                         ans and ans.citation_precision, ans and ans.false_refusal_rate, fu and fu.n,
                         fu and fu.key_fact_recall, fu and fu.citation_precision, s.refusal_accuracy,
                         s.refusal_in_conversation, switch_refused(s.topic_switch_refused, s.topic_switch_n),
                         s.source_alone, s.source_after_other_topic))
    lines += table(["profile", "split", "answerable", "flagged (fact in question)", "key facts", "citation",
                    "false refusal", "follow-ups", "follow-up key facts", "follow-up citation", "refusal accuracy",
                    "refusal mid-conversation", "out-of-scope topic switch refused (n)",
                    "right source alone", "right source after another topic"], rows)
    rows = [(p, split, style, x.n, x.citation_precision, x.key_fact_recall)
            for p, a in results.items() for split, s in a.splits.items() for style, x in s.followups_by_style.items()]
    if rows:
        lines += ["追问按风格 (follow-ups by style where the dataset names one; topic switches not included):", ""]
        lines += table(["profile", "split", "style", "n", "citation", "key facts"], rows)
    lines += ["组合答案与同轮基线 (composer vs same-run baselines: key-fact recall / mean characters):", ""]
    rows = []
    for p, a in results.items():
        for split, s in [("all", None), *a.splits.items()]:
            for kind, scores in (("answerable", s.answerable if s else a.answerable),
                                 ("follow-ups", s.followups if s else a.followups)):
                if scores:
                    rows.append((p, split, kind, *(f"{m.key_fact_recall or 0:.3f} / {m.mean_chars or 0:.0f}"
                                                   if (m := scores.methods.get(name)) else None
                                                   for name in ("composer", "best_chunk", "top2_sentences"))))
    return lines + table(["profile", "split", "rows", "composer", "best chunk whole", "top-2 sentences"], rows)


def failures(profile: str, outcomes: list[CaseOutcome]) -> list[str]:
    lines = [f"### 未通过的题目 (failing cases), {profile}: {len(outcomes)}", ""]
    groups: dict[tuple[str, str], list[CaseOutcome]] = defaultdict(list)
    for o in outcomes:
        groups[(o.kind, o.group)].append(o)
    for (kind, group), items in sorted(groups.items()):
        lines += [f"**{kind} / {group}** ({len(items)})", ""]
        for o in items:
            said = o.answer.replace("\n", " ")[:EXCERPT]
            cited = f"；引用了 {o.first_citation}" if not o.expected_sources and o.first_citation else ""
            expected = f"；预期来源 {', '.join(o.expected_sources)}" if o.expected_sources else ""
            condensed = f"（改写为：{o.condensed}）" if o.kind == "followup" and o.condensed else ""
            lines.append(f"- `{o.id}` {o.question}{condensed} — {'；'.join(o.problems.values())}{cited}{expected}\n"
                         f"  回答：{said}")
        lines.append("")
    return lines


def intake_section(r: IntakeEvalResult) -> list[str]:
    rows = [("personas", r.personas),
            ("field accuracy", f"{r.field_accuracy:.4f} ({r.fields_correct}/{r.fields_total})"),
            ("invalid values caught", f"{r.invalid_caught}/{r.invalid_total}"),
            ("valid values rejected", r.valid_rejected),
            ("median turns to confirmation (multi-fact personas)", r.median_turns_multi_fact),
            ("implausible values stored", r.implausible_stored),
            ("confirmed", f"{r.confirmed}/{r.personas}"),
            ("checklist exact", f"{r.checklist_exact}/{r.checklist_total}"),
            ("turn latency ms p50 / p95 (after warm-up)", f"{r.turn_ms_p50} / {r.turn_ms_p95}"),
            ("one-time warm-up s (jionlp)", r.warm_up_s)]
    for name, x in r.sets.items():
        rows.append((f"{name}: field accuracy / implausible stored / confirmed / median turns",
                     f"{x.field_accuracy:.4f} ({x.fields_correct}/{x.fields_total}) / {x.implausible_stored} / "
                     f"{x.confirmed}/{x.personas} / {x.median_turns_multi_fact}"))
    lines = ["## 填报对话 (intake)", ""] + table(["figure", "value"], rows)
    lines += [f"### 未通过 (failures): {len(r.failures)}", ""]
    for f in r.failures:
        lines += [f"- `{f.persona}`: " + "；".join(f.problems)]
    return lines + [""]


def perf_section(perf: PerfResult, out: Path) -> list[str]:
    profiles = list(perf.profiles)
    lines = ["## 性能 (performance)", "",
             "每个嵌入档在新启动的进程里测量：新建知识库、导入随附语料、逐阶段计时。"
             f"(Each profile in a fresh process: fresh store, bundled corpus, then each stage timed; "
             f"baseline = `{BASELINE_STAGE}`, the bare store's dense query.)", ""]
    lines += [f"- **跳过 (skipped) {p}**: {why}" for p, why in perf.skipped.items()]
    if profiles:
        get = perf.profiles.get
        rows = [("model load s", *(get(p).model_load_s for p in profiles)),
                ("ingest s (model loaded)", *(get(p).ingest_s for p in profiles)),
                ("chunks", *(get(p).chunks for p in profiles)),
                ("ingest chunks/s", *(get(p).chunks_per_s for p in profiles)),
                ("store on disk MB", *(get(p).store_mb for p in profiles)),
                ("corpus on disk MB", *(get(p).corpus_mb for p in profiles)),
                *((f"peak RSS MB after {k}", *(get(p).peak_rss_mb.get(k) for p in profiles))
                  for k in ("imports", "model", "ingest", "queries"))]
        lines += table(["figure", *profiles], rows)
        lines += [f"每阶段延迟，{perf.profiles[profiles[0]].latency_ms['dense'].n} 个问题，预热后 "
                  "(latency per stage in ms, warm; × = p50 over the dense-query p50 of the same profile):", ""]
        headers = ["stage"] + [f"{p} {c}" for p in profiles for c in ("p50", "p95", "×dense")]
        if len(profiles) > 1 and "light" in profiles and "default" in profiles:
            headers.append("default / light p50")
        rows = []
        for stage in perf.profiles[profiles[0]].latency_ms:
            row = [STAGE_NAMES.get(stage, stage)]
            for p in profiles:
                lat = perf.profiles[p].latency_ms[stage]
                row += [ms(lat.p50), ms(lat.p95), perf.ratios.get(f"{p}.{stage}_p50_vs_{BASELINE_STAGE}")]
            if len(headers) > len(row):
                row.append(perf.ratios.get(f"default_vs_light.{stage}_p50"))
            rows.append(row)
        lines += table(headers, rows)
        stages = sorted({s for p in perf.profiles.values() for s in p.ask_stages_ms})
        lines += ["答案链各阶段 (answer-chain stages from Answer.timings_ms, ms, p50 / p95):", ""]
        lines += table(["stage", *profiles], [(s, *(p50_p95(perf.profiles[p].ask_stages_ms.get(s)) for p in profiles))
                                              for s in stages])
        lines += [f"![latency]({plots.latency_plot(perf, out).name})", ""]
    if perf.cold_start:
        c = perf.cold_start
        lines += ["冷启动 (cold start of `make run` after install = idempotent re-ingest + `python -m ui` until GET / "
                  "returns 200):", ""]
        lines += table(["re-ingest s", "serve s", "total s", "note"], [(c.reingest_s, c.serve_s, c.total_s, c.note)])
    if perf.embedding_options:
        lines += embedding_options_lines(perf.embedding_options)
    install = (f"{perf.install_s:.0f} s (given with --install-seconds)" if perf.install_s is not None else
               "未测 (not given): measure with `rm -rf .venv && time make .venv/.installed-test` in a fresh clone, "
               "then pass `--install-seconds S`")
    return lines + [f"安装用时 (install time): {install}", ""]


def load_section(load: LoadResult) -> list[str]:
    lines = ["## 并发负载 (load)", "",
             f"聊天接口 `POST /v1/chat/completions`，每档 {ANSWERS_PER_LEVEL} 个回答，全部在本机回环地址上。"
             f"(Chat API, {ANSWERS_PER_LEVEL} answers per level, loopback only; × single = answers/s over the "
             f"single embedded process at the same number of clients; load average "
             f"{' → '.join(f'{x:.1f}' for x in load.load_average)}.)", ""]
    lines += [f"- **出错 (failed) {p}**: {why}" for p, why in load.errors.items()]
    for profile, rows in load.rows.items():
        lines += [f"### {profile}", ""]
        lines += table(["setup", "clients", "answers", "errors", "p50 ms", "p95 ms", "answers/s", "× single"],
                       [(SETUPS[r.setup], r.clients, r.answers, r.errors, ms(r.latency_ms.p50), ms(r.latency_ms.p95),
                         r.answers_per_s, r.vs_single) for r in rows])
    return lines


def chunking_section(results: dict[str, ChunkingResult]) -> list[str]:
    lines = ["## 分块大小 (chunk size)", "",
             "语料按每个大小重新切分、导入临时知识库，再做同样的检索和问答评测；拒答阈值仍是按当前大小标定的。"
             "(The corpus re-split and ingested at each size, then evaluated as above; the refusal threshold is "
             "still the one calibrated at the configured size.)", ""]
    for profile, r in results.items():
        lines += [f"### {profile} (configured: {r.configured})", ""]
        lines += table(["size", "overlap", "chunks", "ingest s", "BM25 hit@5 / MRR", "dense hit@5 / MRR",
                        "hybrid hit@5 / MRR", "key facts", "citation", "false refusal", "follow-ups"],
                       [chunking_row(row, r.configured) for row in r.rows])
    return lines


def chunking_row(row: ChunkingRow, configured: int) -> list[object]:
    answerable, followups = row.answerable, row.followups
    return [f"**{row.size}**" if row.size == configured else row.size, row.overlap, row.chunks, f"{row.ingest_s:.1f}",
            *(f"{row.modes[m].hit5:.3f} / {row.modes[m].mrr10:.3f}" for m in ("bm25", "dense", "hybrid")),
            answerable and answerable.key_fact_recall, answerable and answerable.citation_precision,
            answerable and answerable.false_refusal_rate, followups and followups.key_fact_recall]


def scale_section(results: dict[str, ScaleResult]) -> list[str]:
    lines = ["## 知识库规模 (cost as the store grows)", "",
             "随附语料与法规，再按其他来源名复制文档直到各规模（复制的段落复用已算好的向量）；每一档都与同一次运行中"
             "整体重建关键词索引（旧做法每次文档变更的代价）对比。(The bundled corpus and the statutes, then copies "
             "under other source ids up to each size, copies reusing computed vectors; each size beside a keyword "
             "index rebuilt whole in the same run, which is what every document change used to cost.)", ""]
    for profile, r in results.items():
        lines += [f"### {profile} ({r.model_id}; base {r.base_documents} documents / {r.base_chunks} chunks embedded "
                  f"in {r.embed_s:.0f} s; load average {' → '.join(f'{x:.1f}' for x in r.load_average)})", ""]
        lines += table(["chunks", "documents", "ask p50 / p95 ms", "hybrid p50 / p95 ms", "BM25 p50 / p95 ms",
                        "index update ms (one document)", "rebuild whole s (old)", "rebuild / update", "grow s"],
                       [(row.chunks, row.documents, p50_p95(row.latency_ms.get("ask")),
                         p50_p95(row.latency_ms.get("hybrid")), p50_p95(row.latency_ms.get("bm25")),
                         f"{row.update_ms:.1f}", row.rebuild_s and f"{row.rebuild_s:.1f}",
                         f"{row.rebuild_s * 1000 / row.update_ms:.0f}×" if row.rebuild_s and row.update_ms else None,
                         f"{row.grow_s:.0f}")
                        for row in r.rows])
    return lines


def embedding_options_lines(e: EmbeddingOptions) -> list[str]:
    lines = ["默认模型的运行方式，同一进程内轮流测量 (ways to run EmbeddingGemma for ingest, interleaved in one process: "
             f"{e.sample_chunks} chunks / {e.sample_chars} characters of the corpus and statutes, {e.rounds} rounds, "
             f"median; ratio and cosine against the fp32 baseline of this run; load average "
             f"{' → '.join(f'{x:.1f}' for x in e.load_average)}; process peak RSS {e.peak_rss_mb:.0f} MB; "
             f"in use: **{e.chosen}**):", ""]
    lines += table(["option", "characters/s", "× fp32", "cos to fp32 min / mean (sample)",
                    f"cos to fp32 min / mean (bundled corpus, {e.corpus_chunks} chunks)", "model RSS MB", "seconds per round"],
                   [(o.option, f"{o.chars_per_s:.0f}", f"{o.vs_fp32:.2f}",
                     f"{o.cos_to_fp32_min:.4f} / {o.cos_to_fp32_mean:.4f}",
                     f"{o.corpus_cos_min:.4f} / {o.corpus_cos_mean:.4f}" if o.corpus_cos_min is not None else None,
                     f"{o.added_rss_mb:.0f}", " ".join(f"{s:.1f}" for s in o.seconds)) for o in e.options])
    lines += [f"- 未测 (skipped) {k}: {v}" for k, v in e.skipped.items()] + [""]
    if e.ingest:
        lines += ["整体导入，每种方式一个新进程 (whole ingest, parse to store, of the bundled corpus and the statutes, "
                  "one fresh process per way; characters of the files read):", ""]
        lines += table(["way", "files", "characters", "chunks", "seconds", "characters/s", "× torch fp32", "peak RSS MB"],
                       [(r.option, r.files, r.characters, r.chunks, f"{r.seconds:.1f}", f"{r.chars_per_s:.0f}",
                         r.vs_fp32 and f"{r.vs_fp32:.2f}", f"{r.peak_rss_mb:.0f}") for r in e.ingest])
    return lines
