"""The answer chain: check input -> condense -> retrieve -> decide -> compose (extractive or generative).

`chain` is one LCEL Runnable end to end (question in, `Answer` out: invoke, batch, stream and
astream_events work on it); its stages are RunnableLambdas over one `Turn` state and each records its
wall time in milliseconds, the sentence scoring of the composer and its search of other documents for a
value the conversation's do not give separately ("sentences", "value_elsewhere").
`Assistant.stream()` runs the same stages but yields the composed text as it is produced (a
generative model's tokens as they arrive).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
from langchain_core.language_models import BaseChatModel
from langchain_core.runnables import Runnable, RunnableLambda

from bot.answer.articles import ArticleLookup, Reference
from bot.answer.condense import (SHORT_QUESTION, asks_elsewhere, cited_articles, cited_titles, condense,
                                 implementing, may_name_documents, mentions, names_own_topic, outside_topic, own_things,
                                 reread, short_only, unknown_word, without_opening)
from bot.answer.config import CONFIG
from bot.answer.extractive import SOURCES_HEADER, extractive_answer, query_weights
from bot.answer.generative import GenerativeAnswerer
from bot.answer.guard import ENGLISH_REFUSAL, CheckedInput, check_input, small_talk_reply
from bot.answer.refusal import Decision, decide, refusal_text, suggestions, thresholds_for
from bot.answer.sentences import SentenceScorer
from bot.answer.text import split_units
from bot.models import Answer, ChatTurn, Citation, RetrievedChunk
from bot.retrieval import HybridRetriever
from bot.retrieval.hybrid import chroma_where
from bot.retrieval.query import ENGLISH, intents_of, told_only, told_words
from knowledge.records import ChunkRecord, Hit
from knowledge.settings import Settings
from knowledge.store import KnowledgeStore
from knowledge.terms import figure

RETRIEVE_K = CONFIG.retrieve_k
PARTS_OF_COMPOSE = ("sentences", "value_elsewhere")
CONTINUITY = CONFIG.continuity
STREAM_PIECE = CONFIG.stream_piece


@dataclass
class Turn:
    question: str
    history: Sequence[ChatTurn]
    where: dict[str, Any] | None = None
    checked: CheckedInput | None = None
    direct: Answer | None = None  # a statute article asked for by number ("消防法第五十八条"), quoted whole
    condensed: str = ""
    query: str = ""  # the condensed question with the corpus's words for its colloquial names and short forms
    retrieved: list[RetrievedChunk] = field(default_factory=list)
    alone: list[RetrievedChunk] | None = None  # passages for the question alone, if the new-topic check searched
    elsewhere: Elsewhere | None = None  # how a question asking another document than the one cited is searched
    decision: Decision | None = None
    answer: Answer | None = None
    timings: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Elsewhere:
    """A question asking what another document says of the case (`Assistant._elsewhere`): searched in the sources
    of the one it names (`only`), or, naming none, without those cited or named (`leave_out`, titles); `usual` is the
    question as condensed otherwise, read instead when this search does not answer it."""
    usual: str
    only: list[str] | None = None
    leave_out: frozenset[str] = frozenset()


@dataclass
class SecondReading:
    previous: str  # the previous question as understood
    condensed: str  # the previous question, then this one
    query: str
    retrieved: list[RetrievedChunk]
    decision: Decision  # answerable
    own_word: bool  # the best passage speaks of a specific word of the question's own


def _timed(name: str, step: Callable[[Turn], None]) -> Runnable[Turn, Turn]:
    def run(turn: Turn) -> Turn:
        start = time.perf_counter()
        step(turn)
        turn.timings[name] = round((time.perf_counter() - start) * 1000, 2)
        return turn
    return RunnableLambda(run, name=name)


class _SharedQueryRetriever(HybridRetriever):
    """Hybrid retrieval whose dense side takes the query vector from the sentence scorer's cache, so a
    question is embedded once for retrieval and for choosing sentences."""

    def __init__(self, store: KnowledgeStore, settings: Settings, scorer: SentenceScorer) -> None:
        super().__init__(store, settings)
        self.scorer = scorer

    def _dense(self, request: dict[str, Any]) -> list[Hit]:
        vector = self.scorer.query_vector(request["query"]).tolist()
        return self.store.dense_search_vector(vector, request["k"], chroma_where(request["where"]))

    def complete_dense(self, query: str, retrieved: list[RetrievedChunk]) -> None:
        """Give every passage found by keywords alone its dense similarity to `query` too. Refusal reads the
        best similarity of the passages an answer would come from; left out, it would hang on which
        dense hits survive fusion and a section re-rank, where a rounding difference in the query's
        embedding tips one in or out and a covered question was refused on one run, answered on the next."""
        missing = [r for r in retrieved if r.dense_score is None and not r.offered]
        stored = self.store.vectors([r.chunk.id for r in missing])
        if not stored:
            return
        vector = self.scorer.query_vector(query)
        for item in missing:
            if item.chunk.id in stored:
                chunk = np.asarray(stored[item.chunk.id], dtype=np.float32)
                item.dense_score = float(vector @ chunk / (np.linalg.norm(chunk) or 1.0))


def build_llm(settings: Settings) -> BaseChatModel | None:
    """ChatOpenAI on the configured OpenAI-compatible endpoint, or None for the extractive default."""
    if not settings.llm_base_url:
        return None
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(base_url=settings.llm_base_url, model=settings.llm_model, api_key=settings.llm_api_key,
                      timeout=settings.llm_timeout_s, temperature=0, max_retries=1)


class Assistant:
    def __init__(self, store: KnowledgeStore, settings: Settings | None = None, llm: BaseChatModel | None = None) -> None:
        self.store = store
        self.settings = settings or store.settings
        self.scorer = SentenceScorer(store.embeddings, CONFIG.sentence_cache)
        self.retriever = _SharedQueryRetriever(store, self.settings, self.scorer)
        self.articles = ArticleLookup(store)
        self.limits = thresholds_for(self.settings.embedding)
        llm = llm if llm is not None else build_llm(self.settings)
        self.generative = GenerativeAnswerer(llm) if llm is not None else None
        self.prepare: Runnable[Turn, Turn] = (_timed("condense", self._condense) | _timed("retrieve", self._retrieve)
                                              | _timed("decide", self._decide))
        self.chain: Runnable[dict[str, Any], Answer] = (
            RunnableLambda(_turn_of, name="input") | self.prepare | _timed("compose", self._compose_all)
            | RunnableLambda(self._finish, name="answer"))

    def _known(self, word: str) -> bool:
        """Whether the knowledge base uses the word (a keyword-index term), writes it out (人防: 人民防空), or the
        lexicon maps it to its word (Latin letters: "m2", "online")."""
        return (self.store.keyword_index().idf(word) > 0 or self.retriever.short_forms.stands_for(word) is not None
                or word.lower() in ENGLISH)

    def _new_topic(self, turn: Turn, question: str, previous: str, answer: str, bare: bool) -> bool:
        """Whether a short question asked mid-conversation (`turn`'s, or an earlier one being re-read) is
        a topic of its own: asked alone it is answered, by CONFIG.new_topic_margin over the refusal
        threshold, from a document the previous answer did not cite, whose best passage speaks of a
        specific thing the question names and the conversation never used. A longer question that names
        nothing of its own (`bare`: `condense.names_nothing`) needs no such thing, but a wider margin
        (CONFIG.bare_topic_margin): answered alone that well from another document, it is about that one."""
        query = self.retriever.expand(question)
        retrieved = self.retriever.search(query, RETRIEVE_K, "hybrid", turn.where, expanded=True)
        if turn.checked is not None and question == turn.checked.text:
            turn.alone = retrieved  # searched once: retrieval reuses it if the question stands alone
        if not retrieved or retrieved[0].chunk.title in cited_titles(answer):
            return False
        decision = self._decision(question, query, retrieved, turn.history)
        top = retrieved[0].chunk
        margin = self.limits.margin(decision.coverage, decision.dense, decision.agreement)
        if bare:
            return decision.answerable and margin >= CONFIG.bare_topic_margin
        return (decision.answerable and margin >= CONFIG.new_topic_margin
                and names_own_topic(question, previous + answer, _spoken_of(top), self.store.keyword_index().idf))

    def _decision(self, question: str, query: str, retrieved: list[RetrievedChunk],
                  history: Sequence[ChatTurn] = ()) -> Decision:
        """Whether `retrieved` answers the question, asked after `history`; `query` is it with the corpus's
        words for its names."""
        self.retriever.complete_dense(query, retrieved)
        weights = query_weights(query, self.store.keyword_index())
        # what must be covered is what the question asks, not the case it tells first ("我们买下了隔壁公司的厂房，
        # 转移登记一般多久能办完？"): a told word the documents never use would weigh as their rarest term
        told = told_words(question)
        asked = {t: v for t, v in weights.items() if t not in told}
        return decide(question, asked or weights, retrieved, self.limits, bool(history),
                      cited_titles(_last_answer(history)))

    # -- stages -----------------------------------------------------------------------------------
    def _condense(self, turn: Turn) -> None:
        turn.checked = check_input(turn.question)
        turn.history = _without_small_talk(turn.history)
        if turn.checked.reply is None:
            turn.direct = self.articles.answer(turn.checked.text)
            if turn.direct is None:  # an article named by number needs no search
                turn.condensed = condense(turn.checked.text, turn.history, self._known,
                                          partial(self._new_topic, turn),
                                          self.store.keyword_index().idf)
                self._elsewhere(turn)

    def _elsewhere(self, turn: Turn) -> None:
        """A follow-up asking what another document says of the case. The document it names last, unless named
        as lacking it ("土地法里没写 实施条例里有没有"), answers it when the last answer did not cite it ("那环评法本身
        是怎么罚的", "有没有配套的实施条例"); asked without a name ("有没有哪个条例写了具体比例"), any document but
        those cited or named does. The case is the previous question's: the question is read right after it."""
        assert turn.checked is not None
        question = turn.checked.text
        cited = set(cited_titles(_last_answer(turn.history)))
        unnamed = asks_elsewhere(question)
        if not (cited and (unnamed or may_name_documents(question))):
            return
        sources = self._sources()
        titles = list(sources)
        named = mentions(question, titles)
        named_titles = {t for m in named for t in m.titles}
        rules = implementing(question, cited | named_titles, titles)
        last = max([*named, *([rules] if rules else [])], key=lambda m: m.end, default=None)
        asked = last is not None and not last.lacking and not last.titles <= cited
        if not (asked or unnamed):
            return
        usual, turn.condensed = turn.condensed, self._after_previous(question, turn.history) or question
        if asked:
            assert last is not None
            turn.elsewhere = Elsewhere(usual, only=[sources[t] for t in sorted(last.titles)])
        else:
            turn.elsewhere = Elsewhere(usual, leave_out=frozenset(cited | named_titles))

    def _after_previous(self, question: str, history: Sequence[ChatTurn]) -> str | None:
        """The question read right after the previous one, whole (`condense.reread`), if there is one."""
        reading = reread(question, history, self._known, None, self.store.keyword_index().idf)
        return reading[1] if reading else None

    def _retrieve(self, turn: Turn) -> None:
        if turn.condensed:
            turn.query, turn.retrieved = self._search(turn, turn.condensed)
            if self._stands_apart(turn):
                assert turn.checked is not None
                turn.condensed = turn.checked.text
                turn.query, turn.retrieved = self._search(turn, turn.condensed)

    def _stands_apart(self, turn: Turn) -> bool:
        """Whether a question read as a follow-up is one of its own, when no sentence of the passages found for
        the follow-up reading is as close to it as the calibrated `reread_similarity`. One read so for being
        short alone (`short_only`) is, when it uses a specific word the knowledge base never does, or names
        things nothing found speaks of and is far from the previous question (`apart_similarity`): "比特币现在多少
        钱？" after a question on joint acceptance is not about joint acceptance; "拖多久不开工就作废了" after one on
        a water permit is about when that permit lapses (作废, an everyday word, is close to it). One tied to the
        conversation ("那…呢", "它") is, only when a thing it names is one the knowledge base never uses and it is
        farther still from the previous question (`apart_named_similarity`): "那我驾驶证明年到期了，换证呢" after
        a question on energy review, not "那如果只是后面再加个小库房，也得办？"."""
        assert turn.checked is not None
        question = turn.checked.text
        if turn.condensed == question:
            return False
        if short_only(question, _last_question(turn.history)):
            apart = (unknown_word(question, self._known) is not None
                     or self._far_from_last(turn, self.limits.apart_similarity))
        else:
            apart = self.names_unknown_thing(turn) and self._far_from_last(turn, self.limits.apart_named_similarity)
        return apart and not self._close_to(question, turn.retrieved)

    def names_unknown_thing(self, turn: Turn) -> bool:
        """Whether a thing the question names of its own (`own_things`) is a word the knowledge base never uses."""
        assert turn.checked is not None
        conversation = _last_question(turn.history) + _last_answer(turn.history)
        return any(not self._known(t) for t in own_things(turn.checked.text, conversation))

    def _far_from_last(self, turn: Turn, limit: float | None) -> bool:
        """Whether `unrelated` measures the question less similar to the previous one than `limit` (never
        without one: a model not calibrated)."""
        if limit is None:
            return False
        similarity = self.unrelated(turn)
        return similarity is not None and similarity < limit

    def unrelated(self, turn: Turn) -> float | None:
        """For a question naming things of its own (`own_things`) none of which its passages or the documents
        the previous answer cited speak of: its cosine similarity to the previous question (else None).
        "孩子上小学要准备啥材料" after a question on environmental acceptance is far from it; "谁来组织 街道吗" after
        one on civil air defence education is nearer, though 人民防空法 never says 街道."""
        assert turn.checked is not None
        previous = _last_question(turn.history)
        things = own_things(turn.checked.text, previous + _last_answer(turn.history))
        spoken = " ".join(_spoken_of(r.chunk) for r in turn.retrieved[:CONFIG.coverage_passages])
        if not things or any(t in spoken for t in things) or self._cited_use(things, turn.history):
            return None
        return float(self.scorer.similarities(turn.checked.text, [previous])[0])

    def _cited_use(self, words: list[str], history: Sequence[ChatTurn]) -> bool:
        """Whether a document the previous answer cited uses one of the words (one pass over its passages)."""
        cited = set(cited_titles(_last_answer(history)))
        return any(w in c.text for c in self.store.keyword_index().chunks if c.title in cited for w in words)

    def searched(self, question: str, history: Sequence[ChatTurn]) -> Turn:
        """The turn read and searched as the chain does, before deciding whether it is answered."""
        turn = Turn(question, history)
        self._condense(turn)
        self._retrieve(turn)
        return turn

    def _search(self, turn: Turn, condensed: str) -> tuple[str, list[RetrievedChunk]]:
        """(the query searched, the passages for it) for `condensed`, one reading of `turn`'s question."""
        # the words of an opening leaving the topic ("跟项目无关哈，") search nothing
        query = self.retriever.expand(without_opening(condensed))
        assert turn.checked is not None
        as_asked = condensed == turn.checked.text
        # the sections of the types asked: a fine the user only tells of is not asked about ("被罚了，能复议吗",
        # "他们会不会换个说法 再按原来那样罚我们一遍")
        told = told_only(turn.checked.text)
        sections = [s for i in intents_of(condensed) if i.name in CONFIG.section_types and i.name not in told
                    for s in i.sections]
        if (other := turn.elsewhere) is not None:  # another document: a wider pool, nothing offered again
            where = turn.where
            if other.only is not None and not (where and "source" in where):  # a scope the caller set stays
                where = {**(where or {}), "source": other.only}
            found = self.retriever.search(query, 3 * RETRIEVE_K, "hybrid", where, expanded=True)
            return query, _in_sections(sections, [r for r in found if r.chunk.title not in other.leave_out])[:RETRIEVE_K]
        if sections:  # a wider pool, re-ranked toward the sections that answer this type of question
            retrieved = self.retriever.search(query, 2 * RETRIEVE_K, "hybrid", turn.where, expanded=True)
            if not as_asked:
                retrieved = _offered_first(self._referring(sections, turn.history), retrieved)
            retrieved = _in_sections(sections, retrieved)[:RETRIEVE_K]
        elif as_asked and turn.alone is not None:
            retrieved = turn.alone
        else:
            retrieved = self.retriever.search(query, RETRIEVE_K, "hybrid", turn.where, expanded=True)
        if not as_asked:
            retrieved = _offered_first(self._quoted(turn.checked.text, turn.history), retrieved)
        return query, _stay_on_topic(retrieved, turn.history)

    def _sources(self) -> dict[str, str]:
        """Document title -> source, from the store's manifest."""
        return {d.title: d.source for d in self.store.documents()}

    def _quoted(self, question: str, history: Sequence[ChatTurn]) -> list[RetrievedChunk]:
        """For a short follow-up asking for a value (a time limit, an amount, a department...): the first
        article the previous answer quoted that gives one of the type asked, offered again. Such a question
        asks about the rule just shown ("限期几天？" after the article on registering a crane within 30 days),
        and a near article of another statute with the same kind of value must not take its place."""
        intents = [i for i in intents_of(question) if i.name in CONFIG.quoted_types and i.unit is not None]
        if not intents or len(question) > SHORT_QUESTION:
            return []
        cited = [(title, article) for title, article, _ in cited_articles(_last_answer(history))]
        if not cited:
            return []
        sources = self._sources()
        for title, article in cited:
            if title not in sources:
                continue
            chunks = self.articles.chunks(Reference(sources[title], title, article))
            if any(i.unit.search(c.text) and not i.other_unit(question, c.text) for c in chunks for i in intents):
                return [RetrievedChunk(chunk=c, fused_score=CONFIG.quoted_score, offered=True) for c in chunks]
        return []

    def _referring(self, sections: list[str], history: Sequence[ChatTurn]) -> list[RetrievedChunk]:
        """For a follow-up asking what a breach costs: the passages of the answering sections (a statute's
        法律责任 chapter) that name a duty article the previous answer quoted ("违反本法第五十五条规定"),
        first. Liability articles cite the duty they punish, so this is the penalty for the duty the
        conversation is about, not a near one of the same chapter. An article quoted from those sections is
        a penalty already: the follow-up asks about that one ("要是较大事故呢"), not about what it cites."""
        duties = [(title, article) for title, article, line in cited_articles(_last_answer(history))
                  if not any(s in line for s in sections)]
        if not duties:  # nothing to follow: no manifest read, no chunk fetch
            return []
        sources = self._sources()
        found = {c.id: c for title, article in duties if title in sources
                 for c in self.articles.referring(sources[title], article, sections)}
        return [RetrievedChunk(chunk=c, fused_score=CONFIG.referring_score, offered=True) for c in found.values()]

    def _decide(self, turn: Turn) -> None:
        if turn.condensed:
            turn.decision = self._decision(turn.condensed, turn.query, turn.retrieved, turn.history)
            if not turn.decision.answerable and turn.elsewhere is not None:
                # the other document does not answer it: the question as it would be read otherwise
                turn.condensed, turn.elsewhere = turn.elsewhere.usual, None
                turn.query, turn.retrieved = self._search(turn, turn.condensed)
                turn.decision = self._decision(turn.condensed, turn.query, turn.retrieved, turn.history)
            if turn.decision.reason == "low_score" and turn.history:
                self._reread(turn)

    def _reread(self, turn: Turn) -> None:
        """A question mid-conversation the knowledge base could not answer as condensed is read once more
        right after the previous question, whole (`second_reading`). That reading is kept when its passages
        are about this question, not only the previous one: the best passage speaks of a specific word of
        the question's own ("情节较轻的呢" -> the article on 情节较轻 cases), or a sentence of the best
        passages is as close to the question as asked as the calibrated `reread_similarity` ("我们在两个园区
        各有一个厂，一张证能不能都管上" -> "……应当按照生产经营场所分别申请取得排污许可证"), or the question
        brings the reading closer to the document cited before by the calibrated `reread_gain` (`topic_gain`)."""
        assert turn.checked is not None
        reading = self.second_reading(turn)
        if reading is not None and (reading.own_word or self._close_to(turn.checked.text, reading.retrieved)
                                    or self._adds_to_topic(reading, turn.history)):
            turn.condensed, turn.query, turn.retrieved, turn.decision = (reading.condensed, reading.query,
                                                                         reading.retrieved, reading.decision)

    def _close_to(self, question: str, retrieved: list[RetrievedChunk]) -> bool:
        """Whether a sentence of the passages is as close to the question as the model's calibrated
        `reread_similarity` (never, for a model without one)."""
        limit = self.limits.reread_similarity
        return limit is not None and self.closest_sentence(question, retrieved) >= limit

    def _adds_to_topic(self, reading: SecondReading, history: Sequence[ChatTurn]) -> bool:
        """Whether the question, read after the previous one, brings that reading closer to the document
        the previous answer cited by the calibrated `reread_gain` (never, for a model without one)."""
        limit = self.limits.reread_gain
        gain = self.topic_gain(reading, history)
        return limit is not None and gain is not None and gain >= limit

    def topic_gain(self, reading: SecondReading, history: Sequence[ChatTurn]) -> float | None:
        """How much closer the best passages of a second reading are to it than to the previous question
        alone, when the best one is from a document the previous answer cited (else None). A question about
        the case adds what those passages speak of ("我们厂区正好跨了两个县的地界，那怎么办" after one on where
        property is registered: the article on a parcel across two counties); one leaving it dilutes the
        reading ("另外我私家车有个违章"), whose passages are then further from it than from the previous one."""
        passages = [r for r in reading.retrieved if not r.offered][:CONFIG.coverage_passages]
        if not passages or passages[0].chunk.title not in cited_titles(_last_answer(history)):
            return None
        stored = self.store.vectors([r.chunk.id for r in passages])
        if not stored:
            return None
        vectors = np.asarray(list(stored.values()), dtype=np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        both, before = (float((vectors @ self.scorer.query_vector(text)).max())
                        for text in (reading.condensed, reading.previous))
        return both - before

    def second_reading(self, turn: Turn) -> SecondReading | None:
        """`turn`'s question read right after the previous question (`condense.reread`), when the knowledge
        base answers that reading. Its own-word test fails for a word the knowledge base never uses (厂家,
        配额): it may be an everyday word for what the documents word otherwise, or a thing they do not
        cover ("碳排放配额是怎么分配的" after a question on 排放), so only a close sentence can tell."""
        assert turn.checked is not None
        question, idf = turn.checked.text, self.store.keyword_index().idf
        reading = reread(question, turn.history, self._known, partial(self._new_topic, turn), idf)
        if reading is None or reading[1] == turn.condensed:
            return None
        previous, condensed = reading
        query, retrieved = self._search(turn, condensed)
        decision = self._decision(condensed, query, retrieved, turn.history)
        if not (decision.answerable and retrieved):
            return None
        own_word = (outside_topic(question, self._known) is None
                    and names_own_topic(question, previous, _spoken_of(retrieved[0].chunk), idf))
        return SecondReading(previous, condensed, query, retrieved, decision, own_word)

    def closest_sentence(self, question: str, retrieved: list[RetrievedChunk]) -> float:
        """The best cosine similarity of the question to a sentence of the passages deciding answerability."""
        units = [u.text for r in retrieved[:CONFIG.coverage_passages] for u in split_units(r.chunk.text)]
        return max(self.scorer.similarities(question, units), default=0.0)

    def _compose_all(self, turn: Turn) -> None:
        pieces = self._compose(turn)
        while True:
            try:
                next(pieces)
            except StopIteration as done:
                turn.answer = done.value
                return

    def _finish(self, turn: Turn) -> Answer:
        assert turn.answer is not None
        # sentence scoring and the search for a value elsewhere are parts of the compose stage
        turn.timings["total"] = round(sum(v for k, v in turn.timings.items() if k not in PARTS_OF_COMPOSE), 2)
        turn.answer.timings_ms = turn.timings
        return turn.answer

    # -- public -----------------------------------------------------------------------------------
    def ask(self, question: str, history: Sequence[ChatTurn] = (), where: dict[str, Any] | None = None) -> Answer:
        return self.chain.invoke({"question": question, "history": list(history), "where": where})

    def stream(self, question: str, history: Sequence[ChatTurn] = (),
               where: dict[str, Any] | None = None) -> Iterator[str | Answer]:
        """Text deltas as they are ready, then the final Answer."""
        start = time.perf_counter()
        turn = self.prepare.invoke(Turn(question, history, where))
        compose_start = time.perf_counter()
        answer = yield from self._compose(turn)
        turn.timings["compose"] = round((time.perf_counter() - compose_start) * 1000, 2)
        turn.timings["total"] = round((time.perf_counter() - start) * 1000, 2)
        answer.timings_ms = turn.timings
        yield answer

    # -- composing --------------------------------------------------------------------------------
    def _value_elsewhere(self, turn: Turn, asked: str | None, text: str,
                         citations: list[Citation]) -> tuple[str, list[Citation]]:
        """A follow-up asking for a value (罚款按啥算, 多少天) that the statutes of the conversation answer
        without one is read right after the previous question and searched in the other documents, as if it
        asked "有没有哪个条例写了" (`_elsewhere`); their answer is kept when it quotes statutes too and gives the
        value with a figure. A law and its regulations share out one rule: 建筑法 fines building without a
        permit without an amount, 建设工程质量管理条例 gives 1%-2% of the contract price. A follow-up long enough to
        stand alone is searched as typed too, when its reading finds no value. A service guide is
        whole for its item: one without a figure ("以公布为准") is not answered by another item's guide."""
        assert turn.checked is not None
        typed = turn.checked.text  # the condensed form asks the previous question too
        if not all(c.article for c in citations) or _gives(typed, text) is not False:
            return text, citations
        reading = self._after_previous(typed, turn.history)
        cited = frozenset(cited_titles(_last_answer(turn.history)))
        if reading is None or not cited:
            return text, citations
        # a question long enough to stand alone may ask an aspect another statute rules for every case
        # ("受理以后最多拖几天才给决定" after a road-occupation question: 行政许可法's time limits)
        for condensed in [reading, *([typed] if len(typed) > SHORT_QUESTION else [])]:
            other = Turn(turn.question, turn.history, turn.where, checked=turn.checked, condensed=condensed,
                         elsewhere=Elsewhere(turn.condensed, leave_out=cited))
            query, retrieved = self._search(other, condensed)
            if not (retrieved and self._decision(condensed, query, retrieved, turn.history).answerable):
                continue
            alt, alt_citations = extractive_answer(query, retrieved, self.store.keyword_index(), scorer=self.scorer,
                                                   asked=asked, alone=False, delegated=self.articles.delegated)
            if alt and all(c.article for c in alt_citations) and _gives(typed, alt) and figure().search(_body(alt)):
                turn.condensed, turn.query, turn.retrieved = condensed, query, retrieved
                return alt, alt_citations
        return text, citations

    def _compose(self, turn: Turn) -> Iterator[str]:  # returns the Answer via StopIteration
        checked = turn.checked
        assert checked is not None
        base = {"question": turn.question, "condensed_question": turn.condensed, "retrieved": turn.retrieved,
                "mode": "generative" if self.generative else "extractive"}
        notes = "".join(checked.notes)
        if checked.reply is not None:
            yield checked.reply
            return Answer(answer=checked.reply, refused=True, **base)
        if turn.direct is not None:
            yield turn.direct.answer
            return turn.direct
        if turn.decision is not None and turn.decision.answerable:
            if self.generative is not None:
                result = yield from self.generative.stream(turn.condensed, turn.retrieved, prefix=notes)
                if result is not None:
                    text, citations = result
                    return Answer(answer=text, refused=False, citations=citations, **base)
            start = time.perf_counter()
            asked = checked.text if turn.condensed != checked.text else None
            text, citations = extractive_answer(turn.query, turn.retrieved, self.store.keyword_index(),
                                                scorer=self.scorer, asked=asked, alone=not turn.history,
                                                delegated=self.articles.delegated)
            turn.timings["sentences"] = round((time.perf_counter() - start) * 1000, 2)
            if text and turn.history:
                start = time.perf_counter()
                text, citations = self._value_elsewhere(turn, asked, text, citations)
                base |= {"condensed_question": turn.condensed, "retrieved": turn.retrieved}
                turn.timings["value_elsewhere"] = round((time.perf_counter() - start) * 1000, 2)
            if text:
                text = f"{notes}\n{text}" if notes else text
                yield from _pieces(text)
                return Answer(answer=text, refused=False, citations=citations, **base | {"mode": "extractive"})
        topics = suggestions(turn.retrieved)
        text = refusal_text(checked.text, turn.decision, topics)
        if checked.english:
            text = f"{text}\n{ENGLISH_REFUSAL}"
        yield text
        return Answer(answer=text, refused=True, suggestions=topics, **base)


def _gives(question: str, text: str) -> bool | None:
    """Whether the answer `text` gives a value `question` asks for (None: it asks for none): one of
    CONFIG.value_types, or the figure of another type ("罚款按啥算"; "后果严重吗" asks none). Types the
    question only tells of ("像罚款这类处理，到底是谁出手") are not asked."""
    told = told_only(question)
    intents = [i for i in intents_of(question) if i.unit is not None and i.name not in told
               and (i.name in CONFIG.value_types or any(asks.search(question) for asks, _ in i.units))]
    if not intents:
        return None
    body = _body(text)
    return any(i.unit.search(body) and not i.other_unit(question, body) for i in intents)


def _body(answer: str) -> str:
    """An extractive answer without its source lines."""
    return answer.split(SOURCES_HEADER)[0]


def _offered_first(offered: list[RetrievedChunk], retrieved: list[RetrievedChunk]) -> list[RetrievedChunk]:
    """`offered` passages first, then the other retrieved ones. A passage retrieved too keeps its retrieval
    scores (its dense similarity counts toward answerability) at the offered fused score."""
    found = {r.chunk.id: r for r in retrieved}
    first = []
    for o in offered:
        item = found.pop(o.chunk.id, o)
        item.fused_score = max(item.fused_score, o.fused_score)
        first.append(item)
    return first + [r for r in retrieved if r.chunk.id in found]


def _in_sections(sections: list[str], retrieved: list[RetrievedChunk]) -> list[RetrievedChunk]:
    """Passages re-ranked with CONFIG.section_bonus for those in one of `sections` ("罚多少" -> a statute's
    法律责任 chapter)."""
    for item in retrieved:
        if any(s in item.chunk.section for s in sections):
            item.fused_score += CONFIG.section_bonus
    return sorted(retrieved, key=lambda r: -r.fused_score)


def _stay_on_topic(retrieved: list[RetrievedChunk], history: Sequence[ChatTurn]) -> list[RetrievedChunk]:
    """A question's passages mid-conversation re-ranked with a bonus for the documents the previous answer
    cited: the conversation is about them unless the question's own evidence says otherwise ("几天内报？"
    after an answer from the drainage regulation stays there, not in a regulation with a near-twin
    sentence). A question read as it was asked gets it too: one naming a thing of its own is still
    likely about the case being discussed ("抢救时得挪开脚手架，现场还能动吗" after a question on reporting a
    site accident stays in the construction safety regulation, not the general safety law)."""
    cited = set(cited_titles(_last_answer(history)))
    if not cited:
        return retrieved
    for item in retrieved:
        if item.chunk.title in cited:
            item.fused_score += CONTINUITY
    return sorted(retrieved, key=lambda r: -r.fused_score)


def _without_small_talk(history: Sequence[ChatTurn]) -> list[ChatTurn]:
    """The conversation without its small talk and the replies to it: "那要多久？" after "好的谢谢" asks about
    the question before the thanks."""
    kept: list[ChatTurn] = []
    skipping = False
    for said in history:
        if said.role == "user":
            skipping = small_talk_reply(said.content) is not None
        if not skipping:
            kept.append(said)
    return kept


def _last_question(history: Sequence[ChatTurn]) -> str:
    return next((t.content for t in reversed(history) if t.role == "user"), "")


def _last_answer(history: Sequence[ChatTurn]) -> str:
    return next((t.content for t in reversed(history) if t.role == "assistant"), "")


def _spoken_of(chunk: ChunkRecord) -> str:
    """What a passage speaks of, for telling whether it names a word of the question's own."""
    return f"{chunk.title} {chunk.section} {chunk.text}"


def _turn_of(request: dict[str, Any]) -> Turn:
    """The chain's input: {"question": str, "history": [ChatTurn | dict], "where": dict | None}."""
    history = [t if isinstance(t, ChatTurn) else ChatTurn.model_validate(t) for t in request.get("history") or ()]
    return Turn(request["question"], history, request.get("where"))


def _pieces(text: str) -> Iterator[str]:
    for i in range(0, len(text), STREAM_PIECE):
        yield text[i:i + STREAM_PIECE]
