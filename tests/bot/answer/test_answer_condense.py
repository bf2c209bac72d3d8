"""Follow-up questions become standalone ones, from the conversation alone (no LLM)."""

from __future__ import annotations

from bot.answer.condense import condense, names_own_topic, reread, short_only, topics_in, unknown_word
from bot.models import ChatTurn


def turns(*pairs: tuple[str, str]) -> list[ChatTurn]:
    return [ChatTurn(role=role, content=text) for role, text in pairs]


ENERGY = turns(("user", "节能审查是什么情况下要做？"),
               ("assistant", "年综合能源消费量1000吨标准煤及以上……[1]\n\n来源：\n[1] 固定资产投资项目节能审查办事指南 › 适用范围与申请条件"))


def test_short_follow_up_inherits_the_topic() -> None:
    assert condense("那要多久？", ENERGY) == "节能审查要多久？"
    assert condense("需要交什么材料？", ENERGY) == "节能审查需要交什么材料？"


def test_pronoun_is_replaced_by_the_topic() -> None:
    assert condense("它收费吗", ENERGY) == "节能审查收费吗"


def test_what_about_swaps_the_most_similar_topic() -> None:
    history = turns(("user", "水保报告书审批多久？"), ("assistant", "……"))
    assert condense("报告表呢？", history) == "水保报告表审批多久？"
    assert condense("环评呢？", ENERGY) == "环评是什么情况下要做？"


def test_standalone_questions_are_left_alone() -> None:
    assert condense("我们要建厂，需要办哪些手续？", ENERGY) == "我们要建厂，需要办哪些手续？"
    assert condense("施工许可证要多久", ENERGY) == "施工许可证要多久"
    assert condense("那要多久？", []) == "那要多久？"


def test_topic_comes_from_the_answer_when_the_question_had_none() -> None:
    history = turns(("user", "我们的厂房能耗比较高，超过多少就得单独审查？"),
                    ("assistant", "……[1]\n\n来源：\n[1] 固定资产投资项目节能审查（含能评）办事指南 › 适用范围与申请条件"))
    assert condense("那要多久？", history) == "固定资产投资项目节能审查要多久？"  # its name, without kind or aside


def test_the_cited_document_comes_with_the_specific_words_of_the_case() -> None:
    history = turns(("user", "厂门口想直接开个路口接到国道上，需要审批吗"),
                    ("assistant", "……[1]\n\n来源：\n[1] 中华人民共和国公路法 › 第五章 › 第五十五条"))
    # corpus idf: 国道 and 路口 name things in few passages, 审批 is everywhere, 公路 is in the title anyway
    idf = {"国道": 4.0, "路口": 3.5, "审批": 1.1, "公路": 2.5}.get
    assert condense("没批就开了会怎样", history, idf=lambda w: idf(w, 0.0)) == "中华人民共和国公路法 路口国道没批就开了会怎样"
    assert condense("没批就开了会怎样", history) == "中华人民共和国公路法没批就开了会怎样"
    # a term of the question already in the context is not added again as a case word
    history = turns(("user", "规划核实要准备哪些材料？"),
                    ("assistant", "……[1]\n\n来源：\n[1] 建设工程规划条件核实办事指南 › 申请材料"))
    assert (condense("里面那份测量成果报告找谁做？", history, idf=lambda w: 3.0)
            == "规划核实和建设工程规划条件核实里面那份测量成果报告找谁做？")


def test_an_item_answered_by_a_statute_not_named_for_it_brings_the_statute_and_the_case() -> None:
    said = "我们是做危化品仓储的，按规定得自己建应急救援组织吗？"
    idf = {"仓储": 3.5, "应急救援": 3.2, "应急": 2.5, "救援": 2.8, "组织": 1.2, "规定": 0.5}.get
    statute = turns(("user", said), ("assistant", "……[1]\n\n来源：\n[1] 中华人民共和国安全生产法 › 第五章 › 第八十二条"))
    assert (condense("我们库区很小，也得单独建一支？", statute, idf=lambda w: idf(w, 0.0))
            == "危化 中华人民共和国安全生产法 仓储应急救援我们库区很小，也得单独建一支？")
    # a guide for the item, or a statute named for it, is about the item: the item alone carries the topic
    guide = turns(("user", said), ("assistant", "……[1]\n\n来源：\n[1] 危化品仓储安全管理办事指南 › 适用范围"))
    assert condense("我们库区很小，也得单独建一支？", guide, idf=lambda w: idf(w, 0.0)) == "危化我们库区很小，也得单独建一支？"
    named = turns(("user", said), ("assistant", "……[1]\n\n来源：\n[1] 危险化学品安全管理条例 › 第六章 › 第七十条"))
    assert condense("我们库区很小，也得单独建一支？", named, idf=lambda w: idf(w, 0.0)).startswith("危化我们库区")
    # ...as is one named for what the item abbreviates (人防: 人民防空)
    shelter = turns(("user", "住宅小区的人防地下室必须配建吗？"),
                    ("assistant", "……[1]\n\n来源：\n[1] 中华人民共和国人民防空法 › 第八章 › 第四十八条"))
    assert condense("报给谁审？", shelter, idf=lambda w: 3.0) == "人防报给谁审？"


