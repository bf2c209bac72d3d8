"""Ways to run EmbeddingGemma for ingest, side by side in one process: the fp32 baseline, bf16 (the torch
path), batch size and torch threads, and the OpenVINO export at two precisions.

Options run interleaved, round by round, on the same sample of chunks, so load from other processes on
the shared machine hits them alike; each is reported as characters/s and as a ratio to the fp32 baseline
of the same run, with the cosine of its vectors to fp32's and the memory its model added.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from pydantic import BaseModel

from knowledge.settings import get_settings

SAMPLE = 48  # chunks spread over the corpus and the statutes (about 10k characters)
ROUNDS = 2
STORE_BATCH = 64  # the store embeds a document's chunks in calls of at most this many


class OptionFigures(BaseModel):
    option: str
    chars_per_s: float
    vs_fp32: float
    cos_to_fp32_min: float
    cos_to_fp32_mean: float
    added_rss_mb: float  # resident memory the option's model added when loaded
    seconds: list[float]


class EmbeddingOptions(BaseModel):
    sample_chunks: int
    sample_chars: int
    rounds: int
    options: list[OptionFigures]
    skipped: dict[str, str] = {}
    load_average: list[float]
    peak_rss_mb: float
    chosen: str  # what get_embeddings("default") uses with the current settings


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def torch_option(folder: Path, bf16: bool, batch_size: int, threads: int | None) -> Callable[[list[str]], np.ndarray]:
    import torch
    from sentence_transformers import SentenceTransformer

    kwargs = {"model_kwargs": {"torch_dtype": torch.bfloat16}} if bf16 else {}
    model = SentenceTransformer(str(folder), device="cpu", **kwargs)
    default_threads = torch.get_num_threads()

    def encode(texts: list[str]) -> np.ndarray:
        torch.set_num_threads(threads or default_threads)
        try:
            return model.encode(texts, prompt_name="document", normalize_embeddings=True, batch_size=batch_size)
        finally:
            torch.set_num_threads(default_threads)

    return encode


def openvino_option(folder: Path, export: Path, precision: str, batch_size: int) -> Callable[[list[str]], np.ndarray]:
    from knowledge.embeddings import OpenVINOGemma

    model = OpenVINOGemma(folder, export, precision=precision, batch_size=batch_size)
    return lambda texts: np.asarray(model.embed_documents(texts))


def in_store_batches(encode: Callable[[list[str]], np.ndarray], texts: list[str]) -> np.ndarray:
    return np.vstack([encode(texts[i:i + STORE_BATCH]) for i in range(0, len(texts), STORE_BATCH)])


def measure_options(folders: list[Path]) -> dict:
    """Runs in a spawned process (fresh memory figures); returns EmbeddingOptions as a dict."""
    from evals.perf import peak_rss_mb, spread  # imported here: perf imports this module
    from evals.scale import base_documents
    from knowledge.embeddings import OpenVINOGemma, get_embeddings
    from knowledge.model_fetch import ensure_gemma, ensure_openvino

    settings = get_settings()
    load = [os.getloadavg()[0]]
    chunks = [c for d in base_documents(folders, settings) for c in d.chunks]
    texts = [c.context_text for c in spread(chunks, SAMPLE)]
    folder = ensure_gemma(settings.model_cache_dir)
    export = ensure_openvino(folder)
    builders: dict[str, Callable[[], Callable[[list[str]], np.ndarray]]] = {
        "torch fp32, batch 16 (baseline)": lambda: torch_option(folder, False, 16, None),
        "torch bf16, batch 16 (before)": lambda: torch_option(folder, True, 16, None),
        "torch bf16, batch 32": lambda: torch_option(folder, True, 32, None),
        "torch bf16, batch 16, 1 thread": lambda: torch_option(folder, True, 16, 1),
    }
    skipped: dict[str, str] = {}
    if export:
        builders |= {"openvino bf16, batch 16": lambda: openvino_option(folder, export, "bf16", 16),
                     "openvino f32, batch 16": lambda: openvino_option(folder, export, "f32", 16)}
    else:
        skipped["openvino"] = "export not possible here (see the log); torch only"
    encoders, added = {}, {}
    for name, build in builders.items():
        before = rss_mb()
        encoders[name] = build()
        encoders[name](texts[:2])  # first call compiles kernels; not timed
        added[name] = rss_mb() - before
    seconds: dict[str, list[float]] = {name: [] for name in encoders}
    vectors: dict[str, np.ndarray] = {}
    for _ in range(ROUNDS):
        for name, encode in encoders.items():
            start = time.perf_counter()
            vectors[name] = in_store_batches(encode, texts)
            seconds[name].append(time.perf_counter() - start)
    chars = sum(map(len, texts))
    base_name = next(iter(encoders))
    base_speed = chars / statistics.median(seconds[base_name])
    options = []
    for name in encoders:
        cos = (vectors[name] * vectors[base_name]).sum(axis=1)
        speed = chars / statistics.median(seconds[name])
        options.append(OptionFigures(option=name, chars_per_s=speed, vs_fp32=speed / base_speed,
                                     cos_to_fp32_min=float(cos.min()), cos_to_fp32_mean=float(cos.mean()),
                                     added_rss_mb=added[name], seconds=[round(s, 2) for s in seconds[name]]))
    chosen = "openvino bf16" if isinstance(get_embeddings("default"), OpenVINOGemma) else "torch bf16"
    load.append(os.getloadavg()[0])
    return EmbeddingOptions(sample_chunks=len(texts), sample_chars=chars, rounds=ROUNDS, options=options,
                            skipped=skipped, load_average=load, peak_rss_mb=peak_rss_mb(),
                            chosen=chosen).model_dump()
