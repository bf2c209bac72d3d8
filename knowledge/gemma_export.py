"""EmbeddingGemma as one OpenVINO model: transformer, mean pooling, the two dense layers and the
normalisation, converted from the verified safetensors on this machine (see model_fetch.ensure_openvino)."""

from __future__ import annotations

import json
from pathlib import Path

import openvino as ov
import torch
from sentence_transformers import SentenceTransformer


class Unmasked(torch.nn.Module):
    """The model with its attention masks passed in ready-made: transformers builds them with vmap,
    which tracing cannot follow. EmbeddingGemma attends both ways: to every token in full-attention
    layers, to tokens closer than the sliding window in sliding layers, never to padding."""

    def __init__(self, model: SentenceTransformer) -> None:
        super().__init__()
        self.model = model
        self.window = model[0].auto_model.config.sliding_window

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        length = input_ids.shape[1]
        pos = torch.arange(length)
        full = attention_mask.bool()[:, None, None, :].expand(-1, 1, length, -1)
        sliding = full & ((pos[:, None] - pos[None, :]).abs() < self.window)
        out = self.model[0].auto_model(input_ids=input_ids,
                                       attention_mask={"full_attention": full, "sliding_attention": sliding})
        features = {"token_embeddings": out.last_hidden_state, "attention_mask": attention_mask}
        for module in list(self.model)[1:]:  # pooling, dense, dense, normalize
            features = module(features)
        return features["sentence_embedding"]


def export(model_dir: Path, xml: Path) -> None:
    model = SentenceTransformer(str(model_dir), device="cpu")
    example = model.tokenize(["title: none | text: 节能审查的办理时限", "示例"])  # two lengths: padding is traced
    with torch.no_grad():
        converted = ov.convert_model(Unmasked(model).eval(), example_input={
            "input_ids": example["input_ids"], "attention_mask": example["attention_mask"]})
    ov.save_model(converted, str(xml), compress_to_fp16=False)  # fp32 weights; the precision is chosen at load


# Layers left in bf16 by quantize(): the two dense projections after pooling write the embedding itself,
# and quantizing them cost the most agreement with fp32 (python -m evals perf reports the cosine).
KEEP_PRECISE = [r".*model\.[23]\.linear.*"]


def passages(markdown: str) -> list[str]:
    """Paragraphs of a Markdown document under its title and heading, as the store embeds chunks
    (ChunkRecord.context_text: "title｜heading\npassage")."""
    title, heading, out = "", "", []
    for block in (b.strip() for b in markdown.split("\n\n")):
        if block.startswith("#"):
            level, text = len(block) - len(block.lstrip("#")), block.lstrip("#").strip()
            title, heading = (text, "") if level == 1 else (title or text, text)
        elif len(block) >= 20:
            out.append(f"{title}｜{heading}\n{block}" if heading else f"{title}\n{block}")
    return out


def calibration_samples(model_dir: Path, corpus: Path, limit: int = 300) -> list[dict]:
    """Tokenized passages for quantize(): every other passage of the bundled corpus (the others stay
    unseen, so the cosine to fp32 on them is measured on text the calibration did not use), with the
    document prompt the model embeds passages under."""
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    prompt = json.loads((model_dir / "config_sentence_transformers.json").read_text())["prompts"]["document"]
    texts = [p for f in sorted(corpus.rglob("*.md")) for p in passages(f.read_text(encoding="utf-8"))][::2][:limit]
    tokens = (tokenizer([prompt + t], truncation=True, max_length=512, return_tensors="np") for t in texts)
    return [{"input_ids": t["input_ids"], "attention_mask": t["attention_mask"]} for t in tokens]


def quantize(xml: Path, out: Path, samples: list[dict]) -> None:
    """Static int8 quantization of the exported model (NNCF; activations calibrated on `samples`, the
    tokenized inputs of real passages), saved to `out`. Runs on AMX/VNNI int8 units where the CPU has them."""
    import nncf

    model = nncf.quantize(ov.Core().read_model(str(xml)), nncf.Dataset(samples), subset_size=len(samples),
                          model_type=nncf.ModelType.TRANSFORMER, preset=nncf.QuantizationPreset.MIXED,
                          ignored_scope=nncf.IgnoredScope(patterns=KEEP_PRECISE))
    ov.save_model(model, str(out), compress_to_fp16=False)