def test_a_vague_short_question_carries_its_own_words() -> None:
    history = turns(("user", "丁类厂房竣工后消防怎么办？"),
                    ("assistant", "……[1]\n\n来源：\n[1] 特殊建设工程消防设计审查办事指南 › 常见问题"))
    assert condense("多久内要办？", history) == "丁类厂房竣工后消防多久内要办？"


def test_the_item_wins_over_the_kinds_of_document_it_has() -> None:
    history = turns(("user", "水保方案分报告书和报告表吧？"), ("assistant", "……"))
    assert condense("报告表的门槛是多少？", history) == "水保报告表的门槛是多少？"


def test_what_about_swaps_a_contrasting_kind_or_stage() -> None:
    assert condense("那划拨的呢？", turns(("user", "出让的地要办选址意见书吗？"), ("assistant", "……"))) \
        == "划拨的地要办选址意见书吗？"
    assert condense("那投产前呢？", turns(("user", "厂房盖好以后要办什么？"), ("assistant", "……"))) == "投产前要办什么？"
    # nothing in the earlier question stands against it: it qualifies the question, no dangling "的呢"
    assert condense("那核准类的呢？", ENERGY) == "核准类节能审查是什么情况下要做？"


def test_what_about_swaps_siblings_the_corpus_lists_without_doubling_words() -> None:
    # siblings from the catalogue's variants (报告书/报告表) and the base fields' values (出让/租赁)
    assert condense("那环评报告表呢？", turns(("user", "环评报告书要多久？"), ("assistant", "……"))) == "环评报告表要多久？"
    assert condense("那租赁的呢？", turns(("user", "出让的地要办选址意见书吗？"), ("assistant", "……"))) \
        == "租赁的地要办选址意见书吗？"
    assert condense("那地表水呢？", turns(("user", "自备井取水许可要多久？"), ("assistant", "……"))) == "地表水取水许可要多久？"


def test_a_supposition_without_a_question_of_its_own_carries_the_question_on() -> None:
    history = turns(("user", "施工证领了以后多久得开工？"), ("assistant", "……"))
    assert condense("要是到时候开不了工呢？", history) == "施工证领了以后多久得开工，要是到时候开不了工呢？"
    permit = turns(("user", "施工许可证是在什么情况下可以不办？"), ("assistant", "……"))
    assert condense("那要办的话要多久能拿到？", permit) == "施工许可证要办的话要多久能拿到？"



def test_what_about_an_event_supposes_it_and_what_about_a_kind_qualifies() -> None:
    """"那X呢" whose X states an event (a negation, a completed 了) supposes it for the case before, like
    "要是X呢"; a kind qualifies the previous question; 不动产 is one word, not a negation."""
    permit = turns(("user", "施工许可证多久能办下来"), ("assistant", "……"))
    assert condense("那超期了呢", permit) == "施工许可证多久能办下来，超期了呢"
    assert condense("那逾期不交呢", permit) == "施工许可证多久能办下来，逾期不交呢"
    filing = turns(("user", "企业投资项目备案要多久"), ("assistant", "……"))
    assert condense("那外资企业呢", filing) == "外资企业企业投资项目备案要多久"
    assert condense("那不锈钢厂呢", filing) == "不锈钢厂企业投资项目备案要多久"  # 不锈钢 is one word, no 不


def test_what_about_a_kind_with_the_same_head_swaps_it_even_when_the_corpus_lists_neither() -> None:
    foreign = turns(("user", "外资企业办备案要多久"), ("assistant", "……"))
    assert condense("那内资企业呢", foreign) == "内资企业办备案要多久"
    ours = turns(("user", "我们企业办备案要多久"), ("assistant", "……"))
    assert condense("那小微企业呢", ours) == "小微企业我们企业办备案要多久"  # 企业 alone is the head, not a kind
    filing = turns(("user", "竣工验收备案需要哪些材料？"), ("assistant", "……"))
    assert condense("要是过期了没备案呢？", filing) == "竣工验收备案要是过期了没备案呢？"


