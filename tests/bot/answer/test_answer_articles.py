"""Statutes on the light model: direct article references answered verbatim, article-level citations."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answer import Assistant
from bot.answer.refusal import missing_value
from bot.models import ChatTurn, RetrievedChunk
from knowledge.records import ChunkRecord
from ingest.pipeline import ingest_paths
from knowledge.settings import Settings
from knowledge.store import KnowledgeStore

FIRE = """# 中华人民共和国示范消防法

2008年10月28日 第十一届全国人民代表大会常务委员会第五次会议修订

<!-- INFO END -->

## 第一章 总 则

第一条 为了预防火灾和减少火灾危害，制定本法。

## 第五章 法律责任

第二十八条 任何单位、个人不得占用、堵塞、封闭疏散通道、安全出口、消防车通道。

第五十七条 消防救援机构的工作人员滥用职权的，依法给予处分。

第五十八条 违反本法规定，有下列行为之一的，责令停止施工、停止使用或者停产停业，并处三万元以上三十万元以下罚款：

（一）依法应当进行消防设计审查的建设工程，未经依法审查或者审查不合格，擅自施工的；

（二）依法应当进行消防验收的建设工程，未经消防验收或者消防验收不合格，擅自投入使用的。

建设单位未依照本法规定在验收后报住房和城乡建设主管部门备案的，处五千元以下罚款。
"""
FIRE_RULES = """# 中华人民共和国示范消防法实施条例

<!-- INFO END -->

第三条 特殊建设工程的消防设计文件，应当在开工前报送审查。

第五十八条 本条例自发布之日起施行。
"""
DRAINAGE = """# 示范排水条例

<!-- INFO END -->

## 第三章 排水

第二十一条 排水户向城镇排水设施排放污水的，应当申请领取污水排入排水管网许可证。

第二十二条 排水户应当按照许可证确定的排水类别、总量和时限排放污水。

第二十三条 排水户名称变更的，应当自变更之日起15日内向原审批部门申请变更排水许可证。

第二十四条 排水户不得向城镇排水设施排放剧毒、易燃易爆物质和有害气体。

第二十五条 县级以上人民政府城镇排水主管部门应当对排水户排放污水的情况实施监督检查。

第二十六条 县级以上人民政府城镇排水主管部门应当公布排水许可的办理流程。

第二十七条 排水户对城镇排水主管部门作出的行政处罚决定不服的，可以依法申请行政复议或者提起行政诉讼。

## 第六章 法律责任

第四十九条 违反本条例第二十二条规定，排水户不按照许可证排放污水的，处5万元以下罚款。

第五十条 违反本条例第二十一条规定，排水户未取得污水排入排水管网许可证排放污水的，可以处50万元以下罚款。

第五十一条 违反本条例第五十条规定处罚后仍不改正的，吊销许可证。

第五十二条 排水户向城镇排水设施排放剧毒、易燃易爆物质的，处10万元以上30万元以下罚款。

第五十三条 县级以上人民政府城镇排水主管部门的工作人员玩忽职守的，依法给予处分。
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root = tmp_path_factory.mktemp("statutes")
    for name, text in (("示范消防法.md", FIRE), ("示范消防法实施条例.md", FIRE_RULES), ("示范排水条例.md", DRAINAGE)):
        (root / name).write_text(text, encoding="utf-8")
    store = KnowledgeStore(Settings(kb_dir=tmp_path_factory.mktemp("statute-kb"), embedding="light"))
    ingest_paths([root], store, progress=False)
    return Assistant(store, store.settings)


@pytest.mark.parametrize("question", ["示范消防法第五十八条", "示范消防法第58条说的什么", "示范消防法五十八条",
                                      "中华人民共和国示范消防法第58条", "《示范消防法》 第 五十八 条 是怎么规定的？"])
