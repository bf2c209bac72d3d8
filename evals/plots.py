"""PNG figures of a run (matplotlib, Agg: no display on servers). Labels are ASCII: the default fonts
have no CJK glyphs, and Chinese would render as boxes."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)

from evals.answers import ProfileAnswers  # noqa: E402
from evals.perf import PerfResult  # noqa: E402
from evals.retrieval import ProfileRetrieval  # noqa: E402

RETRIEVAL_METRICS = (("hit1", "hit@1"), ("hit3", "hit@3"), ("hit5", "hit@5"), ("mrr10", "MRR@10"),
                     ("ndcg10", "nDCG@10"))


def grouped_bars(ax: plt.Axes, labels: list[str], series: dict[str, list[float]], horizontal: bool = False) -> None:
    width = 0.8 / max(len(series), 1)
    for i, (name, values) in enumerate(series.items()):
        positions = [x + (i - (len(series) - 1) / 2) * width for x in range(len(labels))]
        if horizontal:
            ax.barh(positions, values, height=width, label=name)
        else:
            bars = ax.bar(positions, values, width=width, label=name)
            ax.bar_label(bars, fmt="%.2f", fontsize=7)
    if horizontal:
        ax.set_yticks(range(len(labels)), labels)
    else:
        ax.set_xticks(range(len(labels)), labels)
    ax.legend(fontsize=8)


def retrieval_plot(results: dict[str, ProfileRetrieval], out: Path) -> Path:
    fig, axes = plt.subplots(1, len(results), figsize=(6 * len(results), 4), squeeze=False)
    for ax, (profile, r) in zip(axes[0], results.items(), strict=True):
        grouped_bars(ax, [label for _, label in RETRIEVAL_METRICS],
                     {mode: [getattr(s, key) for key, _ in RETRIEVAL_METRICS] for mode, s in r.modes.items()})
        ax.set_ylim(0, 1.05)
        ax.set_title(f"retrieval, {profile} ({r.modes['hybrid'].n} questions)")
    return save(fig, out / "retrieval.png")


def answers_plot(results: dict[str, ProfileAnswers], out: Path) -> Path:
    labels = ["key-fact recall", "citation precision", "refusal accuracy", "false refusals", "follow-up accuracy"]
    series = {}
    for profile, a in results.items():
        series[profile] = [a.answerable.key_fact_recall if a.answerable else 0.0,
                           (a.answerable.citation_precision or 0.0) if a.answerable else 0.0,
                           a.refusal_accuracy or 0.0,
                           a.answerable.false_refusal_rate if a.answerable else 0.0,
                           a.followups.key_fact_recall if a.followups else 0.0]
    fig, ax = plt.subplots(figsize=(9, 4))
    grouped_bars(ax, labels, series)
    ax.set_ylim(0, 1.05)
    ax.set_title("answers")
    return save(fig, out / "answers.png")


def answers_by_style_plot(results: dict[str, ProfileAnswers], out: Path) -> Path:
    styles = sorted({s for a in results.values() if a.answerable for s in a.answerable.by_group})
    series = {profile: [a.answerable.by_group.get(s, 0.0) if a.answerable else 0.0 for s in styles]
              for profile, a in results.items()}
    fig, ax = plt.subplots(figsize=(7, 0.5 * len(styles) + 1.5))
    grouped_bars(ax, styles, series, horizontal=True)
    ax.set_xlim(0, 1)
    ax.set_title("key-fact recall by question style")
    return save(fig, out / "answers_by_style.png")


def latency_plot(perf: PerfResult, out: Path) -> Path:
    profiles = list(perf.profiles.items())
    fig, axes = plt.subplots(1, len(profiles) + 1, figsize=(5 * len(profiles) + 4, 4), squeeze=False)
    for ax, (profile, p) in zip(axes[0], profiles, strict=False):  # the last axis holds the throughput bars
        stages = list(p.latency_ms)
        ax.boxplot([p.latency_ms[s].samples for s in stages], tick_labels=stages, showfliers=False)
        ax.set_yscale("log")
        ax.set_ylabel("ms")
        ax.set_title(f"query latency, {profile}")
    ax = axes[0][-1]
    bars = ax.bar([name for name, _ in profiles], [p.chunks_per_s for _, p in profiles])
    ax.bar_label(bars, fmt="%.1f")
    ax.set_title("ingest chunks/s")
    return save(fig, out / "latency.png")


def save(fig: plt.Figure, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