def test_words_standing_for_what_the_answer_said_are_replaced_by_its_topic() -> None:
    road = turns(("user", "厂区电缆得从县道底下穿过去 需要办什么"),
                 ("assistant", "需要申请涉路施工许可[1]。\n\n来源：\n[1] 涉路施工许可办事指南 › 常见问题"))
    assert condense("里头说的技术评价报告 我们自己能出吗", road) == "涉路施工许可技术评价报告 我们自己能出吗"
    assert condense("上面列的材料 要原件吗", road) == "涉路施工许可材料 要原件吗"


def test_a_bare_haiyou_does_not_tie_a_question_naming_a_thing_the_kb_never_mentions() -> None:
    vocabulary = {"洪评", "审批", "时间", "规模", "建设"}
    flood = turns(("user", "洪评审批要多长时间"), ("assistant", "……"))
    question = "还有 我老家房子楼上漏水 物业不管 咋办"
    assert condense(question, flood, vocabulary.__contains__) == question
    assert condense("还有 要是后面建设规模改了 又得咋弄", flood, vocabulary.__contains__) == "洪评 要是后面建设规模改了 又得咋弄"
    assert condense("还有什么材料？", ENERGY, vocabulary.__contains__) == "节能审查什么材料？"


def test_another_value_of_the_same_unit_asks_the_question_again_at_that_value() -> None:
    soil = turns(("user", "厂区40亩 土方两万方左右 水保要做报告书还是报告表"), ("assistant", "……"))
    assert condense("要是土方最后算下来有6万方呢", soil) == "厂区40亩 土方6万方左右 水保要做报告书还是报告表"
    energy = turns(("user", "年用电300万度要做节能审查吗"), ("assistant", "……"))
    assert condense("那500万度呢", energy) == "年用电500万度要做节能审查吗"


def test_topics_prefer_the_longest_term() -> None:
    assert topics_in("节能审查和施工许可证哪个先办") == ["节能审查", "施工许可证"]
    assert topics_in("要多少个工作日") == []


def test_a_chain_of_follow_ups_keeps_the_first_topic() -> None:
    history = turns(("user", "水保报告书审批多久？"), ("assistant", "……"), ("user", "报告表呢？"), ("assistant", "……"))
    assert condense("收费吗？", history) == "水保报告表收费吗？"


def test_a_licence_named_in_the_question_makes_it_stand_alone() -> None:
    history = turns(("user", "水保报告书审批多久？"), ("assistant", "……"))
    assert condense("食品经营许可证怎么办？", history) == "食品经营许可证怎么办？"


def test_a_long_conversation_is_resolved_from_its_recent_turns() -> None:
    chat = turns(("user", "水保报告书审批多久？"), ("assistant", "……"))
    chat += turns(*[("user", "报告表呢？") if i % 2 == 0 else ("assistant", "……") for i in range(4000)])
    assert condense("收费吗？", chat) == "报告表收费吗？"  # no recursion to the first turn, and fast


def test_a_statement_that_only_introduces_a_topic_gives_its_topic() -> None:
    said = turns(("user", "想了解一下建设用地规划许可证"), ("assistant", "……"))
    assert condense("去哪里办理？", said) == "建设用地规划许可证去哪里办理？"
    said = turns(("user", "我们项目可能要办取水许可"), ("assistant", "……"))
    assert condense("要交什么资料？", said) == "取水许可要交什么资料？"


def test_a_case_pronoun_stands_for_the_previous_turn() -> None:
    history = turns(("user", "排污许可证能借给别的公司用吗"),
                    ("assistant", "……[1]\n\n来源：\n[1] 排污许可管理条例 › 第五章 法律责任 › 第四十一条"))
    assert condense("这种情况会罚多少？", history) == "排污许可会罚多少？"


def test_a_longer_follow_up_taking_up_a_word_of_the_previous_turn_inherits() -> None:
    """"谁出钱" asks a question too (spoken question words), so its topic comes from the cited document."""
    history = turns(("user", "危险作业人员的意外伤害保险谁出钱"),
                    ("assistant", "……[1]\n\n来源：\n[1] 建设工程安全生产管理条例 › 第三十八条"))
    assert condense("保险期限从啥时候算到啥时候？", history) == "建设工程安全生产管理条例保险期限从啥时候算到啥时候？"


def test_an_unanswered_case_is_carried_on_in_the_users_own_words() -> None:
    """Nothing named, nothing cited (the first turn was refused): the case as the user put it."""
    history = turns(("user", "厂门口想直接开个路口接到国道上，需要审批吗"),
                    ("assistant", "抱歉，知识库中没有找到能回答的内容。"))
    condensed = condense("没批就开了会怎样", history)
    assert condensed.startswith("厂门口想直接开个路口接到国道上") and condensed.endswith("没批就开了会怎样")


