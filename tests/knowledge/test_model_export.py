"""The OpenVINO export of EmbeddingGemma: built from the verified weights, cached by their hash, and a
plain fallback to torch when it cannot be built."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from knowledge.model_fetch import ensure_gemma, ensure_openvino, export_key, openvino_dir
from knowledge.settings import get_settings


def test_export_is_cached_beside_the_model_under_the_weights_hash(tmp_path: Path) -> None:
    folder = tmp_path / "embeddinggemma-300m"
    assert openvino_dir(folder) == tmp_path / f"embeddinggemma-300m-openvino-{export_key()}"
    assert len(export_key()) == 16


def test_a_failed_export_falls_back_and_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # an empty folder must not send anyone to a hub
    folder = tmp_path / "embeddinggemma-300m"
    folder.mkdir()
    with caplog.at_level(logging.WARNING, logger="knowledge.model_fetch"):
        assert ensure_openvino(folder) is None
    assert "running it on torch" in caplog.text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["embeddinggemma-300m"]  # no half-built export


@pytest.mark.integration
def test_openvino_gemma_matches_fp32_torch() -> None:
    from sentence_transformers import SentenceTransformer

    from knowledge.embeddings import OpenVINOGemma

    folder = ensure_gemma(get_settings().model_cache_dir)
    exported = ensure_openvino(folder)
    assert exported is not None and (exported / "model.xml").exists()
    assert ensure_openvino(folder) == exported  # built once
    texts = ["节能审查的办理时限为20个工作日。", "建设单位应当自领取施工许可证之日起三个月内开工。" * 4, "取水许可"]
    fp32 = SentenceTransformer(str(folder), device="cpu")
    ov = OpenVINOGemma(folder, exported, batch_size=2)  # two batches, one padded
    for got, want in ((ov.embed_documents(texts), fp32.encode(texts, prompt_name="document")),
                      ([ov.embed_query(texts[0])], fp32.encode(texts[:1], prompt_name="query"))):
        want = want / np.linalg.norm(want, axis=1, keepdims=True)
        assert (np.asarray(got) * want).sum(axis=1).min() >= 0.99
