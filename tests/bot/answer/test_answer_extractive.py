"""The extractive answerer's choice among passages, on hand-made retrieval results."""

from __future__ import annotations

from bot.answer.config import CONFIG, Weights
from bot.answer.extractive import _carries, extractive_answer, query_weights
from bot.answer.text import split_units
from bot.answer.refusal import missing_value
from bot.retrieval.query import case_figures, holds_figures, intents_of
from bot.models import RetrievedChunk
from knowledge.keyword import KeywordIndex
from knowledge.records import ChunkRecord

GUIDE = "生产建设项目水土保持方案审批办事指南"


def passage(n: int, section: str, text: str, score: float) -> RetrievedChunk:
    chunk = ChunkRecord(id=f"c{n}", text=text, source="guides/soil.md", title=GUIDE, section=section)
    return RetrievedChunk(chunk=chunk, fused_score=score)


RETRIEVED = [
    passage(0, "常见问题 › 问：水保报告书审批要多久？", "水土保持方案报告书的审批时限为10个工作日，技术评审时间另计。", 0.9),
    passage(1, "常见问题 › 问：报告表是不是当场就能办完？", "水土保持方案报告表实行承诺制管理，受理后即时办结。", 0.6),
    passage(2, "收费标准", "水土保持方案审批不收费。", 0.5),
]
INDEX = KeywordIndex([r.chunk for r in RETRIEVED])


def rule(n: int, text: str, score: float) -> RetrievedChunk:
    """A passage of one document of rules, split into sentences as guides and notices are."""
    chunk = ChunkRecord(id=f"r{n}", text=text, source="rules/notice.md", title="示范管理办法", section="规定")
    return RetrievedChunk(chunk=chunk, fused_score=score)


def notice(n: int, section: str, text: str, score: float,
           title: str = "关于开展2023年度研发投入奖补申报工作的通知") -> RetrievedChunk:
    """A passage of a notice (one document per title), as its sections are split into passages."""
    chunk = ChunkRecord(id=f"n{n}", text=text, source=f"notices/{title}.txt", title=title, section=section)
    return RetrievedChunk(chunk=chunk, fused_score=score)


def compose(question: str, retrieved: list[RetrievedChunk]) -> tuple[str, list]:
    """The extractive answer over `retrieved`, indexed alone."""
    return extractive_answer(question, retrieved, KeywordIndex([r.chunk for r in retrieved]))


def test_a_passage_about_the_contrasting_kind_loses_to_the_one_asked_about() -> None:
    text, citations = extractive_answer("水保报告表审批多久？ 水土保持", RETRIEVED, INDEX)
    assert "即时办结" in text and "10个工作日" not in text
    assert citations[0].section.endswith("报告表是不是当场就能办完？")
    text, _ = extractive_answer("水保报告书审批多久？ 水土保持", RETRIEVED, INDEX)
    assert "10个工作日" in text


def test_particle_joins_and_english_words_are_not_terms() -> None:
    # jieba joins "要" to its neighbour ("要交"); such a join is not a term the corpus could lack
    assert "要交" not in query_weights("水保要交多少钱？", INDEX)
    weights = query_weights("How long does soil and water conservation take? 水土保持", INDEX)
    assert weights and not any(t.isascii() for t in weights)
    # a question in English only keeps its words: none of them is covered, so it is refused
    assert set(query_weights("How do I cook noodles?", INDEX)) >= {"cook", "noodles"}
    # an unknown Chinese term keeps the weight of the rarest known one
    weights = query_weights("食品经营要多久", INDEX)
    assert weights["食品"] == max(weights.values())



def test_a_question_naming_its_unit_gets_the_sentence_in_that_unit() -> None:
    """"几年" is answered by a number of years, not by the days a decision takes, in the same section."""
    timing = [passage(0, "办理时限", "审批部门自受理之日起20日内作出审批决定。水土保持设施验收期限一般为3年。", 0.9)]
    index = KeywordIndex([r.chunk for r in timing])
    assert extractive_answer("水保验收期限是几年？", timing, index)[0].startswith("水土保持设施验收期限一般为3年")
    assert extractive_answer("水保审批要几天？", timing, index)[0].startswith("审批部门自受理之日起20日内")
    # how far ahead is a time before something, not a time limit after it
    ahead = [passage(0, "办理时限", "行政机关应当在收到听证申请之日起20日内组织听证，并通知申请人。", 0.9),
             passage(1, "听证程序", "行政机关应当于举行听证的7日前将时间、地点通知申请人。", 0.8)]
    assert compose("听证会提前几天通知我们？", ahead)[0].startswith("行政机关应当于举行听证的7日前")


def materials_list() -> RetrievedChunk:
    return passage(1, "申请材料", "申请时提交以下材料：\n1. 水土保持方案审批申请表。\n2. 水土保持方案报告书或报告表。\n"
                                "3. 项目立项文件。", 0.7)


def test_materials_asked_for_are_answered_by_their_list() -> None:
    """A sentence naming the item can outscore each single item of its materials list; the question asks
    for the list, so the list is quoted whole, under its lead-in."""
    retrieved = [
        passage(0, "事项名称", "生产建设项目水土保持方案审批需要提交材料，分报告书和报告表两类办理。", 0.9),
        materials_list(),
    ]
    text, citations = compose("水保审批需要提交哪些材料？ 水土保持", retrieved)
    assert "申请表" in text and "报告书或报告表" in text and "立项文件" in text
    assert citations[0].section == "申请材料"
    # asked without a list word or the word 材料 ("要带什么", "得交些啥"), materials are still a list
    for question in ("水保审批要带什么？ 水土保持", "水土保持方案审批得交些啥"):
        text, _ = compose(question, retrieved)
        assert "申请表" in text and "报告书或报告表" in text and "立项文件" in text, question


def test_a_list_named_as_the_object_of_another_question_is_not_quoted_whole() -> None:
    """"资料最晚啥时候要交" asks a time of the materials: the sentence with the deadline, not the list."""
    retrieved = [
        passage(0, "办理流程", "验收通过后，建设单位应在3个月内向城建档案馆移交建设工程档案资料。", 0.9),
        passage(1, "申请材料", "申请时提交以下材料：\n1. 联合验收申请表。\n2. 建设工程档案资料。\n3. 竣工图纸。", 0.8),
    ]
    text, _ = compose("联合验收城建档案资料最晚啥时候要交？", retrieved)
    assert "3个月内" in text and "竣工图纸" not in text
    assert "竣工图纸" in compose("联合验收要准备啥资料？", retrieved)[0]