def test_a_question_naming_a_thing_the_knowledge_base_never_mentions_stands_alone() -> None:
    """Mid-conversation, "商标注册要多久？" is a new (out-of-scope) question, not the permit's follow-up;
    colloquial verbs and everyday nouns the documents do not use ("逮到", "时候") do not count, and "那……"
    or "……呢" still ties a question to the conversation."""
    vocabulary = {"施工", "许可", "许可证", "罚款", "多久", "保险", "期限"}
    history = turns(("user", "施工许可证要多久？"), ("assistant", "……[1]\n\n来源：\n[1] 建筑工程施工许可办事指南 › 办理时限"))
    assert condense("商标注册要多久？", history, vocabulary.__contains__) == "商标注册要多久？"
    assert condense("明天太原天气怎么样？", history, vocabulary.__contains__) == "明天太原天气怎么样？"
    assert condense("被逮到怎么罚？", history, vocabulary.__contains__).startswith("施工许可证")
    assert condense("那商标呢？", history, vocabulary.__contains__) != "那商标呢？"


def test_a_correction_asks_the_previous_question_again_with_the_corrected_detail() -> None:
    """A sibling kind or a value of the same unit takes the old one's place; anything else goes in front."""
    fire = turns(("user", "我们是甲类厂房，竣工后消防验收几天出意见？"), ("assistant", "……"))
    assert condense("搞错了，设计院最后定的是丁类", fire) == "我们是丁类厂房，竣工后消防验收几天出意见？"
    soil = turns(("user", "我们项目占地50亩，挖填土方3万方，水保方案做哪种？"), ("assistant", "……"))
    assert condense("土方量算错了，实际有6万方", soil) == "我们项目占地50亩，挖填土方6万方，水保方案做哪种？"
    road = turns(("user", "我们在省道边上建厂，厂房要退多远？"), ("assistant", "……"))
    assert condense("地块换了，现在旁边是高速", road) == "地块换了，现在旁边是高速，我们在省道边上建厂，厂房要退多远？"


def test_words_pointing_back_tie_a_question_to_the_conversation() -> None:
    """An ordinal of the answer's list, a demonstrative with a measure word, the assistant's own words."""
    safety = turns(("user", "危化品项目安全方面要过哪几道审查？"), ("assistant", "……"))
    assert condense("第二道具体在哪个时间点申请？", safety).startswith("危化")
    planning = turns(("user", "用地规划证和工程规划证能不能一起办？"), ("assistant", "……"))
    assert condense("你说的同步核发，得是哪种供地方式才行？", planning).endswith("同步核发，得是哪种供地方式才行？")
    assert condense("你说的同步核发，得是哪种供地方式才行？", planning).startswith("用地规划证")
    # a place said before ("建在那儿", "那一片"), and "又怎么说" of another case; not an office's side ("环保局那边")
    flood = turns(("user", "新厂想建在河边的滩地上，选址有什么讲究？"), ("assistant", "……"))
    for question in ("我们老仓库早就建在那儿十几年了 搬不走", "听说那一片盖房子连屋顶样式都有讲究？", "老仓库搬不走 又怎么说"):
        condensed = condense(question, flood)
        assert condensed != question and condensed.endswith(question)
    assert condense("复议期间环保局那边能不能自己再去补取证据", flood) == "复议期间环保局那边能不能自己再去补取证据"


def test_ye_asks_whether_what_was_said_of_the_case_holds_for_another() -> None:
    """"也" ties a question to the conversation even when, asked alone, it would find a topic of its own."""
    history = turns(("user", "按规定要核准的项目，没拿到核准文件就先开工了，企业会被怎么罚？"),
                    ("assistant", "……[1]\n\n来源：\n[1] 企业投资项目核准和备案管理条例 › 第十八条"))

    def alone(question: str, previous: str, answer: str, bare: bool) -> bool:  # the chain's new-topic check: yes
        return True

    assert condense("项目负责人自己要不要掏罚款", history, new_topic=alone) == "项目负责人自己要不要掏罚款"
    assert (condense("项目负责人自己要不要也掏罚款", history, new_topic=alone)
            == "企业投资项目核准和备案管理条例项目负责人自己要不要也掏罚款")
    assert condense("也许负责人要掏罚款吧？", history, new_topic=alone) == "也许负责人要掏罚款吧？"  # 也许: perhaps


def test_a_spoken_yes_no_question_is_a_question_not_a_scene() -> None:
    """"人防费要交不" asks (V不); its topic, not the whole turn, carries over."""
    history = turns(("user", "我们厂全是车间 人防费要交不"), ("assistant", "……"))
    assert condense("那宿舍楼这个咋算", history) == "那宿舍楼人防咋算"