def test_direct_reference_returns_the_article_verbatim(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)

    assert not answer.refused
    assert "三万元以上三十万元以下罚款" in answer.answer and "（二）依法应当进行消防验收" in answer.answer
    assert "五千元以下罚款" in answer.answer  # the whole article, every 款
    assert answer.answer.count("并处三万元以上三十万元以下罚款：") == 1  # a repeated lead-in shown once
    assert "第五十七条" not in answer.answer
    [citation] = answer.citations
    assert (citation.source, citation.article) == ("示范消防法.md", "第五十八条")
    assert answer.contract_json()["citations"][0]["article"] == "第五十八条"


def test_the_longest_title_named_wins(assistant: Assistant) -> None:
    answer = assistant.ask("示范消防法实施条例第五十八条")
    assert answer.citations[0].source == "示范消防法实施条例.md"
    assert "自发布之日起施行" in answer.answer


def test_an_article_the_law_does_not_have_is_said_plainly(assistant: Assistant) -> None:
    answer = assistant.ask("示范排水条例第二百条")
    assert answer.refused
    assert "示范排水条例" in answer.answer and "第二百条" in answer.answer


def test_a_number_that_is_not_an_article_goes_to_search(assistant: Assistant) -> None:
    assert assistant.articles.reference("示范消防法一百人以下的单位要配消防员吗") is None
    assert assistant.articles.reference("排水许可证第一次怎么办") is None  # no law of that name


def test_searched_answer_cites_the_article_and_quotes_the_fine_with_its_item(assistant: Assistant) -> None:
    answer = assistant.ask("消防验收没过就投入使用了要罚多少")

    assert not answer.refused
    first = answer.citations[0]
    assert (first.source, first.article) == ("示范消防法.md", "第五十八条")
    assert "三万元以上三十万元以下" in answer.answer  # the list's lead-in comes with the item it answers
    assert "第五十八条" in answer.answer  # the source line names the article


def test_a_fine_told_as_the_case_does_not_steer_to_the_penalty_chapter(assistant: Assistant) -> None:
    """The fine is what happened, not what is asked: the answer is the article on review, not a penalty."""
    answer = assistant.ask("排水主管部门给我们开了5万元罚款，我们觉得处罚不公，可以申请行政复议吗")

    assert not answer.refused
    assert (answer.citations[0].source, answer.citations[0].article) == ("示范排水条例.md", "第二十七条")


def test_a_measurement_no_passage_gives_is_refused(assistant: Assistant) -> None:
    """"几米" is answered only by a passage stating metres; 消防车通道 is on topic but gives none."""
    answer = assistant.ask("消防车通道宽度至少要几米")
    assert answer.refused
    assert "技术标准" in answer.answer