def test_a_question_asking_two_types_gets_a_unit_for_each() -> None:
    retrieved = [
        passage(0, "常见问题 › 问：报告书审批要多久？", "水土保持方案报告书的审批时限为10个工作日，技术评审时间另计。", 0.9),
        passage(1, "收费标准", "水土保持方案审批本身不收费，技术评审费用由政府承担。", 0.8),
    ]
    text, citations = compose("水保报告书审批多久 收费吗", retrieved)
    assert "10个工作日" in text and "不收费" in text and len(citations) == 2
    assert "不收费" not in compose("水保报告书审批多久", retrieved)[0]


def test_an_faq_about_another_value_is_not_quoted_for_this_one() -> None:
    retrieved = [
        passage(0, "常见问题 › 问：厂区40亩，土方2万方，要做报告书还是报告表？", "两项都未达到报告书标准，编制报告表。", 0.9),
        passage(1, "适用范围与申请条件", "挖填土石方总量5万立方米以上的项目，编制水土保持方案报告书。", 0.6),
    ]
    assert compose("厂区40亩，土方6万方，要做报告书还是报告表？", retrieved)[0].startswith("挖填土石方总量5万")
    assert compose("厂区40亩，土方2万方，要做报告书还是报告表？", retrieved)[0].startswith("两项都未达到")


def test_an_faq_asking_the_same_type_of_a_further_event_is_not_quoted_for_the_item_itself() -> None:
    """"办下来多久必须开工" asks when work must start; "办下来要多久" asks the processing time."""
    retrieved = [
        passage(0, "常见问题 › 问：施工许可证办下来多久必须开工？", "建设单位应当自领取施工许可证之日起3个月内开工。", 0.9),
        passage(1, "办理时限", "施工许可证的法定办理时限为7日，自收到申请之日起计算。", 0.6),
    ]
    assert compose("施工许可证办下来要多久？", retrieved)[0].startswith("施工许可证的法定办理时限为7日")
    assert compose("施工许可证领了多久必须开工？", retrieved)[0].startswith("建设单位应当自领取")


def test_materials_come_from_the_materials_list_not_the_steps_that_mention_forms() -> None:
    """A step can name a form ("填报申请表") and outscore the materials; the list quoted for materials is
    the one in the section that answers them."""
    retrieved = [
        passage(0, "办理流程", "1. 在平台注册账号。\n2. 填报申请表并上传材料，提交水土保持方案审批申请。\n3. 审批部门受理。", 0.9),
        materials_list(),
    ]
    text, citations = compose("水保审批要交哪些材料？ 水土保持", retrieved)
    assert "立项文件" in text and "注册账号" not in text
    assert citations[0].section == "申请材料"


def test_materials_written_as_one_sentence_are_not_displaced_by_a_list_giving_another_type() -> None:
    """A guide may write its materials as one sentence ("需提交：A；B；C"); a list of the works exempt from the
    permit is no list of materials, however well it matches the question."""
    retrieved = [
        passage(0, "适用范围", "下列工程可以不申请办理施工许可证：\n（一）工程投资额30万元以下的工程；\n（二）建筑面积"
                            "300平方米以下的工程。", 1.0),
        passage(1, "申请材料", "申请施工许可证需提交：施工许可证申请表；建设工程规划许可证；施工合同。", 0.5),
    ]
    text, citations = compose("办理施工许可证需要准备哪些材料？", retrieved)
    assert text.startswith("申请施工许可证需提交") and citations[0].section == "申请材料"


def test_what_a_term_means_is_answered_by_the_sentence_defining_it() -> None:
    retrieved = [
        rule(0, "企业是科技创新的主体，研发投入增量奖补是本市支持企业创新的重要政策。", 0.8),
        rule(1, "本办法所称研发投入增量，是指企业本年度研发费用减去上年度研发费用后的正差额。", 0.7),
    ]
    assert compose("通知里说的研发投入增量是什么意思？", retrieved)[0].startswith("本办法所称研发投入增量")
    assert compose("通知里说的研发投入增量是什么？", retrieved)[0].startswith("本办法所称研发投入增量")


def test_a_day_of_every_month_answers_which_day() -> None:
    retrieved = [
        rule(0, "本细则自2024年3月1日起施行，有效期五年。", 0.8),
        rule(1, "高龄津贴按月发放，于每月10日前打入老年人本人的社会保障卡。", 0.7),
    ]
    assert compose("高龄津贴每个月几号前打到卡上？", retrieved)[0].startswith("高龄津贴按月发放")


def test_where_online_is_answered_by_the_system_not_the_window() -> None:
    retrieved = [
        rule(0, "受理窗口设在市政务服务中心二楼综合窗口，工作日受理。", 0.9),
        rule(1, "申报单位登录市工信局网站在线填报，上传申报材料。", 0.6),
    ]
    assert compose("技改补助在哪个网站上申报？", retrieved)[0].startswith("申报单位登录市工信局网站")


def test_steps_are_given_by_their_own_section_before_passages_naming_an_application() -> None:
    retrieved = [
        passage(0, "适用范围", "仅从事种植的，不需要申请水土保持方案审批，向水利部门申请登记即可。", 1.0),
        passage(1, "办理流程", "网上申请 → 受理 → 技术评审 → 审批决定 → 送达。", 0.6),
    ]
    assert compose("水保方案审批是什么流程", retrieved)[0].startswith("网上申请 → 受理")


def test_the_sentence_naming_every_step_answers_before_the_steps_paragraphs() -> None:
    retrieved = [
        passage(0, "办理流程", "（四）审查决定。符合条件的，作出准予许可决定。\n（五）证照送达。许可证实行电子证照，可以在线下载。", 0.9),
        passage(1, "办理流程", "办理流程为：网上申请→窗口受理→现场核查→审查决定→证照送达。\n（一）网上申请。申请人通过政务服务网提交申请。",
                0.8),
    ]
    assert compose("排水许可证的流程是啥？", retrieved)[0].startswith("办理流程为：网上申请→窗口受理")


def test_materials_listed_inline_are_not_displaced_by_a_step_naming_materials() -> None:
    retrieved = [
        rule(0, "研发投入奖补申报需提交：奖补申请表；营业执照副本复印件；企业所得税年度纳税申报表。", 0.8),
        rule(1, "（一）企业网上申报。企业登录公共服务平台在线填报，上传申报材料后提交至科技主管部门。\n"
                "（二）县区审核。县区科技主管部门对申报材料进行审核。", 0.9),
    ]
    assert compose("研发投入奖补申报要交什么材料", retrieved)[0].startswith("研发投入奖补申报需提交")


def test_a_document_of_another_city_is_not_quoted_for_the_city_asked_about() -> None:
    retrieved = [
        notice(0, "适用范围", "机关事业单位不属于本次缓缴政策适用范围。", 0.9, title="海口市关于实施住房公积金阶段性支持政策的通知"),
        notice(1, "适用范围", "受疫情影响的企业可以申请缓缴住房公积金，缓缴期限不超过12个月。", 0.8,
               title="济南住房公积金中心关于实施住房公积金阶段性支持政策的通知"),
    ]
    assert compose("济南的企业能不能申请缓缴住房公积金？", retrieved)[0].startswith("受疫情影响的企业")
    assert compose("海口的企业能不能申请缓缴住房公积金？", retrieved)[0].startswith("机关事业单位")
    assert compose("机关事业单位能不能申请缓缴住房公积金？", retrieved)[0].startswith("机关事业单位")  # no place asked