def test_an_opening_that_changes_the_subject_makes_the_question_stand_alone() -> None:
    assert condense("对了，员工个税怎么申报", ENERGY) == "对了，员工个税怎么申报"
    assert condense("顺便问下，要交钱吗", ENERGY) == "顺便问下，要交钱吗"
    # announcing another matter, in any of its wordings; "还有" alone still continues ("还有什么材料？")
    for opening in ("还有个事", "还有件事儿", "再问一件事", "问个其他问题", "问个别的", "换个话题"):
        assert condense(f"{opening} 员工个税怎么申报", ENERGY) == f"{opening} 员工个税怎么申报"
    assert condense("还有什么材料？", ENERGY) == "节能审查什么材料？"
    # or saying it is unrelated to what was discussed; a question about what is unrelated still asks about the case
    for opening in ("跟这个没关系哈，", "和项目无关，", "与上面说的不相干 ", "聊点别的，"):
        assert condense(f"{opening}员工个税怎么申报", ENERGY) == f"{opening}员工个税怎么申报"
    assert condense("跟它无关的手续有哪些", ENERGY) != "跟它无关的手续有哪些"
    # an opening followed by a word pointing back only adds a question on what was discussed
    assert condense("另外这个审查要交钱吗", ENERGY) == condense("这个审查要交钱吗", ENERGY) == "节能审查要交钱吗"
    assert condense("对了，它要多久", ENERGY) == "节能审查要多久"
    # a bare polite opening announces nothing: the pronoun still points back
    assert condense("问个问题，它要多久？", ENERGY) != "问个问题，它要多久？"


def test_a_pronoun_points_back_even_beside_an_item_of_the_questions_own() -> None:
    permit = turns(("user", "施工许可证申请要交哪些材料？"), ("assistant", "……"))
    assert condense("我们是特殊建设工程，在它之前还得先过哪一关？", permit) == "我们是特殊建设工程，在施工许可证之前还得先过哪一关？"
    assert condense("这个节能审查要多久？", permit) == "这个节能审查要多久？"  # the determiner of the item it names



def test_every_a_not_a_and_how_adjective_question_is_a_question() -> None:
    """"排污许可收不收费", "要退多远": questions, so the next turn takes their topic, not the whole turn."""
    for asked in ("排污许可收不收费", "厂房离省道要退多远", "工规证要多长时间能办下来"):
        assert condense("那报告表呢", turns(("user", asked), ("assistant", "……"))) != f"报告表{asked}"
        assert condense("我们是改扩建项目", turns(("user", asked), ("assistant", "……"))) == f"我们是改扩建项目，{asked}"


def test_a_short_question_the_chain_finds_a_topic_of_its_own_stands_alone() -> None:
    asked: list[tuple[str, str, str]] = []

    def new_topic(question: str, previous: str, answer: str, bare: bool) -> bool:
        asked.append((question, previous, answer))
        return question.startswith("规划核实")

    assert condense("规划核实收费吗", ENERGY, new_topic=new_topic) == "规划核实收费吗"
    assert asked == [("规划核实收费吗", "节能审查是什么情况下要做？", ENERGY[1].content)]
    assert condense("收费吗", ENERGY, new_topic=new_topic) == "节能审查收费吗"
    asked.clear()  # a question tied to the conversation by its words is not asked about
    assert condense("那规划核实收费吗", ENERGY, new_topic=new_topic) == "节能审查规划核实收费吗"
    assert asked == []


def test_a_topic_of_its_own_is_a_specific_word_of_the_corpus_the_conversation_never_used() -> None:
    idf = {"防水工程": 6.7, "防水": 6.7, "屋面": 6.7, "保修": 5.0, "时间": 2.7, "目标": 5.1, "试鸣": 7.2, "公告": 4.2,
           "审批": 1.1}.get

    def corpus_idf(word: str) -> float:
        return idf(word) or 0.0

    passage = "屋面防水工程的保修期限为5年；审批时间目标为15个工作日，审批前公示；试鸣前应当公告"
    assert not names_own_topic("审批前要公示吗", "……", passage, corpus_idf)  # 审批 is in every other passage
    assert names_own_topic("屋面防水工程最低保修几年", "城市道路挖掘要交什么文件？……", passage, corpus_idf)
    assert not names_own_topic("审批时间目标是多少？", "国办发2019年11号文是讲什么的？……", passage, corpus_idf)  # everyday words
    assert not names_own_topic("试鸣提前多久公告", "防空警报器……试鸣……发布公告", passage, corpus_idf)  # the conversation's own
    assert not names_own_topic("屋面防水工程最低保修几年", "……", "城市道路的挖掘", corpus_idf)  # not what the passage speaks of
    # a verb form names no thing, however rare: a guide's "批下来以后多久不建会失效" is no topic of "批下来要多久？"
    assert not names_own_topic("批下来要多久？", "国道开道口要办涉路施工许可吗？……", "批下来以后多久不建会失效",
                               lambda word: 6.0)