@pytest.mark.parametrize(("question", "passage", "missing"), [
    ("公路大桥周围多少米内不能取土", "在大中型公路桥梁和渡口周围二百米范围内不得取土。", None),
    ("防火间距是多少米", "不得占用防火间距。", "米"),
    ("防火间距是多少米", "用地面积不少于100平方米。", "米"),  # square metres are not metres
    ("夜间噪声限值多少分贝", "夜间不得超过55分贝。", None),
    ("审批要多久", "二十日内作出决定。", None),  # not a measurement question
    ("补偿费每平方米收多少钱", "应当缴纳水土保持补偿费。", "money"),
    ("登记要交多少钱", "每件收取登记费550元。", None),
    ("易地建设费多少钱一平米", "按所需造价收取，具体以当地公布为准。", None),  # says where it is set
    ("罚多少钱", "处违法所得一倍以上三倍以下的罚款。", None),
    ("审查收多少钱", "审查不得收取任何费用。", None),
    ("多少万以上的项目必须招标", "依法必须进行招标的项目，其招标投标活动不受地区限制。", "money"),
    ("补偿费收多少钱", "应当缴纳补偿费。逾期不缴纳的，处应缴数额三倍以下的罚款。", "money"),  # a fine prices no fee
    ("多少万以上的项目必须招标", "按照招标文件规定的评标标准对投标进行评价。", "money"),  # a standard of no price
    ("易地建设费要交多少钱", "按照当地规定的收费标准缴纳。", None),
    ("不缴补偿费罚多少钱", "逾期不缴纳的，处应缴数额三倍以下的罚款。", None),
    # a fine asked without naming one: the question the fine type recognises is not a fee's
    ("没配齐被抽查到了 大概要掏多少钱", "逾期不改正的，处一万元以上五万元以下罚款。", None),
    ("大门外还有十几米宽的地，能盖门卫室吗", "公路两侧建筑控制区内禁止修建建筑物。", None),  # 十几 asks no metres
    ("得多挖几米、多拖几天，怎么办", "需要延长挖掘期限的，应当办理变更审批手续。", None),  # "a few more", asked 怎么办
    ("沟槽最深能挖几米", "需要延长挖掘期限的，应当办理变更审批手续。", "米"),
    # how often: a time limit on the item does not say it
    ("防雷装置多久检测一次", "气象主管机构受理后10个工作日内完成审核。", "frequency"),
    ("防雷装置多久检测一次", "防雷装置应当每年检测一次。", None),
    ("消防设施多长时间检查一回", "单位应当对建筑消防设施定期组织检验、维修。", None),
    ("审批多久内一次性告知", "申请材料不齐全的，应当当场或者在五日内一次告知申请人需要补正的全部内容。", None),
    # a number to call: a fee or a consultancy on the item does not give one; a contact line or where it is published does
    ("节能审查的咨询电话是多少", "节能审查不收费。委托咨询机构编制节能报告的费用由双方协商确定。", "phone"),
    ("节能审查的咨询电话是多少", "咨询电话：0351-5612345。", None),
    ("有问题打哪个热线", "也可拨打12345政务服务便民热线咨询。", None),
    ("政务服务中心电话多少", "政务服务中心的地址、电话和办公时间，以其对外公布的信息为准。", None),
    ("节能审查的联系电话？", "节能审查不收费。", "phone"),
    # a call told of is no number asked for
    ("规划局那边又打电话催我们报竣工资料，要是不理他们会怎么样", "逾期不补报的，处一万元以上五万元以下的罚款。", None),
    # a table cell under a column naming the unit, as tables are read
    ("90岁以上的高龄津贴每月多少元", "补贴类别：高龄津贴；对象：90—99周岁；标准（元/人·月）：200", None),
])
def test_missing_value(question: str, passage: str, missing: str | None) -> None:
    retrieved = [RetrievedChunk(chunk=ChunkRecord(id="x", text=passage, source="a.md", title="示范"))]
    found = missing_value(question, retrieved)
    assert (found and (found[1] or found[0].name)) == missing


def test_a_penalty_follow_up_is_offered_the_article_that_punishes_the_duty_just_quoted(assistant: Assistant) -> None:
    """Liability articles name the duty they punish ("违反本条例第二十一条规定"): after an answer quoting
    第二十一条, the penalty question gets 第五十条 first, not the neighbouring penalty for 第二十二条, and
    not an article that merely names another penalty article."""
    from bot.answer.condense import cited_articles
    from bot.models import ChatTurn

    duty = "[1] 示范排水条例 › 第三章 排水 › 第二十一条"
    assert cited_articles(f"……[1]\n\n来源：\n{duty}") == [("示范排水条例", "第二十一条", duty)]
    history = [ChatTurn(role="user", content="往排水管网排污水要办什么证"),
               ChatTurn(role="assistant", content=f"第二十一条 排水户……应当申请领取许可证[1]。\n\n来源：\n{duty}")]
    assert [r.chunk.article for r in assistant._referring(["法律责任"], history)] == ["第五十条"]
    answer = assistant.ask("没办就排了罚多少", history)
    assert answer.citations[0].article == "第五十条" and "50万元以下" in answer.answer
    ids = [r.chunk.id for r in answer.retrieved]
    assert len(ids) == len(set(ids))  # offered first, not twice
    # an answer that quoted a penalty already: the follow-up is about that one, not about what it names
    penalty = [history[0], ChatTurn(role="assistant", content="……[1]\n\n来源：\n[1] 示范排水条例 › 第六章 法律责任 › 第五十条")]
    assert assistant._referring(["法律责任"], penalty) == []


