"""All settings in one place: environment variables prefixed ZONEBOT_, overridable by CLI flags."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ZONEBOT_", env_file=".env", extra="ignore")

    # Knowledge store
    kb_dir: Path = Field(PROJECT_ROOT / "data" / "kb", description="Embedded Chroma folder (git-ignored)")
    collection: str | None = Field(None, description="Chroma collection; default: zone-kb-<embedding>")
    chroma_url: str | None = Field(None, description="http://host:port of a shared `chroma run` server")
    corpus_dir: Path = PROJECT_ROOT / "knowledge" / "corpus"
    catalogue_dir: Path = PROJECT_ROOT / "knowledge" / "catalogue"
    # The 29 national statutes of the external evaluation (DESIGN.md §8); read, never copied into the repo.
    laws_dir: Path = PROJECT_ROOT.parent / "shared" / "laws"
    # Candidates Chroma's HNSW graph explores per dense query. At Chroma's default (100) the statute store
    # (2,043 chunks) returned 0.979 of the exact top 28 for 120 dev questions, and the part of the graph
    # rebuilt from Chroma's log at each start differed between processes: the same question got another
    # top 10 in 14 of 120 (so answers changed from run to run). 500: 0.999, 0 of 120; 1000: exact, 0 of 120,
    # at about the same query time (3 ms). On 20,000 chunks (the statutes' vectors and noisy copies), same
    # run: 100 -> 0.833 at 2.4 ms p50, 1000 -> 0.989 at 3.3 ms. Applied when a store opens, before a query.
    dense_ef_search: int = 1000

    # Embeddings: "default" (EmbeddingGemma), "light" (USE-multilingual) or a model id/path
    embedding: str = "default"
    model_cache_dir: Path = Field(Path.home() / ".cache" / "zonebot" / "models")
    # How EmbeddingGemma runs: "openvino" (exported once beside the model; torch when that fails) or "torch"
    embedding_backend: str = "openvino"
    # Precision of the OpenVINO model: "int8" (quantized once from the export, calibrated on the bundled
    # corpus; bf16 when that fails) or "bf16". `python -m evals perf` measures both beside fp32.
    embedding_precision: str = "int8"

    # Ingest limits: each file is parsed in a child process with this address-space cap and time limit
    max_file_mb: float = 50.0
    ingest_worker_memory_mb: int = 1536
    ingest_file_timeout_s: float = 120.0
    # Characters. `python -m evals chunking` on the bundled corpus: 250 gave EmbeddingGemma the best
    # key-fact recall (0.897 vs 0.882 at 400) and citation precision (0.915 vs 0.906), hit@5 unchanged.
    chunk_size: int = 250
    chunk_overlap: int = 60

    # Generative answering (optional, any OpenAI-compatible endpoint)
    llm_base_url: str | None = None
    llm_model: str = "qwen2.5-7b-instruct"
    llm_api_key: SecretStr = SecretStr("not-needed")
    llm_timeout_s: float = 60.0

    # Shared state (intake sessions, feedback, handoff records): the SQLite file, or PostgreSQL when
    # several replicas serve behind a load balancer
    state_db: Path = PROJECT_ROOT / "data" / "state.sqlite3"
    database_url: SecretStr | None = Field(None, description="postgresql://user:password@host:port/db")

    # Intake and handoff
    handoff_sink: str = Field("file", description="'file' or 'http'")
    handoff_dir: Path = PROJECT_ROOT / "data" / "handoff"
    handoff_url: str | None = None
    handoff_timeout_s: float = 10.0
    handoff_retries: int = 3
    # Intake state, handoff files and downloads older than this are deleted by `python -m bot purge`
    intake_retention_days: float = 30.0

    # Web page and staff console
    host: str = "127.0.0.1"
    port: int = 7860
    console_user: str | None = None
    console_password: SecretStr | None = None
    # Host names the console answers to besides loopback and --host (the public name behind a reverse proxy)
    allowed_hosts: list[str] = []
    # One cap on a question's length for the page, the console and `bot ask` (longer pastes are refused)
    max_question_chars: int = 6000
    # Gradio's upload and download cache: private to this service (0700), cleaned hourly
    gradio_temp_dir: Path = PROJECT_ROOT / "data" / "gradio"
    # Bearer keys of the HTTP API (/v1), comma-separated; none set: only clients on this machine may call it
    api_keys: SecretStr | None = None


@lru_cache
def get_settings() -> Settings:
    return Settings()