def test_a_sentence_placing_an_item_in_a_stage_does_not_answer_when_it_is_needed() -> None:
    """"属于……阶段的事项" classifies the item; the rule on which projects need it answers "哪些项目要办"."""
    retrieved = [
        passage(0, "事项名称", "水土保持方案审批由水行政主管部门办理，属于工程建设许可阶段的事项。", 0.9),
        passage(1, "常见问题 › 问：小项目也要做吗？", "征占地面积在5公顷以上的项目，应当编制水土保持方案报告书。", 0.75),
    ]
    index = KeywordIndex([r.chunk for r in retrieved])
    text, _ = extractive_answer("水土保持方案哪些项目必须办？", retrieved, index)
    assert text.startswith("征占地面积在5公顷以上")


def test_a_list_cut_by_the_chunker_is_quoted_from_its_first_item() -> None:
    """Only the second half of a long materials list was retrieved; the answer starts at item 1, under
    its lead-in, from the chunk before it, and the line the two chunks share is quoted once."""
    first = ChunkRecord(id="m0", text="申请时提交以下材料：\n1. 水土保持方案审批申请表。\n2. 水土保持方案报告书。\n3. 项目立项文件。",
                        source="guides/soil.md", title=GUIDE, section="申请材料", chunk_index=4)
    second = ChunkRecord(id="m1", text="3. 项目立项文件。\n4. 用地批准文件。\n5. 营业执照。",
                         source="guides/soil.md", title=GUIDE, section="申请材料", chunk_index=5)
    index = KeywordIndex([first, second])
    text, citations = extractive_answer("水保审批要交哪些材料？", [RetrievedChunk(chunk=second, fused_score=0.9)], index)
    body = text.split("\n\n")[0].splitlines()
    assert body[0] == "申请时提交以下材料：" and body[1].startswith("1. 水土保持方案审批申请表")
    assert body[-1].startswith("5. 营业执照") and len(body) == 6
    assert citations[0].section == "申请材料"
    # a question not asking for a list gets the passage as retrieved
    text, _ = extractive_answer("水保审批要不要营业执照？", [RetrievedChunk(chunk=second, fused_score=0.9)], index)
    assert "申请表" not in text


def statute(n: int, text: str, score: float) -> RetrievedChunk:
    article = text.split(" ", 1)[0]
    chunk = ChunkRecord(id=f"s{n}", text=text, source=f"laws/law{n}.md", title=f"某法{n}", section="第六章 法律责任",
                        article=article)
    return RetrievedChunk(chunk=chunk, fused_score=score)


def test_a_long_further_article_is_shown_by_the_paragraph_or_item_that_answers() -> None:
    """The first article is quoted whole; a long second one by its item on the question, under its lead-in
    and article number, not its other items. An article whose best part is its lead-in stays whole."""
    first = statute(0, "第六十条 单位有下列行为之一的，责令改正，处五千元以上五万元以下罚款：\n（一）消防器材配置不符合标准的；\n"
                       "（二）占用、堵塞、封闭疏散通道的。", 0.9)
    second = statute(1, "第一百零五条 生产经营单位有下列行为之一的，责令限期改正，处五万元以下的罚款：\n"
                        "（一）危险物品仓库与员工宿舍在同一座建筑内，或者与员工宿舍的距离不符合安全要求的；\n"
                        "（二）生产经营场所未设有保持畅通的出口，或者占用、锁闭、封堵疏散通道的；\n"
                        "（三）未对危险物品实行专门储存、专人管理的；\n（四）未按规定公示安全生产风险、未设置明显警示标志的。", 0.85)
    index = KeywordIndex([first.chunk, second.chunk])
    text, citations = extractive_answer("车间疏散通道被堵了罚多少？", [first, second], index)
    body = text.split("\n\n")[0]
    assert body.startswith("第六十条 单位有下列行为之一的") and "消防器材配置不符合标准" in body
    assert "第一百零五条 生产经营单位有下列行为之一的，责令限期改正，处五万元以下的罚款：\n（二）生产经营场所" in body
    assert "员工宿舍" not in body and "专人管理" not in body
    assert [c.article for c in citations] == ["第六十条", "第一百零五条"]
    # the second article's best part is its lead-in ("哪些行为" asks for the list): the list is shown whole
    text, _ = extractive_answer("单位有哪些行为会被罚款？", [first, second], index)
    assert text.startswith("第六十条") and "专人管理" in text and "员工宿舍" in text


def test_a_further_statute_article_is_quoted_only_when_nearly_as_good_as_the_first() -> None:
    """An article well behind the first (retrieved at 0.6 of its score) is not quoted beside it, though a
    further sentence of a guide that far behind would be (weights.keep); one close behind is."""
    first = statute(0, "第三十条 生产经营单位的特种作业人员必须经专门的安全作业培训，取得相应资格，方可上岗作业。", 0.9)
    for score, shown in ((0.6, ["第三十条"]), (0.8, ["第三十条", "第二十八条"])):
        second = statute(1, "第二十八条 生产经营单位应当对从业人员进行安全生产教育和培训，未经培训合格的从业人员，不得上岗作业。",
                         score)
        index = KeywordIndex([first.chunk, second.chunk])
        _, citations = extractive_answer("焊工必须持证上岗吗？", [first, second], index)
        assert [c.article for c in citations] == shown
        _, citations = extractive_answer("焊工必须持证上岗吗？", [first, second], index, Weights(article_keep=0.7))
        assert [c.article for c in citations] == ["第三十条", "第二十八条"]


def test_a_follow_up_is_compared_by_the_words_typed_too_not_only_by_its_condensed_topic() -> None:
    """"那报告咋整" after a question on 洪评 is condensed to "洪评报告咋整…"; by that form alone the sentence
    defining 洪评 is the closest, by the typed words the one on who writes the report (light model). ("谁来写"
    would name its answer type, who does the work, and need no typed words.)"""
    from bot.answer.sentences import SentenceScorer
    from knowledge.embeddings import get_embeddings

    guide = "洪水影响评价类审批办事指南"

    def flood(n: int, section: str, text: str) -> RetrievedChunk:
        return RetrievedChunk(chunk=ChunkRecord(id=f"f{n}", text=text, source="guides/flood.md", title=guide,
                                                section=section), fused_score=0.8)

    retrieved = [flood(0, "事项名称", "洪水影响评价类审批（通常简称洪评）。洪评由示范区水行政主管部门办理。"),
                 flood(1, "常见问题 › 问：报告怎么做？", "洪评报告可以委托有能力的技术单位编制，建设单位具备条件的也可以自行编制。"),
                 flood(2, "办理时限", "洪评的法定办理时限为20个工作日。")]
    index, scorer = KeywordIndex([r.chunk for r in retrieved]), SentenceScorer(get_embeddings("light"))
    condensed = "洪评报告咋整 俺们能弄不"
    alone, _ = extractive_answer(condensed, retrieved, index, scorer=scorer)
    assert alone.startswith("洪水影响评价类审批")
    typed, _ = extractive_answer(condensed, retrieved, index, scorer=scorer, asked="那报告咋整 俺们能弄不")
    assert typed.startswith("洪评报告可以委托有能力的技术单位编制")