def test_a_penalty_follow_up_is_offered_the_article_that_restates_the_duty_just_quoted(assistant: Assistant) -> None:
    """Liability articles also name a duty by its words: 第五十二条 repeats 第二十四条's "排放剧毒、易燃易爆
    物质". Words several duty articles share ("县级以上人民政府城镇排水主管部门") name no duty."""
    from bot.models import ChatTurn

    def quoted(article: str) -> list[ChatTurn]:
        return [ChatTurn(role="user", content="排水户有什么禁止的"),
                ChatTurn(role="assistant", content=f"……[1]\n\n来源：\n[1] 示范排水条例 › 第三章 排水 › {article}")]

    assert [r.chunk.article for r in assistant._referring(["法律责任"], quoted("第二十四条"))] == ["第五十二条"]
    assert assistant._referring(["法律责任"], quoted("第二十五条")) == []


def test_a_short_value_follow_up_is_offered_the_article_just_quoted_that_gives_one(assistant: Assistant) -> None:
    """"得在几天内办？" after an answer quoting 第二十三条 asks about its 15日内: that article comes first,
    and it counts as no evidence that the question is answerable (it was offered, not found)."""
    from bot.answer.refusal import decide
    from bot.models import ChatTurn

    change = "[1] 示范排水条例 › 第三章 排水 › 第二十三条"
    history = [ChatTurn(role="user", content="排水户改了名，排水许可证要变更吗"),
               ChatTurn(role="assistant", content=f"第二十三条 排水户名称变更的……申请变更排水许可证[1]。\n\n来源：\n{change}")]
    [offered] = assistant._quoted("得在几天内办？", history)
    assert offered.chunk.article == "第二十三条" and offered.offered
    answer = assistant.ask("得在几天内办？", history)
    assert answer.citations[0].article == "第二十三条" and "15日内" in answer.answer
    assert assistant._quoted("要交多少钱？", history) == []  # the article states no amount
    assert assistant._quoted("得在几天内办？", history[:1]) == []  # nothing quoted
    assert assistant._quoted("要是名称和地址都变了，得在几天内办？", history) == []  # a longer question asks more
    # the same passage with strong evidence: answerable when retrieval found it, not when only offered
    found = offered.model_copy(update={"offered": False, "dense_score": 0.9})
    assert decide("变更几天内办", {"变更": 1.0}, [found], assistant.limits).answerable
    assert not decide("变更几天内办", {"变更": 1.0}, [found.model_copy(update={"offered": True})],
                      assistant.limits).answerable


def test_a_question_asking_another_statute_is_answered_from_one_not_cited_or_named(assistant: Assistant) -> None:
    """"示范消防法里只写了罚款 有没有别的条例讲清楚啥时候报审" asks the case just discussed of another document:
    neither the one the answer cited nor the one the question names as lacking it answers it."""
    from bot.models import ChatTurn

    fine = "[1] 中华人民共和国示范消防法 › 第五章 法律责任 › 第五十八条"
    history = [ChatTurn(role="user", content="特殊建设工程的消防设计没审查就施工了，示范消防法怎么说"),
               ChatTurn(role="assistant", content=f"第五十八条 ……擅自施工的，……并处三万元以上三十万元以下罚款[1]。\n\n来源：\n{fine}")]
    answer = assistant.ask("示范消防法里只写了罚款 有没有别的条例讲清楚消防设计啥时候报审", history)
    assert not answer.refused
    assert {c.source for c in answer.citations} == {"示范消防法实施条例.md"}
    assert answer.citations[0].article == "第三条" and "开工前报送审查" in answer.answer


