"""The OpenVINO export of EmbeddingGemma: built from the verified weights, cached by their hash, and a
plain fallback to torch when it cannot be built; its int8 quantization, with a fallback to bf16."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from knowledge.model_fetch import ensure_gemma, ensure_openvino, ensure_openvino_int8, export_key, openvino_dir
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


def test_a_failed_quantization_falls_back_to_bf16_and_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    import knowledge.gemma_export as gemma_export

    def broken(*_: object) -> None:
        raise RuntimeError("calibration failed")

    monkeypatch.setattr(gemma_export, "calibration_samples", lambda *_: [])
    monkeypatch.setattr(gemma_export, "quantize", broken)
    export = tmp_path / "export"
    export.mkdir()
    with caplog.at_level(logging.WARNING, logger="knowledge.model_fetch"):
        assert ensure_openvino_int8(tmp_path, export, tmp_path) is None
    assert "running it in bf16" in caplog.text
    assert list(export.iterdir()) == []  # no half-built int8 folder


@pytest.mark.integration
def test_int8_gemma_is_built_once_and_agrees_with_fp32_torch() -> None:
    from sentence_transformers import SentenceTransformer

    from knowledge.embeddings import OpenVINOGemma, get_embeddings

    settings = get_settings()
    folder = ensure_gemma(settings.model_cache_dir)
    exported = ensure_openvino(folder)
    assert exported is not None
    quantized = ensure_openvino_int8(folder, exported, settings.corpus_dir)
    assert quantized == exported / "int8" and (quantized / "model.xml").exists()
    assert ensure_openvino_int8(folder, exported, settings.corpus_dir) == quantized  # built once
    assert get_embeddings("default").export_dir == quantized  # what the default profile runs
    texts = ["建设项目应当在开工建设前取得节能审查意见。", "消防验收不合格擅自投入使用的，处三万元以上三十万元以下罚款。",
             "取水许可申请经审批机关批准后，申请人方可兴建取水工程或者设施。" * 3]
    fp32 = SentenceTransformer(str(folder), device="cpu").encode(texts, prompt_name="document")
    fp32 = fp32 / np.linalg.norm(fp32, axis=1, keepdims=True)
    got = np.asarray(OpenVINOGemma(folder, quantized).embed_documents(texts))
    assert (got * fp32).sum(axis=1).min() >= 0.99
