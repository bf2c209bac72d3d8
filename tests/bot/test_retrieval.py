"""Hybrid retrieval on the light model and a real Chroma: fusion, modes, filters, duplicates, LangChain face."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.retrieval import HybridRetriever, chroma_where, expand_query
from bot.retrieval.query import (contrary, intents_of, licences, other_event, other_value, told_only, told_words,
                                 without_intent_words)
from ingest.pipeline import ingest_paths
from knowledge.records import ChunkRecord, Hit
from knowledge.settings import Settings
from knowledge.store import KnowledgeStore


@pytest.fixture(scope="module")
def retriever(answer_store: KnowledgeStore) -> HybridRetriever:
    return HybridRetriever(answer_store, answer_store.settings)


def test_hybrid_ranks_the_answering_passage_first_with_both_ranks(retriever: HybridRetriever) -> None:
    results = retriever.search("施工许可证办下来要几天", k=5)
    top = results[0]
    assert top.chunk.source == "guides/permit.md" and top.chunk.section == "办理时限"
    assert top.dense_rank is not None and top.keyword_rank is not None
    assert top.dense_score is not None and 0 < top.dense_score <= 1 and top.keyword_score > 0
    fused = [r.fused_score for r in results]
    assert fused == sorted(fused, reverse=True) and len(results) == 5


def test_single_modes_use_one_side_only(retriever: HybridRetriever) -> None:
    bm25 = retriever.search("节能审查 办理时限", k=3, mode="bm25")
    dense = retriever.search("节能审查要多久", k=3, mode="dense")
    assert bm25 and all(r.dense_rank is None and r.keyword_rank is not None for r in bm25)
    assert dense and all(r.keyword_rank is None and r.dense_rank is not None for r in dense)
    assert [r.keyword_rank for r in bm25] == [1, 2, 3]
    with pytest.raises(ValueError):
        retriever.search("节能审查", mode="sparse")  # type: ignore[arg-type]


def test_metadata_filters_apply_to_both_sides(retriever: HybridRetriever) -> None:
    only_permit = retriever.search("办理时限要多久", k=10, where={"item_id": "construction_permit"})
    assert only_permit and {r.chunk.item_id for r in only_permit} == {"construction_permit"}
    assert any(r.keyword_rank for r in only_permit) and any(r.dense_rank for r in only_permit)
    two_items = retriever.search("办理时限", k=10, where={"item_id": ["energy_review", "water_permit"]})
    assert {r.chunk.item_id for r in two_items} == {"energy_review", "water_permit"}
    faq = retriever.search("建厂要办哪些手续", k=10, where={"doc_type": "faq", "stage": ""})
    assert [r.chunk.source for r in faq] == ["policies/faq.md"]
    with pytest.raises(ValueError, match="unsupported filter"):
        retriever.search("节能审查", where={"title": "x"})


def test_each_sides_best_hit_stays_among_the_passages(retriever: HybridRetriever) -> None:
    """A passage first by meaning but sharing few words with the question ("啥时候申报" and "于3月1日至4月15日……填报")
    fuses below passages both sides rank middling; it keeps the last place rather than drop out."""
    def chunk(n: int, text: str) -> ChunkRecord:
        return ChunkRecord(id=f"x{n}", text=text, source=f"notices/{n}.md", title="示例通知")

    meant = chunk(0, "企业于2024年3月1日至4月15日登录平台填报申报信息。")
    others = [chunk(n, text) for n, text in enumerate(("补助资金应当专款专用。", "申报企业须为规模以上工业企业。",
                                                       "市财政局负责资金拨付。", "补助标准按设备投资额的10%计算。",
                                                       "弄虚作假的，追回补助资金。"), 1)]
    far = chunk(9, "附件：申报书格式。")
    dense = [Hit(chunk=meant, score=0.800), *(Hit(chunk=c, score=0.799 - n / 1000) for n, c in enumerate(others))]
    candidates = {"dense": [*dense, Hit(chunk=far, score=0.1)],
                  "keyword": [Hit(chunk=c, score=9.0 - n) for n, c in enumerate(others)]}
    ranked = retriever.rank("补助啥时候申报", candidates, k=4)
    assert [r.chunk.id for r in ranked] == ["x1", "x2", "x3", "x0"]
    # within the k it keeps the place fusion gives it
    assert [r.chunk.id for r in retriever.rank("补助啥时候申报", candidates, k=6)] == ["x1", "x2", "x3", "x4", "x0", "x5"]


def test_chroma_where_syntax() -> None:
    assert chroma_where(None) is None
    assert chroma_where({"stage": "施工许可"}) == {"stage": {"$eq": "施工许可"}}
    assert chroma_where({"item_id": ["a", "b"], "doc_type": "guide"}) == {
        "$and": [{"item_id": {"$in": ["a", "b"]}}, {"doc_type": {"$eq": "guide"}}]}


def test_near_duplicate_chunks_are_collapsed(tmp_path: Path, answer_corpus: Path) -> None:
    copy = tmp_path / "copy"
    (copy / "guides").mkdir(parents=True)
    original = (answer_corpus / "guides" / "permit.md").read_text(encoding="utf-8")
    (copy / "guides" / "permit_copy.md").write_text(original.replace("施工许可证办事指南", "施工许可证办事指南（转载）"),
                                                   encoding="utf-8")
    store = KnowledgeStore(Settings(kb_dir=tmp_path / "kb", embedding="light"))
    ingest_paths([answer_corpus, copy], store, progress=False)
    results = HybridRetriever(store).search("施工许可证的法定办理时限", k=6)
    texts = [r.chunk.text for r in results]
    assert len(texts) == len(set(texts)) == 6  # the copy's identical passages never appear twice
    assert sum("法定办理时限为7日" in t for t in texts) == 1


def test_langchain_retriever_keeps_scores(retriever: HybridRetriever) -> None:
    docs = retriever.as_langchain(k=2, where={"item_id": "energy_review"}).invoke("节能审查收费吗")
    assert len(docs) == 2 and all(d.metadata["item_id"] == "energy_review" for d in docs)
    assert docs[0].metadata["fused_score"] >= docs[1].metadata["fused_score"] > 0
    assert docs[0].metadata["source"] == "guides/energy.md" and "keyword_rank" in docs[0].metadata


def test_blank_query_and_query_expansion(retriever: HybridRetriever) -> None:
    assert retriever.search("   ") == [] and retriever.search("节能审查", k=0) == []
    assert expand_query("能评要多久") == "能评要多久 节能审查"
    assert expand_query("How long does the EIA take?") == "How long does the EIA take? 环境影响评价 办理时限"
    assert expand_query("节能审查的依据") == "节能审查的依据"  # nothing to add: no second copy of the question
    # units and words typed in Latin letters inside a Chinese question, whole words only ("much" has no "mu")
    assert expand_query("数据是按mu算的 还是必须换成m2") == "数据是按mu算的 还是必须换成m2 平方米 亩"
    assert expand_query("how much") == "how much"


def names(question: str) -> list[str]:
    return [i.name for i in intents_of(question)]


def test_question_kinds_and_the_kinds_they_rule_out() -> None:
    assert names("施工许可证要几天？") == ["time"]
    # how far ahead is asked as a whole: "提前" names no topic of its own (`condense.names_nothing`)
    assert names("开之前会提前几天通知我们？") == ["time"] and "提前" not in without_intent_words("要提前多久申请")
    assert names("取水许可证有效期多久？") == ["validity"]  # asks for validity, not a time limit
    # "多长" asks a duration ("征求期多长", "技术评审多长？"), not a length ("多长的管线")
    assert names("征求期多长") == ["time"] and names("技术评审多长？") == ["time"]
    assert "time" not in names("多长的管线要审批")
    assert names("一共要填几项？") == ["number"]
    # a lower bound or a change is a number ("至少要多少", "能上浮多少"); a tax cut asked "how much" an amount
    assert names("全年用电量至少要多少？") == ["number"] and "number" in names("脱贫户补贴能上浮多少？")
    assert names("招一个退役士兵每年能扣减多少税？") == ["amount"]
    # which cases are covered or left out, asked with any word for "which"
    assert all("scope" in names(q) for q in ("哪些情况不给补贴？", "什么情况下可以提取", "哪种情况不予受理"))
    # a number to call, not the subsidy the question names
    assert names("加装电梯补贴的咨询电话是多少？") == ["phone"] and names("有问题打哪个热线") == ["phone"]
    # a deadline asked as "by when", and a named fee asked "how much"
    assert "time" in names("城建档案那套资料最晚啥时候要交上去") and names("什么时候之前得报") == ["time"]
    assert names("多久能拿到 登记费多少") == ["time", "amount"]
    # who does the work; what to do when a licence runs out
    assert all("actor" in names(q) for q in ("那报告谁来编 俺们自己能写不", "要自己找机构做地震安评吗", "环评报告能自己写吗"))
    assert "actor" not in names("谁来审批") and names("到期要续的话 提前多久办") == ["validity"]
    # online or in person; not an online monitor nor a production line
    assert all("channel" in names(q) for q in ("在哪填啊 网上还是得去大厅递纸质的", "在哪个平台上填 要不要跑窗口"))
    assert not any("channel" in names(q) for q in ("烟囱要装在线监测设备吗", "生产线上的工人要持证吗"))
    # "是什么X" asks which X, not what something is; how long until it must be used is its validity
    assert names("食品经营许可新办是什么流程") == ["steps"] and names("排污登记是什么？") == ["definition"]
    # 是啥 right after a type's noun is that type's question form; with a word between, a term is asked about
    assert names("排水许可的流程是啥？") == ["steps"] and names("申报材料是什么") == ["materials"]
    assert "definition" in names("告知承诺制是什么？") and "definition" in names("说的外贸企业指的是什么企业")
    assert names("消费券领了以后多长时间内要用掉？") == ["validity"] and names("几天内得用完") == ["validity"]
    # a term about to run out asks how to extend it; a term that has ended asks what follows
    assert names("批的期限快到了活还没干完咋整") == ["validity"] and names("证下个月就要到期了") == ["validity"]
    assert "validity" not in names("临时用地用完到期之后还要做些什么")
    # where online is the channel alone, not a department's office
    assert names("技改项目备案是在哪个平台上办？") == ["channel"] and names("去哪个网站申报") == ["channel"]
    assert "office" in names("备案在哪办") and "office" in names("去哪个窗口交材料")
    assert names("节能审查收费吗，要交什么材料？") == ["amount", "materials"]
    # materials asked in typed words; money handed over is not a material
    assert names("去申请得带哪些东西") == ["materials"] and names("除了报告本身还得多交个啥") == ["materials"]
    assert "materials" not in names("要交什么钱")
    # what to do once the project or its record changes
    assert all("change" in names(q) for q in ("要是后面建设规模改了 又得咋弄", "想把2号厂房往北挪十来米", "登记信息变了咋整"))
    assert "change" not in names("变更登记要交哪些材料")  # 变更 names the procedure asked about
    # answer types of documents nobody here wrote: a date, a fine, a department
    assert "date" in names("贵阳市从几号开始推进各企业复工复产？")
    assert names("消防验收没过就投产罚多少") == ["fine"]  # a penalty, not a fee
    # a penalty asked colloquially, or as what happens once the authorities catch it
    assert all("fine" in names(q) for q in ("要挨什么处理", "先住进去被查了呢", "盖了会被拆不", "它担责吗"))
    # ...but not doing something, nor finding it
    assert not any("fine" in names(q) for q in ("测绘面积大了咋整", "土石方一般怎么处理", "在哪能查到进度",
                                                 "施工得拆掉一段老灌溉渠，这笔钱算谁的"))
    # a supposed breach - a duty left undone while going ahead - asks what it costs...
    assert all("fine" in names(q) for q in ("没批先干呢", "没报就开工了会被咋处里", "要是我们不理 继续用呢",
                                              "要是我们一直不对外公开呢？"))
    # ...unlike asking leave, asking whether someone else did, or a failure that is no one's choice
    assert not any("fine" in names(q) for q in ("能不能先搞基坑土方", "有没有先拿项目试过", "要是开不了工呢",
                                                 "消防验收没过能先投产吗", "普通项目消防设计不审查了是不是就没人管了"))
    # a consequence asked of a supposed case: the case's 几天, 哪天, 材料 ask nothing
    assert all(names(q) == ["fine"] for q in ("要是证还没批下来 先试营业几天 被查到会咋样", "要是被认定提供虚假材料，后果严重吗",
                                               "消防法 商场要是哪天烟气超标被查到 罚款是多少"))
    # ...but a clause asking before the case, or a last clause asking something else, keeps its type
    assert {"time", "fine"} <= set(names("审批要多久，要是没批就开工，罚多少"))
    assert "time" in names("要是材料不全让补，给几天时间补？") and "time" in names("罚单下来之后，几天内就会挂出去")
    # clauses telling the case beside one that asks: the types cued only there are told of, not asked
    assert names("被市场监管局罚了两万，我们不服，可以申请复议吗") == ["fine"]
    assert told_only("被市场监管局罚了两万，我们不服，可以申请复议吗") == {"fine"}
    assert told_only("复议机关撤销了处罚决定，让他们重新作出，重新作出有期限吗") == {"fine"}
    assert told_only("网上说1公顷就要报告书，到底按哪个") == {"channel"}
    # ...but a supposed case is part of what is asked, and a question in one clause tells nothing apart
    assert told_only("要是我们不理 继续用呢") == set() and told_only("到期要续的话 提前多久办") == set()
    assert told_only("消防验收没过就投产罚多少") == set()
    # the words of the telling clauses, for answerability: those the asking clause repeats are asked too
    assert told_words("我们买下了隔壁公司的厂房，转移登记一般多久能办完？") == {"买下", "隔壁", "公司", "厂房"}
    assert told_words("我们的厂房刚封顶，厂房什么时候能验收？") == {"刚", "封顶"}
    assert told_words("要是我们不理 继续用呢") == set() and told_words("消防验收没过就投产罚多少") == set()
    # whether this case too needs it, or whether it is allowed, asked in spoken form
    assert all(names(q) == ["scope"] for q in ("就几十平的简易棚子 这也得办？", "光俺们公司出面行不", "这合同还作数不",
                                                "报告书我们自己动手写行不行？"))
    assert names("涉路许可找哪个部门办") == ["office"]
    # 几 asking no number: "-odd", "several", or "a few more" in a sentence another word asks; it asks alone
    assert names("还有十几米宽的地，土地证上是我们公司的。") == [] and told_only("罚了好几万，能复议吗") == {"fine"}
    assert "time" not in names("干到一半发现得多挖几米、多拖几天，怎么办？") and names("还要再等几天？") == ["time"]
    # ...the verb going with the department asks nothing of its own: the topic is what remains
    assert without_intent_words("占用城市道路审批找哪个部门？").split() == ["占用城市道路审批", "？"]
    # a department asked as who receives or decides it
    assert all("office" in names(q) for q in ("改动方案报谁审", "水土保持方案要报给谁批", "这事得谁点头？", "容积率是谁定的"))
    assert "office" not in names("谁定期检查消防设施")
    # paying, in the user's words
    assert all(names(q) == ["amount"] for q in ("要交费吗？", "得付费不", "还要另外掏钱吗"))
    # how often, beside how long: "每日防火巡查" answers "多久巡一回"; "多久内一次性告知" asks a time limit
    assert "frequency" in names("那得多久巡一回") and "frequency" in names("防雷装置多久检测一次")
    assert "frequency" not in names("材料不齐，窗口应该多久内一次性告诉我补什么")


def test_a_benefit_asked_with_a_count_of_days_or_times_asks_no_amount() -> None:
    """几 after a benefit's name asks money when it counts money ("补助每平米给几块"); counting a date, days or times
    ("补助资金几号前报", "奖励几天到账", "资助一年发几次") it asks that."""
    def kinds(question: str) -> set[str]:
        return {i.name for i in intents_of(question)}

    assert "amount" in kinds("租金补助每平米给几块") and "amount" in kinds("这个奖补一户发几块钱")
    assert kinds("冷链补助资金几号前要报到区里") == {"date"}
    for question in ("人才奖励几天能到账", "博士后资助一年发几次", "补贴几个人能领"):
        assert "amount" not in kinds(question), question


def test_an_faq_asking_of_a_further_event_is_another_question() -> None:
    assert other_event("施工许可证办下来要多久？", "施工许可证办下来多久必须开工？")
    assert other_event("取水许可批下来要多久", "批下来以后多久不建会失效？")
    assert not other_event("施工许可证领了多久要开工", "施工许可证办下来多久必须开工？")  # the event named
    assert not other_event("土地证要多久", "土地证多久能拿到？")  # getting the item itself is no further event
    assert not other_event("人防易地建设费多少钱", "人防易地建设费怎么收？多少钱一平方米？")  # a unit, not an event
    assert not other_event("施工许可证多少钱", "施工许可证办下来多久必须开工？")  # another type asked


def test_an_faq_about_another_value_of_the_same_unit_is_another_case() -> None:
    faq = "问：我们厂区40亩，土方2万方，水保要做报告书还是报告表？"
    assert other_value("厂区40亩 土方6万方 水保要做报告书还是报告表", faq)
    assert not other_value("厂区40亩 土方两万方 水保要做报告书还是报告表", faq)  # the same value, written otherwise
    assert not other_value("水保要做报告书还是报告表", faq)  # no value of the question's own


def test_contrasting_kinds_and_named_licences() -> None:
    assert contrary("水保报告表审批多久", "水土保持方案报告书的审批时限为10个工作日")
    assert not contrary("水保报告表审批多久", "报告书和报告表的划分依据管理办法")
    assert not contrary("节能审查要多久", "水土保持方案报告书的审批时限为10个工作日")
    assert licences("招聘外国员工要办什么工作许可？") == [("工作", "许可")]
    assert licences("我们厂的施工许可证和排污许可证") == [("施工", "许可证"), ("排污", "许可证")]
    assert licences("这个许可证要多久") == []
    # a verb done to a licence is not its name: the name follows it, or there is none
    assert licences("去行政机关递交许可申请，多久出结果") == []
    assert licences("没取得许可就开工会怎样") == []
    assert licences("被许可人想把许可转给别的公司可以吗") == []
    assert licences("建筑公司还没拿到安全生产许可证") == [("安全生产", "许可证")]
    assert licences("被吊销取水许可证以后") == [("取水", "许可证")]
    assert licences("我们要办理排污许可证") == [("排污", "许可证")]  # 办理 is a whole word, not 办 and a name "理排污"
    # acting by a licence names none ("没按许可证要求"), nor does breaking one unless it is named
    assert licences("我们没按许可证要求限产减排，会被罚多少") == [] and licences("按照许可证载明的浓度排放") == []
    assert licences("违反排污许可证规定罚多少") == [("排污", "许可证")]