def test_a_reread_asks_the_previous_question_as_understood_and_this_one_together() -> None:
    history = turns(("user", "用暗管偷排被查了，负责人会被拘留几天？"), ("assistant", "抱歉，知识库中没有找到能回答的内容。"))
    assert reread("情节较轻的呢", history) == ("用暗管偷排被查了，负责人会被拘留几天？",
                                             "用暗管偷排被查了，负责人会被拘留几天，情节较轻的呢")
    chained = ENERGY + turns(("user", "那要多久？"), ("assistant", "……"))
    assert reread("那审查意见几年有效", chained) == ("节能审查要多久？", "节能审查要多久，审查意见几年有效")
    # an opening that may leave the topic is read without it: whether the reading is kept is the chain's test
    assert reread("对了 真租了罚款按什么标准算", ENERGY) == ("节能审查是什么情况下要做？",
                                                       "节能审查是什么情况下要做，真租了罚款按什么标准算")
    # A thing the knowledge base never mentions is read too: whether the passages found are about it is the chain's test
    assert reread("商标注册要多久？", ENERGY, {"注册", "多久"}.__contains__) == ("节能审查是什么情况下要做？",
                                                                      "节能审查是什么情况下要做，商标注册要多久？")
    assert reread("情节较轻的呢", []) is None


def test_a_long_question_that_names_nothing_of_its_own_is_a_follow_up() -> None:
    """However long, a question in everyday words only is about the conversation; a thing the knowledge base
    never mentions ("商标", "iPhone") makes it stand alone, and so can the chain's new-topic check."""
    history = turns(("user", "锅炉房的烟囱要不要装在线监测设备？"), ("assistant", "……"))
    corpus = {"锅炉", "锅炉房", "烟囱", "在线", "监测", "设备", "在线监测", "监测设备", "一直", "时候"}

    def idf(word: str) -> float:
        return 3.0 if word in corpus else 0.0

    def never(question: str, previous: str, answer: str, bare: bool) -> bool:
        return False

    asked = "一直拖着没弄 到时候被查出来罚多少"
    assert condense(asked, history, corpus.__contains__, never, idf) == "锅炉房的烟囱装在线监测设备" + asked
    for own in ("商标", "iPhone"):
        alone = asked.replace("被查出来", own)
        assert condense(alone, history, corpus.__contains__, never, idf) == alone
    # told that the question names nothing, the chain may still find it a topic of its own
    assert condense(asked, history, corpus.__contains__, lambda q, p, a, bare: bare, idf) == asked
    # the words of how it is submitted (online, a window, on paper) only ask for that: they name no topic
    fields = turns(("user", "28项基础信息要怎么填"), ("assistant", "……"))
    corpus |= {"网上", "大厅", "纸质", "基础", "信息", "基础信息"}
    assert condense("在哪填啊 网上还是得去大厅递纸质的", fields, corpus.__contains__, never, idf).startswith("基础信息")
    # a government office as people call it acts in the case; it is no topic of its own, even unknown to the corpus
    # (the statutes say 生态环境主管部门): "环保局" and its piece "环保" leave the question naming nothing
    office = "要报哪些部门 光报给环保局够不够"
    assert condense(office, history, corpus.__contains__, never, idf).startswith("锅炉房的烟囱")
    assert condense(office.replace("环保局", "保险公司"), history, corpus.__contains__, never,
                    lambda w: 3.0 if w in corpus or w == "保险" else 0.0).startswith("要报")


def test_a_short_question_with_a_word_the_kb_never_uses_may_be_one_of_its_own() -> None:
    """`unknown_word` finds a specific word the knowledge base lacks whatever jieba tags it (驾照 is tagged a
    verb, 注销 is one); `short_only` tells a question read as a follow-up for its length alone."""
    known = {"节能审查", "审查", "收费", "公司", "流程", "现在"}.__contains__
    assert unknown_word("驾照扣分了怎么消分？", known) == "驾照"
    assert unknown_word("公司注销要走哪些流程？", known) == "注销"
    assert unknown_word("要多久？", known) is None and unknown_word("现在收费吗", known) is None
    previous = "节能审查要多久？"
    assert short_only("比特币现在多少钱？", previous) and short_only("要交费吗？", previous)
    assert not short_only("那比特币呢？", previous)  # tied by its cue
    assert not short_only("节能审查收费吗", previous)  # takes up a word of the previous question
    assert not short_only("企业投资工业项目要办哪些审批手续", previous)  # long: not a follow-up for its length


