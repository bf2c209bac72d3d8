"""Ways to run EmbeddingGemma for ingest, side by side: the fp32 baseline, bf16 (the torch path), batch
size and torch threads, and the OpenVINO export in f32, bf16 and int8.

Options run interleaved, round by round, in one process on the same sample of chunks, so load from other
processes on the shared machine hits them alike; each is reported as characters/s and as a ratio to the
fp32 baseline of the same run, with the cosine of its vectors to fp32's (on the sample, and for the
OpenVINO options on every chunk of the bundled corpus) and the memory its model added. Then the whole
ingest (`ingest_paths` over the bundled corpus and the statutes, parse to store) runs once per way in a
fresh process each: characters of the files per second, end to end.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel

from knowledge.settings import get_settings

SAMPLE = 48  # chunks spread over the corpus and the statutes (about 10k characters)
ROUNDS = 2
STORE_BATCH = 64  # the store embeds a document's chunks in calls of at most this many
INGEST_OPTIONS = ("torch fp32", "openvino bf16", "openvino int8")  # end to end: baseline, before, now


class OptionFigures(BaseModel):
    option: str
    chars_per_s: float
    vs_fp32: float
    cos_to_fp32_min: float
    cos_to_fp32_mean: float
    corpus_cos_min: float | None = None  # over every chunk of the bundled corpus (OpenVINO options)
    corpus_cos_mean: float | None = None
    added_rss_mb: float  # resident memory the option's model added when loaded
    seconds: list[float]


class IngestRun(BaseModel):
    option: str
    files: int
    characters: int  # of the files as read: what staff wait for, whatever the chunking
    chunks: int
    seconds: float
    chars_per_s: float
    vs_fp32: float | None = None
    peak_rss_mb: float


class EmbeddingOptions(BaseModel):
    sample_chunks: int
    sample_chars: int
    rounds: int
    options: list[OptionFigures]
    skipped: dict[str, str] = {}
    load_average: list[float]
    peak_rss_mb: float
    chosen: str  # what get_embeddings("default") uses with the current settings
    corpus_chunks: int = 0
    ingest: list[IngestRun] = []


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


def ingest_embeddings(option: str) -> Any:
    """The LangChain Embeddings of one end-to-end option."""
    from knowledge.embeddings import GEMMA_ID, OpenVINOGemma, sentence_transformer
    from knowledge.model_fetch import ensure_gemma, ensure_openvino, ensure_openvino_int8

    settings = get_settings()
    folder = ensure_gemma(settings.model_cache_dir)
    if option == "torch fp32":
        return sentence_transformer(str(folder), GEMMA_ID)
    export = ensure_openvino(folder)
    if export is None:
        raise RuntimeError("OpenVINO export not possible here")
    if option == "openvino int8":
        export = ensure_openvino_int8(folder, export, settings.corpus_dir) or export
    return OpenVINOGemma(folder, export)


def measure_ingest(option: str, folders: list[Path]) -> dict:
    """Runs in a spawned process: the whole ingest of `folders` into a fresh store with one option."""
    import tempfile

    from evals.kb import eval_settings
    from evals.perf import peak_rss_mb
    from ingest.pipeline import collect_files, ingest_paths
    from knowledge.store import KnowledgeStore

    embeddings = ingest_embeddings(option)
    embeddings.embed_query("预热")  # model load and kernel compilation are not ingest
    files = collect_files(folders)
    characters = sum(len(path.read_text(encoding="utf-8", errors="replace")) for _, path in files)
    with tempfile.TemporaryDirectory(prefix="zonebot-ingest-") as tmp:
        store = KnowledgeStore(eval_settings("default", Path(tmp)), embeddings)
        start = time.perf_counter()
        report = ingest_paths(folders, store, progress=False)
        seconds = time.perf_counter() - start
    return IngestRun(option=option, files=len(files), characters=characters, chunks=report.chunks_added,
                     seconds=round(seconds, 1), chars_per_s=characters / seconds, peak_rss_mb=peak_rss_mb()).model_dump()


def run_ingest(folders: list[Path], options: tuple[str, ...] = INGEST_OPTIONS) -> list[IngestRun]:
    """Each option's end-to-end ingest in a fresh process, with its ratio to torch fp32's."""
    from evals.perf import in_fresh_process

    runs = [IngestRun.model_validate(in_fresh_process(measure_ingest, option, folders)) for option in options]
    base = next((r for r in runs if r.option == "torch fp32"), None)
    for r in runs:
        r.vs_fp32 = r.chars_per_s / base.chars_per_s if base else None
    return runs


def in_store_batches(encode: Callable[[list[str]], np.ndarray], texts: list[str]) -> np.ndarray:
    return np.vstack([encode(texts[i:i + STORE_BATCH]) for i in range(0, len(texts), STORE_BATCH)])


def measure_options(folders: list[Path]) -> dict:
    """Runs in a spawned process (fresh memory figures); returns EmbeddingOptions as a dict."""
    from evals.perf import peak_rss_mb, spread  # imported here: perf imports this module
    from evals.scale import base_documents
    from knowledge.embeddings import OpenVINOGemma, get_embeddings
    from knowledge.model_fetch import ensure_gemma, ensure_openvino, ensure_openvino_int8

    settings = get_settings()
    load = [os.getloadavg()[0]]
    chunks = [c for d in base_documents(folders, settings) for c in d.chunks]
    texts = [c.context_text for c in spread(chunks, SAMPLE)]
    folder = ensure_gemma(settings.model_cache_dir)
    export = ensure_openvino(folder)
    quantized = ensure_openvino_int8(folder, export, settings.corpus_dir) if export else None
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
        if quantized:
            builders["openvino int8, batch 16"] = lambda: openvino_option(folder, quantized, "bf16", 16)
        else:
            skipped["openvino int8"] = "quantization not possible here (see the log)"
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
    corpus = [c.context_text for d in base_documents(folders[:1], settings) for c in d.chunks]
    reference = in_store_batches(encoders[base_name], corpus)
    corpus_cos = {name: (in_store_batches(encode, corpus) * reference).sum(axis=1)
                  for name, encode in encoders.items() if name.startswith("openvino")}
    base_speed = chars / statistics.median(seconds[base_name])
    options = []
    for name in encoders:
        cos = (vectors[name] * vectors[base_name]).sum(axis=1)
        speed = chars / statistics.median(seconds[name])
        options.append(OptionFigures(option=name, chars_per_s=speed, vs_fp32=speed / base_speed,
                                     cos_to_fp32_min=float(cos.min()), cos_to_fp32_mean=float(cos.mean()),
                                     corpus_cos_min=float(corpus_cos[name].min()) if name in corpus_cos else None,
                                     corpus_cos_mean=float(corpus_cos[name].mean()) if name in corpus_cos else None,
                                     added_rss_mb=added[name], seconds=[round(s, 2) for s in seconds[name]]))
    in_use = get_embeddings("default")
    chosen = "torch bf16"
    if isinstance(in_use, OpenVINOGemma):
        chosen = "openvino int8" if quantized and in_use.export_dir == quantized else "openvino bf16"
    load.append(os.getloadavg()[0])
    return EmbeddingOptions(sample_chunks=len(texts), sample_chars=chars, rounds=ROUNDS, options=options,
                            skipped=skipped, load_average=load, peak_rss_mb=peak_rss_mb(),
                            chosen=chosen, corpus_chunks=len(corpus)).model_dump()