def test_a_question_asked_alone_is_answered_from_the_document_most_of_its_passages_come_from() -> None:
    """Three of the four passages found for a question on 行政复议 come from the review law; a sentence of
    another statute covering more of its words ("企业", "处罚决定") is not the answer: the agreement of the
    passages outweighs it (weights.document). Mid-conversation the conversation's documents decide instead."""
    def article(n: int, source: str, text: str, score: float) -> RetrievedChunk:
        chunk = ChunkRecord(id=f"s{n}", text=text, source=source, title=source.removesuffix(".md"), section="")
        return RetrievedChunk(chunk=chunk, fused_score=score)

    retrieved = [article(0, "复议法.md", "申请人可以自知道该行政行为之日起六十日内提出行政复议申请。", 0.9),
                 article(1, "复议法.md", "行政复议机关收到行政复议申请后，应当在五日内进行审查。", 0.7),
                 article(2, "环保法.md", "企业受到罚款处罚决定，拒不改正的，可以按日连续处罚。", 0.65),
                 article(3, "复议法.md", "行政复议期间行政行为不停止执行。", 0.6)]
    index, question = KeywordIndex([r.chunk for r in retrieved]), "企业不服处罚决定，能申请行政复议吗？"
    assert extractive_answer(question, retrieved, index)[1][0].source == "复议法.md"
    assert extractive_answer(question, retrieved, index, Weights(document=0.0))[1][0].source == "环保法.md"
    assert extractive_answer(question, retrieved, index, alone=False)[1][0].source == "环保法.md"


def test_a_question_asking_how_much_a_fine_is_wants_the_article_giving_its_figure() -> None:
    """"罚款按啥算" is not answered by an article that fines without saying how much ("可以处以罚款") when
    another gives the figure: only the one with it carries the answer type asked for."""
    def article(n: int, source: str, text: str, score: float) -> RetrievedChunk:
        chunk = ChunkRecord(id=f"p{n}", text=text, source=source, title=source.removesuffix(".md"),
                            section="第七章 法律责任")
        return RetrievedChunk(chunk=chunk, fused_score=score)

    retrieved = [article(0, "建筑法.md", "第六十四条 违反本法规定，未取得施工许可证擅自施工的，责令改正，可以处以罚款。", 0.9),
                 article(1, "质量条例.md", "第五十七条 未取得施工许可证擅自施工的，责令停止施工，限期改正，"
                                         "处工程合同价款百分之一以上百分之二以下的罚款。", 0.8)]
    index = KeywordIndex([r.chunk for r in retrieved])
    for question in ("没领施工许可证就施工了，罚款按啥算", "没领施工许可证就施工了，真要罚的话大概是个什么数？",
                     "没领施工许可证就施工了，罚的话大概什么范围？"):
        _, citations = extractive_answer(question, retrieved, index)
        assert citations[0].source == "质量条例.md", question
    _, citations = extractive_answer("没领施工许可证就施工了，会怎么处理", retrieved, index)
    assert citations[0].source == "建筑法.md"


def test_the_pieces_of_one_long_article_are_one_citation_with_their_lead_in_once() -> None:
    """Ingest cuts a long article into pieces that each repeat the line introducing its list; quoted
    together, they are one source, in the article's order, that line once."""
    lead = "第五十八条 违反本法规定，有下列行为之一的，责令停止施工、停止使用，并处三万元以上三十万元以下罚款："
    pieces = [f"{lead}\n（一）依法应当进行消防验收的建设工程，未经消防验收擅自投入使用的；",
              f"{lead}\n（四）公众聚集场所未经消防救援机构许可，擅自投入使用、营业的。"]
    retrieved = [RetrievedChunk(chunk=ChunkRecord(id=f"p{i}", text=text, source="laws/fire.md", title="消防法",
                                                  section="第六章 法律责任", article="第五十八条", chunk_index=i),
                                fused_score=score)
                 for i, text, score in ((1, pieces[1], 0.9), (0, pieces[0], 0.88))]
    text, citations = compose("未经消防验收擅自投入使用或者未经许可擅自营业，罚多少？", retrieved)
    body, sources = text.split("\n\n")
    assert body.count(lead) == 1 and body.index("（一）") < body.index("（四）")
    assert [c.article for c in citations] == ["第五十八条"] and sources.count("第五十八条") == 1


def test_a_line_introducing_a_list_is_not_shown_without_an_item_of_it() -> None:
    """"……应当同时具备以下条件：" answers best, but two sentences of another passage fill the answer before
    its items: the lead-in alone would say nothing, so its best item is shown under it."""
    lead = "申领施工许可证应当同时具备以下条件："
    retrieved = [
        passage(0, "申请条件", f"{lead}\n1. 已经办理用地批准手续。\n2. 有资金安排。", 0.9),
        passage(1, "申请条件", "施工许可证是开工的凭证，未领取施工许可证的不得开工。施工许可证申领后可以开工。"
                             "申领施工许可证须向住建部门提出。", 0.75),
    ]
    body = compose("施工许可证申领需要满足什么条件？", retrieved)[0].split("来源：")[0]
    assert body.startswith(f"{lead}\n1. 已经办理用地批准手续[1]。")


def test_a_further_sentence_giving_the_same_figure_in_much_the_same_words_is_left_out() -> None:
    """A guide states its time limit in its 办理时限 section and again in an FAQ: shown once, the slot goes to
    a sentence that adds something. The same figure put otherwise (a step's own wording) stays."""
    retrieved = [
        passage(0, "办理时限", "水土保持方案报告书的法定审批时限为10个工作日，自受理之日起计算。", 0.9),
        passage(1, "常见问题 › 问：报告书审批多久？", "水土保持方案报告书法定审批时限为10个工作日，审批不收费。", 0.85),
        passage(2, "办理时限", "技术评审时间不计入审批时限，一般为15个工作日。", 0.8),
    ]
    text, _ = compose("水保报告书审批要多久？", retrieved)
    assert text.count("10个工作日") == 1 and "15个工作日" in text
    steps = [
        retrieved[0],
        passage(1, "办理流程", "4. 决定：审批部门自受理之日起10个工作日内作出决定；不予批准的，书面说明理由。", 0.85),
    ]
    assert "书面说明理由" in compose("水保报告书审批要多久？", steps)[0]