def test_words_that_name_no_thing_by_their_form_are_never_unknown_topics() -> None:
    """Pronouns, numerals, adverbs, verbs with a complement, negated verbs and question words are rare in
    general language yet name nothing: a spoken follow-up made of them is not one of its own."""
    known = {"罚", "多少", "多久", "时候", "钱"}.__contains__
    for question in ("停了得多久内报上去", "最迟多久得报上去", "不挂出去 罚不罚", "俺们不会写咋办", "多圈了两亩咋算",
                     "查到了罚多少", "没去报 罚多少", "啥时候派人来测"):
        assert unknown_word(question, known) is None, question
    # a word naming a thing or an act still counts, in whatever company
    assert unknown_word("退税多久能到账", known) == "退税" and unknown_word("域名过期咋续费", known) == "域名"
    assert unknown_word("车险一般多久能赔下来", known) == "车险"
    # a word spelled by known pieces is known; overlapping pieces spell nothing
    assert unknown_word("保险期限从啥时候算", {"保险", "期限"}.__contains__) is None
    assert unknown_word("电动车上牌去哪办", {"电动", "动车"}.__contains__) == "电动车"


def test_a_word_the_previous_question_used_is_not_a_new_topic() -> None:
    """The user's own word for the case discussed (甲方, which the statutes call 建设单位) ties the follow-up to
    the conversation; a word of that kind the conversation never used still makes it a question of its own."""
    history = turns(("user", "甲方嫌进度慢，非要施工队把合同里的工期压短一个月，这合规吗？"),
                    ("assistant", "第七条 建设单位不得压缩合同约定的工期[1]。\n\n来源：\n"
                                  "[1] 建设工程安全生产管理条例 › 第二章 建设单位的安全责任 › 第七条"))
    known = {"进度", "施工", "合同", "工期", "压缩", "建设单位", "罚款"}.__contains__
    assert condense("甲方硬压了 挨啥罚", history, known) == "建设工程安全生产管理条例甲方硬压了 挨啥罚"
    assert condense("物业硬压了 挨啥罚", history, known) == "物业硬压了 挨啥罚"


FILING = turns(("user", "竣工验收备案要多久？"), ("assistant", "……"))


def test_the_context_and_the_follow_up_share_a_word_once() -> None:
    assert condense("那个备案表要打几份啊", FILING) == "竣工验收备案表要打几份啊"
    assert condense("那些材料要原件吗", FILING) == "竣工验收备案材料要原件吗"
    assert condense("备案表几份", FILING) == "竣工验收备案表几份"
    # a word the user wrote twice is theirs ("一个一个": one by one), with or without a pronoun
    assert condense("材料要一个一个交吗", FILING) == "竣工验收备案材料要一个一个交吗"
    assert condense("它要一个一个报吗", FILING) == "竣工验收备案要一个一个报吗"


def test_questions_asking_another_statute_and_the_statutes_they_name() -> None:
    """"有没有别的法写得更细" asks another document, unnamed; "有没有别的法子" (another way) and "还要交其他文件吗"
    (more materials) ask the same one more. A statute is named whole or abbreviated, by kind (法, 条例, 实施条例),
    and may be named as not giving what is asked ("环保法里只写了处以罚款")."""
    from bot.answer.condense import asks_elsewhere, implementing, mentions

    def named(question: str) -> list[tuple[set[str], bool]]:
        return [(set(m.titles), m.lacking) for m in mentions(question, titles)]

    assert asks_elsewhere("建筑法里没写罚多少啊 有没有哪个条例写了具体比例") and asks_elsewhere("其他法规里怎么说")
    assert not any(map(asks_elsewhere, ["有没有别的法子", "还要交其他文件吗", "其他法人能申请吗", "依据哪个条例"]))
    titles = ["中华人民共和国环境保护法", "中华人民共和国环境影响评价法", "中华人民共和国水法", "中华人民共和国城乡规划法",
              "中华人民共和国水土保持法", "中华人民共和国水土保持法实施条例", "取水许可和水资源费征收管理条例"]
    assert named("环保法里只写了处以罚款") == [({"中华人民共和国环境保护法"}, True)]
    assert named("那环评法本身是怎么罚的") == [({"中华人民共和国环境影响评价法"}, False)]
    assert named("规划法里没写") == [({"中华人民共和国城乡规划法"}, True)]
    assert named("水法就一句") == [({"中华人民共和国水法"}, True)]  # a whole name, not 水土保持法 too
    assert named("取水条例里有吗") == [({"取水许可和水资源费征收管理条例"}, False)]
    assert named("有没有别的法子 违法了依法怎么处理") == []
    law = {"中华人民共和国水土保持法"}
    rules = implementing("有没有配套的实施条例", law, titles)
    assert rules is not None and rules.titles == {"中华人民共和国水土保持法实施条例"} and not rules.lacking
    assert implementing("还有别的规定吗", law, titles) is None
    assert implementing("实施条例里有没有", {"中华人民共和国水法"}, titles) is None  # 水法 has none