def test_a_question_naming_a_statute_not_cited_is_answered_from_it(assistant: Assistant) -> None:
    """"实施条例里有没有" after an answer from 示范消防法 asks its implementing regulation, with the case before."""
    from bot.models import ChatTurn

    fine = "[1] 中华人民共和国示范消防法 › 第五章 法律责任 › 第五十八条"
    history = [ChatTurn(role="user", content="特殊建设工程的消防设计文件没审查就施工了会怎样"),
               ChatTurn(role="assistant", content=f"第五十八条 ……擅自施工的，……并处三万元以上三十万元以下罚款[1]。\n\n来源：\n{fine}")]
    answer = assistant.ask("法里没说啥时候报审 实施条例里有没有", history)
    assert {c.source for c in answer.citations} == {"示范消防法实施条例.md"}
    assert "开工前报送审查" in answer.answer


def test_a_named_statute_that_does_not_answer_leaves_the_question_to_the_usual_reading(assistant: Assistant) -> None:
    """Naming a document is no promise that it answers: "示范消防法里有没有规定排水许可证变更几天内办" is answered
    from the drainage regulation, as it would be read otherwise, not refused for want of a fire-law passage."""
    from bot.models import ChatTurn

    permit = "[1] 示范排水条例 › 第三章 排水 › 第二十一条"
    history = [ChatTurn(role="user", content="往排水管网排污水要办什么证"),
               ChatTurn(role="assistant", content=f"第二十一条 排水户……应当申请领取许可证[1]。\n\n来源：\n{permit}")]
    answer = assistant.ask("示范消防法里有没有规定排水许可证名称变更几天内办", history)
    assert not answer.refused
    assert answer.citations[0].source == "示范排水条例.md" and "15日内" in answer.answer


def test_a_licence_the_cited_document_names_is_not_unknown_mid_conversation(assistant: Assistant) -> None:
    """The case told before ("今天才发现安全生产许可证上个月就到期了") is read with the follow-up; its licence is the
    one the previous answer's document is about, though the fines found for the follow-up never name it."""
    from bot.answer.refusal import unknown_licence
    from bot.models import ChatTurn

    question = "今天才发现安全生产许可证上个月就到期了，罚的话大概什么范围？"
    fines = [r for r in assistant.retriever.search("擅自投入使用的罚款", 5) if r.chunk.article == "第五十八条"]
    assert fines and unknown_licence(question, fines) is not None
    assert unknown_licence(question, fines, ["安全生产许可证条例"]) is None
    history = [ChatTurn(role="user", content="今天才发现安全生产许可证上个月就到期了"),
               ChatTurn(role="assistant", content="第十四条 ……[1]\n\n来源：\n[1] 安全生产许可证条例 › 第十四条")]
    assert assistant._decision(question, question, fines, history).reason != "unknown_licence"
    assert assistant._decision(question, question, fines).reason == "unknown_licence"


def test_a_rule_of_every_licence_answers_for_a_licence_the_passages_never_name() -> None:
    """A best passage on 行政许可, the law's word for every licence, holds for the one the question names;
    a general passage further down does not make another licence's rule the answer."""
    from bot.answer.refusal import unknown_licence

    def passage(text: str) -> RetrievedChunk:
        return RetrievedChunk(chunk=ChunkRecord(id=text[:8], text=text, source="a.md", title="示范"))

    general = passage("第三十六条 行政机关对行政许可申请进行审查时，发现行政许可事项直接关系他人重大利益的，应当告知该利害关系人。")
    other = passage("第七条 申请取得排污许可证，可以通过管理信息平台提交排污许可证申请表。")
    assert unknown_licence("我们申请的采矿许可跟隔壁企业利益冲突很大，审批前会通知我们吗", [general, other]) is None
    assert unknown_licence("食品经营许可证怎么申请", [other, general]) == "食品经营许可证"