def test_an_faqs_bare_verdict_is_not_shown_to_a_question_asking_something_else() -> None:
    """"不归。" answers the FAQ's own yes/no question; asked which office, the answer opens with the office.
    Asked the FAQ's kind of question, or a type the verdict gives ("不收费。" for a fee), it stays."""
    faq = [passage(0, "常见问题 › 问：水保方案归林业部门审吗？",
                   "不归。\n水土保持方案由县级以上水行政主管部门审批，技术评审由其委托的机构承担。", 0.9)]
    text, _ = compose("水保方案找哪个部门审批？", faq)
    assert text.startswith("水土保持方案由县级以上水行政主管部门审批") and "不归" not in text
    assert compose("水保方案归林业部门审吗？", faq)[0].startswith("不归")
    # asked yes or no beside another type ("要我们自己找机构吗" asks who, and whether), the verdict answers it
    assert compose("水保方案是不是林业部门审批？", faq)[0].startswith("不归")
    fee = [passage(0, "常见问题 › 问：水保方案审批收费吗？", "不收费。\n技术评审费用由审批部门承担。", 0.9)]
    assert compose("水保方案审批要交钱吗？", fee)[0].startswith("不收费")


def test_a_time_given_in_one_clause_answers_though_another_clause_speaks_of_extension() -> None:
    """"延期" in the next clause does not make "三十日内动工" a validity period: types are read clause by clause."""
    retrieved = [rule(0, "申请临时占道，应当提交占道平面图和施工方案，市政管理部门自受理之日起五个工作日内核发占道许可。", 0.9),
                 rule(1, "取得占道许可后应当在三十日内动工，确需推迟的，可申请延期一次。", 0.7)]
    text, _ = compose("占道许可拿到后多久内要动工？", retrieved)
    assert text.startswith("取得占道许可后应当在三十日内动工")
    # a validity period stated in its own clause still does not answer "多久"
    retrieved[1] = rule(1, "占道许可二年内有效，期满需要继续占道的，应当申请延续。", 0.7)
    text, _ = compose("占道许可拿到后多久内要动工？", retrieved)
    assert not text.startswith("占道许可二年内有效")


def test_when_with_any_verb_asks_a_date_and_a_clock_time_is_a_moment() -> None:
    """"什么时候拨付" asks a date ("10月底前"), "几点开门" a clock time; "什么时候能办好" still asks a time limit."""
    retrieved = [rule(0, "补贴资金的申请、审核和拨付按照企业申报、部门审核、社会公示的程序办理。", 0.9),
                 rule(1, "经公示无异议的，补贴资金于当年10月底前拨付到企业账户。", 0.6)]
    text, _ = compose("补贴资金什么时候拨付？", retrieved)
    assert text.startswith("经公示无异议的，补贴资金于当年10月底前拨付到企业账户")
    retrieved = [rule(0, "办理业务时请携带营业执照原件，委托他人办理的还应提交授权委托书。", 0.9),
                 rule(1, "工作日上午9:00至12:00、下午13:30至17:00可以办理业务。", 0.6)]
    text, _ = compose("几点可以办理业务？", retrieved)
    assert text.startswith("工作日上午9:00至12:00")


def test_naming_a_benefit_asks_whether_one_gets_it_not_how_much() -> None:
    """"能领补助吗" asks a rule (who is excluded), not the amount; "补助多少" still asks the amount."""
    retrieved = [rule(0, "补助标准为每招用1人补助1500元，每户企业最高不超过15万元。", 0.7),
                 rule(1, "招用人员为企业股东本人的，不予发放补助。", 0.6)]
    text, _ = compose("招用股东能领补助吗？", retrieved)
    assert text.startswith("招用人员为企业股东本人的，不予发放补助")
    text, _ = compose("招用一个人补助多少？", retrieved)
    assert text.startswith("补助标准为每招用1人补助1500元")


def test_a_type_no_passage_gives_does_not_keep_out_the_units_that_answer() -> None:
    """"什么时候去领" asks a date; answered by an event ("签订出让合同后"), the question is read as untyped."""
    retrieved = [rule(0, "领取规划许可证前，划拨用地的建设单位向规划主管部门提出申请，由规划主管部门核发规划许可证。", 0.9),
                 rule(1, "出让用地的建设单位签订出让合同后，向规划主管部门领取规划许可证。", 0.7)]
    text, _ = compose("规划许可证什么时候去领？", retrieved)
    assert "签订出让合同后" in text


def test_a_phone_number_asked_for_is_answered_by_the_line_giving_one() -> None:
    """"咨询电话是多少" (or "打哪个热线", "怎么联系") wants the number, not the subsidy the question names."""
    notice = [rule(0, "申请人对补贴金额有异议的，可以向区住房和城乡建设局申请复核，补贴标准为每台电梯15万元。\n"
                      "咨询电话：0771-5512368。", 0.9)]
    for question in ("加装电梯补贴的咨询电话是多少？", "加装电梯补贴有问题打哪个热线", "加装电梯补贴怎么联系他们"):
        assert "0771-5512368" in compose(question, notice)[0], question


def test_a_consequence_that_is_no_fine_answers_what_happens() -> None:
    """"不去领会怎样" is answered by the right lost ("视为放弃"), "到期不搬走会怎样" by the rent charged: consequences
    that name no fine give the type asked, as a fine does; a rule on something else does not."""
    for question, sentence in (("举报奖励一直不去领，会怎样？", "逾期未领取的，视为放弃奖励。"),
                               ("人才公寓到期不搬走会怎样？", "期满不搬离的，按市场租金的2倍计收租金，并记入个人信用记录。"),
                               ("补贴申请材料造假有什么后果", "以虚假材料骗取补贴的，追回已发放资金。"),
                               ("逾期不报年报会怎样", "逾期未报送的，标记为经营异常状态。")):
        assert _carries(intents_of(question), sentence), sentence
    assert not _carries(intents_of("人才公寓到期不搬走会怎样？"), "租赁期限一般为3年，期满可申请续租。")


def test_a_notices_cover_and_a_question_are_never_quoted() -> None:
    """The cover of an 印发 notice names the document, so it matches any question on it, and answers none; an FAQ's
    question line asks and tells nothing: its answer is quoted."""
    notice = [rule(0, "市人社局、市财政局制定了《技能等级认定补贴实施细则》，现印发给你们，请认真贯彻执行。\n"
                      "现将技能等级认定补贴申请次数的有关事项通知如下。\n"
                      "问：技能等级认定补贴可以申请几次？\n答：同一职业同一等级只能申请一次技能等级认定补贴。", 0.9)]
    text, _ = compose("技能等级认定补贴实施细则规定补贴可以申请几次？", notice)
    assert text.startswith("同一职业同一等级只能申请一次") and "印发" not in text and "问：" not in text


