"""One evaluation run: open a store per profile, run the requested evaluations, collect every figure."""

from __future__ import annotations

import logging
import os
import platform
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from evals.answers import ProfileAnswers, evaluate_answers
from evals.chunking import SIZES, ChunkingResult, run_chunking
from evals.data import DEFAULT_DATASETS, Cases, load_cases
from evals.gate import GateRow, check, load_thresholds
from evals.intake import PERSONAS, IntakeEvalResult, run_intake_eval
from evals.intake import PROFILES as CHECKLIST_PROFILES
from evals.kb import DEFAULT_CACHE, open_eval_store, profile_dirname
from evals.load import LoadResult, run_load
from evals.perf import PerfResult, peak_rss_mb, run_perf
from evals.retrieval import ProfileRetrieval, evaluate_retrieval
from evals.scale import SIZES as SCALE_SIZES
from evals.scale import ScaleResult, run_scale
from knowledge.model_fetch import ModelUnavailableError
from knowledge.settings import get_settings

log = logging.getLogger(__name__)

COMMANDS = ("retrieval", "answers", "intake", "perf")  # what `all` runs
EXTRA_COMMANDS = ("chunking", "scale", "load")  # asked for by name: chunking re-embeds per size, scale grows a 50k store, load starts servers
EMBEDDINGS = ("light", "default")


@dataclass
class Request:
    commands: tuple[str, ...] = COMMANDS
    profiles: tuple[str, ...] = EMBEDDINGS
    datasets: tuple[Path, ...] = DEFAULT_DATASETS
    limit: int | None = None
    cache_dir: Path = DEFAULT_CACHE
    progress: bool = True
    install_s: float | None = None
    chunk_sizes: tuple[int, ...] = SIZES
    scale_sizes: tuple[int, ...] = SCALE_SIZES
    corpus: Path = field(default_factory=lambda: get_settings().corpus_dir)


T = TypeVar("T")


class RunMeta(BaseModel):
    started: str
    duration_s: float = 0.0
    commands: list[str]
    profiles: list[str]
    datasets: list[str]
    cases: dict[str, int]
    limit: int | None
    corpus_chunks: dict[str, int] = {}
    skipped: dict[str, str] = {}  # profile -> why it could not be evaluated
    errors: dict[str, str] = {}  # step ("answers/default", "perf") -> the exception that stopped it
    machine: str
    # 1-minute load average at start and end: timings on a busy 2-core machine are read with it in mind
    load_average: list[float] = []
    peak_rss_mb: float = 0.0


class Results(BaseModel):
    meta: RunMeta
    retrieval: dict[str, ProfileRetrieval] = {}
    retrieval_heldout: dict[str, ProfileRetrieval] = {}  # the same over the held-out rows: what the gate reads
    answers: dict[str, ProfileAnswers] = {}
    intake: IntakeEvalResult | None = None
    perf: PerfResult | None = None
    chunking: dict[str, ChunkingResult] = {}
    scale: dict[str, ScaleResult] = {}
    load: LoadResult | None = None
    gate: list[GateRow] = []

    def headline(self, profile: str) -> dict[str, float | None]:
        """The figures thresholds.json names, for one profile, on the held-out rows; None where not measured."""
        retrieval = self.retrieval_heldout.get(profile)
        hybrid = retrieval.modes["hybrid"] if retrieval else None
        answers = self.answers.get(profile)
        heldout = answers.splits.get("heldout") if answers else None
        answerable = heldout.answerable if heldout else None
        followups = heldout.followups if heldout else None
        return {
            "retrieval.hybrid.hit5": hybrid.hit5 if hybrid else None,
            "retrieval.hybrid.mrr10": hybrid.mrr10 if hybrid else None,
            "answers.key_fact_recall": answerable.key_fact_recall if answerable else None,
            "answers.citation_precision": answerable.citation_precision if answerable else None,
            "answers.false_refusal_rate": answerable.false_refusal_rate if answerable else None,
            "answers.refusal_accuracy": heldout.refusal_accuracy if heldout else None,
            "answers.followup_accuracy": followups.key_fact_recall if followups else None,
            "intake.field_accuracy": self.intake.field_accuracy if self.intake else None,
        }