WATER = """# 中华人民共和国示范水法

<!-- INFO END -->

## 第一章 总 则

第二条 在中华人民共和国领域内开发、利用、节约、保护、管理水资源，适用本法。

## 第七章 法律责任

第六十九条 有下列行为之一的，由县级以上人民政府水行政主管部门依据职权，责令停止违法行为，限期采取补救措施，处二万元以上十万元以下的罚款；情节严重的，吊销其取水许可证：

（一）未经批准擅自取水的；

（二）未依照批准的取水许可规定条件取水的；

（三）在河道管理范围内建设妨碍行洪的建筑物、构筑物，或者从事影响河势稳定、危害河岸堤防安全的活动的；

（四）在饮用水水源保护区内设置排污口的。
"""
WATER_RULES = """# 示范取水许可条例

<!-- INFO END -->

## 第六章 法律责任

第四十八条 未经批准擅自取水，或者未依照批准的取水许可规定条件取水的，依照《中华人民共和国示范水法》第六十九条规定处罚；给他人造成损失的，应当赔偿损失。

第四十九条 依照《示范水法》第二条的规定处以罚款的，罚款幅度为每立方米1元至2元。
"""


@pytest.fixture(scope="module")
def water(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root = tmp_path_factory.mktemp("water")
    for name, text in (("示范水法.md", WATER), ("示范取水许可条例.md", WATER_RULES)):
        (root / name).write_text(text, encoding="utf-8")
    store = KnowledgeStore(Settings(kb_dir=tmp_path_factory.mktemp("water-kb"), embedding="light"))
    ingest_paths([root], store, progress=False)
    return Assistant(store, store.settings)


def test_a_penalty_left_to_another_law_is_shown_with_that_article(water: Assistant) -> None:
    """"依照《示范水法》第六十九条规定处罚" says nothing of the fine: the answer quoting it goes on with that
    article, named and cited, by its lines that punish and the item the regulation's breach is."""
    answer = water.ask("未经批准擅自取水会怎么处理")

    assert not answer.refused
    assert [(c.source, c.article) for c in answer.citations] == [("示范取水许可条例.md", "第四十八条"),
                                                                  ("示范水法.md", "第六十九条")]
    assert "《中华人民共和国示范水法》第六十九条 有下列行为之一的" in answer.answer
    assert "二万元以上十万元以下的罚款" in answer.answer
    # one marker for the run quoted from the article, after its last item
    assert "（一）未经批准擅自取水的；\n（二）未依照批准的取水许可规定条件取水的[2]" in answer.answer
    assert "排污口" not in answer.answer  # a long article: the items the breach restates, not every item
    assert "[2] 中华人民共和国示范水法 › 第七章 法律责任 › 第六十九条" in answer.answer


def test_a_stale_reference_to_an_article_that_punishes_nothing_is_not_followed(water: Assistant) -> None:
    """A regulation may cite its parent law by numbers from before a revision: 第二条 of today's law punishes
    nothing, so it is not shown as the penalty 第四十九条 leaves to it."""
    [chunk] = [c for c in water.articles.chunks(water.articles.reference("示范取水许可条例第四十九条"))]
    assert water.articles.delegated(chunk, chunk.text) == []
    [rules] = water.articles.chunks(water.articles.reference("示范取水许可条例第四十八条"))
    [(target, shown)] = water.articles.delegated(rules, rules.text)
    assert (target.source, target.article) == ("示范水法.md", "第六十九条")
    assert shown.startswith("第六十九条") and "（二）" in shown and "（三）" not in shown


BUILDING = """# 中华人民共和国示范建筑法

<!-- INFO END -->

## 第二章 建筑许可

第七条 建筑工程开工前，建设单位应当按照国家有关规定向工程所在地县级以上人民政府建设行政主管部门申请领取施工许可证。

第八条 申请领取施工许可证，应当具备下列条件：已经办理该建筑工程用地批准手续；有满足施工需要的资金安排。

## 第七章 法律责任

第六十四条 违反本法规定，未取得施工许可证或者开工报告未经批准擅自施工的，责令改正，对不符合开工条件的责令停止施工，可以处以罚款。
"""
QUALITY = """# 示范建设工程质量管理条例

<!-- INFO END -->

## 第二章 建设单位的质量责任和义务

第十三条 建设单位在开工前，应当按照国家有关规定办理工程质量监督手续。

## 第八章 罚则

第五十七条 违反本条例规定，建设单位未取得施工许可证或者开工报告未经批准，擅自施工的，责令停止施工，限期改正，处工程合同价款百分之一以上百分之二以下的罚款。
"""


def test_a_value_the_conversations_law_does_not_give_is_found_in_another(tmp_path: Path) -> None:
    """The building law fines building without a permit "可以处以罚款" and says no more; asked how the fine is
    reckoned, the follow-up is answered from the regulation that gives the figure."""
    root = tmp_path / "statutes"
    root.mkdir()
    for name, text in (("示范建筑法.md", BUILDING), ("示范建设工程质量管理条例.md", QUALITY)):
        (root / name).write_text(text, encoding="utf-8")
    store = KnowledgeStore(Settings(kb_dir=tmp_path / "kb", embedding="light"))
    ingest_paths([root], store, progress=False)
    assistant = Assistant(store, store.settings)
    opener = "开工前一定要领施工许可证吗"
    first = assistant.ask(opener)
    assert first.citations[0].source == "示范建筑法.md"
    history = [ChatTurn(role="user", content=opener), ChatTurn(role="assistant", content=first.answer)]
    answer = assistant.ask("没领证就先开工了，被查到罚款按啥算", history)
    assert (answer.citations[0].source, answer.citations[0].article) == ("示范建设工程质量管理条例.md", "第五十七条")
    assert "百分之一以上百分之二以下" in answer.answer
    # a question asking no value, answered by the conversation's law, stays there
    assert assistant.ask("没领证就先开工了，会怎么处理", history).citations[0].source == "示范建筑法.md"


ROADS = """# 示范城市道路管理条例

<!-- INFO END -->

## 第四章 路政管理

第三十一条 因特殊情况需要临时占用城市道路的，须经市政工程行政主管部门和公安交通管理部门批准，方可按照规定占用。

第三十六条 经批准占用城市道路的，应当按照批准的位置、面积、期限占用。需要延长时间的，应当提前办理变更审批手续。
"""
HIGHWAYS = """# 中华人民共和国示范公路法

<!-- INFO END -->

## 第五章 路政管理

第四十四条 任何单位和个人不得擅自占用公路。因施工需要临时占用公路、停放吊车等施工机械的，建设单位应当向交通主管部门提出占用申请；申请受理后，经审查同意，方可占用。

第四十五条 交通主管部门受理临时占用公路的申请后，应当对占用的位置和施工机械进行审查，作出是否同意的决定。

第四十六条 经同意临时占用公路的，应当按照同意的范围和期限占用；需要延长占用期限的，应当重新提出申请。

第四十七条 在公路上停放吊车等施工机械的，应当设置明显的安全警示标志。

第四十八条 工地临时占用公路的，施工单位应当采取措施保障车辆通行。

第四十九条 占用公路门口路段的，应当事先告知沿线单位。

第五十条 占用期满后，应当及时清理现场，恢复公路原状。
"""
LICENSING = """# 中华人民共和国示范行政许可法

<!-- INFO END -->

## 第四章 行政许可的实施程序

第四十二条 行政机关应当自受理申请之日起二十日内作出决定。二十日内不能作出决定的，经本行政机关负责人批准，可以延长十日。
"""


def test_a_value_asked_of_every_licence_is_found_in_the_law_on_all_of_them(tmp_path: Path) -> None:
    """The road regulation gives no time for deciding on an application to occupy a road; read with the opener,
    the follow-up finds the highway law, which gives none either. Asked as typed, it finds the licensing law's
    time limit for every licence."""
    root = tmp_path / "statutes"
    root.mkdir()
    for name, text in (("示范城市道路管理条例.md", ROADS), ("示范公路法.md", HIGHWAYS), ("示范行政许可法.md", LICENSING)):
        (root / name).write_text(text, encoding="utf-8")
    store = KnowledgeStore(Settings(kb_dir=tmp_path / "kb", embedding="light"))
    ingest_paths([root], store, progress=False)
    assistant = Assistant(store, store.settings)
    opener = "工地要临时占用门口的市政道路放吊车，占道申请已经交给市政部门受理了。"
    first = assistant.ask(opener)
    assert first.citations[0].source == "示范城市道路管理条例.md"
    history = [ChatTurn(role="user", content=opener), ChatTurn(role="assistant", content=first.answer)]
    answer = assistant.ask("申请受理以后最多几天要作出决定？还能延长的话，延长多少天？", history)
    assert (answer.citations[0].source, answer.citations[0].article) == ("示范行政许可法.md", "第四十二条")
    assert "二十日内" in answer.answer


ACCEPTANCE = """# 示范建设工程消防条例

<!-- INFO END -->

## 第二章 验收

第十三条 应当申请消防验收的建设工程竣工，建设单位应当申请消防验收。前款规定以外的其他建设工程，建设单位在验收后应当报主管部门备案。

第十四条 主管部门应当对备案的建设工程进行抽查。

## 第六章 法律责任

第五十八条 违反本条例规定，有下列行为之一的，由主管部门按照职权责令停止施工、停止使用或者停产停业，并处三万元以上三十万元以下罚款：

（一）依法应当进行消防设计审查的建设工程，未经依法审查或者审查不合格，擅自施工的；

（二）依法应当进行消防验收的建设工程，未经消防验收或者消防验收不合格，擅自投入使用的；

（三）本条例第十三条规定的其他建设工程验收后经依法抽查不合格，不停止使用的；

（四）公众聚集场所未经消防安全检查或者经检查不符合消防安全要求，擅自投入使用、营业的。

建设单位未依照本条例规定在验收后报主管部门备案的，由主管部门责令改正，处五千元以下罚款。

第五十九条 违反本条例规定，施工单位不按照消防设计文件和消防技术标准施工的，责令改正或者停止施工，并处一万元以上十万元以下罚款。
"""


def test_every_piece_of_the_article_naming_the_duty_is_offered(tmp_path: Path) -> None:
    """第五十八条 names 第十三条 in item (三) only; its last paragraph, split into a passage of its own, fines
    the 备案 that 第十三条 asks for. "没去报 罚多少" after 第十三条 is offered that paragraph too."""
    (tmp_path / "laws").mkdir()
    (tmp_path / "laws" / "示范建设工程消防条例.md").write_text(ACCEPTANCE, encoding="utf-8")
    store = KnowledgeStore(Settings(kb_dir=tmp_path / "kb", embedding="light"))
    ingest_paths([tmp_path / "laws"], store, progress=False)
    bot = Assistant(store, store.settings)
    pieces = [c for c in store.all_chunks() if c.article == "第五十八条"]
    assert len(pieces) > 1 and "第十三条" not in pieces[-1].text  # the paragraph on 备案 is a passage of its own
    history = [ChatTurn(role="user", content="不用消防验收的小仓库竣工后还要办啥手续"),
               ChatTurn(role="assistant", content="第十三条 ……应当报主管部门备案[1]。\n\n来源：\n"
                                                  "[1] 示范建设工程消防条例 › 第二章 验收 › 第十三条")]
    offered = bot._referring(["法律责任"], history)
    assert {r.chunk.id for r in offered} == {c.id for c in pieces}
    assert "五千元以下罚款" in bot.ask("没去报 罚多少", history).answer