def test_a_scene_set_whole_stays_a_clause_of_its_own_before_the_follow_up() -> None:
    """A statement telling the case is put in front of the follow-up as its own clause, so the question reads as
    asked of that case (and its words count as told, not asked), not run together with it ("搭工棚反正…")."""
    scene = turns(("user", "我们要在河边建个取水口。"), ("assistant", "……"))
    assert condense("要办什么手续", scene) == "我们要在河边建个取水口，要办什么手续"
    introduced = turns(("user", "想了解一下建设用地规划许可证"), ("assistant", "……"))
    assert condense("去哪里办理？", introduced) == "建设用地规划许可证去哪里办理？"  # a topic introduced, not a scene


def test_a_bare_head_standing_alone_names_the_compound_the_conversation_used() -> None:
    """Chinese refers back to a compound by its head: read alone, "备案要填啥表" after an answer on 消防验收备案
    asks about 消防验收备案, not about the project 备案 of another guide; a head two terms share, or one
    inside a longer word of the question, is left as typed."""
    history = turns(("user", "我们丙类厂房快完工了，消防这块要怎么弄"),
                    ("assistant", "丙类厂房申请施工许可时提供消防设计图纸即可，竣工后办理消防验收备案[1]。\n\n来源：\n"
                                  "[1] 特殊建设工程消防设计审查（其他工程备案）办事指南 › 适用范围与申请条件"))

    def alone(question: str, previous: str, answer: str, bare: bool) -> bool:
        return True

    assert condense("备案要填啥表 还得附哪些东西", history, new_topic=alone) == "消防验收备案要填啥表 还得附哪些东西"
    assert condense("项目备案要填啥表", history, new_topic=alone) == "项目备案要填啥表"
    both = [history[0], ChatTurn(role="assistant", content="竣工验收备案和消防验收备案都要办[1]。")]
    assert condense("备案要填啥表 还得附哪些东西", both, new_topic=alone) == "备案要填啥表 还得附哪些东西"


def test_an_ordinal_counts_the_items_of_the_previous_answer() -> None:
    """"你说的最后那个" is the last item the answer listed; an item of its own (another catalogue item) is asked
    alone, a part of the topic (a step of its procedure) after the topic. Without a list the ordinal stays."""
    prerequisite = turns(("user", "施工许可证办下来之前要先办哪些"),
                         ("assistant", "申请施工许可证前，应当已经取得建设工程规划许可证和建设用地规划许可证[1]。\n\n来源：\n"
                                       "[1] 建筑工程施工许可证核发办事指南 › 适用范围与申请条件"))
    assert condense("你说的最后那个，一般多久能办完？", prerequisite) == "建设用地规划许可证一般多久能办完？"
    assert condense("头一个要交钱吗", prerequisite) == "建设工程规划许可证要交钱吗"
    steps = turns(("user", "节能审查怎么办"),
                  ("assistant", "1. 编制节能报告：由建设单位委托编制。\n2. 提交申请：向节能审查机关提交。\n3. 专家评审：组织专家评审节能报告[1]。"
                                "\n\n来源：\n[1] 固定资产投资项目节能审查办事指南 › 办理流程"))
    assert condense("流程里的第三步要多久？", steps) == "节能审查专家评审要多久？"
    assert condense("第五步要多久？", steps) == "节能审查第五步要多久？"  # no fifth item: left as asked
    assert condense("第二个要多久？", ENERGY) == "节能审查第二个要多久？"  # nothing counted in the answer


def test_an_english_pronoun_ties_the_question_to_the_conversation() -> None:
    assert condense("How long is it valid once issued?", ENERGY) == "节能审查How long is it valid once issued?"
    assert condense("What is the EIA?", ENERGY) == "What is the EIA?"  # points at nothing said before


def test_a_question_opening_on_what_the_answer_listed_is_a_follow_up() -> None:
    """"里面…", "其中…" open on the list the answer gave: asked of the topic, not alone."""
    assert condense("里面要跟谁签协议，或者让谁出承诺？", ENERGY) == "节能审查里面要跟谁签协议，或者让谁出承诺？"
    assert condense("其中哪些得交原件，哪些复印件就行？", ENERGY).startswith("节能审查")
    assert condense("里面的设备怎么申报节能审查？", []) == "里面的设备怎么申报节能审查？"  # nothing said before
    assert condense("里头有一大箱旧台账，能一起烧掉吗？", ENERGY).startswith("里头有")  # a place and what is in it
