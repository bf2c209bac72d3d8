"""Records the store keeps and returns: chunks, documents (the manifest) and scored hits."""

from pydantic import BaseModel


class ChunkRecord(BaseModel):
    id: str
    text: str
    source: str
    title: str
    section: str = ""
    doc_type: str = "document"
    item_id: str = ""
    stage: str = ""
    chunk_index: int = 0
    article: str = ""  # statute article ("第五十八条") or numbered clause the chunk belongs to

    @property
    def context_text(self) -> str:
        """What gets embedded and keyword-indexed: the passage under its title and heading path."""
        head = f"{self.title}｜{self.section}" if self.section else self.title
        return f"{head}\n{self.text}"

    def metadata(self) -> dict[str, str | int]:
        return self.model_dump(exclude={"id", "text"})


class DocumentRecord(BaseModel):
    source: str
    title: str
    doc_type: str
    content_hash: str
    chunk_ids: list[str]
    ingested_at: str
    origin: str = ""  # the ingest root or "console"; empty for documents ingested before origins were kept

    @property
    def chunks(self) -> int:
        return len(self.chunk_ids)


class Hit(BaseModel):
    chunk: ChunkRecord
    score: float