def attempt(results: Results, step: str, call: Callable[..., T], *args: Any) -> T | None:
    """Run one step; a crash is recorded and the run goes on. An evaluation takes up to an hour on the
    default model, and one broken step must not throw away the figures of all the others."""
    try:
        return call(*args)
    except ModelUnavailableError:
        raise  # not a crash: the caller skips the profile
    except Exception as exc:  # noqa: BLE001 - recorded in the report and turned into exit code 1
        log.exception("evaluation step %s failed", step)
        results.meta.errors[step] = f"{type(exc).__name__}: {exc}"
        return None


def evaluate_profile(results: Results, request: Request, cases: Cases, profile: str) -> None:
    """Retrieval and answers of one embedding profile, on its cached evaluation store."""
    try:
        opened = attempt(results, f"store/{profile}", open_eval_store, profile,
                         request.cache_dir / profile_dirname(profile), request.corpus, request.progress)
    except ModelUnavailableError as exc:
        results.meta.skipped[profile] = str(exc)
        log.warning("profile %s skipped: %s", profile, exc)
        return
    if opened is None:
        return
    store = opened[0]
    results.meta.corpus_chunks[profile] = store.stats()["chunks"]
    if "retrieval" in request.commands and (found := attempt(
            results, f"retrieval/{profile}", evaluate_retrieval, store, cases.answerable, request.progress)):
        results.retrieval[profile] = found
        heldout = cases.only("heldout").answerable
        if heldout and (found := attempt(results, f"retrieval-heldout/{profile}", evaluate_retrieval, store,
                                         heldout, False)):
            results.retrieval_heldout[profile] = found
    if "answers" in request.commands and (judged := attempt(
            results, f"answers/{profile}", evaluate_answers, store, cases, request.progress)):
        results.answers[profile] = judged


def run_evaluation(request: Request) -> Results:
    started = time.perf_counter()
    cases = load_cases(request.datasets).limited(request.limit)
    results = Results(meta=RunMeta(
        started=datetime.now(UTC).isoformat(timespec="seconds"), commands=list(request.commands),
        profiles=list(request.profiles), datasets=[str(p) for p in request.datasets], cases=cases.counts(),
        limit=request.limit, machine=f"{platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}",
        load_average=[os.getloadavg()[0]]))
    if {"retrieval", "answers"} & set(request.commands):
        for profile in request.profiles:
            evaluate_profile(results, request, cases, profile)
    if "intake" in request.commands:
        results.intake = attempt(results, "intake", run_intake_eval, PERSONAS, CHECKLIST_PROFILES)
    if "perf" in request.commands:
        results.perf = attempt(results, "perf", run_perf, list(request.profiles),
                               [c.question for c in cases.answerable], request.corpus, request.progress,
                               request.install_s, get_settings().laws_dir)
        if results.perf:
            results.meta.errors |= {f"perf/{profile}": error for profile, error in results.perf.errors.items()}
    if "chunking" in request.commands:
        for profile in request.profiles:
            try:
                swept = attempt(results, f"chunking/{profile}", run_chunking, profile, request.chunk_sizes,
                                request.corpus, cases, request.progress)
            except ModelUnavailableError as exc:
                results.meta.skipped[profile] = str(exc)
                continue
            if swept:
                results.chunking[profile] = swept
    if "scale" in request.commands:
        laws = get_settings().laws_dir
        for profile in request.profiles:
            try:
                grown = attempt(results, f"scale/{profile}", run_scale, profile, request.corpus, laws,
                                [c.question for c in cases.answerable], request.scale_sizes, request.progress)
            except ModelUnavailableError as exc:
                results.meta.skipped[profile] = str(exc)
                continue
            if grown:
                results.scale[profile] = grown
    if "load" in request.commands:
        results.load = attempt(results, "load", run_load, list(request.profiles),
                               [c.question for c in cases.answerable], request.corpus, request.cache_dir,
                               request.progress)
        if results.load:
            results.meta.errors |= {f"load/{profile}": error for profile, error in results.load.errors.items()}
    thresholds = load_thresholds()
    # The bounds were set on the full bundled datasets; other data or a --limit run is not comparable.
    if thresholds.profile in request.profiles and request.datasets == DEFAULT_DATASETS and request.limit is None:
        results.gate = check(results.headline(thresholds.profile), thresholds.for_sections(set(request.commands)))
    results.meta.duration_s = time.perf_counter() - started
    results.meta.peak_rss_mb = peak_rss_mb()
    results.meta.load_average.append(os.getloadavg()[0])
    return results