def test_a_place_and_a_sentence_naming_the_steps_give_the_types_asked() -> None:
    """"在哪儿办" / "去哪个窗口" is answered by the place, labelled or by its address; "流程是怎样的" by the sentence
    naming the steps in order, which introduces them ("……的流程办理，具体如下："). Neither by a rule on something else."""
    for question, sentence in (("市级窗口申领补贴在哪儿办？", "市级窗口：市政务服务中心二楼人社综合窗口（城关区北滨河东路696号）"),
                               ("办竣工联合验收去哪个窗口？", "受理窗口：区政务服务中心三楼工程建设项目审批综合窗口"),
                               ("交易资金监管的流程是怎样的？", "存量房交易资金监管按照签订监管协议、存入监管资金、办理转移登记的流程办理，具体如下："),
                               ("清洁取暖改造按什么步骤实施？", "改造工作按照摸底申请、审核公示、安装验收、资金拨付四个步骤组织实施。"),
                               ("保障金申报流程是怎样的？", "办理时先进行安排情况审核，再向税务部门申报缴纳，具体分两步："),
                               ("保障金申报流程是怎样的？", "具体分两步：1. 安排情况审核。")):
        assert _carries(intents_of(question), sentence), sentence
    assert not _carries(intents_of("办竣工联合验收去哪个窗口？"), "联合验收通过后，统一出具联合验收意见书。")
    assert not _carries(intents_of("交易资金监管的流程是怎样的？"), "纳入监管的交易资金包括定金、首付款和购房贷款。")


def test_cases_left_out_are_answered_by_the_rule_that_excludes() -> None:
    """"哪些情况不给补贴" wants the sentence excluding cases ("不予补贴"), not another rule of the same scope."""
    excluded = "（三）不予补贴的情形。有下列情形之一的，不予补贴：已列入征收拆迁计划的；同一单元已享受过补贴的。"
    other = "本办法适用于2000年底前建成的既有住宅加装电梯项目。"
    for question in ("加装电梯哪些情况不给补贴？", "什么情况下不能领加装电梯补贴", "哪种情况不予补贴"):
        intents = intents_of(question)
        assert _carries(intents, excluded) and not any(i.other_unit(question, excluded) for i in intents), question
        assert any(i.other_unit(question, other) for i in intents), question
    assert not any(i.other_unit("哪些情况可以领补贴", other) for i in intents_of("哪些情况可以领补贴"))


def test_a_year_named_as_a_period_of_the_subject_gives_no_date() -> None:
    """"2024年度用电补贴" names the subsidy's year; "啥时候申报" is answered by the sentence with the dates."""
    question = "2024年度用电补贴什么时候在网上申报？"
    assert not _carries(intents_of(question), "关于开展2024年度规模以上工业企业用电补贴申报工作的通知")
    assert _carries(intents_of(question), "企业于2025年2月10日至3月10日登录系统在网上申报。")
    assert _carries(intents_of(question), "本办法自2024年起施行。")
    # a day asked ("几号", "啥时候") is not given by a year alone
    year_only = "2022年计划完成诊断企业不少于200家。"
    for asked in ("数字化转型补贴啥时候申报？", "几号截止申报？"):
        assert any(i.other_unit(asked, year_only) for i in intents_of(asked)), asked
    assert not any(i.other_unit("哪年开始实施？", year_only) for i in intents_of("哪年开始实施？"))
    # ...but by the part of a year something is due by or happens in
    for due in ("确保2024年底前实现行政村全覆盖。", "力争上半年完成改造。", "三季度末前完成验收。"):
        assert not any(i.other_unit("什么时候实现全覆盖？", due) for i in intents_of("什么时候实现全覆盖？")), due


def test_a_value_no_first_passage_gives_is_read_from_the_further_passages() -> None:
    """Six passages on the scheme say nothing of when to apply; the seventh gives the window, and is quoted
    rather than background that only names the scheme."""
    background = [notice(n, f"{n}、背景", f"2023年度研发投入奖补工作继续组织实施，第{n}批企业申报奖补需符合有关要求。", 1.0 - n / 100)
                  for n in range(6)]
    window = notice(6, "六、申报程序", "企业网上申报。申报时间为2023年8月1日至8月25日，逾期不予受理。", 0.9)
    text, _ = compose("2023年度研发投入奖补什么时候申报？", [*background, window])
    assert "8月1日至8月25日" in text
    # a type that is no value (the materials) is not sought further down: the first passages keep the answer
    text, _ = compose("2023年度研发投入奖补申报要符合哪些要求？", [*background, window])
    assert "8月1日" not in text


def test_cannot_answers_whether_one_can() -> None:
    """"能不能申报" is answered by a rule saying who cannot (不能), as by one saying who can (可以)."""
    rules = [rule(0, "获得补助资金的企业应当专款专用，并于资金到位后1年内报送资金使用情况。", 0.9),
             rule(1, "个体工商户、分支机构不具有独立法人资格，不能作为申报主体。", 0.8)]
    text, _ = compose("个体工商户能不能申报补助？", rules)
    assert text.startswith("个体工商户、分支机构不具有独立法人资格")


def test_a_value_is_missing_only_if_no_passage_the_answer_may_quote_states_it() -> None:
    """The refusal "没有给出具体金额" is for passages the composer reads (CONFIG.max_passages), not the first three:
    the ceiling of a subsidy in the fourth passage answers "最多补多少钱"."""
    others = [notice(n, "一、支持对象", f"第{n}类外贸企业投保短期出口信用保险的，可以申报保费补助。", 1.0) for n in range(3)]
    ceiling = notice(3, "二、补助标准", "按实际缴纳保费的50%给予补助，单个企业补助金额最高不超过50万元。", 0.9)
    assert missing_value("保费补助单个企业最多补多少钱", [*others, ceiling]) is None
    filler = [notice(n, "三、其他", "企业对申报材料的真实性负责。", 0.8) for n in range(4, CONFIG.max_passages + 1)]
    rule_, _ = missing_value("保费补助单个企业最多补多少钱", [*others, *filler, ceiling])
    assert rule_.refusal.startswith("知识库收录的文件没有给出具体金额")


