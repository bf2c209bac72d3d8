"""Direct article references: "消防法第五十八条", "行政许可法第42条说的什么", "安全生产法一百一十四条"
are answered with that article, verbatim, before any search.

The law is recognised by the titles of the documents in the store (full, or without the leading
"中华人民共和国"), never by a hand-made list, so a newly ingested regulation is addressable at once.
The article is found by the `article` metadata ingest gave its chunks (ingest/structure.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from bot.answer.config import CONFIG
from bot.answer.text import LIST_ITEM, lines_once, support
from bot.models import Answer, Citation, RetrievedChunk
from knowledge.records import ChunkRecord
from knowledge.statute import ARTICLE_START, article_label, bare_title
from knowledge.store import KnowledgeStore

_NUM = r"[零〇一二两三四五六七八九十百千]+|\d+"
# A number right after a name: "…法第五十八条", "…法 第58条", "…条例一百一十四条", or without 条 when
# nothing but a question follows ("…法第58说的什么"), so "安全生产法一百人以下" is not a reference.
_REFERENCE = re.compile(
    rf"(?P<name>[^\s，。？?！!、；;：:]{{2,40}}?)[》\s]*(?:的)?\s*(?P<di>第)?\s*(?P<num>{_NUM})\s*"
    rf"(?:(?P<tiao>条)|(?=$|[\s，。？?！!]|说|讲|规定|是|写|内容))")
SOURCES_HEADER = "来源："
# A penalty one article leaves to another ("依照《中华人民共和国水法》第六十九条规定处罚", "依照本条例第十九条的规定
# 处罚", "依照《土地管理法》第七十四条、第七十七条的规定处以罚款的"): the name (none for 本法/本条例) and the numbers.
_ONE = rf"第(?:{_NUM})条(?:第(?:{_NUM})款)?"
_DELEGATION = re.compile(rf"依照(?:《(?P<name>[^》]{{2,40}})》|本(?:法|条例))(?P<articles>{_ONE}(?:[、和及]{_ONE})*)"
                         rf"的?规定(?:予以|给予)?(?:处罚|处以罚款)")
_PENALTY = re.compile("罚")


@dataclass(frozen=True)
class Reference:
    source: str
    title: str
    article: str  # "第五十八条"


class ArticleLookup:
    """Finds the article a question names and returns it as an Answer; None when it names none."""

    def __init__(self, store: KnowledgeStore) -> None:
        self.store = store
        self._titles: tuple[str, dict[str, tuple[str, str]]] | None = None

    def _aliases(self) -> dict[str, tuple[str, str]]:
        """Name as a question may write it -> (source, full title), from the store's manifest."""
        docs = self.store.documents()
        fingerprint = json.dumps([(d.source, d.title) for d in docs], ensure_ascii=False)
        if self._titles is None or self._titles[0] != fingerprint:
            aliases: dict[str, tuple[str, str]] = {}
            for d in docs:
                title = re.sub(r"[《》\s]", "", d.title)
                for alias in {title, bare_title(title)}:
                    if len(alias) >= 2:
                        aliases.setdefault(alias, (d.source, d.title))
            self._titles = (fingerprint, aliases)
        return self._titles[1]

    def reference(self, question: str) -> Reference | None:
        text = re.sub(r"[《》<>]", "", question)
        matches = list(_REFERENCE.finditer(text))
        if not matches:
            return None
        aliases = self._aliases()
        for m in matches:
            before = text[:m.start("name") + len(m["name"])]
            before = re.sub(r"(的)?$", "", before.rstrip())
            named = [a for a in aliases if before.endswith(a)]
            if named:
                source, title = aliases[max(named, key=len)]
                return Reference(source, title, article_label(f"第{m['num']}条"))
        return None

    def chunks(self, ref: Reference) -> list[ChunkRecord]:
        got = self.store.chunks.get(where={"$and": [{"source": {"$eq": ref.source}}, {"article": {"$eq": ref.article}}]},
                                    include=["documents", "metadatas"])
        committed = self.store.committed_ids()
        found = [ChunkRecord(id=i, text=t, **m) for i, t, m in zip(got["ids"], got["documents"], got["metadatas"])
                 if i in committed]
        return sorted(found, key=lambda c: c.chunk_index)

    def referring(self, source: str, article: str, sections: list[str]) -> list[ChunkRecord]:
        """Passages of the document, in one of `sections`, that name `article` ("违反本法第五十五条规定");
        when none does, the articles restating most of it: sharing the most runs of CONFIG.restated_chars
        characters that no other article outside those sections has. Liability articles name a duty by its
        number or by its words: "在尚未竣工的建筑物内设置员工集体宿舍" is a duty of one article and an item of
        its penalty article, while "县级以上人民政府水行政主管部门", in many duty articles, names no duty."""
        got = self.store.chunks.get(where={"source": {"$eq": source}}, include=["documents", "metadatas"])
        committed = self.store.committed_ids()
        chunks = [ChunkRecord(id=i, text=t, **m) for i, t, m in zip(got["ids"], got["documents"], got["metadatas"])
                  if i in committed]
        liable = [c for c in chunks if c.article != article and any(s in c.section for s in sections)]
        names = re.compile(rf"(?<![零〇一二两三四五六七八九十百千]){article}")
        # every piece of a naming article: its other paragraphs punish other breaches of the same duty
        # (消防法 第五十八条 names 第十三条 in an item; its last paragraph fines the 备案 that article asks for)
        named = {c.id for c in liable if names.search(c.text)}
        if named:
            naming = {c.article for c in liable if c.id in named and c.article}
            return [c for c in liable if c.id in named or c.article in naming]
        duties: dict[str, set[str]] = {}
        for c in chunks:
            if c.article and not any(s in c.section for s in sections):
                duties.setdefault(c.article, set()).update(_runs(c.text))
        own = duties.get(article, set()).difference(*(runs for a, runs in duties.items() if a != article))
        penalties: dict[str, set[str]] = {}  # a long article's pieces restate it together
        for c in liable:
            penalties.setdefault(c.article, set()).update(own & _runs(c.text))
        most = max(map(len, penalties.values()), default=0)
        return [c for c in liable if most and len(penalties[c.article]) == most]

    def delegated(self, chunk: ChunkRecord, text: str) -> list[tuple[ChunkRecord, str]]:
        """The articles `text` (a unit of `chunk`) leaves its penalty to, each with what to show of it: the
        whole article up to CONFIG.article_part_chars, else its lines that punish and the items `text`
        restates (`_penalty_part`). Only articles the store holds that punish at all: a regulation may cite its parent law by
        the numbers it had before a revision (水土保持法实施条例 "依照《水土保持法》第三十二条的规定处以罚款的"
        names, in the 2010 law, an article on remedying erosion), and that is not shown as its penalty."""
        found: list[tuple[ChunkRecord, str]] = []
        for m in _DELEGATION.finditer(text):
            if m["name"] is None:
                source, title = chunk.source, chunk.title
            elif (named := self._aliases().get(re.sub(r"\s", "", m["name"]))) is not None:
                source, title = named
            else:
                continue
            for number in re.findall(_ONE, m["articles"]):
                article = article_label(re.sub(r"第[^条]+款$", "", number))
                if source == chunk.source and article == chunk.article:
                    continue
                chunks = self.chunks(Reference(source, title, article))
                body = verbatim(chunks)
                if chunks and _PENALTY.search(body):
                    found.append((chunks[0], _penalty_part(body, text)))
        return found

    def answer(self, question: str) -> Answer | None:
        ref = self.reference(question)
        if ref is None:
            return None
        chunks = self.chunks(ref)
        if not chunks:
            text = (f"《{ref.title}》中没有找到{ref.article}。请核对条文序号，或直接描述您想了解的问题。")
            return Answer(question=question, condensed_question=question, answer=text, refused=True)
        body = verbatim(chunks)
        section = chunks[0].section
        where = " › ".join(p for p in (ref.title, section, ref.article) if p)
        text = f"《{ref.title}》{ref.article}规定[1]：\n{body}\n\n{SOURCES_HEADER}\n[1] {where}"
        citation = Citation(n=1, source=ref.source, title=ref.title, section=section, quote=body, score=1.0,
                            article=ref.article)
        retrieved = [RetrievedChunk(chunk=c, fused_score=1.0) for c in chunks]
        return Answer(question=question, condensed_question=question, answer=text, refused=False,
                      citations=[citation], retrieved=retrieved)