def test_a_notices_own_date_answers_when_it_was_issued_not_when_to_apply() -> None:
    """The date alone on its line under the issuers (成文日期) tells when the notice was issued: it answers "哪天印发的"
    but is no answer to "啥时候申报", which is then read from the passage giving the window."""
    cover = [notice(n, f"{n}、要求", f"第{n}项：申报补助的企业应当如实填报，补助资金专款专用。", 1.0 - n / 100) for n in range(5)]
    signed = notice(5, "", "市工业和信息化局\n2024年2月20日", 0.95)
    window = notice(6, "五、申报程序", "符合条件的企业于2024年3月1日至4月15日登录平台填报申报信息。", 0.9)
    text, _ = compose("补助啥时候申报？", [*cover, signed, window])
    assert "3月1日至4月15日" in text and "2月20日" not in text
    text, _ = compose("补助的通知是哪天印发的？", [*cover, signed, window])
    assert "2024年2月20日" in text


def test_a_calendar_date_gives_no_duration_but_a_due_date_gives_a_deadline() -> None:
    """"多少天内给结果" is not answered by the date a rule takes effect ("自2023年7月1日起施行"): a date's year, month
    and day are no number of years, months and days. A date something is due by answers "by when"."""
    question = "企业投资项目核准，发改委多少天内要给结果？"
    assert {i.name for i in intents_of(question)} == {"time"}  # 多少 of days is no money, though 发 precedes it
    assert not _carries(intents_of(question), "本办法自2023年7月1日起施行。2017年10月印发的暂行办法同时废止。")
    assert _carries(intents_of(question), "核准机关应当自受理申请之日起20个工作日内作出是否予以核准的决定。")
    for sentence in ("各区于2024年8月16日前报送市商务局。", "请于6月底前完成申报。"):
        assert _carries(intents_of("资金申请最晚什么时候要交？"), sentence), sentence


def test_money_as_a_share_or_multiple_of_a_base_answers_how_much() -> None:
    """A benefit is often stated against a base ("低保标准的24倍", "增量部分的10%"): that is its amount."""
    for question, sentence in (("临时救助最多能给到多少？", "可提高救助额度，最高不超过低保标准的24倍。"),
                               ("研发投入奖补能补多少？", "对研发费用增加的，按照增量部分的10%给予奖补。"),
                               ("设备补贴标准是多少", "设备购置补助比例为30%。")):
        assert _carries(intents_of(question), sentence), sentence
    assert not _carries(intents_of("研发投入奖补能补多少？"), "全市研发投入同比增长15%。")


def test_a_class_left_out_or_taken_in_answers_whether_a_case_may_apply() -> None:
    """"机关事业单位能不能申请缓缴" is answered by the rule on that class of applicant, whether it leaves the class out
    ("不在缓缴范围之内", "不属于资助对象") or takes it in with others ("包括个体工商户，均可申请")."""
    for question, sentence in (("机关事业单位能不能申请缓缴住房公积金？", "机关事业单位不在缓缴范围之内。"),
                               ("个人发明人能不能申请专利资助？", "个人申请的专利不属于本次资助对象。"),
                               ("个体工商户能不能缓缴", "受疫情影响的各类企业，包括个体工商户，均可申请缓缴。")):
        assert _carries(intents_of(question), sentence), sentence


def test_the_most_one_can_get_is_answered_by_the_ceiling_on_the_money() -> None:
    """"最多能拿多少钱" wants the cap on the money ("最高不超过80万元"), not another sum or a cap on a count."""
    award = rule(0, "对认定为示范的数字化改造项目，另给予一次性补助30万元，示范项目不超过10个。", 0.9)
    ceiling = rule(1, "数字化改造项目补助金额单个企业最高不超过80万元。", 0.8)
    assert compose("数字化改造项目补助最多能拿多少钱？", [award, ceiling])[0].startswith("数字化改造项目补助金额单个企业")
    assert compose("数字化改造示范项目补助多少钱？", [award, ceiling])[0].startswith("对认定为示范的数字化改造项目")


def test_a_rule_whose_bound_rules_out_the_figure_asked_about_answers_another_case() -> None:
    """A question stating its case's figures ("年综合能耗600吨标煤", "同比涨了15%") is answered by the rule or tier
    whose bounds hold them, not by the one for larger or smaller cases; with no rule holding them, the one ruling
    them out is the answer ("只有40%，还能拿吗"). A cap on money bounds the benefit, not the case."""
    above = "年综合能源消费量1000吨标准煤以上（含1000吨）、不满1万吨标准煤的项目，由市发展改革委负责节能审查。"
    below = "年综合能源消费量不满1000吨标准煤的项目，不再单独进行节能审查。"
    text, _ = compose("年综合能耗600吨标煤的项目要做节能审查吗？", [rule(0, above, 0.9), rule(1, below, 0.8)])
    assert text.startswith("年综合能源消费量不满1000吨")
    tiers = [rule(0, "第一档：用电量同比增幅5%（含）至10%，每千瓦时补贴0.03元。", 0.9),
             rule(1, "第二档：用电量同比增幅10%（含）至20%，每千瓦时补贴0.04元。", 0.8)]
    assert compose("用电量同比涨了15%，每度电补多少？", tiers)[0].startswith("第二档")
    assert compose("用电量同比涨了8%，每度电补多少？", tiers)[0].startswith("第一档")
    rules = [rule(0, "运营补助按每个托位每年1000元给予。", 0.9), rule(1, "申请运营补助的机构，月均收托率应不低于50%。", 0.8)]
    assert "不低于50%" in compose("托育机构月均收托率只有40%，还能拿运营补助吗？", rules)[0]
    assert holds_figures("我们投资了300万元，最多补多少", "单户企业补助最高不超过50万元。") is None
    assert holds_figures("我们投资了300万元，能补多少", "设备投资额500万元以上的项目，按10%给予补助。") is False
    assert holds_figures("2024年用电量涨了多少能补", "2024年3月1日至4月15日申报。") is None  # a calendar year is no figure


def test_a_sum_said_without_yuan_is_money_and_the_rule_bounding_it_answers_whether_the_case_qualifies() -> None:
    """"去年营收400万，能申请吗" states money without 元 ("400万", "2亿"): the rule bounding it ("上年度营业收入500万元
    以上") answers whether the case qualifies, though the question names no answer type."""
    assert case_figures("去年营收400万，能申请吗？") == (("元", 4_000_000.0),)
    assert case_figures("计划投资2亿的项目能报吗") == (("元", 200_000_000.0),)
    assert case_figures("营收400万的企业可以申请吗") == (("元", 4_000_000.0),)
    condition = "1. 上年度营业收入500万元以上、4亿元以下；"
    assert holds_figures("去年营收400万，能申请吗？", condition) is False
    assert holds_figures("去年营收800万，能申请吗？", condition) is True
    rules = [rule(0, "平台上云的，按实际支付费用的40%给予补贴，单家企业最高15万元。", 0.9),
             rule(1, "申报企业须在本区注册纳税，" + condition, 0.8)]
    for question in ("我们公司去年营收400万，能申请上云补贴吗？", "去年营收800万，上云补贴能申请吗"):
        assert "500万元以上" in compose(question, rules)[0], question
    # a figure the question quotes from a rule asks about that rule, not whether a case of that size qualifies
    terms = [rule(0, "行政机关应当自受理之日起二十日内作出决定，统一办理的不得超过四十五日。", 0.9),
             rule(1, "本法规定的期限以工作日计算，不含法定节假日。", 0.85)]
    assert "以工作日计算" in compose("这个二十日是按工作日算的吗？", terms)[0]