def _runs(text: str) -> set[str]:
    """Every run of CONFIG.restated_chars characters of the text's wording, punctuation and the article's
    own number left out."""
    words = re.sub(r"[^\u4e00-\u9fff0-9]", "", re.sub(rf"^第(?:{_NUM})条", "", text.strip()))
    n = CONFIG.restated_chars
    return {words[i:i + n] for i in range(len(words) - n + 1)}


def _penalty_part(article: str, delegating: str) -> str:
    """A delegated-to article as shown beside the one delegating: whole when short, else the lines that
    punish with the list items the delegating sentence restates (the breaches it names), or the closest."""
    if len(article) <= CONFIG.article_part_chars:
        return article
    lines = article.splitlines()
    items = [line for line in lines if LIST_ITEM.match(line)]
    kept = [line for line in lines if _PENALTY.search(line) and line not in items]
    if items:
        said = {line: support(LIST_ITEM.sub("", line), delegating) for line in items}
        best = max(said.values())
        kept += [line for line in items if said[line] >= min(best, CONFIG.restated_support)]
    number = ARTICLE_START.match(article)
    if kept and number and not kept[0].startswith(number[1]):
        kept[0] = f"{number[1]} {kept[0]}"
    return "\n".join(kept) or article


def verbatim(chunks: list[ChunkRecord]) -> str:
    """The article's text from its chunks in order, each line once (ingest repeats a list's
    introducing line in the pieces of a long article)."""
    return "\n".join(lines_once([chunk.text for chunk in chunks]))