def test_a_table_row_is_an_item_of_the_table_its_caption_introduces_and_gives_sums_in_the_caption_unit() -> None:
    """A row read with its labels ("县（区）：东山县；…；合计：537.5") is an item of the table the line above introduces;
    that line's declared unit ("单位：万元") makes its figures sums, so "东山县合计多少万元" is answered by the row, each
    row on its own line and one marker after the rows."""
    table = ("全年共下达补助资金合计3215万元，其中中央资金2057.6万元。\n各县（区）资金分配情况如下表（资金单位：万元）：\n"
             "县（区）：西河县；任务户数：268；补助资金：428.8；合计：670\n县（区）：东山县；任务户数：215；补助资金：344；合计：537.5\n"
             "县（区）：南岭县；任务户数：102；补助资金：163.2；合计：255")
    units = split_units(table)
    assert [u.is_item for u in units] == [False, False, True, True, True]
    question = "东山县的危房改造补助资金合计多少万元？"
    assert _carries(intents_of(question), units[1].text + units[3].text) and not _carries(intents_of(question), units[3].text)
    text, _ = compose(question, [notice(0, "一、资金分配", table, 0.9)])
    assert any(line.startswith("县（区）：东山县；任务户数：215；补助资金：344；合计：537.5") for line in text.splitlines())



def test_a_classifier_is_read_with_the_word_it_counts() -> None:
    """"6个月" is in months: "两个税收优惠" states no figure a bound in months rules on, "签了8个月" does."""
    assert holds_figures("两个税收优惠能一起享受吗？", "缴纳社会保险费满6个月的，给予一次性补贴。") is None
    assert holds_figures("劳动合同签了8个月，能领吗？", "缴纳社会保险费满6个月的，给予一次性补贴。") is True


def test_a_rate_bounds_no_sum_of_the_case() -> None:
    """"投资强度不低于200万元/亩" bounds an investment per 亩, not a project's 4500万 in all."""
    assert holds_figures("固定资产投资4500万，投资强度够不够？", "国家级开发区工业项目投资强度不低于200万元/亩。") is None
    assert holds_figures("租了800平方米，能补吗", "租金补贴按8元/平方米·月计，租赁面积500平方米以上的给予补贴。") is True


def test_a_table_row_of_a_place_the_question_does_not_name_answers_for_that_place() -> None:
    title = "南宁市关于组织开展2024年度中小企业服务券申报工作的通知"
    retrieved = [
        notice(0, "附件 各县（市、区）联系人名单", "县（市、区）：武鸣区；联系科室：区工信局企业股；联系电话：0771-6221043\n"
                                                 "县（市、区）：横州市；联系科室：市工信局中小企业股；联系电话：0771-7221876", 0.9, title),
        notice(1, "八、联系方式", "市工信局中小企业服务科：李女士，联系电话：0771-5512368。", 0.8, title)]
    text, _ = compose("南宁市工信局管服务券申报的科室电话多少？", retrieved)
    assert text.startswith("市工信局中小企业服务科")
    text, _ = compose("武鸣区工信局管服务券申报的电话多少？", retrieved)  # the row of the place asked about
    assert "0771-6221043" in text.split("\n")[0]


def test_a_list_answers_a_list_type_only_when_most_of_its_items_give_that_type() -> None:
    retrieved = [notice(0, "二、办理方式", "费用减免由殡仪馆直接办理，家属无需另行申请。家属办理时应当提供死亡证明、逝者户口簿、"
                                          "经办人身份证。", 0.9),
                 notice(1, "一、减免对象", "（一）具有本市户籍的居民；\n（二）持本市居住证满1年的人员；\n"
                                          "（三）无主遗体，由公安机关出具证明后办理。", 0.8)]
    text, _ = compose("办殡葬费减免，家属要带哪些证件？", retrieved)
    assert "应当提供死亡证明" in text and "户籍的居民" not in text


def test_which_places_in_the_plural_are_named_in_a_series() -> None:
    retrieved = [notice(0, "六、办理地点", "市政务服务中心综合窗口（文昌西路432号）及各试点银行设立的便民服务点。", 0.9),
                 notice(1, "一、试点范围", "试点范围为广陵区、邗江区范围内的存量住房。", 0.8),
                 notice(2, "三、工作安排", "2024年6月起，在区妇幼保健院、区人民医院两家医疗机构设立联办窗口。", 0.7)]
    assert "广陵区、邗江区" in compose("试点是在哪些区搞的？", retrieved[:2])[0].split("\n")[0]
    assert "区妇幼保健院" in compose("联办窗口设在哪些地方？", [retrieved[0], retrieved[2]])[0].split("\n")[0]


def test_asked_of_one_year_the_other_version_of_a_document_is_not_quoted() -> None:
    new_title, old_title = "关于印发《某市学前教育资助办法（2024年修订）》的通知", "关于印发《某市学前教育资助办法》的通知"
    retrieved = [notice(0, "第十四条", "第十四条 学前教育资助资格按学期申请，每学期评审认定一次。", 0.9, new_title),
                 notice(1, "第十四条", "第十四条 按学年申请，每学年认定一次。", 0.5, old_title),
                 notice(2, "第四十条", "第四十条 本办法自2022年9月1日起施行。", 0.4, old_title)]
    assert "每学年认定" in compose("2022年那版学前教育资助资格多久评审认定一次？", retrieved)[0].split("\n")[0]
    assert "每学期评审" in compose("2024年修订的学前教育资助资格多久评审认定一次？", retrieved)[0].split("\n")[0]
    other = notice(3, "一、", "2022年起实施的减免政策继续执行。", 0.6, "关于做好2024年学生资助工作的通知")
    assert "每学期评审" in compose("2022年起的学前教育资助资格多久评审认定一次？", [retrieved[0], other])[0]  # no twin


def test_what_a_term_covers_is_given_by_its_definition() -> None:
    retrieved = [notice(0, "新闻", "自9月1日起，中心城区共享单车全面推行入栏结算。", 0.9, "中心城区共享单车推行入栏结算"),
                 notice(1, "第四十一条", "第四十一条 本办法所称中心城区，是指甲区、乙区的城市建成区范围。", 0.8, "某市互联网租赁自行车管理办法")]
    question = "管理办法里说的中心城区具体指哪些地方？"
    assert "definition" in {i.name for i in intents_of(question)}
    assert "所称中心城区" in compose(question, retrieved)[0]
